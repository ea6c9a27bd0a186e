/* SPDX-License-Identifier: Apache-2.0 */
/* x32: makes x32-ABI system calls from an x86_64 process: the syscall
 * instruction with bit 0x40000000 (__X32_SYSCALL_BIT) set in the number.
 * A filter that compares numbers without looking at that bit (firejail#87)
 * lets "mount | 0x40000000" through where "mount" is denied. Names are the
 * x32 calls (their x32 numbers, which differ from x86_64 from 512 on), raw
 * numbers are taken as they are (so 0x400000a5 works too), arguments after
 * a colon are numbers. Prints "NAME=0" or "NAME=-ERRNO" as probe does; a
 * kernel without CONFIG_X86_X32_ABI answers ENOSYS to every x32 call that
 * the filter lets through. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "calls.h"
#include "say.h"

#define X32_BIT 0x40000000L

/* x32 numbers, the bit set */
static const struct call calls[] = {
	{ "getpid", X32_BIT | 39 },	     { "socket", X32_BIT | 41 },
	{ "unshare", X32_BIT | 272 },	     { "mount", X32_BIT | 165 },
	{ "umount2", X32_BIT | 166 },	     { "reboot", X32_BIT | 169 },
	{ "sethostname", X32_BIT | 170 },    { "chroot", X32_BIT | 161 },
	{ "acct", X32_BIT | 163 },	     { "personality", X32_BIT | 135 },
	{ "keyctl", X32_BIT | 250 },	     { "bpf", X32_BIT | 321 },
	{ "io_uring_setup", X32_BIT | 425 }, { "execve", X32_BIT | 520 },
	{ "ptrace", X32_BIT | 521 },	     { "kexec_load", X32_BIT | 528 },
};

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char spec[256];
		long nr, a[6], rc;
		const char *name =
			parse_call(argv[i], spec, sizeof(spec), calls,
				   sizeof(calls) / sizeof(*calls), &nr, a, 6);

		if (!name)
			continue;
		errno = 0;
		rc = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		say(name, rc, errno);
	}
	return 0;
}
