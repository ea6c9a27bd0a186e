/* SPDX-License-Identifier: Apache-2.0 */
/* The listener guard: a few instructions at the head of every filter
 * syscage loads, so that no process under it can take over the reports.
 *
 * The kernel allows one seccomp listener per filter chain, and once the
 * supervisor's is closed (the supervisor was killed, or the command left a
 * process behind) a confined program could install its own filter with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER, return USER_NOTIF from it and answer
 * CONTINUE: every call the profile denies would run. The guard answers that
 * one request, on every ABI the kernel may decode, with ERRNO(EPERM), which
 * outranks any USER_NOTIF. seccomp()'s op and flags are unsigned int, so
 * only the low words of the arguments count. */
#ifndef SC_GUARD_H
#define SC_GUARD_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>

#include "prog.h"

/* Room the guard takes; sc_guard_emit writes at most this many. */
#define SC_GUARD_MAX 16

/* Writes the guard into @out: a call it does not refuse continues at the
 * instruction right after it. Returns the number written. */
size_t sc_guard_emit(struct sock_filter *out);

/* Puts the guard in front of @prog (reallocated). -ENOMEM, or -E2BIG when
 * the result would not load. */
int sc_guard_prepend(struct sc_prog *prog);

/* @prog past its guard (all of it when it has none): what the profile
 * itself decides, for callers that ask whether a decision reads
 * arguments. Borrows @prog's instructions. */
void sc_guard_skip(const struct sc_prog *prog, struct sc_prog *rest);

/* Turns @prog's errno decisions (but ENOSYS: runc's stub, and the calls
 * programs probe for) and, @complain, every decision that is not ALLOW or
 * LOG into user notifications, in place; the guard keeps its errno, which
 * must outrank any notification. For whoever holds the listener: the
 * loader's supervisor, the agent. */
void sc_guard_notify(struct sc_prog *prog, bool complain);

#endif
