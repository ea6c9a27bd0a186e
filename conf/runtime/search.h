/* SPDX-License-Identifier: Apache-2.0 */
/* Profiles by name: "-p NAME" and SYSCAGE_PROFILE=NAME are looked up in
 * SYSCAGE_PATH (colon-separated directories), by default
 * $XDG_CONFIG_HOME/syscage/profiles:/etc/syscage/profiles:DATADIR/syscage/
 * profiles, trying NAME.ini then NAME.json in each. Shared by the loader and
 * the shim: no allocation, only fixed buffers. */
#ifndef SC_SEARCH_H
#define SC_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define SC_ENV_PATH "SYSCAGE_PATH"

/* Whether @spec is a name to look up rather than a path: a bare word of
 * letters, digits, '.', '_', '+' and '-', with no '/', not starting with
 * '.', not ending in ".ini" or ".json", and not "default" (the embedded
 * profile). A file in the working directory is never found by name: write
 * ./FILE for it. */
bool sc_profile_is_name(const char *spec);

/* One directory of the search path, as sc_search_dirs hands it out. */
struct sc_search_dir {
	const char *dir; /* absolute, or as the user wrote it */
	const char *origin; /* "SYSCAGE_PATH", "XDG_CONFIG_HOME", ... */
	bool usable; /* false: not absolute, or too long; not searched */
};

/* Calls @fn for each directory of the search path, in order; stops at the
 * first non-zero return of @fn, which it returns. */
int sc_search_dirs(int (*fn)(const struct sc_search_dir *d, void *data),
		   void *data);

/* One candidate file tried by sc_profile_find. */
struct sc_search_try {
	const struct sc_search_dir *dir;
	const char *path;
	int error; /* 0: found; else the errno of access(2) */
};

/* Finds @name: fills @path with the first NAME.ini or NAME.json that
 * exists, calling @fn (may be NULL) on every candidate tried. -ENOENT, with
 * the directories searched in @err, when there is none. */
int sc_profile_find(const char *name, char *path, size_t size,
		    void (*fn)(const struct sc_search_try *t, void *data),
		    void *data, struct sc_err *err);

/* Every profile of the search path, in the order names find them: @fn gets
 * each NAME, its file, and whether an earlier file of that name (or the
 * built-in "default") hides it. 0 or -ENOMEM. Not for the shim: it
 * allocates. */
int sc_profile_list(void (*fn)(const char *name, const char *path, bool hidden,
			       void *data),
		    void *data);

/* The file @spec stands for, in *@file: a name's (sc_profile_find, into
 * @buf), else @spec itself, untouched ("default" included). */
int sc_profile_resolve(const char *spec, char *buf, size_t size,
		       const char **file, struct sc_err *err);

#endif
