#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A program started by syscage, or with libsyscage.so preloaded, never runs
# unconfined: not when it is static, setuid, a child that drops the
# environment or asks for a looser profile, nor when the profile is broken
# (then it does not run at all).
. tests/lib.sh
stage_unprivileged
make_bad_profiles
MOBY_ABS=$(readlink -f "$MOBY")
ALLOW=$LAB/allow.json

run "$PROBE" socket:40:1:0
is "$OUT" "socket=0" "precondition: unconfined, socket(AF_VSOCK) succeeds here"

# --- static targets ---------------------------------------------------------
run "$SYSCAGE" -p "$MOBY" -- "$SPROBE" socket:40:1:0 getpid
results_are "root, static probe, moby-default.json" "socket:40:1:0=-EPERM getpid=0"
run nobody "$U_SYSCAGE" -p "$U_MOBY" -- "$U_SPROBE" socket:40:1:0 socket:38:5:0 \
	personality:0x0040000 unshare:0x10000000 clone3 mount:0:0:0:0:0 getpid
results_are "nobody, static probe, moby-default.json" "socket:40:1:0=-EPERM
socket:38:5:0=-EPERM personality:0x0040000=-EPERM unshare:0x10000000=-EPERM
clone3=-ENOSYS mount:0:0:0:0:0=-EPERM getpid=0"
run "$SYSCAGE" --caps none -- "$SPROBE" unshare:0x10000000
results_are "static probe, built-in default, --caps none" "unshare:0x10000000=-EPERM"
run "$SYSCAGE" -p "$LAB/default-no-chmod.json" -- "$SPROBE" chmod getpid
results_are "static probe, default-no-chmod.json" "chmod=-EPERM getpid=0"
run "$SYSCAGE" -p "$ALLOW" -- "$SPROBE" socket:40:1:0
results_are "static probe, allow.json (control)" "socket:40:1:0=0"
run "$SYSCAGE" -p "$LAB/deny.json" -- "$SPROBE" getpid
error_is "static probe, deny.json" 'exit_group'
is "$OUT" "" "static probe, deny.json: it did not run"
# A profile that denies only execve: a dynamic target gets execve back
# from the shim's stage two; a static one cannot, so it is refused.
printf '%s\n' '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[' \
	'{"names":["execve","execveat"],"action":"SCMP_ACT_ERRNO"}]}' \
	>"$T/noexec.json"
run "$SYSCAGE" -p "$T/noexec.json" -- "$SPROBE" getpid
error_is "static probe, no execve" 'execve'
is "$OUT" "" "static probe, no execve: it did not run"
run "$SYSCAGE" -p "$T/noexec.json" -- "$PROBE" getpid execve
is "$RC" 0 "dynamic probe, no execve: it runs"
is "$OUT" "getpid=0
execve=-EPERM" "dynamic probe, no execve: execve is denied again after start-up"

# --- children that try to get out ------------------------------------------
run "$SYSCAGE" -p "$MOBY" --caps none -- sh -c \
	'env -u LD_PRELOAD -u SYSCAGE_PROFILE "$0" socket:40:1:0 unshare:0x10000000' "$PROBE"
results_are "loader, child under env -u LD_PRELOAD -u SYSCAGE_PROFILE" \
	"socket:40:1:0=-EPERM unshare:0x10000000=-EPERM"
run "$SYSCAGE" -p "$MOBY" -- sh -c 'env -i "$0" socket:40:1:0' "$PROBE"
results_are "loader, child under env -i" "socket:40:1:0=-EPERM"
run "$SYSCAGE" -p "$MOBY" -- sh -c '"$0" socket:40:1:0' "$SPROBE"
results_are "loader, static child" "socket:40:1:0=-EPERM"
run "$SYSCAGE" -p "$MOBY" -- sh -c 'SYSCAGE_PROFILE="$1" "$0" socket:40:1:0 getpid' \
	"$PROBE" "$ALLOW"
results_are "loader, child asking for allow.json" "socket:40:1:0=-EPERM getpid=0"
run "$SYSCAGE" -p "$MOBY" -- sh -c 'SYSCAGE_PROFILE="$1" "$0" socket:40:1:0' \
	"$SPROBE" "$ALLOW"
results_are "loader, static child asking for allow.json" "socket:40:1:0=-EPERM"
run "$SYSCAGE" -p "$MOBY" -- "$SYSCAGE" -p "$ALLOW" -- "$PROBE" socket:40:1:0
results_are "loader, nested syscage -p allow.json" "socket:40:1:0=-EPERM"

run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY" sh -c \
	'env -u LD_PRELOAD -u SYSCAGE_PROFILE -u SYSCAGE_ACTIVE "$0" socket:40:1:0' "$PROBE"
results_are "bare LD_PRELOAD, child under env -u" "socket:40:1:0=-EPERM"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY" sh -c '"$0" socket:40:1:0' "$SPROBE"
results_are "bare LD_PRELOAD, static child" "socket:40:1:0=-EPERM"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY" sh -c \
	'SYSCAGE_PROFILE="$1" "$0" socket:40:1:0 getpid' "$PROBE" "$ALLOW"
results_are "bare LD_PRELOAD, child asking for allow.json" "socket:40:1:0=-EPERM getpid=0"

# --- a forged environment is not a filter -----------------------------------
run "$SYSCAGE" -p "$MOBY" -- sh -c 'printf %s "$SYSCAGE_ACTIVE"'
ID=$OUT
isnt "$ID" "" "the loader's SYSCAGE_ACTIVE marker can be read"
run env SYSCAGE_ACTIVE="$ID" LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY_ABS" \
	"$PROBE" socket:40:1:0
results_are "a copied SYSCAGE_ACTIVE without a filter behind it" "socket:40:1:0=-EPERM"
# A stage two that would allow everything ("ret ALLOW"), with the marker.
run env SYSCAGE_ACTIVE="$ID" SYSCAGE_STAGE2=0:BgAAAAAA/38= LD_PRELOAD="$SHIM" \
	SYSCAGE_PROFILE="$MOBY_ABS" "$PROBE" socket:40:1:0
ok "$(
	{ [ "$RC" -eq 125 ] && [ -z "$OUT" ]; } ||
		{ [ "$RC" -eq 0 ] && [ "$OUT" = "socket=-EPERM" ]; }
	echo $?
)" "a forged SYSCAGE_STAGE2 + marker: refused (125) or still confined"
run env SYSCAGE_STAGE2=garbage LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY" \
	"$PROBE" socket:40:1:0
ok "$(
	{ [ "$RC" -eq 125 ] && [ -z "$OUT" ]; } ||
		{ [ "$RC" -eq 0 ] && [ "$OUT" = "socket=-EPERM" ]; }
	echo $?
)" "a malformed SYSCAGE_STAGE2: refused (125) or still confined"

# --- setuid ------------------------------------------------------------------
SUID=$T/u/tests/suid_probe
cp "$PROBE" "$SUID"
chown 0:0 "$SUID"
chmod 4755 "$SUID"
run nobody "$SUID" reboot
if [ "$OUT" = "reboot=-EINVAL" ]; then
	ok 0 "precondition: the setuid copy runs as root for nobody (reboot: EINVAL, not EPERM)"
else
	skip "setuid is not honoured on $T (nosuid?): got '$OUT'"
fi
run nobody "$U_SYSCAGE" -p "$U_MOBY" -- "$SUID" socket:40:1:0 socket:38:5:0 \
	personality:0x0040000 unshare:0x10000000 mount:0:0:0:0:0 reboot getpid
results_are "nobody, setuid-root probe under the loader" "socket:40:1:0=-EPERM
socket:38:5:0=-EPERM personality:0x0040000=-EPERM unshare:0x10000000=-EPERM
mount:0:0:0:0:0=-EPERM reboot=-EPERM getpid=0"
run nobody "$U_SYSCAGE" -p "$U_MOBY" -- sh -c '"$0" socket:40:1:0' "$SUID"
results_are "nobody, setuid-root probe started by a confined shell" "socket:40:1:0=-EPERM"

# --- bare LD_PRELOAD with a broken or missing profile: the program never
# runs --------------------------------------------------------------------
for bad in "$BAD_MISSING" "$BAD_DIR" "$BAD_JSON" "$BAD_ACTION"; do
	n=${bad##*/}
	run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$bad" sh -c 'echo ran; : >"$0"' "$MARK"
	error_is "bare LD_PRELOAD, $n" "^syscage: $(re "$bad")(:[0-9]+)*: "
	did_not_run "bare LD_PRELOAD, $n"
	run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$bad" "$PROBE" getpid
	is "$RC:$OUT" "125:" "bare LD_PRELOAD, $n: the probe's main never ran"
done
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$BAD_JSON" true
like "$ERR" "^syscage: $(re "$BAD_JSON"):3(:[0-9]+)?: " \
	"bare LD_PRELOAD, invalid JSON: the line names line 3"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$BAD_ACTION" true
like "$ERR" 'SCMP_ACT_BOGUS' "bare LD_PRELOAD, unknown action: the line names it"

run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE= sh -c 'echo ran; : >"$0"' "$MARK"
error_is "bare LD_PRELOAD, empty SYSCAGE_PROFILE" 'SYSCAGE_PROFILE'
did_not_run "bare LD_PRELOAD, empty SYSCAGE_PROFILE"
run env -u SYSCAGE_PROFILE LD_PRELOAD="$SHIM" sh -c 'echo ran; : >"$0"' "$MARK"
error_is "bare LD_PRELOAD, unset SYSCAGE_PROFILE" 'SYSCAGE_PROFILE'
did_not_run "bare LD_PRELOAD, unset SYSCAGE_PROFILE"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY" SYSCAGE_CAPS=CAP_BOGUS \
	sh -c 'echo ran; : >"$0"' "$MARK"
error_is "bare LD_PRELOAD, SYSCAGE_CAPS=CAP_BOGUS" 'CAP_BOGUS'
did_not_run "bare LD_PRELOAD, SYSCAGE_CAPS=CAP_BOGUS"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$UNKNOWN" SYSCAGE_STRICT=1 \
	sh -c 'echo ran; : >"$0"' "$MARK"
error_is "bare LD_PRELOAD, SYSCAGE_STRICT=1 and an unknown name" 'sc_no_such_call'
did_not_run "bare LD_PRELOAD, SYSCAGE_STRICT=1 and an unknown name"

# A child asking for a broken profile from inside a confined shell dies
# too, and does not run.
run "$SYSCAGE" -p "$MOBY" -- sh -c \
	'SYSCAGE_PROFILE="$1" sh -c "echo ran; : >\"\$0\"" "$0"; echo "child=$?"' \
	"$MARK" "$BAD_JSON"
like "$OUT" '^child=125$' "loader, child asking for invalid JSON: exits 125"
unlike "$OUT" '^ran$' "loader, child asking for invalid JSON: it did not run"
[ ! -e "$MARK" ]
ok $? "loader, child asking for invalid JSON: no marker file"
rm -f "$MARK"

done_testing
