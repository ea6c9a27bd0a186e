/* SPDX-License-Identifier: Apache-2.0 */
/* The SYSCAGE_ACTIVE marker (see identity.h).
 *
 * "2;KIND MASK,EUID;SL;" then length-prefixed fields: the SYSCAGE_CAPS text and
 * the resolved spec, then one record per file: "DEV:INO:SIZE:MTIME:" and
 * its length-prefixed path. Length prefixes, because a path may hold any
 * separator. No snprintf: this runs in every process the shim starts in,
 * and printf's machinery is pages of libc that /bin/true would never
 * touch. */
#include "identity.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "search.h"

struct out {
	char *p;
	size_t left;
	bool full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (n >= o->left) {
		o->full = true;
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
	o->left -= n;
	*o->p = '\0';
}

static void put_u64(struct out *o, uint64_t v, unsigned base)
{
	char d[24];
	size_t i = sizeof(d);

	do {
		d[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	put(o, d + i, sizeof(d) - i);
}

/* LEN ":" TEXT */
static void put_field(struct out *o, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_u64(o, n, 10);
	put(o, ":", 1);
	put(o, s ? s : "", n);
}

struct id {
	uint64_t dev, ino, size, mtime;
};

static int file_id(const char *path, struct id *id)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	*id = (struct id){ st.st_dev, st.st_ino, (uint64_t)st.st_size,
			   (uint64_t)st.st_mtim.tv_sec * 1000000000u +
				   (uint64_t)st.st_mtim.tv_nsec };
	return 0;
}

int sc_marker_write(char *buf, size_t size, const struct sc_marker *m,
		    struct sc_err *err)
{
	struct out o = { buf, size, false };
	const char sl[3] = { m->strict ? 'S' : 's', m->lenient ? 'L' : 'l',
			     ';' };
	char kind = (char)m->caps_kind;

	if (size == 0)
		return -ENAMETOOLONG;
	*buf = '\0';
	put(&o, "2;", 2);
	put(&o, &kind, 1);
	put_u64(&o, m->caps, 16);
	put(&o, ",", 1);
	put_u64(&o, (uint64_t)geteuid(), 16);
	put(&o, ";", 1);
	put(&o, sl, 3);
	put_field(&o, m->caps_env);
	put_field(&o, m->spec);
	for (size_t i = 0; m->files && i < m->files->n; i++) {
		struct id id;
		int rc = file_id(m->files->v[i], &id);

		if (rc < 0)
			return sc_err_msg(err, rc, m->files->v[i],
					  "cannot look at it again: %s",
					  strerror(-rc));
		put_u64(&o, id.dev, 16), put(&o, ":", 1);
		put_u64(&o, id.ino, 16), put(&o, ":", 1);
		put_u64(&o, id.size, 16), put(&o, ":", 1);
		put_u64(&o, id.mtime, 16), put(&o, ":", 1);
		put_field(&o, m->files->v[i]);
	}
	return o.full ? sc_err_msg(err, -ENAMETOOLONG, m->spec,
				   "too many or too long file names for "
				   "SYSCAGE_ACTIVE")
		      : 0;
}

/* Reading: each step consumes from *@p or fails. */
static bool take(const char **p, const char *s)
{
	size_t n = strlen(s);

	if (strncmp(*p, s, n) != 0)
		return false;
	*p += n;
	return true;
}

static bool take_u64(const char **p, unsigned base, char end, uint64_t *v)
{
	char *e;

	if (!**p || **p == end)
		return false;
	errno = 0;
	*v = strtoull(*p, &e, (int)base);
	if (errno || *e != end)
		return false;
	*p = e + 1;
	return true;
}

/* A LEN:TEXT field: its text and length. */
static bool take_field(const char **p, const char **text, size_t *len)
{
	uint64_t n;

	if (!take_u64(p, 10, ':', &n) || strnlen(*p, n) < n)
		return false;
	*text = *p;
	*len = (size_t)n;
	*p += n;
	return true;
}

/* A marker read apart, for sc_marker_holds and sc_marker_profile alike:
 * "2;KIND MASK,EUID;SL;" LEN:CAPS LEN:SPEC, then the files. */
struct parsed {
	char kind;
	uint64_t mask, euid;
	char sl[2];
	const char *caps, *spec, *files;
	size_t caps_len, spec_len;
};

static bool parse(const char *p, struct parsed *m)
{
	if (!p || !take(&p, "2;") || !*p)
		return false;
	m->kind = *p++;
	if (!take_u64(&p, 16, ',', &m->mask) ||
	    !take_u64(&p, 16, ';', &m->euid) || !p[0] || !p[1] || p[2] != ';')
		return false;
	memcpy(m->sl, p, 2);
	p += 3;
	if (!take_field(&p, &m->caps, &m->caps_len) ||
	    !take_field(&p, &m->spec, &m->spec_len))
		return false;
	m->files = p;
	return true;
}

/* Whether a field read is @want (NULL is ""). */
static bool field_is(const char *text, size_t len, const char *want)
{
	size_t wn = want ? strlen(want) : 0;

	return len == wn && (len == 0 || memcmp(text, want, len) == 0);
}

/* Under no_new_privs a set can only shrink: an empty one, or one of a
 * process whose euid has not changed (capabilities go with a change of
 * user; asking the kernel costs a capget a profile may deny and report),
 * holds as it is. */
static bool caps_hold(char kind, uint64_t mask, uint64_t euid)
{
	uint64_t now;

	if (kind == SC_CAPS_FIXED || mask == 0 || euid == geteuid())
		return true;
	if (kind != SC_CAPS_DEFAULT && kind != SC_CAPS_EFFECTIVE)
		return false;
	if (sc_caps_parse(kind == SC_CAPS_DEFAULT ? "default" : "effective",
			  &now, NULL) < 0)
		return true; /* capget denied: nothing gained since */
	return now == mask;
}

static bool files_hold(const char *p)
{
	while (*p) {
		struct id want, now;
		char path[PATH_MAX];
		uint64_t n;

		if (!take_u64(&p, 16, ':', &want.dev) ||
		    !take_u64(&p, 16, ':', &want.ino) ||
		    !take_u64(&p, 16, ':', &want.size) ||
		    !take_u64(&p, 16, ':', &want.mtime) ||
		    !take_u64(&p, 10, ':', &n) || n >= sizeof(path) ||
		    strnlen(p, n) < n)
			return false;
		memcpy(path, p, n);
		path[n] = '\0';
		p += n;
		if (file_id(path, &now) < 0 ||
		    memcmp(&now, &want, sizeof(now)) != 0)
			return false;
	}
	return true;
}

bool sc_marker_holds(const char *marker, const char *spec, const char *caps_env,
		     bool strict, bool lenient)
{
	struct parsed m;

	if (!parse(marker, &m) || m.sl[0] != (strict ? 'S' : 's') ||
	    m.sl[1] != (lenient ? 'L' : 'l') ||
	    !field_is(m.caps, m.caps_len,
		      caps_env && *caps_env ? caps_env : NULL) ||
	    !field_is(m.spec, m.spec_len, spec))
		return false;
	return files_hold(m.files) && caps_hold(m.kind, m.mask, m.euid);
}

/* A profile file's resolved name into @out: apart, so that the built-in
 * default's path (every child of a confined shell takes it) runs on a
 * frame without these 8 KB, and so faults no new stack pages. */
static __attribute__((noinline)) int spec_file(const char *profile, char *out,
					       size_t size, struct sc_err *err)
{
	char real[PATH_MAX], found[PATH_MAX];
	size_t n;
	int rc;

	if (sc_profile_is_name(profile)) {
		rc = sc_profile_find(profile, found, sizeof(found), NULL, NULL,
				     err);
		if (rc < 0)
			return rc;
		profile = found;
	}
	if (!realpath(profile, real))
		return sc_err_msg(err, -errno, profile, "%s", strerror(errno));
	n = strlen(real);
	if (n >= size)
		return sc_err_msg(err, -ENAMETOOLONG, real, "path too long");
	memcpy(out, real, n + 1);
	return 0;
}

int sc_marker_spec(const char *profile, char *out, size_t size,
		   struct sc_err *err)
{
	if (strlen(profile) >= PATH_MAX)
		return sc_err_msg(err, -ENAMETOOLONG, profile,
				  "the profile's path is too long");
	if (strcmp(profile, "default") != 0)
		return spec_file(profile, out, size, err);
	if (size < sizeof("default"))
		return sc_err_msg(err, -ENAMETOOLONG, profile, "path too long");
	memcpy(out, "default", sizeof("default"));
	return 0;
}

int sc_marker_profile(const char *marker, char *out, size_t size)
{
	struct parsed m;

	if (!parse(marker, &m))
		return -EINVAL;
	if (m.spec_len >= size)
		return -ENAMETOOLONG;
	memcpy(out, m.spec, m.spec_len);
	out[m.spec_len] = '\0';
	return 0;
}
