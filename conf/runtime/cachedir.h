/* SPDX-License-Identifier: Apache-2.0 */
/* Where the compiled-filter cache lives and whom it trusts (cache.c's
 * helpers; the rule is in cache.h). */
#ifndef SC_CACHEDIR_H
#define SC_CACHEDIR_H

#include <stdbool.h>
#include <sys/types.h>

#define SC_CACHE_SYSTEM "/var/cache/syscage"

/* The owners of the anchors (a profile file and its includes; for the
 * built-in default, the file of the running code). */
struct sc_trust {
	uid_t u; /* U: their one non-root owner, else 0 (root) */
	bool mixed; /* two different non-root owners: no cache at all */
};

void sc_trust_add(struct sc_trust *t, uid_t owner);

/* Whether a file or directory owned by @owner with @mode may hold an entry:
 * owned by U or root, writable by nobody else. */
bool sc_trust_holder(const struct sc_trust *t, uid_t owner, mode_t mode);

/* The owner of the file of the running code that embeds the default
 * profile: the shared object holding this function (libsyscage.so,
 * libsyscage-compile.so), or /proc/self/exe when it is the program (the
 * loader). -1 when it cannot be told. */
int sc_trust_self(uid_t *owner);

/* A cache directory, chosen from the first anchor's owner. */
struct sc_cdir {
	char path[4096];
	uid_t uid; /* its owner, when usable */
	bool sys; /* the system cache */
	/* Others may read it (0755, as the system cache): its entries are
	 * written 0644, as readable as their directory. */
	bool shared;
	bool usable; /* exists and passes sc_trust_holder for that owner */
	const char *why; /* when not usable */
};

/* Picks the directory for anchors whose first owner is @u0 (SYSCAGE_CACHE
 * set to a path, else the system cache for root or for a profile this user
 * does not own, else the user's), creating it when this process may store
 * there. Never fails: *@d says whether it can be used. */
void sc_cdir_pick(struct sc_cdir *d, uid_t u0);

/* @a then @b into @buf; -1 when it does not fit (no snprintf on the shim's
 * start-up path: printf's machinery is pages of libc to fault in). */
int sc_cat(char *buf, size_t size, const char *a, const char *b);

#endif
