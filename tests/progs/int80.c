/* SPDX-License-Identifier: Apache-2.0 */
/* int80: makes 32-bit (i386) system calls from a 64-bit process with
 * `int $0x80`, the way an attacker would try to get past a filter written
 * for x86_64 only: the kernel runs them as i386 calls, and seccomp sees
 * them with AUDIT_ARCH_I386 and the i386 numbers. Prints each result as
 * probe does, "NAME=0" or "NAME=-ERRNO". Names are i386 calls (numbers
 * work too); arguments after a colon are numbers. One pseudo-call:
 *   socketcall:CALL:A:B:C  socketcall(CALL, {A, B, C}) with the argument
 *                          block in the low 4 GB, where i386 can see it
 * Examples: int80 getpid mount:0:0:0:0:0 socket:40:1:0
 * Without IA32 emulation the kernel kills it (SIGSEGV): the tests check
 * that `int80 getpid` prints getpid=0 unconfined before relying on it. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "calls.h"
#include "say.h"

#if !defined(__x86_64__)
int main(void)
{
	puts("int80=unsupported");
	return 0;
}
#else

/* i386 numbers */
static const struct call calls[] = {
	{ "exit", 1 },
	{ "chmod", 15 },
	{ "getpid", 20 },
	{ "mount", 21 },
	{ "ptrace", 26 },
	{ "acct", 51 },
	{ "umount2", 52 },
	{ "chroot", 61 },
	{ "getppid", 64 },
	{ "sethostname", 74 },
	{ "reboot", 88 },
	{ "socketcall", 102 },
	{ "uname", 122 },
	{ "init_module", 128 },
	{ "personality", 136 },
	{ "prctl", 172 },
	{ "kexec_load", 283 },
	{ "keyctl", 288 },
	{ "unshare", 310 },
	{ "bpf", 357 },
	{ "socket", 359 },
	{ "io_uring_setup", 425 },
	{ "io_uring_enter", 426 },
	{ "io_uring_register", 427 },
};

static long sys32(long nr, const long a[5])
{
	long ret;

	/* The compat entry clobbers r8-r11; ebp (a sixth argument) is not
	 * needed by any call here. */
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]),
			   "D"(a[4])
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	return (long)(int)ret;
}

int main(int argc, char **argv)
{
	uint32_t *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	for (int i = 1; i < argc; i++) {
		char spec[256];
		long nr, a[5], rc;
		const char *name =
			parse_call(argv[i], spec, sizeof(spec), calls,
				   sizeof(calls) / sizeof(*calls), &nr, a, 5);

		if (!name)
			continue;
		if (nr == 102) {
			/* socketcall(CALL, args): args is an i386 pointer. */
			if (low == MAP_FAILED) {
				printf("%s=-ENOMEM\n", name);
				continue;
			}
			low[0] = (uint32_t)a[1];
			low[1] = (uint32_t)a[2];
			low[2] = (uint32_t)a[3];
			a[1] = (long)(uintptr_t)low;
		}
		rc = sys32(nr, a);
		if ((rc >= 0 || rc <= -4096) && (nr == 102 || nr == 359))
			close((int)rc); /* a socket it got */
		say(name, rc < 0 && rc > -4096 ? rc : 0, (int)-rc);
	}
	return 0;
}
#endif
