/* SPDX-License-Identifier: Apache-2.0 */
/* The compiler against runc's semantics, checked by running the exported
 * program in the BPF interpreter: a profile, a call, the kernel's answer. */
#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "bpf.h"
#include "caps.h"
#include "compile.h"
#include "json.h"
#include "stage.h"

#define X32 0x40000000u
#define ALLOW SECCOMP_RET_ALLOW
#define EPERM_ (SECCOMP_RET_ERRNO | EPERM)
#define ENOSYS_ (SECCOMP_RET_ERRNO | ENOSYS)
#define KILL_T SECCOMP_RET_KILL_THREAD

static const char *dir;

static char *slurp(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	char *buf;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf = calloc(1, 1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	return buf;
}

/* Compiles @text with @caps on a 6.1 kernel. */
static int compile_text(const char *text, const char *caps, bool strict,
			struct sc_compiled *c, struct sc_err *e)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	struct sc_opts o = { .strict = strict,
			     .kernel_major = 6,
			     .kernel_minor = 1,
			     .native = sc_arch_native() };
	int rc;

	memset(c, 0, sizeof(*c));
	rc = sc_caps_parse(caps, &o.caps, e);
	if (rc == 0)
		rc = sc_json_parse(text, strlen(text), "t.json", &p, e);
	if (rc == 0)
		rc = sc_compile(p, &o, c, e);
	return rc;
}

static int compile_file(const char *name, const char *caps,
			struct sc_compiled *c)
{
	struct sc_err e = { 0 };
	size_t len;
	char *text = slurp(name, &len);
	int rc = text ? compile_text(text, caps, false, c, &e) : -ENOENT;

	if (rc < 0)
		printf("# %s: %s:%u: %s\n", name, e.file, e.line, e.msg);
	free(text);
	return rc;
}

static uint32_t run(const struct sc_prog *p, uint32_t arch, uint32_t nr,
		    uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct seccomp_data d = { .nr = (int)nr,
				  .arch = arch,
				  .args = { a0, a1, a2 } };

	return sc_bpf_run(p, &d, NULL);
}

#define X86_64 AUDIT_ARCH_X86_64
#define I386 AUDIT_ARCH_I386
#define NR(name) ((uint32_t)seccomp_syscall_resolve_name(name))

static void test_moby_unprivileged(void)
{
	struct sc_compiled c;

	if (!ok(compile_file("moby-default.json", "none", &c) == 0,
		"moby-default.json compiles (caps none)"))
		return;
	/* 12 in the file; 3 (lsm_*) only in the CAP_SYS_ADMIN rule. */
	is_int(c.unknown.n, 9, "9 names that apply are unknown to libseccomp");
	is_int(run(&c.prog, X86_64, NR("getpid"), 0, 0, 0), ALLOW, "getpid");
	is_int(run(&c.prog, X86_64, NR("personality"), 0xffffffff, 0, 0), ALLOW,
	       "personality(0xffffffff)");
	is_int(run(&c.prog, X86_64, NR("personality"), 0x0040000, 0, 0), EPERM_,
	       "personality(ADDR_NO_RANDOMIZE)");
	is_int(run(&c.prog, X86_64, NR("socket"), 40, 1, 0), EPERM_,
	       "socket(AF_VSOCK)");
	is_int(run(&c.prog, X86_64, NR("socket"), 38, 5, 0), EPERM_,
	       "socket(AF_ALG)");
	is_int(run(&c.prog, X86_64, NR("socket"), 2, 1, 0), ALLOW,
	       "socket(AF_INET)");
	is_int(run(&c.prog, X86_64, NR("unshare"), 0x10000000, 0, 0), EPERM_,
	       "unshare(CLONE_NEWUSER)");
	is_int(run(&c.prog, X86_64, NR("clone3"), 0, 0, 0), ENOSYS_,
	       "clone3: ENOSYS (errnoRet 38)");
	is_int(run(&c.prog, X86_64, NR("clone"), 0x3d0f00, 0, 0), ALLOW,
	       "clone for a thread");
	is_int(run(&c.prog, X86_64, NR("clone"), 0x10000000, 0, 0), EPERM_,
	       "clone(CLONE_NEWUSER)");
	is_int(run(&c.prog, X86_64, 1000, 0, 0, 0), ENOSYS_,
	       "nr 1000: ENOSYS from runc's stub");
	is_int(run(&c.prog, X86_64, X32 | 39, 0, 0, 0), ALLOW, "x32 getpid");
	is_int(run(&c.prog, X86_64, X32 | 1000, 0, 0, 0), ENOSYS_,
	       "x32 nr 1000: ENOSYS");
	is_int(run(&c.prog, I386, 20, 0, 0, 0), ALLOW, "i386 getpid");
	is_int(run(&c.prog, I386, 21, 0, 0, 0), EPERM_, "i386 mount");
	is_int(run(&c.prog, AUDIT_ARCH_AARCH64, 172, 0, 0, 0), KILL_T,
	       "an arch not in the profile is killed");
	is_int(c.flags, 0, "no \"flags\": no flag, as runc 1.1.5");
	is_int(sc_check_runnable(&c, "moby", NULL), 0,
	       "Docker's default lets a program run");
	sc_compiled_clear(&c);
}

static void test_moby_caps(void)
{
	struct sc_compiled c;

	if (!ok(compile_file("moby-default.json", "all", &c) == 0,
		"moby-default.json compiles (caps all)"))
		return;
	is_int(c.unknown.n, 12, "all 12 unknown names apply with every cap");
	is_int(run(&c.prog, X86_64, NR("unshare"), 0x10000000, 0, 0), ALLOW,
	       "CAP_SYS_ADMIN: unshare allowed");
	is_int(run(&c.prog, X86_64, NR("clone3"), 0, 0, 0), ALLOW,
	       "CAP_SYS_ADMIN: clone3 allowed");
	is_int(run(&c.prog, X86_64, NR("reboot"), 0, 0, 0), ALLOW,
	       "CAP_SYS_BOOT: reboot allowed");
	sc_compiled_clear(&c);
	if (!ok(compile_file("moby-default.json", "CAP_SYS_BOOT", &c) == 0,
		"moby-default.json compiles (a list of caps)"))
		return;
	is_int(run(&c.prog, X86_64, NR("reboot"), 0, 0, 0), ALLOW,
	       "--caps CAP_SYS_BOOT: reboot allowed");
	is_int(run(&c.prog, X86_64, NR("unshare"), 0, 0, 0), EPERM_,
	       "--caps CAP_SYS_BOOT: unshare denied");
	sc_compiled_clear(&c);
}

static void test_lab(void)
{
	struct sc_compiled c;

	if (ok(compile_file("docker-labs/default.json", "none", &c) == 0,
	       "lab default.json compiles")) {
		is_int(run(&c.prog, X86_64, NR("chmod"), 0, 0, 0), ALLOW,
		       "lab default: chmod allowed");
		is_int(run(&c.prog, X86_64, NR("statx"), 0, 0, 0), ENOSYS_,
		       "lab default: statx (newer than the profile) ENOSYS");
		is_int(run(&c.prog, X86_64, NR("clone3"), 0, 0, 0), ENOSYS_,
		       "lab default: clone3 ENOSYS, so glibc falls back");
		is_int(run(&c.prog, X86_64, NR("mount"), 0, 0, 0), EPERM_,
		       "lab default: mount EPERM");
		sc_compiled_clear(&c);
	}
	if (ok(compile_file("docker-labs/default-no-chmod.json", "none", &c) ==
		       0,
	       "lab default-no-chmod.json compiles")) {
		is_int(run(&c.prog, X86_64, NR("chmod"), 0, 0, 0), EPERM_,
		       "no-chmod: chmod EPERM");
		is_int(run(&c.prog, X86_64, NR("fchmodat"), 0, 0, 0), EPERM_,
		       "no-chmod: fchmodat EPERM");
		sc_compiled_clear(&c);
	}
	if (ok(compile_file("docker-labs/deny.json", "none", &c) == 0,
	       "lab deny.json compiles")) {
		is_int(c.stub.len, 0, "deny: no syscall named, no stub");
		is_int(run(&c.prog, X86_64, 1000, 0, 0, 0), EPERM_,
		       "deny: nr 1000 EPERM");
		is_int(run(&c.prog, X86_64, NR("exit_group"), 0, 0, 0), EPERM_,
		       "deny: exit_group EPERM");
		is_int(sc_check_runnable(&c, "deny", NULL), -EPERM,
		       "deny: refused, as runc cannot start it");
		sc_compiled_clear(&c);
	}
	if (ok(compile_file("docker-labs/allow.json", "none", &c) == 0,
	       "lab allow.json compiles")) {
		is_int(run(&c.prog, X86_64, NR("mount"), 0, 0, 0), ALLOW,
		       "allow: mount allowed");
		sc_compiled_clear(&c);
	}
}

#define HEAD "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["

static void test_args(void)
{
	struct sc_compiled c;
	struct sc_err e;
	uint32_t nr = NR("socket");

	/* Different indices AND. */
	ok(compile_text(HEAD "{\"names\":[\"socket\"],\"action\":"
			     "\"SCMP_ACT_ALLOW\",\"args\":["
			     "{\"index\":0,\"value\":2,\"op\":\"SCMP_CMP_EQ\"},"
			     "{\"index\":1,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}"
			     "]}]}",
			"none", false, &c, &e) == 0,
	   "two indices compile");
	is_int(run(&c.prog, X86_64, nr, 2, 1, 0), ALLOW, "AND: both hold");
	is_int(run(&c.prog, X86_64, nr, 2, 2, 0), EPERM_, "AND: one holds");
	sc_compiled_clear(&c);
	/* One index twice: runc splits every condition into its own rule. */
	ok(compile_text(HEAD
			"{\"names\":[\"socket\"],\"action\":"
			"\"SCMP_ACT_ALLOW\",\"args\":["
			"{\"index\":0,\"value\":2,\"op\":\"SCMP_CMP_EQ\"},"
			"{\"index\":0,\"value\":10,\"op\":\"SCMP_CMP_EQ\"},"
			"{\"index\":1,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}"
			"]}]}",
			"none", false, &c, &e) == 0,
	   "same index twice compiles");
	is_int(run(&c.prog, X86_64, nr, 10, 5, 0), ALLOW, "OR: arg0 == 10");
	is_int(run(&c.prog, X86_64, nr, 3, 1, 0), ALLOW,
	       "OR: arg1 == 1 alone (every condition its own rule)");
	is_int(run(&c.prog, X86_64, nr, 3, 5, 0), EPERM_, "OR: none holds");
	sc_compiled_clear(&c);
	ok(compile_text(HEAD "{\"names\":[\"socket\"],\"action\":"
			     "\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,"
			     "\"value\":12,\"valueTwo\":8,"
			     "\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}",
			"none", false, &c, &e) == 0,
	   "MASKED_EQ compiles");
	is_int(run(&c.prog, X86_64, nr, 0x8 | 0x1, 0, 0), ALLOW,
	       "MASKED_EQ: (9 & 12) == 8");
	is_int(run(&c.prog, X86_64, nr, 0x4, 0, 0), EPERM_,
	       "MASKED_EQ: (4 & 12) != 8");
	sc_compiled_clear(&c);
}

static void test_errors(void)
{
	struct sc_compiled c;
	struct sc_err e;

	is_int(compile_text(
		       HEAD
		       "{\"names\":[\"read\"],"
		       "\"action\":\"SCMP_ACT_ALLOW\"},\n"
		       "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\","
		       "\"errnoRet\":1}]}",
		       "none", false, &c, &e),
	       0, "a rule equal to the default is skipped");
	is_int(run(&c.prog, X86_64, NR("read"), 0, 0, 0), ALLOW,
	       "... and the earlier ALLOW stands");
	sc_compiled_clear(&c);
	ok(compile_text(HEAD
			"{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\","
			"\"args\":[{\"index\":0,\"value\":1,\"op\":"
			"\"SCMP_CMP_EQ\"}]},\n{\"names\":[\"read\"],"
			"\"action\":\"SCMP_ACT_KILL\",\"args\":[{\"index\":"
			"0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
			"none", false, &c, &e) == -EEXIST,
	   "same condition, two actions: an error");
	is_int(e.line, 2, "... on the second rule's line");
	ok(strstr(e.msg, "read") != NULL, "... naming the call: %s", e.msg);
	ok(compile_text(HEAD "{\"names\":[\"nosuchcall\",\"read\"],\"action\":"
			     "\"SCMP_ACT_ALLOW\"}]}",
			"none", false, &c, &e) == 0,
	   "an unknown name is skipped");
	ok(c.unknown.n == 1 && strcmp(c.unknown.v[0], "nosuchcall") == 0,
	   "... and reported");
	sc_compiled_clear(&c);
	ok(compile_text(HEAD "{\"names\":[\"nosuchcall\"],\"action\":"
			     "\"SCMP_ACT_ALLOW\"}]}",
			"none", true, &c, &e) < 0,
	   "--strict: an unknown name is an error");
	ok(compile_text(HEAD "{\"names\":[\"read\"],\"action\":"
			     "\"SCMP_ACT_NOTIFY\"}]}",
			"none", false, &c, &e) < 0 &&
		   strstr(e.msg, "NOTIFY"),
	   "NOTIFY is refused, never ignored");
}

static void test_stage(void)
{
	struct sc_compiled c;
	struct sc_stages st;
	struct sc_err e;
	uint32_t nr;
	bool same = true;

	if (!ok(compile_file("docker-labs/deny.json", "none", &c) == 0,
		"deny.json for stages"))
		return;
	ok(sc_stage_split(&c, true, &st, &e) == 0, "stages split");
	ok(st.two.len > 0, "deny: a narrowing stage is needed");
	ok(st.late.len > 0 &&
		   run(&st.two, X86_64, NR("mmap"), 0, 0, 0) == ALLOW,
	   "deny: ld.so's mmap is narrowed late (la_preinit), not at "
	   "la_version");
	is_int(run(&st.two, X86_64, NR("execve"), 0, 0, 0), EPERM_,
	       "deny: execve is narrowed at la_version");
	is_int(run(&st.one, X86_64, NR("execve"), 0, 0, 0), ALLOW,
	       "stage one allows execve");
	is_int(run(&st.one, X86_64, NR("getpid"), 0, 0, 0), EPERM_,
	       "stage one denies what start-up does not need");
	is_int(run(&st.one, I386, 11, 0, 0, 0), EPERM_,
	       "stage one widens the native ABI only");
	for (nr = 0; nr < 500; nr++) {
		uint32_t full = run(&c.prog, X86_64, nr, 0, 0, 0);
		uint32_t late = st.late.len ? run(&st.late, X86_64, nr, 0, 0, 0)
					    : ALLOW;
		uint32_t both = sc_bpf_stricter(
			sc_bpf_stricter(run(&st.one, X86_64, nr, 0, 0, 0),
					run(&st.two, X86_64, nr, 0, 0, 0)),
			late);
		if (full != both) {
			printf("# nr %u: full %x, stages %x\n", nr, full, both);
			same = false;
		}
	}
	ok(same, "stage one + stage two decide as the profile, nr 0..499");
	sc_stages_clear(&st);
	ok(sc_stage_split(&c, false, &st, &e) == 0 && st.widened.n == 1,
	   "a static target widens execve only");
	sc_stages_clear(&st);
	sc_compiled_clear(&c);
	ok(compile_text("{\"defaultAction\":\"SCMP_ACT_LOG\"}", "none", false,
			&c, &e) == 0,
	   "a LOG default compiles");
	ok(sc_stage_split(&c, false, &st, &e) == 0 && st.widened.n == 0,
	   "LOG lets execve run: nothing to widen");
	sc_stages_clear(&st);
	sc_compiled_clear(&c);
	if (!ok(compile_file("moby-default.json", "none", &c) == 0,
		"moby default for stages"))
		return;
	ok(sc_stage_split(&c, true, &st, &e) == 0 && st.two.len == 0 &&
		   st.late.len == 0,
	   "Docker's default allows start-up: one filter only");
	sc_stages_clear(&st);
	sc_compiled_clear(&c);
}

/* libseccomp's rule adding is quadratic: repeats are skipped and the
 * number of distinct rules is bounded, so hostile profiles end quickly. */
static void test_bounded(void)
{
	size_t size = 12 << 20, at;
	char *big = malloc(size);
	struct sc_compiled c;
	struct sc_err e;

	at = (size_t)sprintf(big, HEAD "{\"names\":[\"acct\"");
	for (int i = 0; i < 300000; i++)
		at += (size_t)sprintf(big + at, ",\"acct\"");
	sprintf(big + at, "],\"action\":\"SCMP_ACT_ALLOW\"}]}");
	/* (Unbounded, this took minutes: a slow run here is the failure.) */
	ok(compile_text(big, "none", false, &c, &e) == 0,
	   "one call named 300,001 times compiles");
	sc_compiled_clear(&c);
	at = (size_t)sprintf(big, HEAD);
	for (int i = 0; i < 4097; i++)
		at += (size_t)sprintf(
			big + at,
			"%s{\"names\":[\"socket\"],\"action\":"
			"\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":"
			"0,\"value\":%d,\"op\":\"SCMP_CMP_EQ\"}]}",
			i ? "," : "", i);
	sprintf(big + at, "]}");
	ok(compile_text(big, "none", false, &c, &e) == -E2BIG &&
		   strstr(e.msg, "4096"),
	   "4,097 distinct rules: refused (%s)", e.msg);
	free(big);
}

static void test_encode(void)
{
	struct sock_filter in[5] = { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } }, out[5];
	struct sc_prog p = { in, 5 };
	size_t len = 0;
	char *text;

	for (size_t n = 1; n <= 5; n++) {
		p.len = n;
		text = sc_prog_encode(&p);
		ok(text && sc_prog_decode(text, out, 5, &len) == 0 &&
			   len == n && memcmp(in, out, n * sizeof(*in)) == 0,
		   "base64 round trip, %zu instructions", n);
		free(text);
	}
	ok(sc_prog_decode("!!!!", out, 5, &len) < 0, "garbage is refused");
	ok(sc_prog_decode("AAAAAAAAAAAAAAAAAAAAAA==", out, 1, &len) == -E2BIG,
	   "a program longer than the buffer is refused");
}

/* The kernel (5.11+) skips the BPF for calls whose path reads only the
 * number and the ABI and ends in ALLOW: every call Docker's default allows
 * outright must stay that way in syscage's layout. */
static void test_cacheable(void)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	struct sc_opts o = { .kernel_major = 6,
			     .kernel_minor = 1,
			     .native = sc_arch_native() };
	struct sc_resolved r;
	struct sc_compiled c;
	struct sc_err e;
	size_t checked = 0, bad = 0, len;
	char *text = slurp("moby-default.json", &len);

	if (!ok(text && sc_json_parse(text, len, "moby", &p, &e) == 0 &&
			sc_compile(p, &o, &c, &e) == 0 &&
			sc_resolve(p, &o, &r, &e) == 0,
		"Docker's default for the layout check")) {
		free(text);
		return;
	}
	for (size_t i = 0; i < r.n_calls; i++) {
		const struct sc_rule *rule = r.calls[i].rule;
		int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64,
							   r.calls[i].name);
		struct seccomp_data d = { .nr = nr, .arch = X86_64 };
		bool args;

		/* seccomp() passes the listener guard (guard.h), which reads
		 * its arguments: the one call the kernel cannot cache. */
		if (rule->n_args || rule->action != SC_ACT_ALLOW || nr < 0 ||
		    strcmp(r.calls[i].name, "seccomp") == 0)
			continue;
		checked++;
		if (sc_bpf_run(&c.prog, &d, &args) != ALLOW || args) {
			printf("# %s is not cacheable\n", r.calls[i].name);
			bad++;
		}
	}
	ok(checked > 0 && bad == 0,
	   "all %zu calls Docker's default allows outright are allowed from "
	   "number and ABI alone (the kernel caches them)",
	   checked);
	sc_resolved_clear(&r);
	sc_compiled_clear(&c);
	free(text);
}

int main(void)
{
	dir = getenv("SC_PROFILES_DIR");
	if (!dir)
		dir = "tests/data/profiles";
	test_moby_unprivileged();
	test_moby_caps();
	test_lab();
	test_args();
	test_errors();
	test_stage();
	test_encode();
	test_cacheable();
	test_bounded();
	return tap_done();
}
