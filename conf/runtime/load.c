/* SPDX-License-Identifier: Apache-2.0 */
/* seccomp(SECCOMP_SET_MODE_FILTER) with errors that say what to change. No
 * allocation: the shim calls this as the last thing it does. */
#include "load.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *sc_load_hint(int e)
{
	switch (e) {
	case EINVAL:
		return " (is CONFIG_SECCOMP_FILTER enabled, and does this "
		       "kernel know the profile's flags and actions?)";
	case ENOMEM:
		return " (too many filters stacked: the kernel takes 32768 "
		       "instructions in all)";
	case EACCES:
		return " (no_new_privs is not set)";
	}
	return "";
}

int sc_prog_load(const struct sc_prog *prog, unsigned flags, struct sc_err *err)
{
	/* Set again when Landlock set it already: one call either way, and
	 * asked only when setting fails (a filter may deny prctl). */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 &&
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return sc_err_msg(err, -errno, NULL,
				  "cannot set no_new_privs: %s",
				  strerror(errno));
	return sc_prog_attach(prog, flags, err);
}

int sc_prog_attach(const struct sc_prog *prog, unsigned flags,
		   struct sc_err *err)
{
	struct sock_fprog fp = {
		.len = (unsigned short)prog->len,
		.filter = prog->insns,
	};
	long rc;

	if (prog->len == 0 || prog->len > BPF_MAXINSNS)
		return sc_err_msg(err, -EINVAL, NULL,
				  "a filter of %zu instructions cannot load",
				  prog->len);
	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     flags | SECCOMP_FILTER_FLAG_TSYNC, &fp);
	if (rc > 0)
		return sc_err_msg(err, -EBUSY, NULL,
				  "thread %ld has a different seccomp filter; "
				  "cannot confine every thread",
				  rc);
	if (rc < 0)
		return sc_err_msg(err, -errno, NULL,
				  "the kernel refused the filter: %s%s",
				  strerror(errno), sc_load_hint(errno));
	return 0;
}
