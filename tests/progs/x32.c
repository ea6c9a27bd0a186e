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

#define X32_BIT 0x40000000L

struct call {
	const char *name;
	long nr; /* x32, without the bit */
};

static const struct call calls[] = {
	{ "getpid", 39 },	   { "socket", 41 },   { "unshare", 272 },
	{ "mount", 165 },	   { "umount2", 166 }, { "reboot", 169 },
	{ "sethostname", 170 },	   { "chroot", 161 },  { "acct", 163 },
	{ "personality", 135 },	   { "keyctl", 250 },  { "bpf", 321 },
	{ "io_uring_setup", 425 }, { "execve", 520 },  { "ptrace", 521 },
	{ "kexec_load", 528 },
};

/* The errno's name ("EPERM"), or NULL: glibc knows them all. */
static const char *errname(int e)
{
	return strerrorname_np(e);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char spec[256], *save = NULL, *name;
		long nr = -1, a[6] = { 0 }, rc;
		int n = 0;

		snprintf(spec, sizeof(spec), "%s", argv[i]);
		name = strtok_r(spec, ":", &save);
		if (!name)
			continue;
		for (size_t k = 0; k < sizeof(calls) / sizeof(*calls); k++)
			if (strcmp(calls[k].name, name) == 0)
				nr = calls[k].nr | X32_BIT;
		if (nr < 0)
			nr = strtol(name, NULL, 0);
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
