/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers every part of syscage shares, each written once here: no
 * state, no allocation, nothing to link. */
#ifndef SC_UTIL_H
#define SC_UTIL_H

#include <stdlib.h>
#include <unistd.h>

/* The number of elements of an array (not of a pointer). */
#define SC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* An errno a rule returns must be below this: libseccomp 2.5 refuses 4095
 * and above (src/system.c). */
#define SC_ERRNO_MAX 4095

/* For __attribute__((cleanup)): closes a descriptor that is open. */
static inline void sc_fd_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
#define _cleanup_fd_ __attribute__((cleanup(sc_fd_close)))

/* For __attribute__((cleanup)): frees what a pointer holds. */
static inline void sc_freep(void *p)
{
	free(*(void **)p);
}
#define _cleanup_free_ __attribute__((cleanup(sc_freep)))

#endif
