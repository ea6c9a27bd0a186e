/* SPDX-License-Identifier: Apache-2.0 */
/* Reading a Docker seccomp profile (JSON text) into the profile model, with
 * the meaning moby's LoadProfile and runc 1.1 give it. */
#ifndef SC_JSON_H
#define SC_JSON_H

#include <stddef.h>

#include "err.h"
#include "profile.h"

/* Parses the @len bytes at @buf (no NUL terminator needed) into a new
 * profile in *@out; @name is the file name kept in it and in messages.
 * Returns 0, -EINVAL when Docker would refuse the text (or run it with no
 * filter), or -ENOMEM; on error *@out is NULL and @err says where (line and
 * column of the offending token, 1-based) and what to change. */
int sc_json_parse(const char *buf, size_t len, const char *name,
		  struct sc_profile **out, struct sc_err *err);

#endif
