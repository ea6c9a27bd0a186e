#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The syscage command: help and version, exit statuses (the command's own,
# 125/126/127), the environment it gives the command, its options, and the
# check and export subcommands.
. tests/lib.sh
make_bad_profiles

# --- help, version, usage errors ---------------------------------------
run "$SYSCAGE" --help
is "$RC" 0 "--help exits 0"
like "$OUT" '^Usage: syscage' "--help prints the usage on stdout"
like "$OUT" '--caps' "--help documents --caps"
run "$SYSCAGE" -h
is "$RC" 0 "-h exits 0"
like "$OUT" '^Usage: syscage' "-h prints the usage"

run "$SYSCAGE" --version
is "$RC" 0 "--version exits 0"
like "$OUT" '^syscage [0-9]+\.[0-9]+' "--version prints 'syscage X.Y...'"
run "$SYSCAGE" -V
is "$RC" 0 "-V exits 0"
like "$OUT" '^syscage [0-9]+\.[0-9]+' "-V prints the version"

run "$SYSCAGE" --no-such-option -- sh -c 'echo ran; : >"$0"' "$MARK"
is "$RC" 125 "an unknown option exits 125"
did_not_run "unknown option"
run "$SYSCAGE"
is "$RC" 125 "no command exits 125"
run "$SYSCAGE" -p
is "$RC" 125 "-p without a value exits 125"

# --- the command's own exit status, arguments ---------------------------
run "$SYSCAGE" -p "$MOBY" -- true
is "$RC" 0 "syscage -p moby-default.json -- true exits 0"
run "$SYSCAGE" -p "$MOBY" -- false
is "$RC" 1 "false under syscage exits 1"
run "$SYSCAGE" -p "$LAB/allow.json" -- sh -c 'exit 7'
is "$RC" 7 "the command's exit status (7) is syscage's"
run "$SYSCAGE" -p "$MOBY" -- sh -c 'kill -TERM $$'
is "$RC" 143 "a command killed by SIGTERM shows as 128+15"
run "$SYSCAGE" -p "$MOBY" -- printf '%s|' a 'b c' '' --
is "$OUT" "a|b c||--|" "arguments reach the command verbatim (spaces, empty, --)"
run "$SYSCAGE" -p "$MOBY" echo -p x --caps
is "$OUT" "-p x --caps" "options after the command belong to the command"
run "$SYSCAGE" -- "$PROBE" socket:40:1:0 getpid
is "$OUT" "socket=-EPERM
getpid=0" "no -p: the built-in Docker default applies (AF_VSOCK denied)"
run "$SYSCAGE" -p default -- "$PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "-p default is the built-in Docker default"
run "$SYSCAGE" --profile="$MOBY" -- "$PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "--profile=FILE works like -p"
run sh -c 'cd tests/data && "$0" -p profiles/moby-default.json -- "$1" socket:40:1:0' \
	"$SYSCAGE" "$PROBE"
is "$OUT" "socket=-EPERM" "a relative -p path is found from the current directory"

# --- finding the command, as env(1) ------------------------------------
mkdir -p "$T/bin"
printf '#!/bin/sh\necho hello from script\n' >"$T/bin/sc-hello"
chmod 755 "$T/bin/sc-hello"
printf '#!/bin/sh\necho ran\n' >"$T/bin/sc-noexec"
chmod 644 "$T/bin/sc-noexec"
run env PATH="$T/bin:/usr/bin:/bin" "$SYSCAGE" -p "$MOBY" -- sc-hello
is "$RC" 0 "a command found in PATH runs"
is "$OUT" "hello from script" "a #! script from PATH runs under syscage"
run "$SYSCAGE" -p "$MOBY" -- sc-no-such-command-xyz
is "$RC" 127 "a command not in PATH exits 127"
like "$ERR" '^syscage: .*sc-no-such-command-xyz' "the 127 error names the command"
run "$SYSCAGE" -p "$MOBY" -- "$T/no/such/file"
is "$RC" 127 "a missing path exits 127"
run "$SYSCAGE" -p "$MOBY" -- "$T/bin/sc-noexec"
is "$RC" 126 "a non-executable file exits 126"
unlike "$OUT" 'ran' "the non-executable file did not run"
like "$ERR" '^syscage: ' "the 126 error is a syscage: line"
run env PATH="$T/bin:/usr/bin:/bin" "$SYSCAGE" -p "$MOBY" -- sc-noexec
is "$RC" 126 "a non-executable file found in PATH exits 126 (like env)"
run "$SYSCAGE" -p "$MOBY" -- "$T/bin"
is "$RC" 126 "a directory as the command exits 126"

# --- bad profiles: 125, one line naming the file, command never runs ----
for bad in "$BAD_MISSING" "$BAD_DIR" "$BAD_JSON" "$BAD_ACTION"; do
	n=${bad##*/}
	run "$SYSCAGE" -p "$bad" -- sh -c 'echo ran; : >"$0"' "$MARK"
	error_is "loader, $n" "^syscage: $(re "$bad")(:[0-9]+)*: "
	did_not_run "loader, $n"
done
run "$SYSCAGE" -p "$BAD_JSON" -- true
like "$ERR" "^syscage: $(re "$BAD_JSON"):3(:[0-9]+)?: " \
	"invalid JSON: the error gives line 3"
run "$SYSCAGE" -p "$BAD_ACTION" -- true
like "$ERR" 'SCMP_ACT_BOGUS' "unknown action: the error names the action"
run "$SYSCAGE" -p "$T/bad/missing.json" -- "$SPROBE" getpid
is "$RC" 125 "bad profile with a static target: 125"
is "$OUT" "" "bad profile with a static target: it did not run"

run "$SYSCAGE" --caps CAP_NO_SUCH -p "$MOBY" -- sh -c 'echo ran; : >"$0"' "$MARK"
error_is "--caps CAP_NO_SUCH" 'CAP_NO_SUCH'
did_not_run "--caps CAP_NO_SUCH"
run env SYSCAGE_CAPS=bogus "$SYSCAGE" -p "$MOBY" -- sh -c 'echo ran; : >"$0"' "$MARK"
error_is "SYSCAGE_CAPS=bogus" 'bogus'
did_not_run "SYSCAGE_CAPS=bogus"

# --- unknown syscall names: warning, -q, --strict ------------------------
# (--no-report: the denied getpid would add a report line.)
run "$SYSCAGE" --no-report -p "$UNKNOWN" -- "$PROBE" getpid
is "$RC" 0 "a profile with an unknown syscall name still runs the command"
is "$OUT" "getpid=-EPERM" "... and the known names in that rule apply"
is "$ERRLINES" 1 "... with one warning line"
like "$ERR" "^syscage: $(re "$UNKNOWN"): .*sc_no_such_call" \
	"the warning names the file and the unknown name"
run "$SYSCAGE" --no-report -q -p "$UNKNOWN" -- "$PROBE" getpid
is "$ERR" "" "-q silences the warning"
is "$OUT" "getpid=-EPERM" "-q: the profile still applies"
run "$SYSCAGE" --no-report --quiet -p "$UNKNOWN" -- "$PROBE" getpid
is "$ERR" "" "--quiet silences the warning"
run "$SYSCAGE" --strict -p "$UNKNOWN" -- sh -c 'echo ran; : >"$0"' "$MARK"
error_is "--strict with an unknown name" 'sc_no_such_call'
did_not_run "--strict with an unknown name"

# --- the environment the command gets -----------------------------------
SHIM_ABS=$(readlink -f "$SHIM")
MOBY_ABS=$(readlink -f "$MOBY")
show_env='printf "%s\n" "P=$SYSCAGE_PROFILE" "L=$LD_PRELOAD" "A=${SYSCAGE_ACTIVE:+set}" "S=${SYSCAGE_STAGE2-unset}"; grep "^NoNewPrivs:" /proc/self/status'
run sh -c 'cd tests/data && "$0" -p profiles/moby-default.json -- sh -c "$1"' \
	"$SYSCAGE" "$show_env"
like "$OUT" "^P=$(re "$MOBY_ABS")\$" "SYSCAGE_PROFILE is the absolute path of a relative -p"
like "$OUT" "^L=$(re "$SHIM_ABS")\$" "LD_PRELOAD is the absolute path of libsyscage.so"
like "$OUT" '^A=set$' "SYSCAGE_ACTIVE is set"
like "$OUT" '^S=unset$' "SYSCAGE_STAGE2 does not reach the command's children"
like "$OUT" '^NoNewPrivs:[[:space:]]*1$' "no_new_privs is set"
run "$SYSCAGE" -- sh -c "$show_env"
like "$OUT" '^P=default$' "without -p, SYSCAGE_PROFILE=default"
LIBC=$(ldd "$PROBE" | awk '/libc\.so/ { print $3; exit }')
run env LD_PRELOAD="$LIBC" "$SYSCAGE" -p "$MOBY" -- sh -c "$show_env"
like "$OUT" "^L=$(re "$SHIM_ABS:$LIBC")\$" "the user's LD_PRELOAD entries follow the shim's"
run env SYSCAGE_PROFILE="$LAB/allow.json" "$SYSCAGE" -p "$MOBY" -- "$PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "-p wins over a SYSCAGE_PROFILE in the caller's environment"

# --- check ---------------------------------------------------------------
run "$SYSCAGE" check "$MOBY"
is "$RC" 0 "check moby-default.json exits 0"
like "$OUT" "^$(re "$MOBY"): ok: " "check prints 'FILE: ok: ...'"
for f in "$P"/*.json "$LAB"/*.json "$P"/moby-fixtures/*.json; do
	[ "${f##*/}" = example.json ] && continue
	run "$SYSCAGE" check "$f"
	# What a run refuses (exit_group denied), check refuses alike.
	case ${f##*/} in
	deny.json | conditional_include.json)
		is "$RC:$ERR" "125:syscage: $f: the profile denies exit_group: no program can run, or even exit, under it (runc cannot start it either); allow exit_group" \
			"check ${f#"$P"/}: refused as a run refuses it"
		;;
	*) is "$RC" 0 "check ${f#"$P"/} exits 0" ;;
	esac
done
# moby's example.json has errnoRet 12345 for syslog (lines 27-31), above
# the MAX_ERRNO some libseccomp versions accept: runc would be refused too.
run "$SYSCAGE" check "$P/moby-fixtures/example.json"
ok "$({ [ "$RC" -eq 0 ] || { [ "$RC" -eq 125 ] && [ "$ERRLINES" -eq 1 ] &&
	printf '%s' "$ERR" | grep -Eq 'example\.json:(2[7-9]|3[01])(:[0-9]+)?: '; }; }
	echo $?)" "check moby-fixtures/example.json: accepted, or refused at its syslog rule"
run "$SYSCAGE" check default
is "$RC" 0 "check default (the built-in profile) exits 0"
for bad in "$BAD_MISSING" "$BAD_DIR" "$BAD_JSON" "$BAD_ACTION"; do
	run "$SYSCAGE" check "$bad"
	error_is "check ${bad##*/}" "^syscage: $(re "$bad")(:[0-9]+)*: "
done
run "$SYSCAGE" check "$BAD_JSON"
like "$ERR" ":3(:[0-9]+)?: " "check of invalid JSON gives line 3"
run "$SYSCAGE" check
is "$RC" 125 "check without a profile exits 125"
run "$SYSCAGE" check "$MOBY" "$MOBY"
is "$RC" 125 "check with two profiles exits 125"
run "$SYSCAGE" check --strict "$UNKNOWN"
error_is "check --strict, unknown name" 'sc_no_such_call'
run "$SYSCAGE" check "$UNKNOWN"
is "$RC" 0 "check without --strict accepts an unknown name"
like "$ERR" 'warning.*sc_no_such_call' "... and warns about it"

# --- export ----------------------------------------------------------------
run "$SYSCAGE" export --format pfc "$MOBY"
is "$RC" 0 "export --format pfc exits 0"
like "$OUT" 'ALLOW' "the pfc text has ALLOW actions"
like "$OUT" 'ERRNO' "the pfc text has ERRNO actions"
is "$ERR" "" "export --format pfc writes nothing on stderr"

n=$("$SYSCAGE" check "$MOBY" 2>/dev/null | sed -n 's/.*: ok: \([0-9][0-9]*\) instruction.*/\1/p')
timeout "$TIMEOUT" "$SYSCAGE" export --format bpf "$MOBY" 2>/dev/null >"$T/moby.bpf"
ok $? "export --format bpf exits 0"
size=$(wc -c <"$T/moby.bpf")
ok "$([ "$size" -gt 0 ] && [ $((size % 8)) -eq 0 ]; echo $?)" \
	"export --format bpf writes whole 8-byte instructions ($size bytes)"
is "$size" "$((${n:-0} * 8))" "the bpf is as long as check's instruction count ($n)"
timeout "$TIMEOUT" "$SYSCAGE" export --format=bpf "$MOBY" 2>/dev/null >"$T/moby2.bpf"
cmp -s "$T/moby.bpf" "$T/moby2.bpf"
ok $? "--format=bpf gives the same bytes (the export is deterministic)"
timeout "$TIMEOUT" "$SYSCAGE" export --caps all --format bpf "$MOBY" 2>/dev/null >"$T/all.bpf"
timeout "$TIMEOUT" "$SYSCAGE" export --caps none --format bpf "$MOBY" 2>/dev/null >"$T/none.bpf"
! cmp -s "$T/all.bpf" "$T/none.bpf"
ok $? "export --caps all and --caps none differ for moby-default.json"

run "$SYSCAGE" export --format xml "$MOBY"
error_is "export --format xml" 'xml'
run "$SYSCAGE" export "$MOBY"
is "$RC" 125 "export without --format exits 125"
run "$SYSCAGE" export --format bpf "$BAD_JSON"
error_is "export of invalid JSON" "^syscage: $(re "$BAD_JSON"):3"
is "$OUT" "" "export of invalid JSON writes nothing on stdout"

done_testing
