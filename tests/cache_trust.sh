#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Who the compiled-filter cache trusts (conf/runtime/cache.h): an entry is used only
# if nobody can write it who could not also write what it was compiled
# from. A hostile program under a profile writes a well-formed "return
# ALLOW" entry under the profile's key (tests/progs/cache_poison, built from
# conf/runtime/cache.c): it must not loosen a profile it could not have rewritten,
# in this run or a later one, through the loader or a bare preload, as
# nobody or as root. And the key is the profile's file, not its text: two
# INI profiles of one text in two directories include different files.
. tests/lib.sh

POISON_B=$B/tests/cache_poison
stage_unprivileged
cp "$POISON_B" "$T/u/tests/" && chmod 755 "$T/u/tests/cache_poison"
POISON=$T/u/tests/cache_poison

# A profile that denies chmod, root's; and the same text, nobody's.
deny=$T/u/deny-chmod.json
printf '%s\n' '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[' \
	'{"names":["chmod","fchmodat","fchmodat2"],"action":"SCMP_ACT_ERRNO"}]}' \
	>"$deny"
chmod 644 "$deny"
mkdir -p "$T/own"
cp "$deny" "$T/own/deny-chmod.json"
chown -R 65534:65534 "$T/own"
mine=$T/own/deny-chmod.json
# nobody's cache directory: $XDG_CACHE_HOME/syscage, as nobody would have.
mkdir -p "$T/nh/syscage"
chown -R 65534:65534 "$T/nh"
chmod 700 "$T/nh/syscage"
NC=$T/nh/syscage
f=$T/target
mode() { stat -c %a "$f"; }
reset() { : >"$f" && chown 65534 "$f" && chmod 644 "$f"; }
# as nobody, with nobody's own cache (not the scripts' $SYSCAGE_CACHE)
mine_run() { run nobody env -u SYSCAGE_CACHE XDG_CACHE_HOME="$T/nh" "$@"; }

# As nobody: the hostile run writes the entry, then chmods in the same run.
reset
mine_run "$U_SYSCAGE" -q -p "$deny" -- /bin/sh -c \
	'"$1" "$2" "$3" >/dev/null && /bin/chmod 777 "$4"' sh \
	"$POISON" "$deny" "$NC" "$f"
is "$RC:$(mode):$(find "$NC" -type f | wc -l)" "1:644:1" \
	"nobody: a forged entry for root's profile, written under it: chmod still denied in that run"
mine_run "$U_SYSCAGE" -q -p "$deny" -- /bin/chmod 777 "$f"
is "$RC:$(mode)" "1:644" "... and in a later run (loader)"
mine_run env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE="$deny" /bin/chmod 777 "$f"
is "$RC:$(mode)" "1:644" "... and in a later run (bare LD_PRELOAD)"
# Control: the same forgery for a profile nobody owns is loaded, as the
# rule allows (nobody could rewrite that profile itself): the forgery is
# good, so the denials above are the rule's doing.
mine_run "$U_SYSCAGE" -q -p "$mine" -- "$POISON" "$mine" "$NC"
mine_run env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE="$mine" /bin/chmod 777 "$f"
is "$RC:$(mode)" "0:777" "(control: the same forgery for nobody's own profile is loaded)"

# The built-in default: its anchor is the file of the running code.
mine_run "$U_SYSCAGE" -q -- "$POISON" default "$NC"
is "$RC" 0 "nobody: a forged entry for the built-in default, written under it"
mine_run env LD_PRELOAD="$U_SHIM" SYSCAGE_PROFILE=default "$U_PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "... not loaded by a root-owned shim (bare LD_PRELOAD)"
mine_run "$U_SYSCAGE" -q -- "$U_PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "... nor by a root-owned loader"
mkdir -p "$T/nshim"
cp "$U_SHIM" "$T/u/libsyscage-compile.so" "$T/nshim/"
chown -R 65534:65534 "$T/nshim"
mine_run env LD_PRELOAD="$T/nshim/libsyscage.so" SYSCAGE_PROFILE=default \
	"$U_PROBE" socket:40:1:0
is "$OUT" "socket=0" "(control: a shim nobody owns reads nobody's cache)"

# As root. root could rewrite its own profiles, so root-written entries are
# trusted; an entry or directory another user could write is not.
rm -rf "$T/rc"
mkdir -m 700 "$T/rc"
"$POISON_B" "$deny" "$T/rc" >/dev/null
reset
run env SYSCAGE_CACHE="$T/rc" "$SYSCAGE" -q -p "$deny" -- /bin/chmod 777 "$f"
is "$RC:$(mode)" "0:777" "(control, root: a root-owned forged entry is loaded)"
for e in "$T"/rc/*; do chown 65534 "$e"; done
reset
run env SYSCAGE_CACHE="$T/rc" "$SYSCAGE" -q -p "$deny" -- /bin/chmod 777 "$f"
is "$RC:$(mode)" "1:644" "root: an entry nobody owns is not loaded (loader)"
run env SYSCAGE_CACHE="$T/rc" LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$deny" \
	/bin/chmod 777 "$f"
is "$RC:$(mode)" "1:644" "root: ... nor by a bare LD_PRELOAD"
rm -rf "$T/rc"
mkdir -m 700 "$T/rc"
"$POISON_B" "$deny" "$T/rc" >/dev/null
chown 65534 "$T/rc"
run env SYSCAGE_CACHE="$T/rc" "$SYSCAGE" -q -p "$deny" -- /bin/chmod 777 "$f"
is "$RC:$(mode)" "1:644" "root: a root-owned entry in a directory nobody owns is not loaded"
# An include of another owner: U becomes that user; a third user's entry
# is passed over, root's is not.
printf '%s\n' '[profile]' 'include = inc.ini' >"$T/own/top.ini"
printf '%s\n' '[profile]' 'default = allow' '[errno EPERM]' \
	'syscalls = chmod fchmodat fchmodat2' >"$T/own/inc.ini"
chown 0 "$T/own/top.ini"
chown 65534 "$T/own/inc.ini"
rm -rf "$T/rc" && mkdir -m 700 "$T/rc"
run env SYSCAGE_CACHE="$T/rc" "$SYSCAGE" -q -p "$T/own/top.ini" -- /bin/chmod 777 "$f"
is "$RC:$(find "$T/rc" -type f | wc -l)" "1:1" "root, a profile including nobody's file: compiled and stored"
e=$(find "$T/rc" -type f)
chown 1 "$e"
run env SYSCAGE_CACHE="$T/rc" "$SYSCAGE" -q -p "$T/own/top.ini" -- /bin/chmod 777 "$f"
is "$RC:$(stat -c %u "$e")" "1:0" "... an entry of a third user is passed over and replaced by root's"

# Root fills a shared cache; nobody reads it and stores nothing.
rm -rf "$T/sys" && mkdir -m 755 "$T/sys"
run env SYSCAGE_CACHE="$T/sys" "$SYSCAGE" cache update "$deny"
like "$RC:$OUT" "^0:.*\\(cached\\)" "syscage cache update: root fills the cache"
is "$(find "$T/sys" -type f | wc -l):$(stat -c %a "$(find "$T/sys" -type f | head -1)")" \
	"2:644" "... for root and for users without capabilities, entries 0644"
run nobody env SYSCAGE_CACHE="$T/sys" "$U_SYSCAGE" cache show "$deny"
like "$OUT" "\\(cached\\), read-only here$" "nobody finds root's entry"
reset
run nobody env SYSCAGE_CACHE="$T/sys" "$U_SYSCAGE" -q -p "$deny" -- /bin/chmod 777 "$f"
is "$RC:$(mode):$(find "$T/sys" -type f | wc -l)" "1:644:2" "... runs under it, and stores nothing"
mkdir -m 755 "$T/sys2"
run nobody env SYSCAGE_CACHE="$T/sys2" "$U_SYSCAGE" cache update "$deny"
is "$RC:$(find "$T/sys2" -type f | wc -l)" "125:0" "nobody cannot update a cache of root's profiles"
run nobody env -u SYSCAGE_CACHE XDG_CACHE_HOME="$T/nh" "$U_SYSCAGE" cache clear
like "$RC:$OUT" "^0:$NC: [0-9]+ entr" "syscage cache clear: nobody clears its own cache"
is "$(find "$NC" -type f | wc -l)" 0 "... which is empty after"

# Include collision: one text, two directories, two rules.ini.
mkdir -p "$T/a" "$T/b"
printf '%s\n' '[profile]' 'include = rules.ini' >"$T/a/app.ini"
cp "$T/a/app.ini" "$T/b/app.ini"
printf '%s\n' '[profile]' 'default = allow' >"$T/a/rules.ini"
printf '%s\n' '[profile]' 'default = allow' '[errno EPERM]' \
	'syscalls = socket' >"$T/b/rules.ini"
run "$SYSCAGE" -q -p "$T/a/app.ini" -- "$PROBE" socket:1:1:0
like "$OUT" "^socket=[0-9]" "a/app.ini (its rules.ini allows socket)"
run "$SYSCAGE" -q -p "$T/b/app.ini" -- "$PROBE" socket:1:1:0
is "$OUT" "socket=-EPERM" "b/app.ini, same text: its own rules.ini denies socket (loader)"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$T/b/app.ini" "$PROBE" socket:1:1:0
is "$OUT" "socket=-EPERM" "... and under a bare LD_PRELOAD"
run env -C "$T/b" "$SYSCAGE" -q -p ./app.ini -- "$PROBE" socket:1:1:0
is "$OUT" "socket=-EPERM" "... and named relative to another directory"
# Keyed on the file, not on how it is named.
n=$(find "$SYSCAGE_CACHE" -type f | wc -l)
run "$SYSCAGE" -q -p "$T/a/../b/app.ini" -- "$PROBE" getpid
is "$(find "$SYSCAGE_CACHE" -type f | wc -l)" "$n" "another spelling of a file: the same entry"
done_testing
