/* SPDX-License-Identifier: Apache-2.0 */
/* The one wording of "names unknown to libseccomp were skipped", for the
 * loader and the shim alike. */
#ifndef SC_UNKNOWN_H
#define SC_UNKNOWN_H

#include <stddef.h>

#include "profile.h"

/* Formats the warning for profile @spec into @buf (NUL-terminated, with
 * its newline); returns its length, 0 when there is nothing to say: no
 * unknown names, or the built-in default, whose names newer than
 * libseccomp are listed in the README (nobody can act on them). */
size_t sc_unknown_message(const char *spec, const struct sc_strv *u, char *buf,
			  size_t size);

#endif
