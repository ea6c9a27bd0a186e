/* SPDX-License-Identifier: Apache-2.0 */
/* One line per denied call: which process, which call with its arguments in
 * words, the decision, the rule that made it, and how to allow it. Repeats
 * are counted, and summed up when the command ends. */
#ifndef SC_REPORT_H
#define SC_REPORT_H

#include <linux/seccomp.h>
#include <stdbool.h>

#include "explain.h"
#include "cli.h"

#define SC_REPORT_KINDS 512

struct sc_reporter {
	const struct sc_cli *cli;
	const struct sc_compiled *full;
	bool complain;
	int fd; /* where lines go: stderr, or --log FILE opened O_APPEND */
	bool tried, have_model;
	struct sc_profile *p;
	struct sc_opts o;
	struct sc_model m;
	struct {
		int nr;
		uint32_t arch, action;
		unsigned long count;
	} seen[SC_REPORT_KINDS];
	size_t n_seen;
};

int sc_reporter_init(struct sc_reporter *r, const struct sc_cli *cli,
		     const struct sc_compiled *full, bool complain,
		     struct sc_err *e);
void sc_report_call(struct sc_reporter *r, const struct seccomp_notif *req,
		    uint32_t action);
/* In the keeper (see sc_sink): counts start anew, so each kind of call is
 * reported again once after the command ended. Returns where lines go. */
int sc_reporter_keep(struct sc_reporter *r);
/* The counts, and a note when the command was killed by SIGSYS. */
void sc_reporter_finish(struct sc_reporter *r, int status);

#endif
