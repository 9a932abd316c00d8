#!/usr/bin/env bash
# run_tests.sh - run every x86pc test that needs no display; called by
# `make test`. Ends with exactly one line "N passed, N failed" and exits
# non-zero when anything failed.
#
# Environment (set by the Makefile):
#   X86PC           the emulator binary            (default ./x86pc)
#   X86PC_SST       the SingleStepTests runner     (default ./x86pc-sst)
#   UNIT_DIR        directory of unit-test binaries (default build/opt/tests/unit)
#   X86PC_TESTDATA  external test data             (default ../shared/testdata
#                                                   relative to the repository)
#
# What counts as one test:
#   - unit tests: each cmocka test case (a binary that dies without
#     reporting counts as one failure);
#   - SingleStepTests: each test vector, as counted by x86pc-sst;
#   - test ROMs: each build/roms/NAME.bin. A ROM passes when x86pc exits with
#     status 1 (the ROM wrote 0 to port 0xF4) and its debug-console output
#     equals tests/roms/NAME.expected when that file exists, or otherwise
#     contains a line "PASS". Extra x86pc flags for a ROM (e.g. -cpu 286)
#     may be given in tests/roms/NAME.flags;
#   - command-line/board checks: each tests/cli/NAME.asm, assembled here with
#     nasm and run with the flags of its "; args:" line; it passes when the
#     exit status equals its "; status:" line and stderr contains the text
#     of its "; stderr:" line, if any.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
X86PC=${X86PC:-./x86pc}
X86PC_SST=${X86PC_SST:-./x86pc-sst}
UNIT_DIR=${UNIT_DIR:-build/opt/tests/unit}
X86PC_TESTDATA=${X86PC_TESTDATA:-$ROOT/../shared/testdata}
ROM_TIMEOUT=${ROM_TIMEOUT:-60}

# Every test runs headless (no window even on a desktop session) except
# the SDL window tests (e), which start their own X server.
unset DISPLAY WAYLAND_DISPLAY

passed=0
failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/x86pc-tests.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

# fail WHAT REASON [LOGFILE]: one line per failure, then the log's tail.
fail() {
    echo "FAIL: $1: $2"
    if [ -n "${3:-}" ] && [ -s "$3" ]; then
        tail -n 8 "$3" | sed 's/^/    | /'
    fi
}

# --- (a) unit tests (cmocka) -------------------------------------------------
unit_count=0
p0=$passed f0=$failed
for bin in "$UNIT_DIR"/test_*; do
    [ -f "$bin" ] && [ -x "$bin" ] || continue
    case "$bin" in *.o|*.d) continue ;; esac
    unit_count=$((unit_count + 1))
    name=$(basename "$bin")
    log="$TMP/$name.log"
    CMOCKA_MESSAGE_OUTPUT=stdout "$bin" >"$log" 2>&1
    rc=$?
    ok=$(grep -c '^\[       OK \]' "$log")
    # cmocka prints each failed test twice (when it fails, and in the list).
    bad=$(grep '^\[  FAILED  \] ' "$log" | grep -v 'test(s)' | sort -u | wc -l)
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
        bad=1
        fail "unit $name" "exit status $rc without a cmocka failure report" "$log"
    elif [ "$bad" -gt 0 ]; then
        grep '^\[  FAILED  \] ' "$log" | grep -v 'test(s)' | sort -u |
            sed "s/^\[  FAILED  \] /FAIL: unit $name: /"
        grep -E '^\[  ERROR   \] ---|^\[   LINE   \]' "$log" | head -n 8 | sed 's/^/    | /'
    fi
    passed=$((passed + ok))
    failed=$((failed + bad))
done
if [ "$unit_count" -eq 0 ]; then
    echo "note: no unit-test binaries in $UNIT_DIR"
else
    echo "unit tests ($unit_count binaries): $((passed - p0)) passed, $((failed - f0)) failed"
fi

# --- (b) SingleStepTests vectors ---------------------------------------------
# sst SET CPU: run x86pc-sst over $X86PC_TESTDATA/ssts/SET, fold in its
# "N passed, N failed" line.
sst() {
    local dir="$X86PC_TESTDATA/ssts/$1" log="$TMP/sst-$1.log" summary p f
    if [ ! -d "$dir" ]; then
        echo "SKIP: SingleStepTests $1: $dir not found (set X86PC_TESTDATA)"
        return
    fi
    if [ ! -x "$X86PC_SST" ]; then
        failed=$((failed + 1))
        fail "sst $1" "runner $X86PC_SST not built"
        return
    fi
    "$X86PC_SST" --cpu "$2" "$dir" >"$log" 2>&1
    rc=$?
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        failed=$((failed + 1))
        fail "sst $1" "x86pc-sst exited with status $rc and no summary line" "$log"
        return
    fi
    p=${summary%% passed*}
    f=${summary#*, }
    f=${f%% failed}
    passed=$((passed + p))
    failed=$((failed + f))
    echo "sst $1 (--cpu $2): $p passed, $f failed"
    if [ "$f" -gt 0 ]; then
        grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$log" | head -n 40 | sed 's/^/    | /'
        echo "    (full output: $X86PC_SST --cpu $2 $dir)"
    elif [ "$rc" -ne 0 ]; then
        failed=$((failed + 1))
        fail "sst $1" "x86pc-sst exited with status $rc" "$log"
    fi
}
sst 8086_v1 8086
sst 80286_v1_real_mode 286

# --- (c) test ROMs -----------------------------------------------------------
rom_count=0
p0=$passed f0=$failed
for rom in build/roms/*.bin; do
    [ -f "$rom" ] || continue
    name=$(basename "$rom" .bin)
    if [ ! -f "tests/roms/$name.asm" ]; then
        echo "note: $rom has no source tests/roms/$name.asm (stale build?): not run"
        continue
    fi
    rom_count=$((rom_count + 1))
    out="$TMP/rom-$name.out"
    err="$TMP/rom-$name.err"
    flags=()
    if [ -f "tests/roms/$name.flags" ]; then
        read -r -a flags < "tests/roms/$name.flags"
    fi
    "$X86PC" -bios "$rom" -display none -debugcon "file:$out" --timeout "$ROM_TIMEOUT" \
        ${flags[@]+"${flags[@]}"} >"$err" 2>&1
    rc=$?
    [ -f "$out" ] || : >"$out"
    # For failure reports: x86pc's messages (less the unclaimed-port
    # notes), then the guest's output, whose last lines matter most.
    { grep -v 'unclaimed port' "$err"; cat "$out"; } >"$TMP/rom-$name.both"
    if [ "$rc" -ne 1 ]; then
        reason="exit status $rc (expected 1: the ROM writes 0 to port 0xF4)"
        [ "$rc" -eq 124 ] && reason="timeout after ${ROM_TIMEOUT}s (status 124)"
        [ "$rc" -ge 3 ] && [ $((rc % 2)) -eq 1 ] &&
            reason="exit status $rc: the ROM wrote $(((rc - 1) / 2)) to port 0xF4 (failure)"
        failed=$((failed + 1))
        fail "rom $name" "$reason" "$TMP/rom-$name.both"
    elif [ -f "tests/roms/$name.expected" ]; then
        if cmp -s "$out" "tests/roms/$name.expected"; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            fail "rom $name" "debug console output differs from tests/roms/$name.expected"
            diff "tests/roms/$name.expected" "$out" | head -n 10 | sed 's/^/    | /'
        fi
    elif grep -qx 'PASS' "$out" || grep -qx $'PASS\r' "$out"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        fail "rom $name" "no line 'PASS' in the debug console output" "$TMP/rom-$name.both"
    fi
done
if [ "$rom_count" -eq 0 ]; then
    echo "note: no test ROMs in build/roms"
else
    echo "test ROMs: $((passed - p0)) passed, $((failed - f0)) failed"
fi

# --- (d) command line and board (tests/cli) ---------------------------------
p0=$passed f0=$failed
cli_count=0
mkdir -p build/cli
for src in tests/cli/*.asm; do
    [ -f "$src" ] || continue
    cli_count=$((cli_count + 1))
    name=$(basename "$src" .asm)
    bin="build/cli/$name.bin"
    log="$TMP/cli-$name.log"
    if ! nasm -f bin -I tests/cli/ -o "$bin" "$src" >"$log" 2>&1; then
        failed=$((failed + 1))
        fail "cli $name" "nasm failed" "$log"
        continue
    fi
    args=$(sed -n 's/^; args:[ ]*//p' "$src" | head -n 1)
    want=$(sed -n 's/^; status:[ ]*//p' "$src" | head -n 1)
    text=$(sed -n 's/^; stderr:[ ]*//p' "$src" | head -n 1)
    # shellcheck disable=SC2086 # args is a word list by design
    "$X86PC" -bios "$bin" -display none -debugcon none $args >"$log" 2>&1
    rc=$?
    if [ "$rc" != "$want" ]; then
        failed=$((failed + 1))
        fail "cli $name" "exit status $rc, expected $want" "$log"
    elif [ -n "$text" ] && ! grep -qF -- "$text" "$log"; then
        failed=$((failed + 1))
        fail "cli $name" "stderr lacks '$text'" "$log"
    else
        passed=$((passed + 1))
    fi
done
[ "$cli_count" -gt 0 ] && echo "command line and board: $((passed - p0)) passed, $((failed - f0)) failed"

# --- (e) the SDL window under Xvfb (tests/sdl) -------------------------------
# Each "PASS:"/"FAIL:" line of tests/sdl/run.sh is one test; without
# xvfb-run/xdotool/xwd it prints a SKIP line and counts nothing.
p0=$passed f0=$failed
log="$TMP/sdl.log"
mkdir -p "$TMP/sdl"
X86PC="$X86PC" X86PC_TESTDATA="$X86PC_TESTDATA" WORK="$TMP/sdl" \
    bash tests/sdl/run.sh >"$log" 2>&1 </dev/null
grep -E '^(FAIL|SKIP)|^    \|' "$log"
passed=$((passed + $(grep -c '^PASS:' "$log")))
failed=$((failed + $(grep -c '^FAIL:' "$log")))
if ! grep -qE '^(PASS|FAIL|SKIP)' "$log"; then
    failed=$((failed + 1))
    fail "SDL window tests" "no result (X server failed to start?)" "$log"
fi
echo "SDL window: $((passed - p0)) passed, $((failed - f0)) failed"

# --- (f) guest boot: SeaBIOS boots FreeDOS and MikeOS (tests/boot) ------------
# tests/boot/guest_boot.sh (floppies, hard disk, CD, SeaBIOS log, CMOS drive
# types) and tests/boot/storage_boot.sh (every floppy size, write-through
# and -snapshot): each "PASS:"/"FAIL:" line is one test; SKIP lines (no
# SeaBIOS, no images in $X86PC_TESTDATA/images, a missing tool) count nothing.
for script in guest_boot storage_boot; do
    [ -f "tests/boot/$script.sh" ] || continue
    p0=$passed f0=$failed
    log="$TMP/boot-$script.log"
    X86PC="$X86PC" X86PC_TESTDATA="$X86PC_TESTDATA" bash "tests/boot/$script.sh" \
        >"$log" 2>&1 </dev/null
    rc=$?
    grep -aE '^(FAIL|SKIP)|^    ' "$log"
    passed=$((passed + $(grep -ac '^PASS:' "$log")))
    failed=$((failed + $(grep -ac '^FAIL:' "$log")))
    if [ "$rc" -ne 0 ] && ! grep -aq '^FAIL:' "$log"; then
        failed=$((failed + 1))
        fail "boot $script" "exit status $rc without a FAIL line" "$log"
    fi
    echo "guest boot ($script): $((passed - p0)) passed, $((failed - f0)) failed"
done

# --- (g) the built-in BIOS: service tests and guest boots (tests/bios) --------
# tests/bios/bios_test.sh: "PASS:"/"FAIL:" lines count one test each; SKIP
# lines (no images in $X86PC_TESTDATA/images, a missing tool) count nothing.
if [ -f tests/bios/bios_test.sh ]; then
    p0=$passed f0=$failed
    log="$TMP/bios.log"
    X86PC="$X86PC" X86PC_TESTDATA="$X86PC_TESTDATA" bash tests/bios/bios_test.sh \
        >"$log" 2>&1 </dev/null
    rc=$?
    grep -aE '^(FAIL|SKIP)|^    ' "$log"
    passed=$((passed + $(grep -ac '^PASS:' "$log")))
    failed=$((failed + $(grep -ac '^FAIL:' "$log")))
    if [ "$rc" -ne 0 ] && ! grep -aq '^FAIL:' "$log"; then
        failed=$((failed + 1))
        fail "built-in BIOS" "exit status $rc without a FAIL line" "$log"
    fi
    echo "built-in BIOS (tests/bios): $((passed - p0)) passed, $((failed - f0)) failed"
fi

# --- (h) the built-in VGA BIOS (tests/bios/video_test.sh) -------------------
# Its closing "N passed, N failed" line is folded into the totals; its FAIL
# lines are shown.
if [ -f tests/bios/video_test.sh ]; then
    log="$TMP/video.log"
    X86PC="$X86PC" X86PC_TESTDATA="$X86PC_TESTDATA" bash tests/bios/video_test.sh \
        >"$log" 2>&1 </dev/null
    rc=$?
    grep -aE '^(FAIL|SKIP)|^    ' "$log"
    line=$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -n "$line" ]; then
        vp=${line%% passed*}
        vf=${line#*passed, }; vf=${vf%% failed*}
        passed=$((passed + vp))
        failed=$((failed + vf))
        echo "built-in VGA BIOS (tests/bios/video_test.sh): $line"
    fi
    if [ -z "$line" ] || { [ "$rc" -ne 0 ] && [ "${vf:-0}" -eq 0 ]; }; then
        failed=$((failed + 1))
        fail "VGA BIOS tests" "exit status $rc without a result line" "$log"
    fi
fi

# --- (h) Linux: Debian's i386 686 kernel to a busybox shell (tests/linux) -------
# boot_test.sh: "PASS:"/"FAIL:" lines count one test each; a "SKIP:" line
# (the kernel cannot be fetched outside CI) counts nothing.
if [ -f tests/linux/boot_test.sh ] && [ "${X86PC_LINUX_TEST:-1}" != 0 ]; then
    p0=$passed f0=$failed
    log="$TMP/linux.log"
    X86PC="$X86PC" bash tests/linux/boot_test.sh >"$log" 2>&1 </dev/null
    rc=$?
    grep -aE '^(FAIL|SKIP)|^    |^linux:' "$log"
    passed=$((passed + $(grep -ac '^PASS:' "$log")))
    failed=$((failed + $(grep -ac '^FAIL:' "$log")))
    if [ "$rc" -ne 0 ] && ! grep -aq '^FAIL:' "$log"; then
        failed=$((failed + 1))
        fail "linux boot" "exit status $rc without a FAIL line" "$log"
    fi
    echo "linux (tests/linux): $((passed - p0)) passed, $((failed - f0)) failed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
