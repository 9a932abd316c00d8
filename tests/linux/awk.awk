# Userland workload for tests/linux/boot_test.sh: busybox awk arithmetic,
# doubles on the x87 FPU under Debian's i386 build (its awk has no libm
# functions, so only + - * / % and printf). The host computes the same
# values in Python.
function atn(x,    s, t, k) {       # arctangent series
    s = 0
    t = x
    for (k = 1; k < 40; k += 2) {
        s += t / k
        t = -t * x * x
    }
    return s
}
BEGIN {
    s = 0
    for (i = 1; i <= 20000; i++)
        s += i * i
    f = 1
    for (i = 1; i <= 20; i++)
        f *= i
    x = 0
    for (i = 1; i <= 1000; i++)
        x += 1 / (i * i)
    r = 1                           # sqrt(2), Newton's method
    for (i = 0; i < 8; i++)
        r = (r + 2 / r) / 2
    pi = 4 * (4 * atn(1 / 5) - atn(1 / 239))    # Machin's formula
    e = 0                           # e = sum of 1/k!
    t = 1
    for (i = 1; i <= 20; i++) {
        e += t
        t /= i
    }
    m = 0
    for (i = 1; i <= 10000; i++)
        m = (m * 31 + i) % 1000003
    printf "AWK %.0f %.0f %.9f %.12f %.12f %.12f %d\n", s, f, x, r, pi, e, m
}
