/* SPDX-License-Identifier: Apache-2.0 */
/* Filling and formatting struct sc_err; no allocation, so the shim can use it
 * on any path. */
#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int sc_err_vset(struct sc_err *e, int rc, const char *file, unsigned line,
		unsigned col, const char *fmt, va_list ap)
{
	if (!e)
		return rc;
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	e->col = col;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return rc;
}

int sc_err_set(struct sc_err *e, int rc, const char *file, unsigned line,
	       unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rc = sc_err_vset(e, rc, file, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

int sc_err_msg(struct sc_err *e, int rc, const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rc = sc_err_vset(e, rc, file, 0, 0, fmt, ap);
	va_end(ap);
	return rc;
}

int sc_err_oom(struct sc_err *e)
{
	return sc_err_set(e, -ENOMEM, NULL, 0, 0, "out of memory");
}

int sc_err_format(const struct sc_err *e, char *buf, unsigned size)
{
	char where[SC_ERR_FILE_MAX + 32] = "";
	int n;

	if (e->file[0] && e->line && e->col)
		snprintf(where, sizeof(where), "%s:%u:%u: ", e->file, e->line,
			 e->col);
	else if (e->file[0] && e->line)
		snprintf(where, sizeof(where), "%s:%u: ", e->file, e->line);
	else if (e->file[0])
		snprintf(where, sizeof(where), "%s: ", e->file);
	n = snprintf(buf, size, "syscage: %s%s\n", where, e->msg);
	if (n < 0)
		n = 0;
	if ((unsigned)n >= size) {
		/* Keep the line a line even when a 5,000-character path cut
		 * it short. */
		n = size - 1;
		if (n > 0)
			buf[n - 1] = '\n';
	}
	return n;
}
