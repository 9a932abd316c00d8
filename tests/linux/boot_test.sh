#!/usr/bin/env bash
# tests/linux/boot_test.sh - boot Debian's i386 686 kernel with a busybox
# initramfs on x86pc and talk to its shell over the serial port.
#
#   x86pc -m 256 -kernel vmlinuz -initrd initramfs.cpio.gz
#         -append "console=ttyS0 ..." -serial stdio -display none
#
# stdin of x86pc is a FIFO the test writes commands into; its stdout (the
# serial console) goes to a log the test reads. Checks, each a PASS/FAIL
# line:
#   boot       the shell prompt appears (time to prompt reported)
#   uname      `uname -m` is i686
#   cpuinfo    /proc/cpuinfo names the CPUID features x86pc implements
#   sha256     busybox sha256sum of /bin/busybox equals the host's
#   gzip       gzip -9 | gunzip of /bin/busybox gives the same sha256
#   awk        busybox awk arithmetic (x87 doubles) equals the host's (Python)
#   dmesg      no timer, clock, i8042, serial or RTC errors, no failed
#              crypto self-test (alg: ...) in the log
#   exit       x86pc-exit 42 (port 0xF4 via /dev/port) ends x86pc with 85
# A kernel panic, BUG or oops fails the run and prints the last 40 lines of
# the console. Ends with "N passed, N failed" (run_tests.sh folds it in).
# When the kernel cannot be fetched (no network, no i386 lists) it prints
# "SKIP: ..." and "0 passed, 0 failed" and exits 0; with CI=true that is a
# failure instead, since CI has Debian's mirror.
#
# Environment: X86PC (default ./x86pc), LINUX_BIOS (-bios FILE, default the
# built-in BIOS), LINUX_TIMEOUT (seconds to the prompt, default 900).
set -uo pipefail

cd "$(dirname "$0")/../.."
X86PC=${X86PC:-./x86pc}
TIMEOUT=${LINUX_TIMEOUT:-900}
CACHE=cache/linux
work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    exec 3>&- 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
pass() { echo "PASS: linux $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: linux $1"; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }

if ! paths=$(tests/linux/fetch.sh 2>"$work/fetch.log"); then
    if [ "${CI:-}" = true ]; then
        cat "$work/fetch.log"
        fail "fetch (the kernel and busybox must be fetchable in CI)"
        finish
    fi
    echo "SKIP: linux boot test: cannot fetch the i386 kernel/busybox ($(tail -n 1 "$work/fetch.log"))"
    finish
fi
eval "$paths"   # KERNEL=..., BUSYBOX=...
initrd=$CACHE/initramfs.cpio.gz
if [ ! -f "$initrd" ] || [ "$initrd" -ot "$BUSYBOX" ] ||
   [ "$initrd" -ot tests/linux/init.sh ] || [ "$initrd" -ot tests/linux/mkinitramfs.sh ] ||
   [ "$initrd" -ot tests/linux/awk.awk ]; then
    tests/linux/mkinitramfs.sh "$BUSYBOX" "$initrd" || { fail "initramfs build"; finish; }
fi

bios_args=()
[ -n "${LINUX_BIOS:-}" ] && bios_args=(-bios "$LINUX_BIOS")
log=$work/console.log
mkfifo "$work/in"
start=$(date +%s.%N)
"$X86PC" "${bios_args[@]}" -display none -m 256 -kernel "$KERNEL" -initrd "$initrd" \
    -append "console=ttyS0 loglevel=6" -serial stdio -debugcon none \
    --timeout $((TIMEOUT + 300)) < "$work/in" > "$log" 2> "$work/stderr" &
pid=$!
exec 3> "$work/in"

# Kernel trouble: panic, BUG, oops. Prints the last 40 console lines.
trouble() {
    if grep -qE 'Kernel panic|BUG:|Oops|general protection fault|invalid opcode:|Call Trace' "$log"; then
        echo "linux: the kernel reported a panic/BUG/oops; last 40 console lines:"
        tail -n 40 "$log" | sed 's/^/    /'
        return 0
    fi
    return 1
}

# wait_for TEXT SECONDS: until the console log contains TEXT (fixed string).
wait_for() {
    local end=$(( $(date +%s) + $2 ))
    while ! grep -qF -- "$1" "$log"; do
        if trouble || ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$end" ]; then
            return 1
        fi
        sleep 0.5
    done
}

# run CMD: type CMD into the shell; its output ends with a marker line.
# Sets $out to what CMD printed (the lines between the echo and the marker).
n=0
run() {
    n=$((n + 1))
    local mark="@@END$n@@"
    printf '%s; echo "@@END""%d@@"\n' "$1" "$n" >&3
    if ! wait_for "$mark" 300; then
        out=""
        return 1
    fi
    out=$(tr -d '\r' < "$log" | sed -n "/@@END\"\"$n@@/,/^$mark\$/p" | sed '1d;$d')
}

if ! wait_for "x86pc:~# " "$TIMEOUT"; then
    fail "boot (no shell prompt within ${TIMEOUT}s)"
    trouble >/dev/null || { echo "linux: last 40 console lines:"; tail -n 40 "$log" | sed 's/^/    /'; }
    sed 's/^/    stderr: /' "$work/stderr" | grep -v unclaimed | tail -n 5
    finish
fi
secs=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.1f", a - b }')
pass "boot (shell prompt after ${secs%.*} s)"
[ -n "${LINUX_PROMPT_FILE:-}" ] && echo "$secs" > "$LINUX_PROMPT_FILE"

run "uname -m"
if [ "$out" = i686 ]; then pass "uname (i686)"; else fail "uname: got '$out', want i686"; fi

run "grep -m1 '^flags' /proc/cpuinfo"
want="fpu de pse tsc msr cx8 sep pge cmov"
missing=""
for f in $want; do
    grep -qw "$f" <<<"$out" || missing="$missing $f"
done
if [ -n "$out" ] && [ -z "$missing" ]; then pass "cpuinfo (flags: ${out#*: })"
else fail "cpuinfo: missing$missing in '$out'"; fi

host_sum=$(sha256sum "$BUSYBOX" | cut -d' ' -f1)
run "busybox sha256sum /bin/busybox"
if [ "${out%% *}" = "$host_sum" ]; then pass "sha256 (busybox sha256sum /bin/busybox = host)"
else fail "sha256: guest '${out%% *}', host '$host_sum'"; fi

run "busybox gzip -9 -c /bin/busybox | busybox gunzip -c | busybox sha256sum"
if [ "${out%% *}" = "$host_sum" ]; then pass "gzip (gzip -9 | gunzip round trip of /bin/busybox = host sha256)"
else fail "gzip: round trip sha256 '${out%% *}', host '$host_sum'"; fi

want_awk=$(python3 -c '
import math
s = sum(i * i for i in range(1, 20001))
f = math.factorial(20)
x = 0.0
for i in range(1, 1001):
    x += 1 / (i * i)
r = 1.0
for _ in range(8):
    r = (r + 2 / r) / 2
def atn(x):
    s = 0.0
    t = x
    for k in range(1, 40, 2):
        s += t / k
        t = -t * x * x
    return s
pi = 4 * (4 * atn(1 / 5) - atn(1 / 239))
e = 0.0
t = 1.0
for i in range(1, 21):
    e += t
    t /= i
m = 0
for i in range(1, 10001):
    m = (m * 31 + i) % 1000003
print("AWK %.0f %.0f %.9f %.12f %.12f %.12f %d" % (s, f, x, r, pi, e, m))')
run "busybox awk -f /etc/x86pc/awk.awk"
if [ "$out" = "$want_awk" ]; then pass "awk ($out)"
else fail "awk: guest '$out', host '$want_awk'"; fi

# Timer, clock, keyboard controller, serial and RTC complaints.
run "dmesg"
bad=$(grep -iE 'alg: .*(fail|error)|i8042.*(fail|error|timeout|no controller)|(timer|clock|clocksource|tsc|pit|hpet|rtc|cmos).*(fail|error|bug|not working|unstable|broken|too)|serial.*(error|overrun)|ttyS0.*(error|overrun)|lost.*(tick|interrupt)' <<<"$out" |
      grep -viE 'fast tsc calibration failed' || true)
if [ -n "$out" ] && [ -z "$bad" ]; then pass "dmesg (no timer/clock/i8042/serial/RTC errors)"
else fail "dmesg:"; printf '%s\n' "$bad" | sed 's/^/    /'; fi

printf 'x86pc-exit 42\n' >&3
status=
for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid"; status=$?; pid=
        break
    fi
    sleep 0.5
done
if [ "$status" = 85 ]; then pass "exit (x86pc-exit 42 -> status 85)"
else fail "exit: x86pc status '${status:-still running}', want 85"; fi

trouble && fail "kernel panic/BUG/oops in the log"
finish
