/* SPDX-License-Identifier: Apache-2.0 */
/* INI sections and keys to the model. The words of the language (actions,
 * conditions, architectures, flags) are tables here; syscall groups and
 * constants come from groups.c and consts.c. */
#include "inisec.h"

#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "caps.h"
#include "cond.h"
#include "consts.h"
#include "groups.h"
#include "suggest.h"
#include "util.h"

#define WORDS_MAX 64

static const struct {
	const char *word;
	enum sc_action action;
} actions[] = {
	{ "allow", SC_ACT_ALLOW },
	{ "log", SC_ACT_LOG },
	{ "kill", SC_ACT_KILL_PROCESS },
	{ "kill-process", SC_ACT_KILL_PROCESS },
	{ "kill-thread", SC_ACT_KILL_THREAD },
	{ "trap", SC_ACT_TRAP },
	{ "errno", SC_ACT_ERRNO },
	{ "trace", SC_ACT_TRACE },
	{ "notify", SC_ACT_NOTIFY },
};

static const struct {
	const char *word, *docker;
} ini_arches[] = {
	{ "x86_64", "SCMP_ARCH_X86_64" },
	{ "i386", "SCMP_ARCH_X86" },
	{ "i686", "SCMP_ARCH_X86" },
	{ "aarch64", "SCMP_ARCH_AARCH64" },
};

static const struct {
	const char *word, *flag;
} flags[] = {
	{ "log", "SECCOMP_FILTER_FLAG_LOG" },
	{ "spec-allow", "SECCOMP_FILTER_FLAG_SPEC_ALLOW" },
	{ "tsync", "SECCOMP_FILTER_FLAG_TSYNC" },
};

/* Splits @text at blanks into @w (pointers into @buf). */
static size_t split(const char *text, char *buf, size_t size, char **w)
{
	size_t n = 0;
	char *save = NULL, *t;

	snprintf(buf, size, "%s", text);
	for (t = strtok_r(buf, " \t", &save); t && n < WORDS_MAX;
	     t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	return n;
}

static int bad(struct sc_err *e, const char *fmt, const char *tok)
	__attribute__((format(printf, 2, 0)));

static int bad(struct sc_err *e, const char *fmt, const char *tok)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return sc_err_msg(e, -EINVAL, NULL, fmt, tok);
#pragma GCC diagnostic pop
}

/* errno N (below libseccomp's 4095), or trace N (16 bits of data). */
static int parse_errno(const char *w, uint32_t limit, uint32_t *out,
		       struct sc_err *e)
{
	char *end;
	unsigned long v;
	int named = sc_errno_value(w);

	if (named >= 0) {
		*out = (uint32_t)named;
		return 0;
	}
	if (!isdigit((unsigned char)*w))
		return bad(e,
			   "unknown errno \"%s\" (EPERM, ENOSYS, ... or a "
			   "number)",
			   w);
	errno = 0;
	v = strtoul(w, &end, 0);
	if (*end || errno || v >= limit)
		return sc_err_msg(e, -EINVAL, NULL,
				  "%s \"%s\" is not a number from 0 to %u",
				  limit == SC_ERRNO_MAX ? "errno" : "trace", w,
				  limit - 1);
	*out = (uint32_t)v;
	return 0;
}

/* ACTION [ERRNO]: consumes words from w[*i]. */
static int parse_action(char **w, size_t n, size_t *i, struct sc_inisec *s,
			struct sc_err *e)
{
	size_t k;

	if (*i >= n)
		return bad(e, "%s",
			   "no action: allow, log, kill, "
			   "kill-thread, trap, errno [E], trace [N]");
	for (k = 0; k < SC_ARRAY_SIZE(actions); k++)
		if (strcmp(w[*i], actions[k].word) == 0)
			break;
	if (k == SC_ARRAY_SIZE(actions))
		return bad(e,
			   "unknown action \"%s\" (allow, log, kill, "
			   "kill-thread, trap, errno [E], trace [N])",
			   w[*i]);
	s->action = actions[k].action;
	(*i)++;
	if ((s->action != SC_ACT_ERRNO && s->action != SC_ACT_TRACE) ||
	    *i >= n || strcmp(w[*i], "if") == 0 || strcmp(w[*i], "unless") == 0)
		return 0;
	s->has_errno = true;
	return parse_errno(w[(*i)++],
			   s->action == SC_ACT_TRACE ? 65536 : SC_ERRNO_MAX,
			   &s->errno_ret, e);
}

static int parse_kernel(const char *v, struct sc_cond *c, struct sc_err *e)
{
	unsigned maj, min;
	char tail;

	if (sscanf(v, "%3u.%3u%c", &maj, &min, &tail) != 2 || maj > 255 ||
	    min > 255 || (maj == 0 && min == 0))
		return bad(e, "kernel>=\"%s\": write MAJOR.MINOR, e.g. 5.10",
			   v);
	c->has_min_kernel = true;
	c->min_kernel_major = maj;
	c->min_kernel_minor = min;
	return 0;
}

static int parse_condword(const char *w, struct sc_cond *c, struct sc_err *e)
{
	char list[256], *save = NULL, *a;

	if (strncmp(w, "kernel>=", 8) == 0)
		return parse_kernel(w + 8, c, e);
	if (strncmp(w, "arch=", 5) == 0) {
		snprintf(list, sizeof(list), "%s", w + 5);
		for (a = strtok_r(list, ",", &save); a;
		     a = strtok_r(NULL, ",", &save)) {
			if (!sc_arch_by_go(a))
				return bad(e,
					   "unknown architecture \"%s\" "
					   "(Go names: amd64, x86, x32, "
					   "arm64, arm, s390x, ...)",
					   a);
			if (sc_strv_add(&c->arches, a, strlen(a)) < 0)
				return -ENOMEM;
		}
		return 0;
	}
	if (sc_cap_from_name(w) >= 0)
		return sc_strv_add(&c->caps, w, strlen(w));
	return bad(e,
		   "unknown condition \"%s\" (CAP_NAME, arch=NAME,... or "
		   "kernel>=MAJOR.MINOR)",
		   w);
}

/* [deny], [deny ACTION]: errno EPERM unless an action that denies is
 * given. */
static int parse_deny(char **w, size_t n, size_t *i, struct sc_inisec *s,
		      struct sc_err *e)
{
	int rc;

	s->narrows = true;
	if (++*i >= n || strcmp(w[*i], "if") == 0 ||
	    strcmp(w[*i], "unless") == 0) {
		s->action = SC_ACT_ERRNO;
		s->has_errno = true;
		s->errno_ret = EPERM;
		return 0;
	}
	rc = parse_action(w, n, i, s, e);
	if (rc == 0 && (s->action == SC_ACT_ALLOW || s->action == SC_ACT_LOG))
		return bad(e,
			   "[deny %s]: deny takes an action that denies "
			   "(errno [E], kill, kill-thread, trap, trace [N])",
			   w[*i - 1]);
	return rc;
}

int sc_inisec_header(const char *text, struct sc_inisec *s, struct sc_err *e)
{
	char buf[256], *w[WORDS_MAX];
	size_t n = split(text, buf, sizeof(buf), w), i = 0;
	struct sc_cond *into = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	if (n > 0 && strcmp(w[0], "deny") == 0)
		rc = parse_deny(w, n, &i, s, e);
	else
		rc = parse_action(w, n, &i, s, e);
	for (; rc == 0 && i < n; i++) {
		if (strcmp(w[i], "if") == 0)
			into = &s->includes;
		else if (strcmp(w[i], "unless") == 0)
			into = &s->excludes;
		else if (!into)
			rc = bad(e,
				 "\"%s\": expected \"if\" or \"unless\" "
				 "after the action",
				 w[i]);
		else
			rc = parse_condword(w[i], into, e);
	}
	if (rc == -ENOMEM)
		sc_err_oom(e);
	return rc;
}

void sc_inisec_clear(struct sc_inisec *s)
{
	sc_cond_clear(&s->includes);
	sc_cond_clear(&s->excludes);
}

static int set_default(struct sc_profile *p, const char *value,
		       struct sc_err *e)
{
	char buf[256], *w[WORDS_MAX];
	size_t n = split(value, buf, sizeof(buf), w), i = 0;
	struct sc_inisec s = { .action = SC_ACT_ALLOW };
	int rc = parse_action(w, n, &i, &s, e);

	if (rc == 0 && i < n)
		return bad(e,
			   "default: unexpected \"%s\" (conditions belong "
			   "to rule sections)",
			   w[i]);
	if (rc == 0) {
		p->has_default = true;
		p->default_action = s.action;
		p->has_default_errno = s.has_errno;
		p->default_errno = s.errno_ret;
	}
	return rc;
}

static const char *arch_name(const char *w)
{
	const struct sc_arch *a;

	if (strcmp(w, "native") == 0)
		return sc_arch_native()->docker;
	for (size_t i = 0; i < SC_ARRAY_SIZE(ini_arches); i++)
		if (strcmp(w, ini_arches[i].word) == 0)
			return ini_arches[i].docker;
	a = sc_arch_by_go(w);
	if (!a)
		a = sc_arch_by_docker(w);
	return a ? a->docker : NULL;
}

static int set_arches(struct sc_profile *p, const char *value, struct sc_err *e)
{
	char buf[512], *w[WORDS_MAX];
	size_t n = split(value, buf, sizeof(buf), w);

	for (size_t i = 0; i < n; i++) {
		const char *d = arch_name(w[i]);

		if (!d)
			return bad(e,
				   "unknown architecture \"%s\" (native, "
				   "x86_64, x86, x32, aarch64, arm, ...)",
				   w[i]);
		if (!sc_strv_has(&p->arches, d) &&
		    sc_strv_add(&p->arches, d, strlen(d)) < 0)
			return sc_err_msg(e, -ENOMEM, NULL, "no memory");
	}
	return 0;
}

static int set_caps(struct sc_profile *p, const char *value, struct sc_err *e)
{
	static const char *const words[] = { "default", "effective", "docker",
					     "all", "none" };
	char buf[1024], *save = NULL, *t;

	for (size_t i = 0; i < SC_ARRAY_SIZE(words); i++)
		if (strcmp(value, words[i]) == 0)
			goto ok;
	snprintf(buf, sizeof(buf), "%s", value);
	for (t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (sc_cap_from_name(t) < 0)
			return bad(e,
				   "caps: \"%s\" is not a capability "
				   "(default, effective, docker, all, none or "
				   "CAP_X,CAP_Y)",
				   t);
ok:
	free(p->caps);
	p->caps = strdup(value);
	return p->caps ? 0 : -ENOMEM;
}

static int set_flags(struct sc_profile *p, const char *value, struct sc_err *e)
{
	char buf[256], *w[WORDS_MAX];
	size_t n = split(value, buf, sizeof(buf), w), k;

	p->has_flags = true;
	for (size_t i = 0; i < n; i++) {
		for (k = 0; k < SC_ARRAY_SIZE(flags); k++)
			if (strcmp(w[i], flags[k].word) == 0)
				break;
		if (k == SC_ARRAY_SIZE(flags))
			return bad(e,
				   "unknown flag \"%s\" (log, spec-allow, "
				   "tsync)",
				   w[i]);
		if (!sc_strv_has(&p->flags, flags[k].flag) &&
		    sc_strv_add(&p->flags, flags[k].flag,
				strlen(flags[k].flag)) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* listener = PATH: Docker's "listenerPath", a seccomp agent's socket. */
static int set_listener(struct sc_profile *p, const char *value,
			struct sc_err *e)
{
	if (*value != '/')
		return bad(e,
			   "listener = \"%s\": the agent's socket, an "
			   "absolute path",
			   value);
	free(p->listener_path);
	p->listener_path = strdup(value);
	return p->listener_path ? 0 : -ENOMEM;
}

int sc_inisec_profile_key(struct sc_profile *p, const char *key,
			  const char *value, struct sc_err *e)
{
	if (strcmp(key, "default") == 0)
		return set_default(p, value, e);
	if (strcmp(key, "arch") == 0)
		return set_arches(p, value, e);
	if (strcmp(key, "caps") == 0)
		return set_caps(p, value, e);
	if (strcmp(key, "flags") == 0)
		return set_flags(p, value, e);
	if (strcmp(key, "listener") == 0)
		return set_listener(p, value, e);
	return bad(e,
		   "unknown key \"%s\" in [profile] (default, arch, "
		   "include, caps, flags, listener)",
		   key);
}

static int copy_cond(struct sc_cond *to, const struct sc_cond *from)
{
	*to = (struct sc_cond){ .has_min_kernel = from->has_min_kernel,
				.min_kernel_major = from->min_kernel_major,
				.min_kernel_minor = from->min_kernel_minor };
	for (size_t i = 0; i < from->arches.n; i++)
		if (sc_strv_add(&to->arches, from->arches.v[i],
				strlen(from->arches.v[i])) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < from->caps.n; i++)
		if (sc_strv_add(&to->caps, from->caps.v[i],
				strlen(from->caps.v[i])) < 0)
			return -ENOMEM;
	return 0;
}

/* What a name of "syscalls =" is: written plainly (checked), as ?NAME
 * (skipped with a warning when unknown), or from a @group (skipped
 * quietly). Each kind is a rule of its own. */
enum kind { K_PLAIN, K_MAYBE, K_GROUP };

static struct sc_rule *new_rule(struct sc_profile *p, const struct sc_inisec *s,
				const char *file, unsigned line, enum kind k)
{
	struct sc_rule *r = sc_profile_add_rule(p);

	if (!r)
		return NULL;
	r->action = s->action;
	r->has_errno = s->has_errno;
	r->errno_ret = s->errno_ret;
	r->line = line;
	r->file = file;
	r->lax_names = k != K_PLAIN;
	r->quiet_unknown = k == K_GROUP;
	r->narrows = s->narrows;
	if (copy_cond(&r->includes, &s->includes) < 0 ||
	    copy_cond(&r->excludes, &s->excludes) < 0)
		return NULL;
	return r;
}

static bool syscall_word(const char *w)
{
	size_t n = strspn(w, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n > 0 && n < 64 && w[n] == '\0';
}

static int add_name(const char *name, void *data)
{
	struct sc_rule *r = data;

	if (sc_strv_has(&r->names, name))
		return 0;
	return sc_strv_add(&r->names, name, strlen(name));
}

/* One word of "syscalls =": into the current rule while its kind (checked
 * names, or group members and ?names) stays the same, else a new rule. */
static int add_word(struct sc_profile *p, const struct sc_inisec *s,
		    const char *file, unsigned line, const char *w,
		    struct sc_rule **cur, struct sc_err *e)
{
	const struct sc_group *g = NULL;
	enum kind k = *w == '@' ? K_GROUP : *w == '?' ? K_MAYBE : K_PLAIN;
	const char *name = *w == '?' ? w + 1 : w;

	if (*w == '@' && !(g = sc_group_find(w)))
		return bad(e,
			   "unknown group \"%s\" (syscage syscalls lists "
			   "them)",
			   w);
	if (!g && !syscall_word(name))
		return bad(e, "\"%s\" is not a syscall name", w);
	if (!*cur || (*cur)->lax_names != (k != K_PLAIN) ||
	    (*cur)->quiet_unknown != (k == K_GROUP)) {
		*cur = new_rule(p, s, file, line, k);
		if (!*cur)
			return -ENOMEM;
	}
	if (g)
		return sc_group_expand(g, add_name, *cur) ? -ENOMEM : 0;
	return add_name(name, *cur) ? -ENOMEM : 0;
}

/* A key of a rule section that is neither "syscalls" nor a call name. */
static int unknown_key(const char *key, struct sc_err *e)
{
	static const char *const keys[] = { "syscalls" };
	const char *near = sc_suggest(key, keys, 1);

	if (near)
		return sc_err_msg(e, -EINVAL, NULL,
				  "unknown key \"%s\": did you mean \"%s\"?",
				  key, near);
	return bad(e,
		   "unknown key \"%s\": \"syscalls = ...\" or a "
		   "syscall name",
		   key);
}

static bool misspelt_syscalls(const char *key)
{
	static const char *const keys[] = { "syscalls" };

	return seccomp_syscall_resolve_name(key) == __NR_SCMP_ERROR &&
	       sc_suggest(key, keys, 1);
}

static int cond_rules(struct sc_profile *p, const struct sc_inisec *s,
		      const char *file, const char *key, const char *value,
		      unsigned line, struct sc_err *e)
{
	_cleanup_free_ struct sc_dnf *dnf = NULL; /* 50 KiB: not the stack */
	bool lax = *key == '?';
	const char *name = lax ? key + 1 : key;
	int rc;

	if (!syscall_word(name) || (!lax && misspelt_syscalls(name)))
		return unknown_key(key, e);
	/* A conditional rule cannot outrank an unconditional one elsewhere
	 * (libseccomp keeps the unconditional): it would narrow nothing. */
	if (s->narrows)
		return bad(e,
			   "%s: [deny] takes \"syscalls = NAME...\" only: a "
			   "condition cannot override a rule without one; "
			   "put it in an [errno ...] section",
			   key);
	dnf = malloc(sizeof(*dnf));
	if (!dnf)
		return -ENOMEM;
	rc = sc_cond_parse(value, dnf, e);
	if (rc < 0) {
		char msg[SC_ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "%.60s: %.440s", key, e->msg);
		return sc_err_msg(e, rc, NULL, "%s", msg);
	}
	for (size_t i = 0; i < dnf->n; i++) {
		struct sc_rule *r =
			new_rule(p, s, file, line, lax ? K_MAYBE : K_PLAIN);

		if (!r || add_name(name, r) < 0)
			return -ENOMEM;
		r->args = malloc(dnf->alt[i].n * sizeof(*r->args));
		if (!r->args)
			return -ENOMEM;
		memcpy(r->args, dnf->alt[i].args,
		       dnf->alt[i].n * sizeof(*r->args));
		r->n_args = dnf->alt[i].n;
	}
	return 0;
}

int sc_inisec_rule_key(struct sc_profile *p, const struct sc_inisec *s,
		       const char *file, const char *key, const char *value,
		       unsigned line, struct sc_err *e)
{
	char *buf, *save = NULL, *w;
	struct sc_rule *cur = NULL;
	int rc = 0;

	if (strcmp(key, "syscalls") != 0)
		rc = cond_rules(p, s, file, key, value, line, e);
	else if (!(buf = strdup(value)))
		rc = -ENOMEM;
	else {
		for (w = strtok_r(buf, " \t", &save); w && rc == 0;
		     w = strtok_r(NULL, " \t", &save))
			rc = add_word(p, s, file, line, w, &cur, e);
		free(buf);
	}
	if (rc == -ENOMEM)
		sc_err_oom(e);
	return rc;
}

/* [deny] rules first, wherever they were written, in their order; the
 * others after them, in theirs. */
static int narrowing_first(struct sc_profile *p)
{
	struct sc_rule *v;
	size_t k = 0;

	if (p->n_rules == 0)
		return 0;
	v = malloc(p->n_rules * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].narrows)
			v[k++] = p->rules[i];
	for (size_t i = 0; i < p->n_rules; i++)
		if (!p->rules[i].narrows)
			v[k++] = p->rules[i];
	memcpy(p->rules, v, p->n_rules * sizeof(*v));
	free(v);
	return 0;
}

int sc_inisec_finish(struct sc_profile *p, struct sc_err *e)
{
	const char *native = sc_arch_native()->docker;
	char **v, *last;

	if (narrowing_first(p) < 0)
		return sc_err_oom(e);
	if (!p->has_default)
		return sc_err_msg(e, -EINVAL, p->file,
				  "no default action: add \"default = errno "
				  "EPERM\" (or another action) to [profile]");
	if (sc_strv_has(&p->arches, native))
		return 0;
	/* Native first, as "architectures" lists it in Docker's profiles. */
	if (sc_strv_add(&p->arches, native, strlen(native)) < 0)
		return sc_err_oom(e);
	v = p->arches.v;
	last = v[p->arches.n - 1];
	memmove(v + 1, v, (p->arches.n - 1) * sizeof(*v));
	v[0] = last;
	return 0;
}
