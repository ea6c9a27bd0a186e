/* SPDX-License-Identifier: Apache-2.0 */
/* See lint_keys.h. moby decodes with Go's encoding/json: it matches keys
 * case-insensitively ("defaultaction" is defaultAction) and skips every
 * other key. Each level of the profile has its own known keys. */
#include "lint_keys.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "suggest.h"
#include "util.h"

static const char *const top_keys[] = {
	"defaultAction", "defaultErrnoRet", "architectures", "archMap",
	"syscalls",	 "flags",	    "listenerPath",  "listenerMetadata",
};
static const char *const rule_keys[] = {
	"name", "names",   "action",   "errnoRet",
	"args", "comment", "includes", "excludes",
};
static const char *const arg_keys[] = { "index", "value", "valueTwo", "op" };
static const char *const cond_keys[] = { "arches", "caps", "minKernel" };
static const char *const map_keys[] = { "architecture", "subArchitectures" };

struct keys_ctx {
	const char *text;
	size_t len;
	void (*say)(void *data, unsigned line, const char *msg);
	void *data;
};

/* The line of the first "KEY" in the text: enough to point at it. */
static unsigned line_of(const struct keys_ctx *c, const char *key)
{
	char q[80];
	const char *hit;
	unsigned line = 1;

	snprintf(q, sizeof(q), "\"%s\"", key);
	hit = memmem(c->text, c->len, q, strlen(q));
	if (!hit)
		return 0;
	for (const char *s = c->text; s < hit; s++)
		line += *s == '\n';
	return line;
}

static bool known(const char *key, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(key, keys[i]) == 0)
			return true;
	return false;
}

static void check_obj(const struct keys_ctx *c, json_object *o,
		      const char *const *keys, size_t n, const char *where)
{
	char msg[320];

	if (!json_object_is_type(o, json_type_object))
		return;
	json_object_object_foreach(o, key, val)
	{
		const char *near = sc_suggest(key, keys, n);

		(void)val;
		if (known(key, keys, n))
			continue;
		if (near && strcmp(near, "args") == 0)
			snprintf(msg, sizeof(msg),
				 "\"%s\" in %s is ignored, as Docker ignores "
				 "it: the rule holds whatever the arguments; "
				 "did you mean \"args\"?",
				 key, where);
		else if (near)
			snprintf(msg, sizeof(msg),
				 "\"%s\" in %s is ignored, as Docker ignores "
				 "it; did you mean \"%s\"?",
				 key, where, near);
		else
			snprintf(msg, sizeof(msg),
				 "\"%s\" in %s is ignored, as Docker ignores "
				 "it",
				 key, where);
		c->say(c->data, line_of(c, key), msg);
	}
}

static void check_each(const struct keys_ctx *c, json_object *a,
		       const char *const *keys, size_t n, const char *where)
{
	if (!json_object_is_type(a, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(a); i++)
		check_obj(c, json_object_array_get_idx(a, i), keys, n, where);
}

static json_object *field(json_object *o, const char *key)
{
	json_object_object_foreach(o, k, v)
	{
		if (strcasecmp(k, key) == 0)
			return v;
	}
	return NULL;
}

static void check_rule(const struct keys_ctx *c, json_object *r)
{
	if (!json_object_is_type(r, json_type_object))
		return;
	check_obj(c, r, rule_keys, SC_ARRAY_SIZE(rule_keys), "a rule");
	check_each(c, field(r, "args"), arg_keys, SC_ARRAY_SIZE(arg_keys),
		   "an argument");
	check_obj(c, field(r, "includes"), cond_keys, SC_ARRAY_SIZE(cond_keys),
		  "\"includes\"");
	check_obj(c, field(r, "excludes"), cond_keys, SC_ARRAY_SIZE(cond_keys),
		  "\"excludes\"");
}

void sc_lint_json_keys(const char *text, size_t len,
		       void (*say)(void *data, unsigned line, const char *msg),
		       void *data)
{
	struct keys_ctx c = { text, len, say, data };
	json_tokener *tok;
	json_object *top, *rules;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (len == 0 || len > (size_t)1 << 30 || !(tok = json_tokener_new()))
		return;
	top = json_tokener_parse_ex(tok, text, (int)len);
	json_tokener_free(tok);
	if (!json_object_is_type(top, json_type_object)) {
		json_object_put(top);
		return;
	}
	check_obj(&c, top, top_keys, SC_ARRAY_SIZE(top_keys), "the profile");
	check_each(&c, field(top, "archMap"), map_keys, SC_ARRAY_SIZE(map_keys),
		   "\"archMap\"");
	rules = field(top, "syscalls");
	if (json_object_is_type(rules, json_type_array))
		for (size_t i = 0; i < json_object_array_length(rules); i++)
			check_rule(&c, json_object_array_get_idx(rules, i));
	json_object_put(top);
}
