/* syscage [-p PROFILE] -- CMD: compile, find the command and the shim, set
 * the environment, load stage one, execve. Everything that can fail is
 * checked before the filter goes in, so the error paths after it are only
 * execve's own. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "identity.h"
#include "load.h"
#include "landlock.h"
#include "loader.h"
#include "stage.h"

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
	return sc_err_set(e, -ENOENT, NULL, 0, 0,
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
		return sc_err_set(e, -EINVAL, shim, 0, 0,
				  "the shim's path contains a space or colon "
				  "and cannot be preloaded");
	if (old && *old)
		rc = asprintf(&v, "%s:%s", shim, old);
	else
		rc = asprintf(&v, "%s", shim);
	if (rc < 0)
		return sc_err_set(e, -ENOMEM, NULL, 0, 0, "out of memory");
	rc = setenv(var, v, 1);
	free(v);
	return rc < 0 ? sc_err_set(e, -errno, NULL, 0, 0, "setenv failed") : 0;
}

static int set_env(const struct sc_cli *cli, const char *shim,
		   const struct sc_compiled *c, const struct sc_stages *st,
		   struct sc_err *e)
{
	char profile[PATH_MAX], id[SC_MARKER_MAX];
	struct sc_marker m = { .caps_env = cli->caps,
			       .caps = c->caps,
			       .caps_kind = (enum sc_caps_kind)c->caps_kind,
			       .strict = cli->strict,
			       .lenient = cli->lenient,
			       .spec = profile,
			       .files = &c->files };
	char *two = NULL;
	int rc;

	rc = sc_marker_spec(cli->profile, profile, sizeof(profile), e);
	if (rc == 0)
		rc = sc_marker_write(id, sizeof(id), &m, e);
	if (rc < 0)
		return rc;
	if (sc_stage2_text(st, !cli->no_report || cli->complain, c->flags,
			   &two) < 0)
		return sc_err_set(e, -ENOMEM, NULL, 0, 0, "out of memory");
	rc |= setenv(SC_ENV_PROFILE, profile, 1);
	rc |= cli->caps ? setenv(SC_ENV_CAPS, cli->caps, 1)
			: unsetenv(SC_ENV_CAPS);
	rc |= cli->lenient ? setenv(SC_ENV_LENIENT, "1", 1)
			   : unsetenv(SC_ENV_LENIENT);
	rc |= cli->strict ? setenv(SC_ENV_STRICT, "1", 1)
			  : unsetenv(SC_ENV_STRICT);
	rc |= setenv(SC_ENV_ACTIVE, id, 1);
	rc |= two ? setenv(SC_ENV_STAGE2, two, 1) : unsetenv(SC_ENV_STAGE2);
	if (rc) {
		free(two);
		return sc_err_set(e, -ENOMEM, NULL, 0, 0, "setenv failed");
	}
	/* Stage two is loaded by the shim as an audit module, before any
	 * code of the program runs (shim.c, la_version). */
	rc = two ? prepend("LD_AUDIT", shim, e) : 0;
	free(two);
	return rc < 0 ? rc : prepend("LD_PRELOAD", shim, e);
}

static int prepare(const struct sc_cli *cli, const char *path,
		   struct sc_compiled *c, struct sc_stages *st,
		   struct sc_err *e)
{
	enum sc_target_kind kind;
	char shim[PATH_MAX];
	int rc;

	rc = sc_cli_compile(cli, cli->profile, c, e);
	/* Complaining denies nothing: any profile runs. */
	if (rc == 0 && !cli->complain)
		rc = sc_check_runnable(c, cli->profile, e);
	if (rc == 0)
		rc = sc_target_kind(path, &kind, e);
	if (rc == 0)
		rc = sc_find_shim(shim, sizeof(shim), e);
	if (rc == 0)
		rc = sc_stage_split(c, kind == SC_TARGET_DYNAMIC, st, e);
	if (rc < 0)
		return rc;
	/* Without the shim nothing narrows stage one again: a static
	 * target may only get execve, and only if the profile allows it. */
	if (kind == SC_TARGET_STATIC && st->widened.n && !cli->complain)
		return sc_err_set(e, -EPERM, path, 0, 0,
				  "is not dynamically linked for this "
				  "architecture, so libsyscage.so cannot run "
				  "in it, and the profile denies execve, which "
				  "syscage needs to start it; allow execve in "
				  "the profile");
	return set_env(cli, shim, c, st, e);
}

int sc_run(const struct sc_cli *cli)
{
	struct sc_compiled c = { 0 };
	struct sc_stages st = { 0 };
	struct sc_err e = { .line = 0 };
	char path[PATH_MAX];
	int rc, err;

	rc = sc_find_command(cli->argv[0], path, sizeof(path), &e);
	if (rc < 0) {
		sc_report(&e);
		return rc == -ENOENT ? SC_EXIT_NOT_FOUND : SC_EXIT_CANNOT_EXEC;
	}
	rc = prepare(cli, path, &c, &st, &e);
	if (rc == 0 && cli->complain) {
		/* Nothing is widened or narrowed: every call the profile
		 * would deny, ld.so's too, is let through and counted. */
		rc = sc_supervise(cli, path, &c, &st);
		sc_compiled_clear(&c);
		sc_stages_clear(&st);
		return rc;
	}
	if (rc == 0 && !cli->no_report) {
		rc = sc_supervise(cli, path, &c, &st);
		sc_compiled_clear(&c);
		sc_stages_clear(&st);
		return rc;
	}
	if (rc == 0)
		rc = sc_caps_limit(c.caps_keep, &e);
	if (rc == 0)
		rc = sc_landlock_enter(false, &e);
	if (rc >= 0)
		rc = sc_prog_load(&st.one, c.flags, &e);
	if (rc < 0) {
		sc_report(&e);
		sc_compiled_clear(&c);
		sc_stages_clear(&st);
		return SC_EXIT_FAIL;
	}
	execv(path, cli->argv);
	err = errno;
	sc_err_set(&e, -err, cli->argv[0], 0, 0, "cannot execute: %s",
		   strerror(err));
	sc_report(&e);
	return err == ENOENT ? SC_EXIT_NOT_FOUND : SC_EXIT_CANNOT_EXEC;
}
