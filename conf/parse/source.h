/* SPDX-License-Identifier: Apache-2.0 */
/* A profile's text to its model (INI or Docker JSON) and its options. */
#ifndef SC_SOURCE_H
#define SC_SOURCE_H

#include "compile.h"
#include "err.h"
#include "profile.h"
#include "request.h"
#include "text.h"

/* "default" is the embedded profile (Docker's default); a bare word is a
 * profile name, looked up in SYSCAGE_PATH (search.h); anything else is a
 * path. Reads and parses it; the profile's file is the path found. */
int sc_profile_load(const char *spec, struct sc_profile **out,
		    struct sc_err *err);

/* Parses @buf as INI (a name ending in .ini, or text not starting with
 * '{') or Docker JSON; INI includes are read relative to @name (a
 * profile name: relative to its file). */
int sc_profile_parse(const char *buf, size_t len, const char *name,
		     struct sc_profile **out, struct sc_err *err);

/* Loads @spec (sc_profile_load) and fills @o for it: the capability set is
 * @caps_spec when given, else the profile's "caps =", else "default". */
/* The same from @text already read: the cache reads the bytes first. */
int sc_load_text(const struct sc_request *rq, const char *text, size_t len,
		 struct sc_profile **p, struct sc_opts *o, struct sc_err *err);

int sc_load(const struct sc_request *rq, struct sc_profile **p,
	    struct sc_opts *o, struct sc_err *err);

#endif
