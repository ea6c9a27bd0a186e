/* The identity string of SYSCAGE_ACTIVE: every input that changes the
 * filter a profile compiles to, as the environment names them. */
#include "identity.h"

#include <stdio.h>

int sc_identity(char *buf, size_t size, const char *profile, const char *caps,
		bool strict)
{
	int n = snprintf(buf, size, "%s;%d;%s", caps ? caps : "", strict,
			 profile ? profile : "");

	return n < 0 || (size_t)n >= size ? -1 : n;
}
