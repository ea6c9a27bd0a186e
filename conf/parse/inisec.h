/* SPDX-License-Identifier: Apache-2.0 */
/* The meaning of INI sections and keys: [profile] settings, rule section
 * headers ("errno ENOSYS unless CAP_SYS_ADMIN"), and rule keys ("syscalls =
 * ...", "NAME = CONDITION"). ini.c does the reading; this file turns text
 * into the model. Errors fill the message only: ini.c adds FILE:LINE. */
#ifndef SC_INISEC_H
#define SC_INISEC_H

#include "err.h"
#include "profile.h"

/* A parsed rule section header: the action and its conditions. */
struct sc_inisec {
	enum sc_action action;
	bool has_errno;
	uint32_t errno_ret;
	struct sc_cond includes; /* "if ..." */
	struct sc_cond excludes; /* "unless ..." */
	bool narrows; /* [deny ...]: before every other rule */
};

int sc_inisec_header(const char *text, struct sc_inisec *s, struct sc_err *e);
void sc_inisec_clear(struct sc_inisec *s);
int sc_inisec_profile_key(struct sc_profile *p, const char *key,
			  const char *value, struct sc_err *e);
/* @file: where the rule was written (NULL: the profile's own file). */
int sc_inisec_rule_key(struct sc_profile *p, const struct sc_inisec *s,
		       const char *file, const char *key, const char *value,
		       unsigned line, struct sc_err *e);
/* After the whole profile: a default is required; the native architecture
 * is always in (so runc's -ENOSYS stub covers it). */
int sc_inisec_finish(struct sc_profile *p, struct sc_err *e);

#endif
