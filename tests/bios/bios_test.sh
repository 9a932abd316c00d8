#!/usr/bin/env bash
# bios_test.sh - tests of the built-in BIOS (bios/, issue 4), run by
# tests/run_tests.sh. Every run uses x86pc's default firmware (no -bios,
# no -vga-bios): the built-in BIOS and VGA BIOS.
#
#   svc_NAME       tests/bios/svc_NAME.asm: a test program on a 1.44 MB boot
#                  floppy built here with dd (lib.inc loads it with INT 13h);
#                  it checks one service family and passes when x86pc exits
#                  with status 1 and the debug console has a line "PASS".
#                  A "; flags:" line adds x86pc options (@HD@ and @HD2@ are
#                  replaced by fresh sparse hard-disk images of the sizes in
#                  "; hd-mib:" and "; hd2-mib:").
#   no-boot-device nothing to boot: the message on the debug console and screen
#   freedos-1440k, freedos-360k, mikeos   the shared images (-snapshot) to
#                  'A:\>' / MikeOS's first screen
#   freedos-harddisk   FreeDOS on a FAT16 ATA disk built here (mkfs.fat,
#                  mtools, SYSLINUX's chain.c32 loading KERNEL.SYS)
#   cdrom-floppy-emulation  FreeDOS from an El Torito floppy-emulation ISO
#   cdrom-harddisk-emulation  the FAT16 FreeDOS disk as an El Torito
#                  hard-disk emulation image (drive 80h from the CD)
#   cdrom-no-emulation      tests/bios/cd_noemu.asm as a no-emulation boot
#                  image (INT 13h 41h/42h/48h/4B01h on drive E0h)
#   linux-syslinux a Debian i386 kernel from a SYSLINUX FAT16 disk to its
#                  first messages on the serial console (tests/linux/fetch.sh)
#
# Prints "PASS: NAME", "FAIL: NAME: why" or "SKIP: NAME: why" per test and a
# final "N passed, N failed" line; exits non-zero when anything failed.
# Environment: X86PC (default ./x86pc), X86PC_TESTDATA (../shared/testdata),
# BIOS_TIMEOUT seconds per run (default 60).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
X86PC=${X86PC:-./x86pc}
X86PC_TESTDATA=${X86PC_TESTDATA:-$ROOT/../shared/testdata}
BIOS_TIMEOUT=${BIOS_TIMEOUT:-60}
IMG=$X86PC_TESTDATA/images
OUT=build/bios-tests
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/x86pc-bios.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

pass() { echo "PASS: $1"; passed=$((passed + 1)); }
skip() { echo "SKIP: $1: $2"; }
fail() {
    echo "FAIL: $1: $2"
    failed=$((failed + 1))
    if [ -n "${3:-}" ] && [ -s "$3" ]; then
        grep -av 'unclaimed port' "$3" | tail -n 10 | sed 's/^/    | /'
    fi
}

# ---- service tests ----
for src in tests/bios/svc_*.asm; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .asm)
    bin=$OUT/$name.bin img=$OUT/$name.img log=$TMP/$name.log dcon=$TMP/$name.dcon
    if ! nasm -f bin -I tests/bios/ -o "$bin" "$src" >"$log" 2>&1; then
        fail "$name" "nasm failed" "$log"
        continue
    fi
    dd if=/dev/zero of="$img" bs=1024 count=1440 status=none
    dd if="$bin" of="$img" conv=notrunc status=none
    flags=$(sed -n 's/^; flags:[ ]*//p' "$src" | head -n 1)
    hdmib=$(sed -n 's/^; hd-mib:[ ]*//p' "$src" | head -n 1)
    if [ -n "$hdmib" ]; then
        rm -f "$TMP/$name-hd.img"
        truncate -s "${hdmib}M" "$TMP/$name-hd.img"
        flags=${flags//@HD@/$TMP/$name-hd.img}
    fi
    hd2mib=$(sed -n 's/^; hd2-mib:[ ]*//p' "$src" | head -n 1)
    if [ -n "$hd2mib" ]; then
        rm -f "$TMP/$name-hd2.img"
        truncate -s "${hd2mib}M" "$TMP/$name-hd2.img"
        flags=${flags//@HD2@/$TMP/$name-hd2.img}
    fi
    flags=${flags//@TMP@/$TMP}
    # shellcheck disable=SC2086 # flags is a word list by design
    "$X86PC" -fda "$img" -display none -debugcon "file:$dcon" --timeout "$BIOS_TIMEOUT" \
        $flags >"$log" 2>&1
    rc=$?
    cat "$dcon" >>"$log" 2>/dev/null
    if [ "$rc" -eq 1 ] && grep -aqx 'PASS' "$dcon"; then
        pass "$name"
    else
        fail "$name" "exit status $rc (expected 1 and a PASS line)" "$log"
    fi
done

# boot NAME UNTIL ARGS...: x86pc with the built-in firmware until UNTIL shows
# on the screen or the debug console; passes on exit status 0.
boot() {
    local name=$1 until=$2 rc
    shift 2
    "$X86PC" -display none --deterministic --timeout "$BIOS_TIMEOUT" --until "$until" \
        -debugcon "file:$TMP/$name.dcon" --screen-dump "$TMP/$name.screen" "$@" \
        >"$TMP/$name.err" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        pass "$name"
        return 0
    fi
    cat "$TMP/$name.dcon" "$TMP/$name.screen" >>"$TMP/$name.err" 2>/dev/null
    fail "$name" "exit status $rc (expected 0: '$until' shown)" "$TMP/$name.err"
    return 1
}

# ---- no boot device ----
if boot no-boot-device 'No operating system found' -boot a; then
    if ! grep -q 'No bootable device' "$TMP/no-boot-device.dcon" ||
        ! grep -q 'No bootable device' "$TMP/no-boot-device.screen"; then
        fail no-boot-device-message "the message is not on both the debug console and the screen" \
            "$TMP/no-boot-device.dcon"
    else
        pass no-boot-device-message
    fi
fi

# ---- shared guest images ----
if [ -f "$IMG/freedos-boot-1440k.img" ]; then
    boot freedos-1440k 'A:\>' -snapshot -fda "$IMG/freedos-boot-1440k.img"
    boot freedos-360k 'A:\>' -snapshot -fda "$IMG/freedos-boot-360k.img"
    boot mikeos 'Thanks for trying out MikeOS!' -snapshot -fda "$IMG/mikeos-4.5-1440k.img"
else
    skip "freedos/mikeos" "the images are not in $IMG (set X86PC_TESTDATA)"
fi

# ---- CD-ROM: El Torito floppy emulation and no emulation ----
if ! command -v xorriso >/dev/null; then
    skip cdrom "needs xorriso"
else
    if [ -f "$IMG/freedos-boot-1440k.img" ]; then
        mkdir -p "$TMP/iso1" && cp "$IMG/freedos-boot-1440k.img" "$TMP/iso1/fd.img"
        if xorriso -as mkisofs -quiet -V X86PCFD -b fd.img -c boot.cat -o "$TMP/fd.iso" \
            "$TMP/iso1" >"$TMP/iso1.log" 2>&1; then
            boot cdrom-floppy-emulation 'A:\>' -cdrom "$TMP/fd.iso" -boot d
        else
            fail cdrom-floppy-emulation "xorriso failed" "$TMP/iso1.log"
        fi
    fi
    mkdir -p "$TMP/iso2"
    if nasm -f bin -I tests/bios/ -o "$TMP/iso2/boot.bin" tests/bios/cd_noemu.asm >"$TMP/iso2.log" 2>&1 &&
        xorriso -as mkisofs -quiet -V X86PCNE -b boot.bin -no-emul-boot -boot-load-size 4 \
            -c boot.cat -o "$TMP/ne.iso" "$TMP/iso2" >>"$TMP/iso2.log" 2>&1; then
        "$X86PC" -display none --timeout "$BIOS_TIMEOUT" -cdrom "$TMP/ne.iso" -boot d \
            -debugcon "file:$TMP/ne.dcon" >"$TMP/ne.log" 2>&1
        rc=$?
        cat "$TMP/ne.dcon" >>"$TMP/ne.log"
        if [ "$rc" -eq 1 ] && grep -aqx PASS "$TMP/ne.dcon"; then
            pass cdrom-no-emulation
        else
            fail cdrom-no-emulation "exit status $rc (expected 1 and PASS)" "$TMP/ne.log"
        fi
    else
        fail cdrom-no-emulation "nasm or xorriso failed" "$TMP/iso2.log"
    fi
fi

# mk_syslinux_disk OUT CFG FILE...: a 64 MiB ATA disk image: SYSLINUX's MBR,
# one active FAT16 partition (type 06h) from LBA 63 (cylinder 0, head 1 in
# the 16-head, 63-sector geometry the disk reports) to the end of cylinder
# 129 (so its end address gives the geometry), formatted by mkfs.fat,
# SYSLINUX installed in it with CFG as syslinux.cfg and FILE... copied in.
SYSLINUX_MBR=${SYSLINUX_MBR:-/usr/lib/syslinux/mbr/mbr.bin}
SYSLINUX_MODULES=${SYSLINUX_MODULES:-/usr/lib/syslinux/modules/bios}
mk_syslinux_disk() {
    local out=$1 cfg=$2 part=$1.part
    shift 2
    rm -f "$part" "$out"
    truncate -s $((130977 * 512)) "$part" &&
        mkfs.fat -F 16 -h 63 -g 16/63 -n X86PC "$part" >/dev/null &&
        cp "$cfg" "$TMP/syslinux.cfg" &&
        mcopy -i "$part" "$TMP/syslinux.cfg" "$@" :: &&
        syslinux --install "$part" &&
        dd if="$SYSLINUX_MBR" of="$out" bs=440 count=1 status=none &&
        python3 - "$out" <<'PYEOF' &&
import struct, sys
start, size, heads, spt = 63, 130977, 16, 63
def chs(lba):
    c, h, s = lba // (heads * spt), (lba // spt) % heads, lba % spt + 1
    return bytes([h, ((c >> 2) & 0xC0) | s, c & 0xFF])
entry = bytes([0x80]) + chs(start) + bytes([0x06]) + chs(start + size - 1) + \
    struct.pack("<II", start, size)
with open(sys.argv[1], "r+b") as f:
    f.seek(0x1BE)
    f.write(entry)
    f.seek(510)
    f.write(b"\x55\xaa")
PYEOF
        dd if="$part" of="$out" bs=512 seek=63 conv=notrunc status=none &&
        truncate -s $((131040 * 512)) "$out"
}

# ---- FreeDOS from a FAT16 ATA disk (SYSLINUX chain.c32 freedos=) ----
if ! command -v mkfs.fat >/dev/null || ! command -v mcopy >/dev/null ||
    ! command -v syslinux >/dev/null || ! command -v python3 >/dev/null ||
    [ ! -f "$SYSLINUX_MBR" ] || [ ! -f "$SYSLINUX_MODULES/chain.c32" ]; then
    skip freedos-harddisk "needs dosfstools, mtools, syslinux (+ syslinux-common) and python3"
    skip linux-syslinux "needs dosfstools, mtools, syslinux (+ syslinux-common) and python3"
else
    if [ -f "$IMG/freedos-boot-1440k.img" ]; then
        mcopy -n -i "$IMG/freedos-boot-1440k.img" ::KERNEL.SYS ::COMMAND.COM "$TMP/"
        printf 'SWITCHES=/N\r\nSHELL=C:\\COMMAND.COM C:\\ /P\r\n' >"$TMP/CONFIG.SYS"
        printf '@ECHO OFF\r\nECHO X86PC-FAT16-BOOTED\r\n' >"$TMP/AUTOEXEC.BAT"
        printf 'DEFAULT freedos\nLABEL freedos\n  COM32 chain.c32\n  APPEND freedos=KERNEL.SYS\n' \
            >"$TMP/fd.cfg"
        if mk_syslinux_disk "$TMP/fdhd.img" "$TMP/fd.cfg" "$TMP/KERNEL.SYS" "$TMP/COMMAND.COM" \
            "$TMP/CONFIG.SYS" "$TMP/AUTOEXEC.BAT" "$SYSLINUX_MODULES/chain.c32" \
            "$SYSLINUX_MODULES/libcom32.c32" "$SYSLINUX_MODULES/libutil.c32" \
            >"$TMP/fdhd.log" 2>&1; then
            boot freedos-harddisk 'X86PC-FAT16-BOOTED' -hda "$TMP/fdhd.img" -boot c
            # the same disk as an El Torito hard-disk emulation image
            mkdir -p "$TMP/iso3" && cp "$TMP/fdhd.img" "$TMP/iso3/hd.img"
            if command -v xorriso >/dev/null &&
                xorriso -as mkisofs -quiet -V X86PCHD -b hd.img -hard-disk-boot -c boot.cat \
                    -o "$TMP/hd.iso" "$TMP/iso3" >"$TMP/iso3.log" 2>&1; then
                boot cdrom-harddisk-emulation 'X86PC-FAT16-BOOTED' -cdrom "$TMP/hd.iso" -boot d
                if grep -q 'suspect partition' "$TMP/cdrom-harddisk-emulation.screen"; then
                    fail cdrom-harddisk-geometry "FreeDOS found the emulated geometry inconsistent" \
                        "$TMP/cdrom-harddisk-emulation.screen"
                else
                    pass cdrom-harddisk-geometry
                fi
            else
                skip cdrom-harddisk-emulation "needs xorriso"
            fi
        else
            fail freedos-harddisk "building the FAT16 disk failed" "$TMP/fdhd.log"
        fi
    else
        skip freedos-harddisk "the FreeDOS image is not in $IMG"
    fi
    # ---- Linux from a SYSLINUX disk (issue 4 item 4) ----
    # The Debian i386 kernel and busybox initramfs of tests/linux (fetched
    # into cache/linux by tests/linux/fetch.sh; skipped when unavailable).
    kernel="" initrd=""
    if [ -x tests/linux/fetch.sh ] && paths=$(tests/linux/fetch.sh 2>"$TMP/fetch.log"); then
        kernel=$(sed -n 's/^KERNEL=//p' <<<"$paths")
        busybox=$(sed -n 's/^BUSYBOX=//p' <<<"$paths")
        if [ -n "$busybox" ] && [ -x tests/linux/mkinitramfs.sh ] &&
            tests/linux/mkinitramfs.sh "$busybox" "$TMP/initrd.gz" >>"$TMP/fetch.log" 2>&1; then
            initrd=$TMP/initrd.gz
        fi
    fi
    if [ -z "$kernel" ] || [ ! -f "$kernel" ] || [ -z "$initrd" ]; then
        skip linux-syslinux "no Debian i386 kernel/initramfs (tests/linux/fetch.sh --setup)"
    else
        cp "$kernel" "$TMP/vmlinuz"
        printf 'DEFAULT linux\nLABEL linux\n  KERNEL vmlinuz\n  INITRD initrd.gz\n  APPEND console=ttyS0\n' \
            >"$TMP/lx.cfg"
        if mk_syslinux_disk "$TMP/lxhd.img" "$TMP/lx.cfg" "$TMP/vmlinuz" "$initrd" \
            >"$TMP/lxhd.log" 2>&1; then
            BIOS_TIMEOUT=${LINUX_TIMEOUT:-900} boot linux-syslinux 'Linux version' -m 256 \
                -hda "$TMP/lxhd.img" -boot c -serial "file:$TMP/linux.serial"
        else
            fail linux-syslinux "building the SYSLINUX disk failed" "$TMP/lxhd.log"
        fi
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
