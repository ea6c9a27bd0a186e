/* SPDX-License-Identifier: Apache-2.0 */
/* syscage diff: the calls two profiles decide differently (conf/tools/diff.c). */
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "consts.h"
#include "diff.h"
#include "loaded.h"

static const char usage[] =
	"Usage: syscage diff [--caps SET] PROFILE_A PROFILE_B\n"
	"\n"
	"The calls the two profiles decide differently on this machine's ABI,\n"
	"one a line: 'CALL[ argN=VALUE]...: DECISION_A -> DECISION_B'. Calls\n"
	"with argument conditions in either profile are also tried with the\n"
	"values those conditions mention. Exit 0 when there is no\n"
	"difference, 1 when there is, 125 on errors.\n";

static int print_delta(const struct sc_delta *d, void *data)
{
	char a[64], b[64], v[128];

	(void)data;
	sc_action_words(d->a, a, sizeof(a));
	sc_action_words(d->b, b, sizeof(b));
	fputs(d->call, stdout);
	for (unsigned i = 0; d->args && i < SC_ARGS_MAX; i++) {
		if (!(d->mentioned >> i & 1))
			continue;
		sc_const_format(d->call, i, d->args[i], v, sizeof(v));
		printf(" arg%u=%s", i, v);
	}
	return printf(": %s -> %s\n", a, b) < 0 ? -EIO : 0;
}

static int diff(const struct sc_cli *cli)
{
	struct sc_err e = { .line = 0 };
	struct sc_loaded a, b;
	int n;

	if (!cli->argv[0] || !cli->argv[1] || cli->argv[2]) {
		fputs("syscage diff: give two PROFILEs\n", stderr);
		return SC_EXIT_FAIL;
	}
	if (sc_loaded_open(cli, cli->argv[0], &a, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	if (sc_loaded_open(cli, cli->argv[1], &b, &e) < 0) {
		sc_report(&e);
		sc_loaded_clear(&a);
		return SC_EXIT_FAIL;
	}
	n = sc_diff(&a.m, &b.m, print_delta, NULL);
	if (n < 0 || fflush(stdout) != 0) {
		sc_err_msg(&e, n < 0 ? n : -errno, NULL, "cannot compare: %s",
			   strerror(n < 0 ? -n : errno));
		sc_report(&e);
	}
	sc_loaded_clear(&a);
	sc_loaded_clear(&b);
	return n < 0 ? SC_EXIT_FAIL : n > 0;
}

const struct sc_cmd sc_diff_cmd = {
	.name = "diff",
	.usage = usage,
	.shared = SC_SHARED_ALL,
	.run = diff,
};
