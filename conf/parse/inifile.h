/* SPDX-License-Identifier: Apache-2.0 */
/* syscage's INI profiles (see syscage-profile(5)), read with inih into the
 * same model as Docker's JSON. */
#ifndef SC_INIFILE_H
#define SC_INIFILE_H

#include <stddef.h>

#include "err.h"
#include "profile.h"

/* How "include = FILE" is read: the parser itself touches no file. @path is
 * as written, @from the including file's name. On success *@buf is a
 * malloc'd NUL-terminated text of *@len bytes and *@canon a malloc'd name
 * that is the same for the same file (for cycles). */
struct sc_ini_io {
	int (*read)(const char *path, const char *from, char **buf, size_t *len,
		    char **canon, struct sc_err *err, void *data);
	void *data;
};

/* Parses the @len bytes at @buf, named @name (also its canonical name for
 * cycles). @io may be NULL: then an include is an error. Returns 0,
 * -EINVAL or -ENOMEM; errors name FILE:LINE and the token. */
int sc_ini_parse(const char *buf, size_t len, const char *name,
		 const struct sc_ini_io *io, struct sc_profile **out,
		 struct sc_err *err);

#endif
