/* SPDX-License-Identifier: Apache-2.0 */
/* The command line's shared half: the options every profile-reading
 * subcommand takes, one parser for every option table, and the one-line
 * errors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "unknown.h"
#include "util.h"

enum {
	OPT_CAPS = SC_OPT_LONG + 0x80,
	OPT_STRICT,
	OPT_LENIENT,
};

static const struct {
	struct option opt;
	unsigned bit;
} shared[] = {
	{ { "quiet", no_argument, NULL, 'q' }, SC_SHARED_QUIET },
	{ { "caps", required_argument, NULL, OPT_CAPS }, SC_SHARED_CAPS },
	{ { "strict", no_argument, NULL, OPT_STRICT }, SC_SHARED_STRICT },
	{ { "lenient", no_argument, NULL, OPT_LENIENT }, SC_SHARED_LENIENT },
};

#define OPTS_MAX 32

void sc_report(const struct sc_err *e)
{
	char line[SC_ERR_FILE_MAX + SC_ERR_MSG_MAX + 64];

	fflush(stdout);
	fputs(sc_err_format(e, line, sizeof(line)) ? line : "syscage: error\n",
	      stderr);
}

void sc_warn_unknown(const char *file, const struct sc_strv *u)
{
	char line[4096];

	if (sc_unknown_message(file, u, line, sizeof(line)))
		fputs(line, stderr);
}

int sc_cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "syscage: %s%s", cmd ? cmd : "", cmd ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return SC_EXIT_FAIL;
}

int sc_cli_bad_option(const char *cmd, int ch, char **argv)
{
	char name[64];

	/* getopt leaves a long option's text behind optind, a short one in
	 * optopt (optind may not move within "-qx"). */
	if (optopt && optopt < SC_OPT_LONG && optopt != '-')
		snprintf(name, sizeof(name), "-%c", optopt);
	else
		snprintf(name, sizeof(name), "%s", argv[optind - 1]);
	return sc_cli_error(cmd, "%s %s (see 'syscage%s%s --help')",
			    ch == ':' ? "a value is missing after"
				      : "unknown option",
			    name, cmd ? " " : "", cmd ? cmd : "");
}

/* @cmd's own long options, its shared ones and --help, into @all. */
static void table(const struct sc_cmd *cmd, struct option *all, char *shorts,
		  size_t size)
{
	size_t n = 0;

	for (const struct option *o = cmd->opts; o && o->name; o++)
		all[n++] = *o;
	for (size_t i = 0; i < SC_ARRAY_SIZE(shared); i++)
		if (cmd->shared & shared[i].bit)
			all[n++] = shared[i].opt;
	all[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	all[n] = (struct option){ NULL, 0, NULL, 0 };
	/* '+': options end at the first operand (a COMMAND's own options
	 * stay its own); ':': a missing value is told apart. */
	snprintf(shorts, size, "+:h%s%s",
		 cmd->shared & SC_SHARED_QUIET ? "q" : "",
		 cmd->shorts ? cmd->shorts : "");
}

/* A shared option into @cli; false when @ch is not one. */
static bool set_shared(int ch, struct sc_cli *cli, unsigned *bits)
{
	if (ch == 'q')
		cli->quiet = true, *bits |= SC_SHARED_QUIET;
	else if (ch == OPT_CAPS)
		cli->caps = optarg, *bits |= SC_SHARED_CAPS;
	else if (ch == OPT_STRICT)
		cli->strict = true, *bits |= SC_SHARED_STRICT;
	else if (ch == OPT_LENIENT)
		cli->lenient = true, *bits |= SC_SHARED_LENIENT;
	else
		return false;
	return true;
}

static void name_own(struct sc_parsed *seen, const struct option *all, int ch,
		     int index)
{
	if (seen->own[0])
		return;
	if (index >= 0)
		snprintf(seen->own, sizeof(seen->own), "--%s", all[index].name);
	else
		snprintf(seen->own, sizeof(seen->own), "-%c", ch);
}

int sc_cli_parse(const struct sc_cmd *cmd, int argc, char **argv,
		 struct sc_cli *cli, struct sc_parsed *seen)
{
	struct option all[OPTS_MAX];
	char shorts[64];
	int ch, index, last = 1, rc;

	memset(seen, 0, sizeof(*seen));
	table(cmd, all, shorts, sizeof(shorts));
	opterr = 0; /* one line of ours, not getopt's two */
	optind = 0; /* main's parse ran before a subcommand's */
	while (index = -1, optopt = 0,
	       (ch = getopt_long(argc, argv, shorts, all, &index)) != -1) {
		last = optind;
		if (ch == '?' || ch == ':')
			return sc_cli_bad_option(cmd->name, ch, argv);
		if (ch == 'h')
			return fputs(cmd->usage, stdout), 0;
		if (set_shared(ch, cli, &seen->shared))
			continue;
		name_own(seen, all, ch, index);
		rc = cmd->set(ch, optarg, cli);
		if (rc)
			return rc > 0 ? 0 : SC_EXIT_FAIL;
	}
	/* getopt steps over a "--" that ends the options. */
	seen->dashdash = optind > last && optind > 1 &&
			 strcmp(argv[optind - 1], "--") == 0;
	cli->argv = argv + optind;
	return -1;
}

int sc_cli_main(const struct sc_cmd *cmd, int argc, char **argv,
		struct sc_cli *cli)
{
	struct sc_parsed seen;
	int rc = sc_cli_parse(cmd, argc, argv, cli, &seen);

	return rc >= 0 ? rc : cmd->run(cli);
}
