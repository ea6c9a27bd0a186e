#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make install into a DESTDIR, the installed loader finds the installed
# shim, make uninstall removes exactly what install put there.
. tests/lib.sh

D=$T/dest
run make -s install DESTDIR="$D" PREFIX=/usr B="$B"
is "$RC" 0 "make install DESTDIR=... PREFIX=/usr"
shipped=$(cd conf/profiles && ls *.ini *.json | LC_ALL=C sort |
	sed 's|^|./usr/share/syscage/profiles/|' | tr '\n' ' ')
is "$(cd "$D" && find . -type f | LC_ALL=C sort | tr '\n' ' ')" \
	"./usr/bin/syscage ./usr/lib/syscage/libsyscage-compile.so ./usr/lib/syscage/libsyscage.so ./usr/share/bash-completion/completions/syscage ./usr/share/doc/syscage/LGPL-2.1.txt ./usr/share/doc/syscage/LICENSE ./usr/share/doc/syscage/NOTICE ./usr/share/man/man1/syscage.1 ./usr/share/man/man5/syscage-profile.5 $shipped" \
	"installed: the loader, the shim, bash completion, the licences, the man pages, the profiles"
run "$D/usr/bin/syscage" -q -- sh -c 'echo "$LD_PRELOAD"'
is "$RC" 0 "the installed syscage runs a command"
is "$OUT" "$D/usr/lib/syscage/libsyscage.so" \
	"... preloading the installed shim"
run "$D/usr/bin/syscage" -q --caps none -- "$PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "... under the default profile"
if command -v man >/dev/null 2>&1; then
	run man -l "$D/usr/share/man/man1/syscage.1"
	like "$OUT" "syscage - run a program under a Docker seccomp profile" \
		"man -l renders syscage(1)"
else
	skip "man is not installed"
fi
run man -l "$D/usr/share/man/man5/syscage-profile.5"
if command -v man >/dev/null 2>&1; then
	like "$OUT" "syscage-profile - seccomp profiles" \
		"man -l renders syscage-profile(5)"
fi
run "$D/usr/bin/syscage" -q -p "$D/usr/share/syscage/profiles/shell-readonly.ini" \
	-- sh -c 'cat /etc/hostname | wc -l'
is "$RC:$OUT" "0:1" "an installed profile runs from the installed tree"
run make -s uninstall DESTDIR="$D" PREFIX=/usr B="$B"
is "$RC" 0 "make uninstall"
is "$(find "$D" -type f | wc -l)" 0 "uninstall leaves no file behind"
done_testing
