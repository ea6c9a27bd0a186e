/* SPDX-License-Identifier: Apache-2.0 */
/* What is asked of the profile language: which profile, and the options
 * that change what it compiles to. One struct through the cache, the
 * source, the shim and the compiler half's entry, so that a new option
 * changes no signature. */
#ifndef SC_REQUEST_H
#define SC_REQUEST_H

#include <stdbool.h>

struct sc_request {
	/* sizeof(struct sc_request) where it was made: the shim and its
	 * compiler half (a dlopen apart) check that they agree */
	unsigned size;
	const char *spec; /* "default", a name in SYSCAGE_PATH, or a path */
	/* --caps / SYSCAGE_CAPS; NULL: the profile's "caps =", else the
	 * default set (caps.h) */
	const char *caps;
	bool strict; /* unknown syscall names are errors */
	bool lenient; /* ... and in INI rules, warnings */
};

#define SC_REQUEST(spec_, caps_, strict_, lenient_)              \
	((struct sc_request){ .size = sizeof(struct sc_request), \
			      .spec = (spec_),                   \
			      .caps = (caps_),                   \
			      .strict = (strict_),               \
			      .lenient = (lenient_) })

#endif
