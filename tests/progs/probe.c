/* SPDX-License-Identifier: Apache-2.0 */
/* probe: makes system calls named on the command line, raw, and prints each
 * result as "NAME=0" or "NAME=-ERRNO_NAME". Arguments after the name are
 * numbers (decimal or 0x hex). Examples:
 *   probe personality:0x0040000 socket:40:1:0 getpid
 * A call killed by the filter never prints: the shell sees the signal. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "calls.h"
#include "say.h"

static const struct call calls[] = {
	{ "getpid", SYS_getpid },
	{ "personality", SYS_personality },
	{ "socket", SYS_socket },
	{ "unshare", SYS_unshare },
	{ "clone3", SYS_clone3 },
	{ "chmod", SYS_chmod },
	{ "fchmodat", SYS_fchmodat },
	{ "mount", SYS_mount },
	{ "reboot", SYS_reboot },
	{ "ptrace", SYS_ptrace },
	{ "syslog", SYS_syslog },
	{ "chroot", SYS_chroot },
	{ "acct", SYS_acct },
	{ "uname", SYS_uname },
	{ "keyctl", SYS_keyctl },
	{ "add_key", SYS_add_key },
	{ "bpf", SYS_bpf },
	{ "io_uring_setup", SYS_io_uring_setup },
	{ "statx", SYS_statx },
	{ "faccessat2", SYS_faccessat2 },
	{ "openat2", SYS_openat2 },
	{ "close_range", SYS_close_range },
	{ "mkdir", SYS_mkdir },
	{ "setns", SYS_setns },
	{ "kcmp", SYS_kcmp },
	{ "userfaultfd", SYS_userfaultfd },
	{ "perf_event_open", SYS_perf_event_open },
	{ "open_by_handle_at", SYS_open_by_handle_at },
	{ "clone", SYS_clone },
	{ "write", SYS_write },
	{ "getppid", SYS_getppid },
	{ "sethostname", SYS_sethostname },
	{ "prctl", SYS_prctl },
	{ "seccomp", SYS_seccomp },
	{ "mmap", SYS_mmap },
	{ "mprotect", SYS_mprotect },
	{ "openat", SYS_openat },
	{ "read", SYS_read },
	{ "execve", SYS_execve },
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
