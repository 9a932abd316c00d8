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
# Part 2 boots tests/sdl/guest.asm (a boot sector, assembled here with nasm)
# which shows the scancodes it receives, then switches to mode 13h and to
# a VBE mode: key sequences, typematic repeat, the window following mode
# changes, pixels in graphics modes, and closing the window as a window
# manager would (tests/sdl/wmclose.c, built here with cc and libX11).
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

# 6b. A wider window: the picture keeps 4:3 between black bars.
xdotool windowsize "$WID" 1000 520
sleep 1
xdotool key ctrl+alt+s
sleep 1
SHOT=$(newest_shot)
xwd -id "$WID" -silent -out wide.xwd
if python3 "$HERE/imgcmp.py" wide.xwd "$SHOT.png" --out wide.png >cmp3.log 2>&1 &&
   grep -q '^window 1000x520, frame 720x400, picture 667x500 at (166,0)' cmp3.log; then
    pass "resized window letterboxes the picture: $(cat cmp3.log)"
else
    fail "resized window letterboxes the picture" "$(tail -n 1 cmp3.log)"
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

# ---- Part 2: scancodes, graphics modes, closing the window -----------------
if ! command -v nasm >/dev/null || ! command -v cc >/dev/null; then
    echo "SKIP: SDL window part 2: nasm or cc missing"
    exit 0
fi
mkdir -p part2 && cd part2 || exit 0
if ! nasm -f bin -o guest.img "$HERE/guest.asm" >err.log 2>&1 ||
   ! truncate -s 1474560 guest.img ||
   ! cc -o wmclose "$HERE/wmclose.c" -lX11 >>err.log 2>&1; then
    fail "part 2 set-up" "nasm or cc failed"
    exit 0
fi
"$X86PC" -display sdl -bios "$BIOS" -vga-bios "$VGABIOS" -fda guest.img \
    --screen-dump dump.txt --screenshot final.png --timeout 120 >out.log 2>err.log &
PID=$!
WID=$(timeout 20 xdotool search --sync --name '^x86pc' 2>/dev/null | head -n 1)
if [ -z "$WID" ]; then
    fail "part 2 window opens" "no window within 20 s"
    kill "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null
    exit 0
fi
xdotool windowfocus --sync "$WID"
shot_until 'scancodes' 60 || fail "part 2 guest starts" "no title line on the screen"

# bytes: every byte the guest has shown so far, one line, space-separated.
bytes() { tail -n +2 "$SHOT.txt" | tr -s ' \n' '  ' | sed 's/^ //; s/ *$//'; }
# expect_bytes NAME SEQUENCE COMMAND...: run the xdotool COMMAND; the bytes
# the guest receives from the keyboard (set 1, translated by the 8042 from
# the keyboard's set 2) and the mouse must then be SEQUENCE exactly.
expect_bytes() {
    local name=$1 want=$2 before after p rest
    shift 2
    xdotool key ctrl+alt+s
    sleep 0.7
    SHOT=$(newest_shot)
    before=$(bytes)
    xdotool "$@"
    sleep 0.4
    xdotool key ctrl+alt+s
    sleep 0.7
    SHOT=$(newest_shot)
    after=$(bytes)
    # The Ctrl and Alt of each Ctrl+Alt+S reach the guest (1D 38 ... 9D B8),
    # the S never does. The first screenshot is taken while Ctrl (and
    # maybe Alt) are down, the second likewise: strip the rest of the
    # first's "1D 38 9D B8" before the key and the second's "1D [38]" after
    # it; nothing else may be there.
    after=${after#"$before"}
    after="${after# } "
    for p in "1D 38 9D B8 " "38 9D B8 " "9D B8 " "B8 "; do
        if [[ "$after" == "$p"* ]]; then
            after=${after#"$p"}
            break
        fi
    done
    if [ -z "$want" ]; then
        rest=$after
    elif [[ "$after" == "$want "* ]]; then
        rest=${after#"$want "}
    else
        rest=x
    fi
    if [[ "$rest" =~ ^(|1D |1D\ 38\ )$ ]]; then
        pass "$name -> $want"
    else
        fail "$name" "guest got '$after', expected '$want' (then 1D 38 of the next Ctrl+Alt+S)"
    fi
}
# expect_keys NAME XDOTOOL-KEY SEQUENCE: press the key alone.
expect_keys() { expect_bytes "key $1" "$3" key "$2"; }
expect_keys A a "1E 9E"
expect_keys "Keypad Enter (E0)" KP_Enter "E0 1C E0 9C"
expect_keys "Print Screen" Print "E0 2A E0 37 E0 B7 E0 AA"
expect_keys Pause Pause "E1 1D 45 E1 9D C5"
# xdotool releases the modifier before the key.
expect_keys "Ctrl+Pause (Break)" ctrl+Pause "1D E0 46 E0 C6 9D"
expect_keys "Alt+Print Screen (SysRq)" alt+Print "38 54 B8 E0 B7 E0 AA"
expect_keys "Shift+Print Screen" shift+Print "2A E0 37 AA E0 B7 E0 AA"
expect_keys "Menu (Application)" Menu "E0 5D E0 DD"
expect_keys "left Windows" Super_L "E0 5B E0 DB"
expect_keys "keypad /" KP_Divide "E0 35 E0 B5"
# (KP_Home: xdotool would wrap KP_7 in Num Lock presses)
expect_keys "keypad 7" KP_Home "47 C7"
expect_keys "Up arrow" Up "E0 48 E0 C8"
expect_keys Delete Delete "E0 53 E0 D3"
expect_keys "Page Down" Next "E0 51 E0 D1"
expect_keys "Num Lock" Num_Lock "45 C5"
expect_keys "Caps Lock" Caps_Lock "3A BA"
expect_keys "Scroll Lock" Scroll_Lock "46 C6"
expect_keys Escape Escape "01 81"
expect_keys Backslash backslash "2B AB"
expect_keys F12 F12 "58 D8"
# Host shortcuts: Ctrl and Alt reach the guest, the shortcut's key does not
# (F11 not at all); Ctrl+Alt+Delete gives the guest Ctrl+Alt+Del.
expect_bytes "Ctrl+Alt+Delete" "1D 38 E0 53 E0 D3 9D B8" key ctrl+alt+Delete
expect_bytes "Ctrl+Alt+G (not grabbed)" "1D 38 9D B8" key ctrl+alt+g
expect_bytes "Ctrl+Alt+F twice (full screen on, off)" "1D 38 9D B8 1D 38 9D B8" \
    key ctrl+alt+f ctrl+alt+f
expect_bytes "F11 twice (full screen on, off)" "" key F11 F11

# Mouse (IntelliMouse: 4-byte packets, the 4th the wheel): the grabbing
# click is not passed on; then motion (PS/2 dy is up-positive), buttons,
# wheel up (towards the screen: dz -1) and down.
expect_bytes "grabbing click (not passed on)" "" mousemove --window "$WID" 300 300 click 1
expect_bytes "mouse motion +10,-5" "08 0A 05 00" mousemove_relative -- 10 -5
expect_bytes "left button" "09 00 00 00 08 00 00 00" click 1
expect_bytes "right button" "0A 00 00 00 08 00 00 00" click 3
expect_bytes "middle button" "0C 00 00 00 08 00 00 00" click 2
expect_bytes "wheel up" "08 00 00 FF" click 4
expect_bytes "wheel down" "08 00 00 01" click 5
xdotool key ctrl+alt+g

# Typematic: hold B for 1.5 s; the keyboard repeats its make code (default
# delay 500 ms, 10.9/s) and the host's auto-repeat is not added on top.
xdotool key ctrl+alt+s
sleep 0.7
SHOT=$(newest_shot)
before=$(bytes)
xdotool keydown b
sleep 1.5
xdotool keyup b
sleep 0.3
xdotool key ctrl+alt+s
sleep 0.7
SHOT=$(newest_shot)
after=$(bytes)
after=${after#"$before"}
makes=$(grep -o '30' <<<"$after" | wc -l)
if [[ "$after" == *"30 B0"* ]] && [ "$makes" -ge 8 ] && [ "$makes" -le 18 ]; then
    pass "typematic: B held 1.5 s gives $makes make codes, then the break"
else
    fail "typematic" "guest got '$after'"
fi

# geometry: the window's size "WxH".
geometry() { xdotool getwindowgeometry "$WID" | sed -n 's/^ *Geometry: //p'; }
g=$(geometry)
[ "$g" = 720x560 ] && pass "text mode window 720x540 + status line" ||
    fail "text mode window size" "$g, expected 720x560"

# Mode 13h: the window follows (640x400 dots at 4:3), pixels match.
xdotool key F10
sleep 2
xdotool key ctrl+alt+s
sleep 1
SHOT=$(newest_shot)
g=$(geometry)
xwd -id "$WID" -silent -out m13.xwd
if [ "$g" = 640x500 ] && python3 "$HERE/imgcmp.py" m13.xwd "$SHOT.png" --out m13.png >cmp.log 2>&1; then
    pass "mode 13h: window 640x480 + status line, pixels match: $(cat cmp.log)"
else
    fail "mode 13h" "window $g; $(tail -n 1 cmp.log)"
fi

# VBE 800x600x8: square pixels.
xdotool key F10
sleep 3
xdotool key ctrl+alt+s
sleep 1
SHOT=$(newest_shot)
g=$(geometry)
xwd -id "$WID" -silent -out vbe.xwd
if [ "$g" = 800x620 ] &&
   python3 "$HERE/imgcmp.py" --square vbe.xwd "$SHOT.png" --out vbe.png >cmp.log 2>&1; then
    pass "VBE 800x600: window 800x600 + status line, pixels match: $(cat cmp.log)"
else
    fail "VBE 800x600" "window $g; $(tail -n 1 cmp.log)"
fi

# Closing the window (WM_DELETE_WINDOW): status 0, files written.
./wmclose "$WID"
for _ in $(seq 20); do
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.5
done
kill -0 "$PID" 2>/dev/null && kill "$PID"
wait "$PID"
rc=$?
if [ "$rc" = 0 ] && [ -f dump.txt ] &&
   python3 "$HERE/imgcmp.py" --square vbe.xwd final.png >cmp.log 2>&1; then
    pass "closing the window exits 0 with --screen-dump and --screenshot written"
else
    fail "closing the window exits 0" "status $rc; $(tail -n 1 cmp.log)"
fi
exit 0
