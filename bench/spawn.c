/* SPDX-License-Identifier: Apache-2.0 */
/* spawn N VARIANT [:: VARIANT]...: each VARIANT is [VAR=VALUE]... COMMAND
 * [ARG]...; runs the variants in turn (one run of each, N rounds), so that a
 * machine that speeds up or slows down during the run moves every variant
 * alike, and prints one line per variant: the median wall time of one run
 * in microseconds, then the 10th and 90th percentiles. The VAR=VALUE
 * settings go to that command's environment only (not to spawn's own: a
 * preload must not confine the timer). A word "3<FILE" before the command
 * opens FILE as the command's descriptor 3 (for bwrap --seccomp 3). A
 * benchmark helper for `make bench`, never a test. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#define VARIANTS_MAX 8

extern char **environ;

struct variant {
	char **cmd;
	char **env;
	const char *fd3; /* opened as descriptor 3 */
	double *t;
};

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* environ plus the leading VAR=VALUE words of @args; *@cmd is the rest. */
static char **child_env(char **args, char ***cmd)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	while (args[k] && strchr(args[k], '=') && args[k][0] != '=')
		k++;
	env = calloc(n + k + 1, sizeof(*env));
	for (size_t i = 0; i < k; i++)
		env[i] = args[i];
	for (size_t i = 0; i < n; i++)
		env[k + i] = environ[i];
	*cmd = args + k;
	return env;
}

/* Splits argv at "::" into variants; returns how many. */
static int split(char **argv, struct variant *v, int n)
{
	int k = 0;

	while (*argv && k < VARIANTS_MAX) {
		char **end = argv;

		while (*end && strcmp(*end, "::") != 0)
			end++;
		if (*end)
			*end++ = NULL;
		v[k].env = child_env(argv, &v[k].cmd);
		if (v[k].cmd[0] && strncmp(v[k].cmd[0], "3<", 2) == 0)
			v[k].fd3 = *v[k].cmd++ + 2;
		v[k].t = calloc((size_t)n, sizeof(double));
		if (!v[k].env || !v[k].t || !v[k].cmd[0])
			return -1;
		k++;
		argv = end;
	}
	return *argv ? -1 : k;
}

static double run(const struct variant *v)
{
	posix_spawn_file_actions_t fa;
	struct timespec a, b;
	pid_t pid;
	int st;

	posix_spawn_file_actions_init(&fa);
	if (v->fd3)
		posix_spawn_file_actions_addopen(&fa, 3, v->fd3, O_RDONLY, 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (posix_spawnp(&pid, v->cmd[0], &fa, NULL, v->cmd, v->env)) {
		perror(v->cmd[0]);
		exit(1);
	}
	waitpid(pid, &st, 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	posix_spawn_file_actions_destroy(&fa);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "spawn: %s failed (status %d)\n", v->cmd[0],
			st);
		exit(1);
	}
	return (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0;
	struct variant v[VARIANTS_MAX];
	int k;

	if (n <= 0 || (k = split(&argv[2], v, n)) <= 0) {
		fprintf(stderr, "usage: spawn N [VAR=VALUE]... COMMAND [ARG]..."
				" [:: ...]\n");
		return 2;
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < k; j++)
			v[j].t[i] = run(&v[j]);
	for (int j = 0; j < k; j++) {
		qsort(v[j].t, (size_t)n, sizeof(double), cmp);
		printf("%.1f %.1f %.1f\n", v[j].t[n / 2], v[j].t[n / 10],
		       v[j].t[n * 9 / 10]);
	}
	return 0;
}
