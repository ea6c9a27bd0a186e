/* syscage: run a command under a seccomp profile, and the profile toolbox.
 * Only the command line lives here; the work is in conf/ and run.c. */
#include <errno.h>
#include <getopt.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "identity.h"
#include "loader.h"
#include "source.h"

static const char usage[] =
	"Usage: syscage [OPTION]... [--] COMMAND [ARG]...\n"
	"       syscage check [OPTION]... PROFILE\n"
	"       syscage export --format pfc|bpf [OPTION]... PROFILE\n"
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
	"  -q, --quiet            no warnings\n"
	"      --format=FORMAT    export: pfc (libseccomp's text) or bpf (raw)\n"
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
	_cleanup_profile_ struct sc_profile *p = NULL;
	struct sc_opts o;
	int rc;

	rc = sc_opts_init(&o, cli->caps, cli->strict, e);
	if (rc == 0)
		rc = sc_profile_load(spec, &p, e);
	if (rc == 0)
		rc = sc_compile(p, &o, c, e);
	if (rc == 0 && !cli->quiet)
		sc_warn_unknown(spec, &c->unknown);
	return rc;
}

static int cmd_check(const struct sc_cli *cli)
{
	struct sc_compiled c;
	struct sc_err e = { .line = 0 };

	if (!cli->argv[0] || cli->argv[1]) {
		fputs("syscage check: give one PROFILE\n", stderr);
		return SC_EXIT_FAIL;
	}
	if (sc_cli_compile(cli, cli->argv[0], &c, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	printf("%s: ok: %zu instructions (%zu in the -ENOSYS stub)\n",
	       cli->argv[0], c.prog.len, c.stub_len);
	sc_compiled_clear(&c);
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int export_pfc(const struct sc_cli *cli, struct sc_err *e)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	struct sc_opts o;
	int rc;

	rc = sc_opts_init(&o, cli->caps, cli->strict, e);
	if (rc == 0)
		rc = sc_profile_load(cli->argv[0], &p, e);
	if (rc == 0) {
		fflush(stdout);
		rc = sc_compile_pfc(p, &o, STDOUT_FILENO, e);
	}
	return rc;
}

static int cmd_export(const struct sc_cli *cli)
{
	struct sc_err e = { .line = 0 };
	struct sc_compiled c;
	int rc;

	if (!cli->argv[0] || cli->argv[1] || !cli->format) {
		fputs("syscage export: give --format pfc|bpf and one PROFILE\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	if (strcmp(cli->format, "pfc") == 0) {
		rc = export_pfc(cli, &e);
	} else if (strcmp(cli->format, "bpf") == 0) {
		rc = sc_cli_compile(cli, cli->argv[0], &c, &e);
		if (rc == 0 &&
		    write_all(STDOUT_FILENO, c.prog.insns,
			      c.prog.len * sizeof(*c.prog.insns)) < 0)
			rc = sc_err_set(&e, -errno, NULL, 0, 0,
					"cannot write: %s", strerror(errno));
		if (rc == 0)
			sc_compiled_clear(&c);
	} else {
		rc = sc_err_set(&e, -EINVAL, NULL, 0, 0,
				"unknown export format \"%s\" (pfc or bpf)",
				cli->format);
	}
	if (rc < 0)
		sc_report(&e);
	return rc < 0 ? SC_EXIT_FAIL : 0;
}

static const struct option longopts[] = {
	{ "profile", required_argument, NULL, 'p' },
	{ "caps", required_argument, NULL, 'c' },
	{ "strict", no_argument, NULL, 's' },
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

int main(int argc, char **argv)
{
	struct sc_cli cli = { .profile = "default" };
	const char *sub = argc > 1 ? argv[1] : NULL;
	int rc;

	cli.caps = getenv(SC_ENV_CAPS);
	if (sub && (strcmp(sub, "check") == 0 || strcmp(sub, "export") == 0)) {
		argv++, argc--;
		rc = parse(argc, argv, &cli);
		if (rc >= 0)
			return rc;
		return sub[0] == 'c' ? cmd_check(&cli) : cmd_export(&cli);
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
