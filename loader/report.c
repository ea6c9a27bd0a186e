/* SPDX-License-Identifier: Apache-2.0 */
/* Report lines (see report.h). Written with one write() each, so that lines
 * from many syscage processes appending to one --log file never mix. */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "consts.h"
#include "sigs.h"
#include "source.h"

int sc_reporter_init(struct sc_reporter *r, const struct sc_cli *cli,
		     const struct sc_compiled *full, bool complain,
		     struct sc_err *e)
{
	const char *log = cli->log ? cli->log : getenv("SYSCAGE_LOG");

	memset(r, 0, sizeof(*r));
	r->cli = cli;
	r->full = full;
	r->complain = complain;
	r->fd = STDERR_FILENO;
	if (log && *log) {
		r->fd = open(log,
			     O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
				     O_NOCTTY,
			     0600);
		if (r->fd < 0)
			return sc_err_msg(e, -errno, log,
					  "cannot open the log: %s",
					  strerror(errno));
	}
	return 0;
}

static void say(struct sc_reporter *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct sc_reporter *r, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(r->fd, line, (size_t)n) < 0)
		return; /* nowhere left to say it */
}

/* The model, for the rule behind a decision: parsed on the first report
 * only (the cache spared the loader the parse). */
static void want_model(struct sc_reporter *r)
{
	struct sc_err e = { .line = 0 };

	if (r->tried)
		return;
	r->tried = true;
	if (sc_load(&SC_CLI_REQUEST(r->cli, r->cli->profile), &r->p, &r->o,
		    &e) == 0 &&
	    (!r->cli->deny ||
	     sc_profile_deny(r->p, r->cli->deny, "--deny", &e) == 0) &&
	    sc_model_init(&r->m, r->p, &r->o, r->full, &e) == 0)
		r->have_model = true;
}

static void comm_of(int pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	snprintf(buf, size, "?");
	f = fopen(path, "re");
	if (f && fgets(buf, (int)size, f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
}

/* A string argument, read from the process while it waits for us. */
static void read_path(int pid, uint64_t addr, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(buf, size, "?");
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = pread(fd, buf, size - 1, (off_t)addr);
	close(fd);
	if (n <= 0) {
		snprintf(buf, size, "?");
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* One argument in words, by its kind (sigs.c). */
static void arg_words(const struct seccomp_notif *req, const char *name,
		      unsigned i, char kind, char *v, size_t size)
{
	uint64_t x = req->data.args[i];
	int64_t sx = (int64_t)x;
	char s[256];

	if (kind == 'p') {
		read_path((int)req->pid, x, s, sizeof(s));
		snprintf(v, size, x ? "\"%s\"" : "NULL", s);
	} else if (kind == 'd' && (int32_t)x == AT_FDCWD) {
		snprintf(v, size, "AT_FDCWD");
	} else if (kind == 'm') {
		snprintf(v, size, "0%llo", (unsigned long long)x);
	} else if (kind == 'a') {
		snprintf(v, size, x ? "0x%llx" : "NULL", (unsigned long long)x);
	} else {
		sc_const_format(name, i, x, v, size);
		/* -1 (no fd, any child), 64 or 32 bits wide, unless named */
		if (x >> 32 == 0)
			sx = (int32_t)x;
		if (strncmp(v, "0x", 2) == 0 && sx < 0 && sx >= -4096)
			snprintf(v, size, "%lld", (long long)sx);
	}
}

/* The arguments up to the call's arity; for a call the table does not
 * know, up to the last one that is not zero. */
static void args_words(const char *name, const struct seccomp_notif *req,
		       char *buf, size_t size)
{
	const char *kinds = sc_sig_kinds(name);
	int last = 5, at = 0;

	if (kinds)
		last = (int)strlen(kinds) - 1;
	else
		while (last > 0 && req->data.args[last] == 0)
			last--;
	buf[0] = '\0';
	for (int i = 0; i <= last && (size_t)at < size; i++) {
		char v[512];

		arg_words(req, name, (unsigned)i, kinds ? kinds[i] : 'i', v,
			  sizeof(v));
		at += snprintf(buf + at, size - (size_t)at, "%s%s",
			       i ? ", " : "", v);
	}
}

/* Why: the rule (FILE:LINE and what it says), the default, or runc's
 * stub. */
static void why_words(struct sc_reporter *r, const struct seccomp_notif *req,
		      const char *name, char *buf, size_t size, bool *by_args)
{
	struct sc_verdict v;
	char w[512];

	*by_args = false;
	want_model(r);
	if (!r->have_model || req->data.arch != r->m.audit) {
		snprintf(buf, size, "profile %s", r->cli->profile);
		return;
	}
	sc_explain(&r->m, &req->data, &v);
	*by_args = v.uses_args;
	/* --deny's rule may equal the default action: it decides still. */
	if (v.rule && v.rule->narrows && v.rule->line == 0) {
		snprintf(buf, size, "%s", sc_rule_file(r->p, v.rule));
	} else if (v.why == SC_WHY_RULE && v.rule) {
		sc_rule_words(v.rule, name, w, sizeof(w));
		snprintf(buf, size, "%s:%u (%s)", sc_rule_file(r->p, v.rule),
			 v.rule->line, w);
	} else if (v.why == SC_WHY_STUB) {
		snprintf(buf, size, "%s: runc's -ENOSYS stub", r->p->file);
	} else {
		snprintf(buf, size, "%s: the default action", r->p->file);
	}
}

static bool is_ini(const struct sc_reporter *r)
{
	const char *f = r->cli->profile;
	size_t n = strlen(f);

	return n > 4 && strcmp(f + n - 4, ".ini") == 0;
}

/* The argument indexes the profile's rules for @name compare: a bit each. */
static unsigned cond_indexes(const struct sc_reporter *r, const char *name)
{
	unsigned bits = 0;

	for (size_t i = 0; r->p && i < r->p->n_rules; i++)
		if (sc_strv_has(&r->p->rules[i].names, name))
			for (size_t k = 0; k < r->p->rules[i].n_args; k++)
				bits |= 1u
					<< (r->p->rules[i].args[k].index % 6);
	return bits;
}

/* How to allow the call: by name, or, when the profile decided it by its
 * arguments, with the condition that lets this very call through. */
static void how_to_allow(const struct sc_reporter *r, const char *name,
			 const struct seccomp_notif *req, bool by_args,
			 char *buf, size_t size)
{
	unsigned bits = by_args ? cond_indexes(r, name) : 0;
	bool ini = is_ini(r);
	size_t at;

	if (!bits) {
		snprintf(buf, size, "to allow %s, %s", name,
			 ini ? "add it to \"syscalls =\" in an [allow] section"
			     : "add it to the \"names\" of a rule with "
			       "\"action\": \"SCMP_ACT_ALLOW\"");
		return;
	}
	at = (size_t)snprintf(
		buf, size,
		ini ? "to allow it, add \"%s = "
		    : "to allow it, add {\"names\": [\"%s\"], "
		      "\"action\": \"SCMP_ACT_ALLOW\", \"args\": [",
		name);
	for (unsigned i = 0, n = 0; i < 6 && at < size; i++) {
		char v[256];

		if (!(bits & 1u << i))
			continue;
		sc_const_format(name, i, req->data.args[i], v, sizeof(v));
		at += (size_t)(ini ? snprintf(buf + at, size - at,
					      "%sarg%u == %s", n ? " && " : "",
					      i, v)
				   : snprintf(buf + at, size - at,
					      "%s{\"index\": %u, \"value\": "
					      "%llu, \"op\": \"SCMP_CMP_EQ\"}",
					      n ? ", " : "", i,
					      (unsigned long long)
						      req->data.args[i]));
		n++;
	}
	if (at < size)
		snprintf(buf + at, size - at, "%s",
			 ini ? "\" to an [allow] section" : "]}");
}

static unsigned long *counter(struct sc_reporter *r, int nr, uint32_t arch,
			      uint32_t action)
{
	for (size_t i = 0; i < r->n_seen; i++)
		if (r->seen[i].nr == nr && r->seen[i].arch == arch &&
		    r->seen[i].action == action)
			return &r->seen[i].count;
	if (r->n_seen == SC_REPORT_KINDS)
		return NULL;
	r->seen[r->n_seen].nr = nr;
	r->seen[r->n_seen].arch = arch;
	r->seen[r->n_seen].action = action;
	r->seen[r->n_seen].count = 0;
	return &r->seen[r->n_seen++].count;
}

static void name_of(int nr, uint32_t arch, char *buf, size_t size)
{
	char *n = seccomp_syscall_resolve_num_arch(arch, nr);

	snprintf(buf, size, "%s", n ? n : "");
	if (!n)
		snprintf(buf, size, "syscall_%d", nr);
	free(n);
}

void sc_report_call(struct sc_reporter *r, const struct seccomp_notif *req,
		    uint32_t action)
{
	unsigned long *count;
	char name[64], comm[32], args[1024], why[700], act[64], how[700];
	bool by_args;

	count = counter(r, req->data.nr, req->data.arch, action);
	if (count && (*count)++ > 0)
		return; /* said once; counted for the summary */
	name_of(req->data.nr, req->data.arch, name, sizeof(name));
	comm_of((int)req->pid, comm, sizeof(comm));
	args_words(name, req, args, sizeof(args));
	why_words(r, req, name, why, sizeof(why), &by_args);
	how_to_allow(r, name, req, by_args, how, sizeof(how));
	sc_action_words(action, act, sizeof(act));
	say(r, "syscage: %s: %s[%u]: %s(%s): %s, by %s; %s",
	    r->complain ? "would deny" : "denied", comm, req->pid, name, args,
	    act, why, how);
}

int sc_reporter_keep(struct sc_reporter *r)
{
	for (size_t i = 0; i < r->n_seen; i++)
		r->seen[i].count = 0;
	return r->fd;
}

void sc_reporter_finish(struct sc_reporter *r, int status)
{
	char name[64], act[64];

	for (size_t i = 0; i < r->n_seen; i++) {
		if (r->seen[i].count < (r->complain ? 1u : 2u))
			continue; /* said in its line (or before the keeper) */
		name_of(r->seen[i].nr, r->seen[i].arch, name, sizeof(name));
		sc_action_words(r->seen[i].action, act, sizeof(act));
		say(r, "syscage: %s %s %lu time%s in all (%s)", name,
		    r->complain ? "would have been denied" : "denied",
		    r->seen[i].count, r->seen[i].count == 1 ? "" : "s", act);
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		say(r,
		    "syscage: %s was killed by SIGSYS: the profile kills "
		    "on a call (see syscage explain)",
		    r->cli->argv[0]);
	if (r->have_model)
		sc_model_clear(&r->m);
	sc_profile_free(r->p);
	if (r->fd != STDERR_FILENO)
		close(r->fd);
}
