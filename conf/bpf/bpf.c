/* SPDX-License-Identifier: Apache-2.0 */
/* The subset of classic BPF that seccomp accepts (kernel/seccomp.c
 * seccomp_check_filter): loads from seccomp_data, ALU, jumps, scratch
 * memory, returns. */
#include "bpf.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static bool load_word(const struct seccomp_data *d, uint32_t off, uint32_t *v,
		      bool *uses_args)
{
	if (off >= sizeof(*d) || off % 4)
		return false;
	if (off >= offsetof(struct seccomp_data, instruction_pointer) &&
	    uses_args)
		*uses_args = true;
	memcpy(v, (const char *)d + off, 4);
	return true;
}

static bool alu(uint16_t op, uint32_t *a, uint32_t v)
{
	switch (op) {
	case BPF_ADD:
		*a += v;
		break;
	case BPF_SUB:
		*a -= v;
		break;
	case BPF_MUL:
		*a *= v;
		break;
	case BPF_DIV:
		if (!v)
			return false;
		*a /= v;
		break;
	case BPF_MOD:
		if (!v)
			return false;
		*a %= v;
		break;
	case BPF_AND:
		*a &= v;
		break;
	case BPF_OR:
		*a |= v;
		break;
	case BPF_XOR:
		*a ^= v;
		break;
	case BPF_LSH:
		*a = v < 32 ? *a << v : 0;
		break;
	case BPF_RSH:
		*a = v < 32 ? *a >> v : 0;
		break;
	case BPF_NEG:
		*a = -*a;
		break;
	default:
		return false;
	}
	return true;
}

static bool cond(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_JEQ:
		return a == v;
	case BPF_JGT:
		return a > v;
	case BPF_JGE:
		return a >= v;
	case BPF_JSET:
		return (a & v) != 0;
	}
	return false;
}

uint32_t sc_bpf_run(const struct sc_prog *prog, const struct seccomp_data *d,
		    bool *uses_args)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };

	if (uses_args)
		*uses_args = false;
	for (size_t pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *f = &prog->insns[pc];
		uint32_t v = BPF_SRC(f->code) == BPF_X ? x : f->k;

		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
			if (BPF_MODE(f->code) == BPF_ABS) {
				if (!load_word(d, f->k, &a, uses_args))
					return SECCOMP_RET_KILL_PROCESS;
			} else if (BPF_MODE(f->code) == BPF_IMM) {
				a = f->k;
			} else if (BPF_MODE(f->code) == BPF_MEM &&
				   f->k < BPF_MEMWORDS) {
				a = mem[f->k];
			} else if (BPF_MODE(f->code) == BPF_LEN) {
				a = sizeof(*d);
			} else {
				return SECCOMP_RET_KILL_PROCESS;
			}
			break;
		case BPF_LDX:
			if (BPF_MODE(f->code) == BPF_IMM)
				x = f->k;
			else if (BPF_MODE(f->code) == BPF_MEM &&
				 f->k < BPF_MEMWORDS)
				x = mem[f->k];
			else if (BPF_MODE(f->code) == BPF_LEN)
				x = sizeof(*d);
			else
				return SECCOMP_RET_KILL_PROCESS;
			break;
		case BPF_ST:
		case BPF_STX:
			if (f->k >= BPF_MEMWORDS)
				return SECCOMP_RET_KILL_PROCESS;
			mem[f->k] = BPF_CLASS(f->code) == BPF_ST ? a : x;
			break;
		case BPF_ALU:
			if (!alu(BPF_OP(f->code), &a, v))
				return SECCOMP_RET_KILL_PROCESS;
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA)
				pc += f->k;
			else
				pc += cond(BPF_OP(f->code), a, v) ? f->jt
								  : f->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(f->code) == BPF_A ? a : f->k;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		}
	}
	return SECCOMP_RET_KILL_PROCESS;
}

bool sc_bpf_same(const struct sc_prog *a, const struct sc_prog *b,
		 const struct seccomp_data *d)
{
	bool ua, ub;

	return sc_bpf_run(a, d, &ua) == sc_bpf_run(b, d, &ub) && ua == ub;
}

/* kernel/seccomp.c: lower action values win, KILL_PROCESS above all. */
static int rank(uint32_t act)
{
	uint32_t a = act & SECCOMP_RET_ACTION_FULL;

	if (a == SECCOMP_RET_KILL_PROCESS)
		return -1;
	return (int)(a >> 16);
}

/* @a from the older filter, @b from the newer: the kernel runs the newest
 * first and keeps a later result only when it ranks strictly lower, so a
 * tie goes to the newer. */
uint32_t sc_bpf_stricter(uint32_t a, uint32_t b)
{
	return rank(b) <= rank(a) ? b : a;
}

int sc_prog_dup(const struct sc_prog *in, size_t len, struct sc_prog *out)
{
	/* malloc(0) may return NULL: an empty program is not out of memory. */
	out->insns = malloc((len ?: 1) * sizeof(*in->insns));
	if (!out->insns)
		return -ENOMEM;
	memcpy(out->insns, in->insns, len * sizeof(*in->insns));
	out->len = len;
	return 0;
}

void sc_compiled_clear(struct sc_compiled *c)
{
	free(c->prog.insns);
	free(c->stub.insns);
	sc_strv_clear(&c->unknown);
	sc_strv_clear(&c->files);
	free(c->listener);
	memset(c, 0, sizeof(*c));
}
