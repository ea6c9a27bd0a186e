/* SPDX-License-Identifier: Apache-2.0 */
/* What syscage record saw, and the profile it makes of it (record_build.c).
 * The loader fills a struct sc_rec_seen from the notifications of a run;
 * sc_rec_build turns it into rules. */
#ifndef SC_RECORD_H
#define SC_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"

#define SC_REC_CALLS_MAX 2048
#define SC_REC_VALUES_MAX 64
/* Docker's clone mask: CLONE_NEWNS, NEWUTS, NEWIPC, NEWUSER, NEWPID,
 * NEWNET, NEWCGROUP. */
#define SC_REC_CLONE_NS 0x7E020000ULL

/* The values one argument took; past SC_REC_VALUES_MAX the call is
 * allowed whatever the argument. */
struct sc_rec_values {
	uint64_t v[SC_REC_VALUES_MAX];
	size_t n;
	bool overflow;
};

struct sc_rec_seen {
	struct {
		uint32_t arch;
		int nr;
	} calls[SC_REC_CALLS_MAX];
	size_t n_calls;
	struct sc_rec_values families; /* socket's arg0 */
	struct sc_rec_values personas; /* personality's arg0 */
	struct sc_rec_values ioctls; /* ioctl's request, arg1 */
	struct sc_rec_values prctls; /* prctl's option, arg0 */
	bool prot_exec; /* an mmap or mprotect asked for PROT_EXEC */
	bool clone_ns; /* a clone asked for a namespace */
	bool threads; /* a clone made a thread (or clone3 ran) */
	bool shim_children; /* a shim asked prctl(PR_GET_SECCOMP) */
	bool setuid; /* a process changed its user */
};

/* Notes native or foreign call (@arch, @nr) with its arguments. */
void sc_rec_note(struct sc_rec_seen *s, uint32_t arch, int nr,
		 const uint64_t *args);

/* Adds to @p (new, or a --base) what the run needs and @p does not allow
 * yet: one plain [allow] rule (the base's first one, when it has one), the
 * calls whose arguments were recorded as conditions, the calls every
 * program needs sooner or later, and ENOSYS for the calls glibc probes.
 * 0 or -ENOMEM. */
int sc_rec_build(struct sc_profile *p, const struct sc_rec_seen *s);

/* The calls every recorded profile allows (exit, rt_sigreturn, ...). */
extern const char *const sc_rec_always[];
extern const size_t sc_rec_n_always;

#endif
