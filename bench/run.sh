#!/bin/sh
# make bench: figures, never a verdict. Every figure is a median of repeated
# runs, and every ratio is against a baseline measured in this same run.
# Nothing here fails on timing; it fails only if a program cannot run.
set -eu
B=${B:-build}
BB=$B/bench
S=$B/syscage
SHIM=$(cd "$B" && pwd)/libsyscage.so
MOBY=conf/profiles/default.json
N=${BENCH_N:-300}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SYSCAGE_QUIET=1

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
first() { echo "$1" | cut -d' ' -f1; }
row() { printf '%-58s %10s %8s\n' "$1" "$2" "$3"; }

echo "# syscage bench, $(date -u +%Y-%m-%d), $(uname -r), $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "# medians of $N runs; ratios against the baseline row above them"
row "what" "median" "ratio"

echo "## exec of /bin/true"
plain=$(first "$("$BB/spawn" "$N" /bin/true)")
row "plain /bin/true (us)" "$plain" "1.00x"
cold=$(first "$("$BB/spawn" 30 SYSCAGE_CACHE=off LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default /bin/true)")
row "bare preload, Docker's default, no cache (us)" "$cold" "$(ratio "$cold" "$plain")"
"$BB/spawn" 3 SYSCAGE_CACHE="$T/c" LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default /bin/true >/dev/null
warm=$(first "$("$BB/spawn" "$N" SYSCAGE_CACHE="$T/c" LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default /bin/true)")
row "bare preload, Docker's default, warm cache (us)" "$warm" "$(ratio "$warm" "$plain")"
small=$(first "$("$BB/spawn" "$N" SYSCAGE_CACHE="$T/c" LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=tests/data/profiles/docker-labs/allow.json /bin/true)")
row "bare preload, allow.json (5 instructions), warm (us)" "$small" "$(ratio "$small" "$plain")"
floor=$(first "$("$BB/spawn" "$N" "$BB/execonly" /bin/true)")
row "static exec-only program running /bin/true (us)" "$floor" "1.00x"
loader=$(first "$("$BB/spawn" "$N" SYSCAGE_CACHE="$T/c" "$S" -q -- /bin/true)")
row "syscage -- /bin/true, warm cache (us)" "$loader" "$(ratio "$loader" "$floor")"
for tool in bwrap firejail; do
	command -v $tool >/dev/null 2>&1 || row "$tool: not installed" "-" "-"
done

echo "## a shell script running 1,000 /bin/true"
printf 'i=0\nwhile [ $i -lt 1000 ]; do /bin/true; i=$((i + 1)); done\n' >"$T/s.sh"
sp=$(first "$("$BB/spawn" 5 /bin/sh "$T/s.sh")")
row "plain (us)" "$sp" "1.00x"
sb=$(first "$("$BB/spawn" 5 SYSCAGE_CACHE="$T/c" LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default /bin/sh "$T/s.sh")")
row "sh itself under a bare preload of Docker's default (us)" "$sb" "$(ratio "$sb" "$sp")"
sl=$(first "$("$BB/spawn" 5 SYSCAGE_CACHE="$T/c" "$S" -q -- /bin/sh "$T/s.sh")")
row "syscage -- sh (us)" "$sl" "$(ratio "$sl" "$sp")"

echo "## system calls, ns per call (Docker's default, --caps none)"
echo "# getpid: allowed outright; personality(0xffffffff): allowed by an"
echo "# argument check; socket(AF_VSOCK): denied by an argument check (without"
echo "# a filter the kernel does the work of failing it, hence ratios below 1)"
"$BB/mkbpf" "$MOBY" none tree "$T/tree.bpf" >/dev/null
"$BB/mkbpf" "$MOBY" none linear "$T/linear.bpf" >/dev/null
for call in getpid personality socket; do
	none=$("$BB/loop" 2000000 $call)
	tree=$("$BB/loop" 2000000 $call "$T/tree.bpf")
	lin=$("$BB/loop" 2000000 $call "$T/linear.bpf")
	row "$call: no filter" "$none" "1.00x"
	row "$call: libseccomp defaults (the runc/crun way)" "$lin" "$(ratio "$lin" "$none")"
	row "$call: syscage (binary tree)" "$tree" "$(ratio "$tree" "$none") / $(ratio "$tree" "$lin")"
done

echo "## compiling Docker's default (us, in-process, --caps none)"
sed 's/"archMap": \[/"architectures": ["SCMP_ARCH_X86_64"], "archMapX": [/' \
	"$MOBY" >"$T/native.json"
nat=$("$BB/mkbpf" "$T/native.json" none tree "$T/n.bpf" 50 | cut -d' ' -f2)
three=$("$BB/mkbpf" "$MOBY" none tree "$T/t.bpf" 50 | cut -d' ' -f2)
row "native ABI only" "$nat" "-"
row "x86_64 + x86 + x32 (Docker's archMap)" "$three" "$(ratio "$three" "$nat")"

echo "## memory"
r0=$("$BB/rss" | tr -dc 0-9)
r1=$(SYSCAGE_CACHE="$T/c" LD_PRELOAD="$SHIM" SYSCAGE_PROFILE=default "$BB/rss" | tr -dc 0-9)
row "RSS of a small program (KiB)" "$r0" "-"
row "... under the shim, Docker's default, warm (KiB)" "$r1" "+$((r1 - r0)) KiB"
