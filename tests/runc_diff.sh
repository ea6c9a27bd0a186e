#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Differential test: syscage against runc. For every profile (those under
# tests/data/profiles, then the generated gen/*.json below), every call list
# below and both builds of tests/progs/probe.c (static, and dynamic: syscage
# takes a different path for each), the probe runs
#   (a) as pid 1 of a real runc container, uid/gid 65534, no capabilities,
#       noNewPrivileges, with linux.seccomp made from the profile the way
#       Docker makes it (tests/runc/oci_seccomp.py, Docker's 14 default
#       capabilities as the bounding set), and
#   (b) under `build/syscage -p PROFILE --caps docker --` as uid/gid 65534
#       (setpriv, no supplementary groups, so no capabilities either),
# and the two transcripts must match line for line, the way the process
# ended included (exit N, killed by signal N, or the start refused: runc
# reports an error / syscage exits 125-127). Where Docker or runc refuse a
# profile, syscage must refuse it too ("both refuse").
#
# TAP on stdout, one line per (profile, call list, probe build), a diff as
# "# " lines on a mismatch. Skipped as a whole when runc cannot start a
# container here. Needs root (runc, setpriv), runc, gcc with a static libc
# (libc6-dev), python3. Environment: SYSCAGE (default build/syscage; made
# with `make all` if missing), RUNC (default runc), RUNC_DIFF_PROFILES
# (another directory of profiles), RUNC_DIFF_GENERATED=0 (no gen/*),
# RUNC_DIFF_DYNAMIC=0 (static probe only), RUNC_DIFF_KEEP=1 (keep the work
# directory, with every bundle, transcript and stderr). About 40 s.
#
# Container config, from `runc spec`: args, terminal false, user 65534,
# capabilities (bounding = Docker's set, the others empty),
# noNewPrivileges, hostname, a writable rootfs holding only the probes, the
# dynamic one's libraries and /tmp, the seccomp object; namespaces (pid,
# net, ipc, uts, mount), mounts, masked paths as `runc spec` has them.
# Needed nothing else on the machine this was written on (Debian 12's runc
# 1.1.5, as root, cgroup v1 + v2 hybrid); if that changes, say so here.

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SYSCAGE=${SYSCAGE:-$ROOT/build/syscage}
RUNC=${RUNC:-runc}
PROFILES=${RUNC_DIFF_PROFILES:-$ROOT/tests/data/profiles}
CONVERT=$ROOT/tests/runc/oci_seccomp.py
NOBODY=65534
T=20 # seconds for one run, either side

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
skip_all() {
	echo "# runc_diff: skipped: $*"
	echo "ok 1 # SKIP $*"
	echo "1..1"
	exit 0
}
# Prints a file as TAP comments.
comment() { sed 's/^/#   /' "$1"; }

# The calls, by list. One container (and one syscage run) per list, so a
# call that kills the probe only loses the rest of its own list. Arguments
# are picked so that the kernel, when the filter lets a call through,
# answers with an errno other than EPERM/ENOSYS where it can (EFAULT for a
# NULL pointer, EINVAL, ESRCH, EBADF), and nothing forks or changes what
# the later calls in the list see except where noted: unshare:0x10000000
# (a new user namespace) comes last in its list, and so does 335 (uretprobe
# since Linux 6.11: seccomp lets it through unfiltered and, called outside
# a uretprobe trampoline, it kills the caller with SIGILL).
CALLS='basic|getpid getppid uname:0 write:1:0:0 personality:0 personality:8 personality:0x20000 personality:0x20008 personality:0x0040000 personality:0xffffffff personality:0
socket|socket:1:1:0 socket:1:5:0 socket:2:1:0 socket:2:2:0 socket:2:3:1 socket:10:2:0 socket:16:3:0 socket:16:3:9 socket:16:3:15 socket:38:5:0 socket:39:1:0 socket:40:1:0 socket:40:5:0 socket:41:1:0 socket:0x10000002:1:0
fs|chmod:0:0 fchmodat:-100:0:0 452:-100:0:0:0 mkdir:0:0 statx:-100:0:0:0:0 faccessat2:-100:0:0:0 openat2:-100:0:0:0 close_range:1000:999:0 chroot:0 mount:0:0:0:0:0 acct:0 open_by_handle_at:-1:0:0 setns:-1:0
priv|reboot:0:0:0:0 syslog:10:0:0 ptrace:2:0:0:0 keyctl:0:-1:0 bpf:0:0:0 perf_event_open:0:0:0:-1:0 kcmp:0:0:0:0:0 userfaultfd:0 io_uring_setup:0:0 sethostname:0:0 seccomp:99:0:0 prctl:0xffff 158:0x1003:0 158:0:0
ns|clone3:0:0 clone:0x10000200 clone:0x00010000 clone:0x7e030000 unshare:0x20000 unshare:0x40000000 unshare:0x10000000
high|449:0:0 450:0:0:0:0 451:-1:0:0:0 460:0:0:0:0 461:0:0:0 462:0:0:0 470 500 1000 0x3fffffff -1
gaps|336 387 423 424:0:0:0:0 425:0:0 426:-1:0:0:0:0:0 427:-1:0:0:0 434:0:0 435:0:0 512 547 548 0x7fffffff 0x80000000 0xbfffffff 0xffffffff 335
args64|personality:0x100000000 personality:0xffffffff00000000 personality:0x1ffffffff personality:0xffffffffffffffff socket:0x100000002:1:0 socket:0xffffffff00000001:1:0 socket:0x100000028:1:0 socket:-1:1:0 socket:0x80000000:1:0 clone:0x100010000 clone:0xffffffff00010000 clone3:0x1000:0x1000
x32|0x40000027 0x4000003f:0 0x40000208 0x40000200 0x400001ff 0x40000000:-1:0:0 0x40000087:0x40000 0x400000a5:0 0x400001b3:0:0 0x40000150 0x400001cc 0x400001bf 0x40000223 0x40000224 0x40000209:2:0 0x7ffffffe'

[ "$(id -u)" = 0 ] || skip_all "needs root (runc run, setpriv)"
command -v "$RUNC" >/dev/null 2>&1 || skip_all "no runc in PATH"
command -v python3 >/dev/null 2>&1 || skip_all "no python3"
command -v setpriv >/dev/null 2>&1 || skip_all "no setpriv"
ver=$("$RUNC" --version 2>/dev/null | tr '\n' ' ')
echo "# $ver"
case $ver in
"runc version 1.1.5"*) ;;
*) echo "# note: the reference is runc 1.1.5 with libseccomp 2.5.4; this is not it" ;;
esac

WORK=$(mktemp -d /tmp/runc_diff.XXXXXX) || skip_all "mktemp failed"
cleanup() {
	for d in "$WORK"/state/*/; do
		[ -d "$d" ] || continue
		"$RUNC" --root "$WORK/state" delete -f "$(basename "$d")" >/dev/null 2>&1
	done
	[ "${RUNC_DIFF_KEEP:-0}" = 1 ] && echo "# kept $WORK" && return
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
chmod 755 "$WORK"
mkdir -p "$WORK/rootfs/tmp" "$WORK/bin" "$WORK/profiles" "$WORK/state"
chmod 1777 "$WORK/rootfs/tmp"

gcc -static -O1 -o "$WORK/bin/probe" "$ROOT/tests/progs/probe.c" \
	2>"$WORK/gcc.err" || {
	comment "$WORK/gcc.err"
	skip_all "cannot build the probe statically (libc6-dev static libc?)"
}
# The same probe dynamically linked, with its libraries in the rootfs at
# their host paths: syscage runs such a program through its LD_PRELOAD shim,
# a static one through the loader alone, so both paths get compared.
KINDS=static
if gcc -O1 -o "$WORK/bin/probe-dyn" "$ROOT/tests/progs/probe.c" \
	2>>"$WORK/gcc.err" && [ "${RUNC_DIFF_DYNAMIC:-1}" != 0 ]; then
	KINDS="static dynamic"
	cp "$WORK/bin/probe-dyn" "$WORK/rootfs/probe-dyn"
	for lib in $(ldd "$WORK/bin/probe-dyn" | grep -o '/[^ ]*'); do
		mkdir -p "$WORK/rootfs$(dirname "$lib")"
		cp -L "$lib" "$WORK/rootfs$lib"
	done
fi
chmod -R a+rX "$WORK/bin" "$WORK/rootfs"
cp "$WORK/bin/probe" "$WORK/rootfs/probe"

# Profiles, copied so that uid 65534 can read them; names as paths under
# tests/data/profiles.
(cd "$PROFILES" && find . -name '*.json' | sed 's|^\./||' | LC_ALL=C sort) \
	>"$WORK/list"
while read -r p; do
	mkdir -p "$WORK/profiles/$(dirname "$p")"
	cp "$PROFILES/$p" "$WORK/profiles/$p"
done <"$WORK/list"

# Generated profiles, gen/*.json (RUNC_DIFF_GENERATED=0 leaves them out):
# actions, argument operators, arch lists, conditions and refusals that the
# reference profiles do not reach. Those whose default action is not ALLOW
# allow RUNTIME, which runc's own init needs after it loads the filter
# (close, futex, getdents64, ...) and the probe needs to start (LDSO: the
# dynamic loader's): a profile without them makes runc fail ("container
# process is already dead"), and the comparison would test nothing;
# gen/ldso-denied leaves LDSO out on purpose. gen/refuse-* are profiles
# Docker or runc refuse; they run the first call list only (refuse-runc-init
# allows all that the probe needs but not what runc's init needs: runc
# cannot start it).
if [ "${RUNC_DIFF_GENERATED:-1}" != 0 ]; then
	mkdir -p "$WORK/profiles/gen"
	python3 - "$WORK/profiles/gen" <<'EOF' || skip_all "cannot write the generated profiles"
import json, os, sys
out = sys.argv[1]
A = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]
RUNTIME = ("execve brk arch_prctl set_tid_address set_robust_list rseq prlimit64 "
           "mmap munmap mprotect madvise readlink readlinkat getrandom write read exit_group "
           "exit newfstatat fstat getpid close futex openat fcntl rt_sigaction "
           "rt_sigprocmask rt_sigreturn sigaltstack nanosleep clock_gettime "
           "clock_nanosleep sched_yield gettid tgkill epoll_pwait epoll_ctl "
           "epoll_create1 pipe2 fstatfs statfs getdents64 lseek").split()
LDSO = ["access", "pread64"]  # and the dynamic loader, before main
rt = {"names": RUNTIME + LDSO, "action": "SCMP_ACT_ALLOW"}
def arg(i, v, op, v2=None):
    a = {"index": i, "value": v, "op": "SCMP_CMP_" + op}
    if v2 is not None:
        a["valueTwo"] = v2
    return a
def errno(names, e, **kw):
    return dict(names=names, action="SCMP_ACT_ERRNO", errnoRet=e, **kw)
maj, mnr = (int(x) for x in os.uname().release.split(".")[:2])
cur, nxt = "%d.%d" % (maj, mnr), "%d.%d" % (maj, mnr + 1)
P = {
 "actions": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": A, "syscalls": [
    {"names": ["getppid"], "action": "SCMP_ACT_KILL"},
    {"names": ["uname"], "action": "SCMP_ACT_KILL_PROCESS"},
    {"names": ["keyctl"], "action": "SCMP_ACT_KILL_THREAD"},
    {"names": ["sethostname"], "action": "SCMP_ACT_TRAP"},
    {"names": ["chroot"], "action": "SCMP_ACT_TRACE"},
    {"names": ["mkdir"], "action": "SCMP_ACT_LOG"},
    {"names": ["acct"], "action": "SCMP_ACT_ERRNO"},
    errno(["syslog"], 0), errno(["reboot"], 1000)]},
 "args": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": A, "syscalls": [
    errno(["personality"], 11, args=[arg(0, 8, "GT")]),
    errno(["personality"], 12, args=[arg(0, 0x20000, "MASKED_EQ", 0x20000)]),
    errno(["socket"], 21, args=[arg(0, 2, "LE"), arg(1, 2, "GE")]),
    errno(["socket"], 22, args=[arg(2, 0, "NE")]),
    errno(["chmod"], 24),
    errno(["chmod"], 25, args=[arg(1, 0, "EQ")]),
    errno(["clone"], 26, args=[arg(0, 0xffffffff00000000, "MASKED_EQ", 0)]),
    errno(["unshare"], 27, args=[arg(0, 0x20000, "LT")]),
    errno(["io_uring_setup"], 28, args=[arg(1, 0, "LE")]),
    errno(["statx"], 29, args=[arg(0, 0xffffff9c, "EQ")])]},
 "names": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": A, "syscalls": [
    errno(["no_such_call", "getppid", "uretprobe", "mseal"], 30),
    errno(["getppid"], 31),
    {"name": "uname", "action": "SCMP_ACT_ERRNO", "errnoRet": 32},
    errno(["acct"], 33, includes={"minKernel": nxt}),
    errno(["chroot"], 34, excludes={"minKernel": cur}),
    errno(["kcmp"], 35, includes={"minKernel": cur}),
    errno(["bpf"], 36, excludes={"minKernel": nxt}),
    errno(["reboot"], 37, includes={"arches": ["x32"]}),
    errno(["syslog"], 38, excludes={"arches": ["x86"]}),
    errno(["mkdir"], 39, includes={"caps": ["CAP_SYS_ADMIN"]}),
    errno(["mkdir"], 40, includes={"caps": ["CAP_CHOWN", "CAP_KILL"]}),
    errno(["setns"], 41, excludes={"caps": ["CAP_NET_ADMIN", "CAP_AUDIT_WRITE"]}),
    errno(["sethostname"], 42, excludes={"caps": ["CAP_SYS_ADMIN"]}),
    {"names": ["personality"], "action": "SCMP_ACT_ALLOW"},
    errno(["personality"], 43)]},
 "native-allow": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
    errno(["getppid", "personality"], 13)]},
 "native-errno": {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
    "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}],
    "syscalls": [rt, {"names": ["uname", "personality", "socket"], "action": "SCMP_ACT_ALLOW"}]},
 "x86-only": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86"],
    "syscalls": [errno(["getppid"], 1)]},
 "log-default": {"defaultAction": "SCMP_ACT_LOG"},
 "ldso-denied": {"defaultAction": "SCMP_ACT_ERRNO", "architectures": A,
    "syscalls": [{"names": RUNTIME + ["getppid"], "action": "SCMP_ACT_ALLOW"}]},
 "kill-default": {"defaultAction": "SCMP_ACT_KILL_PROCESS", "architectures": A, "syscalls": [rt]},
 "trace-default": {"defaultAction": "SCMP_ACT_TRACE", "architectures": A, "syscalls": [rt]},
 "errno-kill-args": {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "architectures": A,
    "syscalls": [rt,
    {"names": ["uname", "getppid", "clone", "unshare"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["personality"], "action": "SCMP_ACT_KILL_PROCESS", "args": [arg(0, 0x40000, "EQ")]},
    {"names": ["socket"], "action": "SCMP_ACT_KILL", "args": [arg(0, 40, "EQ")]},
    {"names": ["clone3"], "action": "SCMP_ACT_KILL_THREAD", "args": [arg(1, 0x1000, "GE")]},
    {"names": ["syslog"], "action": "SCMP_ACT_TRAP", "args": [arg(0, 10, "EQ")]}]},
 "dup-cond": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
    errno(["socket"], 1, args=[arg(0, 10, "EQ"), arg(0, 10, "EQ")])]},
 "flags-log": {"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_LOG"],
    "syscalls": [errno(["getppid"], 1)]},
 "refuse-action": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_NOPE"}]},
 "refuse-op": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [errno(["getppid"], 1, args=[arg(0, 1, "XX")])]},
 "refuse-index": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [errno(["getppid"], 1, args=[arg(6, 1, "EQ")])]},
 "refuse-notify": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_NOTIFY"}]},
 "refuse-flag": {"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_NOPE"], "syscalls": []},
 "refuse-errno4095": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [errno(["getppid"], 4095)]},
 "refuse-allow-and-args": {"defaultAction": "SCMP_ACT_ERRNO", "architectures": A, "syscalls": [rt,
    {"names": ["socket"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["socket"], "action": "SCMP_ACT_KILL", "args": [arg(0, 40, "EQ")]}]},
 "refuse-runc-init": {"defaultAction": "SCMP_ACT_ERRNO", "architectures": A, "syscalls": [
    {"names": "execve brk arch_prctl set_tid_address set_robust_list rseq prlimit64 readlink "
     "getrandom mprotect mmap munmap openat read newfstatat write exit_group getpid "
     "getppid uname personality".split() + LDSO, "action": "SCMP_ACT_ALLOW"}]},
 "refuse-arch-and-map": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": A,
    "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}], "syscalls": []},
 "refuse-name-and-names": {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
    {"name": "getppid", "names": ["getppid"], "action": "SCMP_ACT_ERRNO"}]},
}
for name, prof in P.items():
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(prof, f, indent=1)
EOF
	(cd "$WORK/profiles" && find gen -name '*.json' | LC_ALL=C sort) >>"$WORK/list"
fi
chmod -R a+rX "$WORK/profiles"

# One bundle per (profile, list, probe build): b/<n>/config.json, from
# spec/config.json. Writes b/index with "n|profile|list|build|state" lines;
# state "refused:<msg>" where the converter (Docker) refuses the profile.
echo "$CALLS" >"$WORK/calls"
mkdir "$WORK/spec"
(cd "$WORK/spec" && "$RUNC" spec) >"$WORK/spec.err" 2>&1 || {
	comment "$WORK/spec.err"
	skip_all "runc spec fails"
}
# shellcheck disable=SC2086 # KINDS is a list of words
python3 - "$WORK" "$CONVERT" "$NOBODY" $KINDS <<'EOF' || skip_all "cannot write runc bundles"
import json, os, subprocess, sys
work, convert, nobody = sys.argv[1], sys.argv[2], int(sys.argv[3])
kinds = sys.argv[4:]
probe = {"static": "/probe", "dynamic": "/probe-dyn"}
with open(os.path.join(work, "spec", "config.json")) as f:
    base = json.load(f)
caps = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
        "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
        "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE"]
p = base["process"]
p["terminal"] = False
p["user"] = {"uid": nobody, "gid": nobody}
p["env"] = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
p["capabilities"] = {"bounding": caps, "effective": [], "permitted": [],
                     "inheritable": [], "ambient": []}
p["noNewPrivileges"] = True
base["root"] = {"path": os.path.join(work, "rootfs"), "readonly": False}
base["hostname"] = "runc-diff"
lists = [l.split("|", 1) for l in open(os.path.join(work, "calls")).read().splitlines() if l]
index = []
n = 0
for prof in open(os.path.join(work, "list")).read().split():
    r = subprocess.run([sys.executable, convert, os.path.join(work, "profiles", prof)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        state, seccomp = "refused:" + r.stderr.strip().replace("\n", " "), None
    else:
        state, seccomp = "ok", json.loads(r.stdout)
    for name, calls in (lists[:1] if prof.startswith("gen/refuse-") else lists):
      for kind in kinds:
        n += 1
        cfg = json.loads(json.dumps(base))
        cfg["process"]["args"] = [probe[kind]] + calls.split()
        if seccomp is not None:
            cfg["linux"]["seccomp"] = seccomp
        else:
            cfg["linux"].pop("seccomp", None)
        d = os.path.join(work, "b", str(n))
        os.makedirs(d)
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(cfg, f, indent=1)
        index.append("%d|%s|%s|%s|%s" % (n, prof, name, kind, state))
with open(os.path.join(work, "b", "index"), "w") as f:
    f.write("\n".join(index) + "\n")
EOF

# Runs bundle $1 under runc; writes $1/runc.out: the probe's lines, then
# "end: exit=N", "end: killed by signal N" or "end: refused".
run_runc() {
	b=$1
	id="rd$$-$(basename "$b")"
	(cd "$b" && timeout -s KILL $T "$RUNC" --root "$WORK/state" run "$id") \
		>"$b/runc.stdout" 2>"$b/runc.stderr" </dev/null
	rc=$?
	"$RUNC" --root "$WORK/state" delete -f "$id" >/dev/null 2>&1
	# runc reports its own failures as level=error on stderr (and exits
	# non-zero); it only warns about a profile it accepts. A killed pid 1
	# makes runc exit 128+signal, as a shell would.
	if grep -q 'level=error' "$b/runc.stderr"; then
		end="refused"
	else
		end=$(status_of $rc)
	fi
	{ cat "$b/runc.stdout"; echo "end: $end"; } >"$b/runc.out"
}

# Runs the same calls under syscage as uid 65534; writes $1/syscage.out.
run_syscage() {
	b=$1 prof=$2 probe=$3
	shift 3
	timeout -s KILL $T setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups \
		--inh-caps=-all -- "$SYSCAGE" -p "$WORK/profiles/$prof" --caps docker \
		-- "$probe" "$@" >"$b/syscage.stdout" 2>"$b/syscage.stderr" \
		</dev/null
	rc=$?
	# 125: syscage refused (bad profile, ...); 126/127: could not start the
	# command (e.g. the profile denies execve), as Docker/runc would.
	case $rc in
	125 | 126 | 127) end="refused" ;;
	*) end=$(status_of $rc) ;;
	esac
	{ cat "$b/syscage.stdout"; echo "end: $end"; } >"$b/syscage.out"
}

status_of() {
	if [ "$1" -gt 128 ] && [ "$1" -lt 193 ]; then
		echo "killed by signal $(($1 - 128))"
	else
		echo "exit=$1"
	fi
}

# Can runc start a container at all here? The first bundle, unconfined.
mkdir -p "$WORK/smoke"
python3 - "$WORK/b/1/config.json" "$WORK/smoke/config.json" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["args"] = ["/probe", "getpid"]
c["linux"].pop("seccomp", None)
json.dump(c, open(sys.argv[2], "w"))
EOF
run_runc "$WORK/smoke"
if [ "$(cat "$WORK/smoke/runc.out")" != "getpid=0
end: exit=0" ]; then
	comment "$WORK/smoke/runc.out"
	comment "$WORK/smoke/runc.stderr"
	skip_all "runc cannot start a container on this machine"
fi

if [ ! -x "$SYSCAGE" ]; then
	make -s -C "$ROOT" all >"$WORK/make.log" 2>&1
fi
if [ ! -x "$SYSCAGE" ]; then
	tail -n 20 "$WORK/make.log" 2>/dev/null | sed 's/^/# /'
	notok "syscage is built ($SYSCAGE)"
	echo "1..$n"
	exit 1
fi
# A copy, with its shim beside it: the build tree may be rebuilt while this
# runs, and uid 65534 must be able to run it.
cp "$SYSCAGE" "$WORK/bin/syscage"
for so in libsyscage.so libsyscage-compile.so; do
	if [ -f "$(dirname "$SYSCAGE")/$so" ]; then
		cp "$(dirname "$SYSCAGE")/$so" "$WORK/bin/"
	fi
done
chmod a+rX "$WORK/bin"/*
SYSCAGE=$WORK/bin/syscage

# Where syscage differs from runc 1.1.5 on purpose (README, "Where syscage
# differs from Docker"): each is a profile runc cannot start the program
# under and syscage can, so the comparison is skipped, with the reason, only
# when runc's transcript is its end line alone (it did not start the
# program) and syscage did start it; anything else still fails.
documented() { # documented PROFILE KIND
	case $1:$2 in
	gen/flags-log.json:*)
		echo "runc 1.1.5 refuses every \"flags\"; syscage takes them, as later runc does" ;;
	gen/ldso-denied.json:dynamic)
		echo "syscage's filter is complete after ld.so: a profile need not allow the dynamic loader's calls" ;;
	gen/refuse-runc-init.json:*)
		echo "runc's own init needs calls after the filter is loaded; syscage's start-up does not" ;;
	esac
}

while IFS='|' read -r num prof list kind state; do
	b=$WORK/b/$num
	calls=$(echo "$CALLS" | sed -n "s/^$list|//p")
	case $state in
	refused:*)
		[ "$prof" = "${said:-}" ] ||
			echo "# $prof: Docker refuses it: ${state#refused:}"
		said=$prof
		echo "end: refused" >"$b/runc.out"
		;;
	*) run_runc "$b" ;;
	esac
	probe=$WORK/bin/probe
	[ "$kind" = dynamic ] && probe=$WORK/bin/probe-dyn
	# shellcheck disable=SC2086 # the calls are words
	run_syscage "$b" "$prof" "$probe" $calls
	desc="$prof [$list] $kind"
	if cmp -s "$b/runc.out" "$b/syscage.out"; then
		if [ "$(cat "$b/runc.out")" = "end: refused" ]; then
			ok "$desc: both refuse"
		else
			ok "$desc"
		fi
	elif [ -n "$(documented "$prof" "$kind")" ] &&
		[ "$(wc -l <"$b/runc.out")" -eq 1 ] &&
		[ "$(tail -n 1 "$b/syscage.out")" != "end: refused" ]; then
		ok "$desc # SKIP documented difference: $(documented "$prof" "$kind")"
	else
		notok "$desc"
		echo "#   calls: $calls"
		diff -u --label runc --label syscage "$b/runc.out" "$b/syscage.out" |
			sed 's/^/# /'
		if [ -s "$b/runc.stderr" ]; then
			echo "#   runc stderr:"
			head -n 5 "$b/runc.stderr" | comment /dev/stdin
		fi
		if [ -s "$b/syscage.stderr" ]; then
			echo "#   syscage stderr:"
			head -n 5 "$b/syscage.stderr" | comment /dev/stdin
		fi
	fi
done <"$WORK/b/index"

echo "1..$n"
[ $fails -eq 0 ]
