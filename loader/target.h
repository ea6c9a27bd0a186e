/* SPDX-License-Identifier: Apache-2.0 */
/* The command to run: where it is and whether the shim can run in it
 * (target.c). */
#ifndef SC_TARGET_H
#define SC_TARGET_H

#include "err.h"

enum sc_target_kind {
	SC_TARGET_DYNAMIC, /* runs ld.so, so the shim */
	SC_TARGET_STATIC, /* no ld.so, or one of another ABI */
};
int sc_find_command(const char *cmd, char *path, unsigned size,
		    struct sc_err *e);
int sc_target_kind(const char *path, enum sc_target_kind *kind,
		   struct sc_err *e);

#endif
