#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2086 # call lists are split into words on purpose
# Docker's default profile (moby-default.json, also built in as "default"):
# what an unprivileged program sees, as runc would decide it, and how --caps
# chooses the capabilities its CAP_SYS_ADMIN rules resolve against.
. tests/lib.sh
stage_unprivileged

# As nobody, under Docker's default: the families and personalities it
# denies, runc's ENOSYS for clone3, the CAP_SYS_ADMIN-only calls.
UNPRIV="socket:40:1:0=-EPERM socket:38:5:0=-EPERM socket:2:1:0=0
personality:0x0040000=-EPERM personality:0xffffffff=0
unshare:0x10000000=-EPERM clone3=-ENOSYS mount:0:0:0:0:0=-EPERM getpid=0"
CALLS=$(calls_of "$UNPRIV")
# The calls the CAP_SYS_ADMIN rules decide.
ADMIN_CALLS="unshare:0x10000000 clone3 mount:0:0:0:0:0"
ADMIN_DENIED="unshare:0x10000000=-EPERM clone3=-ENOSYS mount:0:0:0:0:0=-EPERM"

run nobody "$U_PROBE" getpid
is "$OUT" "getpid=0" "precondition: nobody runs the staged probe"
run nobody id -u
is "$OUT" "65534" "precondition: the nobody wrapper runs as uid 65534"
run nobody sh -c 'grep "^CapEff:" /proc/self/status'
like "$OUT" '^CapEff:[[:space:]]*0+$' "precondition: nobody has no effective capabilities"

# --- unprivileged: the loader, the built-in default, bare LD_PRELOAD ----
run nobody "$U_SYSCAGE" -p "$U_MOBY" -- "$U_PROBE" $CALLS
results_are "nobody, syscage -p moby-default.json" "$UNPRIV"
run nobody "$U_SYSCAGE" -- "$U_PROBE" $CALLS
results_are "nobody, syscage (built-in default)" "$UNPRIV"
run nobody env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE="$U_MOBY" "$U_PROBE" $CALLS
results_are "nobody, bare LD_PRELOAD" "$UNPRIV"
run nobody env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE=default "$U_PROBE" $CALLS
results_are "nobody, bare LD_PRELOAD, SYSCAGE_PROFILE=default" "$UNPRIV"

THREADS='import threading; t=threading.Thread(target=print,args=("hi",)); t.start(); t.join()'
run nobody "$U_SYSCAGE" -p "$U_MOBY" -- "$PY" -c "$THREADS"
is "$RC" 0 "nobody, loader: python threads start (clone3 ENOSYS, clone fallback)"
is "$OUT" "hi" "nobody, loader: the python thread printed"
run nobody env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE="$U_MOBY" "$PY" -c "$THREADS"
is "$RC" 0 "nobody, bare LD_PRELOAD: python threads start"
is "$OUT" "hi" "nobody, bare LD_PRELOAD: the python thread printed"

# Everyday programs, unprivileged, under the loader.
run nobody "$U_SYSCAGE" -p "$U_MOBY" -- sh -c 'echo hi | tr a-z A-Z'
is "$OUT" "HI" "nobody, loader: a sh pipeline works"
run nobody "$U_SYSCAGE" -p "$U_MOBY" -- ls /
is "$RC" 0 "nobody, loader: ls / exits 0"
like "$OUT" '^usr$' "nobody, loader: ls / lists usr"
run nobody "$U_SYSCAGE" -p "$U_MOBY" -- cat "$U_MOBY"
is "$OUT" "$(cat "$MOBY")" "nobody, loader: cat copies a file"
run nobody "$U_SYSCAGE" -p "$U_MOBY" -- "$PY" -c 'print(6*7)'
is "$OUT" "42" "nobody, loader: python3 runs"

# --- the capability set the CAP_SYS_ADMIN rules resolve against --------
# As root with the effective set, which holds CAP_SYS_ADMIN here, the
# filter allows those calls: the kernel answers as it does unconfined. The
# default set is Docker's 14 (no CAP_SYS_ADMIN): denied, as in a container
# (tests/caps.sh has the rest).
run "$PROBE" $ADMIN_CALLS
BASE_ROOT=$OUT
run grep '^CapEff:' /proc/self/status
capeff=$(printf '%s' "$OUT" | awk '{ print $2 }')
if [ $((0x${capeff:-0} >> 21 & 1)) -eq 1 ]; then
	run "$SYSCAGE" -p "$MOBY" -- "$PROBE" $ADMIN_CALLS
	results_are "root (default caps): CAP_SYS_ADMIN rules do not apply" "$ADMIN_DENIED"
	run "$SYSCAGE" --caps=effective -p "$MOBY" -- "$PROBE" $ADMIN_CALLS
	is "$OUT" "$BASE_ROOT" "root --caps=effective: CAP_SYS_ADMIN rules allow unshare, clone3, mount"
	run env SYSCAGE_CAPS=effective LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY" "$PROBE" $ADMIN_CALLS
	is "$OUT" "$BASE_ROOT" "root, bare LD_PRELOAD, SYSCAGE_CAPS=effective: CAP_SYS_ADMIN rules allow unshare, clone3, mount"
	like "$BASE_ROOT" 'clone3=-EINVAL' "root unconfined: clone3 with no arguments is the kernel's EINVAL"
else
	for i in 1 2 3 4 5 6 7; do
		skip "root lacks CAP_SYS_ADMIN in this environment"
	done
fi

# --caps docker / none bring back the unprivileged answers, even as root.
for caps in "--caps docker" "--caps none" "--caps=CAP_CHOWN,CAP_NET_RAW"; do
	run "$SYSCAGE" $caps -p "$MOBY" -- "$PROBE" $CALLS
	results_are "root $caps" "$UNPRIV"
done
run env SYSCAGE_CAPS=none "$SYSCAGE" -p "$MOBY" -- "$PROBE" $ADMIN_CALLS
results_are "root, SYSCAGE_CAPS=none" "$ADMIN_DENIED"
run env SYSCAGE_CAPS=docker LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY" "$PROBE" $ADMIN_CALLS
results_are "root, bare LD_PRELOAD, SYSCAGE_CAPS=docker" "$ADMIN_DENIED"
run env SYSCAGE_CAPS=all "$SYSCAGE" --caps none -p "$MOBY" -- "$PROBE" $ADMIN_CALLS
results_are "root, --caps none beats SYSCAGE_CAPS=all" "$ADMIN_DENIED"

# --caps names capabilities the filter assumes, not ones the process has:
# nobody with --caps CAP_SYS_ADMIN gets the kernel's own answers.
run nobody "$U_PROBE" $ADMIN_CALLS
BASE_NOBODY=$OUT
run nobody "$U_SYSCAGE" --caps CAP_SYS_ADMIN -p "$U_MOBY" -- "$U_PROBE" $ADMIN_CALLS
is "$OUT" "$BASE_NOBODY" "nobody --caps CAP_SYS_ADMIN: the filter allows unshare, clone3, mount"
run nobody "$U_SYSCAGE" --caps all -p "$U_MOBY" -- "$U_PROBE" clone3
is "$OUT" "clone3=-EINVAL" "nobody --caps all: clone3 reaches the kernel (EINVAL)"
run nobody "$U_SYSCAGE" --caps effective -p "$U_MOBY" -- "$U_PROBE" clone3
is "$OUT" "clone3=-ENOSYS" "nobody --caps effective: clone3 gets runc's ENOSYS"

done_testing
