/* SPDX-License-Identifier: Apache-2.0 */
/* See unknown.h. No libseccomp here: the shim formats it too. */
#include "unknown.h"

#include <stdio.h>
#include <string.h>

size_t sc_unknown_message(const char *spec, const struct sc_strv *u, char *buf,
			  size_t size)
{
	size_t n;

	if (size < 2 || u->n == 0 || strcmp(spec, "default") == 0)
		return 0;
	n = (size_t)snprintf(buf, size,
			     "syscage: %s: warning: %zu syscall name%s unknown "
			     "to this libseccomp skipped, as runc does "
			     "(calls newer than it; --strict refuses them):",
			     spec, u->n, u->n == 1 ? "" : "s");
	for (size_t i = 0; i < u->n && n < size - 2; i++)
		n += (size_t)snprintf(buf + n, size - n, " %s", u->v[i]);
	if (n > size - 2)
		n = size - 2;
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}
