/* SPDX-License-Identifier: Apache-2.0 */
/* The listener guard (see guard.h). */
#include "guard.h"
#include "arch.h"

#include <endian.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "bpf.h"
#include "util.h"

/* seccomp()'s number on each ABI a process of this architecture can use:
 * the native one, x32 beside x86_64, and the 32-bit compat ABI. A filter
 * that does not list an ABI denies all of it anyway; checking it costs
 * only the calls of that ABI. */
struct abi {
	uint32_t audit;
	uint32_t nr[2];
	size_t n;
};

static const struct abi abis[] = {
#if defined(__x86_64__)
	{ AUDIT_ARCH_X86_64, { SYS_seccomp, 0x40000000u | 317 }, 2 },
	{ AUDIT_ARCH_I386, { 354 }, 1 },
#elif defined(__aarch64__)
	{ AUDIT_ARCH_AARCH64, { SYS_seccomp }, 1 },
	{ AUDIT_ARCH_ARM, { 383 }, 1 },
#else
	{ 0, { SYS_seccomp }, 1 },
#endif
};

#define N_ABIS SC_ARRAY_SIZE(abis)

/* The low 32 bits of argument @i. */
static uint32_t arg_lo(int i)
{
	return offsetof(struct seccomp_data, args) + 8 * i +
	       (__BYTE_ORDER == __BIG_ENDIAN ? 4 : 0);
}

size_t sc_guard_emit(struct sock_filter *out)
{
	const uint32_t native = sc_arch_native()->audit;
	/* ld arch; per ABI: jeq arch, ld nr, jeq nr...; then the argument
	 * check at ARGS (five instructions); END is what follows. A jump on
	 * a mismatched arch leaves the arch in A for the next ABI's test. */
	size_t i = 0, args = 1, end;

	for (size_t a = 0; a < N_ABIS; a++)
		args += 2 + abis[a].n;
	end = args + 5;
	out[i++] = SC_LD_ARCH;
	for (size_t a = 0; a < N_ABIS; a++) {
		size_t next = a + 1 < N_ABIS ? i + 2 + abis[a].n : end;
		uint32_t audit = abis[a].audit ? abis[a].audit : native;

		out[i] = SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K, audit, 0,
				 (uint8_t)(next - i - 1));
		i++;
		out[i++] = SC_LD_NR;
		for (size_t k = 0; k < abis[a].n; k++, i++) {
			size_t miss = k + 1 < abis[a].n ? i + 1 : end;

			out[i] = SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					 abis[a].nr[k], (uint8_t)(args - i - 1),
					 (uint8_t)(miss - i - 1));
		}
	}
	out[i++] = SC_STMT(BPF_LD | BPF_W | BPF_ABS, arg_lo(0));
	out[i] = SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_SET_MODE_FILTER, 0,
			 (uint8_t)(end - i - 1));
	i++;
	out[i++] = SC_STMT(BPF_LD | BPF_W | BPF_ABS, arg_lo(1));
	out[i] = SC_JUMP(BPF_JMP | BPF_JSET | BPF_K,
			 SECCOMP_FILTER_FLAG_NEW_LISTENER, 0, 1);
	i++;
	out[i++] = SC_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	return i;
}

int sc_guard_prepend(struct sc_prog *prog)
{
	struct sock_filter g[SC_GUARD_MAX], *f;
	size_t n = sc_guard_emit(g);

	if (prog->len + n > BPF_MAXINSNS)
		return -E2BIG;
	f = malloc((prog->len + n) * sizeof(*f));
	if (!f)
		return -ENOMEM;
	memcpy(f, g, n * sizeof(*f));
	memcpy(f + n, prog->insns, prog->len * sizeof(*f));
	free(prog->insns);
	prog->insns = f;
	prog->len += n;
	return 0;
}

void sc_guard_notify(struct sc_prog *prog, bool complain)
{
	struct sc_prog rest;

	sc_guard_skip(prog, &rest);
	for (size_t i = (size_t)(rest.insns - prog->insns); i < prog->len;
	     i++) {
		struct sock_filter *f = &prog->insns[i];
		uint32_t act = f->k & SECCOMP_RET_ACTION_FULL;

		if (f->code != (BPF_RET | BPF_K))
			continue;
		if (act == SECCOMP_RET_ERRNO &&
		    (f->k & SECCOMP_RET_DATA) != ENOSYS)
			f->k = SECCOMP_RET_USER_NOTIF;
		else if (complain && act != SECCOMP_RET_ALLOW &&
			 act != SECCOMP_RET_LOG)
			f->k = SECCOMP_RET_USER_NOTIF;
	}
}

void sc_guard_skip(const struct sc_prog *prog, struct sc_prog *rest)
{
	struct sock_filter g[SC_GUARD_MAX];
	size_t n = sc_guard_emit(g);

	*rest = *prog;
	if (prog->len > n && memcmp(prog->insns, g, n * sizeof(*g)) == 0) {
		rest->insns += n;
		rest->len -= n;
	}
}
