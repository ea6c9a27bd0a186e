/* SPDX-License-Identifier: Apache-2.0 */
/* What the loader hands to the shim: the one place that sets LD_PRELOAD,
 * LD_AUDIT and the SYSCAGE_* variables for a command (env.c). */
#ifndef SC_ENV_H
#define SC_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct sc_shim_env {
	const char *profile; /* SYSCAGE_PROFILE */
	const char *active; /* SYSCAGE_ACTIVE, the marker */
	const char *caps; /* SYSCAGE_CAPS; NULL unsets it */
	bool strict, lenient; /* SYSCAGE_STRICT, SYSCAGE_LENIENT */
	/* SYSCAGE_STAGE2, and the shim first in LD_AUDIT; NULL: no stage
	 * two (the variable unset, LD_AUDIT left alone). */
	const char *stage2;
};

/* The shim beside the loader, or installed. */
int sc_find_shim(char *out, size_t size, struct sc_err *e);

/* Finds the shim, puts it first in LD_PRELOAD (and LD_AUDIT) and sets the
 * variables of @env, in this process's environment. */
int sc_shim_env(const struct sc_shim_env *env, struct sc_err *e);

#endif
