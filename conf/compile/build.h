/* SPDX-License-Identifier: Apache-2.0 */
/* A profile compiled through the cache: what the loader, the agent and the
 * compiler half of the shim ask for. */
#ifndef SC_BUILD_H
#define SC_BUILD_H

#include <stdbool.h>

#include "compile.h"
#include "request.h"

/* Compiles @rq->spec as this process would (capabilities from @rq->caps,
 * else the profile's own, else "default"), through the cache unless
 * SYSCAGE_CACHE=off (cache.h: its trust rule). *@hit says whether the
 * cache answered (may be NULL). */
int sc_build(const struct sc_request *rq, struct sc_compiled *out, bool *hit,
	     struct sc_err *err);

/* Records in @out->files what the marker names (identity.h): @file, the
 * profile's resolved file (NULL for the built-in default), then every file
 * @p included. 0 or -ENOMEM. */
int sc_compiled_add_files(struct sc_compiled *out, const char *file,
			  const struct sc_profile *p, struct sc_err *err);

#endif
