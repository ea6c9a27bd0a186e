#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Golden files: each profile in tests/data/profiles, compiled with two
# capability sets, exported as libseccomp's PFC text (plus syscage's line on
# the -ENOSYS stub), diffed against tests/golden/. The files come from
# `make golden` on Debian 12 (libseccomp 2.5.4) and are reviewed by hand;
# this test never writes them.
. tests/lib.sh

for p in $(find tests/data/profiles -name '*.json' | sort); do
	for caps in none all; do
		name=$(echo "${p#tests/data/profiles/}" | tr / _)
		golden=tests/golden/${name%.json}.$caps.pfc
		got=$(sh tests/tools/golden-export "$SYSCAGE" "$p" "$caps")
		if [ ! -f "$golden" ]; then
			ok 1 "$golden exists"
			continue
		fi
		want=$(cat "$golden")
		[ "$got" = "$want" ]
		r=$?
		ok $r "PFC of $p with --caps $caps matches $golden"
		[ $r -eq 0 ] || printf '%s\n' "$got" | diff "$golden" - | head -20 |
			sed 's/^/# /'
	done
done
done_testing
