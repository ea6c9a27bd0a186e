/* The model as a syscage INI profile (syscage-profile(5)), for people to
 * read and edit: groups where a whole group is present, constants by name,
 * Docker's comments kept. The text parses back (conf/ini.c) into a model
 * that compiles to the same filter on this machine: rules stay in order,
 * one key line per Docker rule, and what the INI language cannot say is
 * settled the way the compiler would settle it (a condition nobody meets,
 * a name nobody knows) or refused. inih reads 199 bytes a line and 49 of a
 * section header, so lists go on over continuation lines. */
#include "write.h"

#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "caps.h"
#include "consts.h"
#include "groups.h"

#define COLS 80 /* wrap here where a line can be cut */
#define TABW 8
#define HEADER_MAX 49 /* inih keeps 49 bytes of a section header */
#define VALUE_MAX 120 /* longer constant spellings go out as numbers */

struct wctx {
	const struct sc_profile *p;
	FILE *out;
	char section[256]; /* the header the keys go under */
};

/* A key being written over as many lines as it takes. */
struct wrap {
	FILE *out;
	size_t col;
	size_t words; /* on the current line */
};

/* Can the INI parser read @s as a (possibly unknown) syscall name? */
static bool writable_name(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n > 0 && n < 64 && !s[n];
}

static bool known_name(const char *s)
{
	return seccomp_syscall_resolve_name(s) != __NR_SCMP_ERROR;
}

static void wrap_start(struct wrap *w, const char *key)
{
	w->words = 0;
	w->col = (size_t)fprintf(w->out, "%s =", key);
}

/* A blank before @s unless @glue; a new line first when it would pass
 * the margin. */
static void wrap_word(struct wrap *w, const char *s, size_t len, bool glue)
{
	if (w->words && w->col + !glue + len > COLS) {
		fputs("\n\t", w->out);
		w->col = TABW;
		w->words = 0;
	} else if (!glue || !w->words) {
		fputc(' ', w->out);
		w->col++;
	}
	fwrite(s, 1, len, w->out);
	w->col += len;
	w->words++;
}

/* A unit ("&& arg1 == 0") stays on one line unless even a line of its own
 * is too short for it; then it breaks at its blanks and before the '|' of
 * a value, which the parser reads the same. */
static void wrap_unit(struct wrap *w, const char *u)
{
	size_t len = strlen(u), n;
	bool glue = false;

	if (len <= COLS - TABW) {
		wrap_word(w, u, len, false);
		return;
	}
	while (*u) {
		n = strcspn(u + 1, " |") + 1;
		wrap_word(w, u, n, glue);
		u += n;
		glue = *u == '|';
		u += strspn(u, " ");
	}
}

static void wrap_end(struct wrap *w)
{
	fputc('\n', w->out);
}

/* "; " lines, wrapped at blanks; other control characters become blanks
 * and words too long for a line are cut. */
static void write_comment(FILE *out, const char *text)
{
	size_t col = 0, n;

	for (const char *s = text; *s; s += n) {
		n = strcspn(s, " \t\r\v\f\n");
		if (n > COLS - 4)
			n = COLS - 4;
		if (col && (*s == '\n' || col + 1 + n > COLS)) {
			fputc('\n', out);
			col = 0;
		}
		if (n)
			col += (size_t)fprintf(out, "%s", col ? " " : "; ");
		for (size_t i = 0; i < n; i++, col++)
			fputc(iscntrl((unsigned char)s[i]) ? ' ' : s[i], out);
		n += !n;
	}
	if (col)
		fputc('\n', out);
}

/* ---- actions and section headers ---- */

static int action_words(enum sc_action a, bool has_errno, uint32_t e, char *buf,
			size_t size)
{
	/* in enum order; Docker's SCMP_ACT_KILL is runc's kill-thread */
	static const char *const words[] = {
		"kill-thread", "kill-thread", "kill-process", "trap",  "errno",
		"trace",       "allow",	      "log",	      "notify"
	};
	const char *name;

	if ((unsigned)a >= sizeof(words) / sizeof(words[0]))
		return -EINVAL;
	if ((a != SC_ACT_ERRNO && a != SC_ACT_TRACE) || !has_errno)
		return snprintf(buf, size, "%s", words[a]);
	/* runc keeps the low 16 bits (an int16) */
	e &= 0xffff;
	name = a == SC_ACT_ERRNO ? sc_errno_name((int)e) : NULL;
	if (name)
		return snprintf(buf, size, "%s %s", words[a], name);
	return snprintf(buf, size, "%s %u", words[a], e);
}

enum cond_kind { COND_IF, COND_UNLESS };

/* @a then @b at *@o in @buf, cut at its end (a header that long is
 * refused anyway). */
static void add(char *buf, size_t size, size_t *o, const char *a, const char *b)
{
	int n = snprintf(buf + *o, size - *o, "%s%s", a, b);

	*o = n < 0 || *o + (size_t)n >= size ? size - 1 : *o + (size_t)n;
}

/* Appends the words of @c to @buf. Returns 1 when the condition means the
 * rule never applies (a capability nobody holds, only architectures no
 * machine has, "excludes" on every kernel), else 0. @native: settle an
 * arch= condition as this machine would, instead of writing it. */
static int cond_words(const struct sc_cond *c, enum cond_kind k, bool native,
		      char *buf, size_t size)
{
	const char *me = sc_arch_native()->go;
	size_t o = strlen(buf), start;
	bool valid = false;
	char v[16];

	for (size_t i = 0; i < c->caps.n; i++) {
		/* a capability this build does not know is held by nobody */
		if (sc_cap_from_name(c->caps.v[i]) < 0) {
			if (k == COND_IF)
				return 1;
			continue;
		}
		add(buf, size, &o, " ", c->caps.v[i]);
	}
	start = o;
	for (size_t i = 0; i < c->arches.n; i++) {
		if (!sc_arch_by_go(c->arches.v[i]))
			continue; /* no machine has it */
		add(buf, size, &o, valid ? "," : " arch=", c->arches.v[i]);
		valid = true;
	}
	if (c->arches.n && native) {
		o = start;
		buf[o] = '\0';
		if (sc_strv_has(&c->arches, me) == (k == COND_UNLESS))
			return 1;
	} else if (c->arches.n && !valid && k == COND_IF) {
		return 1;
	}
	if (!c->has_min_kernel)
		return 0;
	/* moby's "" is 0.0: every kernel is at least that */
	if (!c->min_kernel_major && !c->min_kernel_minor)
		return k == COND_UNLESS;
	snprintf(v, sizeof(v), "%u.%u", c->min_kernel_major,
		 c->min_kernel_minor);
	add(buf, size, &o, " kernel>=", v);
	return 0;
}

/* The section header of @r: 0, 1 when the rule never applies (no header),
 * or -E2BIG when inih could not read the header. */
static int header_of(const struct sc_rule *r, char *hdr, size_t size)
{
	char in[256], ex[256];
	int rc;

	for (int native = 0; native < 2; native++) {
		in[0] = ex[0] = '\0';
		rc = cond_words(&r->includes, COND_IF, native, in, sizeof(in));
		if (!rc)
			rc = cond_words(&r->excludes, COND_UNLESS, native, ex,
					sizeof(ex));
		if (rc)
			return 1;
		rc = action_words(r->action, r->has_errno, r->errno_ret, hdr,
				  size);
		if (rc < 0)
			return rc;
		snprintf(hdr + rc, size - (size_t)rc, "%s%s%s%s",
			 in[0] ? " if" : "", in, ex[0] ? " unless" : "", ex);
		if (strlen(hdr) <= HEADER_MAX)
			return 0;
	}
	return -E2BIG;
}

/* ---- [profile] ---- */

/* @docker once, as the INI word for it: x86_64, x86, aarch64, ... */
static int arch_add(struct wrap *w, struct sc_strv *done, const char *docker)
{
	const char *word = docker; /* unknown: the parser will say so */
	char buf[32];
	size_t i;

	if (sc_strv_has(done, docker) || !*docker)
		return 0;
	if (sc_strv_add(done, docker, strlen(docker)) < 0)
		return -ENOMEM;
	if (!strcmp(docker, sc_arch_native()->docker))
		word = "native";
	else if (sc_arch_by_docker(docker))
		word = docker + strlen("SCMP_ARCH_");
	for (i = 0; word[i] && i + 1 < sizeof(buf); i++)
		buf[i] = (char)(word == docker ? word[i] : tolower(word[i]));
	wrap_word(w, buf, i, false);
	return 0;
}

/* In the order libseccomp and runc's -ENOSYS stub take them: the list as
 * written ("native" in its place, or first as the parser puts it), or the
 * native archMap entry and its subArchitectures. */
static int write_arches(struct wctx *c)
{
	const struct sc_profile *p = c->p;
	const struct sc_arch *me = sc_arch_native();
	struct sc_strv done = { 0 };
	struct wrap w = { .out = c->out };
	bool mapped = false;
	int rc = 0;

	for (size_t i = 0; i < p->n_archmap; i++)
		mapped |= p->archmap[i].arch &&
			  !strcmp(p->archmap[i].arch, me->docker);
	if (p->n_archmap)
		fprintf(c->out, "; archMap, as on this machine (%s)\n",
			me->docker);
	if (!mapped && !p->arches.n)
		write_comment(c->out, "The Docker profile names no "
				      "architecture for this machine, so runc "
				      "adds no -ENOSYS stub; an INI profile "
				      "always has one.");
	wrap_start(&w, "arch");
	if (!sc_strv_has(&p->arches, me->docker))
		rc = arch_add(&w, &done, me->docker);
	for (size_t i = 0; !rc && i < p->arches.n; i++)
		rc = arch_add(&w, &done, p->arches.v[i]);
	for (size_t i = 0; !rc && mapped && i < p->n_archmap; i++) {
		const struct sc_archmap *m = &p->archmap[i];

		if (!m->arch || strcmp(m->arch, me->docker))
			continue;
		for (size_t j = 0; !rc && j < m->sub.n; j++)
			rc = arch_add(&w, &done, m->sub.v[j]);
	}
	wrap_end(&w);
	sc_strv_clear(&done);
	return rc;
}

/* SECCOMP_FILTER_FLAG_SPEC_ALLOW as spec-allow; present but empty is
 * kept, as runc tells it from absent. */
static void write_flags(struct wctx *c)
{
	struct wrap w = { .out = c->out };
	char word[32];
	size_t i;

	if (!c->p->has_flags)
		return;
	wrap_start(&w, "flags");
	for (size_t k = 0; k < c->p->flags.n; k++) {
		const char *f = c->p->flags.v[k] + 20;

		if (strncmp(c->p->flags.v[k], "SECCOMP_FILTER_FLAG_", 20))
			continue;
		for (i = 0; f[i] && i + 1 < sizeof(word); i++)
			word[i] = f[i] == '_' ? '-' : (char)(f[i] | 0x20);
		wrap_word(&w, word, i, false);
	}
	wrap_end(&w);
}

static int write_profile(struct wctx *c)
{
	const struct sc_profile *p = c->p;
	char act[64], head[256];
	int rc;

	snprintf(head, sizeof(head),
		 "syscage profile%s%s. Rules apply in the order written, each "
		 "under its [section]'s action and conditions; see "
		 "syscage-profile(5).",
		 p->file ? ", converted from " : "", p->file ? p->file : "");
	write_comment(c->out, head);
	if (!p->has_default)
		return -EINVAL;
	rc = action_words(p->default_action, p->has_default_errno,
			  p->default_errno, act, sizeof(act));
	if (rc < 0)
		return rc;
	fprintf(c->out, "\n[profile]\ndefault = %s\n", act);
	rc = write_arches(c);
	if (rc < 0)
		return rc;
	write_flags(c);
	if (p->caps)
		fprintf(c->out, "caps = %s\n", p->caps);
	if (p->listener_path || p->listener_metadata)
		write_comment(c->out,
			      "listenerPath and listenerMetadata were dropped: "
			      "an INI profile has no seccomp agent");
	return 0;
}

/* ---- groups ---- */

/* A walk over a group's members (sc_group_expand) that finds each in the
 * rule's names: stops at the first one missing. */
struct gwalk {
	const struct sc_rule *r;
	bool *used; /* names already written (or left out) */
	bool mark; /* mark the names found as used */
	bool fresh; /* a member not used yet */
	size_t n; /* members found */
};

static int gvisit(const char *name, void *data)
{
	struct gwalk *g = data;
	bool found = false;

	for (size_t j = 0; j < g->r->names.n; j++) {
		if (strcmp(g->r->names.v[j], name))
			continue;
		found = true;
		g->fresh |= !g->used[j];
		g->used[j] |= g->mark;
	}
	g->n++;
	return !found;
}

/* The groups all of whose members @r names, biggest first, each adding a
 * name not written yet: written, and their names marked in @used. */
static int write_groups(struct wrap *w, const struct sc_rule *r, bool *used)
{
	size_t ng, best, words = 0;
	const struct sc_group *g = sc_groups(&ng);
	size_t *size = calloc(ng ? ng : 1, sizeof(*size));
	struct gwalk k;

	if (!size)
		return -ENOMEM;
	for (size_t i = 0; i < ng; i++) {
		k = (struct gwalk){ .r = r, .used = used };
		if (!sc_group_expand(&g[i], gvisit, &k) && k.n > 1)
			size[i] = k.n;
	}
	for (;;) {
		best = 0;
		for (size_t i = 1; i < ng; i++)
			best = size[i] > size[best] ? i : best;
		if (!ng || !size[best])
			break;
		size[best] = 0;
		k = (struct gwalk){ .r = r, .used = used };
		sc_group_expand(&g[best], gvisit, &k);
		if (!k.fresh)
			continue;
		k.mark = true;
		sc_group_expand(&g[best], gvisit, &k);
		if (!words++)
			wrap_start(w, "syscalls");
		wrap_word(w, g[best].name, strlen(g[best].name), false);
	}
	free(size);
	return (int)words;
}

/* ---- rules ---- */

/* Docker skips a name libseccomp does not know; one the INI parser cannot
 * read either is left out (marked in @used), and said so. */
static void drop_unwritable(FILE *out, const struct sc_rule *r, bool *used)
{
	char msg[96];
	size_t n = 0;

	for (size_t j = 0; j < r->names.n; j++) {
		used[j] = !writable_name(r->names.v[j]) &&
			  !known_name(r->names.v[j]);
		n += used[j];
	}
	snprintf(msg, sizeof(msg),
		 "%zu name(s) left out: not syscall names, "
		 "which Docker skips",
		 n);
	if (n)
		write_comment(out, msg);
}

/* One Docker rule without arguments: one "syscalls =" key. The parser
 * splits it into rules by kind (checked names, ?names and groups), which
 * for one action and no arguments compiles the same in any order. */
static int write_syscalls(struct wctx *c, const struct sc_rule *r)
{
	bool *used = calloc(r->names.n, sizeof(*used));
	struct wrap w = { .out = c->out };
	char q[80];
	int words;

	if (!used)
		return -ENOMEM;
	drop_unwritable(c->out, r, used);
	words = write_groups(&w, r, used);
	for (size_t j = 0; words >= 0 && j < r->names.n; j++) {
		if (used[j])
			continue;
		if (!words++)
			wrap_start(&w, "syscalls");
		snprintf(q, sizeof(q), "%s%s",
			 r->lax_names && !known_name(r->names.v[j]) ? "?" : "",
			 r->names.v[j]);
		wrap_word(&w, q, strlen(q), false);
	}
	if (words > 0)
		wrap_end(&w);
	free(used);
	return words < 0 ? words : 0;
}

/* @v as sc_const_format spells it for argument @index of @name, unless that
 * is too long for a line. */
static void value_words(const char *name, unsigned index, uint64_t v, char *buf,
			size_t size)
{
	int n = sc_const_format(name, index, v, buf, size);

	if (n < 0 || (size_t)n >= size || n > VALUE_MAX)
		snprintf(buf, size, "%#llx", (unsigned long long)v);
}

static int term(const char *name, const struct sc_arg *a, char *buf,
		size_t size)
{
	static const char *const ops[] = {
		[SC_OP_NE] = "!=", [SC_OP_LT] = "<",  [SC_OP_LE] = "<=",
		[SC_OP_EQ] = "==", [SC_OP_GE] = ">=", [SC_OP_GT] = ">",
	};
	char v1[VALUE_MAX + 8], v2[VALUE_MAX + 8];

	if (a->index >= SC_ARGS_MAX || (unsigned)a->op > SC_OP_MASKED_EQ)
		return -EINVAL;
	value_words(name, a->index, a->value, v1, sizeof(v1));
	if (a->op != SC_OP_MASKED_EQ)
		return snprintf(buf, size, "arg%u %s %s", a->index, ops[a->op],
				v1);
	value_words(name, a->index, a->value_two, v2, sizeof(v2));
	if (strchr(v1, '|')) /* as the spec writes a mask of several */
		return snprintf(buf, size, "arg%u & (%s) == %s", a->index, v1,
				v2);
	return snprintf(buf, size, "arg%u & %s == %s", a->index, v1, v2);
}

/* runc gives each condition a rule of its own when one argument is
 * compared twice: they OR, else they AND. */
static bool splits(const struct sc_rule *r)
{
	unsigned seen = 0;

	for (size_t i = 0; i < r->n_args; i++) {
		if (seen & 1u << (r->args[i].index % SC_ARGS_MAX))
			return true;
		seen |= 1u << (r->args[i].index % SC_ARGS_MAX);
	}
	return false;
}

/* The comparisons of a key, each with what joins it to the one before:
 * 0 (the first), '&' or '|'. */
struct item {
	const struct sc_arg *a;
	char sep;
};

/* How many items from @it[0] make "argN in {x, y, ...}": alternatives of
 * one == each, on one argument. The parser reads them back in order. */
static size_t in_run(const struct item *it, size_t n)
{
	size_t k = 0;

	while (k < n && it[k].a->op == SC_OP_EQ &&
	       it[k].a->index == it[0].a->index && (!k || it[k].sep == '|') &&
	       (k + 1 == n || it[k + 1].sep != '&'))
		k++;
	return k;
}

static int write_items(struct wrap *w, const char *name, const struct item *it,
		       size_t n)
{
	char t[2 * VALUE_MAX + 32], buf[sizeof(t) + 32];
	const char *sep;
	size_t k;
	int rc;

	for (size_t i = 0; i < n; i += k) {
		sep = it[i].sep == '&' ? "&& " : it[i].sep ? "|| " : "";
		k = it[i].sep == '&' ? 0 : in_run(it + i, n - i);
		for (size_t j = 0; k > 1 && j < k; j++) {
			value_words(name, it[i].a->index, it[i + j].a->value, t,
				    sizeof(t));
			if (!j)
				snprintf(buf, sizeof(buf), "%sarg%u in {%s,",
					 sep, it[i].a->index, t);
			else
				snprintf(buf, sizeof(buf), "%s%s", t,
					 j + 1 == k ? "}" : ",");
			wrap_unit(w, buf);
		}
		if (k > 1)
			continue;
		k = 1;
		rc = term(name, it[i].a, t, sizeof(t));
		if (rc < 0)
			return rc;
		snprintf(buf, sizeof(buf), "%s%s", sep, t);
		wrap_unit(w, buf);
	}
	return 0;
}

/* Docker rules @r[0..@n) with arguments: one "NAME = CONDITION" key per
 * name; @n > 1 only for rules of one name each, all the same. */
static int write_conds(struct wctx *c, const struct sc_rule *r, size_t n)
{
	struct wrap w = { .out = c->out };
	size_t total = 0, k = 0;
	bool *skip = calloc(r->names.n, sizeof(*skip));
	struct item *it;
	char key[80];
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		total += r[i].n_args;
	it = calloc(total, sizeof(*it));
	if (!it || !skip) {
		free(skip);
		free(it);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < r[i].n_args; j++, k++)
			it[k] = (struct item){ &r[i].args[j],
					       !k		     ? 0
					       : j && !splits(&r[i]) ? '&'
								     : '|' };
	drop_unwritable(c->out, r, skip);
	for (size_t j = 0; !rc && j < r->names.n; j++) {
		const char *name = r->names.v[j];

		if (skip[j])
			continue;
		snprintf(key, sizeof(key), "%s%s",
			 r->lax_names && !known_name(name) ? "?" : "", name);
		wrap_start(&w, key);
		rc = write_items(&w, name, it, k);
		wrap_end(&w);
	}
	free(skip);
	free(it);
	return rc;
}

/* Whether rule @b can join rule @a's key line: both with arguments, one
 * and the same name, the same header, no comment of its own. */
static bool joins(const struct sc_rule *a, const struct sc_rule *b,
		  const char *hdr)
{
	char h[256];

	if (a->names.n != 1 || b->names.n != 1 || !b->n_args ||
	    (b->comment && *b->comment) || a->lax_names != b->lax_names ||
	    strcmp(a->names.v[0], b->names.v[0]))
		return false;
	return header_of(b, h, sizeof(h)) == 0 && !strcmp(h, hdr);
}

/* Writes the rule at @i and those that join it; returns the index of the
 * next rule, or -errno. */
static long write_rule(struct wctx *c, size_t i)
{
	const struct sc_rule *r = &c->p->rules[i];
	size_t next = i + 1, o;
	char hdr[256];
	int rc;

	if (!r->names.n)
		return (long)next; /* no effect */
	rc = header_of(r, hdr, sizeof(hdr));
	if (rc < 0)
		return rc;
	if (rc == 1) {
		o = 0;
		add(hdr, sizeof(hdr), &o, "Left out, as it applies nowhere ",
		    "(or not here):");
		for (size_t j = 0; j < r->names.n; j++)
			add(hdr, sizeof(hdr), &o, " ", r->names.v[j]);
		write_comment(c->out, hdr);
		return (long)next;
	}
	if (strcmp(hdr, c->section)) {
		fprintf(c->out, "\n[%s]\n", hdr);
		snprintf(c->section, sizeof(c->section), "%s", hdr);
	}
	if (r->comment && *r->comment)
		write_comment(c->out, r->comment);
	if (!r->n_args)
		rc = write_syscalls(c, r);
	else {
		while (next < c->p->n_rules &&
		       joins(r, &c->p->rules[next], hdr))
			next++;
		rc = write_conds(c, r, next - i);
	}
	return rc < 0 ? rc : (long)next;
}

int sc_write_ini(const struct sc_profile *p, FILE *out)
{
	struct wctx c = { .p = p, .out = out };
	long next = 0;
	int rc = write_profile(&c);

	for (size_t i = 0; !rc && i < p->n_rules; i = (size_t)next) {
		next = write_rule(&c, i);
		if (next < 0)
			rc = (int)next;
	}
	if (!rc && (fflush(out) == EOF || ferror(out)))
		rc = -EIO;
	return rc;
}
