/* SPDX-License-Identifier: Apache-2.0 */
/* The checks of `syscage check` (see lint.h). Every finding about what a call
 * gets comes from running the compiled filter (sc_model_run, sc_explain), so
 * it holds for the filter the kernel would load, on the native ABI, for the
 * capabilities and kernel the profile was resolved for. */
#include "lint.h"

#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "lint_keys.h"
#include "stage.h"

#define NAMES_MAX 160 /* names listed in one finding, then "and N more" */

struct ctx {
	const struct sc_model *m;
	struct sc_lints *out;
	size_t cap;
	int rc;
	bool at_run; /* what add() finds is said at run time too */
};

static void add(struct ctx *c, const char *file, unsigned line, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

static void add(struct ctx *c, const char *file, unsigned line, const char *fmt,
		...)
{
	struct sc_lint *l;
	va_list ap;

	if (c->rc)
		return;
	if (c->out->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;

		l = realloc(c->out->v, cap * sizeof(*l));
		if (!l) {
			c->rc = -ENOMEM;
			return;
		}
		c->out->v = l;
		c->cap = cap;
	}
	l = &c->out->v[c->out->n++];
	l->file = file;
	l->line = line;
	l->order = c->out->n;
	l->at_run = c->at_run;
	va_start(ap, fmt);
	vsnprintf(l->msg, sizeof(l->msg), fmt, ap);
	va_end(ap);
}

/* ---- findings that share a place, listing calls ---- */

struct group {
	const void *key, *key2; /* what the calls share */
	const char *file;
	unsigned line;
	uint32_t action;
	bool by_default; /* the default action decides */
	char names[NAMES_MAX];
	size_t n, more, count;
};

struct groups {
	struct group *v;
	size_t n;
};

static struct group *group_of(struct ctx *c, struct groups *gs, const void *key,
			      const void *key2)
{
	struct group *g;

	for (size_t i = 0; i < gs->n; i++)
		if (gs->v[i].key == key && gs->v[i].key2 == key2)
			return &gs->v[i];
	g = realloc(gs->v, (gs->n + 1) * sizeof(*g));
	if (!g) {
		c->rc = -ENOMEM;
		return NULL;
	}
	gs->v = g;
	g = &gs->v[gs->n++];
	memset(g, 0, sizeof(*g));
	g->key = key;
	g->key2 = key2;
	return g;
}

static bool listed(const char *list, const char *name)
{
	size_t len = strlen(name), n;

	for (const char *s = list; *s; s += n, s += strspn(s, ", ")) {
		n = strcspn(s, ",");
		if (n == len && strncmp(s, name, len) == 0)
			return true;
	}
	return false;
}

static void group_name(struct group *g, const char *name)
{
	size_t len = strlen(name);

	if (listed(g->names, name))
		return; /* a rule may name a call twice */
	g->count++;
	if (g->n + len + 2 >= sizeof(g->names) - 16) {
		g->more++;
		return;
	}
	g->n += (size_t)snprintf(g->names + g->n, sizeof(g->names) - g->n,
				 "%s%s", g->n ? ", " : "", name);
}

/* "a, b and 3 more" */
static const char *group_list(struct group *g)
{
	if (g->more)
		snprintf(g->names + g->n, sizeof(g->names) - g->n,
			 " and %zu more", g->more);
	return g->names;
}

/* Where @v's decision is written: its rule, or the default action. */
static void decided_at(const struct sc_model *m, const struct sc_verdict *v,
		       struct group *g)
{
	g->file = v->rule ? sc_rule_file(m->p, v->rule) : m->p->file;
	g->line = v->rule ? v->rule->line : m->p->default_line;
	g->by_default = !v->rule;
	g->action = v->action;
}

static void explain_nr(const struct sc_model *m, int nr, const uint64_t *args,
		       struct sc_verdict *v)
{
	struct seccomp_data d = { .nr = nr, .arch = m->audit };

	if (args)
		memcpy(d.args, args, sizeof(d.args));
	sc_explain(m, &d, v);
}

/* ---- the default action ---- */

static void lint_default(struct ctx *c)
{
	const struct sc_profile *p = c->m->p;

	if (p->default_action != SC_ACT_ALLOW &&
	    p->default_action != SC_ACT_LOG)
		return;
	add(c, p->file, p->default_line,
	    "the default action is %s: every call no rule names runs, "
	    "including calls of kernels yet to come; deny by default (errno "
	    "EPERM) and allow what the program needs",
	    p->default_action == SC_ACT_LOG ? "log" : "allow");
}

/* ---- architectures ---- */

static bool is_json(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len && strchr(" \t\r\n", text[i]))
		i++;
	return i < len && text[i] == '{';
}

/* Whether the line @buf sets the INI key @key. */
static bool sets_key(const char *buf, const char *key)
{
	size_t k = strlen(key);

	buf += strspn(buf, " \t");
	return strncmp(buf, key, k) == 0 && buf[k] && strchr(" \t=", buf[k]) &&
	       buf[k + strspn(buf + k, " \t")] == '=';
}

/* The first line holding @needle (JSON) or setting the key @key (INI). */
static unsigned line_of(const char *text, size_t len, const char *needle,
			const char *key)
{
	bool json = is_json(text, len);
	unsigned line = 1;

	for (size_t i = 0; i < len; line++) {
		const char *eol = memchr(text + i, '\n', len - i);
		size_t n = eol ? (size_t)(eol - text) - i : len - i;
		char buf[512];

		snprintf(buf, sizeof(buf), "%.*s", (int)n, text + i);
		if (json ? needle && strstr(buf, needle)
			 : key && sets_key(buf, key))
			return line;
		i += n + 1;
	}
	return 0;
}

unsigned sc_ini_key_line(const char *text, size_t len, const char *key)
{
	return text && !is_json(text, len) ? line_of(text, len, NULL, key) : 0;
}

static void lint_arches(struct ctx *c, const char *text, size_t len)
{
	const struct sc_model *m = c->m;
	const char *native = sc_arch_native()->go;
	char needle[64];

	for (size_t i = 0; i < m->r.n_arches; i++) {
		const struct sc_arch *a = m->r.arches[i];

		if (a->audit == m->audit && a->scmp == a->audit)
			continue; /* the native ABI itself */
		snprintf(needle, sizeof(needle), "\"%s\"", a->docker);
		add(c, m->p->file,
		    text ? line_of(text, len, needle, "arch") : 0,
		    "the %s ABI is allowed besides the native %s: %s; "
		    "unless you run them, leave it out and the filter kills "
		    "its calls outright%s",
		    a->go, native,
		    a->scmp != a->audit ? "x32 programs are rarer still, and "
					  "most kernels lack x32"
					: "32-bit programs are rare",
		    a->audit == AUDIT_ARCH_I386
			    ? " (int 0x80 from a 64-bit program too)"
			    : "");
	}
}

/* ---- names libseccomp does not know ---- */

static void lint_unknown(struct ctx *c)
{
	const struct sc_model *m = c->m;
	const struct scmp_version *ver = seccomp_version();
	struct groups gs = { 0 };
	struct group *g;

	for (size_t i = 0; i < m->r.n_calls && !c->rc; i++) {
		const struct sc_call *call = &m->r.calls[i];

		if (call->rule->quiet_unknown ||
		    seccomp_syscall_resolve_name(call->name) != __NR_SCMP_ERROR)
			continue;
		/* by line: an INI line of ?NAMEs is a rule each */
		g = group_of(c, &gs, sc_rule_file(m->p, call->rule),
			     (const void *)(uintptr_t)call->rule->line);
		if (g)
			group_name(g, call->name);
	}
	for (size_t i = 0; i < gs.n; i++) {
		add(c, gs.v[i].key, (unsigned)(uintptr_t)gs.v[i].key2,
		    "unknown to libseccomp %u.%u.%u, skipped as runc does: %s",
		    ver->major, ver->minor, ver->micro, group_list(&gs.v[i]));
	}
	free(gs.v);
}

/* ---- rules that never take effect ---- */

/* Whether some argument set that meets @r gets @r's action; *@seen says
 * whether any did meet it. @v explains the first that met it. */
static bool takes_effect(const struct sc_model *m, const struct sc_rule *r,
			 int nr, bool *seen, struct sc_verdict *v)
{
	uint64_t w[SC_ARGS_MAX * 2][SC_ARGS_MAX];
	size_t n = sc_rule_witnesses(r, w, SC_ARGS_MAX * 2);
	uint32_t act = sc_action_value(r->action, r->has_errno, r->errno_ret);

	*seen = false;
	for (size_t i = 0; i < n; i++) {
		if (!sc_rule_matches(r, w[i]))
			continue;
		if (sc_model_run(m, nr, w[i], NULL) == act)
			return true;
		if (!*seen)
			explain_nr(m, nr, w[i], v);
		*seen = true;
	}
	return false;
}

static void shadow_report(struct ctx *c, struct groups *gs)
{
	const struct sc_model *m = c->m;
	char act[64];

	for (size_t i = 0; i < gs->n; i++) {
		struct group *g = &gs->v[i];
		const struct sc_rule *r = g->key;

		if (!g->file) {
			add(c, sc_rule_file(m->p, r), r->line,
			    "%s: the condition can never hold", group_list(g));
			continue;
		}
		sc_action_words(g->action, act, sizeof(act));
		add(c, sc_rule_file(m->p, r), r->line,
		    "%s: this rule never takes effect: %s at %s:%u decides "
		    "%s instead (%s)",
		    group_list(g),
		    g->by_default ? "the default action" : "the rule", g->file,
		    g->line, g->count > 1 ? "them" : "it", act);
	}
}

static void lint_shadow(struct ctx *c)
{
	const struct sc_model *m = c->m;
	struct groups gs = { 0 };
	struct sc_verdict v;
	struct group *g;
	bool seen;

	for (size_t i = 0; i < m->r.n_calls && !c->rc; i++) {
		const struct sc_rule *r = m->r.calls[i].rule;

		/* "[errno ENOSYS] clone3" then "@default": the group's own
		 * clone3 gives way on purpose. */
		if (m->nr[i] < 0 || r->quiet_unknown ||
		    takes_effect(m, r, m->nr[i], &seen, &v))
			continue;
		/* [deny] takes calls from what it includes: on purpose. */
		if (seen && v.rule && v.rule->narrows)
			continue;
		g = group_of(c, &gs, r, seen ? (const void *)v.rule : r);
		if (!g)
			break;
		if (seen)
			decided_at(m, &v, g);
		group_name(g, m->r.calls[i].name);
	}
	shadow_report(c, &gs);
	free(gs.v);
}

/* ---- calls that are risky to allow, or wrong to deny ---- */

/* Each of @names allowed (when @want_allowed) or denied on the native ABI
 * with all arguments zero, grouped by the rule that decides. */
static void lint_calls(struct ctx *c, const char *const *names, size_t n,
		       bool (*flag)(const char *name, uint32_t act),
		       const char *what)
{
	const struct sc_model *m = c->m;
	struct groups gs = { 0 };
	struct sc_verdict v;
	struct group *g;

	for (size_t i = 0; i < n && !c->rc; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);

		if (nr < 0)
			continue;
		explain_nr(m, nr, NULL, &v);
		if (v.uses_args || !flag(names[i], v.action))
			continue;
		g = group_of(c, &gs, v.rule, NULL);
		if (!g)
			break;
		decided_at(m, &v, g);
		group_name(g, names[i]);
	}
	for (size_t i = 0; i < gs.n; i++)
		add(c, gs.v[i].file, gs.v[i].line, "%s: %s",
		    group_list(&gs.v[i]), what);
	free(gs.v);
}

static bool allowed(const char *name, uint32_t act)
{
	return sc_lets_run(act);
}

static const char *const io_uring[] = { "io_uring_setup", "io_uring_enter",
					"io_uring_register" };
static const char *const ptrace[] = { "ptrace" };
static const char *const clone3[] = { "clone3" };
static const char *const exits[] = { "exit", "exit_group" };

/* glibc falls back from clone3 to clone only on ENOSYS. */
static bool clone3_broken(const char *name, uint32_t act)
{
	return (act & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO &&
	       (act & SECCOMP_RET_DATA) != ENOSYS;
}

/* A call that ends a thread or process cannot fail: glibc calls it again
 * in a loop. */
static bool exit_fails(const char *name, uint32_t act)
{
	return (act & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO;
}

/* What @default holds is needed by every program, but for what glibc
 * copes without: clone3 and statx returning ENOSYS (it falls back to clone
 * and fstatat, as runc's stub intends) and rseq failing (it runs without
 * restartable sequences). */
static bool needed_denied(const char *name, uint32_t act)
{
	bool err = (act & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO;

	if (sc_lets_run(act))
		return false;
	if (err && (act & SECCOMP_RET_DATA) == ENOSYS &&
	    (strcmp(name, "clone3") == 0 || strcmp(name, "statx") == 0))
		return false;
	return !(strcmp(name, "rseq") == 0 && err);
}

struct names {
	const char **v;
	size_t n;
};

static int collect(const char *name, void *data)
{
	struct names *ns = data;
	const char **v = realloc(ns->v, (ns->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[ns->n++] = name;
	ns->v = v;
	return 0;
}

static void lint_needed(struct ctx *c)
{
	const struct sc_group *g = sc_group_find("@default");
	struct names ns = { 0 };

	if (!g)
		return;
	if (sc_group_expand(g, collect, &ns) < 0)
		c->rc = -ENOMEM;
	else
		lint_calls(c, ns.v, ns.n, needed_denied,
			   "denied, though @default has it (what programs "
			   "call after main, measured): programs under this "
			   "profile may fail");
	free(ns.v);
}

static void lint_risky(struct ctx *c)
{
	lint_calls(c, io_uring, 3, allowed,
		   "allowed: io_uring runs the operations it is handed "
		   "(open, read, connect...) in the kernel, where seccomp "
		   "never sees them");
	lint_calls(c, ptrace, 1, allowed,
		   "allowed: a process may trace its siblings and children, "
		   "read and write their memory and change their system calls "
		   "(before Linux 4.8, after seccomp checked them)");
	lint_calls(c, clone3, 1, clone3_broken,
		   "fails with an errno other than ENOSYS: glibc falls back "
		   "to clone only on ENOSYS, so pthread_create and "
		   "posix_spawn fail; deny clone3 with errno ENOSYS");
	lint_calls(c, exits, 2, exit_fails,
		   "denied with an errno: glibc calls it again in a loop, so a "
		   "thread or process that ends spins on the CPU forever; "
		   "allow it");
}

/* ---- all of them ---- */

static int by_place(const void *a, const void *b)
{
	const struct sc_lint *x = a, *y = b;
	int k = strcmp(x->file ? x->file : "", y->file ? y->file : "");

	if (k)
		return k;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->order < y->order ? -1 : 1; /* keep the order found */
}

static void say_key(void *data, unsigned line, const char *msg)
{
	struct ctx *c = data;

	add(c, c->m->p->file, line, "%s", msg);
}

int sc_lint(const struct sc_model *m, const char *text, size_t len,
	    struct sc_lints *out, struct sc_err *err)
{
	struct ctx c = { .m = m, .out = out };

	memset(out, 0, sizeof(*out));
	lint_default(&c);
	lint_arches(&c, text, len);
	lint_unknown(&c);
	c.at_run = true;
	lint_shadow(&c);
	if (text)
		sc_lint_json_keys(text, len, say_key, &c);
	c.at_run = false;
	lint_risky(&c);
	lint_needed(&c);
	if (c.rc) {
		sc_lints_clear(out);
		return sc_err_oom(err);
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_place);
	return 0;
}

void sc_lints_clear(struct sc_lints *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
