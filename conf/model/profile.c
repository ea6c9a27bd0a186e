/* SPDX-License-Identifier: Apache-2.0 */
/* Allocation and name tables of the profile model. */
#include "profile.h"
#include "err.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const action_names[] = {
	[SC_ACT_KILL] = "SCMP_ACT_KILL",
	[SC_ACT_KILL_THREAD] = "SCMP_ACT_KILL_THREAD",
	[SC_ACT_KILL_PROCESS] = "SCMP_ACT_KILL_PROCESS",
	[SC_ACT_TRAP] = "SCMP_ACT_TRAP",
	[SC_ACT_ERRNO] = "SCMP_ACT_ERRNO",
	[SC_ACT_TRACE] = "SCMP_ACT_TRACE",
	[SC_ACT_ALLOW] = "SCMP_ACT_ALLOW",
	[SC_ACT_LOG] = "SCMP_ACT_LOG",
	[SC_ACT_NOTIFY] = "SCMP_ACT_NOTIFY",
};

static const char *const op_names[] = {
	[SC_OP_NE] = "SCMP_CMP_NE",
	[SC_OP_LT] = "SCMP_CMP_LT",
	[SC_OP_LE] = "SCMP_CMP_LE",
	[SC_OP_EQ] = "SCMP_CMP_EQ",
	[SC_OP_GE] = "SCMP_CMP_GE",
	[SC_OP_GT] = "SCMP_CMP_GT",
	[SC_OP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

/* How the INI language, `explain` and the INI writer spell a comparison. */
static const char *const op_signs[] = {
	[SC_OP_NE] = "!=", [SC_OP_LT] = "<",  [SC_OP_LE] = "<=",
	[SC_OP_EQ] = "==", [SC_OP_GE] = ">=", [SC_OP_GT] = ">",
};

static int lookup(const char *const *tab, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (tab[i] && strcmp(tab[i], name) == 0)
			return (int)i;
	return -1;
}

int sc_action_from_name(const char *name)
{
	return lookup(action_names, SC_ARRAY_SIZE(action_names), name);
}

const char *sc_action_name(enum sc_action a)
{
	return (unsigned)a < SC_ARRAY_SIZE(action_names) ? action_names[a]
							 : NULL;
}

int sc_op_from_name(const char *name)
{
	return lookup(op_names, SC_ARRAY_SIZE(op_names), name);
}

const char *sc_op_name(enum sc_op op)
{
	return (unsigned)op < SC_ARRAY_SIZE(op_names) ? op_names[op] : NULL;
}

const char *sc_op_sign(enum sc_op op)
{
	return (unsigned)op < SC_ARRAY_SIZE(op_signs) ? op_signs[op] : NULL;
}

int sc_strv_add(struct sc_strv *sv, const char *s, size_t len)
{
	char **v;
	char *copy;

	copy = strndup(s, len);
	if (!copy)
		return -ENOMEM;
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? 2 * sv->cap : 8;

		v = realloc(sv->v, cap * sizeof(*v));
		if (!v) {
			free(copy);
			return -ENOMEM;
		}
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = copy;
	return 0;
}

bool sc_rule_args_or(const struct sc_rule *r)
{
	unsigned seen = 0;

	for (size_t i = 0; i < r->n_args; i++) {
		unsigned bit = 1u << (r->args[i].index % SC_ARGS_MAX);

		if (seen & bit)
			return true;
		seen |= bit;
	}
	return false;
}

bool sc_strv_has(const struct sc_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

void sc_strv_clear(struct sc_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
	sv->cap = 0;
}

struct sc_profile *sc_profile_new(const char *file)
{
	struct sc_profile *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->file = strdup(file ? file : "");
	if (!p->file) {
		free(p);
		return NULL;
	}
	return p;
}

struct sc_rule *sc_profile_add_rule(struct sc_profile *p)
{
	struct sc_rule *r;

	if (p->n_rules == p->cap_rules) {
		size_t cap = p->cap_rules ? 2 * p->cap_rules : 16;

		r = realloc(p->rules, cap * sizeof(*r));
		if (!r)
			return NULL;
		p->rules = r;
		p->cap_rules = cap;
	}
	r = &p->rules[p->n_rules++];
	memset(r, 0, sizeof(*r));
	return r;
}

void sc_cond_clear(struct sc_cond *c)
{
	sc_strv_clear(&c->arches);
	sc_strv_clear(&c->caps);
}

void sc_profile_free(struct sc_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_rules; i++) {
		struct sc_rule *r = &p->rules[i];

		sc_strv_clear(&r->names);
		free(r->args);
		free(r->comment);
		sc_cond_clear(&r->includes);
		sc_cond_clear(&r->excludes);
	}
	free(p->rules);
	free(p->origin);
	for (size_t i = 0; i < p->n_archmap; i++) {
		free(p->archmap[i].arch);
		sc_strv_clear(&p->archmap[i].sub);
	}
	free(p->archmap);
	sc_strv_clear(&p->arches);
	sc_strv_clear(&p->flags);
	free(p->listener_path);
	free(p->listener_metadata);
	free(p->caps);
	sc_strv_clear(&p->files);
	free(p->file);
	free(p);
}

void sc_profile_freep(struct sc_profile **p)
{
	sc_profile_free(*p);
	*p = NULL;
}

int sc_profile_deny(struct sc_profile *p, const char *names, const char *why,
		    struct sc_err *err)
{
	struct sc_rule r = { .action = SC_ACT_ERRNO,
			     .has_errno = true,
			     .errno_ret = EPERM,
			     .file = why,
			     .narrows = true };
	struct sc_rule *v;

	for (const char *q = names; *q;) {
		size_t n = strcspn(q, ", ");

		if (n && sc_strv_add(&r.names, q, n) < 0)
			goto nomem;
		q += n + (q[n] != '\0');
	}
	if (r.names.n == 0)
		return sc_err_msg(err, -EINVAL, why,
				  "no system call named: give NAME[,NAME...]");
	v = realloc(p->rules, (p->n_rules + 1) * sizeof(*v));
	if (!v)
		goto nomem;
	/* First: the leading narrowing rules decide their calls (resolve.c). */
	memmove(v + 1, v, p->n_rules * sizeof(*v));
	v[0] = r;
	p->rules = v;
	p->cap_rules = ++p->n_rules;
	return 0;
nomem:
	sc_strv_clear(&r.names);
	return sc_err_oom(err);
}
