/* SPDX-License-Identifier: Apache-2.0 */
/* A profile as the toolbox and the run see it: compiled (with the run's
 * warnings), or loaded, compiled and modelled (check, explain, diff). */
#ifndef SC_LOADED_H
#define SC_LOADED_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "compile.h"
#include "source.h"
#include "explain.h"

/* A profile loaded, compiled and resolved: what check, explain and diff
 * look at, with its text (for lines the model does not keep). */
struct sc_loaded {
	struct sc_profile *p;
	struct sc_opts o;
	struct sc_compiled c;
	struct sc_model m;
	bool compiled, modelled;
	const char *text;
	char *owned;
	size_t len;
};

/* Loads @spec (a name is looked up) and compiles it, quietly: the caller
 * says what it has to say. */
int sc_loaded_open(const struct sc_cli *cli, const char *spec,
		   struct sc_loaded *l, struct sc_err *e);
void sc_loaded_clear(struct sc_loaded *l);

/* check's warnings on stderr: every one, or (@at_run) only those a run
 * says too. */
void sc_loaded_lints(const struct sc_loaded *l, bool at_run);

/* Loads, compiles (printing warnings unless quiet) into @c. */
int sc_cli_compile(const struct sc_cli *cli, const char *spec,
		   struct sc_compiled *c, struct sc_err *e);

#endif
