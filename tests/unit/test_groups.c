/* SPDX-License-Identifier: Apache-2.0 */
/* The syscall groups (conf/model/groups.c): systemd's names, sound tables (every
 * nested group exists, no cycles, every member a syscall libseccomp knows or
 * one known to be newer than it), expansion without repeats, and a @default
 * that really carries a glibc program: a fresh child allows only @default
 * from main() on, then allocates, prints, starts threads, reads the clock,
 * raises a signal and exits. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tap.h"
#include "groups.h"
#include "util.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
	__has_feature(memory_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* LeakSanitizer's check at exit() traces the process from a helper thread:
 * a sanitized child runs it before its filter, which also cancels it for
 * exit(). Weak, so that plain builds need no sanitizer runtime. */
void __lsan_do_leak_check(void) __attribute__((weak));

/* clang-format off */
static const char *const systemd_names[] = {
	"@aio", "@basic-io", "@chown", "@clock", "@cpu-emulation", "@debug",
	"@file-system", "@io-event", "@ipc", "@keyring", "@memlock", "@module",
	"@mount", "@network-io", "@obsolete", "@pkey", "@privileged",
	"@process", "@raw-io", "@reboot", "@resources", "@sandbox", "@setuid",
	"@signal", "@swap", "@sync", "@system-service", "@timer",
};

/* Members libseccomp 2.5.4 (Debian 12) does not know: syscalls newer than
 * its table, and systemd's names for other architectures' spellings. */
static const char *const newer_than_libseccomp[] = {
	"file_getattr", "file_setattr", "fstatat", "getxattrat", "listmount",
	"listxattrat", "llseek", "lsm_get_self_attr", "lsm_list_modules",
	"mseal", "newfstat", "open_tree_attr", "removexattrat", "riscv_hwprobe",
	"setxattrat", "statmount", "uretprobe",
};

/* systemd's own @default, which its @system-service includes: ours
 * differs, so our @system-service lists the rest itself. */
static const char *const systemd_default[] = {
	"@sandbox", "arch_prctl", "brk", "cacheflush", "clock_getres",
	"clock_getres_time64", "clock_gettime", "clock_gettime64",
	"clock_nanosleep", "clock_nanosleep_time64", "execve", "exit",
	"exit_group", "futex", "futex_time64", "futex_waitv", "get_robust_list",
	"get_thread_area", "getegid", "getegid32", "geteuid", "geteuid32",
	"getgid", "getgid32", "getgroups", "getgroups32", "getpgid", "getpgrp",
	"getpid", "getppid", "getrandom", "getresgid", "getresgid32",
	"getresuid", "getresuid32", "getrlimit", "getsid", "gettid",
	"gettimeofday", "getuid", "getuid32", "lsm_get_self_attr",
	"lsm_list_modules", "membarrier", "mmap", "mmap2", "mprotect", "mseal",
	"munmap", "nanosleep", "pause", "prlimit64", "restart_syscall",
	"riscv_flush_icache", "riscv_hwprobe", "rseq", "rt_sigreturn",
	"sched_getaffinity", "sched_yield", "set_robust_list",
	"set_thread_area", "set_tid_address", "set_tls", "sigreturn", "time",
	"ugetrlimit", "uretprobe",
};
/* clang-format on */

/* What a sanitizer runtime calls on its own in the child: ASan gives each
 * new thread an alternate signal stack. Allowed in sanitizer builds only, so
 * that the plain build proves @default alone suffices. */
static const char *const sanitizer_extra[] = {
	"sigaltstack",
};

/* Names as a set: grows by unique insertion. */
struct names {
	const char *v[1024];
	size_t n;
	bool overflow, repeated, has_group;
};

static bool names_has(const struct names *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return true;
	return false;
}

static void names_add(struct names *s, const char *name)
{
	if (names_has(s, name))
		return;
	if (s->n == SC_ARRAY_SIZE(s->v))
		s->overflow = true;
	else
		s->v[s->n++] = name;
}

/* sc_group_expand's callback: records, and notes repeats and groups. */
static int collect(const char *name, void *data)
{
	struct names *s = data;

	if (name[0] == '@')
		s->has_group = true;
	if (names_has(s, name))
		s->repeated = true;
	names_add(s, name);
	return 0;
}

static struct names *expand(const char *group)
{
	static struct names s;

	memset(&s, 0, sizeof(s));
	sc_group_expand(sc_group_find(group), collect, &s);
	return &s;
}

/* The test's own expansion, straight from the tables. */
static void expand_ref(const struct sc_group *g, struct names *seen_groups,
		       struct names *out)
{
	const char *const *m;

	names_add(seen_groups, g->name);
	for (m = g->members; *m; m++) {
		const struct sc_group *sub;

		if ((*m)[0] != '@') {
			names_add(out, *m);
			continue;
		}
		sub = sc_group_find(*m);
		if (sub && !names_has(seen_groups, sub->name))
			expand_ref(sub, seen_groups, out);
	}
}

/* Depth-first from @g: 1 when a group on the path comes back. */
static int find_cycle(const struct sc_group *g, const char **path, size_t depth)
{
	const char *const *m;
	size_t i;

	for (i = 0; i < depth; i++)
		if (strcmp(path[i], g->name) == 0)
			return 1;
	if (depth == 64)
		return 1;
	path[depth] = g->name;
	for (m = g->members; *m; m++) {
		const struct sc_group *sub;

		if ((*m)[0] != '@')
			continue;
		sub = sc_group_find(*m);
		if (sub && find_cycle(sub, path, depth + 1))
			return 1;
	}
	return 0;
}

static int stop_at_write(const char *name, void *data)
{
	int *n = data;

	(*n)++;
	return strcmp(name, "write") == 0 ? 42 : 0;
}

static bool in_list(const char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

static void test_lookup(void)
{
	const struct sc_group *all, *g;
	size_t i, j, n = 0;

	for (i = 0; i < SC_ARRAY_SIZE(systemd_names); i++) {
		g = sc_group_find(systemd_names[i]);
		ok(g && strcmp(g->name, systemd_names[i]) == 0, "%s is a group",
		   systemd_names[i]);
	}
	g = sc_group_find("@default");
	ok(g && g->help && g->help[0], "@default is a group, with help");

	all = sc_groups(&n);
	is_int(n, SC_ARRAY_SIZE(systemd_names) + 1,
	       "sc_groups: systemd's groups and @default");
	for (i = 0; i < n; i++) {
		bool uniq = true;

		for (j = 0; j < i; j++)
			if (strcmp(all[i].name, all[j].name) == 0)
				uniq = false;
		ok(all[i].name[0] == '@' && uniq &&
			   sc_group_find(all[i].name) == &all[i],
		   "%s: unique, found by its name", all[i].name);
		ok(all[i].help && strlen(all[i].help) > 5 &&
			   !strchr(all[i].help, '\n'),
		   "%s: help is one line: %s", all[i].name,
		   all[i].help ? all[i].help : "(null)");
		ok(all[i].members && all[i].members[0], "%s: has members",
		   all[i].name);
	}

	ok(sc_group_find("@nope") == NULL, "@nope is not a group");
	ok(sc_group_find("basic-io") == NULL, "a group name needs its @");
	ok(sc_group_find("@BASIC-IO") == NULL, "group names are lower case");
	ok(sc_group_find("") == NULL && sc_group_find(NULL) == NULL,
	   "empty and NULL names are not groups");
	ok(sc_group_find("@known") == NULL, "no @known (not kept)");
}

static void test_tables(void)
{
	const struct sc_group *all;
	size_t i, n = 0;
	int unknown_groups = 0, unknown_names = 0, in_allow = 0;

	all = sc_groups(&n);
	for (i = 0; i < n; i++) {
		const char *const *m;
		const char *path[65];
		struct names local = { .n = 0 };
		int twice = 0;

		for (m = all[i].members; *m; m++) {
			if ((*m)[0] == '@') {
				if (!sc_group_find(*m)) {
					unknown_groups++;
					printf("# %s names unknown group %s\n",
					       all[i].name, *m);
				}
			} else if (seccomp_syscall_resolve_name(*m) ==
				   __NR_SCMP_ERROR) {
				if (in_list(newer_than_libseccomp,
					    SC_ARRAY_SIZE(
						    newer_than_libseccomp),
					    *m)) {
					in_allow++;
				} else {
					unknown_names++;
					printf("# %s: libseccomp does not know "
					       "%s\n",
					       all[i].name, *m);
				}
			}
			if (!**m || names_has(&local, *m)) {
				twice++;
				printf("# %s lists \"%s\" again\n", all[i].name,
				       *m);
			}
			names_add(&local, *m);
		}
		is_int(twice, 0, "%s: each member listed once", all[i].name);
		ok(!find_cycle(&all[i], path, 0), "%s: no cycle through it",
		   all[i].name);
	}
	is_int(unknown_groups, 0, "every nested group exists");
	is_int(unknown_names, 0,
	       "every member is a syscall libseccomp knows, or on the "
	       "newer-than-libseccomp list");
	printf("# %d members are newer than this libseccomp\n", in_allow);
}

static void test_expand(void)
{
	const struct sc_group *all;
	size_t i, j, n = 0;
	struct names *s;
	int count = 0, rc;

	all = sc_groups(&n);
	for (i = 0; i < n; i++) {
		struct names ref = { .n = 0 }, seen = { .n = 0 };
		bool same;

		s = expand(all[i].name);
		expand_ref(&all[i], &seen, &ref);
		same = s->n == ref.n && !ref.overflow;
		for (j = 0; same && j < ref.n; j++)
			same = names_has(s, ref.v[j]);
		ok(!s->repeated && !s->has_group && !s->overflow && s->n > 0,
		   "%s expands to %zu names, each once, no groups", all[i].name,
		   s->n);
		ok(same, "%s expands to its members and its nested groups'",
		   all[i].name);
	}

	s = expand("@privileged");
	ok(names_has(s, "chown") && names_has(s, "reboot") &&
		   names_has(s, "swapon") && names_has(s, "bpf"),
	   "@privileged has @chown's, @reboot's and @swap's members");
	s = expand("@system-service");
	ok(names_has(s, "exit_group") && names_has(s, "read") &&
		   names_has(s, "openat") && names_has(s, "seccomp") &&
		   names_has(s, "execve") && !names_has(s, "mount") &&
		   !names_has(s, "reboot"),
	   "@system-service has @default, @basic-io, @file-system, "
	   "@sandbox, not @mount or @reboot");

	{
		struct names sd = { .n = 0 }, seen = { .n = 0 };
		int missing = 0;

		for (i = 0; i < SC_ARRAY_SIZE(systemd_default); i++) {
			if (systemd_default[i][0] == '@')
				expand_ref(sc_group_find(systemd_default[i]),
					   &seen, &sd);
			else
				names_add(&sd, systemd_default[i]);
		}
		s = expand("@default");
		for (i = 0; i < s->n; i++)
			names_add(&sd, s->v[i]);
		s = expand("@system-service");
		for (i = 0; i < sd.n; i++) {
			if (!names_has(s, sd.v[i])) {
				missing++;
				printf("#   @system-service lacks %s\n",
				       sd.v[i]);
			}
		}
		is_int(missing, 0,
		       "@system-service has systemd's @default and ours");
	}

	s = expand("@default");
	ok(names_has(s, "exit_group") && names_has(s, "write") &&
		   names_has(s, "mmap") && names_has(s, "clone3") &&
		   names_has(s, "futex") && names_has(s, "clone"),
	   "@default has exit_group, write, mmap, clone3, clone, futex");
	ok(!names_has(s, "mount") && !names_has(s, "ptrace") &&
		   !names_has(s, "bpf") && !names_has(s, "execve") &&
		   !names_has(s, "openat") && !names_has(s, "ioctl"),
	   "@default has no mount, ptrace, bpf, execve, openat, ioctl");

	rc = sc_group_expand(sc_group_find("@basic-io"), stop_at_write, &count);
	ok(rc == 42 && count > 0 && count < (int)expand("@basic-io")->n,
	   "expansion stops at the first non-zero result and returns it");
	ok(sc_group_expand(NULL, collect, expand("@nope")) == 0,
	   "expanding no group calls nothing");
}

/* ---- @default on a real glibc program ----
 *
 * The filter is built here with libseccomp and exported as BPF; a child
 * execs this binary afresh, loads the BPF first thing in main() (a read and
 * two prctl calls, no malloc), then does what glibc programs do. So glibc's
 * lazy set-up (malloc's first call, stdout's buffer, the first thread) all
 * happens under the filter. */

static const char *self; /* argv[0], should /proc be missing */

enum mode {
	RUN_EPERM, /* default ERRNO(EPERM) */
	RUN_NO_CLONE3, /* clone3 fails ENOSYS: glibc falls back to clone */
	RUN_KILL, /* default KILL_PROCESS: nothing else is called at all */
};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void *thread_main(void *arg)
{
	char *p = malloc(200000);
	int i;

	if (!p)
		return NULL;
	for (i = 0; i < 200000; i++)
		p[i] = (char)i;
	printf("thread %ld\n", (long)(intptr_t)arg);
	free(p);
	return (void *)((intptr_t)arg + 1);
}

static void at_exit(void)
{
	printf("bye\n");
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Writes the BPF of "@default, else ..." to @fd; 0 or an errno. */
static int export_filter(enum mode mode, int fd)
{
	uint32_t def = mode == RUN_KILL ? SCMP_ACT_KILL_PROCESS
					: SCMP_ACT_ERRNO(EPERM);
	scmp_filter_ctx ctx = seccomp_init(def);
	struct names *s = expand("@default");
	size_t i;
	int rc = 0;

	if (!ctx)
		return ENOMEM;
	for (i = 0; i < s->n && rc == 0; i++) {
		int nr = seccomp_syscall_resolve_name(s->v[i]);
		uint32_t act = SCMP_ACT_ALLOW;

		if (nr == __NR_SCMP_ERROR)
			continue;
		if (mode == RUN_NO_CLONE3 && strcmp(s->v[i], "clone3") == 0)
			act = SCMP_ACT_ERRNO(ENOSYS);
		rc = seccomp_rule_add(ctx, act, nr, 0);
		if (nr < 0) /* not a syscall on this architecture */
			rc = 0;
	}
	for (i = 0; SANITIZED && rc == 0 && i < SC_ARRAY_SIZE(sanitizer_extra);
	     i++)
		rc = seccomp_rule_add(
			ctx, SCMP_ACT_ALLOW,
			seccomp_syscall_resolve_name(sanitizer_extra[i]), 0);
	if (rc == 0)
		rc = seccomp_export_bpf(ctx, fd);
	seccomp_release(ctx);
	return -rc;
}

/* The child, after exec: the filter from fd 3, then glibc at work with
 * stdout and stderr on a pipe. Returns its exit code, or calls exit(). */
static int child_main(int mode)
{
	static struct sock_filter insns[BPF_MAXINSNS];
	struct sock_fprog prog = { 0, insns };
	pthread_t th[4];
	struct timespec ts, nap = { 0, 1000000 };
	struct sigaction sa;
	const char *env;
	char *small, *big;
	int *v, i;
	ssize_t r;
	size_t len = 0;
	void *ret;

	while ((r = read(3, (char *)insns + len, sizeof(insns) - len)) > 0)
		len += (size_t)r;
	if (r < 0 || len == 0 || len % sizeof(insns[0]))
		return 90;
	prog.len = (unsigned short)(len / sizeof(insns[0]));
	if (SANITIZED && __lsan_do_leak_check)
		__lsan_do_leak_check();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		return 91;

	env = getenv("SC_GROUPS_TEST");
	if (!env || strcmp(env, "hello") != 0)
		return 10;
	if (setenv("SC_GROUPS_MORE", "x", 1) != 0 ||
	    strcmp(getenv("SC_GROUPS_MORE"), "x") != 0)
		return 11;

	small = malloc(16);
	big = malloc(1 << 20); /* mmap */
	if (!small || !big)
		return 12;
	memset(big, 1, 1 << 20);
	big = realloc(big, 4 << 20); /* mremap */
	if (!big || big[1000] != 1)
		return 13;
	free(small);
	free(big);

	printf("out %s %d %.2f\n", env, 42, 1.5);
	fprintf(stderr, "err %s\n", strerror(EINVAL));

	if (time(NULL) < 1000000000 || clock_gettime(CLOCK_MONOTONIC, &ts) ||
	    clock_gettime(CLOCK_REALTIME, &ts) || clock() == (clock_t)-1 ||
	    nanosleep(&nap, NULL) || usleep(100))
		return 14;

	for (i = 0; i < 4; i++)
		if (pthread_create(&th[i], NULL, thread_main,
				   (void *)(intptr_t)i))
			return 15;
	for (i = 0; i < 4; i++)
		if (pthread_join(th[i], &ret) ||
		    ret != (void *)(intptr_t)(i + 1))
			return 16;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) || raise(SIGUSR1) ||
	    got_signal != SIGUSR1)
		return 17;

	v = malloc(50000 * sizeof(*v));
	if (!v)
		return 18;
	for (i = 0; i < 50000; i++)
		v[i] = (i * 7919) % 50000;
	qsort(v, 50000, sizeof(*v), cmp_int); /* sizes its buffer by RAM */
	for (i = 1; i < 50000; i++)
		if (v[i - 1] > v[i])
			return 19;
	free(v);

	if (mode < RUN_EPERM || mode > RUN_KILL || atexit(at_exit))
		return 20;
	exit(0);
}

static void run_default(enum mode mode, const char *what)
{
	char out[4096], arg[16];
	size_t len = 0;
	ssize_t r;
	int bpf[2], fds[2], status = -1, rc;
	pid_t pid = -1;

	if (pipe(bpf) || pipe(fds)) {
		ok(0, "%s: pipes", what);
		return;
	}
	rc = export_filter(mode, bpf[1]);
	close(bpf[1]);
	if (!ok(rc == 0, "%s: the filter builds", what))
		printf("#   %s\n", strerror(rc));
	snprintf(arg, sizeof(arg), "%d", (int)mode);
	fflush(stdout);
	fflush(stderr);
	if (rc == 0)
		pid = fork();
	if (pid == 0) {
		char *argv[] = { "test_groups", "--default-child", arg, NULL };

		if (dup2(bpf[0], 3) < 0 || dup2(fds[1], 1) < 0 ||
		    dup2(fds[1], 2) < 0)
			_exit(98);
		alarm(60); /* kept across execve: a stuck child dies */
		execv("/proc/self/exe", argv);
		execv(self, argv);
		_exit(99);
	}
	close(bpf[0]);
	close(fds[1]);
	while (pid > 0 && len < sizeof(out) - 1 &&
	       (r = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)r;
	out[len] = '\0';
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);

	if (!ok(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"%s: the child exits 0", what)) {
		if (WIFSIGNALED(status))
			printf("#   killed by signal %d\n", WTERMSIG(status));
		else
			printf("#   exit status %d\n", WEXITSTATUS(status));
		printf("#   output: %s\n", out);
	}
	ok(strstr(out, "out hello 42 1.50\n") && strstr(out, "err Invalid") &&
		   strstr(out, "thread 0\n") && strstr(out, "thread 3\n") &&
		   strstr(out, "bye\n"),
	   "%s: its stdout and stderr arrive", what);
}

static void test_default_runs(void)
{
	setenv("SC_GROUPS_TEST", "hello", 1);
	run_default(RUN_EPERM, "@default, else EPERM");
	run_default(RUN_NO_CLONE3,
		    "@default with clone3 ENOSYS (glibc's clone fallback)");
	run_default(RUN_KILL, "@default, else KILL_PROCESS");
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--default-child") == 0)
		return child_main(atoi(argv[2]));
	self = argv[0];
	test_lookup();
	test_tables();
	test_expand();
	test_default_runs();
	return tap_done();
}
