/* SPDX-License-Identifier: Apache-2.0 */
/* The filter layout (see layout.h).
 *
 * Three steps. scan() walks every path of libseccomp's program and notes
 * which architectures it compares and where along the syscall numbers a
 * comparison can change its outcome (the cuts): between two cuts every
 * number takes the same path. Each range is then run through the
 * interpreter once; a range whose path reads an argument gets a slice, the
 * instructions that path can reach once the architecture and number are
 * known. Last, emit: the architecture dispatch, one binary search over the
 * ranges per architecture, the slices. */
#include "layout.h"
#include "arch.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "slice.h"

#define OFF_NR offsetof(struct seccomp_data, nr)
#define OFF_ARCH offsetof(struct seccomp_data, arch)

/* What the accumulator holds, as far as the layout cares. */
enum tag { T_CONST, T_ARCH, T_NR, T_ARG, T_N };

struct shape {
	uint32_t arch[SC_ARCHES_MAX];
	size_t n_arch;
	uint32_t *cut; /* sorted, unique, cut[0] == 0 */
	size_t n_cut;
};

/* A run of syscall numbers from lo up to the next range's lo. */
struct range {
	uint32_t lo;
	uint32_t ret; /* SECCOMP_RET_* when slice < 0 */
	int slice;
};

struct out {
	struct sock_filter *f;
	size_t n, max;
	struct fix {
		size_t at;
		int slice;
	} * fix;
	size_t n_fix;
};

static void shape_clear(struct shape *s)
{
	free(s->cut);
}

static void out_clear(struct out *o)
{
	free(o->f);
	free(o->fix);
}

static void freep(void *p)
{
	free(*(void **)p);
}

#define _cleanup_free_ __attribute__((cleanup(freep)))

static bool supported(const struct sock_filter *f)
{
	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		return f->k < sizeof(struct seccomp_data) && f->k % 4 == 0;
	case BPF_LD | BPF_IMM:
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_RET | BPF_K:
		return true;
	}
	return false;
}

static enum tag load_tag(const struct sock_filter *f)
{
	if (BPF_MODE(f->code) == BPF_IMM)
		return T_CONST;
	return f->k == OFF_NR ? T_NR : f->k == OFF_ARCH ? T_ARCH : T_ARG;
}

static int add_cut(struct shape *s, uint32_t k)
{
	if ((s->n_cut & (s->n_cut - 1)) == 0 && s->n_cut >= 16) {
		uint32_t *c = realloc(s->cut, 2 * s->n_cut * sizeof(*c));

		if (!c)
			return -ENOMEM;
		s->cut = c;
	}
	s->cut[s->n_cut++] = k;
	return 0;
}

/* Notes what a conditional jump compares; -ENOTSUP for comparisons that do
 * not split the numbers into a few ranges (JSET on low bits of the number,
 * anything but equality on the architecture). */
static int note_jump(struct shape *s, enum tag tag, const struct sock_filter *f)
{
	uint16_t op = BPF_OP(f->code);
	size_t i;

	if (tag == T_ARCH) {
		if (op != BPF_JEQ)
			return -ENOTSUP;
		for (i = 0; i < s->n_arch && s->arch[i] != f->k; i++)
			;
		if (i == s->n_arch && s->n_arch == SC_ARCHES_MAX)
			return -ENOTSUP;
		s->arch[i] = f->k;
		s->n_arch += i == s->n_arch;
		return 0;
	}
	if (tag != T_NR)
		return 0;
	if (op == BPF_JSET) {
		/* Constant on aligned blocks as long as its lowest bit; the
		 * -ENOSYS stub tests x32's bit 30, as runc's does. */
		int low = f->k ? __builtin_ctz(f->k) : 32;

		if (low < 24)
			return -ENOTSUP;
		for (uint64_t c = 1ull << low; c < 1ull << 32; c += 1ull << low)
			if (add_cut(s, (uint32_t)c) < 0)
				return -ENOMEM;
		return 0;
	}
	if (op != BPF_JGT && add_cut(s, f->k) < 0)
		return -ENOMEM;
	if (op != BPF_JGE && f->k != UINT32_MAX && add_cut(s, f->k + 1) < 0)
		return -ENOMEM;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

struct visit {
	size_t pc;
	enum tag tag;
};

/* Every path, once per (instruction, tag). */
static int scan(const struct sc_prog *p, struct shape *s)
{
	_cleanup_free_ struct visit *stack =
		malloc(p->len * T_N * sizeof(*stack));
	_cleanup_free_ unsigned char *seen = calloc(p->len, 1);
	size_t top = 0, k;

	s->cut = malloc(16 * sizeof(*s->cut));
	if (!stack || !seen || !s->cut)
		return -ENOMEM;
	s->cut[s->n_cut++] = 0;
	stack[top++] = (struct visit){ 0, T_CONST };
	while (top > 0) {
		size_t pc = stack[--top].pc;
		enum tag tag = stack[top].tag;

		while (pc < p->len && !(seen[pc] & 1u << tag)) {
			const struct sock_filter *f = &p->insns[pc];
			int rc;

			seen[pc] |= 1u << tag;
			if (!supported(f))
				return -ENOTSUP;
			if (BPF_CLASS(f->code) == BPF_RET)
				break;
			if (BPF_CLASS(f->code) == BPF_LD) {
				tag = load_tag(f);
			} else if (BPF_CLASS(f->code) == BPF_ALU) {
				if (tag != T_ARG)
					return -ENOTSUP;
			} else if (BPF_OP(f->code) == BPF_JA) {
				if (f->k >= p->len - pc)
					return -ENOTSUP;
				pc += f->k;
			} else {
				rc = note_jump(s, tag, f);
				if (rc < 0)
					return rc;
				stack[top++] =
					(struct visit){ pc + 1 + f->jt, tag };
				pc += f->jf;
			}
			pc++;
		}
		if (pc >= p->len)
			return -ENOTSUP; /* runs off the end */
	}
	qsort(s->cut, s->n_cut, sizeof(*s->cut), cmp_u32);
	for (size_t i = k = 1; i < s->n_cut; i++)
		if (s->cut[i] != s->cut[k - 1])
			s->cut[k++] = s->cut[i];
	s->n_cut = k;
	return 0;
}

/* ---- ranges ---- */

/* The ranges of one architecture, neighbours with one plain decision
 * merged; slices appended to @sl (equal ones shared). */
static int arch_ranges(const struct sc_prog *p, const struct shape *sh,
		       uint32_t arch, struct range *r, size_t *n_r,
		       struct sc_slice *sl, size_t *n_sl)
{
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < sh->n_cut; i++) {
		struct seccomp_data d = { .nr = (int)sh->cut[i], .arch = arch };
		struct range x = { sh->cut[i], 0, -1 };
		struct sc_slice s = { 0 };
		bool args;
		size_t k;

		x.ret = sc_bpf_run(p, &d, &args);
		if (!args) {
			if (n == 0 || r[n - 1].slice >= 0 ||
			    r[n - 1].ret != x.ret)
				r[n++] = x;
			continue;
		}
		rc = sc_slice_make(p, &d, &s);
		if (rc < 0)
			return rc;
		for (k = 0; k < *n_sl; k++)
			if (sl[k].n == s.n &&
			    !memcmp(sl[k].f, s.f, s.n * sizeof(*s.f)))
				break;
		if (k < *n_sl)
			free(s.f);
		else
			sl[(*n_sl)++] = s;
		x.slice = (int)k;
		r[n++] = x;
	}
	*n_r = n;
	return 0;
}

/* ---- emitting ---- */

static int put(struct out *o, struct sock_filter f)
{
	if (o->n == o->max)
		return -ENOTSUP; /* not shorter than the input */
	o->f[o->n++] = f;
	return 0;
}

/* A leaf's target: a return value, or a slice (told apart by slice). */
static bool same_leaf(const struct range *a, const struct range *b)
{
	return a->slice == b->slice && (a->slice >= 0 || a->ret == b->ret);
}

static size_t distinct_leaves(const struct range *r, size_t n)
{
	size_t d = 0;

	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		while (j < i && !same_leaf(&r[j], &r[i]))
			j++;
		d += j == i;
	}
	return d;
}

/* A search whose comparisons jump straight to one shared instruction per
 * distinct leaf (a return, or a JA to a slice) after them. */
static size_t compact_size(const struct range *r, size_t n)
{
	return n - 1 + distinct_leaves(r, n);
}

/* Instructions the search over @n ranges takes: compact while every jump
 * reaches its leaf, else split in halves. */
static size_t tree_size(const struct range *r, size_t n)
{
	size_t left, c = compact_size(r, n);

	if (c <= SC_JMAX + 1)
		return c;
	left = tree_size(r, n / 2);
	return 1 + (left > SC_JMAX) + left + tree_size(r + n / 2, n - n / 2);
}

/* Emits the comparisons of a compact search, in preorder; returns where
 * the search over @r starts (a comparison, or the leaf's pool slot).
 * @slot[i]: where range i's leaf sits. */
static size_t compact_node(struct out *o, const struct range *r, size_t n,
			   const size_t *slot)
{
	size_t at = o->n, left = n / 2, lt, rt;

	if (n == 1)
		return *slot;
	o->f[o->n++] = SC_JUMP(BPF_JMP | BPF_JGE | BPF_K, r[left].lo, 0, 0);
	lt = compact_node(o, r, left, slot);
	rt = compact_node(o, r + left, n - left, slot + left);
	o->f[at].jt = (uint8_t)(rt - at - 1);
	o->f[at].jf = (uint8_t)(lt - at - 1);
	return at;
}

static int leaf(struct out *o, const struct range *r)
{
	if (r->slice < 0)
		return put(o, SC_STMT(BPF_RET | BPF_K, r->ret));
	if (o->n == o->max)
		return -ENOTSUP;
	o->fix[o->n_fix++] = (struct fix){ o->n, r->slice };
	return put(o, SC_STMT(BPF_JMP | BPF_JA, 0));
}

static int compact(struct out *o, const struct range *r, size_t n)
{
	_cleanup_free_ size_t *slot = malloc(n * sizeof(*slot));
	size_t pool = o->n + n - 1, d = 0;
	int rc = 0;

	if (!slot)
		return -ENOMEM;
	if (o->n + compact_size(r, n) > o->max)
		return -ENOTSUP;
	/* The pool: each distinct leaf once, in order of first appearance. */
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		while (j < i && !same_leaf(&r[j], &r[i]))
			j++;
		slot[i] = j == i ? pool + d++ : slot[j];
	}
	compact_node(o, r, n, slot);
	for (size_t i = 0; i < n && rc == 0; i++)
		if (slot[i] == o->n)
			rc = leaf(o, &r[i]);
	return rc;
}

/* Numbers at or above the middle range's lo go right; a left half too long
 * for a conditional jump gets a JA over it. */
static int tree(struct out *o, const struct range *r, size_t n)
{
	size_t left = n / 2, ls;
	int rc;

	if (compact_size(r, n) <= SC_JMAX + 1)
		return compact(o, r, n);
	ls = tree_size(r, left);
	if (ls <= SC_JMAX)
		rc = put(o, SC_JUMP(BPF_JMP | BPF_JGE | BPF_K, r[left].lo,
				    (uint8_t)ls, 0));
	else
		rc = put(o,
			 SC_JUMP(BPF_JMP | BPF_JGE | BPF_K, r[left].lo, 0, 1))
			     ?: put(o, SC_STMT(BPF_JMP | BPF_JA, (uint32_t)ls));
	return rc ?: tree(o, r, left) ?: tree(o, r + left, n - left);
}

/* ---- checking ---- */

static bool agree_arch(const struct sc_prog *in, const struct sc_prog *out,
		       const struct shape *sh, uint32_t arch,
		       const struct range *r, size_t n_r,
		       const struct sc_slice *sl)
{
	size_t k = 0;

	for (size_t i = 0; i < sh->n_cut; i++) {
		uint32_t end =
			i + 1 < sh->n_cut ? sh->cut[i + 1] - 1 : UINT32_MAX;
		struct seccomp_data d = { .nr = (int)sh->cut[i], .arch = arch };
		struct seccomp_data e = { .nr = (int)end, .arch = arch };

		while (r && k + 1 < n_r && r[k + 1].lo <= sh->cut[i])
			k++;
		if (!sc_bpf_same(in, out, &d) ||
		    (end != sh->cut[i] && !sc_bpf_same(in, out, &e)))
			return false;
		if (r && r[k].slice >= 0 &&
		    !sc_slice_agrees(in, out, d, &sl[r[k].slice]))
			return false;
	}
	return true;
}

/* ---- the pass ---- */

struct plan {
	struct shape sh;
	struct range *r[SC_ARCHES_MAX];
	size_t n_r[SC_ARCHES_MAX];
	struct sc_slice *sl;
	size_t n_sl;
	struct out o;
};

static void plan_clear(struct plan *p)
{
	for (size_t i = 0; i < p->sh.n_arch; i++)
		free(p->r[i]);
	for (size_t i = 0; i < p->n_sl; i++)
		free(p->sl[i].f);
	free(p->sl);
	shape_clear(&p->sh);
	out_clear(&p->o);
}

/* Native first: its calls pass one comparison fewer. */
static void native_first(struct shape *sh)
{
	uint32_t native = sc_arch_native()->audit;

	for (size_t i = 1; i < sh->n_arch; i++)
		if (sh->arch[i] == native) {
			sh->arch[i] = sh->arch[0];
			sh->arch[0] = native;
		}
}

static uint32_t foreign_arch(const struct shape *sh)
{
	uint32_t a = 0;

	for (size_t i = 0; i < sh->n_arch; i++)
		if (sh->arch[i] == a) {
			a++;
			i = (size_t)-1;
		}
	return a;
}

static int plan_ranges(const struct sc_prog *in, struct plan *pl)
{
	size_t na = pl->sh.n_arch;
	int rc;

	pl->sl = calloc(pl->sh.n_cut * na, sizeof(*pl->sl));
	if (!pl->sl)
		return -ENOMEM;
	for (size_t a = 0; a < na; a++) {
		pl->r[a] = calloc(pl->sh.n_cut, sizeof(*pl->r[a]));
		if (!pl->r[a])
			return -ENOMEM;
		rc = arch_ranges(in, &pl->sh, pl->sh.arch[a], pl->r[a],
				 &pl->n_r[a], pl->sl, &pl->n_sl);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int emit_all(struct plan *pl, uint32_t foreign)
{
	struct out *o = &pl->o;
	size_t na = pl->sh.n_arch, block = 2 + 2 * na;
	size_t start[SC_ARCHES_MAX];
	int rc = put(o, SC_LD_ARCH);

	for (size_t a = 0; a < na; a++) {
		start[a] = block;
		block += 1 + tree_size(pl->r[a], pl->n_r[a]);
		rc = rc
			     ?: put(o, SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					       pl->sh.arch[a], 0, 1));
		rc = rc
			     ?: put(o,
				    SC_STMT(BPF_JMP | BPF_JA,
					    (uint32_t)(start[a] - o->n - 1)));
	}
	rc = rc ?: put(o, SC_STMT(BPF_RET | BPF_K, foreign));
	for (size_t a = 0; a < na && rc == 0; a++) {
		rc = put(o, SC_LD_NR);
		rc = rc ?: tree(o, pl->r[a], pl->n_r[a]);
	}
	for (size_t i = 0; i < pl->n_sl && rc == 0; i++) {
		size_t at = o->n;

		for (size_t k = 0; k < pl->sl[i].n && rc == 0; k++)
			rc = put(o, pl->sl[i].f[k]);
		for (size_t f = 0; f < o->n_fix; f++)
			if (o->fix[f].slice == (int)i)
				o->f[o->fix[f].at].k =
					(uint32_t)(at - o->fix[f].at - 1);
	}
	return rc;
}

int sc_layout(const struct sc_prog *in, struct sc_prog *out)
{
	__attribute__((cleanup(plan_clear))) struct plan pl = { 0 };
	struct seccomp_data d = { 0 };
	struct sc_prog new;
	uint32_t foreign;
	int rc;

	if (in->len < 2)
		return -ENOTSUP;
	rc = scan(in, &pl.sh);
	if (rc == 0 && pl.sh.n_arch == 0)
		rc = -ENOTSUP;
	if (rc == 0) {
		native_first(&pl.sh);
		rc = plan_ranges(in, &pl);
	}
	if (rc < 0)
		return rc;
	foreign = d.arch = foreign_arch(&pl.sh);
	foreign = sc_bpf_run(in, &d, NULL);
	pl.o.max = in->len - 1;
	pl.o.f = calloc(pl.o.max, sizeof(*pl.o.f));
	pl.o.fix = calloc(pl.o.max, sizeof(*pl.o.fix));
	if (!pl.o.f || !pl.o.fix)
		return -ENOMEM;
	rc = emit_all(&pl, foreign);
	if (rc < 0)
		return rc;
	new = (struct sc_prog){ pl.o.f, pl.o.n };
	for (size_t a = 0; a <= pl.sh.n_arch; a++) {
		bool any = a == pl.sh.n_arch;

		if (!agree_arch(in, &new, &pl.sh, any ? d.arch : pl.sh.arch[a],
				any ? NULL : pl.r[a], any ? 0 : pl.n_r[a],
				pl.sl))
			return -EPROTO;
	}
	*out = new;
	pl.o.f = NULL;
	return 0;
}
