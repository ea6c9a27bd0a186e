/* SPDX-License-Identifier: Apache-2.0 */
/* Reports: the loader stays as the supervisor of the command. The child
 * loads stage one with every errno decision turned into a user notification
 * (SECCOMP_RET_USER_NOTIF) and execs the command; the parent holds the
 * listener, answers each notification with exactly the errno the profile
 * asks for, and says which call was denied, by which rule, and how to allow
 * it. The filter is inherited, so this covers every process of the tree,
 * after execve and without LD_PRELOAD. Calls answered ENOSYS (runc's stub,
 * Docker's clone3 rule) are not reported: programs probe for them. Kill and
 * trap actions act in the kernel as before; a command killed by SIGSYS is
 * reported when it ends.
 *
 * Nobody else may hold the listener: once it is closed, calls notified to
 * it fail with ENOSYS, and the listener guard (conf/bpf/guard.c) refuses a new
 * listener. The command cannot signal the supervisor (Landlock, ABI 6),
 * and when the command ends while processes it left are still under the
 * filter, a keeper serves them until the last is gone, while the
 * supervisor exits with the command's status (see keep()). */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bpf.h"
#include "util.h"
#include "caps.h"
#include "guard.h"
#include "identity.h"
#include "landlock.h"
#include "load.h"
#include "cli.h"
#include "supervise.h"
#include "report.h"
#include "serve.h"

static pid_t child;

/* The command's first process and how far its shim has narrowed (stage.h,
 * SC_MARK_NR): until it reaches la_preinit, its widened start-up calls
 * run, unreported. start_pid is cleared when that process is reaped: until
 * then its pid cannot name another process. */
static const struct sc_stages *start_st;
static pid_t start_pid;
static unsigned start_phase;

static int exit_like(int st);

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

/* The stage-one program with errno decisions (but ENOSYS) and, when
 * complaining, every decision that is not ALLOW or LOG, turned into
 * notifications. The guard at its head stays as it is: its EPERM must
 * outrank any USER_NOTIF, and a nested syscage it refuses is no denial of
 * the command's to report. */
static int notify_prog(const struct sc_prog *in, bool complain,
		       struct sc_prog *out)
{
	if (sc_prog_dup(in, in->len, out) < 0)
		return -ENOMEM;
	sc_guard_notify(out, complain);
	return 0;
}

/* How the listener gets from the child to the parent. Once its filter is
 * loaded the child may make only calls the filter lets through: a call it
 * sends to the supervisor would wait for a supervisor that has no listener
 * yet. The child leaves the number in shared memory and waits, before
 * execve closes it, until the parent has taken it with pidfd_getfd(). Both
 * wait in futex() when the filter (checked on the exact calls, before the
 * fork) lets the child's futex calls through and no outer filter could
 * stop them; else they spin, the parent yielding its CPU. (A spinning
 * child on the parent's CPU held it off for milliseconds.) */
struct handoff {
	volatile int fd; /* the listener in the child; -1: none yet, -2:
			     * none (an outer syscage reports already) */
	volatile int error; /* errno of a failed load */
	volatile int landlock; /* a failed sc_landlock_enter() or
				* sc_caps_limit(): -rc */
	struct sc_err landlock_err; /* ... and what it said */
	uint64_t caps_keep; /* for sc_caps_limit() */
	volatile int taken;
	bool futex; /* the child may use futex() and getppid() after its load */
	pid_t parent;
	struct timespec nap; /* the child's futex timeout, at a known address */
	struct sigaction
		chld; /* the caller's SIGCHLD action, for the command */
	/* SYSCAGE_STAGE2 for @plain, when marks would reach no supervisor */
	const char *stage2_plain;
};

static long futex(volatile int *addr, int op, int val, const struct timespec *t)
{
	return syscall(SYS_futex, addr, op, val, t, NULL, 0);
}

static bool reads_ip(const struct sc_prog *p)
{
	for (size_t i = 0; i < p->len; i++)
		if (p->insns[i].code == (BPF_LD | BPF_W | BPF_ABS) &&
		    p->insns[i].k >= 8 && p->insns[i].k < 16)
			return true;
	return false;
}

/* Whether @p lets the child's exact futex() calls through. */
static bool lets_futex(const struct sc_prog *p, struct handoff *h)
{
	struct seccomp_data wake = { .nr = SYS_futex,
				     .arch = sc_arch_native()->audit,
				     .args = { (uintptr_t)&h->fd, FUTEX_WAKE,
					       1 } };
	struct seccomp_data wait = { .nr = SYS_futex,
				     .arch = sc_arch_native()->audit,
				     .args = { (uintptr_t)&h->taken, FUTEX_WAIT,
					       0, (uintptr_t)&h->nap } };
	struct seccomp_data ppid = { .nr = SYS_getppid,
				     .arch = sc_arch_native()->audit };
	bool a, b, c;

	/* The arguments are known; the instruction pointer is not. */
	return sc_bpf_run(p, &wake, &a) == SECCOMP_RET_ALLOW &&
	       sc_bpf_run(p, &wait, &b) == SECCOMP_RET_ALLOW &&
	       sc_bpf_run(p, &ppid, &c) == SECCOMP_RET_ALLOW &&
	       !((a || b || c) && reads_ip(p));
}

static __attribute__((noreturn)) void
child_run(const char *path, char **argv, const struct sc_prog *p,
	  const struct sc_prog *plain, unsigned flags, struct handoff *h)
{
	struct sock_fprog fp = { (unsigned short)p->len, p->insns };
	struct sock_fprog pp = { (unsigned short)plain->len, plain->insns };
	struct sc_err e = { .line = 0 };
	long fd;

	sigaction(SIGCHLD, &h->chld, NULL);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		h->error = errno;
		_exit(SC_EXIT_FAIL);
	}
	fd = sc_caps_limit(h->caps_keep, &h->landlock_err);
	if (fd == 0)
		fd = sc_landlock_enter(true, &h->landlock_err);
	if (fd < 0) {
		h->landlock = (int)-fd;
		_exit(SC_EXIT_FAIL);
	}
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     flags | SECCOMP_FILTER_FLAG_NEW_LISTENER, &fp);
	/* The kernel allows one listener in a chain (EBUSY), and every
	 * syscage filter refuses a new one (EPERM): under an outer syscage,
	 * this one only filters. */
	if (fd < 0 && (errno == EBUSY || errno == EPERM) &&
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &pp) == 0)
		fd = -2;
	/* No supervisor to narrow stage one: the shim loads stage two. */
	if (fd == -2 && h->stage2_plain &&
	    setenv(SC_ENV_STAGE2, h->stage2_plain, 1) < 0)
		_exit(SC_EXIT_FAIL);
	if (fd == -1) {
		h->error = errno;
		_exit(SC_EXIT_FAIL);
	}
	h->fd = (int)fd;
	if (h->futex)
		futex(&h->fd, FUTEX_WAKE, 1, NULL);
	/* A parent killed meanwhile never wakes us: go too. */
	while (!h->taken)
		if (h->futex && futex(&h->taken, FUTEX_WAIT, 0, &h->nap) < 0 &&
		    getppid() != h->parent)
			_exit(SC_EXIT_FAIL);
	execv(path, argv);
	sc_err_msg(&e, -errno, argv[0], "cannot execute: %s", strerror(errno));
	sc_report(&e);
	_exit(errno == ENOENT ? SC_EXIT_NOT_FOUND : SC_EXIT_CANNOT_EXEC);
}

static int take_listener(pid_t pid, int pidfd, struct handoff *h,
			 const struct sc_cli *cli, struct sc_err *e)
{
	const struct timespec nap = { 0, 20 * 1000 * 1000 };
	int st, fd;

	for (unsigned i = 0; h->fd == -1 && !h->error && !h->landlock; i++) {
		if ((h->futex || i % 64 == 63) &&
		    waitpid(pid, &st, WNOHANG) == pid)
			return sc_err_msg(e, -ECHILD, NULL,
					  "the command ended before it "
					  "started");
		if (h->futex)
			futex(&h->fd, FUTEX_WAIT, -1, &nap);
		else
			sched_yield();
	}
	if (h->landlock) {
		*e = h->landlock_err;
		return -h->landlock;
	}
	if (h->error)
		return sc_err_msg(e, -h->error, cli->profile,
				  "the kernel refused the filter: %s%s",
				  strerror(h->error), sc_load_hint(h->error));
	if (h->fd == -2) {
		fd = -2;
		if (!cli->quiet)
			fputs("syscage: reports are off: an outer syscage "
			      "already holds or guards this process tree's "
			      "listener\n",
			      stderr);
	} else {
		fd = (int)syscall(SYS_pidfd_getfd, pidfd, h->fd, 0);
		if (fd < 0)
			fd = sc_err_msg(e, -errno, NULL,
					"cannot take the listener: %s",
					strerror(errno));
	}
	h->taken = 1;
	if (h->futex)
		futex(&h->taken, FUTEX_WAKE, 1, NULL);
	return fd;
}

/* Whether @req is the first process's start-up (answered CONTINUE, the
 * default of answer()) or one of its shim's marks (ENOSYS): nothing to
 * report. Marks from any other process change nothing. */
static bool start_up(const struct seccomp_notif *req,
		     struct seccomp_notif_resp *resp)
{
	const struct seccomp_data *d = &req->data;
	bool first = start_pid > 0 && (pid_t)req->pid == start_pid;

	if (!start_st || d->arch != sc_arch_native()->audit)
		return false;
	if (d->nr == SC_MARK_NR) {
		if (first && d->args[0] == SC_MARK_MAGIC &&
		    d->args[1] > start_phase && d->args[1] <= 2)
			start_phase = (unsigned)d->args[1];
		resp->flags = 0;
		resp->error = -ENOSYS;
		return true;
	}
	return first && sc_stage_need(start_st, d->nr, (int)start_phase);
}

/* The shim asks prctl(PR_GET_SECCOMP) in every process to see that its
 * marker has a filter behind it; under a profile that denies prctl that is
 * syscage's call, not the program's: answered, never reported. */
static bool shim_probe(const struct seccomp_data *d)
{
	return d->arch == sc_arch_native()->audit && d->nr == SYS_prctl &&
	       (uint32_t)d->args[0] == PR_GET_SECCOMP;
}

/* Reports (and complain mode): answer with the profile's own errno. */
static void report_call(struct sc_sink *sink, const struct seccomp_notif *req,
			struct seccomp_notif_resp *resp)
{
	struct sc_reporter *r = sink->data;
	uint32_t act;

	if (start_up(req, resp))
		return;
	act = sc_bpf_run(&r->full->prog, &req->data, NULL);
	/* A widened call the profile allows after all (by its arguments). */
	if (!r->complain && sc_lets_run(act))
		return;
	if (!shim_probe(&req->data))
		sc_report_call(r, req, act);
	if (r->complain)
		return;
	resp->flags = 0;
	resp->error = (act & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO
			      ? -(int)(act & SECCOMP_RET_DATA)
			      : -EPERM;
}

static void report_end(struct sc_sink *sink, int status)
{
	sc_reporter_finish(sink->data, status);
}

static int report_keep(struct sc_sink *sink)
{
	return sc_reporter_keep(sink->data);
}

/* SIGCHLD only interrupts poll(), so that orphans are reaped. */
static void on_chld(int sig)
{
	(void)sig;
}

/* Reaps whatever has ended; true once @pid has, its status in @st. */
static bool reap(pid_t pid, int *st, bool ended)
{
	bool done = false;
	pid_t w;
	int s;

	while ((w = waitpid(-1, &s, WNOHANG)) > 0) {
		if (w == start_pid)
			start_pid = 0;
		if (w == pid)
			*st = s, done = true;
	}
	/* Ended, yet nothing to wait for: the status is lost, not waited
	 * for forever. */
	return done || (ended && w < 0 && errno == ECHILD);
}

/* Until the command ends. The supervisor is the tree's child subreaper:
 * orphans come to it and are reaped as they end, because a zombie still
 * counts as a user of the filter; so once the command has been reaped, a
 * listener that reports no POLLHUP means live processes are left. */
static int serve(struct server *s, int pidfd, pid_t pid)
{
	int st = 0, ev;

	do {
		ev = sc_serve_once(s, pidfd);
		if (ev < 0) {
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			start_pid = 0;
			break;
		}
	} while (!reap(pid, &st, ev & POLLIN));
	return st;
}

static struct handoff *handoff_new(const struct sc_prog *notify,
				   const struct sc_prog *plain)
{
	struct handoff *h = mmap(NULL, sizeof(*h), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (h == MAP_FAILED)
		return NULL;
	h->fd = -1;
	/* Under an outer filter (nested syscage) the child's futex calls
	 * could be stopped by a filter not checked here: spin then. */
	h->parent = getpid();
	h->nap = (struct timespec){ 0, 50 * 1000 * 1000 };
	h->futex = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 0 &&
		   lets_futex(notify, h) && lets_futex(plain, h);
	return h;
}

/* Before the fork: the supervisor becomes the tree's child subreaper and
 * catches SIGCHLD to reap the orphans (see serve(); where the kernel
 * refuses, orphans go to init, which reaps them too, a little later). The
 * command gets the caller's SIGCHLD action back (h->chld). */
static void adopt_orphans(struct handoff *h)
{
	/* SA_RESTART: only poll() should see it (it is never restarted
	 * after a handler), not a report line being written. */
	struct sigaction sa = { .sa_handler = on_chld,
				.sa_flags = SA_RESTART | SA_NOCLDSTOP };

	sigemptyset(&sa.sa_mask);
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	sigaction(SIGCHLD, &sa, &h->chld);
}

/* The supervisor is outside the sandbox, with the user's uid: a command
 * the profile lets ptrace must not attach to it and make its calls for it.
 * Not dumpable, it can be traced only with CAP_SYS_PTRACE. Done before the
 * listener is taken, so before the child may execve (it waits for that).
 * Signals meant for the command go to it. */
static int protect(const struct sc_sink *sink, struct sc_err *e)
{
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return sc_err_msg(e, -errno, NULL,
				  "cannot protect the supervisor: %s",
				  strerror(errno));
	/* the terminal sends it to the child too */
	signal(SIGINT, sink->forward_int ? forward : SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTERM, forward);
	signal(SIGHUP, forward);
	return 0;
}

int sc_supervise_with(const struct sc_cli *cli, const char *path,
		      const struct sc_prog *notify, const struct sc_prog *plain,
		      const char *stage2_plain, unsigned flags,
		      uint64_t caps_keep, struct sc_sink *sink)
{
	struct handoff *h = handoff_new(notify, plain);
	struct sc_err e = { .line = 0 };
	struct server s = { .listener = -1 };
	int pidfd = -1, listener, st;

	if (!h || sc_server_init(&s, -1, sink) < 0) {
		sc_err_oom(&e);
		sc_report(&e);
		goto fail;
	}
	h->caps_keep = caps_keep;
	h->stage2_plain = stage2_plain;
	adopt_orphans(h);
	fflush(NULL);
	child = fork();
	start_pid = child;
	if (child == 0)
		child_run(path, cli->argv, notify, plain, flags, h);
	if (child > 0 && protect(sink, &e) < 0) {
		sc_report(&e);
		kill(child, SIGKILL), waitpid(child, NULL, 0);
		goto fail;
	}
	pidfd = child < 0 ? -1 : (int)syscall(SYS_pidfd_open, child, 0);
	listener = pidfd < 0 ? sc_err_msg(&e, -errno, NULL,
					  "cannot start the command: %s",
					  strerror(errno))
			     : take_listener(child, pidfd, h, cli, &e);
	if (listener < 0 && listener != -2) {
		sc_report(&e);
		if (child > 0)
			kill(child, SIGKILL), waitpid(child, NULL, 0);
		goto fail;
	}
	s.listener = listener < 0 ? -1 : listener;
	st = serve(&s, pidfd, child);
	sc_server_keep(&s);
	sink->end(sink, st);
	if (listener >= 0)
		close(listener);
	close(pidfd);
	free(s.req);
	free(s.resp);
	return exit_like(st);
fail:
	if (pidfd >= 0)
		close(pidfd);
	free(s.req);
	free(s.resp);
	return SC_EXIT_FAIL;
}

int sc_supervise(const struct sc_cli *cli, const char *path,
		 const struct sc_compiled *full, const struct sc_stages *st)
{
	/* With widened calls, the supervisor narrows (stage.h) */
	const struct sc_prog *one = st->marked.len ? &st->marked : &st->one;
	struct sc_err e = { .line = 0 };
	struct sc_reporter r;
	struct sc_sink sink = { report_call, report_end, &r, report_keep,
				false };
	struct sc_prog np = { 0 };
	char *plain2 = NULL;
	int rc;

	if (notify_prog(one, cli->complain, &np) < 0 ||
	    sc_stage2_text(st, false, full->flags, &plain2) < 0 ||
	    sc_reporter_init(&r, cli, full, cli->complain, &e) < 0) {
		if (!e.msg[0])
			sc_err_oom(&e);
		sc_report(&e);
		free(np.insns);
		free(plain2);
		return SC_EXIT_FAIL;
	}
	start_st = st->marked.len ? st : NULL;
	rc = sc_supervise_with(cli, path, &np, &st->one, plain2, full->flags,
			       full->caps_keep, &sink);
	free(np.insns);
	free(plain2);
	return rc;
}

/* The exit status of the command, as if it had been exec'd. */
static int exit_like(int st)
{
	if (WIFSIGNALED(st)) {
		/* Die the way the command died. */
		struct rlimit no_core = { 0, 0 };
		sigset_t all;

		setrlimit(RLIMIT_CORE, &no_core);
		signal(WTERMSIG(st), SIG_DFL);
		sigfillset(&all);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		kill(getpid(), WTERMSIG(st));
		return 128 + WTERMSIG(st);
	}
	return WEXITSTATUS(st);
}
