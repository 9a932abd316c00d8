#!/bin/sh
# qemu.sh NAME -- assemble tests/roms/NAME.asm and run it under QEMU (TCG).
# Exit status is QEMU's: 1 = PASS (0<<1|1), 3 = FAIL, 0 = reset/triple fault.
set -e
cd "$(dirname "$0")/../.."
mkdir -p build/roms
nasm -f bin -I tests/roms/ -o "build/roms/$1.bin" "tests/roms/$1.asm"
set +e
timeout 30 qemu-system-i386 -bios "build/roms/$1.bin" -display none -debugcon stdio \
    -device isa-debug-exit,iobase=0xf4,iosize=1 -no-reboot -cpu pentium2 -m 32
