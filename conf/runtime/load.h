/* SPDX-License-Identifier: Apache-2.0 */
/* Loading a program into the kernel, for the loader (stage one, without
 * reports) and the shim. (The reporting supervisor's child loads its own,
 * with a listener: loader/supervise.c.) */
#ifndef SC_LOAD_H
#define SC_LOAD_H

#include "err.h"
#include "prog.h"

/* Sets no_new_privs when it is not set, then loads @prog with @flags and
 * TSYNC (every thread of the process gets it, or nothing is loaded). */
int sc_prog_load(const struct sc_prog *prog, unsigned flags,
		 struct sc_err *err);

/* The same without touching no_new_privs (one system call, seccomp): for
 * a process where the loader set it and prctl may be denied already. */
int sc_prog_attach(const struct sc_prog *prog, unsigned flags,
		   struct sc_err *err);

/* What to change when the kernel refuses a filter with @e ("" if
 * nothing to say); starts with a space. */
const char *sc_load_hint(int e);

#endif
