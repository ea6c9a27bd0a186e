#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# syscage status: tells a confined process (bare preload, loader, agent)
# from an unconfined one and from one whose LD_PRELOAD is mistyped; text
# and --json; as nobody, another user's process shows what can be read.
. tests/lib.sh

stage_unprivileged
PIDS=
# bg VAR CMD...: CMD (ending in sh -c ...) in the background, its pid in
# VAR. Ready once this returns: sh's main ran (so the shim's constructor
# had run before it) and exec'd sleep.
n=0
mkdir -m 1777 "$T/r"
bg() {
	_v=$1
	shift
	n=$((n + 1))
	"$@" sh -c ': >"$0"; exec sleep 60' "$T/r/ready.$n" >/dev/null 2>&1 &
	_p=$!
	PIDS="$PIDS $_p"
	_i=0
	until [ -e "$T/r/ready.$n" ] && [ "$(cat /proc/$_p/comm)" = sleep ] ||
		[ $_i -ge 300 ]; do
		_i=$((_i + 1))
		sleep 0.05
	done
	eval "$_v=$_p"
}
trap 'kill $PIDS 2>/dev/null; rm -rf "$T"' EXIT

bg PRE env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default
bg NONE
bg TYPO env LD_PRELOAD="$B/libsyscage.so.typo" SYSCAGE_PROFILE=default

run "$SYSCAGE" status "$PRE"
is "$RC" 0 "a confined process: exit 0"
like "$OUT" "^$PRE sleep: seccomp filter, 1 filter; syscage profile default; reports: none; landlock: unknown$" \
	"bare preload: filter, its profile, nobody reports"
run "$SYSCAGE" status "$NONE"
like "$OUT" "^$NONE sleep: seccomp none, 0 filters; reports: none" "unconfined: no filter"
unlike "$OUT" WARNING "... and not flagged: it does not ask for syscage"
is "$RC" 0 "... exit 0"
run "$SYSCAGE" status "$TYPO"
is "$RC" 1 "a mistyped LD_PRELOAD: exit 1"
like "$OUT" "^$TYPO sleep: seccomp none, 0 filters; asks for profile default" \
	"... it has no filter, and asks for one"
like "$OUT" "^$TYPO sleep: WARNING: its environment asks for syscage \\(LD_PRELOAD=$(re "$B/libsyscage.so.typo"), SYSCAGE_PROFILE=default\\) but it runs with no filter" \
	"... flagged"

# Under the loader: its supervisor reports; the marker says what is in force.
"$SYSCAGE" -q -p default -- sleep 60 >/dev/null 2>&1 &
LOADER=$!
PIDS="$PIDS $LOADER"
i=0
until KID=$(pgrep -P $LOADER sleep) && [ "$(cat /proc/$KID/comm)" = sleep ] || [ $i -ge 300 ]; do
	i=$((i + 1))
	sleep 0.05
done
run "$SYSCAGE" status "$KID"
like "$OUT" "^$KID sleep: seccomp filter, 1 filter; syscage profile default; reports: supervisor $LOADER;" \
	"under the loader: the marker, and the supervisor that reports"

# Served by the agent.
"$SYSCAGE" agent --socket "$T/a.sock" --log "$T/a.log" >"$T/a.out" 2>&1 &
AGENT=$!
PIDS="$PIDS $AGENT"
i=0
until grep -q listening "$T/a.out" 2>/dev/null || [ $i -ge 300 ]; do
	i=$((i + 1))
	sleep 0.05
done
bg AG env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default SYSCAGE_AGENT="$T/a.sock"
run "$SYSCAGE" status "$AG"
like "$OUT" "^$AG sleep: seccomp filter, 1 filter; syscage profile default; reports: agent $(re "$T/a.sock");" \
	"served by the agent: said so"

# No PID: every process that has a filter or asks for one.
run "$SYSCAGE" status
is "$RC" 1 "no PID: exit 1 (the mistyped one is among them)"
for p in $PRE $TYPO $KID $AG; do
	like "$OUT" "^$p sleep: " "no PID: lists $p"
done
unlike "$OUT" "^$NONE sleep" "no PID: leaves out a process that neither has nor asks for a filter"

run "$SYSCAGE" status --json "$PRE" "$TYPO"
is "$(printf '%s' "$OUT" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(" ".join("%s:%s:%s:%s" % (p["seccomp"], p["filters"], p["profile"], p["unconfined_but_asks"]) for p in d))')" \
	"filter:1:default:False none:0:default:True" "--json: the same facts"

# As nobody: root's process shows its filter; its environment is not readable.
run nobody "$U_SYSCAGE" status "$PRE"
like "$OUT" "^$PRE sleep: seccomp filter, 1 filter; profile unknown \\(environment not readable\\)" \
	"as nobody: another user's process, what can be read"
# shellcheck disable=SC2086
bg NB env -C "$T" HOME="$T" $NOBODY_SETPRIV env LD_PRELOAD="$U_SHIM" \
	SYSCAGE_PROFILE=default
run nobody "$U_SYSCAGE" status "$NB"
like "$OUT" "^$NB sleep: seccomp filter, 1 filter; syscage profile default;" \
	"as nobody: its own process, in full"
run "$SYSCAGE" status 999999999
is "$RC" 125 "no such process: 125"
like "$ERR" "^syscage: status: 999999999: no such process$" "... in one line"

kill $PIDS 2>/dev/null
done_testing
