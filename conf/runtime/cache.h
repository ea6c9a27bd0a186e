/* SPDX-License-Identifier: Apache-2.0 */
/* The compiled-filter cache: compile a profile once, load its BPF on later
 * starts. Docker's default takes libseccomp ~15-25 ms to compile with three
 * ABIs; a process under a bare LD_PRELOAD pays that on every start unless
 * the program is cached.
 *
 * The trust rule: an entry is used only if nobody can write it who could
 * not also write what it was compiled from. A program under a filter can
 * write whatever its user can, so an entry it wrote must never loosen a
 * profile it could not have rewritten itself.
 *
 * - Anchors: the profile's file and every file it includes; for the
 *   built-in "default", the file of the running code that embeds it (the
 *   shim's own file, found by the cache itself: sc_trust_self()).
 * - U: the anchors' owner. Root-owned anchors with one user's: U is that
 *   user. Anchors of two different non-root users: no cache at all.
 * - An entry, and the directory that holds it, is trusted only if owned by
 *   U or root and writable by nobody else (no group or other write bit).
 * - The directory: SYSCAGE_CACHE=/DIR when set (the same checks apply);
 *   else, when U is this user and not root, the user's
 *   ($XDG_CACHE_HOME/syscage or ~/.cache/syscage, 0700, entries 0600);
 *   else the system cache, /var/cache/syscage (root's, 0755, entries 0644):
 *   root reads and writes it, other users only read it (`syscage cache
 *   update` or `make install` fills it) and compile on a miss.
 * - An entry is stored only by U or root, into a directory of its own.
 *
 * A cache problem (no directory, an entry not to be trusted, a corrupt or
 * foreign one) only costs a compile: it is never an error. */
#ifndef SC_CACHE_H
#define SC_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "compile.h"
#include "request.h"

/* The cache alone, for the shim's start-up: 0 and the program when a
 * trusted entry exists, 1 when @spec must be compiled (cache off, no entry,
 * an entry not to be trusted), -errno when the profile cannot be read.
 * Needs neither libseccomp nor a parser. */
int sc_cache_get(const struct sc_request *rq, struct sc_compiled *out,
		 struct sc_err *err);

/* What the cache holds for @spec, as sc_build would see it. */
struct sc_cache_state {
	char path[4200]; /* the entry's file; "" when no cache applies */
	const char *why; /* why no cache applies */
	bool hit; /* a trusted entry is there */
	bool writable; /* this process would store it */
	bool sys; /* in the system cache */
};
int sc_cache_state(const struct sc_request *rq, struct sc_cache_state *st,
		   struct sc_err *err);

/* Removes every entry of the cache this user writes (the system cache for
 * root); its name into @dir, the count into *@removed. */
int sc_cache_clear(char *dir, size_t size, unsigned *removed,
		   struct sc_err *err);

/* One request's entry, between the cache (the shim's side) and sc_build
 * (the compiler half's, build.c), which compiles on a miss and stores. */
struct sc_cache_ref;
/* -errno when the profile cannot be read. */
int sc_cache_open(const struct sc_request *rq, struct sc_cache_ref **out,
		  struct sc_err *err);
/* The profile's bytes, as read for the key. */
const char *sc_cache_text(const struct sc_cache_ref *r, size_t *len);
/* The profile's resolved file; NULL for the built-in default. */
const char *sc_cache_file(const struct sc_cache_ref *r);
/* 0 and the program from a trusted entry, 1 when there is none. */
int sc_cache_lookup(struct sc_cache_ref *r, struct sc_compiled *out);
/* Writes the entry for @c, compiled from @p, where the trust rule lets
 * this process write it; a failure only costs a compile next time. */
void sc_cache_store(struct sc_cache_ref *r, const struct sc_compiled *c,
		    const struct sc_profile *p);
void sc_cache_close(struct sc_cache_ref *r);

#endif
