#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every shipped profile (conf/profiles/) and the profiles of the man page,
# used as a user would: through sh and bash, with a python3 that is a
# wrapper script in front, and with the reports each run produces (--log):
# none for the normal run, the named calls for what the profile exists to
# deny. As root and as nobody.
. tests/lib.sh

C=$ROOT/conf/profiles
stage_unprivileged
cp -R "$C" "$T/u/shipped"
mkdir -p "$T/bin" "$T/w"
chmod -R a+rX "$T/u" "$T/bin"
chmod 777 "$T/w"
# python3 as a shell script, as pyenv, virtualenv and distributions make it.
printf '#!/bin/sh\nexec %s "$@"\n' "$PY" >"$T/bin/python3"
printf '#!/bin/bash\nexec %s "$@"\n' "$PY" >"$T/bin/python3-bash"
chmod 755 "$T/bin/python3" "$T/bin/python3-bash"

# use [nobody] PROFILE CMD...: runs CMD under the shipped PROFILE with the
# reports in a log; REPORTS is the sorted denied calls, one word each
# ("vfork", "socket(AF_INET)").
use() {
	_who=
	[ "$1" = nobody ] && _who=nobody && shift
	_p=$1
	shift
	rm -f "$T/w/log"
	if [ -n "$_who" ]; then
		run nobody "$U_SYSCAGE" -q --log="$T/w/log" \
			-p "$T/u/shipped/$_p.ini" -- "$@"
	else
		run "$SYSCAGE" -q --log="$T/w/log" -p "$C/$_p.ini" -- "$@"
	fi
	REPORTS=
	# bash opens /dev/tty read-write at start, to find its terminal; a
	# read-only profile denies it, bash goes on without, and the report
	# says so. Every other denial counts.
	[ -f "$T/w/log" ] && sed -i '\#openat(AT_FDCWD, "/dev/tty", O_RDWR|O_NONBLOCK#d' "$T/w/log"
	[ -f "$T/w/log" ] && REPORTS=$(sed -n \
		's/^syscage: denied: [^:]*: \([a-z0-9_]*\)(\([A-Z][A-Z0-9_]*\)\{0,1\}.*/\1(\2)/p' \
		"$T/w/log" | sed 's/()$//' | sort -u | tr '\n' ' ' | sed 's/ $//')
	return 0
}

# shell-readonly: a pipeline of the usual tools, under sh and bash.
script='grep -c root /etc/passwd | tr 0-9 0-9; ls -l / | sort | head -1 >&2
x=$(sed -n 1p /etc/passwd | cut -d: -f1); echo "$x"
seq 1 20000 | sort -n | tail -1; find /etc -maxdepth 1 -name passwd
awk "NR==1" /etc/hostname | wc -l; id -un >&2; echo a b | xargs echo'
for who in "" nobody; do
	for sh in sh bash; do
		use $who shell-readonly $sh -c "$script"
		is "$RC" 0 "shell-readonly ${who:+as nobody }under $sh: a pipeline runs"
		is "$(echo "$OUT" | tr '\n' ' ')" "1 root 20000 /etc/passwd 1 a b " \
			"shell-readonly ${who:+as nobody }under $sh: ... with its output"
		is "$REPORTS" "" "shell-readonly ${who:+as nobody }under $sh: ... and no report"
	done
done
use shell-readonly bash -c "echo x > '$T/w/out'"
isnt "$RC" 0 "shell-readonly: writing a file fails"
ok "$([ ! -e "$T/w/out" ]; echo $?)" "shell-readonly: ... no file was created"
use shell-readonly bash -c 'exec 3<>/dev/tcp/127.0.0.1/9'
like "$ERR" "socket: Operation not permitted" "shell-readonly: no TCP socket"
is "$REPORTS" "socket(AF_INET)" "shell-readonly: ... reported by name"
use shell-readonly "$T/bin/python3" -c 'print("py")'
is "$RC:$OUT:$REPORTS" "0:py:" "shell-readonly: a wrapper script execs python3"

# python-nonet: threads, a child through a shell, a file; no socket.
cat >"$T/work.py" <<EOS
import json, subprocess, threading
t = threading.Thread(target=lambda: None); t.start(); t.join()
out = subprocess.run("echo child | tr a-z A-Z", shell=True,
                     capture_output=True).stdout
open("$T/w/py.out", "w").write(json.dumps({"sum": sum(range(10))}))
print(out.decode().strip(), open("$T/w/py.out").read())
EOS
chmod 644 "$T/work.py"
for who in "" nobody; do
	for py in "$PY" "$T/bin/python3" "$T/bin/python3-bash"; do
		rm -f "$T/w/py.out"
		use $who python-nonet "$py" "$T/work.py"
		is "$RC:$OUT:$REPORTS" '0:CHILD {"sum": 45}:' \
			"python-nonet ${who:+as nobody }with $(basename "$py"): runs, no report"
	done
	rm -f "$T/w/py.out"
	use $who python-nonet sh -c "python3() { '$T/bin/python3' \"\$@\"; }; python3 '$T/work.py'"
	is "$RC:$REPORTS" "0:" "python-nonet ${who:+as nobody }through sh: no report"
done
use python-nonet "$T/bin/python3" -c \
	'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)'
like "$ERR" "PermissionError" "python-nonet: an AF_INET socket fails"
is "$REPORTS" "socket(AF_INET)" "python-nonet: ... reported by name"
use python-nonet "$PY" -c 'import socket; socket.socket(socket.AF_UNIX); print("unix")'
is "$RC:$OUT:$REPORTS" "0:unix:" "python-nonet: a Unix socket is allowed"

# net-client and http-server against servers started here.
port=$((20000 + $$ % 20000))
echo hello >"$T/w/hello.txt"
chmod 644 "$T/w/hello.txt"
wait_port() {
	_i=0
	while [ $_i -lt 100 ] && ! "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null; do
		sleep 0.1
		_i=$((_i + 1))
	done
}
timeout 120 "$PY" -m http.server "$port" --bind 127.0.0.1 \
	--directory "$T/w" >/dev/null 2>&1 &
server=$!
wait_port "$port"
URL=http://127.0.0.1:$port/hello.txt
for who in "" nobody; do
	n="net-client${who:+ as nobody}"
	use $who net-client "$T/bin/python3" -c \
		"import urllib.request as u; print(u.urlopen('$URL').read().decode().strip())"
	is "$RC:$OUT:$REPORTS" "0:hello:" "$n: python3 (a wrapper) fetches, no report"
	if command -v curl >/dev/null; then
		use $who net-client curl -sf "$URL" -o /dev/null
		is "$RC:$REPORTS" "0:" "$n: curl -o /dev/null, no report"
		use $who net-client sh -c "curl -sf '$URL' | wc -c"
		is "$RC:$OUT:$REPORTS" "0:6:" "$n: curl through sh, no report"
		rm -rf "$T/w/dl" && mkdir -m 777 "$T/w/dl"
		use $who net-client bash -c "cd '$T/w/dl' && curl -sfO '$URL' && cat hello.txt"
		is "$RC:$OUT:$REPORTS" "0:hello:" "$n: curl -O through bash saves the file"
	else
		skip "$n: curl is not installed"
	fi
	if command -v wget >/dev/null; then
		use $who net-client wget -qO- "$URL"
		is "$RC:$OUT:$REPORTS" "0:hello:" "$n: wget, no report"
	else
		skip "$n: wget is not installed"
	fi
done
use net-client "$PY" -m http.server 0 --bind 127.0.0.1
like "$ERR" "Permission denied" "net-client: cannot serve (bind gets EACCES)"
is "$REPORTS" "bind" "net-client: ... reported by name"
use net-client "$PROBE" socket:17:3:0
is "$OUT:$REPORTS" "socket=-EPERM:socket(AF_PACKET)" "net-client: no packet socket, reported"

# http-server: serves a directory, started through a wrapper; a client
# outside gets the file. It cannot call out.
for who in "" nobody; do
	for py in "$PY" "$T/bin/python3" "$T/bin/python3-bash"; do
		port2=$((port + 1))
		rm -f "$T/w/log"
		if [ -n "$who" ]; then
			nobody timeout 60 "$U_SYSCAGE" -q --log="$T/w/log" \
				-p "$T/u/shipped/http-server.ini" -- "$py" -m http.server \
				"$port2" --bind 127.0.0.1 --directory "$T/w" >/dev/null 2>&1 &
		else
			timeout 60 "$SYSCAGE" -q --log="$T/w/log" -p "$C/http-server.ini" \
				-- "$py" -m http.server "$port2" --bind 127.0.0.1 \
				--directory "$T/w" >/dev/null 2>&1 &
		fi
		pid=$!
		wait_port "$port2"
		got=$("$PY" -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:$port2/hello.txt').read().decode().strip())" 2>&1)
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		is "$got" "hello" "http-server ${who:+as nobody }with $(basename "$py"): serves a file"
		[ -f "$T/w/log" ] && sed -i '\#openat(AT_FDCWD, "/dev/tty", O_RDWR|O_NONBLOCK#d' "$T/w/log"
		is "$(cat "$T/w/log" 2>/dev/null)" "" "http-server ${who:+as nobody }with $(basename "$py"): ... no report (but bash's /dev/tty probe)"
	done
done
use http-server "$T/bin/python3" -c "import socket; socket.create_connection(('127.0.0.1', $port))"
like "$ERR" "PermissionError" "http-server: cannot call out"
is "$REPORTS" "connect" "http-server: ... connect reported by name"
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null

# tar-backup: the script of examples/systemd, under sh and bash.
mkdir -p "$T/w/src" "$T/w/dest"
echo data >"$T/w/src/a"
chmod -R a+rwX "$T/w"
for who in "" nobody; do
	for sh in sh bash; do
		rm -f "$T/w/dest/"*
		use $who tar-backup env BACKUP_SRC="$T/w/src" STATE_DIRECTORY="$T/w/dest" \
			KEEP=2 $sh "$ROOT/examples/systemd/tar-backup.sh"
		like "$RC:$OUT" "^0:archived " "tar-backup ${who:+as nobody }under $sh: archives"
		is "$REPORTS" "" "tar-backup ${who:+as nobody }under $sh: ... no report"
		is "$(tar tzf "$T/w/dest/"*.tar.gz | sort | tr '\n' ' ')" "./ ./a " \
			"tar-backup ${who:+as nobody }under $sh: ... a readable archive"
	done
done
use tar-backup bash -c 'exec 3<>/dev/tcp/127.0.0.1/9'
is "$REPORTS" "socket(AF_INET)" "tar-backup: no network, reported by name"

# The profiles shown in the README and in syscage-profile(5), taken from
# the text so that they cannot drift, with the programs they name.
sed -n '/^```ini$/,/^```$/p' "$ROOT/README.md" | sed '1d;$d' >"$T/readme.ini"
sed -n '/^; A shell script that reads files and writes to pipes/,/^\.EE/p' \
	"$ROOT/man/syscage-profile.5" | sed '$d' >"$T/man.ini"
chmod 644 "$T/readme.ini" "$T/man.ini"
like "$(head -1 "$T/readme.ini")" "^; A Python program" "README: its INI example found"
like "$(head -1 "$T/man.ini")" "^; A shell script" "man page: its example found"
for f in readme man; do
	run "$SYSCAGE" check "$T/$f.ini"
	is "$RC:$ERR" "0:" "$f example: check passes, with no warning"
done
for py in "$PY" "$T/bin/python3"; do
	rm -f "$T/w/log" "$T/w/py.out"
	run "$SYSCAGE" -q --log="$T/w/log" -p "$T/readme.ini" -- "$py" "$T/work.py"
	is "$RC:$OUT:$(cat "$T/w/log" 2>/dev/null)" '0:CHILD {"sum": 45}:' \
		"README example with $(basename "$py"): runs, no report"
done
for sh in sh bash; do
	rm -f "$T/w/log"
	run "$SYSCAGE" -q --log="$T/w/log" -p "$T/man.ini" -- $sh -c "$script"
	[ -f "$T/w/log" ] && sed -i '\#openat(AT_FDCWD, "/dev/tty", O_RDWR|O_NONBLOCK#d' "$T/w/log"
	is "$RC:$(cat "$T/w/log" 2>/dev/null)" "0:" "man page example under $sh: runs, no report (but bash's /dev/tty probe)"
done
rm -f "$T/w/log"
run "$SYSCAGE" -q --log="$T/w/log" -p "$T/man.ini" -- "$PROBE" ptrace
is "$RC" 159 "man page example: ptrace kills ([deny kill])"

done_testing
