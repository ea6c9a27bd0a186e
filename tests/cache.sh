#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The compiled-filter cache: a second start loads the stored program, a
# changed profile or include is compiled again, and nothing in the cache can
# loosen a filter: entries another user could have written, corrupt ones
# and a foreign directory are passed over, never loaded.
. tests/lib.sh

C=$T/cache
export SYSCAGE_CACHE="$C"
prof=$T/p.json
cp "$MOBY" "$prof"

run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" socket:40:1:0
is "$RC:$OUT" "0:socket=-EPERM" "a cold start compiles and runs"
is "$(find "$C" -type f | wc -l)" 1 "... and stores one entry"
is "$(stat -c %a "$C")" 700 "the cache directory is 0700"
e=$(find "$C" -type f)
is "$(stat -c %a "$e")" 600 "an entry is 0600"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" socket:40:1:0
is "$RC:$OUT" "0:socket=-EPERM" "a warm start decides the same"
is "$(find "$C" -type f | wc -l)" 1 "... from the same entry"
run "$SYSCAGE" -q --caps all -p "$prof" -- "$PROBE" unshare:0
is "$(find "$C" -type f | wc -l)" 2 "another capability set: another entry"

# The program in an entry decides. Swap the two entries' programs' keys:
# an entry whose key does not match is not used.
allow=$T/allow.json
cp "$LAB/allow.json" "$allow"
run "$SYSCAGE" -q -p "$allow" -- "$PROBE" getpid
a=$(ls -t "$C" | head -1)
cp "$C/$a" "$e.tmp" && chmod 600 "$e.tmp" && mv "$e.tmp" "$e"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "an entry stored under another key is not loaded"

# Corruption: flip a byte of the program; the entry is replaced.
rm -rf "$C"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" getpid
e=$(find "$C" -type f)
good=$(md5sum <"$e")
size=$(stat -c %s "$e")
# The last instruction is a RET: flip its value between RET ALLOW
# (0x7fff0000) and KILL_THREAD (0).
if [ "$(od -An -tx4 -j $((size - 4)) -N4 "$e" | tr -d ' ')" = 7fff0000 ]; then
	printf '\000\000\000\000'
else
	printf '\000\000\377\177'
fi | dd of="$e" bs=1 seek=$((size - 4)) conv=notrunc 2>/dev/null
isnt "$(md5sum <"$e")" "$good" "(the entry is corrupted)"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" socket:40:1:0
is "$RC:$OUT" "0:socket=-EPERM" "a corrupt entry is not loaded"
is "$(md5sum <"$e")" "$good" "... and is replaced by a good one"

# An entry others could have written is never read. forge turns an entry
# into a valid one whose RET ERRNO(EPERM) instructions allow instead: the
# control shows such an entry would take effect, the rest that it does not
# when someone else could have written it.
forge() {
	"$PY" - "$1" <<'EOS'
import struct, sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
n = struct.unpack_from("=I", b, 36)[0]  # instructions, at the end
for at in range(len(b) - 8 * n, len(b), 8):
    code, jt, jf, k = struct.unpack_from("=HBBI", b, at)
    if code == 6 and k == 0x00050001:  # BPF_RET|BPF_K ERRNO(EPERM)
        struct.pack_into("=HBBI", b, at, 6, 0, 0, 0x7fff0000)
# conf/runtime/cache.c checksum(): eight bytes a step, a short tail padded
M = 0xffffffffffffffff
h = 0xcbf29ce484222325
body = bytes(b[88:])  # after the 88-byte header
for at in range(0, len(body), 8):
    chunk = body[at:at + 8]
    w = int.from_bytes(chunk.ljust(8, b"\0"), "little")
    if len(chunk) < 8:
        w ^= len(chunk) << 56
    h = ((h ^ w) * 0x100000001b3) & M
    h ^= h >> 32
b[24:32] = struct.pack("=Q", h)
open(p, "wb").write(b)
EOS
}
rm -rf "$C"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" getpid
e=$(find "$C" -type f)
forge "$e"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" socket:40:1:0
is "$OUT" "socket=0" "(control: a forged entry of ours is loaded)"
forge "$e"
chmod 666 "$e"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "an entry others can write is passed over"
forge "$e"
chmod 620 "$e"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "an entry its group can write is passed over"
forge "$e"
chmod 600 "$e"
chown 65534 "$e"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "an entry owned by another user is passed over"
chown 0 "$e"
forge "$e"
chmod 600 "$e"
chmod 777 "$C"
run "$SYSCAGE" -q --caps none -p "$prof" -- "$PROBE" socket:40:1:0
is "$RC:$OUT" "0:socket=-EPERM" "a cache directory others can write is not used"
chmod 700 "$C"

# A profile that changes is compiled again.
sed 's/"SCMP_ACT_ERRNO"/"SCMP_ACT_ERRNO" /' "$MOBY" >"$prof"
printf '%s\n' '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[' \
	'{"names":["getppid"],"action":"SCMP_ACT_ERRNO"}]}' >"$prof"
run "$SYSCAGE" -q -p "$prof" -- "$PROBE" getppid socket:40:1:0
is "$OUT" "getppid=-EPERM
socket=0" "a changed profile: the new rules apply"

# An INI include that changes is compiled again.
printf '%s\n' '[profile]' 'include = inc.ini' '[allow]' 'syscalls = getppid' \
	>"$T/main.ini"
printf '%s\n' '[profile]' 'default = errno EPERM' '[allow]' \
	'syscalls = @default execve' >"$T/inc.ini"
run "$SYSCAGE" -q -p "$T/main.ini" -- "$PROBE" getppid getpid
is "$OUT" "getppid=0
getpid=0" "an INI profile with an include"
printf '%s\n' '[profile]' 'default = errno EPERM' '[allow]' \
	'syscalls = @default execve' '[errno EACCES]' 'syscalls = getpid' \
	>"$T/inc.ini.new"
mv "$T/inc.ini.new" "$T/inc.ini"
run "$SYSCAGE" -q -p "$T/main.ini" -- "$PROBE" getpid
is "$OUT" "getpid=0" "an included file changed: compiled again (getpid stays allowed by @default, first)"

# Bare LD_PRELOAD uses the cache too; SYSCAGE_CACHE=off stores nothing.
rm -rf "$C"
run env LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$prof" "$PROBE" getppid
is "$RC:$OUT" "0:getppid=-EPERM" "bare LD_PRELOAD: compiled"
is "$(find "$C" -type f | wc -l)" 1 "bare LD_PRELOAD: stored"
rm -rf "$C"
run env SYSCAGE_CACHE=off LD_PRELOAD="$SHIM" SYSCAGE_PROFILE="$prof" \
	"$PROBE" getppid
is "$RC:$OUT" "0:getppid=-EPERM" "SYSCAGE_CACHE=off: compiled"
ok "$([ ! -e "$C" ]; echo $?)" "SYSCAGE_CACHE=off: nothing stored"

# Concurrent writers from a cold cache: every run confined, entries whole.
i=0
while [ $i -lt 12 ]; do
	"$SYSCAGE" -q --caps none -p "$MOBY" -- "$PROBE" socket:40:1:0 \
		>"$T/par.$i" 2>"$T/err.$i" &
	i=$((i + 1))
done
wait
is "$(cat "$T"/par.* | sort -u)" "socket=-EPERM" "12 cold starts at once: all confined"
is "$(find "$C" -name '*.??????' | wc -l)" 0 "no temporary file left behind"
run "$SYSCAGE" -q --caps none -p "$MOBY" -- "$PROBE" socket:40:1:0
is "$OUT" "socket=-EPERM" "the entry they wrote is whole"
# An entry of an older format (an upgrade leaves them behind): passed over,
# compiled again, never read as this format (it once freed garbage here).
OLD=$T/oldfmt
rm -rf "$OLD"
mkdir -m 700 "$OLD"
run env SYSCAGE_CACHE="$OLD" "$SYSCAGE" -q export --format bpf default
for f in "$OLD"/*; do
	printf 'SCGCACH2' | dd of="$f" bs=1 count=8 conv=notrunc 2>/dev/null
done
run env SYSCAGE_CACHE="$OLD" "$SYSCAGE" -q export --format bpf default
is "$RC" 0 "an older entry format: export compiles again (no crash)"
run env SYSCAGE_CACHE="$OLD" "$SYSCAGE" -q --caps none -- "$PROBE" socket:40:1:0
is "$RC:$OUT" "0:socket=-EPERM" "an older entry format: a run compiles again, confined"
done_testing
