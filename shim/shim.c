/* libsyscage.so: the constructor that confines the process it is preloaded
 * into, before main.
 *
 * Three cases, by environment:
 *  - SYSCAGE_STAGE2 set: the loader installed stage one before execve; load
 *    the narrowing stage it prepared (no parsing, no compiling) and drop the
 *    variable so children do not load it again.
 *  - SYSCAGE_ACTIVE names what SYSCAGE_PROFILE asks for: a parent already
 *    confined this process; do nothing (stacking it again would cost time on
 *    every call).
 *  - otherwise (a bare LD_PRELOAD, or a child that asks for a different
 *    profile): load SYSCAGE_PROFILE's program from the cache, or compile it
 *    (libsyscage-compile.so, loaded only then), on top of whatever is
 *    there. A filter can only narrow, so a child cannot loosen its parent's.
 * Any failure ends the process with status 125 and one line on stderr: the
 * program never runs unconfined. */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cache.h"
#include "compile.h"
#include "identity.h"
#include "landlock.h"
#include "load.h"
#include "shim.h"
#include "stage.h"

/* Room for the largest program the kernel takes, outside the heap so the
 * stage-two path allocates nothing. */
static struct sock_filter sc_shim_buf[BPF_MAXINSNS];

static void sc_shim_say(const char *line, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, line, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		line += n;
		len -= (size_t)n;
	}
}

static __attribute__((noreturn)) void sc_shim_die(const struct sc_err *e)
{
	char line[SC_ERR_FILE_MAX + SC_ERR_MSG_MAX + 64];

	sc_shim_say(line, (size_t)sc_err_format(e, line, sizeof(line)));
	_exit(125);
}

/* "FLAGS:BASE64" as the loader writes it. */
static int sc_shim_stage2(const char *spec, struct sc_err *e)
{
	struct sc_prog prog = { .insns = sc_shim_buf };
	char *end;
	unsigned long flags = strtoul(spec, &end, 10);

	if (*end != ':' ||
	    sc_prog_decode(end + 1, sc_shim_buf, BPF_MAXINSNS, &prog.len) < 0)
		return sc_err_set(e, -EINVAL, NULL, 0, 0,
				  "SYSCAGE_STAGE2 is malformed");
	return sc_prog_load(&prog, (unsigned)flags, e);
}

static void sc_shim_warn_unknown(const char *file, const struct sc_strv *u)
{
	char line[1024];
	size_t n;

	if (u->n == 0 || getenv(SC_ENV_QUIET))
		return;
	n = (size_t)snprintf(line, sizeof(line),
			     "syscage: %s: warning: %zu syscall name%s unknown "
			     "to libseccomp skipped:",
			     file, u->n, u->n == 1 ? "" : "s");
	for (size_t i = 0; i < u->n && n < sizeof(line) - 2; i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, " %s",
				      u->v[i]);
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	sc_shim_say(line, n);
}

/* A cache miss: libsyscage-compile.so, from beside this library, compiles
 * (and fills the cache for the next start). */
static int sc_shim_compile(const char *profile, const char *caps, bool strict,
			   bool lenient, struct sc_compiled *c,
			   struct sc_err *e)
{
	char path[PATH_MAX + 32], real[PATH_MAX];
	sc_shim_compile_fn *fn;
	const char *slash;
	Dl_info self;
	void *h;
	int rc;

	/* Beside the file itself, not beside a symbolic link to it. */
	if (!dladdr((void *)sc_shim_compile, &self) || !self.dli_fname ||
	    !realpath(self.dli_fname, real))
		return sc_err_set(e, -ENOENT, NULL, 0, 0,
				  "cannot tell where libsyscage.so is");
	slash = strrchr(real, '/');
	if (snprintf(path, sizeof(path), "%.*s%s",
		     slash ? (int)(slash - real + 1) : 0, real,
		     SC_SHIM_COMPILER) >= (int)sizeof(path))
		return sc_err_set(e, -ENAMETOOLONG, NULL, 0, 0,
				  "the path of libsyscage.so is too long");
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	fn = h ? (sc_shim_compile_fn *)dlsym(h, SC_SHIM_COMPILE_FN) : NULL;
	if (!fn) {
		const char *why = dlerror();

		rc = sc_err_set(e, -ENOENT, path, 0, 0,
				"cannot load the profile compiler (%s); "
				"reinstall syscage",
				why ? why : "no entry point");
		if (h)
			dlclose(h);
		return rc;
	}
	rc = fn(SC_VERSION, profile, caps, strict, lenient, c, e);
	dlclose(h);
	return rc;
}

static int sc_shim_full(const char *profile, const char *caps, bool strict,
			const char *identity, struct sc_err *e)
{
	bool lenient = getenv(SC_ENV_LENIENT) != NULL;
	struct sc_compiled c = { .prog = { 0 } };
	bool hit;
	int rc;

	rc = sc_cache_get(profile, caps, strict, lenient, &c, e);
	hit = rc == 0;
	if (rc > 0)
		rc = sc_shim_compile(profile, caps, strict, lenient, &c, e);
	if (rc < 0)
		return rc;
	rc = sc_check_runnable(&c, profile, e);
	if (rc < 0)
		goto out;
	/* Said once, when the profile is compiled: a cached program has
	 * been warned about, and every process of a script would repeat it. */
	if (!hit)
		sc_shim_warn_unknown(profile, &c.unknown);
	if (setenv(SC_ENV_ACTIVE, identity, 1) < 0)
		rc = sc_err_set(e, -errno, NULL, 0, 0, "setenv: %s",
				strerror(errno));
	else
		rc = sc_landlock_enter(e);
	if (rc >= 0)
		rc = sc_prog_load(&c.prog, c.flags, e);
out:
	sc_compiled_clear(&c);
	return rc;
}

static int sc_shim_run(struct sc_err *e)
{
	const char *profile = getenv(SC_ENV_PROFILE);
	const char *caps = getenv(SC_ENV_CAPS);
	const char *active = getenv(SC_ENV_ACTIVE);
	const char *stage2 = getenv(SC_ENV_STAGE2);
	const char *s = getenv(SC_ENV_STRICT);
	bool strict = s && strcmp(s, "1") == 0;
	char identity[8192];
	bool confined;
	int rc;

	if (!profile || !*profile)
		return sc_err_set(e, -EINVAL, NULL, 0, 0,
				  "libsyscage.so is preloaded but "
				  "SYSCAGE_PROFILE is %s: set it to a profile "
				  "path or \"default\"",
				  profile ? "empty" : "not set");
	if (sc_identity(identity, sizeof(identity), profile, caps, strict) < 0)
		return sc_err_set(e, -ENAMETOOLONG, NULL, 0, 0,
				  "SYSCAGE_PROFILE is too long");
	/* A marker without any filter behind it (a copied environment) is
	 * ignored: only 0 means "no filter"; a filter that denies prctl
	 * itself answers otherwise. Asked before stage two takes prctl back
	 * from the widened stage one. */
	confined = active && strcmp(active, identity) == 0 &&
		   prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0;
	if (stage2) {
		rc = sc_shim_stage2(stage2, e);
		unsetenv(SC_ENV_STAGE2);
		if (rc < 0)
			return rc;
	}
	if (confined)
		return 0;
	return sc_shim_full(profile, caps, strict, identity, e);
}

__attribute__((constructor)) static void sc_shim_init(void)
{
	int saved = errno;
	struct sc_err e = { .line = 0 };

	if (sc_shim_run(&e) < 0)
		sc_shim_die(&e);
	errno = saved;
}
