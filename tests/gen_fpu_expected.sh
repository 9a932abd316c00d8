#!/bin/sh
# gen_fpu_expected.sh - regenerate tests/roms/fpu_x87.expected by running
# the fpu_x87 test ROM under QEMU (the reference; see tests/roms/fpu_x87.asm).
# Usage: tests/gen_fpu_expected.sh   (from the repository root)
# Needs nasm and qemu-system-i386. QEMU must exit with status 1 (the ROM
# writes 0 to the isa-debug-exit port 0xF4).
set -eu
cd "$(dirname "$0")/.."
mkdir -p build/roms
nasm -f bin -I tests/roms/ -o build/roms/fpu_x87.bin tests/roms/fpu_x87.asm
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
timeout 60 qemu-system-i386 -bios build/roms/fpu_x87.bin -display none \
    -debugcon "file:$out" -device isa-debug-exit,iobase=0xf4,iosize=1 \
    -no-reboot -cpu pentium2 -m 16 || status=$?
if [ "$status" -ne 1 ]; then
    echo "gen_fpu_expected: QEMU exit status $status, expected 1" >&2
    exit 1
fi
cp "$out" tests/roms/fpu_x87.expected
echo "wrote tests/roms/fpu_x87.expected ($(wc -l < tests/roms/fpu_x87.expected) lines)"
