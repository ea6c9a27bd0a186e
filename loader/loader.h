/* The syscage command: options shared by its subcommands. */
#ifndef SC_LOADER_H
#define SC_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include "compile.h"
#include "err.h"
#include "stage.h"

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
	const char *output; /* record -o FILE */
	const char *base; /* record --base PROFILE */
	bool from_exec; /* record: from execve, not from main */
	bool verbose; /* which -v */
	const char *format; /* export --format */
	const char *agent; /* export --agent SOCKET */
	char **argv; /* the command, or the subcommand's operands */
};

/* Prints "syscage: ..." for @e to stderr. */
void sc_report(const struct sc_err *e);
void sc_warn_unknown(const char *file, const struct sc_strv *unknown);

/* Loads, compiles (printing warnings unless quiet) into @c. */
int sc_cli_compile(const struct sc_cli *cli, const char *spec,
		   struct sc_compiled *c, struct sc_err *e);

/* Runs the command under the profile; returns only on failure, with the
 * exit status to use. */
int sc_run(const struct sc_cli *cli);

/* What the supervisor does with each notification: fill the response
 * (it arrives set to "continue") and keep what it wants to. @keep (may be
 * NULL) is called in the keeper that serves the processes left behind once
 * the command ended: it returns the file descriptor the sink still writes
 * to (-1: none), and @end is then called with status 0. */
struct seccomp_notif;
struct seccomp_notif_resp;
struct sc_sink {
	void (*call)(struct sc_sink *s, const struct seccomp_notif *req,
		     struct seccomp_notif_resp *resp);
	void (*end)(struct sc_sink *s, int status);
	void *data;
	int (*keep)(struct sc_sink *s);
};

/* Runs the command as a child under @notify (or @plain when an outer
 * syscage holds the listener), its capabilities limited to @caps_keep
 * (sc_caps_limit), and feeds its notifications to @sink. Returns the exit
 * status. */
int sc_supervise_with(const struct sc_cli *cli, const char *path,
		      const struct sc_prog *notify, const struct sc_prog *plain,
		      const char *stage2_plain, unsigned flags,
		      uint64_t caps_keep, struct sc_sink *sink);

/* Runs the command as a child under stage one with notifications, and
 * reports denied calls (supervise.c); the widened start-up calls it lets
 * through for the first process until the shim's marks. Returns the exit
 * status. */
int sc_supervise(const struct sc_cli *cli, const char *path,
		 const struct sc_compiled *full, const struct sc_stages *st);

/* Once, when a run compiles @spec: check's warnings about rules that
 * never take effect and keys Docker ignores (tools.c). */
void sc_warn_at_run(const struct sc_cli *cli, const char *spec);

/* Subcommands (tools.c); each returns the exit status. */
int sc_cmd_check(const struct sc_cli *cli);
int sc_cmd_export(const struct sc_cli *cli);
int sc_cmd_syscalls(const struct sc_cli *cli);
int sc_cmd_explain(const struct sc_cli *cli);
int sc_cmd_diff(const struct sc_cli *cli);
int sc_cmd_which(const struct sc_cli *cli);

/* syscage cache (cache_cmd.c). */
extern const char sc_usage_cache[];
int sc_cmd_cache(const struct sc_cli *cli);

/* The shim beside the loader, or installed (run.c). */
int sc_find_shim(char *out, size_t size, struct sc_err *e);

/* syscage record (record.c). */
int sc_cmd_record(const struct sc_cli *cli);

/* Target inspection (target.c). */
enum sc_target_kind {
	SC_TARGET_DYNAMIC, /* runs ld.so, so the shim */
	SC_TARGET_STATIC, /* no ld.so, or one of another ABI */
};
int sc_find_command(const char *cmd, char *path, unsigned size,
		    struct sc_err *e);
int sc_target_kind(const char *path, enum sc_target_kind *kind,
		   struct sc_err *e);

#endif
