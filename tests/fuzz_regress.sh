#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every input the fuzzers ever crashed on (tests/data/fuzz/<fuzzer>/) runs
# again. With the fuzzer built (make build/fuzz/<fuzzer>, which needs clang)
# libFuzzer runs each file once, with ASan and UBSan; without it, the
# inputs go through what ships: `syscage check` and a bare LD_PRELOAD of the
# shim, as the parser the fuzzer drives would see them (fuzz_json: JSON,
# fuzz_ini: INI, fuzz_compile: by content). Either way: no crash, exit 0 or
# 125, never a signal, never a hang.
# shellcheck disable=SC2086 # $SAN_ENV: two VAR=VALUE words, split on purpose
. tests/lib.sh
TIMEOUT=60
DATA=$ROOT/tests/data/fuzz

# Under SANITIZE=1 the loader carries LeakSanitizer, and one kept input
# meets libseccomp's own leak (tests/fuzz/lsan.supp): suppressed by name,
# which needs full stacks.
SAN_ENV="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0
LSAN_OPTIONS=suppressions=$ROOT/tests/fuzz/lsan.supp:print_suppressions=0"

# status_ok RC: 0 (a profile) or 125 (an error), nothing else.
status_ok() {
	[ "$1" -eq 0 ] || [ "$1" -eq 125 ]
}

for name in fuzz_json fuzz_ini fuzz_compile; do
	files=
	n=0
	for f in "$DATA/$name"/*; do
		[ -f "$f" ] || continue
		files="$files $f"
		n=$((n + 1))
	done
	if [ "$n" -eq 0 ]; then
		skip "$name: no regression inputs in tests/data/fuzz/$name"
		continue
	fi
	fuzzer=$B/fuzz/$name
	if [ -x "$fuzzer" ]; then
		# shellcheck disable=SC2086 # one argument per file
		# (libseccomp's own leak: tests/fuzz/lsan.supp)
		run env ASAN_OPTIONS=fast_unwind_on_malloc=0 \
			LSAN_OPTIONS=suppressions=$ROOT/tests/fuzz/lsan.supp \
			"$fuzzer" -runs=1 $files
		is "$RC" 0 "$name: libFuzzer runs the $n regression input(s) without a crash"
	else
		diag "$name not built (make $fuzzer): replaying its inputs through syscage"
	fi
	for f in $files; do
		base=${f##*/}
		case $name in
		fuzz_json) copy=$T/$base.json ;;
		fuzz_ini) copy=$T/$base.ini ;;
		*) copy=$T/$base ;;
		esac
		cp "$f" "$copy"
		run env $SAN_ENV "$SYSCAGE" check --lenient "$copy"
		ok "$(
			status_ok "$RC"
			echo $?
		)" "$name/$base: syscage check exits 0 or 125 (got $RC)"
		if [ "$RC" -eq 125 ]; then
			is "$ERRLINES" 1 "$name/$base: check says why in one line"
		else
			like "$OUT" 'ok' "$name/$base: check says ok"
		fi
		run env SYSCAGE_QUIET=1 SYSCAGE_LENIENT=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$copy" true
		ok "$(
			status_ok "$RC"
			echo $?
		)" "$name/$base: a bare LD_PRELOAD exits 0 or 125 (got $RC)"
		# What parses must write back and parse again.
		if [ "$name" = fuzz_ini ]; then
			run env $SAN_ENV "$SYSCAGE" check --lenient "$copy"
			if [ "$RC" -eq 0 ]; then
				env $SAN_ENV "$SYSCAGE" export --lenient --format ini "$copy" >"$T/again.ini" 2>/dev/null
				_rc=$?
				if [ "$_rc" -eq 0 ]; then
					run env $SAN_ENV "$SYSCAGE" check --lenient "$T/again.ini"
					is "$RC" 0 "$name/$base: its INI export checks again"
				else
					ok "$(
						status_ok "$_rc"
						echo $?
					)" "$name/$base: export refuses cleanly (no INI form)"
				fi
			fi
		fi
		rm -f "$copy"
	done
done

done_testing
