#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2086 # call lists are split into words on purpose
# libsyscage.so on its own (a bare LD_PRELOAD): it confines before main,
# exports nothing, needs only libc, leaves no fd open and errno as it was,
# and children that ask for the same profile do not stack it again.
. tests/lib.sh
make_bad_profiles
bare() { # bare PROFILE CMD [ARG]...: CMD with the shim preloaded
	_p=$1
	shift
	run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$_p" "$@"
}

# --- the library itself ------------------------------------------------------
nm -D --defined-only "$SHIM" >"$T/nm" 2>"$T/nm.err"
ok $? "nm -D --defined-only libsyscage.so runs"
syms=$(awk 'NF >= 2 { print $NF }' "$T/nm" | grep -Ev '^(_init|_fini)$')
is "$(echo $syms)" "la_preinit la_version" "libsyscage.so exports only la_version and la_preinit, for LD_AUDIT"
# Everything it uses from outside must come from libc (no unresolved
# symbol of its own, no other library).
nm -D --undefined-only "$SHIM" >"$T/nmu" 2>/dev/null
stray=$(awk '$1 != "w" && $1 != "v" { print $NF }' "$T/nmu" | grep -v '@GLIBC_')
is "$stray" "" "every strong undefined symbol of libsyscage.so is a versioned glibc one"
ldd "$SHIM" >"$T/ldd" 2>&1
ok $? "ldd libsyscage.so runs"
like "$(cat "$T/ldd")" 'libc\.so' "libsyscage.so needs libc"
others=$(grep -Ev 'linux-vdso|linux-gate|libc\.so|ld-linux|ld64\.so|ld\.so' "$T/ldd")
is "$others" "" "libsyscage.so needs nothing but libc (and ld.so, the vDSO)"
readelf -d "$SHIM" >"$T/dyn" 2>/dev/null
needed=$(sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' "$T/dyn" | tr '\n' ' ')
like "$needed" '^((libc\.so\.[0-9]+|ld-linux[^ ]*\.so\.[0-9]+) )+$' \
	"DT_NEEDED lists libc (and ld.so) only: $needed"

# The compiler half: libseccomp and the parsers live there, loaded only on
# a cache miss, and it exports its entry point only.
COMPILER=$B/libsyscage-compile.so
nm -D --defined-only "$COMPILER" >"$T/nmc" 2>/dev/null
is "$(awk 'NF >= 2 { print $NF }' "$T/nmc" | grep -Ev '^(_init|_fini)$')" \
	"syscage_compile_2" "libsyscage-compile.so exports its entry point only"
readelf -sW "$SHIM" >"$T/syms" 2>/dev/null
unlike "$(grep -E ' (seccomp_init|json_tokener_parse_ex|ini_parse_stream|sc_compile)$' "$T/syms")" \
	'.' "libsyscage.so holds no libseccomp, json-c, inih or compiler code"
# Without the compiler beside it: a warm cache still runs, a miss is one
# line and status 125.
mkdir -p "$T/half"
cp "$SHIM" "$T/half/"
run env SYSCAGE_CACHE="$T/halfc" LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY" \
	"$PROBE" getpid
is "$RC" 0 "(the cache is filled by the whole shim)"
run env SYSCAGE_CACHE="$T/halfc" LD_PRELOAD="$T/half/libsyscage.so" \
	SYSCAGE_PROFILE="$MOBY" "$PROBE" socket:40:1:0
results_are "no compiler, warm cache" "socket:40:1:0=-EPERM"
run env SYSCAGE_CACHE=off LD_PRELOAD="$T/half/libsyscage.so" \
	SYSCAGE_PROFILE="$MOBY" sh -c 'echo ran; : >"$0"' "$MARK"
error_is "no compiler, cache off" \
	"$(re "$T/half/libsyscage-compile.so"): cannot load the profile compiler .*reinstall syscage"
did_not_run "no compiler, cache off"
# Preloaded through a symbolic link, the compiler is found beside the file.
ln -s "$(cd "$(dirname "$SHIM")" && pwd)/libsyscage.so" "$T/half/link.so"
run env SYSCAGE_CACHE=off LD_PRELOAD="$T/half/link.so" SYSCAGE_PROFILE="$MOBY" \
	"$PROBE" socket:40:1:0
results_are "through a symbolic link, cache off" "socket:40:1:0=-EPERM"

# --- happy paths ---------------------------------------------------------------
bare "$MOBY" "$PROBE" socket:40:1:0 personality:0x0040000 getpid
results_are "bare LD_PRELOAD, moby-default.json" \
	"socket:40:1:0=-EPERM personality:0x0040000=-EPERM getpid=0"
bare default "$PROBE" socket:40:1:0 getpid
results_are "bare LD_PRELOAD, SYSCAGE_PROFILE=default" "socket:40:1:0=-EPERM getpid=0"
bare tests/data/profiles/moby-default.json "$PROBE" socket:40:1:0
results_are "bare LD_PRELOAD, a relative SYSCAGE_PROFILE" "socket:40:1:0=-EPERM"
run env SYSCAGE_CAPS=none LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$MOBY" "$PROBE" \
	unshare:0x10000000 clone3
results_are "bare LD_PRELOAD, SYSCAGE_CAPS=none" "unshare:0x10000000=-EPERM clone3=-ENOSYS"
bare "$MOBY" sh -c 'exit 3'
is "$RC" 3 "bare LD_PRELOAD: the program's exit status is kept"

bare "$MOBY" sh -c 'echo hi | tr a-z A-Z'
is "$OUT" "HI" "bare LD_PRELOAD: a sh pipeline works"
is "$(printf '%s\n' "$ERR" | grep -v '^syscage: .*: warning: ')" "" \
	"bare LD_PRELOAD: the pipeline prints nothing on stderr but warnings"
ok "$([ "$(printf '%s\n' "$ERR" | grep -c 'warning')" -le 1 ]; echo $?)" \
	"bare LD_PRELOAD: a pipeline warns once at most (when compiled)"
bare "$MOBY" ls /
is "$RC" 0 "bare LD_PRELOAD: ls / exits 0"
like "$OUT" '^usr$' "bare LD_PRELOAD: ls / lists usr"
bare "$MOBY" cat "$MOBY"
is "$OUT" "$(cat "$MOBY")" "bare LD_PRELOAD: cat copies a file"
bare "$MOBY" "$PY" -c 'print(6*7)'
is "$OUT" "42" "bare LD_PRELOAD: python3 runs"
bare "$MOBY" "$PY" -c 'import threading; t=threading.Thread(target=print,args=("hi",)); t.start(); t.join()'
is "$OUT" "hi" "bare LD_PRELOAD: python3 threads run"
bare "$MOBY" sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true || exit 1; done; echo done'
is "$OUT" "done" "bare LD_PRELOAD: a shell runs many children"

# Unknown syscall names: one warning, SYSCAGE_QUIET silences it.
bare "$UNKNOWN" "$PROBE" getpid
is "$OUT" "getpid=-EPERM" "bare LD_PRELOAD, a profile with an unknown name: applies"
is "$ERRLINES" 1 "bare LD_PRELOAD, unknown name: one warning line"
like "$ERR" "^syscage: $(re "$UNKNOWN"): .*sc_no_such_call" \
	"bare LD_PRELOAD: the warning names the file and the name"
run env SYSCAGE_QUIET=1 LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$UNKNOWN" "$PROBE" getpid
is "$ERR" "" "SYSCAGE_QUIET=1 silences the warning"
is "$OUT" "getpid=-EPERM" "SYSCAGE_QUIET=1: the profile still applies"

# --- no fd left open ---------------------------------------------------------
run ls /proc/self/fd
BASE_FD=$OUT
bare "$MOBY" ls /proc/self/fd
is "$OUT" "$BASE_FD" "bare LD_PRELOAD leaves no extra fd open"
bare default ls /proc/self/fd
is "$OUT" "$BASE_FD" "bare LD_PRELOAD, SYSCAGE_PROFILE=default: no extra fd"
bare "$UNKNOWN" ls /proc/self/fd
is "$OUT" "$BASE_FD" "bare LD_PRELOAD, warning path: no extra fd"
run "$SYSCAGE" -p "$MOBY" -- ls /proc/self/fd
is "$OUT" "$BASE_FD" "under the loader: no extra fd"
run "$SYSCAGE" -p "$MOBY" -- sh -c 'ls /proc/self/fd'
is "$OUT" "$BASE_FD" "a child under the loader: no extra fd"

# --- errno ---------------------------------------------------------------------
# main() sees the errno the program would have seen without the shim.
if printf '#include <errno.h>\n#include <stdio.h>\nint main(void)\n{\n\tprintf("%%d\\n", errno);\n\treturn 0;\n}\n' |
	${CC:-cc} -x c -o "$T/errno_at_main" - 2>"$T/cc.err"; then
	run "$T/errno_at_main"
	BASE_ERRNO=$OUT
	bare "$MOBY" "$T/errno_at_main"
	is "$OUT" "$BASE_ERRNO" "bare LD_PRELOAD: errno at main is as without the shim"
	bare default "$T/errno_at_main"
	is "$OUT" "$BASE_ERRNO" "bare LD_PRELOAD, default: errno at main is kept"
	bare "$UNKNOWN" "$T/errno_at_main"
	is "$OUT" "$BASE_ERRNO" "bare LD_PRELOAD, warning path: errno at main is kept"
	run "$SYSCAGE" -p "$MOBY" -- "$T/errno_at_main"
	is "$OUT" "$BASE_ERRNO" "under the loader (stage two): errno at main is kept"
	run "$SYSCAGE" -p "$MOBY" -- sh -c '"$0"' "$T/errno_at_main"
	is "$OUT" "$BASE_ERRNO" "a confined child (marker path): errno at main is kept"
else
	diag "$(cat "$T/cc.err")"
	for i in 1 2 3 4 5; do
		skip "no C compiler to build the errno check"
	done
fi

# --- children do not stack the same profile again -------------------------
# Prints the filter counts of: the shell, a child, a grandchild, and a
# child that asks for the profile $1.
cat >"$T/nest.sh" <<'EOF'
count='s/^Seccomp_filters:[[:space:]]*//p'
top=$(sed -n "$count" /proc/$$/status)
child=$(sed -n "$count" /proc/self/status)
grand=$(sh -c 'sed -n "$0" /proc/self/status' "$count")
other=$(SYSCAGE_PROFILE=$1 sed -n "$count" /proc/self/status)
echo "$top $child $grand $other"
EOF
OTHER=$LAB/default.json
for how in bare loader; do
	if [ $how = bare ]; then
		bare "$MOBY" sh "$T/nest.sh" "$OTHER"
	else
		run "$SYSCAGE" -p "$MOBY" -- sh "$T/nest.sh" "$OTHER"
	fi
	set -- $OUT
	ok "$([ "${1:-0}" -ge 1 ] 2>/dev/null; echo $?)" "$how: the confined shell has a filter (${1:-none})"
	is "${2:-}" "${1:-x}" "$how: a child with the same SYSCAGE_PROFILE adds no filter"
	is "${3:-}" "${2:-x}" "$how: a grandchild has as many filters as the child"
	is "${4:-}" "$((${2:-0} + 1))" "$how: a child asking for another profile stacks exactly one"
done
set --

done_testing
