/* SPDX-License-Identifier: Apache-2.0 */
/* Syscall signatures for reports (sigs.c). */
#ifndef SC_SIGS_H
#define SC_SIGS_H

/* One letter per argument of @name ("dpii" for openat: see sigs.c), ""
 * for a call without arguments, NULL for a call not in the table. */
const char *sc_sig_kinds(const char *name);

#endif
