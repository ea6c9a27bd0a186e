/* SPDX-License-Identifier: Apache-2.0 */
/* syscage [OPTION]... [--] CMD: its options; compile, find the command and the shim, set
 * the environment, load stage one, execve. Everything that can fail is
 * checked before the filter goes in, so the error paths after it are only
 * execve's own. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "identity.h"
#include "load.h"
#include "landlock.h"
#include "commands.h"
#include "env.h"
#include "loaded.h"
#include "supervise.h"
#include "search.h"
#include "target.h"
#include "stage.h"

static int set_env(const struct sc_cli *cli, const struct sc_compiled *c,
		   const struct sc_stages *st, struct sc_err *e)
{
	char profile[PATH_MAX], id[SC_MARKER_MAX];
	struct sc_marker m = { .caps_env = cli->caps,
			       .caps = c->caps,
			       .caps_kind = (enum sc_caps_kind)c->caps_kind,
			       .strict = cli->strict,
			       .lenient = cli->lenient,
			       .spec = profile,
			       .files = &c->files };
	char *two = NULL;
	int rc;

	rc = sc_marker_spec(cli->profile, profile, sizeof(profile), e);
	if (rc == 0)
		rc = sc_marker_write(id, sizeof(id), &m, e);
	if (rc < 0)
		return rc;
	if (sc_stage2_text(st, !cli->no_report || cli->complain, c->flags,
			   &two) < 0)
		return sc_err_oom(e);
	rc = sc_shim_env(&(struct sc_shim_env){ .profile = profile,
						.active = id,
						.caps = cli->caps,
						.strict = cli->strict,
						.lenient = cli->lenient,
						.stage2 = two },
			 e);
	free(two);
	return rc;
}

static int prepare(const struct sc_cli *cli, const char *path,
		   struct sc_compiled *c, struct sc_stages *st,
		   struct sc_err *e)
{
	enum sc_target_kind kind;
	int rc;

	rc = sc_cli_compile(cli, cli->profile, c, e);
	/* Complaining denies nothing: any profile runs. */
	if (rc == 0 && !cli->complain)
		rc = sc_check_runnable(c, cli->profile, e);
	if (rc == 0)
		rc = sc_target_kind(path, &kind, e);
	if (rc == 0)
		rc = sc_stage_split(c, kind == SC_TARGET_DYNAMIC, st, e);
	if (rc < 0)
		return rc;
	/* Without the shim nothing narrows stage one again: a static
	 * target may only get execve, and only if the profile allows it. */
	if (kind == SC_TARGET_STATIC && st->widened.n && !cli->complain)
		return sc_err_msg(e, -EPERM, path,
				  "is not dynamically linked for this "
				  "architecture, so libsyscage.so cannot run "
				  "in it, and the profile denies execve, which "
				  "syscage needs to start it; allow execve in "
				  "the profile");
	return set_env(cli, c, st, e);
}

static int run(const struct sc_cli *cli)
{
	struct sc_compiled c = { 0 };
	struct sc_stages st = { 0 };
	struct sc_err e = { .line = 0 };
	char path[PATH_MAX];
	int rc, err;

	rc = sc_find_command(cli->argv[0], path, sizeof(path), &e);
	if (rc < 0) {
		sc_report(&e);
		return rc == -ENOENT ? SC_EXIT_NOT_FOUND : SC_EXIT_CANNOT_EXEC;
	}
	rc = prepare(cli, path, &c, &st, &e);
	if (rc == 0 && cli->complain) {
		/* Nothing is widened or narrowed: every call the profile
		 * would deny, ld.so's too, is let through and counted. */
		rc = sc_supervise(cli, path, &c, &st);
		sc_compiled_clear(&c);
		sc_stages_clear(&st);
		return rc;
	}
	if (rc == 0 && !cli->no_report) {
		rc = sc_supervise(cli, path, &c, &st);
		sc_compiled_clear(&c);
		sc_stages_clear(&st);
		return rc;
	}
	if (rc == 0)
		rc = sc_caps_limit(c.caps_keep, &e);
	if (rc == 0)
		rc = sc_landlock_enter(false, &e);
	if (rc >= 0)
		rc = sc_prog_load(&st.one, c.flags, &e);
	if (rc < 0) {
		sc_report(&e);
		sc_compiled_clear(&c);
		sc_stages_clear(&st);
		return SC_EXIT_FAIL;
	}
	execv(path, cli->argv);
	err = errno;
	sc_err_msg(&e, -err, cli->argv[0], "cannot execute: %s", strerror(err));
	sc_report(&e);
	return err == ENOENT ? SC_EXIT_NOT_FOUND : SC_EXIT_CANNOT_EXEC;
}

/* -p NAME: the file it stands for, found once here, so that the command's
 * SYSCAGE_PROFILE names the very file the loader compiled. */
static int resolve_profile(struct sc_cli *cli)
{
	static char path[PATH_MAX];
	struct sc_err e = { .line = 0 };

	if (!sc_profile_is_name(cli->profile))
		return 0;
	if (sc_profile_resolve(cli->profile, path, sizeof(path), &cli->profile,
			       &e) < 0) {
		sc_report(&e);
		return -1;
	}
	return 0;
}

static int run_main(const struct sc_cli *given)
{
	struct sc_cli cli = *given;

	if (resolve_profile(&cli) < 0)
		return SC_EXIT_FAIL;
	if (!cli.argv[0])
		return sc_cli_error(NULL, "no command given (see 'syscage "
					  "--help')");
	return run(&cli);
}

static const char usage[] =
	"Usage: syscage [OPTION]... [--] COMMAND [ARG]...\n"
	"       syscage check [OPTION]... PROFILE\n"
	"       syscage explain [OPTION]... PROFILE SYSCALL [ARG]...\n"
	"       syscage export --format bpf|pfc|json|ini|oci [OPTION]... "
	"PROFILE\n"
	"       syscage diff [OPTION]... PROFILE_A PROFILE_B\n"
	"       syscage syscalls [@GROUP|NAME]\n"
	"       syscage which [-v] [NAME]\n"
	"       syscage record -o FILE|- [OPTION]... -- COMMAND [ARG]...\n"
	"       syscage cache [show|update|clear] [PROFILE]...\n"
	"       syscage agent [OPTION]...; syscage status [OPTION]... [PID]...\n"
	"\n"
	"Run COMMAND with a seccomp filter built from a Docker/OCI seccomp\n"
	"profile, as runc would build it. With no -p, Docker's default\n"
	"profile (built in, named \"default\") applies. 'syscage SUBCOMMAND\n"
	"--help' tells about each subcommand. Before a SUBCOMMAND, only -q,\n"
	"--caps, --strict and --lenient (where it takes them); a COMMAND\n"
	"named like a subcommand runs after --: syscage -- check.\n"
	"\n"
	"  -p, --profile=PROFILE  a profile: a file (with a '/' or ending in\n"
	"                         .ini or .json), \"default\", or a NAME looked\n"
	"                         up in $SYSCAGE_PATH (see syscage which)\n"
	"      --caps=SET         capabilities that caps-conditional rules see;\n"
	"                         the command keeps only those: default\n"
	"                         (Docker's 14, those syscage holds: all 14\n"
	"                         as root, none as a user), docker, none,\n"
	"                         CAP_X,CAP_Y; effective or all keep every\n"
	"                         capability (as root, effective allows\n"
	"                         mount, unshare, bpf...) (also $SYSCAGE_CAPS)\n"
	"      --strict           unknown syscall names are errors\n"
	"      --lenient          unknown names in INI profiles are warnings\n"
	"  -q, --quiet            no warnings\n"
	"      --complain         deny nothing; report what the profile would\n"
	"                         deny, with counts\n"
	"      --log=FILE         append reports to FILE (also $SYSCAGE_LOG)\n"
	"      --deny=NAME,...    deny these calls (errno EPERM) whatever the\n"
	"                         profile and its includes say\n"
	"      --no-report        exec COMMAND directly: no supervisor, no\n"
	"                         reports of denied calls\n"
	"  -h, --help             this help\n"
	"  -V, --version          version\n"
	"\n"
	"Exit status: that of COMMAND; 125 if syscage failed (bad profile,\n"
	"kernel refusal), 126 if COMMAND cannot run, 127 if it is not found.\n";

enum { OPT_NO_REPORT = SC_OPT_LONG, OPT_COMPLAIN, OPT_LOG, OPT_DENY };

static const struct option opts[] = {
	{ "profile", required_argument, NULL, 'p' },
	{ "complain", no_argument, NULL, OPT_COMPLAIN },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "deny", required_argument, NULL, OPT_DENY },
	{ "no-report", no_argument, NULL, OPT_NO_REPORT },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int set(int ch, const char *arg, struct sc_cli *cli)
{
	if (ch == 'p')
		cli->profile = arg;
	else if (ch == OPT_COMPLAIN)
		cli->complain = true;
	else if (ch == OPT_LOG)
		cli->log = arg;
	else if (ch == OPT_DENY)
		cli->deny = arg;
	else if (ch == OPT_NO_REPORT)
		cli->no_report = true;
	else
		return printf("syscage %s\n", SC_VERSION), 1;
	return 0;
}

const struct sc_cmd sc_run_cmd = {
	.usage = usage,
	.shorts = "p:V",
	.opts = opts,
	.shared = SC_SHARED_ALL,
	.set = set,
	.run = run_main,
};
