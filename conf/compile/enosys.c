/* SPDX-License-Identifier: Apache-2.0 */
/* The -ENOSYS stub, generated as runc 1.1 generates it: same decisions, our
 * own instruction layout. runc applies it whenever the default action is not
 * ALLOW, LOG or TRACE (its defaultErrnoRet == ENOSYS shortcut compares
 * against the action value and never fires; the result is the same). */
#include "enosys.h"

#include <errno.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X32_BIT 0x40000000u
#define STUB_MAX 256

/* Highest syscall the profile names, per audit arch; x86_64 keeps the
 * native and the x32 maximum apart (0: that ABI is not in the filter). */
struct last {
	uint32_t audit;
	uint32_t max; /* native ABI of this audit arch */
	uint32_t max_x32; /* x86_64 only */
	bool s390;
};

static bool stub_wanted(const struct sc_profile *p)
{
	return p->default_action != SC_ACT_ALLOW &&
	       p->default_action != SC_ACT_LOG &&
	       p->default_action != SC_ACT_TRACE;
}

static size_t find_last(const struct sc_resolved *r, struct last *last)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_arches; i++) {
		const struct sc_arch *a = r->arches[i];
		bool x32 = a->scmp != a->audit;
		int largest = 0;
		size_t j;

		for (size_t k = 0; k < r->n_calls; k++) {
			int nr = seccomp_syscall_resolve_name_arch(
				a->scmp, r->calls[k].name);
			if (nr != __NR_SCMP_ERROR && nr > largest)
				largest = nr;
		}
		if (largest == 0)
			continue;
		for (j = 0; j < n && last[j].audit != a->audit; j++)
			;
		if (j == n) {
			memset(&last[n++], 0, sizeof(*last));
			last[j].audit = a->audit;
			last[j].s390 = a->audit == AUDIT_ARCH_S390 ||
				       a->audit == AUDIT_ARCH_S390X;
		}
		if (x32)
			last[j].max_x32 = (uint32_t)largest;
		else
			last[j].max = (uint32_t)largest;
	}
	return n;
}

/* Jump targets are written as absolute instruction indices while the stub
 * is built, then turned into relative offsets. */
enum { L_FILTER = -1, L_ENOSYS = -2, L_NEXT = -3 };

struct asm_ {
	struct sock_filter ins[STUB_MAX];
	int jt[STUB_MAX], jf[STUB_MAX];
	size_t n;
};

static void emit(struct asm_ *a, uint16_t code, uint32_t k, int jt, int jf)
{
	if (a->n < STUB_MAX) {
		a->ins[a->n] = (struct sock_filter)BPF_STMT(code, k);
		a->jt[a->n] = jt;
		a->jf[a->n] = jf;
	}
	a->n++;
}

#define JMP(op) (BPF_JMP | (op) | BPF_K)

static void emit_section(struct asm_ *a, const struct last *l)
{
	size_t at;

	emit(a, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr),
	     L_NEXT, L_NEXT);
	if (l->s390) /* setup(2), s390's multiplexer for unknown calls */
		emit(a, JMP(BPF_JEQ), 0, L_ENOSYS, L_NEXT);
	if (l->max && l->max_x32) {
		at = a->n;
		emit(a, JMP(BPF_JSET), X32_BIT, (int)at + 3, L_NEXT);
		emit(a, JMP(BPF_JGT), l->max, L_ENOSYS, L_FILTER);
		emit(a, BPF_JMP | BPF_JA, 0, L_FILTER, L_FILTER);
		emit(a, JMP(BPF_JGT), l->max_x32, L_ENOSYS, L_FILTER);
	} else if (l->audit == AUDIT_ARCH_X86_64) {
		/* Only one of the two ABIs: the other skips the stub. */
		emit(a, JMP(BPF_JSET), X32_BIT, l->max ? L_FILTER : L_NEXT,
		     l->max ? L_NEXT : L_FILTER);
		emit(a, JMP(BPF_JGT), l->max ? l->max : l->max_x32, L_ENOSYS,
		     L_FILTER);
	} else {
		emit(a, JMP(BPF_JGT), l->max, L_ENOSYS, L_FILTER);
	}
}

static int resolve_jump(int target, size_t i, size_t stub_len, uint8_t *out)
{
	size_t abs = target == L_FILTER	  ? stub_len
		     : target == L_ENOSYS ? stub_len - 1
		     : target == L_NEXT	  ? i + 1
					  : (size_t)target;
	size_t rel = abs - i - 1;

	if (abs <= i || rel > 255)
		return -E2BIG;
	*out = (uint8_t)rel;
	return 0;
}

static int assemble(struct asm_ *a, const struct last *last, size_t n)
{
	int sec[SC_ARCHES_MAX];
	size_t first;

	emit(a, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch),
	     L_NEXT, L_NEXT);
	first = a->n;
	for (size_t i = 0; i < n; i++)
		emit(a, JMP(BPF_JEQ), last[i].audit, 0, L_NEXT);
	emit(a, BPF_JMP | BPF_JA, 0, L_FILTER, L_FILTER);
	for (size_t i = 0; i < n; i++) {
		sec[i] = (int)a->n;
		a->jt[first + i] = sec[i];
		emit_section(a, &last[i]);
	}
	emit(a, BPF_RET | BPF_K, SCMP_ACT_ERRNO(ENOSYS), L_NEXT, L_NEXT);
	if (a->n > STUB_MAX)
		return -E2BIG;
	for (size_t i = 0; i < a->n; i++) {
		struct sock_filter *f = &a->ins[i];
		uint8_t jt, jf;

		if (BPF_CLASS(f->code) != BPF_JMP)
			continue;
		if (resolve_jump(a->jt[i], i, a->n, &jt) < 0 ||
		    resolve_jump(a->jf[i], i, a->n, &jf) < 0)
			return -E2BIG;
		if (BPF_OP(f->code) == BPF_JA)
			f->k = jt;
		else
			f->jt = jt, f->jf = jf;
	}
	return 0;
}

int sc_enosys_patch(const struct sc_profile *p, const struct sc_resolved *r,
		    const struct sc_prog *bpf, struct sc_prog *out,
		    size_t *stub_len, struct sc_err *err)
{
	struct last last[SC_ARCHES_MAX];
	struct asm_ a = { .n = 0 };
	size_t n = stub_wanted(p) ? find_last(r, last) : 0;

	if (n && assemble(&a, last, n) < 0)
		return sc_err_msg(err, -E2BIG, p->file,
				  "the -ENOSYS stub does not fit");
	out->len = a.n + bpf->len;
	if (out->len > BPF_MAXINSNS)
		return sc_err_msg(err, -E2BIG, p->file,
				  "the filter has %zu instructions; the kernel "
				  "takes at most %d (drop architectures?)",
				  out->len, BPF_MAXINSNS);
	out->insns = malloc(out->len * sizeof(*out->insns));
	if (!out->insns)
		return sc_err_oom(err);
	memcpy(out->insns, a.ins, a.n * sizeof(*a.ins));
	memcpy(out->insns + a.n, bpf->insns, bpf->len * sizeof(*bpf->insns));
	*stub_len = a.n;
	return 0;
}

int sc_enosys_describe(const struct sc_profile *p, const struct sc_resolved *r,
		       int fd, struct sc_err *err)
{
	struct last last[SC_ARCHES_MAX];
	size_t n = stub_wanted(p) ? find_last(r, last) : 0;

	if (n == 0)
		dprintf(fd, "# syscage: no -ENOSYS stub\n");
	for (size_t i = 0; i < n; i++)
		dprintf(fd, "# syscage: -ENOSYS stub: arch 0x%08x: nr > %u%s\n",
			last[i].audit, last[i].max,
			last[i].s390 ? " or nr == 0" : "");
	for (size_t i = 0; i < n; i++)
		if (last[i].max_x32)
			dprintf(fd, "# syscage: -ENOSYS stub: x32: nr > 0x%x\n",
				last[i].max_x32);
	(void)err;
	return 0;
}
