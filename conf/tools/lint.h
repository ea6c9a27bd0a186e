/* SPDX-License-Identifier: Apache-2.0 */
/* `syscage check`'s warnings: what compiles but is probably not what the
 * author meant. Each finding has the file and line of the rule (or the
 * default action, or the architecture list) it is about. */
#ifndef SC_LINT_H
#define SC_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "explain.h"

#define SC_LINT_MSG_MAX 400

struct sc_lint {
	const char *file; /* borrowed from the profile */
	unsigned line; /* 0: not known */
	size_t order; /* found n-th */
	/* Said when the profile runs too (once, when it is compiled): a
	 * rule that never takes effect, a key Docker ignores. */
	bool at_run;
	char msg[SC_LINT_MSG_MAX];
};

struct sc_lints {
	struct sc_lint *v;
	size_t n;
};

/* Runs every check on @m (native ABI, the capabilities and kernel @m was
 * resolved for). @text is the profile's own text (for the line of its
 * architecture list; may be NULL). Findings are sorted by file and line.
 * 0 or -ENOMEM. */
int sc_lint(const struct sc_model *m, const char *text, size_t len,
	    struct sc_lints *out, struct sc_err *err);
void sc_lints_clear(struct sc_lints *l);

/* The line of @text (an INI profile) that sets @key ("default"), or 0
 * (JSON, or no such line). */
unsigned sc_ini_key_line(const char *text, size_t len, const char *key);

#endif
