#!/usr/bin/env bash
# tests/linux/fetch.sh - fetch Debian's i386 686 kernel and busybox-static
# into the repository's cache (cache/linux/, ignored by git) and print the
# paths, one per line:
#     KERNEL=cache/linux/<kernel-version>/vmlinuz
#     BUSYBOX=cache/linux/busybox-<version>/bin/busybox
#
# Uses the ordinary Debian client: `apt-get download PKG:i386` into the
# cache, then `dpkg-deb -x`. Needs the i386 package lists, i.e. once
#     dpkg --add-architecture i386 && apt-get update
# (.ci/run and `make run` do that; with --setup this script does it itself,
# with sudo when not root). The kernel package is the one Debian's
# linux-image-686:i386 metapackage depends on now (linux-image-6.1.0-N-686);
# KERNEL_PKG=... overrides it. Each version is cached in its own directory,
# so a second run downloads nothing. Exits 3 when the packages cannot be
# fetched (no i386 lists, no network): callers treat that as "skip".
set -euo pipefail

cd "$(dirname "$0")/../.."
CACHE=${X86PC_CACHE:-cache/linux}
mkdir -p "$CACHE"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

if [ "${1:-}" = "--setup" ]; then
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        $SUDO dpkg --add-architecture i386
    fi
    $SUDO apt-get update -qq >&2 || true
fi

fail() { echo "fetch.sh: $*" >&2; exit 3; }

# The current 686 kernel package: what the metapackage depends on.
KERNEL_PKG=${KERNEL_PKG:-$(apt-cache depends linux-image-686:i386 2>/dev/null |
    sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-686\)\(:i386\)\?$/\1/p' | head -n 1)}
[ -n "$KERNEL_PKG" ] ||
    fail "no linux-image-686:i386 in the package lists (run: dpkg --add-architecture i386 && apt-get update)"

# Download PKG:i386 (version from apt-cache policy) into DIR unless cached;
# extract with dpkg-deb -x. Prints nothing.
fetch_pkg() {
    local pkg=$1 dir=$2 deb
    if [ -f "$dir/.done" ]; then
        return 0
    fi
    rm -rf "$dir" && mkdir -p "$dir/deb"
    (cd "$dir/deb" && apt-get download -q "$pkg:i386" >&2) ||
        fail "apt-get download $pkg:i386 failed"
    deb=$(ls "$dir"/deb/*.deb | head -n 1)
    dpkg-deb -x "$deb" "$dir/root" || fail "dpkg-deb -x $deb failed"
    rm -f "$deb"
    # Only the kernel image and the busybox binary are used: drop the rest
    # (the kernel package's 180 MiB of modules).
    rm -rf "$dir/root/lib" "$dir/root/usr"
    touch "$dir/.done"
}

kver=${KERNEL_PKG#linux-image-}
kdir="$CACHE/$KERNEL_PKG-$(apt-cache policy "$KERNEL_PKG:i386" |
    sed -n 's/^ *Candidate: //p')"
fetch_pkg "$KERNEL_PKG" "$kdir"
kernel="$kdir/root/boot/vmlinuz-$kver"
[ -f "$kernel" ] || fail "$kernel missing in $KERNEL_PKG"

bver=$(apt-cache policy busybox-static:i386 | sed -n 's/^ *Candidate: //p' | tr ':' '_')
[ -n "$bver" ] && [ "$bver" != "(none)" ] || fail "no busybox-static:i386 in the package lists"
bdir="$CACHE/busybox-static-$bver"
fetch_pkg busybox-static "$bdir"
busybox="$bdir/root/bin/busybox"
[ -x "$busybox" ] || fail "$busybox missing in busybox-static"

echo "KERNEL=$kernel"
echo "BUSYBOX=$busybox"
