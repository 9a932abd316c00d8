#!/bin/sh
# gen_ops386_expected.sh - regenerate tests/roms/ops386.expected by running
# the ops386 test ROM under QEMU (the reference; see tests/roms/ops386.asm).
# Usage: tests/gen_ops386_expected.sh   (from the repository root)
# Needs nasm and qemu-system-i386. QEMU must exit with status 1 (the ROM
# writes 0 to the isa-debug-exit port 0xF4).
set -eu
cd "$(dirname "$0")/.."
mkdir -p build/roms
nasm -f bin -I tests/roms/ -o build/roms/ops386.bin tests/roms/ops386.asm
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
timeout 60 qemu-system-i386 -bios build/roms/ops386.bin -display none \
    -debugcon "file:$out" -device isa-debug-exit,iobase=0xf4,iosize=1 \
    -no-reboot -cpu pentium2 -m 16 || status=$?
if [ "$status" -ne 1 ]; then
    echo "gen_ops386_expected: QEMU exit status $status, expected 1" >&2
    exit 1
fi
cp "$out" tests/roms/ops386.expected
echo "wrote tests/roms/ops386.expected ($(wc -l < tests/roms/ops386.expected) lines)"
