/* Loading a program into the kernel: the one place syscage calls seccomp(2).
 * Used by the loader (stage one) and the shim. */
#ifndef SC_LOAD_H
#define SC_LOAD_H

#include "compile.h"

/* Sets no_new_privs when it is not set, then loads @prog with @flags and
 * TSYNC (every thread of the process gets it, or nothing is loaded). */
int sc_prog_load(const struct sc_prog *prog, unsigned flags,
		 struct sc_err *err);

#endif
