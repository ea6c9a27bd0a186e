/* SPDX-License-Identifier: Apache-2.0 */
/* The shim's handoff to the agent (see agent.h).
 *
 * Order matters: once the filter with the listener is in, every call the
 * profile denies waits for the agent, and the agent has the listener only
 * after sendmsg(). So the socket is connected and checked before the load,
 * and the handoff's own calls after it (sendmsg, read, close: their exact
 * arguments are known) are run through the filter beforehand; a profile
 * that would send one of them to the listener gets the plain filter. After
 * the load, any failure closes the listener (notified calls then fail with
 * ENOSYS) and stacks the plain program on top: its errno outranks every
 * notification, so the profile decides as without an agent. */
#include "agent.h"

#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "bpf.h"
#include "guard.h"
#include "identity.h"
#include "load.h"
#include "search.h"

#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif

static void sc_agent_say(const char *agent, const char *why)
{
	char line[PATH_MAX + 512];
	int n = snprintf(line, sizeof(line),
			 "syscage: SYSCAGE_AGENT=%s: %s; the profile's "
			 "errno applies, denials are not reported\n",
			 agent, why);

	if (n > (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 1;
	if (n > 0 && write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

/* @in with the profile's errno decisions (but ENOSYS, runc's stub and the
 * probes programs make) and, complaining, every decision that is not
 * ALLOW or LOG, turned into notifications. The guard keeps its errno. */
static struct sock_filter sc_agent_buf[BPF_MAXINSNS];
static size_t sc_agent_notify(const struct sc_prog *in, bool complain)
{
	struct sc_prog copy = { sc_agent_buf, in->len };

	memcpy(sc_agent_buf, in->insns, in->len * sizeof(*in->insns));
	sc_guard_notify(&copy, complain);
	return in->len;
}

static bool sc_agent_allows(const struct sc_prog *p, long nr, uint64_t a0,
			    uint64_t a1, uint64_t a2)
{
	struct seccomp_data d = { .nr = (int)nr,
				  .arch = sc_arch_native()->audit,
				  .args = { a0, a1, a2 } };
	bool uses_args;

	for (size_t i = 0; i < p->len; i++)
		if (p->insns[i].code == (BPF_LD | BPF_W | BPF_ABS) &&
		    p->insns[i].k >= 8 && p->insns[i].k < 16)
			return false; /* the instruction pointer is not known */
	return sc_bpf_run(p, &d, &uses_args) == SECCOMP_RET_ALLOW;
}

/* Connected to the agent, which runs as root or as this user: anyone else
 * could have bound a socket there and answer CONTINUE. */
static int sc_agent_connect(const char *path, const char **why)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct ucred peer;
	socklen_t len = sizeof(peer);
	int fd;

	if (strlen(path) >= sizeof(a.sun_path)) {
		*why = "the socket path is too long";
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		*why = strerror(errno);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &len) < 0 ||
	    (peer.uid != 0 && peer.uid != geteuid())) {
		*why = "the agent there runs as another user (not trusted)";
		close(fd);
		return -1;
	}
	return fd;
}

/* The message: what the agent compiles itself, never a program. */
static int sc_agent_hello(char *buf, size_t size, const char *profile,
			  const char *caps, bool strict, bool lenient,
			  bool complain)
{
	char found[PATH_MAX], real[PATH_MAX];
	const char *file = profile;
	struct sc_err e = { .line = 0 };

	/* The agent has another working directory and search path. */
	if (sc_profile_resolve(profile, found, sizeof(found), &file, &e) < 0)
		return -1;
	if (strcmp(file, "default") != 0) {
		if (!realpath(file, real))
			return -1;
		file = real;
	}
	return snprintf(buf, size,
			SC_AGENT_HELLO "profile=%s\ncaps=%s\nstrict=%d\n"
				       "lenient=%d\ncomplain=%d\nend\n",
			file, caps ? caps : "", strict, lenient,
			complain) >= (int)size
		       ? -1
		       : 0;
}

static int sc_agent_send(int sock, int listener, const char *hello)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { (void *)hello, strlen(hello) };
	struct msghdr m = { .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &listener, sizeof(int));
	return sendmsg(sock, &m, MSG_NOSIGNAL) == (ssize_t)iov.iov_len ? 0 : -1;
}

/* After the load: hand over, then the agent says "ok" once it compiled the
 * profile and serves the listener. */
static const char *sc_agent_handoff(int sock, int listener, const char *hello,
				    char *ack, size_t size)
{
	ssize_t n;

	if (sc_agent_send(sock, listener, hello) < 0)
		return "cannot hand the listener over";
	n = read(sock, ack, size - 1);
	if (n <= 0)
		return "the agent did not answer";
	ack[n] = '\0';
	ack[strcspn(ack, "\n")] = '\0';
	if (strncmp(ack, "ok", 2) != 0)
		return ack;
	return NULL;
}

static int sc_agent_fallback(const struct sc_prog *prog, unsigned flags,
			     const char *agent, const char *why,
			     struct sc_err *e)
{
	sc_agent_say(agent, why);
	return sc_prog_load(prog, flags, e);
}

int sc_shim_agent_load(const struct sc_prog *prog, unsigned flags,
		       const char *listener_path, const char *profile,
		       const char *caps, bool strict, bool lenient,
		       struct sc_err *e)
{
	/* SYSCAGE_AGENT, else the profile's own listenerPath. */
	const char *agent = getenv(SC_ENV_AGENT), *why = NULL;
	const char *cp = getenv(SC_ENV_AGENT_COMPLAIN);
	bool complain = cp && strcmp(cp, "1") == 0;
	static char hello[PATH_MAX + 512], ack[256];
	struct sock_fprog fp = { 0 };
	struct sc_prog np;
	long listener;
	int sock;

	/* Under a filter already: the guard refuses a new listener, and the
	 * outer one (if any) reports. */
	if (!agent || !*agent)
		agent = listener_path;
	if (!agent || !*agent || prog->len > BPF_MAXINSNS ||
	    prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0)
		return sc_prog_load(prog, flags, e);
	np = (struct sc_prog){ sc_agent_buf, sc_agent_notify(prog, complain) };
	if (sc_agent_hello(hello, sizeof(hello), profile, caps, strict, lenient,
			   complain) < 0)
		return sc_agent_fallback(prog, flags, agent,
					 "cannot name the profile's file", e);
	sock = sc_agent_connect(agent, &why);
	if (sock < 0)
		return sc_agent_fallback(prog, flags, agent, why, e);
	if (!sc_agent_allows(&np, SYS_sendmsg, (unsigned)sock, 0,
			     MSG_NOSIGNAL) ||
	    !sc_agent_allows(&np, SYS_read, (unsigned)sock, 0,
			     sizeof(ack) - 1) ||
	    !sc_agent_allows(&np, SYS_close, (unsigned)sock, 0, 0)) {
		close(sock);
		return sc_agent_fallback(prog, flags, agent,
					 "the profile denies sendmsg, read or "
					 "close, which the handoff needs",
					 e);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 &&
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) {
		close(sock);
		return sc_prog_load(prog, flags, e); /* says why */
	}
	fp = (struct sock_fprog){ (unsigned short)np.len, np.insns };
	listener = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			   flags | SECCOMP_FILTER_FLAG_TSYNC |
				   SECCOMP_FILTER_FLAG_TSYNC_ESRCH |
				   SECCOMP_FILTER_FLAG_NEW_LISTENER,
			   &fp);
	if (listener < 0) {
		close(sock);
		return sc_agent_fallback(prog, flags, agent,
					 "the kernel gave no listener", e);
	}
	why = sc_agent_handoff(sock, (int)listener, hello, ack, sizeof(ack));
	close((int)listener);
	close(sock);
	if (!why)
		return 0;
	/* Notified calls fail with ENOSYS now; the plain program on top
	 * gives them the profile's errno again. */
	sc_agent_say(agent, why);
	return sc_prog_attach(prog, flags, e);
}
