# Userland workload for tests/linux/boot_test.sh (busybox awk; doubles on
# the x87 FPU under an i386 build). The host computes the same values.
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
    printf "AWK %.0f %.0f %.9f %.9f %.9f %.6f\n", s, f, x, sqrt(2) * exp(1), atan2(1, 1) * 4, log(10) + sin(1) + cos(1)
}
