#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2016 # the workloads' own $ are theirs
# Real workloads (issue 12): each is recorded with `syscage record`, then run
# again under the profile it wrote, with the same output and status and no
# denial; then a different run of the same tool (other input, other flags)
# under that profile, whose denied calls are reported by name. Every
# workload is a script, so the profile covers a whole process tree: shells,
# the programs they start, their dynamic loaders. nginx runs with workers
# and a reload until SIGTERM. A workload whose tool is not installed is
# skipped with its name (.ci/deps installs them all).
. tests/lib.sh

W=$T/w # every run of a workload starts here, from an empty directory
export GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
export GIT_CONFIG_NOSYSTEM=1 HOME="$T/home" LC_ALL=C TZ=UTC
mkdir -p "$HOME"
printf '[user]\n\tname = t\n\temail = t@example.org\n[init]\n\tdefaultBranch = main\n' \
	>"$HOME/.gitconfig"

fresh() {
	rm -rf "$W"
	mkdir -p "$W"
}

# has TOOL...: all installed, or a skip line naming the first missing one.
has() {
	for _t in "$@"; do
		if ! command -v "$_t" >/dev/null 2>&1; then
			skip "$name: $_t is not installed (.ci/deps installs it)"
			skip "$name: (its different run)"
			return 1
		fi
	done
}

# workload NAME 'SCRIPT' 'OTHER SCRIPT' 'CALLS': SCRIPT (sh) recorded and
# replayed from a fresh $W; OTHER run under the profile must be reported
# denying one of CALLS (an ERE of call names).
workload() {
	name=$1
	printf '%s\n' "$2" >"$T/$name.sh"
	printf '%s\n' "$3" >"$T/$name-other.sh"
	fresh
	(cd "$W" && run "$SYSCAGE" record -o "$T/$name.ini" -- sh "$T/$name.sh" &&
		printf '%s\n' "$RC" "$OUT" >"$T/$name.rec" &&
		printf '%s\n' "$ERR" >"$T/$name.recerr")
	fresh
	(cd "$W" && run "$SYSCAGE" -p "$T/$name.ini" -- sh "$T/$name.sh" &&
		printf '%s\n' "$RC" "$OUT" >"$T/$name.rep" &&
		printf '%s\n' "$ERR" >"$T/$name.reperr")
	is "$(cat "$T/$name.rep")" "$(cat "$T/$name.rec")" \
		"$name: replays under its recorded profile, same output and status"
	unlike "$(cat "$T/$name.reperr")" "syscage: (would )?denied" \
		"$name: ... with no denial"
	fresh
	(cd "$W" && run "$SYSCAGE" -p "$T/$name.ini" -- sh "$T/$name-other.sh" &&
		printf '%s\n' "$ERR" >"$T/$name.othererr")
	like "$(cat "$T/$name.othererr")" "syscage: denied: [^ ]+\\[[0-9]+\\]: ($4)\\(" \
		"$name: a different run's denial is reported by name ($4)"
}

# A free TCP port on 127.0.0.1 (the kernel's choice).
free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

name=python
has "$PY" && workload python '
cat >w.py <<EOS
import hashlib, json, sqlite3, ssl, subprocess, threading
db = sqlite3.connect("t.db")
db.execute("create table t (x integer)")
db.executemany("insert into t values (?)", [(i,) for i in range(100)])
db.commit()
out = []
ts = [threading.Thread(target=lambda i=i: out.append(hashlib.sha256(str(i).encode()).hexdigest()[:8])) for i in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
ls = subprocess.run(["ls"], capture_output=True, text=True).stdout.split()
ctx = ssl.create_default_context()
print(json.dumps({"sum": db.execute("select sum(x) from t").fetchone()[0],
	"hashes": sorted(out), "ls": ls, "tls": ctx.verify_mode == ssl.CERT_REQUIRED}))
EOS
'"$PY"' w.py' "$PY"' -c "import socket; socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)"' 'socket'

# A python3 that is a bash wrapper, as pyenv installs it.
name=pyenv-wrapper
has bash "$PY" && workload pyenv-wrapper '
mkdir -p shims
printf "#!/usr/bin/env bash\nset -e\nexport PYENV_VERSION=system\nexec '"$PY"' \"\$@\"\n" >shims/python3
chmod +x shims/python3
PATH=$PWD/shims:$PATH python3 -c "import sys; print(sys.version_info[0])"' '
mkdir -p shims
printf "#!/usr/bin/env bash\nexport PYENV_VERSION=system\nexec '"$PY"' \"\$@\"\n" >shims/python3
chmod +x shims/python3
PATH=$PWD/shims:$PATH python3 -c "import os; os.mkdir(\"x\"); os.chmod(\"x\", 0o700)"' 'mkdir|chmod'

name=git
has git && workload git '
git init -q repo && cd repo
echo one >a && git add a && git commit -qm one
git branch side && git checkout -q side && echo two >b && git add b && git commit -qm two
git checkout -q main && echo three >c && git add c && git commit -qm three
git merge -q --no-edit side
git gc -q
git log --oneline | wc -l
cd .. && git clone -q repo copy && ls copy' '
git init -q repo && cd repo && echo one >a && git add a && git commit -qm one
git config core.fileMode false
ln -s a link && git add link && git commit -qm link && git mv link link2 && chmod +x a && git update-index --chmod=+x a' 'symlink|symlinkat|chmod|fchmodat|rename|renameat|renameat2'

name=tar
has tar gzip xz && workload tar '
mkdir d && seq 1 2000 >d/n && echo x >d/x
tar czf a.tgz d && tar cJf a.txz d
tar tzf a.tgz | sort && tar tJf a.txz | sort' '
mkdir d && seq 1 20 >d/n && tar czf a.tgz d && rm -r d && tar xzf a.tgz' 'unlinkat|rmdir|utimensat|fchown|fchownat|mkdirat|mkdir|chmod|fchmod|fchmodat'

name=sqlite3
has sqlite3 && workload sqlite3 '
sqlite3 t.db "create table t(x); insert into t values (1),(2),(3); select sum(x) from t;"' '
sqlite3 t.db "create table t(x); insert into t values (1);" && sqlite3 t.db ".backup b.db" && sqlite3 t.db "pragma journal_mode=wal; insert into t values(2);"' 'ftruncate|pwrite64|fchown|rename|unlink|mmap|fdatasync|fsync'

# curl and wget against a local server started outside the sandbox.
name=curl
if has curl wget "$PY"; then
	mkdir -p "$T/www" && echo hello >"$T/www/index.html"
	port=$(free_port)
	(cd "$T/www" && exec "$PY" -m http.server --bind 127.0.0.1 "$port" >/dev/null 2>&1) &
	srv=$!
	until curl -s "http://127.0.0.1:$port/" >/dev/null; do sleep 0.1; done
	workload curl "
curl -s http://127.0.0.1:$port/index.html
wget -q -O - http://127.0.0.1:$port/index.html
curl -s -o /dev/null -w '%{http_code}\n' http://127.0.0.1:$port/nothing" \
		"curl -s -6 http://[::1]:$port/ || curl -s http://localhost:$port/" 'socket|connect'
	kill $srv
fi

# nginx with two workers and a reload, until SIGTERM.
name=nginx
if has nginx curl; then
	nginx_run() { # nginx_run PROFILE-OPTION... : the steps, same both times
		rm -rf "$T/ng" && mkdir -p "$T/ng/logs" "$T/ng/html" &&
			echo served >"$T/ng/html/index.html"
		np=$(free_port)
		cat >"$T/ng/ng.conf" <<EOS
worker_processes 2;
pid $T/ng/nginx.pid;
error_log $T/ng/logs/error.log notice;
events { worker_connections 64; }
http {
	access_log $T/ng/logs/access.log;
	server { listen 127.0.0.1:$np; root $T/ng/html; }
}
EOS
		"$SYSCAGE" "$@" -- nginx -p "$T/ng" -c "$T/ng/ng.conf" \
			-g 'daemon off;' >"$T/ng/out" 2>"$T/ng/err" &
		ngpid=$!
		until curl -s "http://127.0.0.1:$np/" >/dev/null; do
			kill -0 $ngpid 2>/dev/null || break
			sleep 0.1
		done
		ngout=$(curl -s "http://127.0.0.1:$np/index.html"
			curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$np/none")
		ngout=$(echo $ngout)
		# A reload: new workers read the file again.
		kill -HUP "$(cat "$T/ng/nginx.pid" 2>/dev/null)" 2>/dev/null
		# Done when the new workers started and the old ones ended (a
		# SIGTERM in the middle of it once left a recorded status of 139,
		# not seen again since).
		until [ "$(grep -c 'start worker process' "$T/ng/logs/error.log")" -ge 4 ] &&
			[ "$(grep -c 'exited with code' "$T/ng/logs/error.log")" -ge 2 ] ||
			! kill -0 $ngpid 2>/dev/null; do sleep 0.1; done
		ngout="$ngout $(curl -s "http://127.0.0.1:$np/index.html")"
		kill -TERM $ngpid
		wait $ngpid
		ngout="$ngout status=$?"
		# Workers a crashed master left behind (seen once): by their pids,
		# if they still hold this test's files.
		for w in $(sed -n 's/.*start worker process \([0-9]*\).*/\1/p' \
			"$T/ng/logs/error.log"); do
			ls -l "/proc/$w/fd" 2>/dev/null | grep -q "$T/ng/" &&
				kill -9 "$w" 2>/dev/null
		done
	}
	nginx_run record -o "$T/nginx.ini"
	rec=$ngout
	nginx_run -p "$T/nginx.ini"
	is "$ngout" "$rec" "nginx: workers, a reload, SIGTERM: replays the same"
	unlike "$(cat "$T/ng/err")" "syscage: denied" "nginx: ... with no denial"
	like "$rec" "^served 404 served status=0$" "nginx: ... and served (recorded until SIGTERM)"
	# Another configuration: IPv6, which the recorded run never opened.
	sed -i "s/listen 127.0.0.1:/listen [::1]:/" "$T/ng/ng.conf"
	run "$SYSCAGE" -p "$T/nginx.ini" -- nginx -p "$T/ng" -c "$T/ng/ng.conf" -g 'daemon off;'
	like "$ERR" "syscage: denied: nginx\\[[0-9]+\\]: socket\\(AF_INET6" \
		"nginx: a different configuration's denial is reported by name (socket AF_INET6)"
fi

name=openssl
has openssl && workload openssl '
openssl genpkey -algorithm ed25519 -out k.pem 2>/dev/null
echo data >f && openssl dgst -sha256 -r f
openssl pkey -in k.pem -pubout | head -1' '
openssl s_client -connect 127.0.0.1:9 </dev/null' 'socket|connect'

name=jq
has jq && workload jq '
echo "{\"a\": [1, 2, 3]}" | jq -c ".a | map(. * 2)"' '
echo 1 >in && jq . in >out && mv out moved' 'rt_sigprocmask|vfork|rename|renameat|renameat2'

name=perl
has perl && workload perl '
perl -e "print join(q(,), map { \$_ * \$_ } 1..5), qq(\n); open(F, q(>), q(f)) or die; print F qq(x\n); close F; print -s q(f), qq(\n)"' '
perl -e "symlink(q(a), q(b)) or die; mkdir(q(d)) or die"' 'symlink|symlinkat|mkdir|mkdirat'

name=make-gcc
has make gcc && workload make-gcc '
printf "#include <stdio.h>\nint main(void) { puts(\"built\"); return 0; }\n" >m.c
printf "m: m.c\n\t\$(CC) -O1 -o m m.c\n" >Makefile
make -s && ./m' '
printf "int main(void) { return 0; }\n" >m.c && gcc -g -c m.c && ar rcs libm.a m.o && strip m.o' 'dup|fchmod|chmod|fchmodat|rename|renameat|utimensat|ftruncate|unlink|unlinkat'

name=bash-script
has bash && workload bash-script '
cat >s.sh <<"EOS"
trap "echo trapped" EXIT
coproc UP { tr a-z A-Z; }
echo hello >&${UP[1]}; exec {UP[1]}>&-; read -r line <&${UP[0]}; echo "$line"
(cd / && pwd) | cat
seq 1 5 | while read -r n; do echo $((n * n)); done | paste -sd+ | bc 2>/dev/null || echo no-bc
echo $(( $(seq 1 10 | paste -sd+) ))
EOS
bash s.sh' '
bash -c "ulimit -n 64; mkfifo p; exec 3<>p; umask 077; touch q"' 'mknod|mknodat|prlimit64|setrlimit|umask'

name=find-xargs
has find xargs && workload find-xargs '
mkdir -p a/b/c && touch a/1 a/b/2 a/b/c/3
find a -type f | sort | xargs -n1 basename
find a -name "*" -type f -print0 | xargs -0 ls | wc -l' '
mkdir -p a/b && touch a/1 && find a -type f -delete -newer /etc/hostname; find a -depth -type d -exec rmdir {} +' 'unlinkat|unlink|rmdir'

name=ssh-keygen
has ssh-keygen && workload ssh-keygen '
ssh-keygen -q -t ed25519 -N "" -C t -f k && ssh-keygen -l -f k.pub | cut -d" " -f1,3-' '
ssh-keygen -q -t ed25519 -N "" -C t -f k && echo "127.0.0.1 $(cat k.pub)" >kh && ssh-keygen -R 127.0.0.1 -f kh' 'rename|renameat|renameat2|unlink|unlinkat|fchmod|chmod|fchmodat|fchown|link|linkat'

name=zstd
has zstd && workload zstd '
seq 1 100000 >n && zstd -q -T2 -c n | zstd -q -d -c | tail -1' '
seq 1 100 >n && zstd -q --rm n && ls' 'unlink|unlinkat|fchmod|chmod|fchmodat|fchown|utimensat'

done_testing
