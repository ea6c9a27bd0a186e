/* The compiled-filter cache: compile a profile once, load its BPF on later
 * starts. Docker's default takes libseccomp ~15-25 ms to compile with three
 * ABIs; a process under a bare LD_PRELOAD pays that on every start unless
 * the program is cached. */
#ifndef SC_CACHE_H
#define SC_CACHE_H

#include <stdbool.h>

#include "compile.h"

/* Compiles @spec as this process would (capabilities from @caps_spec, else
 * the profile's own, else effective), through the cache unless
 * SYSCAGE_CACHE=off. The cache lives in $XDG_CACHE_HOME/syscage (or
 * ~/.cache/syscage), /var/cache/syscage for root, or SYSCAGE_CACHE=/DIR. A
 * cache problem (unwritable directory, corrupt or foreign entry) only costs
 * a compile: it is never an error. *@hit says whether the cache answered
 * (may be NULL). */
int sc_build(const char *spec, const char *caps_spec, bool strict, bool lenient,
	     struct sc_compiled *out, bool *hit, struct sc_err *err);

/* The cache alone, for the shim's start-up: 0 and the program when a good
 * entry exists, 1 when @spec must be compiled (cache off, no entry, an
 * entry not to be trusted), -errno when the profile cannot be read. Needs
 * neither libseccomp nor a parser. */
int sc_cache_get(const char *spec, const char *caps_spec, bool strict,
		 bool lenient, struct sc_compiled *out, struct sc_err *err);

#endif
