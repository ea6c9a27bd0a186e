/* SPDX-License-Identifier: Apache-2.0 */
/* syscage agent: a seccomp agent for processes syscage's loader does not
 * supervise (a bare-preloaded service, a runc container). See agent.c for
 * the daemon and who may connect; agent_client.c for one handed-over
 * listener. */
#ifndef SC_AGENT_H
#define SC_AGENT_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "cli.h"
#include "report.h"

/* One listener being served: the profile it is answered by (compiled here,
 * never taken from the client), and where its reports go. */
struct sc_agent_client {
	int listener;
	pid_t peer_pid; /* who handed it over (SO_PEERCRED) */
	uid_t peer_uid;
	bool from_runc; /* an OCI state came with it */
	bool complain; /* asked for, and the agent allows it */
	char container[128]; /* the OCI state's id */
	char profile[PATH_MAX];
	char caps[1024];
	char *argv[2];
	struct sc_cli cli;
	struct sc_compiled full;
	struct sc_reporter rep;
	int pipe[2]; /* the reporter writes here; lines get their origin */
};

/* Where the lines go: --log FILE (or stderr), or syslog. */
struct sc_agent_out {
	int fd;
	bool syslog;
};

/* Makes @c from the message @msg (a shim's hello, or runc's JSON state)
 * that came with the listener @fd from the peer. 0, or -errno with a
 * one-line reason in @e (the listener is then the caller's to close). */
int sc_agent_client_init(struct sc_agent_client *c, int fd, const char *msg,
			 pid_t peer_pid, uid_t peer_uid, bool may_complain,
			 struct sc_err *e);

/* Answers one notification on @c's listener and reports it. */
void sc_agent_client_serve(struct sc_agent_client *c,
			   const struct sc_agent_out *out);

/* The summary lines, then everything is released. */
void sc_agent_client_end(struct sc_agent_client *c,
			 const struct sc_agent_out *out);

/* Writes @line (no newline) where the agent's lines go. */
void sc_agent_say(const struct sc_agent_out *out, const char *line);

#endif
