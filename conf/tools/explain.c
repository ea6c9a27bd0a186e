/* SPDX-License-Identifier: Apache-2.0 */
/* The rule behind a decision (see explain.h). The filter decides; the model
 * only names the rule, the way runc and libseccomp 2.5 build the filter:
 *  - a rule whose action is the default's is skipped by runc;
 *  - the first rule for a call that matches usually decides, but an
 *    unconditional rule added after conditional ones with another action
 *    replaces them (libseccomp keeps one action per call when a rule has
 *    no condition), and a later unconditional rule never replaces an
 *    earlier one;
 *  - calls numbered above the highest one the profile names get ENOSYS
 *    from runc's stub, ahead of everything. */
#include "explain.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "consts.h"

int sc_model_init(struct sc_model *m, const struct sc_profile *p,
		  const struct sc_opts *o, const struct sc_compiled *c,
		  struct sc_err *err)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->p = p;
	m->c = c;
	m->audit = o->native->audit;
	rc = sc_resolve(p, o, &m->r, err);
	if (rc < 0)
		return rc;
	m->nr = calloc(m->r.n_calls ? m->r.n_calls : 1, sizeof(*m->nr));
	if (!m->nr) {
		sc_resolved_clear(&m->r);
		return sc_err_oom(err);
	}
	for (size_t i = 0; i < m->r.n_calls; i++) {
		int nr = seccomp_syscall_resolve_name(m->r.calls[i].name);

		m->nr[i] = nr < 0 ? -1 : nr;
	}
	return 0;
}

void sc_model_clear(struct sc_model *m)
{
	free(m->nr);
	sc_resolved_clear(&m->r);
	memset(m, 0, sizeof(*m));
}

uint32_t sc_model_run(const struct sc_model *m, int nr, const uint64_t *args,
		      bool *uses_args)
{
	struct seccomp_data d = { .nr = nr, .arch = m->audit };

	if (args)
		memcpy(d.args, args, sizeof(d.args));
	return sc_bpf_run(&m->c->prog, &d, uses_args);
}

const char *sc_rule_file(const struct sc_profile *p, const struct sc_rule *r)
{
	return r->file ? r->file : p->file;
}

static bool holds(const struct sc_arg *a, uint64_t v)
{
	switch (a->op) {
	case SC_OP_NE:
		return v != a->value;
	case SC_OP_LT:
		return v < a->value;
	case SC_OP_LE:
		return v <= a->value;
	case SC_OP_EQ:
		return v == a->value;
	case SC_OP_GE:
		return v >= a->value;
	case SC_OP_GT:
		return v > a->value;
	case SC_OP_MASKED_EQ:
		return (v & a->value) == a->value_two;
	}
	return false;
}

bool sc_rule_matches(const struct sc_rule *r, const uint64_t *args)
{
	bool any = sc_rule_args_or(r);

	if (!r->n_args)
		return true;
	for (size_t i = 0; i < r->n_args; i++) {
		const struct sc_arg *a = &r->args[i];
		bool h = a->index < SC_ARGS_MAX && holds(a, args[a->index]);

		if (any && h)
			return true;
		if (!any && !h)
			return false;
	}
	return !any;
}

/* A value for which @a holds, when there is one. */
static uint64_t meet(const struct sc_arg *a)
{
	switch (a->op) {
	case SC_OP_NE:
		return a->value ? 0 : 1;
	case SC_OP_LT:
		return a->value ? a->value - 1 : 0;
	case SC_OP_GT:
		return a->value + 1;
	case SC_OP_MASKED_EQ:
		return a->value_two;
	default: /* ==, <=, >= */
		return a->value;
	}
}

size_t sc_rule_witnesses(const struct sc_rule *r, uint64_t (*w)[SC_ARGS_MAX],
			 size_t max)
{
	size_t n = 0;

	if (!max)
		return 0;
	memset(w[0], 0, sizeof(w[0]));
	if (!sc_rule_args_or(r)) {
		for (size_t i = 0; i < r->n_args; i++)
			if (r->args[i].index < SC_ARGS_MAX)
				w[0][r->args[i].index] = meet(&r->args[i]);
		return 1;
	}
	for (size_t i = 0; i < r->n_args && n < max; i++) {
		if (r->args[i].index >= SC_ARGS_MAX)
			continue;
		memset(w[n], 0, sizeof(w[n]));
		w[n++][r->args[i].index] = meet(&r->args[i]);
	}
	return n;
}

static uint32_t rule_action(const struct sc_rule *r)
{
	return sc_action_value(r->action, r->has_errno, r->errno_ret);
}

/* Whether runc's stub, run alone, answers ENOSYS: it either returns that
 * or jumps past its end into libseccomp's program. */
static bool stub_decides(const struct sc_model *m, const struct seccomp_data *d)
{
	return m->c->stub.len &&
	       sc_bpf_run(&m->c->stub, d, NULL) == (SECCOMP_RET_ERRNO | ENOSYS);
}

void sc_explain(const struct sc_model *m, const struct seccomp_data *d,
		struct sc_verdict *v)
{
	uint32_t def = m->c->default_action;
	const struct sc_rule *first = NULL, *same = NULL;

	memset(v, 0, sizeof(*v));
	v->action = sc_bpf_run(&m->c->prog, d, &v->uses_args);
	if (stub_decides(m, d)) {
		v->why = SC_WHY_STUB;
		return;
	}
	for (size_t i = 0; i < m->r.n_calls; i++) {
		const struct sc_rule *r = m->r.calls[i].rule;

		if (m->nr[i] < 0 || m->nr[i] != d->nr ||
		    !sc_rule_matches(r, (const uint64_t *)d->args))
			continue;
		if (rule_action(r) == def) {
			same = same ? same : r;
			continue;
		}
		first = first ? first : r;
		if (rule_action(r) == v->action) {
			v->why = SC_WHY_RULE;
			v->rule = r;
			v->lost = first != r ? first : NULL;
			return;
		}
	}
	v->why = v->action == def ? SC_WHY_DEFAULT : SC_WHY_FILTER;
	v->rule = v->action == def ? same : NULL;
	v->lost = first;
}

void sc_action_words(uint32_t action, char *buf, size_t size)
{
	uint32_t data = action & SECCOMP_RET_DATA;
	const char *e;

	switch (action & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		snprintf(buf, size, "kill-process");
		break;
	case SECCOMP_RET_KILL_THREAD:
		snprintf(buf, size, "kill-thread");
		break;
	case SECCOMP_RET_TRAP:
		snprintf(buf, size, "trap");
		break;
	case SECCOMP_RET_ERRNO:
		e = sc_errno_name((int)data);
		if (e)
			snprintf(buf, size, "errno %s", e);
		else
			snprintf(buf, size, "errno %u", data);
		break;
	case SECCOMP_RET_USER_NOTIF:
		snprintf(buf, size, "notify");
		break;
	case SECCOMP_RET_TRACE:
		snprintf(buf, size, "trace %u", data);
		break;
	case SECCOMP_RET_LOG:
		snprintf(buf, size, "log");
		break;
	case SECCOMP_RET_ALLOW:
		snprintf(buf, size, "allow");
		break;
	default:
		snprintf(buf, size, "action 0x%08x", action);
	}
}

void sc_arg_words(const struct sc_arg *a, const char *call, char *buf,
		  size_t size)
{
	char v[128], mask[128];

	if (a->op == SC_OP_MASKED_EQ) {
		sc_const_format(call, a->index, a->value, mask, sizeof(mask));
		sc_const_format(call, a->index, a->value_two, v, sizeof(v));
		snprintf(buf, size, "arg%u & %s == %s", a->index, mask, v);
		return;
	}
	sc_const_format(call, a->index, a->value, v, sizeof(v));
	snprintf(buf, size, "arg%u %s %s", a->index, sc_op_sign(a->op) ?: "?",
		 v);
}

void sc_rule_words(const struct sc_rule *r, const char *call, char *buf,
		   size_t size)
{
	const char *join = sc_rule_args_or(r) ? " || " : " && ";
	char act[64], cond[256];
	size_t n;
	int k;

	sc_action_words(rule_action(r), act, sizeof(act));
	k = snprintf(buf, size, "%s %s", act, call);
	n = k < 0 ? 0 : (size_t)k;
	for (size_t i = 0; i < r->n_args && n < size; i++) {
		sc_arg_words(&r->args[i], call, cond, sizeof(cond));
		k = snprintf(buf + n, size - n, "%s%s", i ? join : ": ", cond);
		n += k < 0 ? 0 : (size_t)k;
	}
}
