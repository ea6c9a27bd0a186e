/* syscage record: learn a profile from a real run. The command runs under
 * a filter that sends every call to the supervisor, which notes it and lets
 * it through. "From main": the shim's constructor asks prctl(PR_GET_SECCOMP)
 * just before main runs, which marks where a process's own calls begin;
 * execve starts a process image over. Processes that run no shim (static
 * ones) are counted from their execve. */
#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "caps.h"
#include "identity.h"
#include "commands.h"
#include "env.h"
#include "supervise.h"
#include "target.h"
#include "source.h"
#include "write.h"

#define CALLS_MAX 2048
#define VALUES_MAX 64
#define PROCS_MAX 8192
/* Docker's clone mask: CLONE_NEWNS, NEWUTS, NEWIPC, NEWUSER, NEWPID,
 * NEWNET, NEWCGROUP. */
#define CLONE_NS_MASK 0x7E020000ULL

struct rec {
	bool from_exec;
	struct {
		uint32_t arch;
		int nr;
	} calls[CALLS_MAX];
	size_t n_calls;
	uint64_t families[VALUES_MAX], personas[VALUES_MAX];
	size_t n_families, n_personas;
	bool clone_ns; /* a clone asked for a namespace */
	struct {
		int tgid;
		bool started;
	} procs[PROCS_MAX];
	size_t n_procs;
};

static void add_value(uint64_t *v, size_t *n, uint64_t x)
{
	for (size_t i = 0; i < *n; i++)
		if (v[i] == x)
			return;
	if (*n < VALUES_MAX)
		v[(*n)++] = x;
}

static int field(int pid, const char *key)
{
	char path[64], line[256];
	size_t k = strlen(key);
	int v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, k) == 0)
			v = atoi(line + k);
	if (f)
		fclose(f);
	return v;
}

/* A process's state, found by thread group; a new process inherits its
 * parent's (a fork runs on where its parent was). */
static bool *started(struct rec *r, int tid)
{
	int tgid = field(tid, "Tgid:"), parent;
	size_t i;

	if (tgid < 0)
		tgid = tid;
	for (i = 0; i < r->n_procs; i++)
		if (r->procs[i].tgid == tgid)
			return &r->procs[i].started;
	if (r->n_procs == PROCS_MAX)
		return NULL;
	parent = field(tgid, "PPid:");
	r->procs[r->n_procs].tgid = tgid;
	r->procs[r->n_procs].started = true;
	for (i = 0; i < r->n_procs; i++)
		if (r->procs[i].tgid == parent)
			r->procs[r->n_procs].started = r->procs[i].started;
	return &r->procs[r->n_procs++].started;
}

static void note(struct rec *r, const struct seccomp_data *d)
{
	for (size_t i = 0; i < r->n_calls; i++)
		if (r->calls[i].arch == d->arch && r->calls[i].nr == d->nr)
			goto args;
	if (r->n_calls < CALLS_MAX) {
		r->calls[r->n_calls].arch = d->arch;
		r->calls[r->n_calls++].nr = d->nr;
	}
args:
	if (d->arch != sc_arch_native()->audit)
		return;
	if (d->nr == __NR_socket)
		add_value(r->families, &r->n_families, d->args[0]);
	else if (d->nr == __NR_personality)
		add_value(r->personas, &r->n_personas, d->args[0]);
	else if (d->nr == __NR_clone && (d->args[0] & CLONE_NS_MASK))
		r->clone_ns = true;
}

static void record_call(struct sc_sink *sink, const struct seccomp_notif *req,
			struct seccomp_notif_resp *resp)
{
	struct rec *r = sink->data;
	const struct seccomp_data *d = &req->data;
	bool *s = started(r, (int)req->pid);
	bool native = d->arch == sc_arch_native()->audit;

	(void)resp; /* always let it through */
	if (native && d->nr == __NR_prctl && d->args[0] == PR_GET_SECCOMP) {
		if (s)
			*s = true; /* the shim's question: main is next */
		return;
	}
	if (r->from_exec || !s || *s || (native && d->nr == __NR_execve))
		note(r, d);
	if (native && d->nr == __NR_execve && s && !r->from_exec)
		*s = false; /* a new image: ld.so first */
}

static void record_end(struct sc_sink *sink, int status)
{
	(void)sink, (void)status;
}

static struct sc_rule *rule(struct sc_profile *p, enum sc_action a,
			    uint32_t errno_ret)
{
	struct sc_rule *r = sc_profile_add_rule(p);

	if (r) {
		r->action = a;
		r->has_errno = a == SC_ACT_ERRNO;
		r->errno_ret = errno_ret;
		r->lax_names = true;
	}
	return r;
}

static int one_arg(struct sc_profile *p, const char *name, unsigned index,
		   enum sc_op op, uint64_t v, uint64_t v2)
{
	struct sc_rule *r = rule(p, SC_ACT_ALLOW, 0);

	if (!r || sc_strv_add(&r->names, name, strlen(name)) < 0 ||
	    !(r->args = calloc(1, sizeof(*r->args))))
		return -ENOMEM;
	r->args[0] = (struct sc_arg){ index, v, v2, op };
	r->n_args = 1;
	return 0;
}

/* The calls with argument conditions, as Docker's profile has them. */
static int conditional(struct sc_profile *p, const struct rec *r, bool socket,
		       bool persona, bool clone)
{
	int rc = 0;

	for (size_t i = 0; socket && rc == 0 && i < r->n_families; i++)
		rc = one_arg(p, "socket", 0, SC_OP_EQ, r->families[i], 0);
	for (size_t i = 0; persona && rc == 0 && i < r->n_personas; i++)
		rc = one_arg(p, "personality", 0, SC_OP_EQ, r->personas[i], 0);
	if (clone && rc == 0)
		rc = r->clone_ns ? 0
				 : one_arg(p, "clone", 0, SC_OP_MASKED_EQ,
					   CLONE_NS_MASK, 0);
	return rc;
}

static const char *const probed[] = { "clone3", "statx", "faccessat2",
				      "openat2", "close_range" };

static int build(struct sc_profile *p, const struct rec *r)
{
	struct sc_rule *allow = rule(p, SC_ACT_ALLOW, 0), *nosys;
	bool socket = false, persona = false, clone = false;
	const struct sc_arch *native = sc_arch_native();
	size_t at = p->n_rules - 1; /* adding rules moves them */

	if (!allow)
		return -ENOMEM;
	for (size_t i = 0; i < r->n_calls; i++) {
		char *n = seccomp_syscall_resolve_num_arch(
			r->calls[i].arch == native->audit ? native->scmp
							  : r->calls[i].arch,
			r->calls[i].nr);

		if (!n)
			continue;
		socket |= strcmp(n, "socket") == 0;
		persona |= strcmp(n, "personality") == 0;
		/* clone3 gets ENOSYS, and glibc then calls clone */
		clone |= strcmp(n, "clone") == 0 || strcmp(n, "clone3") == 0;
		if (strcmp(n, "socket") && strcmp(n, "personality") &&
		    strcmp(n, "clone3") &&
		    !(strcmp(n, "clone") == 0 && !r->clone_ns) &&
		    !sc_strv_has(&allow->names, n) &&
		    sc_strv_add(&allow->names, n, strlen(n)) < 0) {
			free(n);
			return -ENOMEM;
		}
		free(n);
	}
	if (conditional(p, r, socket, persona, clone) < 0)
		return -ENOMEM;
	/* glibc falls back from these on ENOSYS (clone3 always: its flags
	 * cannot be checked, clone's can). */
	nosys = rule(p, SC_ACT_ERRNO, ENOSYS);
	if (!nosys)
		return -ENOMEM;
	allow = &p->rules[at];
	for (size_t i = 0; i < sizeof(probed) / sizeof(*probed); i++)
		if (!sc_strv_has(&allow->names, probed[i]) &&
		    sc_strv_add(&nosys->names, probed[i], strlen(probed[i])) <
			    0)
			return -ENOMEM;
	return 0;
}

static int write_out(const struct sc_cli *cli, const struct sc_profile *p,
		     struct sc_err *e)
{
	const char *o = cli->output;
	bool json = cli->format
			    ? strcmp(cli->format, "json") == 0
			    : o && strlen(o) > 5 &&
				      strcmp(o + strlen(o) - 5, ".json") == 0;
	FILE *f = o ? fopen(o, "we") : stdout;
	int rc;

	if (!f)
		return sc_err_set(e, -errno, o, 0, 0, "cannot write: %s",
				  strerror(errno));
	rc = json ? sc_write_json(p, f) : sc_write_ini(p, f);
	if ((o ? fclose(f) : fflush(f)) != 0 && rc == 0)
		rc = -errno;
	if (rc < 0)
		return sc_err_set(e, rc, o, 0, 0, "cannot write: %s",
				  strerror(-rc));
	return 0;
}

/* What the command runs with: the shim, which finds itself "already
 * confined" (the marker) and only asks prctl(PR_GET_SECCOMP). */
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

int sc_cmd_record(const struct sc_cli *cli)
{
	static struct rec r;
	struct sock_filter all =
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
	struct sc_prog prog = { &all, 1 };
	struct sc_sink sink = { record_call, record_end, &r, NULL };
	struct sc_err e = { .line = 0 };
	struct sc_profile *p = NULL;
	char path[PATH_MAX];
	int status, rc;

	if (!cli->argv[0]) {
		fputs("syscage record: give a COMMAND (after --)\n", stderr);
		return SC_EXIT_FAIL;
	}
	r.from_exec = cli->from_exec;
	rc = sc_find_command(cli->argv[0], path, sizeof(path), &e);
	if (rc < 0) {
		sc_report(&e);
		return rc == -ENOENT ? SC_EXIT_NOT_FOUND : SC_EXIT_CANNOT_EXEC;
	}
	if (cli->base)
		rc = sc_profile_load(cli->base, &p, &e);
	else if (!(p = sc_profile_new(cli->output ? cli->output : "recorded")))
		rc = sc_err_set(&e, -ENOMEM, NULL, 0, 0, "out of memory");
	if (rc == 0 && !cli->base) {
		p->has_default = true;
		p->default_action = SC_ACT_ERRNO;
		rc = sc_strv_add(&p->arches, sc_arch_native()->docker,
				 strlen(sc_arch_native()->docker));
	}
	if (rc == 0 && set_origin(p, cli) < 0)
		rc = sc_err_set(&e, -ENOMEM, NULL, 0, 0, "out of memory");
	if (rc == 0)
		rc = record_env(&e);
	if (rc < 0) {
		sc_report(&e);
		sc_profile_free(p);
		return SC_EXIT_FAIL;
	}
	status = sc_supervise_with(cli, path, &prog, &prog, NULL, 0,
				   SC_CAPS_KEEP_ALL, &sink);
	rc = build(p, &r);
	if (rc == 0)
		rc = write_out(cli, p, &e);
	else
		sc_err_set(&e, rc, NULL, 0, 0, "out of memory");
	if (rc < 0)
		sc_report(&e);
	else if (cli->output)
		fprintf(stderr, "syscage: recorded %zu calls into %s\n",
			r.n_calls, cli->output);
	sc_profile_free(p);
	return rc < 0 ? SC_EXIT_FAIL : status;
}
