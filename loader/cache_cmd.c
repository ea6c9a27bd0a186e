/* SPDX-License-Identifier: Apache-2.0 */
/* syscage cache: show, fill or clear the compiled-filter cache. The rule
 * of what is trusted and where is conf/runtime/cache.h's; this only asks it. */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build.h"
#include "cache.h"
#include "commands.h"
#include "search.h"

static const char usage[] =
	"Usage: syscage cache [show] [OPTION]... [PROFILE]...\n"
	"       syscage cache update [OPTION]... [PROFILE]...\n"
	"       syscage cache clear\n"
	"\n"
	"The compiled-filter cache. An entry is used only if nobody can write\n"
	"it who could not also write the profile and its includes (for the\n"
	"built-in default: syscage's own file): root-owned profiles are\n"
	"answered from /var/cache/syscage, which only root writes; a user's\n"
	"own profiles from ~/.cache/syscage (or $SYSCAGE_CACHE).\n"
	"\n"
	"  show    where each PROFILE's entry is and whether it is there\n"
	"  update  compile each PROFILE into the cache (as root, for root\n"
	"          and for users without capabilities)\n"
	"  clear   remove every entry of this user's cache (root: the\n"
	"          system cache)\n"
	"\n"
	"Without PROFILE: \"default\" and every profile of the search path\n"
	"(see syscage which). --caps, --strict and --lenient select the\n"
	"entry as they would for a run.\n";

/* The profiles to work on: the operands, else "default" and the search
 * path's. */
struct list {
	const char **v;
	size_t n;
};

static void list_add(const char *name, const char *path, bool hidden,
		     void *data)
{
	struct list *l = data;
	const char **v;
	char *s;

	if (hidden || !(s = strdup(path)))
		return;
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v) {
		free(s);
		return;
	}
	l->v = v;
	l->v[l->n++] = s;
}

/* One profile's state, in one line; -1 when it cannot be read. */
static int show_one(const struct sc_cli *cli, const char *spec, bool *ok)
{
	struct sc_err e = { .line = 0 };
	struct sc_cache_state st;

	if (sc_cache_state(&SC_CLI_REQUEST(cli, spec), &st, &e) < 0) {
		sc_report(&e);
		return -1;
	}
	if (!st.path[0])
		printf("%s: no cache: %s\n", spec, st.why);
	else
		printf("%s: %s %s%s\n", spec, st.path,
		       st.hit ? "(cached)" : "(missing)",
		       st.writable ? "" : ", read-only here");
	if (ok)
		*ok = st.hit;
	return 0;
}

/* What a user without capabilities computes: its key carries an empty
 * effective set. Root without effective capabilities still owns, and so
 * writes, the system cache. */
static int build_without_caps(const struct sc_cli *cli, const char *spec)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct sc_compiled c = { .prog = { 0 } };
		struct sc_err e = { .line = 0 };

		if (syscall(SYS_capget, &h, d) < 0)
			_exit(1);
		d[0].effective = d[1].effective = 0;
		if (syscall(SYS_capset, &h, d) < 0 ||
		    sc_build(&SC_CLI_REQUEST(cli, spec), &c, NULL, &e) < 0)
			_exit(1);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int update_one(const struct sc_cli *cli, const char *spec)
{
	struct sc_compiled c = { .prog = { 0 } };
	struct sc_err e = { .line = 0 };
	const char *set = getenv("SYSCAGE_CACHE");
	bool ok = false;
	int rc;

	/* Readable by every user: a system cache made 0700 before. */
	if (geteuid() == 0 && !(set && *set == '/'))
		chmod("/var/cache/syscage", 0755);
	rc = sc_build(&SC_CLI_REQUEST(cli, spec), &c, NULL, &e);

	sc_compiled_clear(&c);
	if (rc < 0) {
		sc_report(&e);
		return -1;
	}
	if (geteuid() == 0 && build_without_caps(cli, spec) < 0)
		fprintf(stderr,
			"syscage: %s: cannot compile it without capabilities\n",
			spec);
	if (show_one(cli, spec, &ok) < 0 || !ok)
		return -1;
	return 0;
}

static int clear(void)
{
	struct sc_err e = { .line = 0 };
	char dir[4096];
	unsigned n;

	if (sc_cache_clear(dir, sizeof(dir), &n, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	printf("%s: %u entr%s removed\n", dir[0] ? dir : "(no cache)", n,
	       n == 1 ? "y" : "ies");
	return 0;
}

static int cache(const struct sc_cli *cli)
{
	const char *what = cli->argv[0] ? cli->argv[0] : "show";
	char *const *ops = cli->argv[0] ? cli->argv + 1 : cli->argv;
	struct list l = { NULL, 0 };
	bool update = strcmp(what, "update") == 0;
	int status = 0;

	if (strcmp(what, "clear") == 0)
		return ops[0] ? (fputs("syscage: cache clear takes no "
				       "profile\n",
				       stderr),
				 SC_EXIT_FAIL)
			      : clear();
	if (!update && strcmp(what, "show") != 0) {
		/* "syscage cache PROFILE": show it. */
		ops = cli->argv;
	}
	if (!ops[0]) {
		list_add("default", "default", false, &l);
		sc_profile_list(list_add, &l);
	} else {
		for (size_t i = 0; ops[i]; i++)
			list_add(ops[i], ops[i], false, &l);
	}
	for (size_t i = 0; i < l.n; i++) {
		if ((update ? update_one(cli, l.v[i])
			    : show_one(cli, l.v[i], NULL)) < 0)
			status = SC_EXIT_FAIL;
		free((char *)l.v[i]);
	}
	free(l.v);
	return status;
}

const struct sc_cmd sc_cache_cmd = {
	.name = "cache",
	.usage = usage,
	.shared = SC_SHARED_ALL,
	.run = cache,
};
