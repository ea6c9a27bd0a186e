#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Confine every command the rest of a script runs, with no loader: export
# the two variables once. The shell itself is not confined (it was already
# running); each program it starts is, before its main, and so are their
# children. Use NoNewPrivileges (or the loader) if the script runs setuid
# programs: ld.so ignores LD_PRELOAD for them otherwise. PROFILE is a
# profile name (looked up in SYSCAGE_PATH, see `syscage which`), a path, or
# default.
SHIM=${SHIM:-/usr/local/lib/syscage/libsyscage.so}
export LD_PRELOAD="$SHIM${LD_PRELOAD:+:$LD_PRELOAD}"
export SYSCAGE_PROFILE="${PROFILE:-default}"

# From here on, under the profile:
uname -s
python3 -c 'import os; print("pid", os.getpid())' 2>/dev/null || true
