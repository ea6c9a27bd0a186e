#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# What users copy from examples/ works as its comments say.
. tests/lib.sh

run env SYSCAGE="$SYSCAGE" sh examples/docker-lab/run-lab.sh
is "$RC" 0 "the lab walk-through runs to its end"
# One "exit status" line per step, in order.
is "$(printf '%s\n' "$OUT" | sed -n 's/^exit status: //p' | tr '\n' ' ')" \
	"125 1 0 0 " "lab steps end with 125 (deny), 1 (no chmod), 0, 0"
like "$ERR" "deny.json: the profile denies exit_group" \
	"lab step 1: deny.json is refused with the reason"
unlike "$OUT" "should not print" "lab step 1: the command did not run"
like "$ERR" "chmod: .*Operation not permitted" "lab step 2: chmod gets EPERM"
like "$OUT" "^unconfined in effect$" "lab step 4: allow.json allows"

run env SYSCAGE="$SYSCAGE" PROFILE="$MOBY" SYSCAGE_CAPS=none \
	sh examples/wrappers/syscage-exec "$PROBE" socket:40:1:0 getpid
is "$RC" 0 "syscage-exec runs the command"
is "$OUT" "socket=-EPERM
getpid=0" "syscage-exec: under the profile"

cat >"$T/rest.sh" <<EOS
. '$ROOT/examples/wrappers/confine-rest.sh' >/dev/null
'$PROBE' socket:40:1:0
EOS
run env SHIM="$SHIM" PROFILE="$MOBY" SYSCAGE_CAPS=none SYSCAGE_QUIET=1 \
	sh "$T/rest.sh"
is "$RC" 0 "confine-rest.sh: the script runs"
is "$OUT" "socket=-EPERM" "confine-rest.sh: later commands are confined"

conf=examples/systemd/myapp.service.d/syscage.conf
like "$(cat "$conf")" "Environment=LD_PRELOAD=.*libsyscage.so" \
	"the systemd drop-in preloads the shim"
like "$(cat "$conf")" "NoNewPrivileges=yes" \
	"the systemd drop-in sets NoNewPrivileges"
done_testing
