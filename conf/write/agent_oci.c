/* SPDX-License-Identifier: Apache-2.0 */
/* The OCI object for the agent (see agent_oci.h). */
#include "agent_oci.h"

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "err.h"

/* The highest call number tried on the native ABI. */
#define SC_NR_MAX 1024

static bool is_errno(enum sc_action a, bool has, uint32_t e)
{
	return a == SC_ACT_ERRNO && (!has || e != ENOSYS);
}

static bool named(const struct sc_profile *q, const char *name)
{
	for (size_t i = 0; i < q->n_rules; i++)
		if (sc_strv_has(&q->rules[i].names, name))
			return true;
	return false;
}

/* The rule for the default action's calls. */
static int add_default(struct sc_profile *q)
{
	struct sc_rule *r = sc_profile_add_rule(q);
	size_t n = q->n_rules - 1;
	int rc = 0;

	if (!r)
		return -ENOMEM;
	r->action = SC_ACT_NOTIFY;
	r->lax_names = true;
	for (int nr = 0; !rc && nr < SC_NR_MAX; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(
			sc_arch_native()->scmp, nr);

		/* A name only the new rule has: not named by any other. */
		q->n_rules = n;
		if (name && strcmp(name, "write") != 0 && !named(q, name))
			rc = sc_strv_add(&r->names, name, strlen(name));
		q->n_rules = n + 1;
		free(name);
	}
	if (rc == 0 && r->names.n == 0)
		q->n_rules = n; /* nothing left to the default */
	return rc;
}

static int set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? strdup(s) : NULL;
	return s && !*dst ? -ENOMEM : 0;
}

int sc_oci_agent(struct sc_profile *q, const char *agent, const char *metadata,
		 struct sc_err *err)
{
	int rc = set_str(&q->listener_path, agent);

	if (rc == 0)
		rc = set_str(&q->listener_metadata, metadata);
	for (size_t i = 0; rc == 0 && i < q->n_rules; i++) {
		struct sc_rule *r = &q->rules[i];

		if (is_errno(r->action, r->has_errno, r->errno_ret) &&
		    !sc_strv_has(&r->names, "write")) {
			r->action = SC_ACT_NOTIFY;
			r->has_errno = false;
		}
	}
	if (rc == 0 &&
	    is_errno(q->default_action, q->has_default_errno, q->default_errno))
		rc = add_default(q);
	if (rc < 0)
		return sc_err_oom(err);
	return 0;
}
