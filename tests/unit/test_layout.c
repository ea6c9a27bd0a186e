/* SPDX-License-Identifier: Apache-2.0 */
/* The layout pass (conf/bpf/layout.c) against libseccomp's own program: for
 * every reference and shipped profile, the laid-out program must be
 * shorter and decide every call the same, and what Docker's default allows
 * outright must stay cacheable by the kernel. */
#include <errno.h>
#include <linux/audit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "bpf.h"
#include "layout.h"
#include "source.h"
#include "util.h"

#define X32 0x40000000u

static const char *const profiles[] = {
	"tests/data/profiles/moby-default.json",
	"tests/data/profiles/podman-seccomp.json",
	"tests/data/profiles/docker-labs/default.json",
	"tests/data/profiles/docker-labs/default-no-chmod.json",
	"tests/data/profiles/docker-labs/allow.json",
	"tests/data/profiles/docker-labs/deny.json",
	"tests/data/profiles/moby-fixtures/conditional_include.json",
	"tests/data/profiles/moby-fixtures/default-old-format.json",
	"tests/data/ini/example.ini",
	"conf/profiles/default.ini",
	"conf/profiles/shell-readonly.ini",
	"conf/profiles/python-nonet.ini",
	"conf/profiles/net-client.ini",
	"conf/profiles/http-server.ini",
	"conf/profiles/tar-backup.ini",
};

static const uint32_t arches[] = { AUDIT_ARCH_X86_64, AUDIT_ARCH_I386,
				   AUDIT_ARCH_AARCH64, 0, 0xffffffff };

static const uint32_t far_nrs[] = { 0x3fffffff, 0x40000000, 0x7fffffff,
				    0x80000000, 0xbfffffff, 0xc0000000,
				    0xc0000001, 0xfffffffe, 0xffffffff };

static int compile(const char *file, const char *caps,
		   enum sc_layout_kind layout, struct sc_compiled *c)
{
	_cleanup_profile_ struct sc_profile *p = NULL;
	struct sc_opts o;
	struct sc_err e = { 0 };
	int rc = sc_load(&SC_REQUEST(file, caps, false, true), &p, &o, &e);

	o.layout = layout;
	if (rc == 0)
		rc = sc_compile(p, &o, c, &e);
	if (rc < 0)
		printf("# %s: %s:%u: %s\n", file, e.file, e.line, e.msg);
	return rc;
}

static uint32_t rnd(void)
{
	static uint64_t s = 0x9e3779b97f4a7c15ull;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (uint32_t)s;
}

/* Random argument words, often set to a constant the program compares. */
static void random_args(const struct sc_prog *p, struct seccomp_data *d)
{
	uint32_t *w = (uint32_t *)(void *)d->args;

	for (int i = 0; i < 12; i++) {
		uint32_t r = rnd();

		w[i] = r % 4 == 0   ? r
		       : r % 4 == 1 ? p->insns[r % p->len].k
		       : r % 4 == 2 ? 0
				    : p->insns[r % p->len].k + (r & 2) - 1;
	}
}

/* Same action, same dependence on the arguments, for @d and, when the
 * path reads them, 32 random argument vectors. */
static bool same(const struct sc_prog *a, const struct sc_prog *b,
		 struct seccomp_data d)
{
	bool ua, ub;

	if (sc_bpf_run(a, &d, &ua) != sc_bpf_run(b, &d, &ub) || ua != ub)
		return false;
	for (int i = 0; ua && i < 32; i++) {
		random_args(a, &d);
		if (sc_bpf_run(a, &d, NULL) != sc_bpf_run(b, &d, NULL))
			return false;
	}
	return true;
}

static size_t sweep(const struct sc_prog *a, const struct sc_prog *b)
{
	size_t bad = 0;

	for (size_t i = 0; i < SC_ARRAY_SIZE(arches); i++) {
		struct seccomp_data d = { .arch = arches[i] };

		for (uint32_t nr = 0; nr < 1100; nr++) {
			d.nr = (int)nr;
			bad += !same(a, b, d);
			d.nr = (int)(nr | X32);
			bad += !same(a, b, d);
		}
		for (size_t k = 0; k < SC_ARRAY_SIZE(far_nrs); k++) {
			d.nr = (int)far_nrs[k];
			bad += !same(a, b, d);
		}
	}
	return bad;
}

static void test_profiles(void)
{
	for (size_t i = 0; i < SC_ARRAY_SIZE(profiles); i++) {
		for (int caps = 0; caps < 2; caps++) {
			const char *cs = caps ? "all" : "none";
			struct sc_compiled t, r;
			size_t bad;

			if (!ok(compile(profiles[i], cs, SC_LAYOUT_TREE, &t) ==
						0 &&
					compile(profiles[i], cs,
						SC_LAYOUT_RANGES, &r) == 0,
				"%s (caps %s) compiles", profiles[i], cs))
				continue;
			bad = sweep(&t.prog, &r.prog);
			ok(bad == 0,
			   "%s (caps %s): %zu of libseccomp's %zu "
			   "instructions, every decision the same "
			   "(%zu differ)",
			   profiles[i], cs, r.prog.len, t.prog.len, bad);
			/* Profiles of a few rules are short already. */
			ok(r.prog.len < t.prog.len || t.prog.len < 40,
			   "... laid out (%zu < %zu)", r.prog.len, t.prog.len);
			sc_compiled_clear(&t);
			sc_compiled_clear(&r);
		}
	}
}

/* The kernel's own check (kernel/seccomp.c seccomp_is_const_allow): the
 * path may load only nr and arch, and must end in RET ALLOW. Counts the
 * instructions on the way. */
static bool kernel_caches(const struct sc_prog *p, uint32_t arch, uint32_t nr,
			  size_t *steps)
{
	uint32_t a = 0;

	*steps = 0;
	for (size_t pc = 0; pc < p->len; pc++) {
		const struct sock_filter *f = &p->insns[pc];
		bool t;

		++*steps;
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k != 0 && f->k != 4)
				return false;
			a = f->k == 0 ? nr : arch;
			continue;
		case BPF_RET | BPF_K:
			return f->k == SECCOMP_RET_ALLOW;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			continue;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= f->k;
			continue;
		case BPF_JMP | BPF_JEQ | BPF_K:
			t = a == f->k;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			t = a >= f->k;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			t = a > f->k;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			t = (a & f->k) != 0;
			break;
		default:
			return false;
		}
		pc += t ? f->jt : f->jf;
	}
	return false;
}

/* Every call Docker's default allows outright, on each of its three ABIs
 * (x32 shares the x86_64 arch value), in syscage's layout. */
static void test_cacheable(void)
{
	static const uint32_t abi[][2] = { { AUDIT_ARCH_X86_64, 0 },
					   { AUDIT_ARCH_I386, 0 },
					   { AUDIT_ARCH_X86_64, X32 } };
	struct sc_compiled c;
	size_t allowed = 0, bad = 0, longest = 0, longest_args = 0, steps;

	if (!ok(compile("conf/profiles/default.json", "none", SC_LAYOUT_RANGES,
			&c) == 0,
		"the embedded default compiles"))
		return;
	for (size_t i = 0; i < 3; i++)
		for (uint32_t n = 0; n < 1024; n++) {
			struct seccomp_data d = { .nr = (int)(n | abi[i][1]),
						  .arch = abi[i][0] };
			bool args;
			uint32_t act = sc_bpf_run(&c.prog, &d, &args);

			if (args) {
				kernel_caches(&c.prog, d.arch, (uint32_t)d.nr,
					      &steps);
				longest_args = steps > longest_args
						       ? steps
						       : longest_args;
			}
			if (act != SECCOMP_RET_ALLOW || args)
				continue;
			allowed++;
			bad += !kernel_caches(&c.prog, d.arch, (uint32_t)d.nr,
					      &steps);
			longest = steps > longest ? steps : longest;
		}
	ok(allowed > 900 && bad == 0,
	   "all %zu calls the embedded default allows outright (three ABIs) "
	   "pass the kernel's cache check (%zu fail); longest path %zu "
	   "instructions",
	   allowed, bad, longest);
	ok(longest_args > 0 && longest_args < 64,
	   "argument-checked calls reach their first argument load within "
	   "%zu instructions",
	   longest_args);
	sc_compiled_clear(&c);
}

/* libseccomp's default (linear) layout reloads the number after a failed
 * argument check and shares returns between paths: the pass takes it too. */
static void test_linear(void)
{
	struct sc_compiled c;
	struct sc_prog laid;
	int rc;

	if (!ok(compile("tests/data/profiles/moby-default.json", "none",
			SC_LAYOUT_LINEAR, &c) == 0,
		"Docker's default in libseccomp's linear layout compiles"))
		return;
	rc = sc_layout(&c.prog, &laid);
	ok(rc == 0 && laid.len < c.prog.len,
	   "... is laid out (%d: %zu -> %zu instructions)", rc, c.prog.len,
	   rc == 0 ? laid.len : 0);
	if (rc == 0) {
		ok(sweep(&c.prog, &laid) == 0, "... deciding every call alike");
		free(laid.insns);
	}
	sc_compiled_clear(&c);
}

/* What the pass refuses leaves libseccomp's program in place. */
static void test_refused(void)
{
	struct sock_filter low_jset[] = {
		SC_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
		SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
		SC_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		SC_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 1),
		SC_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		SC_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	struct sock_filter uses_x[] = {
		SC_STMT(BPF_LDX | BPF_W | BPF_IMM, 1),
		SC_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter off_end[] = {
		SC_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
		SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 1),
	};
	struct sc_prog p = { low_jset, 6 }, out;

	is_int(sc_layout(&p, &out), -ENOTSUP,
	       "JSET on the number's low bits: refused");
	p = (struct sc_prog){ uses_x, 2 };
	is_int(sc_layout(&p, &out), -ENOTSUP, "the X register: refused");
	p = (struct sc_prog){ off_end, 2 };
	is_int(sc_layout(&p, &out), -ENOTSUP,
	       "a path that runs off the end: refused");
}

int main(void)
{
	test_profiles();
	test_cacheable();
	test_linear();
	test_refused();
	return tap_done();
}
