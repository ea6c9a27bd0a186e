#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The systemd examples (examples/systemd/) as systemd would run them, with no
# systemd: each unit's [Service] Environment=, ExecStart=, StateDirectory=
# and NoNewPrivileges=, drop-ins included, are read by a small stand-in
# (unitrun.py below), which sets no_new_privs and execs ExecStart with only
# that environment, from /. The installed paths the units name are replaced
# with the build tree's:
#   /usr/local/lib/syscage/libsyscage.so  -> the shim just built
#   /usr/local/share/syscage/profiles     -> conf/profiles (what make install
#                                            puts there)
#   /usr/local/libexec/                   -> examples/systemd/ (the scripts)
#   /usr/bin/python3                      -> $PY, when there is none there
# and the test moves the service's data (PORT, SITE_DIR, BACKUP_SRC) and its
# StateDirectory= into the scratch directory. It runs as the test's user
# (DynamicUser= is not emulated).
. tests/lib.sh

SD=$ROOT/examples/systemd
cat >"$T/unitrun.py" <<'EOF'
# unitrun.py UNIT [--subst FROM=TO]... [--set VAR=VALUE]... [--root DIR]
#            [--env | -- CMD [ARG]...]
import ctypes, glob, os, re, shlex, sys

args = sys.argv[1:]
unit = args.pop(0)
substs, sets, root, cmd, show = [], {}, "/", None, False
while args:
    a = args.pop(0)
    if a == "--subst":
        substs.append(args.pop(0).split("=", 1))
    elif a == "--set":
        k, v = args.pop(0).split("=", 1)
        sets[k] = v
    elif a == "--root":
        root = args.pop(0)
    elif a == "--env":
        show = True
    elif a == "--":
        cmd = args
        break
env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
execstart, nnp = None, False
for f in [unit] + sorted(glob.glob(unit + ".d/*.conf")):
    section = None
    for line in open(f):
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = line
            continue
        if section != "[Service]":
            continue
        key, _, value = line.partition("=")
        for a, b in substs:
            value = value.replace(a, b)
        if key == "Environment":
            for word in shlex.split(value):
                k, _, v = word.partition("=")
                env[k] = v
        elif key == "ExecStart":
            execstart = value.lstrip("-@+!")
        elif key == "NoNewPrivileges":
            nnp = value in ("yes", "true", "on", "1")
        elif key == "StateDirectory":
            env["STATE_DIRECTORY"] = os.path.join(root, "var/lib", value)
            os.makedirs(env["STATE_DIRECTORY"], exist_ok=True)
env.update(sets)
if show:
    for k in sorted(env):
        print("%s=%s" % (k, env[k]))
    print("NoNewPrivileges=%s" % ("yes" if nnp else "no"))
    sys.exit(0)

def expand(words):  # systemd: "$VAR" alone splits, "${VAR}" does not
    out = []
    for w in words:
        m = re.fullmatch(r"\$([A-Za-z_][A-Za-z0-9_]*)", w)
        if m:
            out += env.get(m.group(1), "").split()
        else:
            out.append(re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}",
                              lambda m: env.get(m.group(1), ""), w))
    return out

argv = cmd or expand(shlex.split(execstart))
if nnp and ctypes.CDLL(None).prctl(38, 1, 0, 0, 0) != 0:  # NO_NEW_PRIVS
    sys.exit("unitrun: cannot set no_new_privs")
os.chdir("/")
sys.stdout.flush()
os.execvpe(argv[0], argv, env)
EOF

# $unitrun UNIT [ARG]...: the stand-in, with the build tree's paths; a
# script, so that `run` and `&` can start it, and one that execs, so that $!
# is the service's own pid.
unitrun=$T/unitrun
{
	echo '#!/bin/sh'
	echo 'u=$1'
	echo 'shift'
	echo "exec '$PY' '$T/unitrun.py' '$SD/'\"\$u\" \\"
	echo "	--subst '/usr/local/lib/syscage/libsyscage.so=$SHIM' \\"
	echo "	--subst '/usr/local/share/syscage/profiles=$ROOT/conf/profiles' \\"
	echo "	--subst '/usr/local/libexec/=$SD/' \\"
	# a Debian without /usr/bin/python3 runs the units with ours
	[ -x /usr/bin/python3 ] || echo "	--subst '/usr/bin/python3=$PY' \\"
	echo '	"$@"'
} >"$unitrun"
chmod 755 "$unitrun"

# --- what every drop-in says ------------------------------------------------
for conf in "$SD"/*.service.d/syscage.conf; do
	name=${conf#"$SD"/}
	text=$(cat "$conf")
	like "$text" "^Environment=LD_PRELOAD=/usr/local/lib/syscage/libsyscage\\.so$" \
		"$name: preloads the installed shim"
	like "$text" "^Environment=SYSCAGE_PROFILE=[A-Za-z0-9_+-][A-Za-z0-9._+-]*$" \
		"$name: names its profile by name, not by path"
	like "$text" "^NoNewPrivileges=yes$" "$name: sets NoNewPrivileges"
	like "$text" "^Environment=SYSCAGE_PATH=/etc/syscage/profiles:/usr/local/share/syscage/profiles$" \
		"$name: looks for profiles in root's directories only"
done

# --- static-site.service: python3 -m http.server ----------------------------
run "$unitrun" static-site.service --env
is "$RC" 0 "static-site: the stand-in reads the unit and its drop-in"
like "$OUT" "^LD_PRELOAD=$(re "$SHIM")$" "static-site: LD_PRELOAD is the build's shim"
like "$OUT" "^SYSCAGE_PROFILE=http-server$" "static-site: SYSCAGE_PROFILE=http-server"
like "$OUT" "^NoNewPrivileges=yes$" "static-site: NoNewPrivileges from the drop-in"
spath=$(printf '%s\n' "$OUT" | sed -n 's/^SYSCAGE_PATH=//p')
run env SYSCAGE_PATH="$spath" "$SYSCAGE" which http-server
is "$OUT" "$ROOT/conf/profiles/http-server.ini" \
	"static-site: the name is the shipped conf/profiles/http-server.ini"

mkdir -p "$T/www"
echo "hello from the site" >"$T/www/index.html"
port=$((20000 + ($$ + 7) % 20000))
"$unitrun" static-site.service --set PORT="$port" --set SITE_DIR="$T/www" \
	>"$T/site.log" 2>&1 &
site=$!
trap 'kill "$site" 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ $i -lt 100 ] && ! "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
fetch="import urllib.request as u, urllib.error as e, sys
try:
    print(u.urlopen('http://127.0.0.1:$port/' + sys.argv[1]).read().decode().strip())
except e.HTTPError as x:
    print(x.code)"
run "$PY" -c "$fetch" index.html
is "$OUT" "hello from the site" "static-site: the service serves a file"
run "$PY" -c "$fetch" missing.html
is "$OUT" "404" "static-site: ... and answers 404 for a missing one"
run grep -E '^(Seccomp|NoNewPrivs):' "/proc/$site/status"
like "$OUT" "^Seccomp:[[:space:]]+2$" "static-site: the server runs under a seccomp filter"
like "$OUT" "^NoNewPrivs:[[:space:]]+1$" "static-site: ... with no_new_privs"
kill "$site" 2>/dev/null
wait "$site" 2>/dev/null
like "$(cat "$T/site.log")" "GET /index.html" "static-site: the server logged the request"

# Denied under the service's own environment (what a server broken into
# would try): calling out, writing a file, starting a program.
run "$unitrun" static-site.service -- "$PY" -c \
	"import socket; s = socket.socket(); s.settimeout(1); s.connect(('127.0.0.1', $port))"
like "$ERR" "PermissionError: \\[Errno 13\\]" "static-site: connect is denied (EACCES)"
run "$unitrun" static-site.service -- "$PY" -c \
	"open('$T/www/owned.html', 'w')"
like "$ERR" "PermissionError" "static-site: writing a file is denied"
ok "$([ ! -e "$T/www/owned.html" ]; echo $?)" "static-site: ... and none was created"
run "$unitrun" static-site.service -- "$PY" -c \
	"import subprocess; subprocess.run(['/bin/sh', '-c', 'echo ran'])"
like "$ERR" "PermissionError" "static-site: starting a program is denied"
unlike "$OUT" "ran" "static-site: ... and the program did not run"

# --- tar-backup.service: a shell script ---------------------------------------
mkdir -p "$T/data/sub" "$T/root"
echo one >"$T/data/one.txt"
echo two >"$T/data/sub/two.txt"
run "$unitrun" tar-backup.service --root "$T/root" --env
like "$OUT" "^SYSCAGE_PROFILE=tar-backup$" "tar-backup: SYSCAGE_PROFILE=tar-backup"
like "$OUT" "^STATE_DIRECTORY=$(re "$T/root/var/lib/tar-backup")$" \
	"tar-backup: StateDirectory= gives STATE_DIRECTORY"
state=$T/root/var/lib/tar-backup
for old in 1 2 3; do
	: >"$state/data-2000010$old-000000.tar.gz"
	touch -d "2000-01-0$old" "$state/data-2000010$old-000000.tar.gz"
done
run "$unitrun" tar-backup.service --root "$T/root" --set BACKUP_SRC="$T/data" \
	--set KEEP=2
is "$RC" 0 "tar-backup: the script runs to its end under the profile"
like "$OUT" "^archived $(re "$T/data") as " "tar-backup: ... and says so"
archive=$(ls "$state"/data-2*.tar.gz 2>/dev/null | grep -v 20000 | head -1)
run tar -tzf "$archive"
like "$OUT" "^\\./sub/two\\.txt$" "tar-backup: the archive holds the files"
is "$(ls "$state" | wc -l | tr -d ' ')" 2 "tar-backup: KEEP=2 archives are kept"
ok "$([ -e "$state/data-20000103-000000.tar.gz" ]; echo $?)" \
	"tar-backup: ... the newest old one among them"

# Denied: no network at all, nor ptrace or mount, for any program the
# script starts.
run "$unitrun" tar-backup.service -- "$PROBE" socket:2:1:0 socket:1:1:0 ptrace \
	mount getpid
is "$OUT" "socket=-EPERM
socket=-ENOSYS
ptrace=-EPERM
mount=-EPERM
getpid=0" "tar-backup: no socket (inet; unix gets ENOSYS, quietly), ptrace or mount"
run "$unitrun" tar-backup.service -- /bin/sh -c "'$PROBE' socket:10:1:0"
is "$OUT" "socket=-EPERM" "tar-backup: ... for the script's children too"

# A profile name that cannot be found stops the service: it never runs
# unconfined, and the error says where syscage looked.
run "$unitrun" tar-backup.service --set SYSCAGE_PROFILE=no-such-profile \
	-- /bin/sh -c 'echo ran'
is "$RC:$OUT" "125:" "an unknown profile name: exit 125, nothing runs"
like "$ERR" "no profile named \"no-such-profile\": .*$(re "$ROOT/conf/profiles")" \
	"... and the error lists where syscage looked"
done_testing
