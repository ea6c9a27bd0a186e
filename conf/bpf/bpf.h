/* SPDX-License-Identifier: Apache-2.0 */
/* A classic-BPF interpreter for seccomp programs: what the kernel would
 * decide for a call, and whether that decision depends on the arguments (the
 * rule the kernel's action cache uses since Linux 5.11). Used to split a
 * filter into stages and by the tests as an oracle. */
#ifndef SC_BPF_H
#define SC_BPF_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>

#include "prog.h"

/* Runs @prog on @d. Returns the SECCOMP_RET_* value; *@uses_args (when not
 * NULL) says whether the path read an argument or the instruction pointer.
 * A malformed program returns SECCOMP_RET_KILL_PROCESS. */
uint32_t sc_bpf_run(const struct sc_prog *prog, const struct seccomp_data *d,
		    bool *uses_args);

/* Whether @a and @b return the same for @d, and both read its arguments
 * or neither does. */
bool sc_bpf_same(const struct sc_prog *a, const struct sc_prog *b,
		 const struct seccomp_data *d);

/* A copy of the first @len instructions of @in in *@out (malloc'ed; free
 * out->insns): 0 or -ENOMEM. */
int sc_prog_dup(const struct sc_prog *in, size_t len, struct sc_prog *out);

/* The kernel keeps only the most restrictive result of stacked filters. */
uint32_t sc_bpf_stricter(uint32_t a, uint32_t b);

#endif
