/* SPDX-License-Identifier: Apache-2.0 */
/* Two filters side by side (see diff.h): the cases come from the argument
 * conditions of both models, the answers from the filters themselves. */
#include "diff.h"

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#define NR_LIMIT 1024 /* native syscall numbers tried */
#define VALS_MAX 32 /* values tried per argument */
#define CASES_MAX 1024
#define CROSS_MAX 256 /* all combinations when there are at most this many */

struct cases {
	uint64_t vals[SC_ARGS_MAX][VALS_MAX];
	size_t nv[SC_ARGS_MAX];
	unsigned mentioned;
	uint64_t v[CASES_MAX][SC_ARGS_MAX];
	size_t n;
};

static void add_val(struct cases *cs, unsigned idx, uint64_t v)
{
	if (idx >= SC_ARGS_MAX)
		return;
	cs->mentioned |= 1u << idx;
	for (size_t i = 0; i < cs->nv[idx]; i++)
		if (cs->vals[idx][i] == v)
			return;
	if (cs->nv[idx] < VALS_MAX)
		cs->vals[idx][cs->nv[idx]++] = v;
}

static void add_case(struct cases *cs, const uint64_t *args)
{
	for (size_t i = 0; i < cs->n; i++)
		if (memcmp(cs->v[i], args, sizeof(cs->v[i])) == 0)
			return;
	if (cs->n < CASES_MAX)
		memcpy(cs->v[cs->n++], args, sizeof(cs->v[0]));
}

/* The values @a mentions, and one just on its other side. */
static void arg_values(struct cases *cs, const struct sc_arg *a)
{
	add_val(cs, a->index,
		a->op == SC_OP_MASKED_EQ ? a->value_two : a->value);
	switch (a->op) {
	case SC_OP_LT:
	case SC_OP_GE:
		add_val(cs, a->index, a->value - 1);
		break;
	case SC_OP_LE:
	case SC_OP_GT:
	case SC_OP_EQ:
	case SC_OP_NE:
		add_val(cs, a->index, a->value + 1);
		break;
	case SC_OP_MASKED_EQ: /* the lowest masked bit the other way */
		add_val(cs, a->index, a->value_two ^ (a->value & -a->value));
		break;
	}
}

static void rule_cases(struct cases *cs, const struct sc_model *m, int nr)
{
	uint64_t w[SC_ARGS_MAX * 2][SC_ARGS_MAX];

	for (size_t i = 0; i < m->r.n_calls; i++) {
		const struct sc_rule *r = m->r.calls[i].rule;
		size_t n;

		if (m->nr[i] != nr || !r->n_args)
			continue;
		for (size_t k = 0; k < r->n_args; k++)
			arg_values(cs, &r->args[k]);
		n = sc_rule_witnesses(r, w, SC_ARGS_MAX * 2);
		for (size_t k = 0; k < n; k++)
			add_case(cs, w[k]);
	}
}

/* Every combination of the values (0 among them), when they are few. */
static void cross(struct cases *cs)
{
	size_t total = 1, at[SC_ARGS_MAX] = { 0 };
	uint64_t args[SC_ARGS_MAX];

	for (unsigned i = 0; i < SC_ARGS_MAX; i++)
		if (cs->nv[i])
			total *= cs->nv[i];
	if (total > CROSS_MAX)
		return;
	for (size_t k = 0; k < total; k++) {
		size_t rest = k;

		for (unsigned i = 0; i < SC_ARGS_MAX; i++) {
			at[i] = cs->nv[i] ? rest % cs->nv[i] : 0;
			rest = cs->nv[i] ? rest / cs->nv[i] : rest;
			args[i] = cs->nv[i] ? cs->vals[i][at[i]] : 0;
		}
		add_case(cs, args);
	}
}

static void build_cases(struct cases *cs, const struct sc_model *a,
			const struct sc_model *b, int nr)
{
	uint64_t args[SC_ARGS_MAX] = { 0 };

	cs->n = 0;
	cs->mentioned = 0;
	memset(cs->nv, 0, sizeof(cs->nv));
	add_case(cs, args);
	rule_cases(cs, a, nr);
	rule_cases(cs, b, nr);
	for (unsigned i = 0; i < SC_ARGS_MAX; i++) {
		if (cs->nv[i])
			add_val(cs, i, 0);
		for (size_t k = 0; k < cs->nv[i]; k++) {
			memset(args, 0, sizeof(args));
			args[i] = cs->vals[i][k];
			add_case(cs, args);
		}
	}
	cross(cs);
}

/* Runs every case; reports one line when all of them differ alike. */
static int compare(const struct sc_model *a, const struct sc_model *b,
		   struct cases *cs, struct sc_delta *d,
		   int (*fn)(const struct sc_delta *d, void *data), void *data)
{
	uint32_t ra[CASES_MAX], rb[CASES_MAX];
	size_t differ = 0;
	int rc = 0;

	for (size_t i = 0; i < cs->n; i++) {
		ra[i] = sc_model_run(a, d->nr, cs->v[i], NULL);
		rb[i] = sc_model_run(b, d->nr, cs->v[i], NULL);
		if (ra[i] != rb[i] && ra[i] == ra[0] && rb[i] == rb[0])
			differ++;
	}
	d->mentioned = cs->mentioned;
	if (differ == cs->n) {
		d->args = NULL;
		d->a = ra[0];
		d->b = rb[0];
		return fn(d, data) < 0 ? -EIO : 1;
	}
	for (size_t i = 0; i < cs->n && rc >= 0; i++) {
		if (ra[i] == rb[i])
			continue;
		d->args = cs->v[i];
		d->a = ra[i];
		d->b = rb[i];
		rc = fn(d, data) < 0 ? -EIO : rc + 1;
	}
	return rc;
}

int sc_diff(const struct sc_model *a, const struct sc_model *b,
	    int (*fn)(const struct sc_delta *d, void *data), void *data)
{
	struct cases *cs = malloc(sizeof(*cs));
	int count = 0, rc = 0;

	if (!cs)
		return -ENOMEM;
	for (int nr = 0; nr < NR_LIMIT && rc >= 0; nr++) {
		char *name =
			seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		struct sc_delta d = { .call = name, .nr = nr };

		if (!name)
			continue;
		build_cases(cs, a, b, nr);
		rc = compare(a, b, cs, &d, fn, data);
		count += rc > 0 ? rc : 0;
		free(name);
	}
	free(cs);
	return rc < 0 ? rc : count;
}
