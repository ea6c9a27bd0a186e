/* SPDX-License-Identifier: Apache-2.0 */
/* What the loader hands to the shim. A run and syscage record both start
 * a command with the shim preloaded and its variables set; this is the one
 * place that does it, so both refuse the same shim paths. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "identity.h"

#define SHIM_NAME "libsyscage.so"

static bool readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* Beside the binary in the build tree; in the installed tree relative to
 * the binary (so a DESTDIR copy works), then the configured libdir. */
int sc_find_shim(char *out, size_t size, struct sc_err *e)
{
	char self[PATH_MAX / 2], real[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
		snprintf(out, size, "%s/%s", self, SHIM_NAME);
		if (readable(out))
			return 0;
		snprintf(out, size, "%s/%s/%s", self, SC_SHIM_REL, SHIM_NAME);
		if (readable(out) && realpath(out, real))
			return snprintf(out, size, "%s", real) < 0 ? -EIO : 0;
	}
	snprintf(out, size, "%s/%s", SC_SHIM_ABS, SHIM_NAME);
	if (readable(out))
		return 0;
	return sc_err_msg(e, -ENOENT, NULL,
			  "cannot find %s beside syscage or in %s; reinstall "
			  "syscage",
			  SHIM_NAME, SC_SHIM_ABS);
}

/* Puts @shim first in the list variable @var (LD_PRELOAD, LD_AUDIT). */
static int prepend(const char *var, const char *shim, struct sc_err *e)
{
	const char *old = getenv(var);
	char *v;
	int rc;

	/* ld.so splits LD_PRELOAD at spaces and colons. */
	if (strpbrk(shim, " :\t\n"))
		return sc_err_msg(e, -EINVAL, shim,
				  "the shim's path contains a space or colon "
				  "and cannot be preloaded");
	if (old && *old)
		rc = asprintf(&v, "%s:%s", shim, old);
	else
		rc = asprintf(&v, "%s", shim);
	if (rc < 0)
		return sc_err_oom(e);
	rc = setenv(var, v, 1);
	free(v);
	return rc < 0 ? sc_err_msg(e, -errno, NULL, "setenv failed") : 0;
}

static int set_or_unset(const char *var, const char *value)
{
	return value ? setenv(var, value, 1) : unsetenv(var);
}

int sc_shim_env(const struct sc_shim_env *env, struct sc_err *e)
{
	char shim[PATH_MAX];
	int rc = sc_find_shim(shim, sizeof(shim), e);

	if (rc < 0)
		return rc;
	rc = setenv(SC_ENV_PROFILE, env->profile, 1) |
	     setenv(SC_ENV_ACTIVE, env->active, 1) |
	     set_or_unset(SC_ENV_CAPS, env->caps) |
	     set_or_unset(SC_ENV_STRICT, env->strict ? "1" : NULL) |
	     set_or_unset(SC_ENV_LENIENT, env->lenient ? "1" : NULL) |
	     set_or_unset(SC_ENV_STAGE2, env->stage2);
	if (rc)
		return sc_err_msg(e, -ENOMEM, NULL, "setenv failed");
	/* Stage two is loaded by the shim as an audit module, before any
	 * code of the program runs (shim.c, la_version). */
	rc = env->stage2 ? prepend("LD_AUDIT", shim, e) : 0;
	return rc < 0 ? rc : prepend("LD_PRELOAD", shim, e);
}
