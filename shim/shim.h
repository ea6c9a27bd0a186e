/* SPDX-License-Identifier: Apache-2.0 */
/* Between libsyscage.so and the compiler it loads on a cache miss. */
#ifndef SC_SHIM_H
#define SC_SHIM_H

#include <stdbool.h>

#include "compile.h"

#define SC_SHIM_COMPILER "libsyscage-compile.so"
#define SC_SHIM_COMPILE_FN "syscage_compile_1"

/* sc_build, run inside libsyscage-compile.so; @version is the caller's
 * SC_VERSION. */
typedef int sc_shim_compile_fn(const char *version, const char *spec,
			       const char *caps, bool strict, bool lenient,
			       struct sc_compiled *out, struct sc_err *e);
sc_shim_compile_fn syscage_compile_1;

#endif
