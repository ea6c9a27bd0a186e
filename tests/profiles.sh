#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The hand-written INI profiles in conf/profiles/, each running the real
# program it was written for, and each denying what it says it denies.
. tests/lib.sh

C=$ROOT/conf/profiles

# shell-readonly.ini: a shell pipeline that reads files.
run "$SYSCAGE" -q -p "$C/shell-readonly.ini" -- sh -c \
	'grep -c root /etc/passwd | tr 0-9 0-9; ls / | sort | head -1'
is "$RC" 0 "shell-readonly: a read-only pipeline runs"
like "$OUT" "^[1-9]" "shell-readonly: ... and reads /etc/passwd"
run "$SYSCAGE" -q -p "$C/shell-readonly.ini" -- sh -c "echo x > '$T/out'"
isnt "$RC" 0 "shell-readonly: writing a file fails"
like "$ERR" "Operation not permitted" "shell-readonly: ... with EPERM"
ok "$([ ! -e "$T/out" ]; echo $?)" "shell-readonly: no file was created"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$C/shell-readonly.ini" \
	sh -c 'cat /etc/hostname | wc -l'
is "$RC:$OUT" "0:1" "shell-readonly: the same under a bare LD_PRELOAD"
run "$SYSCAGE" -q -p "$C/shell-readonly.ini" -- "$PROBE" socket:2:1:0
is "$OUT" "socket=-EPERM" "shell-readonly: no socket"

# python-nonet.ini: Python computes, writes files, starts threads and
# processes, and gets no network socket.
cat >"$T/work.py" <<EOS
import json, subprocess, threading
t = threading.Thread(target=lambda: None); t.start(); t.join()
out = subprocess.run(["echo", "child"], capture_output=True).stdout
open("$T/py.out", "w").write(json.dumps({"sum": sum(range(10))}))
print(out.decode().strip(), open("$T/py.out").read())
EOS
run "$SYSCAGE" -q -p "$C/python-nonet.ini" -- "$PY" "$T/work.py"
is "$RC" 0 "python-nonet: a Python program runs"
is "$OUT" 'child {"sum": 45}' "python-nonet: threads, a child, a file"
run "$SYSCAGE" -q -p "$C/python-nonet.ini" -- "$PY" -c \
	'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)'
isnt "$RC" 0 "python-nonet: an AF_INET socket fails"
like "$ERR" "PermissionError" "python-nonet: ... with EPERM"
run "$SYSCAGE" -q -p "$C/python-nonet.ini" -- "$PY" -c \
	'import socket; socket.socket(socket.AF_UNIX); print("unix")'
is "$OUT" "unix" "python-nonet: a Unix socket is allowed"

# net-client.ini: a client fetches from a server started outside.
port=$((20000 + $$ % 20000))
timeout 60 "$PY" -m http.server "$port" --bind 127.0.0.1 \
	--directory "$T" >/dev/null 2>&1 &
server=$!
echo hello >"$T/hello.txt"
i=0
while [ $i -lt 50 ] && ! "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
run "$SYSCAGE" -q -p "$C/net-client.ini" -- "$PY" -c \
	"import urllib.request as u; print(u.urlopen('http://127.0.0.1:$port/hello.txt').read().decode().strip())"
is "$RC:$OUT" "0:hello" "net-client: fetches over HTTP from localhost"
run "$SYSCAGE" -q -p "$C/net-client.ini" -- "$PY" -m http.server 0 \
	--bind 127.0.0.1
isnt "$RC" 0 "net-client: cannot serve"
like "$ERR" "Permission denied" "net-client: bind gets EACCES"
run "$SYSCAGE" -q -p "$C/net-client.ini" -- "$PROBE" socket:17:3:0
is "$OUT" "socket=-EPERM" "net-client: no packet socket"
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null

# Every shipped profile passes check, with no unknown name written by hand.
for f in "$C"/*.ini "$C"/*.json; do
	run "$SYSCAGE" check --strict "$f"
	case $f in
	*/default.*) is "$RC" 125 "$(basename "$f"): --strict names the calls libseccomp lacks" ;;
	*) is "$RC" 0 "$(basename "$f"): check --strict passes" ;;
	esac
done
done_testing
