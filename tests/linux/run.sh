#!/usr/bin/env bash
# tests/linux/run.sh - `make run`: from a fresh Debian machine to a Linux
# shell on x86pc in one command.
#   1. installs what is missing with apt-get (sudo when not root): the build
#      packages, nasm, cpio, fakeroot, and the i386 architecture's package
#      lists (dpkg --add-architecture i386; apt-get update);
#   2. builds x86pc (make);
#   3. fetches and caches Debian's i386 686 kernel and busybox-static
#      (tests/linux/fetch.sh, into cache/linux/, ignored by git);
#   4. builds the initramfs (tests/linux/mkinitramfs.sh);
#   5. boots it: x86pc -m 256 -kernel ... -initrd ... -serial stdio.
# With a display (DISPLAY or WAYLAND_DISPLAY set) the shell is in the SDL
# window (console=tty0: VGA text and the PS/2 keyboard) and the kernel log
# is also on the terminal; otherwise the shell is on the terminal through
# the serial port (console=ttyS0). In the shell, `x86pc-exit` (or
# `poweroff -f`) ends x86pc; Ctrl-C in the terminal stops it too.
# Extra x86pc flags: make run RUN_ARGS="-bios /usr/share/seabios/bios.bin".
set -euo pipefail

cd "$(dirname "$0")/../.."
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

pkgs=(build-essential pkg-config nasm libcapstone-dev libsdl2-dev zlib1g-dev
      libcjson-dev libcmocka-dev cpio fakeroot python3)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
need_update=false
if ! dpkg --print-foreign-architectures | grep -qx i386; then
    echo "run: adding the i386 architecture (for the kernel and busybox packages)"
    $SUDO dpkg --add-architecture i386
    need_update=true
fi
if ! apt-cache show linux-image-686:i386 >/dev/null 2>&1; then
    need_update=true
fi
if $need_update || [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update -q || echo "run: apt-get update reported errors; going on with the package lists apt has" >&2
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "run: installing ${missing[*]}"
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

make -j"$(nproc)" x86pc

paths=$(tests/linux/fetch.sh)
eval "$paths"   # KERNEL=..., BUSYBOX=...
initrd=cache/linux/initramfs.cpio.gz
tests/linux/mkinitramfs.sh "$BUSYBOX" "$initrd"

# cryptomgr.notests: skip the kernel's crypto self-tests, about half of the
# boot's instructions (RSA/DH modular exponentiation); the boot test keeps them.
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    append="console=ttyS0 console=tty0 cryptomgr.notests"
    where="the x86pc window (the kernel log is also here)"
else
    append="console=ttyS0 cryptomgr.notests"
    where="this terminal"
fi
echo "run: booting $(basename "$KERNEL") with busybox: the shell appears in $where;"
echo "run: type x86pc-exit to end (Ctrl-C in this terminal stops x86pc)"
# x86pc-exit (status 1: the guest wrote 0 to port 0xF4) and poweroff -f
# (status 4: the kernel halts the CPU, the board has no ACPI/APM power-off)
# are normal ends.
# x86pc's log of probes of absent hardware ("unclaimed port", one line per
# port) is left out here; every other diagnostic reaches the terminal.
# shellcheck disable=SC2086
status=0
./x86pc -m 256 -kernel "$KERNEL" -initrd "$initrd" -append "$append" \
    -serial stdio -debugcon none ${RUN_ARGS:-} \
    2> >(grep --line-buffered -v -e 'unclaimed port' -e 'unmapped physical address' >&2) ||
    status=$?
case $status in 1|4) status=0 ;; esac
exit "$status"
