#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2086 # call lists are split into words on purpose
# The Docker seccomp lab (github.com/docker/labs, security/seccomp): its four
# profiles, under the loader and under a bare LD_PRELOAD.
. tests/lib.sh
TIMEOUT=10

# --- step 1: deny.json denies everything; the program stops, no hang ----
run "$SYSCAGE" -p "$LAB/deny.json" -- ls /
isnt "$RC" 0 "deny.json: ls fails"
ok "$([ "$RC" -ne 124 ] && [ "$RC" -ne 137 ]; echo $?)" "deny.json: ls stops by itself (no hang, status $RC)"
is "$OUT" "" "deny.json: ls printed nothing"
run "$SYSCAGE" -p "$LAB/deny.json" -- "$PROBE" getpid
isnt "$RC" 0 "deny.json: the probe fails"
ok "$([ "$RC" -ne 124 ] && [ "$RC" -ne 137 ]; echo $?)" "deny.json: the probe stops by itself (status $RC)"
is "$OUT" "" "deny.json: the probe could not even write"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$LAB/deny.json" ls /
isnt "$RC" 0 "deny.json, bare LD_PRELOAD: ls fails"
ok "$([ "$RC" -ne 124 ] && [ "$RC" -ne 137 ]; echo $?)" "deny.json, bare LD_PRELOAD: no hang (status $RC)"
is "$OUT" "" "deny.json, bare LD_PRELOAD: ls printed nothing"

# --- step 2: default-no-chmod.json: chmod fails ---------------------------
f=$T/f
: >"$f"
chmod 644 "$f"
run "$SYSCAGE" -p "$LAB/default-no-chmod.json" -- chmod 777 "$f"
isnt "$RC" 0 "default-no-chmod.json: chmod 777 fails"
like "$ERR" 'Operation not permitted' "default-no-chmod.json: chmod says Operation not permitted"
is "$(stat -c %a "$f")" 644 "default-no-chmod.json: the mode is unchanged"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$LAB/default-no-chmod.json" chmod 777 "$f"
isnt "$RC" 0 "default-no-chmod.json, bare LD_PRELOAD: chmod 777 fails"
like "$ERR" 'Operation not permitted' "default-no-chmod.json, bare LD_PRELOAD: Operation not permitted"
is "$(stat -c %a "$f")" 644 "default-no-chmod.json, bare LD_PRELOAD: mode unchanged"
run "$SYSCAGE" -p "$LAB/default-no-chmod.json" -- "$PROBE" chmod fchmodat getpid
results_are "default-no-chmod.json" "chmod=-EPERM fchmodat=-EPERM getpid=0"

# --- step 3: default.json: chmod works, and so does ls -l -------------------
run "$SYSCAGE" -p "$LAB/default.json" -- chmod 777 "$f"
is "$RC" 0 "default.json: chmod 777 succeeds"
is "$(stat -c %a "$f")" 777 "default.json: the mode is 777"
run "$SYSCAGE" -p "$LAB/default.json" -- ls -l "$T"
is "$RC" 0 "default.json: ls -l exits 0"
like "$OUT" '^-rwxrwxrwx .* f$' "default.json: ls -l shows the file and its mode"
chmod 644 "$f"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$LAB/default.json" chmod 777 "$f"
is "$RC" 0 "default.json, bare LD_PRELOAD: chmod 777 succeeds"
is "$(stat -c %a "$f")" 777 "default.json, bare LD_PRELOAD: the mode is 777"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$LAB/default.json" ls -l "$T"
is "$RC" 0 "default.json, bare LD_PRELOAD: ls -l exits 0"
like "$OUT" '^-rwxrwxrwx .* f$' "default.json, bare LD_PRELOAD: ls -l lists the file"
# An old profile: calls newer than all it names get runc's ENOSYS (so that
# programs fall back), older ones it does not name get its EPERM.
run "$SYSCAGE" -p "$LAB/default.json" -- "$PROBE" statx faccessat2 openat2 \
	close_range:3:2:0x4 clone3 mount:0:0:0:0:0 unshare:0x10000000 \
	personality:0x0040000 personality:0xffffffff getpid
results_are "default.json" "statx=-ENOSYS faccessat2=-ENOSYS openat2=-ENOSYS
close_range:3:2:0x4=-ENOSYS clone3=-ENOSYS mount:0:0:0:0:0=-EPERM
unshare:0x10000000=-EPERM personality:0x0040000=-EPERM
personality:0xffffffff=0 getpid=0"

# --- step 4: allow.json: everything as unconfined -------------------------
ALL="getpid personality:0x0040000 socket:40:1:0 socket:2:1:0 unshare:0x10000000
clone3 mount:0:0:0:0:0 statx chmod keyctl:0 reboot uname:0"
run "$PROBE" $ALL
BASE=$OUT
run "$SYSCAGE" -p "$LAB/allow.json" -- "$PROBE" $ALL
is "$RC" 0 "allow.json: the probe exits 0"
is "$OUT" "$BASE" "allow.json: every call answers as unconfined"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$LAB/allow.json" "$PROBE" $ALL
is "$OUT" "$BASE" "allow.json, bare LD_PRELOAD: every call answers as unconfined"
chmod 644 "$f"
run "$SYSCAGE" -p "$LAB/allow.json" -- chmod 777 "$f"
is "$(stat -c %a "$f")" 777 "allow.json: chmod works"
run "$SYSCAGE" -p "$LAB/allow.json" -- ls -l "$T"
like "$OUT" '^-rwxrwxrwx .* f$' "allow.json: ls -l works"

done_testing
