/* spawn N [VAR=VALUE]... COMMAND [ARG]...: runs COMMAND N times, one after
 * the other, with the VAR=VALUE settings added to its environment only (not
 * to spawn's own: a preload must not confine the timer), and prints the
 * median wall time of one run in microseconds, then the 10th and 90th
 * percentiles. A benchmark helper for `make bench`, never a test. */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

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

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0;
	double *t;
	char **env, **cmd;

	if (n <= 0) {
		fprintf(stderr, "usage: spawn N COMMAND [ARG]...\n");
		return 2;
	}
	t = calloc((size_t)n, sizeof(*t));
	env = child_env(&argv[2], &cmd);
	for (int i = 0; i < n; i++) {
		struct timespec a, b;
		pid_t pid;
		int st;

		clock_gettime(CLOCK_MONOTONIC, &a);
		if (posix_spawnp(&pid, cmd[0], NULL, NULL, cmd, env)) {
			perror(cmd[0]);
			return 1;
		}
		waitpid(pid, &st, 0);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "spawn: %s failed (status %d)\n",
				cmd[0], st);
			return 1;
		}
		t[i] = (b.tv_sec - a.tv_sec) * 1e6 +
		       (b.tv_nsec - a.tv_nsec) / 1e3;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("%.1f %.1f %.1f\n", t[n / 2], t[n / 10], t[n * 9 / 10]);
	return 0;
}
