#!/usr/bin/env bash
# bench.sh - `make bench`: guest MIPS of x86pc on a compute-bound loop ROM
# (tests/bench/loop.asm, assembled here with nasm). Reports; never fails on
# timing. It fails only when the ROM cannot be built or does not run to its
# end (that is a bug, which `make test` should also show).
#
# Environment: X86PC (default ./x86pc), BENCH_CPU (default p6; any -cpu model).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
X86PC=${X86PC:-./x86pc}
BENCH_CPU=${BENCH_CPU:-p6}
OUT=build/bench
mkdir -p "$OUT"

status=0
for src in tests/bench/*.asm; do
    name=$(basename "$src" .asm)
    bin="$OUT/$name.bin"
    if ! nasm -f bin -o "$bin" "$src"; then
        echo "bench $name: nasm failed"
        status=1
        continue
    fi
    log="$OUT/$name.log"
    "$X86PC" -bios "$bin" -cpu "$BENCH_CPU" -display none -debugcon "file:$OUT/$name.out" \
        --timeout 600 --stats 2>"$log"
    rc=$?
    stats=$(grep 'x86pc: stats:' "$log" | tail -n 1)
    insns=$(echo "$stats" | sed -n 's/.*stats: \([0-9]*\) instructions in \([0-9.]*\) s.*/\1/p')
    secs=$(echo "$stats" | sed -n 's/.*stats: \([0-9]*\) instructions in \([0-9.]*\) s.*/\2/p')
    if [ "$rc" -ne 1 ] || [ -z "$insns" ]; then
        echo "bench $name: did not run to completion (exit status $rc)"
        tail -n 5 "$log" | sed 's/^/    | /'
        status=1
        continue
    fi
    mips=$(awk -v n="$insns" -v s="$secs" 'BEGIN { if (s > 0) printf "%.1f", n / s / 1e6; else print "inf" }')
    echo "bench $name (-cpu $BENCH_CPU): $insns instructions in $secs s = $mips guest MIPS (checksum $(tr -d '\n' < "$OUT/$name.out"))"
done
exit $status
