/* SPDX-License-Identifier: Apache-2.0 */
/* syscage status: what confines a running process, from /proc.
 *
 * What can be read and how far it goes:
 *  - seccomp mode and number of filters: /proc/PID/status, always.
 *  - the profile: SYSCAGE_ACTIVE (the marker, see identity.h) or
 *    SYSCAGE_PROFILE in /proc/PID/environ, readable for the process's own
 *    user and root. That is the environment the process was started with:
 *    the first process of a bare preload sets the marker after its exec,
 *    so it shows SYSCAGE_PROFILE (what it asked for), its children the
 *    marker.
 *  - who answers its notifications: the loader's supervisor (an ancestor
 *    that is syscage and holds a seccomp listener), or the agent (its
 *    SYSCAGE_AGENT socket's record, SOCKET.served, lists the process or
 *    an ancestor). Else nobody: denials are not reported.
 *  - syscage's Landlock domain: the kernel does not show a process's
 *    domains in /proc; said as unknown.
 * A process whose environment asks for syscage (LD_PRELOAD names
 * libsyscage, or SYSCAGE_PROFILE is set) but that runs with no filter is
 * flagged: ld.so ignores a preload it cannot find with only a warning. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "commands.h"
#include "identity.h"

struct proc {
	int pid, ppid, mode, filters;
	unsigned uid;
	char comm[64];
	bool env_read;
	char active[SC_MARKER_MAX], profile[PATH_MAX], preload[PATH_MAX],
		agent[PATH_MAX];
	char served[PATH_MAX + 64]; /* who reports its denials */
	bool flagged;
};

static void read_status(struct proc *p)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", p->pid);
	p->mode = p->filters = -1;
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		sscanf(line, "Name: %63s", p->comm);
		sscanf(line, "PPid: %d", &p->ppid);
		sscanf(line, "Uid: %u", &p->uid);
		sscanf(line, "Seccomp: %d", &p->mode);
		sscanf(line, "Seccomp_filters: %d", &p->filters);
	}
	if (f)
		fclose(f);
}

static void env_copy(const char *var, const char *name, char *dst, size_t n)
{
	size_t len = strlen(name);

	if (strncmp(var, name, len) == 0 && var[len] == '=')
		snprintf(dst, n, "%s", var + len + 1);
}

static void read_environ(struct proc *p)
{
	char path[64], *buf = malloc(1 << 20);
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/environ", p->pid);
	f = buf ? fopen(path, "re") : NULL;
	if (!f) {
		free(buf);
		return;
	}
	n = fread(buf, 1, (1 << 20) - 1, f);
	p->env_read = !ferror(f);
	fclose(f);
	buf[n] = '\0';
	for (size_t i = 0; i < n; i += strlen(buf + i) + 1) {
		env_copy(buf + i, "SYSCAGE_ACTIVE", p->active,
			 sizeof(p->active));
		env_copy(buf + i, "SYSCAGE_PROFILE", p->profile,
			 sizeof(p->profile));
		env_copy(buf + i, "LD_PRELOAD", p->preload, sizeof(p->preload));
		env_copy(buf + i, "SYSCAGE_AGENT", p->agent, sizeof(p->agent));
	}
	free(buf);
}

static int parent_of(int pid)
{
	struct proc q = { .pid = pid };

	read_status(&q);
	return q.ppid;
}

/* A syscage loader holding a seccomp listener. */
static bool is_supervisor(int pid)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;
	DIR *d;
	struct dirent *de;
	bool found = false;

	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	if (!strstr(target, "syscage"))
		return false;
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	d = opendir(path);
	while (d && !found && (de = readdir(d))) {
		char fd[PATH_MAX + 300];

		snprintf(fd, sizeof(fd), "%s/%s", path, de->d_name);
		n = readlink(fd, target, sizeof(target) - 1);
		found = n > 0 &&
			(target[n] = '\0',
			 strcmp(target, "anon_inode:seccomp notify") == 0);
	}
	if (d)
		closedir(d);
	return found;
}

/* Whether the agent's record lists @pid. */
static bool agent_serves(const char *sock, int pid)
{
	char path[PATH_MAX + 16], line[PATH_MAX + 256];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s.served", sock);
	f = fopen(path, "re");
	while (f && !found && fgets(line, sizeof(line), f))
		found = atoi(line) == pid;
	if (f)
		fclose(f);
	return found;
}

/* Who answers its notifications: the nearest ancestor (or itself) that
 * handed its listener to the agent, or a supervising loader. */
static void find_server(struct proc *p)
{
	snprintf(p->served, sizeof(p->served), "none");
	if (p->mode != 2)
		return;
	for (int pid = p->pid, depth = 0; pid > 1 && depth < 64;
	     pid = parent_of(pid), depth++) {
		if (p->agent[0] && agent_serves(p->agent, pid)) {
			snprintf(p->served, sizeof(p->served), "agent %s",
				 p->agent);
			return;
		}
		if (pid != p->pid && is_supervisor(pid)) {
			snprintf(p->served, sizeof(p->served), "supervisor %d",
				 pid);
			return;
		}
	}
}

static void inspect(struct proc *p)
{
	read_status(p);
	read_environ(p);
	find_server(p);
	p->flagged = p->mode == 0 &&
		     (strstr(p->preload, "libsyscage") || p->profile[0]);
}

static const char *mode_words(int mode)
{
	return mode == 2   ? "filter"
	       : mode == 1 ? "strict"
	       : mode == 0 ? "none"
			   : "unknown";
}

static void json_str(const char *key, const char *v, bool last)
{
	printf("\"%s\": \"", key);
	for (; *v; v++)
		if (*v == '"' || *v == '\\')
			printf("\\%c", *v);
		else if ((unsigned char)*v < 0x20)
			printf("\\u%04x", *v);
		else
			putchar(*v);
	printf("\"%s", last ? "" : ", ");
}

static void print_json(const struct proc *p, bool first)
{
	printf("%s{\"pid\": %d, \"uid\": %u, ", first ? "" : ",\n ", p->pid,
	       p->uid);
	json_str("program", p->comm, false);
	json_str("seccomp", mode_words(p->mode), false);
	printf("\"filters\": %d, \"environment_read\": %s, ", p->filters,
	       p->env_read ? "true" : "false");
	json_str("active", p->active, false);
	json_str("profile", p->profile, false);
	json_str("reports", p->served, false);
	json_str("landlock", "unknown", false);
	printf("\"unconfined_but_asks\": %s}", p->flagged ? "true" : "false");
}

static void print_text(const struct proc *p)
{
	char name[PATH_MAX];

	printf("%d %s: seccomp %s", p->pid, p->comm, mode_words(p->mode));
	if (p->filters >= 0)
		printf(", %d filter%s", p->filters, p->filters == 1 ? "" : "s");
	if (!p->env_read)
		printf("; profile unknown (environment not readable)");
	else if (p->active[0] &&
		 sc_marker_profile(p->active, name, sizeof(name)) == 0)
		printf("; syscage profile %s", name);
	else if (p->active[0])
		printf("; syscage marker %s", p->active);
	else if (p->profile[0])
		printf("; asks for profile %s", p->profile);
	printf("; reports: %s; landlock: unknown\n", p->served);
	if (p->flagged)
		printf("%d %s: WARNING: its environment asks for syscage "
		       "(LD_PRELOAD=%s, SYSCAGE_PROFILE=%s) but it runs with no "
		       "filter: check that LD_PRELOAD names libsyscage.so\n",
		       p->pid, p->comm, p->preload, p->profile);
}

static const char usage_status[] =
	"Usage: syscage status [--json] [PID]...\n"
	"\n"
	"Per process: seccomp mode and number of filters, the syscage\n"
	"profile in force (from its environment), who reports its denials\n"
	"(the loader's supervisor, the agent, or none). Without PID: every\n"
	"process of this user (all, as root) that has a filter or whose\n"
	"environment asks for syscage. Exit 1 when one asks for syscage but\n"
	"runs with no filter (a mistyped LD_PRELOAD), 125 on errors.\n";

/* Whether to show @p when no PID was named. */
static bool wanted(const struct proc *p)
{
	return p->mode > 0 || p->flagged || p->active[0] || p->profile[0];
}

static int show(int pid, bool json, bool all, bool *first, int *flagged)
{
	struct proc *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->pid = pid;
	inspect(p);
	if (p->mode == -1 && !p->comm[0]) {
		free(p);
		return -ESRCH;
	}
	if (all && (!wanted(p) || (getuid() != 0 && p->uid != getuid()))) {
		free(p);
		return 0;
	}
	if (json)
		print_json(p, *first);
	else
		print_text(p);
	*first = false;
	*flagged |= p->flagged;
	free(p);
	return 0;
}

static int status_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, first = true;
	int ch, flagged = 0, rc = 0;

	opterr = 0;
	optind = 0;
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (ch == 'j')
			json = true;
		else if (ch == 'h')
			return fputs(usage_status, stdout), 0;
		else
			return sc_cli_bad_option("status", ch, argv);
	}
	if (json)
		printf("[");
	for (int i = optind; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);

		if (*end || pid <= 0 ||
		    show((int)pid, json, false, &first, &flagged) < 0) {
			fprintf(stderr,
				"syscage: status: %s: no such process\n",
				argv[i]);
			rc = SC_EXIT_FAIL;
		}
	}
	if (optind == argc) {
		DIR *d = opendir("/proc");
		struct dirent *de;

		while (d && (de = readdir(d)))
			if (isdigit((unsigned char)de->d_name[0]))
				show(atoi(de->d_name), json, true, &first,
				     &flagged);
		if (d)
			closedir(d);
	}
	if (json)
		printf("]\n");
	return rc ? rc : flagged ? 1 : 0;
}

const struct sc_cmd sc_status_cmd = {
	.name = "status",
	.usage = usage_status,
	.main = status_main,
};
