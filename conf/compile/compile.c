/* SPDX-License-Identifier: Apache-2.0 */
/* Model to seccomp program. The rules go into libseccomp in runc 1.1's order
 * and shape (libcontainer/seccomp/seccomp_linux.go: matchCall), so that
 * libseccomp merges, drops and rejects them exactly as under Docker; the BPF
 * it exports then gets runc's -ENOSYS stub in front (enosys.c). */
#include "compile.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpf.h"
#include "enosys.h"
#include "guard.h"
#include "layout.h"
#include "util.h"

static void ctx_release(scmp_filter_ctx *ctx)
{
	if (*ctx)
		seccomp_release(*ctx);
}
#define _cleanup_ctx_ __attribute__((cleanup(ctx_release)))

uint32_t sc_action_value(enum sc_action a, bool has_errno, uint32_t errno_ret)
{
	/* runc: a missing errnoRet means EPERM for ERRNO and TRACE; it
	 * passes the value through an int16, so only the low 16 bits count. */
	uint32_t e = has_errno ? errno_ret & 0xffff : EPERM;

	switch (a) {
	case SC_ACT_KILL:
	case SC_ACT_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case SC_ACT_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case SC_ACT_TRAP:
		return SCMP_ACT_TRAP;
	case SC_ACT_ERRNO:
		return SCMP_ACT_ERRNO(e);
	case SC_ACT_TRACE:
		return SCMP_ACT_TRACE(e);
	case SC_ACT_ALLOW:
		return SCMP_ACT_ALLOW;
	case SC_ACT_LOG:
		return SCMP_ACT_LOG;
	case SC_ACT_NOTIFY:
		return SCMP_ACT_NOTIFY;
	}
	return SCMP_ACT_KILL_PROCESS;
}

static const enum scmp_compare scmp_ops[] = {
	[SC_OP_NE] = SCMP_CMP_NE,
	[SC_OP_LT] = SCMP_CMP_LT,
	[SC_OP_LE] = SCMP_CMP_LE,
	[SC_OP_EQ] = SCMP_CMP_EQ,
	[SC_OP_GE] = SCMP_CMP_GE,
	[SC_OP_GT] = SCMP_CMP_GT,
	[SC_OP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
};

/* Where a rule was written: an INI include, or the profile itself. */
static const char *rule_file(const struct sc_profile *p,
			     const struct sc_rule *r)
{
	return r->file ? r->file : p->file;
}

/* A seccomp agent would have to receive the listener fd, and the process
 * itself cannot be its own agent: refuse rather than install a filter whose
 * notifications nobody answers (the call would block forever). */
static int check_notify(const struct sc_profile *p, const struct sc_resolved *r,
			struct sc_err *err)
{
	if (p->default_action == SC_ACT_NOTIFY)
		return sc_err_set(
			err, -EINVAL, p->file, p->default_line, 0,
			"SCMP_ACT_NOTIFY cannot be the default action");
	/* With a listenerPath, the agent there answers (syscage agent,
	 * shim/agent.c); anywhere else a notified call is denied: the
	 * loader's supervisor answers EPERM, and with no listener at all
	 * the kernel answers ENOSYS. */
	if (p->listener_path && *p->listener_path)
		return 0;
	for (size_t i = 0; i < r->n_calls; i++)
		if (r->calls[i].rule->action == SC_ACT_NOTIFY)
			return sc_err_set(
				err, -EOPNOTSUPP,
				rule_file(p, r->calls[i].rule),
				r->calls[i].rule->line, 0,
				"%s: SCMP_ACT_NOTIFY needs a seccomp agent: "
				"set \"listenerPath\" (syscage agent's "
				"socket), or use SCMP_ACT_ERRNO",
				r->calls[i].name);
	return 0;
}

/* One rule per condition when they OR (sc_rule_args_or), else one rule
 * with all of them. */
static int add_call(scmp_filter_ctx ctx, int nr, uint32_t act,
		    const struct sc_rule *rule)
{
	struct scmp_arg_cmp cmp[SC_ARGS_MAX * 8];
	size_t n = rule->n_args;
	int rc;

	if (n == 0)
		return seccomp_rule_add(ctx, act, nr, 0);
	if (n > SC_ARRAY_SIZE(cmp))
		return -E2BIG;
	for (size_t i = 0; i < n; i++) {
		const struct sc_arg *a = &rule->args[i];

		cmp[i] = (struct scmp_arg_cmp){ a->index, scmp_ops[a->op],
						a->value, a->value_two };
	}
	if (!sc_rule_args_or(rule))
		return seccomp_rule_add_array(ctx, act, nr, n, cmp);
	for (size_t i = 0; i < n; i++) {
		rc = seccomp_rule_add_array(ctx, act, nr, 1, &cmp[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Docker's rules skip a name libseccomp does not know (runc does; we say
 * so); a hand-written rule names it by mistake, so that is an error. */
static int unknown_name(const struct sc_profile *p, const struct sc_opts *o,
			const struct sc_call *c, struct sc_strv *unknown,
			struct sc_err *err)
{
	const struct sc_rule *rule = c->rule;
	const char *file = rule_file(p, rule);

	if ((o->strict && !rule->quiet_unknown) ||
	    (!rule->lax_names && !o->lenient))
		return sc_err_set(err, -EINVAL, file, rule->line, 0,
				  "unknown syscall \"%s\"%s", c->name,
				  o->strict ? " (--strict)"
					    : ": a typo? (--lenient skips it)");
	if (rule->quiet_unknown || sc_strv_has(unknown, c->name))
		return 0;
	if (sc_strv_add(unknown, c->name, strlen(c->name)) < 0)
		return sc_err_oom(err);
	return 0;
}

/* libseccomp 2.5 checks each new rule against every rule added before, so
 * adding is quadratic: a profile naming one call 350,000 times took
 * minutes. A repeat of an unconditional rule already added (same call,
 * same action) changes nothing in libseccomp, so it is not added again;
 * and the number of rules is bounded, so a hostile profile ends in an
 * error in about a second instead of running for hours. */
#define ADDS_MAX 4096
#define SEEN_SLOTS 8192 /* a power of two above ADDS_MAX */

struct adds {
	size_t n;
	struct {
		int nr;
		uint32_t act;
		bool used;
	} seen[SEEN_SLOTS];
};

/* True when (@nr, @act) was added unconditionally before; records it. */
static bool repeat(struct adds *a, int nr, uint32_t act)
{
	size_t h = ((uint32_t)nr * 2654435761u ^ act) & (SEEN_SLOTS - 1);

	while (a->seen[h].used) {
		if (a->seen[h].nr == nr && a->seen[h].act == act)
			return true;
		h = (h + 1) & (SEEN_SLOTS - 1);
	}
	a->seen[h].used = true;
	a->seen[h].nr = nr;
	a->seen[h].act = act;
	return false;
}

static int add_bounded(scmp_filter_ctx ctx, struct adds *a, int nr,
		       uint32_t act, const struct sc_rule *rule)
{
	if (rule->n_args == 0 && repeat(a, nr, act))
		return 0;
	if (++a->n > ADDS_MAX)
		return -E2BIG;
	return add_call(ctx, nr, act, rule);
}

static int add_rules(scmp_filter_ctx ctx, const struct sc_profile *p,
		     const struct sc_opts *o, const struct sc_resolved *r,
		     struct sc_compiled *out, struct sc_err *err)
{
	/* 96 KiB: on the heap, not the stack (the shim compiles on the
	 * program's own, which may be small) and not static (sc_compile is
	 * reentrant). */
	_cleanup_free_ struct adds *adds = calloc(1, sizeof(*adds));

	if (!adds)
		return sc_err_oom(err);
	for (size_t i = 0; i < r->n_calls; i++) {
		const struct sc_call *c = &r->calls[i];
		const struct sc_rule *rule = c->rule;
		uint32_t act;
		int nr, rc;

		if (!c->name[0])
			return sc_err_set(err, -EINVAL, rule_file(p, rule),
					  rule->line, 0,
					  "empty string is not a syscall name");
		act = sc_action_value(rule->action, rule->has_errno,
				      rule->errno_ret);
		if (act == out->default_action)
			continue; /* runc skips what the default already does */
		nr = seccomp_syscall_resolve_name(c->name);
		if (nr == __NR_SCMP_ERROR) {
			rc = unknown_name(p, o, c, &out->unknown, err);
			if (rc < 0)
				return rc;
			continue;
		}
		if (rule->action == SC_ACT_ERRNO &&
		    (rule->errno_ret & 0xffff) >= SC_ERRNO_MAX)
			return sc_err_set(
				err, -EINVAL, rule_file(p, rule), rule->line, 0,
				"%s: errnoRet %u is out of range: "
				"libseccomp, and so runc, takes "
				"0..%d",
				c->name, rule->errno_ret, SC_ERRNO_MAX - 1);
		rc = add_bounded(ctx, adds, nr, act, rule);
		if (rc == -E2BIG)
			return sc_err_set(
				err, rc, rule_file(p, rule), rule->line, 0,
				"more than %d distinct rules; syscage "
				"compiles at most that many "
				"(Docker's default has about 450)",
				ADDS_MAX);
		if (rc == -EEXIST)
			return sc_err_set(err, rc, rule_file(p, rule),
					  rule->line, 0,
					  "%s: this condition already has "
					  "another action in an earlier rule",
					  c->name);
		if (rc < 0)
			return sc_err_set(err, rc, rule_file(p, rule),
					  rule->line, 0,
					  "%s: libseccomp refused the rule: %s",
					  c->name, strerror(-rc));
	}
	return 0;
}

static int flags_of(const struct sc_profile *p, unsigned *flags)
{
	/* runc 1.1.5 refuses any flag; later runc versions take these and
	 * add SPEC_ALLOW when "flags" is absent. syscage takes them, and
	 * adds nothing: the speculative-store-bypass mitigation stays on as
	 * under runc 1.1.5. */
	*flags = 0;
	for (size_t i = 0; i < p->flags.n; i++) {
		if (strcmp(p->flags.v[i], "SECCOMP_FILTER_FLAG_LOG") == 0)
			*flags |= SECCOMP_FILTER_FLAG_LOG;
		else if (strcmp(p->flags.v[i],
				"SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
			*flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
		/* TSYNC: syscage always synchronises threads. */
	}
	return 0;
}

static int build(const struct sc_profile *p, const struct sc_opts *o,
		 const struct sc_resolved *r, scmp_filter_ctx *ctxp,
		 struct sc_compiled *out, struct sc_err *err)
{
	scmp_filter_ctx ctx;
	int rc;

	if (!p->has_default)
		return sc_err_msg(err, -EINVAL, p->file,
				  "the profile has no defaultAction");
	rc = check_notify(p, r, err);
	if (rc < 0)
		return rc;
	/* Compile for a kernel with every feature; the kernel rejects at
	 * load time what it lacks. libseccomp then probes nothing, which
	 * matters inside an already filtered process. */
	seccomp_api_set(6);
	out->default_action = sc_action_value(
		p->default_action, p->has_default_errno, p->default_errno);
	ctx = seccomp_init(out->default_action);
	if (!ctx && p->default_action == SC_ACT_ERRNO)
		return sc_err_set(err, -EINVAL, p->file, p->default_line, 0,
				  "defaultErrnoRet %u is out of range: "
				  "libseccomp, and so runc, takes 0..%d",
				  p->default_errno, SC_ERRNO_MAX - 1);
	if (!ctx)
		return sc_err_set(err, -EINVAL, p->file, p->default_line, 0,
				  "libseccomp refused the default action");
	*ctxp = ctx;
	for (size_t i = 0; i < r->n_arches; i++) {
		uint32_t a = r->arches[i]->scmp;

		if (seccomp_arch_exist(ctx, a) == -EEXIST &&
		    (rc = seccomp_arch_add(ctx, a)) < 0)
			return sc_err_msg(err, rc, p->file,
					  "libseccomp cannot add %s: %s",
					  r->arches[i]->docker, strerror(-rc));
	}
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	/* As runc: a binary tree for long rule sets (libseccomp 2.5.4
	 * misbehaves with it on an empty one). */
	if (r->n_calls > 32 && o->layout != SC_LAYOUT_LINEAR)
		seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	flags_of(p, &out->flags);
	return add_rules(ctx, p, o, r, out, err);
}

static int read_prog(int fd, struct sc_prog *prog, struct sc_err *err)
{
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) < 0 || st.st_size % sizeof(struct sock_filter) ||
	    lseek(fd, 0, SEEK_SET) < 0)
		return sc_err_msg(err, -EIO, NULL,
				  "cannot read the exported filter");
	prog->len = st.st_size / sizeof(struct sock_filter);
	prog->insns = malloc(st.st_size ? st.st_size : 1);
	if (!prog->insns)
		return sc_err_oom(err);
	n = read(fd, prog->insns, st.st_size);
	if (n != st.st_size)
		return sc_err_msg(err, -EIO, NULL,
				  "cannot read the exported filter");
	return 0;
}

/* Keeps a copy of the stub for `syscage explain`, then lays the program
 * out again. A program the layout pass does not model stays as libseccomp
 * made it: the same decisions, only slower to load. */
static int finish(const struct sc_opts *o, struct sc_compiled *c,
		  struct sc_err *err)
{
	struct sc_prog laid;
	int rc;

	c->raw_len = c->prog.len;
	if (sc_prog_dup(&c->prog, c->stub.len, &c->stub))
		return sc_err_oom(err);
	if (o->layout != SC_LAYOUT_RANGES)
		return 0;
	rc = sc_layout(&c->prog, &laid);
	if (rc == -ENOMEM)
		return sc_err_oom(err);
	if (rc == 0) {
		free(c->prog.insns);
		c->prog = laid;
	}
	return 0;
}

int sc_compile(const struct sc_profile *p, const struct sc_opts *o,
	       struct sc_compiled *out, struct sc_err *err)
{
	_cleanup_ctx_ scmp_filter_ctx ctx = NULL;
	_cleanup_fd_ int fd = -1;
	struct sc_resolved r;
	struct sc_prog bpf = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	out->caps_keep = o->caps_keep;
	if (p->listener_path && *p->listener_path &&
	    !(out->listener = strdup(p->listener_path)))
		return sc_err_oom(err);
	out->caps = o->caps;
	out->caps_kind = o->caps_kind;
	rc = sc_resolve(p, o, &r, err);
	if (rc == 0)
		rc = build(p, o, &r, &ctx, out, err);
	if (rc < 0)
		goto out;
	/* libseccomp 2.5 exports only to a file descriptor. */
	fd = memfd_create("syscage-bpf", MFD_CLOEXEC);
	if (fd < 0) {
		rc = sc_err_msg(err, -errno, NULL, "memfd_create: %s",
				strerror(errno));
		goto out;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		sc_err_msg(err, rc, p->file,
			   "libseccomp cannot generate the filter: %s",
			   strerror(-rc));
		goto out;
	}
	rc = read_prog(fd, &bpf, err);
	if (rc == 0)
		rc = sc_enosys_patch(p, &r, &bpf, &out->prog, &out->stub.len,
				     err);
	if (rc == 0)
		rc = finish(o, out, err);
	if (rc == 0 && (rc = sc_guard_prepend(&out->prog)) < 0)
		sc_err_msg(err, rc, p->file,
			   "the filter is too large to load (%zu instructions)",
			   out->prog.len);
out:
	free(bpf.insns);
	sc_resolved_clear(&r);
	if (rc < 0)
		sc_compiled_clear(out);
	return rc;
}

int sc_compile_pfc(const struct sc_profile *p, const struct sc_opts *o, int fd,
		   struct sc_err *err)
{
	_cleanup_ctx_ scmp_filter_ctx ctx = NULL;
	struct sc_compiled c = { 0 };
	struct sc_resolved r;
	int rc;

	rc = sc_resolve(p, o, &r, err);
	if (rc == 0)
		rc = build(p, o, &r, &ctx, &c, err);
	if (rc == 0) {
		rc = seccomp_export_pfc(ctx, fd);
		if (rc < 0)
			sc_err_msg(err, rc, p->file,
				   "libseccomp cannot export the filter: %s",
				   strerror(-rc));
	}
	if (rc == 0)
		rc = sc_enosys_describe(p, &r, fd, err);
	sc_compiled_clear(&c);
	sc_resolved_clear(&r);
	return rc;
}
