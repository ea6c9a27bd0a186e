/* SPDX-License-Identifier: Apache-2.0 */
/* The environment marker that tells a process which filter is in force. A
 * child inherits its parent's filters; the shim in that child compares
 * SYSCAGE_ACTIVE with what its own environment asks for and installs
 * nothing when they match, so a shell script's thousand children do not
 * stack a thousand filters. Anything that could make the child's filter
 * differ makes them differ: the profile's resolved file and every file it
 * included (device, inode, size and mtime, checked with stat: the same
 * name through another SYSCAGE_PATH, or the same relative path from
 * another directory, is another profile), the capability set the rules
 * were resolved against (a process whose capabilities shrank with a change
 * of user resolves again and stacks the narrower filter), --strict and
 * --lenient.
 *
 * A marker is trusted only as far as it can be: a process can write any
 * marker into its children's environment, but it cannot take its own
 * filter away from them, and a marker makes the shim load less, never
 * allow more. The shim also checks that some filter is in force. */
#ifndef SC_IDENTITY_H
#define SC_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caps.h"
#include "err.h"
#include "profile.h"

#define SC_ENV_PROFILE "SYSCAGE_PROFILE"
#define SC_ENV_CAPS "SYSCAGE_CAPS"
#define SC_ENV_STRICT "SYSCAGE_STRICT"
#define SC_ENV_ACTIVE "SYSCAGE_ACTIVE"
#define SC_ENV_STAGE2 "SYSCAGE_STAGE2"
#define SC_ENV_QUIET "SYSCAGE_QUIET"
#define SC_ENV_LENIENT "SYSCAGE_LENIENT"

/* Room for a marker: a few paths and their identities. */
#define SC_MARKER_MAX 8192

struct sc_marker {
	const char *caps_env; /* SYSCAGE_CAPS / --caps as given; NULL: none */
	uint64_t caps; /* the set the rules were resolved against */
	enum sc_caps_kind caps_kind;
	bool strict, lenient;
	const char *spec; /* "default", or the profile's absolute path */
	/* every file read, absolute: the profile, then what it included
	 * (none for the built-in default) */
	const struct sc_strv *files;
};

/* Writes @m's marker into @buf; -ENAMETOOLONG when it does not fit,
 * -errno when a file cannot be looked at. */
int sc_marker_write(char *buf, size_t size, const struct sc_marker *m,
		    struct sc_err *err);

/* Whether @marker names the filter this process would load for @spec
 * (resolved as in struct sc_marker) with @caps_env, @strict and @lenient.
 * Looks at the files again (stat) and, for a capability set that depends
 * on the process, at this process's capabilities; a process that may not
 * read them keeps its parent's set (it cannot gain any under
 * no_new_privs). No allocation. */
bool sc_marker_holds(const char *marker, const char *spec, const char *caps_env,
		     bool strict, bool lenient);

/* The profile @marker names ("default" or a path), for `syscage status`;
 * -EINVAL when it is not a marker of this version. */
int sc_marker_profile(const char *marker, char *out, size_t size);

/* Resolves SYSCAGE_PROFILE as the marker names profiles: "default", or
 * the real path (realpath) of the file a name finds in SYSCAGE_PATH or a
 * path names. */
int sc_marker_spec(const char *profile, char *out, size_t size,
		   struct sc_err *err);

#endif
