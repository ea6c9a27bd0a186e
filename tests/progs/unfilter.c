/* SPDX-License-Identifier: Apache-2.0 */
/* unfilter: a confined program trying to remove or loosen its own seccomp
 * filter, then making a call the profile denies. Prints one line per step:
 *   strict=...      prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT), in a child
 *                   (if it worked, the child could only read and write)
 *   nnp_off=...     prctl(PR_SET_NO_NEW_PRIVS, 0)
 *   seccomp_allow=  seccomp(SECCOMP_SET_MODE_FILTER, 0, {ret ALLOW})
 *   tsync_allow=    the same with SECCOMP_FILTER_FLAG_TSYNC
 *   prctl_allow=    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, {ret ALLOW})
 *   mode=N          prctl(PR_GET_SECCOMP) afterwards (2: filter)
 *   then, for each argument, a raw call as probe makes it ("NAME=..."):
 *   unfilter socket:40:1:0 mount:0:0:0:0:0
 * A filter stacks on top of the ones already there and every filter runs,
 * so the denied calls stay denied whatever the steps above returned. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "say.h"

static struct sock_filter allow_all[] = {
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};
static struct sock_fprog allow_prog = { .len = 1, .filter = allow_all };

/* Strict mode in a child: on success it may only read, write and _exit. */
static void try_strict(void)
{
	int fds[2], e = -1;
	pid_t pid;

	if (pipe(fds) < 0) {
		say("strict", -1, errno);
		return;
	}
	pid = fork();
	if (pid == 0) {
		long rc = prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);

		e = rc < 0 ? errno : 0;
		if (write(fds[1], &e, sizeof(e)) < 0)
			e = -1;
		syscall(SYS_exit, 0);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &e, sizeof(e)) != sizeof(e))
		say("strict", -1, pid < 0 ? errno : EIO);
	else
		say("strict", e ? -1 : 0, e);
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	long rc;

	try_strict();
	rc = prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0);
	say("nnp_off", rc, errno);
	/* Unconfined runs need no_new_privs (or CAP_SYS_ADMIN) to filter. */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &allow_prog);
	say("seccomp_allow", rc, errno);
	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_TSYNC, &allow_prog);
	say("tsync_allow", rc, errno);
	rc = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &allow_prog, 0, 0);
	say("prctl_allow", rc, errno);
	printf("mode=%d\n", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	fflush(stdout);

	for (int i = 1; i < argc; i++) {
		char spec[256], *save = NULL, *name;
		long nr = -1, a[6] = { 0 };
		int n = 0;

		snprintf(spec, sizeof(spec), "%s", argv[i]);
		name = strtok_r(spec, ":", &save);
		if (!name)
			continue;
		if (strcmp(name, "socket") == 0)
			nr = SYS_socket;
		else if (strcmp(name, "mount") == 0)
			nr = SYS_mount;
		else if (strcmp(name, "unshare") == 0)
			nr = SYS_unshare;
		else if (strcmp(name, "getpid") == 0)
			nr = SYS_getpid;
		else if (strcmp(name, "chmod") == 0)
			nr = SYS_chmod;
		else
			nr = strtol(name, NULL, 0);
		for (char *t; n < 6 && (t = strtok_r(NULL, ":", &save)); n++)
			a[n] = (long)strtoull(t, NULL, 0);
		errno = 0;
		rc = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		if (rc >= 0 && nr == SYS_socket)
			close((int)rc);
		say(name, rc, errno);
	}
	return 0;
}
