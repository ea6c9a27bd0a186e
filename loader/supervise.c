/* Reports: the loader stays as the supervisor of the command. The child
 * loads stage one with every errno decision turned into a user notification
 * (SECCOMP_RET_USER_NOTIF) and execs the command; the parent holds the
 * listener, answers each notification with exactly the errno the profile
 * asks for, and says which call was denied, by which rule, and how to allow
 * it. The filter is inherited, so this covers every process of the tree,
 * after execve and without LD_PRELOAD. Calls answered ENOSYS (runc's stub,
 * Docker's clone3 rule) are not reported: programs probe for them. Kill and
 * trap actions act in the kernel as before; a command killed by SIGSYS is
 * reported when it ends. */
#include <errno.h>
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
#include "landlock.h"
#include "load.h"
#include "loader.h"
#include "report.h"

static pid_t child;

static int exit_like(int st);

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

/* The stage-one program with errno decisions (but ENOSYS) and, when
 * complaining, every decision that is not ALLOW or LOG, turned into
 * notifications. */
static int notify_prog(const struct sc_prog *in, bool complain,
		       struct sc_prog *out)
{
	out->insns = malloc(in->len * sizeof(*in->insns));
	if (!out->insns)
		return -ENOMEM;
	memcpy(out->insns, in->insns, in->len * sizeof(*in->insns));
	out->len = in->len;
	for (size_t i = 0; i < out->len; i++) {
		struct sock_filter *f = &out->insns[i];
		uint32_t act = f->k & SECCOMP_RET_ACTION_FULL;

		if (f->code != (BPF_RET | BPF_K))
			continue;
		if (act == SECCOMP_RET_ERRNO &&
		    (f->k & SECCOMP_RET_DATA) != ENOSYS)
			f->k = SECCOMP_RET_USER_NOTIF;
		else if (complain && act != SECCOMP_RET_ALLOW &&
			 act != SECCOMP_RET_LOG)
			f->k = SECCOMP_RET_USER_NOTIF;
	}
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
	volatile int landlock; /* a failed sc_landlock_enter(): -rc */
	struct sc_err landlock_err; /* ... and what it said */
	volatile int taken;
	bool futex; /* the child may use futex() and getppid() after its load */
	pid_t parent;
	struct timespec nap; /* the child's futex timeout, at a known address */
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

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		h->error = errno;
		_exit(SC_EXIT_FAIL);
	}
	fd = sc_landlock_enter(true, &h->landlock_err);
	if (fd < 0) {
		h->landlock = (int)-fd;
		_exit(SC_EXIT_FAIL);
	}
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     flags | SECCOMP_FILTER_FLAG_NEW_LISTENER, &fp);
	/* The kernel allows one listener in a chain: under an outer
	 * syscage that reports, this one only filters. */
	if (fd < 0 && errno == EBUSY &&
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &pp) == 0)
		fd = -2;
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
	sc_err_set(&e, -errno, argv[0], 0, 0, "cannot execute: %s",
		   strerror(errno));
	sc_report(&e);
	_exit(errno == ENOENT ? SC_EXIT_NOT_FOUND : SC_EXIT_CANNOT_EXEC);
}

static int take_listener(pid_t pid, int pidfd, struct handoff *h,
			 const char *profile, struct sc_err *e)
{
	const struct timespec nap = { 0, 20 * 1000 * 1000 };
	int st, fd;

	for (unsigned i = 0; h->fd == -1 && !h->error && !h->landlock; i++) {
		if ((h->futex || i % 64 == 63) &&
		    waitpid(pid, &st, WNOHANG) == pid)
			return sc_err_set(e, -ECHILD, NULL, 0, 0,
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
		return sc_err_set(e, -h->error, profile, 0, 0,
				  "the kernel refused the filter: %s%s",
				  strerror(h->error), sc_load_hint(h->error));
	if (h->fd == -2) {
		fd = -2;
	} else {
		fd = (int)syscall(SYS_pidfd_getfd, pidfd, h->fd, 0);
		if (fd < 0)
			fd = sc_err_set(e, -errno, NULL, 0, 0,
					"cannot take the listener: %s",
					strerror(errno));
	}
	h->taken = 1;
	if (h->futex)
		futex(&h->taken, FUTEX_WAKE, 1, NULL);
	return fd;
}

static void answer(int listener, struct seccomp_notif *req,
		   struct seccomp_notif_resp *resp, size_t req_size,
		   struct sc_sink *sink)
{
	memset(req, 0, req_size);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		return; /* the caller died, or a signal: nothing to answer */
	resp->id = req->id;
	resp->val = 0;
	resp->error = 0;
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	/* The sink reads what it needs while the caller still waits. */
	sink->call(sink, req, resp);
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
}

/* Reports (and complain mode): answer with the profile's own errno. */
static void report_call(struct sc_sink *sink, const struct seccomp_notif *req,
			struct seccomp_notif_resp *resp)
{
	struct sc_reporter *r = sink->data;
	uint32_t act = sc_bpf_run(&r->full->prog, &req->data, NULL);

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

/* Until the command ends. Processes it leaves behind then get ENOSYS for
 * the calls we would have answered (the kernel's answer once the listener
 * is gone). */
static int serve(int listener, int pidfd, pid_t pid, struct sc_sink *r)
{
	struct seccomp_notif_sizes sz = { 0 };
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	int st = 0;

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0)
		sz = (struct seccomp_notif_sizes){ sizeof(*req), sizeof(*resp),
						   sizeof(req->data) };
	req = calloc(1, sz.seccomp_notif > sizeof(*req) ? sz.seccomp_notif
							: sizeof(*req));
	resp = calloc(1, sz.seccomp_notif_resp > sizeof(*resp)
				 ? sz.seccomp_notif_resp
				 : sizeof(*resp));
	for (;;) {
		struct pollfd p[2] = { { listener, POLLIN, 0 },
				       { pidfd, POLLIN, 0 } };

		if (listener < 0)
			p[0].fd = -1; /* nothing to answer: wait for the end */
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN)
			answer(listener, req, resp, sz.seccomp_notif, r);
		else if (p[0].revents & (POLLHUP | POLLERR))
			listener = -1; /* no process left under the filter */
		if (p[1].revents & POLLIN)
			break;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	free(req);
	free(resp);
	return st;
}

int sc_supervise_with(const struct sc_cli *cli, const char *path,
		      const struct sc_prog *notify, const struct sc_prog *plain,
		      unsigned flags, struct sc_sink *sink)
{
	struct handoff *h = mmap(NULL, sizeof(*h), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct sc_err e = { .line = 0 };
	int pidfd, listener, st;

	if (h == MAP_FAILED) {
		sc_err_set(&e, -ENOMEM, NULL, 0, 0, "out of memory");
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	h->fd = -1;
	/* Under an outer filter (nested syscage) the child's futex calls
	 * could be stopped by a filter not checked here: spin then. */
	h->parent = getpid();
	h->nap = (struct timespec){ 0, 50 * 1000 * 1000 };
	h->futex = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 0 &&
		   lets_futex(notify, h) && lets_futex(plain, h);
	fflush(NULL);
	child = fork();
	if (child == 0)
		child_run(path, cli->argv, notify, plain, flags, h);
	/* The supervisor is outside the sandbox, with the user's uid: a
	 * command the profile lets ptrace must not attach to it and make
	 * its calls for it. Not dumpable, it can be traced only with
	 * CAP_SYS_PTRACE. Done before the listener is taken, so before the
	 * child may execve (it waits for that). */
	if (child > 0 && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		sc_err_set(&e, -errno, NULL, 0, 0,
			   "cannot protect the supervisor: %s",
			   strerror(errno));
		sc_report(&e);
		kill(child, SIGKILL), waitpid(child, NULL, 0);
		return SC_EXIT_FAIL;
	}
	signal(SIGINT, SIG_IGN); /* the terminal sends it to the child too */
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTERM, forward);
	signal(SIGHUP, forward);
	pidfd = child < 0 ? -1 : (int)syscall(SYS_pidfd_open, child, 0);
	listener = pidfd < 0 ? sc_err_set(&e, -errno, NULL, 0, 0,
					  "cannot start the command: %s",
					  strerror(errno))
			     : take_listener(child, pidfd, h, cli->profile, &e);
	if (listener < 0 && listener != -2) {
		sc_report(&e);
		if (child > 0)
			kill(child, SIGKILL), waitpid(child, NULL, 0);
		return SC_EXIT_FAIL;
	}
	st = serve(listener, pidfd, child, sink);
	sink->end(sink, st);
	if (listener >= 0)
		close(listener);
	close(pidfd);
	return exit_like(st);
}

int sc_supervise(const struct sc_cli *cli, const char *path,
		 const struct sc_compiled *full, const struct sc_prog *one)
{
	struct sc_err e = { .line = 0 };
	struct sc_reporter r;
	struct sc_sink sink = { report_call, report_end, &r };
	struct sc_prog np = { 0 };
	int rc;

	if (notify_prog(one, cli->complain, &np) < 0 ||
	    sc_reporter_init(&r, cli, full, cli->complain, &e) < 0) {
		if (!e.msg[0])
			sc_err_set(&e, -ENOMEM, NULL, 0, 0, "out of memory");
		sc_report(&e);
		free(np.insns);
		return SC_EXIT_FAIL;
	}
	rc = sc_supervise_with(cli, path, &np, one, full->flags, &sink);
	free(np.insns);
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
