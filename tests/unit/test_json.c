/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of conf/parse/json.c: every field, every action and operator, Go's
 * key matching, every error class with its position, and the real profiles
 * of tests/data/profiles (or $SC_PROFILES_DIR). Run from the repo root. */
#include "../tap.h"
#include "json.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

/* The tests write JSON with ' for ", which no test needs literally. */
static char *dq(const char *s)
{
	char *d = strdup(s);

	for (char *p = d; p && *p; p++)
		if (*p == '\'')
			*p = '"';
	return d;
}

static struct sc_profile *parse_n(const char *text, size_t len, int *rc,
				  struct sc_err *err)
{
	struct sc_profile *p = (struct sc_profile *)1;

	memset(err, 0, sizeof(*err));
	*rc = sc_json_parse(text, len, "t.json", &p, err);
	return p;
}

static struct sc_profile *good(const char *json, const char *what)
{
	struct sc_err err;
	char *text = dq(json);
	int rc;
	struct sc_profile *p = parse_n(text, strlen(text), &rc, &err);

	if (!ok(rc == 0 && p, "%s: parses", what))
		printf("#   rc %d: %s:%u:%u: %s\n", rc, err.file, err.line,
		       err.col, err.msg);
	free(text);
	return p;
}

/* A failure with -EINVAL and no profile, at @line:@col (0: not checked),
 * with @sub in the message. */
static void bad_n(const char *text, size_t len, unsigned line, unsigned col,
		  const char *sub, const char *what)
{
	struct sc_err err;
	int rc;
	struct sc_profile *p = parse_n(text, len, &rc, &err);

	is_int(rc, -EINVAL, "%s: -EINVAL", what);
	ok(p == NULL, "%s: no profile", what);
	is_str(err.file, "t.json", "%s: file named", what);
	if (line)
		is_int(err.line, line, "%s: line", what);
	if (col)
		is_int(err.col, col, "%s: column", what);
	if (!ok(strstr(err.msg, sub) != NULL, "%s: message has \"%s\"", what,
		sub))
		printf("#   message: %s\n", err.msg);
	sc_profile_free(p);
}

static void bad_lc(const char *json, unsigned line, unsigned col,
		   const char *sub, const char *what)
{
	char *text = dq(json);

	bad_n(text, strlen(text), line, col, sub, what);
	free(text);
}

/* The error is expected where @at first appears in @json (ASCII only). */
static void bad(const char *json, const char *at, const char *sub,
		const char *what)
{
	char *text = dq(json), *mark = dq(at);
	const char *pos = strstr(text, mark);
	unsigned line = 1, col = 1;

	ok(pos != NULL, "%s: test marker found", what);
	for (const char *q = text; pos && q < pos; q++, col++)
		if (*q == '\n') {
			line++;
			col = 0;
		}
	bad_n(text, strlen(text), line, col, sub, what);
	free(mark);
	free(text);
}

#define RULE(body) "{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[" body "]}"

static void test_minimal(void)
{
	struct sc_profile *p =
		good("{'defaultAction':'SCMP_ACT_ERRNO'}", "minimal");

	if (!p)
		return;
	is_str(p->file, "t.json", "minimal: file name kept");
	ok(p->has_default, "minimal: has default");
	is_int(p->default_action, SC_ACT_ERRNO, "minimal: default action");
	is_int(p->default_line, 1, "minimal: default line");
	ok(!p->has_default_errno, "minimal: no defaultErrnoRet");
	ok(!p->has_flags, "minimal: flags absent");
	is_int(p->n_rules, 0, "minimal: no rules");
	is_int(p->arches.n + p->n_archmap, 0, "minimal: no arches");
	ok(!p->listener_path && !p->listener_metadata, "minimal: no listener");
	sc_profile_free(p);
}

static void test_top_fields(void)
{
	struct sc_profile *p = good(
		"{'defaultAction':'SCMP_ACT_KILL_PROCESS','defaultErrnoRet':38,"
		"'architectures':['SCMP_ARCH_X86_64','SCMP_ARCH_X86'],"
		"'flags':['SECCOMP_FILTER_FLAG_TSYNC','SECCOMP_FILTER_FLAG_LOG',"
		"'SECCOMP_FILTER_FLAG_SPEC_ALLOW'],'listenerPath':'/run/l.sock',"
		"'listenerMetadata':'meta'}",
		"top fields");

	if (!p)
		return;
	is_int(p->default_action, SC_ACT_KILL_PROCESS, "top: default action");
	ok(p->has_default_errno, "top: has defaultErrnoRet");
	is_int(p->default_errno, 38, "top: defaultErrnoRet");
	is_int(p->arches.n, 2, "top: two architectures");
	is_str(p->arches.n > 1 ? p->arches.v[1] : NULL, "SCMP_ARCH_X86",
	       "top: second architecture");
	ok(p->has_flags, "top: has flags");
	is_int(p->flags.n, 3, "top: three flags");
	is_str(p->flags.n > 2 ? p->flags.v[2] : NULL,
	       "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "top: third flag");
	is_str(p->listener_path, "/run/l.sock", "top: listenerPath");
	is_str(p->listener_metadata, "meta", "top: listenerMetadata");
	sc_profile_free(p);

	p = good("{'defaultAction':'SCMP_ACT_ALLOW','flags':[]}", "flags []");
	if (p) {
		ok(p->has_flags && p->flags.n == 0, "flags []: present, empty");
		sc_profile_free(p);
	}
	p = good("{'defaultAction':'SCMP_ACT_ALLOW','flags':null}",
		 "flags null");
	if (p) {
		ok(!p->has_flags, "flags null: absent");
		sc_profile_free(p);
	}
}

static void test_archmap(void)
{
	struct sc_profile *p = good(
		"{'defaultAction':'SCMP_ACT_ERRNO','archMap':[{'architecture':"
		"'SCMP_ARCH_X86_64','subArchitectures':['SCMP_ARCH_X86',"
		"'SCMP_ARCH_X32']},{'architecture':'SCMP_ARCH_LOONGARCH64'},"
		"null],'architectures':[]}",
		"archMap");

	if (!p)
		return;
	is_int(p->n_archmap, 3, "archMap: three entries");
	is_int(p->arches.n, 0, "archMap: empty architectures allowed");
	if (p->n_archmap == 3) {
		is_str(p->archmap[0].arch, "SCMP_ARCH_X86_64", "archMap: arch");
		is_int(p->archmap[0].sub.n, 2, "archMap: two subs");
		is_str(p->archmap[0].sub.v[1], "SCMP_ARCH_X32", "archMap: sub");
		is_str(p->archmap[1].arch, "SCMP_ARCH_LOONGARCH64",
		       "archMap: names are not checked");
		is_int(p->archmap[1].sub.n, 0, "archMap: no subs");
		is_str(p->archmap[2].arch, "",
		       "archMap: null is an empty entry");
	}
	sc_profile_free(p);
}

static void test_rule_fields(void)
{
	struct sc_profile *p = good(
		"{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['read',"
		"'write'],'action':'SCMP_ACT_ERRNO','errnoRet':12345,'args':[{"
		"'index':5,'value':18446744073709551615,'valueTwo':7,'op':"
		"'SCMP_CMP_MASKED_EQ'},{'index':0,'op':'SCMP_CMP_NE'}],"
		"'comment':'hi','includes':{'arches':['amd64','s390x'],'caps':["
		"'CAP_SYS_ADMIN'],'minKernel':'4.8'},'excludes':{'caps':["
		"'CAP_BPF'],'minKernel':'255.0'}}]}",
		"rule fields");
	struct sc_rule *r;

	if (!p || p->n_rules != 1)
		return;
	r = &p->rules[0];
	is_int(r->names.n, 2, "rule: two names");
	is_str(r->names.v[1], "write", "rule: second name");
	is_int(r->action, SC_ACT_ERRNO, "rule: action");
	ok(r->has_errno, "rule: has errnoRet");
	is_int(r->errno_ret, 12345, "rule: errnoRet kept as written");
	is_int(r->n_args, 2, "rule: two args");
	is_int(r->args[0].index, 5, "arg: index");
	ok(r->args[0].value == UINT64_MAX, "arg: value is UINT64_MAX");
	ok(r->args[0].value_two == 7, "arg: valueTwo");
	is_int(r->args[0].op, SC_OP_MASKED_EQ, "arg: op");
	ok(r->args[1].index == 0 && r->args[1].value == 0 &&
		   r->args[1].value_two == 0,
	   "arg: absent numbers are 0");
	is_int(r->args[1].op, SC_OP_NE, "arg: second op");
	is_str(r->comment, "hi", "rule: comment");
	is_int(r->includes.arches.n, 2, "includes: arches");
	is_str(r->includes.arches.v[1], "s390x", "includes: Go arch name");
	is_str(r->includes.caps.v[0], "CAP_SYS_ADMIN", "includes: caps");
	ok(r->includes.has_min_kernel && r->includes.min_kernel_major == 4 &&
		   r->includes.min_kernel_minor == 8,
	   "includes: minKernel 4.8");
	is_int(r->excludes.caps.n, 1, "excludes: caps");
	ok(r->excludes.has_min_kernel && r->excludes.min_kernel_major == 255 &&
		   r->excludes.min_kernel_minor == 0,
	   "excludes: minKernel 255.0");
	is_int(r->line, 1, "rule: line");
	sc_profile_free(p);

	p = good(RULE("{'name':'read','action':'SCMP_ACT_ALLOW'}"),
		 "bare rule");
	if (p && p->n_rules == 1) {
		r = &p->rules[0];
		ok(!r->has_errno && !r->n_args && !r->comment &&
			   !r->includes.has_min_kernel &&
			   !r->includes.arches.n && !r->excludes.caps.n,
		   "bare rule: optional fields absent");
	}
	sc_profile_free(p);
}

static void test_actions_ops(void)
{
	char buf[256];

	for (int i = 0; sc_action_name((enum sc_action)i); i++) {
		const char *a = sc_action_name((enum sc_action)i);
		struct sc_profile *p;

		snprintf(buf, sizeof(buf),
			 "{'defaultAction':'%s','syscalls':[{'names':['read'],"
			 "'action':'%s'}]}",
			 a, a);
		p = good(buf, a);
		if (!p)
			continue;
		is_int(p->default_action, i, "%s as defaultAction", a);
		is_int(p->n_rules ? (int)p->rules[0].action : -1, i,
		       "%s as a rule's action", a);
		sc_profile_free(p);
	}
	for (int i = 0; sc_op_name((enum sc_op)i); i++) {
		const char *o = sc_op_name((enum sc_op)i);
		struct sc_profile *p;

		snprintf(
			buf, sizeof(buf),
			RULE("{'names':['read'],'action':'SCMP_ACT_ALLOW','args':"
			     "[{'index':1,'value':2,'op':'%s'}]}"),
			o);
		p = good(buf, o);
		if (!p)
			continue;
		is_int(p->n_rules && p->rules[0].n_args
			       ? (int)p->rules[0].args[0].op
			       : -1,
		       i, "%s as an op", o);
		sc_profile_free(p);
	}
}

static void test_go_keys(void)
{
	struct sc_profile *p;

	p = good("{'DEFAULTACTION':'SCMP_ACT_ERRNO','Syscalls':[{'NAMES':["
		 "'read'],'Action':'SCMP_ACT_ALLOW','ERRNORET':3,'aRgS':[{"
		 "'INDEX':1,'VALUE':2,'valuetwo':3,'OP':'SCMP_CMP_EQ'}],"
		 "'INCLUDES':{'CAPS':['CAP_X'],'MINKERNEL':'5.1'}}],"
		 "'DefaultErrnoRet':9,'FLAGS':[]}",
		 "case-insensitive keys");
	if (p && p->n_rules == 1 && p->rules[0].n_args == 1) {
		struct sc_rule *r = &p->rules[0];

		ok(r->names.n == 1 && r->action == SC_ACT_ALLOW &&
			   r->errno_ret == 3,
		   "case: rule fields found");
		ok(r->args[0].index == 1 && r->args[0].value == 2 &&
			   r->args[0].value_two == 3,
		   "case: arg fields found");
		ok(r->includes.caps.n == 1 && r->includes.min_kernel_major == 5,
		   "case: includes found");
		ok(p->default_errno == 9 && p->has_flags, "case: top found");
	}
	sc_profile_free(p);

	/* Go folds ſ (U+017F) to S, K (U+212A) to K, ı and İ to I; and keys
	 * are compared after their escapes are decoded. */
	p = good(
		"{'defaultAction':'SCMP_ACT_ERRNO','\xc5\xbfyscalls':[{"
		"'n\\u0061mes':['read'],'action':'SCMP_ACT_ALLOW','\\u0130ncludes':"
		"{'min\\u212aernel':'3.1'},'excludes':{'m\xc4\xb1nKernel':'2.2'}}]}",
		"unicode folding");
	if (p && p->n_rules == 1) {
		ok(p->rules[0].names.n == 1, "fold: escaped key names");
		is_int(p->rules[0].includes.min_kernel_major, 3,
		       "fold: \\u0130 and \\u212a");
		is_int(p->rules[0].excludes.min_kernel_major, 2, "fold: raw ı");
	}
	sc_profile_free(p);

	p = good(
		"{'defaultAction':'SCMP_ACT_ERRNO','n\xc3\xa4mes':1,'syscalls':"
		"[{'nämes':['x'],'name':'read','action':'SCMP_ACT_ALLOW'}]}",
		"other letters do not fold");
	if (p && p->n_rules == 1)
		is_str(p->rules[0].names.v[0], "read", "fold: ä is not a");
	sc_profile_free(p);
}

static void test_duplicates_nulls(void)
{
	struct sc_profile *p;

	p = good(
		"{'defaultAction':'SCMP_ACT_KILL','defaultaction':'SCMP_ACT_LOG',"
		"'syscalls':[{'action':'SCMP_ACT_LOG','ACTION':'SCMP_ACT_TRAP',"
		"'action':'SCMP_ACT_ALLOW','names':['a'],'Names':['b','c']},"
		"{'action':'SCMP_ACT_LOG','action':'SCMP_ACT_TRAP','ACTION':"
		"'SCMP_ACT_TRACE'}]}",
		"duplicate keys");
	if (p && p->n_rules == 2) {
		is_int(p->default_action, SC_ACT_LOG, "dup: last default wins");
		is_int(p->rules[0].action, SC_ACT_ALLOW,
		       "dup: the last in the text wins, not json-c's");
		is_int(p->rules[0].names.n, 2, "dup: last names wins");
		is_int(p->rules[1].action, SC_ACT_TRACE, "dup: other spelling");
		is_int(p->rules[1].names.n, 0, "dup: a rule may name nothing");
	}
	sc_profile_free(p);

	p = good("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':null,"
		 "'architectures':null,'archMap':null,'listenerPath':null,"
		 "'syscalls':[{'names':null,'name':'read','action':"
		 "'SCMP_ACT_ALLOW','errnoRet':null,'args':null,'comment':null,"
		 "'includes':null,'excludes':{'arches':null,'caps':null,"
		 "'minKernel':null}},{'names':['x',null],'action':"
		 "'SCMP_ACT_ALLOW','args':[{'index':null,'value':null,'op':"
		 "'SCMP_CMP_EQ'}]}],'flags':null}",
		 "nulls");
	if (p && p->n_rules == 2) {
		struct sc_rule *r = &p->rules[0];

		ok(!p->has_default_errno && !p->arches.n && !p->n_archmap &&
			   !p->listener_path && !p->has_flags,
		   "null: top fields absent");
		ok(r->names.n == 1 && !strcmp(r->names.v[0], "read"),
		   "null: names absent, name used");
		ok(!r->has_errno && !r->n_args && !r->comment,
		   "null: rule fields absent");
		ok(!r->excludes.arches.n && !r->excludes.has_min_kernel,
		   "null: condition fields absent");
		is_str(p->rules[1].names.v[1], "", "null: element is \"\"");
		ok(p->rules[1].args[0].index == 0, "null: index is 0");
	}
	sc_profile_free(p);

	p = good(
		"{'defaultAction':'SCMP_ACT_ERRNO','errno':'EPERM',"
		"'defaultErrno':'ENOSYS','x':{'y':[1,{'z':null},'\\u0000']},"
		"'syscalls':[{'names':['a'],'action':'SCMP_ACT_ALLOW','errno':"
		"'EPERM','unknown':[[[]]],'args':[{'op':'SCMP_CMP_EQ','x':1}]}]}",
		"unknown keys");
	if (p)
		is_int(p->n_rules, 1, "unknown keys are ignored");
	sc_profile_free(p);
}

static void test_names(void)
{
	struct sc_profile *p;

	p = good(RULE("{'name':'read','names':[],'action':'SCMP_ACT_ALLOW'},"
		      "{'name':'','names':['a','b'],'action':'SCMP_ACT_ALLOW'},"
		      "{'action':'SCMP_ACT_ALLOW'},{'name':null,'names':null,"
		      "'action':'SCMP_ACT_ALLOW'}"),
		 "name and names");
	if (p && p->n_rules == 4) {
		ok(p->rules[0].names.n == 1 &&
			   !strcmp(p->rules[0].names.v[0], "read"),
		   "name: becomes names[0]");
		is_int(p->rules[1].names.n, 2, "name \"\": names kept");
		is_int(p->rules[2].names.n, 0, "no names: rule kept, empty");
		is_int(p->rules[3].names.n, 0, "null names: rule kept, empty");
	}
	sc_profile_free(p);
	bad(RULE("{'names':['read'],'name':'read','action':'SCMP_ACT_ALLOW'}"),
	    "'read','action'",
	    "syscalls[0].name: both 'name' and 'names' are specified in the "
	    "seccomp profile, use either 'name' or 'names'",
	    "name and names");
}

static void test_lines(void)
{
	struct sc_profile *p = good(
		"{\n\t'defaultAction': 'SCMP_ACT_ERRNO',\n\t'syscalls': [\n"
		"\t\t{ 'names': ['a'], 'action': 'SCMP_ACT_ALLOW' },\n\n"
		"\t\t{\n\t\t\t'names': ['b'],\n\t\t\t'action': 'SCMP_ACT_LOG'\n"
		"\t\t}\n\t]\n}\n",
		"lines");

	if (p && p->n_rules == 2) {
		is_int(p->default_line, 2, "lines: defaultAction");
		is_int(p->rules[0].line, 4, "lines: first rule");
		is_int(p->rules[1].line, 6, "lines: second rule");
	}
	sc_profile_free(p);
	bad_lc("{\n  'defaultAction': 'SCMP_ACT_ERRNO',\n  'syscalls': [\n"
	       "    {'names': ['a'], 'action': 'SCMP_ACT_ALOW'}\n  ]\n}",
	       4, 32, "syscalls[0].action: unknown action \"SCMP_ACT_ALOW\"",
	       "position on line 4");
	/* é is two bytes and one column */
	bad_lc("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['\xc3\xa9"
	       "\xc3\xa9'],'action':'X'}]}",
	       1, 72, "unknown action \"X\"", "columns count characters");
}

static void test_type_errors(void)
{
	bad(RULE("{'names':'read','action':'SCMP_ACT_ALLOW'}"), "'read'",
	    "syscalls[0].names: expected an array of strings, got a string",
	    "names as a string");
	bad(RULE("{'names':['read',1],'action':'SCMP_ACT_ALLOW'}"), "1]",
	    "syscalls[0].names[1]: expected a string, got a number",
	    "a number in names");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'index':"
		 "'1','op':'SCMP_CMP_EQ'}]}"),
	    "'1'", "syscalls[0].args[0].index: expected a number, got a string",
	    "index as a string");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,"
		 "'value':-1,'op':'SCMP_CMP_EQ'}]}"),
	    "-1", "syscalls[0].args[0].value: -1 is not an unsigned integer",
	    "value -1");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'value':1.5,"
		 "'op':'SCMP_CMP_EQ'}]}"),
	    "1.5", "value: 1.5 is not an unsigned integer", "value 1.5");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'index':1e0,"
		 "'op':'SCMP_CMP_EQ'}]}"),
	    "1e0", "index: 1e0 is not an unsigned integer", "index 1e0");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'index':-0,"
		 "'op':'SCMP_CMP_EQ'}]}"),
	    "-0", "index: -0 is not an unsigned integer", "index -0");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'value':"
		 "18446744073709551616,'op':'SCMP_CMP_EQ'}]}"),
	    "1844", "18446744073709551616 is out of range", "value 2^64");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'valueTwo':"
		 "99999999999999999999999,'op':'SCMP_CMP_EQ'}]}"),
	    "9999", "valueTwo: 99999999999999999999999 is out of range",
	    "valueTwo far past 2^64");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':{}}"), "{}",
	    "syscalls[0].args: expected an array of objects, got an object",
	    "args as an object");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[[]]}"), "[]",
	    "syscalls[0].args[0]: expected an object", "an arg as an array");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'op':"
		 "'SCMP_CMP_EQ'},null]}"),
	    "null", "syscalls[0].args[1]: expected an object with",
	    "a null arg");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','errnoRet':true}"),
	    "true", "syscalls[0].errnoRet: expected a number, got a boolean",
	    "errnoRet true");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','includes':[]}"),
	    "[]}", "syscalls[0].includes: expected an object, got an array",
	    "includes as an array");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','excludes':{'caps':"
		 "'CAP_X'}}"),
	    "'CAP_X'",
	    "syscalls[0].excludes.caps: expected an array of strings",
	    "caps as a string");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','includes':{'arches':"
		 "[{}]}}"),
	    "{}]", "syscalls[0].includes.arches[0]: expected a string",
	    "an object in arches");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','comment':5}"), "5}",
	    "syscalls[0].comment: expected a string, got a number",
	    "comment as a number");
	bad(RULE("{'names':['a'],'action':1}"), "1}",
	    "syscalls[0].action: expected a string", "action as a number");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':{}}", "{}",
	    "syscalls: expected an array of rules, got an object",
	    "syscalls as an object");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW'},'read'"), "'read'",
	    "syscalls[1]: expected a rule (an object), got a string",
	    "a string rule");
	bad(RULE("null"), "null",
	    "syscalls[0]: expected a rule (an object), got null",
	    "a null rule");
	bad("{'defaultAction':['SCMP_ACT_ERRNO']}", "[",
	    "defaultAction: expected a string, got an array",
	    "defaultAction as an array");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':'1'}", "'1'",
	    "defaultErrnoRet: expected a number, got a string",
	    "defaultErrnoRet as a string");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','architectures':'SCMP_ARCH_X86'}",
	    "'SCMP_ARCH_X86'", "architectures: expected an array of strings",
	    "architectures as a string");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','archMap':[{'architecture':1}]}",
	    "1}", "archMap[0].architecture: expected a string, got a number",
	    "architecture as a number");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','archMap':[{'subArchitectures':"
	    "'x'}]}",
	    "'x'", "archMap[0].subArchitectures: expected an array of strings",
	    "subArchitectures as a string");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','archMap':[5]}", "5",
	    "archMap[0]: expected an object", "archMap entry as a number");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','flags':'SECCOMP_FILTER_FLAG_LOG'}",
	    "'SECCOMP", "flags: expected an array of strings",
	    "flags as a string");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','listenerPath':[]}", "[]",
	    "listenerPath: expected a string", "listenerPath as an array");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','listenerMetadata':{}}", "{}",
	    "listenerMetadata: expected a string",
	    "listenerMetadata as an object");
	bad(RULE("{'names':['re\\u0000ad'],'action':'SCMP_ACT_ALLOW'}"), "'re",
	    "syscalls[0].names[0]: \\u0000 in a string is not supported",
	    "NUL in a name");
}

static void test_value_errors(void)
{
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'index':6,"
		 "'op':'SCMP_CMP_EQ'}]}"),
	    "6,", "syscalls[0].args[0].index: 6 is out of range 0..5",
	    "index 6");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ERRNO','errnoRet':4294967296}"),
	    "4294967296", "errnoRet: 4294967296 is out of range 0..4294967295",
	    "errnoRet past 32 bits");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':-1}", "-1",
	    "defaultErrnoRet: -1 is not an unsigned integer",
	    "negative defaultErrnoRet");
	bad(RULE("{'action':'SCMP_ACT_ALLOW'},{'names':['a'],'action':"
		 "'SCMP_ACT_FOO'}"),
	    "'SCMP_ACT_FOO'",
	    "syscalls[1].action: unknown action \"SCMP_ACT_FOO\" (expected one "
	    "of SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, "
	    "SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, "
	    "SCMP_ACT_LOG, SCMP_ACT_NOTIFY)",
	    "unknown action");
	bad(RULE("{'names':['a']}"), "{'names'",
	    "syscalls[0]: missing \"action\" (one of SCMP_ACT_KILL,",
	    "missing action");
	bad(RULE("{'names':['a'],'action':null}"), "{'names'",
	    "syscalls[0]: missing \"action\"", "null action");
	bad(RULE("{'names':['a'],'action':''}"), "''",
	    "syscalls[0].action: unknown action \"\"", "empty action");
	bad(RULE("{'names':['a'],'action':'scmp_act_allow'}"), "'scmp",
	    "unknown action \"scmp_act_allow\"", "action names are exact");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,"
		 "'op':'SCMP_CMP_EQUAL'}]}"),
	    "'SCMP_CMP_EQUAL'",
	    "syscalls[0].args[0].op: unknown operator \"SCMP_CMP_EQUAL\" "
	    "(expected one of SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, "
	    "SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ)",
	    "unknown op");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','args':[{'index':0},"
		 "{'index':1}]}"),
	    "{'index':0}", "syscalls[0].args[0]: missing \"op\" (one of",
	    "missing op");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','architectures':["
	    "'SCMP_ARCH_X86_64','SCMP_ARCH_Z80']}",
	    "'SCMP_ARCH_Z80'",
	    "architectures[1]: unknown architecture \"SCMP_ARCH_Z80\"",
	    "unknown architecture");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','architectures':[null]}", "null",
	    "architectures[0]: unknown architecture \"\"", "null architecture");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','flags':['SECCOMP_FILTER_FLAG_LOG',"
	    "'SECCOMP_FILTER_FLAG_NEW_LISTENER']}",
	    "'SECCOMP_FILTER_FLAG_NEW",
	    "flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_NEW_LISTENER\"",
	    "unknown flag");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_X86'],"
	    "'archMap':[{'architecture':'SCMP_ARCH_X86'}]}",
	    "[{",
	    "archMap: both 'architectures' and 'archMap' are specified in the "
	    "seccomp profile, use either 'architectures' or 'archMap'",
	    "architectures and archMap");
	bad("{'defaultAction':'SCMP_ACT_NOPE'}", "'SCMP",
	    "defaultAction: unknown action \"SCMP_ACT_NOPE\"",
	    "unknown default action");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_\\u001b[31m'}"),
	    "'SCMP_ACT_\\u001b", "unknown action \"SCMP_ACT_\\x1b[31m\"",
	    "control bytes are escaped in messages");
}

static void test_default_action(void)
{
	const char *msg =
		"no \"defaultAction\" and no \"syscalls\": Docker runs such a "
		"profile with no seccomp filter at all, and syscage refuses to "
		"run unconfined (write \"defaultAction\": \"SCMP_ACT_ALLOW\"";

	bad("{}", "{", msg, "empty object");
	bad("{'syscalls':[]}", "{", msg, "empty syscalls");
	bad("{'defaultAction':'','syscalls':null}", "''", msg,
	    "empty defaultAction, null syscalls");
	bad("{'architectures':['BOGUS'],'flags':['BOGUS']}", "{", msg,
	    "unconfined comes before other checks");
	bad("{'syscalls':[{'names':['a'],'action':'SCMP_ACT_ALLOW'}]}", "{",
	    "defaultAction: invalid default action", "no defaultAction");
	bad("{'defaultAction':'','syscalls':[{'names':['a'],'action':"
	    "'SCMP_ACT_ALLOW'}]}",
	    "''", "defaultAction: invalid default action",
	    "empty defaultAction with rules");
	bad("{'defaultAction':null,'syscalls':[{'action':'SCMP_ACT_ALLOW'}]}",
	    "{", "invalid default action", "null defaultAction with rules");
}

static void test_min_kernel(void)
{
	static const char *const badv[] = {
		"3",	       "3.12",	       "true",	  "'0.0'",
		"'3'",	       "'.3'",	       "'3.'",	  "'true'",
		"'3.12.1\\''", "'4.15abc'",    "'256.1'", "'1.256'",
		"'-1.2'",      "'+1.2'",       "'1.2 '",  "[]",
		"{}",	       "'4.8\\u0000'", "'1..2'",  "' 1.2'",
	};
	static const char *const goodv[] = {
		"'0.5'", "'0.50'", "'5.0'", "'50.0'", "'4.15'", "'007.255'",
	};
	char buf[256];
	struct sc_profile *p;

	for (size_t i = 0; i < SC_ARRAY_SIZE(badv); i++) {
		snprintf(buf, sizeof(buf),
			 RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW',"
			      "'includes':{'minKernel':%s}}"),
			 badv[i]);
		bad(buf, badv[i],
		    "syscalls[0].includes.minKernel: invalid kernel version: ",
		    badv[i]);
	}
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','excludes':{"
		 "'minKernel':'4'}}"),
	    "'4'",
	    "syscalls[0].excludes.minKernel: invalid kernel version: \"4\", "
	    "expected \"<kernel>.<major>\"",
	    "moby's message");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','excludes':{"
		 "'minKernel':3.12}}"),
	    "3.12", "invalid kernel version: 3.12, expected", "a number");
	bad(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','excludes':{"
		 "'minKernel':'0.0'}}"),
	    "'0.0'", ": version cannot be 0.0", "0.0");
	for (size_t i = 0; i < SC_ARRAY_SIZE(goodv); i++) {
		snprintf(buf, sizeof(buf),
			 RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW',"
			      "'includes':{'minKernel':%s}}"),
			 goodv[i]);
		p = good(buf, goodv[i]);
		if (p)
			ok(p->rules[0].includes.has_min_kernel,
			   "minKernel %s accepted", goodv[i]);
		sc_profile_free(p);
	}
	p = good(RULE("{'names':['a'],'action':'SCMP_ACT_ALLOW','excludes':{"
		      "'minKernel':''}}"),
		 "minKernel \"\"");
	if (p) {
		struct sc_cond *x = &p->rules[0].excludes;

		ok(x->has_min_kernel && !x->min_kernel_major &&
			   !x->min_kernel_minor,
		   "minKernel \"\" is 0.0, which every kernel meets");
	}
	sc_profile_free(p);
}

static void test_syntax(void)
{
	char nul[] = "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}";
	char deep[300] = "{'defaultAction':'SCMP_ACT_ERRNO','x':";
	size_t n = strlen(deep);

	bad_lc("", 1, 1, "empty file", "empty buffer");
	bad_lc(" \n\t ", 2, 3, "empty file", "only whitespace");
	bad_n(NULL, 0, 1, 1, "empty file", "NULL buffer");
	nul[20] = '\0';
	bad_n(nul, sizeof(nul) - 1, 1, 21, "NUL byte", "NUL inside");
	bad("[{'defaultAction':'SCMP_ACT_ERRNO'}]", "[",
	    "top level must be an object", "top-level array");
	bad("  null", "null", "top level must be an object", "top-level null");
	bad("'x'", "'x'", "top level must be an object", "top-level string");
	bad("{'defaultAction':'SCMP_ACT_ERRNO'} x", "x", "unexpected",
	    "trailing text");
	bad("{'defaultAction':'SCMP_ACT_ERRNO'}{}", "{}", "unexpected",
	    "a second object");
	bad_lc("{'defaultAction':'SCMP_ACT_ERRNO'", 1, 34,
	       "unexpected end of file", "unclosed object");
	bad_lc("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['a", 1,
	       59, "unexpected end of file", "unclosed string");
	bad("{\n  'defaultAction': 'SCMP_ACT_ERRNO',\n}", "}",
	    "unexpected character", "trailing comma");
	bad("{'defaultAction':'SCMP_ACT_ERRNO', /* no */ 'x':1}", "/*", "",
	    "comments are not JSON");
	bad("{'defaultAction':'SCMP_ACT_ERRNO', 'x':'a', }", "}", "",
	    "trailing comma in one line");
	bad_lc("{'defaultAction':'SCMP_\xff'}", 1, 0, "utf-8", "invalid UTF-8");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','x':NaN}", "NaN",
	    "invalid JSON value NaN", "NaN");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','x':-Infinity}", "-Inf",
	    "invalid JSON value -Infinity", "-Infinity");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','x':[1.]}", "1.",
	    "invalid JSON value 1.", "1.");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','x':00}", "00",
	    "invalid JSON value 00", "00");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','x':-.5}", "-.5",
	    "invalid JSON value -.5", "-.5");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','comment':'a\tb'}", "\t",
	    "control character 0x09", "raw tab in a string");
	bad("{'defaultAction':'SCMP_ACT_ERRNO','names\\u0000':1}", "'names",
	    "\\u0000", "NUL in a key");
	sc_profile_free(
		good("{'defaultAction':'SCMP_ACT_ERRNO','x':[0,-0,1.5e3,"
		     "-2E-2,0.0,1e+2,true,false,null,'\\u00e9\\t\\/',"
		     "{},[]]}\r\n",
		     "RFC 8259 values"));
	for (int i = 0; i < 100; i++)
		deep[n++] = '[';
	deep[n] = '\0';
	bad_lc(deep, 1, 0, "nesting", "deep nesting");
}

/* The facts of the known profiles that a parser could get wrong. */
static void check_known(const char *base, const struct sc_profile *p)
{
	const struct sc_rule *r = p->rules;

	if (!strcmp(base, "moby-default.json")) {
		is_int(p->n_rules, 33, "%s: 33 rules", base);
		is_int(p->n_rules ? r[0].names.n : 0, 361,
		       "%s: 361 names in the first rule", base);
		is_int(p->n_rules ? r[0].line : 0, 62, "%s: first rule's line",
		       base);
		ok(p->has_default_errno && p->default_errno == 1,
		   "%s: defaultErrnoRet 1", base);
		is_int(p->n_archmap, 9, "%s: 9 archMap entries", base);
		ok(p->n_rules > 20 && r[1].includes.min_kernel_major == 4 &&
			   r[1].includes.min_kernel_minor == 8,
		   "%s: minKernel 4.8", base);
		ok(p->n_rules > 20 && r[9].args[0].value == 4294967295u,
		   "%s: personality 0xffffffff", base);
		ok(p->n_rules > 20 && r[20].has_errno && r[20].errno_ret == 38,
		   "%s: clone3 gets ENOSYS", base);
	} else if (!strcmp(base, "podman-seccomp.json")) {
		is_int(p->n_rules, 40, "%s: 40 rules", base);
		is_int(p->n_rules ? r[0].names.n : 0, 31, "%s: first rule",
		       base);
		ok(p->default_errno == 38 && p->n_archmap == 7,
		   "%s: defaultErrnoRet 38, 7 archMap entries", base);
	} else if (!strcmp(base, "default-old-format.json")) {
		is_int(p->n_rules, 311, "%s: 311 rules (as moby's test says)",
		       base);
		is_str(p->n_rules ? r[0].names.v[0] : NULL, "accept",
		       "%s: name becomes names", base);
		is_int(p->arches.n, 3, "%s: 3 architectures", base);
	} else if (!strcmp(base, "example.json")) {
		is_int(p->n_rules, 4, "%s: 4 rules", base);
		ok(p->n_rules == 4 && r[3].errno_ret == 12345 &&
			   r[0].args[0].value == 2114060288,
		   "%s: errnoRet 12345 and the clone mask kept", base);
	} else if (!strcmp(base, "conditional_include.json")) {
		ok(p->n_rules == 3 && r[1].includes.caps.n == 1 &&
			   r[2].excludes.caps.n == 1,
		   "%s: caps conditions", base);
	} else if (!strcmp(base, "default.json")) {
		is_int(p->n_rules, 308, "%s: 308 rules", base);
	} else if (!strcmp(base, "default-no-chmod.json")) {
		is_int(p->n_rules, 305, "%s: 305 rules", base);
	} else if (!strcmp(base, "allow.json") || !strcmp(base, "deny.json")) {
		ok(p->n_rules == 0 && p->arches.n == 3,
		   "%s: no rules, 3 arches", base);
	} else {
		ok(p->has_default, "%s: has a default action", base);
	}
}

static void load_file(const char *path, const char *base)
{
	struct sc_profile *p = NULL;
	struct sc_err err = { 0 };
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	int rc;

	if (!ok(f != NULL, "%s: opened", path))
		return;
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
		}
		got = buf ? fread(buf + len, 1, cap - len, f) : 0;
		len += got;
	} while (got > 0);
	fclose(f);
	rc = sc_json_parse(buf, len, path, &p, &err);
	if (!ok(rc == 0 && p, "%s: loads", path))
		printf("#   %s:%u:%u: %s\n", err.file, err.line, err.col,
		       err.msg);
	else
		check_known(base, p);
	sc_profile_free(p);
	free(buf);
}

static int load_dir(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[4096];
	int n = 0;
	size_t len;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		len = strlen(e->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < 3) {
			n += load_dir(path, depth + 1);
		} else if (len > 5 && !strcmp(e->d_name + len - 5, ".json")) {
			load_file(path, e->d_name);
			n++;
		}
	}
	closedir(d);
	return n;
}

static void test_profiles(void)
{
	const char *dir = getenv("SC_PROFILES_DIR");
	int n;

	if (!dir || !*dir) {
		struct stat st;

		dir = stat("tests/data/profiles", &st) == 0
			      ? "tests/data/profiles"
			      : "../shared/profiles";
	}
	n = load_dir(dir, 0);
	ok(n > 0, "profiles: %d files loaded from %s", n, dir);
}

int main(void)
{
	test_minimal();
	test_top_fields();
	test_archmap();
	test_rule_fields();
	test_actions_ops();
	test_go_keys();
	test_duplicates_nulls();
	test_names();
	test_lines();
	test_type_errors();
	test_value_errors();
	test_default_action();
	test_min_kernel();
	test_syntax();
	test_profiles();
	return tap_done();
}
