/* Splitting a compiled profile into the loader's stage one and the shim's
 * narrowing stage two, and carrying a program through the environment.
 *
 * Stage one is loaded by the loader just before execve: the profile, plus
 * ALLOW for the few native calls that execve, ld.so and the shim need and
 * the profile does not allow outright. Stage two, loaded by the shim's
 * constructor, denies those calls again as the profile does. A target that
 * never runs the shim (static, or an ld.so that skipped the preload) stays
 * under stage one: confined, never unfiltered. */
#ifndef SC_STAGE_H
#define SC_STAGE_H

#include "compile.h"

struct sc_stages {
	struct sc_prog one;
	struct sc_prog two; /* len 0: the profile already allows them all */
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
