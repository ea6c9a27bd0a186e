/* SPDX-License-Identifier: Apache-2.0 */
/* sc_build (see build.h): the cache's entry when it has a trusted one,
 * else the profile parsed and compiled, and the entry stored. */
#include "build.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "source.h"

static int compile_text(const struct sc_request *rq, const char *text,
			size_t len, struct sc_profile **p,
			struct sc_compiled *out, struct sc_err *err)
{
	struct sc_opts o;
	int rc = sc_load_text(rq, text, len, p, &o, err);

	return rc < 0 ? rc : sc_compile(*p, &o, out, err);
}

int sc_compiled_add_files(struct sc_compiled *out, const char *file,
			  const struct sc_profile *p, struct sc_err *err)
{
	if (file && sc_strv_add(&out->files, file, strlen(file)) < 0)
		return sc_err_oom(err);
	for (size_t i = 0; i < p->files.n; i++)
		if (sc_strv_add(&out->files, p->files.v[i],
				strlen(p->files.v[i])) < 0)
			return sc_err_oom(err);
	return 0;
}

int sc_build(const struct sc_request *rq, struct sc_compiled *out, bool *hit,
	     struct sc_err *err)
{
	struct sc_cache_ref *r;
	struct sc_profile *p = NULL;
	const char *text;
	size_t len;
	int rc = sc_cache_open(rq, &r, err);

	if (hit)
		*hit = false;
	if (rc < 0)
		return rc;
	if (sc_cache_lookup(r, out) == 0) {
		if (hit)
			*hit = true;
		sc_cache_close(r);
		return 0;
	}
	text = sc_cache_text(r, &len);
	rc = compile_text(rq, text, len, &p, out, err);
	if (rc == 0)
		sc_cache_store(r, out, p);
	if (rc == 0)
		rc = sc_compiled_add_files(out, sc_cache_file(r), p, err);
	sc_profile_free(p);
	sc_cache_close(r);
	return rc;
}
