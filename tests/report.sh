#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Seeing what the filter does: reports of denied calls (by name, with the
# rule and how to allow it, in every process of the tree), --complain, and
# profiles learned by `syscage record`.
. tests/lib.sh

touch "$T/f"
chmod 600 "$T/f"

# The lab's step: chmod fails as usual, and the report names the call.
run "$SYSCAGE" -q -p "$LAB/default-no-chmod.json" -- chmod 777 "$T/f"
isnt "$RC" 0 "no-chmod: chmod fails"
like "$ERR" "Operation not permitted" "... with the usual message"
like "$ERR" "^syscage: denied: chmod\\[[0-9]+\\]: fchmodat\\(.*\"$(re "$T/f")\".*\\): errno EPERM, by .*default-no-chmod.json: the default action; to allow fchmodat, add it to the \"names\" of a rule" \
	"... and one report line: the call, its path, the profile, how to allow it"
is "$(stat -c %a "$T/f")" 600 "... and the mode did not change"

# The program sees exactly what the profile asks for.
printf '%s\n' '[profile]' 'default = errno EPERM' '[allow]' \
	'syscalls = @default execve' '[errno EACCES]' 'syscalls = uname' \
	>"$T/p.ini"
run "$SYSCAGE" -q -p "$T/p.ini" -- "$PROBE" uname uname uname mount
is "$OUT" "uname=-EACCES
uname=-EACCES
uname=-EACCES
mount=-EPERM" "the program sees the profile's own errno values"
like "$ERR" "uname\\(.*errno EACCES, by $(re "$T/p.ini"):6 \\(errno EACCES uname\\)" \
	"the report names the rule's FILE:LINE"
like "$ERR" "to allow uname, add it to \"syscalls =\" in an \\[allow\\] section" \
	"... and says how to allow it, in the profile's own language"
is "$(printf '%s\n' "$ERR" | grep -c 'denied: probe.*uname')" 1 \
	"a repeated denial is reported once"
like "$ERR" "uname denied 3 times in all" "... and counted at the end"

# Every process of the tree, after execve, without LD_PRELOAD.
run "$SYSCAGE" -q --caps none -- sh -c \
	"env -u LD_PRELOAD -u SYSCAGE_PROFILE '$PROBE' socket:40:1:0"
is "$OUT" "socket=-EPERM" "a child without the shim is still confined"
like "$ERR" "denied: probe\\[[0-9]+\\]: socket\\(AF_VSOCK" \
	"... and its denied call is reported by name"

# --log FILE: reports appended there, whole lines from many processes.
run "$SYSCAGE" -q --caps none --log "$T/log" -- sh -c \
	"for i in 1 2 3 4 5 6; do '$PROBE' socket:40:1:0 & done; wait"
is "$ERR" "" "--log: nothing on stderr"
is "$(grep -c '^syscage: denied: probe\[[0-9]*\]: socket(AF_VSOCK, SOCK_STREAM, 0): errno EPERM' "$T/log")" 1 \
	"--log: the report, whole, in the file"
run env SYSCAGE_LOG="$T/log2" "$SYSCAGE" -q --caps none -- "$PROBE" mount
like "$(cat "$T/log2")" "denied: probe.*mount" "SYSCAGE_LOG works as --log"

# --complain: nothing denied, everything counted.
run "$SYSCAGE" --complain -p "$LAB/deny.json" -- ls /
is "$RC" 0 "--complain on deny.json: ls runs to completion"
like "$OUT" "^usr$" "... and lists /"
for call in openat getdents64 write exit_group; do
	like "$ERR" "^syscage: $call would have been denied [0-9]+ times? in all" \
		"--complain lists $call"
done
# The loader's own execve of ls, and ld.so's start-up before the shim's
# marks, are not the program's doing.
unlike "$ERR" "^syscage: execve would have been denied" \
	"--complain does not list the loader's own execve"

# Arguments up to the call's arity, well-known values by name (issue 12).
run "$SYSCAGE" -q -p "$LAB/default-no-chmod.json" -- chmod 777 "$T/f"
like "$ERR" "fchmodat\\(AT_FDCWD, \"$(re "$T/f")\", 0777\\): errno EPERM" \
	"a report shows fchmodat's three arguments: AT_FDCWD by name, the path, the mode"

# A denial made by a two-stage profile names the call that failed, not a
# later consequence: under shell-readonly, cp's openat for writing.
RO=$ROOT/conf/profiles/shell-readonly.ini
run "$SYSCAGE" -p "$RO" -- cp /etc/hostname "$T/copy"
isnt "$RC" 0 "shell-readonly: cp cannot create a file"
like "$ERR" "denied: cp\\[[0-9]+\\]: openat\\(AT_FDCWD, \"$(re "$T/copy")\", O_WRONLY\\|O_CREAT" \
	"... and the report names the openat that failed"
hint=$(printf '%s\n' "$ERR" | sed -n 's/.*openat(.*to allow it, add "\(openat = arg2 == [^"]*\)" to an \[allow\] section$/\1/p')
like "$hint" "^openat = arg2 == O_WRONLY\\|O_CREAT" \
	"... with the INI condition that allows exactly this call"
sed "s/^open = .*/&\n$hint/" "$RO" >"$T/ro2.ini"
run "$SYSCAGE" -q -p "$T/ro2.ini" -- cp /etc/hostname "$T/copy"
unlike "$ERR" "denied: cp\\[[0-9]+\\]: openat" "... which, added to the profile, lets it through"

# A denial decided by an argument: the hint names the condition, in JSON.
run "$SYSCAGE" -q -p "$MOBY" -- "$PY" -c 'import socket; socket.socket(40, socket.SOCK_STREAM)'
like "$ERR" "socket\\(AF_VSOCK, SOCK_STREAM\\|SOCK_CLOEXEC, 0\\)" \
	"socket(AF_VSOCK): three arguments, by name"
like "$ERR" "to allow it, add \\{\"names\": \\[\"socket\"\\], \"action\": \"SCMP_ACT_ALLOW\", \"args\": \\[\\{\"index\": 0, \"value\": 40, \"op\": \"SCMP_CMP_EQ\"\\}\\]\\}" \
	"... and the hint is a rule with an args entry, not all of socket"

# --complain lists what the program did: not the loader's own execve, not
# the shim's prctl(PR_GET_SECCOMP).
printf '%s\n' '[profile]' 'default = errno EPERM' '[allow]' 'syscalls = @default' >"$T/bare.ini"
run "$SYSCAGE" --complain -p "$T/bare.ini" -- sh -c 'ls >/dev/null'
like "$ERR" "would deny: sh\\[[0-9]+\\]: execve\\(\"/usr/bin/ls\"" "--complain: the program's execve of ls is listed"
is "$(printf '%s\n' "$ERR" | grep -c 'would deny: .*execve(')" 1 "... the loader's own execve is not"
unlike "$ERR" "PR_GET_SECCOMP" "... nor the shim's prctl"

# --no-report: the loader execs the command itself.
run "$SYSCAGE" -q --no-report --caps none -- sh -c 'echo $$; exec "$0" mount' "$PROBE"
is "$(printf '%s\n' "$OUT" | sed -n 2p)" "mount=-EPERM" "--no-report: still confined"
is "$ERR" "" "--no-report: no report"

# syscage record: the same run succeeds under the profile it writes; a call
# the run never made is denied and reported.
cat >"$T/work.py" <<EOS
import json, threading
t = threading.Thread(target=print, args=(json.dumps({"n": sum(range(10))}),))
t.start(); t.join()
EOS
run "$SYSCAGE" record -o "$T/rec.ini" -- "$PY" "$T/work.py"
is "$RC:$OUT" '0:{"n": 45}' "record runs the command"
like "$ERR" "recorded [0-9]+ calls into $(re "$T/rec.ini")" "record says where"
head=$(sed -n '1,/^$/s/^; //p' "$T/rec.ini" | tr '\n' ' ')
like "$head" "^syscage profile, recorded by syscage record from: $(re "$PY $T/work.py")\\." \
	"the recorded INI's header says what ran (not \"converted from\")"
run "$SYSCAGE" check "$T/rec.ini"
is "$RC" 0 "the recorded profile passes check"
run "$SYSCAGE" -q -p "$T/rec.ini" -- "$PY" "$T/work.py"
is "$RC:$OUT" '0:{"n": 45}' "the same run succeeds under the recorded profile"
run "$SYSCAGE" -q -p "$T/rec.ini" -- "$PY" -c "import os; os.chmod('$T/f', 0o644)"
like "$ERR" "PermissionError" "a script that calls os.chmod is denied"
like "$ERR" "denied: python3\\[[0-9]+\\]: chmod\\(\"$(re "$T/f")\"" "... and reported"
like "$(cat "$T/rec.ini")" "^syscalls = clone3" \
	"clone3 is answered ENOSYS (glibc then uses clone)"
run "$SYSCAGE" record --format json -o "$T/rec.json" -- "$PY" "$T/work.py"
run "$SYSCAGE" -q -p "$T/rec.json" -- "$PY" "$T/work.py"
is "$RC:$OUT" '0:{"n": 45}' "record --format json: the same run succeeds"

# The recorded set covers what strace sees: every process from its execve
# (the dynamic loader's calls too), but for the first execve, which is the
# loader's own and which stage one lets through.
if command -v strace >/dev/null 2>&1; then
	strace -f -qq -o "$T/st" -e trace=all "$PY" "$T/work.py" >/dev/null 2>&1
	run "$SYSCAGE" record -o "$T/all.ini" -- "$PY" "$T/work.py"
	missing=
	for c in $(sed -n 's/^[0-9]* *\([a-z_0-9]*\)(.*/\1/p' "$T/st" | sort -u | grep -vx execve); do
		grep -qw "$c" "$T/all.ini" || missing="$missing $c"
	done
	is "$missing" "" "record covers every call strace -f saw"
else
	skip "strace is not installed"
fi

# --base merges with an existing profile: its rules, then the run's.
printf '%s\n' '[profile]' 'default = errno EPERM' '[allow]' \
	'syscalls = chmod fchmodat' >"$T/base.ini"
run "$SYSCAGE" record --base "$T/base.ini" -o "$T/merged.ini" -- "$PY" "$T/work.py"
run "$SYSCAGE" -q -p "$T/merged.ini" -- "$PY" -c "import os; os.chmod('$T/f', 0o644); print('ok')"
is "$RC:$OUT" "0:ok" "--base: the base's chmod and the run's calls both allowed"
done_testing
