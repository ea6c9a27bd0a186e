/* SPDX-License-Identifier: Apache-2.0 */
/* Slices (see slice.h): the instructions of libseccomp's program one call
 * can reach once its architecture and number are known. A walk from the
 * first instruction follows the accumulator: loads of the number and the
 * architecture, and the jumps that test them, are decided and dropped;
 * argument loads, the tests on them and the returns are kept, in their
 * order, their jumps pointed past what was dropped. */
#include "slice.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"

/* A load of an argument or the instruction pointer. */
static bool loads_arg(const struct sock_filter *f)
{
	return BPF_MODE(f->code) == BPF_ABS &&
	       f->k != offsetof(struct seccomp_data, nr) &&
	       f->k != offsetof(struct seccomp_data, arch);
}

/* Per instruction of the input, what the walk for one (arch, nr) found. */
struct walk {
	const struct sc_prog *p;
	unsigned char *state; /* 0 unseen, 1 known value, 2 argument */
	uint32_t *val; /* the known value on entry */
	bool *keep; /* reads or tests an argument, or returns */
	size_t *next; /* where a dropped instruction goes */
};

struct todo {
	size_t pc;
	bool known;
	uint32_t a;
};

static bool jump_taken(const struct sock_filter *f, uint32_t a)
{
	switch (BPF_OP(f->code)) {
	case BPF_JEQ:
		return a == f->k;
	case BPF_JGT:
		return a > f->k;
	case BPF_JGE:
		return a >= f->k;
	}
	return (a & f->k) != 0;
}

/* One step of the walk from @t; pushes what follows onto @stack. */
static int step(struct walk *w, const struct seccomp_data *d, struct todo t,
		struct todo *stack, size_t *top)
{
	const struct sock_filter *f = &w->p->insns[t.pc];
	unsigned char st = t.known ? 1 : 2;
	size_t pc = t.pc;

	if (w->state[pc]) {
		/* A load makes every way in alike, and a return is kept
		 * whatever came before; any other instruction would have to
		 * be kept for one path and dropped for another. */
		if (w->state[pc] == st && (!t.known || w->val[pc] == t.a))
			return 0;
		if (BPF_CLASS(f->code) == BPF_LD ||
		    BPF_CLASS(f->code) == BPF_RET)
			return 0;
		return -ENOTSUP;
	}
	w->state[pc] = st;
	w->val[pc] = t.a;
	w->next[pc] = pc + 1;
	switch (BPF_CLASS(f->code)) {
	case BPF_RET:
		w->keep[pc] = true;
		return 0;
	case BPF_LD:
		if (loads_arg(f)) {
			w->keep[pc] = true;
			t = (struct todo){ pc + 1, false, 0 };
		} else {
			/* (scan() let through only aligned loads inside
			 * seccomp_data) */
			if (BPF_MODE(f->code) == BPF_IMM)
				t.a = f->k;
			else
				memcpy(&t.a, (const char *)d + f->k, 4);
			t = (struct todo){ pc + 1, true, t.a };
		}
		break;
	case BPF_ALU:
		if (t.known)
			return -ENOTSUP;
		w->keep[pc] = true;
		t.pc++;
		break;
	default:
		if (BPF_OP(f->code) == BPF_JA) {
			w->next[pc] = t.pc = pc + 1 + f->k;
		} else if (t.known) {
			w->next[pc] = t.pc =
				pc + 1 + (jump_taken(f, t.a) ? f->jt : f->jf);
		} else {
			w->keep[pc] = true;
			stack[(*top)++] =
				(struct todo){ pc + 1 + f->jt, false, 0 };
			t.pc = pc + 1 + f->jf;
		}
	}
	stack[(*top)++] = t;
	return 0;
}

static size_t resolve(const struct walk *w, size_t pc)
{
	while (!w->keep[pc])
		pc = w->next[pc];
	return pc;
}

static bool is_plain(const struct sock_filter *f)
{
	return BPF_CLASS(f->code) == BPF_LD || BPF_CLASS(f->code) == BPF_ALU;
}

/* The kept instructions in their order, their jumps pointed past what was
 * dropped; a kept load whose successor was dropped for a jump gets a JA. */
static int emit_slice(const struct walk *w, size_t *pos, struct sc_slice *s)
{
	const struct sc_prog *p = w->p;
	size_t n = 0, last = SIZE_MAX;

	for (size_t pc = p->len; pc-- > 0;) {
		pos[pc] = last; /* the next kept instruction, for now */
		if (w->state[pc] && w->keep[pc])
			last = pc;
	}
	for (size_t pc = 0; pc < p->len; pc++) {
		if (!w->state[pc] || !w->keep[pc])
			continue;
		bool ja = is_plain(&p->insns[pc]) &&
			  resolve(w, pc + 1) != pos[pc];

		pos[pc] = n;
		n += 1 + ja;
	}
	s->f = calloc(n, sizeof(*s->f));
	if (!s->f)
		return -ENOMEM;
	for (size_t pc = 0; pc < p->len; pc++) {
		const struct sock_filter *f = &p->insns[pc];
		struct sock_filter *o;

		if (!w->state[pc] || !w->keep[pc])
			continue;
		o = &s->f[s->n++];
		*o = *f;
		if (is_plain(f)) {
			size_t to = pos[resolve(w, pc + 1)];

			if (to != s->n) {
				uint32_t k = (uint32_t)(to - s->n - 1);

				s->f[s->n++] = SC_STMT(BPF_JMP | BPF_JA, k);
			}
		} else if (BPF_CLASS(f->code) == BPF_JMP) {
			size_t t = pos[resolve(w, pc + 1 + f->jt)];
			size_t e = pos[resolve(w, pc + 1 + f->jf)];

			if (t - s->n > SC_JMAX || e - s->n > SC_JMAX)
				return -ENOTSUP;
			o->jt = (uint8_t)(t - s->n);
			o->jf = (uint8_t)(e - s->n);
		}
	}
	return 0;
}

struct walk_mem {
	struct walk w;
	struct todo *stack;
	size_t *pos;
};

static void walk_mem_clear(struct walk_mem *m)
{
	free(m->w.state);
	free(m->w.val);
	free(m->w.keep);
	free(m->w.next);
	free(m->stack);
	free(m->pos);
}

/* What the program does for @d's architecture and number, whatever the
 * arguments: the instructions that matter, in a new program. */
int sc_slice_make(const struct sc_prog *p, const struct seccomp_data *d,
		  struct sc_slice *s)
{
	__attribute__((cleanup(walk_mem_clear))) struct walk_mem m = {
		.w = { .p = p,
		       .state = calloc(p->len, 1),
		       .val = calloc(p->len, sizeof(uint32_t)),
		       .keep = calloc(p->len, sizeof(bool)),
		       .next = calloc(p->len, sizeof(size_t)) },
		/* each instruction pushes at most two, once */
		.stack = malloc((2 * p->len + 1) * sizeof(struct todo)),
		.pos = malloc(p->len * sizeof(size_t)),
	};
	size_t top = 0;
	int rc;

	if (!m.w.state || !m.w.val || !m.w.keep || !m.w.next || !m.stack ||
	    !m.pos)
		return -ENOMEM;
	m.stack[top++] = (struct todo){ 0, true, 0 };
	while (top > 0) {
		struct todo t = m.stack[--top];

		if (t.pc >= p->len)
			return -ENOTSUP;
		rc = step(&m.w, d, t, m.stack, &top);
		if (rc < 0)
			return rc;
	}
	return emit_slice(&m.w, m.pos, s);
}

bool sc_slice_agrees(const struct sc_prog *a, const struct sc_prog *b,
		     struct seccomp_data d, const struct sc_slice *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct sock_filter *ld = &s->f[i];

		if (ld->code != (BPF_LD | BPF_W | BPF_ABS))
			continue;
		for (size_t j = 0; j < s->n; j++) {
			struct seccomp_data e = d;

			if (BPF_CLASS(s->f[j].code) != BPF_JMP)
				continue;
			for (uint32_t dv = 0; dv < 3; dv++) {
				uint32_t v = s->f[j].k + dv - 1;

				memcpy((char *)&e + ld->k, &v, 4);
				if (!sc_bpf_same(a, b, &e))
					return false;
			}
		}
	}
	return true;
}
