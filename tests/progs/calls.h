/* SPDX-License-Identifier: Apache-2.0 */
/* How the test programs read a call from their command line:
 * "NAME[:ARG]...", NAME one of the program's own table (its ABI's numbers)
 * or a raw number, each ARG a number (decimal or 0x hex). No malloc: the
 * profile under test may deny brk and mmap. */
#ifndef SC_TESTS_CALLS_H
#define SC_TESTS_CALLS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct call {
	const char *name;
	long nr;
};

/* Splits @arg (copied into @spec, @size bytes) into the call's number and
 * up to @max arguments in @a (the rest stay 0); returns the name, or NULL
 * for an empty word. */
static inline const char *parse_call(const char *arg, char *spec, size_t size,
				     const struct call *calls, size_t n_calls,
				     long *nr, long *a, int max)
{
	char *save = NULL, *name, *t;

	snprintf(spec, size, "%s", arg);
	name = strtok_r(spec, ":", &save);
	if (!name)
		return NULL;
	*nr = -1;
	for (size_t k = 0; k < n_calls; k++)
		if (strcmp(calls[k].name, name) == 0)
			*nr = calls[k].nr;
	if (*nr < 0)
		*nr = strtol(name, NULL, 0); /* a raw number */
	for (int i = 0; i < max; i++)
		a[i] = (t = strtok_r(NULL, ":", &save))
			       ? (long)strtoull(t, NULL, 0)
			       : 0;
	return name;
}

#endif
