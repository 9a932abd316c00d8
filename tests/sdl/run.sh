#!/usr/bin/env bash
# run.sh - run tests/sdl/window_tests.sh in a virtual X server (Debian's
# xvfb: xvfb-run), or print one SKIP line when xvfb-run, xdotool, xwd or
# python3 is missing. Output: the PASS/FAIL/SKIP lines of the tests.
# Environment: X86PC, X86PC_TESTDATA; WORK (scratch directory, made here
# when unset).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
for tool in xvfb-run xdotool xwd python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: SDL window tests: $tool not found (Debian: apt-get install xvfb xdotool x11-apps xclip python3)"
        exit 0
    fi
done
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/x86pc-sdl.XXXXXX")}
export WORK X86PC X86PC_TESTDATA
# 24-bit screen larger than any window the tests open; -a picks a free display.
xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" bash "$HERE/window_tests.sh"
