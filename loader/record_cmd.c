/* SPDX-License-Identifier: Apache-2.0 */
/* syscage record: its options. The recording is record.c's. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const char usage[] =
	"Usage: syscage record -o FILE|- [--format ini|json] [--base PROFILE]\n"
	"                      -- CMD [ARG]...\n"
	"\n"
	"Run CMD and all its descendants, deny nothing, and write a profile\n"
	"under which the same run succeeds: every call of every process from\n"
	"its execve (a child's dynamic loader runs under the profile), socket\n"
	"families, personality values, ioctl requests and prctl options as the\n"
	"values seen, clone without namespace flags, exit, exit_group,\n"
	"restart_syscall and rt_sigreturn always (futex with threads), clone3\n"
	"and other calls glibc probes answered ENOSYS, everything else denied\n"
	"with EPERM. Written when CMD ends, however it ends; SIGINT or SIGTERM\n"
	"to record go to CMD. -o - writes to stdout and sends CMD's stdout to\n"
	"stderr. --base merges into an existing profile, no name repeated.\n"
	"--from-exec is what record does; --from-main is refused.\n";

enum { OPT_FORMAT = SC_OPT_LONG, OPT_BASE, OPT_FROM_EXEC, OPT_FROM_MAIN };

static const struct option opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "from-exec", no_argument, NULL, OPT_FROM_EXEC },
	{ "from-main", no_argument, NULL, OPT_FROM_MAIN },
	{ NULL, 0, NULL, 0 },
};

static int set(int ch, const char *arg, struct sc_cli *cli)
{
	if (ch == 'o')
		cli->output = arg;
	else if (ch == OPT_FORMAT && strcmp(arg, "ini") && strcmp(arg, "json"))
		return sc_cli_error("record", "--format %s: use ini or json",
				    arg),
		       -1;
	else if (ch == OPT_FORMAT)
		cli->format = arg;
	else if (ch == OPT_BASE)
		cli->base = arg;
	else
		cli->from_main = ch == OPT_FROM_MAIN;
	return 0;
}

const struct sc_cmd sc_record_cmd = {
	.name = "record",
	.usage = usage,
	.shorts = "o:",
	.opts = opts,
	.shared = SC_SHARED_QUIET,
	.set = set,
	.run = sc_cmd_record,
};
