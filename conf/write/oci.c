/* SPDX-License-Identifier: Apache-2.0 */
/* moby's setupSeccomp (profiles/seccomp/seccomp_linux.go) as a model to
 * model step: what reaches runc in config.json's linux.seccomp. */
#include "oci.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int copy_strv(struct sc_strv *to, const struct sc_strv *from)
{
	for (size_t i = 0; i < from->n; i++)
		if (sc_strv_add(to, from->v[i], strlen(from->v[i])) < 0)
			return -ENOMEM;
	return 0;
}

static int dup_str(char **to, const char *from)
{
	*to = from ? strdup(from) : NULL;
	return from && !*to ? -ENOMEM : 0;
}

static int copy_rule(struct sc_profile *q, const struct sc_rule *r)
{
	struct sc_rule *n = sc_profile_add_rule(q);

	if (!n)
		return -ENOMEM;
	n->action = r->action;
	n->has_errno = r->has_errno;
	n->errno_ret = r->errno_ret;
	n->line = r->line;
	n->lax_names = r->lax_names;
	n->quiet_unknown = r->quiet_unknown;
	if (r->n_args) {
		n->args = malloc(r->n_args * sizeof(*n->args));
		if (!n->args)
			return -ENOMEM;
		memcpy(n->args, r->args, r->n_args * sizeof(*n->args));
		n->n_args = r->n_args;
	}
	return copy_strv(&n->names, &r->names);
}

static int copy_top(struct sc_profile *q, const struct sc_profile *p,
		    const struct sc_resolved *r)
{
	int rc = 0;

	q->has_default = p->has_default;
	q->default_action = p->default_action;
	q->has_default_errno = p->has_default_errno;
	q->default_errno = p->default_errno;
	q->default_line = p->default_line;
	q->has_flags = p->has_flags;
	for (size_t i = 0; !rc && i < r->n_arches; i++)
		rc = sc_strv_add(&q->arches, r->arches[i]->docker,
				 strlen(r->arches[i]->docker));
	if (!rc)
		rc = copy_strv(&q->flags, &p->flags);
	if (!rc)
		rc = dup_str(&q->listener_path, p->listener_path);
	if (!rc)
		rc = dup_str(&q->listener_metadata, p->listener_metadata);
	return rc;
}

int sc_oci_profile(const struct sc_profile *p, const struct sc_opts *o,
		   struct sc_profile **out, struct sc_err *err)
{
	struct sc_profile *q = sc_profile_new(p->file);
	const struct sc_rule *last = NULL;
	struct sc_resolved r;
	int rc;

	*out = NULL;
	if (!q)
		return sc_err_oom(err);
	rc = sc_resolve(p, o, &r, err);
	if (rc < 0) {
		sc_profile_free(q);
		return rc;
	}
	rc = copy_top(q, p, &r);
	/* sc_resolve lists the names of each rule that holds, in order. */
	for (size_t i = 0; !rc && i < r.n_calls; i++) {
		if (r.calls[i].rule != last)
			rc = copy_rule(q, r.calls[i].rule);
		last = r.calls[i].rule;
	}
	sc_resolved_clear(&r);
	if (rc < 0) {
		sc_profile_free(q);
		return sc_err_oom(err);
	}
	*out = q;
	return 0;
}
