/* SPDX-License-Identifier: Apache-2.0 */
/* syscage explain: what a profile does to one call, found by running the
 * compiled filter (conf/tools/explain.c). */
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "consts.h"
#include "loaded.h"
#include "suggest.h"

static const char usage[] =
	"Usage: syscage explain [--caps SET] PROFILE SYSCALL [ARG]...\n"
	"\n"
	"What PROFILE does to SYSCALL (a name, or a number) made with the\n"
	"ARGs on this machine's ABI (numbers, or constants such as AF_INET or\n"
	"O_WRONLY|O_CREAT; arguments not given are 0), found by running the\n"
	"compiled filter, and why: the rule (FILE:LINE), the default action,\n"
	"or runc's -ENOSYS stub. Prints 'call:', 'decision:', 'rule:' and\n"
	"'note:' lines.\n";

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
		return sc_err_msg(e, -EINVAL, NULL, "unknown syscall \"%s\"",
				  s);
	if (*nr < 0)
		return sc_err_msg(e, -EINVAL, NULL,
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

static void print_rule(const struct sc_loaded *l, const struct sc_rule *r,
		       const char *call, const char *prefix, const char *tail)
{
	char words[512];

	sc_rule_words(r, call, words, sizeof(words));
	printf("%s%s:%u: %s%s\n", prefix, sc_rule_file(l->p, r), r->line, words,
	       tail);
}

/* The arguments past @given that a rule for @nr compares: a bit each. */
static unsigned args_missing(const struct sc_loaded *l, int nr, size_t given)
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

static void print_verdict(const struct sc_loaded *l, const struct sc_verdict *v,
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

static int explain(const struct sc_cli *cli)
{
	struct sc_err e = { .line = 0 };
	uint64_t args[SC_ARGS_MAX] = { 0 };
	struct seccomp_data d = { .arch = sc_arch_native()->audit };
	struct sc_verdict v;
	struct sc_loaded l;
	char *name;
	size_t n = 0;

	if (!cli->argv[0] || !cli->argv[1]) {
		fputs("syscage explain: give PROFILE SYSCALL [ARG]...\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	for (char **a = cli->argv + 2; *a; a++, n++) {
		if (n == SC_ARGS_MAX || parse_value(*a, &args[n]) < 0) {
			sc_err_msg(&e, -EINVAL, NULL,
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
	    sc_loaded_open(cli, cli->argv[0], &l, &e) < 0) {
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
	sc_loaded_clear(&l);
	return 0;
}

const struct sc_cmd sc_explain_cmd = {
	.name = "explain",
	.usage = usage,
	.shared = SC_SHARED_ALL,
	.run = explain,
};
