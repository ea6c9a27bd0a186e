/* SPDX-License-Identifier: Apache-2.0 */
/* syscage check: compile a profile as a run would, run nothing, and say what
 * is wrong with it (conf/tools/lint.c). */
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "loaded.h"
#include "stage.h"

static const char usage[] =
	"Usage: syscage check [--caps SET] [--strict|--lenient] [-q] PROFILE\n"
	"\n"
	"Compile PROFILE as 'syscage -p PROFILE' would, run nothing, and\n"
	"report. Errors: one line 'syscage: FILE:LINE: ...', exit 125.\n"
	"Warnings, on stderr as 'FILE:LINE: warning: ...' (exit 0): rules\n"
	"that never take effect, a default action of allow, io_uring or\n"
	"ptrace allowed, 32-bit ABIs allowed besides the native one, clone3\n"
	"denied with an errno other than ENOSYS, calls every program needs\n"
	"(@default) denied, names libseccomp does not know. Then, on stdout,\n"
	"'FILE: ok: N instructions'. Findings hold for this machine's ABI,\n"
	"kernel and --caps.\n"
	"\n"
	"  -q, --quiet   no warnings\n";

static int check(const struct sc_cli *cli)
{
	struct sc_err e = { .line = 0 };
	struct sc_loaded l;

	if (!cli->argv[0] || cli->argv[1]) {
		fputs("syscage check: give one PROFILE\n", stderr);
		return SC_EXIT_FAIL;
	}
	if (sc_loaded_open(cli, cli->argv[0], &l, &e) < 0) {
		sc_report(&e);
		return SC_EXIT_FAIL;
	}
	/* What a run refuses, check refuses, with the same words (and only
	 * those: the rest is about a profile that cannot run anyway). */
	if (sc_check_runnable(&l.c, cli->argv[0], &e) < 0) {
		sc_report(&e);
		sc_loaded_clear(&l);
		return SC_EXIT_FAIL;
	}
	if (!cli->quiet)
		sc_loaded_lints(&l, false);
	printf("%s: ok: %zu instructions (libseccomp's layout: %zu, "
	       "%zu of them the -ENOSYS stub)\n",
	       cli->argv[0], l.c.prog.len, l.c.raw_len, l.c.stub.len);
	sc_loaded_clear(&l);
	return 0;
}

const struct sc_cmd sc_check_cmd = {
	.name = "check",
	.usage = usage,
	.shared = SC_SHARED_ALL,
	.run = check,
};
