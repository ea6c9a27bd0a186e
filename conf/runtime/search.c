/* SPDX-License-Identifier: Apache-2.0 */
/* Finding a profile by name (see search.h). Runs in the shim's constructor
 * too, possibly under a parent's filter: fixed buffers, no allocation, and
 * nothing but secure_getenv (a setuid program ignores SYSCAGE_PATH and
 * HOME), dladdr, realpath, readlink and access. */
#include "search.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SUBDIR "/syscage/profiles"
#define NAME_ROOM 128 /* a directory leaves this much of PATH_MAX for names */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

bool sc_profile_is_name(const char *spec)
{
	size_t n;

	if (!spec || !*spec || *spec == '.' || strcmp(spec, "default") == 0)
		return false;
	n = strspn(spec, "abcdefghijklmnopqrstuvwxyz"
			 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-");
	return !spec[n] && !ends_with(spec, ".ini") &&
	       !ends_with(spec, ".json");
}

/* Drops the last @n components of the absolute path @s, lexically. */
static bool strip(char *s, int n)
{
	while (n-- > 0) {
		char *slash = strrchr(s, '/');

		if (!slash || slash == s)
			return false;
		*slash = '\0';
	}
	return true;
}

/* The installation prefix, found from where this code runs: the shim is
 * PREFIX/lib/syscage/libsyscage.so, the loader PREFIX/bin/syscage (as
 * loader/run.c finds the shim, a DESTDIR copy works too). */
static bool prefix_of_self(char *buf, size_t size)
{
	char self[PATH_MAX];
	Dl_info info;
	ssize_t n;

	if (size < sizeof(self))
		return false;
	if (dladdr((void *)prefix_of_self, &info) && info.dli_fname &&
	    ends_with(info.dli_fname, ".so") && realpath(info.dli_fname, buf))
		return strip(buf, 3);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return false;
	self[n] = '\0';
	snprintf(buf, size, "%s", self);
	return strip(buf, 2);
}

/* Running from the build tree (ROOT/B/syscage, ROOT/B/libsyscage.so, as
 * `make` leaves them): ROOT/conf/profiles, recognised by the shipped
 * default in it, so that examples naming profiles work before `make
 * install`. */
static bool build_tree(char *buf, size_t size)
{
	static const char tail[] = "/conf/profiles/default.json";
	char self[PATH_MAX];
	Dl_info info;
	ssize_t n;

	if (dladdr((void *)build_tree, &info) && info.dli_fname &&
	    ends_with(info.dli_fname, ".so")) {
		if (!realpath(info.dli_fname, self))
			return false;
	} else {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0)
			return false;
		self[n] = '\0';
	}
	if (!strip(self, 2) || strlen(self) + sizeof(tail) > size)
		return false;
	snprintf(buf, size, "%s%s", self, tail);
	if (access(buf, F_OK) < 0)
		return false;
	buf[strlen(buf) - strlen("/default.json")] = '\0';
	return true;
}

/* DATADIR/syscage/profiles: beside the running binary when that exists,
 * else the build tree's when it runs from one, else the configured DATADIR
 * when the build says (-DSC_DATADIR=...). */
static void data_dir(char *buf, size_t size, const char **origin)
{
	char prefix[PATH_MAX];

	buf[0] = '\0';
	*origin = "installed";
	if (prefix_of_self(prefix, sizeof(prefix)) &&
	    strlen(prefix) + sizeof("/share" SUBDIR) <= size)
		snprintf(buf, size, "%s/share%s", prefix, SUBDIR);
	if (buf[0] && access(buf, F_OK) == 0)
		return;
	if (build_tree(buf, size)) {
		*origin = "build tree";
		return;
	}
#ifdef SC_DATADIR
	snprintf(buf, size, "%s%s", SC_DATADIR, SUBDIR);
#endif
}

static int visit(int (*fn)(const struct sc_search_dir *d, void *data),
		 void *data, const char *dir, size_t len, const char *origin)
{
	char buf[PATH_MAX];
	struct sc_search_dir d = { .dir = buf, .origin = origin };

	if (len >= sizeof(buf) - NAME_ROOM - 8)
		len = sizeof(buf) - NAME_ROOM - 8;
	else
		d.usable = dir[0] == '/';
	memcpy(buf, dir, len);
	buf[len] = '\0';
	return fn(&d, data);
}

static int env_dirs(const char *env,
		    int (*fn)(const struct sc_search_dir *d, void *data),
		    void *data)
{
	size_t n;
	int rc;

	for (const char *s = env; *s; s += n + (s[n] == ':')) {
		n = strcspn(s, ":");
		if (!n)
			continue; /* an empty entry is not "." here */
		rc = visit(fn, data, s, n, SC_ENV_PATH);
		if (rc)
			return rc;
	}
	return 0;
}

int sc_search_dirs(int (*fn)(const struct sc_search_dir *d, void *data),
		   void *data)
{
	const char *env = secure_getenv(SC_ENV_PATH);
	const char *xdg = secure_getenv("XDG_CONFIG_HOME");
	const char *home = secure_getenv("HOME");
	const char *origin;
	char buf[PATH_MAX];
	int rc = 0;

	if (env && *env)
		return env_dirs(env, fn, data);
	/* XDG: a relative XDG_CONFIG_HOME is invalid and ignored. */
	if (xdg && xdg[0] == '/') {
		snprintf(buf, sizeof(buf), "%s%s", xdg, SUBDIR);
		rc = visit(fn, data, buf, strlen(buf), "XDG_CONFIG_HOME");
	} else if (home && home[0] == '/') {
		snprintf(buf, sizeof(buf), "%s/.config%s", home, SUBDIR);
		rc = visit(fn, data, buf, strlen(buf), "HOME");
	}
	if (!rc)
		rc = visit(fn, data, "/etc" SUBDIR, strlen("/etc" SUBDIR),
			   "system");
	if (rc)
		return rc;
	data_dir(buf, sizeof(buf), &origin);
	return buf[0] ? visit(fn, data, buf, strlen(buf), origin) : 0;
}

struct find {
	const char *name;
	char *path;
	size_t size;
	void (*fn)(const struct sc_search_try *t, void *data);
	void *data;
	char tried[SC_ERR_MSG_MAX - 128]; /* the directories, for the error */
	size_t len;
};

static void note_dir(struct find *f, const char *dir)
{
	int n;

	if (f->len >= sizeof(f->tried) - 1)
		return;
	n = snprintf(f->tried + f->len, sizeof(f->tried) - f->len, "%s%s",
		     f->len ? ", " : "", dir);
	if (n > 0)
		f->len += (size_t)n;
	if (f->len >= sizeof(f->tried) - 1) /* cut: say so */
		memcpy(f->tried + sizeof(f->tried) - 4, "...", 4);
}

static int find_in(const struct sc_search_dir *d, void *data)
{
	static const char *const ext[] = { ".ini", ".json" };
	struct find *f = data;
	struct sc_search_try t = { .dir = d, .path = f->path };

	note_dir(f, d->dir);
	if (!d->usable)
		return 0;
	for (size_t i = 0; i < 2; i++) {
		if (snprintf(f->path, f->size, "%s/%s%s", d->dir, f->name,
			     ext[i]) >= (int)f->size)
			t.error = ENAMETOOLONG;
		else
			t.error = access(f->path, F_OK) == 0 ? 0 : errno;
		if (f->fn)
			f->fn(&t, f->data);
		if (!t.error)
			return 1;
	}
	return 0;
}

int sc_profile_find(const char *name, char *path, size_t size,
		    void (*fn)(const struct sc_search_try *t, void *data),
		    void *data, struct sc_err *err)
{
	struct find f = {
		.name = name, .path = path, .size = size, .fn = fn, .data = data
	};
	const char *env = secure_getenv(SC_ENV_PATH);

	if (size < PATH_MAX)
		return sc_err_msg(err, -EINVAL, NULL,
				  "internal error: path buffer too small");
	if (sc_search_dirs(find_in, &f) == 1)
		return 0;
	path[0] = '\0';
	return sc_err_msg(err, -ENOENT, NULL,
			  "no profile named \"%s\": no %s.ini or %s.json in "
			  "%s (%s; a file in this directory is ./FILE)",
			  name, name, name, f.len ? f.tried : "no directory",
			  env && *env ? "SYSCAGE_PATH" : "SYSCAGE_PATH unset");
}

int sc_profile_resolve(const char *spec, char *buf, size_t size,
		       const char **file, struct sc_err *err)
{
	*file = spec;
	if (!sc_profile_is_name(spec))
		return 0;
	*file = buf;
	return sc_profile_find(spec, buf, size, NULL, NULL, err);
}

/* ---- listing ---- */

struct listing {
	void (*fn)(const char *name, const char *path, bool hidden, void *data);
	void *data;
	char **seen;
	size_t n;
	int rc;
};

/* Whether @name was listed before; remembers it. */
static bool seen(struct listing *ls, const char *name)
{
	char **v;

	for (size_t i = 0; i < ls->n; i++)
		if (strcmp(ls->seen[i], name) == 0)
			return true;
	v = realloc(ls->seen, (ls->n + 1) * sizeof(*v));
	if (!v || !(v[ls->n] = strdup(name))) {
		ls->seen = v ? v : ls->seen;
		ls->rc = -ENOMEM;
		return true;
	}
	ls->seen = v;
	ls->n++;
	return false;
}

static void list_ext(const struct sc_search_dir *d, struct listing *ls,
		     struct dirent **ents, int n, const char *ext)
{
	char name[NAME_MAX + 1], path[PATH_MAX];
	size_t k = strlen(ext);

	for (int i = 0; i < n && !ls->rc; i++) {
		size_t len = strlen(ents[i]->d_name);

		if (len <= k || strcmp(ents[i]->d_name + len - k, ext) != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - k),
			 ents[i]->d_name);
		if (!sc_profile_is_name(name) && strcmp(name, "default") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", d->dir, ents[i]->d_name);
		ls->fn(name, path, seen(ls, name), ls->data);
	}
}

static int list_dir(const struct sc_search_dir *d, void *data)
{
	struct dirent **ents;
	int n;

	if (!d->usable)
		return 0;
	n = scandir(d->dir, &ents, NULL, alphasort);
	if (n < 0)
		return 0;
	list_ext(d, data, ents, n, ".ini");
	list_ext(d, data, ents, n, ".json");
	while (n--)
		free(ents[n]);
	free(ents);
	return 0;
}

int sc_profile_list(void (*fn)(const char *name, const char *path, bool hidden,
			       void *data),
		    void *data)
{
	struct listing ls = { .fn = fn, .data = data };

	seen(&ls, "default"); /* built in, before any file */
	if (!ls.rc)
		sc_search_dirs(list_dir, &ls);
	for (size_t i = 0; i < ls.n; i++)
		free(ls.seen[i]);
	free(ls.seen);
	return ls.rc;
}
