#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# INI profiles through the command line: errors as one line with FILE:LINE
# and the word, --lenient, the shim reading INI, and `syscage syscalls`.
. tests/lib.sh

printf '%s\n' '[profile]' 'default = errno EPERM' '[allow]' \
	'syscalls = @default execve raed' >"$T/typo.ini"
run "$SYSCAGE" -p "$T/typo.ini" -- "$PROBE" getpid
is "$RC" 125 "a typo in an INI profile: exit 125"
is "$ERR" "syscage: $T/typo.ini:4: unknown syscall \"raed\": a typo? (--lenient skips it)" \
	"... one line: FILE:LINE, the name, what to do"
is "$OUT" "" "... and the command did not run"
run "$SYSCAGE" --lenient -p "$T/typo.ini" -- "$PROBE" getpid
is "$RC:$OUT" "0:getpid=0" "--lenient runs it"
like "$ERR" "warning: 1 syscall name .*raed" "... with a warning naming it"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$T/typo.ini" "$PROBE" getpid
is "$RC:$OUT" "125:" "bare LD_PRELOAD: the typo stops the program"
like "$ERR" "typo.ini:4: unknown syscall \"raed\"" "... with FILE:LINE"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$T/typo.ini" SYSCAGE_LENIENT=1 \
	"$PROBE" getpid
is "$RC:$OUT" "0:getpid=0" "SYSCAGE_LENIENT=1 is --lenient for the shim"

printf '%s\n' '[profile]' 'default = errno EPERM' '[allow]' \
	'syscalls = @default execve' \
	'socket = arg0 == AF_UNIX || arg0 == AF_BOGUS' >"$T/const.ini"
run "$SYSCAGE" -p "$T/const.ini" -- "$PROBE" getpid
is "$RC" 125 "an unknown constant: exit 125"
like "$ERR" "const.ini:5: .*AF_BOGUS" "... naming FILE:LINE and the word"

printf '%s\n' '[profile]' 'default = errno EPERM' 'caps = docker' \
	'[allow]' 'syscalls = @default execve' \
	'[allow if CAP_SYS_ADMIN]' 'syscalls = unshare' >"$T/caps.ini"
run "$SYSCAGE" -p "$T/caps.ini" -- "$PROBE" unshare:0
is "$OUT" "unshare=-EPERM" "caps = docker in the profile: no CAP_SYS_ADMIN rules"
run "$SYSCAGE" -p "$T/caps.ini" --caps all -- "$PROBE" unshare:0
is "$OUT" "unshare=0" "--caps overrides the profile's caps"

run "$SYSCAGE" syscalls
is "$RC" 0 "syscage syscalls lists the groups"
like "$OUT" "^@basic-io " "... @basic-io among them"
like "$OUT" "^@default " "... and syscage's @default"
run "$SYSCAGE" syscalls @basic-io
like "$OUT" "^read$" "syscage syscalls @basic-io: read is a member"
unlike "$OUT" "^mount$" "... mount is not"
run "$SYSCAGE" syscalls mount
like "$OUT" "^@mount " "syscage syscalls mount: in @mount"
unlike "$OUT" "^@basic-io " "... not in @basic-io"
run "$SYSCAGE" syscalls @nope
is "$RC" 125 "an unknown group: exit 125"
# The example of the INI issue, with its include, as written.
run "$SYSCAGE" -q -p tests/data/ini/example.ini -- "$PROBE" getpid \
	socket:1:1:0 socket:40:1:0 personality:8 personality:0x40000 \
	clone3 mount
is "$RC" 0 "the issue's example profile runs a program"
is "$OUT" "getpid=0
socket=0
socket=-EPERM
personality=0
personality=-EPERM
clone3=-EINVAL
mount=-EPERM" "... and decides as written: @process allows clone3 first, so the kernel answers EINVAL and [errno ENOSYS] never applies (libseccomp keeps the first unconditional rule, as under Docker)"

# The README's INI example does what its comment says.
sed -n '/^```ini$/,/^```$/p' README.md | sed '1d;$d' >"$T/readme.ini"
run "$SYSCAGE" -q -p "$T/readme.ini" -- "$PY" -c \
	'import threading; t = threading.Thread(target=print, args=("ok",)); t.start(); t.join()'
is "$RC:$OUT" "0:ok" "the README's INI example runs Python with threads"
run "$SYSCAGE" -q -p "$T/readme.ini" -- "$PY" -c \
	'import socket; socket.socket(socket.AF_INET)'
like "$ERR" "PermissionError" "... and gives it no network socket"
done_testing
