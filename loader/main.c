/* syscage: run a command under a seccomp profile, and the profile toolbox.
 * Only the command line lives here; the work is in conf/ and run.c. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "compile.h"
#include "identity.h"
#include "agent.h"
#include "loader.h"
#include "search.h"
#include "source.h"
#include "unknown.h"

static const char usage[] =
	"Usage: syscage [OPTION]... [--] COMMAND [ARG]...\n"
	"       syscage check [OPTION]... PROFILE\n"
	"       syscage explain [OPTION]... PROFILE SYSCALL [ARG]...\n"
	"       syscage export --format bpf|pfc|json|ini|oci [OPTION]... "
	"PROFILE\n"
	"       syscage diff [OPTION]... PROFILE_A PROFILE_B\n"
	"       syscage syscalls [@GROUP|NAME]\n"
	"       syscage which [-v] [NAME]\n"
	"       syscage record [-o FILE] [OPTION]... -- COMMAND [ARG]...\n"
	"       syscage cache [show|update|clear] [PROFILE]...\n"
	"\n"
	"Run COMMAND with a seccomp filter built from a Docker/OCI seccomp\n"
	"profile, as runc would build it. With no -p, Docker's default\n"
	"profile (built in, named \"default\") applies. 'syscage SUBCOMMAND\n"
	"--help' tells about each subcommand.\n"
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
	"      --no-report        exec COMMAND directly: no supervisor, no\n"
	"                         reports of denied calls\n"
	"  -h, --help             this help\n"
	"  -V, --version          version\n"
	"\n"
	"Exit status: that of COMMAND; 125 if syscage failed (bad profile,\n"
	"kernel refusal), 126 if COMMAND cannot run, 127 if it is not found.\n";

static const char usage_check[] =
	"Usage: syscage check [--caps SET] [--strict|--lenient] [-q] PROFILE\n"
	"\n"
	"Compile PROFILE as 'syscage -p PROFILE' would, run nothing, and\n"
	"report. Errors: one line 'syscage: FILE:LINE: ...', exit 125.\n"
	"Warnings, on stderr as 'FILE:LINE: warning: ...' (exit 0): rules\n"
	"that never take effect, a default action of allow, io_uring or\n"
	"ptrace allowed, 32-bit ABIs allowed besides the native one, clone3\n"
	"denied with an errno other than ENOSYS, calls every program needs\n"
	"(@default) denied, names libseccomp does not know. Then, on stdout,\n"
	"'FILE: ok: N instructions'. Findings hold for this machine's ABI,\n"
	"kernel and --caps.\n"
	"\n"
	"  -q, --quiet   no warnings\n";

static const char usage_explain[] =
	"Usage: syscage explain [--caps SET] PROFILE SYSCALL [ARG]...\n"
	"\n"
	"What PROFILE does to SYSCALL (a name, or a number) made with the\n"
	"ARGs on this machine's ABI (numbers, or constants such as AF_INET or\n"
	"O_WRONLY|O_CREAT; arguments not given are 0), found by running the\n"
	"compiled filter, and why: the rule (FILE:LINE), the default action,\n"
	"or runc's -ENOSYS stub. Prints 'call:', 'decision:', 'rule:' and\n"
	"'note:' lines.\n";

static const char usage_export[] =
	"Usage: syscage export --format FORMAT [--caps SET] PROFILE\n"
	"\n"
	"  --format=bpf   the raw filter, host byte order (bwrap --seccomp FD)\n"
	"  --format=pfc   libseccomp's pseudo filter code, and the -ENOSYS\n"
	"                 stub as comments\n"
	"  --format=json  the profile as Docker JSON\n"
	"  --format=ini   the profile as syscage INI (syscage-profile(5))\n"
	"  --format=oci   the linux.seccomp object of an OCI runtime config:\n"
	"                 the profile as moby hands it to runc, archMap,\n"
	"                 includes and excludes resolved for this machine and\n"
	"                 --caps\n"
	"  --agent=SOCKET with oci: denials go to syscage agent at SOCKET\n"
	"                 (listenerPath; listenerMetadata names PROFILE)\n";

static const char usage_diff[] =
	"Usage: syscage diff [--caps SET] PROFILE_A PROFILE_B\n"
	"\n"
	"The calls the two profiles decide differently on this machine's ABI,\n"
	"one a line: 'CALL[ argN=VALUE]...: DECISION_A -> DECISION_B'. Calls\n"
	"with argument conditions in either profile are also tried with the\n"
	"values those conditions mention. Exit 0 when there is no\n"
	"difference, 1 when there is, 125 on errors.\n";

static const char usage_syscalls[] =
	"Usage: syscage syscalls [@GROUP|NAME]\n"
	"\n"
	"The syscall groups of INI profiles; a group's members; the groups\n"
	"that hold a call.\n";

static const char usage_record[] =
	"Usage: syscage record [-o FILE] [--format ini|json] [--from-main|\n"
	"                      --from-exec] [--base PROFILE] -- CMD [ARG]...\n"
	"\n"
	"Run CMD and all its descendants, deny nothing, and write the\n"
	"smallest profile under which the same run succeeds: the calls seen\n"
	"(from main, so that the dynamic loader's calls stay out; --from-exec\n"
	"counts them too), with argument conditions where Docker's profile\n"
	"has them (socket families, personality values, clone without\n"
	"namespace flags), clone3 answered ENOSYS (glibc then uses clone), and\n"
	"everything else denied with EPERM (ENOSYS for calls glibc probes).\n"
	"--base merges with an existing profile. Output: FILE (its suffix\n"
	"picks the format), or stdout as INI.\n";

static const char usage_which[] =
	"Usage: syscage which [-v] [NAME]\n"
	"\n"
	"The file that -p NAME and SYSCAGE_PROFILE=NAME read: the first\n"
	"NAME.ini, then NAME.json, in the directories of $SYSCAGE_PATH\n"
	"(colon-separated), by default $XDG_CONFIG_HOME/syscage/profiles,\n"
	"/etc/syscage/profiles and DATADIR/syscage/profiles. \"default\" is\n"
	"built in. Without NAME: every name found, with its file.\n"
	"\n"
	"  -v, --verbose  say where it looked, on stderr\n";

void sc_report(const struct sc_err *e)
{
	char line[SC_ERR_FILE_MAX + SC_ERR_MSG_MAX + 64];

	fflush(stdout);
	fputs(sc_err_format(e, line, sizeof(line)) ? line : "syscage: error\n",
	      stderr);
}

void sc_warn_unknown(const char *file, const struct sc_strv *u)
{
	char line[4096];

	if (sc_unknown_message(file, u, line, sizeof(line)))
		fputs(line, stderr);
}

int sc_cli_compile(const struct sc_cli *cli, const char *spec,
		   struct sc_compiled *c, struct sc_err *e)
{
	bool hit;
	int rc = sc_build(spec, cli->caps, cli->strict, cli->lenient, c, &hit,
			  e);

	/* Once, when compiled (a cached program was warned about), unless
	 * the user asks: check always says it. */
	if (rc == 0 && !cli->quiet && (!hit || cli->always_warn)) {
		sc_warn_unknown(spec, &c->unknown);
		sc_warn_at_run(cli, spec);
	}
	return rc;
}

static const struct option longopts[] = {
	{ "profile", required_argument, NULL, 'p' },
	{ "caps", required_argument, NULL, 'c' },
	{ "strict", no_argument, NULL, 's' },
	{ "lenient", no_argument, NULL, 'l' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "format", required_argument, NULL, 'f' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "no-report", no_argument, NULL, 'N' },
	{ "complain", no_argument, NULL, 'C' },
	{ "log", required_argument, NULL, 'L' },
	{ "output", required_argument, NULL, 'o' },
	{ "base", required_argument, NULL, 'B' },
	{ "from-exec", no_argument, NULL, 'E' },
	{ "from-main", no_argument, NULL, 'M' },
	{ "agent", required_argument, NULL, 'A' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Returns -1 to go on, else an exit status. */
/* One option into @cli; false for one that is not an option of ours. */
static bool set_option(int ch, struct sc_cli *cli)
{
	switch (ch) {
	case 'p':
		cli->profile = optarg;
		break;
	case 'c':
		cli->caps = optarg;
		break;
	case 's':
		cli->strict = true;
		break;
	case 'l':
		cli->lenient = true;
		break;
	case 'q':
		cli->quiet = true;
		break;
	case 'f':
		cli->format = optarg;
		break;
	case 'v':
		cli->verbose = true;
		break;
	case 'N':
		cli->no_report = true;
		break;
	case 'C':
		cli->complain = true;
		break;
	case 'L':
		cli->log = optarg;
		break;
	case 'o':
		cli->output = optarg;
		break;
	case 'B':
		cli->base = optarg;
		break;
	case 'A':
		cli->agent = optarg;
		break;
	case 'E':
	case 'M':
		cli->from_exec = ch == 'E';
		break;
	default:
		return false;
	}
	return true;
}

static int parse(int argc, char **argv, struct sc_cli *cli, const char *help)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "+p:qvo:hV", longopts, NULL)) !=
	       -1) {
		if (set_option(ch, cli))
			continue;
		if (ch == 'h') {
			fputs(help, stdout);
			return 0;
		}
		if (ch == 'V') {
			printf("syscage %s\n", SC_VERSION);
			return 0;
		}
		fputs("Try 'syscage --help'.\n", stderr);
		return SC_EXIT_FAIL;
	}
	cli->argv = argv + optind;
	return -1;
}

static const struct {
	const char *name;
	int (*run)(const struct sc_cli *cli);
	const char *help;
} subs[] = {
	{ "check", sc_cmd_check, usage_check },
	{ "explain", sc_cmd_explain, usage_explain },
	{ "export", sc_cmd_export, usage_export },
	{ "diff", sc_cmd_diff, usage_diff },
	{ "syscalls", sc_cmd_syscalls, usage_syscalls },
	{ "which", sc_cmd_which, usage_which },
	{ "record", sc_cmd_record, usage_record },
	{ "cache", sc_cmd_cache, sc_usage_cache },
};

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

int main(int argc, char **argv)
{
	struct sc_cli cli = { .profile = "default" };
	const char *sub = argc > 1 ? argv[1] : NULL;
	int rc;

	cli.caps = getenv(SC_ENV_CAPS);
	if (sub && strcmp(sub, "agent") == 0)
		return sc_cmd_agent(argc - 1, argv + 1);
	if (sub && strcmp(sub, "status") == 0)
		return sc_cmd_status(argc - 1, argv + 1);
	for (size_t i = 0; sub && i < sizeof(subs) / sizeof(*subs); i++) {
		if (strcmp(sub, subs[i].name) != 0)
			continue;
		rc = parse(argc - 1, argv + 1, &cli, subs[i].help);
		cli.always_warn = true; /* the toolbox always says it */
		return rc >= 0 ? rc : subs[i].run(&cli);
	}
	rc = parse(argc, argv, &cli, usage);
	if (rc >= 0)
		return rc;
	if (resolve_profile(&cli) < 0)
		return SC_EXIT_FAIL;
	if (!cli.argv[0]) {
		fputs("syscage: no command given\nTry 'syscage --help'.\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	return sc_run(&cli);
}
