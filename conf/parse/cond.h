/* SPDX-License-Identifier: Apache-2.0 */
/* Argument conditions of the INI language ("arg0 == AF_UNIX || arg0 in {1,
 * 2}"), brought to what libseccomp can express: an OR of ANDs in which each
 * AND compares every argument at most once. */
#ifndef SC_COND_H
#define SC_COND_H

#include <stddef.h>

#include "err.h"
#include "profile.h"

/* Alternatives one condition may expand to: "in" sets and parentheses
 * multiply, and each alternative becomes a rule. */
#define SC_COND_ALTS_MAX 256

struct sc_conj {
	struct sc_arg args[SC_ARGS_MAX];
	size_t n;
};

struct sc_dnf {
	struct sc_conj alt[SC_COND_ALTS_MAX];
	size_t n;
};

/* Parses @text (NUL-terminated). On error fills @err's message (the caller
 * sets file and line) and returns -EINVAL. */
int sc_cond_parse(const char *text, struct sc_dnf *out, struct sc_err *err);

#endif
