/* SPDX-License-Identifier: Apache-2.0 */
/* An OCI seccomp object whose denials go to a seccomp agent (`syscage
 * agent`): runc hands the listener to listenerPath, and the agent answers
 * each notified call with the errno of the profile listenerMetadata names.
 */
#ifndef SC_AGENT_OCI_H
#define SC_AGENT_OCI_H

#include "err.h"
#include "profile.h"

/* Turns @q (from sc_oci_profile) into that object: listenerPath @agent,
 * listenerMetadata @metadata, every errno rule but ENOSYS (and but one that
 * names write, which runc refuses to notify) SCMP_ACT_NOTIFY, and, when the
 * default action is an errno, one more notify rule naming every call of the
 * native ABI that libseccomp knows and no rule names (runc refuses notify
 * as the default action). Calls that only conditional rules name keep the
 * default when no condition holds: answered unreported. */
int sc_oci_agent(struct sc_profile *q, const char *agent, const char *metadata,
		 struct sc_err *err);

#endif
