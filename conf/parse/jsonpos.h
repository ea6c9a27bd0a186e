/* SPDX-License-Identifier: Apache-2.0 */
/* The text of a JSON profile, kept beside json-c's tree of it. Docker reads
 * profiles with Go's encoding/json, and json-c differs from it where it
 * matters: it keeps no positions (messages need a line and column), tells
 * keys apart by exact spelling (Go matches them case-insensitively, the
 * last one winning), rounds big numbers (Go reads the digits) and takes
 * some text that Go refuses. So the text is read again, here. */
#ifndef SC_JSONPOS_H
#define SC_JSONPOS_H

#include <stddef.h>

#include "err.h"

struct json_object;

/* For __attribute__((cleanup)) on json-c values, in the reader and the
 * writer alike: drops the reference, NULL included. */
void sc_json_putp(struct json_object **o);
#define _cleanup_json_ __attribute__((cleanup(sc_json_putp)))

/* A decoded field name as json-c spells it: 16 characters of <= 3 bytes. */
#define SC_JSONPOS_KEY_MAX 64

struct sc_jsonpos {
	const char *s;
	size_t n;
	const char *name; /* the file, in messages */
	struct sc_err *err;
	size_t lc_off; /* lines are asked for mostly in order: cached */
	unsigned lc_line;
};

/* @s (@n bytes, no NUL needed) stays the caller's; errors go to @err. */
void sc_jsonpos_init(struct sc_jsonpos *t, const char *s, size_t n,
		     const char *name, struct sc_err *err);

/* Sets -EINVAL in the error with the line and column of @off (clamped to
 * the end of the text) and returns it. */
int sc_jsonpos_err(struct sc_jsonpos *t, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* 1-based line of @off. */
unsigned sc_jsonpos_line(struct sc_jsonpos *t, size_t off);

/* @len bytes of @s into @buf for a message: bounded, control bytes and
 * backslashes written as \xNN, "..." when cut. Returns @buf. */
const char *sc_jsonpos_quote(const char *s, size_t len, char *buf, size_t size);

/* First offset from @i that is not JSON whitespace. */
size_t sc_jsonpos_skip_ws(const struct sc_jsonpos *t, size_t i);

/* The text of the value that starts at @off, as written (a number's own
 * digits, a string with its quotes); its length in *@len. */
const char *sc_jsonpos_text(const struct sc_jsonpos *t, size_t off,
			    size_t *len);

/* In the object at @obj, the last key that Go's case-insensitive match
 * takes for @field (Go lets the last one win): 1 with the offset of its
 * value in *@voff and the key decoded, as json-c holds it, in @key; 0 when
 * there is none. */
int sc_jsonpos_find_key(const struct sc_jsonpos *t, size_t obj,
			const char *field, size_t *voff,
			char key[SC_JSONPOS_KEY_MAX]);

/* Offset of element @i of the array at @arr, which must exist; for i > 0,
 * @prev is the offset of element i - 1, so a walk in order is linear. */
size_t sc_jsonpos_elem(const struct sc_jsonpos *t, size_t arr, size_t i,
		       size_t prev);

/* Parses the text with json-c into *@root and its opening '{' offset into
 * *@top. Refuses (-EINVAL, or -ENOMEM, with the error set and *@root NULL)
 * a text that is not one JSON object, and also what json-c's strict mode
 * takes but Go would not: NaN, Infinity, numbers such as 1., 00 or -.5,
 * raw control characters in strings, and keys with \u0000 in them. */
int sc_jsonpos_parse(struct sc_jsonpos *t, struct json_object **root,
		     size_t *top);

#endif
