/* SPDX-License-Identifier: Apache-2.0 */
/* hostile_early: code of the program that runs before libsyscage.so's
 * constructor (issue 11, class 3 and 7). ld.so runs, in this order: the
 * IFUNC resolvers of the program (while relocating it), its
 * DT_PREINIT_ARRAY, then the constructors, those of the libraries it links
 * before the preloaded shim's. $HOSTILE_EARLY names the hook that acts:
 *   ifunc    this program's IFUNC resolver
 *   preinit  this program's DT_PREINIT_ARRAY entry
 *   ctor     the constructor of the library built from this file with
 *            -DHOSTILE_LIB (tests/escapes.sh links a copy of the program
 *            against it)
 * The acting hook hides SYSCAGE_STAGE2 (renames it, in place, in the
 * environment strings: whatever getenv the shim uses, it is gone), then
 * tries execve("/bin/true") in a child and socket(AF_VSOCK) itself, and
 * prints
 *   early: hook=HOOK execve=RESULT vsock=RESULT
 * main then prints
 *   main: stage2=set|unset filters=N execve=RESULT vsock=RESULT
 * RESULT as say.h: 0 or -ERRNO_NAME. Only raw system calls before main:
 * libc may not be set up when a resolver runs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
static long raw(long nr, long a, long b, long c, long d)
{
	long rc;
	register long r10 __asm__("r10") = d;

	__asm__ volatile("syscall"
			 : "=a"(rc)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return rc;
}
#else
static long raw(long nr, long a, long b, long c, long d)
{
	long rc = syscall(nr, a, b, c, d);

	return rc < 0 ? -errno : rc;
}
#endif

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void put(char *buf, size_t *at, const char *s)
{
	while (*s && *at < 255)
		buf[(*at)++] = *s++;
}

/* "0" or "-EPERM" style for the few errors that matter here. */
static void put_result(char *buf, size_t *at, long rc)
{
	static const struct {
		long e;
		const char *n;
	} names[] = {
		{ EPERM, "-EPERM" },   { EACCES, "-EACCES" },
		{ ENOSYS, "-ENOSYS" }, { EAFNOSUPPORT, "-EAFNOSUPPORT" },
		{ ENOENT, "-ENOENT" }, { EINVAL, "-EINVAL" },
		{ ENODEV, "-ENODEV" }, { ESOCKTNOSUPPORT, "-ESOCKTNOSUPPORT" }
	};

	if (rc >= 0) {
		put(buf, at, "0");
		return;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (names[i].e == -rc) {
			put(buf, at, names[i].n);
			return;
		}
	put(buf, at, "-other");
}

/* mm->env_start and env_end: fields 50 and 51 of /proc/self/stat (after
 * "(comm)", which may hold spaces: count from the last ')'). */
static int env_area(unsigned long *start, unsigned long *end)
{
	char b[1024], *p = NULL;
	long fd =
		raw(SYS_openat, AT_FDCWD, (long)"/proc/self/stat", O_RDONLY, 0);
	long n;
	int field = 2;

	if (fd < 0)
		return -1;
	n = raw(SYS_read, fd, (long)b, sizeof(b) - 1, 0);
	raw(SYS_close, fd, 0, 0, 0);
	if (n <= 0)
		return -1;
	b[n] = '\0';
	for (long i = 0; i < n; i++)
		if (b[i] == ')')
			p = &b[i];
	if (!p)
		return -1;
	*start = *end = 0;
	for (; *p; p++) {
		if (*p != ' ')
			continue;
		field++;
		if (field == 50 || field == 51) {
			unsigned long v = 0;

			for (const char *q = p + 1; *q >= '0' && *q <= '9'; q++)
				v = v * 10 + (unsigned long)(*q - '0');
			*(field == 50 ? start : end) = v;
		}
	}
	return *start && *end > *start ? 0 : -1;
}

/* SYSCAGE_STAGE2=... becomes XYSCAGE_STAGE2=...: hidden from any getenv. */
static void hide_stage2(void)
{
	static const char key[] = "SYSCAGE_STAGE2=";
	unsigned long s, e;

	if (env_area(&s, &e) < 0)
		return;
	for (char *p = (char *)s; p < (char *)e; p += slen(p) + 1) {
		size_t i = 0;

		while (key[i] && p[i] == key[i])
			i++;
		if (!key[i])
			p[0] = 'X';
	}
}

/* execve("/bin/true") in a child: 0 when it ran, else -errno. */
static long try_execve(void)
{
	static char *const argv[] = { "true", NULL }, *const envp[] = { NULL };
	long pid = raw(SYS_clone, SIGCHLD, 0, 0, 0);
	int st = 0;

	if (pid == 0) {
		long rc = raw(SYS_execve, (long)"/bin/true", (long)argv,
			      (long)envp, 0);

		raw(SYS_exit_group, 100 + (-rc & 127), 0, 0, 0);
	}
	if (pid < 0)
		return pid;
	if (raw(SYS_wait4, pid, (long)&st, 0, 0) < 0)
		return -ECHILD;
	if (WIFEXITED(st) && WEXITSTATUS(st) >= 100)
		return -(long)(WEXITSTATUS(st) - 100);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EINTR;
}

static long try_vsock(void)
{
	long fd = raw(SYS_socket, AF_VSOCK, SOCK_STREAM, 0, 0);

	if (fd >= 0)
		raw(SYS_close, fd, 0, 0, 0);
	return fd;
}

/* The hook named in $HOSTILE_EARLY acts: read from /proc/self/environ, as
 * getenv may not work yet. */
static int chosen(const char *hook)
{
	static const char key[] = "HOSTILE_EARLY=";
	unsigned long s, e;
	size_t k = slen(key);

	if (env_area(&s, &e) < 0)
		return 0;
	for (char *p = (char *)s; p < (char *)e; p += slen(p) + 1) {
		size_t i = 0;

		while (i < k && p[i] == key[i])
			i++;
		if (i == k) {
			const char *v = p + k;

			for (i = 0; hook[i] && v[i] == hook[i]; i++)
				;
			return !hook[i] && !v[i];
		}
	}
	return 0;
}

static void early(const char *hook)
{
	char buf[256];
	size_t at = 0;
	long ex, vs;

	if (!chosen(hook))
		return;
	hide_stage2();
	ex = try_execve();
	vs = try_vsock();
	put(buf, &at, "early: hook=");
	put(buf, &at, hook);
	put(buf, &at, " execve=");
	put_result(buf, &at, ex);
	put(buf, &at, " vsock=");
	put_result(buf, &at, vs);
	buf[at++] = '\n';
	raw(SYS_write, 1, (long)buf, (long)at, 0);
}

#ifdef HOSTILE_LIB
__attribute__((constructor)) static void hostile_ctor(void)
{
	early("ctor");
}
#else
static int answer(void)
{
	return 42;
}

static int (*resolve_answer(void))(void)
{
	early("ifunc");
	return answer;
}

int hostile_answer(void) __attribute__((ifunc("resolve_answer")));

static void preinit(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	early("preinit");
}

__attribute__((section(".preinit_array"),
	       used)) static void (*const hostile_preinit)(int, char **,
							   char **) = preinit;

static int filters(void)
{
	char line[256];
	int n = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "Seccomp_filters:", 16) == 0)
			n = atoi(line + 16);
	if (f)
		fclose(f);
	return n;
}

int main(void)
{
	char buf[256];
	size_t at = 0;

	/* A call through the IFUNC makes ld.so resolve it. */
	if (hostile_answer() != 42)
		return 1;
	printf("main: stage2=%s filters=%d ",
	       getenv("SYSCAGE_STAGE2") ? "set" : "unset", filters());
	fflush(stdout);
	put(buf, &at, "execve=");
	put_result(buf, &at, try_execve());
	put(buf, &at, " vsock=");
	put_result(buf, &at, try_vsock());
	buf[at] = '\0';
	printf("%s\n", buf);
	return 0;
}
#endif
