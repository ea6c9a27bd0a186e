#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# syscage agent: a bare-preloaded program hands its filter's listener to the
# agent (SYSCAGE_AGENT), which answers with the profile's errno and writes
# the named report line; as root and as nobody; the agent unreachable,
# untrusted or refusing; --complain; clients that send no listener; the
# socket passed by systemd (LISTEN_FDS).
. tests/lib.sh

stage_unprivileged
cat >"$T/u/p.json" <<'EOF'
{
	"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [
		{ "names": ["uname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 },
		{ "names": ["mount"], "action": "SCMP_ACT_ERRNO" }
	]
}
EOF
chmod 644 "$T/u/p.json"
PROF=$T/u/p.json
SOCK=$T/agent.sock

# start_agent LABEL [ARG]...: the agent in the background, ready (it said
# so) when this returns; AGENT_PID, its log in $T/LABEL.log.
start_agent() {
	_l=$1
	shift
	rm -f "$T/$_l.out"
	"$SYSCAGE" agent "$@" >"$T/$_l.out" 2>"$T/$_l.err" &
	AGENT_PID=$!
	_i=0
	until grep -q listening "$T/$_l.out" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 300 ] && kill -0 $AGENT_PID 2>/dev/null || break
		sleep 0.05
	done
}
stop_agent() {
	kill "$AGENT_PID" 2>/dev/null
	wait "$AGENT_PID" 2>/dev/null
}
# Under the shim, p.json, the agent at $SOCK ($T has no blanks).
PRELOAD="env LD_PRELOAD=$SHIM SYSCAGE_PROFILE=$PROF SYSCAGE_AGENT=$SOCK"

start_agent a --socket "$SOCK" --log "$T/a.log"
like "$(cat "$T/a.out")" "listening on $(re "$SOCK")" "the agent says where it listens"
is "$(stat -c %a "$SOCK")" 666 "as root the socket is open to every user"

run $PRELOAD "$PROBE" uname mount getpid
is "$OUT" "uname=-EACCES
mount=-EPERM
getpid=$(printf '%s\n' "$OUT" | sed -n 's/^getpid=//p')" \
	"bare preload with the agent: the profile's own errno values"
is "$ERR" "" "... nothing on the program's stderr"
like "$(cat "$T/a.log")" "^syscage: denied: probe\\[[0-9]+\\]: uname\\(.*\\): errno EACCES, by $(re "$PROF"):4 \\(errno EACCES uname\\); to allow uname, .*; from (unit|cgroup|uid) " \
	"the agent's log: the call by name, the rule, how to allow it, where from"
like "$(cat "$T/a.log")" "denied: probe\\[[0-9]+\\]: mount\\(" "... every denied call"
like "$(cat "$T/a.log")" "serving pid [0-9]+ \\(uid 0\\) under $(re "$PROF")" \
	"... and which process it serves under which profile"

# The profile names the agent itself: JSON "listenerPath", INI "listener =".
sed "s|\"defaultAction\"|\"listenerPath\": \"$SOCK\", \"defaultAction\"|" \
	"$PROF" >"$T/u/lp.json"
printf '[profile]\ndefault = allow\nlistener = %s\n[errno EACCES]\nsyscalls = uname\n' \
	"$SOCK" >"$T/u/lp.ini"
chmod 644 "$T/u/lp.json" "$T/u/lp.ini"
for lp in lp.json lp.ini; do
	: >"$T/a.log"
	run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$T/u/$lp" "$PROBE" uname
	is "$OUT:$ERR" "uname=-EACCES:" "$lp, no SYSCAGE_AGENT: the profile's errno, nothing on stderr"
	like "$(cat "$T/a.log")" "denied: probe\\[[0-9]+\\]: uname\\(" \
		"$lp: the agent the profile names reports the call by name"
done

# The same as nobody: the agent (root) reads a world-readable profile.
run nobody env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE="$PROF" \
	SYSCAGE_AGENT="$SOCK" "$U_PROBE" uname mount
is "$OUT" "uname=-EACCES
mount=-EPERM" "as nobody: denied with the profile's errno"
like "$(cat "$T/a.log")" "serving pid [0-9]+ \\(uid 65534\\)" \
	"as nobody: the agent serves it"
is "$(grep -c 'denied: probe.*uname' "$T/a.log")" 2 \
	"as nobody: its denial reported too"

# A profile the client may read but did not write, owned by another user:
# the agent refuses to read it for the client, the shim stacks the plain
# filter, says so, and the call stays denied with its errno.
cp "$PROF" "$T/u/other.json"
chown 1234 "$T/u/other.json"
run nobody env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE="$T/u/other.json" \
	SYSCAGE_AGENT="$SOCK" "$U_PROBE" uname
is "$OUT" "uname=-EACCES" "a profile the client may not name: still denied"
is "$ERRLINES" 1 "... one line on stderr"
like "$ERR" "^syscage: SYSCAGE_AGENT=$(re "$SOCK"): .*not owned by uid 65534.*; the profile's errno applies, denials are not reported$" \
	"... says the agent did not take it, and why"

# --complain was not given: a client asking for it is still denied.
run env SYSCAGE_AGENT_COMPLAIN=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$PROF" \
	SYSCAGE_AGENT="$SOCK" "$PROBE" uname
is "$OUT" "uname=-EACCES" "complain asked, agent without --complain: denied"

# A client that sends no listener, or garbage: refused, the agent goes on.
run "$PY" -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"syscage-agent 1\nprofile=default\nend\n"); print(s.recv(100).decode().strip())' "$SOCK"
like "$OUT" "^no: no seccomp listener" "a message without a listener is refused"
run "$PY" -c 'import socket,sys,os; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); fd=os.open("/etc/hostname",0); socket.send_fds(s,[b"syscage-agent 1\nprofile=default\nend\n"],[fd]); print(s.recv(100).decode().strip())' "$SOCK"
like "$OUT" "^no: no seccomp listener" "... and one with a file that is no listener"
run $PRELOAD "$PROBE" uname
is "$OUT" "uname=-EACCES" "the agent still serves after them"

stop_agent
like "$(cat "$T/a.log")" "uname denied [0-9]+ times in all|^syscage: denied" \
	"the agent ends cleanly on SIGTERM"
[ ! -e "$SOCK.served" ]
ok $? "... and removes its record of served processes"

# Unreachable: one line, the plain filter, the profile's errno.
run $PRELOAD "$PROBE" uname
is "$OUT" "uname=-EACCES" "no agent: the call is still denied with its errno"
is "$ERRLINES" 1 "... one line on stderr"
like "$ERR" "^syscage: SYSCAGE_AGENT=$(re "$SOCK"): .*; the profile's errno applies, denials are not reported$" \
	"... saying the agent was not reached"
run nobody env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE="$PROF" \
	SYSCAGE_AGENT="$SOCK" "$U_PROBE" uname
is "$OUT" "uname=-EACCES" "no agent, as nobody: still denied"

# --complain, for a client that asks: the call runs and is reported.
start_agent c --socket "$SOCK" --log "$T/c.log" --complain
run env SYSCAGE_AGENT_COMPLAIN=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$PROF" \
	SYSCAGE_AGENT="$SOCK" "$PROBE" uname
is "$OUT" "uname=-EFAULT" "--complain, asked for: the call runs (EFAULT: uname(NULL))"
like "$(cat "$T/c.log")" "would deny: probe\\[[0-9]+\\]: uname\\(" \
	"... reported as would deny"
run $PRELOAD "$PROBE" uname
is "$OUT" "uname=-EACCES" "--complain, not asked for: denied"
stop_agent

# examples/systemd as systemd would start them: the socket of
# syscage-agent.socket (ListenStream, SocketMode) made here and passed as
# fd 3 (LISTEN_FDS) to syscage-agent.service's ExecStart, and a program
# with syscage-agent.conf's Environment. Installed paths become the build
# tree's.
SD=$ROOT/examples/systemd
unit() { # unit FILE KEY: the value, /run/syscage -> $T, the loader built
	sed -n "s/^$2=//p" "$SD/$1" | sed "s|/run/syscage|$T|g; s|/usr/local/bin/syscage|$SYSCAGE|g"
}
rm -f "$SOCK"
is "$(unit syscage-agent.socket ListenStream)" "$SOCK" "the socket unit listens where the drop-in points"
cat >"$T/activate.py" <<'EOF'
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(8)
os.chmod(sys.argv[1], int(sys.argv[2], 8))
if s.fileno() != 3:
    os.dup2(s.fileno(), 3)
os.set_inheritable(3, True)
os.environ["LISTEN_PID"] = str(os.getpid())
os.environ["LISTEN_FDS"] = "1"
os.execv(sys.argv[3], sys.argv[3:])
EOF
# shellcheck disable=SC2046
"$PY" "$T/activate.py" "$(unit syscage-agent.socket ListenStream)" \
	"$(unit syscage-agent.socket SocketMode)" \
	$(unit syscage-agent.service ExecStart) >"$T/s.out" 2>"$T/s.log" &
AGENT_PID=$!
i=0
until grep -q listening "$T/s.out" 2>/dev/null || [ $i -ge 300 ]; do
	i=$((i + 1))
	sleep 0.05
done
like "$(cat "$T/s.out")" "listening on $(re "$SOCK")" "ExecStart with LISTEN_FDS: serves the passed socket"
# shellcheck disable=SC2046
run env $(unit syscage-agent.conf Environment) LD_PRELOAD="$SHIM" \
	SYSCAGE_PROFILE="$PROF" "$PROBE" uname
is "$OUT" "uname=-EACCES" "the drop-in's environment: denied"
like "$(cat "$T/s.log")" "denied: probe\\[[0-9]+\\]: uname\\(" "... and reported in the agent's journal (stderr)"
# shellcheck disable=SC2046
run nobody env $(unit syscage-agent.conf Environment) LD_PRELOAD="$U_SHIM" \
	SYSCAGE_PROFILE="$PROF" "$U_PROBE" uname
is "$OUT" "uname=-EACCES" "as nobody, through the socket's mode: denied"
like "$(cat "$T/s.log")" "serving pid [0-9]+ \\(uid 65534\\)" "... and served"
stop_agent

done_testing
