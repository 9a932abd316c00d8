#!/usr/bin/env bash
# video_test.sh - tests of x86pc's VGA BIOS (bios/video/). Ends with one
# line "N passed, N failed"; exits non-zero when anything failed.
#
#   1. Each build/tests/bios/video_NAME.bin (tests/bios/video_NAME.asm, a
#      64 KiB system ROM from video.inc that runs the VGA BIOS and then
#      calls INT 10h) must exit with status 1 (its own checks passed); its
#      final text screen (--screen-dump) must equal tests/bios/NAME.expected
#      when that exists, and its final frame (--screenshot) must have the
#      pixel checksum listed in tests/bios/video_expected.txt.
#   2. Reference: when Debian's SeaVGABIOS (/usr/share/seabios/
#      vgabios-stdvga.bin, the same hardware) is installed, the programs
#      listed as "same" in video_expected.txt must give the very same frame
#      with it (the VBE ones differ: see video_expected.txt).
#   3. Integration: SeaBIOS (/usr/share/seabios/bios.bin) with this VGA
#      BIOS shows its banner on the text screen (also with no -vga-bios,
#      i.e. the copy built into x86pc), and boots the FreeDOS floppy to
#      A:\> when ../shared/testdata is present.
#
# Environment: X86PC (default ./x86pc), VGABIOS (default
# build/bios/video/vgabios.bin), X86PC_TESTDATA (default ../shared/testdata).
# UPDATE=1 rewrites video_expected.txt checksums from this run.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
X86PC=${X86PC:-./x86pc}
VGABIOS=${VGABIOS:-build/bios/video/vgabios.bin}
X86PC_TESTDATA=${X86PC_TESTDATA:-$ROOT/../shared/testdata}
SEAVGA=/usr/share/seabios/vgabios-stdvga.bin
SEABIOS=/usr/share/seabios/bios.bin
EXPECT=tests/bios/video_expected.txt
passed=0
failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/x86pc-video.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $1"; }

# run_prog BIN VGAROM OUTPREFIX: run a test program; prints the exit status.
run_prog() {
    "$X86PC" -bios "$1" -vga-bios "$2" -display none --deterministic --timeout 60 \
        -debugcon none --screen-dump "$3.txt" --screenshot "$3.png" >"$3.log" 2>&1
    echo $?
}

for bin in build/tests/bios/video_*.bin; do
    [ -f "$bin" ] || continue
    name=$(basename "$bin" .bin)
    [ -f "tests/bios/$name.asm" ] || continue
    out="$TMP/$name"
    rc=$(run_prog "$bin" "$VGABIOS" "$out")
    if [ "$rc" != 1 ]; then
        bad "$name: exit status $rc (1 = passed; 2k+1 = its check k failed)"
        continue
    fi
    if [ -f "tests/bios/$name.expected" ] && ! cmp -s "$out.txt" "tests/bios/$name.expected"; then
        bad "$name: text screen differs from tests/bios/$name.expected"
        diff "tests/bios/$name.expected" "$out.txt" | head -n 8 | sed 's/^/    | /'
        continue
    fi
    sum=$(python3 tests/bios/pngsum.py "$out.png")
    want=$(awk -v n="$name" '$1 == n { print $2 " " $3 }' "$EXPECT")
    if [ "${UPDATE:-0}" = 1 ]; then
        echo "$name: $sum"
    elif [ -z "$want" ]; then
        bad "$name: no checksum in $EXPECT (got $sum)"
        continue
    elif [ "$sum" != "$want" ]; then
        bad "$name: frame $sum, expected $want"
        continue
    fi
    ok
    # the same program on SeaVGABIOS
    if [ -f "$SEAVGA" ] && awk -v n="$name" '$1 == n && $4 == "same" { f = 1 } END { exit !f }' "$EXPECT"; then
        rc=$(run_prog "$bin" "$SEAVGA" "$out-ref")
        ref=$(python3 tests/bios/pngsum.py "$out-ref.png")
        if [ "$rc" != 1 ]; then
            bad "$name: with $SEAVGA exit status $rc"
        elif [ "$ref" != "$sum" ]; then
            bad "$name: frame differs from the one with $SEAVGA ($ref)"
        else
            ok
        fi
    fi
done

if [ -f "$SEABIOS" ]; then
    "$X86PC" -bios "$SEABIOS" -vga-bios "$VGABIOS" -display none --timeout 60 -debugcon none \
        --screen-dump "$TMP/seabios.txt" --until 'No bootable device' >"$TMP/seabios.log" 2>&1
    rc=$?
    if [ "$rc" = 0 ] && grep -q '^SeaBIOS (version' "$TMP/seabios.txt"; then
        ok
    else
        bad "SeaBIOS with $VGABIOS: status $rc, banner not on the text screen"
        head -n 5 "$TMP/seabios.txt" 2>/dev/null | sed 's/^/    | /'
    fi
    # without -vga-bios: x86pc's built-in copy of this VGA BIOS
    "$X86PC" -bios "$SEABIOS" -display none --timeout 60 -debugcon none \
        --screen-dump "$TMP/default.txt" --until 'No bootable device' >"$TMP/default.log" 2>&1
    rc=$?
    if [ "$rc" = 0 ] && grep -q '^SeaBIOS (version' "$TMP/default.txt"; then
        ok
    else
        bad "SeaBIOS with the built-in VGA BIOS: status $rc, banner not on the text screen"
    fi
    img="$X86PC_TESTDATA/images/freedos-boot-1440k.img"
    if [ -f "$img" ]; then
        "$X86PC" -bios "$SEABIOS" -vga-bios "$VGABIOS" -fda "$img" -snapshot -display none \
            --timeout 120 -debugcon none --screen-dump "$TMP/freedos.txt" \
            --until 'A:\>' >"$TMP/freedos.log" 2>&1
        rc=$?
        if [ "$rc" = 0 ] && grep -qF 'A:\>' "$TMP/freedos.txt"; then
            ok
        else
            bad "FreeDOS on SeaBIOS with $VGABIOS: status $rc"
            tail -n 5 "$TMP/freedos.txt" 2>/dev/null | sed 's/^/    | /'
        fi
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
