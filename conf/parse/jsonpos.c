/* SPDX-License-Identifier: Apache-2.0 */
/* Reading a profile's text as Go does where json-c would not (see
 * jsonpos.h). json-c does the parsing, so the scanner can trust the syntax
 * and stay small; it skips containers by counting brackets, so that deep
 * input costs it no stack. */
#include "jsonpos.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define JSON_DEPTH 64 /* profiles nest five deep: this only stops abuse */

void sc_jsonpos_init(struct sc_jsonpos *t, const char *s, size_t n,
		     const char *name, struct sc_err *err)
{
	*t = (struct sc_jsonpos){
		.s = s, .n = n, .name = name, .err = err, .lc_line = 1
	};
}

unsigned sc_jsonpos_line(struct sc_jsonpos *t, size_t off)
{
	if (off > t->n)
		off = t->n;
	if (off < t->lc_off) {
		t->lc_off = 0;
		t->lc_line = 1;
	}
	for (; t->lc_off < off; t->lc_off++)
		if (t->s[t->lc_off] == '\n')
			t->lc_line++;
	return t->lc_line;
}

/* Columns count characters, not bytes, as editors do. */
static unsigned col_of(const struct sc_jsonpos *t, size_t off)
{
	unsigned col = 1;

	while (off > 0 && t->s[off - 1] != '\n')
		if (((unsigned char)t->s[--off] & 0xc0) != 0x80)
			col++;
	return col;
}

void sc_json_putp(struct json_object **o)
{
	json_object_put(*o);
}

int sc_jsonpos_err(struct sc_jsonpos *t, size_t off, const char *fmt, ...)
{
	va_list ap;
	int rc;

	off = off > t->n ? t->n : off;
	va_start(ap, fmt);
	rc = sc_err_vset(t->err, -EINVAL, t->name, sc_jsonpos_line(t, off),
			 col_of(t, off), fmt, ap);
	va_end(ap);
	return rc;
}

/* Text from the file goes into messages bounded, and with nothing in it
 * that a terminal would act on. */
const char *sc_jsonpos_quote(const char *s, size_t len, char *buf, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (o + 8 >= size) {
			memcpy(buf + o, "...", 4);
			return buf;
		}
		if (ch < 0x20 || ch == 0x7f || ch == '\\')
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", ch);
		else
			buf[o++] = (char)ch;
	}
	buf[o] = '\0';
	return buf;
}

static int is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

size_t sc_jsonpos_skip_ws(const struct sc_jsonpos *t, size_t i)
{
	while (i < t->n && is_ws(t->s[i]))
		i++;
	return i;
}

/* From an opening quote to past the closing one. */
static size_t skip_str(const struct sc_jsonpos *t, size_t i)
{
	for (i++; i < t->n; i++) {
		if (t->s[i] == '\\')
			i++;
		else if (t->s[i] == '"')
			return i + 1;
	}
	return t->n;
}

static size_t skip_value(const struct sc_jsonpos *t, size_t i)
{
	size_t depth = 0;

	while (i < t->n) {
		char ch = t->s[i];

		if (ch == '"') {
			i = skip_str(t, i);
		} else if (ch == '{' || ch == '[') {
			depth++;
			i++;
		} else if (ch == '}' || ch == ']') {
			if (depth == 0)
				return i;
			depth--;
			i++;
		} else if (depth == 0 &&
			   (ch == ',' || ch == ':' || is_ws(ch))) {
			return i;
		} else {
			i++;
		}
		if (depth == 0 && (ch == '"' || ch == '}' || ch == ']'))
			return i;
	}
	return t->n;
}

const char *sc_jsonpos_text(const struct sc_jsonpos *t, size_t off, size_t *len)
{
	*len = skip_value(t, off) - off;
	return t->s + off;
}

/* Next character of a string body, or -1 at its end. Escapes other than
 * \u never spell a letter, so they read as 0. */
static long next_rune(const struct sc_jsonpos *t, size_t *ip)
{
	const unsigned char *s = (const unsigned char *)t->s;
	size_t i = *ip, len = 1;
	long r = 0;

	if (i >= t->n || s[i] == '"')
		return -1;
	if (s[i] == '\\') {
		*ip = i + 2;
		if (i + 6 > t->n || s[i + 1] != 'u')
			return 0;
		for (*ip = i + 2; *ip < i + 6; ++*ip)
			r = r << 4 |
			    (s[*ip] <= '9' ? s[*ip] - '0'
					   : (s[*ip] | 0x20) - 'a' + 10);
		return r;
	}
	if (s[i] >= 0xc0)
		len = s[i] >= 0xf0 ? 4 : s[i] >= 0xe0 ? 3 : 2;
	r = len == 1 ? s[i] : s[i] & (0x3f >> (len - 1));
	for (size_t k = 1; k < len && i + k < t->n; k++)
		r = r << 6 | (s[i + k] & 0x3f);
	*ip = i + len;
	return r;
}

/* Go (1.21 on) matches a key to a field by unicode.ToUpper(ToLower(r)),
 * which folds four non-ASCII letters into ASCII ones. */
static long go_fold(long r)
{
	if (r >= 'a' && r <= 'z')
		return r - 'a' + 'A';
	if (r == 0x130 || r == 0x131)
		return 'I';
	if (r == 0x17f)
		return 'S';
	return r == 0x212a ? 'K' : r;
}

/* Does the key at @i (its opening quote) fold to @field? If so, @out gets
 * it decoded, as json-c spells it. */
static int key_match(const struct sc_jsonpos *t, size_t i, const char *field,
		     char *out)
{
	size_t o = 0;
	long r;

	for (i++; *field; field++) {
		r = next_rune(t, &i);
		if (go_fold(r) != go_fold(*field))
			return 0;
		if (r >= 0x80) { /* U+0130, U+0131, U+017F, U+212A */
			if (r >= 0x800)
				out[o++] = (char)(0xe0 | r >> 12);
			out[o++] = (char)((r >= 0x800 ? 0x80 : 0xc0) |
					  (r >> 6 & 0x3f));
			r = 0x80 | (r & 0x3f);
		}
		out[o++] = (char)r;
	}
	out[o] = '\0';
	return next_rune(t, &i) == -1;
}

int sc_jsonpos_find_key(const struct sc_jsonpos *t, size_t obj,
			const char *field, size_t *voff,
			char key[SC_JSONPOS_KEY_MAX])
{
	char tmp[SC_JSONPOS_KEY_MAX];
	size_t i = sc_jsonpos_skip_ws(t, obj + 1), k;
	int found = 0;

	while (i < t->n && t->s[i] == '"') {
		k = i;
		i = sc_jsonpos_skip_ws(t, skip_str(t, i));
		i = sc_jsonpos_skip_ws(t, i + 1); /* the ':' */
		if (key_match(t, k, field, tmp)) {
			found = 1;
			*voff = i;
			memcpy(key, tmp, sizeof(tmp));
		}
		i = sc_jsonpos_skip_ws(t, skip_value(t, i));
		if (i < t->n && t->s[i] == ',')
			i = sc_jsonpos_skip_ws(t, i + 1);
	}
	return found;
}

size_t sc_jsonpos_elem(const struct sc_jsonpos *t, size_t arr, size_t i,
		       size_t prev)
{
	size_t p = sc_jsonpos_skip_ws(t, arr + 1);

	if (i > 0) {
		p = sc_jsonpos_skip_ws(t, skip_value(t, prev));
		if (p < t->n && t->s[p] == ',')
			p = sc_jsonpos_skip_ws(t, p + 1);
	}
	return p;
}

static size_t digits(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* RFC 8259's literals and numbers, which is what Go accepts. */
static int is_literal(const char *s, size_t n)
{
	size_t i = n && s[0] == '-', j = digits(s, n, i);

	if ((n == 4 && (!memcmp(s, "true", 4) || !memcmp(s, "null", 4))) ||
	    (n == 5 && !memcmp(s, "false", 5)))
		return 1;
	if (j == i || (s[i] == '0' && j > i + 1))
		return 0;
	if (j < n && s[j] == '.') {
		i = j + 1;
		j = digits(s, n, i);
		if (j == i)
			return 0;
	}
	if (j < n && (s[j] == 'e' || s[j] == 'E')) {
		i = j + 1 + (j + 1 < n && (s[j + 1] == '+' || s[j + 1] == '-'));
		j = digits(s, n, i);
		if (j == i)
			return 0;
	}
	return j == n;
}

/* Go refuses raw control characters in strings; json-c does not. A key
 * with \u0000 in it would be cut short by json-c and could then shadow a
 * real field. */
static int strict_str(struct sc_jsonpos *t, size_t *ip)
{
	size_t start = *ip, i;
	int nul = 0;

	for (i = start + 1; i < t->n && t->s[i] != '"'; i++) {
		if ((unsigned char)t->s[i] < 0x20)
			return sc_jsonpos_err(
				t, i,
				"control character 0x%02x in a string (write it as \\u%04x)",
				(unsigned)t->s[i], (unsigned)t->s[i]);
		if (t->s[i] == '\\' && ++i + 4 < t->n && t->s[i] == 'u')
			nul |= !memcmp(t->s + i + 1, "0000", 4);
	}
	*ip = i + 1;
	i = sc_jsonpos_skip_ws(t, *ip);
	if (nul && i < t->n && t->s[i] == ':')
		return sc_jsonpos_err(
			t, start, "a key with \\u0000 in it is not supported");
	return 0;
}

/* json-c's strict mode still takes NaN, Infinity and "1."; Go does not,
 * so neither does Docker. */
static int go_strict(struct sc_jsonpos *t)
{
	char q[80];
	size_t i = 0, j;
	int rc;

	while (i < t->n) {
		if (t->s[i] == '"') {
			rc = strict_str(t, &i);
			if (rc)
				return rc;
			continue;
		}
		for (j = i; j < t->n && !is_ws(t->s[j]) &&
			    !memchr("{}[]:,\"", t->s[j], 7);
		     j++)
			;
		if (j > i && !is_literal(t->s + i, j - i))
			return sc_jsonpos_err(t, i, "invalid JSON value %s",
					      sc_jsonpos_quote(t->s + i, j - i,
							       q, sizeof(q)));
		i = j > i ? j : i + 1;
	}
	return 0;
}

static int tokenize(struct sc_jsonpos *t, struct json_object **root, size_t top)
{
	struct json_tokener *tok;
	enum json_tokener_error e;
	size_t end;

	if (t->s[top] != '{')
		return sc_jsonpos_err(t, top,
				      "the top level must be an object");
	if (t->n > INT_MAX)
		return sc_jsonpos_err(t, 0, "file too large for a profile");
	tok = json_tokener_new_ex(JSON_DEPTH);
	if (!tok)
		return sc_err_oom(t->err);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					    JSON_TOKENER_VALIDATE_UTF8);
	*root = json_tokener_parse_ex(tok, t->s, (int)t->n);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (e == json_tokener_continue)
		return sc_jsonpos_err(
			t, t->n,
			"unexpected end of file: an object, array or string is not closed");
	if (e != json_tokener_success || !*root)
		return sc_jsonpos_err(t, end, "invalid JSON: %s",
				      json_tokener_error_desc(e));
	end = sc_jsonpos_skip_ws(t, end);
	if (end != t->n)
		return sc_jsonpos_err(
			t, end, "unexpected text after the top-level object");
	return go_strict(t);
}

int sc_jsonpos_parse(struct sc_jsonpos *t, struct json_object **root,
		     size_t *top)
{
	const char *nul = memchr(t->s, '\0', t->n);
	int rc;

	*root = NULL;
	if (nul)
		return sc_jsonpos_err(t, (size_t)(nul - t->s),
				      "NUL byte: a profile is JSON text");
	*top = sc_jsonpos_skip_ws(t, 0);
	if (*top == t->n)
		return sc_jsonpos_err(
			t, *top,
			"empty file: a profile is a JSON object such as {\"defaultAction\": \"SCMP_ACT_ERRNO\"}");
	rc = tokenize(t, root, *top);
	if (rc) {
		json_object_put(*root);
		*root = NULL;
	}
	return rc;
}
