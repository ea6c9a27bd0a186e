/* The identity string of SYSCAGE_ACTIVE: every input that changes the
 * filter a profile compiles to, as the environment names them. */
#include "identity.h"

#include <string.h>

/* No snprintf: this runs in every process the shim starts in, and printf's
 * machinery is pages of libc that /bin/true would never touch. */
int sc_identity(char *buf, size_t size, const char *profile, const char *caps,
		bool strict)
{
	const char *c = caps ? caps : "", *p = profile ? profile : "";
	size_t lc = strlen(c), lp = strlen(p);

	if (lc + lp + 4 > size)
		return -1;
	memcpy(buf, c, lc);
	memcpy(buf + lc, strict ? ";1;" : ";0;", 3);
	memcpy(buf + lc + 3, p, lp + 1);
	return (int)(lc + lp + 3);
}
