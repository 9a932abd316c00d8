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

# Linux: time from start to the busybox shell prompt of Debian's i386 686
# kernel (tests/linux: fetched into cache/linux; skipped when it cannot be
# fetched). BENCH_LINUX=0 skips it.
if [ "${BENCH_LINUX:-1}" != 0 ]; then
    if paths=$(tests/linux/fetch.sh 2>/dev/null); then
        eval "$paths"
        initrd=cache/linux/initramfs.cpio.gz
        [ -f "$initrd" ] || tests/linux/mkinitramfs.sh "$BUSYBOX" "$initrd"
        log="$OUT/linux.log"
        start=$(date +%s.%N)
        "$X86PC" -m 256 -kernel "$KERNEL" -initrd "$initrd" -append "console=ttyS0" \
            -serial "file:$OUT/linux.serial" -display none -debugcon none \
            --until "x86pc:~# " --timeout 1800 --stats 2>"$log"
        rc=$?
        end=$(date +%s.%N)
        stats=$(grep 'x86pc: stats:' "$log" | tail -n 1 | sed 's/.*stats: //')
        if [ "$rc" -eq 0 ]; then
            echo "bench linux: $(basename "$KERNEL") to the shell prompt in" \
                 "$(awk -v a="$end" -v b="$start" 'BEGIN { printf "%.1f", a - b }') s ($stats)"
        else
            echo "bench linux: no shell prompt (exit status $rc; see $log)"
            status=1
        fi
    else
        echo "bench linux: SKIP (cannot fetch the i386 kernel and busybox: tests/linux/fetch.sh)"
    fi
fi
exit $status
