/* SPDX-License-Identifier: Apache-2.0 */
/* The model back as Docker JSON, in the shape moby's own default.json has
 * (key order, tabs), so that an exported profile diffs cleanly against the
 * one it came from and moby (and sc_json_parse) read it back into the same
 * model: every field that changes what runc does is written, nothing is
 * made up. json-c builds and escapes; numbers go out as unsigned so that
 * 64-bit argument values above INT64_MAX survive. */
#include "write.h"

#include <errno.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>

#include "jsonpos.h"

/* Adds @v under @key, taking it; 0 or -ENOMEM (NULL @v means json-c ran
 * out of memory making it). */
static int put(struct json_object *obj, const char *key, struct json_object *v)
{
	if (!v || json_object_object_add(obj, key, v) < 0) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

static int put_str(struct json_object *obj, const char *key, const char *s)
{
	return put(obj, key, json_object_new_string(s));
}

static int put_u64(struct json_object *obj, const char *key, uint64_t u)
{
	return put(obj, key, json_object_new_uint64(u));
}

/* Moby writes an empty list as null (Go's nil slice). */
static int put_strv(struct json_object *obj, const char *key,
		    const struct sc_strv *sv, bool null_if_empty)
{
	struct json_object *a;

	if (!sv->n && null_if_empty)
		return json_object_object_add(obj, key, NULL) < 0 ? -ENOMEM : 0;
	a = json_object_new_array();
	if (!a)
		return -ENOMEM;
	for (size_t i = 0; i < sv->n; i++) {
		struct json_object *s = json_object_new_string(sv->v[i]);

		if (!s || json_object_array_add(a, s) < 0) {
			json_object_put(s);
			json_object_put(a);
			return -ENOMEM;
		}
	}
	return put(obj, key, a);
}

/* Appends a new object to @arr and returns it (owned by @arr). */
static struct json_object *new_elem(struct json_object *arr)
{
	struct json_object *o = json_object_new_object();

	if (o && json_object_array_add(arr, o) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static bool cond_empty(const struct sc_cond *c)
{
	return !c->arches.n && !c->caps.n && !c->has_min_kernel;
}

/* moby reads "" as kernel 0.0 and refuses "0.0" itself. */
static int put_cond(struct json_object *rule, const char *key,
		    const struct sc_cond *c)
{
	struct json_object *o;
	char kv[16] = "";
	int rc;

	if (cond_empty(c))
		return 0;
	o = json_object_new_object();
	rc = put(rule, key, o);
	if (!rc && c->caps.n)
		rc = put_strv(o, "caps", &c->caps, false);
	if (!rc && c->arches.n)
		rc = put_strv(o, "arches", &c->arches, false);
	if (c->has_min_kernel && (c->min_kernel_major || c->min_kernel_minor))
		snprintf(kv, sizeof(kv), "%u.%u", c->min_kernel_major,
			 c->min_kernel_minor);
	if (!rc && c->has_min_kernel)
		rc = put_str(o, "minKernel", kv);
	return rc;
}

static int put_args(struct json_object *rule, const struct sc_rule *r)
{
	struct json_object *arr, *o;
	int rc;

	if (!r->n_args)
		return 0;
	arr = json_object_new_array();
	rc = put(rule, "args", arr);
	for (size_t i = 0; !rc && i < r->n_args; i++) {
		const struct sc_arg *a = &r->args[i];

		o = new_elem(arr);
		rc = o ? put_u64(o, "index", a->index) : -ENOMEM;
		if (!rc)
			rc = put_u64(o, "value", a->value);
		if (!rc && a->value_two)
			rc = put_u64(o, "valueTwo", a->value_two);
		if (!rc)
			rc = sc_op_name(a->op)
				     ? put_str(o, "op", sc_op_name(a->op))
				     : -EINVAL;
	}
	return rc;
}

/* The names of @r as JSON should list them, in @out: a copy (return 1,
 * the caller frees out->v) or @r's own (0). A syscall group's members
 * libseccomp does not know are left out: the INI compiler skips them
 * without a word (calls newer than libseccomp), while in JSON each would be
 * a warning at every compile, about a name the user never wrote. */
static int rule_names(const struct sc_rule *r, struct sc_strv *out)
{
	*out = r->names;
	if (!r->quiet_unknown)
		return 0;
	out->v = calloc(r->names.n + 1, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;
	out->n = 0;
	for (size_t i = 0; i < r->names.n; i++)
		if (seccomp_syscall_resolve_name(r->names.v[i]) !=
		    __NR_SCMP_ERROR)
			out->v[out->n++] = r->names.v[i];
	return 1;
}

static int put_rule(struct json_object *arr, const struct sc_rule *r)
{
	struct sc_strv names;
	struct json_object *o = NULL;
	const char *act = sc_action_name(r->action);
	int rc, owned;

	if (!act)
		return -EINVAL;
	owned = rule_names(r, &names);
	if (owned < 0)
		return owned;
	/* A group none of whose members this libseccomp knows: no rule. */
	if (owned && !names.n)
		rc = 0;
	else if ((o = new_elem(arr)))
		rc = put_strv(o, "names", &names, false);
	else
		rc = -ENOMEM;
	if (owned)
		free(names.v);
	if (!o)
		return rc;
	if (!rc)
		rc = put_str(o, "action", act);
	if (!rc && r->has_errno)
		rc = put_u64(o, "errnoRet", r->errno_ret);
	if (!rc)
		rc = put_args(o, r);
	if (!rc && r->comment)
		rc = put_str(o, "comment", r->comment);
	if (!rc)
		rc = put_cond(o, "includes", &r->includes);
	if (!rc)
		rc = put_cond(o, "excludes", &r->excludes);
	return rc;
}

static int put_archmap(struct json_object *top, const struct sc_profile *p)
{
	struct json_object *arr, *o;
	int rc;

	if (!p->n_archmap)
		return 0;
	arr = json_object_new_array();
	rc = put(top, "archMap", arr);
	for (size_t i = 0; !rc && i < p->n_archmap; i++) {
		const struct sc_archmap *m = &p->archmap[i];

		o = new_elem(arr);
		rc = o ? put_str(o, "architecture", m->arch ? m->arch : "")
		       : -ENOMEM;
		if (!rc)
			rc = put_strv(o, "subArchitectures", &m->sub, true);
	}
	return rc;
}

static int put_top(struct json_object *top, const struct sc_profile *p)
{
	struct json_object *arr;
	int rc;

	if (!p->has_default || !sc_action_name(p->default_action))
		return -EINVAL;
	rc = put_str(top, "defaultAction", sc_action_name(p->default_action));
	if (!rc && p->has_default_errno)
		rc = put_u64(top, "defaultErrnoRet", p->default_errno);
	if (!rc && p->listener_path)
		rc = put_str(top, "listenerPath", p->listener_path);
	if (!rc && p->listener_metadata)
		rc = put_str(top, "listenerMetadata", p->listener_metadata);
	if (!rc && p->arches.n)
		rc = put_strv(top, "architectures", &p->arches, false);
	if (!rc && p->has_flags)
		rc = put_strv(top, "flags", &p->flags, false);
	if (!rc)
		rc = put_archmap(top, p);
	if (rc)
		return rc;
	arr = json_object_new_array();
	rc = put(top, "syscalls", arr);
	for (size_t i = 0; !rc && i < p->n_rules; i++)
		rc = put_rule(arr, &p->rules[i]);
	return rc;
}

int sc_write_json(const struct sc_profile *p, FILE *out)
{
	_cleanup_json_ struct json_object *top = json_object_new_object();
	const char *text;
	int rc;

	if (!top)
		return -ENOMEM;
	rc = put_top(top, p);
	if (rc)
		return rc;
	text = json_object_to_json_string_ext(
		top, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_PRETTY_TAB |
			     JSON_C_TO_STRING_SPACED |
			     JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		return -ENOMEM;
	if (fputs(text, out) == EOF || fputc('\n', out) == EOF)
		return -EIO;
	return 0;
}
