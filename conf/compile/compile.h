/* SPDX-License-Identifier: Apache-2.0 */
/* The compiler: a profile model in, the seccomp program runc would load out.
 * It replays runc 1.1's sequence of libseccomp calls (so libseccomp decides
 * merges and conflicts exactly as it does under Docker), exports the BPF and
 * prepends runc's -ENOSYS stub. */
#ifndef SC_COMPILE_H
#define SC_COMPILE_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "err.h"
#include "profile.h"
#include "prog.h"
#include "request.h"

/* How the program is laid out; the libseccomp ones are for comparisons. */
enum sc_layout_kind {
	SC_LAYOUT_RANGES, /* syscage's (layout.h) */
	SC_LAYOUT_TREE, /* libseccomp's binary tree, as runc asks for it */
	SC_LAYOUT_LINEAR, /* libseccomp's defaults */
};

/* What a profile means on this machine besides its text. */
struct sc_opts {
	uint64_t caps; /* capabilities includes/excludes resolve against */
	uint64_t caps_keep; /* what the loader limits the command to */
	char caps_kind; /* enum sc_caps_kind of the spec resolved */
	bool strict; /* unknown syscall names are errors, not warnings */
	bool lenient; /* ... and in hand-written (INI) rules, warnings */
	enum sc_layout_kind layout;
	unsigned kernel_major, kernel_minor; /* for minKernel */
	const struct sc_arch *native;
};

/* One (name, rule) pair that survived includes/excludes: runc's
 * configs.Syscall. The rule is borrowed from the profile. */
struct sc_call {
	const char *name;
	const struct sc_rule *rule;
};

struct sc_resolved {
	const struct sc_arch *arches[SC_ARCHES_MAX]; /* runc's Architectures */
	size_t n_arches;
	struct sc_call *calls;
	size_t n_calls;
};

/* Fills @o for this process from @rq: the default capability set
 * (Docker's that the process holds) unless @rq->caps says otherwise (see
 * sc_caps_parse), strict and lenient, the running kernel, the native
 * arch. */
int sc_opts_init(struct sc_opts *o, const struct sc_request *rq,
		 struct sc_err *err);

/* The capability set for @p: @caps_spec when the user gave one (--caps,
 * SYSCAGE_CAPS), else the profile's own "caps =", else the default; and
 * what the command is limited to (sc_caps_keep). */
int sc_opts_caps(struct sc_opts *o, const struct sc_profile *p,
		 const char *caps_spec, struct sc_err *err);

/* moby's setupSeccomp: archMap, includes, excludes. */
int sc_resolve(const struct sc_profile *p, const struct sc_opts *o,
	       struct sc_resolved *r, struct sc_err *err);
void sc_resolved_clear(struct sc_resolved *r);

int sc_compile(const struct sc_profile *p, const struct sc_opts *o,
	       struct sc_compiled *out, struct sc_err *err);

/* libseccomp's PFC text of the same filter, then one comment line per
 * architecture for the -ENOSYS stub (PFC cannot show it). */
int sc_compile_pfc(const struct sc_profile *p, const struct sc_opts *o, int fd,
		   struct sc_err *err);

/* The SECCOMP_RET_* value of an action, as runc computes it. */
uint32_t sc_action_value(enum sc_action a, bool has_errno, uint32_t errno_ret);

#endif
