/* syscage record: its options. The recording is record.c's. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const char usage[] =
	"Usage: syscage record [-o FILE] [--format ini|json] [--from-main|\n"
	"                      --from-exec] [--base PROFILE] -- CMD [ARG]...\n"
	"\n"
	"Run CMD and all its descendants, deny nothing, and write the\n"
	"smallest profile under which the same run succeeds: the calls seen\n"
	"(from main, so that the dynamic loader's calls stay out; --from-exec\n"
	"counts them too), with argument conditions where Docker's profile\n"
	"has them (socket families, personality values, clone without\n"
	"namespace flags), clone3 answered ENOSYS (glibc then uses clone), and\n"
	"everything else denied with EPERM (ENOSYS for calls glibc probes).\n"
	"--base merges with an existing profile. Output: FILE (its suffix\n"
	"picks the format), or stdout as INI.\n";

enum { OPT_FORMAT = SC_OPT_LONG, OPT_BASE, OPT_FROM_EXEC, OPT_FROM_MAIN };

static const struct option opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "base", required_argument, NULL, OPT_BASE },
	{ "from-exec", no_argument, NULL, OPT_FROM_EXEC },
	{ "from-main", no_argument, NULL, OPT_FROM_MAIN },
	{ NULL, 0, NULL, 0 },
};

static int set(int ch, const char *arg, struct sc_cli *cli)
{
	if (ch == 'o')
		cli->output = arg;
	else if (ch == OPT_FORMAT && strcmp(arg, "ini") && strcmp(arg, "json"))
		return sc_cli_error("record", "--format %s: use ini or json",
				    arg),
		       -1;
	else if (ch == OPT_FORMAT)
		cli->format = arg;
	else if (ch == OPT_BASE)
		cli->base = arg;
	else
		cli->from_main = ch == OPT_FROM_MAIN;
	return 0;
}

const struct sc_cmd sc_record_cmd = {
	.name = "record",
	.usage = usage,
	.shorts = "o:",
	.opts = opts,
	.shared = SC_SHARED_QUIET,
	.set = set,
	.run = sc_cmd_record,
};
