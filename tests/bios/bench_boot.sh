#!/usr/bin/env bash
# bench_boot.sh - `make bench`: time from power-on to the boot sector for the
# built-in BIOS and for Debian's SeaBIOS (+ its stdvga VGA BIOS), booting a
# 1.44 MB floppy whose boot sector ends the run at once (bench_boot.asm).
# For each firmware: instructions executed (the same in every run, with
# --deterministic) and the host time, best of BENCH_RUNS (default 3).
# Reports only; never fails on timing (it fails only when a run does not
# reach the boot sector, which is a bug).
# Environment: X86PC (default ./x86pc), SEABIOS_DIR (/usr/share/seabios).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
X86PC=${X86PC:-./x86pc}
SEABIOS_DIR=${SEABIOS_DIR:-/usr/share/seabios}
RUNS=${BENCH_RUNS:-3}
OUT=build/bench
mkdir -p "$OUT"
nasm -f bin -o "$OUT/bench_boot.bin" tests/bios/bench_boot.asm || exit 1
dd if=/dev/zero of="$OUT/bench_boot.img" bs=1024 count=1440 status=none
dd if="$OUT/bench_boot.bin" of="$OUT/bench_boot.img" conv=notrunc status=none

status=0
# measure NAME ARGS...: best host time of RUNS runs.
measure() {
    local name=$1 best="" insns="" rc s i k
    shift
    for ((k = 0; k < RUNS; k++)); do
        "$X86PC" "$@" -fda "$OUT/bench_boot.img" -display none -debugcon none \
            --deterministic --timeout 120 --stats >"$OUT/boot-$name.log" 2>&1
        rc=$?
        if [ "$rc" -ne 1 ]; then
            echo "bench boot ($name): did not reach the boot sector (exit status $rc)"
            grep -v unclaimed "$OUT/boot-$name.log" | tail -n 3 | sed 's/^/    | /'
            status=1
            return
        fi
        i=$(sed -n 's/.*stats: \([0-9]*\) instructions in \([0-9.]*\) s.*/\1/p' "$OUT/boot-$name.log")
        s=$(sed -n 's/.*stats: \([0-9]*\) instructions in \([0-9.]*\) s.*/\2/p' "$OUT/boot-$name.log")
        insns=$i
        if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$s
        fi
    done
    printf 'bench boot (%s): %s instructions to the boot sector, %s s of host time (best of %d)\n' \
        "$name" "$insns" "$best" "$RUNS"
    eval "time_$name=$best insns_$name=$insns"
}

measure builtin
if [ -f "$SEABIOS_DIR/bios.bin" ] && [ -f "$SEABIOS_DIR/vgabios-stdvga.bin" ]; then
    measure seabios -bios "$SEABIOS_DIR/bios.bin" -vga-bios "$SEABIOS_DIR/vgabios-stdvga.bin"
    if [ -n "${time_builtin:-}" ] && [ -n "${time_seabios:-}" ]; then
        awk -v a="$time_builtin" -v b="$time_seabios" -v ia="$insns_builtin" -v ib="$insns_seabios" \
            'BEGIN { printf "bench boot: the built-in BIOS takes %.1f%% of SeaBIOS'"'"'s instructions and %.1f%% of its host time\n", 100 * ia / ib, (b > 0 ? 100 * a / b : 0) }'
    fi
else
    echo "bench boot (seabios): SKIP: SeaBIOS not found in $SEABIOS_DIR"
fi
exit $status
