/* SPDX-License-Identifier: Apache-2.0 */
/* Named groups of system calls (@basic-io, @file-system, ...), with
 * systemd's names and meanings (SystemCallFilter=), kept as data. */
#ifndef SC_GROUPS_H
#define SC_GROUPS_H

#include <stddef.h>

struct sc_group {
	const char *name; /* "@basic-io" */
	const char *help; /* one line */
	const char *const *members; /* NULL-terminated: syscall names and
				      * "@other" groups */
};

/* NULL when @name (with its '@') is not a group. */
const struct sc_group *sc_group_find(const char *name);
/* The groups in a stable order; *@n is their count. */
const struct sc_group *sc_groups(size_t *n);
/* Calls @fn for every syscall name in @g, nested groups expanded, each
 * name once; stops and returns the first non-zero @fn result. */
int sc_group_expand(const struct sc_group *g,
		    int (*fn)(const char *name, void *data), void *data);

#endif
