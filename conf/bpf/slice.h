/* SPDX-License-Identifier: Apache-2.0 */
/* A slice of a seccomp program for one (architecture, syscall number):
 * what the layout pass (layout.h) jumps to for a call whose decision
 * depends on its arguments, so those checks stay libseccomp's own
 * instructions. */
#ifndef SC_SLICE_H
#define SC_SLICE_H

#include <linux/seccomp.h>
#include <stdbool.h>

#include "prog.h"

struct sc_slice {
	struct sock_filter *f; /* malloc'd */
	size_t n;
};

/* The instructions @p runs for @d's arch and nr, whatever the arguments.
 * -ENOTSUP when @p is not a program the walk models (an instruction kept
 * on one path and dropped on another, a jump the slice cannot reach),
 * -ENOMEM. */
int sc_slice_make(const struct sc_prog *p, const struct seccomp_data *d,
		  struct sc_slice *s);

/* Whether @a and @b decide alike for @d with each argument word @s reads
 * set, one at a time, to each constant @s compares with and the numbers
 * either side. */
bool sc_slice_agrees(const struct sc_prog *a, const struct sc_prog *b,
		     struct seccomp_data d, const struct sc_slice *s);

#endif
