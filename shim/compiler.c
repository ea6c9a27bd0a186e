/* SPDX-License-Identifier: Apache-2.0 */
/* libsyscage-compile.so: the half of the shim that parses and compiles.
 * libsyscage.so loads it (dlopen, RTLD_LOCAL) only when the cache has no
 * program for the profile, so the start of a process with a warm cache maps
 * neither libseccomp nor a parser. Like the shim, it links its libraries
 * statically and hidden; its one export is the entry below. */
#include <errno.h>
#include <string.h>

#include "build.h"
#include "cache.h"
#include "shim.h"

__attribute__((visibility("default"))) int
syscage_compile_2(const char *version, const struct sc_request *rq,
		  struct sc_compiled *out, struct sc_err *e)
{
	/* The two halves share structures: only a matching pair may talk. */
	if (strcmp(version, SC_VERSION) != 0 ||
	    rq->size != sizeof(struct sc_request))
		return sc_err_msg(e, -EINVAL, NULL,
				  "libsyscage-compile.so is from syscage %s, "
				  "libsyscage.so from %s: reinstall syscage",
				  SC_VERSION, version);
	return sc_build(rq, out, NULL, e);
}
