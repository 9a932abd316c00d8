#!/usr/bin/env bash
# storage_boot.sh - boot tests of the storage devices with SeaBIOS: FreeDOS
# from the 1.44M and 360K floppy images and from 720K/1.2M/2.88M floppies
# built by mkfd.py, MikeOS 4.5 (its first dialog) (82077AA FDC + 8237A DMA), from an
# ATA hard-disk image built here (mkhd.py: MBR + FAT12 partition with the
# FreeDOS kernel), and from an El Torito CD-ROM (mkiso.py: floppy
# emulation of the 1.44M image, ATAPI). Each passes when x86pc exits 0
# because the --until text appeared (the DOS prompt on the VGA text screen).
# Also checks guest writes: files written by AUTOEXEC.BAT reach the image
# files at once (hard disk and floppy), not with -snapshot, and a host write
# failure (file-size limit) is logged and seen by the guest as a disk error.
# Prints one "PASS: NAME" / "FAIL: NAME: why" line per test and a final
# "N passed, N failed" line; exits non-zero when anything failed. Tests whose
# inputs are missing (SeaBIOS, test images, mtools) print "SKIP: NAME: why".
#
# Environment: X86PC (default ./x86pc), X86PC_TESTDATA (default
# ../shared/testdata), SEABIOS_DIR (default /usr/share/seabios),
# BOOT_TIMEOUT seconds per boot (default 120).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
X86PC=${X86PC:-./x86pc}
X86PC_TESTDATA=${X86PC_TESTDATA:-$ROOT/../shared/testdata}
SEABIOS_DIR=${SEABIOS_DIR:-/usr/share/seabios}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}
IMG=$X86PC_TESTDATA/images
TMP=$(mktemp -d "${TMPDIR:-/tmp}/x86pc-boot.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

# boot NAME UNTIL ARGS...: run x86pc headless with SeaBIOS and the VGA BIOS.
# A last pair "--ulimit-fsize-kb N" runs it under that host file-size limit.
boot() {
    local name=$1 until=$2 log="$TMP/$1.log" fsize=unlimited
    shift 2
    if [ $# -ge 2 ] && [ "${*: -2:1}" = --ulimit-fsize-kb ]; then
        fsize=${*: -1}
        set -- "${@:1:$(($# - 2))}"
    fi
    if (ulimit -f "$fsize"; exec "$X86PC" -bios "$SEABIOS_DIR/bios.bin" \
        -vga-bios "$SEABIOS_DIR/vgabios-stdvga.bin" \
        -display none --until "$until" --timeout "$BOOT_TIMEOUT" "$@") >"$log" 2>&1; then
        echo "PASS: $name"
        passed=$((passed + 1))
    else
        echo "FAIL: $name: exit status $? (no '$until' on the screen)"
        tail -n 6 "$log" | sed 's/^/    | /'
        failed=$((failed + 1))
    fi
}

# check_file NAME MTOOLS-IMAGE FILE TEXT: the DOS file in the image holds TEXT.
check_file() {
    if mtype -i "$2" "::$3" 2>/dev/null | grep -q "$4"; then
        echo "PASS: $1"
        passed=$((passed + 1))
    else
        echo "FAIL: $1: ::$3 in the image does not hold '$4'"
        failed=$((failed + 1))
    fi
}

if [ ! -f "$SEABIOS_DIR/bios.bin" ] || [ ! -f "$SEABIOS_DIR/vgabios-stdvga.bin" ]; then
    echo "SKIP: storage boot tests: SeaBIOS not found in $SEABIOS_DIR (apt-get install seabios)"
    echo "0 passed, 0 failed"
    exit 0
fi
if [ -f "$IMG/freedos-boot-1440k.img" ]; then
    # -snapshot: the guest may write (FreeDOS does not, but the image is shared).
    boot freedos-floppy-1440k 'A:\>' -snapshot -fda "$IMG/freedos-boot-1440k.img"
    boot freedos-floppy-360k 'A:\>' -snapshot -fda "$IMG/freedos-boot-360k.img"
    if command -v mformat >/dev/null && command -v mcopy >/dev/null; then
        for k in 720 1200 2880; do
            python3 tests/boot/mkfd.py "$TMP/fd$k.img" $k "$IMG/freedos-boot-1440k.img" \
                >"$TMP/mkfd$k.log" 2>&1 &&
                boot freedos-floppy-${k}k 'A:\>' -fda "$TMP/fd$k.img"
        done
    fi
    [ -f "$IMG/mikeos-4.5-1440k.img" ] &&
        boot mikeos-floppy 'Please select an interface' -snapshot -fda "$IMG/mikeos-4.5-1440k.img"
    if command -v nasm >/dev/null && command -v mformat >/dev/null && command -v mcopy >/dev/null; then
        nasm -f bin -o "$TMP/mbr.bin" tests/boot/mbr.asm &&
            python3 tests/boot/mkhd.py "$TMP/hd.img" "$TMP/mbr.bin" "$IMG/freedos-boot-1440k.img" \
                >"$TMP/mkhd.log" 2>&1 &&
            boot freedos-harddisk 'C:\>' -hda "$TMP/hd.img" -boot c ||
            { [ -f "$TMP/hd.img" ] || { echo "FAIL: freedos-harddisk: cannot build the image"; failed=$((failed + 1)); }; }
        # The guest's AUTOEXEC.BAT wrote C:\WRITTEN.TXT: it is in the image file.
        check_file harddisk-write-through "$TMP/hd.img@@32256" WRITTEN.TXT X86PC-HD-WRITE
        # A host write that fails (file-size limit: EFBIG) is logged and reaches
        # the guest as a disk error: FreeDOS asks Abort, Ignore, Retry, Fail.
        if nasm -f bin -o "$TMP/mbr.bin" tests/boot/mbr.asm &&
            python3 tests/boot/mkhd.py "$TMP/hdfail.img" "$TMP/mbr.bin" \
                "$IMG/freedos-boot-1440k.img" >/dev/null 2>&1; then
            boot harddisk-host-write-error 'Error writing to drive C' -hda "$TMP/hdfail.img" \
                --ulimit-fsize-kb 64
            if grep -q "write of 512 bytes at offset .* failed: File too large" \
                "$TMP/harddisk-host-write-error.log"; then
                echo "PASS: harddisk-host-write-error-logged"
                passed=$((passed + 1))
            else
                echo "FAIL: harddisk-host-write-error-logged: no log line for the failed write"
                failed=$((failed + 1))
            fi
        fi
        # A floppy copy whose AUTOEXEC.BAT writes A:\WRITTEN.TXT: written
        # through to the file, and not at all with -snapshot.
        for mode in write-through snapshot; do
            cp "$IMG/freedos-boot-1440k.img" "$TMP/fw-$mode.img"
            printf '@ECHO OFF\r\nECHO X86PC-FD-WRITE> A:\\WRITTEN.TXT\r\n' >"$TMP/AUTOEXEC.BAT"
            mcopy -o -i "$TMP/fw-$mode.img" "$TMP/AUTOEXEC.BAT" ::AUTOEXEC.BAT
            if [ $mode = snapshot ]; then
                boot floppy-snapshot-boot 'A:\>' -snapshot -fda "$TMP/fw-$mode.img"
                if mtype -i "$TMP/fw-$mode.img" ::WRITTEN.TXT >/dev/null 2>&1; then
                    echo "FAIL: floppy-snapshot: the guest's write reached the image file"
                    failed=$((failed + 1))
                else
                    echo "PASS: floppy-snapshot"
                    passed=$((passed + 1))
                fi
            else
                boot floppy-write-boot 'A:\>' -fda "$TMP/fw-$mode.img"
                check_file floppy-write-through "$TMP/fw-$mode.img" WRITTEN.TXT X86PC-FD-WRITE
            fi
        done
    else
        echo "SKIP: freedos-harddisk: needs nasm and mtools (mformat, mcopy)"
    fi
    if python3 tests/boot/mkiso.py "$TMP/fd.iso" "$IMG/freedos-boot-1440k.img"; then
        boot freedos-cdrom-eltorito 'A:\>' -cdrom "$TMP/fd.iso" -boot d
    else
        echo "FAIL: freedos-cdrom-eltorito: cannot build the ISO"
        failed=$((failed + 1))
    fi
else
    echo "SKIP: storage boot tests: no FreeDOS images in $IMG"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
