/* SPDX-License-Identifier: Apache-2.0 */
/* Where a profile's text comes from: the embedded default or a file. */
#ifndef SC_TEXT_H
#define SC_TEXT_H

#include <stddef.h>

#include "err.h"

/* Largest profile file read: Docker's default is 14 KB; this bounds memory
 * and time on hostile input. */
#define SC_PROFILE_MAX (4u << 20)

/* The bytes of @spec (a name is looked up): the embedded default's, or the
 * file's (then also in *@owned, which the caller frees). Bounded, never
 * blocks (see SC_PROFILE_MAX). */
int sc_profile_text(const char *spec, const char **text, size_t *len,
		    char **owned, struct sc_err *err);

/* Reads the file @path as sc_profile_text does (no name lookup): the
 * caller frees *@buf. */
int sc_profile_read(const char *path, char **buf, size_t *len,
		    struct sc_err *err);

/* The embedded default's text. */
const char *sc_default_text(size_t *len);

#endif
