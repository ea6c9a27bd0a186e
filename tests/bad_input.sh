#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2016,SC2086 # $0 is for the inner sh; limits split
# The bad-input catalogue: every class of broken profile, each given both to
# the loader (syscage -p FILE -- CMD) and to a bare LD_PRELOAD
# (SYSCAGE_PROFILE=FILE CMD), where CMD would print "ran" and create a
# marker file if it ran. Each row checks: exit status 125, exactly one line
# on stderr, "syscage: FILE[:LINE[:COL]]: ..." naming the file (and its
# line and column where the input has one) and the problem, no marker, no
# output, done within the timeout and under a 1 GB address-space limit.
# Then what is not an error: duplicate keys (the last one wins, as in Go),
# a relative path the program leaves behind with cd (the child stays
# confined or is refused, never runs unconfined). Last, valgrind on the
# loader's success and error paths, when valgrind is there.
. tests/lib.sh
TIMEOUT=15
stage_unprivileged
D=$T/in
mkdir -p "$D" "$T/nm"
chmod 777 "$T/nm"

# Memory: every row runs under a 1 GB address-space limit. A sanitizer
# build of the loader reserves terabytes of shadow memory and cannot start
# under one: its rows then run without the limit (the shim is never
# sanitized, so the bare rows keep it).
MEM=1000000000
LIMIT="prlimit --as=$MEM"
LLIMIT=$LIMIT
if ! prlimit --as=$MEM "$SYSCAGE" --version >/dev/null 2>&1; then
	diag "the loader cannot start in a 1 GB address space (sanitizers?): its rows run without the limit"
	LLIMIT=
fi
CMD='echo ran; : >"$0"'

# --- the inputs ---------------------------------------------------------------
: >"$D/empty.json"
# Binary garbage without NUL bytes (so the parser, not the NUL check, sees
# it): the same bytes as .json (the JSON parser) and without a suffix
# (INI, told by content).
awk 'BEGIN { srand(5); for (i = 0; i < 4096; i++) printf "%c", 1 + int(rand() * 254) }' \
	</dev/null >"$D/garbage.json"
cp "$D/garbage.json" "$D/garbage"
printf '{"defaultAction":"SCMP_ACT_ALLOW",\0"syscalls":[]}\n' >"$D/nul.json"
printf '[profile]\ndefault = allow\n\0[errno]\nsyscalls = getpid\n' >"$D/nul.ini"
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["get\377\376pid"],"action":"SCMP_ACT_ERRNO"}]}\n' \
	>"$D/utf8.json"
printf '[profile]\ndefault = allow\n[errno]\nsyscalls = get\377\376pid\n' >"$D/utf8.ini"
# Wrong JSON types.
rule() { # rule FILE 'RULE JSON': one rule under an allow-by-default profile
	printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[%s]}\n' "$2" >"$D/$1"
}
printf '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":{"names":["getpid"]}}\n' >"$D/t-syscalls.json"
printf '{"defaultAction":17,"syscalls":[]}\n' >"$D/t-default.json"
printf '["SCMP_ACT_ALLOW"]\n' >"$D/t-top.json"
rule t-names.json '{"names":"getpid","action":"SCMP_ACT_ERRNO"}'
rule t-index.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[{"index":"0","value":0,"op":"SCMP_CMP_EQ"}]}'
rule t-errno.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","errnoRet":true}'
# Numbers out of range.
rule n-index-neg.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[{"index":-1,"value":0,"op":"SCMP_CMP_EQ"}]}'
rule n-index-6.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[{"index":6,"value":0,"op":"SCMP_CMP_EQ"}]}'
rule n-errno-4096.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","errnoRet":4096}'
rule n-errno-neg.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","errnoRet":-1}'
rule n-value-2p64.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":18446744073709551616,"op":"SCMP_CMP_EQ"}]}'
rule n-value-neg.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":-1,"op":"SCMP_CMP_EQ"}]}'
rule n-value-frac.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":1.5,"op":"SCMP_CMP_EQ"}]}'
# Unknown names.
printf '{"defaultAction":"SCMP_ACT_BOGUS","syscalls":[]}\n' >"$D/u-default.json"
rule u-action.json '{"names":["getpid"],"action":"SCMP_ACT_BOGUS"}'
rule u-op.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":0,"op":"SCMP_CMP_BOGUS"}]}'
printf '{"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_BOGUS"],"syscalls":[]}\n' >"$D/u-arch.json"
printf '{"defaultAction":"SCMP_ACT_ALLOW","flags":["SECCOMP_FILTER_FLAG_BOGUS"],"syscalls":[]}\n' >"$D/u-flag.json"
# Nothing at all: Docker would run it unfiltered.
printf '{}\n' >"$D/nothing.json"
printf '{"defaultAction":"SCMP_ACT_ALLOW"} trailing\n' >"$D/trailing.json"
# 100,000 levels of nesting: arrays at the top, arrays and objects inside.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' \
	</dev/null >"$D/deep-top.json"
awk 'BEGIN { printf "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":"
	for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "}" }' \
	</dev/null >"$D/deep-array.json"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{\"a\":"; printf "1"
	for (i = 0; i < 100000; i++) printf "}"; print "" }' </dev/null >"$D/deep-object.json"
# 100 MB, sparse: no disk used, removed with $T.
truncate -s 100M "$D/huge.json"
# Not files.
mkdir "$D/dir.json"
mkfifo "$D/fifo.json"
ln -s loop2.json "$D/loop1.json"
ln -s loop1.json "$D/loop2.json"
printf '{"defaultAction":"SCMP_ACT_ALLOW"}\n' >"$D/unreadable.json"
chmod 000 "$D/unreadable.json"
# A path of 5,000 characters (longer than PATH_MAX).
LONG=$D
while [ ${#LONG} -lt 4980 ]; do
	LONG=$LONG/dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd
done
LONG=$(printf '%.4990s/profile.json' "$LONG")
# INI errors.
printf '[profile]\ndefault = errno EPERM\n[bogus]\nsyscalls = getpid\n' >"$D/i-section.ini"
{
	printf '[profile]\ndefault = errno EPERM\n[allow]\nsyscalls ='
	i=0
	while [ $i -lt 60 ]; do
		printf ' getpid'
		i=$((i + 1))
	done
	printf '\n'
} >"$D/i-long.ini"
printf '[profile]\ndefault = errno EPERM\n[allow\nsyscalls = getpid\n' >"$D/i-header.ini"
printf '[profile]\nbogus = 1\n' >"$D/i-key.ini"
printf '[profile]\ndefault = allow\n[errno]\nsyscalls = sc_no_such_call\n' >"$D/i-name.ini"
printf '[profile]\ndefault = allow\n[errno]\nsocket = arg9 == 1\n' >"$D/i-cond.ini"
printf '[profile]\ndefault = allow\ninclude = i-self.ini\n' >"$D/i-self.ini"
printf '[profile]\ndefault = allow\ninclude = /dev/zero\n' >"$D/i-devzero.ini"
printf 'syscalls = getpid\n' >"$D/i-nosection.ini"
chmod -R a+rX "$D"
chmod 000 "$D/unreadable.json"

# --- the table -------------------------------------------------------------------
# bad WHERE FILE ERE LABEL: one row, for the loader and a bare LD_PRELOAD.
# WHERE: col (FILE:LINE:COL), line (FILE:LINE, a column allowed), file
# (FILE, a line allowed: the problem may have one or not), none (no file,
# e.g. an empty SYSCAGE_PROFILE), prefix (the first 100 characters of
# FILE: a path longer than the line may be cut). FILE is named as given or
# as its real path (includes are named that way).
where_re() { # where_re WHERE FILE
	_f=$(re "$2")
	_r=$(readlink -f -- "$2" 2>/dev/null)
	[ -n "$_r" ] && _f="($_f|$(re "$_r"))"
	case $1 in
	prefix) printf '^syscage: %s' "$(re "$(printf '%.100s' "$2")")" ;;
	col) printf '^syscage: %s:[0-9]+:[0-9]+: ' "$_f" ;;
	line) printf '^syscage: %s:[0-9]+(:[0-9]+)?: ' "$_f" ;;
	file) printf '^syscage: %s(:[0-9]+(:[0-9]+)?)?: ' "$_f" ;;
	none) printf '^syscage: ' ;;
	esac
}
check_row() { # check_row LABEL WHERE FILE ERE
	error_is "$1" "$4"
	case $2 in
	none) _what="no file" ;;
	prefix) _what="the start of the path" ;;
	*) _what="the file (${2})" ;;
	esac
	like "$ERR" "$(where_re "$2" "$3")" "$1: the line names $_what"
	did_not_run "$1"
}
bad() { # bad WHERE FILE ERE LABEL
	run $LLIMIT "$SYSCAGE" -p "$2" -- sh -c "$CMD" "$MARK"
	check_row "loader, $4" "$1" "$2" "$3"
	run $LIMIT env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$2" sh -c "$CMD" "$MARK"
	check_row "bare LD_PRELOAD, $4" "$1" "$2" "$3"
}

bad line "$D/empty.json" 'empty' "an empty file"
bad file "$D/garbage.json" '.' "binary garbage (.json)"
bad file "$D/garbage" '.' "binary garbage (no suffix: INI by content)"
bad col "$D/nul.json" 'NUL' "a NUL byte in JSON"
bad line "$D/nul.ini" 'NUL' "a NUL byte in INI"
bad col "$D/utf8.json" '[Uu][Tt][Ff]-?8' "invalid UTF-8 in a JSON string"
bad line "$D/utf8.ini" '.' "invalid UTF-8 in an INI value"
bad col "$D/t-syscalls.json" 'syscalls.*expected' "wrong type: syscalls is an object"
bad col "$D/t-default.json" 'defaultAction.*expected' "wrong type: defaultAction is a number"
bad line "$D/t-top.json" 'object' "wrong type: the top level is an array"
bad col "$D/t-names.json" 'names.*expected' "wrong type: names is a string"
bad col "$D/t-index.json" 'index.*expected' "wrong type: index is a string"
bad col "$D/t-errno.json" 'errnoRet.*expected' "wrong type: errnoRet is a boolean"
bad col "$D/n-index-neg.json" 'index.*-1' "out of range: index -1"
bad col "$D/n-index-6.json" 'index.*6' "out of range: index 6"
bad line "$D/n-errno-4096.json" '4096' "out of range: errnoRet 4096"
bad col "$D/n-errno-neg.json" 'errnoRet.*-1' "out of range: errnoRet -1"
bad col "$D/n-value-2p64.json" '18446744073709551616' "out of range: value 2^64"
bad col "$D/n-value-neg.json" 'value.*-1' "out of range: value -1"
bad col "$D/n-value-frac.json" 'value.*1\.5' "not an integer: value 1.5"
bad col "$D/u-default.json" 'SCMP_ACT_BOGUS' "unknown defaultAction"
bad col "$D/u-action.json" 'SCMP_ACT_BOGUS' "unknown action"
bad col "$D/u-op.json" 'SCMP_CMP_BOGUS' "unknown op"
bad col "$D/u-arch.json" 'SCMP_ARCH_BOGUS' "unknown architecture"
bad col "$D/u-flag.json" 'SECCOMP_FILTER_FLAG_BOGUS' "unknown flag"
bad line "$D/nothing.json" 'defaultAction' "{}: no defaultAction, no rules"
bad col "$D/trailing.json" '.' "text after the object"
bad line "$D/deep-top.json" '.' "100,000 nested arrays"
bad col "$D/deep-array.json" '.' "100,000 nested arrays inside the profile"
bad col "$D/deep-object.json" '.' "100,000 nested objects"
bad file "$D/huge.json" 'bytes|large|big|size' "a 100 MB profile"
bad file "$D/dir.json" 'regular|directory' "a directory"
bad file "$D/fifo.json" 'regular|FIFO|fifo' "a FIFO (no hang)"
bad file "$D/loop1.json" 'symbolic links|loop' "a symlink loop"
bad file "$D/missing.json" 'No such file|not found|no profile' "a missing file"
bad prefix "$LONG" 'long' "a path of ${#LONG} characters"
bad line "$D/i-section.ini" 'bogus' "INI: an unknown section"
bad line "$D/i-long.ini" 'long|198' "INI: a line longer than inih reads"
bad line "$D/i-header.ini" '.' "INI: an unterminated section header"
bad line "$D/i-key.ini" 'bogus' "INI: an unknown key in [profile]"
bad line "$D/i-name.ini" 'sc_no_such_call' "INI: an unknown syscall name"
bad line "$D/i-cond.ini" 'arg9' "INI: argument 9"
bad line "$D/i-self.ini" 'cycle|loop|itself|include' "INI: a file that includes itself"
bad line "$D/i-devzero.ini" 'regular|/dev/zero' "INI: an include of /dev/zero"
bad line "$D/i-nosection.ini" '.' "INI: a key before any section"

# An unreadable file: root reads anything, so as nobody (mode 000).
for how in loader bare; do
	if [ $how = loader ]; then
		run nobody $LLIMIT "$U_SYSCAGE" -p "$D/unreadable.json" -- sh -c "$CMD" "$T/nm/marker"
	else
		run nobody $LIMIT env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE="$D/unreadable.json" \
			sh -c "$CMD" "$T/nm/marker"
	fi
	MARK=$T/nm/marker
	check_row "$how, nobody, a mode-000 file" file "$D/unreadable.json" 'ermission'
	MARK=$T/marker
done

# No profile at all.
run $LLIMIT "$SYSCAGE" -p "" -- sh -c "$CMD" "$MARK"
check_row "loader, -p ''" none "" 'profile'
run $LIMIT env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE= sh -c "$CMD" "$MARK"
check_row "bare LD_PRELOAD, SYSCAGE_PROFILE empty" none "" 'SYSCAGE_PROFILE'
run $LIMIT env -u SYSCAGE_PROFILE LD_PRELOAD="$SHIM" sh -c "$CMD" "$MARK"
check_row "bare LD_PRELOAD, SYSCAGE_PROFILE unset" none "" 'SYSCAGE_PROFILE'

# --- large but valid-looking: bounded time ----------------------------------------
# libseccomp compares each new rule with every earlier one: a profile near
# the 4 MB limit with many rules must not take minutes. One name 350,000
# times (a valid profile: it runs) and 38,000 distinct rules (refused).
awk 'BEGIN { printf "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"action\":\"SCMP_ACT_ERRNO\",\"names\":[\"acct\""
	for (i = 1; i < 350000; i++) printf ",\"acct\""; print "]}]}" }' </dev/null >"$D/repeat.json"
awk 'BEGIN { printf "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
	for (i = 1; i <= 38000; i++)
		printf "%s{\"names\":[\"acct\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":%d,\"op\":\"SCMP_CMP_EQ\"}]}", (i > 1 ? "," : ""), i
	print "]}" }' </dev/null >"$D/distinct.json"
# A sanitizer build of the loader takes minutes on these (the time is
# ASan's, not the product's): only the shim, never sanitized, is timed then.
if [ -n "$LLIMIT" ]; then
	run $LLIMIT "$SYSCAGE" -q -p "$D/repeat.json" -- sh -c "$CMD" "$MARK"
	is "$RC:$OUT" "0:ran" "loader, one name 350,000 times: compiles within ${TIMEOUT}s and runs"
	rm -f "$MARK"
	run $LLIMIT "$SYSCAGE" -p "$D/distinct.json" -- sh -c "$CMD" "$MARK"
	check_row "loader, 38,000 distinct rules (3.7 MB)" line "$D/distinct.json" 'rules|instructions|4096'
else
	for i in 1 2 3 4 5 6 7 8; do
		skip "a sanitizer build of the loader: no time bound on the 4 MB profiles"
	done
fi
run $LIMIT env SYSCAGE_QUIET=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$D/repeat.json" sh -c "$CMD" "$MARK"
is "$RC:$OUT" "0:ran" "bare LD_PRELOAD, one name 350,000 times: compiles within ${TIMEOUT}s and runs"
rm -f "$MARK"
run $LIMIT env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$D/distinct.json" sh -c "$CMD" "$MARK"
check_row "bare LD_PRELOAD, 38,000 distinct rules (3.7 MB)" line "$D/distinct.json" 'rules|instructions|4096'
rm -f "$D/repeat.json" "$D/distinct.json"

# --- duplicate keys are not errors: the last one wins, as in Go ---------------
# (the key match is case-insensitive, as in Go too).
rule dup-action-deny.json '{"names":["getpid"],"action":"SCMP_ACT_ALLOW","action":"SCMP_ACT_ERRNO"}'
rule dup-action-allow.json '{"names":["getpid"],"action":"SCMP_ACT_ERRNO","action":"SCMP_ACT_ALLOW"}'
rule dup-names.json '{"names":["socket"],"names":["getpid"],"action":"SCMP_ACT_ERRNO"}'
printf '{"defaultAction":"SCMP_ACT_KILL_PROCESS","defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["getpid"],"action":"SCMP_ACT_ERRNO"}]}\n' \
	>"$D/dup-default.json"
printf '{"defaultAction":"SCMP_ACT_KILL_PROCESS","DEFAULTACTION":"SCMP_ACT_ALLOW","syscalls":[{"names":["getpid"],"action":"SCMP_ACT_ERRNO"}]}\n' \
	>"$D/dup-case.json"
dup() { # dup FILE "CALL=RESULT ..." LABEL
	# shellcheck disable=SC2046
	run $LLIMIT "$SYSCAGE" -q -p "$D/$1" -- "$PROBE" $(calls_of "$2")
	results_are "loader, $3" "$2"
	# shellcheck disable=SC2046
	run $LIMIT env SYSCAGE_QUIET=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$D/$1" \
		"$PROBE" $(calls_of "$2")
	results_are "bare LD_PRELOAD, $3" "$2"
}
dup dup-action-deny.json "getpid=-EPERM" "duplicate action, ERRNO last"
dup dup-action-allow.json "getpid=0" "duplicate action, ALLOW last"
dup dup-names.json "getpid=-EPERM socket:40:1:0=0" "duplicate names, getpid last"
dup dup-default.json "getpid=-EPERM" "duplicate defaultAction, ALLOW last"
dup dup-case.json "getpid=-EPERM" "defaultAction and DEFAULTACTION, ALLOW last"

# --- a relative SYSCAGE_PROFILE, and a program that changes directory ------
# The child the shell starts from / cannot find rel.json any more: it must
# keep the filter it inherited (the marker says the profile is in force) or
# be refused, never run unconfined.
mkdir -p "$T/rel"
cp "$MOBY" "$T/rel/rel.json"
confined_or_refused() { # confined_or_refused LABEL: the last probe run
	ok "$(
		{ [ "$RC" -eq 125 ] && [ -z "$OUT" ]; } ||
			{ [ "$RC" -eq 0 ] && [ "$OUT" = "socket=-EPERM" ]; }
		echo $?
	)" "$1: confined (socket=-EPERM) or refused (125), not unconfined"
}
run env -C "$T/rel" SYSCAGE_QUIET=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=rel.json \
	sh -c 'cd / && exec "$0" socket:40:1:0' "$PROBE"
confined_or_refused "bare LD_PRELOAD, relative profile, child after cd /"
is "$RC:$OUT" "0:socket=-EPERM" "bare LD_PRELOAD, relative profile, child after cd /: it runs, confined"
run env -C "$T/rel" SYSCAGE_QUIET=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=rel.json \
	sh -c 'cd / && SYSCAGE_ACTIVE= exec "$0" socket:40:1:0' "$PROBE"
confined_or_refused "bare LD_PRELOAD, relative profile, child after cd / without the marker"
run env -C "$T/rel" SYSCAGE_QUIET=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=rel.json \
	sh -c 'cd / && exec env -u SYSCAGE_ACTIVE -u LD_PRELOAD "$0" socket:40:1:0' "$PROBE"
confined_or_refused "bare LD_PRELOAD, relative profile, child after cd / without marker and preload"
run env -C "$T/rel" "$SYSCAGE" -q -p rel.json -- sh -c 'cd / && exec "$0" socket:40:1:0' "$PROBE"
confined_or_refused "loader, relative -p, child after cd /"
run env -C "$T/rel" "$SYSCAGE" -q -p rel.json -- sh -c \
	'cd / && SYSCAGE_ACTIVE= exec "$0" socket:40:1:0' "$PROBE"
confined_or_refused "loader, relative -p, child after cd / without the marker"

# --- valgrind: no error and no leak on the loader's paths ---------------------
# (on its dynamically linked twin: valgrind cannot follow a static glibc)
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9"
VGS=$B/tests/syscage-dynamic
vg_row() { # vg_row STATUS LABEL CMD...: valgrind's verdict and CMD's status
	_want=$1 _label=$2
	shift 2
	run $VG "$@"
	is "$RC" "$_want" "valgrind, $_label: exit status $_want, no memory error or leak"
}
if ! command -v valgrind >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6; do
		skip "valgrind is not installed"
	done
elif nm "$VGS" 2>/dev/null | grep -q __asan_init || ldd "$VGS" 2>/dev/null | grep -q libasan; then
	for i in 1 2 3 4 5 6; do
		skip "the loader is built with sanitizers: no valgrind"
	done
else
	vg_row 0 "check on moby-default.json (success)" "$VGS" check "$MOBY"
	vg_row 0 "check on the shipped default.ini (success, INI)" "$VGS" check "$ROOT/conf/profiles/default.ini"
	vg_row 125 "check on an unknown action (error)" "$VGS" check "$D/u-action.json"
	vg_row 125 "check on 100,000 nested objects (error)" "$VGS" check "$D/deep-object.json"
	vg_row 125 "check on an INI include cycle (error)" "$VGS" check "$D/i-self.ini"
	vg_row 125 "run with a missing profile (error)" "$VGS" -p "$D/missing.json" -- true
fi

done_testing
