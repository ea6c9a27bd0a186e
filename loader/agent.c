/* SPDX-License-Identifier: Apache-2.0 */
/* syscage agent: receives seccomp listeners on a unix socket and answers
 * their notifications as the profile decides, with a named report line per
 * denied call.
 *
 * Two kinds of client hand over a listener with SCM_RIGHTS: the shim under
 * a bare preload (SYSCAGE_AGENT=SOCKET; its message names the profile, see
 * shim/agent.h), and runc 1.1 for a container whose seccomp object has
 * listenerPath (its message is the OCI state, listenerMetadata names the
 * profile). Who may connect: anyone who can open the socket; as root it is
 * made mode 0666, for services of every user, else 0600. SO_PEERCRED says
 * who the client is; the agent trusts nothing else it says but the name of
 * a profile it may read (agent_client.c), and the listener itself (checked
 * to be a seccomp listener). A client can only get its own listener's
 * calls denied: the agent never lets a notified call run, except with
 * --complain for a client that asks. One process, one poll loop: a client
 * that sends half a message holds only its own slot. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "agent.h"
#include "commands.h"

#define MAX_SOCKS 8
#define MAX_CONNS 64
#define MAX_CLIENTS 1024
#define MSG_MAX 65536

struct conn {
	int fd, listener;
	pid_t pid;
	uid_t uid;
	size_t len;
	char *buf;
};

struct agent {
	int socks[MAX_SOCKS];
	size_t n_socks;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct conn conns[MAX_CONNS];
	size_t n_conns;
	struct sc_agent_client *clients[MAX_CLIENTS];
	size_t n_clients;
	struct sc_agent_out out;
	bool complain;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = sig;
}

void sc_agent_say(const struct sc_agent_out *out, const char *line)
{
	char buf[9000];
	int n;

	if (out->syslog) {
		syslog(LOG_NOTICE, "%s", line);
		return;
	}
	n = snprintf(buf, sizeof(buf), "%s\n", line);
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1, buf[n - 1] = '\n';
	if (write(out->fd, buf, (size_t)n) < 0)
		return; /* nowhere left to say it */
}

static const char usage_agent[] =
	"Usage: syscage agent [--socket PATH] [--log FILE | --syslog] "
	"[--complain]\n"
	"\n"
	"A seccomp agent: receives seccomp listeners on the unix socket PATH\n"
	"(default /run/syscage/agent.sock as root, else\n"
	"$XDG_RUNTIME_DIR/syscage/agent.sock; or the socket systemd passes,\n"
	"LISTEN_FDS), from the shim (SYSCAGE_AGENT=PATH) or runc\n"
	"(listenerPath), answers each notified call with the errno its\n"
	"profile decides, and writes one line per denied call: the call by\n"
	"name, the rule, how to allow it, and the unit or container it came\n"
	"from. Lines go to stderr, --log FILE, or --syslog.\n"
	"\n"
	"  --complain   let a client that asks for it (SYSCAGE_AGENT_COMPLAIN=1,\n"
	"               or \"complain\" in listenerMetadata) run its denied\n"
	"               calls; they are reported as 'would deny'\n";

static int parse_args(int argc, char **argv, struct agent *a, char **log)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "log", required_argument, NULL, 'l' },
		{ "syslog", no_argument, NULL, 'S' },
		{ "complain", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	opterr = 0;
	optind = 0;
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (ch == 's' && strlen(optarg) < sizeof(a->path))
			snprintf(a->path, sizeof(a->path), "%s", optarg);
		else if (ch == 'l')
			*log = optarg;
		else if (ch == 'S')
			a->out.syslog = true;
		else if (ch == 'c')
			a->complain = true;
		else if (ch == 'h')
			return fputs(usage_agent, stdout), 0;
		else
			return sc_cli_bad_option("agent", ch, argv);
	}
	if (optind < argc || (*log && a->out.syslog))
		return fputs("syscage: agent: --log and --syslog exclude each "
			     "other, and it takes no operands\n",
			     stderr),
		       SC_EXIT_FAIL;
	return -1;
}

/* The sockets systemd passed (LISTEN_PID is us): fds 3, 4, ... */
static void from_systemd(struct agent *a)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	struct sockaddr_un sa;
	socklen_t len;
	int n = fds ? atoi(fds) : 0;

	if (!pid || atol(pid) != (long)getpid())
		return;
	for (int i = 0; i < n && a->n_socks < MAX_SOCKS; i++) {
		len = sizeof(sa);
		if (getsockname(3 + i, (struct sockaddr *)&sa, &len) < 0 ||
		    sa.sun_family != AF_UNIX)
			continue; /* not ours to serve */
		fcntl(3 + i, F_SETFD, FD_CLOEXEC);
		fcntl(3 + i, F_SETFL, fcntl(3 + i, F_GETFL) | O_NONBLOCK);
		a->socks[a->n_socks++] = 3 + i;
		if (!a->path[0] && sa.sun_path[0])
			snprintf(a->path, sizeof(a->path), "%s", sa.sun_path);
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
}

static int default_path(struct agent *a, struct sc_err *e)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	char dir[sizeof(a->path)];

	if (geteuid() == 0)
		snprintf(dir, sizeof(dir), "/run/syscage");
	else if (run && *run)
		snprintf(dir, sizeof(dir), "%s/syscage", run);
	else
		return sc_err_msg(e, -ENOENT, NULL,
				  "agent: XDG_RUNTIME_DIR is not set: give "
				  "--socket PATH");
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return sc_err_msg(e, -errno, dir, "%s", strerror(errno));
	if (snprintf(a->path, sizeof(a->path), "%s/agent.sock", dir) >=
	    (int)sizeof(a->path))
		return sc_err_msg(e, -ENAMETOOLONG, dir,
				  "the path is too long");
	return 0;
}

static int bind_socket(struct agent *a, struct sc_err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, rc;

	if (!a->path[0] && (rc = default_path(a, e)) < 0)
		return rc;
	memcpy(sa.sun_path, a->path, sizeof(a->path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return sc_err_msg(e, -errno, NULL, "socket: %s",
				  strerror(errno));
	unlink(a->path); /* a socket left by an earlier agent */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    chmod(a->path, geteuid() == 0 ? 0666 : 0600) < 0 ||
	    listen(fd, 64) < 0) {
		rc = sc_err_msg(e, -errno, a->path, "cannot listen: %s",
				strerror(errno));
		close(fd);
		return rc;
	}
	a->socks[a->n_socks++] = fd;
	return 0;
}

/* PATH.served: one line per listener served, "PID<TAB>PROFILE<TAB>WHO",
 * for syscage status (PID handed it over; its children share it). */
static void write_record(const struct agent *a)
{
	char path[sizeof(a->path) + 16], tmp[sizeof(path) + 8];
	FILE *f;

	if (!a->path[0])
		return;
	snprintf(path, sizeof(path), "%s.served", a->path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return;
	for (size_t i = 0; i < a->n_clients; i++) {
		const struct sc_agent_client *c = a->clients[i];

		if (c->from_runc)
			fprintf(f, "%d\t%s\tcontainer %s\n", c->peer_pid,
				c->profile, c->container);
		else
			fprintf(f, "%d\t%s\tuid %u\n", c->peer_pid, c->profile,
				(unsigned)c->peer_uid);
	}
	if (fclose(f) == 0)
		rename(tmp, path);
}

static void accept_one(struct agent *a, int sock)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	struct conn *c;
	int fd = accept4(sock, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	if (a->n_conns == MAX_CONNS ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0) {
		close(fd); /* the client's listener closes: ENOSYS for it */
		return;
	}
	c = &a->conns[a->n_conns];
	*c = (struct conn){ .fd = fd,
			    .listener = -1,
			    .pid = cr.pid,
			    .uid = cr.uid,
			    .buf = malloc(MSG_MAX) };
	if (!c->buf) {
		close(fd);
		return;
	}
	a->n_conns++;
}

/* Whether @fd is a seccomp listener, not some other file. */
static bool is_listener(int fd)
{
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return strcmp(target, "anon_inode:seccomp notify") == 0;
}

/* Takes the first descriptor of a message; closes any other. */
static void take_fds(struct conn *c, struct msghdr *m)
{
	for (struct cmsghdr *h = CMSG_FIRSTHDR(m); h; h = CMSG_NXTHDR(m, h)) {
		size_t n;

		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		n = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(h) + i * sizeof(int), sizeof(fd));
			if (c->listener < 0 && is_listener(fd))
				c->listener = fd;
			else
				close(fd);
		}
	}
}

/* 1 when the message is whole: the shim's ends with "end", runc's is a
 * JSON object (runc then closes). */
static int read_some(struct conn *c)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)];
	struct iovec iov = { c->buf + c->len, MSG_MAX - 1 - c->len };
	struct msghdr m = { .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	ssize_t n = recvmsg(c->fd, &m, MSG_CMSG_CLOEXEC);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : 1;
	take_fds(c, &m);
	c->len += (size_t)n;
	c->buf[c->len] = '\0';
	if (n == 0 || c->len == MSG_MAX - 1)
		return 1;
	if (c->buf[0] == '{' && c->buf[c->len - 1] == '}') {
		json_object *j = json_tokener_parse(c->buf);

		if (j)
			json_object_put(j);
		return j != NULL;
	}
	return c->len >= 5 && strcmp(c->buf + c->len - 5, "\nend\n") == 0;
}

static void conn_close(struct agent *a, size_t i)
{
	struct conn *c = &a->conns[i];

	if (c->listener >= 0)
		close(c->listener);
	close(c->fd);
	free(c->buf);
	a->conns[i] = a->conns[--a->n_conns];
}

/* The whole message is in: serve the listener, or say why not. The shim
 * waits for "ok" (else it stacks its plain filter); runc reads nothing. */
static void conn_done(struct agent *a, size_t i)
{
	struct conn *c = &a->conns[i];
	struct sc_agent_client *cl = calloc(1, sizeof(*cl));
	struct sc_err e = { .line = 0 };
	char why[SC_ERR_FILE_MAX + SC_ERR_MSG_MAX + 64];
	char line[sizeof(why) + PATH_MAX + 256];
	int rc = -ENOMEM;

	if (c->listener < 0)
		rc = sc_err_msg(&e, -EBADF, NULL,
				"no seccomp listener came with the message");
	else if (!cl || a->n_clients == MAX_CLIENTS)
		rc = sc_err_msg(&e, -ENOMEM, NULL, "too many clients");
	else
		rc = sc_agent_client_init(cl, c->listener, c->buf, c->pid,
					  c->uid, a->complain, &e);
	if (rc < 0) {
		sc_err_format(&e, why, sizeof(why));
		why[strcspn(why, "\n")] = '\0';
		snprintf(line, sizeof(line), "syscage: agent: pid %d: %s",
			 c->pid, why + (strncmp(why, "syscage: ", 9) ? 0 : 9));
		sc_agent_say(&a->out, line);
		snprintf(line, sizeof(line), "no: %s\n",
			 why + (strncmp(why, "syscage: ", 9) ? 0 : 9));
		free(cl);
	} else {
		c->listener = -1; /* the client's now */
		a->clients[a->n_clients++] = cl;
		snprintf(line, sizeof(line),
			 "syscage: agent: serving pid %d (uid %u%s%s) under "
			 "%s%s",
			 c->pid, (unsigned)c->uid,
			 cl->from_runc ? ", container " : "", cl->container,
			 cl->profile, cl->complain ? ", complaining" : "");
		sc_agent_say(&a->out, line);
		snprintf(line, sizeof(line), "ok\n");
		write_record(a);
	}
	if (send(c->fd, line, strlen(line), MSG_NOSIGNAL) < 0)
		(void)0; /* runc is gone already: nothing to tell */
	conn_close(a, i);
}

static void client_gone(struct agent *a, size_t i)
{
	sc_agent_client_end(a->clients[i], &a->out);
	free(a->clients[i]);
	a->clients[i] = a->clients[--a->n_clients];
	write_record(a);
}

/* One round of poll: sockets, half-read messages, listeners. */
static void step(struct agent *a, struct pollfd *p)
{
	size_t n = 0, s, c;

	for (s = 0; s < a->n_socks; s++)
		p[n++] = (struct pollfd){ a->socks[s], POLLIN, 0 };
	for (c = 0; c < a->n_conns; c++)
		p[n++] = (struct pollfd){ a->conns[c].fd, POLLIN, 0 };
	for (size_t k = 0; k < a->n_clients; k++)
		p[n++] = (struct pollfd){ a->clients[k]->listener, POLLIN, 0 };
	if (poll(p, n, -1) < 0)
		return; /* a signal */
	/* Listeners first, from the end: removal moves the last in. */
	for (size_t k = a->n_clients; k-- > 0;) {
		short ev = p[s + c + k].revents;

		if (ev & POLLIN)
			sc_agent_client_serve(a->clients[k], &a->out);
		else if (ev & (POLLHUP | POLLERR | POLLNVAL))
			client_gone(a, k);
	}
	for (size_t k = c; k-- > 0;)
		if (p[s + k].revents && read_some(&a->conns[k]))
			conn_done(a, k);
	for (size_t k = 0; k < s; k++)
		if (p[k].revents & POLLIN)
			accept_one(a, a->socks[k]);
}

static int agent_start(struct agent *a, const char *log, struct sc_err *e)
{
	struct sigaction sa = { .sa_handler = on_signal };

	a->out.fd = STDERR_FILENO;
	if (log) {
		a->out.fd = open(log,
				 O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
					 O_NOCTTY,
				 0600);
		if (a->out.fd < 0)
			return sc_err_msg(e, -errno, log,
					  "cannot open the log: %s",
					  strerror(errno));
	}
	if (a->out.syslog)
		openlog("syscage-agent", LOG_PID, LOG_DAEMON);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	from_systemd(a);
	return a->n_socks ? 0 : bind_socket(a, e);
}

static int agent_main(int argc, char **argv)
{
	static struct agent a;
	static struct pollfd p[MAX_SOCKS + MAX_CONNS + MAX_CLIENTS];
	struct sc_err e = { .line = 0 };
	char *log = NULL;
	int rc = parse_args(argc, argv, &a, &log);

	if (rc >= 0)
		return rc;
	if (agent_start(&a, log, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	/* Ready: a test (or a person) may connect once this is out. */
	printf("syscage agent: listening on %s\n",
	       a.path[0] ? a.path : "the sockets systemd passed");
	fflush(stdout);
	while (!stop)
		step(&a, p);
	while (a.n_clients)
		client_gone(&a, a.n_clients - 1);
	while (a.n_conns)
		conn_close(&a, a.n_conns - 1);
	if (a.path[0]) {
		char rec[sizeof(a.path) + 16];

		snprintf(rec, sizeof(rec), "%s.served", a.path);
		unlink(rec);
	}
	return 0;
}

const struct sc_cmd sc_agent_cmd = {
	.name = "agent",
	.usage = usage_agent,
	.main = agent_main,
};
