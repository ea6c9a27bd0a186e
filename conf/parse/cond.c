/* SPDX-License-Identifier: Apache-2.0 */
/* The condition grammar of INI rules (see syscage-profile(5)):
 *
 *   cond  := alt ('||' alt)*
 *   alt   := term ('&&' term)*
 *   term  := argN OP value | argN '&' value '==' value
 *          | argN 'in' '{' value (',' value)* '}' | '(' cond ')'
 *   value := atom ('|' atom)*
 *   atom  := NUMBER | CONSTANT | '(' value ')'
 *
 * Parsing builds the OR of ANDs directly: '||' concatenates alternatives,
 * '&&' takes their cross product. libseccomp ANDs at most one comparison per
 * argument, so an AND that compares an argument twice is an error that says
 * so, never a silent rewrite. */
#include "cond.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "consts.h"
#include "util.h"

struct lex {
	const char *s; /* next character */
	const char *tok; /* current token */
	size_t len;
	struct sc_err *err;
};

static const char *const ops2[] = { "||", "&&", "==", "!=", "<=", ">=" };

static void next(struct lex *l)
{
	while (isspace((unsigned char)*l->s))
		l->s++;
	l->tok = l->s;
	if (!*l->s) {
		l->len = 0;
		return;
	}
	if (isalnum((unsigned char)*l->s) || *l->s == '_') {
		while (isalnum((unsigned char)*l->s) || *l->s == '_')
			l->s++;
	} else {
		l->s++;
		for (size_t i = 0; i < SC_ARRAY_SIZE(ops2); i++)
			if (strncmp(l->tok, ops2[i], 2) == 0) {
				l->s = l->tok + 2;
				break;
			}
	}
	l->len = (size_t)(l->s - l->tok);
}

static bool is(const struct lex *l, const char *t)
{
	return l->len == strlen(t) && strncmp(l->tok, t, l->len) == 0;
}

static int fail(struct lex *l, const char *what)
{
	if (l->len)
		return sc_err_msg(l->err, -EINVAL, NULL, "%s, found \"%.*s\"",
				  what, (int)l->len, l->tok);
	return sc_err_msg(l->err, -EINVAL, NULL,
			  "%s, found the end of the condition", what);
}

static int value(struct lex *l, uint64_t *v);

static int atom(struct lex *l, uint64_t *v)
{
	char *end;
	int rc;

	if (is(l, "(")) {
		next(l);
		rc = value(l, v);
		if (rc < 0)
			return rc;
		if (!is(l, ")"))
			return fail(l, "expected \")\"");
		next(l);
		return 0;
	}
	if (l->len && isdigit((unsigned char)*l->tok)) {
		errno = 0;
		*v = strtoull(l->tok, &end, 0);
		if (end != l->tok + l->len || errno)
			return fail(l, "expected a number (decimal, 0x hex or "
				       "0 octal, below 2^64)");
		next(l);
		return 0;
	}
	if (l->len && sc_const_value(l->tok, l->len, v)) {
		next(l);
		return 0;
	}
	if (l->len && (isalpha((unsigned char)*l->tok) || *l->tok == '_'))
		return fail(l, "unknown constant (see syscage-profile(5) for "
			       "the names syscage knows, or write the number)");
	return fail(l, "expected a number or a constant");
}

static int value(struct lex *l, uint64_t *v)
{
	uint64_t more;
	int rc = atom(l, v);

	while (rc == 0 && is(l, "|")) {
		next(l);
		rc = atom(l, &more);
		*v |= more;
	}
	return rc;
}

static int one(struct sc_dnf *d, unsigned index, enum sc_op op, uint64_t a,
	       uint64_t b)
{
	d->n = 1;
	d->alt[0].n = 1;
	d->alt[0].args[0] = (struct sc_arg){ index, a, b, op };
	return 0;
}

static int in_set(struct lex *l, unsigned index, struct sc_dnf *d)
{
	uint64_t v;
	int rc;

	next(l);
	if (!is(l, "{"))
		return fail(l, "expected \"{\" after \"in\"");
	d->n = 0;
	do {
		next(l);
		rc = value(l, &v);
		if (rc < 0)
			return rc;
		if (d->n == SC_COND_ALTS_MAX)
			return fail(l, "too many alternatives");
		d->alt[d->n].n = 1;
		d->alt[d->n++].args[0] =
			(struct sc_arg){ index, v, 0, SC_OP_EQ };
	} while (is(l, ","));
	if (!is(l, "}"))
		return fail(l, "expected \",\" or \"}\"");
	next(l);
	return 0;
}

static int comparison(struct lex *l, struct sc_dnf *d)
{
	unsigned index = (unsigned)(l->tok[3] - '0');
	uint64_t a, b;
	int rc;

	if (l->len != 4 || index >= SC_ARGS_MAX)
		return fail(l, "arguments are arg0 to arg5");
	next(l);
	if (is(l, "in"))
		return in_set(l, index, d);
	if (is(l, "&")) {
		next(l);
		rc = value(l, &a);
		if (rc == 0 && !is(l, "=="))
			return fail(l, "a mask is compared with \"==\" only "
				       "(libseccomp has no other masked test)");
		if (rc == 0)
			next(l), rc = value(l, &b);
		return rc < 0 ? rc : one(d, index, SC_OP_MASKED_EQ, a, b);
	}
	/* The signs are profile.c's, which explain and the writer use. */
	for (enum sc_op op = 0; op < SC_OP_MASKED_EQ; op++) {
		if (!is(l, sc_op_sign(op)))
			continue;
		next(l);
		rc = value(l, &a);
		return rc < 0 ? rc : one(d, index, op, a, 0);
	}
	return fail(l, "expected ==, !=, <, <=, >, >=, & or in");
}

static int cond(struct lex *l, struct sc_dnf *d);

static int term(struct lex *l, struct sc_dnf *d)
{
	int rc;

	if (is(l, "(")) {
		next(l);
		rc = cond(l, d);
		if (rc == 0 && !is(l, ")"))
			return fail(l, "expected \")\"");
		if (rc == 0)
			next(l);
		return rc;
	}
	if (l->len >= 4 && strncmp(l->tok, "arg", 3) == 0)
		return comparison(l, d);
	return fail(l, "expected argN (arg0 to arg5) or \"(\"");
}

/* @d := @d AND @t, alternative by alternative. */
static int cross(struct lex *l, struct sc_dnf *d, const struct sc_dnf *t)
{
	/* 50 KiB (sizeof): on the heap, not static, so parsing is
	 * reentrant. */
	_cleanup_free_ struct sc_dnf *out = NULL;
	struct sc_err *err = l->err;

	if (d->n * t->n > SC_COND_ALTS_MAX)
		return sc_err_msg(err, -EINVAL, NULL,
				  "the condition expands to more than %d "
				  "alternatives",
				  SC_COND_ALTS_MAX);
	out = malloc(sizeof(*out));
	if (!out)
		return sc_err_oom(err);
	out->n = 0;
	for (size_t i = 0; i < d->n; i++)
		for (size_t j = 0; j < t->n; j++) {
			struct sc_conj *c = &out->alt[out->n++];

			*c = d->alt[i];
			for (size_t k = 0; k < t->alt[j].n; k++) {
				const struct sc_arg *a = &t->alt[j].args[k];

				for (size_t m = 0; m < c->n; m++)
					if (c->args[m].index == a->index)
						return sc_err_msg(
							err, -EINVAL, NULL,
							"arg%u is compared twice "
							"in one alternative; "
							"libseccomp ANDs one "
							"comparison per argument "
							"(use || or split the "
							"rule)",
							a->index);
				c->args[c->n++] = *a;
			}
		}
	d->n = out->n;
	memcpy(d->alt, out->alt, out->n * sizeof(*out->alt));
	return 0;
}

static int alt(struct lex *l, struct sc_dnf *d)
{
	struct sc_dnf *t = malloc(sizeof(*t));
	int rc;

	if (!t)
		return sc_err_oom(l->err);
	rc = term(l, d);
	while (rc == 0 && is(l, "&&")) {
		next(l);
		rc = term(l, t);
		if (rc == 0)
			rc = cross(l, d, t);
	}
	free(t);
	return rc;
}

static int cond(struct lex *l, struct sc_dnf *d)
{
	struct sc_dnf *t = malloc(sizeof(*t));
	int rc;

	if (!t)
		return sc_err_oom(l->err);
	rc = alt(l, d);
	while (rc == 0 && is(l, "||")) {
		next(l);
		rc = alt(l, t);
		if (rc == 0 && d->n + t->n > SC_COND_ALTS_MAX)
			rc = fail(l, "too many alternatives");
		if (rc == 0) {
			memcpy(&d->alt[d->n], t->alt, t->n * sizeof(*t->alt));
			d->n += t->n;
		}
	}
	free(t);
	return rc;
}

int sc_cond_parse(const char *text, struct sc_dnf *out, struct sc_err *err)
{
	struct lex l = { .s = text, .err = err };
	int rc;

	next(&l);
	rc = cond(&l, out);
	if (rc == 0 && l.len)
		rc = fail(&l, "expected && or || or the end of the condition");
	return rc;
}
