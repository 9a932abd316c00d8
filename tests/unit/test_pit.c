/*
 * test_pit.c - unit tests of the 8254 (devices/pit8254.c) against the
 * datasheet's mode figures: counts and OUT per clock in modes 0-5, BCD,
 * access modes, counter latch, read-back (status and count), null count,
 * gates, new counts in modes 2/3, IRQ0 edges from the counter 0 timer,
 * and the state record. Time is driven through a timeline at 1 ns per
 * "instruction", so tick t is at pit8254_tick_to_ns(t).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../devices/isa.h"
#include "../../devices/pit8254.h"
#include "../../devices/port61.h"
#include "../../devices/state.h"

static uint64_t icount;
static struct timeline tl;
static struct isa_bus bus;
static int irq0_level, irq0_rises;

static void irq_set(void *opaque, int irq, int level)
{
    (void)opaque;
    if (irq != 0)
        return;
    if (level && !irq0_level)
        irq0_rises++;
    irq0_level = level;
}

static void setup(struct pit8254 *p)
{
    icount = 0;
    timeline_init(&tl, &icount, 1);
    memset(&bus, 0, sizeof(bus));
    bus.irq_set = irq_set;
    irq0_level = 0;
    irq0_rises = 0;
    assert_int_equal(pit8254_init(p, NULL, &bus, &tl), 0);
}

/* Move to input-clock tick t. */
static void at(uint64_t t)
{
    icount = pit8254_tick_to_ns(t);
}

static void wr(struct pit8254 *p, uint16_t port, uint8_t v)
{
    pit8254_port_write(p, port, v, 1);
}

static uint8_t rd(struct pit8254 *p, uint16_t port)
{
    return (uint8_t)pit8254_port_read(p, port, 1);
}

/* Latch and read a 16-bit count (LSB-then-MSB counters). */
static uint16_t latched(struct pit8254 *p, int ch)
{
    wr(p, 0x43, (uint8_t)(ch << 6));
    uint8_t lo = rd(p, (uint16_t)(0x40 + ch));
    return (uint16_t)(lo | rd(p, (uint16_t)(0x40 + ch)) << 8);
}

static void test_tick_conversion(void **state)
{
    (void)state;
    for (uint64_t t = 0; t < 5000; t += 7)
        assert_int_equal(pit8254_ns_to_tick(pit8254_tick_to_ns(t)), t);
    assert_int_equal(pit8254_ns_to_tick(1000000000u), PIT_HZ);
}

static void test_mode0(void **state)
{
    struct pit8254 p;

    (void)state;
    setup(&p);
    at(100);
    wr(&p, 0x43, 0x30);                     /* ch0, LSB then MSB, mode 0 */
    assert_false(pit8254_out(&p, 0));
    wr(&p, 0x40, 10);
    wr(&p, 0x40, 0);
    /* Loaded at tick 101, OUT high N+1 = 11 clocks after the write. */
    at(105);
    assert_int_equal(latched(&p, 0), 6);
    at(110);
    assert_false(pit8254_out(&p, 0));
    assert_int_equal(latched(&p, 0), 1);
    /* The counter 0 timer is armed at the exact edge. */
    assert_int_equal(tl.next, pit8254_tick_to_ns(111));
    at(111);
    timeline_run_due(&tl);
    assert_true(pit8254_out(&p, 0));
    assert_int_equal(irq0_level, 1);
    assert_int_equal(latched(&p, 0), 0);
    at(113);
    assert_int_equal(latched(&p, 0), 0xFFFE);       /* keeps counting */
    assert_true(pit8254_out(&p, 0));
    /* Mode 0: writing the first byte of a new count stops counting and
     * drops OUT; the second byte restarts. */
    wr(&p, 0x40, 5);
    assert_false(pit8254_out(&p, 0));
    at(120);
    wr(&p, 0x40, 0);
    at(126);
    assert_true(pit8254_out(&p, 0));
    assert_int_equal(irq0_rises, 1);
    timeline_run_due(&tl);
    assert_int_equal(irq0_rises, 2);
}

static void test_mode2_rate(void **state)
{
    struct pit8254 p;
    static const uint8_t out_expect[] = { 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0 };
    static const uint16_t ce_expect[] = { 4, 3, 2, 1, 4, 3, 2, 1, 4, 3, 2, 1 };

    (void)state;
    setup(&p);
    wr(&p, 0x43, 0x74);                     /* ch1, LSB/MSB, mode 2 */
    assert_true(pit8254_out(&p, 1));
    wr(&p, 0x41, 4);
    wr(&p, 0x41, 0);                        /* loaded at tick 1 */
    for (unsigned k = 0; k < 12; k++) {
        at(1 + k);
        assert_int_equal(pit8254_out(&p, 1), out_expect[k]);
        assert_int_equal(latched(&p, 1), ce_expect[k]);
    }
    /* A new count takes effect at the end of the present period. */
    at(14);                                  /* CE 3 */
    wr(&p, 0x41, 10);
    wr(&p, 0x41, 0);
    at(15);
    assert_int_equal(latched(&p, 1), 2);
    at(16);
    assert_false(pit8254_out(&p, 1));
    at(17);
    assert_int_equal(latched(&p, 1), 10);
    at(25);
    assert_true(pit8254_out(&p, 1));
    at(26);
    assert_false(pit8254_out(&p, 1));
    at(27);
    assert_int_equal(latched(&p, 1), 10);
}

static void test_mode3_square(void **state)
{
    struct pit8254 p;
    /* Even count 6: high 3, low 3; counts 6, 4, 2. */
    static const uint8_t out6[] = { 1, 1, 1, 0, 0, 0, 1, 1, 1, 0 };
    static const uint16_t ce6[] = { 6, 4, 2, 6, 4, 2, 6, 4, 2, 6 };
    /* Odd count 5: high 3, low 2; counts 4, 2, 0 / 4, 2. */
    static const uint8_t out5[] = { 1, 1, 1, 0, 0, 1, 1, 1, 0, 0 };
    static const uint16_t ce5[] = { 4, 2, 0, 4, 2, 4, 2, 0, 4, 2 };

    (void)state;
    setup(&p);
    wr(&p, 0x43, 0x76);                     /* ch1 mode 3 */
    wr(&p, 0x41, 6);
    wr(&p, 0x41, 0);
    for (unsigned k = 0; k < 10; k++) {
        at(1 + k);
        assert_int_equal(pit8254_out(&p, 1), out6[k]);
        assert_int_equal(latched(&p, 1), ce6[k]);
    }
    setup(&p);
    wr(&p, 0x43, 0x76);
    wr(&p, 0x41, 5);
    wr(&p, 0x41, 0);
    for (unsigned k = 0; k < 10; k++) {
        at(1 + k);
        assert_int_equal(pit8254_out(&p, 1), out5[k]);
        assert_int_equal(latched(&p, 1), ce5[k]);
    }
}

static void test_irq0_periodic(void **state)
{
    struct pit8254 p;

    (void)state;
    setup(&p);
    wr(&p, 0x43, 0x34);                     /* ch0 mode 2, count 100 */
    wr(&p, 0x40, 100);
    wr(&p, 0x40, 0);
    /* The control word itself raised OUT (mode 2 starts high). */
    assert_int_equal(irq0_rises, 1);
    irq0_rises = 0;
    /* Follow the timer like the run loop: jump to each deadline. */
    for (int k = 0; k < 40 && tl.next != TIMELINE_NEVER; k++) {
        icount = tl.next;
        timeline_run_due(&tl);
    }
    /* 40 events: 20 falls and 20 rises of OUT (one clock low each). */
    assert_int_equal(irq0_rises, 20);
    assert_int_equal(pit8254_ns_to_tick(timeline_now(&tl)), 1 + 20 * 100);
    /* Mode 3 at the BIOS rate (count 0 = 65536): one rise per period. */
    setup(&p);
    wr(&p, 0x43, 0x36);
    wr(&p, 0x40, 0);
    wr(&p, 0x40, 0);
    icount = pit8254_tick_to_ns(1 + 65536 * 5 + 1);
    timeline_run_due(&tl);                  /* late: catch up edge by edge */
    while (tl.next <= icount)
        timeline_run_due(&tl);
    assert_true(irq0_rises >= 1);
    irq0_rises = 0;
    for (int k = 0; k < 20; k++) {
        icount = tl.next;
        timeline_run_due(&tl);
    }
    assert_int_equal(irq0_rises, 10);
}

static void test_access_modes_and_bcd(void **state)
{
    struct pit8254 p;

    (void)state;
    setup(&p);
    /* LSB only, mode 0. */
    wr(&p, 0x43, 0x90);                     /* ch2, LSB, mode 0, binary */
    pit8254_set_gate(&p, 2, true);
    wr(&p, 0x42, 0x40);
    at(11);                                  /* loaded at 1, 10 counted */
    assert_int_equal(rd(&p, 0x42), 0x36);
    assert_int_equal(rd(&p, 0x42), 0x36);   /* LSB mode: no flip-flop */
    /* MSB only. */
    wr(&p, 0x43, 0xA0);
    wr(&p, 0x42, 0x02);                     /* 0x0200 */
    at(11 + 1 + 0x10);
    assert_int_equal(rd(&p, 0x42), 0x01);   /* 0x01F0 */
    /* BCD mode 0: count 0100 (decimal 100). */
    wr(&p, 0x43, 0xB1);
    wr(&p, 0x42, 0x00);
    wr(&p, 0x42, 0x01);
    at(11 + 1 + 0x10 + 1 + 1);
    assert_int_equal(latched(&p, 2), 0x0099);
    at(11 + 1 + 0x10 + 1 + 1 + 98);
    assert_int_equal(latched(&p, 2), 0x0001);
    at(11 + 1 + 0x10 + 1 + 1 + 100);
    assert_int_equal(latched(&p, 2), 0x9999); /* wraps in BCD */
    assert_true(pit8254_out(&p, 2));
    /* BCD count 0 is 10000. */
    at(1000);
    wr(&p, 0x43, 0xB1);
    wr(&p, 0x42, 0x00);
    wr(&p, 0x42, 0x00);                     /* loads at 1001 */
    at(1000 + 2);
    assert_int_equal(latched(&p, 2), 0x9999);
}

static void test_latch_and_readback(void **state)
{
    struct pit8254 p;

    (void)state;
    setup(&p);
    wr(&p, 0x43, 0x34);                     /* ch0 mode 2 */
    /* Status after the control word: OUT high, null count, RW=3, mode 2. */
    wr(&p, 0x43, 0xE2);                     /* read-back status of ch0 */
    assert_int_equal(rd(&p, 0x40), 0x80 | 0x40 | 0x34);
    wr(&p, 0x40, 0x00);
    wr(&p, 0x40, 0x10);                     /* 0x1000 */
    wr(&p, 0x43, 0xE2);
    assert_int_equal(rd(&p, 0x40), 0x80 | 0x40 | 0x34); /* not loaded yet */
    at(1);
    wr(&p, 0x43, 0xE2);
    assert_int_equal(rd(&p, 0x40), 0x80 | 0x34);        /* null count cleared */
    /* Counter latch holds the value while time moves; a second latch
     * before reading is ignored. */
    at(0x11);
    wr(&p, 0x43, 0x00);
    at(0x51);
    wr(&p, 0x43, 0x00);
    assert_int_equal(rd(&p, 0x40), 0xF0);
    at(0x61);
    assert_int_equal(rd(&p, 0x40), 0x0F);   /* 0x0FF0 */
    /* Unlatched reads follow the counter. */
    assert_int_equal(rd(&p, 0x40), 0xA0);   /* 0x1000 - 0x60 = 0x0FA0 */
    assert_int_equal(rd(&p, 0x40), 0x0F);
    /* Read-back of count and status together: status first. */
    at(0x71);
    wr(&p, 0x43, 0xC2);
    at(0x81);
    assert_int_equal(rd(&p, 0x40), 0x80 | 0x34);
    assert_int_equal(rd(&p, 0x40), 0x90);   /* 0x0F90 at tick 0x71 */
    assert_int_equal(rd(&p, 0x40), 0x0F);
    /* Read-back of several counters at once. */
    wr(&p, 0x43, 0x76);                     /* ch1 mode 3 */
    wr(&p, 0x43, 0xB6);                     /* ch2 mode 3 */
    wr(&p, 0x43, 0xEE);                     /* status of ch0-2 */
    assert_int_equal(rd(&p, 0x40) & 0x3F, 0x34);
    assert_int_equal(rd(&p, 0x41) & 0x3F, 0x36);
    assert_int_equal(rd(&p, 0x42) & 0x3F, 0x36);
}

static void test_gates(void **state)
{
    struct pit8254 p;

    (void)state;
    setup(&p);
    /* Mode 1 on counter 2: waits for a trigger, OUT low for N clocks. */
    wr(&p, 0x43, 0xB2);
    wr(&p, 0x42, 5);
    wr(&p, 0x42, 0);
    at(50);
    assert_true(pit8254_out(&p, 2));
    pit8254_set_gate(&p, 2, true);          /* trigger at 50, loads at 51 */
    at(51);
    assert_false(pit8254_out(&p, 2));
    assert_int_equal(latched(&p, 2), 5);
    at(55);
    assert_false(pit8254_out(&p, 2));
    at(56);
    assert_true(pit8254_out(&p, 2));
    /* Retrigger during the pulse restarts it. */
    pit8254_set_gate(&p, 2, false);
    at(60);
    pit8254_set_gate(&p, 2, true);
    at(63);
    pit8254_set_gate(&p, 2, false);
    pit8254_set_gate(&p, 2, true);          /* retrigger at 63 */
    at(67);
    assert_false(pit8254_out(&p, 2));
    at(69);
    assert_true(pit8254_out(&p, 2));

    /* Mode 3 with GATE low: OUT high, counting held; a rising edge
     * restarts the count. */
    pit8254_set_gate(&p, 2, false);
    wr(&p, 0x43, 0xB6);
    wr(&p, 0x42, 8);
    wr(&p, 0x42, 0);
    at(100);
    assert_true(pit8254_out(&p, 2));
    pit8254_set_gate(&p, 2, true);          /* loads at 101 */
    at(105);
    assert_false(pit8254_out(&p, 2));
    pit8254_set_gate(&p, 2, false);
    assert_true(pit8254_out(&p, 2));
    at(200);
    assert_true(pit8254_out(&p, 2));
    pit8254_set_gate(&p, 2, true);
    at(201);
    assert_int_equal(latched(&p, 2), 8);

    /* Mode 0: GATE low suspends counting. */
    wr(&p, 0x43, 0xB0);
    wr(&p, 0x42, 10);
    wr(&p, 0x42, 0);                        /* loads at 202 */
    at(205);
    pit8254_set_gate(&p, 2, false);
    at(300);
    assert_int_equal(latched(&p, 2), 7);
    pit8254_set_gate(&p, 2, true);
    at(306);
    assert_false(pit8254_out(&p, 2));
    at(307);
    assert_true(pit8254_out(&p, 2));
}

static void test_strobes(void **state)
{
    struct pit8254 p;

    (void)state;
    setup(&p);
    /* Mode 4: OUT low for the one clock at count 0. */
    wr(&p, 0x43, 0x78);                     /* ch1 mode 4 */
    wr(&p, 0x41, 3);
    wr(&p, 0x41, 0);                        /* loads at 1 */
    at(3);
    assert_true(pit8254_out(&p, 1));
    at(4);
    assert_false(pit8254_out(&p, 1));
    at(5);
    assert_true(pit8254_out(&p, 1));
    /* Mode 5 on counter 2: the same after a GATE trigger. */
    wr(&p, 0x43, 0xBA);
    wr(&p, 0x42, 3);
    wr(&p, 0x42, 0);
    at(10);
    pit8254_set_gate(&p, 2, true);          /* loads at 11 */
    at(13);
    assert_true(pit8254_out(&p, 2));
    at(14);
    assert_false(pit8254_out(&p, 2));
    at(15);
    assert_true(pit8254_out(&p, 2));
}

static void test_state_record(void **state)
{
    struct pit8254 p;
    struct state_writer w;
    struct pit8254_state saved;

    (void)state;
    setup(&p);
    wr(&p, 0x43, 0x34);
    wr(&p, 0x40, 0x00);
    wr(&p, 0x40, 0x01);
    wr(&p, 0x43, 0xB6);
    wr(&p, 0x42, 0x33);
    at(77);
    wr(&p, 0x43, 0x00);                     /* ch0 latched */
    state_writer_init(&w);
    pit8254_save(&p, &w);
    assert_false(w.error);
    saved = p.s;
    wr(&p, 0x43, 0x30);                     /* change things */
    wr(&p, 0x40, 0x01);
    assert_int_equal(pit8254_load(&p, w.buf, w.len), 0);
    assert_memory_equal(&p.s, &saved, sizeof(saved));
    assert_int_equal(tl.next, pit8254_tick_to_ns(256));
    assert_int_equal(latched(&p, 0), 0x0100 - 76);
    assert_int_equal(pit8254_load(&p, w.buf, 10), -1);
    state_writer_free(&w);
}

static void gate2(void *opaque, bool level)
{
    pit8254_set_gate(opaque, 2, level);
}

static bool out2(void *opaque)
{
    return pit8254_out(opaque, 2);
}

/* Port 0x61: bit 4 flips every 15.085 us of virtual time, bit 0 gates
 * counter 2, bit 5 is counter 2's OUT, bits 3-0 read back. */
static void test_port61(void **state)
{
    struct pit8254 p;
    struct port61 q;

    (void)state;
    setup(&p);
    assert_int_equal(port61_init(&q, NULL, &tl, gate2, out2, &p), 0);
    icount = 0;
    assert_int_equal(port61_read(&q, 0x61, 1) & 0x10, 0);
    icount = PORT61_REFRESH_NS;
    assert_int_equal(port61_read(&q, 0x61, 1) & 0x10, 0x10);
    icount = 2 * PORT61_REFRESH_NS - 1;
    assert_int_equal(port61_read(&q, 0x61, 1) & 0x10, 0x10);
    icount = 2 * PORT61_REFRESH_NS;
    assert_int_equal(port61_read(&q, 0x61, 1) & 0x10, 0);
    /* Counter 2 in mode 0: OUT2 low until terminal count, counted only
     * with the gate (bit 0) set. */
    at(100);
    wr(&p, 0x43, 0xB0);
    wr(&p, 0x42, 10);
    wr(&p, 0x42, 0);
    at(200);
    assert_int_equal(port61_read(&q, 0x61, 1) & 0x2F, 0x00);
    port61_write(&q, 0x61, 0xF3, 1);       /* gate on, speaker on */
    assert_int_equal(port61_read(&q, 0x61, 1) & 0x2F, 0x03);
    assert_false(port61_speaker_on(&q));
    at(210);
    assert_int_equal(port61_read(&q, 0x61, 1) & 0x2F, 0x23);
    assert_true(port61_speaker_on(&q));
    port61_reset(&q);
    assert_int_equal(port61_read(&q, 0x61, 1) & 0x0F, 0x00);
    assert_false(p.s.ch[2].gate);
}

/* Random port writes, reads, gate changes and time steps: never a crash,
 * and the counter 0 timer is always in the future or disarmed. */
static void test_random_robust(void **state)
{
    struct pit8254 p;
    uint32_t x = 12345;
    uint64_t t = 0;

    (void)state;
    setup(&p);
    for (int k = 0; k < 300000; k++) {
        x = x * 1103515245u + 12345u;
        uint32_t r = x >> 8;
        switch (r % 6) {
        case 0:
            wr(&p, (uint16_t)(0x40 + (r >> 3) % 4), (uint8_t)(r >> 5));
            break;
        case 1:
            (void)rd(&p, (uint16_t)(0x40 + (r >> 3) % 3));
            break;
        case 2:
            pit8254_set_gate(&p, (int)((r >> 3) % 3), (r >> 6) & 1);
            break;
        case 3:
            t += (r >> 4) % 70000;
            at(t);
            timeline_run_due(&tl);
            break;
        default:
            (void)pit8254_out(&p, (int)((r >> 3) % 3));
            break;
        }
        assert_true(tl.next == TIMELINE_NEVER || tl.next > timeline_now(&tl) ||
                    r % 6 != 3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tick_conversion),
        cmocka_unit_test(test_mode0),
        cmocka_unit_test(test_mode2_rate),
        cmocka_unit_test(test_mode3_square),
        cmocka_unit_test(test_irq0_periodic),
        cmocka_unit_test(test_access_modes_and_bcd),
        cmocka_unit_test(test_latch_and_readback),
        cmocka_unit_test(test_gates),
        cmocka_unit_test(test_strobes),
        cmocka_unit_test(test_state_record),
        cmocka_unit_test(test_port61),
        cmocka_unit_test(test_random_robust),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
