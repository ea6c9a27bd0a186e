/* SPDX-License-Identifier: Apache-2.0 */
/* Profiles as the toolbox and the run see them: loaded, compiled and
 * modelled for check, explain and diff; compiled with the run's warnings
 * (names libseccomp does not know, check's at-run findings) for a run and
 * export. */
#include <errno.h>
#include <seccomp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cache.h"
#include "identity.h"
#include "lint.h"
#include "loaded.h"
#include "search.h"
#include "suggest.h"
#include "source.h"

void sc_loaded_clear(struct sc_loaded *l)
{
	if (l->modelled)
		sc_model_clear(&l->m);
	if (l->compiled)
		sc_compiled_clear(&l->c);
	sc_profile_free(l->p);
	free(l->owned);
	memset(l, 0, sizeof(*l));
}

/* The text, for lines: the INI parser keeps no line for "default =". */
static void load_text(struct sc_loaded *l, const char *path)
{
	struct sc_err e = { .line = 0 };

	if (sc_profile_text(path, &l->text, &l->len, &l->owned, &e) < 0) {
		l->text = NULL;
		return;
	}
	if (!l->p->default_line)
		l->p->default_line =
			sc_ini_key_line(l->text, l->len, "default");
}

int sc_loaded_open(const struct sc_cli *cli, const char *spec,
		   struct sc_loaded *l, struct sc_err *e)
{
	char path[PATH_MAX];
	int rc;

	memset(l, 0, sizeof(*l));
	rc = sc_profile_resolve(spec, path, sizeof(path), &spec, e);
	if (rc == 0)
		rc = sc_load(&SC_CLI_REQUEST(cli, spec), &l->p, &l->o, e);
	if (rc == 0)
		rc = sc_compile(l->p, &l->o, &l->c, e);
	l->compiled = rc == 0;
	if (rc == 0)
		rc = sc_model_init(&l->m, l->p, &l->o, &l->c, e);
	l->modelled = rc == 0;
	if (rc < 0)
		sc_loaded_clear(l);
	else
		load_text(l, spec);
	return rc;
}

void sc_loaded_lints(const struct sc_loaded *l, bool at_run)
{
	struct sc_lints lints;
	struct sc_err e = { .line = 0 };

	if (sc_lint(&l->m, l->text, l->len, &lints, &e) < 0) {
		sc_report(&e);
		return;
	}
	fflush(stdout);
	for (size_t i = 0; i < lints.n; i++) {
		const struct sc_lint *w = &lints.v[i];

		if (at_run && !w->at_run)
			continue;
		if (w->line)
			fprintf(stderr, "%s:%u: warning: %s\n", w->file,
				w->line, w->msg);
		else
			fprintf(stderr, "%s: warning: %s\n", w->file, w->msg);
	}
	sc_lints_clear(&lints);
}

/* Once, when a run compiles @spec: check's warnings about rules that never
 * take effect and keys Docker ignores. */
static void warn_at_run(const struct sc_cli *cli, const char *spec)
{
	struct sc_err e = { .line = 0 };
	struct sc_loaded l;

	if (cli->quiet || strcmp(spec, "default") == 0 ||
	    sc_loaded_open(cli, spec, &l, &e) < 0)
		return;
	sc_loaded_lints(&l, true);
	sc_loaded_clear(&l);
}

static int unknown_call(const char *name, struct sc_err *e)
{
	char buf[SC_SUGGEST_MAX];
	const char *near = sc_suggest_syscall(name, buf, sizeof(buf));

	return sc_err_msg(e, -EINVAL, "--deny", "unknown syscall \"%s\"%s%s%s",
			  name, near ? ": did you mean \"" : "",
			  near ? near : "", near ? "\"?" : "");
}

/* --deny: the profile with a narrowing rule first, as an INI [deny]
 * would put it, compiled here and never cached (the cache keys the
 * profile's text). The marker still names the profile's files: a child
 * that asks for the profile keeps this filter, one that loads the profile
 * again stacks it on top, which can only narrow. */
static int compile_denying(const struct sc_cli *cli, const char *spec,
			   struct sc_compiled *c, struct sc_err *e)
{
	struct sc_profile *p = NULL;
	char real[PATH_MAX];
	struct sc_opts o;
	int rc = sc_load(&SC_CLI_REQUEST(cli, spec), &p, &o, e);

	if (rc == 0)
		rc = sc_profile_deny(p, cli->deny, "--deny", e);
	/* The names as the rule split them (sc_profile_deny put it first). */
	for (size_t i = 0; rc == 0 && i < p->rules[0].names.n; i++)
		if (seccomp_syscall_resolve_name(p->rules[0].names.v[i]) < 0)
			rc = unknown_call(p->rules[0].names.v[i], e);
	if (rc == 0)
		rc = sc_compile(p, &o, c, e);
	if (rc == 0)
		rc = sc_marker_spec(spec, real, sizeof(real), e);
	if (rc == 0)
		rc = sc_compiled_add_files(
			c, strcmp(real, "default") != 0 ? real : NULL, p, e);
	sc_profile_free(p);
	return rc;
}

int sc_cli_compile(const struct sc_cli *cli, const char *spec,
		   struct sc_compiled *c, struct sc_err *e)
{
	const struct sc_request rq = SC_CLI_REQUEST(cli, spec);
	bool hit = false;
	int rc = cli->deny ? compile_denying(cli, spec, c, e)
			   : sc_build(&rq, c, &hit, e);

	/* Once, when compiled (a cached program was warned about), unless
	 * the user asks: check always says it. */
	if (rc == 0 && !cli->quiet && (!hit || cli->always_warn)) {
		sc_warn_unknown(spec, &c->unknown);
		warn_at_run(cli, spec);
	}
	return rc;
}
