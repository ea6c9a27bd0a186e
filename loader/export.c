/* SPDX-License-Identifier: Apache-2.0 */
/* syscage export: a profile in another form (bpf, pfc, json, ini, oci), on
 * stdout or -o FILE. The work is in conf/ (compile.c, write_*.c, oci.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "loaded.h"
#include "agent_oci.h"
#include "oci.h"
#include "source.h"
#include "write.h"

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

	rc = sc_load(&SC_CLI_REQUEST(cli, cli->argv[0]), &p, &o, e);
	if (rc == 0) {
		fflush(stdout);
		rc = sc_compile_pfc(p, &o, STDOUT_FILENO, e);
	}
	return rc;
}

static int flush_out(int rc, struct sc_err *e)
{
	if (rc == 0 && fflush(stdout) != 0)
		rc = -errno;
	if (rc < 0)
		return sc_err_msg(e, rc, NULL, "cannot write: %s",
				  strerror(-rc));
	return 0;
}

/* The profile in either language: no capability set or kernel applies,
 * includes and excludes stay as written. */
static int export_text(const struct sc_cli *cli, struct sc_err *e)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	int rc = sc_profile_load(cli->argv[0], &p, e);

	if (rc < 0)
		return rc;
	rc = cli->format[0] == 'j' ? sc_write_json(p, stdout)
				   : sc_write_ini(p, stdout);
	return flush_out(rc, e);
}

/* The agent compiles the profile itself: the metadata names its file
 * (absolute: the agent has another working directory) and --caps. */
static int agent_metadata(const struct sc_cli *cli, struct sc_profile *q,
			  struct sc_err *e)
{
	char real[PATH_MAX], meta[PATH_MAX + 64];
	const char *f = cli->argv[0];

	if (strcmp(f, "default") != 0 && !realpath(f, real))
		return sc_err_msg(e, -errno, f, "%s", strerror(errno));
	snprintf(meta, sizeof(meta), "%s%s%s",
		 strcmp(f, "default") ? real : "default",
		 cli->caps ? " caps=" : "", cli->caps ? cli->caps : "");
	return sc_oci_agent(q, cli->agent, meta, e);
}

/* What moby puts in config.json: resolved for --caps and this machine. */
static int export_oci(const struct sc_cli *cli, struct sc_err *e)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	_cleanup_profile_ struct sc_profile *q = NULL;
	struct sc_compiled c;
	struct sc_opts o;
	int rc;

	rc = sc_load(&SC_CLI_REQUEST(cli, cli->argv[0]), &p, &o, e);
	/* Only what compiles is exported: runc would refuse the rest. */
	if (rc == 0)
		rc = sc_compile(p, &o, &c, e);
	if (rc < 0)
		return rc;
	if (!cli->quiet)
		sc_warn_unknown(p->file, &c.unknown);
	sc_compiled_clear(&c);
	rc = sc_oci_profile(p, &o, &q, e);
	if (rc == 0 && cli->agent)
		rc = agent_metadata(cli, q, e);
	if (rc < 0)
		return rc;
	return flush_out(sc_write_json(q, stdout), e);
}

static int export_bpf(const struct sc_cli *cli, struct sc_err *e)
{
	struct sc_compiled c;
	int rc = sc_cli_compile(cli, cli->argv[0], &c, e);

	if (rc < 0)
		return rc;
	if (write_all(STDOUT_FILENO, c.prog.insns,
		      c.prog.len * sizeof(*c.prog.insns)) < 0)
		rc = sc_err_msg(e, -errno, NULL, "cannot write: %s",
				strerror(errno));
	sc_compiled_clear(&c);
	return rc;
}

static int export(const struct sc_cli *cli)
{
	struct sc_err e = { .line = 0 };
	const char *f = cli->format;
	int rc;

	if (!cli->argv[0] || cli->argv[1] || !f) {
		fputs("syscage export: give --format bpf|pfc|json|ini|oci and "
		      "one PROFILE\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	if (strcmp(f, "json") == 0 || strcmp(f, "ini") == 0)
		rc = export_text(cli, &e);
	else if (strcmp(f, "pfc") == 0)
		rc = export_pfc(cli, &e);
	else if (strcmp(f, "bpf") == 0)
		rc = export_bpf(cli, &e);
	else if (strcmp(f, "oci") == 0)
		rc = export_oci(cli, &e);
	else
		rc = sc_err_msg(&e, -EINVAL, NULL,
				"unknown export format \"%s\" (bpf, pfc, "
				"json, ini or oci)",
				f);
	if (rc < 0)
		sc_report(&e);
	return rc < 0 ? SC_EXIT_FAIL : 0;
}

static const char usage[] =
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

enum { OPT_FORMAT = SC_OPT_LONG, OPT_AGENT };

static const struct option opts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "agent", required_argument, NULL, OPT_AGENT },
	{ NULL, 0, NULL, 0 },
};

static int set(int ch, const char *arg, struct sc_cli *cli)
{
	if (ch == OPT_FORMAT)
		cli->format = arg;
	else
		cli->agent = arg;
	return 0;
}

const struct sc_cmd sc_export_cmd = {
	.name = "export",
	.usage = usage,
	.opts = opts,
	.shared = SC_SHARED_ALL,
	.set = set,
	.run = export,
};
