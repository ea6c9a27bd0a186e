/* SPDX-License-Identifier: Apache-2.0 */
/* ptracer: one confined process tracing another under the same profile, to
 * get a call past the filter. Two roles, started as siblings:
 *   ptracer victim FIFO      waits for a byte on FIFO, then calls
 *                            getpid(40, 1, 0) and prints "victim=RESULT"
 *   ptracer tracer PID FIFO  attaches to PID (PTRACE_SEIZE), asks for
 *                            PTRACE_O_SUSPEND_SECCOMP, releases the victim
 *                            and, at the entry of that getpid, rewrites it
 *                            into socket(AF_VSOCK, SOCK_STREAM, 0)
 * The tracer prints "attach=...", "suspend=..." and "rewrote=N". Since
 * Linux 4.8 seccomp runs after the tracer's syscall-entry stop, so the
 * rewritten call meets the filter: a profile that denies AF_VSOCK sockets
 * gives victim=-EPERM; unconfined, victim=0 (a socket). Suspending seccomp
 * needs CAP_SYS_ADMIN and a tracer without a filter of its own.
 *   ptracer inject PID       makes PID run a call for us (see inject()) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "say.h"

#ifndef PTRACE_O_SUSPEND_SECCOMP
#define PTRACE_O_SUSPEND_SECCOMP (1 << 21)
#endif

static int victim(const char *fifo)
{
	char c;
	long me = syscall(SYS_getpid), rc;
	int fd = open(fifo, O_RDONLY);

	if (fd < 0 || read(fd, &c, 1) != 1)
		return 2;
	close(fd);
	errno = 0;
	rc = syscall(SYS_getpid, 40, 1, 0);
	/* getpid's own answer is our pid; a socket is a small fd. */
	if (rc == me)
		printf("victim=getpid\n");
	else
		say("victim", rc, errno);
	return 0;
}

static int tracer(pid_t pid, const char *fifo)
{
	int status, fd, rewrote = 0;
	long rc;

	rc = ptrace(PTRACE_SEIZE, pid, 0, 0);
	say("attach", rc, errno);
	if (rc == 0) {
		rc = ptrace(PTRACE_INTERRUPT, pid, 0, 0);
		if (rc == 0 && waitpid(pid, &status, __WALL) == pid) {
			long sus = ptrace(PTRACE_SETOPTIONS, pid, 0,
					  PTRACE_O_TRACESYSGOOD |
						  PTRACE_O_SUSPEND_SECCOMP);

			say("suspend", sus, errno);
			ptrace(PTRACE_SETOPTIONS, pid, 0,
			       PTRACE_O_TRACESYSGOOD);
			ptrace(PTRACE_SYSCALL, pid, 0, 0);
		} else {
			rc = -1;
		}
	}
	/* Release the victim whether or not the attach worked. O_RDWR does
	 * not wait for the reader (stopped at this point); the byte waits in
	 * the FIFO as long as this end stays open. */
	fd = open(fifo, O_RDWR);
	if (fd < 0 || write(fd, "x", 1) != 1)
		return 2;
	if (rc != 0) {
		/* Not a tracee: wait (10 s at most) for the victim to take
		 * the byte, which would go with the last open end. */
		for (int i = 0, n = 1; i < 1000 && n > 0; i++) {
			if (ioctl(fd, FIONREAD, &n) < 0)
				break;
			if (n > 0)
				usleep(10000);
		}
		printf("rewrote=0\n");
		close(fd);
		return 0;
	}
	for (;;) {
		struct __ptrace_syscall_info info;
		int sig = 0;

		if (waitpid(pid, &status, __WALL) != pid || WIFEXITED(status) ||
		    WIFSIGNALED(status))
			break;
		if (WIFSTOPPED(status) &&
		    WSTOPSIG(status) == (SIGTRAP | 0x80)) {
			memset(&info, 0, sizeof(info));
			if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info),
				   &info) > 0 &&
			    info.op == PTRACE_SYSCALL_INFO_ENTRY && !rewrote &&
			    info.entry.nr == SYS_getpid &&
			    info.entry.args[0] == 40) {
#if defined(__x86_64__)
				struct user_regs_struct regs;

				ptrace(PTRACE_GETREGS, pid, 0, &regs);
				regs.orig_rax = SYS_socket;
				if (ptrace(PTRACE_SETREGS, pid, 0, &regs) == 0)
					rewrote++;
#endif
			}
		} else if (WIFSTOPPED(status) && (status >> 16) == 0) {
			/* A signal to deliver (not a group or event stop). */
			sig = WSTOPSIG(status);
			if (sig == SIGSTOP || sig == SIGTRAP)
				sig = 0;
		}
		if (ptrace(PTRACE_SYSCALL, pid, 0, sig) < 0)
			break;
	}
	printf("rewrote=%d\n", rewrote);
	close(fd);
	return 0;
}

/* Attaches to PID (any process the caller can see, confined or not) and
 * makes it run socket(AF_VSOCK, SOCK_STREAM, 0) itself: set the registers
 * for the call at the `syscall` instruction it stopped after, single-step,
 * read the result, put everything back. Prints "attach=..." and
 * "inject=...": inject=0 means the call ran in PID, under PID's filter (or
 * none), not ours. */
static int inject(pid_t pid)
{
#if defined(__x86_64__)
	struct user_regs_struct saved, regs;
	int status;
	long rc, word;

	rc = ptrace(PTRACE_SEIZE, pid, 0, 0);
	say("attach", rc, errno);
	if (rc < 0)
		return 0;
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 ||
	    waitpid(pid, &status, __WALL) != pid ||
	    ptrace(PTRACE_GETREGS, pid, 0, &saved) < 0) {
		printf("inject=stop-failed\n");
		return 0;
	}
	errno = 0;
	word = ptrace(PTRACE_PEEKTEXT, pid, saved.rip - 2, 0);
	if (errno || (word & 0xffff) != 0x050f) {
		/* Not stopped in a system call: nothing to borrow. */
		printf("inject=no-syscall-insn\n");
		ptrace(PTRACE_DETACH, pid, 0, 0);
		return 0;
	}
	regs = saved;
	regs.rip = saved.rip - 2;
	regs.orig_rax = (unsigned long long)-1; /* no restart */
	regs.rax = SYS_socket;
	regs.rdi = 40;
	regs.rsi = 1;
	regs.rdx = 0;
	if (ptrace(PTRACE_SETREGS, pid, 0, &regs) < 0 ||
	    ptrace(PTRACE_SINGLESTEP, pid, 0, 0) < 0 ||
	    waitpid(pid, &status, __WALL) != pid ||
	    ptrace(PTRACE_GETREGS, pid, 0, &regs) < 0) {
		printf("inject=step-failed\n");
		return 0;
	}
	rc = (long)regs.rax;
	if (rc >= 0) {
		/* Close the socket it made, then put it back as it was. */
		struct user_regs_struct c = saved;

		c.rip = saved.rip - 2;
		c.orig_rax = (unsigned long long)-1;
		c.rax = SYS_close;
		c.rdi = (unsigned long long)rc;
		if (ptrace(PTRACE_SETREGS, pid, 0, &c) == 0 &&
		    ptrace(PTRACE_SINGLESTEP, pid, 0, 0) == 0)
			waitpid(pid, &status, __WALL);
	}
	ptrace(PTRACE_SETREGS, pid, 0, &saved);
	ptrace(PTRACE_DETACH, pid, 0, 0);
	say("inject", rc, (int)-rc);
#else
	printf("inject=unsupported\n");
#endif
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "inject") == 0)
		return inject((pid_t)atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "victim") == 0)
		return victim(argv[2]);
	if (argc == 4 && strcmp(argv[1], "tracer") == 0)
		return tracer((pid_t)atoi(argv[2]), argv[3]);
	fprintf(stderr, "usage: ptracer victim FIFO | tracer PID FIFO | "
			"inject PID\n");
	return 2;
}
