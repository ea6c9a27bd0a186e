#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# syscage agent for runc: a container whose linux.seccomp comes from
# `syscage export --format oci --agent SOCKET` has its denied calls answered
# by the agent with the profile's errno and reported by name with the
# container's id. Skipped (with the reason) where runc cannot start a
# container: not root, no runc, no static probe.
. tests/lib.sh

RUNC=${RUNC:-runc}
if [ "$(id -u)" != 0 ]; then
	skip "needs root (runc run)"
	done_testing
fi
if ! command -v "$RUNC" >/dev/null 2>&1; then
	skip "no runc in PATH"
	done_testing
fi

BUNDLE=$T/bundle
SOCK=$T/agent.sock
mkdir -p "$BUNDLE/rootfs/tmp" "$T/state"
cp "$SPROBE" "$BUNDLE/rootfs/probe"
cat >"$T/p.json" <<'EOF2'
{
	"defaultAction": "SCMP_ACT_ERRNO",
	"syscalls": [
		{ "names": ["uname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 },
		{ "names": ["acct", "mount"], "action": "SCMP_ACT_ALLOW",
		  "includes": { "caps": ["CAP_SYS_ADMIN"] } },
		{ "names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38 }
	]
}
EOF2
# Everything else the probe and runc's init need, allowed.
"$PY" - "$T/p.json" <<'EOF2'
import json, sys
p = json.load(open(sys.argv[1]))
p["syscalls"].insert(0, {"action": "SCMP_ACT_ALLOW", "names": (
    "execve brk arch_prctl set_tid_address set_robust_list rseq prlimit64 "
    "mmap munmap mprotect madvise readlink getrandom write read exit_group "
    "exit newfstatat fstat getpid getppid close futex openat fcntl "
    "rt_sigaction rt_sigprocmask rt_sigreturn sigaltstack nanosleep "
    "capget capset prctl setgroups setuid setgid setresuid setresgid "
    "getuid geteuid getgid getegid fchdir chdir dup2 dup3 getdents64 "
    "epoll_pwait epoll_ctl epoll_create1 pipe2 lseek gettid tgkill "
    "sched_yield clock_gettime clock_nanosleep fstatfs statfs "
    "faccessat2 access uname_never").split()})
json.dump(p, open(sys.argv[1], "w"), indent=1)
EOF2

run "$SYSCAGE" export --format oci --caps docker --agent "$SOCK" "$T/p.json"
is "$RC" 0 "export --format oci --agent: exit 0"
printf '%s\n' "$OUT" >"$T/seccomp.json"
is "$(printf '%s' "$OUT" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); n=[r for r in d["syscalls"] if r["action"]=="SCMP_ACT_NOTIFY"]; print(d["listenerPath"], d["listenerMetadata"], "uname" in sum((r["names"] for r in n), []), "acct" in sum((r["names"] for r in n), []), "clone3" in sum((r["names"] for r in n), []), "write" in sum((r["names"] for r in n), []))')" \
	"$SOCK $T/p.json caps=docker True True False False" \
	"... listenerPath, the profile in listenerMetadata, errno rules and the default's calls notified (not ENOSYS, not write)"
run "$SYSCAGE" check "$T/seccomp.json"
is "$RC" 0 "a profile with notify rules and a listenerPath checks"
printf '%s\n' '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["uname"], "action": "SCMP_ACT_NOTIFY"}]}' >"$T/nolistener.json"
run "$SYSCAGE" check "$T/nolistener.json"
error_is "notify without listenerPath" "SCMP_ACT_NOTIFY needs a seccomp agent: set \"listenerPath\""

(cd "$BUNDLE" && "$RUNC" spec) || {
	skip "runc spec failed"
	done_testing
}
"$PY" - "$BUNDLE/config.json" "$T/seccomp.json" <<'EOF2'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["args"] = ["/probe", "uname", "acct:0", "getpid"]
c["process"]["terminal"] = False
c["root"]["readonly"] = False
c["linux"]["seccomp"] = json.load(open(sys.argv[2]))
json.dump(c, open(sys.argv[1], "w"))
EOF2

"$SYSCAGE" agent --socket "$SOCK" --log "$T/a.log" >"$T/a.out" 2>&1 &
AGENT=$!
i=0
until grep -q listening "$T/a.out" 2>/dev/null || [ $i -ge 300 ]; do
	i=$((i + 1))
	sleep 0.05
done
run "$RUNC" --root "$T/state" run -b "$BUNDLE" sc-agent-test
"$RUNC" --root "$T/state" delete -f sc-agent-test >/dev/null 2>&1
if [ "$RC" != 0 ] && ! printf '%s' "$OUT" | grep -q uname; then
	diag "$ERR"
	skip "runc cannot start a container here (exit $RC)"
	kill $AGENT
	wait $AGENT
	done_testing
fi
is "$(printf '%s\n' "$OUT" | sed -n 1,2p)" "uname=-EACCES
acct=-EPERM" "in the container: the profile's errno, a rule's and the default's"
like "$(cat "$T/a.log")" "serving pid [0-9]+ \\(uid 0, container sc-agent-test\\) under $(re "$T/p.json")" \
	"the agent serves the container, under the profile listenerMetadata names"
like "$(cat "$T/a.log")" "^syscage: denied: probe\\[[0-9]+\\]: uname\\(NULL\\): errno EACCES, by $(re "$T/p.json"):[0-9]+ \\(errno EACCES uname\\); .*; from container sc-agent-test$" \
	"a rule's denial, by name, from the container"
like "$(cat "$T/a.log")" "^syscage: denied: probe\\[[0-9]+\\]: acct\\(.*\\): errno EPERM, by $(re "$T/p.json"): the default action; .*; from container sc-agent-test$" \
	"the default action's denial, by name"
kill $AGENT
wait $AGENT
done_testing
