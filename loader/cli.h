/* SPDX-License-Identifier: Apache-2.0 */
/* The syscage command line: what a run or a subcommand was asked, the
 * options every profile-reading subcommand shares, and how errors reach the
 * user. Each subcommand describes itself with a struct sc_cmd (its option
 * table, its usage) in its own file; main.c only dispatches. */
#ifndef SC_CLI_H
#define SC_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "err.h"
#include "request.h"

struct sc_strv;

/* Exit statuses, as env(1) and docker run use them. */
enum {
	SC_EXIT_FAIL = 125, /* syscage itself failed */
	SC_EXIT_CANNOT_EXEC = 126, /* found, but cannot be executed */
	SC_EXIT_NOT_FOUND = 127,
};

struct sc_cli {
	const char *profile; /* -p; "default" when not given */
	const char *caps; /* --caps, else $SYSCAGE_CAPS, else NULL */
	bool strict;
	bool lenient;
	bool quiet;
	bool always_warn; /* check: warn on a cached program too */
	bool no_report; /* exec directly, without a supervisor */
	bool complain; /* deny nothing, report what would be denied */
	const char *log; /* --log FILE: reports go there */
	const char *deny; /* --deny NAME,...: denied whatever the profile */
	const char *output; /* record -o FILE */
	const char *base; /* record --base PROFILE */
	bool from_main; /* record --from-main: refused (see record.c) */
	bool verbose; /* which -v */
	const char *format; /* export --format */
	const char *agent; /* export --agent SOCKET */
	char **argv; /* the command, or the subcommand's operands */
};

/* What @cli asks of the profile language for @spec. */
#define SC_CLI_REQUEST(cli, spec) \
	SC_REQUEST((spec), (cli)->caps, (cli)->strict, (cli)->lenient)

/* The shared options, which also go before a subcommand ("global"):
 * -q anywhere, the other three where a profile is compiled. */
enum {
	SC_SHARED_QUIET = 1u << 0,
	SC_SHARED_CAPS = 1u << 1,
	SC_SHARED_STRICT = 1u << 2,
	SC_SHARED_LENIENT = 1u << 3,
	SC_SHARED_PROFILE =
		SC_SHARED_CAPS | SC_SHARED_STRICT | SC_SHARED_LENIENT,
	SC_SHARED_ALL = SC_SHARED_QUIET | SC_SHARED_PROFILE,
};

/* Option values above any character: long options without a short one. */
enum { SC_OPT_LONG = 0x100 };

/* A subcommand, or the run itself (name NULL). */
struct sc_cmd {
	const char *name;
	const char *usage; /* --help */
	const char *shorts; /* its own short options, getopt's syntax */
	const struct option *opts; /* its own long options, { 0 }-ended */
	unsigned shared; /* SC_SHARED_* it takes */
	/* One of its own options into @cli: 0, or 1 to end with status 0
	 * (it printed what was asked). */
	int (*set)(int ch, const char *arg, struct sc_cli *cli);
	int (*run)(const struct sc_cli *cli);
	/* Instead of set/run: a subcommand that parses alone (agent,
	 * status); it gets its name as argv[0]. */
	int (*main)(int argc, char **argv);
};

/* What parsing saw besides the options' values. */
struct sc_parsed {
	unsigned shared; /* SC_SHARED_* given */
	char own[32]; /* the first of @cmd's own options given, or "" */
	bool dashdash; /* the options ended with "--" */
};

/* Parses @argv (argv[0] is the program or subcommand name) into @cli by
 * @cmd's table and the shared options it takes; sets cli->argv to the
 * operands. Returns -1 to go on, else the exit status (after --help, or
 * a one-line error naming the subcommand). */
int sc_cli_parse(const struct sc_cmd *cmd, int argc, char **argv,
		 struct sc_cli *cli, struct sc_parsed *seen);

/* A subcommand: parse, then run. */
int sc_cli_main(const struct sc_cmd *cmd, int argc, char **argv,
		struct sc_cli *cli);

/* "syscage: CMD: MESSAGE" on stderr (no CMD for the run); returns
 * SC_EXIT_FAIL. */
int sc_cli_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* getopt's '?' or ':' for @cmd as one line (opterr must be 0). */
int sc_cli_bad_option(const char *cmd, int ch, char **argv);

/* Prints "syscage: ..." for @e to stderr. */
void sc_report(const struct sc_err *e);
void sc_warn_unknown(const char *file, const struct sc_strv *unknown);

#endif
