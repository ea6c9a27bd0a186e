/* SPDX-License-Identifier: Apache-2.0 */
/* The writers against every reference profile: JSON written back must read
 * into the same model and compile to the same program (what an export
 * promises), and the INI text must be something inih can read, in words
 * rather than numbers. The INI round trip itself is the parser's test. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../tap.h"
#include "compile.h"
#include "json.h"
#include "write.h"
#include "util.h"

#define INI_LINE_MAX 198 /* inih's 200-byte buffer, newline and NUL */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;
	int c;

	*len = 0;
	if (!f)
		return NULL;
	while ((c = getc(f)) != EOF) {
		if (*len + 1 >= cap) {
			char *nb = realloc(buf, cap = cap * 2 + 4096);

			if (!nb)
				break;
			buf = nb;
		}
		buf[(*len)++] = (char)c;
	}
	if (buf)
		buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* ---- model equality: the first difference, in words ---- */

static char diff[256];

static bool __attribute__((format(printf, 1, 2))) differ(const char *fmt, ...)
{
	va_list ap;

	if (!diff[0]) {
		va_start(ap, fmt);
		vsnprintf(diff, sizeof(diff), fmt, ap);
		va_end(ap);
	}
	return false;
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool strv_eq(const struct sc_strv *a, const struct sc_strv *b,
		    const char *what, size_t at)
{
	if (a->n != b->n)
		return differ("%s (at %zu): lengths differ", what, at);
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return differ("%s (at %zu) differ", what, at);
	return true;
}

static bool cond_eq(const struct sc_cond *a, const struct sc_cond *b,
		    const char *what, size_t i)
{
	if (!strv_eq(&a->arches, &b->arches, what, i) ||
	    !strv_eq(&a->caps, &b->caps, what, i))
		return false;
	if (a->has_min_kernel != b->has_min_kernel ||
	    a->min_kernel_major != b->min_kernel_major ||
	    a->min_kernel_minor != b->min_kernel_minor)
		return differ("%s.minKernel of rule %zu", what, i);
	return true;
}

static bool rule_eq(const struct sc_rule *a, const struct sc_rule *b, size_t i)
{
	if (!strv_eq(&a->names, &b->names, "names of a rule", i))
		return false;
	if (a->action != b->action || a->has_errno != b->has_errno ||
	    a->errno_ret != b->errno_ret || a->lax_names != b->lax_names)
		return differ("action/errnoRet of rule %zu", i);
	if (!str_eq(a->comment, b->comment))
		return differ("comment of rule %zu", i);
	if (a->n_args != b->n_args)
		return differ("number of args of rule %zu", i);
	for (size_t j = 0; j < a->n_args; j++)
		if (a->args[j].index != b->args[j].index ||
		    a->args[j].value != b->args[j].value ||
		    a->args[j].value_two != b->args[j].value_two ||
		    a->args[j].op != b->args[j].op)
			return differ("args of rule %zu", i);
	return cond_eq(&a->includes, &b->includes, "includes", i) &&
	       cond_eq(&a->excludes, &b->excludes, "excludes", i);
}

static bool profile_eq(const struct sc_profile *a, const struct sc_profile *b)
{
	diff[0] = '\0';
	if (a->has_default != b->has_default ||
	    a->default_action != b->default_action ||
	    a->has_default_errno != b->has_default_errno ||
	    a->default_errno != b->default_errno)
		return differ("defaultAction/defaultErrnoRet");
	if (!strv_eq(&a->arches, &b->arches, "architectures", 0) ||
	    !strv_eq(&a->flags, &b->flags, "flags", 0))
		return false;
	if (a->has_flags != b->has_flags)
		return differ("flags present or not");
	if (!str_eq(a->listener_path, b->listener_path) ||
	    !str_eq(a->listener_metadata, b->listener_metadata) ||
	    !str_eq(a->caps, b->caps))
		return differ("listener or caps");
	if (a->n_archmap != b->n_archmap)
		return differ("archMap length");
	for (size_t i = 0; i < a->n_archmap; i++)
		if (!str_eq(a->archmap[i].arch, b->archmap[i].arch) ||
		    !strv_eq(&a->archmap[i].sub, &b->archmap[i].sub,
			     "subArchitectures", i))
			return differ("archMap entry %zu", i);
	if (a->n_rules != b->n_rules)
		return differ("number of rules");
	for (size_t i = 0; i < a->n_rules; i++)
		if (!rule_eq(&a->rules[i], &b->rules[i], i))
			return false;
	return true;
}

/* ---- compiling ---- */

static int compile(const struct sc_profile *p, struct sc_compiled *c)
{
	struct sc_opts o = { .caps = 0,
			     .kernel_major = 6,
			     .kernel_minor = 1,
			     .native = sc_arch_native() };
	struct sc_err e = { 0 };

	return sc_compile(p, &o, c, &e);
}

static void same_program(const struct sc_profile *a, const struct sc_profile *b,
			 const char *name)
{
	struct sc_compiled ca, cb;
	int ra = compile(a, &ca), rb = compile(b, &cb);

	if (ra < 0 || rb < 0) {
		is_int(rb, ra,
		       "%s: JSON round trip compiles as the original "
		       "(both fail)",
		       name);
	} else {
		ok(ca.prog.len == cb.prog.len && ca.flags == cb.flags &&
			   !memcmp(ca.prog.insns, cb.prog.insns,
				   ca.prog.len * sizeof(*ca.prog.insns)),
		   "%s: JSON round trip compiles to the same program (%zu "
		   "instructions)",
		   name, ca.prog.len);
	}
	sc_compiled_clear(&ca);
	sc_compiled_clear(&cb);
}

/* ---- per profile ---- */

static char *write_mem(int (*fn)(const struct sc_profile *, FILE *),
		       const struct sc_profile *p, size_t *len, int *rc)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f) {
		*rc = -errno;
		return NULL;
	}
	*rc = fn(p, f);
	fclose(f);
	return buf;
}

static void check_json(const struct sc_profile *p, const char *name)
{
	struct sc_profile *q = NULL;
	struct sc_err e = { 0 };
	size_t len;
	int rc;
	char *text = write_mem(sc_write_json, p, &len, &rc);

	is_int(rc, 0, "%s: sc_write_json", name);
	rc = text ? sc_json_parse(text, len, name, &q, &e) : -ENOMEM;
	if (!ok(rc == 0, "%s: the written JSON parses", name))
		printf("#   %s:%u:%u: %s\n", e.file, e.line, e.col, e.msg);
	if (q && !ok(profile_eq(p, q), "%s: the same model back", name))
		printf("#   %s\n", diff);
	if (q)
		same_program(p, q, name);
	sc_profile_free(q);
	free(text);
}

/* The longest line of @text, in bytes. */
static size_t longest_line(const char *text, size_t *lineno)
{
	size_t max = 0, n = 1;

	*lineno = 0;
	for (const char *s = text; *s; n++) {
		size_t len = strcspn(s, "\n");

		if (len > max) {
			max = len;
			*lineno = n;
		}
		s += len + (s[len] == '\n');
	}
	return max;
}

/* The widest line of @text in columns, a tab reaching the next stop. */
static size_t widest(const char *text)
{
	size_t col = 0, max = 0;

	for (const char *s = text; *s; s++) {
		col = *s == '\n' ? 0 : *s == '\t' ? (col / 8 + 1) * 8 : col + 1;
		max = col > max ? col : max;
	}
	return max;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *s = text; (s = strstr(s, line)); s++)
		if ((s == text || s[-1] == '\n') && (!s[n] || s[n] == '\n'))
			return true;
	return false;
}

/* Every Docker comment shows as a "; " line (its first words). */
static bool comments_kept(const struct sc_profile *p, const char *ini)
{
	char want[32];

	for (size_t i = 0; i < p->n_rules; i++) {
		const char *c = p->rules[i].comment;

		if (!c || !*c || !p->rules[i].names.n ||
		    strspn(c, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ") < 20)
			continue;
		snprintf(want, sizeof(want), "\n; %.20s", c);
		if (!strstr(ini, want))
			return false;
	}
	return true;
}

static void check_ini(const struct sc_profile *p, const char *name, bool moby)
{
	size_t len, max, at;
	int rc;
	char *ini = write_mem(sc_write_ini, p, &len, &rc);

	is_int(rc, 0, "%s: sc_write_ini", name);
	if (!ini)
		return;
	max = longest_line(ini, &at);
	if (!ok(max <= INI_LINE_MAX, "%s: INI lines fit inih (longest %zu)",
		name, max))
		printf("#   line %zu\n", at);
	ok(has_line(ini, "[profile]"), "%s: INI has [profile]", name);
	ok(comments_kept(p, ini), "%s: Docker comments become ; lines", name);
	if (moby) {
		ok(has_line(ini, "default = errno EPERM"),
		   "%s: default = errno EPERM", name);
		ok(strstr(ini, " @"), "%s: groups are used", name);
		ok(!strstr(ini, "2114060288"), "%s: no clone mask number",
		   name);
		ok(strstr(ini, "CLONE_NEWUSER"), "%s: CLONE_NEWUSER by name",
		   name);
		ok(strstr(ini, " ?mseal"),
		   "%s: ?mseal for a name libseccomp "
		   "does not know",
		   name);
		ok(has_line(ini, "; s390 parameter ordering for clone is "
				 "different"),
		   "%s: the clone comment", name);
		ok(strstr(ini, "\npersonality = arg0 in {"),
		   "%s: personality's rules as one \"in\" set", name);
		ok(widest(ini) <= 80, "%s: every line fits 80 columns", name);
	}
	free(ini);
}

static void check_file(const char *path, const char *name)
{
	struct sc_profile *p = NULL;
	struct sc_err e = { 0 };
	size_t len;
	char *text = slurp(path, &len);

	if (!text || sc_json_parse(text, len, name, &p, &e) < 0) {
		ok(1, "%s # SKIP Docker refuses it", name);
		free(text);
		return;
	}
	check_json(p, name);
	check_ini(p, name, strstr(name, "moby-default.json") != NULL);
	sc_profile_free(p);
	free(text);
}

static void walk(const char *dir)
{
	struct dirent **ents;
	char path[1024];
	struct stat st;
	int n = scandir(dir, &ents, NULL, alphasort);

	if (!ok(n >= 0, "read %s", dir))
		return;
	for (int i = 0; i < n; i++) {
		const char *d = ents[i]->d_name;
		size_t l = strlen(d);

		snprintf(path, sizeof(path), "%s/%s", dir, d);
		if (d[0] != '.' && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk(path);
			else if (S_ISREG(st.st_mode) &&
				 (l < 3 || strcmp(d + l - 3, ".md")))
				check_file(path, path);
		}
		free(ents[i]);
	}
	free(ents);
}

/* ---- made-up profiles for what the reference ones lack ---- */

#define RULE(n, rest) "{\"names\": [\"" n "\"], " rest "}"
#define ALLOW "\"action\": \"SCMP_ACT_ALLOW\""
#define ARG(i, v, op) \
	"{\"index\": " #i ", \"value\": " v ", \"op\": \"" op "\"}"

static const char edge_json[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 0,"
	" \"listenerPath\": \"/run/a b\", \"listenerMetadata\": \"m\","
	" \"flags\": [], \"archMap\": [null, {\"architecture\":"
	" \"SCMP_ARCH_X86_64\", \"subArchitectures\": []}],"
	" \"syscalls\": [" RULE("read", ALLOW ", \"comment\": \"q\\\"b\\\\s/n\\nt\\tu\\u00e9\"") "," RULE(
		"socket", ALLOW
		", \"args\": [{\"index\": 1, \"value\":"
		" 18446744073709551615, \"valueTwo\": 9223372036854775808,"
		" \"op\": \"SCMP_CMP_MASKED_EQ\"}]") "," RULE("mmap", ALLOW
							      ", \"includes\": {\"minKernel\": \"\"},"
							      " \"excludes\": {\"minKernel\": \"\", \"caps\": [\"CAP_X\"],"
							      " \"arches\": [\"nope\"]}") "," RULE("write",
												   "\"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 0") "]}";

static void check_json_edges(void)
{
	struct sc_profile *p = NULL;
	struct sc_err e = { 0 };
	size_t len;
	int rc = sc_json_parse(edge_json, strlen(edge_json), "edge", &p, &e);
	char *text;

	if (!ok(rc == 0, "edge: parses"))
		printf("#   %s:%u:%u: %s\n", e.file, e.line, e.col, e.msg);
	if (!p)
		return;
	check_json(p, "edge");
	text = write_mem(sc_write_json, p, &len, &rc);
	ok(text && strstr(text, "18446744073709551615") &&
		   strstr(text, "9223372036854775808"),
	   "edge: values above INT64_MAX are written unsigned");
	ok(text && strstr(text, "\"minKernel\": \"\""),
	   "edge: minKernel 0.0 is written as \"\"");
	ok(text && strstr(text, "\"flags\": ["), "edge: empty flags kept");
	free(text);
	sc_profile_free(p);
}

static const struct {
	const char *name, *rules, *want, *unwanted;
	int rc;
} ini_cases[] = {
	{ "kill", RULE("read", "\"action\": \"SCMP_ACT_KILL\""),
	  "\n[kill-thread]\nsyscalls = read\n", NULL, 0 },
	{ "kill-process", RULE("read", "\"action\": \"SCMP_ACT_KILL_PROCESS\""),
	  "\n[kill-process]\n", NULL, 0 },
	{ "plain errno", RULE("read", "\"action\": \"SCMP_ACT_ERRNO\""),
	  "\n[errno]\n", NULL, 0 },
	{ "errno number",
	  RULE("read", "\"action\": \"SCMP_ACT_ERRNO\", "
		       "\"errnoRet\": 4000"),
	  "\n[errno 4000]\n", NULL, 0 },
	{ "one header for alike rules",
	  RULE("read", ALLOW) "," RULE("write", ALLOW),
	  "[allow]\nsyscalls = read\nsyscalls = write\n", NULL, 0 },
	{ "conditions",
	  RULE("read", ALLOW ", \"includes\": {\"caps\": [\"CAP_CHOWN\"], "
			     "\"minKernel\": \"5.1\"}, \"excludes\": "
			     "{\"arches\": [\"x32\"]}"),
	  "[allow if CAP_CHOWN kernel>=5.1 unless arch=x32]", NULL, 0 },
	{ "one argument twice: OR",
	  RULE("socket",
	       ALLOW ", \"args\": [" ARG(0, "1", "SCMP_CMP_EQ") "," ARG(
		       0, "2", "SCMP_CMP_EQ") "," ARG(1, "3",
						      "SCMP_CMP_GT") "]"),
	  "socket = arg0 in {AF_UNIX, AF_INET} || arg1 > ", NULL, 0 },
	{ "arguments AND",
	  RULE("socket",
	       ALLOW ", \"args\": [" ARG(0, "1", "SCMP_CMP_EQ") "," ARG(
		       1, "5", "SCMP_CMP_NE") "]"),
	  "socket = arg0 == AF_UNIX && arg1 != ", NULL, 0 },
	{ "excluded on every kernel",
	  RULE("read", ALLOW ", \"excludes\": {\"minKernel\": \"\"}"),
	  "; Left out", "syscalls", 0 },
	{ "nobody holds CAP_NOPE",
	  RULE("read", ALLOW ", \"includes\": {\"caps\": [\"CAP_NOPE\"]}"),
	  "; Left out", "syscalls", 0 },
	{ "no names", "{\"names\": [], " ALLOW "}", "", "syscalls", 0 },
	{ "unknown names", RULE("nosuch\", \"Bad Name", ALLOW),
	  "1 name(s) left out", "Bad", 0 },
	{ "a header inih cannot read",
	  RULE("read", ALLOW ", \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\", "
			     "\"CAP_SYS_PTRACE\", \"CAP_NET_ADMIN\"]}"),
	  "", NULL, -E2BIG },
	{ "a header far too long",
	  RULE("read", ALLOW
	       ", \"excludes\": {\"caps\": [\"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\", \"CAP_DAC_READ_SEARCH\"]}"),
	  "", NULL, -E2BIG },
};

static void check_ini_cases(void)
{
	char json[2048];
	size_t len;
	int rc;

	for (size_t i = 0; i < SC_ARRAY_SIZE(ini_cases); i++) {
		struct sc_profile *p = NULL;
		struct sc_err e = { 0 };
		char *ini;

		snprintf(json, sizeof(json),
			 "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
			 "\"syscalls\": [%s]}",
			 ini_cases[i].rules);
		if (!ok(sc_json_parse(json, strlen(json), "t", &p, &e) == 0,
			"ini %s: parses", ini_cases[i].name)) {
			printf("#   %s\n", e.msg);
			continue;
		}
		ini = write_mem(sc_write_ini, p, &len, &rc);
		is_int(rc, ini_cases[i].rc, "ini %s: rc", ini_cases[i].name);
		if (!rc && !ok(ini && strstr(ini, ini_cases[i].want) &&
				       (!ini_cases[i].unwanted ||
					!strstr(ini, ini_cases[i].unwanted)),
			       "ini %s: text", ini_cases[i].name))
			printf("%s", ini ? ini : "");
		free(ini);
		sc_profile_free(p);
	}
}

/* Architectures keep their order, as the -ENOSYS stub takes them. */
static void check_ini_arches(void)
{
	static const char json[] =
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": "
		"[\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_AARCH64\", "
		"\"SCMP_ARCH_MIPSEL64N32\"]}";
	struct sc_profile *p = NULL;
	struct sc_err e = { 0 };
	size_t len;
	int rc = sc_json_parse(json, strlen(json), "arches", &p, &e);
	char *ini = rc ? NULL : write_mem(sc_write_ini, p, &len, &rc);

	ok(ini && (has_line(ini, "arch = native aarch64 mipsel64n32") ||
		   has_line(ini, "arch = x86_64 native mipsel64n32")),
	   "ini: architectures in order, native by name");
	free(ini);
	sc_profile_free(p);
}

int main(void)
{
	const char *dir = getenv("SC_PROFILES_DIR");

	walk(dir && *dir ? dir : "tests/data/profiles");
	check_json_edges();
	check_ini_cases();
	check_ini_arches();
	return tap_done();
}
