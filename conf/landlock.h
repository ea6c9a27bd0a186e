/* A Landlock domain around the sandboxed command.
 *
 * seccomp sees system calls, not whom they reach: a confined command could
 * open /proc/PID/mem of any other process of its user and write into it
 * (the kernel checks ptrace rights there, not the filter), even under a
 * profile that denies ptrace. Docker hides other processes in a PID
 * namespace. syscage puts the command in a Landlock domain that restricts
 * no file access, so that Landlock's ptrace rule applies: nothing in the
 * domain may trace or open the memory of a process outside it. */
#ifndef SC_LANDLOCK_H
#define SC_LANDLOCK_H

#include "err.h"

/* Enters the domain (setting no_new_privs, as seccomp needs anyway) before
 * the seccomp filter is loaded: a profile need not allow Landlock's calls
 * (Docker's default does; the lab's older one does not). 0 when entered,
 * 1 when the kernel has no Landlock (or only its first ABI, under which a
 * domain forbids renames across directories) or a filter already in force
 * refuses its calls, -errno when it refused otherwise. */
int sc_landlock_enter(struct sc_err *err);

#endif
