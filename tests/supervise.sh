#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2016 # $1, $PPID and $! are for the inner sh
# The supervisor holds the listener, and nothing of the command may take it:
#   - the command cannot kill or stop the supervisor (Landlock signal
#     scoping, ABI 6), as root and as nobody;
#   - a supervisor killed from outside leaves every notified call failing;
#   - processes the command leaves behind are served by a keeper (the
#     profile's errno, report lines) until the last is gone, while syscage
#     returns the command's status at once, holding no stdout;
#   - a nested syscage, refused a listener, filters without reports.
. tests/lib.sh
stage_unprivileged
NOCHMOD=docker-labs/default-no-chmod.json
LL_ABI=$("$PY" -c 'import ctypes; print(ctypes.CDLL(None).syscall(444, 0, 0, 1))' 2>/dev/null)

# A fresh directory D (world-writable) with a file D/f of mode 644 that
# the user of $AS owns, so that an unconfined chmod of theirs would succeed.
fresh() { # fresh NAME
	D=$T/$1
	mkdir -p "$D"
	chmod 777 "$D"
	$AS sh -c ': >"$1/f" && chmod 644 "$1/f"' sh "$D"
}

# wait_for PATH: until PATH exists, at most TIMEOUT seconds (a failure is
# then seen by the check that follows, not hung on).
wait_for() {
	_i=0
	while [ ! -e "$1" ] && [ $_i -lt $((TIMEOUT * 20)) ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}

# alive PID: the process exists and is not a zombie.
alive() {
	[ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# gone PID: waits until PID has ended (at most TIMEOUT seconds); true if so.
gone() {
	_i=0
	while alive "$1" && [ $_i -lt $((TIMEOUT * 20)) ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	! alive "$1"
}

# keeper_of MARK: the pid of a syscage-keeper whose command line has MARK.
keeper_of() {
	for _p in $(pgrep -f -- "$1"); do
		[ "$(cat "/proc/$_p/comm" 2>/dev/null)" = syscage-keeper ] &&
			echo "$_p"
	done
}

for who in root nobody; do
	# $AS: a prefix that runs a command as $who (a plain command, so
	# that `$AS CMD &` leaves CMD's pid in $!).
	if [ $who = nobody ]; then
		S=$U_SYSCAGE PR=$U_P/$NOCHMOD
		AS="env -C $T HOME=$T $NOBODY_SETPRIV"
	else
		S=$SYSCAGE PR=$P/$NOCHMOD AS=
	fi

	# --- the command against its supervisor ------------------------------
	fresh "kill-$who"
	$AS chmod 600 "$D/f"
	ok $? "$who: control: unconfined, chmod of its own file works"
	$AS chmod 644 "$D/f"
	if [ "${LL_ABI:-0}" -ge 6 ] 2>/dev/null; then
		run $AS "$S" -p "$PR" -- sh -c '
			kill -9 $PPID 2>/dev/null; echo kill=$?
			kill -STOP $PPID 2>/dev/null; echo stop=$?
			kill -TERM $PPID 2>/dev/null; echo term=$?
			chmod 777 "$1/f" 2>/dev/null; echo chmod=$?' sh "$D"
		is "$RC" 0 "$who, Landlock ABI $LL_ABI: the supervisor outlives the command's kill -9, -STOP and -TERM"
		is "$OUT" "kill=1
stop=1
term=1
chmod=1" "$who: each signal is refused; chmod, after them, is still denied"
		like "$ERR" "denied: chmod\\[[0-9]+\\]: fchmodat\\(.*$(re "$D/f")" \
			"$who: ... and reported by the supervisor, alive"
		is "$(stat -c %a "$D/f")" 644 "$who: ... and the mode did not change"
	else
		for _ in 1 2 3 4; do
			skip "no Landlock ABI 6 here (got '${LL_ABI:-}'): the command can signal its supervisor"
		done
	fi

	# --- a supervisor killed from outside --------------------------------
	fresh "dead-$who"
	$AS "$S" -q -p "$PR" -- sh -c ': >"$1/up"; while [ ! -e "$1/go" ]; do sleep 0.05; done
		chmod 777 "$1/f" 2>"$1/err"; echo $? >"$1/done"' sh "$D" \
		</dev/null >/dev/null 2>&1 &
	sup=$!
	wait_for "$D/up"
	kill -9 $sup
	wait $sup 2>/dev/null
	: >"$D/go"
	wait_for "$D/done"
	is "$(cat "$D/done" 2>/dev/null)" 1 "$who: with its supervisor killed, the command's chmod fails"
	like "$(cat "$D/err" 2>/dev/null)" "Function not implemented" \
		"$who: ... with ENOSYS, the kernel's answer for a closed listener"
	is "$(stat -c %a "$D/f")" 644 "$who: ... and the mode did not change"

	# --- processes left behind -------------------------------------------
	fresh "left-$who"
	run $AS "$S" -q -p "$PR" --log "$D/log" -- sh -c '
		(while [ ! -e "$1/go" ]; do sleep 0.05; done
		 chmod 777 "$1/f"; echo $? >"$1/done") >/dev/null 2>&1 &
		exit 0' sh "$D"
	is "$RC" 0 "$who: a command that leaves a job behind: syscage returns its status"
	[ ! -e "$D/done" ]
	ok $? "$who: ... before the job ran (it waits for us)"
	k=$(keeper_of "$D")
	isnt "$k" "" "$who: a syscage-keeper holds the listener for the job"
	: >"$D/go"
	wait_for "$D/done"
	is "$(cat "$D/done" 2>/dev/null)" 1 "$who: the job's chmod, after the command ended, fails"
	is "$(stat -c %a "$D/f")" 644 "$who: ... the mode did not change"
	like "$(cat "$D/log" 2>/dev/null)" \
		"^syscage: denied: chmod\\[[0-9]+\\]: fchmodat\\(.*$(re "$D/f").*errno EPERM" \
		"$who: ... and the denial is reported by name in --log"
	if [ -n "$k" ]; then
		gone "$k"
		ok $? "$who: the keeper ends once the last process has"
	else
		skip "no keeper seen"
	fi
	left=
	for p in $(pgrep -f -- "$D"); do
		alive "$p" && left="$left $p"
	done
	is "$left" "" "$who: no process of the run is left"
done

# --- no stdout held ---------------------------------------------------------
x=$("$SYSCAGE" -q -- sh -c 'sleep 40 >/dev/null 2>&1 & echo $!' 2>/dev/null)
alive "$x"
ok $? "\$(syscage -- sh -c 'sleep 40 >/dev/null 2>&1 &') returns while the sleep still runs"
[ -n "$x" ] && kill "$x"
run "$SYSCAGE" -q -- sh -c 'exit 7'
is "$RC" 7 "with nothing left behind, the status as before"
x=$("$SYSCAGE" -q -- sh -c 'sleep 40 >/dev/null 2>&1 & echo $!; kill -9 $$' "$T/killed")
is "$?" 137 "a command killed by a signal: syscage dies the same way, its job left"
alive "$x"
ok $? "... with the job still running"
k=$(keeper_of "$T/killed")
[ -n "$x" ] && kill "$x"
if [ -n "$k" ]; then
	gone "$k"
	ok $? "... and its keeper ends with it"
else
	skip "no keeper seen"
fi

# --- a nested syscage -------------------------------------------------------
AS=
fresh nested
run "$SYSCAGE" -q -- "$SYSCAGE" -p "$P/$NOCHMOD" -- chmod 777 "$D/f"
isnt "$RC" 0 "nested under a reporting syscage: chmod fails"
is "$(stat -c %a "$D/f")" 644 "... the mode did not change"
is "$(printf '%s\n' "$ERR" | grep -c '^syscage: reports are off: an outer syscage')" 1 \
	"... and the inner syscage says once that its reports are off"
run "$SYSCAGE" -q -- "$SYSCAGE" -q -p "$P/$NOCHMOD" -- chmod 777 "$D/f"
unlike "$ERR" "reports are off" "... but not with -q"
is "$(stat -c %a "$D/f")" 644 "... where chmod is denied all the same"

done_testing
