/* SPDX-License-Identifier: Apache-2.0 */
/* moby's setupSeccomp (profiles/seccomp/seccomp_linux.go): which
 * architectures a profile names on this machine and which rules apply,
 * given the capability set and the running kernel. */
#include "compile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "caps.h"

int sc_opts_init(struct sc_opts *o, const struct sc_request *rq,
		 struct sc_err *err)
{
	const char *caps_spec = rq->caps;
	struct utsname u;
	int rc;

	memset(o, 0, sizeof(*o));
	o->strict = rq->strict;
	o->lenient = rq->lenient;
	o->native = sc_arch_native();
	rc = sc_caps_parse(caps_spec, &o->caps, err);
	if (rc < 0)
		return rc;
	o->caps_keep = sc_caps_keep(caps_spec, o->caps);
	o->caps_kind = (char)sc_caps_kind_of(caps_spec);
	if (uname(&u) < 0 ||
	    sscanf(u.release, "%u.%u", &o->kernel_major, &o->kernel_minor) != 2)
		return sc_err_msg(err, -EINVAL, NULL,
				  "cannot read the kernel version");
	return 0;
}

int sc_opts_caps(struct sc_opts *o, const struct sc_profile *p,
		 const char *caps_spec, struct sc_err *err)
{
	const char *spec = caps_spec && *caps_spec ? caps_spec : p->caps;
	int rc = sc_caps_parse(spec, &o->caps, err);

	if (rc < 0 && spec == p->caps && p->caps)
		snprintf(err->file, sizeof(err->file), "%s", p->file);
	o->caps_keep = sc_caps_keep(spec, o->caps);
	o->caps_kind = (char)sc_caps_kind_of(spec);
	return rc;
}

static int add_arch(struct sc_resolved *r, const struct sc_profile *p,
		    const char *name, struct sc_err *err)
{
	const struct sc_arch *a = sc_arch_by_docker(name);

	if (!a)
		return sc_err_msg(err, -EINVAL, p->file,
				  "unknown architecture \"%s\" in archMap",
				  name);
	if (r->n_arches == SC_ARCHES_MAX)
		return sc_err_msg(err, -E2BIG, p->file,
				  "too many architectures");
	r->arches[r->n_arches++] = a;
	return 0;
}

/* "architectures" as given, or only the archMap entry of this machine with
 * its subArchitectures. */
static int resolve_arches(const struct sc_profile *p, const struct sc_opts *o,
			  struct sc_resolved *r, struct sc_err *err)
{
	int rc = 0;

	for (size_t i = 0; i < p->arches.n && rc == 0; i++)
		rc = add_arch(r, p, p->arches.v[i], err);
	for (size_t i = 0; i < p->n_archmap && rc == 0; i++) {
		const struct sc_archmap *m = &p->archmap[i];

		if (!m->arch || strcmp(m->arch, o->native->docker) != 0)
			continue;
		rc = add_arch(r, p, m->arch, err);
		for (size_t j = 0; j < m->sub.n && rc == 0; j++)
			rc = add_arch(r, p, m->sub.v[j], err);
	}
	return rc;
}

static bool has_cap(const struct sc_opts *o, const char *name)
{
	int cap = sc_cap_from_name(name);

	/* A name this build does not know is a capability nobody holds, as
	 * a string compare against Docker's bounding set would find. */
	return cap >= 0 && (o->caps >> cap & 1);
}

static bool kernel_at_least(const struct sc_opts *o, const struct sc_cond *c)
{
	if (o->kernel_major != c->min_kernel_major)
		return o->kernel_major > c->min_kernel_major;
	return o->kernel_minor >= c->min_kernel_minor;
}

/* Excludes first: any excluded arch or cap held, or a new enough kernel,
 * drops the rule. Includes: every condition given must hold. */
static bool rule_applies(const struct sc_rule *r, const struct sc_opts *o)
{
	const struct sc_cond *ex = &r->excludes, *in = &r->includes;

	if (sc_strv_has(&ex->arches, o->native->go))
		return false;
	for (size_t i = 0; i < ex->caps.n; i++)
		if (has_cap(o, ex->caps.v[i]))
			return false;
	if (ex->has_min_kernel && kernel_at_least(o, ex))
		return false;
	if (in->arches.n && !sc_strv_has(&in->arches, o->native->go))
		return false;
	for (size_t i = 0; i < in->caps.n; i++)
		if (!has_cap(o, in->caps.v[i]))
			return false;
	if (in->has_min_kernel && !kernel_at_least(o, in))
		return false;
	return true;
}

/* True when an INI [deny] rule that applies names @name: every other rule
 * for it is dropped, so the deny decides (or, when it is what the default
 * does, the default), whatever those rules' conditions and order. */
static bool narrowed(const struct sc_resolved *r, size_t n_narrow,
		     const char *name)
{
	for (size_t i = 0; i < n_narrow; i++)
		if (strcmp(r->calls[i].name, name) == 0)
			return true;
	return false;
}

static void drop_narrowed(struct sc_resolved *r)
{
	size_t n_narrow = 0, k;

	while (n_narrow < r->n_calls && r->calls[n_narrow].rule->narrows)
		n_narrow++;
	if (n_narrow == 0)
		return;
	k = n_narrow;
	for (size_t i = n_narrow; i < r->n_calls; i++)
		if (!narrowed(r, n_narrow, r->calls[i].name))
			r->calls[k++] = r->calls[i];
	r->n_calls = k;
}

int sc_resolve(const struct sc_profile *p, const struct sc_opts *o,
	       struct sc_resolved *r, struct sc_err *err)
{
	size_t total = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = resolve_arches(p, o, r, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < p->n_rules; i++)
		total += p->rules[i].names.n;
	r->calls = calloc(total ? total : 1, sizeof(*r->calls));
	if (!r->calls)
		return sc_err_oom(err);
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct sc_rule *rule = &p->rules[i];

		if (!rule_applies(rule, o))
			continue;
		for (size_t j = 0; j < rule->names.n; j++) {
			r->calls[r->n_calls].name = rule->names.v[j];
			r->calls[r->n_calls++].rule = rule;
		}
	}
	drop_narrowed(r);
	return 0;
}

void sc_resolved_clear(struct sc_resolved *r)
{
	free(r->calls);
	memset(r, 0, sizeof(*r));
}
