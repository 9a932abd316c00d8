/*
 * test_rtc.c - MC146818A RTC and CMOS (devices/rtc146818.c) against the
 * datasheet: BCD/binary and 12/24-hour counting, the UIP window, periodic
 * rates, alarm with don't-care bytes, update-ended flag, register C
 * clearing and IRQ8, SET, divider reset, and the NVRAM layout + checksum.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/isa.h"
#include "../../devices/rtc146818.h"
#include "../../devices/state.h"
#include "../../devices/timeline.h"
#include "test_util.h"

#define S 1000000000ull

static uint64_t icount;
static struct timeline tl;
static struct isa_bus bus;
static int irq8;
static struct rtc r;

static void irq_set(void *opaque, int irq, int level)
{
    (void)opaque;
    if (irq == RTC_IRQ)
        irq8 = level;
}

static void run_to(uint64_t ns)
{
    timeline_run_to(&tl, &icount, ns);
}

static int setup(void **state)
{
    struct rtc_datetime t = { 2000, 1, 1, 0, 0, 0 };

    (void)state;
    icount = 0;
    irq8 = 0;
    timeline_init(&tl, &icount, 1);
    memset(&bus, 0, sizeof(bus));
    bus.irq_set = irq_set;
    assert_int_equal(rtc_init(&r, NULL, &bus, &tl, &t), 0);
    return 0;
}

static void test_power_on_bcd(void **state)
{
    (void)state;
    assert_int_equal(rtc_read(&r, RTC_REG_A), 0x26);
    assert_int_equal(rtc_read(&r, RTC_REG_B), 0x02);
    assert_int_equal(rtc_read(&r, RTC_REG_D), 0x80);
    assert_int_equal(rtc_read(&r, RTC_YEAR), 0x00);
    assert_int_equal(rtc_read(&r, CMOS_CENTURY), 0x20);
    assert_int_equal(rtc_read(&r, RTC_MONTH), 0x01);
    assert_int_equal(rtc_read(&r, RTC_DAY), 0x01);
    assert_int_equal(rtc_read(&r, RTC_DOW), 7);      /* 2000-01-01 was a Saturday */
    run_to(12 * S);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x12);   /* BCD */
    run_to(3600 * S + 12 * S);
    assert_int_equal(rtc_read(&r, RTC_HOUR), 0x01);
    assert_int_equal(rtc_read(&r, RTC_MIN), 0x00);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x12);
}

static void test_binary_rollover_century(void **state)
{
    struct rtc_datetime t = { 1999, 12, 31, 23, 59, 58 }, g;

    (void)state;
    rtc_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_DM);
    rtc_set_time(&r, &t);
    assert_int_equal(rtc_read(&r, RTC_YEAR), 99);
    assert_int_equal(rtc_read(&r, CMOS_CENTURY), 19);
    assert_int_equal(rtc_read(&r, RTC_DOW), 6);      /* Friday */
    run_to(2 * S);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0);
    assert_int_equal(rtc_read(&r, RTC_MIN), 0);
    assert_int_equal(rtc_read(&r, RTC_HOUR), 0);
    assert_int_equal(rtc_read(&r, RTC_DAY), 1);
    assert_int_equal(rtc_read(&r, RTC_MONTH), 1);
    assert_int_equal(rtc_read(&r, RTC_YEAR), 0);
    assert_int_equal(rtc_read(&r, CMOS_CENTURY), 20);
    assert_int_equal(rtc_read(&r, RTC_DOW), 7);
    rtc_get_time(&r, &g);
    assert_int_equal(g.year, 2000);
    /* leap day: 2000-02-28 23:59:59 -> 02-29 */
    t = (struct rtc_datetime){ 2000, 2, 28, 23, 59, 59 };
    rtc_set_time(&r, &t);
    run_to(3 * S);
    assert_int_equal(rtc_read(&r, RTC_DAY), 29);
    assert_int_equal(rtc_read(&r, RTC_MONTH), 2);
}

static void test_12_hour(void **state)
{
    (void)state;
    rtc_write(&r, RTC_REG_B, 0);             /* 12-hour, BCD */
    rtc_write(&r, RTC_HOUR, 0x11);           /* 11 AM */
    rtc_write(&r, RTC_MIN, 0x59);
    rtc_write(&r, RTC_SEC, 0x59);
    run_to(1 * S);
    assert_int_equal(rtc_read(&r, RTC_HOUR), 0x92);   /* 12 PM */
    rtc_write(&r, RTC_HOUR, 0x91);           /* 11 PM */
    rtc_write(&r, RTC_MIN, 0x59);
    rtc_write(&r, RTC_SEC, 0x59);
    run_to(2 * S);
    assert_int_equal(rtc_read(&r, RTC_HOUR), 0x12);   /* 12 AM */
    assert_int_equal(rtc_read(&r, RTC_DAY), 0x02);
    run_to(2 * S + 3600 * S);
    assert_int_equal(rtc_read(&r, RTC_HOUR), 0x01);   /* 1 AM */
}

static void test_uip_window(void **state)
{
    (void)state;
    run_to(S - RTC_UIP_NS - 1);
    assert_int_equal(rtc_read(&r, RTC_REG_A) & RTC_A_UIP, 0);
    run_to(S - RTC_UIP_NS);
    assert_int_equal(rtc_read(&r, RTC_REG_A) & RTC_A_UIP, RTC_A_UIP);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x00);    /* not yet updated */
    run_to(S);
    assert_int_equal(rtc_read(&r, RTC_REG_A) & RTC_A_UIP, 0);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x01);
    /* SET stops updates and UIP */
    rtc_write(&r, RTC_REG_B, RTC_B_SET | RTC_B_24H | RTC_B_UIE);
    assert_int_equal(rtc_read(&r, RTC_REG_B), RTC_B_SET | RTC_B_24H);   /* SET clears UIE */
    run_to(3 * S - 100);
    assert_int_equal(rtc_read(&r, RTC_REG_A) & RTC_A_UIP, 0);
    run_to(3 * S);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x01);
    rtc_write(&r, RTC_REG_B, RTC_B_24H);
    run_to(4 * S);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x02);
}

/* Count PF flags seen by an "interrupt handler" reading C when IRQ8 rises,
 * sampled every `step` ns over [from, to] (inclusive). */
static unsigned count_pf(uint64_t from, uint64_t to, uint64_t step)
{
    unsigned n = 0;

    for (uint64_t t = from; t <= to; t += step) {
        run_to(t);
        if (irq8 && (rtc_read(&r, RTC_REG_C) & RTC_C_PF))
            n++;
    }
    return n;
}

static void test_periodic_rates(void **state)
{
    (void)state;
    rtc_read(&r, RTC_REG_C);
    rtc_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_PIE);
    assert_int_equal(count_pf(1, S + 1, 50000), 1024);        /* RS=6: 1024 Hz */
    rtc_write(&r, RTC_REG_A, 0x2F);                           /* RS=15: 2 Hz */
    rtc_read(&r, RTC_REG_C);
    assert_int_equal(count_pf(S + 1, 3 * S + 1, 1000000), 4);
    rtc_write(&r, RTC_REG_A, 0x23);                           /* RS=3: 8192 Hz */
    rtc_read(&r, RTC_REG_C);
    assert_int_equal(count_pf(3 * S + 1, 3 * S + S / 8 + 1, 10000), 1024);
    rtc_write(&r, RTC_REG_A, 0x21);                           /* RS=1: 256 Hz */
    rtc_read(&r, RTC_REG_C);
    assert_int_equal(count_pf(3 * S + S / 8 + 1, 4 * S + S / 8 + 1, 100000), 256);
    /* PF is set without PIE too, but no IRQ */
    rtc_write(&r, RTC_REG_B, RTC_B_24H);
    rtc_read(&r, RTC_REG_C);
    run_to(5 * S + S / 10);
    assert_int_equal(irq8, 0);
    assert_int_equal(rtc_read(&r, RTC_REG_C) & (RTC_C_PF | RTC_C_IRQF), RTC_C_PF);
    /* RS=0: none */
    rtc_write(&r, RTC_REG_A, 0x20);
    rtc_read(&r, RTC_REG_C);
    run_to(5 * S + S / 5);
    assert_int_equal(rtc_read(&r, RTC_REG_C) & RTC_C_PF, 0);
}

static void test_alarm_and_c_clearing(void **state)
{
    uint8_t c;

    (void)state;
    rtc_write(&r, RTC_SEC_ALARM, 0x05);
    rtc_write(&r, RTC_MIN_ALARM, 0xC0);      /* don't care */
    rtc_write(&r, RTC_HOUR_ALARM, 0xFF);     /* don't care */
    rtc_write(&r, RTC_REG_A, 0x20);          /* no periodic flags */
    rtc_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_AIE);
    run_to(4 * S);
    assert_int_equal(irq8, 0);
    c = rtc_read(&r, RTC_REG_C);
    assert_int_equal(c, RTC_C_UF);           /* update-ended without UIE: no IRQF */
    run_to(5 * S);
    assert_int_equal(irq8, 1);
    c = rtc_read(&r, RTC_REG_C);
    assert_int_equal(c, RTC_C_IRQF | RTC_C_AF | RTC_C_UF);
    assert_int_equal(irq8, 0);
    assert_int_equal(rtc_read(&r, RTC_REG_C), 0);
    /* the next minute matches again (minutes and hours don't care) */
    run_to(64 * S);
    assert_int_equal(irq8, 0);
    run_to(65 * S);
    assert_int_equal(irq8, 1);
    /* IRQ8 stays high until C is read */
    run_to(67 * S);
    assert_int_equal(irq8, 1);
    assert_int_equal(rtc_read(&r, RTC_REG_C) & RTC_C_AF, RTC_C_AF);
    assert_int_equal(irq8, 0);
    /* update-ended interrupt */
    rtc_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_UIE);
    run_to(68 * S);
    assert_int_equal(irq8, 1);
    assert_int_equal(rtc_read(&r, RTC_REG_C), RTC_C_IRQF | RTC_C_UF);
}

static void test_divider_reset(void **state)
{
    (void)state;
    run_to(S / 4);
    rtc_write(&r, RTC_REG_A, 0x76);          /* divider chain in reset */
    run_to(10 * S);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x00);
    assert_int_equal(rtc_read(&r, RTC_REG_A) & RTC_A_UIP, 0);
    rtc_write(&r, RTC_REG_A, 0x26);          /* first update 500 ms later */
    run_to(10 * S + S / 2 - 1);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x00);
    run_to(10 * S + S / 2);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x01);
    run_to(11 * S + S / 2);
    assert_int_equal(rtc_read(&r, RTC_SEC), 0x02);
}

static void test_cmos_layout_checksum(void **state)
{
    struct rtc_cmos_config c = {
        .ram_bytes = 32ull << 20,
        .floppy_type = { CMOS_FLOPPY_1440K, CMOS_FLOPPY_NONE },
        .disk_present = { true, false },
        .boot_order = "cad",
        .fpu = true,
        .cpus = 1,
    };
    unsigned sum = 0;

    (void)state;
    assert_int_equal(rtc_cmos_setup(&r, &c), 0);
    assert_int_equal(rtc_read(&r, CMOS_FLOPPY), 0x40);
    assert_int_equal(rtc_read(&r, CMOS_DISK), 0xF0);
    assert_int_equal(rtc_read(&r, CMOS_EQUIPMENT), 0x07);
    assert_int_equal(rtc_read(&r, CMOS_BASEMEM_LO) | rtc_read(&r, CMOS_BASEMEM_HI) << 8, 640);
    assert_int_equal(rtc_read(&r, CMOS_EXTMEM_LO) | rtc_read(&r, CMOS_EXTMEM_HI) << 8, 31744);
    assert_int_equal(rtc_read(&r, CMOS_EXTMEM2_LO) | rtc_read(&r, CMOS_EXTMEM2_HI) << 8, 31744);
    assert_int_equal(rtc_read(&r, CMOS_MEM16M_LO) | rtc_read(&r, CMOS_MEM16M_HI) << 8, 256);
    assert_int_equal(rtc_read(&r, CMOS_MEM4G_LO) | rtc_read(&r, CMOS_MEM4G_MID) |
                     rtc_read(&r, CMOS_MEM4G_HI), 0);
    assert_int_equal(rtc_read(&r, CMOS_CPU_COUNT), 0);
    assert_int_equal(rtc_read(&r, CMOS_BOOTFLAG2), 0x12);       /* c then a */
    assert_int_equal(rtc_read(&r, CMOS_BOOTFLAG1) >> 4, 3);     /* then d */
    for (unsigned i = 0x10; i <= 0x2D; i++)
        sum += rtc_read(&r, i);
    assert_int_equal(rtc_read(&r, CMOS_CHECKSUM_HI) << 8 | rtc_read(&r, CMOS_CHECKSUM_LO), sum);
    /* large memory: 0x17/0x18 capped at 0xFFFF KiB */
    c.ram_bytes = 3584ull << 20;
    c.floppy_type[1] = CMOS_FLOPPY_360K;
    c.boot_order = "d";
    assert_int_equal(rtc_cmos_setup(&r, &c), 0);
    assert_int_equal(rtc_read(&r, CMOS_EXTMEM_LO) | rtc_read(&r, CMOS_EXTMEM_HI) << 8, 0xFFFF);
    assert_int_equal(rtc_read(&r, CMOS_MEM16M_LO) | rtc_read(&r, CMOS_MEM16M_HI) << 8,
                     (3584 - 16) * 16);
    assert_int_equal(rtc_read(&r, CMOS_FLOPPY), 0x41);
    assert_int_equal(rtc_read(&r, CMOS_EQUIPMENT), 0x47);
    assert_int_equal(rtc_read(&r, CMOS_BOOTFLAG2), 0x03);
    c.boot_order = "x";
    assert_int_equal(rtc_cmos_setup(&r, &c), -1);
}

static void test_parse_and_save(void **state)
{
    struct rtc_datetime t;
    struct state_writer w;
    struct rtc r2;

    (void)state;
    assert_int_equal(rtc_parse_datetime("2024-02-29T13:45:07", &t), 0);
    assert_int_equal(t.year, 2024);
    assert_int_equal(t.hour, 13);
    assert_int_equal(t.sec, 7);
    assert_int_equal(rtc_parse_datetime("2023-02-29", &t), -1);
    assert_int_equal(rtc_parse_datetime("2024-13-01", &t), -1);
    assert_int_equal(rtc_parse_datetime("2024-01-01T24:00:00", &t), -1);
    assert_int_equal(rtc_parse_datetime("2024-01-01", &t), 0);
    rtc_write(&r, 0x40, 0xA5);
    run_to(3 * S);
    state_writer_init(&w);
    assert_int_equal(rtc_save(&r, &w, "rtc"), 0);
    t = (struct rtc_datetime){ 2010, 5, 5, 5, 5, 5 };
    assert_int_equal(rtc_init(&r2, NULL, NULL, &tl, &t), 0);
    assert_int_equal(rtc_load(&r2, w.buf, w.len, "rtc"), 0);
    assert_int_equal(rtc_read(&r2, 0x40), 0xA5);
    assert_int_equal(rtc_read(&r2, RTC_SEC), 0x03);
    assert_int_equal(rtc_read(&r2, CMOS_CENTURY), 0x20);
    state_writer_free(&w);
}

/* Deterministic random register traffic and time jumps: never crashes,
 * IRQ8 always equals register C's IRQF, and after any sequence the clock
 * still counts once per second in BCD 24-hour mode. */
static void test_random_robustness(void **state)
{
    uint32_t x = 4242;
    struct rtc_datetime t = { 2030, 6, 15, 10, 20, 30 }, g;

    (void)state;
    for (int i = 0; i < 200000; i++) {
        x = x * 1103515245u + 12345u;
        uint8_t v = (uint8_t)(x >> 16);
        unsigned idx = (x >> 8) & 0x7F;
        switch ((x >> 24) % 5) {
        case 0: rtc_write(&r, idx < 0x0E ? idx : (x & 1 ? RTC_REG_A : RTC_REG_B), v); break;
        case 1: rtc_read(&r, idx); break;
        case 2: run_to(icount + x % 20000000); break;
        case 3: rtc_read(&r, RTC_REG_C); break;
        default: if (v == 0) rtc_reset(&r); break;
        }
        assert_int_equal(irq8, !!(r.s.cmos[RTC_REG_C] & RTC_C_IRQF));
    }
    rtc_write(&r, RTC_REG_A, 0x26);
    rtc_write(&r, RTC_REG_B, RTC_B_24H);
    rtc_set_time(&r, &t);
    uint64_t base = r.s.next_update;
    run_to(base + 2 * S);
    rtc_get_time(&r, &g);
    assert_int_equal(g.sec, 33);
    assert_int_equal(g.min, 20);
    assert_int_equal(g.year, 2030);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_power_on_bcd, setup),
        cmocka_unit_test_setup(test_binary_rollover_century, setup),
        cmocka_unit_test_setup(test_12_hour, setup),
        cmocka_unit_test_setup(test_uip_window, setup),
        cmocka_unit_test_setup(test_periodic_rates, setup),
        cmocka_unit_test_setup(test_alarm_and_c_clearing, setup),
        cmocka_unit_test_setup(test_divider_reset, setup),
        cmocka_unit_test_setup(test_cmos_layout_checksum, setup),
        cmocka_unit_test_setup(test_parse_and_save, setup),
        cmocka_unit_test_setup(test_random_robustness, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
