#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# JSON -> INI -> filter: every reference profile, converted to INI by
# `syscage export --format ini`, compiles to the same filter as the JSON it
# came from (libseccomp's PFC text, with both capability sets), and the INI
# written is what a person can read. Two documented exceptions are checked
# for exactly what they are.
. tests/lib.sh

for p in $(find "$P" -name '*.json' | LC_ALL=C sort); do
	name=${p#"$P"/}
	ini=$T/$(echo "$name" | tr / _).ini
	run "$SYSCAGE" export --format ini "$p"
	is "$RC" 0 "$name: exports as INI"
	printf '%s\n' "$OUT" >"$ini"
	long=$(awk 'length($0) > 198' "$ini" | wc -l)
	is "$long" 0 "$name: no INI line longer than inih reads"
	for caps in none all; do
		a=$(sh tests/tools/golden-export "$SYSCAGE" "$p" "$caps")
		b=$(sh tests/tools/golden-export "$SYSCAGE" "$ini" "$caps")
		case $name in
		moby-fixtures/conditional_include.json)
			# No "architectures": runc adds no -ENOSYS stub; an
			# INI profile always lists its native ABI, so it has
			# one. Everything else is the same.
			is "$(printf '%s\n' "$a" | grep -v '^# syscage:')" \
				"$(printf '%s\n' "$b" | grep -v '^# syscage:')" \
				"$name --caps $caps: same filter but for the stub"
			like "$b" "^# syscage: -ENOSYS stub: arch 0xc000003e" \
				"$name --caps $caps: the INI form has the stub"
			;;
		moby-fixtures/example.json)
			# errnoRet 12345: refused either way (runc too).
			like "$a" "# exit 125" "$name: the JSON is refused"
			like "$b" "# exit 125" "$name: so is its INI form"
			like "$b" "errno \"12345\"" "$name: ... naming the errno"
			;;
		*)
			is "$b" "$a" "$name --caps $caps: INI compiles to the same filter"
			;;
		esac
	done
	run "$SYSCAGE" export --format json "$ini"
	printf '%s\n' "$OUT" >"$ini.json"
	case $name in
	moby-fixtures/example.json) ;;
	*)
		is "$(sh tests/tools/golden-export "$SYSCAGE" "$ini.json" all)" \
			"$(sh tests/tools/golden-export "$SYSCAGE" "$ini" all)" \
			"$name: INI -> JSON keeps the filter"
		;;
	esac
done

# Readable: groups, names for numbers, Docker's comments.
run "$SYSCAGE" export --format ini "$MOBY"
like "$OUT" "^syscalls = @" "Docker's default in INI uses groups"
like "$OUT" "CLONE_NEWUSER" "... names clone flags"
unlike "$OUT" "2114060288" "... not the number"
like "$OUT" "AF_VSOCK" "... names socket families"
like "$OUT" "^; s390 parameter ordering" "... keeps Docker's comments"
like "$OUT" "\\?mseal" "... marks calls newer than libseccomp with ?"

# Every shipped INI profile and its JSON twin compile to the same filter.
for f in conf/profiles/*.ini; do
	run "$SYSCAGE" export --format json "$f"
	printf '%s\n' "$OUT" >"$T/twin.json"
	is "$(sh tests/tools/golden-export "$SYSCAGE" "$T/twin.json" none)" \
		"$(sh tests/tools/golden-export "$SYSCAGE" "$f" none)" \
		"$f and its JSON twin: the same filter"
done

# A group's members that libseccomp does not know (llseek in @basic-io)
# stay out of the JSON: INI skips them quietly, JSON would warn each time.
printf '[profile]\ndefault = errno EPERM\n[allow]\nsyscalls = @default @basic-io\n' \
	>"$T/group.ini"
run "$SYSCAGE" export --format json "$T/group.ini"
printf '%s\n' "$OUT" >"$T/group.json"
unlike "$OUT" '"llseek"' "INI -> JSON: no group member libseccomp does not know"
like "$OUT" '"_llseek"' "... but every one it knows"
run "$SYSCAGE" check "$T/group.json"
is "$RC:$ERR" "0:" "... so the JSON compiles without a warning"

# The shipped INI form of the embedded default is the same filter.
for caps in none all docker; do
	is "$(sh tests/tools/golden-export "$SYSCAGE" conf/profiles/default.ini "$caps")" \
		"$(sh tests/tools/golden-export "$SYSCAGE" conf/profiles/default.json "$caps")" \
		"conf/profiles/default.ini is Docker's default (--caps $caps)"
done
done_testing
