/* SPDX-License-Identifier: Apache-2.0 */
/* Named groups of system calls for the INI profile format, so that a profile
 * can say "syscalls = @basic-io @file-system" the way a systemd unit says
 * SystemCallFilter=. Names and members follow systemd's syscall_filter_sets
 * (src/shared/seccomp-util.c, main branch of late 2025: open_tree is in
 * @file-system, open_tree_attr in @mount); the tables are our own and hold
 * only data: no allocation, nothing to free.
 *
 * Where syscage differs from systemd:
 *  - @default is syscage's own: what a dynamically linked glibc 2.36 program
 *    (Debian 12) calls after main() to allocate, start and join threads
 *    (clone3, and clone when clone3 fails with ENOSYS), handle signals, read
 *    the clock, read its environment, write to stdout/stderr and exit;
 *    measured with strace -f from main() on (small C programs, python3, sh,
 *    coreutils). It is not systemd's "always permitted" set and has no
 *    execve, openat, ioctl, mount, ptrace or bpf. So under @default alone:
 *    stdout on a terminal is fully buffered (isatty's ioctl fails),
 *    localtime() is UTC (/etc/localtime cannot be opened), and
 *    pthread_exit/pthread_cancel fail to load libgcc_s. Groups cannot
 *    filter arguments: clone also forks, tgkill and prlimit64 also reach
 *    other processes.
 *  - @system-service lists the members of systemd's @default that ours lacks
 *    (execve, arch_prctl, set_tid_address, @sandbox, ...), so that it still
 *    expands to what systemd's does.
 *  - There is no @known (every syscall the kernel declares).
 *  - Members are syscall names for every architecture, as in systemd. Some
 *    are unknown to libseccomp 2.5.4 (Debian 12), which the INI compiler
 *    skips: lsm_get_self_attr, lsm_list_modules, mseal, riscv_hwprobe and
 *    uretprobe (@system-service); file_getattr, file_setattr, fstatat,
 *    getxattrat, listmount, listxattrat, newfstat, removexattrat,
 *    setxattrat and statmount (@file-system); open_tree_attr (@mount);
 *    llseek (@basic-io). */
#include "groups.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

static const char *const g_default[] = {
	/* memory: malloc, thread stacks, arenas */
	"brk", "mmap", "mmap2", "munmap", "mremap", "mprotect", "madvise",
	/* threads: pthread_create (clone3, clone when clone3 is ENOSYS),
	 * pthread_join, locks, thread exit; arenas count CPUs */
	"clone", "clone3", "exit", "futex", "futex_time64", "set_robust_list",
	"rseq", "sched_yield", "sched_getaffinity",
	/* signals: signal(), sigprocmask, raise() and abort() */
	"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigreturn",
	"restart_syscall", "tgkill",
	/* stdio on the descriptors it already has (fstat sizes the buffer) */
	"read", "write", "writev", "lseek", "_llseek", "close", "fstat",
	"fstat64", "newfstatat", "fstatat64", "statx",
	/* time: the vDSO's fallbacks, sleeping, clock() */
	"clock_gettime", "clock_gettime64", "clock_getres",
	"clock_getres_time64", "gettimeofday", "time", "nanosleep",
	"clock_nanosleep", "clock_nanosleep_time64",
	/* identity, limits, malloc's tcache key and arc4random, qsort */
	"getpid", "getppid", "gettid", "getuid", "geteuid", "getgid", "getegid",
	"getuid32", "geteuid32", "getgid32", "getegid32", "getrlimit",
	"ugetrlimit", "prlimit64", "getrandom", "sysinfo",
	/* and the end */
	"exit_group", NULL
};

/* clang-format off */
static const char *const g_aio[] = {
	"io_cancel", "io_destroy", "io_getevents", "io_pgetevents",
	"io_pgetevents_time64", "io_setup", "io_submit", "io_uring_enter",
	"io_uring_register", "io_uring_setup", NULL
};

static const char *const g_basic_io[] = {
	"_llseek", "close", "close_range", "dup", "dup2", "dup3", "llseek",
	"lseek", "pread64", "preadv", "preadv2", "pwrite64", "pwritev",
	"pwritev2", "read", "readv", "write", "writev", NULL
};

static const char *const g_chown[] = {
	"chown", "chown32", "fchown", "fchown32", "fchownat", "lchown",
	"lchown32", NULL
};

static const char *const g_clock[] = {
	"adjtimex", "clock_adjtime", "clock_adjtime64", "clock_settime",
	"clock_settime64", "settimeofday", NULL
};

static const char *const g_cpu_emulation[] = {
	"modify_ldt", "subpage_prot", "switch_endian", "vm86", "vm86old", NULL
};

static const char *const g_debug[] = {
	"lookup_dcookie", "perf_event_open", "pidfd_getfd", "ptrace", "rtas",
	"s390_runtime_instr", "sys_debug_setcontext", NULL
};

static const char *const g_file_system[] = {
	"access", "chdir", "chmod", "close", "creat", "faccessat", "faccessat2",
	"fallocate", "fchdir", "fchmod", "fchmodat", "fchmodat2", "fcntl",
	"fcntl64", "fgetxattr", "file_getattr", "file_setattr", "flistxattr",
	"fremovexattr", "fsetxattr", "fstat", "fstat64", "fstatat", "fstatat64",
	"fstatfs", "fstatfs64", "ftruncate", "ftruncate64", "futimesat",
	"getcwd", "getdents", "getdents64", "getxattr", "getxattrat",
	"inotify_add_watch", "inotify_init", "inotify_init1",
	"inotify_rm_watch", "lgetxattr", "link", "linkat", "listmount",
	"listxattr", "listxattrat", "llistxattr", "lremovexattr", "lsetxattr",
	"lstat", "lstat64", "mkdir", "mkdirat", "mknod", "mknodat", "newfstat",
	"newfstatat", "oldfstat", "oldlstat", "oldstat", "open", "open_tree",
	"openat", "openat2", "readlink", "readlinkat", "removexattr",
	"removexattrat", "rename", "renameat", "renameat2", "rmdir", "setxattr",
	"setxattrat", "stat", "stat64", "statfs", "statfs64", "statmount",
	"statx", "symlink", "symlinkat", "truncate", "truncate64", "unlink",
	"unlinkat", "utime", "utimensat", "utimensat_time64", "utimes", NULL
};

static const char *const g_io_event[] = {
	"_newselect", "epoll_create", "epoll_create1", "epoll_ctl",
	"epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
	"epoll_wait_old", "eventfd", "eventfd2", "poll", "ppoll",
	"ppoll_time64", "pselect6", "pselect6_time64", "select", NULL
};

static const char *const g_ipc[] = {
	"ipc", "memfd_create", "mq_getsetattr", "mq_notify", "mq_open",
	"mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend",
	"mq_timedsend_time64", "mq_unlink", "msgctl", "msgget", "msgrcv",
	"msgsnd", "pipe", "pipe2", "process_madvise", "process_vm_readv",
	"process_vm_writev", "semctl", "semget", "semop", "semtimedop",
	"semtimedop_time64", "shmat", "shmctl", "shmdt", "shmget", NULL
};

static const char *const g_keyring[] = {
	"add_key", "keyctl", "request_key", NULL
};

static const char *const g_memlock[] = {
	"mlock", "mlock2", "mlockall", "munlock", "munlockall", NULL
};

static const char *const g_module[] = {
	"delete_module", "finit_module", "init_module", NULL
};

static const char *const g_mount[] = {
	"chroot", "fsconfig", "fsmount", "fsopen", "fspick", "mount",
	"mount_setattr", "move_mount", "open_tree_attr", "pivot_root", "umount",
	"umount2", NULL
};

static const char *const g_network_io[] = {
	"accept", "accept4", "bind", "connect", "getpeername", "getsockname",
	"getsockopt", "listen", "recv", "recvfrom", "recvmmsg",
	"recvmmsg_time64", "recvmsg", "send", "sendmmsg", "sendmsg", "sendto",
	"setsockopt", "shutdown", "socket", "socketcall", "socketpair", NULL
};

static const char *const g_obsolete[] = {
	"_sysctl", "afs_syscall", "bdflush", "break", "create_module", "ftime",
	"get_kernel_syms", "getpmsg", "gtty", "idle", "lock", "mpx", "prof",
	"profil", "putpmsg", "query_module", "security", "sgetmask", "ssetmask",
	"stime", "stty", "sysfs", "tuxcall", "ulimit", "uselib", "ustat",
	"vserver", NULL
};

static const char *const g_pkey[] = {
	"pkey_alloc", "pkey_free", "pkey_mprotect", NULL
};

/* The uid changes one by one: @setuid also has setgid(), which needs no
 * privilege. */
static const char *const g_privileged[] = {
	"@chown", "@clock", "@module", "@raw-io", "@reboot", "@swap", "_sysctl",
	"acct", "bpf", "capset", "chroot", "fanotify_init", "fanotify_mark",
	"nfsservctl", "open_by_handle_at", "pivot_root", "quotactl",
	"quotactl_fd", "setdomainname", "setfsuid", "setfsuid32", "setgroups",
	"setgroups32", "sethostname", "setresuid", "setresuid32", "setreuid",
	"setreuid32", "setuid", "setuid32", "vhangup", NULL
};

static const char *const g_process[] = {
	"capget", "clone", "clone3", "execveat", "fork", "getrusage", "kill",
	"pidfd_open", "pidfd_send_signal", "prctl", "rt_sigqueueinfo",
	"rt_tgsigqueueinfo", "setns", "swapcontext", "tgkill", "times", "tkill",
	"unshare", "vfork", "wait4", "waitid", "waitpid", NULL
};

static const char *const g_raw_io[] = {
	"ioperm", "iopl", "pciconfig_iobase", "pciconfig_read",
	"pciconfig_write", "s390_pci_mmio_read", "s390_pci_mmio_write", NULL
};

static const char *const g_reboot[] = {
	"kexec_file_load", "kexec_load", "reboot", NULL
};

static const char *const g_resources[] = {
	"ioprio_set", "mbind", "migrate_pages", "move_pages", "nice",
	"sched_setaffinity", "sched_setattr", "sched_setparam",
	"sched_setscheduler", "set_mempolicy", "set_mempolicy_home_node",
	"setpriority", "setrlimit", NULL
};

static const char *const g_sandbox[] = {
	"landlock_add_rule", "landlock_create_ruleset",
	"landlock_restrict_self", "seccomp", NULL
};

static const char *const g_setuid[] = {
	"setgid", "setgid32", "setgroups", "setgroups32", "setregid",
	"setregid32", "setresgid", "setresgid32", "setresuid", "setresuid32",
	"setreuid", "setreuid32", "setuid", "setuid32", NULL
};

static const char *const g_signal[] = {
	"rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigsuspend",
	"rt_sigtimedwait", "rt_sigtimedwait_time64", "sigaction", "sigaltstack",
	"signal", "signalfd", "signalfd4", "sigpending", "sigprocmask",
	"sigsuspend", NULL
};

static const char *const g_swap[] = {
	"swapoff", "swapon", NULL
};

static const char *const g_sync[] = {
	"fdatasync", "fsync", "msync", "sync", "sync_file_range",
	"sync_file_range2", "syncfs", NULL
};

static const char *const g_system_service[] = {
	"@aio", "@basic-io", "@chown", "@default", "@file-system", "@io-event",
	"@ipc", "@keyring", "@memlock", "@network-io", "@process", "@resources",
	"@setuid", "@signal", "@sync", "@timer", "arm_fadvise64_64", "capget",
	"capset", "copy_file_range", "fadvise64", "fadvise64_64", "flock",
	"get_mempolicy", "getcpu", "getpriority", "ioctl", "ioprio_get", "kcmp",
	"madvise", "mremap", "name_to_handle_at", "oldolduname", "olduname",
	"personality", "readahead", "readdir", "remap_file_pages",
	"sched_get_priority_max", "sched_get_priority_min", "sched_getaffinity",
	"sched_getattr", "sched_getparam", "sched_getscheduler",
	"sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_yield",
	"sendfile", "sendfile64", "setfsgid", "setfsgid32", "setfsuid",
	"setfsuid32", "setpgid", "setsid", "splice", "sysinfo", "tee", "umask",
	"uname", "userfaultfd", "vmsplice",
	/* systemd's @default, less what ours already has */
	"@sandbox", "arch_prctl", "cacheflush", "execve", "futex_waitv",
	"get_robust_list", "get_thread_area", "getgroups", "getgroups32",
	"getpgid", "getpgrp", "getresgid", "getresgid32", "getresuid",
	"getresuid32", "getsid", "lsm_get_self_attr", "lsm_list_modules",
	"membarrier", "mseal", "pause", "riscv_flush_icache", "riscv_hwprobe",
	"set_thread_area", "set_tid_address", "set_tls", "uretprobe", NULL
};

static const char *const g_timer[] = {
	"alarm", "getitimer", "setitimer", "timer_create", "timer_delete",
	"timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime",
	"timer_settime64", "timerfd_create", "timerfd_gettime",
	"timerfd_gettime64", "timerfd_settime", "timerfd_settime64", "times",
	NULL
};
/* clang-format on */

static const struct sc_group groups[] = {
	{ "@default",
	  "What glibc needs after main(): memory, threads, signals, clocks, "
	  "stdio on open files, exit",
	  g_default },
	{ "@aio", "Asynchronous I/O (POSIX AIO, io_uring)", g_aio },
	{ "@basic-io", "Reading, writing, seeking and closing open files",
	  g_basic_io },
	{ "@chown", "Changing the owner of files", g_chown },
	{ "@clock", "Setting the system clock", g_clock },
	{ "@cpu-emulation", "CPU emulation (vm86, LDT, endianness)",
	  g_cpu_emulation },
	{ "@debug", "Debugging, tracing and performance monitoring", g_debug },
	{ "@file-system", "File and directory operations by path or fd",
	  g_file_system },
	{ "@io-event", "Event loops: poll, select, epoll, eventfd",
	  g_io_event },
	{ "@ipc", "Pipes, SysV IPC, POSIX message queues, cross-process memory",
	  g_ipc },
	{ "@keyring", "The kernel keyring", g_keyring },
	{ "@memlock", "Locking memory into RAM", g_memlock },
	{ "@module", "Loading and unloading kernel modules", g_module },
	{ "@mount", "Mounting, unmounting and changing the root", g_mount },
	{ "@network-io", "Socket I/O, network and Unix", g_network_io },
	{ "@obsolete", "Obsolete, unusual or unimplemented calls", g_obsolete },
	{ "@pkey", "Memory protection keys", g_pkey },
	{ "@privileged", "Calls that need super-user capabilities",
	  g_privileged },
	{ "@process", "Processes: creation, execution, killing, namespaces",
	  g_process },
	{ "@raw-io", "Raw I/O port and PCI config access", g_raw_io },
	{ "@reboot", "Rebooting and loading a new kernel", g_reboot },
	{ "@resources", "Changing priorities, limits and memory policy",
	  g_resources },
	{ "@sandbox", "Sandboxing oneself: seccomp and Landlock", g_sandbox },
	{ "@setuid", "Changing user and group credentials", g_setuid },
	{ "@signal", "Handling and waiting for signals", g_signal },
	{ "@swap", "Enabling and disabling swap", g_swap },
	{ "@sync", "Flushing files and memory to storage", g_sync },
	{ "@system-service", "What a typical system service needs",
	  g_system_service },
	{ "@timer", "Timers and alarms", g_timer },
};

#define N_GROUPS SC_ARRAY_SIZE(groups)

/* A walk marks the groups it has entered in one 64-bit set. */
_Static_assert(N_GROUPS <= 64, "more groups than a walk can track");

const struct sc_group *sc_group_find(const char *name)
{
	size_t i;

	if (!name || name[0] != '@')
		return NULL;
	for (i = 0; i < N_GROUPS; i++)
		if (strcmp(groups[i].name, name) == 0)
			return &groups[i];
	return NULL;
}

const struct sc_group *sc_groups(size_t *n)
{
	if (n)
		*n = N_GROUPS;
	return groups;
}

typedef int (*visit_fn)(const char *name, void *data);

/* The bit of @g in a walk's set; 0 for a group not from the table. */
static uint64_t bit(const struct sc_group *g)
{
	size_t i;

	for (i = 0; i < N_GROUPS; i++)
		if (g == &groups[i])
			return UINT64_C(1) << i;
	return 0;
}

/* Calls @fn for every syscall name under @g in table order, entering each
 * nested group once (diamonds and cycles end there); names met twice are
 * passed twice. Unknown nested groups are skipped. */
static int walk(const struct sc_group *g, uint64_t *entered, visit_fn fn,
		void *data)
{
	const char *const *m;
	int rc;

	*entered |= bit(g);
	for (m = g->members; m && *m; m++) {
		if ((*m)[0] == '@') {
			const struct sc_group *sub = sc_group_find(*m);

			if (!sub || (*entered & bit(sub)))
				continue;
			rc = walk(sub, entered, fn, data);
		} else {
			rc = fn(*m, data);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Looks for @name among the first @left names of a walk. */
struct seek {
	const char *name;
	size_t left;
};

static int seek_visit(const char *name, void *data)
{
	struct seek *s = data;

	if (s->left == 0)
		return 2; /* not before: stop */
	s->left--;
	return strcmp(name, s->name) == 0;
}

struct expand {
	const struct sc_group *g;
	int (*fn)(const char *name, void *data);
	void *data;
	size_t pos; /* names walked so far */
};

/* Passes a name on only at its first place in the walk: a second walk up
 * to here looks for it, which keeps the tables free of bookkeeping at the
 * price of quadratic time (a few hundred names at most). */
static int expand_visit(const char *name, void *data)
{
	struct expand *x = data;
	struct seek s = { name, x->pos++ };
	uint64_t entered = 0;

	if (walk(x->g, &entered, seek_visit, &s) == 1)
		return 0;
	return x->fn(name, x->data);
}

int sc_group_expand(const struct sc_group *g,
		    int (*fn)(const char *name, void *data), void *data)
{
	struct expand x = { g, fn, data, 0 };
	uint64_t entered = 0;

	if (!g)
		return 0;
	return walk(g, &entered, expand_visit, &x);
}
