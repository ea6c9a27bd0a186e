/* SPDX-License-Identifier: Apache-2.0 */
/* The model as a syscage INI profile (syscage-profile(5)), for people to
 * read and edit: groups where a whole group is present, constants by name,
 * Docker's comments kept. The text parses back (conf/parse/inifile.c) into a model
 * that compiles to the same filter on this machine: rules stay in order,
 * one key line per Docker rule, and what the INI language cannot say is
 * settled the way the compiler would settle it (a condition nobody meets,
 * a name nobody knows) or refused. This file walks the profile: [profile],
 * each rule's section header (inih keeps 49 bytes of one) and which rules
 * share a key; write_cond.c writes the keys, write_wrap.c lays out lines. */
#include "write.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "arch.h"
#include "caps.h"
#include "consts.h"
#include "write_cond.h"
#include "write_wrap.h"
#include "util.h"

#define HEADER_MAX 49 /* inih keeps 49 bytes of a section header */

struct wctx {
	const struct sc_profile *p;
	FILE *out;
	char section[256]; /* the header the keys go under */
};

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

	if ((unsigned)a >= SC_ARRAY_SIZE(words))
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
static int arch_add(struct sc_wrap *w, struct sc_strv *done, const char *docker)
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
	sc_wrap_word(w, buf, i, false);
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
	struct sc_wrap w = { .out = c->out };
	bool mapped = false;
	int rc = 0;

	for (size_t i = 0; i < p->n_archmap; i++)
		mapped |= p->archmap[i].arch &&
			  !strcmp(p->archmap[i].arch, me->docker);
	if (p->n_archmap)
		fprintf(c->out, "; archMap, as on this machine (%s)\n",
			me->docker);
	if (!mapped && !p->arches.n)
		sc_wrap_comment(c->out,
				"The Docker profile names no "
				"architecture for this machine, so runc "
				"adds no -ENOSYS stub; an INI profile "
				"always has one.");
	sc_wrap_start(&w, "arch");
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
	sc_wrap_end(&w);
	sc_strv_clear(&done);
	return rc;
}

/* SECCOMP_FILTER_FLAG_SPEC_ALLOW as spec-allow; present but empty is
 * kept, as runc tells it from absent. */
static void write_flags(struct wctx *c)
{
	struct sc_wrap w = { .out = c->out };
	char word[32];
	size_t i;

	if (!c->p->has_flags)
		return;
	sc_wrap_start(&w, "flags");
	for (size_t k = 0; k < c->p->flags.n; k++) {
		const char *f = c->p->flags.v[k] + 20;

		if (strncmp(c->p->flags.v[k], "SECCOMP_FILTER_FLAG_", 20))
			continue;
		for (i = 0; f[i] && i + 1 < sizeof(word); i++)
			word[i] = f[i] == '_' ? '-' : (char)(f[i] | 0x20);
		sc_wrap_word(&w, word, i, false);
	}
	sc_wrap_end(&w);
}

static int write_profile(struct wctx *c)
{
	const struct sc_profile *p = c->p;
	char act[64], head[1024];
	int rc;

	snprintf(head, sizeof(head),
		 "syscage profile%s%s. Rules apply in the order written, each "
		 "under its [section]'s action and conditions; see "
		 "syscage-profile(5).",
		 p->origin ? ", "
		 : p->file ? ", converted from "
			   : "",
		 p->origin ? p->origin
		 : p->file ? p->file
			   : "");
	sc_wrap_comment(c->out, head);
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
	if (p->listener_path)
		fprintf(c->out, "listener = %s\n", p->listener_path);
	if (p->listener_metadata)
		sc_wrap_comment(c->out,
				"listenerMetadata was dropped: an INI profile "
				"names the agent (listener =), not what runc "
				"sends it");
	return 0;
}

/* ---- rules ---- */

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
		sc_wrap_comment(c->out, hdr);
		return (long)next;
	}
	if (strcmp(hdr, c->section)) {
		fprintf(c->out, "\n[%s]\n", hdr);
		snprintf(c->section, sizeof(c->section), "%s", hdr);
	}
	if (r->comment && *r->comment)
		sc_wrap_comment(c->out, r->comment);
	if (!r->n_args)
		rc = sc_write_syscalls(c->out, r);
	else {
		while (next < c->p->n_rules &&
		       joins(r, &c->p->rules[next], hdr))
			next++;
		rc = sc_write_conds(c->out, r, next - i);
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
