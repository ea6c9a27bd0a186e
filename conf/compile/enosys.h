/* SPDX-License-Identifier: Apache-2.0 */
/* runc's -ENOSYS stub (libcontainer/seccomp/patchbpf): calls numbered above
 * the highest syscall a profile names, per architecture, get ENOSYS instead
 * of the default action, so that glibc falls back from calls the profile
 * predates (clone3, statx, faccessat2, openat2). */
#ifndef SC_ENOSYS_H
#define SC_ENOSYS_H

#include "compile.h"

/* @out = stub + @bpf. */
int sc_enosys_patch(const struct sc_profile *p, const struct sc_resolved *r,
		    const struct sc_prog *bpf, struct sc_prog *out,
		    size_t *stub_len, struct sc_err *err);

/* One "# syscage: ..." line per architecture, for PFC exports. */
int sc_enosys_describe(const struct sc_profile *p, const struct sc_resolved *r,
		       int fd, struct sc_err *err);

#endif
