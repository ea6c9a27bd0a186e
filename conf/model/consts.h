/* SPDX-License-Identifier: Apache-2.0 */
/* Named constants users know from the kernel headers (AF_*, SOCK_*,
 * CLONE_*, O_*, PROT_*, MAP_*, PER_*, errno names, ioctl requests such as
 * TCGETS and TIOCSTI), for the INI language and for writing profiles back
 * in words. The values come from the system headers at build time. */
#ifndef SC_CONSTS_H
#define SC_CONSTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* false when @name (@len bytes) is not a known constant. */
bool sc_const_value(const char *name, size_t len, uint64_t *value);

/* errno by name ("EPERM") and back; -1 / NULL when unknown. */
int sc_errno_value(const char *name);
const char *sc_errno_name(int e);

/* Writes @value for argument @index of @syscall in words where a single
 * family fits ("AF_INET", "CLONE_NEWUSER|CLONE_NEWNS", "PER_LINUX32"),
 * else as a number (hex above 255). Returns snprintf's result. */
int sc_const_format(const char *syscall, unsigned index, uint64_t value,
		    char *buf, size_t size);

#endif
