#!/usr/bin/env bash
# window_tests.sh - tests of the SDL window (-display sdl), run inside an X
# server (tests/sdl/run.sh starts Xvfb with xvfb-run). Prints one line per
# test, "PASS: NAME" or "FAIL: NAME: reason", and exits 0.
#
# The guest: SeaBIOS + FreeDOS from the shared test data, -snapshot (the
# image's checksum is compared before and after). The test drives the
# window only through the X server, as a user would: xdotool types into it
# (XTEST) and presses the host shortcuts; Ctrl+Alt+S screenshots (a PNG
# and, in text mode, a .txt of the screen) tell the test what the guest
# shows; xwd captures the real window, which tests/sdl/imgcmp.py compares
# with the emulator's own PNG.
#
# Environment: X86PC (binary), X86PC_TESTDATA, WORK (a scratch directory).
set -u
X86PC=$(realpath "$X86PC")
HERE=$(cd "$(dirname "$0")" && pwd)
IMG="$X86PC_TESTDATA/images/freedos-boot-1440k.img"
BIOS=/usr/share/seabios/bios.bin
VGABIOS=/usr/share/seabios/vgabios-stdvga.bin
cd "$WORK" || exit 0

pass() { echo "PASS: $1"; }
fail() {
    echo "FAIL: $1: $2"
    if [ -s err.log ]; then grep -v 'unclaimed port' err.log | tail -n 5 | sed 's/^/    | /'; fi
}

for f in "$IMG" "$BIOS" "$VGABIOS"; do
    if [ ! -f "$f" ]; then
        echo "SKIP: SDL window tests: $f is missing"
        exit 0
    fi
done

# newest_shot: the newest Ctrl+Alt+S file base name (without .png), or "".
newest_shot() {
    local f
    f=$(ls -t x86pc-*.png 2>/dev/null | head -n 1)
    echo "${f%.png}"
}

# shot_until TEXT SECONDS: press Ctrl+Alt+S once a second until the newest
# screenshot's text contains TEXT; 0 when it did. Sets SHOT.
shot_until() {
    local text=$1 tries=$2
    SHOT=""
    for _ in $(seq "$tries"); do
        kill -0 "$PID" 2>/dev/null || return 1
        xdotool key ctrl+alt+s
        sleep 1
        SHOT=$(newest_shot)
        if [ -n "$SHOT" ] && [ -f "$SHOT.txt" ] && grep -qF -- "$text" "$SHOT.txt"; then
            return 0
        fi
    done
    return 1
}

# title: the window's title (_NET_WM_NAME).
title() { xdotool getwindowname "$WID" 2>/dev/null; }

sum_before=$(md5sum < "$IMG")
"$X86PC" -display sdl -bios "$BIOS" -vga-bios "$VGABIOS" -fda "$IMG" -snapshot \
    --screen-dump dump.txt --screenshot final.png --timeout 150 >out.log 2>err.log &
PID=$!
WID=$(timeout 20 xdotool search --sync --name '^x86pc' 2>/dev/null | head -n 1)
if [ -z "$WID" ]; then
    fail "window opens" "no window titled x86pc within 20 s"
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    exit 0
fi
pass "window opens"
xdotool windowfocus --sync "$WID"

# 1. Boot to the prompt, seen through Ctrl+Alt+S screenshots.
if shot_until 'A:\>' 90; then
    pass "FreeDOS prompt in a Ctrl+Alt+S screenshot ($SHOT.txt)"
else
    fail "FreeDOS prompt in a Ctrl+Alt+S screenshot" "no A:\\> within 90 s"
fi

# 2. Title: "x86pc - N MIPS".
t=$(title)
if [[ "$t" =~ ^x86pc\ -\ [0-9]+\.[0-9]\ MIPS$ ]]; then
    pass "title shows MIPS ('$t')"
else
    fail "title shows MIPS" "title is '$t'"
fi

# 3. Type a command (shifted characters too); the shortcuts pressed so far
#    must not have reached the guest: the command line reads exactly this.
xdotool type --delay 60 'echo Hello, World!'
xdotool key Return
if shot_until 'Hello, World!' 10 && grep -qx 'A:\\>echo Hello, World!' "$SHOT.txt" &&
   [ "$(grep -cx 'Hello, World!' "$SHOT.txt")" = 1 ]; then
    pass "typed command runs, no shortcut key leaked into the guest"
else
    fail "typed command runs, no shortcut key leaked into the guest" \
        "screen: $(tr '\n' '|' < "${SHOT:-none}.txt" 2>/dev/null | head -c 300)"
fi

# 4. Paste the clipboard (Ctrl+Alt+V): typed as keys (US layout).
if command -v xclip >/dev/null; then
    printf 'echo pasted:%s\r\n' 'A-z_{}' | xclip -selection clipboard 2>/dev/null
    xdotool key ctrl+alt+v
    if shot_until 'pasted:A-z_{}' 10 && [ "$(grep -cx 'pasted:A-z_{}' "$SHOT.txt")" = 1 ]; then
        pass "Ctrl+Alt+V pastes the clipboard as keys"
    else
        fail "Ctrl+Alt+V pastes the clipboard as keys" "not on the screen"
    fi
else
    echo "SKIP: paste test: xclip missing"
fi

# 5. Mouse grab on click, shown in the title; Ctrl+Alt+G releases it.
xdotool mousemove --window "$WID" 200 200 click 1
sleep 1.5
t1=$(title)
xdotool key ctrl+alt+g
sleep 1.5
t2=$(title)
if [[ "$t1" == *"mouse grabbed"* && "$t2" != *"mouse grabbed"* ]]; then
    pass "click grabs the mouse, Ctrl+Alt+G releases it"
else
    fail "click grabs the mouse, Ctrl+Alt+G releases it" "titles '$t1' / '$t2'"
fi

# 6. ver, then compare the real window with the emulator's screenshot.
xdotool type --delay 60 'ver'
xdotool key Return
if shot_until 'FreeCom version' 10; then
    pass "ver prints the FreeCom version"
else
    fail "ver prints the FreeCom version" "not on the screen"
fi
sleep 1
xdotool key ctrl+alt+s
sleep 1
SHOT=$(newest_shot)
xwd -id "$WID" -silent -out window.xwd
if python3 "$HERE/imgcmp.py" window.xwd "$SHOT.png" --out window.png >cmp.log 2>&1; then
    pass "window pixels match the screenshot: $(cat cmp.log)"
else
    fail "window pixels match the screenshot" "$(tail -n 3 cmp.log)"
fi

# 7. Ctrl+Alt+Q: clean end, status 0, --screen-dump and --screenshot written.
xdotool key ctrl+alt+q
for _ in $(seq 20); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.5
done
if kill -0 "$PID" 2>/dev/null; then
    kill "$PID"
fi
wait "$PID"
rc=$?
if [ "$rc" = 0 ] && grep -qF 'FreeCom version' dump.txt && [ -s final.png ] &&
   python3 "$HERE/imgcmp.py" window.xwd final.png >cmp2.log 2>&1; then
    pass "Ctrl+Alt+Q exits 0 with --screen-dump and --screenshot written"
else
    fail "Ctrl+Alt+Q exits 0 with --screen-dump and --screenshot written" \
        "status $rc; $(tail -n 1 cmp2.log 2>/dev/null)"
fi
if [ "$(md5sum < "$IMG")" = "$sum_before" ]; then
    pass "-snapshot left the image unchanged"
else
    fail "-snapshot left the image unchanged" "the image changed"
fi
exit 0
