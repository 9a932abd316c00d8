#!/bin/sh
# run.sh qemu|x86pc [NAME...] -- assemble tests/roms/NAME.asm and run it
# under QEMU (TCG, -cpu pentium2: the reference the ROMs are validated
# against) or under ./x86pc (X86PC=path overrides) with the flags of
# tests/roms/NAME.flags if present, as `make test` does.
# One NAME: its output is shown and the exit status is the emulator's:
#   1 = PASS (0<<1|1), 3 = FAIL, 7 = CPU reset detected by the ROM,
#   0 = triple fault under QEMU -no-reboot, 124 = timeout.
# No NAME: every ROM that follows the PASS convention (no NAME.expected) is
# run; one line per ROM, then "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
mkdir -p build/roms
emu=${1:-qemu}
[ $# -gt 0 ] && shift
X86PC=${X86PC:-./x86pc}

run() {
    nasm -f bin -I tests/roms/ -o "build/roms/$1.bin" "tests/roms/$1.asm" || return 2
    case $emu in
    qemu)
        timeout 30 qemu-system-i386 -bios "build/roms/$1.bin" -display none \
            -debugcon stdio -device isa-debug-exit,iobase=0xf4,iosize=1 \
            -no-reboot -cpu pentium2 -m 32 ;;
    x86pc)
        flags=
        [ -f "tests/roms/$1.flags" ] && flags=$(cat "tests/roms/$1.flags")
        # shellcheck disable=SC2086
        timeout 60 "$X86PC" -bios "build/roms/$1.bin" -display none \
            -debugcon stdio --timeout 30 $flags ;;
    *)  echo "usage: $0 qemu|x86pc [NAME...]" >&2; return 2 ;;
    esac
}

if [ $# -eq 1 ]; then
    run "$1"
    exit $?
fi
[ $# -eq 0 ] && set -- $(for f in tests/roms/*.asm; do
    n=$(basename "$f" .asm); [ -f "tests/roms/$n.expected" ] || echo "$n"; done)
passed=0 failed=0
for n in "$@"; do
    out=$(run "$n" 2>&1); rc=$?
    if [ $rc -eq 1 ] && printf '%s\n' "$out" | grep -qx PASS; then
        passed=$((passed + 1))
        skips=$(printf '%s\n' "$out" | grep -c 'SKIP (QEMU')
        echo "ok   $n ($skips checks skipped)"
    else
        failed=$((failed + 1))
        echo "FAIL $n (status $rc): $(printf '%s\n' "$out" | grep -E '^FAIL' | head -1)"
    fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
