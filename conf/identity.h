/* The environment marker that tells a process its filter is already in
 * place. A child inherits its parent's filters; the shim in that child
 * compares SYSCAGE_ACTIVE with what its own environment asks for and installs
 * nothing when they match, so a shell script's thousand children do not
 * stack a thousand filters. The compare makes no system call: under a
 * filter, the child may not be allowed to open the profile again. */
#ifndef SC_IDENTITY_H
#define SC_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

#define SC_ENV_PROFILE "SYSCAGE_PROFILE"
#define SC_ENV_CAPS "SYSCAGE_CAPS"
#define SC_ENV_STRICT "SYSCAGE_STRICT"
#define SC_ENV_ACTIVE "SYSCAGE_ACTIVE"
#define SC_ENV_STAGE2 "SYSCAGE_STAGE2"
#define SC_ENV_QUIET "SYSCAGE_QUIET"
#define SC_ENV_LENIENT "SYSCAGE_LENIENT"

/* "caps;strict;profile" into @buf; -1 when it does not fit. */
int sc_identity(char *buf, size_t size, const char *profile, const char *caps,
		bool strict);

#endif
