#!/usr/bin/env bash
# linux_ata_dma.sh - Linux's ata_piix driver uses the PIIX3 IDE function of
# x86pc by bus-master DMA (issue 3, "What must be true" 2: "PIIX3 IDE
# bus-master DMA, so that Linux's ata_piix driver transfers by DMA, not
# PIO"). Not part of `make test` (one run is ~6.5G instructions, about 6
# minutes): run it by hand, `bash tests/boot/linux_ata_dma.sh`.
#
# SeaBIOS loads Debian's i386 686 kernel (-kernel/-initrd through fw_cfg)
# with an initramfs made here: Debian's busybox-static and the kernel's own
# modules scsi_mod, sd_mod (and what they need), libata, ata_piix, sr_mod.
# The machine has an ATA disk (-hda, 8 MiB of a fixed pseudo-random
# pattern) and an ATAPI CD-ROM (-cdrom, an ISO made by xorriso). The guest:
#   - prints each ATA device's libata transfer mode (sysfs xfer_mode): it
#     must be a DMA mode (XFER_MW_DMA_n or XFER_UDMA_n) for the disk and CD;
#   - reads the whole disk and the whole CD: their MD5 must equal the
#     host's (given on the kernel command line);
#   - writes 1 MiB of a new pattern at 4 MiB into the disk and reads it back
#     after dropping the page cache; the host then finds the pattern in the image file;
#   - counts IRQ 14 interrupts over the disk reads: far fewer than the 16384
#     sectors read (PIO without READ MULTIPLE interrupts once per sector;
#     libata reports "multi 0", so a DMA transfer is one interrupt per
#     command).
# and ends x86pc through port 0xF4: 0 (exit status 1) when all held.
#
# Packages (Debian, with `dpkg --add-architecture i386 && apt-get update`):
# linux-image-686:i386's kernel package and busybox-static:i386, downloaded
# with apt-get download into cache/boottests/ (ignored by git) once.
# Needs cpio, gzip, xorriso, python3. Prints PASS/FAIL/SKIP lines and
# "N passed, N failed". Environment: X86PC (./x86pc), SEABIOS_DIR,
# LINUX_TIMEOUT (host seconds, default 1200).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
X86PC=${X86PC:-./x86pc}
SEABIOS_DIR=${SEABIOS_DIR:-/usr/share/seabios}
LINUX_TIMEOUT=${LINUX_TIMEOUT:-1200}
CACHE=cache/boottests
TMP=$(mktemp -d "${TMPDIR:-/tmp}/x86pc-linux-ata.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

skip() { echo "SKIP: linux-ata-dma: $*"; echo "0 passed, 0 failed"; exit 0; }
for t in cpio gzip xorriso python3 dpkg-deb apt-get; do
    command -v $t >/dev/null || skip "needs $t"
done
[ -f "$SEABIOS_DIR/bios.bin" ] || skip "SeaBIOS not found in $SEABIOS_DIR"

# fetch PKG: download and unpack PKG:i386 into $CACHE/PKG (once).
fetch() {
    [ -f "$CACHE/$1/.done" ] && return 0
    rm -rf "${CACHE:?}/$1" && mkdir -p "$CACHE/$1/deb" &&
        (cd "$CACHE/$1/deb" && apt-get download -q "$1:i386" >/dev/null 2>&1) &&
        dpkg-deb -x "$CACHE/$1"/deb/*.deb "$CACHE/$1/root" && rm -f "$CACHE/$1"/deb/*.deb &&
        touch "$CACHE/$1/.done"
}
kpkg=$(apt-cache depends linux-image-686:i386 2>/dev/null |
    sed -n 's/^ *Depends: \(linux-image-[0-9.]*-[0-9]*-686\)\(:i386\)\?$/\1/p' | head -n 1)
[ -n "$kpkg" ] || skip "no linux-image-686:i386 in the package lists (dpkg --add-architecture i386 && apt-get update)"
fetch "$kpkg" || skip "apt-get download $kpkg:i386 failed"
fetch busybox-static || skip "apt-get download busybox-static:i386 failed"
kver=${kpkg#linux-image-}
kernel=$CACHE/$kpkg/root/boot/vmlinuz-$kver
moddir=$CACHE/$kpkg/root/lib/modules/$kver/kernel
[ -f "$kernel" ] && [ -d "$moddir" ] || skip "$kpkg has no kernel or modules"

# The disk, the CD and their MD5s; the modules in load order.
python3 - "$TMP" "$moddir" <<'EOF' || exit 2
import os, random, re, sys
tmp, moddir = sys.argv[1:3]
rnd = random.Random(386)
with open(os.path.join(tmp, "disk.img"), "wb") as f:
    f.write(rnd.randbytes(8 << 20))
os.makedirs(os.path.join(tmp, "iso"))
with open(os.path.join(tmp, "iso", "DATA.BIN"), "wb") as f:
    f.write(rnd.randbytes(3 << 20))
with open(os.path.join(tmp, "pattern.bin"), "wb") as f:
    f.write(rnd.randbytes(1 << 20))
idx = {}
for d, _, fs in os.walk(moddir):
    for n in fs:
        if n.endswith(".ko"):
            idx[n[:-3].replace("-", "_")] = os.path.join(d, n)
def deps(n):
    m = re.search(rb"depends=([^\0]*)\0", open(idx[n], "rb").read())
    return [x.decode().replace("-", "_") for x in m.group(1).split(b",") if x] if m else []
order = []
def visit(n):
    if n not in order:
        for d in deps(n):
            visit(d)
        order.append(n)
for n in ("sd_mod", "ata_piix", "sr_mod"):
    visit(n)
with open(os.path.join(tmp, "modules.txt"), "w") as f:
    f.write("\n".join(idx[n] for n in order) + "\n")
EOF
xorriso -as mkisofs -quiet -V X86PCDATA -o "$TMP/cd.iso" "$TMP/iso" >/dev/null 2>&1 ||
    { echo "FAIL: linux-ata-dma: xorriso failed"; echo "0 passed, 1 failed"; exit 1; }
sda_md5=$(md5sum <"$TMP/disk.img" | cut -d' ' -f1)
sr0_md5=$(md5sum <"$TMP/cd.iso" | cut -d' ' -f1)
pat_md5=$(md5sum <"$TMP/pattern.bin" | cut -d' ' -f1)

r=$TMP/initramfs
mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,lib/mod}
cp "$CACHE/busybox-static/root/bin/busybox" "$r/bin/busybox"
cp "$TMP/pattern.bin" "$r/pattern.bin"
while read -r m; do cp "$m" "$r/lib/mod/"; echo "${m##*/}"; done <"$TMP/modules.txt" >"$r/lib/mod/order"
cat >"$r/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
arg() { sed -n "s/.*x86pc\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
ok=1
check() { if [ "$2" = ok ]; then echo "LINUX-PASS: $1"; else echo "LINUX-FAIL: $1: $2"; ok=0; fi; }
for m in $(cat /lib/mod/order); do insmod /lib/mod/$m || echo "insmod $m failed"; done
i=0; while { [ ! -b /dev/sda ] || [ ! -b /dev/sr0 ]; } && [ $i -lt 100 ]; do sleep 0.2; i=$((i+1)); done
dmesg | grep -E 'ata[0-9]|ata_piix'
for d in /sys/class/ata_device/*; do
    c=$(cat $d/class); x=$(cat $d/xfer_mode); echo "$d class=$c xfer_mode=$x"
    case "$c:$x" in
    ata:XFER_*DMA*|atapi:XFER_*DMA*) check "$c transfer mode $x" ok ;;
    ata:*|atapi:*) check "$c transfer mode" "$x is not a DMA mode" ;;
    esac
done
irq14() { sed -n 's/^ *14: *\([0-9]*\).*/\1/p' /proc/interrupts; }
before=$(irq14)
s=$(dd if=/dev/sda bs=65536 2>/dev/null | md5sum | cut -d' ' -f1)
after=$(irq14)
[ "$s" = "$(arg sda)" ] && check "disk read (md5 $s)" ok || check "disk read" "md5 $s, expected $(arg sda)"
n=$((after - before))
[ "$n" -gt 0 ] && [ "$n" -lt 2048 ] && check "IRQ 14 raised $n times for 16384 sectors" ok ||
    check "IRQ 14 count" "$n interrupts for 16384 sectors (PIO?)"
s=$(dd if=/dev/sr0 bs=2048 2>/dev/null | md5sum | cut -d' ' -f1)
[ "$s" = "$(arg sr0)" ] && check "CD read (md5 $s)" ok || check "CD read" "md5 $s, expected $(arg sr0)"
dd if=/pattern.bin of=/dev/sda bs=65536 seek=64 conv=fsync 2>/dev/null; sync
echo 3 >/proc/sys/vm/drop_caches
s=$(dd if=/dev/sda bs=65536 skip=64 count=16 2>/dev/null | md5sum | cut -d' ' -f1)
[ "$s" = "$(arg pat)" ] && check "disk write + read back" ok || check "disk write" "read back md5 $s"
grep -E ' 1[45]:' /proc/interrupts
echo "LINUX-DONE"
printf "\\$(printf '%03o' $((1 - ok)))" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
EOF
chmod 755 "$r/init" "$r/bin/busybox"
(cd "$r" && mknod -m 600 dev/console c 5 1 &&
    find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) | gzip -1 >"$TMP/initrd.gz"

"$X86PC" -bios "$SEABIOS_DIR/bios.bin" -vga-bios "$SEABIOS_DIR/vgabios-stdvga.bin" \
    -display none -m 128 --deterministic --timeout "$LINUX_TIMEOUT" --stats \
    -kernel "$kernel" -initrd "$TMP/initrd.gz" \
    -append "console=ttyS0 loglevel=4 x86pc.sda=$sda_md5 x86pc.sr0=$sr0_md5 x86pc.pat=$pat_md5" \
    -serial "file:$TMP/serial.txt" -debugcon none -hda "$TMP/disk.img" -cdrom "$TMP/cd.iso" \
    >"$TMP/x86pc.err" 2>&1
rc=$?
passed=0 failed=0
grep -a -E '^LINUX-(PASS|FAIL)' "$TMP/serial.txt" | sed 's/^LINUX-//'
passed=$(grep -ac '^LINUX-PASS' "$TMP/serial.txt")
failed=$(grep -ac '^LINUX-FAIL' "$TMP/serial.txt")
if dd if="$TMP/disk.img" bs=65536 skip=64 count=16 2>/dev/null | cmp -s - "$TMP/pattern.bin"; then
    echo "PASS: the guest's DMA write is in the image file"
    passed=$((passed + 1))
else
    echo "FAIL: the guest's DMA write is not in the image file"
    failed=$((failed + 1))
fi
if [ "$rc" -ne 1 ] || ! grep -aq '^LINUX-DONE' "$TMP/serial.txt"; then
    echo "FAIL: linux-ata-dma: x86pc exit status $rc (expected 1)"
    grep -v 'unclaimed port' "$TMP/x86pc.err" | tail -n 5 | sed 's/^/    | /'
    grep -av '^busybox:' "$TMP/serial.txt" | tail -n 20 | sed 's/^/    serial| /'
    failed=$((failed + 1))
fi
grep -a 'stats:' "$TMP/x86pc.err"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
