#!/usr/bin/env bash
# guest_boot.sh - real guests boot on x86pc with Debian's SeaBIOS (issue 3,
# "What must be true" 5), headless and with --deterministic, each run checked
# three ways: x86pc exits 0 because the --until text appeared, the final
# text screen (--screen-dump) holds the expected lines, and the debug
# console (SeaBIOS's log, port 0x402) names the boot device.
#
#   freedos-1440k, freedos-360k   the shared FreeDOS floppies to 'A:\>'
#   seabios-debugcon              "SeaBIOS (version" on the debug console
#   deterministic-repeat          two runs: same instructions, screen, log
#   fdprobe-360k, fdprobe-1440k   a boot sector asks INT 13h AH=08h for the
#                                 drive type (CMOS) and geometry and reads
#                                 the last sector (fdprobe.asm)
#   mikeos                        MikeOS 4.5 to its first dialog
#   rtc-base                      DOS shows the date of -rtc base=...
#   screen-dump-cp437             CP437 characters dumped as UTF-8
#   screenshot-png                --screenshot writes a 720x400 PNG
#   harddisk-install              FreeDOS, booted from a floppy copy, copies
#                                 its kernel and shell onto an empty FAT12
#                                 ATA disk (hdimage.py)
#   harddisk-files                and the files in the image file equal
#                                 the floppy's
#   harddisk-boot                 that disk boots (-boot c) to 'C:\>'
#   cdrom-eltorito                an ISO made by xorriso (or genisoimage)
#                                 with the 1.44M floppy as its El Torito
#                                 floppy-emulation image boots (-boot d)
#   shared-images-unmodified      the shared images are unchanged (every
#                                 run on them uses -snapshot)
#
# Prints one "PASS: NAME", "FAIL: NAME: why" or "SKIP: NAME: why" line per
# test and a final "N passed, N failed" line; exits non-zero when anything
# failed. Missing inputs (SeaBIOS, the images, tools) are skips.
#
# Environment: X86PC (default ./x86pc), X86PC_TESTDATA (default
# ../shared/testdata), SEABIOS_DIR (default /usr/share/seabios),
# BOOT_TIMEOUT seconds of host time per run (default 60).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
X86PC=${X86PC:-./x86pc}
X86PC_TESTDATA=${X86PC_TESTDATA:-$ROOT/../shared/testdata}
SEABIOS_DIR=${SEABIOS_DIR:-/usr/share/seabios}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-60}
IMG=$X86PC_TESTDATA/images
FD1440=$IMG/freedos-boot-1440k.img
FD360=$IMG/freedos-boot-360k.img
MIKEOS=$IMG/mikeos-4.5-1440k.img
SYSLINUX_MBR=${SYSLINUX_MBR:-/usr/lib/syslinux/mbr/mbr.bin}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/x86pc-guest.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

pass() { echo "PASS: $1"; passed=$((passed + 1)); }
skip() { echo "SKIP: $1: $2"; }
# fail NAME WHY [FILE]: one line, then the tail of FILE.
fail() {
    echo "FAIL: $1: $2"
    failed=$((failed + 1))
    if [ -n "${3:-}" ] && [ -s "$3" ]; then
        grep -v 'unclaimed port' "$3" | tail -n 8 | sed 's/^/    | /'
    fi
}

# run NAME UNTIL ARGS...: x86pc with SeaBIOS and its VGA BIOS, headless,
# deterministic; leaves $TMP/NAME.{err,screen,dcon}. Status of x86pc.
run() {
    local name=$1 until=$2
    shift 2
    "$X86PC" -bios "$SEABIOS_DIR/bios.bin" -vga-bios "$SEABIOS_DIR/vgabios-stdvga.bin" \
        -display none --deterministic --stats --timeout "$BOOT_TIMEOUT" --until "$until" \
        -debugcon "file:$TMP/$name.dcon" --screen-dump "$TMP/$name.screen" "$@" \
        >"$TMP/$name.err" 2>&1
}

# boot NAME UNTIL SCREEN-TEXT DEBUGCON-TEXT ARGS...: run, then check the
# exit status, that the screen dump holds UNTIL and SCREEN-TEXT and that the
# debug console holds DEBUGCON-TEXT. Returns 0 when the test passed.
boot() {
    local name=$1 until=$2 screen=$3 dcon=$4 rc
    shift 4
    run "$name" "$until" "$@"
    rc=$?
    if sanitizer "$name"; then
        fail "$name" "sanitizer report" "$TMP/$name.err"
        return 1
    fi
    if [ "$rc" -ne 0 ]; then
        fail "$name" "x86pc exit status $rc (expected 0: '$until' on the screen)" \
            "$TMP/$name.err"
        [ -s "$TMP/$name.screen" ] && grep -v '^ *$' "$TMP/$name.screen" | tail -n 6 |
            sed 's/^/    screen| /'
        return 1
    fi
    if ! grep -qF -- "$until" "$TMP/$name.screen" || ! grep -qF -- "$screen" "$TMP/$name.screen"
    then
        fail "$name" "the screen dump lacks '$until' or '$screen'" "$TMP/$name.screen"
        return 1
    fi
    if ! grep -qF -- "$dcon" "$TMP/$name.dcon"; then
        fail "$name" "the debug console lacks '$dcon'" "$TMP/$name.dcon"
        return 1
    fi
    pass "$name"
}

# sanitizer NAME: a sanitizer build (X86PC=./x86pc-san) reported an error in
# the run NAME (UBSan goes on after its report; ASan's exit status 1 could
# pass for an isa-debug-exit status).
sanitizer() { grep -aqE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$TMP/$1.err"; }

# insns NAME: the instruction count of a run (from --stats).
insns() { sed -n 's/.*stats: \([0-9]*\) instructions.*/\1/p' "$TMP/$1.err"; }

if [ ! -f "$SEABIOS_DIR/bios.bin" ] || [ ! -f "$SEABIOS_DIR/vgabios-stdvga.bin" ]; then
    skip "guest boot tests" "SeaBIOS not found in $SEABIOS_DIR (apt-get install seabios)"
    echo "0 passed, 0 failed"
    exit 0
fi
if [ ! -f "$FD1440" ] || [ ! -f "$FD360" ] || [ ! -f "$MIKEOS" ]; then
    skip "guest boot tests" "the FreeDOS/MikeOS images are not in $IMG (set X86PC_TESTDATA)"
    echo "0 passed, 0 failed"
    exit 0
fi
sha256sum "$FD1440" "$FD360" "$MIKEOS" >"$TMP/images.sha256"

# --- the shared floppies -------------------------------------------------------
if boot freedos-1440k 'A:\>' 'FreeDOS kernel' 'Booting from Floppy' -snapshot -fda "$FD1440"
then
    if grep -q '^SeaBIOS (version ' "$TMP/freedos-1440k.dcon"; then
        pass seabios-debugcon
    else
        fail seabios-debugcon "no line 'SeaBIOS (version ...' on the debug console" \
            "$TMP/freedos-1440k.dcon"
    fi
    # Same inputs, --deterministic: the same run, instruction for instruction.
    run freedos-1440k-again 'A:\>' -snapshot -fda "$FD1440"
    a=$(insns freedos-1440k) b=$(insns freedos-1440k-again)
    if [ -n "$a" ] && [ "$a" = "$b" ] &&
        cmp -s "$TMP/freedos-1440k.screen" "$TMP/freedos-1440k-again.screen" &&
        cmp -s "$TMP/freedos-1440k.dcon" "$TMP/freedos-1440k-again.dcon"; then
        pass deterministic-repeat
    else
        fail deterministic-repeat "two --deterministic runs differ: $a vs $b instructions" \
            "$TMP/freedos-1440k-again.err"
    fi
fi
boot freedos-360k 'A:\>' 'FreeDOS kernel' 'Booting from Floppy' -snapshot -fda "$FD360"
boot mikeos 'Thanks for trying out MikeOS!' 'Welcome to MikeOS' 'Booting from Floppy' \
    -snapshot -fda "$MIKEOS"

# --- screen dump (CP437 to UTF-8), PNG screenshot, RTC start date ------------------
# A floppy copy whose AUTOEXEC.BAT prints CP437 box-drawing and accented
# characters and the date and time DOS reads from the RTC (-rtc base=...).
if command -v mcopy >/dev/null && command -v python3 >/dev/null; then
    cp "$FD1440" "$TMP/screen.img"
    printf '@ECHO OFF\r\nECHO X86PC \xc9\xcd\xbb \x82 \xe1 \x01 \xb0\xb1\xb2 \xf0\r\n' >"$TMP/AUTOEXEC.BAT"
    printf '%s\r\n' 'DATE /T' 'TIME /T' 'ECHO X86PC-SCREEN-DONE' >>"$TMP/AUTOEXEC.BAT"
    mcopy -o -i "$TMP/screen.img" "$TMP/AUTOEXEC.BAT" ::AUTOEXEC.BAT
    if boot rtc-base 'X86PC-SCREEN-DONE' 'Current date is Thu 03-04-2021' 'Booting from Floppy' \
        -fda "$TMP/screen.img" -rtc base=2021-03-04T05:06:07 --screenshot "$TMP/screen.png"; then
        if grep -q '^X86PC ╔═╗ é ß ☺ ░▒▓ ≡$' "$TMP/rtc-base.screen"; then
            pass screen-dump-cp437
        else
            fail screen-dump-cp437 "the CP437 line is not '╔═╗ é ß ☺ ░▒▓ ≡' in UTF-8" \
                "$TMP/rtc-base.screen"
        fi
        # A valid PNG of the 720x400 text frame with lit and dark pixels.
        if python3 - "$TMP/screen.png" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, ihdr = 8, b"", None
while pos < len(d):
    n, kind = struct.unpack(">I4s", d[pos:pos + 8])
    body = d[pos + 8:pos + 8 + n]
    assert zlib.crc32(kind + body) == struct.unpack(">I", d[pos + 8 + n:pos + 12 + n])[0]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, ctype = ihdr[:4]
assert (w, h, depth, ctype) == (720, 400, 8, 2), ihdr
raw = zlib.decompress(idat)
stride = 3 * w
assert len(raw) == h * (1 + stride)
prev, seen = bytearray(stride), set()
for y in range(h):                      # undo the PNG row filters 0-4
    f, row = raw[y * (1 + stride)], bytearray(raw[y * (1 + stride) + 1:(y + 1) * (1 + stride)])
    for i in range(stride if f else 0):
        a = row[i - 3] if i >= 3 else 0
        b, c = prev[i], prev[i - 3] if i >= 3 else 0
        p = a + b - c
        pred = [0, a, b, (a + b) // 2,
                a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c)
                else b if abs(p - b) <= abs(p - c) else c][f]
        row[i] = (row[i] + pred) & 0xFF
    seen.update(bytes(row[0::3]))
    prev = row
assert len(seen) > 1                    # lit and dark pixels
PY
        then
            pass screenshot-png
        else
            fail screenshot-png "--screenshot did not write a valid 720x400 PNG of the text screen"
        fi
    fi
else
    skip rtc-base "needs mtools and python3"
fi

# --- drive type and geometry as the BIOS sees them ---------------------------------
# fdprobe SIZE-KB EXPECTED: a SIZE-KB image whose sector N starts "LBA N"
# (5 digits), booting fdprobe.bin; its one debug-console line must equal
# EXPECTED.
fdprobe() {
    local name=fdprobe-$1k img=$TMP/probe$1.img out rc
    python3 - "$img" "$1" "$TMP/fdprobe.bin" <<'EOF'
import sys
out, kb, boot = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], "rb").read()
with open(out, "wb") as f:
    f.write(boot)
    for n in range(1, kb * 2):
        f.write(("LBA %05d" % n).encode().ljust(512, b"\0"))
EOF
    "$X86PC" -bios "$SEABIOS_DIR/bios.bin" -vga-bios "$SEABIOS_DIR/vgabios-stdvga.bin" \
        -display none --deterministic --timeout "$BOOT_TIMEOUT" -fda "$img" \
        -debugcon "file:$TMP/$name.dcon" >"$TMP/$name.err" 2>&1
    rc=$?
    out=$(grep -a '^fdprobe' "$TMP/$name.dcon" | tr -d '\0')
    if sanitizer "$name"; then
        fail "$name" "sanitizer report" "$TMP/$name.err"
    elif [ "$rc" -eq 1 ] && [ "$out" = "$2" ]; then
        pass "$name"
    else
        fail "$name" "exit status $rc (expected 1), got '$out', expected '$2'" "$TMP/$name.err"
    fi
}
if command -v nasm >/dev/null && command -v python3 >/dev/null &&
    nasm -f bin -o "$TMP/fdprobe.bin" tests/boot/fdprobe.asm; then
    # CMOS type 1: 5.25" 360K, 40 x 2 x 9; type 4: 3.5" 1.44M, 80 x 2 x 18.
    fdprobe 360 'fdprobe drive=00 type=01 maxcyl=0027 maxsec=09 maxhead=01 last=LBA 00719'
    fdprobe 1440 'fdprobe drive=00 type=04 maxcyl=004F maxsec=12 maxhead=01 last=LBA 02879'
else
    skip fdprobe "needs nasm and python3"
fi

# --- FreeDOS on an ATA hard disk, installed by FreeDOS itself ----------------------
if ! command -v mcopy >/dev/null || ! command -v mkfs.fat >/dev/null ||
    ! command -v python3 >/dev/null || [ ! -f "$SYSLINUX_MBR" ]; then
    skip harddisk "needs mtools, dosfstools (mkfs.fat), python3 and syslinux-common's mbr.bin"
elif ! python3 tests/boot/hdimage.py "$TMP/hd.img" "$SYSLINUX_MBR" "$FD1440" >"$TMP/hd.log" 2>&1
then
    fail harddisk "hdimage.py could not build the disk" "$TMP/hd.log"
else
    # A copy of the floppy whose AUTOEXEC.BAT copies the system to C:.
    cp "$FD1440" "$TMP/install.img"
    printf '%s\r\n' '@ECHO OFF' 'COPY A:\KERNEL.SYS C:\' 'COPY A:\COMMAND.COM C:\' \
        'ECHO SWITCHES=/N> C:\CONFIG.SYS' 'ECHO SHELL=C:\COMMAND.COM /E:512 /P>> C:\CONFIG.SYS' \
        'ECHO @ECHO OFF> C:\AUTOEXEC.BAT' 'ECHO ECHO X86PC-HD-BOOTED>> C:\AUTOEXEC.BAT' \
        'DIR C:\' 'ECHO X86PC-INSTALL-DONE' >"$TMP/AUTOEXEC.BAT"
    mcopy -o -i "$TMP/install.img" "$TMP/AUTOEXEC.BAT" ::AUTOEXEC.BAT
    if boot harddisk-install X86PC-INSTALL-DONE 'COMMAND.COM => C:\COMMAND.COM' \
        'Booting from Floppy' -fda "$TMP/install.img" -hda "$TMP/hd.img" -boot a; then
        # The guest's writes are in the image file, byte for byte.
        part="$TMP/hd.img@@32256" bad=""
        for f in KERNEL.SYS COMMAND.COM; do
            mcopy -n -i "$FD1440" "::$f" "$TMP/fd-$f" && mcopy -n -i "$part" "::$f" "$TMP/hd-$f" &&
                cmp -s "$TMP/fd-$f" "$TMP/hd-$f" || bad="$bad $f"
        done
        if [ -z "$bad" ] && mtype -i "$part" ::AUTOEXEC.BAT | grep -q 'ECHO X86PC-HD-BOOTED'; then
            pass harddisk-files
        else
            fail harddisk-files "in the disk image, C:\\ lacks or differs:${bad:- AUTOEXEC.BAT}"
        fi
        boot harddisk-boot 'C:\>' 'X86PC-HD-BOOTED' 'Booting from Hard Disk' \
            -hda "$TMP/hd.img" -boot c
    fi
fi

# --- CD-ROM: El Torito floppy emulation ------------------------------------------------
mkiso=""
if command -v xorriso >/dev/null; then
    mkiso="xorriso -as mkisofs"
elif command -v genisoimage >/dev/null; then
    mkiso=genisoimage
fi
if [ -z "$mkiso" ]; then
    skip cdrom-eltorito "needs xorriso or genisoimage"
else
    mkdir "$TMP/iso" && cp "$FD1440" "$TMP/iso/fd1440.img"
    # -b with a 1474560-byte image: 1.44M floppy emulation (the default).
    if $mkiso -quiet -V X86PCBOOT -b fd1440.img -c boot.cat -o "$TMP/fd.iso" "$TMP/iso" \
        >"$TMP/iso.log" 2>&1; then
        boot cdrom-eltorito 'A:\>' 'Booting from DVD/CD' 'Booting from DVD/CD' \
            -snapshot -cdrom "$TMP/fd.iso" -boot d
    else
        fail cdrom-eltorito "$mkiso failed" "$TMP/iso.log"
    fi
fi

if sha256sum --quiet -c "$TMP/images.sha256" >/dev/null 2>&1; then
    pass shared-images-unmodified
else
    fail shared-images-unmodified "a shared image in $IMG changed during the tests"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
