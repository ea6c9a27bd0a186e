# SPDX-License-Identifier: Apache-2.0
# tests/lib.sh: a tiny TAP producer for the black-box tests (POSIX sh, dash).
# Sourced by every tests/*.sh, which tests/run starts from the repository's
# root with B=<build dir>. Each check prints "ok N - DESC" or "not ok N -
# DESC" (with "# ..." diagnostics), and done_testing prints the plan "1..N"
# and sets the script's status.
#
#   ok STATUS DESC        passes when STATUS (an exit status) is 0
#   is GOT WANT DESC      string equality
#   isnt GOT NOTWANT DESC string inequality
#   like GOT ERE DESC     GOT matches the extended regular expression ERE
#   unlike GOT ERE DESC   it does not
#   skip DESC             "ok N # skip DESC"
#   run CMD [ARG]...      runs CMD (stdin /dev/null, under timeout) and sets
#                         RC, OUT (stdout), ERR (stderr), ERRLINES
#   nobody CMD [ARG]...   runs CMD as uid/gid 65534 without capabilities
#
# Variables: ROOT (the repository), B (absolute build dir), SYSCAGE, SHIM,
# PROBE, SPROBE (static probe), P (the profiles), PY (a python3 that nobody
# can run), T (a scratch directory, mode 755, removed on exit), and after
# `stage_unprivileged`, U_SYSCAGE, U_SHIM, U_PROBE, U_SPROBE, U_P: copies
# under $T that the unprivileged user can read.

# tests/run starts every tests/*.sh, this one too: alone it tests nothing.
case $0 in
lib.sh | */lib.sh) exit 0 ;;
esac

ROOT=$(pwd)
# Only what a test sets itself reaches the product.
unset SYSCAGE_PROFILE SYSCAGE_CAPS SYSCAGE_STRICT SYSCAGE_ACTIVE \
	SYSCAGE_STAGE2 SYSCAGE_QUIET LD_PRELOAD
B=${B:-build}
case $B in
/*) ;;
*) B=$ROOT/$B ;;
esac
SYSCAGE=$B/syscage
SHIM=$B/libsyscage.so
PROBE=$B/tests/probe
SPROBE=$B/tests/static_probe
P=$ROOT/tests/data/profiles
MOBY=$P/moby-default.json
LAB=$P/docker-labs
TIMEOUT=${TIMEOUT:-30}

# A python3 that is a real binary (not a pyenv shim under /root), so that
# the unprivileged user can run it too.
if [ -x /usr/bin/python3 ]; then
	PY=/usr/bin/python3
else
	PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
	[ -n "$PY" ] || PY=python3
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/syscage-test.XXXXXX") || {
	echo "Bail out! cannot create a scratch directory"
	exit 1
}
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
# Each script gets a compiled-filter cache of its own: no state from other
# runs, nothing left in the user's.
SYSCAGE_CACHE=$T/cache
export SYSCAGE_CACHE
trap 'exit 130' HUP INT TERM

_tap_n=0
_tap_failed=0

# diag TEXT...: every line of TEXT as a "# " line.
diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

_tap_result() { # _tap_result PASSED(0/1) DESC
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		printf 'ok %d - %s\n' "$_tap_n" "$2"
		return 0
	fi
	printf 'not ok %d - %s\n' "$_tap_n" "$2"
	_tap_failed=$((_tap_failed + 1))
	return 1
}

# Shows the last `run` (command, status, output) after a failure.
_tap_last_run() {
	[ -n "${LASTCMD:-}" ] || return 0
	diag "last command: $LASTCMD"
	diag "  exit status: $RC"
	[ -z "$OUT" ] || diag "  stdout: $OUT"
	[ -z "$ERR" ] || diag "  stderr: $ERR"
}

ok() { # ok STATUS DESC
	_st=$1
	shift
	[ "$_st" -eq 0 ] 2>/dev/null || _st=1
	_tap_result "$_st" "$*" && return 0
	_tap_last_run
	return 1
}

is() { # is GOT WANT DESC
	if [ "$1" = "$2" ]; then
		_tap_result 0 "$3"
		return 0
	fi
	_tap_result 1 "$3"
	diag "     got: '$1'"
	diag "    want: '$2'"
	_tap_last_run
	return 1
}

isnt() { # isnt GOT NOTWANT DESC
	if [ "$1" != "$2" ]; then
		_tap_result 0 "$3"
		return 0
	fi
	_tap_result 1 "$3"
	diag "     got: '$1'"
	diag "    want anything else"
	_tap_last_run
	return 1
}

like() { # like GOT ERE DESC
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_tap_result 0 "$3"
		return 0
	fi
	_tap_result 1 "$3"
	diag "     got: '$1'"
	diag "    want a match for /$2/"
	_tap_last_run
	return 1
}

unlike() { # unlike GOT ERE DESC
	if ! printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_tap_result 0 "$3"
		return 0
	fi
	_tap_result 1 "$3"
	diag "     got: '$1'"
	diag "    want no match for /$2/"
	_tap_last_run
	return 1
}

skip() { # skip DESC
	_tap_n=$((_tap_n + 1))
	printf 'ok %d # skip %s\n' "$_tap_n" "$*"
}

done_testing() {
	printf '1..%d\n' "$_tap_n"
	[ "$_tap_failed" -eq 0 ] || diag "failed $_tap_failed of $_tap_n"
	[ "$_tap_failed" -eq 0 ]
	exit $?
}

# nobody CMD [ARG]...: as uid/gid 65534, no groups, no capabilities, from
# the scratch directory (the caller's may be unreadable to nobody), with
# HOME there too. `run nobody CMD...` works as well.
NOBODY_SETPRIV="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
nobody() {
	# shellcheck disable=SC2086
	env -C "$T" HOME="$T" $NOBODY_SETPRIV "$@"
}

# run CMD [ARG]...: RC, OUT, ERR, ERRLINES (lines on stderr). Never hangs:
# the command gets TIMEOUT seconds (then RC is 124, or 137 once killed).
run() {
	LASTCMD="$*"
	if [ "$1" = nobody ]; then
		shift
		# shellcheck disable=SC2086
		set -- env -C "$T" HOME="$T" $NOBODY_SETPRIV "$@"
	fi
	timeout -k 5 "$TIMEOUT" "$@" <"$T/.null" >"$T/.out" 2>"$T/.err"
	RC=$?
	OUT=$(cat "$T/.out")
	ERR=$(cat "$T/.err")
	ERRLINES=$(grep -c '' "$T/.err")
	return 0
}
: >"$T/.null"

# Copies the binaries and profiles into $T/u (world-readable) for tests
# that run as nobody: a fresh clone under /root is not.
stage_unprivileged() {
	mkdir -p "$T/u/tests" "$T/u/profiles"
	for f in "$SYSCAGE" "$SHIM" "$B/libsyscage-compile.so"; do
		[ -f "$f" ] && cp "$f" "$T/u/"
	done
	for f in "$PROBE" "$SPROBE"; do
		[ -f "$f" ] && cp "$f" "$T/u/tests/"
	done
	cp -R "$P/." "$T/u/profiles/"
	chmod -R a+rX "$T/u"
	U_SYSCAGE=$T/u/syscage
	U_SHIM=$T/u/libsyscage.so
	U_PROBE=$T/u/tests/probe
	U_SPROBE=$T/u/tests/static_probe
	U_P=$T/u/profiles
	U_MOBY=$U_P/moby-default.json
}

# Broken profiles for the error paths, under $T/bad: missing.json (absent),
# dir.json (a directory), invalid.json (a JSON syntax error on line 3),
# action.json (an unknown action, SCMP_ACT_BOGUS, on line 4); and
# unknown.json, valid but naming a syscall libseccomp does not know
# (sc_no_such_call) next to getpid, which it denies.
make_bad_profiles() {
	mkdir -p "$T/bad/dir.json"
	BAD_MISSING=$T/bad/missing.json
	BAD_DIR=$T/bad/dir.json
	BAD_JSON=$T/bad/invalid.json
	BAD_ACTION=$T/bad/action.json
	UNKNOWN=$T/bad/unknown.json
	cat >"$BAD_JSON" <<-'EOF'
	{
		"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [ @ ]
	}
	EOF
	cat >"$BAD_ACTION" <<-'EOF'
	{
		"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [
			{ "names": ["getpid"], "action": "SCMP_ACT_BOGUS" }
		]
	}
	EOF
	cat >"$UNKNOWN" <<-'EOF'
	{
		"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [
			{ "names": ["getpid", "sc_no_such_call"],
			  "action": "SCMP_ACT_ERRNO" }
		]
	}
	EOF
	chmod -R a+rX "$T/bad"
}

# Commands that would leave evidence if they ran print "ran" and create
# $MARK: sh -c 'echo ran; : >"$0"' "$MARK". did_not_run checks for it.
MARK=$T/marker
did_not_run() { # did_not_run LABEL
	unlike "$OUT" 'ran' "$1: the command printed nothing"
	[ ! -e "$MARK" ]
	ok $? "$1: the command did not run (no marker file)"
	rm -f "$MARK"
}

# re STRING: STRING as an extended regular expression matching itself.
re() {
	printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g'
}

# error_is LABEL ERE: the last run failed with status 125 and exactly one
# line on stderr, "syscage: ..." matching ERE.
error_is() {
	is "$RC" 125 "$1: exit status 125"
	is "$ERRLINES" 1 "$1: one line on stderr"
	like "$ERR" "^syscage: " "$1: the line starts with 'syscage: '"
	like "$ERR" "$2" "$1: the line says /$2/"
}

# results_are LABEL "CALL=RESULT ...": checks $RC and $OUT of a probe run
# made with the same calls (see calls_of), one assertion per call.
calls_of() {
	for _s in $1; do
		printf '%s ' "${_s%=*}"
	done
}
results_are() {
	is "$RC" 0 "$1: the probe ran and exited 0"
	_i=0
	for _s in $2; do
		_i=$((_i + 1))
		_call=${_s%=*}
		_want="${_call%%:*}=${_s##*=}"
		_got=$(printf '%s\n' "$OUT" | sed -n "${_i}p")
		is "$_got" "$_want" "$1: $_call -> ${_s##*=}"
	done
}

# The product may still be missing pieces: say so once, the checks then
# fail on their own.
for _f in "$SYSCAGE" "$SHIM" "$PROBE" "$SPROBE"; do
	[ -e "$_f" ] || diag "missing $_f (run make all check first)"
done
