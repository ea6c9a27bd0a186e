/* The profile toolbox: check, explain, diff, syscalls, which (export is in
 * export.c). Each reads profiles (or the group table) and prints; none runs
 * anything. The work is in conf/ (lint.c, explain.c, diff.c, search.c). */
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "consts.h"
#include "diff.h"
#include "explain.h"
#include "groups.h"
#include "lint.h"
#include "loader.h"
#include "search.h"
#include "source.h"
#include "stage.h"
#include "suggest.h"

/* A profile loaded, compiled and resolved: what check, explain and diff
 * look at, with its text (for lines the model does not keep). */
struct loaded {
	struct sc_profile *p;
	struct sc_opts o;
	struct sc_compiled c;
	struct sc_model m;
	bool compiled, modelled;
	const char *text;
	char *owned;
	size_t len;
};

static void loaded_clear(struct loaded *l)
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
static void load_text(struct loaded *l, const char *path)
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

/* Loads @spec (a name is looked up) and compiles it, quietly: the caller
 * says what it has to say. */
static int load(const struct sc_cli *cli, const char *spec, struct loaded *l,
		struct sc_err *e)
{
	char path[PATH_MAX];
	int rc;

	memset(l, 0, sizeof(*l));
	rc = sc_profile_resolve(spec, path, sizeof(path), &spec, e);
	if (rc == 0)
		rc = sc_load(spec, cli->caps, cli->strict, cli->lenient, &l->p,
			     &l->o, e);
	if (rc == 0)
		rc = sc_compile(l->p, &l->o, &l->c, e);
	l->compiled = rc == 0;
	if (rc == 0)
		rc = sc_model_init(&l->m, l->p, &l->o, &l->c, e);
	l->modelled = rc == 0;
	if (rc < 0)
		loaded_clear(l);
	else
		load_text(l, spec);
	return rc;
}

/* ---- check ---- */

/* Every warning, or (@at_run) only those a run says too. */
static void print_lints(const struct loaded *l, bool at_run)
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

int sc_cmd_check(const struct sc_cli *cli)
{
	struct sc_err e = { .line = 0 };
	struct loaded l;

	if (!cli->argv[0] || cli->argv[1]) {
		fputs("syscage check: give one PROFILE\n", stderr);
		return SC_EXIT_FAIL;
	}
	if (load(cli, cli->argv[0], &l, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	/* What a run refuses, check refuses, with the same words (and only
	 * those: the rest is about a profile that cannot run anyway). */
	if (sc_check_runnable(&l.c, cli->argv[0], &e) < 0) {
		sc_report(&e);
		loaded_clear(&l);
		return SC_EXIT_FAIL;
	}
	if (!cli->quiet)
		print_lints(&l, false);
	printf("%s: ok: %zu instructions (libseccomp's layout: %zu, "
	       "%zu of them the -ENOSYS stub)\n",
	       cli->argv[0], l.c.prog.len, l.c.raw_len, l.c.stub.len);
	loaded_clear(&l);
	return 0;
}

void sc_warn_at_run(const struct sc_cli *cli, const char *spec)
{
	struct sc_err e = { .line = 0 };
	struct loaded l;

	if (cli->quiet || strcmp(spec, "default") == 0 ||
	    load(cli, spec, &l, &e) < 0)
		return;
	print_lints(&l, true);
	loaded_clear(&l);
}

/* ---- explain ---- */

/* A number (negative ones as the kernel sees a sign-extended int), or
 * constants joined by '|'. */
static int parse_value(const char *s, uint64_t *v)
{
	char *end;
	uint64_t part;
	size_t n;

	errno = 0;
	*v = s[0] == '-' ? (uint64_t)strtoll(s, &end, 0) : strtoull(s, &end, 0);
	if (*s && !*end && !errno)
		return 0;
	for (*v = 0; *s; s += n + (s[n] == '|')) {
		n = strcspn(s, "|");
		errno = 0;
		part = strtoull(s, &end, 0);
		if (end == s + n && n && !errno)
			*v |= part;
		else if (n && sc_const_value(s, n, &part))
			*v |= part;
		else
			return -EINVAL;
	}
	return 0;
}

static int parse_call(const char *s, int *nr, struct sc_err *e)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 0);
	if (*s && !*end && !errno && n >= 0 && n < 0x7fffffff) {
		*nr = (int)n;
		return 0;
	}
	*nr = seccomp_syscall_resolve_name(s);
	if (*nr == __NR_SCMP_ERROR)
		return sc_err_set(e, -EINVAL, NULL, 0, 0,
				  "unknown syscall \"%s\"", s);
	if (*nr < 0)
		return sc_err_set(e, -EINVAL, NULL, 0, 0,
				  "%s is not a system call of %s", s,
				  sc_arch_native()->go);
	return 0;
}

static void print_call(const char *name, int nr, uint64_t *args, size_t n)
{
	char v[128];

	printf("call: %s(", name);
	for (size_t i = 0; i < n; i++) {
		sc_const_format(name, (unsigned)i, args[i], v, sizeof(v));
		printf("%s%s", i ? ", " : "", v);
	}
	printf(") on %s, number %d\n", sc_arch_native()->go, nr);
}

static void print_rule(const struct loaded *l, const struct sc_rule *r,
		       const char *call, const char *prefix, const char *tail)
{
	char words[512];

	sc_rule_words(r, call, words, sizeof(words));
	printf("%s%s:%u: %s%s\n", prefix, sc_rule_file(l->p, r), r->line, words,
	       tail);
}

/* The arguments past @given that a rule for @nr compares: a bit each. */
static unsigned args_missing(const struct loaded *l, int nr, size_t given)
{
	unsigned bits = 0;

	for (size_t i = 0; i < l->m.r.n_calls; i++) {
		const struct sc_rule *r = l->m.r.calls[i].rule;

		for (size_t k = 0; l->m.nr[i] == nr && k < r->n_args; k++)
			if (r->args[k].index >= given)
				bits |= 1u << r->args[k].index;
	}
	return bits;
}

static void print_verdict(const struct loaded *l, const struct sc_verdict *v,
			  const char *call, int nr, size_t given)
{
	unsigned missing = args_missing(l, nr, given);
	const struct sc_profile *p = l->p;
	char act[64];

	sc_action_words(v->action, act, sizeof(act));
	printf("decision: %s\n", act);
	if (v->why == SC_WHY_RULE)
		print_rule(l, v->rule, call, "rule: ", "");
	else if (v->why == SC_WHY_STUB)
		printf("rule: runc's -ENOSYS stub: the call is newer than "
		       "every call the profile names\n");
	else if (v->why == SC_WHY_DEFAULT)
		printf("rule: %s:%u: the default action\n", p->file,
		       p->default_line);
	else
		printf("rule: none of the profile's rules: libseccomp built "
		       "the filter so\n");
	if (v->why == SC_WHY_DEFAULT && v->rule)
		print_rule(l, v->rule, call, "note: ",
			   " has the default's action: runc skips it");
	if (v->lost)
		print_rule(l, v->lost, call, "note: ",
			   " matches first, but libseccomp lets a rule "
			   "without a condition replace it");
	for (unsigned i = 0; v->uses_args && i < SC_ARGS_MAX; i++)
		if (missing >> i & 1)
			printf("note: a rule compares arg%u, not given: taken "
			       "as 0\n",
			       i);
}

int sc_cmd_explain(const struct sc_cli *cli)
{
	struct sc_err e = { .line = 0 };
	uint64_t args[SC_ARGS_MAX] = { 0 };
	struct seccomp_data d = { .arch = sc_arch_native()->audit };
	struct sc_verdict v;
	struct loaded l;
	char *name;
	size_t n = 0;

	if (!cli->argv[0] || !cli->argv[1]) {
		fputs("syscage explain: give PROFILE SYSCALL [ARG]...\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	for (char **a = cli->argv + 2; *a; a++, n++) {
		if (n == SC_ARGS_MAX || parse_value(*a, &args[n]) < 0) {
			sc_err_set(&e, -EINVAL, NULL, 0, 0,
				   n == SC_ARGS_MAX
					   ? "a system call has at most 6 "
					     "arguments"
					   : "argument %zu: \"%s\" is not a "
					     "number or a known constant",
				   n, *a);
			sc_report(&e);
			return SC_EXIT_FAIL;
		}
	}
	if (parse_call(cli->argv[1], &d.nr, &e) < 0 ||
	    load(cli, cli->argv[0], &l, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	/* a number: its name, when the ABI has one */
	name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, d.nr);
	memcpy(d.args, args, sizeof(d.args));
	sc_explain(&l.m, &d, &v);
	print_call(name ? name : cli->argv[1], d.nr, args, n);
	print_verdict(&l, &v, name ? name : cli->argv[1], d.nr, n);
	free(name);
	loaded_clear(&l);
	return 0;
}

/* ---- diff ---- */

static int print_delta(const struct sc_delta *d, void *data)
{
	char a[64], b[64], v[128];

	(void)data;
	sc_action_words(d->a, a, sizeof(a));
	sc_action_words(d->b, b, sizeof(b));
	fputs(d->call, stdout);
	for (unsigned i = 0; d->args && i < SC_ARGS_MAX; i++) {
		if (!(d->mentioned >> i & 1))
			continue;
		sc_const_format(d->call, i, d->args[i], v, sizeof(v));
		printf(" arg%u=%s", i, v);
	}
	return printf(": %s -> %s\n", a, b) < 0 ? -EIO : 0;
}

int sc_cmd_diff(const struct sc_cli *cli)
{
	struct sc_err e = { .line = 0 };
	struct loaded a, b;
	int n;

	if (!cli->argv[0] || !cli->argv[1] || cli->argv[2]) {
		fputs("syscage diff: give two PROFILEs\n", stderr);
		return SC_EXIT_FAIL;
	}
	if (load(cli, cli->argv[0], &a, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	if (load(cli, cli->argv[1], &b, &e) < 0) {
		sc_report(&e);
		loaded_clear(&a);
		return SC_EXIT_FAIL;
	}
	n = sc_diff(&a.m, &b.m, print_delta, NULL);
	if (n < 0 || fflush(stdout) != 0) {
		sc_err_set(&e, n < 0 ? n : -errno, NULL, 0, 0,
			   "cannot compare: %s", strerror(n < 0 ? -n : errno));
		sc_report(&e);
	}
	loaded_clear(&a);
	loaded_clear(&b);
	return n < 0 ? SC_EXIT_FAIL : n > 0;
}

/* ---- syscalls ---- */

static int print_name(const char *name, void *data)
{
	(void)data;
	return puts(name) < 0 ? -EIO : 0;
}

struct holder {
	const char *name;
	bool found;
};

static int find_name(const char *name, void *data)
{
	struct holder *h = data;

	if (strcmp(name, h->name) == 0)
		h->found = true;
	return h->found;
}

/* syscage syscalls [@GROUP|NAME]: the groups; a group's members; the
 * groups that hold a call. */
static int unknown_call(const char *arg)
{
	const char *near = sc_suggest_syscall(arg);

	if (near)
		fprintf(stderr,
			"syscage: unknown syscall \"%s\": did you mean "
			"\"%s\"?\n",
			arg, near);
	else
		fprintf(stderr,
			"syscage: unknown syscall \"%s\" (unknown to this "
			"libseccomp too)\n",
			arg);
	return SC_EXIT_FAIL;
}

int sc_cmd_syscalls(const struct sc_cli *cli)
{
	const char *arg = cli->argv[0];
	const struct sc_group *g;
	size_t n;

	if (arg && cli->argv[1]) {
		fputs("syscage syscalls: give at most one @GROUP or NAME\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	if (arg && arg[0] == '@') {
		g = sc_group_find(arg);
		if (!g) {
			fprintf(stderr, "syscage: unknown group \"%s\"\n", arg);
			return SC_EXIT_FAIL;
		}
		return sc_group_expand(g, print_name, NULL) ? SC_EXIT_FAIL : 0;
	}
	if (arg && seccomp_syscall_resolve_name(arg) == __NR_SCMP_ERROR)
		return unknown_call(arg);
	g = sc_groups(&n);
	for (size_t i = 0; i < n; i++) {
		struct holder h = { .name = arg };

		if (arg && (sc_group_expand(&g[i], find_name, &h), !h.found))
			continue;
		printf("%-16s %s\n", g[i].name, g[i].help);
	}
	return 0;
}

/* ---- which ---- */

static int say_dir(const struct sc_search_dir *d, void *data)
{
	(void)data;
	fprintf(stderr, "syscage:   %s (%s)%s\n", d->dir, d->origin,
		d->usable ? "" : ": not searched, not an absolute path");
	return 0;
}

static void say_try(const struct sc_search_try *t, void *data)
{
	(void)data;
	fprintf(stderr, "syscage: %s: %s\n", t->path,
		t->error ? strerror(t->error) : "found");
}

static void say_path(void)
{
	const char *env = getenv(SC_ENV_PATH);

	if (env && *env)
		fprintf(stderr, "syscage: search path: SYSCAGE_PATH=%s\n", env);
	else
		fputs("syscage: search path (SYSCAGE_PATH is not set):\n",
		      stderr);
	sc_search_dirs(say_dir, NULL);
}

static void list_one(const char *name, const char *path, bool hidden,
		     void *data)
{
	const struct sc_cli *cli = data;

	if (!hidden)
		printf("%s\t%s\n", name, path);
	else if (cli->verbose && strcmp(name, "default") == 0)
		fprintf(stderr, "syscage: %s: hidden: default is built in\n",
			path);
	else if (cli->verbose)
		fprintf(stderr, "syscage: %s: hidden by %s above\n", path,
			name);
}

static int which_one(const struct sc_cli *cli, const char *name)
{
	struct sc_err e = { .line = 0 };
	char path[PATH_MAX];

	if (strcmp(name, "default") == 0) {
		puts("default (built in: Docker's default profile)");
		return 0;
	}
	if (!sc_profile_is_name(name)) {
		if (access(name, F_OK) < 0) {
			sc_err_set(&e, -errno, name, 0, 0,
				   "%s (a path, not a profile name)",
				   strerror(errno));
			sc_report(&e);
			return SC_EXIT_FAIL;
		}
		if (cli->verbose)
			fprintf(stderr,
				"syscage: %s is a path, not a name: "
				"read as given\n",
				name);
		puts(name);
		return 0;
	}
	if (sc_profile_find(name, path, sizeof(path),
			    cli->verbose ? say_try : NULL, NULL, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	puts(path);
	return 0;
}

/* syscage which [-v] [NAME]: the file a name stands for, or them all. */
int sc_cmd_which(const struct sc_cli *cli)
{
	if (cli->argv[0] && cli->argv[1]) {
		fputs("syscage which: give at most one NAME\n", stderr);
		return SC_EXIT_FAIL;
	}
	if (cli->verbose)
		say_path();
	if (cli->argv[0])
		return which_one(cli, cli->argv[0]);
	puts("default\t(built in)");
	if (sc_profile_list(list_one, (void *)cli) < 0) {
		fputs("syscage: out of memory\n", stderr);
		return SC_EXIT_FAIL;
	}
	return 0;
}
