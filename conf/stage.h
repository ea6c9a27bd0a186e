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

#include "compile.h"

struct sc_stages {
	struct sc_prog one;
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

/* Whether a SECCOMP_RET_* value lets the call run (ALLOW, LOG). */
bool sc_lets_run(uint32_t action);

/* -EPERM when the profile denies exit_group on the native ABI: a program
 * under it could not even end (the lab's deny.json). runc cannot start such
 * a profile's container either; syscage refuses it up front. */
int sc_check_runnable(const struct sc_compiled *full, const char *file,
		      struct sc_err *err);

/* Base64 of the instructions, NUL-terminated, malloc'd. */
char *sc_prog_encode(const struct sc_prog *prog);
/* Decodes into @buf (room for @max instructions); -EINVAL if malformed. */
int sc_prog_decode(const char *text, struct sock_filter *buf, size_t max,
		   size_t *len);

#endif
