/* SPDX-License-Identifier: Apache-2.0 */
/* static_probe: probe.c built with -static (the Makefile links every
 * tests/progs/static_*.c so), for the targets that never run ld.so and so
 * never load libsyscage.so. */
#include "probe.c"
