#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2016 # $0 and $1 are for the inner sh
# Capabilities: caps-conditional rules resolve against Docker's 14 default
# capabilities that the process holds ("default"), and the loader limits the
# command to the set the rules assumed (bounding, permitted, effective,
# inheritable, ambient), as runc does in a container. As root: Docker's
# answer and Docker's limits; `--caps effective` and `--caps all` keep every
# capability. As nobody (no capabilities) nothing changes. A bare LD_PRELOAD
# resolves the same way but limits nothing.
. tests/lib.sh
stage_unprivileged

DOCKER=a80425fb # Docker's 14 (moby oci/caps/defaults.go)

# cap NAME STATUS: the hex mask of line NAME (CapEff, ...) of a
# /proc/PID/status text, 16 digits.
cap() {
	printf '%s\n' "$2" | sed -n "s/^$1:[[:space:]]*//p"
}
hex16() {
	printf '%016x' "$1"
}
SHOW='grep ^Cap /proc/self/status'

# Denied and allowed by Docker's default with and without CAP_SYS_ADMIN:
# mount with a NULL target is EFAULT once the filter lets it through.
CALLS="unshare:0x20000 unshare:0x10000000 mount:0:0:0 setns:-1:0"
denied_all() { # denied_all LABEL
	like "$OUT" '^unshare=-EPERM
unshare=-EPERM
mount=-EPERM
setns=-EPERM$' "$1: unshare(CLONE_NEWNS), unshare(CLONE_NEWUSER), mount, setns denied"
}

# --- as nobody: nothing changes ----------------------------------------
run nobody sh -c "$SHOW"
NB=$OUT
run nobody "$U_SYSCAGE" -q -- sh -c "$SHOW"
is "$OUT" "$NB" "nobody: the command's Cap* lines are the caller's (no limiting)"
is "$(cap CapEff "$OUT")" 0000000000000000 "nobody: CapEff 0"
run nobody "$U_SYSCAGE" -q --no-report -- sh -c "$SHOW"
is "$OUT" "$NB" "nobody, --no-report: the command's Cap* lines are the caller's"
for c in default effective none; do
	nobody env SYSCAGE_CACHE=off "$U_SYSCAGE" export -q --caps $c \
		--format bpf default >"$T/nobody.$c.bpf" 2>/dev/null
done
nobody env SYSCAGE_CACHE=off "$U_SYSCAGE" export -q --format bpf default \
	>"$T/nobody.bpf" 2>/dev/null
[ -s "$T/nobody.bpf" ] && cmp -s "$T/nobody.bpf" "$T/nobody.effective.bpf"
ok $? "nobody: the default filter is the one --caps effective (the old default) gives"
cmp -s "$T/nobody.default.bpf" "$T/nobody.none.bpf"
ok $? "nobody: --caps default is --caps none (a user holds none of the 14)"
run nobody "$U_SYSCAGE" -q -- "$U_PROBE" unshare:0x10000000 mount:0:0:0
is "$OUT" 'unshare=-EPERM
mount=-EPERM' "nobody: unshare(CLONE_NEWUSER) and mount denied as before"

if [ "$(id -u)" != 0 ]; then
	skip "not root: the root half needs uid 0"
	done_testing
fi

# --- as root ------------------------------------------------------------
run sh -c "$SHOW"
OWN=$OUT
EFF=$(cap CapEff "$OWN")
BND=$(cap CapBnd "$OWN")
WANT=$(hex16 $((0x$EFF & 0x$DOCKER)))
diag "root here: CapEff $EFF CapBnd $BND; Docker's 14 of them: $WANT"
[ "$WANT" != 0000000000000000 ]
ok $? "root holds some of Docker's 14 (else nothing here could fail)"

# limited LABEL OPTION...: the command's Cap* lines are Docker's 14.
limited() {
	_l=$1
	shift
	run "$SYSCAGE" -q "$@" -- sh -c "$SHOW"
	is "$(cap CapEff "$OUT")" "$WANT" "$_l: CapEff is Docker's 14"
	is "$(cap CapPrm "$OUT")" "$WANT" "$_l: CapPrm is Docker's 14"
	is "$(cap CapBnd "$OUT")" "$WANT" "$_l: CapBnd is Docker's 14"
	is "$(cap CapAmb "$OUT")" 0000000000000000 "$_l: CapAmb is empty"
}
limited "root, reports"
limited "root, reports, cached" # the limit comes from the cache entry too
limited "root, --no-report" --no-report
limited "root, --complain" --complain
limited "root, --caps default" --caps default
if [ "$WANT" = "00000000$DOCKER" ]; then
	ok 0 "root: the limit is the mask 0x00000000$DOCKER"
else
	skip "root here lacks some of Docker's 14 (CapEff $EFF)"
fi

# Ambient and inheritable: CAP_CHOWN (one of the 14) stays, CAP_NET_ADMIN
# goes.
AMB="setpriv --inh-caps +net_admin,+chown --ambient-caps +net_admin,+chown"
if [ $((0x$EFF >> 12 & 1)) = 1 ]; then
	run $AMB sh -c 'grep -E "^Cap(Inh|Amb)" /proc/self/status'
	is "$(cap CapInh "$OUT")/$(cap CapAmb "$OUT")" 0000000000001001/0000000000001001 \
		"(control: setpriv gives CAP_CHOWN and CAP_NET_ADMIN, inheritable and ambient)"
	for how in "" --no-report; do
		run $AMB "$SYSCAGE" -q $how -- sh -c 'grep -E "^Cap(Inh|Amb)" /proc/self/status'
		is "$(cap CapInh "$OUT")/$(cap CapAmb "$OUT")" 0000000000000001/0000000000000001 \
			"root, ambient CAP_CHOWN,CAP_NET_ADMIN, ${how:-reports}: only CAP_CHOWN is left"
	done
else
	for _ in 1 2 3; do skip "root lacks CAP_NET_ADMIN here"; done
fi

run "$SYSCAGE" -q -- "$PROBE" $CALLS
denied_all "root, reports"
run "$SYSCAGE" -q --no-report -- "$PROBE" $CALLS
denied_all "root, --no-report"
run "$SYSCAGE" -q -- unshare -U true
isnt "$RC" 0 "root: unshare -U true fails"
mkdir "$T/mnt"
run "$SYSCAGE" -q --no-report -- mount -t tmpfs syscage-test "$T/mnt"
isnt "$RC" 0 "root: mount fails"
run "$SYSCAGE" -- "$PROBE" mount:0:0:0
like "$ERR" 'denied: probe.*mount' "root: the supervisor reports mount as denied by the profile"

# --caps effective: the old behaviour, nothing dropped.
for how in "" --no-report; do
	run "$SYSCAGE" -q --caps effective $how -- sh -c "$SHOW"
	is "$OUT" "$OWN" "root, --caps effective, ${how:-reports}: Cap* lines unchanged"
	run "$SYSCAGE" -q --caps effective $how -- "$PROBE" $CALLS
	like "$OUT" '^unshare=0
unshare=0
mount=-EFAULT
setns=-EBADF$' "root, --caps effective, ${how:-reports}: the CAP_SYS_ADMIN rules allow unshare, mount, setns"
done
run env SYSCAGE_CAPS=effective "$SYSCAGE" -q -- unshare -U true
is "$RC" 0 "root, SYSCAGE_CAPS=effective: unshare -U true works"
run "$SYSCAGE" -q --caps all -- sh -c "$SHOW"
is "$OUT" "$OWN" "root, --caps all: Cap* lines unchanged"

# A set of its own: the profile's "caps =" or a list; none drops all.
run "$SYSCAGE" -q --caps none -- sh -c "$SHOW"
is "$(cap CapEff "$OUT")/$(cap CapBnd "$OUT")" 0000000000000000/0000000000000000 \
	"root, --caps none: CapEff and CapBnd empty"
PROF=$T/admin.ini
printf '[profile]\ninclude = %s\ncaps = CAP_SYS_ADMIN,CAP_KILL\n' \
	"$ROOT/conf/profiles/default.ini" >"$PROF"
run "$SYSCAGE" -q -p "$PROF" -- sh -c "$SHOW"
is "$(cap CapEff "$OUT")" "$(hex16 $((0x$EFF & 0x200020)))" \
	"root, INI caps = CAP_SYS_ADMIN,CAP_KILL: CapEff is those two"
is "$(cap CapBnd "$OUT")" "$(hex16 $((0x$EFF & 0x200020)))" \
	"root, INI caps = CAP_SYS_ADMIN,CAP_KILL: CapBnd is those two"

# The exported filters: default is --caps docker as root, not effective.
SYSCAGE_CACHE=off "$SYSCAGE" export -q --format bpf default >"$T/root.bpf"
SYSCAGE_CACHE=off "$SYSCAGE" export -q --caps docker --format bpf default >"$T/root.docker.bpf"
SYSCAGE_CACHE=off "$SYSCAGE" export -q --caps effective --format bpf default >"$T/root.eff.bpf"
[ -s "$T/root.bpf" ] && cmp -s "$T/root.bpf" "$T/root.docker.bpf"
ok $? "root: the default filter is --caps docker's"
cmp -s "$T/root.bpf" "$T/root.eff.bpf"
isnt $? 0 "root: the default filter is not --caps effective's"

# Bare LD_PRELOAD: Docker's 14 for the rules, the process keeps its caps.
run env SYSCAGE_QUIET=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default "$PROBE" $CALLS
denied_all "root, bare LD_PRELOAD"
run env SYSCAGE_QUIET=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default sh -c "$SHOW"
is "$OUT" "$OWN" "root, bare LD_PRELOAD: Cap* lines unchanged (the shim limits nothing)"
run env SYSCAGE_QUIET=1 SYSCAGE_CAPS=effective LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default "$PROBE" unshare:0x20000
is "$OUT" 'unshare=0' "root, bare LD_PRELOAD, SYSCAGE_CAPS=effective: unshare allowed"

# Where the limit cannot be set (an outer filter denies capset), the
# command does not run: 125, in both paths.
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["capset"],"action":"SCMP_ACT_ERRNO"}]}\n' \
	>"$T/nocapset.json"
for how in "" --no-report; do
	run "$SYSCAGE" -q --caps effective --no-report -p "$T/nocapset.json" -- \
		env -u SYSCAGE_CAPS "$SYSCAGE" -q $how -- sh -c 'echo ran'
	is "$RC/$OUT" 125/ "root, capset denied outside, ${how:-reports}: status 125, the command did not run"
	like "$ERR" 'cannot lower the permitted.*--caps effective' \
		"root, capset denied outside, ${how:-reports}: the message says what to change"
done

# A bad set names the words.
run "$SYSCAGE" -q --caps CAP_BOGUS -- true
is "$RC" 125 "--caps CAP_BOGUS: status 125"
like "$ERR" 'use default, effective' "--caps CAP_BOGUS: the message names the sets"

done_testing
