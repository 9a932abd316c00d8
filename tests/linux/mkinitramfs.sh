#!/usr/bin/env bash
# tests/linux/mkinitramfs.sh BUSYBOX OUT.cpio.gz
#
# Build the test initramfs (a gzip-compressed cpio "newc" archive, the
# format of the kernel's Documentation/filesystems/ramfs-rootfs-initramfs.rst)
# from Debian's i386 busybox-static:
#   /bin/busybox           the static binary (applet links made at boot by
#                          `busybox --install -s`, so the host need not run it)
#   /dev/console           character device 5:1, opened by the kernel for init
#   /init                  mounts proc, sys, devtmpfs; prints the marker
#                          X86PC-LINUX-UP; runs a shell on the console
#   /etc/x86pc/awk.awk     the awk workload of tests/linux/boot_test.sh
# The archive is made with GNU cpio (Debian's cpio package); /dev/console
# needs mknod, done under fakeroot when not root. Owner root:root and a fixed
# mtime on every entry, so the same inputs give the same archive.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 BUSYBOX OUT.cpio.gz" >&2
    exit 2
fi
busybox=$(realpath "$1")
out=$(realpath -m "$2")
command -v cpio >/dev/null || { echo "mkinitramfs.sh: cpio missing (apt-get install cpio)" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,root,etc/x86pc,usr/bin,usr/sbin}
cp "$busybox" "$root/bin/busybox"
chmod 755 "$root/bin/busybox"
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init"
cp "$here/awk.awk" "$root/etc/x86pc/awk.awk"
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "root:x:0:" > "$root/etc/group"

# Same timestamps every time (reproducible archive).
find "$root" -exec touch -h -d @0 {} +

pack='cd "$1" && mknod -m 600 dev/console c 5 1 && touch -h -d @0 dev/console dev &&
      find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0'
if [ "$(id -u)" -eq 0 ]; then
    sh -c "$pack" sh "$root" > "$tmp/initramfs.cpio"
else
    command -v fakeroot >/dev/null ||
        { echo "mkinitramfs.sh: fakeroot missing (apt-get install fakeroot)" >&2; exit 2; }
    fakeroot sh -c "$pack" sh "$root" > "$tmp/initramfs.cpio"
fi
gzip -9 -n -c "$tmp/initramfs.cpio" > "$out"
