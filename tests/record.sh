#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# syscage record for process trees (issue 12): a child's dynamic loader and
# the shim's own call in it, the calls every program needs, a profile
# written however the command ends, output never mixed with the program's,
# --base without repeats; as root and as nobody.
. tests/lib.sh

# The smallest case of the issue: a shell that starts another program.
run "$SYSCAGE" record -o "$T/ls.ini" -- sh -c 'ls / >/dev/null; echo done'
is "$RC:$OUT" "0:done" "record: a shell that runs ls"
run "$SYSCAGE" -p "$T/ls.ini" -- sh -c 'ls / >/dev/null; echo done'
is "$RC:$OUT" "0:done" "... replays under the recorded profile"
unlike "$ERR" "denied" "... with no denial"
run "$SYSCAGE" -p "$T/ls.ini" -- sh -c 'mkdir "$0"; echo done' "$T/d"
like "$ERR" "denied: mkdir\\[[0-9]+\\]: mkdir\\(\"$(re "$T/d")\"" \
	"a call the run never made is denied and reported by name"
test ! -d "$T/d"
ok $? "... and did not run"

# The calls every program needs sooner or later, and the shim's question.
for c in exit exit_group restart_syscall rt_sigreturn; do
	grep -qw "$c" "$T/ls.ini"
	ok $? "a recorded profile allows $c"
done
like "$(grep '^prctl' "$T/ls.ini")" "^prctl = arg0 == PR_GET_SECCOMP$" \
	"prctl: only the option seen (the shim's PR_GET_SECCOMP in ls)"
like "$(grep '^ioctl' "$T/ls.ini")" "^ioctl = arg1 == TCGETS" \
	"ioctl: only the requests seen, by name"
grep -q '^syscalls = execve' "$T/ls.ini"
isnt $? 0 "the loader's own execve is not what put execve in"

# Output: a file, or stdout alone with the command's stdout on stderr;
# never the profile mixed into the program's output.
run "$SYSCAGE" record -- true
is "$RC" 125 "record without -o refuses"
like "$ERR" "give -o FILE" "... and says what to add"
run "$SYSCAGE" record -o - -- sh -c 'echo "$0$0"' zz
like "$OUT" "^; syscage profile, recorded" "-o -: the profile on stdout"
unlike "$OUT" "zzzz" "... and nothing of the command's"
like "$ERR" "zzzz" "... whose stdout went to stderr"
run "$SYSCAGE" record --from-main -o "$T/x.ini" -- true
is "$RC" 125 "--from-main is refused (children's loaders need their calls)"

# A command that ends by a signal, and a record that is told to stop.
run "$SYSCAGE" record -o "$T/sig.ini" -- sh -c 'kill -TERM $$'
is "$RC" 143 "a command killed by SIGTERM: its status"
grep -q '^\[allow\]' "$T/sig.ini"
ok $? "... and the profile is written"
for sig in TERM INT; do
	rm -f "$T/stop.ini"
	"$SYSCAGE" record -o "$T/stop.ini" -- "$PY" -c '
import signal, time
signal.signal(signal.SIGINT, signal.SIG_DFL)
print("up", flush=True)
time.sleep(60)' >"$T/up" 2>/dev/null &
	pid=$!
	while ! grep -q up "$T/up" 2>/dev/null; do sleep 0.1; done
	kill -$sig $pid
	wait $pid
	st=$?
	like "$st" "^(130|143)$" "record told SIG$sig: ends with the command's status"
	grep -q '^\[allow\]' "$T/stop.ini"
	ok $? "... after writing the profile"
done

# --base: one profile, no name twice.
printf '%s\n' '[profile]' 'default = errno EPERM' '[allow]' \
	'syscalls = chmod fchmodat read write' >"$T/base.ini"
run "$SYSCAGE" record --base "$T/base.ini" -o "$T/m.ini" -- sh -c 'ls / >/dev/null'
is "$(grep -c '^\[allow\]' "$T/m.ini")" 1 "--base: one [allow] section"
rep=$(awk '/^syscalls = /{on=1; sub(/^syscalls = /, "")} /^[^\t]/ && !/^syscalls/{on=0}
	on' "$T/m.ini" | tr ' \t' '\n\n' | grep . | sort | uniq -d | tr '\n' ' ')
is "$rep" "" "--base: no name repeated"
run "$SYSCAGE" -p "$T/m.ini" -- sh -c 'ls / >/dev/null; chmod 600 "$0"; echo ok' "$T/ls.ini"
is "$RC:$OUT" "0:ok" "--base: the base's chmod and the run's calls both allowed"

# As nobody: the same.
stage_unprivileged
mkdir "$T/n" && chmod 777 "$T/n"
run nobody "$U_SYSCAGE" record -o "$T/n/n.ini" -- sh -c 'ls / >/dev/null; echo done'
is "$RC:$OUT" "0:done" "as nobody: record"
run nobody "$U_SYSCAGE" -p "$T/n/n.ini" -- sh -c 'ls / >/dev/null; echo done'
is "$RC:$OUT" "0:done" "as nobody: replay"
run nobody "$U_SYSCAGE" -p "$T/n/n.ini" -- sh -c 'mkdir d'
like "$ERR" "denied: mkdir" "as nobody: a new call is denied and reported"
done_testing
