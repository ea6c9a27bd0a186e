/* SPDX-License-Identifier: Apache-2.0 */
/* The compiled-filter cache (see cache.h for the trust rule).
 *
 * Key: a 128-bit hash, over length-prefixed fields, of everything that
 * changes the program: syscage's and libseccomp's versions, the kernel
 * (release and build), the native ABI, the profile's resolved file (not
 * the name it was given by: two profiles of the same text in two
 * directories include different files) and bytes, the capability spec and
 * this process's effective set, --strict, --lenient. Files an INI profile
 * includes are stored in the entry by resolved name with their inode, size
 * and times, and checked, owners included, on every lookup.
 *
 * Entries are written to a temporary file and renamed, so readers see a
 * whole entry or none; a checksum catches the rest. */
#include "cache.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cachedir.h"
#include "caps.h"
#include "search.h"
#include "text.h"

#define MAGIC "SCGCACH6"
#define ENTRY_MAX (1u << 20)

struct key {
	uint64_t h[2];
};

struct head {
	char magic[8];
	struct key key;
	uint64_t sum; /* mix() of everything after the header */
	uint32_t flags; /* SECCOMP_FILTER_FLAG_* */
	uint32_t n_insns, default_action;
	uint32_t deps_len, unknown_len;
	uint64_t caps_keep; /* sc_compiled.caps_keep */
	uint64_t caps; /* sc_compiled.caps, for the marker */
	uint64_t caps_kind; /* sc_compiled.caps_kind */
	uint64_t listener_len; /* sc_compiled.listener, with its NUL; 0: none */
};

/* An included file as it was when the entry was written. */
struct dep {
	uint64_t dev, ino, size, mtime, ctime;
};

/* Eight bytes a step, two lanes with different multipliers: the shim
 * hashes the whole profile on every start, so this is on the hot path
 * (byte-wise FNV took ~50 us for Docker's default and an entry). */
static void mix_word(struct key *k, uint64_t w)
{
	k->h[0] = (k->h[0] ^ w) * 0x100000001b3ULL;
	k->h[0] ^= k->h[0] >> 32;
	k->h[1] = (k->h[1] ^ w) * 0x9e3779b97f4a7c15ULL;
	k->h[1] ^= k->h[1] >> 29;
}

static void mix(struct key *k, const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t w;

	for (; n >= 8; b += 8, n -= 8) {
		memcpy(&w, b, 8);
		mix_word(k, w);
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, b, n);
		mix_word(k, w ^ (uint64_t)n << 56);
	}
}

/* Length first: "ab"+"c" and "a"+"bc" differ. */
static void field(struct key *k, const void *p, size_t n)
{
	uint64_t len = n;

	mix(k, &len, sizeof(len));
	mix(k, p, n);
}

static void field_str(struct key *k, const char *s)
{
	field(k, s ? s : "", s ? strlen(s) + 1 : 0);
}

static uint64_t checksum(const void *p, size_t n)
{
	struct key k = { { 0xcbf29ce484222325ULL, 0 } };

	mix(&k, p, n);
	return k.h[0];
}

/* The name the key carries: "default", or the profile's resolved file,
 * so that what is keyed is the file, not how it was typed. */
struct anchor {
	char real[PATH_MAX];
	/* Includes are read relative to the file as named: through a
	 * symbolic link, that is the link's directory, keyed too. */
	char base[PATH_MAX];
	uid_t owner;
};

static int anchor_get(struct anchor *a, const char *file)
{
	struct stat st;
	char dir[PATH_MAX];
	const char *slash;

	a->base[0] = '\0';
	if (strcmp(file, "default") == 0) {
		memcpy(a->real, "default", sizeof("default"));
		return sc_trust_self(&a->owner);
	}
	if (!realpath(file, a->real) || stat(a->real, &st) < 0)
		return -1;
	a->owner = st.st_uid;
	if (lstat(file, &st) < 0 || !S_ISLNK(st.st_mode))
		return 0;
	slash = strrchr(file, '/');
	if (!slash)
		return sc_cat(dir, sizeof(dir), ".", "");
	if ((size_t)(slash - file) >= sizeof(dir))
		return -1;
	memcpy(dir, file, (size_t)(slash - file));
	dir[slash - file] = '\0';
	return realpath(slash == file ? "/" : dir, a->base) ? 0 : -1;
}

/* The profile's file, NULL for the built-in default. */
static const char *anchor_file(const struct anchor *a)
{
	return !a->real[0] || strcmp(a->real, "default") == 0 ? NULL : a->real;
}

static int make_key(const struct anchor *a, const char *text, size_t len,
		    const char *caps_spec, bool strict, bool lenient,
		    struct key *k)
{
	/* The headers' version is the static library's: both come from
	 * one libseccomp-dev, and the shim's fast half has no libseccomp. */
	const unsigned v[3] = { SCMP_VER_MAJOR, SCMP_VER_MINOR,
				SCMP_VER_MICRO };
	struct utsname u;
	uint64_t eff = 0;
	uint8_t opt[2] = { strict, lenient };

	if (uname(&u) < 0 || sc_caps_parse("effective", &eff, NULL) < 0)
		return -1;
	*k = (struct key){ { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL } };
	field_str(k, SC_VERSION);
	field(k, v, sizeof(v));
	field_str(k, u.release);
	field_str(k, u.version);
	field_str(k, sc_arch_native()->docker);
	field_str(k, a->real);
	field_str(k, a->base);
#ifdef SC_DEFAULT_SUM
	/* The text embedded in this build, by the digest the build took of
	 * it: the same in the shim, its compiler and the loader. */
	if (strcmp(a->real, "default") == 0)
		field_str(k, "sha256:" SC_DEFAULT_SUM);
	else
#endif
		field(k, text, len);
	field_str(k, caps_spec);
	field(k, &eff, sizeof(eff));
	field(k, opt, sizeof(opt));
	return 0;
}

static int entry_path(char *path, size_t size, const char *dir,
		      const struct key *k)
{
	static const char hex[] = "0123456789abcdef";
	char name[34] = "/";

	for (int i = 0; i < 32; i++)
		name[1 + i] = hex[k->h[i / 16] >> (60 - 4 * (i % 16)) & 15];
	name[33] = '\0';
	return sc_cat(path, size, dir, name);
}

static struct dep dep_of(const struct stat *st)
{
	return (struct dep){
		st->st_dev, st->st_ino, (uint64_t)st->st_size,
		(uint64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec,
		(uint64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec
	};
}

/* Every include unchanged; their owners join @t. */
static bool deps_hold(const char *p, size_t len, struct sc_trust *t)
{
	while (len > 0) {
		struct dep d, now;
		struct stat st;
		size_t n;

		if (len < sizeof(d) + 1)
			return false;
		memcpy(&d, p, sizeof(d));
		p += sizeof(d), len -= sizeof(d);
		n = strnlen(p, len);
		if (n == len || *p != '/' || stat(p, &st) < 0)
			return false;
		now = dep_of(&st);
		if (memcmp(&d, &now, sizeof(d)) != 0)
			return false;
		sc_trust_add(t, st.st_uid);
		p += n + 1, len -= n + 1;
	}
	return true;
}

/* The files the marker names (identity.h): @main (NULL for the built-in
 * default), then the includes recorded in @deps. */
static int files_of(const char *deps, size_t len, const char *main,
		    struct sc_strv *files)
{
	if (main && sc_strv_add(files, main, strlen(main)) < 0)
		return -1;
	while (len > sizeof(struct dep)) {
		const char *name = deps + sizeof(struct dep);
		size_t n = strnlen(name, len - sizeof(struct dep));

		if (sc_strv_add(files, name, n) < 0)
			return -1;
		deps += sizeof(struct dep) + n + 1;
		len -= sizeof(struct dep) + n + 1;
	}
	return 0;
}

static int unpack(const char *buf, size_t size, const struct key *k,
		  const char *main, struct sc_trust *t, struct sc_compiled *out)
{
	struct head h;
	const char *p = buf + sizeof(h), *u;
	size_t prog;

	if (size < sizeof(h))
		return -1;
	memcpy(&h, buf, sizeof(h));
	prog = (size_t)h.n_insns * sizeof(struct sock_filter);
	if (memcmp(h.magic, MAGIC, 8) || memcmp(&h.key, k, sizeof(*k)) ||
	    h.n_insns == 0 || h.n_insns > BPF_MAXINSNS ||
	    h.listener_len > PATH_MAX ||
	    sizeof(h) + (size_t)h.deps_len + h.unknown_len + h.listener_len +
			    prog !=
		    size ||
	    checksum(p, size - sizeof(h)) != h.sum ||
	    !deps_hold(p, h.deps_len, t))
		return -1;
	memset(out, 0, sizeof(*out));
	if (files_of(p, h.deps_len, main, &out->files) < 0)
		return -1;
	for (u = p + h.deps_len; u < p + h.deps_len + h.unknown_len;
	     u += strlen(u) + 1)
		if (sc_strv_add(&out->unknown, u, strlen(u)) < 0)
			return -1;
	u = p + h.deps_len + h.unknown_len;
	if (h.listener_len &&
	    (u[h.listener_len - 1] || !(out->listener = strdup(u))))
		return -1;
	out->prog.insns = malloc(prog);
	if (!out->prog.insns)
		return -1;
	memcpy(out->prog.insns, u + h.listener_len, prog);
	out->prog.len = h.n_insns;
	out->flags = h.flags;
	out->default_action = h.default_action;
	out->caps_keep = h.caps_keep;
	out->caps = h.caps;
	out->caps_kind = (char)h.caps_kind;
	return 0;
}

/* The profile, the key, the directory and the entry's path; *@on false
 * when the cache is off or cannot be trusted (*@why says why). */
struct sc_cache_ref {
	const char *text;
	char *owned;
	size_t len;
	struct anchor a;
	struct sc_trust t;
	struct key k;
	struct sc_cdir d;
	char path[4200];
	bool on;
	const char *why;
};

/* Only an entry nobody could have written who could not also write the
 * profile and its includes is read: owned by U or root, as its directory,
 * and writable by nobody else. */
static int lookup(struct sc_cache_ref *r, struct sc_compiled *out)
{
	int fd = open(r->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct sc_trust t = r->t;
	struct stat st;
	char *buf = NULL;
	int rc = -1;

	/* The caller's struct may be anything: a failed lookup clears it. */
	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    sc_trust_holder(&t, st.st_uid, st.st_mode) &&
	    st.st_size <= ENTRY_MAX && (buf = malloc((size_t)st.st_size)) &&
	    read(fd, buf, (size_t)st.st_size) == st.st_size)
		rc = unpack(buf, (size_t)st.st_size, &r->k, anchor_file(&r->a),
			    &t, out);
	/* The includes may have named another user than the profile did. */
	if (rc == 0 && (!sc_trust_holder(&t, st.st_uid, st.st_mode) ||
			!sc_trust_holder(&t, r->d.uid, 0)))
		rc = -1;
	if (rc < 0)
		sc_compiled_clear(out);
	free(buf);
	close(fd);
	return rc;
}

/* deps: each included file's identity, then its resolved name; their
 * owners join @t. */
static size_t pack_deps(const struct sc_profile *p, char *to,
			struct sc_trust *t)
{
	size_t n = 0;

	for (size_t i = 0; i < p->files.n; i++) {
		const char *f = p->files.v[i];
		struct stat st;
		struct dep d = { 0 };

		if (stat(f, &st) == 0) {
			d = dep_of(&st);
			sc_trust_add(t, st.st_uid);
		} else {
			t->mixed = true; /* gone: nothing to check later */
		}
		if (to)
			memcpy(to + n, &d, sizeof(d)),
				memcpy(to + n + sizeof(d), f, strlen(f) + 1);
		n += sizeof(d) + strlen(f) + 1;
	}
	return n;
}

/* Whether this process may store @r's entry: the directory is its own,
 * and it could write every anchor's kind (root, or the one user U). */
static bool may_store(const struct sc_cache_ref *r, const struct sc_trust *t)
{
	uid_t me = geteuid();

	return r->on && sc_trust_holder(t, r->d.uid, 0) && r->d.uid == me &&
	       (me == 0 || me == t->u);
}

static void write_entry(const struct sc_cache_ref *r, const char *buf,
			size_t size)
{
	char tmp[4200];
	int fd;

	if (sc_cat(tmp, sizeof(tmp), r->path, ".XXXXXX") < 0)
		return;
	fd = mkostemp(tmp, O_CLOEXEC); /* mode 0600 */
	if (fd < 0)
		return;
	/* The system cache answers every user. */
	if (r->d.shared)
		fchmod(fd, 0644);
	if (write(fd, buf, size) != (ssize_t)size || close(fd) < 0 ||
	    rename(tmp, r->path) < 0)
		unlink(tmp);
}

/* An entry: header, includes, unknown names, program; NULL when too big
 * or out of memory. The includes' owners join @t. */
static char *pack_entry(const struct key *k, const struct sc_compiled *c,
			const struct sc_profile *p, struct sc_trust *t,
			size_t *size)
{
	struct head h = { .key = *k,
			  .flags = c->flags,
			  .n_insns = (uint32_t)c->prog.len,
			  .default_action = c->default_action,
			  .caps_keep = c->caps_keep,
			  .caps = c->caps,
			  .caps_kind = (uint64_t)c->caps_kind };
	size_t prog = c->prog.len * sizeof(*c->prog.insns), at;
	char *buf;

	memcpy(h.magic, MAGIC, 8);
	h.deps_len = (uint32_t)pack_deps(p, NULL, t);
	for (size_t i = 0; i < c->unknown.n; i++)
		h.unknown_len += (uint32_t)strlen(c->unknown.v[i]) + 1;
	h.listener_len = c->listener ? strlen(c->listener) + 1 : 0;
	*size = sizeof(h) + h.deps_len + h.unknown_len + h.listener_len + prog;
	if (*size > ENTRY_MAX || !(buf = malloc(*size)))
		return NULL;
	at = sizeof(h) + pack_deps(p, buf + sizeof(h), t);
	for (size_t i = 0; i < c->unknown.n; i++) {
		memcpy(buf + at, c->unknown.v[i], strlen(c->unknown.v[i]) + 1);
		at += strlen(c->unknown.v[i]) + 1;
	}
	if (h.listener_len)
		memcpy(buf + at, c->listener, h.listener_len);
	memcpy(buf + at + h.listener_len, c->prog.insns, prog);
	h.sum = checksum(buf + sizeof(h), *size - sizeof(h));
	memcpy(buf, &h, sizeof(h));
	return buf;
}

static void store(const struct sc_cache_ref *r, const struct sc_compiled *c,
		  const struct sc_profile *p)
{
	struct sc_trust t = r->t;
	size_t size;
	char *buf = pack_entry(&r->k, c, p, &t, &size);

	if (buf && may_store(r, &t))
		write_entry(r, buf, size);
	free(buf);
}

static void ref_place(struct sc_cache_ref *r, const char *file,
		      const char *caps_spec, bool strict, bool lenient)
{
	const char *off = getenv("SYSCAGE_CACHE");

	/* The anchor also names the profile's file for the marker, so it is
	 * found with the cache off too. */
	if (anchor_get(&r->a, file) < 0) {
		r->a.real[0] = '\0';
		r->why = "cannot tell the profile's file or its owner";
		return;
	}
	if (off && strcmp(off, "off") == 0) {
		r->why = "SYSCAGE_CACHE=off";
		return;
	}
	if (make_key(&r->a, r->text, r->len, caps_spec, strict, lenient,
		     &r->k) < 0) {
		r->why = "cannot tell the profile's file or its owner";
		return;
	}
	sc_trust_add(&r->t, r->a.owner);
	sc_cdir_pick(&r->d, r->a.owner);
	if (!r->d.usable) {
		r->why = r->d.why;
		return;
	}
	r->on = entry_path(r->path, sizeof(r->path), r->d.path, &r->k) == 0;
	if (!r->on)
		r->why = "the cache directory's name is too long";
}

/* Field by field: the paths are 16 KB, and zeroing them was a quarter of
 * a warm start's instructions in the shim (callgrind), besides the stack
 * pages it touched. */
static void ref_clear(struct sc_cache_ref *r)
{
	r->text = r->owned = NULL;
	r->len = 0;
	r->a.real[0] = r->a.base[0] = '\0';
	r->a.owner = 0;
	r->t = (struct sc_trust){ 0 };
	r->k = (struct key){ { 0 } };
	r->d.path[0] = '\0';
	r->d.uid = 0;
	r->d.sys = r->d.shared = r->d.usable = false;
	r->d.why = NULL;
	r->path[0] = '\0';
	r->on = false;
	r->why = NULL;
}

static int ref_init(struct sc_cache_ref *r, const struct sc_request *rq,
		    struct sc_err *err)
{
	const char *spec = rq->spec;
	char found[PATH_MAX];
	const char *file;
	int rc;

	ref_clear(r);
	rc = sc_profile_resolve(spec ? spec : "", found, sizeof(found), &file,
				err);

	if (rc == 0)
		rc = sc_profile_text(file, &r->text, &r->len, &r->owned, err);
	if (rc == 0)
		ref_place(r, file, rq->caps, rq->strict, rq->lenient);
	return rc;
}

int sc_cache_get(const struct sc_request *rq, struct sc_compiled *out,
		 struct sc_err *err)
{
	struct sc_cache_ref r;
	int rc = ref_init(&r, rq, err);

	if (rc == 0)
		rc = r.on && lookup(&r, out) == 0 ? 0 : 1;
	free(r.owned);
	return rc;
}

int sc_cache_open(const struct sc_request *rq, struct sc_cache_ref **out,
		  struct sc_err *err)
{
	struct sc_cache_ref *r = malloc(sizeof(*r));
	int rc;

	*out = NULL;
	if (!r)
		return sc_err_oom(err);
	rc = ref_init(r, rq, err);
	if (rc < 0)
		sc_cache_close(r);
	else
		*out = r;
	return rc;
}

const char *sc_cache_text(const struct sc_cache_ref *r, size_t *len)
{
	*len = r->len;
	return r->text;
}

const char *sc_cache_file(const struct sc_cache_ref *r)
{
	return anchor_file(&r->a);
}

int sc_cache_lookup(struct sc_cache_ref *r, struct sc_compiled *out)
{
	return r->on && lookup(r, out) == 0 ? 0 : 1;
}

void sc_cache_store(struct sc_cache_ref *r, const struct sc_compiled *c,
		    const struct sc_profile *p)
{
	if (r->on)
		store(r, c, p);
}

void sc_cache_close(struct sc_cache_ref *r)
{
	if (r)
		free(r->owned);
	free(r);
}

int sc_cache_state(const struct sc_request *rq, struct sc_cache_state *st,
		   struct sc_err *err)
{
	struct sc_cache_ref r = { .owned = NULL };
	struct sc_compiled c = { .prog = { 0 } };
	int rc = ref_init(&r, rq, err);

	memset(st, 0, sizeof(*st));
	if (rc < 0)
		return rc;
	st->why = r.why;
	if (r.on) {
		memcpy(st->path, r.path, sizeof(st->path));
		st->hit = lookup(&r, &c) == 0;
		st->writable = may_store(&r, &r.t);
		st->sys = r.d.sys;
	}
	sc_compiled_clear(&c);
	free(r.owned);
	return 0;
}
