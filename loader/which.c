/* SPDX-License-Identifier: Apache-2.0 */
/* syscage which: the file a profile name stands for (conf/runtime/search.c). */
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "search.h"

static const char usage[] =
	"Usage: syscage which [-v] [NAME]\n"
	"\n"
	"The file that -p NAME and SYSCAGE_PROFILE=NAME read: the first\n"
	"NAME.ini, then NAME.json, in the directories of $SYSCAGE_PATH\n"
	"(colon-separated), by default $XDG_CONFIG_HOME/syscage/profiles,\n"
	"/etc/syscage/profiles and DATADIR/syscage/profiles. \"default\" is\n"
	"built in. Without NAME: every name found, with its file.\n"
	"\n"
	"  -v, --verbose  say where it looked, on stderr\n";

static int say_dir(const struct sc_search_dir *d, void *data)
{
	(void)data;
	fprintf(stderr, "syscage:   %s (%s)%s\n", d->dir, d->origin,
		d->usable ? "" : ": not searched, not an absolute path");
	return 0;
}

static void say_try(const struct sc_search_try *t, void *data)
{
	(void)data;
	fprintf(stderr, "syscage: %s: %s\n", t->path,
		t->error ? strerror(t->error) : "found");
}

static void say_path(void)
{
	const char *env = getenv(SC_ENV_PATH);

	if (env && *env)
		fprintf(stderr, "syscage: search path: SYSCAGE_PATH=%s\n", env);
	else
		fputs("syscage: search path (SYSCAGE_PATH is not set):\n",
		      stderr);
	sc_search_dirs(say_dir, NULL);
}

static void list_one(const char *name, const char *path, bool hidden,
		     void *data)
{
	const struct sc_cli *cli = data;

	if (!hidden)
		printf("%s\t%s\n", name, path);
	else if (cli->verbose && strcmp(name, "default") == 0)
		fprintf(stderr, "syscage: %s: hidden: default is built in\n",
			path);
	else if (cli->verbose)
		fprintf(stderr, "syscage: %s: hidden by %s above\n", path,
			name);
}

static int which_one(const struct sc_cli *cli, const char *name)
{
	struct sc_err e = { .line = 0 };
	char path[PATH_MAX];

	if (strcmp(name, "default") == 0) {
		puts("default (built in: Docker's default profile)");
		return 0;
	}
	if (!sc_profile_is_name(name)) {
		if (access(name, F_OK) < 0) {
			sc_err_msg(&e, -errno, name,
				   "%s (a path, not a profile name)",
				   strerror(errno));
			sc_report(&e);
			return SC_EXIT_FAIL;
		}
		if (cli->verbose)
			fprintf(stderr,
				"syscage: %s is a path, not a name: "
				"read as given\n",
				name);
		puts(name);
		return 0;
	}
	if (sc_profile_find(name, path, sizeof(path),
			    cli->verbose ? say_try : NULL, NULL, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	puts(path);
	return 0;
}

/* syscage which [-v] [NAME]: the file a name stands for, or them all. */
static int which(const struct sc_cli *cli)
{
	if (cli->argv[0] && cli->argv[1]) {
		fputs("syscage which: give at most one NAME\n", stderr);
		return SC_EXIT_FAIL;
	}
	if (cli->verbose)
		say_path();
	if (cli->argv[0])
		return which_one(cli, cli->argv[0]);
	puts("default\t(built in)");
	if (sc_profile_list(list_one, (void *)cli) < 0) {
		fputs("syscage: out of memory\n", stderr);
		return SC_EXIT_FAIL;
	}
	return 0;
}

static const struct option opts[] = {
	{ "verbose", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 },
};

static int set(int ch, const char *arg, struct sc_cli *cli)
{
	(void)arg;
	cli->verbose = ch == 'v';
	return 0;
}

const struct sc_cmd sc_which_cmd = {
	.name = "which",
	.usage = usage,
	.shared = SC_SHARED_QUIET,
	.run = which,
	.shorts = "v",
	.opts = opts,
	.set = set,
};
