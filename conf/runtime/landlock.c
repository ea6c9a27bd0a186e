/* SPDX-License-Identifier: Apache-2.0 */
/* The Landlock domain (see landlock.h).
 *
 * Landlock wants at least one handled access right. REFER must be among
 * them in any case: a domain denies linking or renaming across directories
 * unless a rule grants REFER, so a domain without it would break `mv`.
 * MAKE_BLOCK comes along; one rule on "/" grants both, so the file system
 * is as it was. What the domain brings is Landlock's ptrace rule: a process
 * in it cannot ptrace, or open /proc/PID/mem of, a process outside. */
#include "landlock.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define HANDLED (LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_MAKE_BLOCK)
/* The uapi value (Linux 6.12); older headers (Debian 12's) lack it. */
#define SC_LANDLOCK_SCOPE_SIGNAL (1ULL << 1)

/* struct landlock_ruleset_attr as of ABI 6: older headers end it after
 * handled_access_fs. The kernel takes any size as long as what it does not
 * know is zero, so the whole struct is passed to every kernel; scoped is
 * set only where the ABI has it. */
struct sc_ruleset_attr {
	__u64 handled_access_fs;
	__u64 handled_access_net;
	__u64 scoped;
};

static int ruleset(long abi, bool scope_signals)
{
	struct sc_ruleset_attr attr = { .handled_access_fs = HANDLED };

	if (scope_signals && abi >= 6)
		attr.scoped = SC_LANDLOCK_SCOPE_SIGNAL;
	return (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr),
			    0);
}

/* Under a filter already (a nested syscage, a service manager's), that
 * filter may deny Landlock's calls: the domains of whatever confined the
 * parent are inherited, and nothing more can be done here. */
static int unavailable(int e)
{
	return e == ENOSYS || e == EOPNOTSUPP ||
	       prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 0;
}

/* no_new_privs, asked of the kernel only when setting it fails (a filter
 * in force may deny prctl but have set it already): one call, not two. */
static int nnp(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 ||
			       prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1
		       ? 0
		       : -1;
}

/* The ruleset, trying the newest ABI first: the version is asked only when
 * the kernel refuses (one call fewer on every start). *@abi is what was
 * assumed or found; -1 with errno when there is no ruleset. */
static int ruleset_any(bool scope_signals, long *abi)
{
	int rs;

	*abi = 6;
	rs = ruleset(*abi, scope_signals);
	if (rs >= 0 || errno != EINVAL)
		return rs;
	*abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
		       LANDLOCK_CREATE_RULESET_VERSION);
	/* REFER came with ABI 2 (Linux 5.19); under ABI 1 every domain
	 * forbids renames across directories. */
	if (*abi >= 0 && *abi < 2)
		errno = EOPNOTSUPP;
	return *abi < 2 ? -1 : ruleset(*abi, scope_signals);
}

int sc_landlock_enter(bool scope_signals, struct sc_err *err)
{
	struct landlock_path_beneath_attr all = { .allowed_access = HANDLED };
	long abi;
	int rs = ruleset_any(scope_signals, &abi), rc = 0;

	if (rs < 0 && unavailable(errno))
		return 1;
	all.parent_fd = rs < 0 ? -1 : open("/", O_PATH | O_CLOEXEC);
	if (all.parent_fd < 0 ||
	    syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &all,
		    0) < 0 ||
	    nnp() < 0 || syscall(SYS_landlock_restrict_self, rs, 0) < 0)
		rc = unavailable(errno)
			     ? 1
			     : sc_err_msg(err, -errno, NULL,
					  "cannot enter a Landlock domain: %s "
					  "(it keeps the command out of other "
					  "processes' memory)",
					  strerror(errno));
	if (all.parent_fd >= 0)
		close(all.parent_fd);
	if (rs >= 0)
		close(rs);
	return rc;
}
