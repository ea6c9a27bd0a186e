/* SPDX-License-Identifier: Apache-2.0 */
/* libsyscage.so: what confines the process it is loaded into, before any
 * code of the program runs.
 *
 * Two ways in:
 *  - LD_AUDIT, from the loader, when stage one had to widen start-up calls
 *    (stage.h): la_version loads the narrowing stage it was handed in
 *    SYSCAGE_STAGE2 (no parsing, no compiling) before ld.so maps or
 *    relocates the program, la_preinit the rest after relocation; under a
 *    reporting supervisor they send marks instead, and the supervisor
 *    narrows. The variable is emptied in place, so no child sees it.
 *  - LD_PRELOAD, the constructor: SYSCAGE_STAGE2 still set means the audit
 *    hook never ran (refused); SYSCAGE_ACTIVE naming what SYSCAGE_PROFILE
 *    asks for means a parent already confined this process (nothing to
 *    do); otherwise (a bare LD_PRELOAD, or a child that asks for another
 *    profile) SYSCAGE_PROFILE's program from the cache, or compiled
 *    (libsyscage-compile.so, loaded only then), goes on top of whatever is
 *    there. A filter can only narrow, so a child cannot loosen its
 *    parent's.
 * Any failure ends the process with status 125 and one line on stderr: the
 * program never runs unconfined. */
#include <dlfcn.h>
#include <link.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "agent.h"
#include "cache.h"
#include "compile.h"
#include "identity.h"
#include "landlock.h"
#include "unknown.h"
#include "load.h"
#include "search.h"
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

/* The late stage, for la_preinit (see stage.h); decoded from the
 * environment at la_version, before any code of the program runs. */
static struct sock_filter sc_shim_late_buf[BPF_MAXINSNS];
static struct sc_prog sc_shim_late;
static unsigned sc_shim_late_flags;
/* Under a reporting supervisor: la_version and la_preinit say when they
 * are reached (stage.h, SC_MARK_NR) instead of loading filters. */
static bool sc_shim_marks;

static int sc_shim_decode(char *text, struct sock_filter *buf,
			  struct sc_prog *prog, struct sc_err *e)
{
	prog->insns = buf;
	if (sc_prog_decode(text, buf, BPF_MAXINSNS, &prog->len) < 0)
		return sc_err_msg(e, -EINVAL, NULL,
				  "SYSCAGE_STAGE2 is malformed");
	return 0;
}

/* "FLAGS:NOW:LATE[:M]" as the loader writes it (base64, either may be
 * empty; M: send the marks to the supervisor).
 * Edited in place: the variable is emptied next. */
static int sc_shim_stage2(char *spec, struct sc_err *e)
{
	struct sc_prog now = { 0 };
	char *a, *b, *m;
	unsigned long flags = strtoul(spec, &a, 10);
	int rc = 0;

	if (*a != ':' || !(b = strchr(a + 1, ':')))
		return sc_err_msg(e, -EINVAL, NULL,
				  "SYSCAGE_STAGE2 is malformed");
	*b++ = '\0';
	a++;
	m = strchr(b, ':');
	if (m) {
		*m++ = '\0';
		if (strcmp(m, "M") != 0)
			return sc_err_msg(e, -EINVAL, NULL,
					  "SYSCAGE_STAGE2 is malformed");
		sc_shim_marks = true;
	}
	if (*b)
		rc = sc_shim_decode(b, sc_shim_late_buf, &sc_shim_late, e);
	sc_shim_late_flags = (unsigned)flags;
	if (rc == 0 && *a)
		rc = sc_shim_decode(a, sc_shim_buf, &now, e);
	if (rc == 0 && *a)
		rc = sc_prog_load(&now, (unsigned)flags, e);
	return rc;
}

static void sc_shim_warn_unknown(const char *file, const struct sc_strv *u)
{
	char line[1024];
	size_t n;

	if (getenv(SC_ENV_QUIET))
		return;
	n = sc_unknown_message(file, u, line, sizeof(line));
	if (n)
		sc_shim_say(line, n);
}

/* A cache miss: libsyscage-compile.so, from beside this library, compiles
 * (and fills the cache for the next start). */
static int sc_shim_compile(const struct sc_request *rq, struct sc_compiled *c,
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
		return sc_err_msg(e, -ENOENT, NULL,
				  "cannot tell where libsyscage.so is");
	slash = strrchr(real, '/');
	if (snprintf(path, sizeof(path), "%.*s%s",
		     slash ? (int)(slash - real + 1) : 0, real,
		     SC_SHIM_COMPILER) >= (int)sizeof(path))
		return sc_err_msg(e, -ENAMETOOLONG, NULL,
				  "the path of libsyscage.so is too long");
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	fn = h ? (sc_shim_compile_fn *)dlsym(h, SC_SHIM_COMPILE_FN) : NULL;
	if (!fn) {
		const char *why = dlerror();

		rc = sc_err_msg(e, -ENOENT, path,
				"cannot load the profile compiler (%s); "
				"reinstall syscage",
				why ? why : "no entry point");
		if (h)
			dlclose(h);
		return rc;
	}
	rc = fn(SC_VERSION, rq, c, e);
	dlclose(h);
	return rc;
}

static int sc_shim_full(const char *profile, const char *spec, const char *caps,
			bool strict, bool lenient, struct sc_err *e)
{
	struct sc_compiled c = { .prog = { 0 } };
	char marker[SC_MARKER_MAX];
	struct sc_marker m = { .caps_env = caps,
			       .strict = strict,
			       .lenient = lenient,
			       .spec = spec,
			       .files = &c.files };
	const struct sc_request rq = SC_REQUEST(profile, caps, strict, lenient);
	bool hit;
	int rc;

	rc = sc_cache_get(&rq, &c, e);
	hit = rc == 0;
	if (rc > 0)
		rc = sc_shim_compile(&rq, &c, e);
	if (rc < 0)
		return rc;
	rc = sc_check_runnable(&c, profile, e);
	if (rc < 0)
		goto out;
	/* Said once, when the profile is compiled: a cached program has
	 * been warned about, and every process of a script would repeat it. */
	if (!hit)
		sc_shim_warn_unknown(profile, &c.unknown);
	m.caps = c.caps;
	m.caps_kind = (enum sc_caps_kind)c.caps_kind;
	rc = sc_marker_write(marker, sizeof(marker), &m, e);
	if (rc == 0 && setenv(SC_ENV_ACTIVE, marker, 1) < 0)
		rc = sc_err_msg(e, -errno, NULL, "setenv: %s", strerror(errno));
	if (rc == 0)
		rc = sc_landlock_enter(false, e);
	if (rc >= 0)
		rc = sc_shim_agent_load(&c.prog, c.flags, c.listener, profile,
					caps, strict, lenient, e);
out:
	sc_compiled_clear(&c);
	return rc;
}

/* Takes NAME out of the process's environment itself, in the array ld.so
 * handed to every namespace: the program's own getenv/unsetenv (bash has
 * its own) never see it, and neither do its children. */
static void sc_shim_env_drop(const char *name)
{
	size_t len = strlen(name);
	char **w = environ, **r = environ;

	for (; r && *r; r++)
		if (strncmp(*r, name, len) != 0 || (*r)[len] != '=')
			*w++ = *r;
	if (w)
		*w = NULL;
}

static int sc_shim_run(struct sc_err *e)
{
	const char *profile = getenv(SC_ENV_PROFILE);
	const char *caps = getenv(SC_ENV_CAPS);
	const char *active = getenv(SC_ENV_ACTIVE);
	const char *s = getenv(SC_ENV_STRICT);
	bool strict = s && strcmp(s, "1") == 0;
	bool lenient = getenv(SC_ENV_LENIENT) != NULL;
	const char *stage2 = getenv(SC_ENV_STAGE2);
	/* Static, not on the stack: the constructor runs once, before any
	 * thread, and a 4 KB frame here pushed every call below it (and
	 * ld.so's lazy binding) onto stack pages not yet faulted in. */
	static char spec[PATH_MAX];
	int rc;

	/* la_version empties it once stage two is in, before any code of the
	 * program runs. Still set, the audit hook never ran: this process is
	 * under the loader's widened stage one. Empty: the loader's filter
	 * is complete here; nothing to ask the kernel (the profile may kill
	 * prctl), and the variable leaves before the program can pass it on. */
	if (stage2 && *stage2)
		return sc_err_msg(e, -EPERM, NULL,
				  "the start-up stage was not narrowed "
				  "(libsyscage.so did not run as LD_AUDIT "
				  "module): refusing to run");
	if (stage2) {
		sc_shim_env_drop(SC_ENV_STAGE2);
		return 0;
	}
	if (!profile || !*profile)
		return sc_err_msg(e, -EINVAL, NULL,
				  "libsyscage.so is preloaded but "
				  "SYSCAGE_PROFILE is %s: set it to a profile "
				  "path or \"default\"",
				  profile ? "empty" : "not set");
	/* A relative path names a file in each process's own directory. A
	 * child that changed to a directory without one keeps the filter it
	 * inherited (made from the same text elsewhere); anything else that
	 * cannot be resolved is an error. */
	rc = sc_marker_spec(profile, spec, sizeof(spec), e);
	if (rc == -ENOENT && *profile != '/' && !sc_profile_is_name(profile) &&
	    active && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0)
		return 0;
	if (rc < 0)
		return rc;
	/* A marker without any filter behind it (a copied environment) is
	 * ignored: only 0 means "no filter"; a filter that denies prctl
	 * itself answers otherwise. */
	if (active && sc_marker_holds(active, spec, caps, strict, lenient) &&
	    prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0)
		return 0;
	return sc_shim_full(profile, spec, caps, strict, lenient, e);
}

/* Whether this copy of the shim was loaded as an LD_AUDIT module: ld.so
 * runs an audit module's constructor in its own namespace, before
 * la_version. */
static bool sc_shim_in_audit(void)
{
	struct link_map *map = NULL;
	Lmid_t lmid = LM_ID_BASE;
	Dl_info info;

	if (!dladdr1((void *)sc_shim_in_audit, &info, (void **)&map,
		     RTLD_DL_LINKMAP) ||
	    !map)
		return false;
	return dlinfo(map, RTLD_DI_LMID, &lmid) == 0 && lmid != LM_ID_BASE;
}

__attribute__((constructor)) static void sc_shim_init(void)
{
	int saved = errno;
	struct sc_err e = { .line = 0 };

	if (sc_shim_in_audit())
		return; /* la_version does the audit copy's work */
	if (sc_shim_run(&e) < 0)
		sc_shim_die(&e);
	errno = saved;
}

/* Removes @self from LD_AUDIT, in place (the value only shrinks): the
 * children of this process have no stage two to load. */
static void sc_shim_audit_drop(const char *self)
{
	char *v = getenv("LD_AUDIT"), *out, *p;
	size_t len = strlen(self);

	if (!v)
		return;
	for (out = p = v; *p;) {
		size_t n = strcspn(p, ":");

		if (n != len || strncmp(p, self, n) != 0) {
			if (out != v)
				*out++ = ':';
			memmove(out, p, n);
			out += n;
		}
		p += n + (p[n] == ':');
	}
	*out = '\0';
	if (!*v)
		sc_shim_env_drop("LD_AUDIT");
}

/* The loader's way in (LD_AUDIT=libsyscage.so): ld.so calls this before it
 * maps the program's libraries or relocates anything, so before the
 * program's IFUNC resolvers, its preinit array and every constructor.
 * Stage two goes in here, and its carrier is emptied in the environment.
 * ld.so drops the module when it returns 0; with a late stage it stays,
 * for la_preinit. */
__attribute__((visibility("default"))) unsigned int la_version(unsigned int v)
{
	char *stage2 = getenv(SC_ENV_STAGE2);
	struct sc_err e = { .line = 0 };
	int saved = errno;
	Dl_info self;

	if (stage2 && *stage2) {
		if (sc_shim_stage2(stage2, &e) < 0)
			sc_shim_die(&e);
		/* Supervised: the supervisor narrows the rest, told by the
		 * marks (stage.h). */
		if (sc_shim_marks)
			syscall(SC_MARK_NR, SC_MARK_MAGIC, 1);
		/* In place: the copy of the shim in the program's namespace
		 * reads the same array (see sc_shim_run). */
		*stage2 = '\0';
	}
	if (dladdr((void *)la_version, &self) && self.dli_fname)
		sc_shim_audit_drop(self.dli_fname);
	errno = saved;
	return sc_shim_late.len || sc_shim_marks ? LAV_CURRENT : 0;
}

/* After relocation, before the preinit array and every constructor: the
 * calls ld.so needed to map the program's libraries are narrowed too. */
__attribute__((visibility("default"))) void la_preinit(uintptr_t *cookie)
{
	struct sc_err e = { .line = 0 };
	int saved = errno;

	if (sc_shim_late.len &&
	    sc_prog_attach(&sc_shim_late, sc_shim_late_flags, &e) < 0)
		sc_shim_die(&e);
	sc_shim_late.len = 0;
	if (sc_shim_marks)
		syscall(SC_MARK_NR, SC_MARK_MAGIC, 2);
	sc_shim_marks = false;
	errno = saved;
}
