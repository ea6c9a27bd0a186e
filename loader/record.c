/* SPDX-License-Identifier: Apache-2.0 */
/* syscage record: learn a profile from a real run. The command runs under
 * a filter that sends every call to the supervisor, which notes it and lets
 * it through. Every process is counted from its execve: a child's dynamic
 * loader and libc start-up run under the inherited filter, and so does the
 * shim's own question in each child (prctl PR_GET_SECCOMP). Only the
 * loader's own first execve stays out: stage one lets it through. The
 * profile is written when the command ends, however it ends (see
 * record_end), to -o FILE or to stdout with -o - (the command's stdout then
 * goes to stderr). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "cli.h"
#include "commands.h"
#include "env.h"
#include "identity.h"
#include "record.h"
#include "source.h"
#include "supervise.h"
#include "target.h"
#include "write.h"

/* A run being recorded. */
struct rec {
	struct sc_rec_seen seen;
	const struct sc_cli *cli;
	struct sc_profile *p;
	int out_fd;
	bool started; /* the loader's own execve went by */
};

static void record_call(struct sc_sink *sink, const struct seccomp_notif *req,
			struct seccomp_notif_resp *resp)
{
	struct rec *r = sink->data;
	const struct seccomp_data *d = &req->data;

	(void)resp; /* always let it through */
	/* The first call under the filter is the loader's own execve of
	 * the command, which stage one always lets through. */
	if (!r->started) {
		r->started = true;
		if (d->arch == sc_arch_native()->audit && d->nr == __NR_execve)
			return;
	}
	sc_rec_note(&r->seen, d->arch, d->nr, (const uint64_t *)d->args);
}

static int write_out(struct rec *r, struct sc_err *e)
{
	const struct sc_cli *cli = r->cli;
	const char *o = cli->output;
	size_t n = strlen(o);
	bool json = cli->format ? strcmp(cli->format, "json") == 0
				: n > 5 && strcmp(o + n - 5, ".json") == 0;
	FILE *f;
	int rc;

	if (strcmp(o, "-") != 0 && ftruncate(r->out_fd, 0) < 0)
		return sc_err_msg(e, -errno, o, "cannot write: %s",
				  strerror(errno));
	f = fdopen(r->out_fd, "w");
	if (!f)
		return sc_err_msg(e, -errno, o, "cannot write: %s",
				  strerror(errno));
	rc = json ? sc_write_json(r->p, f) : sc_write_ini(r->p, f);
	if (fclose(f) != 0 && rc == 0)
		rc = -errno;
	if (rc < 0)
		return sc_err_msg(e, rc, o, "cannot write: %s", strerror(-rc));
	return 0;
}

/* Written here, before the supervisor ends the way the command did (a
 * command killed by a signal kills the supervisor with it). */
static void record_end(struct sc_sink *sink, int status)
{
	struct rec *r = sink->data;
	struct sc_err e = { .line = 0 };
	int rc;

	(void)status;
	if (!r->started) {
		fputs("syscage: recorded nothing: an outer syscage holds the "
		      "listener; run syscage record outside syscage\n",
		      stderr);
		exit(SC_EXIT_FAIL);
	}
	rc = sc_rec_build(r->p, &r->seen);
	if (rc < 0)
		sc_err_oom(&e);
	else
		rc = write_out(r, &e);
	if (rc < 0) {
		sc_report(&e);
		exit(SC_EXIT_FAIL);
	}
	fprintf(stderr, "syscage: recorded %zu calls into %s\n",
		r->seen.n_calls,
		strcmp(r->cli->output, "-") ? r->cli->output
					    : "standard output");
}

/* What the command runs with: the shim, which finds itself "already
 * confined" (the marker) and only asks prctl(PR_GET_SECCOMP), as it does in
 * the children of a confined run. */
static int record_env(struct sc_err *e)
{
	char id[SC_MARKER_MAX];
	struct sc_marker m = { .caps_kind = SC_CAPS_DEFAULT,
			       .spec = "default" };
	int rc = sc_caps_parse(NULL, &m.caps, e);

	if (rc == 0)
		rc = sc_marker_write(id, sizeof(id), &m, e);
	if (rc < 0)
		return rc;
	return sc_shim_env(
		&(struct sc_shim_env){ .profile = "default", .active = id }, e);
}

/* "recorded by syscage record from: CMD ARG..." (and the base), for the
 * header of the profile written. */
static int set_origin(struct sc_profile *p, const struct sc_cli *cli)
{
	char buf[512];
	size_t n = (size_t)snprintf(buf, sizeof(buf),
				    "recorded by syscage record from:");

	for (char **a = cli->argv; *a && n < sizeof(buf); a++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s", *a);
	if (cli->base && n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - n, " (on top of %s)",
			 cli->base);
	free(p->origin);
	p->origin = strdup(buf);
	return p->origin ? 0 : -ENOMEM;
}

/* Where the profile goes, opened before the run (a long run should not end
 * in "cannot write"), emptied only when it is written. With -o - the
 * command's stdout becomes our stderr, so stdout carries the profile only. */
static int open_out(struct rec *r, struct sc_err *e)
{
	const char *o = r->cli->output;

	if (strcmp(o, "-") == 0) {
		r->out_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
		if (r->out_fd < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			return sc_err_msg(e, -errno, NULL,
					  "cannot set up standard output: %s",
					  strerror(errno));
		return 0;
	}
	r->out_fd = open(o, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (r->out_fd < 0)
		return sc_err_msg(e, -errno, o, "cannot write: %s",
				  strerror(errno));
	return 0;
}

static int start_profile(struct rec *r, struct sc_err *e)
{
	const struct sc_cli *cli = r->cli;
	int rc = 0;

	if (cli->base)
		rc = sc_profile_load(cli->base, &r->p, e);
	else if (!(r->p = sc_profile_new(strcmp(cli->output, "-")
						 ? cli->output
						 : "recorded")))
		rc = sc_err_oom(e);
	if (rc == 0 && !cli->base) {
		r->p->has_default = true;
		r->p->default_action = SC_ACT_ERRNO;
		rc = sc_strv_add(&r->p->arches, sc_arch_native()->docker,
				 strlen(sc_arch_native()->docker));
	}
	if (rc == 0 && set_origin(r->p, cli) < 0)
		rc = sc_err_oom(e);
	return rc;
}

int sc_cmd_record(const struct sc_cli *cli)
{
	static struct rec r;
	struct sock_filter all =
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
	struct sc_prog prog = { &all, 1 };
	struct sc_sink sink = { record_call, record_end, &r, NULL, true };
	struct sc_err e = { .line = 0 };
	char path[PATH_MAX];
	int rc;

	if (!cli->argv[0])
		return sc_cli_error("record", "give a COMMAND (after --)");
	if (!cli->output)
		return sc_cli_error("record",
				    "give -o FILE for the profile (or "
				    "-o - for standard output)");
	if (cli->from_main)
		return sc_cli_error("record",
				    "--from-main is gone: every process is "
				    "recorded from its execve (a child's "
				    "loader runs under the profile); drop "
				    "--from-main");
	r.cli = cli;
	rc = sc_find_command(cli->argv[0], path, sizeof(path), &e);
	if (rc < 0) {
		sc_report(&e);
		return rc == -ENOENT ? SC_EXIT_NOT_FOUND : SC_EXIT_CANNOT_EXEC;
	}
	rc = start_profile(&r, &e);
	if (rc == 0)
		rc = record_env(&e);
	if (rc == 0)
		rc = open_out(&r, &e);
	if (rc < 0) {
		sc_report(&e);
		sc_profile_free(r.p);
		return SC_EXIT_FAIL;
	}
	rc = sc_supervise_with(cli, path, &prog, &prog, NULL, 0,
			       SC_CAPS_KEEP_ALL, &sink);
	sc_profile_free(r.p);
	return rc;
}
