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

struct call {
	const char *name;
	long nr;
};

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

/* The errno's name ("EPERM"), or NULL: glibc knows them all. */
static const char *errname(int e)
{
	return strerrorname_np(e);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		/* No malloc: the profile under test may deny brk and mmap. */
		char spec[256], *save = NULL, *name;

		snprintf(spec, sizeof(spec), "%s", argv[i]);
		name = strtok_r(spec, ":", &save);
		if (!name)
			continue;
		long nr = -1, a[6] = { 0 }, rc;
		int n = 0;

		for (size_t k = 0; k < sizeof(calls) / sizeof(*calls); k++)
			if (strcmp(calls[k].name, name) == 0)
				nr = calls[k].nr;
		if (nr < 0)
			nr = strtol(name, NULL, 0); /* a raw number */
		for (char *t; n < 6 && (t = strtok_r(NULL, ":", &save)); n++)
			a[n] = (long)strtoull(t, NULL, 0);
		errno = 0;
		rc = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (rc < 0 && errname(errno))
			printf("%s=-%s\n", name, errname(errno));
		else if (rc < 0)
			printf("%s=-%d\n", name, errno);
		else
			printf("%s=0\n", name);
		fflush(stdout);
	}
	return 0;
}
