#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Profiles by name: -p NAME and SYSCAGE_PROFILE=NAME looked up in
# SYSCAGE_PATH (or the default path), NAME.ini before NAME.json, the first
# directory first; what is a name and what is a path; `syscage which`; the
# loader, the shim and every subcommand taking names; an installed tree
# finding its own profiles.
. tests/lib.sh

C=$ROOT/conf/profiles
P1=$T/p1
P2=$T/p2
mkdir -p "$P1" "$P2" "$T/cwd" "$T/home" "$T/xdg/syscage/profiles"
# Two profiles told apart by what they do to socket(AF_UNIX).
deny_unix() { # deny_unix ERRNO FILE
	printf '%s\n' '[profile]' 'default = allow' "[errno $1]" \
		'socket = arg0 == AF_UNIX' >"$2"
}
deny_unix EACCES "$P1/both.ini"
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 2}]}\n' \
	>"$P1/both.json"
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 2}]}\n' \
	>"$P1/order.json"
deny_unix EACCES "$P2/order.ini"
deny_unix EEXIST "$P2/only2.ini"
export SYSCAGE_PATH="$P1:$P2"

# --- which ------------------------------------------------------------------
run "$SYSCAGE" which both
is "$RC:$OUT" "0:$P1/both.ini" "which: NAME.ini before NAME.json in one directory"
run "$SYSCAGE" which order
is "$OUT" "$P1/order.json" "which: an earlier directory before a later NAME.ini"
run "$SYSCAGE" which only2
is "$OUT" "$P2/only2.ini" "which: the second directory when the first lacks it"
run "$SYSCAGE" which -v only2
is "$OUT" "$P2/only2.ini" "which -v: the file on stdout"
like "$ERR" "search path: SYSCAGE_PATH=$(re "$P1:$P2")" "which -v: the search path on stderr"
like "$ERR" "$(re "$P1/only2.ini"): No such file" "which -v: ... each file tried"
like "$ERR" "$(re "$P2/only2.ini"): found" "which -v: ... and the one found"
run "$SYSCAGE" which nope
error_is "which: a name not found" \
	"no profile named \"nope\": no nope.ini or nope.json in $(re "$P1, $P2")"
run "$SYSCAGE" which default
is "$RC" 0 "which default: built in"
like "$OUT" "built in" "which default: ... says so"
run "$SYSCAGE" which
is "$RC" 0 "which (no NAME) lists every name"
like "$OUT" "^default	\\(built in\\)$" "which: default is listed, built in"
like "$OUT" "^order	$(re "$P1/order.json")$" "which: order from its first directory"
is "$(printf '%s\n' "$OUT" | grep -c '^order	')" 1 "which: ... once"
like "$OUT" "^only2	$(re "$P2/only2.ini")$" "which: only2 from the second"
run "$SYSCAGE" which -v
like "$ERR" "$(re "$P2/order.ini"): hidden by order above" \
	"which -v: a file an earlier one hides is named on stderr"
run "$SYSCAGE" which a b
is "$RC" 125 "which with two names: exit 125"
run "$SYSCAGE" which --help
like "$OUT" "^Usage: syscage which" "which --help"

# The search path itself: empty entries skipped, relative ones ignored.
mkdir -p "$T/cwd/rel"
deny_unix EACCES "$T/cwd/rel/relname.ini"
run env -C "$T/cwd" SYSCAGE_PATH="rel::$P2" "$SYSCAGE" which -v relname
is "$RC" 125 "a relative SYSCAGE_PATH entry is not searched"
like "$ERR" "rel \\(SYSCAGE_PATH\\): not searched, not an absolute path" \
	"... and which -v says so"
run env SYSCAGE_PATH=":$P2:" "$SYSCAGE" which only2
is "$OUT" "$P2/only2.ini" "empty SYSCAGE_PATH entries are skipped"

# The default path: XDG_CONFIG_HOME (else HOME/.config), /etc, the data dir.
deny_unix EACCES "$T/xdg/syscage/profiles/xdgname.ini"
mkdir -p "$T/home/.config/syscage/profiles"
deny_unix EACCES "$T/home/.config/syscage/profiles/homename.ini"
run env -u SYSCAGE_PATH XDG_CONFIG_HOME="$T/xdg" HOME="$T/home" \
	"$SYSCAGE" which xdgname
is "$OUT" "$T/xdg/syscage/profiles/xdgname.ini" \
	"SYSCAGE_PATH unset: \$XDG_CONFIG_HOME/syscage/profiles"
run env -u SYSCAGE_PATH -u XDG_CONFIG_HOME HOME="$T/home" \
	"$SYSCAGE" which homename
is "$OUT" "$T/home/.config/syscage/profiles/homename.ini" \
	"XDG_CONFIG_HOME unset: \$HOME/.config/syscage/profiles"
run env -u SYSCAGE_PATH XDG_CONFIG_HOME=relative HOME="$T/home" \
	"$SYSCAGE" which homename
is "$OUT" "$T/home/.config/syscage/profiles/homename.ini" \
	"a relative XDG_CONFIG_HOME is ignored, as the XDG spec says"
run env -u SYSCAGE_PATH XDG_CONFIG_HOME="$T/xdg" "$SYSCAGE" which -v nope
like "$ERR" "^syscage:   $(re "$T/xdg/syscage/profiles") \\(XDG_CONFIG_HOME\\)$" \
	"default path: the XDG directory first"
like "$ERR" "^syscage:   /etc/syscage/profiles \\(system\\)$" \
	"default path: then /etc/syscage/profiles"
like "$ERR" "^syscage:   $(re "$ROOT")/conf/profiles \\(build tree\\)$" \
	"default path: then, run from the build tree, its conf/profiles"
run env -u SYSCAGE_PATH HOME="$T/nohome" "$SYSCAGE" which http-server
is "$RC:$OUT" "0:$ROOT/conf/profiles/http-server.ini" \
	"from the build tree, a shipped profile by name"

# --- names and paths --------------------------------------------------------
# A word with a '/' or ending in .json or .ini is a path, read from the
# working directory as Docker users expect; a bare word is a name, never a
# file of the working directory (./FILE reads that).
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 20}]}\n' \
	>"$T/cwd/both.json"
cp "$T/cwd/both.json" "$T/cwd/both"
run env -C "$T/cwd" "$SYSCAGE" -q -p both.json -- "$PROBE" socket:1:1:0
is "$OUT" "socket=-ENOTDIR" "-p both.json is the file in the working directory"
run env -C "$T/cwd" "$SYSCAGE" -q -p ./both -- "$PROBE" socket:1:1:0
is "$OUT" "socket=-ENOTDIR" "-p ./both is a path"
run env -C "$T/cwd" "$SYSCAGE" -q -p both -- "$PROBE" socket:1:1:0
is "$OUT" "socket=-EACCES" "-p both is the name: $P1/both.ini"
run env -C "$T/cwd" SYSCAGE_PATH="$P2" "$SYSCAGE" -q -p both -- "$PROBE" getpid
error_is "-p both, not in SYSCAGE_PATH, a file in the working directory" \
	"no profile named \"both\": .*\\./FILE"
run env SYSCAGE_PATH="$C" "$SYSCAGE" which default
like "$OUT" "built in" "default is the built-in profile, whatever SYSCAGE_PATH holds"

# --- the loader, the shim, includes ------------------------------------------
run "$SYSCAGE" -q -p order -- "$PROBE" socket:1:1:0
is "$OUT" "socket=-ENOENT" "the loader runs a command under a profile by name"
run "$SYSCAGE" -q -p order -- sh -c 'echo "$SYSCAGE_PROFILE"'
is "$OUT" "$P1/order.json" "... and hands the shim the file it found"
run "$SYSCAGE" -q -p nope -- sh -c 'echo ran'
error_is "the loader, a name not found" "no profile named \"nope\""
is "$OUT" "" "... and the command did not run"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=only2 "$PROBE" socket:1:1:0
is "$RC:$OUT" "0:socket=-EEXIST" "the shim alone: SYSCAGE_PROFILE=NAME"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=nope "$PROBE" getpid
error_is "the shim alone, a name not found" "no profile named \"nope\""
is "$OUT" "" "... and the program did not run"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=only2 sh -c "'$PROBE' socket:1:1:0"
is "$OUT" "socket=-EEXIST" "the shim: children of a named profile stay under it"

printf '%s\n' '[profile]' 'include = base.ini' '[errno EXDEV]' \
	'syscalls = getppid' >"$P2/withinc.ini"
printf '%s\n' '[profile]' 'default = allow' '[errno ENOTDIR]' \
	'socket = arg0 == AF_UNIX' >"$P2/base.ini"
run env -C "$T/cwd" LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=withinc "$PROBE" \
	socket:1:1:0 getppid
is "$OUT" "socket=-ENOTDIR
getppid=-EXDEV" "a named INI profile's include is read beside it"
printf '%s\n' '[profile]' 'default = errno EPERM' '[allow]' \
	'syscalls = @default execve raed' >"$P2/typo.ini"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=typo "$PROBE" getpid
like "$ERR" "^syscage: $(re "$P2/typo.ini"):4: unknown syscall \"raed\"" \
	"the shim: errors in a named profile give its file and line"
run "$SYSCAGE" check typo
like "$ERR" "^syscage: $(re "$P2/typo.ini"):4: " "check NAME: the same"

run env SYSCAGE="$SYSCAGE" PROFILE=only2 sh examples/wrappers/syscage-exec \
	"$PROBE" socket:1:1:0
is "$RC:$OUT" "0:socket=-EEXIST" "the syscage-exec wrapper takes a name"
cat >"$T/rest.sh" <<EOS
. '$ROOT/examples/wrappers/confine-rest.sh' >/dev/null 2>&1
'$PROBE' socket:1:1:0
EOS
run env SHIM="$SHIM" PROFILE=only2 sh "$T/rest.sh"
is "$RC:$OUT" "0:socket=-EEXIST" "confine-rest.sh takes a name too"

# --- subcommands take names ---------------------------------------------------
run "$SYSCAGE" check only2
like "$OUT" "^only2: ok: " "check NAME"
run "$SYSCAGE" explain only2 socket AF_UNIX
like "$OUT" "^rule: $(re "$P2/only2.ini"):4: errno EEXIST socket" \
	"explain NAME: the rule in the file found"
run "$SYSCAGE" export --format json only2
like "$OUT" "SCMP_ACT_ERRNO" "export NAME"
run "$SYSCAGE" diff only2 order
is "$RC:$OUT" "1:socket arg0=AF_UNSPEC: allow -> errno ENOENT
socket arg0=AF_UNIX: errno EEXIST -> errno ENOENT
socket arg0=AF_INET: allow -> errno ENOENT" "diff NAME NAME: each argument case"

# --- an installed tree finds its own profiles -----------------------------------
D=$T/dest
run make -s install DESTDIR="$D" PREFIX=/usr B="$B"
is "$RC" 0 "make install DESTDIR=... PREFIX=/usr"
run env -u SYSCAGE_PATH HOME="$T/home" "$D/usr/bin/syscage" which http-server
is "$OUT" "$D/usr/share/syscage/profiles/http-server.ini" \
	"the installed loader finds the installed profiles by name"
run env -u SYSCAGE_PATH HOME="$T/home" "$D/usr/bin/syscage" -q \
	-p shell-readonly -- sh -c 'cat /etc/hostname | wc -l'
is "$RC:$OUT" "0:1" "... and runs a command under one"
run env -u SYSCAGE_PATH HOME="$T/home" \
	LD_PRELOAD="$D/usr/lib/syscage/libsyscage.so" \
	SYSCAGE_PROFILE=tar-backup "$PROBE" socket:2:1:0 getpid
is "$RC:$OUT" "0:socket=-EPERM
getpid=0" "the installed shim alone finds them too"
ok "$([ -f "$D/usr/share/bash-completion/completions/syscage" ]; echo $?)" \
	"make install puts the bash completion in place"
run make -s uninstall DESTDIR="$D" PREFIX=/usr B="$B"
is "$(find "$D" -type f | wc -l)" 0 "make uninstall removes it all"
done_testing
