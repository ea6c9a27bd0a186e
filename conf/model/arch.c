/* SPDX-License-Identifier: Apache-2.0 */
/* runc 1.1's table of architectures (libcontainer/seccomp/config.go), with
 * the audit token the kernel puts in seccomp_data.arch. x32 shares x86_64's
 * token: the kernel tells them apart by bit 30 of the syscall number. */
#include "arch.h"
#include "util.h"

#include <linux/audit.h>
#include <linux/elf-em.h>
#include <string.h>

#ifndef AUDIT_ARCH_RISCV64
#define AUDIT_ARCH_RISCV64 (EM_RISCV | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif
#ifndef EM_RISCV
#define EM_RISCV 243
#endif

/* libseccomp's SCMP_ARCH_X32, without including <seccomp.h> here. */
#define SC_SCMP_ARCH_X32 (EM_X86_64 | __AUDIT_ARCH_LE)

static const struct sc_arch arches[] = {
	{ "SCMP_ARCH_X86", "x86", AUDIT_ARCH_I386, AUDIT_ARCH_I386 },
	{ "SCMP_ARCH_X86_64", "amd64", AUDIT_ARCH_X86_64, AUDIT_ARCH_X86_64 },
	{ "SCMP_ARCH_X32", "x32", AUDIT_ARCH_X86_64, SC_SCMP_ARCH_X32 },
	{ "SCMP_ARCH_ARM", "arm", AUDIT_ARCH_ARM, AUDIT_ARCH_ARM },
	{ "SCMP_ARCH_AARCH64", "arm64", AUDIT_ARCH_AARCH64,
	  AUDIT_ARCH_AARCH64 },
	{ "SCMP_ARCH_MIPS", "mips", AUDIT_ARCH_MIPS, AUDIT_ARCH_MIPS },
	{ "SCMP_ARCH_MIPS64", "mips64", AUDIT_ARCH_MIPS64, AUDIT_ARCH_MIPS64 },
	{ "SCMP_ARCH_MIPS64N32", "mips64n32", AUDIT_ARCH_MIPS64N32,
	  AUDIT_ARCH_MIPS64N32 },
	{ "SCMP_ARCH_MIPSEL", "mipsel", AUDIT_ARCH_MIPSEL, AUDIT_ARCH_MIPSEL },
	{ "SCMP_ARCH_MIPSEL64", "mipsel64", AUDIT_ARCH_MIPSEL64,
	  AUDIT_ARCH_MIPSEL64 },
	{ "SCMP_ARCH_MIPSEL64N32", "mipsel64n32", AUDIT_ARCH_MIPSEL64N32,
	  AUDIT_ARCH_MIPSEL64N32 },
	{ "SCMP_ARCH_PPC", "ppc", AUDIT_ARCH_PPC, AUDIT_ARCH_PPC },
	{ "SCMP_ARCH_PPC64", "ppc64", AUDIT_ARCH_PPC64, AUDIT_ARCH_PPC64 },
	{ "SCMP_ARCH_PPC64LE", "ppc64le", AUDIT_ARCH_PPC64LE,
	  AUDIT_ARCH_PPC64LE },
	{ "SCMP_ARCH_RISCV64", "riscv64", AUDIT_ARCH_RISCV64,
	  AUDIT_ARCH_RISCV64 },
	{ "SCMP_ARCH_S390", "s390", AUDIT_ARCH_S390, AUDIT_ARCH_S390 },
	{ "SCMP_ARCH_S390X", "s390x", AUDIT_ARCH_S390X, AUDIT_ARCH_S390X },
};

const struct sc_arch *sc_arch_by_docker(const char *docker)
{
	for (unsigned i = 0; i < SC_ARRAY_SIZE(arches); i++)
		if (strcmp(arches[i].docker, docker) == 0)
			return &arches[i];
	return NULL;
}

const struct sc_arch *sc_arch_by_go(const char *go)
{
	for (unsigned i = 0; i < SC_ARRAY_SIZE(arches); i++)
		if (strcmp(arches[i].go, go) == 0)
			return &arches[i];
	return NULL;
}

const struct sc_arch *sc_arch_native(void)
{
#if defined(__x86_64__) && defined(__ILP32__)
	return sc_arch_by_docker("SCMP_ARCH_X32");
#elif defined(__x86_64__)
	return sc_arch_by_docker("SCMP_ARCH_X86_64");
#elif defined(__i386__)
	return sc_arch_by_docker("SCMP_ARCH_X86");
#elif defined(__aarch64__)
	return sc_arch_by_docker("SCMP_ARCH_AARCH64");
#elif defined(__arm__)
	return sc_arch_by_docker("SCMP_ARCH_ARM");
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return sc_arch_by_docker("SCMP_ARCH_PPC64LE");
#elif defined(__powerpc64__)
	return sc_arch_by_docker("SCMP_ARCH_PPC64");
#elif defined(__s390x__)
	return sc_arch_by_docker("SCMP_ARCH_S390X");
#elif defined(__riscv) && __riscv_xlen == 64
	return sc_arch_by_docker("SCMP_ARCH_RISCV64");
#else
#error "syscage: architecture not supported yet"
#endif
}
