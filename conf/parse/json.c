/* SPDX-License-Identifier: Apache-2.0 */
/* Docker seccomp profiles (JSON) into struct sc_profile, read as moby reads
 * them (Go's encoding/json into its Seccomp type) and checked as runc 1.1
 * checks them, so that syscage accepts what Docker accepts, meaning the same.
 * Which text is JSON, and where in it each value is, is jsonpos.c's
 * business, so that this file is only about meaning: each field's name,
 * type and range, and what runc refuses, with Docker's words for it. */
#include "json.h"

#include "arch.h"
#include "jsonpos.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_IDX ((size_t)-1)

struct jctx {
	struct sc_jsonpos t;
	char path[160]; /* "syscalls[3].args[0]": what messages name */
};

/* A json-c value and where its text starts. */
struct jval {
	struct json_object *o; /* NULL for null */
	size_t off;
};

static int __attribute__((format(printf, 4, 5)))
jerr(struct jctx *c, size_t off, const char *key, const char *fmt, ...)
{
	char msg[SC_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sc_jsonpos_err(&c->t, off, "%s%s%s%s%s", c->path,
			      c->path[0] && key ? "." : "", key ? key : "",
			      c->path[0] || key ? ": " : "", msg);
}

static int oom(struct jctx *c)
{
	return sc_err_oom(c->t.err);
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

/* A field of @obj as Go finds it; null counts as absent. */
static int field(struct jctx *c, struct jval obj, const char *name,
		 struct jval *v)
{
	char key[SC_JSONPOS_KEY_MAX];

	if (!sc_jsonpos_find_key(&c->t, obj.off, name, &v->off, key))
		return 0;
	return json_object_object_get_ex(obj.o, key, &v->o) && v->o;
}

/* Element @i of array @arr, taken in order: @pos keeps the scanner's
 * place. */
static int elem(struct jctx *c, struct jval arr, size_t i, size_t *pos,
		struct jval *v)
{
	if (i >= json_object_array_length(arr.o))
		return 0;
	*pos = v->off = sc_jsonpos_elem(&c->t, arr.off, i, *pos);
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
	const char *s;
	size_t i, len;
	uint64_t u = 0, d;
	int over = 0, rc = get(c, obj, key, json_type_int, "a number", &v);

	if (rc <= 0)
		return rc;
	s = sc_jsonpos_text(&c->t, v.off, &len);
	sc_jsonpos_quote(s, len, q, sizeof(q));
	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		d = (uint64_t)(s[i] - '0');
		over |= u > (UINT64_MAX - d) / 10;
		u = u * 10 + d;
	}
	if (i != len || i == 0)
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
		sc_jsonpos_quote(s, strlen(s), q, sizeof(q)));
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
		"unknown flag \"%s\" (syscage takes SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW)",
		sc_jsonpos_quote(s, strlen(s), q, sizeof(q)));
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
		    sc_jsonpos_quote(s, strlen(s), q, sizeof(q)), list);
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
	const char *text;
	char q[80];
	size_t len;

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
	text = sc_jsonpos_text(&c->t, v.off, &len);
	sc_jsonpos_quote(text, len, q, sizeof(q));
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

	r->line = sc_jsonpos_line(&c->t, v.off);
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
		r->lax_names = true; /* Docker skips names it does not know */
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
	p->default_line = sc_jsonpos_line(&c->t, off);
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

int sc_json_parse(const char *buf, size_t len, const char *name,
		  struct sc_profile **out, struct sc_err *err)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	_cleanup_json_ struct json_object *root = NULL;
	struct jctx c = { .path = "" };
	size_t top;
	int rc;

	*out = NULL;
	sc_jsonpos_init(&c.t, buf ? buf : "", buf ? len : 0, name ? name : "",
			err);
	rc = sc_jsonpos_parse(&c.t, &root, &top);
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
