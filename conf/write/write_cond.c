/* SPDX-License-Identifier: Apache-2.0 */
/* One Docker rule as INI keys (syscage-profile(5)): its names under
 * "syscalls =", with groups where a whole group is present and ?names for
 * those libseccomp does not know, or one "NAME = CONDITION" key per name,
 * its argument comparisons joined as runc joins them ("argN == V", masks,
 * "argN in {..}") and constants spelt by name (sc_const_format). The
 * section it goes under, and which rules share a key, are write_ini.c's
 * business. */
#include "write_cond.h"

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "consts.h"
#include "groups.h"
#include "write_wrap.h"

#define VALUE_MAX 120 /* longer constant spellings go out as numbers */

/* Can the INI parser read @s as a (possibly unknown) syscall name? */
static bool writable_name(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n > 0 && n < 64 && !s[n];
}

static bool known_name(const char *s)
{
	return seccomp_syscall_resolve_name(s) != __NR_SCMP_ERROR;
}

/* ---- groups ---- */

/* A walk over a group's members (sc_group_expand) that finds each in the
 * rule's names: stops at the first one missing. */
struct gwalk {
	const struct sc_rule *r;
	bool *used; /* names already written (or left out) */
	bool mark; /* mark the names found as used */
	bool fresh; /* a member not used yet */
	size_t n; /* members found */
};

static int gvisit(const char *name, void *data)
{
	struct gwalk *g = data;
	bool found = false;

	for (size_t j = 0; j < g->r->names.n; j++) {
		if (strcmp(g->r->names.v[j], name))
			continue;
		found = true;
		g->fresh |= !g->used[j];
		g->used[j] |= g->mark;
	}
	g->n++;
	return !found;
}

/* The groups all of whose members @r names, biggest first, each adding a
 * name not written yet: written, and their names marked in @used. */
static int write_groups(struct sc_wrap *w, const struct sc_rule *r, bool *used)
{
	size_t ng, best, words = 0;
	const struct sc_group *g = sc_groups(&ng);
	size_t *size = calloc(ng ? ng : 1, sizeof(*size));
	struct gwalk k;

	if (!size)
		return -ENOMEM;
	for (size_t i = 0; i < ng; i++) {
		k = (struct gwalk){ .r = r, .used = used };
		if (!sc_group_expand(&g[i], gvisit, &k) && k.n > 1)
			size[i] = k.n;
	}
	for (;;) {
		best = 0;
		for (size_t i = 1; i < ng; i++)
			best = size[i] > size[best] ? i : best;
		if (!ng || !size[best])
			break;
		size[best] = 0;
		k = (struct gwalk){ .r = r, .used = used };
		sc_group_expand(&g[best], gvisit, &k);
		if (!k.fresh)
			continue;
		k.mark = true;
		sc_group_expand(&g[best], gvisit, &k);
		if (!words++)
			sc_wrap_start(w, "syscalls");
		sc_wrap_word(w, g[best].name, strlen(g[best].name), false);
	}
	free(size);
	return (int)words;
}

/* ---- rules ---- */

/* Docker skips a name libseccomp does not know; one the INI parser cannot
 * read either is left out (marked in @used), and said so. */
static void drop_unwritable(FILE *out, const struct sc_rule *r, bool *used)
{
	char msg[96];
	size_t n = 0;

	for (size_t j = 0; j < r->names.n; j++) {
		used[j] = !writable_name(r->names.v[j]) &&
			  !known_name(r->names.v[j]);
		n += used[j];
	}
	snprintf(msg, sizeof(msg),
		 "%zu name(s) left out: not syscall names, "
		 "which Docker skips",
		 n);
	if (n)
		sc_wrap_comment(out, msg);
}

/* One Docker rule without arguments: one "syscalls =" key. The parser
 * splits it into rules by kind (checked names, ?names and groups), which
 * for one action and no arguments compiles the same in any order. */
int sc_write_syscalls(FILE *out, const struct sc_rule *r)
{
	bool *used = calloc(r->names.n, sizeof(*used));
	struct sc_wrap w = { .out = out };
	char q[80];
	int words;

	if (!used)
		return -ENOMEM;
	drop_unwritable(out, r, used);
	words = write_groups(&w, r, used);
	for (size_t j = 0; words >= 0 && j < r->names.n; j++) {
		if (used[j])
			continue;
		if (!words++)
			sc_wrap_start(&w, "syscalls");
		snprintf(q, sizeof(q), "%s%s",
			 r->lax_names && !known_name(r->names.v[j]) ? "?" : "",
			 r->names.v[j]);
		sc_wrap_word(&w, q, strlen(q), false);
	}
	if (words > 0)
		sc_wrap_end(&w);
	free(used);
	return words < 0 ? words : 0;
}

/* @v as sc_const_format spells it for argument @index of @name, unless that
 * is too long for a line. */
static void value_words(const char *name, unsigned index, uint64_t v, char *buf,
			size_t size)
{
	int n = sc_const_format(name, index, v, buf, size);

	if (n < 0 || (size_t)n >= size || n > VALUE_MAX)
		snprintf(buf, size, "%#llx", (unsigned long long)v);
}

static int term(const char *name, const struct sc_arg *a, char *buf,
		size_t size)
{
	char v1[VALUE_MAX + 8], v2[VALUE_MAX + 8];

	if (a->index >= SC_ARGS_MAX || (unsigned)a->op > SC_OP_MASKED_EQ)
		return -EINVAL;
	value_words(name, a->index, a->value, v1, sizeof(v1));
	if (a->op != SC_OP_MASKED_EQ)
		return snprintf(buf, size, "arg%u %s %s", a->index,
				sc_op_sign(a->op), v1);
	value_words(name, a->index, a->value_two, v2, sizeof(v2));
	if (strchr(v1, '|')) /* as the spec writes a mask of several */
		return snprintf(buf, size, "arg%u & (%s) == %s", a->index, v1,
				v2);
	return snprintf(buf, size, "arg%u & %s == %s", a->index, v1, v2);
}

/* runc gives each condition a rule of its own when one argument is
 * compared twice: they OR, else they AND. */
static bool splits(const struct sc_rule *r)
{
	unsigned seen = 0;

	for (size_t i = 0; i < r->n_args; i++) {
		if (seen & 1u << (r->args[i].index % SC_ARGS_MAX))
			return true;
		seen |= 1u << (r->args[i].index % SC_ARGS_MAX);
	}
	return false;
}

/* The comparisons of a key, each with what joins it to the one before:
 * 0 (the first), '&' or '|'. */
struct item {
	const struct sc_arg *a;
	char sep;
};

/* How many items from @it[0] make "argN in {x, y, ...}": alternatives of
 * one == each, on one argument. The parser reads them back in order. */
static size_t in_run(const struct item *it, size_t n)
{
	size_t k = 0;

	while (k < n && it[k].a->op == SC_OP_EQ &&
	       it[k].a->index == it[0].a->index && (!k || it[k].sep == '|') &&
	       (k + 1 == n || it[k + 1].sep != '&'))
		k++;
	return k;
}

static int write_items(struct sc_wrap *w, const char *name,
		       const struct item *it, size_t n)
{
	char t[2 * VALUE_MAX + 32], buf[sizeof(t) + 32];
	const char *sep;
	size_t k;
	int rc;

	for (size_t i = 0; i < n; i += k) {
		sep = it[i].sep == '&' ? "&& " : it[i].sep ? "|| " : "";
		k = it[i].sep == '&' ? 0 : in_run(it + i, n - i);
		for (size_t j = 0; k > 1 && j < k; j++) {
			value_words(name, it[i].a->index, it[i + j].a->value, t,
				    sizeof(t));
			if (!j)
				snprintf(buf, sizeof(buf), "%sarg%u in {%s,",
					 sep, it[i].a->index, t);
			else
				snprintf(buf, sizeof(buf), "%s%s", t,
					 j + 1 == k ? "}" : ",");
			sc_wrap_unit(w, buf);
		}
		if (k > 1)
			continue;
		k = 1;
		rc = term(name, it[i].a, t, sizeof(t));
		if (rc < 0)
			return rc;
		snprintf(buf, sizeof(buf), "%s%s", sep, t);
		sc_wrap_unit(w, buf);
	}
	return 0;
}

/* Docker rules @r[0..@n) with arguments: one "NAME = CONDITION" key per
 * name; @n > 1 only for rules of one name each, all the same. */
int sc_write_conds(FILE *out, const struct sc_rule *r, size_t n)
{
	struct sc_wrap w = { .out = out };
	size_t total = 0, k = 0;
	bool *skip = calloc(r->names.n, sizeof(*skip));
	struct item *it;
	char key[80];
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		total += r[i].n_args;
	it = calloc(total, sizeof(*it));
	if (!it || !skip) {
		free(skip);
		free(it);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < r[i].n_args; j++, k++)
			it[k] = (struct item){ &r[i].args[j],
					       !k		     ? 0
					       : j && !splits(&r[i]) ? '&'
								     : '|' };
	drop_unwritable(out, r, skip);
	for (size_t j = 0; !rc && j < r->names.n; j++) {
		const char *name = r->names.v[j];

		if (skip[j])
			continue;
		snprintf(key, sizeof(key), "%s%s",
			 r->lax_names && !known_name(name) ? "?" : "", name);
		sc_wrap_start(&w, key);
		rc = write_items(&w, name, it, k);
		sc_wrap_end(&w);
	}
	free(skip);
	free(it);
	return rc;
}
