/* The compiled-filter cache (see cache.h).
 *
 * Key: a 128-bit hash, over length-prefixed fields, of everything that
 * changes the program: syscage's and libseccomp's versions, the kernel
 * (release and build), the native ABI, the profile's name and bytes, the
 * capability spec and this process's effective set, --strict, --lenient.
 * Files an INI profile includes are checked by their inode, size and
 * times, stored in the entry.
 *
 * Trust: the directory must be the user's own and closed to others, an
 * entry must be a regular file owned by the user with no group or other
 * access; anything else is passed over (and replaced when we can). Entries
 * are written to a temporary file and renamed, so readers see a whole
 * entry or none; a checksum catches the rest. */
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "caps.h"
#include "source.h"

#define MAGIC "SCGCACH3"
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

static int make_key(const char *spec, const char *text, size_t len,
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
	field_str(k, spec);
	field(k, text, len);
	field_str(k, caps_spec);
	field(k, &eff, sizeof(eff));
	field(k, opt, sizeof(opt));
	return 0;
}

/* @a then @b into @buf; -1 when it does not fit. (No snprintf on the
 * shim's start-up path: printf's machinery is pages of libc to fault in.) */
static int cat(char *buf, size_t size, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la + lb >= size)
		return -1;
	memcpy(buf, a, la);
	memcpy(buf + la, b, lb + 1);
	return 0;
}

/* The directory, created 0700 when missing, and checked when not. */
static int cache_dir(char *dir, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *set = getenv("SYSCAGE_CACHE");
	struct stat st;
	int rc;

	if (set && *set == '/')
		rc = cat(dir, size, set, "");
	else if (geteuid() == 0)
		rc = cat(dir, size, "/var/cache/syscage", "");
	else if (xdg && *xdg == '/')
		rc = cat(dir, size, xdg, "/syscage");
	else if (home && *home == '/')
		rc = cat(dir, size, home, "/.cache/syscage");
	else
		return -1;
	if (rc < 0)
		return -1;
	/* lstat first: on every start but the first the directory is there. */
	if (lstat(dir, &st) < 0) {
		if (errno != ENOENT)
			return -1;
		if (geteuid() != 0 && !(xdg && *xdg == '/') &&
		    !(set && *set == '/')) {
			char parent[4096];

			if (cat(parent, sizeof(parent), home, "/.cache") == 0)
				mkdir(parent, 0700);
		}
		if ((mkdir(dir, 0700) < 0 && errno != EEXIST) ||
		    lstat(dir, &st) < 0)
			return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077))
		return -1;
	return 0;
}

static int entry_path(char *path, size_t size, const struct key *k)
{
	static const char hex[] = "0123456789abcdef";
	char dir[4096], name[34] = "/";

	if (cache_dir(dir, sizeof(dir)) < 0)
		return -1;
	for (int i = 0; i < 32; i++)
		name[1 + i] = hex[k->h[i / 16] >> (60 - 4 * (i % 16)) & 15];
	name[33] = '\0';
	return cat(path, size, dir, name);
}

static bool deps_hold(const char *p, size_t len)
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
		if (n == len || stat(p, &st) < 0)
			return false;
		now = (struct dep){ st.st_dev, st.st_ino, (uint64_t)st.st_size,
				    (uint64_t)st.st_mtim.tv_sec * 1000000000 +
					    st.st_mtim.tv_nsec,
				    (uint64_t)st.st_ctim.tv_sec * 1000000000 +
					    st.st_ctim.tv_nsec };
		if (memcmp(&d, &now, sizeof(d)) != 0)
			return false;
		p += n + 1, len -= n + 1;
	}
	return true;
}

static int unpack(const char *buf, size_t size, const struct key *k,
		  struct sc_compiled *out)
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
	    sizeof(h) + (size_t)h.deps_len + h.unknown_len + prog != size ||
	    checksum(p, size - sizeof(h)) != h.sum || !deps_hold(p, h.deps_len))
		return -1;
	memset(out, 0, sizeof(*out));
	for (u = p + h.deps_len; u < p + h.deps_len + h.unknown_len;
	     u += strlen(u) + 1)
		if (sc_strv_add(&out->unknown, u, strlen(u)) < 0)
			return -1;
	out->prog.insns = malloc(prog);
	if (!out->prog.insns)
		return -1;
	memcpy(out->prog.insns, p + h.deps_len + h.unknown_len, prog);
	out->prog.len = h.n_insns;
	out->flags = h.flags;
	out->default_action = h.default_action;
	return 0;
}

/* Only an entry nobody else could have written is read. */
static int lookup(const char *path, const struct key *k,
		  struct sc_compiled *out)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	char *buf = NULL;
	int rc = -1;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_uid == geteuid() && !(st.st_mode & 077) && st.st_size > 0 &&
	    st.st_size <= ENTRY_MAX && (buf = malloc((size_t)st.st_size)) &&
	    read(fd, buf, (size_t)st.st_size) == st.st_size)
		rc = unpack(buf, (size_t)st.st_size, k, out);
	if (rc < 0)
		sc_compiled_clear(out);
	free(buf);
	close(fd);
	return rc;
}

/* deps: each included file's identity, then its name. */
static size_t pack_deps(const struct sc_profile *p, char *to)
{
	size_t n = 0;

	for (size_t i = 0; i < p->files.n; i++) {
		const char *f = p->files.v[i];
		struct stat st;
		struct dep d = { 0 };

		if (stat(f, &st) == 0)
			d = (struct dep){
				st.st_dev, st.st_ino, (uint64_t)st.st_size,
				(uint64_t)st.st_mtim.tv_sec * 1000000000 +
					st.st_mtim.tv_nsec,
				(uint64_t)st.st_ctim.tv_sec * 1000000000 +
					st.st_ctim.tv_nsec
			};
		if (to)
			memcpy(to + n, &d, sizeof(d)),
				memcpy(to + n + sizeof(d), f, strlen(f) + 1);
		n += sizeof(d) + strlen(f) + 1;
	}
	return n;
}

static void store(const char *path, const struct key *k,
		  const struct sc_compiled *c, const struct sc_profile *p)
{
	struct head h = { .key = *k,
			  .flags = c->flags,
			  .n_insns = (uint32_t)c->prog.len,
			  .default_action = c->default_action };
	size_t prog = c->prog.len * sizeof(*c->prog.insns), size, at;
	char tmp[4200], *buf;
	int fd;

	memcpy(h.magic, MAGIC, 8);
	h.deps_len = (uint32_t)pack_deps(p, NULL);
	for (size_t i = 0; i < c->unknown.n; i++)
		h.unknown_len += (uint32_t)strlen(c->unknown.v[i]) + 1;
	size = sizeof(h) + h.deps_len + h.unknown_len + prog;
	if (size > ENTRY_MAX || !(buf = malloc(size)))
		return;
	at = sizeof(h) + pack_deps(p, buf + sizeof(h));
	for (size_t i = 0; i < c->unknown.n; i++) {
		memcpy(buf + at, c->unknown.v[i], strlen(c->unknown.v[i]) + 1);
		at += strlen(c->unknown.v[i]) + 1;
	}
	memcpy(buf + at, c->prog.insns, prog);
	h.sum = checksum(buf + sizeof(h), size - sizeof(h));
	memcpy(buf, &h, sizeof(h));
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >=
	    sizeof(tmp)) {
		free(buf);
		return;
	}
	fd = mkostemp(tmp, O_CLOEXEC); /* mode 0600 */
	if (fd >= 0) {
		if (write(fd, buf, size) != (ssize_t)size || close(fd) < 0 ||
		    rename(tmp, path) < 0)
			unlink(tmp);
	}
	free(buf);
}

static int compile_text(const char *spec, const char *text, size_t len,
			const char *caps_spec, bool strict, bool lenient,
			struct sc_profile **p, struct sc_compiled *out,
			struct sc_err *err)
{
	struct sc_opts o;
	int rc = sc_load_text(spec, text, len, caps_spec, strict, lenient, p,
			      &o, err);

	return rc < 0 ? rc : sc_compile(*p, &o, out, err);
}

/* The text, the key and the entry's path; *@on false when the cache is
 * off or unusable. */
struct ref {
	const char *text;
	char *owned;
	size_t len;
	struct key k;
	char path[4200];
	bool on;
};

static int ref_init(struct ref *r, const char *spec, const char *caps_spec,
		    bool strict, bool lenient, struct sc_err *err)
{
	const char *off = getenv("SYSCAGE_CACHE");
	int rc = sc_profile_text(spec, &r->text, &r->len, &r->owned, err);

	if (rc < 0)
		return rc;
	r->on = !(off && strcmp(off, "off") == 0) &&
		make_key(spec, r->text, r->len, caps_spec, strict, lenient,
			 &r->k) == 0 &&
		entry_path(r->path, sizeof(r->path), &r->k) == 0;
	return 0;
}

int sc_cache_get(const char *spec, const char *caps_spec, bool strict,
		 bool lenient, struct sc_compiled *out, struct sc_err *err)
{
	struct ref r = { .owned = NULL };
	int rc = ref_init(&r, spec, caps_spec, strict, lenient, err);

	if (rc == 0)
		rc = r.on && lookup(r.path, &r.k, out) == 0 ? 0 : 1;
	free(r.owned);
	return rc;
}

int sc_build(const char *spec, const char *caps_spec, bool strict, bool lenient,
	     struct sc_compiled *out, bool *hit, struct sc_err *err)
{
	struct ref r = { .owned = NULL };
	struct sc_profile *p = NULL;
	int rc;

	if (hit)
		*hit = false;
	rc = ref_init(&r, spec, caps_spec, strict, lenient, err);
	if (rc < 0)
		return rc;
	if (r.on && lookup(r.path, &r.k, out) == 0) {
		if (hit)
			*hit = true;
		free(r.owned);
		return 0;
	}
	rc = compile_text(spec, r.text, r.len, caps_spec, strict, lenient, &p,
			  out, err);
	if (rc == 0 && r.on)
		store(r.path, &r.k, out, p);
	sc_profile_free(p);
	free(r.owned);
	return rc;
}
