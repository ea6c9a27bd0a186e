/* SPDX-License-Identifier: Apache-2.0 */
/* `syscage diff`: the calls two compiled profiles decide differently on the
 * native ABI, found by running both filters. */
#ifndef SC_DIFF_H
#define SC_DIFF_H

#include "explain.h"

/* One call, or one argument case of it, decided differently. */
struct sc_delta {
	const char *call;
	int nr;
	/* NULL: every case tried differs alike (the arguments do not
	 * matter); else the arguments of this case */
	const uint64_t *args;
	unsigned mentioned; /* bit N: argN appears in a condition */
	uint32_t a, b; /* SECCOMP_RET_* of each profile */
};

/* Every call libseccomp knows on the native ABI, with all arguments zero
 * and, for calls with argument conditions in either profile, with the
 * values those conditions mention (and their neighbours, for < <= > >=):
 * one at a time, every rule's own matching case, and all combinations
 * when they are few. Calls @fn on each difference, in syscall number
 * order; returns how many there were, or -errno. */
int sc_diff(const struct sc_model *a, const struct sc_model *b,
	    int (*fn)(const struct sc_delta *d, void *data), void *data);

#endif
