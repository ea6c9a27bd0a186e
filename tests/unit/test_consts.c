/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of conf/model/consts.c: names of every family against the system
 * headers, unknown names and the length argument, errno names both ways,
 * and sc_const_format on the values of Docker's and podman's profiles. Every
 * formatted value must read back, with the INI grammar's value rule
 * (atom ('|' atom)*), to the number it came from. */
#include "../tap.h"
#include "consts.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <termios.h>

#define DOCKER_CLONE_MASK 2114060288u /* moby-default.json, clone arg0 */

/* A value as the INI grammar reads it: NUMBER or CONSTANT atoms joined by
 * '|', no spaces. false on anything else. */
static bool parse(const char *s, uint64_t *out)
{
	uint64_t v = 0, x;
	char *end;

	if (!*s)
		return false;
	for (;;) {
		size_t len = strcspn(s, "|");

		if (!len)
			return false;
		if (isdigit((unsigned char)*s)) {
			errno = 0;
			x = strtoull(s, &end, 0);
			if (end != s + len || errno)
				return false;
		} else if (!sc_const_value(s, len, &x)) {
			return false;
		}
		v |= x;
		s += len;
		if (!*s)
			break;
		s++;
	}
	*out = v;
	return true;
}

static uint64_t val(const char *name)
{
	uint64_t v = 0xdeadbeef;

	if (!sc_const_value(name, strlen(name), &v))
		printf("#   %s is unknown\n", name);
	return v;
}

#define has(name, want) \
	is_int(val(#name), (uint64_t)(want), #name " from the headers")

static void test_families(void)
{
	has(AF_UNIX, AF_UNIX);
	has(AF_INET6, AF_INET6);
	has(AF_NETLINK, 16);
	has(AF_ALG, 38);
	has(AF_NFC, 39);
	has(AF_VSOCK, 40);
	has(AF_LOCAL, AF_UNIX);
	has(SOCK_STREAM, SOCK_STREAM);
	has(SOCK_DGRAM, SOCK_DGRAM);
	has(SOCK_NONBLOCK, SOCK_NONBLOCK);
	has(SOCK_CLOEXEC, SOCK_CLOEXEC);
	has(MSG_DONTWAIT, MSG_DONTWAIT);
	has(MSG_NOSIGNAL, MSG_NOSIGNAL);
	has(CLONE_NEWUSER, CLONE_NEWUSER);
	has(CLONE_NEWNS, 0x20000);
	has(CLONE_THREAD, CLONE_THREAD);
	has(CLONE_NEWCGROUP, CLONE_NEWCGROUP);
	has(O_RDONLY, 0);
	has(O_RDWR, O_RDWR);
	has(O_CREAT, O_CREAT);
	has(O_CLOEXEC, O_CLOEXEC);
	has(O_TMPFILE, O_TMPFILE);
	has(O_NDELAY, O_NONBLOCK);
	has(AT_FDCWD, AT_FDCWD);
	has(AT_REMOVEDIR, AT_REMOVEDIR);
	has(AT_EMPTY_PATH, AT_EMPTY_PATH);
	has(PROT_EXEC, PROT_EXEC);
	has(PROT_NONE, 0);
	has(MAP_ANONYMOUS, MAP_ANONYMOUS);
	has(MAP_ANON, MAP_ANONYMOUS);
	has(MAP_SHARED, MAP_SHARED);
	has(MADV_DONTNEED, MADV_DONTNEED);
	has(PER_LINUX, 0);
	has(PER_LINUX32, 8);
	has(UNAME26, 0x20000);
	has(ADDR_NO_RANDOMIZE, ADDR_NO_RANDOMIZE);
	has(TCGETS, TCGETS);
	has(TCSETS, TCSETS);
	has(TIOCSTI, TIOCSTI);
	has(TIOCGWINSZ, TIOCGWINSZ);
	has(TIOCLINUX, TIOCLINUX);
	has(FIONREAD, FIONREAD);
	has(TIOCINQ, FIONREAD);
	has(PR_SET_NO_NEW_PRIVS, PR_SET_NO_NEW_PRIVS);
	has(PR_CAPBSET_DROP, PR_CAPBSET_DROP);
	has(F_SETFL, F_SETFL);
	has(F_DUPFD_CLOEXEC, F_DUPFD_CLOEXEC);
	has(SIGKILL, SIGKILL);
	has(SIGCHLD, SIGCHLD);
	has(SECCOMP_SET_MODE_FILTER, 1);
	has(NETLINK_AUDIT, 9);
	has(NETLINK_ROUTE, 0);
	has(FD_CLOEXEC, FD_CLOEXEC);
	has(EPERM, EPERM);
	has(ENOSYS, ENOSYS);
}

static void test_lookup_edges(void)
{
	static const char unterminated[7] = {
		'A', 'F', '_', 'U', 'N', 'I', 'X'
	};
	static const char *const unknown[] = {
		"AF_FOO",   "af_unix",	"Af_Unix",  "AF_UNI",
		"AF_UNIXX", "AF_",	"CLONE",    "arg0",
		"0",	    "SIGRTMIN", " AF_UNIX", "AF_UNIX ",
	};
	uint64_t v = 7;

	for (size_t i = 0; i < SC_ARRAY_SIZE(unknown); i++)
		ok(!sc_const_value(unknown[i], strlen(unknown[i]), &v),
		   "\"%s\" is not a constant", unknown[i]);
	is_int(v, 7, "a failed lookup leaves the value alone");
	ok(!sc_const_value("AF_UNIX", 0, &v), "len 0 is not a constant");
	ok(sc_const_value(unterminated, sizeof(unterminated), &v) &&
		   v == AF_UNIX,
	   "a name without a NUL, by its length");
	ok(sc_const_value("AF_INET6", 7, &v) && v == AF_INET,
	   "len cuts AF_INET6 to AF_INET");
	ok(sc_const_value("AF_UNIX|AF_INET", 7, &v) && v == AF_UNIX,
	   "len stops before '|'");
	ok(sc_const_value("CLONE_NEWNS)", 11, &v) && v == CLONE_NEWNS,
	   "len stops before ')'");
	ok(!sc_const_value("AF_UNIX", 6, &v), "a prefix of a name is unknown");
	ok(!sc_const_value("AF_UNIX", 8, &v),
	   "the NUL is not part of the name");
}

static void test_errno(void)
{
	int named = 0, e;

	is_int(sc_errno_value("EPERM"), EPERM, "EPERM");
	is_int(sc_errno_value("ENOSYS"), 38, "ENOSYS is 38");
	is_str(sc_errno_name(38), "ENOSYS", "38 is ENOSYS");
	is_str(sc_errno_name(EPERM), "EPERM", "EPERM by number");
	is_int(sc_errno_value("EWOULDBLOCK"), EAGAIN, "EWOULDBLOCK = EAGAIN");
	is_str(sc_errno_name(EWOULDBLOCK), "EAGAIN", "EAGAIN is written");
	is_int(sc_errno_value("EDEADLOCK"), EDEADLOCK, "EDEADLOCK");
	is_int(sc_errno_value("EDEADLK"), EDEADLK, "EDEADLK");
	is_str(sc_errno_name(EDEADLK), "EDEADLK", "EDEADLK is written");
	is_int(sc_errno_value("ENOTSUP"), ENOTSUP, "ENOTSUP");
	is_int(sc_errno_value("EOPNOTSUPP"), EOPNOTSUPP, "EOPNOTSUPP");
	is_str(sc_errno_name(ENOTSUP), "EOPNOTSUPP", "EOPNOTSUPP is written");
	is_int(sc_errno_value("EHWPOISON"), EHWPOISON, "EHWPOISON");
	is_int(sc_errno_value("EFOO"), -1, "unknown errno name");
	is_int(sc_errno_value("eperm"), -1, "errno names are upper case");
	is_int(sc_errno_value(""), -1, "empty errno name");
	is_int(sc_errno_value(NULL), -1, "NULL errno name");
	ok(sc_errno_name(0) == NULL, "0 has no errno name");
	ok(sc_errno_name(-1) == NULL, "-1 has no errno name");
	ok(sc_errno_name(4095) == NULL, "4095 has no errno name");
	for (e = 1; e < 4096; e++) {
		const char *n = sc_errno_name(e);

		if (!n)
			continue;
		named++;
		if (sc_errno_value(n) != e)
			break;
	}
	is_int(e, 4096, "every errno name reads back to its number");
	ok(named >= 130, "%d errno numbers have a name", named);
}

static char out[256];

static const char *fmt(const char *sys, unsigned idx, uint64_t v)
{
	sc_const_format(sys, idx, v, out, sizeof(out));
	return out;
}

/* The formatted value reads back to @v and has no spaces. */
static bool round_trip(const char *sys, unsigned idx, uint64_t v)
{
	uint64_t back = ~v;
	int n = sc_const_format(sys, idx, v, out, sizeof(out));
	bool good = n > 0 && (size_t)n == strlen(out) && !strchr(out, ' ') &&
		    parse(out, &back) && back == v;

	if (!good)
		printf("#   %s arg%u 0x%" PRIx64 ": \"%s\" reads as 0x%" PRIx64
		       "\n",
		       sys, idx, v, out, back);
	return good;
}

static void test_docker_values(void)
{
	static const char *const ns[] = {
		"CLONE_NEWNS",	   "CLONE_NEWUTS", "CLONE_NEWIPC",
		"CLONE_NEWUSER",   "CLONE_NEWPID", "CLONE_NEWNET",
		"CLONE_NEWCGROUP",
	};
	char copy[256], *save = NULL;
	unsigned seen = 0, words = 0;
	uint64_t or = 0, v;

	fmt("clone", 0, DOCKER_CLONE_MASK);
	strcpy(copy, out);
	for (char *w = strtok_r(copy, "|", &save); w;
	     w = strtok_r(NULL, "|", &save)) {
		words++;
		for (unsigned i = 0; i < 7; i++)
			if (strcmp(w, ns[i]) == 0)
				seen |= 1u << i;
		if (sc_const_value(w, strlen(w), &v))
			or |= v;
	}
	if (!ok(words == 7 && seen == 0x7f,
		"Docker's clone mask is the 7 CLONE_NEW* names"))
		printf("#   got \"%s\"\n", out);
	is_int(or, DOCKER_CLONE_MASK, "their OR is 2114060288");
	ok(round_trip("clone", 1, DOCKER_CLONE_MASK) &&
		   strncmp(out, "CLONE_", 6) == 0,
	   "clone arg1 (s390) too: %s", out);
	is_str(fmt("clone", 0, 0), "0", "clone's masked value 0");

	is_str(fmt("socket", 0, 40), "AF_VSOCK", "socket 40");
	is_str(fmt("socket", 0, 16), "AF_NETLINK", "socket 16");
	is_str(fmt("socket", 0, 38), "AF_ALG", "socket 38");
	is_str(fmt("socket", 0, 39), "AF_NFC", "socket 39");
	is_str(fmt("socket", 0, 1), "AF_UNIX", "AF_UNIX, not AF_LOCAL");
	is_str(fmt("socket", 2, 9), "9", "socket arg2 stays a number");

	is_str(fmt("personality", 0, 0), "PER_LINUX", "personality 0");
	is_str(fmt("personality", 0, 8), "PER_LINUX32", "personality 8");
	is_str(fmt("personality", 0, 131072), "UNAME26", "personality 0x20000");
	is_str(fmt("personality", 0, 131080), "PER_LINUX32|UNAME26",
	       "personality 0x20008");
	is_str(fmt("personality", 0, 0xffffffff), "0xffffffff",
	       "personality 0xffffffff stays a number");
}

static void test_format(void)
{
	is_str(fmt("clone", 0, CLONE_NEWNS | 0x80000000000ull), "0x80000020000",
	       "an unknown clone bit: a number");
	is_str(fmt("unshare", 0, CLONE_NEWNS | 1), "0x20001",
	       "unshare has no exit signal");
	is_str(fmt("clone", 0, CLONE_NEWUSER | SIGCHLD),
	       "CLONE_NEWUSER|SIGCHLD", "clone's exit signal by name, last");
	is_str(fmt("clone", 0, CLONE_VM | 66), "CLONE_VM|66",
	       "an unnamed exit signal as a number");
	is_str(fmt("clone", 0, SIGCHLD), "SIGCHLD", "only an exit signal");
	is_str(fmt("personality", 0, 0x80000008), "0x80000008",
	       "an unknown personality bit: a number");
	is_str(fmt("personality", 0, 0x42), "66", "an unknown persona");
	is_str(fmt("personality", 0, PER_SVR4), "PER_SVR4", "PER_SVR4");
	is_str(fmt("socket", 0, 200), "200", "an unknown family");
	is_str(fmt("socket", 1, SOCK_STREAM), "SOCK_STREAM", "SOCK_STREAM");
	is_str(fmt("socket", 1, SOCK_DGRAM | SOCK_CLOEXEC),
	       "SOCK_DGRAM|SOCK_CLOEXEC", "a type and a flag");
	is_str(fmt("socket", 1, SOCK_STREAM | 0x100), "0x101",
	       "a type and an unknown flag");
	is_str(fmt("accept4", 3, SOCK_NONBLOCK), "SOCK_NONBLOCK", "accept4");
	is_str(fmt("ioctl", 1, TCGETS), "TCGETS", "TCGETS");
	is_str(fmt("ioctl", 1, TIOCSTI), "TIOCSTI", "TIOCSTI");
	is_str(fmt("ioctl", 1, FIONREAD), "FIONREAD", "FIONREAD, not TIOCINQ");
	is_str(fmt("ioctl", 0, TCGETS), "0x5401", "ioctl arg0 is a number");
	is_str(fmt("mprotect", 2, 0), "PROT_NONE", "PROT_NONE");
	is_str(fmt("mmap", 2, PROT_READ | PROT_WRITE), "PROT_READ|PROT_WRITE",
	       "PROT_READ|PROT_WRITE");
	is_str(fmt("mmap", 3, MAP_PRIVATE | MAP_ANONYMOUS),
	       "MAP_PRIVATE|MAP_ANONYMOUS", "MAP_PRIVATE|MAP_ANONYMOUS");
	is_str(fmt("mmap", 3, 0), "0", "no mmap flags");
	is_str(fmt("openat", 2, O_RDONLY), "O_RDONLY", "O_RDONLY");
	is_str(fmt("openat", 2, O_ACCMODE), "O_ACCMODE", "O_ACCMODE as a mask");
	is_str(fmt("openat", 2, O_SYNC), "O_SYNC", "O_SYNC, not O_DSYNC|...");
	is_str(fmt("open", 1, O_WRONLY | O_CREAT | O_TRUNC),
	       "O_WRONLY|O_CREAT|O_TRUNC", "open's flags");
	is_str(fmt("openat", 0, (uint64_t)AT_FDCWD), "AT_FDCWD", "AT_FDCWD");
	is_str(fmt("unlinkat", 2, AT_REMOVEDIR), "AT_REMOVEDIR",
	       "AT_REMOVEDIR");
	is_str(fmt("prctl", 0, PR_SET_NO_NEW_PRIVS), "PR_SET_NO_NEW_PRIVS",
	       "PR_SET_NO_NEW_PRIVS");
	is_str(fmt("prctl", 0, 0), "0", "prctl 0");
	is_str(fmt("fcntl", 1, F_SETFL), "F_SETFL", "F_SETFL");
	is_str(fmt("kill", 1, SIGKILL), "SIGKILL", "SIGKILL");
	is_str(fmt("tgkill", 2, SIGIO), "SIGIO", "SIGIO, not SIGPOLL");
	is_str(fmt("madvise", 2, MADV_DONTNEED), "MADV_DONTNEED",
	       "MADV_DONTNEED");
	is_str(fmt("sendto", 3, MSG_DONTWAIT | MSG_NOSIGNAL),
	       "MSG_DONTWAIT|MSG_NOSIGNAL", "MSG_*");
	is_str(fmt("seccomp", 0, 1), "SECCOMP_SET_MODE_FILTER", "seccomp op");

	is_str(fmt("read", 0, 255), "255", "255 in decimal");
	is_str(fmt("read", 0, 256), "0x100", "256 in hex");
	is_str(fmt("read", 0, UINT64_MAX), "0xffffffffffffffff", "2^64-1");
	is_str(fmt(NULL, 0, 3), "3", "no syscall");
	is_str(fmt("socket", 6, 40), "40", "an index past the arguments");

	char small[6];

	is_int(sc_const_format("socket", 0, 40, small, sizeof(small)), 8,
	       "snprintf's result when the buffer is short");
	is_str(small, "AF_VS", "a short buffer is cut and terminated");
	is_int(sc_const_format("socket", 0, 40, NULL, 0), 8, "size 0");
}

/* Values built from each argument's names, and random bits: named or not,
 * each reads back to the same number. */
static void test_round_trips(void)
{
	static const struct {
		const char *sys;
		unsigned idx;
		uint64_t bits[8];
	} cases[] = {
		{ "clone",
		  0,
		  { CLONE_NEWNS, CLONE_NEWUSER, CLONE_VM, SIGCHLD, CLONE_THREAD,
		    CLONE_SETTLS, 0x80000000, CLONE_PARENT_SETTID } },
		{ "clone", 1, { CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWIPC } },
		{ "unshare",
		  0,
		  { CLONE_NEWNS, CLONE_NEWUSER, CLONE_FILES, CLONE_FS,
		    CLONE_SYSVSEM, 0x80 } },
		{ "setns", 1, { CLONE_NEWNET, CLONE_NEWUTS } },
		{ "socket", 0, { 1, 2, 8, 16, 32 } },
		{ "socket",
		  1,
		  { SOCK_STREAM, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_CLOEXEC,
		    SOCK_SEQPACKET } },
		{ "socketpair", 1, { SOCK_STREAM, SOCK_CLOEXEC } },
		{ "personality",
		  0,
		  { PER_LINUX32, UNAME26, ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC,
		    STICKY_TIMEOUTS, 1, 0x80000000 } },
		{ "ioctl", 1, { TCGETS, TIOCSTI, FIONREAD, TIOCGWINSZ } },
		{ "mmap", 2, { PROT_READ, PROT_WRITE, PROT_EXEC } },
		{ "mprotect", 2, { PROT_READ, PROT_EXEC, PROT_GROWSDOWN } },
		{ "mmap",
		  3,
		  { MAP_SHARED, MAP_PRIVATE, MAP_FIXED, MAP_ANONYMOUS,
		    MAP_STACK, MAP_NORESERVE, MAP_HUGETLB } },
		{ "open",
		  1,
		  { O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_CLOEXEC,
		    O_TMPFILE, O_SYNC } },
		{ "openat",
		  2,
		  { O_RDWR, O_NONBLOCK, O_DIRECTORY, O_NOFOLLOW, O_PATH,
		    O_APPEND, O_DSYNC } },
		{ "openat", 0, { (uint64_t)AT_FDCWD, 3 } },
		{ "pipe2", 1, { O_CLOEXEC, O_NONBLOCK, O_DIRECT } },
		{ "newfstatat",
		  3,
		  { AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_NO_AUTOMOUNT } },
		{ "prctl", 0, { PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, 0x100 } },
		{ "fcntl", 1, { F_SETFD, F_GETFL, 1024 } },
		{ "kill", 1, { SIGKILL, SIGTERM, SIGSTOP } },
		{ "madvise", 2, { MADV_DONTNEED, MADV_FREE, 100 } },
		{ "sendmsg",
		  2,
		  { MSG_DONTWAIT, MSG_NOSIGNAL, MSG_MORE, MSG_CMSG_CLOEXEC } },
		{ "seccomp", 1, { 1, 2, 4, 8 } },
		{ "write", 2, { 1, 0x1000, 0x80000000 } },
	};
	uint64_t rng = 0x9e3779b97f4a7c15ull;
	unsigned total = 0, failed = 0, named = 0;

	for (size_t c = 0; c < SC_ARRAY_SIZE(cases); c++) {
		unsigned nbits = 0;

		while (nbits < 8 && cases[c].bits[nbits])
			nbits++;
		/* Every subset of the names, then random values. */
		for (unsigned m = 0; m < (1u << nbits) + 64; m++) {
			uint64_t v = 0;

			if (m < (1u << nbits)) {
				for (unsigned b = 0; b < nbits; b++)
					if (m & (1u << b))
						v |= cases[c].bits[b];
			} else {
				rng ^= rng << 13;
				rng ^= rng >> 7;
				rng ^= rng << 17;
				v = rng >> (m % 64);
			}
			total++;
			if (!round_trip(cases[c].sys, cases[c].idx, v))
				failed++;
			else if (!isdigit((unsigned char)out[0]))
				named++;
		}
	}
	is_int(failed, 0, "%u values read back to themselves", total);
	ok(named > total / 4, "%u of them in words", named);
}

int main(void)
{
	test_families();
	test_lookup_edges();
	test_errno();
	test_docker_values();
	test_format();
	test_round_trips();
	return tap_done();
}
