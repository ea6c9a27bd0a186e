/* SPDX-License-Identifier: Apache-2.0 */
/* The filter layout: libseccomp's program, laid out again for the kernel.
 *
 * libseccomp spends one comparison per syscall number and architecture
 * (1,395 instructions for Docker's default with three ABIs); the kernel
 * JIT-compiles every instruction at each load, so each start pays about
 * half a microsecond per instruction. Most neighbouring numbers share a
 * decision: this pass reads, by running the program, what it decides for
 * every range of numbers on every architecture and emits a binary search
 * over those ranges. Where a decision depends on the arguments, the range
 * jumps to a slice of libseccomp's own instructions for that call: the
 * argument checks are libseccomp's, copied, never rewritten.
 *
 * The result is checked against the input by the interpreter before it is
 * used; anything the pass does not model leaves libseccomp's program as it
 * is (slower, the same decisions). */
#ifndef SC_LAYOUT_H
#define SC_LAYOUT_H

#include "prog.h"

/* 0 and a new program in @out (malloc'd) when it is shorter than @in and
 * decides every call as @in does; -ENOTSUP when @in uses what the pass
 * does not model or the result would not be shorter, -ENOMEM. */
int sc_layout(const struct sc_prog *in, struct sc_prog *out);

#endif
