/* SPDX-License-Identifier: Apache-2.0 */
/* A Landlock domain around the sandboxed command.
 *
 * seccomp sees system calls, not whom they reach: a confined command could
 * open /proc/PID/mem of any other process of its user and write into it
 * (the kernel checks ptrace rights there, not the filter), even under a
 * profile that denies ptrace. Docker hides other processes in a PID
 * namespace. syscage puts the command in a Landlock domain that restricts
 * no file access, so that Landlock's ptrace rule applies: nothing in the
 * domain may trace or open the memory of a process outside it.
 *
 * Where a supervisor holds the listener, the domain also scopes signals
 * (Landlock ABI 6, Linux 6.12): the command's processes cannot kill or stop
 * the supervisor, which is outside the domain, and so cannot close the
 * listener early. Only there: a command run without a supervisor may signal
 * other processes of its user as before. */
#ifndef SC_LANDLOCK_H
#define SC_LANDLOCK_H

#include <stdbool.h>

#include "err.h"

/* Enters the domain (setting no_new_privs, as seccomp needs anyway) before
 * the seccomp filter is loaded: a profile need not allow Landlock's calls
 * (Docker's default does; the lab's older one does not). 0 when entered,
 * 1 when the kernel has no Landlock (or only its first ABI, under which a
 * domain forbids renames across directories) or a filter already in force
 * refuses its calls, -errno when it refused otherwise. With
 * @scope_signals, a kernel with Landlock ABI 6 or later also keeps the
 * domain from signalling processes outside it (older ones cannot: the
 * domain is entered without). */
int sc_landlock_enter(bool scope_signals, struct sc_err *err);

#endif
