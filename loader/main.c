/* syscage: run a command under a seccomp profile, and the profile toolbox.
 * Only the command line lives here; the work is in conf/ and run.c. */
#include <errno.h>
#include <getopt.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "compile.h"
#include "identity.h"
#include "loader.h"
#include "source.h"

static const char usage[] =
	"Usage: syscage [OPTION]... [--] COMMAND [ARG]...\n"
	"       syscage check [OPTION]... PROFILE\n"
	"       syscage export --format pfc|bpf|json|ini [OPTION]... PROFILE\n"
	"       syscage syscalls [@GROUP|NAME]\n"
	"\n"
	"Run COMMAND with a seccomp filter built from a Docker/OCI seccomp\n"
	"profile, as runc would build it. With no -p, Docker's default\n"
	"profile (built in, named \"default\") applies.\n"
	"\n"
	"  -p, --profile=PROFILE  a profile file, or \"default\"\n"
	"      --caps=SET         capabilities that caps-conditional rules see:\n"
	"                         effective (default), docker, all, none,\n"
	"                         or CAP_X,CAP_Y (also $SYSCAGE_CAPS)\n"
	"      --strict           unknown syscall names are errors\n"
	"      --lenient          unknown names in INI profiles are warnings\n"
	"  -q, --quiet            no warnings\n"
	"      --format=FORMAT    export: pfc (libseccomp's text), bpf (raw),\n"
	"                         json (Docker) or ini (syscage-profile(5))\n"
	"  -h, --help             this help\n"
	"  -V, --version          version\n"
	"\n"
	"Exit status: that of COMMAND; 125 if syscage failed (bad profile,\n"
	"kernel refusal), 126 if COMMAND cannot run, 127 if it is not found.\n";

void sc_report(const struct sc_err *e)
{
	char line[SC_ERR_FILE_MAX + SC_ERR_MSG_MAX + 64];

	fflush(stdout);
	fputs(sc_err_format(e, line, sizeof(line)) ? line : "syscage: error\n",
	      stderr);
}

void sc_warn_unknown(const char *file, const struct sc_strv *u)
{
	const struct scmp_version *v = seccomp_version();

	if (u->n == 0)
		return;
	fprintf(stderr,
		"syscage: %s: warning: %zu syscall name%s unknown to "
		"libseccomp %u.%u.%u skipped (as runc does):",
		file, u->n, u->n == 1 ? "" : "s", v->major, v->minor, v->micro);
	for (size_t i = 0; i < u->n; i++)
		fprintf(stderr, " %s", u->v[i]);
	fputc('\n', stderr);
}

int sc_cli_compile(const struct sc_cli *cli, const char *spec,
		   struct sc_compiled *c, struct sc_err *e)
{
	int rc = sc_build(spec, cli->caps, cli->strict, cli->lenient, c, NULL,
			  e);

	if (rc == 0 && !cli->quiet)
		sc_warn_unknown(spec, &c->unknown);
	return rc;
}

static const struct option longopts[] = {
	{ "profile", required_argument, NULL, 'p' },
	{ "caps", required_argument, NULL, 'c' },
	{ "strict", no_argument, NULL, 's' },
	{ "lenient", no_argument, NULL, 'l' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Returns -1 to go on, else an exit status. */
static int parse(int argc, char **argv, struct sc_cli *cli)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "+p:qhV", longopts, NULL)) != -1) {
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
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			printf("syscage %s\n", SC_VERSION);
			return 0;
		default:
			fputs("Try 'syscage --help'.\n", stderr);
			return SC_EXIT_FAIL;
		}
	}
	cli->argv = argv + optind;
	return -1;
}

static const struct {
	const char *name;
	int (*run)(const struct sc_cli *cli);
} subs[] = {
	{ "check", sc_cmd_check },
	{ "export", sc_cmd_export },
	{ "syscalls", sc_cmd_syscalls },
};

int main(int argc, char **argv)
{
	struct sc_cli cli = { .profile = "default" };
	const char *sub = argc > 1 ? argv[1] : NULL;
	int rc;

	cli.caps = getenv(SC_ENV_CAPS);
	for (size_t i = 0; sub && i < sizeof(subs) / sizeof(*subs); i++) {
		if (strcmp(sub, subs[i].name) != 0)
			continue;
		rc = parse(argc - 1, argv + 1, &cli);
		return rc >= 0 ? rc : subs[i].run(&cli);
	}
	rc = parse(argc, argv, &cli);
	if (rc >= 0)
		return rc;
	if (!cli.argv[0]) {
		fputs("syscage: no command given\nTry 'syscage --help'.\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	return sc_run(&cli);
}
