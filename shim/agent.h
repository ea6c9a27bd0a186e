/* SPDX-License-Identifier: Apache-2.0 */
/* The shim's handoff to `syscage agent` (loader/agent.c): under a bare
 * preload, with SYSCAGE_AGENT=SOCKET set, the profile's errno decisions go
 * to the agent as user notifications, and the agent answers them with the
 * same errno and reports them by name. */
#ifndef SC_SHIM_AGENT_H
#define SC_SHIM_AGENT_H

#include <stdbool.h>

#include "compile.h"

#define SC_ENV_AGENT "SYSCAGE_AGENT"
/* "1": ask the agent to let denied calls run and report them (honoured
 * only by an agent started with --complain). */
#define SC_ENV_AGENT_COMPLAIN "SYSCAGE_AGENT_COMPLAIN"
/* The first line of the shim's handoff message. */
#define SC_AGENT_HELLO "syscage-agent 1\n"

/* Loads @prog as sc_prog_load does; with SYSCAGE_AGENT set (else the
 * profile's listenerPath, @listener_path) and the process
 * under no filter yet, loads it with errno decisions turned into
 * notifications and hands the listener to the agent. Whenever the agent
 * cannot take it (unreachable, not trusted, refused the profile, the
 * profile denies the handoff's own calls), the plain program is in force
 * and one line on stderr says so: never less confined, never refused for
 * want of reports. */
int sc_shim_agent_load(const struct sc_prog *prog, unsigned flags,
		       const char *listener_path, const char *profile,
		       const char *caps, bool strict, bool lenient,
		       struct sc_err *e);

#endif
