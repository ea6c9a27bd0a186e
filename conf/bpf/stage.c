/* SPDX-License-Identifier: Apache-2.0 */
/* Stage one and stage two (see stage.h), derived from the compiled program
 * itself: each needed call is run through the BPF interpreter, so whatever
 * libseccomp and the -ENOSYS stub decided is what counts. */
#include "stage.h"
#include "arch.h"

#include <errno.h>
#include <seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "bpf.h"
#include "guard.h"
#include "util.h"

/* What runs between the loader's execve and the end of the shim's
 * constructor, measured with strace on Debian 12 (glibc 2.36): execve,
 * ld.so mapping the libraries, libc's start-up, and the shim reading its
 * environment and loading stage two (write and exit_group for its error
 * path). */
static const char *const dynamic_calls[] = {
	"execve",	   "brk",
	"arch_prctl",	   "mmap",
	"mprotect",	   "munmap",
	"access",	   "openat",
	"newfstatat",	   "fstat",
	"close",	   "read",
	"pread64",	   "set_tid_address",
	"set_robust_list", "rseq",
	"prlimit64",	   "getrandom",
	"prctl",	   "seccomp",
	"write",	   "exit_group",
};

/* What ld.so does after the shim's la_version, mapping the program's
 * libraries (strace, glibc 2.36): left widened until la_preinit, after
 * relocation. A profile need not allow them: that is what a filter loaded
 * after ld.so buys. (seccomp joins them when any is needed: la_preinit
 * loads the late stage with it.) */
static const char *const late_calls[] = {
	"access",  "openat", "newfstatat", "fstat",  "close",	  "read",
	"pread64", "mmap",   "mprotect",   "munmap", "prlimit64", "brk",
};

static bool is_late(const char *name)
{
	for (size_t i = 0; i < SC_ARRAY_SIZE(late_calls); i++)
		if (strcmp(name, late_calls[i]) == 0)
			return true;
	return false;
}

_Static_assert(SC_ARRAY_SIZE(dynamic_calls) <= SC_NEEDS_MAX,
	       "struct sc_stages keeps every widened call");

/* A static target runs no shim: only the exec itself is widened. */
static const char *const static_calls[] = { "execve" };

/* How a supervised run narrows a widened call again: the supervisor
 * (reported) when the profile answers it with an errno, by its arguments
 * or not; the kernel, from the shim, when the profile kills, traps, traces
 * or answers ENOSYS (none of which is reported anyway). */
enum need_by {
	BY_SUPERVISOR, /* notified, let through while the command starts */
	BY_ARGS, /* the profile's errno decisions are notified anyway */
	BY_KERNEL, /* ALLOW in stage one, narrowed by the shim's stages */
};

struct need {
	uint32_t nr;
	bool late; /* narrowed at la_preinit, not la_version */
	enum need_by by;
};

/* Fills @need and @names; 0 or -ENOMEM. */
static enum need_by need_by(uint32_t act, bool uses_args)
{
	if (uses_args)
		return BY_ARGS;
	return (act & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO &&
			       (act & SECCOMP_RET_DATA) != ENOSYS
		       ? BY_SUPERVISOR
		       : BY_KERNEL;
}

static int find_needs(const struct sc_compiled *full, bool dynamic,
		      struct need *need, size_t *n_need, struct sc_strv *names)
{
	const char *const *calls = dynamic ? dynamic_calls : static_calls;
	size_t n_calls = dynamic ? SC_ARRAY_SIZE(dynamic_calls)
				 : SC_ARRAY_SIZE(static_calls);
	struct seccomp_data d = { .arch = sc_arch_native()->audit };
	struct sc_prog prof;
	bool any_late = false;
	size_t n = 0;

	/* The guard reads seccomp()'s arguments; the shim's own call is not
	 * the one it refuses. */
	sc_guard_skip(&full->prog, &prof);
	for (size_t i = 0; i < n_calls; i++) {
		int nr = seccomp_syscall_resolve_name(calls[i]);
		bool uses_args;
		uint32_t act;

		if (nr < 0)
			continue; /* not a call of this architecture */
		d.nr = nr;
		act = sc_bpf_run(&prof, &d, &uses_args);
		if (sc_lets_run(act) && !uses_args)
			continue;
		need[n++] = (struct need){ (uint32_t)nr,
					   dynamic && is_late(calls[i]),
					   need_by(act, uses_args) };
		any_late |= need[n - 1].late;
		if (sc_strv_add(names, calls[i], strlen(calls[i])) < 0)
			return -ENOMEM;
	}
	/* The late stage goes in with seccomp(): keep it until then. */
	for (size_t k = 0; k < n && any_late; k++)
		if (need[k].nr == (uint32_t)SYS_seccomp)
			need[k].late = true;
	*n_need = n;
	return 0;
}

bool sc_lets_run(uint32_t action)
{
	/* LOG logs and lets the call run. */
	return action == SECCOMP_RET_ALLOW || action == SECCOMP_RET_LOG;
}

int sc_check_runnable(const struct sc_compiled *full, const char *file,
		      struct sc_err *err)
{
	struct seccomp_data d = { .arch = sc_arch_native()->audit };
	bool uses_args;

	/* The native number, from the headers: libseccomp's name lookup
	 * would fault its tables in on every start of the shim. */
	d.nr = SYS_exit_group;
	if (sc_lets_run(sc_bpf_run(&full->prog, &d, &uses_args)) || uses_args)
		return 0;
	return sc_err_msg(err, -EPERM, file,
			  "the profile denies exit_group: no program can run, "
			  "or even exit, under it (runc cannot start it "
			  "either); allow exit_group");
}

/* Whether stage one has an entry for @k, and what it returns. */
static bool entry(const struct need *k, bool supervised, uint32_t *ret)
{
	*ret = SECCOMP_RET_ALLOW;
	if (!supervised || k->by == BY_KERNEL)
		return true;
	/* Decided by its arguments, a call reaches the supervisor only when
	 * the profile denies it (its copy turns errno decisions into
	 * notifications): ld.so's openat(O_RDONLY) under a profile that
	 * checks open flags never leaves the kernel. */
	*ret = SECCOMP_RET_USER_NOTIF;
	return k->by == BY_SUPERVISOR;
}

/* Stage one: [native call in @need] -> ALLOW (or, @supervised, see
 * entry(); then the shim's marks, SC_MARK_NR, go to the supervisor too),
 * anything else -> @full, behind the guard (the profile may deny seccomp()
 * itself, and stage one lets it through before @full's own guard). */
static int widen(const struct need *need, size_t n, bool supervised,
		 const struct sc_prog *full, struct sc_prog *out)
{
	struct sock_filter g[SC_GUARD_MAX], *f;
	size_t n_g = sc_guard_emit(g), n_w = supervised, i = n_g, len;
	uint32_t ret;

	for (size_t k = 0; k < n; k++)
		n_w += entry(&need[k], supervised, &ret);
	len = n_g + 3 + 2 * n_w + full->len;
	if (len > BPF_MAXINSNS)
		return -E2BIG;
	f = calloc(len, sizeof(*f));
	if (!f)
		return -ENOMEM;
	memcpy(f, g, n_g * sizeof(*f));
	f[i++] = SC_LD_ARCH;
	f[i++] = SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K, sc_arch_native()->audit, 0,
			 (uint8_t)(2 * n_w + 1));
	f[i++] = SC_LD_NR;
	for (size_t k = 0; k <= n; k++) {
		uint32_t nr = SC_MARK_NR;

		ret = SECCOMP_RET_USER_NOTIF;
		if (k < n && !entry(&need[k], supervised, &ret))
			continue;
		if (k == n && !supervised)
			break;
		if (k < n)
			nr = need[k].nr;
		f[i++] = SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1);
		f[i++] = SC_STMT(BPF_RET | BPF_K, ret);
	}
	memcpy(&f[i], full->insns, full->len * sizeof(*f));
	out->insns = f;
	out->len = len;
	return 0;
}

/* A narrowing stage: the needs with late == @late go to @full, which
 * decides them as the profile does (arguments included); anything else is
 * ALLOW here, left to stage one. Empty when no need is of that kind. */
/* Whether the narrowing stage for @late (la_preinit's, or la_version's)
 * takes @k back: supervised, only what the kernel must narrow. */
static bool narrows(const struct need *k, bool late, bool supervised)
{
	return k->late == late && (!supervised || k->by == BY_KERNEL);
}

static int narrow(const struct need *need, size_t n, bool late, bool supervised,
		  const struct sc_prog *full, struct sc_prog *out)
{
	size_t m = 0, len, i = 0, k;
	struct sock_filter *f;

	for (k = 0; k < n; k++)
		m += narrows(&need[k], late, supervised);
	if (m == 0)
		return 0;
	len = 4 + m + full->len;
	if (len > BPF_MAXINSNS)
		return -E2BIG;
	f = calloc(len, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f[i++] = SC_LD_ARCH;
	f[i++] = SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K, sc_arch_native()->audit, 0,
			 (uint8_t)(m + 1));
	f[i++] = SC_LD_NR;
	for (k = 0; k < n; k++)
		if (narrows(&need[k], late, supervised)) {
			/* to the first instruction of @full */
			f[i] = SC_JUMP(BPF_JMP | BPF_JEQ | BPF_K, need[k].nr,
				       (uint8_t)(len - full->len - i - 1), 0);
			i++;
		}
	f[i++] = SC_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	memcpy(&f[i], full->insns, full->len * sizeof(*f));
	out->insns = f;
	out->len = len;
	return 0;
}

int sc_stage_split(const struct sc_compiled *full, bool dynamic,
		   struct sc_stages *out, struct sc_err *err)
{
	struct need need[SC_ARRAY_SIZE(dynamic_calls)];
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if (find_needs(full, dynamic, need, &n, &out->widened) < 0 ||
	    (n == 0 && sc_prog_dup(&full->prog, full->prog.len, &out->one))) {
		sc_stages_clear(out);
		return sc_err_oom(err);
	}
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (need[i].by == BY_KERNEL)
			continue;
		out->need_nr[out->n_need] = need[i].nr;
		out->need_late[out->n_need++] = need[i].late;
	}
	rc = widen(need, n, false, &full->prog, &out->one);
	if (rc == 0)
		rc = widen(need, n, true, &full->prog, &out->marked);
	if (rc == 0)
		rc = narrow(need, n, false, false, &full->prog, &out->two);
	if (rc == 0)
		rc = narrow(need, n, true, false, &full->prog, &out->late);
	if (rc == 0)
		rc = narrow(need, n, false, true, &full->prog, &out->mtwo);
	if (rc == 0)
		rc = narrow(need, n, true, true, &full->prog, &out->mlate);
	if (rc < 0) {
		sc_stages_clear(out);
		return sc_err_msg(err, rc, NULL,
				  "cannot build the start-up stages: %s",
				  strerror(-rc));
	}
	return 0;
}

void sc_stages_clear(struct sc_stages *s)
{
	free(s->one.insns);
	free(s->two.insns);
	free(s->late.insns);
	free(s->marked.insns);
	free(s->mtwo.insns);
	free(s->mlate.insns);
	sc_strv_clear(&s->widened);
	memset(s, 0, sizeof(*s));
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *sc_prog_encode(const struct sc_prog *prog)
{
	const unsigned char *in = (const unsigned char *)prog->insns;
	size_t len = prog->len * sizeof(*prog->insns), o = 0;
	char *out = malloc(4 * (len / 3 + 1) + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = in[i] << 16;

		v |= i + 1 < len ? in[i + 1] << 8 : 0;
		v |= i + 2 < len ? in[i + 2] : 0;
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < len ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < len ? b64[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

static int b64_val(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

int sc_prog_decode(const char *text, struct sock_filter *buf, size_t max,
		   size_t *len)
{
	unsigned char *out = (unsigned char *)buf;
	size_t tl = strlen(text), o = 0, cap = max * sizeof(*buf);

	if (tl % 4)
		return -EINVAL;
	for (size_t i = 0; i < tl; i += 4) {
		int v[4];
		uint32_t w = 0;

		for (int k = 0; k < 4; k++) {
			v[k] = text[i + k] == '=' && i + 4 == tl && k >= 2
				       ? 0
				       : b64_val(text[i + k]);
			if (v[k] < 0)
				return -EINVAL;
			w = w << 6 | (uint32_t)v[k];
		}
		for (int k = 0; k < 3; k++) {
			if (k >= 1 && text[i + k + 1] == '=')
				break;
			if (o == cap)
				return -E2BIG;
			out[o++] = w >> (16 - 8 * k) & 0xff;
		}
	}
	if (o == 0 || o % sizeof(*buf))
		return -EINVAL;
	*len = o / sizeof(*buf);
	return 0;
}

int sc_stage_need(const struct sc_stages *st, uint32_t nr, int phase)
{
	for (size_t i = 0; i < st->n_need; i++)
		if (st->need_nr[i] == nr)
			return phase == 0 || (phase == 1 && st->need_late[i]);
	return 0;
}

int sc_stage2_text(const struct sc_stages *st, bool supervised, unsigned flags,
		   char **out)
{
	const struct sc_prog *two = supervised ? &st->mtwo : &st->two;
	const struct sc_prog *late = supervised ? &st->mlate : &st->late;
	char *a, *b;
	int rc;

	*out = NULL;
	if (!two->len && !late->len && !(supervised && st->n_need))
		return 0;
	a = two->len ? sc_prog_encode(two) : strdup("");
	b = late->len ? sc_prog_encode(late) : strdup("");
	rc = a && b ? asprintf(out, "%u:%s:%s%s", flags, a, b,
			       supervised && st->n_need ? ":M" : "")
		    : -1;
	free(a);
	free(b);
	if (rc < 0) {
		*out = NULL;
		return -ENOMEM;
	}
	return 0;
}
