#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make bench: figures, never a verdict. Every figure is a median of repeated
# runs; the commands of one table run in turn (one run of each, N rounds),
# so a machine that drifts moves them alike, and every ratio is against the
# baseline row of the same table. Nothing here fails on timing; it fails
# only if a program cannot run.
set -eu
B=${B:-build}
BB=$B/bench
S=$B/syscage
SHIM=$(cd "$B" && pwd)/libsyscage.so
MIN=$(cd "$B" && pwd)/bench/minshim.so
MOBY=conf/profiles/default.json
N=${BENCH_N:-300}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SYSCAGE_QUIET=1
W="SYSCAGE_CACHE=$T/c"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
row() { printf '%-62s %10s %8s %8s\n' "$1" "$2" "$3" "${4:-}"; }
# table FLOOR BASE-LABEL LABEL... -- spawn's arguments: one row per variant;
# ratios against the first (the baseline) and, in the last column, against
# row FLOOR (1-based; 0: none), the least any tool doing this job pays.
table() {
	floor_at=$1
	shift
	labels=
	while [ "$1" != -- ]; do
		labels="$labels$1
"
		shift
	done
	shift
	"$BB/spawn" "$@" >"$T/out"
	base=$(sed -n 1p "$T/out" | cut -d' ' -f1)
	floor=
	[ "$floor_at" -gt 0 ] && floor=$(sed -n "${floor_at}p" "$T/out" | cut -d' ' -f1)
	printf '%s' "$labels" | paste -d'\t' - "$T/out" |
		while IFS="$(printf '\t')" read -r label fig; do
			m=${fig%% *}
			row "$label (us)" "$m" "$(ratio "$m" "$base")" \
				"${floor:+$(ratio "$m" "$floor")}"
		done
}

echo "# syscage bench, $(date -u +%Y-%m-%d), $(uname -r), $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# medians; the rows of a table ran interleaved; ratios against its first"
echo "# row, and (last column) against its floor: the least any seccomp tool"
echo "# pays for the same job, marked [floor]"
row "what" "median" "ratio" "/floor"

# Warm the cache (Docker's default as the shim and the loader see it).
"$BB/spawn" 2 $W LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default /bin/true \
	:: $W "$S" -q -- /bin/true >/dev/null
"$S" export --format bpf default >"$T/moby.bpf" 2>/dev/null
"$S" export --format bpf tests/data/profiles/docker-labs/allow.json >"$T/allow.bpf"
insns=$(($(wc -c <"$T/moby.bpf") / 8))

echo "## exec of /bin/true under a bare preload ($N runs each)"
table 3 "plain /bin/true" \
	"any preloaded library (minshim.so, doing nothing)" \
	"[floor] minshim.so loading a 5-instruction filter" \
	"minshim.so loading syscage's Docker default ($insns insns)" \
	"libsyscage.so, Docker's default, warm cache" \
	-- "$N" /bin/true \
	:: LD_PRELOAD="$MIN" /bin/true \
	:: LD_PRELOAD="$MIN" MINSHIM_BPF="$T/allow.bpf" /bin/true \
	:: LD_PRELOAD="$MIN" MINSHIM_BPF="$T/moby.bpf" /bin/true \
	:: $W LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default /bin/true
cold=$("$BB/spawn" 20 SYSCAGE_CACHE=off LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default /bin/true | cut -d' ' -f1)
row "libsyscage.so, Docker's default, no cache (us, 20 runs)" "$cold" "-"

echo "## exec of /bin/true under a loader ($N runs each)"
if command -v bwrap >/dev/null 2>&1; then
	set -- :: "3<$T/moby.bpf" bwrap --dev-bind / / --seccomp 3 /bin/true
	bw="bwrap --seccomp (syscage's Docker default) -- /bin/true"
else
	set --
	bw=
fi
table 2 "static exec-only program running /bin/true" \
	"[floor] the same, loading a 5-instruction filter first" \
	"the same, loading syscage's Docker default ($insns insns)" \
	"syscage --no-report -- /bin/true, warm cache" \
	"syscage -- /bin/true (reports), warm cache" \
	${bw:+"$bw"} \
	-- "$N" "$BB/execonly" /bin/true \
	:: "$BB/execonly" -f "$T/allow.bpf" /bin/true \
	:: "$BB/execonly" -f "$T/moby.bpf" /bin/true \
	:: $W "$S" -q --no-report -- /bin/true \
	:: $W "$S" -q -- /bin/true "$@"
[ -n "$bw" ] || row "bwrap: not installed" "-" "-"
if command -v firejail >/dev/null 2>&1; then
	# (its own default seccomp list; not the same program, and it sets up
	# namespaces besides)
	fj=$("$BB/spawn" 50 "$BB/execonly" -f "$T/allow.bpf" /bin/true \
		:: firejail --quiet --noprofile --seccomp /bin/true |
		cut -d' ' -f1 | tr '\n' ' ')
	row "firejail --noprofile --seccomp /bin/true (us, 50 runs)" \
		"${fj#* }" "-" "$(ratio "${fj#* }" "${fj%% *}")"
else
	row "firejail: not installed" "-" "-"
fi

echo "## a shell script running 1,000 /bin/true (5 runs each)"
printf 'i=0\nwhile [ $i -lt 1000 ]; do /bin/true; i=$((i + 1)); done\n' >"$T/s.sh"
table 3 "plain" \
	"any preloaded library (minshim.so, doing nothing) in each" \
	"[floor] minshim.so loading a 5-instruction filter in each" \
	"sh and its children under a bare preload of Docker's default" \
	"syscage -- sh" \
	-- 5 /bin/sh "$T/s.sh" \
	:: LD_PRELOAD="$MIN" /bin/sh "$T/s.sh" \
	:: LD_PRELOAD="$MIN" MINSHIM_BPF="$T/allow.bpf" /bin/sh "$T/s.sh" \
	:: $W LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default /bin/sh "$T/s.sh" \
	:: $W "$S" -q -- /bin/sh "$T/s.sh"

echo "## system calls, ns per call (Docker's default, --caps none)"
echo "# getpid: allowed outright; personality(0xffffffff): allowed by an"
echo "# argument check; socket(AF_VSOCK): denied by an argument check (without"
echo "# a filter the kernel does the work of failing it, hence ratios below 1);"
echo "# medians of five interleaved rounds of 1,000,000 calls; the floor of an"
echo "# argument check is libseccomp's layout of the same profile"
"$BB/mkbpf" "$MOBY" none ranges "$T/ranges.bpf" >/dev/null
"$BB/mkbpf" "$MOBY" none linear "$T/linear.bpf" >/dev/null
# loops CALL: five rounds of 1,000,000 calls under no filter, allow.json,
# libseccomp's defaults, syscage, in turn; prints the four medians.
loops() {
	for r in 1 2 3 4 5; do
		for f in - "$T/allow.bpf" "$T/linear.bpf" "$T/ranges.bpf"; do
			if [ "$f" = - ]; then
				"$BB/loop" 1000000 "$1"
			else
				"$BB/loop" 1000000 "$1" "$f"
			fi
		done | tr '\n' ' '
		echo
	done | awk '{ for (i = 1; i <= 4; i++) v[i, NR] = $i }
		END { for (i = 1; i <= 4; i++) {
			for (r = 1; r <= NR; r++) a[r] = v[i, r]
			for (r = 2; r <= NR; r++)
				for (k = r; k > 1 && a[k - 1] > a[k]; k--) {
					t = a[k]; a[k] = a[k - 1]; a[k - 1] = t }
			printf "%s ", a[int((NR + 1) / 2)] }
			print "" }'
}
for call in getpid personality socket; do
	set -- $(loops $call)
	none=$1 any=$2 lin=$3 ours=$4
	row "$call: no filter" "$none" "1.00x"
	if [ $call = getpid ]; then
		row "$call: [floor] allow.json's 5 instructions" "$any" "$(ratio "$any" "$none")" 1.00x
		ref=$any
		row "$call: libseccomp defaults (the runc/crun way)" "$lin" "$(ratio "$lin" "$none")" "$(ratio "$lin" "$ref")"
	else
		ref=$lin
		row "$call: [floor] libseccomp defaults (the runc/crun way)" "$lin" "$(ratio "$lin" "$none")" 1.00x
	fi
	row "$call: syscage" "$ours" "$(ratio "$ours" "$none")" "$(ratio "$ours" "$ref")"
	# The call's own work is in both totals above; what each filter adds
	# is the difference (socket: the kernel's own failing is skipped).
	if [ $call = personality ]; then
		row "$call: time the filter adds, syscage over libseccomp's" \
			"$(awk -v a="$ours" -v b="$none" 'BEGIN { print a - b }')" - \
			"$(awk -v a="$ours" -v b="$lin" -v n="$none" 'BEGIN { printf "%.2fx", (a - n) / (b - n) }')"
	fi
done

echo "## compiling Docker's default (us, in-process, --caps none)"
echo "# medians of seven interleaved rounds, each the median of 10 compiles"
sed 's/"archMap": \[/"architectures": ["SCMP_ARCH_X86_64"], "archMapX": [/' \
	"$MOBY" >"$T/native.json"
for r in 1 2 3 4 5 6 7; do
	printf '%s %s %s\n' \
		"$("$BB/mkbpf" "$T/native.json" none ranges "$T/n.bpf" 10 | cut -d' ' -f2)" \
		"$("$BB/mkbpf" "$MOBY" none ranges "$T/t.bpf" 10 | cut -d' ' -f2)" \
		"$("$BB/mkbpf" "$T/native.json" none tree "$T/n2.bpf" 10 | cut -d' ' -f2)"
done >"$T/compile"
med() { cut -d' ' -f"$1" "$T/compile" | sort -n | sed -n 4p; }
nat=$(med 1) three=$(med 2) natl=$(med 3)
row "native ABI only" "$nat" "1.00x"
row "x86_64 + x86 + x32 (Docker's archMap)" "$three" "$(ratio "$three" "$nat")"
row "native ABI only, libseccomp's layout (no syscage layout pass)" "$natl" "$(ratio "$natl" "$nat")"
echo "# instructions: $(wc -c <"$T/n.bpf" | awk '{print $1 / 8}') native, $(wc -c <"$T/t.bpf" | awk '{print $1 / 8}') three ABIs; libseccomp: $(wc -c <"$T/n2.bpf" | awk '{print $1 / 8}') native, $("$BB/mkbpf" "$MOBY" none tree "$T/t2.bpf") three ABIs"

echo "## memory"
r0=$("$BB/rss" | tr -dc 0-9)
r1=$(env $W LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default "$BB/rss" | tr -dc 0-9)
row "RSS of a small program (KiB)" "$r0" "-"
row "... under the shim, Docker's default, warm (KiB)" "$r1" "+$((r1 - r0)) KiB"
