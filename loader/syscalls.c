/* SPDX-License-Identifier: Apache-2.0 */
/* syscage syscalls: the syscall groups of INI profiles (conf/model/groups.c). */
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "groups.h"
#include "suggest.h"

static const char usage[] =
	"Usage: syscage syscalls [@GROUP|NAME]\n"
	"\n"
	"The syscall groups of INI profiles; a group's members; the groups\n"
	"that hold a call.\n";

static int print_name(const char *name, void *data)
{
	(void)data;
	return puts(name) < 0 ? -EIO : 0;
}

struct holder {
	const char *name;
	bool found;
};

static int find_name(const char *name, void *data)
{
	struct holder *h = data;

	if (strcmp(name, h->name) == 0)
		h->found = true;
	return h->found;
}

/* syscage syscalls [@GROUP|NAME]: the groups; a group's members; the
 * groups that hold a call. */
static int unknown_call(const char *arg)
{
	char buf[SC_SUGGEST_MAX];
	const char *near = sc_suggest_syscall(arg, buf, sizeof(buf));

	if (near)
		fprintf(stderr,
			"syscage: unknown syscall \"%s\": did you mean "
			"\"%s\"?\n",
			arg, near);
	else
		fprintf(stderr,
			"syscage: unknown syscall \"%s\" (unknown to this "
			"libseccomp too)\n",
			arg);
	return SC_EXIT_FAIL;
}

static int syscalls(const struct sc_cli *cli)
{
	const char *arg = cli->argv[0];
	const struct sc_group *g;
	size_t n;

	if (arg && cli->argv[1]) {
		fputs("syscage syscalls: give at most one @GROUP or NAME\n",
		      stderr);
		return SC_EXIT_FAIL;
	}
	if (arg && arg[0] == '@') {
		g = sc_group_find(arg);
		if (!g) {
			fprintf(stderr, "syscage: unknown group \"%s\"\n", arg);
			return SC_EXIT_FAIL;
		}
		return sc_group_expand(g, print_name, NULL) ? SC_EXIT_FAIL : 0;
	}
	if (arg && seccomp_syscall_resolve_name(arg) == __NR_SCMP_ERROR)
		return unknown_call(arg);
	g = sc_groups(&n);
	for (size_t i = 0; i < n; i++) {
		struct holder h = { .name = arg };

		if (arg && (sc_group_expand(&g[i], find_name, &h), !h.found))
			continue;
		printf("%-16s %s\n", g[i].name, g[i].help);
	}
	return 0;
}

const struct sc_cmd sc_syscalls_cmd = {
	.name = "syscalls",
	.usage = usage,
	.shared = SC_SHARED_QUIET,
	.run = syscalls,
};
