/* Capability sets that "includes"/"excludes" caps resolve against. */
#ifndef SC_CAPS_H
#define SC_CAPS_H

#include <stdint.h>

#include "err.h"

/* -1 when @name is not a CAP_* name this build knows. */
int sc_cap_from_name(const char *name);

/* Parses --caps / SYSCAGE_CAPS: "effective" (the process's own), "docker"
 * (Docker's 14 default capabilities), "all", "none", or a comma-separated
 * list of CAP_* names. */
int sc_caps_parse(const char *spec, uint64_t *mask, struct sc_err *err);

#endif
