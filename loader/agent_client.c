/* SPDX-License-Identifier: Apache-2.0 */
/* One listener handed to the agent: what it is answered by, and who it
 * came from.
 *
 * Trust: the client names a profile; it never sends a program. The agent
 * compiles the profile itself (through the cache, as the loader would)
 * and answers every notification with the errno that profile decides: a
 * call the profile allows but that came as a notification anyway (another
 * profile, a notify rule) gets EPERM. Nothing is answered CONTINUE unless
 * the agent runs with --complain and the client asked for it. A client
 * that is not root may name only a file it could read itself: owned by it,
 * or by root and readable by everyone. */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "agent.h"
#include "bpf.h"
#include "build.h"
#include "cache.h"
#include "caps.h"
#include "search.h"
#include "../shim/agent.h"

/* The client's effective set as a --caps list ("none" when empty): the
 * shim compiled against it when SYSCAGE_CAPS was not set. */
static int peer_caps(pid_t pid, char *buf, size_t size)
{
	char path[64], line[256];
	unsigned long long eff = 0;
	bool found = false;
	size_t at = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			found = true;
	if (f)
		fclose(f);
	if (!found)
		return -1;
	snprintf(buf, size, "none");
	for (unsigned i = 0; i < 64 && sc_cap_name(i); i++)
		if (eff & (1ULL << i))
			at += (size_t)snprintf(buf + at, size - at, "%s%s",
					       at ? "," : "", sc_cap_name(i));
	return at < size ? 0 : -1;
}

/* The shim's "key=value" lines. */
static int parse_hello(struct sc_agent_client *c, const char *msg,
		       bool *complain, struct sc_err *e)
{
	const char *p = msg + strlen(SC_AGENT_HELLO);

	while (*p) {
		size_t n = strcspn(p, "\n");
		char *dst = NULL;
		size_t cap = 0;

		if (n > 8 && strncmp(p, "profile=", 8) == 0)
			dst = c->profile, cap = sizeof(c->profile), p += 8,
			n -= 8;
		else if (n > 5 && strncmp(p, "caps=", 5) == 0)
			dst = c->caps, cap = sizeof(c->caps), p += 5, n -= 5;
		else if (strncmp(p, "strict=1", 8) == 0)
			c->cli.strict = true;
		else if (strncmp(p, "lenient=1", 9) == 0)
			c->cli.lenient = true;
		else if (strncmp(p, "complain=1", 10) == 0)
			*complain = true;
		if (dst && n >= cap)
			return sc_err_msg(e, -E2BIG, NULL,
					  "a value in the handoff is too long");
		if (dst)
			memcpy(dst, p, n), dst[n] = '\0';
		p += n + (p[n] == '\n');
	}
	return 0;
}

static void copy_str(char *dst, size_t size, json_object *o)
{
	const char *s = o ? json_object_get_string(o) : NULL;

	snprintf(dst, size, "%s", s ? s : "");
}

/* runc's state: listenerMetadata is "PROFILE [caps=SET] [strict]
 * [complain]"; without it, the annotation org.syscage.profile. A
 * container's rules see Docker's capabilities unless it says otherwise. */
static int parse_state(struct sc_agent_client *c, const char *msg,
		       bool *complain, struct sc_err *e)
{
	json_object *j = json_tokener_parse(msg), *st = NULL, *o = NULL;
	char meta[PATH_MAX + 256], *w, *save = NULL;

	if (!j)
		return sc_err_msg(e, -EINVAL, NULL,
				  "the OCI state is not JSON");
	c->from_runc = true;
	snprintf(c->caps, sizeof(c->caps), "docker");
	if (json_object_object_get_ex(j, "state", &st))
		if (json_object_object_get_ex(st, "id", &o))
			copy_str(c->container, sizeof(c->container), o);
	o = NULL;
	json_object_object_get_ex(j, "metadata", &o);
	copy_str(meta, sizeof(meta), o);
	if (!meta[0] && st &&
	    json_object_object_get_ex(st, "annotations", &o) &&
	    json_object_object_get_ex(o, "org.syscage.profile", &o))
		copy_str(meta, sizeof(meta), o);
	json_object_put(j);
	for (w = strtok_r(meta, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save)) {
		if (strncmp(w, "caps=", 5) == 0)
			snprintf(c->caps, sizeof(c->caps), "%s", w + 5);
		else if (strcmp(w, "strict") == 0)
			c->cli.strict = true;
		else if (strcmp(w, "complain") == 0)
			*complain = true;
		else
			snprintf(c->profile, sizeof(c->profile), "%s", w);
	}
	if (!c->profile[0])
		return sc_err_msg(e, -EINVAL, NULL,
				  "container %s: no profile: set "
				  "listenerMetadata to the profile's path",
				  c->container);
	return 0;
}

/* See the top: a client that is not root names only what it can read. */
static int may_read(const struct sc_agent_client *c, const char *file,
		    struct sc_err *e)
{
	struct stat st;

	if (c->peer_uid == 0 || strcmp(file, "default") == 0)
		return 0;
	if (file[0] != '/')
		return sc_err_msg(e, -EINVAL, file,
				  "the profile must be an absolute path");
	if (stat(file, &st) < 0)
		return sc_err_msg(e, -errno, file, "%s", strerror(errno));
	if ((st.st_uid == c->peer_uid && (st.st_mode & S_IRUSR)) ||
	    (st.st_uid == 0 && (st.st_mode & S_IROTH)))
		return 0;
	return sc_err_msg(e, -EACCES, file,
			  "not owned by uid %u nor a world-readable file of "
			  "root: the agent does not read it for that client",
			  (unsigned)c->peer_uid);
}

static int compile(struct sc_agent_client *c, struct sc_err *e)
{
	char found[PATH_MAX];
	const char *file = c->profile;
	bool hit;
	int rc = sc_profile_resolve(c->profile, found, sizeof(found), &file, e);

	if (rc == 0 && file != c->profile)
		snprintf(c->profile, sizeof(c->profile), "%s", found);
	if (rc == 0)
		rc = may_read(c, c->profile, e);
	if (rc == 0 && !c->caps[0] &&
	    peer_caps(c->peer_pid, c->caps, sizeof(c->caps)) < 0)
		rc = sc_err_msg(e, -ESRCH, NULL,
				"cannot read the capabilities of pid %d",
				c->peer_pid);
	if (rc == 0)
		rc = sc_build(&SC_REQUEST(c->profile, c->caps, c->cli.strict,
					  c->cli.lenient),
			      &c->full, &hit, e);
	return rc;
}

int sc_agent_client_init(struct sc_agent_client *c, int fd, const char *msg,
			 pid_t peer_pid, uid_t peer_uid, bool may_complain,
			 struct sc_err *e)
{
	bool complain = false;
	int rc;

	memset(c, 0, sizeof(*c));
	c->listener = -1;
	c->pipe[0] = c->pipe[1] = -1;
	c->peer_pid = peer_pid;
	c->peer_uid = peer_uid;
	c->argv[0] = "?";
	if (strncmp(msg, SC_AGENT_HELLO, strlen(SC_AGENT_HELLO)) == 0)
		rc = parse_hello(c, msg, &complain, e);
	else if (msg[0] == '{')
		rc = parse_state(c, msg, &complain, e);
	else
		rc = sc_err_msg(e, -EPROTO, NULL,
				"neither a syscage handoff nor an OCI state");
	if (rc == 0)
		rc = compile(c, e);
	if (rc < 0)
		return rc;
	c->complain = complain && may_complain;
	c->cli = (struct sc_cli){ .profile = c->profile,
				  .caps = c->caps,
				  .strict = c->cli.strict,
				  .lenient = c->cli.lenient,
				  .complain = c->complain,
				  .argv = c->argv };
	if (pipe2(c->pipe, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    sc_reporter_init(&c->rep, &c->cli, &c->full, c->complain, e) < 0) {
		sc_compiled_clear(&c->full);
		return e->msg[0] ? -EIO
				 : sc_err_msg(e, -errno, NULL, "pipe: %s",
					      strerror(errno));
	}
	/* The reporter's own destination (SYSCAGE_LOG) is not ours. */
	if (c->rep.fd != STDERR_FILENO)
		close(c->rep.fd);
	c->rep.fd = c->pipe[1];
	c->listener = fd;
	return 0;
}

/* "unit NAME" from a process's cgroup (systemd's last .service or .scope
 * component), else its cgroup path. */
static void origin_of(const struct sc_agent_client *c, pid_t pid, char *buf,
		      size_t size)
{
	char path[64], line[1024], *unit = NULL, *s;
	FILE *f;

	if (c->from_runc) {
		snprintf(buf, size, "container %s", c->container);
		return;
	}
	snprintf(buf, size, "uid %u", (unsigned)c->peer_uid);
	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "0::", 3) != 0)
			continue;
		for (s = strtok(line + 3, "/"); s; s = strtok(NULL, "/"))
			if (strstr(s, ".service") || strstr(s, ".scope"))
				unit = s;
		if (unit)
			snprintf(buf, size, "unit %s", unit);
		else
			snprintf(buf, size, "cgroup %.400s", line + 3);
		break;
	}
	fclose(f);
}

/* The reporter's lines, each with where it came from. */
static void drain(struct sc_agent_client *c, const struct sc_agent_out *out,
		  const char *origin)
{
	char buf[8192], line[8448];
	ssize_t n;

	while ((n = read(c->pipe[0], buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		for (char *p = buf, *nl; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			if (!nl)
				nl = p + strlen(p) - 1;
			snprintf(line, sizeof(line), "%.*s%s%s",
				 (int)(nl - p + (*nl != '\n')), p,
				 origin ? "; from " : "", origin ? origin : "");
			sc_agent_say(out, line);
		}
	}
}

void sc_agent_client_serve(struct sc_agent_client *c,
			   const struct sc_agent_out *out)
{
	/* Room for a kernel whose structures grew (GET_NOTIF_SIZES). */
	union {
		struct seccomp_notif n;
		char room[1024];
	} r = { .room = { 0 } };
	union {
		struct seccomp_notif_resp n;
		char room[1024];
	} a = { .room = { 0 } };
	struct seccomp_notif_resp *resp = &a.n;
	struct seccomp_notif *req = &r.n;
	char origin[512];
	uint32_t act;

	if (ioctl(c->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		return; /* the caller died, or a signal */
	act = sc_bpf_run(&c->full.prog, &req->data, NULL);
	resp->id = req->id;
	if (c->complain)
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else if ((act & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
		resp->error = -(int)(act & SECCOMP_RET_DATA);
	else
		resp->error = -EPERM; /* never CONTINUE for a notified call */
	/* Read while the caller waits: its arguments, its cgroup. */
	sc_report_call(&c->rep, req, act);
	origin_of(c, (pid_t)req->pid, origin, sizeof(origin));
	/* Written before the caller goes on: whoever sees the call fail
	 * finds its line in the log. */
	drain(c, out, origin);
	ioctl(c->listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
}

void sc_agent_client_end(struct sc_agent_client *c,
			 const struct sc_agent_out *out)
{
	char origin[256];

	if (c->from_runc)
		snprintf(origin, sizeof(origin), "container %s", c->container);
	else
		snprintf(origin, sizeof(origin), "pid %d", c->peer_pid);
	sc_reporter_finish(&c->rep, 0); /* closes pipe[1] */
	drain(c, out, origin);
	close(c->pipe[0]);
	close(c->listener);
	sc_compiled_clear(&c->full);
}
