/* SPDX-License-Identifier: Apache-2.0 */
/* Serving a seccomp listener for a sink (supervise.h): the supervisor
 * while the command runs, the keeper after it. */
#ifndef SC_SERVE_H
#define SC_SERVE_H

#include <stddef.h>

#include "supervise.h"

struct server {
	int listener; /* -1 once no process is left under the filter */
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size;
	struct sc_sink *sink;
};

/* Buffers as large as this kernel's notifications: 0 or -ENOMEM. */
int sc_server_init(struct server *s, int listener, struct sc_sink *sink);

/* One wait: answers a notification, or notes that no process is left
 * under the filter. Returns the events of @other (0 after a signal),
 * or -errno. */
int sc_serve_once(struct server *s, int other);

/* The command ended; if processes it left are still under the filter (a
 * background job, a daemon), a keeper (a fork, in a session of its own,
 * stdin and stdout on /dev/null) serves them until the last is gone, and
 * this returns at once: shells and scripts wait for the command's status,
 * not for its leftovers. */
void sc_server_keep(struct server *s);

#endif
