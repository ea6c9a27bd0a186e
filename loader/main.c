/* SPDX-License-Identifier: Apache-2.0 */
/* syscage: run a command under a seccomp profile, and the profile toolbox.
 * Only the dispatch lives here: each subcommand's options and work are in
 * its own file (commands.h), the shared options in cli.c.
 *
 *   syscage [GLOBAL OPTION]... SUBCOMMAND [OPTION]... [OPERAND]...
 *   syscage [OPTION]... [--] COMMAND [ARG]...
 *
 * A word is a subcommand only where the options end without "--"; after
 * "--" it is a COMMAND whatever its name. Before a subcommand only the
 * global (shared) options it takes may come; a run option there (-p,
 * --complain...) is an error, never a reason to run a program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "identity.h"
#include "util.h"

static const struct sc_cmd *const subs[] = {
	&sc_check_cmd,	  &sc_explain_cmd, &sc_export_cmd, &sc_diff_cmd,
	&sc_syscalls_cmd, &sc_which_cmd,   &sc_record_cmd, &sc_cache_cmd,
	&sc_agent_cmd,	  &sc_status_cmd,
};

static const struct sc_cmd *find(const char *name)
{
	for (size_t i = 0; i < SC_ARRAY_SIZE(subs); i++)
		if (strcmp(name, subs[i]->name) == 0)
			return subs[i];
	return NULL;
}

static const char *shared_name(unsigned bits)
{
	return bits & SC_SHARED_QUIET	 ? "-q"
	       : bits & SC_SHARED_CAPS	 ? "--caps"
	       : bits & SC_SHARED_STRICT ? "--strict"
					 : "--lenient";
}

/* What came before @cmd is for @cmd, or an error. */
static int before(const struct sc_cmd *cmd, const struct sc_parsed *seen)
{
	unsigned extra = seen->shared & ~cmd->shared;

	if (seen->own[0])
		return sc_cli_error(NULL,
				    "%s goes with a COMMAND, not before "
				    "subcommand %s (to run a program named "
				    "%s: syscage [OPTION]... -- %s)",
				    seen->own, cmd->name, cmd->name, cmd->name);
	if (extra)
		return sc_cli_error(cmd->name, "%s does not apply to %s",
				    shared_name(extra), cmd->name);
	return -1;
}

int main(int argc, char **argv)
{
	struct sc_cli cli = { .profile = "default" };
	const struct sc_cmd *cmd = NULL;
	struct sc_parsed seen;
	int rc, n;

	cli.caps = getenv(SC_ENV_CAPS);
	rc = sc_cli_parse(&sc_run_cmd, argc, argv, &cli, &seen);
	if (rc >= 0)
		return rc;
	if (!seen.dashdash && cli.argv[0])
		cmd = find(cli.argv[0]);
	if (!cmd)
		return sc_run_cmd.run(&cli);
	rc = before(cmd, &seen);
	if (rc >= 0)
		return rc;
	n = argc - (int)(cli.argv - argv);
	if (cmd->main)
		return cmd->main(n, cli.argv);
	cli.always_warn = true; /* the toolbox always says it */
	return sc_cli_main(cmd, n, cli.argv, &cli);
}
