/* SPDX-License-Identifier: Apache-2.0 */
/* Why a compiled profile decides a call as it does. The decision is what the
 * filter itself returns (sc_bpf_run on the compiled program); the rule that
 * makes it is found in the model: the first rule that names the call,
 * applies under the capabilities, ABI and kernel, and whose arguments match,
 * with libseccomp's and runc's own ways (see sc_explain). Used by
 * `syscage explain`, `check` and `diff`. */
#ifndef SC_EXPLAIN_H
#define SC_EXPLAIN_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "compile.h"

/* A profile, resolved for this machine, beside its compiled program. */
struct sc_model {
	const struct sc_profile *p; /* borrowed */
	const struct sc_compiled *c; /* borrowed */
	struct sc_resolved r;
	int *nr; /* native number of r.calls[i].name; -1: none here */
	uint32_t audit; /* the native AUDIT_ARCH_* */
};

int sc_model_init(struct sc_model *m, const struct sc_profile *p,
		  const struct sc_opts *o, const struct sc_compiled *c,
		  struct sc_err *err);
void sc_model_clear(struct sc_model *m);

enum sc_why {
	SC_WHY_RULE, /* ->rule */
	SC_WHY_DEFAULT, /* the default action */
	SC_WHY_STUB, /* runc's -ENOSYS stub: a call newer than the profile */
	SC_WHY_FILTER, /* no rule of the model says so (libseccomp did) */
};

struct sc_verdict {
	uint32_t action; /* SECCOMP_RET_* the filter returns */
	bool uses_args; /* the filter read the arguments to decide */
	enum sc_why why;
	/* SC_WHY_RULE: the rule. SC_WHY_DEFAULT: a matching rule whose
	 * action is the default's (runc skips it; the default decides the
	 * same), or NULL. */
	const struct sc_rule *rule;
	/* An earlier matching rule with another action that libseccomp let
	 * a later rule override (an unconditional rule after conditional
	 * ones replaces them), or NULL. */
	const struct sc_rule *lost;
};

/* Explains @d (arch and nr native) under @m. */
void sc_explain(const struct sc_model *m, const struct seccomp_data *d,
		struct sc_verdict *v);

/* Runs the compiled filter on native call @nr with @args (NULL: zeros). */
uint32_t sc_model_run(const struct sc_model *m, int nr, const uint64_t *args,
		      bool *uses_args);

/* Whether @r's argument conditions hold for @args, as runc adds them: ANDed,
 * or ORed when one index is compared twice. */
bool sc_rule_matches(const struct sc_rule *r, const uint64_t *args);

/* Up to @max argument sets that meet @r's conditions, one per ORed
 * alternative (all zero for a rule without arguments). Check each with
 * sc_rule_matches: a condition nothing meets gives a set that fails. */
size_t sc_rule_witnesses(const struct sc_rule *r, uint64_t (*w)[SC_ARGS_MAX],
			 size_t max);

/* The file a rule was written in (an INI include, or the profile). */
const char *sc_rule_file(const struct sc_profile *p, const struct sc_rule *r);

/* "allow", "errno EPERM", "kill-process", "trace 7", ... */
void sc_action_words(uint32_t action, char *buf, size_t size);

/* @r for @call in words: "allow socket: arg0 == AF_UNIX". */
void sc_rule_words(const struct sc_rule *r, const char *call, char *buf,
		   size_t size);

/* An argument condition in words: "arg2 & O_WRONLY|O_RDWR == 0". */
void sc_arg_words(const struct sc_arg *a, const char *call, char *buf,
		  size_t size);

#endif
