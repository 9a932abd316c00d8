#!/usr/bin/env bash
# run.sh - run tests/sdl/window_tests.sh in a virtual X server (Debian's
# xvfb: xvfb-run), or print one SKIP line when xvfb-run, xdotool, xwd or
# python3 is missing. Output: the PASS/FAIL/SKIP lines of the tests.
# Environment: X86PC, X86PC_TESTDATA; WORK (scratch directory, made here
# when unset).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/x86pc-sdl.XXXXXX")}
mkdir -p "$WORK"
# Under the sanitizer build (x86pc-san), LeakSanitizer's exit-time report
# would also list the allocations SDL's X11 video driver and libX11 keep
# until exit (not x86pc's to free). Leak checking stays on for every other
# test; AddressSanitizer and UBSan errors still fail these.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# Without a display server (no X server needed for these two):
# a 64 KiB BIOS whose reset vector writes 0 to port 0xF4 (exit status 1).
python3 -c 'import sys; b = bytearray(65536); b[0xFFF0:0xFFF5] = bytes([0xB0, 0, 0xE6, 0xF4, 0xF4]); sys.stdout.buffer.write(b)' >"$WORK/exit.rom"
env -u DISPLAY -u WAYLAND_DISPLAY "$X86PC" -display sdl -bios "$WORK/exit.rom" >"$WORK/nodisp.log" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q 'display sdl' "$WORK/nodisp.log"; then
    echo "PASS: -display sdl without a display server: one line, status 2"
else
    echo "FAIL: -display sdl without a display server: status $rc: $(head -c 200 "$WORK/nodisp.log")"
fi
DISPLAY=:8191 "$X86PC" -bios "$WORK/exit.rom" >"$WORK/baddisp.log" 2>&1
rc=$?
if [ "$rc" = 1 ] && [ "$(grep -c 'running without a window' "$WORK/baddisp.log")" = 1 ]; then
    echo "PASS: default display falls back to headless with a note when SDL cannot open it"
else
    echo "FAIL: default display fallback: status $rc: $(head -c 200 "$WORK/baddisp.log")"
fi

for tool in xvfb-run xdotool xwd python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: SDL window tests: $tool not found (Debian: apt-get install xvfb xdotool x11-apps xclip python3)"
        exit 0
    fi
done
export WORK X86PC X86PC_TESTDATA
# 24-bit screen larger than any window the tests open; -a picks a free display.
xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" bash "$HERE/window_tests.sh"
