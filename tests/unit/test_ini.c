/* SPDX-License-Identifier: Apache-2.0 */
/* The INI language: every construct, and every error with its line and the
 * token it names. Profiles are string literals; includes come from a table
 * instead of files. */
#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "bpf.h"
#include "compile.h"
#include "inifile.h"
#include "util.h"

/* name -> text, for "include =". */
static const char *const files[][2] = {
	{ "base.ini", "[profile]\ndefault = errno EPERM\n[allow]\n"
		      "syscalls = read write\n" },
	{ "loop.ini", "[profile]\ninclude = loop2.ini\n" },
	{ "loop2.ini", "[profile]\ninclude = loop.ini\n" },
	{ "bad.ini",
	  "[profile]\ndefault = allow\n[allow]\nsyscalls = @nope\n" },
};

static int fake_read(const char *path, const char *from, char **buf,
		     size_t *len, char **canon, struct sc_err *err, void *data)
{
	(void)from, (void)data;
	for (size_t i = 0; i < SC_ARRAY_SIZE(files); i++)
		if (strcmp(files[i][0], path) == 0) {
			*buf = strdup(files[i][1]);
			*len = strlen(*buf);
			*canon = strdup(path);
			return 0;
		}
	return sc_err_set(err, -ENOENT, path, 0, 0, "no such file");
}

static const struct sc_ini_io io = { .read = fake_read };
static struct sc_err e;

static struct sc_profile *parse(const char *text)
{
	struct sc_profile *p = NULL;

	memset(&e, 0, sizeof(e));
	if (sc_ini_parse(text, strlen(text), "t.ini", &io, &p, &e) < 0)
		printf("# %s:%u: %s\n", e.file, e.line, e.msg);
	return p;
}

/* Expects an error on @line whose message contains @token. */
static void fails(const char *text, unsigned line, const char *token,
		  const char *what)
{
	struct sc_profile *p = NULL;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = sc_ini_parse(text, strlen(text), "t.ini", &io, &p, &e);
	ok(rc < 0 && !p, "%s: refused", what);
	is_int(e.line, line, "%s: on line %u", what, line);
	if (!ok(strstr(e.msg, token) != NULL, "%s: names \"%s\"", what, token))
		printf("#   message: %s\n", e.msg);
	ok(e.file[0] != '\0', "%s: names the file (%s)", what, e.file);
}

#define P "[profile]\ndefault = errno EPERM\n"

static void test_profile(void)
{
	struct sc_profile *p = parse("; a comment\n# another\n" P
				     "arch = native x86 x32\ncaps = docker\n"
				     "flags = log\n");

	if (!ok(p, "a [profile] section parses"))
		return;
	ok(p->has_default && p->default_action == SC_ACT_ERRNO &&
		   p->has_default_errno && p->default_errno == EPERM,
	   "default = errno EPERM");
	ok(p->arches.n == 3 &&
		   strcmp(p->arches.v[0], "SCMP_ARCH_X86_64") == 0 &&
		   strcmp(p->arches.v[1], "SCMP_ARCH_X86") == 0 &&
		   strcmp(p->arches.v[2], "SCMP_ARCH_X32") == 0,
	   "arch = native x86 x32");
	is_str(p->caps, "docker", "caps = docker");
	ok(p->has_flags && p->flags.n == 1 &&
		   strcmp(p->flags.v[0], "SECCOMP_FILTER_FLAG_LOG") == 0,
	   "flags = log");
	sc_profile_free(p);
	p = parse("[profile]\ndefault = kill\n");
	ok(p && p->arches.n == 1 && p->default_action == SC_ACT_KILL_PROCESS,
	   "kill is kill-process; the native arch is always in");
	sc_profile_free(p);
	p = parse("[profile]\ndefault = trace 7\n");
	ok(p && p->default_action == SC_ACT_TRACE && p->default_errno == 7,
	   "default = trace 7");
	sc_profile_free(p);
	p = parse("[profile]\ndefault = errno\n");
	ok(p && p->default_action == SC_ACT_ERRNO && !p->has_default_errno,
	   "errno alone: EPERM, as Docker");
	sc_profile_free(p);
}

static void test_syscalls(void)
{
	struct sc_profile *p =
		parse(P "[allow]\nsyscalls = read write ?mseal\n\tclose\n"
			"[errno ENOSYS]\nsyscalls = clone3\n"
			"[kill-thread]\nsyscalls = ptrace\n");
	if (!ok(p, "rule sections parse"))
		return;
	is_int(p->n_rules, 5, "read write | ?mseal | close | clone3 | ptrace");
	ok(p->rules[0].names.n == 2 && !p->rules[0].lax_names,
	   "plain names: one checked rule");
	ok(p->rules[1].lax_names &&
		   strcmp(p->rules[1].names.v[0], "mseal") == 0,
	   "?mseal: a rule that skips unknown names");
	ok(strcmp(p->rules[2].names.v[0], "close") == 0,
	   "a continuation line goes on with the value");
	ok(p->rules[3].action == SC_ACT_ERRNO && p->rules[3].has_errno &&
		   p->rules[3].errno_ret == ENOSYS,
	   "[errno ENOSYS]");
	ok(p->rules[4].action == SC_ACT_KILL_THREAD, "[kill-thread]");
	is_int(p->rules[3].line, 7, "rules keep their line");
	sc_profile_free(p);
}

static void test_conditions(void)
{
	struct sc_profile *p =
		parse(P "[allow]\n"
			"socket = arg0 == AF_UNIX || arg0 == AF_INET\n"
			"personality = arg0 in {0, PER_LINUX32, 0xffffffff}\n"
			"clone = arg0 & (CLONE_NEWUSER|CLONE_NEWNS) == 0\n"
			"mmap = arg2 <= 3 && (arg3 > 0x10 || arg3 >= 010) && "
			"arg0 != 1 && arg1 < 2\n");
	const struct sc_rule *r;

	if (!ok(p, "conditions parse"))
		return;
	is_int(p->n_rules, 2 + 3 + 1 + 2, "|| and in{} become rules");
	r = &p->rules[1];
	ok(r->n_args == 1 && r->args[0].index == 0 &&
		   r->args[0].op == SC_OP_EQ && r->args[0].value == 2,
	   "arg0 == AF_INET");
	r = &p->rules[4];
	ok(r->args[0].value == 0xffffffff, "0xffffffff in a set");
	r = &p->rules[5];
	ok(r->n_args == 1 && r->args[0].op == SC_OP_MASKED_EQ &&
		   r->args[0].value == (0x10000000 | 0x20000) &&
		   r->args[0].value_two == 0,
	   "masked: (arg0 & (CLONE_NEWUSER|CLONE_NEWNS)) == 0");
	r = &p->rules[6];
	ok(r->n_args == 4 && r->args[0].op == SC_OP_LE &&
		   r->args[1].op == SC_OP_GT && r->args[1].value == 16 &&
		   r->args[2].op == SC_OP_NE && r->args[3].op == SC_OP_LT,
	   "&& with a parenthesised || distributes (first alternative)");
	r = &p->rules[7];
	ok(r->n_args == 4 && r->args[1].op == SC_OP_GE && r->args[1].value == 8,
	   "... second alternative, 010 is octal");
	sc_profile_free(p);
	p = parse(P "[allow]\nopenat = arg2 == O_RDONLY ||\n"
		    "\targ2 == O_WRONLY\n");
	ok(p && p->n_rules == 2, "a condition continues on the next line");
	sc_profile_free(p);
}

static void test_sections(void)
{
	struct sc_profile *p = parse(
		P "[errno ENOSYS unless CAP_SYS_ADMIN]\nsyscalls = clone3\n"
		  "[allow if CAP_SYS_ADMIN CAP_BPF]\nsyscalls = bpf\n"
		  "[allow if arch=amd64,x32 kernel>=4.8]\n"
		  "syscalls = arch_prctl\n");

	if (!ok(p, "conditional sections parse"))
		return;
	ok(p->rules[0].excludes.caps.n == 1 &&
		   strcmp(p->rules[0].excludes.caps.v[0], "CAP_SYS_ADMIN") == 0,
	   "unless CAP_SYS_ADMIN: excludes.caps");
	ok(p->rules[1].includes.caps.n == 2, "if CAP_A CAP_B: both");
	ok(p->rules[2].includes.arches.n == 2 &&
		   p->rules[2].includes.has_min_kernel &&
		   p->rules[2].includes.min_kernel_major == 4 &&
		   p->rules[2].includes.min_kernel_minor == 8,
	   "if arch=amd64,x32 kernel>=4.8");
	sc_profile_free(p);
}

static void test_include(void)
{
	struct sc_profile *p =
		parse("[profile]\ninclude = base.ini\n[allow]\nsyscalls = "
		      "close\n");

	if (!ok(p, "include parses"))
		return;
	ok(p->has_default && p->n_rules == 2 &&
		   strcmp(p->rules[0].names.v[0], "read") == 0 &&
		   strcmp(p->rules[1].names.v[0], "close") == 0,
	   "the included file's default and rules come first");
	ok(p->rules[0].file && strcmp(p->rules[0].file, "base.ini") == 0 &&
		   !p->rules[1].file,
	   "a rule knows the file it was written in");
	sc_profile_free(p);
	fails("[profile]\ninclude = loop.ini\n", 2, "cycle", "include cycle");
	fails("[profile]\ninclude = none.ini\n", 2, "none.ini",
	      "missing include");
	fails("[profile]\ninclude = bad.ini\n", 4, "@nope",
	      "an error inside an include");
	ok(strcmp(e.file, "bad.ini") == 0, "... names the included file");
}

static void test_errors(void)
{
	char longline[400];

	fails("[profile]\ndefault = sometimes\n", 2, "sometimes",
	      "unknown action");
	fails(P "[allow please]\nsyscalls = read\n", 3, "please",
	      "unknown section word");
	fails(P "[profile]\ncolour = blue\n", 4, "colour",
	      "unknown [profile] key");
	fails("[profile]\ndefault = errno EWHATEVER\n", 2, "EWHATEVER",
	      "unknown errno");
	fails("[profile]\ndefault = errno 5000\n", 2, "5000",
	      "errno out of range");
	fails(P "[allow]\nsocket = arg0 == AF_NOPE\n", 4, "AF_NOPE",
	      "unknown constant");
	fails(P "[allow]\nsyscalls = @nope\n", 4, "@nope", "unknown group");
	fails(P "[allow]\nsocket = arg0 => 1\n", 4, "found \"=\"",
	      "unknown operator");
	fails(P "[allow please]\n", 3, "please",
	      "a section without keys is checked too");
	fails(P "[allow]\nsocket = arg6 == 1\n", 4, "arg6",
	      "argument index out of range");
	fails(P "[allow]\nsocket = arg0 == 1 && arg0 == 2\n", 4, "arg0",
	      "an argument compared twice in one AND");
	fails(P "[allow]\nsocket = arg0 & 3 != 1\n", 4,
	      "!=", "a masked compare other than ==");
	fails(P "[allow]\nsyscalls = Read!\n", 4, "Read!", "not a name");
	fails(P "[allow]\nsocket = arg0 == 1 ||\n", 4, "end",
	      "a condition cut short");
	fails("default = allow\n", 1, "outside", "a key outside a section");
	fails("[allow]\nsyscalls = read\n", 0, "default", "no default");
	fails(P "[allow if CAP_NOPE]\nsyscalls = read\n", 3, "CAP_NOPE",
	      "unknown capability");
	fails(P "[allow if arch=vax]\nsyscalls = read\n", 3, "vax",
	      "unknown arch in a condition");
	fails(P "[allow if kernel>=4]\nsyscalls = read\n", 3, "4",
	      "a kernel version without a minor");
	fails("[profile]\narch = native pdp11\n", 2, "pdp11",
	      "unknown architecture");
	fails(P "just words\n", 3, "KEY = VALUE", "a line that is no INI");
	memset(longline, 'a', sizeof(longline));
	memcpy(longline, P "[allow]\nsyscalls = ", strlen(P) + 19);
	longline[sizeof(longline) - 2] = '\n';
	longline[sizeof(longline) - 1] = '\0';
	fails(longline, 4, "inih reads at most", "a line too long for inih");
	fails(P "[allow if CAP_SYS_ADMIN CAP_SYS_ADMIN CAP_SYS_ADMIN]\n"
		"syscalls = read\n",
	      3, "section header", "a section header inih would cut");
}

static uint32_t decide(const struct sc_compiled *c, const char *name,
		       uint64_t a0)
{
	struct seccomp_data d = { .nr = seccomp_syscall_resolve_name(name),
				  .arch = AUDIT_ARCH_X86_64,
				  .args = { a0 } };

	return sc_bpf_run(&c->prog, &d, NULL);
}

static void test_compile(void)
{
	struct sc_opts o = { .kernel_major = 6,
			     .kernel_minor = 1,
			     .native = sc_arch_native() };
	struct sc_profile *p;
	struct sc_compiled c;

	p = parse(P "[allow]\nsyscalls = read raed\n");
	ok(p && sc_compile(p, &o, &c, &e) == -EINVAL,
	   "an unknown name written by hand is an error");
	is_int(e.line, 4, "... on its line");
	ok(strstr(e.msg, "raed") && strstr(e.msg, "--lenient"),
	   "... naming it and the way out: %s", e.msg);
	o.lenient = true;
	ok(p && sc_compile(p, &o, &c, &e) == 0 && c.unknown.n == 1,
	   "--lenient: a warning");
	sc_compiled_clear(&c);
	sc_profile_free(p);
	o.lenient = false;
	p = parse(P "[allow]\nsyscalls = ?raed read\n"
		    "socket = arg0 == AF_UNIX || arg0 == AF_INET\n");
	ok(p && sc_compile(p, &o, &c, &e) == 0, "?name is skipped quietly");
	is_int(decide(&c, "read", 0), SECCOMP_RET_ALLOW, "read allowed");
	is_int(decide(&c, "socket", 1), SECCOMP_RET_ALLOW, "AF_UNIX allowed");
	is_int(decide(&c, "socket", 40), SECCOMP_RET_ERRNO | EPERM,
	       "AF_VSOCK denied");
	is_int(decide(&c, "statx", 0), SECCOMP_RET_ERRNO | ENOSYS,
	       "above the highest name: ENOSYS (native arch always listed)");
	sc_compiled_clear(&c);
	sc_profile_free(p);
}

int main(void)
{
	test_profile();
	test_syscalls();
	test_conditions();
	test_sections();
	test_include();
	test_errors();
	test_compile();
	return tap_done();
}
