/* SPDX-License-Identifier: Apache-2.0 */
/* The subcommands main.c dispatches to, each described in its own file. */
#ifndef SC_COMMANDS_H
#define SC_COMMANDS_H

#include "cli.h"

extern const struct sc_cmd sc_run_cmd; /* run.c: [OPTION]... [--] COMMAND */
extern const struct sc_cmd sc_check_cmd;
extern const struct sc_cmd sc_explain_cmd;
extern const struct sc_cmd sc_export_cmd;
extern const struct sc_cmd sc_diff_cmd;
extern const struct sc_cmd sc_syscalls_cmd;
extern const struct sc_cmd sc_which_cmd;
extern const struct sc_cmd sc_record_cmd; /* record_cmd.c */
extern const struct sc_cmd sc_cache_cmd; /* cache_cmd.c */
extern const struct sc_cmd sc_agent_cmd;
extern const struct sc_cmd sc_status_cmd;

/* syscage record's work, on options record_cmd.c parsed (record.c). */
int sc_cmd_record(const struct sc_cli *cli);

#endif
