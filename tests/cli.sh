#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The command line: `syscage [GLOBAL OPTION]... SUBCOMMAND ...` runs the
# subcommand or is refused with one line, never runs a program it was not
# asked to run; `syscage [OPTION]... -- NAME` runs a program named like a
# subcommand; each subcommand takes its own options (those bash completion
# offers) and refuses every other one; the shim's environment is refused
# alike by a run and by record.
# shellcheck disable=SC2086 # lists of words are split on purpose
. tests/lib.sh

SUBS="check explain export diff syscalls which record cache agent status"
GOOD=$ROOT/conf/profiles/shell-readonly.ini
[ -f "$GOOD" ] || GOOD=$MOBY

# Stand-ins for the programs a trap would run: each leaves a trace.
mkdir -p "$T/bin"
for prog in check which diff; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/ran"\n' "$prog" "$T" >"$T/bin/$prog"
	chmod 755 "$T/bin/$prog"
done
ran() { # ran: what the stand-ins saw, then forget it
	cat "$T/ran" 2>/dev/null
	rm -f "$T/ran"
}
PATH=$T/bin:$PATH
export PATH

# --- global options before a subcommand -----------------------------------------
run "$SYSCAGE" -q diff "$MOBY" "$MOBY"
is "$RC" 0 "-q diff A A: syscage diff, no difference"
is "$(ran)" "" "-q diff runs no program named diff"
run "$SYSCAGE" -q diff "$MOBY" "$GOOD"
is "$RC" 1 "-q diff A B: syscage diff, a difference"
is "$(ran)" "" "-q diff A B runs no program"
run "$SYSCAGE" -q which default
is "$RC" 0 "-q which default: exit 0"
like "$OUT" "^default" "-q which default: syscage which answers"
is "$(ran)" "" "-q which runs no program named which"
run "$SYSCAGE" -q check "$GOOD"
is "$RC" 0 "-q check PROFILE: exit 0"
like "$OUT" ": ok: " "-q check PROFILE: syscage check answers"
is "$(ran)" "" "-q check runs no program named check"
run "$SYSCAGE" --caps none --lenient -q check "$GOOD"
is "$RC" 0 "--caps --lenient -q before check: taken"
run "$SYSCAGE" check -q --caps none "$MOBY"
is "$RC" 0 "the global options after the subcommand's name: taken"
run "$SYSCAGE" -q syscalls @default
is "$RC" 0 "-q before syscalls: taken"

for opt in "-p default" "--complain" "--log $T/log" "--no-report" \
	"-q --no-report"; do
	for sub in check which diff; do
		run "$SYSCAGE" $opt $sub default
		error_is "$opt $sub" "goes with a COMMAND, not before subcommand $sub .*-- $sub"
		is "$(ran)" "" "$opt $sub runs no program"
	done
done
is "$(cat "$T/log" 2>/dev/null)" "" "--log before a subcommand writes nothing"
for sub in which syscalls record; do
	run "$SYSCAGE" --caps none $sub
	error_is "--caps $sub" "^syscage: $sub: --caps does not apply to $sub"
	run "$SYSCAGE" --strict $sub
	error_is "--strict $sub" "^syscage: $sub: --strict does not apply"
done
for sub in agent status; do
	run "$SYSCAGE" -q $sub
	error_is "-q $sub" "^syscage: $sub: -q does not apply to $sub"
done

# --- a program named like a subcommand ------------------------------------------
for sub in check which diff; do
	run "$SYSCAGE" -q -- $sub a b
	is "$RC" 0 "-- $sub: runs the program $sub"
	is "$(ran)" "$sub a b" "-- $sub: the program got its arguments"
	run "$SYSCAGE" -p default --no-report -- $sub x
	is "$(ran)" "$sub x" "-p default --no-report -- $sub: runs the program"
done
run "$SYSCAGE" -q
error_is "options and no command" "no command given"
run "$SYSCAGE" -q -- nosuch-program-xyz
is "$RC" 127 "an unknown command: 127"

# --- each subcommand takes its options, refuses the others' ---------------------
if command -v bash >/dev/null 2>&1; then
	complete_words() { # complete_words WORD...: what TAB offers after them
		bash -c '. completion/syscage.bash
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _syscage
printf "%s\n" "${COMPREPLY[@]}"' complete "$@" 2>/dev/null | LC_ALL=C sort -u
	}
	value_of() { # value_of OPTION: a value it takes, or nothing
		case $1 in
		-p | --profile | --base) echo default ;;
		--caps) echo none ;;
		--format) echo json ;;
		-o | --output | --log) echo "$T/out" ;;
		--agent | --socket) echo "$T/sock" ;;
		esac
	}
	ALL=$(for sub in "" $SUBS; do complete_words "$SYSCAGE" $sub -; done |
		grep -v '^--$' | LC_ALL=C sort -u)
	for sub in $SUBS; do
		own=$(complete_words "$SYSCAGE" $sub - | grep -v '^--$')
		isnt "$own" "" "completion offers $sub's options"
		for opt in $own; do
			[ "$opt" = --help ] && continue
			run "$SYSCAGE" $sub $opt $(value_of $opt) --help
			is "$RC:$(echo "$OUT" | head -n1 | cut -d' ' -f1-3)" \
				"0:Usage: syscage $sub" "$sub takes $opt"
		done
		for opt in $ALL; do
			printf '%s\n' $own | grep -qxe "$opt" && continue
			run "$SYSCAGE" $sub $opt $(value_of $opt) default
			error_is "$sub $opt" "^syscage: $sub: unknown option $opt "
		done
	done
	like "$(complete_words "$SYSCAGE" expl | tr '\n' ' ')" "(^| )explain " \
		"completion offers a subcommand first"
	unlike "$(complete_words "$SYSCAGE" -p default expl | tr '\n' ' ')" \
		"(^| )explain " "completion after a run option offers no subcommand"
else
	skip "bash missing: the option tables are read from the completion"
fi
run "$SYSCAGE" which --from-exec --complain --log /dev/null -o "$T/x" default
error_is "which with record's and the run's options" \
	"^syscage: which: unknown option --from-exec"
[ ! -e "$T/x" ]
ok $? "which with -o writes nothing"
run "$SYSCAGE" export --format
error_is "export --format without a value" "value is missing after --format"
run "$SYSCAGE" record --format yaml -- true
error_is "record --format yaml" "record: --format yaml: use ini or json"
run "$SYSCAGE" --bogus
error_is "an unknown option of the run" "^syscage: unknown option --bogus"
run "$SYSCAGE" -V
like "$OUT" "^syscage [0-9]" "-V: the version"

# --- --help ------------------------------------------------------------------------
for sub in $SUBS; do
	run "$SYSCAGE" $sub --help
	is "$RC" 0 "$sub --help: exit 0"
	like "$OUT" "^Usage: syscage $sub" "$sub --help: its usage"
done
run "$SYSCAGE" --help
like "$OUT" "^Usage: syscage " "--help: the usage"
like "$OUT" "runs after --: syscage -- check" "--help: says how to run a program named like a subcommand"

# --- syscalls NAME -----------------------------------------------------------------
run "$SYSCAGE" syscalls opnat
error_is "syscalls with an unknown name" 'unknown syscall "opnat": did you mean "openat"'
run "$SYSCAGE" syscalls openat
is "$RC" 0 "syscalls with a known name: exit 0"

# --- the shim's environment: one place refuses what ld.so would split ----------------
mkdir -p "$T/a b"
cp "$SYSCAGE" "$SHIM" "$T/a b/"
run "$T/a b/syscage" -q -- true
error_is "a run with the shim under a path with a space" "space or colon"
run "$T/a b/syscage" record -o "$T/r.ini" -- true
error_is "record with the shim under a path with a space" "space or colon"
done_testing
