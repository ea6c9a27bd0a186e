/* SPDX-License-Identifier: Apache-2.0 */
/* The cache's directories and trust (cachedir.h; the rule is in cache.h).
 *
 * A program under a filter can write whatever its user can: the user's
 * cache included. So which directory is read depends on who owns what the
 * entry is compiled from, not on who runs: a root-owned profile (or an
 * installed shim, for the built-in default) is answered only from the
 * root-owned system cache, which only root writes. */
#include "cachedir.h"
#include "cache.h"

#include <fcntl.h>

#include <dirent.h>

#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sc_cat(char *buf, size_t size, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la + lb >= size)
		return -1;
	memcpy(buf, a, la);
	memcpy(buf + la, b, lb + 1);
	return 0;
}

void sc_trust_add(struct sc_trust *t, uid_t owner)
{
	if (owner == 0)
		return;
	if (t->u == 0)
		t->u = owner;
	else if (t->u != owner)
		t->mixed = true;
}

bool sc_trust_holder(const struct sc_trust *t, uid_t owner, mode_t mode)
{
	return !t->mixed && (owner == 0 || owner == t->u) && !(mode & 022);
}

struct self_find {
	uintptr_t addr;
	int index;
	const char *name;
};

/* The object whose loaded segments hold @addr; the first one reported is
 * the program itself. */
static int self_cb(struct dl_phdr_info *i, size_t size, void *data)
{
	struct self_find *f = data;
	int at = f->index++;

	for (int k = 0; k < i->dlpi_phnum; k++) {
		const ElfW(Phdr) *ph = &i->dlpi_phdr[k];
		uintptr_t lo = i->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && f->addr >= lo &&
		    f->addr < lo + ph->p_memsz) {
			f->name = at == 0 || !i->dlpi_name || !*i->dlpi_name
					  ? "/proc/self/exe"
					  : i->dlpi_name;
			return 1;
		}
	}
	return 0;
}

int sc_trust_self(uid_t *owner)
{
	struct self_find f = { (uintptr_t)sc_trust_self, 0, NULL };
	struct stat st;

	/* stat follows a link to the file itself, as realpath would. */
	if (dl_iterate_phdr(self_cb, &f) <= 0 || !f.name ||
	    stat(f.name, &st) < 0)
		return -1;
	*owner = st.st_uid;
	return 0;
}

/* Creates @d->path when this process is the one to store there: root for
 * the system cache, else the user whose profile it is. */
static void cdir_create(struct sc_cdir *d, uid_t u0, bool user_default)
{
	uid_t me = geteuid();

	if (d->sys ? me != 0 : (me != u0 && me != 0))
		return;
	if (user_default) {
		char parent[4096];
		const char *home = getenv("HOME");

		if (sc_cat(parent, sizeof(parent), home, "/.cache") == 0)
			mkdir(parent, 0700);
	}
	/* The system cache is read by every user; the rest by its owner. */
	if (mkdir(d->path, d->sys ? 0755 : 0700) == 0 && d->sys)
		chmod(d->path, 0755); /* whatever the umask */
}

static int cdir_path(struct sc_cdir *d, uid_t u0, bool *user_default)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *set = getenv("SYSCAGE_CACHE");

	*user_default = false;
	if (set && *set == '/')
		return sc_cat(d->path, sizeof(d->path), set, "");
	if (geteuid() == 0 || u0 != geteuid()) {
		d->sys = true;
		return sc_cat(d->path, sizeof(d->path), SC_CACHE_SYSTEM, "");
	}
	if (xdg && *xdg == '/')
		return sc_cat(d->path, sizeof(d->path), xdg, "/syscage");
	if (home && *home == '/') {
		*user_default = true;
		return sc_cat(d->path, sizeof(d->path), home,
			      "/.cache/syscage");
	}
	return -1;
}

void sc_cdir_pick(struct sc_cdir *d, uid_t u0)
{
	struct sc_trust t = { .u = u0 };
	bool user_default;
	struct stat st;

	d->sys = d->usable = d->shared = false;
	d->why = NULL;
	if (cdir_path(d, u0, &user_default) < 0) {
		d->path[0] = '\0';
		d->why = "no cache directory: set HOME or SYSCAGE_CACHE";
		return;
	}
	/* lstat first: on every start but the first the directory is there. */
	if (lstat(d->path, &st) < 0) {
		if (errno == ENOENT)
			cdir_create(d, u0, user_default);
		if (lstat(d->path, &st) < 0) {
			d->why = "the directory does not exist";
			return;
		}
	}
	if (!S_ISDIR(st.st_mode) ||
	    !sc_trust_holder(&t, st.st_uid, st.st_mode)) {
		d->why = "not a directory owned by root or by the profile's "
			 "owner and closed to others' writes";
		return;
	}
	d->uid = st.st_uid;
	d->shared = (st.st_mode & 055) == 055;
	d->usable = true;
}

/* An entry's name: 32 hex digits, or a temporary file of one. */
static bool entry_name(const char *n)
{
	size_t len = strlen(n);

	if (len != 32 && len != 39)
		return false;
	for (size_t i = 0; i < 32; i++)
		if (!strchr("0123456789abcdef", n[i]))
			return false;
	return len == 32 || n[32] == '.';
}

int sc_cache_clear(char *dir, size_t size, unsigned *removed,
		   struct sc_err *err)
{
	struct sc_cdir d;
	struct dirent *de;
	DIR *dp;
	int fd;

	*removed = 0;
	/* The cache of what this user owns: root's is the system cache. */
	sc_cdir_pick(&d, geteuid());
	if (sc_cat(dir, size, d.path, "") < 0)
		dir[0] = '\0';
	if (!d.usable)
		return d.path[0] && access(d.path, F_OK) < 0 && errno == ENOENT
			       ? 0
			       : sc_err_msg(err, -EPERM, d.path, "%s", d.why);
	if (d.uid != geteuid())
		return sc_err_msg(err, -EPERM, d.path,
				  "owned by uid %u: only its owner clears it",
				  (unsigned)d.uid);
	fd = open(d.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	dp = fd < 0 ? NULL : fdopendir(fd);
	if (!dp) {
		if (fd >= 0)
			close(fd);
		return sc_err_msg(err, -errno, d.path, "%s", strerror(errno));
	}
	while ((de = readdir(dp)))
		if (entry_name(de->d_name) &&
		    unlinkat(dirfd(dp), de->d_name, 0) == 0)
			(*removed)++;
	closedir(dp);
	return 0;
}
