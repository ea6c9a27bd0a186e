/* SPDX-License-Identifier: Apache-2.0 */
/* The linux.seccomp object of an OCI runtime config (runc's config.json):
 * a profile after moby's setupSeccomp has resolved it for this machine. */
#ifndef SC_OCI_H
#define SC_OCI_H

#include "compile.h"

/* @p as moby hands it to runc: "architectures" from archMap's native entry
 * (and its subArchitectures), only the rules whose includes/excludes hold
 * under @o (capabilities, ABI, kernel), without includes, excludes or
 * comments. The result is a profile of its own (sc_profile_free it), which
 * sc_write_json writes as the OCI object. */
int sc_oci_profile(const struct sc_profile *p, const struct sc_opts *o,
		   struct sc_profile **out, struct sc_err *err);

#endif
