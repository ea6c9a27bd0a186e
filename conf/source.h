/* Where a profile's text comes from: the embedded default or a file. */
#ifndef SC_SOURCE_H
#define SC_SOURCE_H

#include "err.h"
#include "profile.h"

/* Largest profile file read: Docker's default is 14 KB; this bounds memory
 * and time on hostile input. */
#define SC_PROFILE_MAX (4u << 20)

/* "default" is the embedded profile (Docker's default); anything else is a
 * path. Reads and parses it. */
int sc_profile_load(const char *spec, struct sc_profile **out,
		    struct sc_err *err);

/* The embedded default's text. */
const char *sc_default_text(size_t *len);

#endif
