#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Issue 14: [deny] narrows an included profile whatever the order; check
# refuses what a run refuses and warns on what Docker silently ignores;
# unknown names and keys get a did-you-mean; no warning nobody can act on.
. tests/lib.sh

C=$ROOT/conf/profiles
LABS=$P/docker-labs

# [deny] after an include, before it, with another action: it wins.
cat >"$T/narrow.ini" <<EOF
[deny kill]
syscalls = chmod fchmodat
[profile]
include = $C/default.ini
[allow]
syscalls = getpid
[deny]
syscalls = socket
EOF
run "$SYSCAGE" check "$T/narrow.ini"
is "$RC" 0 "narrow: check passes"
unlike "$ERR" "never takes effect" "narrow: ... and does not call the included rules dead"
run "$SYSCAGE" explain "$T/narrow.ini" fchmodat
like "$OUT" "decision: kill-process" "narrow: explain shows [deny kill] deciding"
run "$SYSCAGE" explain "$T/narrow.ini" socket AF_UNIX
like "$OUT" "decision: errno EPERM" "narrow: a conditional allow of the include loses"
run "$SYSCAGE" diff "$C/default.ini" "$T/narrow.ini"
like "$OUT" "fchmodat: allow -> kill-process" "narrow: diff shows the change"
run "$SYSCAGE" -q -p "$T/narrow.ini" -- "$PROBE" socket:1:1:0 socket:2:1:0 getpid
is "$OUT" "socket=-EPERM
socket=-EPERM
getpid=0" "narrow: a run denies what [deny] names, and only that"
stage_unprivileged
cp "$T/narrow.ini" "$T/u/narrow.ini"
chmod 644 "$T/u/narrow.ini"
run nobody "$U_SYSCAGE" -q -p "$T/u/narrow.ini" -- "$U_PROBE" socket:1:1:0 getpid
is "$OUT" "socket=-EPERM
getpid=0" "narrow: the same as nobody"
printf '[profile]\ndefault = errno EPERM\n[deny]\nsocket = arg0 == AF_INET\n' >"$T/c.ini"
run "$SYSCAGE" check "$T/c.ini"
is "$RC" 125 "narrow: a condition in [deny] is refused"
like "$ERR" "c.ini:4: socket: \[deny\] takes \"syscalls = NAME...\" only" \
	"narrow: ... saying what to write"
printf '[profile]\ndefault = errno EPERM\n[deny allow]\nsyscalls = read\n' >"$T/a.ini"
run "$SYSCAGE" check "$T/a.ini"
like "$RC:$ERR" "^125:.*deny takes an action that denies" "narrow: [deny allow] is refused"

# The man page's narrowing example, from its text, beside default.ini.
sed -n '/^; Docker.s default (conf\/profiles\/default.ini, beside this file)/,/^\.EE/p' \
	"$ROOT/man/syscage-profile.5" | sed '$d' >"$T/nochmod.ini"
cp "$C/default.ini" "$T/default.ini"
like "$(head -1 "$T/nochmod.ini")" "^; Docker" "man [deny] example: found"
run "$SYSCAGE" -q -p "$T/nochmod.ini" -- "$PROBE" fchmodat:-100:0:0 getpid
is "$OUT" "fchmodat=-EPERM
getpid=0" "man [deny] example: no mode change, the rest of the default"

# check refuses what a run refuses, in the same words.
run "$SYSCAGE" check "$LABS/deny.json"
is "$RC" 125 "check: deny.json is refused"
check_err=$(echo "$ERR" | grep '^syscage:')
run "$SYSCAGE" -p "$LABS/deny.json" -- true
is "$RC" 125 "run: deny.json is refused"
is "$ERR" "$check_err" "check and run: the same message"

# Keys moby ignores: check and run warn, with a did-you-mean.
cat >"$T/keys.json" <<'EOF'
{
	"defaultAction": "SCMP_ACT_ALLOW",
	"syscall": [],
	"syscalls": [
		{ "names": ["socket"], "action": "SCMP_ACT_ERRNO",
		  "arg": [ { "index": 0, "value": 2, "op": "SCMP_CMP_EQ" } ] }
	]
}
EOF
run "$SYSCAGE" check "$T/keys.json"
like "$ERR" "keys.json:3: warning: \"syscall\" in the profile is ignored.*did you mean \"syscalls\"\?" \
	"check: \"syscall\" is named, with a did-you-mean"
like "$ERR" "keys.json:6: warning: \"arg\" in a rule is ignored.*whatever the arguments; did you mean \"args\"\?" \
	"check: \"arg\" is named, and what it does"
run "$SYSCAGE" -p "$T/keys.json" -- true
like "$ERR" "keys.json:6: warning: \"arg\" in a rule" "run: the same warning when it compiles"
run "$SYSCAGE" -p "$T/keys.json" -- true
is "$ERR" "" "run: ... once (not from the cache)"
cp "$T/keys.json" "$T/keys2.json"
run "$SYSCAGE" -q -p "$T/keys2.json" -- true
is "$ERR" "" "run: -q silences it"
printf '\357\273\277{"defaultAction": "SCMP_ACT_ALLOW"}\n' >"$T/bom.json"
run "$SYSCAGE" check -q "$T/bom.json"
is "$RC" 0 "check: JSON with a UTF-8 byte-order mark parses"

# A rule that never takes effect is said when the profile runs, once.
cat >"$T/dead.ini" <<'EOF'
[profile]
default = errno EPERM
[errno EACCES]
syscalls = socket
[allow]
syscalls = @default execve socket
EOF
run "$SYSCAGE" -p "$T/dead.ini" -- "$PROBE" getpid
like "$ERR" "dead.ini:6: warning: socket: this rule never takes effect" \
	"run: a rule that never takes effect is said"
run "$SYSCAGE" -p "$T/dead.ini" -- "$PROBE" getpid
unlike "$ERR" "never takes effect" "run: ... once"

# exit denied: threads would spin.
printf '[profile]\ndefault = allow\n[errno EPERM]\nsyscalls = exit\n' >"$T/exit.ini"
run "$SYSCAGE" check "$T/exit.ini"
like "$ERR" "exit.ini:4: warning: exit: denied with an errno: glibc calls it again" \
	"check: exit denied is warned about"

# Names and keys with a did-you-mean.
run "$SYSCAGE" syscalls opnat
is "$RC" 125 "syscalls opnat: an error"
is "$ERR" 'syscage: unknown syscall "opnat": did you mean "openat"?' \
	"syscalls opnat: ... with a did-you-mean"
run "$SYSCAGE" syscalls openat
like "$RC:$OUT" "^0:@file-system" "syscalls openat: its groups"
printf '[profile]\ndefault = errno EPERM\n[allow]\nsyscals = read write\n' >"$T/key.ini"
run "$SYSCAGE" check "$T/key.ini"
is "$RC:$ERR" "125:syscage: $T/key.ini:4: unknown key \"syscals\": did you mean \"syscalls\"?" \
	"INI: syscals = names the key, with a did-you-mean"

# No warning about names libseccomp lacks for the built-in default; for a
# profile that has them, one wording in the loader and the shim.
rm -rf "$SYSCAGE_CACHE"
run "$SYSCAGE" -- "$PROBE" getpid
is "$ERR" "" "default: no warning on a cache miss"
run "$SYSCAGE" export --format ini default
unlike "$ERR" "unknown" "default: none on export"
printf '[profile]\ndefault = allow\n[errno EPERM]\nsyscalls = ?sc_no_such_call getppid\n' >"$T/unk.ini"
run "$SYSCAGE" -p "$T/unk.ini" -- "$PROBE" getpid
loader_msg=$(echo "$ERR" | grep "unknown to")
like "$loader_msg" "^syscage: $T/unk.ini: warning: 1 syscall name unknown to this libseccomp skipped" \
	"user profile: the loader says it"
rm -rf "$SYSCAGE_CACHE"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$T/unk.ini" "$PROBE" getpid
shim_msg=$(echo "$ERR" | grep "unknown to")
if [ -n "$shim_msg" ]; then
	is "$shim_msg" "$loader_msg" "user profile: the shim in the same words"
else
	skip "the shim compiled nothing here (cache policy)"
fi

# --deny NAME,...: one run, whatever the profile says; children keep it;
# reported by name; an unknown name is refused.
printf 'x' >"$T/dfile"
chmod 600 "$T/dfile"
for who in root nobody; do
	if [ $who = nobody ]; then
		cp "$T/dfile" "$T/u/dfile" 2>/dev/null || { mkdir -p "$T/u"; cp "$T/dfile" "$T/u/dfile"; }
		chown nobody "$T/u/dfile"
		chmod a+rx "$T/u"
		run nobody "$U_SYSCAGE" -q --deny chmod,fchmodat -- sh -c \
			'chmod 777 "$1"; sh -c "chmod 777 \"\$1\"" x "$1"; stat -c %a "$1"' x "$T/u/dfile"
	else
		run "$SYSCAGE" --log="$T/dlog.$who" --deny chmod,fchmodat -- sh -c \
			'chmod 777 "$1"; sh -c "chmod 777 \"\$1\"" x "$1"; stat -c %a "$1"' x "$T/dfile"
	fi
	is "$OUT" 600 "$who, --deny chmod,fchmodat: chmod is denied, in the command and its children"
done
like "$(cat "$T/dlog.root")" 'denied: chmod\[[0-9]+\]: fchmodat\(.*by --deny;' \
	"--deny: the report names --deny as the rule"
run "$SYSCAGE" --no-report --deny socket -- "$PROBE" socket:1:1:0 getpid
is "$OUT" "socket=-EPERM
getpid=0" "--deny socket under Docker's default, --no-report: socket denied"
run "$SYSCAGE" --deny fchmodt -- true
is "$RC" 125 "--deny with an unknown name: refused (125)"
like "$ERR" 'unknown syscall "fchmodt": did you mean "fchmod"' "... saying what was meant"
done_testing
