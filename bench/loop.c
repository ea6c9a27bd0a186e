/* SPDX-License-Identifier: Apache-2.0 */
/* loop N CALL: makes CALL (getpid, or personality / socket with arguments a
 * filter checks) N times and prints nanoseconds per call. With a file
 * argument, first loads that raw BPF program (syscage export --format bpf)
 * as a seccomp filter, so filters built different ways can be compared in
 * one run. A benchmark helper, never a test. */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static struct sock_filter prog[4096];

static void load(const char *file)
{
	FILE *f = fopen(file, "rb");
	struct sock_fprog p = { 0, prog };

	if (!f) {
		perror(file);
		exit(2);
	}
	p.len = (unsigned short)fread(prog, sizeof(*prog), 4096, f);
	fclose(f);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p)) {
		perror("seccomp");
		exit(2);
	}
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[1]) : 0;
	struct timespec a, b;

	if (n <= 0) {
		fprintf(stderr,
			"usage: loop N getpid|personality|socket [BPF]\n");
		return 2;
	}
	if (argc > 3)
		load(argv[3]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		if (strcmp(argv[2], "getpid") == 0)
			syscall(SYS_getpid);
		else if (strcmp(argv[2], "personality") == 0)
			syscall(SYS_personality, 0xffffffffUL);
		else
			syscall(SYS_socket, 40, 1, 0); /* AF_VSOCK: denied */
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n",
	       ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
