/* SPDX-License-Identifier: Apache-2.0 */
/* The one error convention of syscage: functions return 0 or -errno and fill
 * a caller-owned struct sc_err with where (file, line, column) and what.
 * Only shim/ and loader/ decide to print it and exit. */
#ifndef SC_ERR_H
#define SC_ERR_H

#include <stdarg.h>

#define SC_ERR_FILE_MAX 512
#define SC_ERR_MSG_MAX 512

struct sc_err {
	char file[SC_ERR_FILE_MAX]; /* "" when no file is involved */
	unsigned line; /* 0: no line */
	unsigned col; /* 0: no column */
	char msg[SC_ERR_MSG_MAX];
};

/* Fills @e and returns @rc (a negative errno), so callers can write
 * "return sc_err_set(e, ...)". */
int sc_err_set(struct sc_err *e, int rc, const char *file, unsigned line,
	       unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* sc_err_set with the arguments as a va_list, for functions that add
 * their own context (a file, a line) and pass the rest on. */
int sc_err_vset(struct sc_err *e, int rc, const char *file, unsigned line,
		unsigned col, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

/* sc_err_set where no line or column applies (@file may be NULL). */
int sc_err_msg(struct sc_err *e, int rc, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "out of memory"; returns -ENOMEM. Where it ran out is no use to the
 * user, so no file is named. */
int sc_err_oom(struct sc_err *e);

/* Formats "syscage: FILE:LINE:COL: MSG\n" (parts omitted when unknown) into
 * @buf, always NUL-terminated; returns the length written. */
int sc_err_format(const struct sc_err *e, char *buf, unsigned size);

#endif
