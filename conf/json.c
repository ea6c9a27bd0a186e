/* Docker seccomp profiles (JSON) into struct sc_profile, read as moby reads
 * them (Go's encoding/json into its Seccomp type) and checked as runc 1.1
 * checks them, so that syscage accepts what Docker accepts, meaning the same.
 * json-c parses, but keeps no positions and tells keys apart by exact
 * spelling, so a small scanner over the raw text finds where each value
 * starts and which of several keys Go would take. */
#include "json.h"

#include "arch.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_DEPTH 64 /* profiles nest five deep: this only stops abuse */
#define KEY_MAX 64 /* a decoded field name: 16 characters of <= 3 bytes */
#define NO_IDX ((size_t)-1)

struct jctx {
	const char *s;
	size_t n;
	const char *name;
	struct sc_err *err;
	char path[160]; /* "syscalls[3].args[0]": what messages name */
	size_t lc_off; /* lines are asked for mostly in order: cached */
	unsigned lc_line;
};

/* A json-c value and where its text starts. */
struct jval {
	struct json_object *o; /* NULL for null */
	size_t off;
};

static void json_putp(struct json_object **o)
{
	json_object_put(*o);
}

#define _cleanup_json_ __attribute__((cleanup(json_putp)))

static unsigned line_of(struct jctx *c, size_t off)
{
	if (off > c->n)
		off = c->n;
	if (off < c->lc_off) {
		c->lc_off = 0;
		c->lc_line = 1;
	}
	for (; c->lc_off < off; c->lc_off++)
		if (c->s[c->lc_off] == '\n')
			c->lc_line++;
	return c->lc_line;
}

/* Columns count characters, not bytes, as editors do. */
static unsigned col_of(const struct jctx *c, size_t off)
{
	unsigned col = 1;

	while (off > 0 && c->s[off - 1] != '\n')
		if (((unsigned char)c->s[--off] & 0xc0) != 0x80)
			col++;
	return col;
}

/* Text from the file goes into messages bounded, and with nothing in it
 * that a terminal would act on. */
static const char *quote(const char *s, size_t len, char *buf, size_t size)
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

static int __attribute__((format(printf, 4, 5)))
jerr(struct jctx *c, size_t off, const char *key, const char *fmt, ...)
{
	char msg[SC_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	off = off > c->n ? c->n : off;
	return sc_err_set(c->err, -EINVAL, c->name, line_of(c, off),
			  col_of(c, off), "%s%s%s%s%s", c->path,
			  c->path[0] && key ? "." : "", key ? key : "",
			  c->path[0] || key ? ": " : "", msg);
}

static int oom(struct jctx *c)
{
	return sc_err_set(c->err, -ENOMEM, c->name, 0, 0, "out of memory");
}

static size_t path_push(struct jctx *c, const char *key, size_t idx)
{
	size_t mark = strlen(c->path);
	char *at = c->path + mark;
	size_t room = sizeof(c->path) - mark;

	if (idx == NO_IDX)
		snprintf(at, room, "%s%s", mark ? "." : "", key);
	else
		snprintf(at, room, "%s%s[%zu]", mark ? "." : "", key, idx);
	return mark;
}

static void path_pop(struct jctx *c, size_t mark)
{
	c->path[mark] = '\0';
}

static int is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static size_t skip_ws(const struct jctx *c, size_t i)
{
	while (i < c->n && is_ws(c->s[i]))
		i++;
	return i;
}

/* From an opening quote to past the closing one. */
static size_t skip_str(const struct jctx *c, size_t i)
{
	for (i++; i < c->n; i++) {
		if (c->s[i] == '\\')
			i++;
		else if (c->s[i] == '"')
			return i + 1;
	}
	return c->n;
}

/* Containers are skipped by counting brackets: deep input costs no stack. */
static size_t skip_value(const struct jctx *c, size_t i)
{
	size_t depth = 0;

	while (i < c->n) {
		char ch = c->s[i];

		if (ch == '"') {
			i = skip_str(c, i);
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
	return c->n;
}

/* Next character of a string body, or -1 at its end. Escapes other than
 * \u never spell a letter, so they read as 0. */
static long next_rune(const struct jctx *c, size_t *ip)
{
	const unsigned char *s = (const unsigned char *)c->s;
	size_t i = *ip, len = 1;
	long r = 0;

	if (i >= c->n || s[i] == '"')
		return -1;
	if (s[i] == '\\') {
		*ip = i + 2;
		if (i + 6 > c->n || s[i + 1] != 'u')
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
	for (size_t k = 1; k < len && i + k < c->n; k++)
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
static int key_match(const struct jctx *c, size_t i, const char *field,
		     char *out)
{
	size_t o = 0;
	long r;

	for (i++; *field; field++) {
		r = next_rune(c, &i);
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
	return next_rune(c, &i) == -1;
}

/* The value of the last key in the object at @off that folds to @field:
 * Go lets the last one win. */
static int find_key(const struct jctx *c, size_t off, const char *field,
		    size_t *voff, char *key)
{
	char tmp[KEY_MAX];
	size_t i = skip_ws(c, off + 1), k;
	int found = 0;

	while (i < c->n && c->s[i] == '"') {
		k = i;
		i = skip_ws(c, skip_str(c, i));
		i = skip_ws(c, i + 1); /* the ':' */
		if (key_match(c, k, field, tmp)) {
			found = 1;
			*voff = i;
			memcpy(key, tmp, sizeof(tmp));
		}
		i = skip_ws(c, skip_value(c, i));
		if (i < c->n && c->s[i] == ',')
			i = skip_ws(c, i + 1);
	}
	return found;
}

/* A field of @obj as Go finds it; null counts as absent. */
static int field(struct jctx *c, struct jval obj, const char *name,
		 struct jval *v)
{
	char key[KEY_MAX];

	if (!find_key(c, obj.off, name, &v->off, key))
		return 0;
	return json_object_object_get_ex(obj.o, key, &v->o) && v->o;
}

/* Element @i of array @arr, taken in order: @pos keeps the scanner's
 * place. */
static int elem(struct jctx *c, struct jval arr, size_t i, size_t *pos,
		struct jval *v)
{
	size_t p = skip_ws(c, arr.off + 1);

	if (i >= json_object_array_length(arr.o))
		return 0;
	if (i > 0) {
		p = skip_ws(c, skip_value(c, *pos));
		if (p < c->n && c->s[p] == ',')
			p = skip_ws(c, p + 1);
	}
	*pos = v->off = p;
	v->o = json_object_array_get_idx(arr.o, i);
	return 1;
}

static int want(struct jctx *c, struct jval v, const char *key,
		enum json_type t, const char *what)
{
	static const char *const names[] = {
		[json_type_null] = "null",
		[json_type_boolean] = "a boolean",
		[json_type_double] = "a number",
		[json_type_int] = "a number",
		[json_type_object] = "an object",
		[json_type_array] = "an array",
		[json_type_string] = "a string",
	};
	enum json_type got = json_object_get_type(v.o);

	if (got == t || (t == json_type_int && got == json_type_double))
		return 0;
	return jerr(c, v.off, key, "expected %s, got %s", what, names[got]);
}

/* 1 when @key is there with type @t, 0 when absent or null, or an error. */
static int get(struct jctx *c, struct jval obj, const char *key,
	       enum json_type t, const char *what, struct jval *v)
{
	if (!field(c, obj, key, v))
		return 0;
	return want(c, *v, key, t, what) ?: 1;
}

static int str_of(struct jctx *c, struct jval v, const char *key,
		  const char **s)
{
	int rc = want(c, v, key, json_type_string, "a string");

	if (rc)
		return rc;
	*s = json_object_get_string(v.o);
	/* The model holds C strings, which would end early. */
	if (strlen(*s) != (size_t)json_object_get_string_len(v.o))
		return jerr(c, v.off, key,
			    "\\u0000 in a string is not supported");
	return 0;
}

/* *@s is NULL when absent; it lives as long as the json-c tree. */
static int get_str(struct jctx *c, struct jval obj, const char *key,
		   const char **s, size_t *off)
{
	struct jval v;

	*s = NULL;
	if (!field(c, obj, key, &v))
		return 0;
	*off = v.off;
	return str_of(c, v, key, s);
}

static int dup_str(struct jctx *c, struct jval obj, const char *key, char **out)
{
	const char *s;
	size_t off;
	int rc = get_str(c, obj, key, &s, &off);

	if (rc || !s)
		return rc;
	*out = strdup(s);
	return *out ? 0 : oom(c);
}

/* Go reads unsigned fields with strconv.ParseUint on the literal, so only
 * digits will do; json-c clamps or rounds big numbers, so the text is read
 * again. 1 when set, 0 when absent, or an error. */
static int get_u64(struct jctx *c, struct jval obj, const char *key,
		   uint64_t max, uint64_t *out)
{
	struct jval v;
	char q[80];
	size_t i, end;
	uint64_t u = 0, d;
	int over = 0, rc = get(c, obj, key, json_type_int, "a number", &v);

	if (rc <= 0)
		return rc;
	end = skip_value(c, v.off);
	quote(c->s + v.off, end - v.off, q, sizeof(q));
	for (i = v.off; i < end && c->s[i] >= '0' && c->s[i] <= '9'; i++) {
		d = (uint64_t)(c->s[i] - '0');
		over |= u > (UINT64_MAX - d) / 10;
		u = u * 10 + d;
	}
	if (i != end || i == v.off)
		return jerr(c, v.off, key, "%s is not an unsigned integer", q);
	if (over || u > max)
		return jerr(c, v.off, key, "%s is out of range 0..%llu", q,
			    (unsigned long long)max);
	*out = u;
	return 1;
}

typedef int (*check_fn)(struct jctx *c, size_t off, const char *s);

/* An array of strings; a null element is Go's "". */
static int get_strv(struct jctx *c, struct jval obj, const char *key,
		    struct sc_strv *sv, bool *has, check_fn check)
{
	struct jval arr, v;
	size_t pos = 0, mark;
	int rc = get(c, obj, key, json_type_array, "an array of strings", &arr);

	if (has)
		*has = rc > 0;
	for (size_t i = 0; rc > 0 && elem(c, arr, i, &pos, &v); i++) {
		const char *s = "";

		mark = path_push(c, key, i);
		rc = v.o ? str_of(c, v, NULL, &s) : 0;
		if (!rc && check)
			rc = check(c, v.off, s);
		if (!rc)
			rc = sc_strv_add(sv, s, strlen(s)) ? oom(c) : 1;
		path_pop(c, mark);
	}
	return rc < 0 ? rc : 0;
}

static int check_arch(struct jctx *c, size_t off, const char *s)
{
	char q[80];

	if (sc_arch_by_docker(s))
		return 0;
	return jerr(
		c, off, NULL,
		"unknown architecture \"%s\" (runc 1.1 knows SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32, SCMP_ARCH_AARCH64, SCMP_ARCH_ARM, SCMP_ARCH_S390X, ...)",
		quote(s, strlen(s), q, sizeof(q)));
}

static int check_flag(struct jctx *c, size_t off, const char *s)
{
	char q[80];

	if (!strcmp(s, "SECCOMP_FILTER_FLAG_TSYNC") ||
	    !strcmp(s, "SECCOMP_FILTER_FLAG_LOG") ||
	    !strcmp(s, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"))
		return 0;
	return jerr(
		c, off, NULL,
		"unknown flag \"%s\" (runc 1.1 accepts SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG and SECCOMP_FILTER_FLAG_SPEC_ALLOW)",
		quote(s, strlen(s), q, sizeof(q)));
}

/* An action (or with @is_op an operator) by name: its value, or an error
 * that lists the names runc knows. */
static int lookup(struct jctx *c, const char *s, size_t off, const char *key,
		  int is_op)
{
	char q[80], list[256] = "";
	const char *name;
	size_t o = 0;
	int v = !s ? -1 : is_op ? sc_op_from_name(s) : sc_action_from_name(s);

	if (v >= 0)
		return v;
	for (int i = 0; o < sizeof(list); i++) {
		name = is_op ? sc_op_name(i) : sc_action_name(i);
		if (!name)
			break;
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				      i ? ", " : "", name);
	}
	if (!s)
		return jerr(c, off, NULL, "missing \"%s\" (one of %s)", key,
			    list);
	return jerr(c, off, key, "unknown %s \"%s\" (expected one of %s)",
		    is_op ? "operator" : "action",
		    quote(s, strlen(s), q, sizeof(q)), list);
}

static int parse_arg(struct jctx *c, struct jval v, struct sc_arg *a)
{
	uint64_t idx = 0;
	const char *op;
	size_t off = v.off;
	int rc;

	rc = want(c, v, NULL, json_type_object,
		  "an object with \"index\", \"value\", \"valueTwo\", \"op\"");
	if (!rc)
		rc = get_u64(c, v, "index", SC_ARGS_MAX - 1, &idx);
	if (rc >= 0)
		rc = get_u64(c, v, "value", UINT64_MAX, &a->value);
	if (rc >= 0)
		rc = get_u64(c, v, "valueTwo", UINT64_MAX, &a->value_two);
	if (rc >= 0)
		rc = get_str(c, v, "op", &op, &off);
	if (rc < 0)
		return rc;
	a->index = (unsigned)idx;
	rc = lookup(c, op, off, "op", 1);
	if (rc < 0)
		return rc;
	a->op = (enum sc_op)rc;
	return 0;
}

static int parse_args(struct jctx *c, struct jval rule, struct sc_rule *r)
{
	struct jval arr, v;
	size_t pos = 0, mark, n;
	int rc = get(c, rule, "args", json_type_array, "an array of objects",
		     &arr);

	if (rc <= 0)
		return rc;
	n = json_object_array_length(arr.o);
	r->args = calloc(n ? n : 1, sizeof(*r->args));
	if (!r->args)
		return oom(c);
	r->n_args = n;
	for (size_t i = 0; rc >= 0 && elem(c, arr, i, &pos, &v); i++) {
		mark = path_push(c, "args", i);
		rc = parse_arg(c, v, &r->args[i]);
		path_pop(c, mark);
	}
	return rc < 0 ? rc : 0;
}

/* strconv.ParseUint(part, 10, 8) of both parts of "<kernel>.<major>". */
static int kernel_version(const char *s, unsigned long *maj, unsigned long *min)
{
	size_t a = strspn(s, "0123456789"), b;

	if (!a || s[a] != '.')
		return 0;
	b = strspn(s + a + 1, "0123456789");
	if (!b || s[a + 1 + b])
		return 0;
	*maj = strtoul(s, NULL, 10);
	*min = strtoul(s + a + 1, NULL, 10);
	return *maj <= 255 && *min <= 255;
}

/* moby's KernelVersion; it reads "" as 0.0, which every kernel meets, so
 * that an "excludes" with it drops the rule in Docker: "" is kept as 0.0,
 * not as absent. */
static int min_kernel(struct jctx *c, struct jval v, struct sc_cond *cd)
{
	const char *s = "";
	unsigned long maj = 0, min = 0;
	int valid = 0;
	char q[80];

	if (json_object_is_type(v.o, json_type_string)) {
		s = json_object_get_string(v.o);
		valid = strlen(s) == (size_t)json_object_get_string_len(v.o) &&
			(!*s || kernel_version(s, &maj, &min));
	}
	if (valid && (!*s || maj || min)) {
		cd->has_min_kernel = true;
		cd->min_kernel_major = (unsigned)maj;
		cd->min_kernel_minor = (unsigned)min;
		return 0;
	}
	quote(c->s + v.off, skip_value(c, v.off) - v.off, q, sizeof(q));
	return jerr(
		c, v.off, "minKernel",
		"invalid kernel version: %s, expected \"<kernel>.<major>\"%s",
		q, valid ? ": version cannot be 0.0" : "");
}

static int parse_cond(struct jctx *c, struct jval rule, const char *key,
		      struct sc_cond *cd)
{
	struct jval v, mk;
	size_t mark;
	int rc = get(c, rule, key, json_type_object, "an object", &v);

	if (rc <= 0)
		return rc;
	mark = path_push(c, key, NO_IDX);
	rc = get_strv(c, v, "arches", &cd->arches, NULL, NULL);
	if (!rc)
		rc = get_strv(c, v, "caps", &cd->caps, NULL, NULL);
	if (!rc && field(c, v, "minKernel", &mk))
		rc = min_kernel(c, mk, cd);
	path_pop(c, mark);
	return rc;
}

static int parse_rule(struct jctx *c, struct jval v, struct sc_rule *r)
{
	const char *name, *act;
	size_t name_off = v.off, act_off = v.off;
	uint64_t u = 0;
	int rc;

	r->line = line_of(c, v.off);
	rc = get_strv(c, v, "names", &r->names, NULL, NULL);
	if (!rc)
		rc = get_str(c, v, "name", &name, &name_off);
	if (!rc)
		rc = get_str(c, v, "action", &act, &act_off);
	if (rc)
		return rc;
	if (name && *name && r->names.n)
		return jerr(
			c, name_off, "name",
			"both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
	if (name && *name && sc_strv_add(&r->names, name, strlen(name)))
		return oom(c);
	rc = lookup(c, act, act_off, "action", 0);
	if (rc < 0)
		return rc;
	r->action = (enum sc_action)rc;
	rc = get_u64(c, v, "errnoRet", UINT32_MAX, &u);
	r->has_errno = rc > 0;
	r->errno_ret = (uint32_t)u;
	if (rc >= 0)
		rc = parse_args(c, v, r);
	if (!rc)
		rc = dup_str(c, v, "comment", &r->comment);
	if (!rc)
		rc = parse_cond(c, v, "includes", &r->includes);
	if (!rc)
		rc = parse_cond(c, v, "excludes", &r->excludes);
	return rc;
}

static int parse_rules(struct jctx *c, struct jval arr, struct sc_profile *p)
{
	struct jval v;
	struct sc_rule *r;
	size_t pos = 0, mark;
	int rc = 0;

	for (size_t i = 0; !rc && elem(c, arr, i, &pos, &v); i++) {
		r = sc_profile_add_rule(p);
		if (!r)
			return oom(c);
		mark = path_push(c, "syscalls", i);
		rc = want(c, v, NULL, json_type_object, "a rule (an object)");
		if (!rc)
			rc = parse_rule(c, v, r);
		path_pop(c, mark);
	}
	return rc;
}

/* Entries are kept raw: moby only looks at the native architecture's. */
static int parse_archmap(struct jctx *c, struct jval am, struct sc_profile *p)
{
	struct jval v;
	const char *s;
	size_t pos = 0, mark, off, n = json_object_array_length(am.o);
	int rc = 0;

	p->archmap = calloc(n ? n : 1, sizeof(*p->archmap));
	if (!p->archmap)
		return oom(c);
	p->n_archmap = n;
	for (size_t i = 0; !rc && elem(c, am, i, &pos, &v); i++) {
		struct sc_archmap *e = &p->archmap[i];

		mark = path_push(c, "archMap", i);
		s = NULL;
		/* null is Go's zero entry, which matches no architecture */
		if (v.o)
			rc = want(c, v, NULL, json_type_object, "an object");
		if (!rc && v.o)
			rc = get_str(c, v, "architecture", &s, &off);
		if (!rc && v.o)
			rc = get_strv(c, v, "subArchitectures", &e->sub, NULL,
				      NULL);
		e->arch = strdup(s ? s : "");
		if (!rc && !e->arch)
			rc = oom(c);
		path_pop(c, mark);
	}
	return rc;
}

static int parse_arches(struct jctx *c, struct jval top, struct sc_profile *p)
{
	struct jval a, am;
	int has_a, rc;

	has_a = get(c, top, "architectures", json_type_array,
		    "an array of strings", &a);
	rc = get(c, top, "archMap", json_type_array, "an array of objects",
		 &am);
	if (has_a < 0 || rc < 0)
		return has_a < 0 ? has_a : rc;
	if (has_a && rc && json_object_array_length(a.o) &&
	    json_object_array_length(am.o))
		return jerr(
			c, am.off, "archMap",
			"both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
	if (rc)
		rc = parse_archmap(c, am, p);
	if (!rc)
		rc = get_strv(c, top, "architectures", &p->arches, NULL,
			      check_arch);
	return rc;
}

static int parse_default(struct jctx *c, struct jval top, struct sc_profile *p,
			 size_t n_rules)
{
	const char *s;
	size_t off = top.off;
	uint64_t u = 0;
	int rc = get_str(c, top, "defaultAction", &s, &off);

	if (rc)
		return rc;
	if ((!s || !*s) && !n_rules)
		return jerr(
			c, off, NULL,
			"no \"defaultAction\" and no \"syscalls\": Docker runs such a profile with no seccomp filter at all, and syscage refuses to run unconfined (write \"defaultAction\": \"SCMP_ACT_ALLOW\" to do so deliberately)");
	if (!s || !*s)
		return jerr(
			c, off, "defaultAction",
			"invalid default action: it is missing or empty (e.g. \"defaultAction\": \"SCMP_ACT_ERRNO\")");
	rc = lookup(c, s, off, "defaultAction", 0);
	if (rc < 0)
		return rc;
	p->has_default = true;
	p->default_action = (enum sc_action)rc;
	p->default_line = line_of(c, off);
	rc = get_u64(c, top, "defaultErrnoRet", UINT32_MAX, &u);
	p->has_default_errno = rc > 0;
	p->default_errno = (uint32_t)u;
	return rc < 0 ? rc : 0;
}

static int parse_top(struct jctx *c, struct jval top, struct sc_profile *p)
{
	struct jval rules;
	int rc = get(c, top, "syscalls", json_type_array, "an array of rules",
		     &rules);
	size_t n = rc > 0 ? json_object_array_length(rules.o) : 0;

	if (rc >= 0)
		rc = parse_default(c, top, p, n);
	if (!rc)
		rc = parse_arches(c, top, p);
	if (!rc)
		rc = get_strv(c, top, "flags", &p->flags, &p->has_flags,
			      check_flag);
	if (!rc)
		rc = dup_str(c, top, "listenerPath", &p->listener_path);
	if (!rc)
		rc = dup_str(c, top, "listenerMetadata", &p->listener_metadata);
	if (!rc && n)
		rc = parse_rules(c, rules, p);
	return rc;
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
static int strict_str(struct jctx *c, size_t *ip)
{
	size_t start = *ip, i;
	int nul = 0;

	for (i = start + 1; i < c->n && c->s[i] != '"'; i++) {
		if ((unsigned char)c->s[i] < 0x20)
			return jerr(
				c, i, NULL,
				"control character 0x%02x in a string (write it as \\u%04x)",
				(unsigned)c->s[i], (unsigned)c->s[i]);
		if (c->s[i] == '\\' && ++i + 4 < c->n && c->s[i] == 'u')
			nul |= !memcmp(c->s + i + 1, "0000", 4);
	}
	*ip = i + 1;
	i = skip_ws(c, *ip);
	if (nul && i < c->n && c->s[i] == ':')
		return jerr(c, start, NULL,
			    "a key with \\u0000 in it is not supported");
	return 0;
}

/* json-c's strict mode still takes NaN, Infinity and "1."; Go does not,
 * so neither does Docker. */
static int go_strict(struct jctx *c)
{
	char q[80];
	size_t i = 0, j;
	int rc;

	while (i < c->n) {
		if (c->s[i] == '"') {
			rc = strict_str(c, &i);
			if (rc)
				return rc;
			continue;
		}
		for (j = i; j < c->n && !is_ws(c->s[j]) &&
			    !memchr("{}[]:,\"", c->s[j], 7);
		     j++)
			;
		if (j > i && !is_literal(c->s + i, j - i))
			return jerr(c, i, NULL, "invalid JSON value %s",
				    quote(c->s + i, j - i, q, sizeof(q)));
		i = j > i ? j : i + 1;
	}
	return 0;
}

static int json_load(struct jctx *c, struct json_object **root, size_t top)
{
	struct json_tokener *tok;
	enum json_tokener_error e;
	size_t end;

	if (c->s[top] != '{')
		return jerr(c, top, NULL, "the top level must be an object");
	if (c->n > INT_MAX)
		return jerr(c, 0, NULL, "file too large for a profile");
	tok = json_tokener_new_ex(JSON_DEPTH);
	if (!tok)
		return oom(c);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					    JSON_TOKENER_VALIDATE_UTF8);
	*root = json_tokener_parse_ex(tok, c->s, (int)c->n);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (e == json_tokener_continue)
		return jerr(
			c, c->n, NULL,
			"unexpected end of file: an object, array or string is not closed");
	if (e != json_tokener_success || !*root)
		return jerr(c, end, NULL, "invalid JSON: %s",
			    json_tokener_error_desc(e));
	end = skip_ws(c, end);
	if (end != c->n)
		return jerr(c, end, NULL,
			    "unexpected text after the top-level object");
	return go_strict(c);
}

int sc_json_parse(const char *buf, size_t len, const char *name,
		  struct sc_profile **out, struct sc_err *err)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	_cleanup_json_ struct json_object *root = NULL;
	struct jctx c = { .s = buf ? buf : "",
			  .n = buf ? len : 0,
			  .name = name ? name : "",
			  .err = err,
			  .lc_line = 1 };
	const char *nul = memchr(c.s, '\0', c.n);
	size_t top = skip_ws(&c, 0);
	int rc;

	*out = NULL;
	if (nul)
		return jerr(&c, (size_t)(nul - c.s), NULL,
			    "NUL byte: a profile is JSON text");
	if (top == c.n)
		return jerr(
			&c, top, NULL,
			"empty file: a profile is a JSON object such as {\"defaultAction\": \"SCMP_ACT_ERRNO\"}");
	rc = json_load(&c, &root, top);
	if (rc)
		return rc;
	p = sc_profile_new(name);
	if (!p)
		return oom(&c);
	rc = parse_top(&c, (struct jval){ root, top }, p);
	if (rc)
		return rc;
	*out = p;
	p = NULL;
	return 0;
}
