/* SPDX-License-Identifier: Apache-2.0 */
/* INI profiles on inih. inih hands us one key at a time; a value may go on
 * over continuation lines (inih calls us again with the same key), so each
 * key is held until the next one starts, then turned into rules. Our own
 * line reader counts lines and refuses lines inih would cut (Debian builds
 * inih with 200-byte lines and 50-byte section names, and truncates
 * silently): a profile is never read differently from how it was written. */
#include "inifile.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inisec.h"

#define INCLUDE_DEPTH 16
#define INIH_NAME_MAX 50 /* inih's MAX_SECTION and MAX_NAME */

struct ictx {
	struct sc_profile *p;
	const struct sc_ini_io *io;
	struct sc_err *err;
	int rc;
	const char *stack[INCLUDE_DEPTH]; /* canonical names, for cycles */
	int depth;
};

/* One file being read: its text, the reader's position, the pending key. */
struct ifile {
	struct ictx *c;
	const char *name; /* for messages; NULL in rules of the top file */
	const char *msgname;
	const char *buf;
	size_t len, pos;
	unsigned line;
	bool cont; /* the line just read continues the previous value */
	bool has_name; /* inih has a previous key (none after a section) */
	bool pending;
	char section[INIH_NAME_MAX], key[INIH_NAME_MAX];
	unsigned key_line;
	char *value;
	struct sc_inisec sec; /* the parsed header of the current section */
	char sec_text[INIH_NAME_MAX];
	bool sec_valid;
};

static int ferr(struct ifile *f, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ferr(struct ifile *f, unsigned line, const char *fmt, ...)
{
	va_list ap;

	/* The first error is the one to fix; later ones may follow from it. */
	if (f->c->rc == 0) {
		va_start(ap, fmt);
		f->c->rc = sc_err_vset(f->c->err, -EINVAL, f->msgname, line, 0,
				       fmt, ap);
		va_end(ap);
	}
	return f->c->rc;
}

/* Out of memory is -ENOMEM, not a mistake in the file. */
static int foom(struct ifile *f)
{
	if (f->c->rc == 0)
		f->c->rc = sc_err_oom(f->c->err);
	return f->c->rc;
}

/* strcspn within the @n bytes of a line, which has no NUL of its own. */
static size_t span(const char *s, size_t n, const char *stop)
{
	size_t i = 0;

	while (i < n && !strchr(stop, s[i]))
		i++;
	return i;
}

/* A header is checked where it stands, even when no key follows it. */
static int check_header(struct ifile *f, const char *s, size_t n)
{
	char text[INIH_NAME_MAX];
	struct sc_inisec sec;
	int rc;

	snprintf(text, sizeof(text), "%.*s", (int)n, s);
	if (strcmp(text, "profile") == 0)
		return 0;
	rc = sc_inisec_header(text, &sec, f->c->err);
	sc_inisec_clear(&sec);
	if (rc < 0) {
		f->c->rc = rc;
		f->c->err->line = f->line;
		snprintf(f->c->err->file, sizeof(f->c->err->file), "%s",
			 f->msgname);
	}
	return rc;
}

/* Checks a raw line for what inih would silently cut, and notes whether
 * inih will treat it as a continuation. */
static int check_line(struct ifile *f, const char *s, size_t n, int num)
{
	size_t i = 0, w;

	if (memchr(s, '\0', n))
		return ferr(f, f->line, "NUL byte in the line");
	if (n + 2 > (size_t)num)
		return ferr(f, f->line,
			    "line is %zu bytes long; inih reads at most %d: "
			    "split it, a line starting with a tab continues "
			    "the value above",
			    n, num - 2);
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	f->cont = false;
	if (i == n || s[i] == ';' || s[i] == '#')
		return 0;
	if (s[i] == '[') {
		w = span(s + i + 1, n - i - 1, "]");
		if (w >= INIH_NAME_MAX)
			return ferr(f, f->line,
				    "section header is %zu bytes; inih keeps "
				    "%d: repeat the section with fewer "
				    "conditions",
				    w, INIH_NAME_MAX - 1);
		f->has_name = false;
		return check_header(f, s + i + 1, w);
	}
	if (i > 0 && f->has_name) {
		f->cont = true;
		return 0;
	}
	w = span(s + i, n - i, "=:");
	if (w >= INIH_NAME_MAX)
		return ferr(f, f->line, "key is %zu bytes; inih keeps %d", w,
			    INIH_NAME_MAX - 1);
	f->has_name = true;
	return 0;
}

static char *read_line(char *str, int num, void *stream)
{
	struct ifile *f = stream;
	const char *s = f->buf + f->pos, *nl;
	size_t n;

	if (f->pos >= f->len || f->c->rc)
		return NULL;
	nl = memchr(s, '\n', f->len - f->pos);
	n = nl ? (size_t)(nl - s) : f->len - f->pos;
	f->pos += n + (nl != NULL);
	f->line++;
	if (check_line(f, s, n, num) < 0)
		return NULL; /* stops inih; the error is ours */
	memcpy(str, s, n);
	str[n] = '\n';
	str[n + 1] = '\0';
	return str;
}

static int parse_file(struct ictx *c, const char *buf, size_t len,
		      const char *msgname, const char *rulename);

static int do_include(struct ifile *f, const char *path)
{
	struct ictx *c = f->c;
	char *buf = NULL, *canon = NULL;
	size_t len;
	int rc, i;

	if (!c->io)
		return ferr(f, f->key_line,
			    "include \"%s\": includes are not "
			    "available here",
			    path);
	rc = c->io->read(path, f->msgname, &buf, &len, &canon, c->err,
			 c->io->data);
	if (rc < 0) {
		char msg[SC_ERR_MSG_MAX];

		snprintf(msg, sizeof(msg), "include \"%.200s\": %.280s", path,
			 c->err->msg);
		sc_err_set(c->err, rc, f->msgname, f->key_line, 0, "%s", msg);
		return c->rc = rc;
	}
	for (i = 0; i < c->depth; i++)
		if (strcmp(c->stack[i], canon) == 0)
			break;
	if (i < c->depth || c->depth == INCLUDE_DEPTH)
		rc = ferr(f, f->key_line, "include \"%s\": %s", path,
			  i < c->depth ? "an include cycle"
				       : "includes nested too deep");
	else if (sc_strv_add(&c->p->files, canon, strlen(canon)) < 0)
		rc = foom(f);
	if (rc == 0) {
		const char *kept = c->p->files.v[c->p->files.n - 1];

		c->stack[c->depth++] = kept;
		rc = parse_file(c, buf, len, kept, kept);
		c->depth--;
	}
	free(buf);
	free(canon);
	return rc;
}

/* The key held since its first line, complete now. */
static int flush(struct ifile *f)
{
	int rc;

	if (!f->pending || f->c->rc)
		return f->c->rc;
	f->pending = false;
	if (strcmp(f->section, "profile") == 0) {
		if (strcmp(f->key, "include") == 0)
			rc = do_include(f, f->value);
		else
			rc = sc_inisec_profile_key(f->c->p, f->key, f->value,
						   f->c->err);
		if (rc == 0 && strcmp(f->key, "default") == 0)
			f->c->p->default_line = f->key_line;
	} else {
		if (!f->sec_valid || strcmp(f->sec_text, f->section) != 0) {
			sc_inisec_clear(&f->sec);
			f->sec_valid = false;
			rc = sc_inisec_header(f->section, &f->sec, f->c->err);
			if (rc < 0)
				goto out;
			snprintf(f->sec_text, sizeof(f->sec_text), "%s",
				 f->section);
			f->sec_valid = true;
		}
		rc = sc_inisec_rule_key(f->c->p, &f->sec, f->name, f->key,
					f->value, f->key_line, f->c->err);
	}
out:
	free(f->value);
	f->value = NULL;
	if (rc < 0 && f->c->rc == 0) {
		/* The section and key helpers fill the message only. */
		f->c->rc = rc;
		f->c->err->line = f->key_line;
		snprintf(f->c->err->file, sizeof(f->c->err->file), "%s",
			 f->msgname);
	}
	return f->c->rc;
}

static int on_key(void *user, const char *section, const char *name,
		  const char *value)
{
	struct ifile *f = user;
	char *v;

	if (f->c->rc)
		return 0;
	if (f->cont && f->pending) {
		if (asprintf(&v, "%s %s", f->value, value) < 0)
			return foom(f), 0;
		free(f->value);
		f->value = v;
		return 1;
	}
	if (flush(f) < 0)
		return 0;
	if (!*section)
		return ferr(f, f->line,
			    "\"%s\" is outside any section: start "
			    "with [profile]",
			    name),
		       0;
	snprintf(f->section, sizeof(f->section), "%s", section);
	snprintf(f->key, sizeof(f->key), "%s", name);
	f->key_line = f->line;
	f->value = strdup(value);
	if (!f->value)
		return foom(f), 0;
	f->pending = true;
	return 1;
}

static int parse_file(struct ictx *c, const char *buf, size_t len,
		      const char *msgname, const char *rulename)
{
	struct ifile f = { .c = c,
			   .name = rulename,
			   .msgname = msgname,
			   .buf = buf,
			   .len = len };
	int line = ini_parse_stream(read_line, &f, on_key, &f);

	if (c->rc == 0 && line > 0)
		ferr(&f, (unsigned)line,
		     "expected \"[SECTION]\", \"KEY = VALUE\" or a comment");
	flush(&f);
	free(f.value);
	sc_inisec_clear(&f.sec);
	return c->rc;
}

int sc_ini_parse(const char *buf, size_t len, const char *name,
		 const struct sc_ini_io *io, struct sc_profile **out,
		 struct sc_err *err)
{
	struct ictx c = { .io = io, .err = err };
	int rc;

	*out = NULL;
	c.p = sc_profile_new(name);
	if (!c.p)
		return sc_err_oom(err);
	c.stack[c.depth++] = name;
	rc = parse_file(&c, buf, len, name, NULL);
	if (rc == 0)
		rc = sc_inisec_finish(c.p, err);
	if (rc < 0) {
		sc_profile_free(c.p);
		return rc;
	}
	*out = c.p;
	return 0;
}
