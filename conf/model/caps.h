/* SPDX-License-Identifier: Apache-2.0 */
/* Capability sets that "includes"/"excludes" caps resolve against. */
#ifndef SC_CAPS_H
#define SC_CAPS_H

#include <stdint.h>

#include "err.h"

/* -1 when @name is not a CAP_* name this build knows. */
int sc_cap_from_name(const char *name);

/* "CAP_CHOWN" for 0, ...; NULL for a number this build has no name for. */
const char *sc_cap_name(unsigned cap);

/* Parses --caps / SYSCAGE_CAPS / "caps =": "default" (also NULL or "":
 * Docker's 14 default capabilities that the process holds: all 14 for root,
 * none for a user without capabilities), "effective" (the process's own),
 * "docker" (Docker's 14), "all", "none", or a comma-separated list of
 * CAP_* names. */
int sc_caps_parse(const char *spec, uint64_t *mask, struct sc_err *err);

/* sc_caps_limit leaves everything as it is. */
#define SC_CAPS_KEEP_ALL (~0ULL)

/* What the loader limits the command to after @spec resolved to @mask:
 * @mask, or SC_CAPS_KEEP_ALL for "effective" and "all" (the user asked for
 * rules that match the capabilities the process has). */
uint64_t sc_caps_keep(const char *spec, uint64_t mask);

/* Limits this thread to @keep, as runc does in a container: drops the rest
 * from the bounding set (when it holds CAP_SETPCAP), the ambient set, and
 * the effective, permitted and inheritable sets. Never raises any. */
int sc_caps_limit(uint64_t keep, struct sc_err *err);

/* How a capability set came about: a fixed list (docker, all, none,
 * CAP_X,...) is the same in every process; the default (Docker's that the
 * process holds) and effective depend on the process. */
enum sc_caps_kind {
	SC_CAPS_FIXED = 'f',
	SC_CAPS_DEFAULT = 'd',
	SC_CAPS_EFFECTIVE = 'e',
};

/* The kind of @spec as sc_caps_parse reads it. */
enum sc_caps_kind sc_caps_kind_of(const char *spec);

#endif
