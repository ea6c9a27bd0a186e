/* Filling and formatting struct sc_err; no allocation, so the shim can use it
 * on any path. */
#include "err.h"

#include <stdio.h>
#include <string.h>

int sc_err_set(struct sc_err *e, int rc, const char *file, unsigned line,
	       unsigned col, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return rc;
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return rc;
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
