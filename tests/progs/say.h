/* SPDX-License-Identifier: Apache-2.0 */
/* How the test programs print one call's result: "what=0", or
 * "what=-EPERM" (glibc's errno name), or "what=-N" when glibc has none. */
#ifndef SC_TESTS_SAY_H
#define SC_TESTS_SAY_H

#include <stdio.h>
#include <string.h>

static inline void say(const char *what, long rc, int e)
{
	const char *n = strerrorname_np(e);

	if (rc >= 0)
		printf("%s=0\n", what);
	else if (n)
		printf("%s=-%s\n", what, n);
	else
		printf("%s=-%d\n", what, e);
	fflush(stdout);
}

#endif
