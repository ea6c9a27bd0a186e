/* SPDX-License-Identifier: Apache-2.0 */
/* Splitting a compiled profile into the loader's stage one and the shim's
 * narrowing stage two, and carrying a program through the environment.
 *
 * Stage one is loaded by the loader just before execve: the profile, plus
 * ALLOW for the few native calls that execve, ld.so and the shim need and
 * the profile does not allow outright. The shim, as an LD_AUDIT module,
 * narrows them again in two steps: from la_version (before ld.so maps or
 * relocates anything of the program) every one but the calls ld.so still
 * makes to map the program's libraries, and those from la_preinit (after
 * relocation, before the preinit array and every constructor). Between the
 * two only the program's IFUNC resolvers run, and only those calls are
 * still open to them. A static target never runs the shim: it may only get
 * execve widened, and is refused when the profile denies that. */
#ifndef SC_STAGE_H
#define SC_STAGE_H

#include "err.h"
#include "prog.h"

/* The shim's marks for a supervised run (shim.c): the number of no system
 * call, SC_MARK_MAGIC, and the phase reached: 1 from la_version, 2 from
 * la_preinit. The supervisor takes them from the command's first process
 * only. */
#define SC_MARK_NR 0x5c5cu
#define SC_MARK_MAGIC 0x73797363u
#define SC_NEEDS_MAX 32

struct sc_stages {
	struct sc_prog one;
	/* Stage one for a supervised run: the widened calls and the marks go
	 * to the supervisor, which lets the widened calls of the command's
	 * first process through until its marks say the shim has narrowed
	 * (sc_stage_need), and denies and reports them from then on. No
	 * narrowing filter is loaded, so every denial is reported. */
	struct sc_prog marked;
	/* ... and the shim's stages for the widened calls the kernel must
	 * narrow: those the profile kills, traps, traces or answers ENOSYS */
	struct sc_prog mtwo, mlate;
	uint32_t need_nr[SC_NEEDS_MAX]; /* the widened calls it narrows */
	bool need_late
		[SC_NEEDS_MAX]; /* ... that ld.so makes after la_version */
	size_t n_need;
	/* la_version's stage: the widened calls but ld.so's (len 0: none) */
	struct sc_prog two;
	/* la_preinit's: ld.so's own, once it has mapped and relocated the
	 * program (len 0: the profile allows them) */
	struct sc_prog late;
	struct sc_strv widened; /* names stage one had to add */
};

/* @dynamic: the target runs ld.so and the shim; else only execve is
 * needed. */
int sc_stage_split(const struct sc_compiled *full, bool dynamic,
		   struct sc_stages *out, struct sc_err *err);
void sc_stages_clear(struct sc_stages *s);

/* Whether the first process, having reached @phase (0: none yet, 1: past
 * la_version, 2: past la_preinit), may still make the widened call @nr. */
int sc_stage_need(const struct sc_stages *st, uint32_t nr, int phase);

/* Whether a SECCOMP_RET_* value lets the call run (ALLOW, LOG). */
bool sc_lets_run(uint32_t action);

/* -EPERM when the profile denies exit_group on the native ABI: a program
 * under it could not even end (the lab's deny.json). runc cannot start such
 * a profile's container either; syscage refuses it up front. */
int sc_check_runnable(const struct sc_compiled *full, const char *file,
		      struct sc_err *err);

/* SYSCAGE_STAGE2 for the shim to load from la_version and la_preinit,
 * "FLAGS:NOW:LATE" (base64, either may be empty), then ":M" when the shim
 * is to send its marks to a supervisor; malloc'd into *@out, NULL when
 * there is nothing to do. 0 or -ENOMEM. */
int sc_stage2_text(const struct sc_stages *st, bool supervised, unsigned flags,
		   char **out);

/* Base64 of the instructions, NUL-terminated, malloc'd. */
char *sc_prog_encode(const struct sc_prog *prog);
/* Decodes into @buf (room for @max instructions); -EINVAL if malformed. */
int sc_prog_decode(const char *text, struct sock_filter *buf, size_t max,
		   size_t *len);

#endif
