/* SPDX-License-Identifier: Apache-2.0 */
/* Between libsyscage.so and the compiler it loads on a cache miss. */
#ifndef SC_SHIM_H
#define SC_SHIM_H

#include <stdbool.h>

#include "compile.h"
#include "request.h"

#define SC_SHIM_COMPILER "libsyscage-compile.so"
#define SC_SHIM_COMPILE_FN "syscage_compile_2"

/* sc_build, run inside libsyscage-compile.so. @version is the caller's
 * SC_VERSION and @rq->size its sizeof(struct sc_request): the two halves
 * share structures, so only a matching pair may talk. A new option goes
 * into struct sc_request, not into this signature. */
typedef int sc_shim_compile_fn(const char *version, const struct sc_request *rq,
			       struct sc_compiled *out, struct sc_err *e);
sc_shim_compile_fn syscage_compile_2;

#endif
