/* SPDX-License-Identifier: Apache-2.0 */
/* Writing a profile model back as text: Docker JSON or syscage INI. The
 * written profile compiles to the same filter as the model. */
#ifndef SC_WRITE_H
#define SC_WRITE_H

#include <stdio.h>

#include "profile.h"

/* Docker/OCI JSON, as moby reads it. 0 or -errno. */
int sc_write_json(const struct sc_profile *p, FILE *out);
/* syscage INI (see syscage-profile(5)): groups where a whole group is
 * present, named constants, Docker comments as comments. 0 or -errno. */
int sc_write_ini(const struct sc_profile *p, FILE *out);

#endif
