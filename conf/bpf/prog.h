/* SPDX-License-Identifier: Apache-2.0 */
/* A classic-BPF seccomp program, and what a profile compiles to: the
 * layer under the compiler (bpf.h, slice, layout, stage, guard) and the
 * shim's runtime (cache, load) share it without the compiler's header. */
#ifndef SC_PROG_H
#define SC_PROG_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"

/* Instructions as values, and what every program here starts with. */
#define SC_STMT(c, k) ((struct sock_filter)BPF_STMT(c, k))
#define SC_JUMP(c, k, t, f) ((struct sock_filter)BPF_JUMP(c, k, t, f))
#define SC_LD_ARCH \
	SC_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch))
#define SC_LD_NR \
	SC_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
/* The farthest a conditional jump reaches. */
#define SC_JMAX 255

struct sc_prog {
	struct sock_filter *insns;
	size_t len;
};

struct sc_compiled {
	struct sc_prog prog; /* what is loaded */
	/* From sc_compile only (a cached program has neither): runc's
	 * -ENOSYS stub alone, and the length of the stub plus libseccomp's
	 * program before the layout pass. */
	struct sc_prog stub;
	size_t raw_len;
	unsigned flags; /* SECCOMP_FILTER_FLAG_* the load needs */
	uint32_t default_action; /* SECCOMP_RET_* of the profile */
	struct sc_strv unknown; /* names libseccomp does not know */
	/* sc_opts.caps_keep: the loader limits the command's capabilities
	 * to the set the rules assumed (sc_caps_limit). */
	uint64_t caps_keep;
	/* The set the rules were resolved against, and how it came about
	 * (enum sc_caps_kind): the marker's (identity.h). */
	uint64_t caps;
	char caps_kind;
	/* From sc_build and sc_cache_get: every file read, absolute, the
	 * profile's first (none for the built-in default): the marker's. */
	struct sc_strv files;
	/* The profile's listenerPath (INI "listener ="), owned; NULL: none.
	 * The shim hands its listener to the agent there. */
	char *listener;
};

/* Frees what @c owns and zeroes it. */
void sc_compiled_clear(struct sc_compiled *c);

#endif
