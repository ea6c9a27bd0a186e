/* SPDX-License-Identifier: Apache-2.0 */
/* nolibc_interp: a static program without libc (glibc's static start-up
 * reads the main program's headers from the auxiliary vector and crashes
 * when it is the interpreter) that another program names as its PT_INTERP
 * in place of ld.so (issue 11, class 3): the kernel runs it, so no ld.so
 * and no LD_PRELOAD shim ever run. It tries execve("/bin/true") in a
 * child, as stage one would allow, and prints
 *   interp: ran execve=0        (or execve=-errno, a number)
 * x86_64 only; elsewhere it dies at once (the test skips there). */
#include <sys/syscall.h>

#define SIGCHLD 17

#if defined(__x86_64__)
static long raw(long nr, long a, long b, long c, long d)
{
	long rc;
	register long r10 __asm__("r10") = d;

	__asm__ volatile("syscall"
			 : "=a"(rc)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return rc;
}

static long try_execve(void)
{
	static char *const argv[] = { "true", 0 }, *const envp[] = { 0 };
	long pid = raw(SYS_clone, SIGCHLD, 0, 0, 0);
	int st = 0;

	if (pid == 0) {
		long rc = raw(SYS_execve, (long)"/bin/true", (long)argv,
			      (long)envp, 0);

		raw(SYS_exit_group, 100 + (-rc & 127), 0, 0, 0);
	}
	if (pid < 0)
		return pid;
	if (raw(SYS_wait4, pid, (long)&st, 0, 0) < 0)
		return -10;
	st = (st >> 8) & 255;
	return st >= 100 ? -(long)(st - 100) : 0;
}

void _start(void);
__attribute__((used)) static void run(void)
{
	char msg[] = "interp: ran execve=-000\n";
	long rc = try_execve();
	long len = sizeof(msg) - 1;

	if (rc == 0) {
		msg[19] = '0';
		msg[20] = '\n';
		len = 21;
	} else {
		msg[20] = (char)('0' + (-rc / 100) % 10);
		msg[21] = (char)('0' + (-rc / 10) % 10);
		msg[22] = (char)('0' + -rc % 10);
	}
	raw(SYS_write, 1, (long)msg, len, 0);
	raw(SYS_exit_group, 0, 0, 0, 0);
}

__asm__(".text\n.global _start\n_start:\n\tand $-16, %rsp\n\tcall run\n");
#else
void _start(void)
{
	__builtin_trap();
}
#endif
