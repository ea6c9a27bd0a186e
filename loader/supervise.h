/* SPDX-License-Identifier: Apache-2.0 */
/* The supervisor: runs the command as a child and serves its seccomp
 * notifications (supervise.c). */
#ifndef SC_SUPERVISE_H
#define SC_SUPERVISE_H

#include <stdint.h>

#include "cli.h"
#include "compile.h"
#include "stage.h"

/* What the supervisor does with each notification: fill the response
 * (it arrives set to "continue") and keep what it wants to. @keep (may be
 * NULL) is called in the keeper that serves the processes left behind once
 * the command ended: it returns the file descriptor the sink still writes
 * to (-1: none), and @end is then called with status 0. */
struct seccomp_notif;
struct seccomp_notif_resp;
struct sc_sink {
	void (*call)(struct sc_sink *s, const struct seccomp_notif *req,
		     struct seccomp_notif_resp *resp);
	void (*end)(struct sc_sink *s, int status);
	void *data;
	int (*keep)(struct sc_sink *s);
	/* SIGINT to syscage goes to the command too (record: stop it, then
	 * write); else it is ignored (the terminal sends it to both). */
	bool forward_int;
};

/* Runs the command as a child under @notify (or @plain when an outer
 * syscage holds the listener), its capabilities limited to @caps_keep
 * (sc_caps_limit), and feeds its notifications to @sink. Returns the exit
 * status. */
int sc_supervise_with(const struct sc_cli *cli, const char *path,
		      const struct sc_prog *notify, const struct sc_prog *plain,
		      const char *stage2_plain, unsigned flags,
		      uint64_t caps_keep, struct sc_sink *sink);

/* Runs the command as a child under stage one with notifications, and
 * reports denied calls; the widened start-up calls it lets through for
 * the first process until the shim's marks (stage.h). Returns the exit
 * status. */
int sc_supervise(const struct sc_cli *cli, const char *path,
		 const struct sc_compiled *full, const struct sc_stages *st);

#endif
