/* SPDX-License-Identifier: Apache-2.0 */
/* Serving a seccomp listener (see serve.h): one notification at a time,
 * and the keeper that goes on serving what the command left behind. */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

static void answer(int listener, struct seccomp_notif *req,
		   struct seccomp_notif_resp *resp, size_t req_size,
		   struct sc_sink *sink)
{
	memset(req, 0, req_size);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		return; /* the caller died, or a signal: nothing to answer */
	resp->id = req->id;
	resp->val = 0;
	resp->error = 0;
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	/* The sink reads what it needs while the caller still waits. */
	sink->call(sink, req, resp);
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
}

int sc_server_init(struct server *s, int listener, struct sc_sink *sink)
{
	struct seccomp_notif_sizes sz = { 0 };

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0)
		sz = (struct seccomp_notif_sizes){ sizeof(*s->req),
						   sizeof(*s->resp),
						   sizeof(s->req->data) };
	s->listener = listener;
	s->sink = sink;
	s->req_size = sz.seccomp_notif > sizeof(*s->req) ? sz.seccomp_notif
							 : sizeof(*s->req);
	s->req = calloc(1, s->req_size);
	s->resp = calloc(1, sz.seccomp_notif_resp > sizeof(*s->resp)
				    ? sz.seccomp_notif_resp
				    : sizeof(*s->resp));
	return s->req && s->resp ? 0 : -ENOMEM;
}

/* One wait: answers a notification, or notes that no process is left
 * under the filter. Returns the events of @other (0 after a signal),
 * or -errno. */
int sc_serve_once(struct server *s, int other)
{
	struct pollfd p[2] = { { s->listener, POLLIN, 0 },
			       { other, POLLIN, 0 } };

	if (poll(p, 2, -1) < 0)
		return errno == EINTR ? 0 : -errno;
	if (p[0].revents & POLLIN)
		answer(s->listener, s->req, s->resp, s->req_size, s->sink);
	else if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		s->listener = -1;
	return p[1].revents;
}

static bool in_use(int listener)
{
	struct pollfd p = { listener, POLLIN, 0 };

	return poll(&p, 1, 0) >= 0 && !(p.revents & (POLLHUP | POLLERR));
}

/* Every file descriptor from 3 on but @a and @b. */
static void close_others(int a, int b)
{
	int keep[2] = { a < b ? a : b, a < b ? b : a };
	unsigned from = 3;

	for (int i = 0; i < 2; i++) {
		if (keep[i] < (int)from)
			continue;
		if ((unsigned)keep[i] > from)
			close_range(from, (unsigned)keep[i] - 1, 0);
		from = (unsigned)keep[i] + 1;
	}
	close_range(from, ~0U, 0);
}

/* The keeper: serves the processes the command left until the last is
 * gone. It is a fork of the supervisor, outside the command's Landlock
 * domain (ABI 6: they cannot signal it), in a session of its own (no
 * terminal signals; reports written from the background are not
 * stopped). It keeps only the listener and where reports go: stdin and
 * stdout become /dev/null, so `$(syscage ...)` returns when the command
 * ends, and so does stderr unless reports go there (with --log they go to
 * the file). */
static __attribute__((noreturn)) void keeper(struct server *s)
{
	static const int quiet[] = { SIGHUP,  SIGINT,  SIGQUIT, SIGTSTP,
				     SIGTTIN, SIGTTOU, SIGPIPE };
	int out = s->sink->keep ? s->sink->keep(s->sink) : -1;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	setsid();
	prctl(PR_SET_NAME, "syscage-keeper", 0, 0, 0);
	for (size_t i = 0; i < SC_ARRAY_SIZE(quiet); i++)
		signal(quiet[i], SIG_IGN);
	signal(SIGTERM, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	for (int fd = 0; fd < 3; fd++)
		if (fd != out && (null < 0 || dup2(null, fd) < 0))
			close(fd);
	close_others(s->listener, out);
	while (s->listener >= 0)
		if (sc_serve_once(s, -1) < 0)
			break;
	s->sink->end(s->sink, 0);
	_exit(0);
}

/* The command ended; if processes it left are still under the filter (a
 * background job, a daemon), a keeper serves them, so that their denied
 * calls keep the profile's errno and their reports, and the supervisor
 * exits with the command's status now: shells and scripts wait for it. */
void sc_server_keep(struct server *s)
{
	struct sc_err e = { .line = 0 };
	pid_t k;

	if (s->listener < 0 || !in_use(s->listener))
		return;
	k = fork();
	if (k == 0)
		keeper(s);
	if (k < 0) {
		sc_err_msg(&e, -errno, NULL,
			   "cannot keep serving the processes the command "
			   "left: %s; their denied calls fail with ENOSYS",
			   strerror(errno));
		sc_report(&e);
	}
}
