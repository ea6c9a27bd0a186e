/* SPDX-License-Identifier: Apache-2.0 */
/* hostile_listener: a confined program taking over the seccomp listener
 * (issue 11, class 1). Once no listener of an older filter is open, a
 * filter of its own with SECCOMP_FILTER_FLAG_NEW_LISTENER that returns
 * USER_NOTIF for chmod, answered CONTINUE by a child, outranks (newest
 * first) every older notifying filter: chmod would run.
 *   hostile_listener direct             install such a filter, nothing more
 *   hostile_listener takeover FILE      install it, chmod(FILE, 0777)
 *   hostile_listener kill FILE OUT      kill the parent (the supervisor)
 *                                       first, then as takeover
 *   hostile_listener orphan FILE OUT    fork, the parent exits; the child
 *                                       waits while the listener is busy
 *                                       (EBUSY), then as takeover
 * With OUT, it writes its pid into OUT.pid first (the test waits for OUT
 * or for that process to be gone), and its result into OUT, whole, by a
 * rename. It prints
 *   [kill=R ]listener=R[ chmod=R]
 * R as say.h: 0 or -ERRNO_NAME. No time decides a result: the waits are
 * for an event (the parent's death, a free listener), bounded at 20 s. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static char out[256];
static size_t at;

static void add(const char *what, long rc, int e)
{
	const char *n = strerrorname_np(e);

	if (rc >= 0)
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%s=0",
				       at ? " " : "", what);
	else
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%s=-%s",
				       at ? " " : "", what, n ? n : "?");
}

static void nap(void)
{
	struct timespec t = { 0, 10 * 1000 * 1000 };

	nanosleep(&t, NULL);
}

static long new_listener(void)
{
	static struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_chmod, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { sizeof(f) / sizeof(*f), f };

	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		       SECCOMP_FILTER_FLAG_NEW_LISTENER, &p);
}

/* Answers every notification "run it" until killed. */
static pid_t serve(int fd)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	for (;;) {
		struct seccomp_notif req;
		struct seccomp_notif_resp resp;

		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
}

/* @wait: retry while an older listener is still open. */
static void takeover(const char *file, bool wait)
{
	long fd = new_listener();
	pid_t server = -1;
	long rc;

	for (int i = 0; wait && fd < 0 && errno == EBUSY && i < 2000; i++) {
		nap();
		fd = new_listener();
	}
	add("listener", fd, errno);
	if (!file)
		return;
	if (fd >= 0)
		server = serve((int)fd);
	rc = chmod(file, 0777);
	add("chmod", rc, errno);
	if (server > 0)
		kill(server, SIGKILL);
}

static void say_pid(const char *path)
{
	char name[4200];
	FILE *f;

	snprintf(name, sizeof(name), "%s.pid", path);
	f = fopen(name, "w");
	if (f) {
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
}

static int finish(const char *path)
{
	char tmp[4200];
	FILE *f;

	if (!path) {
		printf("%s\n", out);
		return 0;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return 1;
	fprintf(f, "%s\n", out);
	if (fclose(f) != 0)
		return 1;
	return rename(tmp, path) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	const char *file = argc > 2 ? argv[2] : NULL;
	const char *res = argc > 3 ? argv[3] : NULL;

	/* Unconfined runs need it to filter; under syscage it is set. */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (strcmp(mode, "direct") == 0) {
		takeover(NULL, false);
	} else if (strcmp(mode, "takeover") == 0 && file) {
		takeover(file, false);
	} else if (strcmp(mode, "kill") == 0 && file && res) {
		pid_t parent = getppid();
		long rc;

		say_pid(res);
		rc = kill(parent, SIGKILL);

		add("kill", rc, errno);
		for (int i = 0; rc == 0 && getppid() == parent && i < 2000; i++)
			nap();
		takeover(file, true);
	} else if (strcmp(mode, "orphan") == 0 && file && res) {
		pid_t pid = fork();

		if (pid != 0)
			return pid < 0;
		/* The command has ended; whatever it left keeps going. */
		setsid();
		say_pid(res);
		takeover(file, true);
	} else {
		fprintf(stderr, "usage: hostile_listener direct|takeover FILE|"
				"kill FILE OUT|orphan FILE OUT\n");
		return 2;
	}
	return finish(res);
}
