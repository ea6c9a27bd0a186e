/* SPDX-License-Identifier: Apache-2.0 */
/* Architecture names as Docker, runc and the kernel spell them. */
#ifndef SC_ARCH_H
#define SC_ARCH_H

#include <stdint.h>

/* The most architectures a profile may name. */
#define SC_ARCHES_MAX 32

struct sc_arch {
	const char *docker; /* SCMP_ARCH_X86_64: "architectures", "archMap" */
	const char *go; /* amd64: runc's name, and includes/excludes */
	uint32_t audit; /* AUDIT_ARCH_*: what the kernel puts in seccomp_data */
	uint32_t scmp; /* libseccomp's token (differs for x32 only) */
};

/* NULL when @docker is not an architecture Docker (runc 1.1) accepts. */
const struct sc_arch *sc_arch_by_docker(const char *docker);
const struct sc_arch *sc_arch_by_go(const char *go);
/* The architecture this binary runs as (its ABI, not the CPU's). */
const struct sc_arch *sc_arch_native(void);

#endif
