/* SPDX-License-Identifier: Apache-2.0 */
/* Writing one Docker rule's names and argument conditions as INI keys,
 * under a section header the caller has written (write_ini.c). */
#ifndef SC_WRITE_COND_H
#define SC_WRITE_COND_H

#include <stdio.h>

#include "profile.h"

/* @r, a rule without arguments, as one "syscalls =" key: groups where a
 * whole group is present, ?names for names libseccomp does not know (in a
 * lax rule), names the parser could not read left out with a comment.
 * 0 or -errno. */
int sc_write_syscalls(FILE *out, const struct sc_rule *r);

/* Rules @r[0..@n) with arguments as one "NAME = CONDITION" key per name;
 * @n > 1 only for rules of one and the same name, each an alternative.
 * 0 or -errno. */
int sc_write_conds(FILE *out, const struct sc_rule *r, size_t n);

#endif
