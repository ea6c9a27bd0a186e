/* SPDX-License-Identifier: Apache-2.0 */
/* Named constants for the INI language and for writing profiles back in
 * words. Profiles compare syscall arguments with numbers such as 2114060288
 * (Docker's clone mask) or 40 (a socket family): users should be able to
 * write and read CLONE_NEWNS|CLONE_NEWUTS|... and AF_VSOCK instead. Every
 * value comes from the system headers at build time, so the names mean what
 * the kernel and libc of the build mean. Each table is one family; a family
 * is an enum (one name per value, the first one written) or a set of flags
 * (an OR of names; names with several bits come before their parts). Aliases
 * follow their canonical name, so reading accepts both and writing gives the
 * common one. Writing uses names only when they give back the exact value. */
#include "consts.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/netlink.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <termios.h>

struct konst {
	const char *name;
	uint64_t value;
};

/* Tables by hand: clang-format would give each name its own line. */
/* clang-format off */
#define C(x) { #x, (uint64_t)(x) }

static const struct konst af[] = {
	C(AF_UNSPEC), C(AF_UNIX), C(AF_LOCAL), C(AF_FILE), C(AF_INET),
	C(AF_AX25), C(AF_IPX), C(AF_APPLETALK), C(AF_NETROM), C(AF_BRIDGE),
	C(AF_ATMPVC), C(AF_X25), C(AF_INET6), C(AF_ROSE), C(AF_DECnet),
	C(AF_NETBEUI), C(AF_SECURITY), C(AF_KEY), C(AF_NETLINK), C(AF_ROUTE),
	C(AF_PACKET), C(AF_ASH), C(AF_ECONET), C(AF_ATMSVC), C(AF_RDS),
	C(AF_SNA), C(AF_IRDA), C(AF_PPPOX), C(AF_WANPIPE), C(AF_LLC), C(AF_CAN),
	C(AF_TIPC), C(AF_BLUETOOTH), C(AF_IUCV), C(AF_RXRPC), C(AF_ISDN),
	C(AF_PHONET), C(AF_IEEE802154), C(AF_CAIF), C(AF_ALG), C(AF_NFC),
	C(AF_VSOCK), C(AF_IB), C(AF_MPLS), C(AF_KCM), C(AF_QIPCRTR), C(AF_SMC),
	C(AF_XDP),
#ifdef AF_MCTP
	C(AF_MCTP),
#endif
};

/* The type is the low 4 bits of socket()'s second argument (the kernel's
 * SOCK_TYPE_MASK); the flags are the rest. */
#define SOCK_TYPE_BITS 0xf
static const struct konst sock_type[] = {
	C(SOCK_STREAM), C(SOCK_DGRAM), C(SOCK_RAW), C(SOCK_RDM),
	C(SOCK_SEQPACKET), C(SOCK_DCCP), C(SOCK_PACKET),
};
static const struct konst sock_flag[] = { C(SOCK_NONBLOCK), C(SOCK_CLOEXEC) };

static const struct konst msg[] = {
	C(MSG_OOB), C(MSG_PEEK), C(MSG_DONTROUTE), C(MSG_TRYHARD),
	C(MSG_CTRUNC), C(MSG_PROXY), C(MSG_TRUNC), C(MSG_DONTWAIT), C(MSG_EOR),
	C(MSG_WAITALL), C(MSG_FIN), C(MSG_SYN), C(MSG_CONFIRM), C(MSG_RST),
	C(MSG_ERRQUEUE), C(MSG_NOSIGNAL), C(MSG_MORE), C(MSG_WAITFORONE),
	C(MSG_FASTOPEN), C(MSG_CMSG_CLOEXEC), C(MSG_BATCH), C(MSG_ZEROCOPY),
};

/* clone()'s low byte is the exit signal (CSIGNAL), not a flag: CLONE_NEWTIME
 * (0x80) is only for unshare(), setns() and clone3(). */
static const struct konst clone_flag[] = {
	C(CLONE_VM), C(CLONE_FS), C(CLONE_FILES), C(CLONE_SIGHAND),
	C(CLONE_PTRACE), C(CLONE_VFORK), C(CLONE_PARENT), C(CLONE_THREAD),
	C(CLONE_NEWNS), C(CLONE_SYSVSEM), C(CLONE_SETTLS),
	C(CLONE_PARENT_SETTID), C(CLONE_CHILD_CLEARTID), C(CLONE_DETACHED),
	C(CLONE_UNTRACED), C(CLONE_CHILD_SETTID), C(CLONE_NEWCGROUP),
	C(CLONE_NEWUTS), C(CLONE_NEWIPC), C(CLONE_NEWUSER), C(CLONE_NEWPID),
	C(CLONE_NEWNET), C(CLONE_IO),
#ifdef CLONE_PIDFD
	C(CLONE_PIDFD),
#endif
#ifdef CLONE_NEWTIME
	C(CLONE_NEWTIME),
#endif
#ifdef CLONE_CLEAR_SIGHAND
	C(CLONE_CLEAR_SIGHAND),
#endif
#ifdef CLONE_INTO_CGROUP
	C(CLONE_INTO_CGROUP),
#endif
};

static const struct konst o_acc[] = {
	C(O_RDONLY), C(O_WRONLY), C(O_RDWR), C(O_ACCMODE),
};
/* O_SYNC contains O_DSYNC and O_TMPFILE contains O_DIRECTORY. O_LARGEFILE
 * is 0 where libc does not pass it (64-bit ABIs). */
static const struct konst o_flag[] = {
	C(O_CREAT), C(O_EXCL), C(O_NOCTTY), C(O_TRUNC), C(O_APPEND),
	C(O_NONBLOCK), C(O_NDELAY), C(O_SYNC), C(O_FSYNC), C(O_RSYNC),
	C(O_DSYNC), C(O_ASYNC), C(O_DIRECT), C(O_LARGEFILE), C(O_TMPFILE),
	C(O_DIRECTORY), C(O_NOFOLLOW), C(O_NOATIME), C(O_CLOEXEC), C(O_PATH),
};

/* AT_EACCESS (faccessat) shares AT_REMOVEDIR's bit (unlinkat). */
static const struct konst at_fd[] = { C(AT_FDCWD) };
static const struct konst at_flag[] = {
	C(AT_SYMLINK_NOFOLLOW), C(AT_REMOVEDIR), C(AT_EACCESS),
	C(AT_SYMLINK_FOLLOW), C(AT_NO_AUTOMOUNT), C(AT_EMPTY_PATH),
	C(AT_STATX_SYNC_AS_STAT), C(AT_STATX_FORCE_SYNC), C(AT_STATX_DONT_SYNC),
#ifdef AT_RECURSIVE
	C(AT_RECURSIVE),
#endif
};

static const struct konst prot[] = {
	C(PROT_NONE), C(PROT_READ), C(PROT_WRITE), C(PROT_EXEC),
	C(PROT_GROWSDOWN), C(PROT_GROWSUP),
#ifdef PROT_BTI
	C(PROT_BTI),
#endif
#ifdef PROT_MTE
	C(PROT_MTE),
#endif
};

static const struct konst map[] = {
	C(MAP_SHARED_VALIDATE), C(MAP_SHARED), C(MAP_PRIVATE), C(MAP_FIXED),
	C(MAP_ANONYMOUS), C(MAP_ANON), C(MAP_FILE), C(MAP_GROWSDOWN),
	C(MAP_DENYWRITE), C(MAP_EXECUTABLE), C(MAP_LOCKED), C(MAP_NORESERVE),
	C(MAP_POPULATE), C(MAP_NONBLOCK), C(MAP_STACK), C(MAP_HUGETLB),
#ifdef MAP_32BIT
	C(MAP_32BIT),
#endif
#ifdef MAP_SYNC
	C(MAP_SYNC),
#endif
	C(MAP_FIXED_NOREPLACE),
};

static const struct konst madv[] = {
	C(MADV_NORMAL), C(MADV_RANDOM), C(MADV_SEQUENTIAL), C(MADV_WILLNEED),
	C(MADV_DONTNEED), C(MADV_REMOVE), C(MADV_DONTFORK), C(MADV_DOFORK),
	C(MADV_MERGEABLE), C(MADV_UNMERGEABLE), C(MADV_HUGEPAGE),
	C(MADV_NOHUGEPAGE), C(MADV_DONTDUMP), C(MADV_DODUMP), C(MADV_HWPOISON),
	C(MADV_FREE), C(MADV_WIPEONFORK), C(MADV_KEEPONFORK),
#ifdef MADV_COLD
	C(MADV_COLD), C(MADV_PAGEOUT),
#endif
#ifdef MADV_POPULATE_READ
	C(MADV_POPULATE_READ), C(MADV_POPULATE_WRITE),
#endif
#ifdef MADV_DONTNEED_LOCKED
	C(MADV_DONTNEED_LOCKED),
#endif
#ifdef MADV_COLLAPSE
	C(MADV_COLLAPSE),
#endif
};

/* A persona is the low byte (PER_MASK) and optional flags above it; some
 * PER_* names are a persona with flags (PER_SVR4, PER_LINUX32_3GB). These
 * are enum constants in glibc, so they cannot be tested with #ifdef. */
static const struct konst per[] = {
	C(PER_LINUX), C(PER_LINUX_32BIT), C(PER_LINUX_FDPIC), C(PER_SVR4),
	C(PER_SVR3), C(PER_SCOSVR3), C(PER_OSR5), C(PER_WYSEV386), C(PER_ISCR4),
	C(PER_BSD), C(PER_SUNOS), C(PER_XENIX), C(PER_LINUX32),
	C(PER_LINUX32_3GB), C(PER_IRIX32), C(PER_IRIXN32), C(PER_IRIX64),
	C(PER_RISCOS), C(PER_SOLARIS), C(PER_UW7), C(PER_OSF4), C(PER_HPUX),
};
static const struct konst per_flag[] = {
	C(UNAME26), C(ADDR_NO_RANDOMIZE), C(FDPIC_FUNCPTRS), C(MMAP_PAGE_ZERO),
	C(ADDR_COMPAT_LAYOUT), C(READ_IMPLIES_EXEC), C(ADDR_LIMIT_32BIT),
	C(SHORT_INODE), C(WHOLE_SECONDS), C(STICKY_TIMEOUTS), C(ADDR_LIMIT_3GB),
};

/* Terminal and socket ioctl requests; TIOCSTI and TIOCLINUX are the ones
 * container profiles block. */
static const struct konst ioctl_req[] = {
	C(TCGETS), C(TCSETS), C(TCSETSW), C(TCSETSF), C(TCGETA), C(TCSETA),
	C(TCSETAW), C(TCSETAF), C(TCSBRK), C(TCSBRKP), C(TCXONC), C(TCFLSH),
	C(TIOCEXCL), C(TIOCNXCL), C(TIOCSCTTY), C(TIOCNOTTY), C(TIOCGPGRP),
	C(TIOCSPGRP), C(TIOCGSID), C(TIOCOUTQ), C(TIOCSTI), C(TIOCGWINSZ),
	C(TIOCSWINSZ), C(TIOCMGET), C(TIOCMBIS), C(TIOCMBIC), C(TIOCMSET),
	C(TIOCGSOFTCAR), C(TIOCSSOFTCAR), C(FIONREAD), C(TIOCINQ), C(TIOCLINUX),
	C(TIOCCONS), C(TIOCPKT), C(FIONBIO), C(TIOCSETD), C(TIOCGETD),
	C(TIOCSBRK), C(TIOCCBRK), C(TIOCGPTN), C(TIOCSPTLCK), C(FIONCLEX),
	C(FIOCLEX), C(FIOASYNC), C(FIOSETOWN), C(FIOGETOWN), C(SIOCATMARK),
	C(SIOCGPGRP), C(SIOCSPGRP), C(SIOCADDRT), C(SIOCDELRT), C(SIOCGIFNAME),
	C(SIOCGIFCONF), C(SIOCGIFFLAGS), C(SIOCSIFFLAGS), C(SIOCGIFADDR),
	C(SIOCSIFADDR), C(SIOCGIFNETMASK), C(SIOCGIFMTU), C(SIOCSIFMTU),
	C(SIOCGIFHWADDR), C(SIOCSIFHWADDR), C(SIOCGIFINDEX), C(SIOCSIFNAME),
	C(TIOCVHANGUP), C(TIOCGDEV), C(TIOCSIG), C(TIOCGPKT), C(TIOCGPTLCK),
	C(TIOCGEXCL), C(TIOCGPTPEER), C(FIOQSIZE),
};

/* prctl() options (its first argument), not their sub-operations. */
static const struct konst pr[] = {
	C(PR_SET_PDEATHSIG), C(PR_GET_PDEATHSIG), C(PR_GET_DUMPABLE),
	C(PR_SET_DUMPABLE), C(PR_GET_UNALIGN), C(PR_SET_UNALIGN),
	C(PR_GET_KEEPCAPS), C(PR_SET_KEEPCAPS), C(PR_GET_FPEMU),
	C(PR_SET_FPEMU), C(PR_GET_FPEXC), C(PR_SET_FPEXC), C(PR_GET_TIMING),
	C(PR_SET_TIMING), C(PR_SET_NAME), C(PR_GET_NAME), C(PR_GET_ENDIAN),
	C(PR_SET_ENDIAN), C(PR_GET_SECCOMP), C(PR_SET_SECCOMP),
	C(PR_CAPBSET_READ), C(PR_CAPBSET_DROP), C(PR_GET_TSC), C(PR_SET_TSC),
	C(PR_GET_SECUREBITS), C(PR_SET_SECUREBITS), C(PR_SET_TIMERSLACK),
	C(PR_GET_TIMERSLACK), C(PR_TASK_PERF_EVENTS_DISABLE),
	C(PR_TASK_PERF_EVENTS_ENABLE), C(PR_MCE_KILL), C(PR_MCE_KILL_GET),
	C(PR_SET_MM), C(PR_SET_PTRACER), C(PR_SET_CHILD_SUBREAPER),
	C(PR_GET_CHILD_SUBREAPER), C(PR_SET_NO_NEW_PRIVS),
	C(PR_GET_NO_NEW_PRIVS), C(PR_GET_TID_ADDRESS), C(PR_SET_THP_DISABLE),
	C(PR_GET_THP_DISABLE), C(PR_SET_FP_MODE), C(PR_GET_FP_MODE),
	C(PR_CAP_AMBIENT), C(PR_MPX_ENABLE_MANAGEMENT),
	C(PR_MPX_DISABLE_MANAGEMENT), C(PR_SVE_SET_VL), C(PR_SVE_GET_VL),
	C(PR_GET_SPECULATION_CTRL), C(PR_SET_SPECULATION_CTRL),
#ifdef PR_PAC_RESET_KEYS
	C(PR_PAC_RESET_KEYS),
#endif
#ifdef PR_SET_TAGGED_ADDR_CTRL
	C(PR_SET_TAGGED_ADDR_CTRL), C(PR_GET_TAGGED_ADDR_CTRL),
#endif
#ifdef PR_SET_IO_FLUSHER
	C(PR_SET_IO_FLUSHER), C(PR_GET_IO_FLUSHER),
#endif
#ifdef PR_SET_SYSCALL_USER_DISPATCH
	C(PR_SET_SYSCALL_USER_DISPATCH),
#endif
#ifdef PR_PAC_SET_ENABLED_KEYS
	C(PR_PAC_SET_ENABLED_KEYS), C(PR_PAC_GET_ENABLED_KEYS),
#endif
#ifdef PR_SCHED_CORE
	C(PR_SCHED_CORE),
#endif
#ifdef PR_SME_SET_VL
	C(PR_SME_SET_VL), C(PR_SME_GET_VL),
#endif
#ifdef PR_SET_MDWE
	C(PR_SET_MDWE), C(PR_GET_MDWE),
#endif
#ifdef PR_SET_VMA
	C(PR_SET_VMA),
#endif
#ifdef PR_GET_AUXV
	C(PR_GET_AUXV),
#endif
#ifdef PR_SET_MEMORY_MERGE
	C(PR_SET_MEMORY_MERGE), C(PR_GET_MEMORY_MERGE),
#endif
};

/* fcntl() commands; the *64 ones equal the plain ones on 64-bit ABIs. */
static const struct konst fcntl_cmd[] = {
	C(F_DUPFD), C(F_GETFD), C(F_SETFD), C(F_GETFL), C(F_SETFL), C(F_GETLK),
	C(F_SETLK), C(F_SETLKW), C(F_GETLK64), C(F_SETLK64), C(F_SETLKW64),
	C(F_SETOWN), C(F_GETOWN), C(F_SETSIG), C(F_GETSIG), C(F_SETOWN_EX),
	C(F_GETOWN_EX), C(F_OFD_GETLK), C(F_OFD_SETLK), C(F_OFD_SETLKW),
	C(F_SETLEASE), C(F_GETLEASE), C(F_NOTIFY), C(F_DUPFD_CLOEXEC),
	C(F_SETPIPE_SZ), C(F_GETPIPE_SZ), C(F_ADD_SEALS), C(F_GET_SEALS),
	C(F_GET_RW_HINT), C(F_SET_RW_HINT), C(F_GET_FILE_RW_HINT),
	C(F_SET_FILE_RW_HINT),
#ifdef F_DUPFD_QUERY
	C(F_DUPFD_QUERY),
#endif
};

/* Signal numbers; SIGRTMIN and SIGRTMAX are not constants in glibc. */
static const struct konst sig[] = {
	C(SIGHUP), C(SIGINT), C(SIGQUIT), C(SIGILL), C(SIGTRAP), C(SIGABRT),
	C(SIGIOT), C(SIGBUS), C(SIGFPE), C(SIGKILL), C(SIGUSR1), C(SIGSEGV),
	C(SIGUSR2), C(SIGPIPE), C(SIGALRM), C(SIGTERM), C(SIGCHLD), C(SIGCONT),
	C(SIGSTOP), C(SIGTSTP), C(SIGTTIN), C(SIGTTOU), C(SIGURG), C(SIGXCPU),
	C(SIGXFSZ), C(SIGVTALRM), C(SIGPROF), C(SIGWINCH), C(SIGIO), C(SIGPOLL),
	C(SIGSYS),
#ifdef SIGSTKFLT
	C(SIGSTKFLT),
#endif
#ifdef SIGPWR
	C(SIGPWR),
#endif
#ifdef SIGCLD
	C(SIGCLD),
#endif
#ifdef SIGEMT
	C(SIGEMT),
#endif
};

static const struct konst seccomp_op[] = {
	C(SECCOMP_SET_MODE_STRICT), C(SECCOMP_SET_MODE_FILTER),
	C(SECCOMP_GET_ACTION_AVAIL),
#ifdef SECCOMP_GET_NOTIF_SIZES
	C(SECCOMP_GET_NOTIF_SIZES),
#endif
};
static const struct konst seccomp_flag[] = {
	C(SECCOMP_FILTER_FLAG_TSYNC), C(SECCOMP_FILTER_FLAG_LOG),
	C(SECCOMP_FILTER_FLAG_SPEC_ALLOW),
#ifdef SECCOMP_FILTER_FLAG_NEW_LISTENER
	C(SECCOMP_FILTER_FLAG_NEW_LISTENER),
#endif
#ifdef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
	C(SECCOMP_FILTER_FLAG_TSYNC_ESRCH),
#endif
#ifdef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
	C(SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV),
#endif
};

/* Names for reading only: their argument depends on another argument
 * (socket(AF_NETLINK, ..., NETLINK_AUDIT), fcntl(fd, F_SETFD, FD_CLOEXEC))
 * or they are masks. */
static const struct konst misc[] = {
	C(NETLINK_ROUTE), C(NETLINK_USERSOCK), C(NETLINK_FIREWALL),
	C(NETLINK_SOCK_DIAG), C(NETLINK_INET_DIAG), C(NETLINK_NFLOG),
	C(NETLINK_XFRM), C(NETLINK_SELINUX), C(NETLINK_ISCSI), C(NETLINK_AUDIT),
	C(NETLINK_FIB_LOOKUP), C(NETLINK_CONNECTOR), C(NETLINK_NETFILTER),
	C(NETLINK_IP6_FW), C(NETLINK_DNRTMSG), C(NETLINK_KOBJECT_UEVENT),
	C(NETLINK_GENERIC), C(NETLINK_SCSITRANSPORT), C(NETLINK_ECRYPTFS),
	C(NETLINK_RDMA), C(NETLINK_CRYPTO), C(NETLINK_SMC), C(FD_CLOEXEC),
	C(CSIGNAL), C(PER_MASK), C(MAP_TYPE),
};

/* Every errno name; the common one of two equal names comes first. */
static const struct konst errnos[] = {
	C(EPERM), C(ENOENT), C(ESRCH), C(EINTR), C(EIO), C(ENXIO), C(E2BIG),
	C(ENOEXEC), C(EBADF), C(ECHILD), C(EAGAIN), C(EWOULDBLOCK), C(ENOMEM),
	C(EACCES), C(EFAULT), C(ENOTBLK), C(EBUSY), C(EEXIST), C(EXDEV),
	C(ENODEV), C(ENOTDIR), C(EISDIR), C(EINVAL), C(ENFILE), C(EMFILE),
	C(ENOTTY), C(ETXTBSY), C(EFBIG), C(ENOSPC), C(ESPIPE), C(EROFS),
	C(EMLINK), C(EPIPE), C(EDOM), C(ERANGE), C(EDEADLK), C(EDEADLOCK),
	C(ENAMETOOLONG), C(ENOLCK), C(ENOSYS), C(ENOTEMPTY), C(ELOOP),
	C(ENOMSG), C(EIDRM), C(ECHRNG), C(EL2NSYNC), C(EL3HLT), C(EL3RST),
	C(ELNRNG), C(EUNATCH), C(ENOCSI), C(EL2HLT), C(EBADE), C(EBADR),
	C(EXFULL), C(ENOANO), C(EBADRQC), C(EBADSLT), C(EBFONT), C(ENOSTR),
	C(ENODATA), C(ETIME), C(ENOSR), C(ENONET), C(ENOPKG), C(EREMOTE),
	C(ENOLINK), C(EADV), C(ESRMNT), C(ECOMM), C(EPROTO), C(EMULTIHOP),
	C(EDOTDOT), C(EBADMSG), C(EOVERFLOW), C(ENOTUNIQ), C(EBADFD),
	C(EREMCHG), C(ELIBACC), C(ELIBBAD), C(ELIBSCN), C(ELIBMAX), C(ELIBEXEC),
	C(EILSEQ), C(ERESTART), C(ESTRPIPE), C(EUSERS), C(ENOTSOCK),
	C(EDESTADDRREQ), C(EMSGSIZE), C(EPROTOTYPE), C(ENOPROTOOPT),
	C(EPROTONOSUPPORT), C(ESOCKTNOSUPPORT), C(EOPNOTSUPP), C(ENOTSUP),
	C(EPFNOSUPPORT), C(EAFNOSUPPORT), C(EADDRINUSE), C(EADDRNOTAVAIL),
	C(ENETDOWN), C(ENETUNREACH), C(ENETRESET), C(ECONNABORTED),
	C(ECONNRESET), C(ENOBUFS), C(EISCONN), C(ENOTCONN), C(ESHUTDOWN),
	C(ETOOMANYREFS), C(ETIMEDOUT), C(ECONNREFUSED), C(EHOSTDOWN),
	C(EHOSTUNREACH), C(EALREADY), C(EINPROGRESS), C(ESTALE), C(EUCLEAN),
	C(ENOTNAM), C(ENAVAIL), C(EISNAM), C(EREMOTEIO), C(EDQUOT),
	C(ENOMEDIUM), C(EMEDIUMTYPE), C(ECANCELED), C(ENOKEY), C(EKEYEXPIRED),
	C(EKEYREVOKED), C(EKEYREJECTED), C(EOWNERDEAD), C(ENOTRECOVERABLE),
	C(ERFKILL), C(EHWPOISON),
};
struct family {
	const struct konst *k;
	size_t n;
};

/* NONE (0) is "no enum" or "no flags" in struct spec. */
enum {
	NONE, AF, SOCK, SOCKF, MSG, CLONE, OACC, OFL, ATFD, ATFL, PROT, MAP,
	MADV, PER, PERF, IOCTL, PR, FCNTL, SIG, SCOP, SCFL, MISC, ERRNO, NFAM
};

#define FAM(a) { a, SC_ARRAY_SIZE(a) }
static const struct family fams[NFAM] = {
	[NONE] = { NULL, 0 }, [AF] = FAM(af), [SOCK] = FAM(sock_type),
	[SOCKF] = FAM(sock_flag), [MSG] = FAM(msg), [CLONE] = FAM(clone_flag),
	[OACC] = FAM(o_acc), [OFL] = FAM(o_flag), [ATFD] = FAM(at_fd),
	[ATFL] = FAM(at_flag), [PROT] = FAM(prot), [MAP] = FAM(map),
	[MADV] = FAM(madv), [PER] = FAM(per), [PERF] = FAM(per_flag),
	[IOCTL] = FAM(ioctl_req), [PR] = FAM(pr), [FCNTL] = FAM(fcntl_cmd),
	[SIG] = FAM(sig), [SCOP] = FAM(seccomp_op), [SCFL] = FAM(seccomp_flag),
	[MISC] = FAM(misc), [ERRNO] = FAM(errnos),
};

/* Argument @idx of @sys: a whole value named in @en; else @mask's bits named
 * in @en and the other bits as flags of @fl. @sig: the masked bits are
 * clone()'s exit signal, written last and as a number when unnamed. */
struct spec {
	const char *sys;
	unsigned char idx, en, fl, sig;
	uint64_t mask;
};

#define ENUM(s, i, e) { s, i, e, NONE, 0, 0 }
#define FLAGS(s, i, f) { s, i, NONE, f, 0, 0 }
static const struct spec specs[] = {
	ENUM("socket", 0, AF), ENUM("socketpair", 0, AF),
	{ "socket", 1, SOCK, SOCKF, 0, SOCK_TYPE_BITS },
	{ "socketpair", 1, SOCK, SOCKF, 0, SOCK_TYPE_BITS },
	FLAGS("accept4", 3, SOCKF),
	FLAGS("send", 3, MSG), FLAGS("sendto", 3, MSG),
	FLAGS("recv", 3, MSG), FLAGS("recvfrom", 3, MSG),
	FLAGS("sendmsg", 2, MSG), FLAGS("recvmsg", 2, MSG),
	FLAGS("sendmmsg", 3, MSG), FLAGS("recvmmsg", 3, MSG),
	/* s390 passes clone()'s flags second: Docker's profile has both. */
	{ "clone", 0, SIG, CLONE, 1, CSIGNAL },
	{ "clone", 1, SIG, CLONE, 1, CSIGNAL },
	FLAGS("unshare", 0, CLONE), FLAGS("setns", 1, CLONE),
	{ "personality", 0, PER, PERF, 0, PER_MASK },
	ENUM("ioctl", 1, IOCTL),
	FLAGS("mmap", 2, PROT), FLAGS("mmap2", 2, PROT),
	FLAGS("mprotect", 2, PROT), FLAGS("pkey_mprotect", 2, PROT),
	FLAGS("mmap", 3, MAP), FLAGS("mmap2", 3, MAP),
	ENUM("madvise", 2, MADV), ENUM("process_madvise", 3, MADV),
	{ "open", 1, OACC, OFL, 0, O_ACCMODE },
	{ "openat", 2, OACC, OFL, 0, O_ACCMODE },
	{ "open_by_handle_at", 2, OACC, OFL, 0, O_ACCMODE },
	FLAGS("pipe2", 1, OFL), FLAGS("dup3", 2, OFL),
	ENUM("openat", 0, ATFD), ENUM("openat2", 0, ATFD),
	ENUM("newfstatat", 0, ATFD), ENUM("fstatat64", 0, ATFD),
	ENUM("statx", 0, ATFD), ENUM("execveat", 0, ATFD),
	FLAGS("newfstatat", 3, ATFL), FLAGS("fstatat64", 3, ATFL),
	FLAGS("statx", 2, ATFL), FLAGS("unlinkat", 2, ATFL),
	FLAGS("linkat", 4, ATFL), FLAGS("fchownat", 4, ATFL),
	FLAGS("execveat", 4, ATFL), FLAGS("utimensat", 3, ATFL),
	ENUM("prctl", 0, PR), ENUM("fcntl", 1, FCNTL),
	ENUM("fcntl64", 1, FCNTL),
	ENUM("kill", 1, SIG), ENUM("tkill", 1, SIG), ENUM("tgkill", 2, SIG),
	ENUM("rt_sigqueueinfo", 1, SIG), ENUM("rt_tgsigqueueinfo", 2, SIG),
	ENUM("pidfd_send_signal", 1, SIG),
	ENUM("seccomp", 0, SCOP), FLAGS("seccomp", 1, SCFL),
};
/* clang-format on */

bool sc_const_value(const char *name, size_t len, uint64_t *value)
{
	for (size_t f = 0; f < NFAM; f++)
		for (size_t i = 0; i < fams[f].n; i++) {
			const struct konst *k = &fams[f].k[i];

			if (strlen(k->name) == len &&
			    memcmp(k->name, name, len) == 0) {
				*value = k->value;
				return true;
			}
		}
	return false;
}

int sc_errno_value(const char *name)
{
	for (size_t i = 0; name && i < SC_ARRAY_SIZE(errnos); i++)
		if (strcmp(errnos[i].name, name) == 0)
			return (int)errnos[i].value;
	return -1;
}

static const char *by_value(int fam, uint64_t v)
{
	for (size_t i = 0; i < fams[fam].n; i++)
		if (fams[fam].k[i].value == v)
			return fams[fam].k[i].name;
	return NULL;
}

const char *sc_errno_name(int e)
{
	return e < 0 ? NULL : by_value(ERRNO, (uint64_t)e);
}

static int number(uint64_t v, char *buf, size_t size)
{
	if (v <= 255)
		return snprintf(buf, size, "%" PRIu64, v);
	return snprintf(buf, size, "0x%" PRIx64, v);
}

/* Appends @s and a '|' before it when @out is not empty; false when full. */
static bool add(char *out, size_t size, size_t *n, const char *s)
{
	int w = snprintf(out + *n, size - *n, "%s%s", *n ? "|" : "", s);

	if (w < 0 || (size_t)w >= size - *n)
		return false;
	*n += (size_t)w;
	return true;
}

static int words(const struct spec *s, uint64_t v, char *buf, size_t size)
{
	char out[1024], nb[24];
	const char *name = s->en ? by_value(s->en, v) : NULL;
	uint64_t rest = v & ~s->mask, left = rest, low = v & s->mask;
	const char *lname = low ? by_value(s->en, low) : NULL;
	size_t n = 0;

	if (name)
		return snprintf(buf, size, "%s", name);
	if (!s->fl || (low && !lname && !s->sig))
		return number(v, buf, size);
	if (low && !lname) {
		number(low, nb, sizeof(nb));
		lname = nb;
	}
	out[0] = '\0';
	if (lname && !s->sig && !add(out, sizeof(out), &n, lname))
		return number(v, buf, size);
	for (size_t i = 0; left && i < fams[s->fl].n; i++) {
		const struct konst *k = &fams[s->fl].k[i];

		if (!k->value || (k->value & rest) != k->value ||
		    !(k->value & left))
			continue;
		if (!add(out, sizeof(out), &n, k->name))
			return number(v, buf, size);
		left &= ~k->value;
	}
	if (lname && s->sig && !add(out, sizeof(out), &n, lname))
		return number(v, buf, size);
	/* 0 is PROT_NONE; no other flag family has a name for it. */
	if (!v && fams[s->fl].n && !fams[s->fl].k[0].value)
		return snprintf(buf, size, "%s", fams[s->fl].k[0].name);
	if (left || !n)
		return number(v, buf, size);
	return snprintf(buf, size, "%s", out);
}

int sc_const_format(const char *syscall, unsigned index, uint64_t value,
		    char *buf, size_t size)
{
	for (size_t i = 0; syscall && i < SC_ARRAY_SIZE(specs); i++)
		if (specs[i].idx == index && strcmp(specs[i].sys, syscall) == 0)
			return words(&specs[i], value, buf, size);
	return number(value, buf, size);
}
