/* SPDX-License-Identifier: Apache-2.0 */
/* The profile syscage record writes (see record.h). Calls are allowed by
 * name; a few whose arguments say much are allowed only with the values
 * seen, as Docker's profile and minijail's policy generator do. */
#include "record.h"
#include "util.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "arch.h"

/* Every program needs these sooner or later, whether or not the recorded
 * run got there: a thread's end (glibc loops on a denied exit), the return
 * from a signal handler, a sleep resumed after a stop. */
const char *const sc_rec_always[] = { "exit", "exit_group", "restart_syscall",
				      "rt_sigreturn" };
const size_t sc_rec_n_always = SC_ARRAY_SIZE(sc_rec_always);

/* What the shim does in each child that execs a dynamic program, under
 * the replayed profile (identity.c, sc_marker_spec and sc_marker_holds):
 * it resolves the profile's path (realpath: readlink) and looks at the file
 * again (stat), with its euid, before prctl(PR_GET_SECCOMP). The recorded
 * run's shim, with the built-in default, does only the prctl. */
static const char *const shim_child[] = { "readlink", "newfstatat", "geteuid" };

/* glibc falls back from these on ENOSYS (clone3 always: its flags cannot
 * be checked, clone's can). */
static const char *const probed[] = { "clone3", "statx", "faccessat2",
				      "openat2", "close_range" };

static void add_value(struct sc_rec_values *v, uint64_t x)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i] == x)
			return;
	if (v->n < SC_REC_VALUES_MAX)
		v->v[v->n++] = x;
	else
		v->overflow = true;
}

static void note_args(struct sc_rec_seen *s, int nr, const uint64_t *a)
{
	if (nr == SYS_socket)
		add_value(&s->families, a[0]);
	else if (nr == SYS_personality)
		add_value(&s->personas, a[0]);
	else if (nr == SYS_ioctl)
		add_value(&s->ioctls, a[1]);
	else if (nr == SYS_prctl)
		add_value(&s->prctls, a[0]);
	if (nr == SYS_prctl && a[0] == PR_GET_SECCOMP)
		s->shim_children = true;
	if (nr == SYS_setuid || nr == SYS_setreuid || nr == SYS_setresuid ||
	    nr == SYS_setfsuid)
		s->setuid = true;
	else if (nr == SYS_mmap || nr == SYS_mprotect)
		s->prot_exec |= (a[2] & PROT_EXEC) != 0;
	else if (nr == SYS_clone)
		s->clone_ns |= (a[0] & SC_REC_CLONE_NS) != 0;
	if (nr == SYS_clone && (a[0] & CLONE_THREAD))
		s->threads = true;
	if (nr == SYS_clone3)
		s->threads = true; /* its flags sit in memory: assume so */
}

void sc_rec_note(struct sc_rec_seen *s, uint32_t arch, int nr,
		 const uint64_t *args)
{
	size_t i;

	for (i = 0; i < s->n_calls; i++)
		if (s->calls[i].arch == arch && s->calls[i].nr == nr)
			break;
	if (i == s->n_calls && s->n_calls < SC_REC_CALLS_MAX) {
		s->calls[s->n_calls].arch = arch;
		s->calls[s->n_calls++].nr = nr;
	}
	if (arch == sc_arch_native()->audit)
		note_args(s, nr, args);
}

static bool unconditional(const struct sc_rule *r)
{
	return r->n_args == 0 && !r->includes.arches.n && !r->includes.caps.n &&
	       !r->includes.has_min_kernel && !r->excludes.arches.n &&
	       !r->excludes.caps.n && !r->excludes.has_min_kernel;
}

/* Whether @p allows @name whatever its arguments (a --base may). */
static bool allowed(const struct sc_profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if ((p->rules[i].action == SC_ACT_ALLOW ||
		     p->rules[i].action == SC_ACT_LOG) &&
		    unconditional(&p->rules[i]) &&
		    sc_strv_has(&p->rules[i].names, name))
			return true;
	return false;
}

static bool named(const struct sc_profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (sc_strv_has(&p->rules[i].names, name))
			return true;
	return false;
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

/* The index of the plain [allow] rule new names join: the base's first,
 * else a new one. */
static long allow_rule(struct sc_profile *p)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].action == SC_ACT_ALLOW &&
		    unconditional(&p->rules[i]))
			return (long)i;
	return rule(p, SC_ACT_ALLOW, 0) ? (long)p->n_rules - 1 : -ENOMEM;
}

static int allow(struct sc_profile *p, long at, const char *name)
{
	struct sc_strv *n = &p->rules[at].names;

	if (allowed(p, name))
		return 0;
	return sc_strv_add(n, name, strlen(name));
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

/* A call allowed only with the values seen for one argument; every value
 * is a rule (libseccomp ORs rules, not comparisons of one argument). */
static int by_values(struct sc_profile *p, long at, const char *name,
		     unsigned index, const struct sc_rec_values *v)
{
	int rc = 0;

	if (v->overflow || allowed(p, name))
		return allow(p, at, name);
	for (size_t i = 0; rc == 0 && i < v->n; i++)
		rc = one_arg(p, name, index, SC_OP_EQ, v->v[i], 0);
	return rc;
}

/* A call that is recorded with a condition: handled by conditional(). */
static bool special(const char *n)
{
	static const char *const s[] = { "socket", "personality", "ioctl",
					 "prctl",  "mmap",	  "mprotect",
					 "clone",  "clone3" };

	for (size_t i = 0; i < SC_ARRAY_SIZE(s); i++)
		if (strcmp(n, s[i]) == 0)
			return true;
	return false;
}

static int conditional(struct sc_profile *p, long at,
		       const struct sc_rec_seen *s, const struct sc_strv *seen)
{
	int rc = 0;

	if (sc_strv_has(seen, "socket"))
		rc = by_values(p, at, "socket", 0, &s->families);
	if (rc == 0 && sc_strv_has(seen, "personality"))
		rc = by_values(p, at, "personality", 0, &s->personas);
	if (rc == 0 && sc_strv_has(seen, "ioctl"))
		rc = by_values(p, at, "ioctl", 1, &s->ioctls);
	if (rc == 0 && sc_strv_has(seen, "prctl"))
		rc = by_values(p, at, "prctl", 0, &s->prctls);
	for (int i = 0; rc == 0 && i < 2; i++) {
		const char *n = i ? "mprotect" : "mmap";

		if (!sc_strv_has(seen, n))
			continue;
		rc = s->prot_exec || allowed(p, n)
			     ? allow(p, at, n)
			     : one_arg(p, n, 2, SC_OP_MASKED_EQ, PROT_EXEC, 0);
	}
	/* clone3 gets ENOSYS, and glibc then calls clone */
	if (rc == 0 &&
	    (sc_strv_has(seen, "clone") || sc_strv_has(seen, "clone3")))
		rc = s->clone_ns || allowed(p, "clone")
			     ? allow(p, at, "clone")
			     : one_arg(p, "clone", 0, SC_OP_MASKED_EQ,
				       SC_REC_CLONE_NS, 0);
	return rc;
}

static int names_seen(const struct sc_rec_seen *s, struct sc_strv *seen)
{
	const struct sc_arch *native = sc_arch_native();

	for (size_t i = 0; i < s->n_calls; i++) {
		uint32_t a = s->calls[i].arch == native->audit
				     ? native->scmp
				     : s->calls[i].arch;
		char *n = seccomp_syscall_resolve_num_arch(a, s->calls[i].nr);
		int rc = 0;

		if (n && !sc_strv_has(seen, n))
			rc = sc_strv_add(seen, n, strlen(n));
		free(n);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int sc_rec_build(struct sc_profile *p, const struct sc_rec_seen *s)
{
	struct sc_strv seen = { 0 };
	struct sc_rule *nosys;
	long at = allow_rule(p);
	int rc = at < 0 ? (int)at : names_seen(s, &seen);

	for (size_t i = 0; rc == 0 && i < seen.n; i++)
		if (!special(seen.v[i]))
			rc = allow(p, at, seen.v[i]);
	for (size_t i = 0; rc == 0 && i < sc_rec_n_always; i++)
		rc = allow(p, at, sc_rec_always[i]);
	for (size_t i = 0;
	     rc == 0 && s->shim_children && i < SC_ARRAY_SIZE(shim_child); i++)
		rc = allow(p, at, shim_child[i]);
	/* After a change of user, it asks for its capabilities too. */
	if (rc == 0 && s->shim_children && s->setuid)
		rc = allow(p, at, "capget");
	/* Threads wait for each other in futex, whether or not they had to
	 * in the recorded run. */
	if (rc == 0 && s->threads)
		rc = allow(p, at, "futex");
	if (rc == 0)
		rc = conditional(p, at, s, &seen);
	nosys = rc == 0 ? rule(p, SC_ACT_ERRNO, ENOSYS) : NULL;
	if (rc == 0 && !nosys)
		rc = -ENOMEM;
	for (size_t i = 0; rc == 0 && i < SC_ARRAY_SIZE(probed); i++)
		if (!named(p, probed[i]))
			rc = sc_strv_add(&nosys->names, probed[i],
					 strlen(probed[i]));
	/* A base that names them all needs no ENOSYS rule. */
	if (rc == 0 && nosys->names.n == 0)
		p->n_rules--, sc_strv_clear(&nosys->names);
	sc_strv_clear(&seen);
	return rc;
}
