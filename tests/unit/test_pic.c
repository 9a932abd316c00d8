/*
 * test_pic.c - unit tests of the 8259A pair (devices/pic8259.c): what a
 * guest notices: priority and nesting, EOI forms, rotation, masks, IRR/ISR
 * reads, poll, spurious IR7/IR15, cascade, edge vs level (ELCR), AEOI,
 * special mask mode, and the state record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../devices/pic8259.h"
#include "../../devices/state.h"

/* The CPU's INTR pin as the PIC drives it. */
static int intr;
static int intr_changes;

static void int_out(void *opaque, int level)
{
    (void)opaque;
    intr = level;
    intr_changes++;
}

static void wr(struct pic8259 *p, uint16_t port, uint8_t v)
{
    pic8259_port_write(p, port, v, 1);
}

static uint8_t rd(struct pic8259 *p, uint16_t port)
{
    return (uint8_t)pic8259_port_read(p, port, 1);
}

/* The PC/AT initialisation (BIOS): master vectors 0x08, slave 0x70,
 * cascade on IR2, 8086 mode, normal EOI. */
static void init_pair(struct pic8259 *p, uint8_t icw4)
{
    intr = 0;
    intr_changes = 0;
    pic8259_setup(p, int_out, NULL);
    wr(p, 0x20, 0x11);
    wr(p, 0x21, 0x08);
    wr(p, 0x21, 0x04);
    wr(p, 0x21, icw4);
    wr(p, 0xA0, 0x11);
    wr(p, 0xA1, 0x70);
    wr(p, 0xA1, 0x02);
    wr(p, 0xA1, icw4);
}

static void test_priority_and_eoi(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x01);
    assert_int_equal(intr, 0);
    pic8259_set_irq(&p, 5, 1);
    pic8259_set_irq(&p, 3, 1);
    assert_int_equal(intr, 1);
    assert_int_equal(pic8259_intack(&p), 0x0B);       /* IRQ3 first */
    /* IRQ5 has lower priority than IRQ3 in service: INT drops. */
    assert_int_equal(intr, 0);
    wr(&p, 0x20, 0x0B);                               /* OCW3: read ISR */
    assert_int_equal(rd(&p, 0x20), 0x08);
    wr(&p, 0x20, 0x0A);                               /* read IRR */
    assert_int_equal(rd(&p, 0x20), 0x20);             /* IRQ5 pending, IRQ3 consumed */
    /* A higher-priority request nests. */
    pic8259_set_irq(&p, 1, 1);
    assert_int_equal(intr, 1);
    assert_int_equal(pic8259_intack(&p), 0x09);
    wr(&p, 0x20, 0x0B);
    assert_int_equal(rd(&p, 0x20), 0x0A);
    /* Non-specific EOI clears the highest in service (IRQ1). */
    wr(&p, 0x20, 0x20);
    assert_int_equal(rd(&p, 0x20), 0x08);
    assert_int_equal(intr, 0);
    /* Specific EOI for IRQ3 lets IRQ5 through. */
    wr(&p, 0x20, 0x63);
    assert_int_equal(rd(&p, 0x20), 0x00);
    assert_int_equal(intr, 1);
    assert_int_equal(pic8259_intack(&p), 0x0D);
}

static void test_mask(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x01);
    wr(&p, 0x21, 0xFF & ~0x04);                       /* all but cascade masked */
    assert_int_equal(rd(&p, 0x21), 0xFB);
    pic8259_set_irq(&p, 4, 1);
    assert_int_equal(intr, 0);
    wr(&p, 0x20, 0x0A);
    assert_int_equal(rd(&p, 0x20), 0x10);             /* IRR holds it */
    wr(&p, 0x21, 0xEB);                               /* unmask IRQ4 */
    assert_int_equal(intr, 1);
    assert_int_equal(pic8259_intack(&p), 0x0C);
}

static void test_rotation(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x01);
    pic8259_set_irq(&p, 3, 1);
    assert_int_equal(pic8259_intack(&p), 0x0B);
    wr(&p, 0x20, 0xA0);                               /* rotate on non-specific EOI */
    /* IRQ3 is now lowest: order 4,5,6,7,0,1,2,3. */
    pic8259_set_irq(&p, 2 + 0, 0);
    pic8259_set_irq(&p, 0, 1);
    pic8259_set_irq(&p, 6, 1);
    assert_int_equal(pic8259_intack(&p), 0x0E);       /* IRQ6 beats IRQ0 */
    wr(&p, 0x20, 0x20);
    assert_int_equal(pic8259_intack(&p), 0x08);
    wr(&p, 0x20, 0x20);
    /* Set priority: IRQ0 lowest -> IRQ1 highest. */
    wr(&p, 0x20, 0xC0);
    pic8259_set_irq(&p, 0, 0);
    pic8259_set_irq(&p, 6, 0);
    pic8259_set_irq(&p, 0, 1);
    pic8259_set_irq(&p, 7, 1);
    assert_int_equal(pic8259_intack(&p), 0x0F);       /* IRQ7 beats IRQ0 */
    /* Rotate on specific EOI: IRQ7 lowest -> IRQ0 highest again. */
    wr(&p, 0x20, 0xE7);
    assert_int_equal(pic8259_intack(&p), 0x08);
}

static void test_poll(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x01);
    wr(&p, 0x20, 0x0C);                               /* poll, nothing pending */
    assert_int_equal(rd(&p, 0x20), 0x00);
    pic8259_set_irq(&p, 6, 1);
    pic8259_set_irq(&p, 4, 1);
    wr(&p, 0x20, 0x0C);
    assert_int_equal(rd(&p, 0x20), 0x84);             /* IRQ4, now in service */
    wr(&p, 0x20, 0x0B);
    assert_int_equal(rd(&p, 0x20), 0x10);
    /* Reads after the poll are normal again. */
    assert_int_equal(rd(&p, 0x20), 0x10);
}

static void test_spurious(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x01);
    /* Edge-triggered request that goes away before INTA: IR7 vector, no
     * ISR bit (the handler must not EOI). */
    pic8259_set_irq(&p, 3, 1);
    assert_int_equal(intr, 1);
    pic8259_set_irq(&p, 3, 0);
    assert_int_equal(intr, 0);
    assert_int_equal(pic8259_intack(&p), 0x0F);
    wr(&p, 0x20, 0x0B);
    assert_int_equal(rd(&p, 0x20), 0x00);
    /* Slave: the master resolved IR2, but the slave's request vanished
     * before its INTA: the slave's IR7 (IRQ15) vector; master IR2 is in
     * service, the slave's ISR is not. */
    p.s.chip[0].level |= 0x04;
    p.s.chip[0].edge |= 0x04;
    assert_int_equal(pic8259_intack(&p), 0x77);
    assert_int_equal(rd(&p, 0x20), 0x04);
    wr(&p, 0xA0, 0x0B);
    assert_int_equal(rd(&p, 0xA0), 0x00);
}

static void test_cascade(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x01);
    pic8259_set_irq(&p, 10, 1);
    assert_int_equal(intr, 1);
    pic8259_set_irq(&p, 4, 1);                        /* IRQ2 (slave) outranks IRQ4 */
    assert_int_equal(pic8259_intack(&p), 0x72);
    wr(&p, 0x20, 0x0B);
    wr(&p, 0xA0, 0x0B);
    assert_int_equal(rd(&p, 0x20), 0x04);
    assert_int_equal(rd(&p, 0xA0), 0x04);
    /* IRQ8 (slave IR0) would outrank IRQ10, but master IR2 is in service
     * (fully nested, no SFNM): INT stays low. */
    pic8259_set_irq(&p, 8, 1);
    assert_int_equal(intr, 0);
    wr(&p, 0xA0, 0x20);
    wr(&p, 0x20, 0x20);
    assert_int_equal(intr, 1);
    assert_int_equal(pic8259_intack(&p), 0x70);
    /* ISA IRQ2 is wired to slave IR1 (IRQ9). */
    wr(&p, 0xA0, 0x20);
    wr(&p, 0x20, 0x20);
    pic8259_set_irq(&p, 8, 0);
    assert_int_equal(pic8259_intack(&p), 0x0C);       /* the pending IRQ4 */
    wr(&p, 0x20, 0x20);
    pic8259_set_irq(&p, 2, 1);
    assert_int_equal(pic8259_intack(&p), 0x71);
}

static void test_level_elcr(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x01);
    /* ELCR: IRQ0, 1, 2, 8 and 13 cannot be level-triggered. */
    wr(&p, 0x4D0, 0xFF);
    wr(&p, 0x4D1, 0xFF);
    assert_int_equal(rd(&p, 0x4D0), 0xF8);
    assert_int_equal(rd(&p, 0x4D1), 0xDE);
    wr(&p, 0x4D0, 0x00);
    wr(&p, 0x4D1, 0x04);                              /* IRQ10 level */
    pic8259_set_irq(&p, 10, 1);
    assert_int_equal(pic8259_intack(&p), 0x72);
    wr(&p, 0xA0, 0x20);
    wr(&p, 0x20, 0x20);
    /* Still asserted: level-triggered requests again. */
    assert_int_equal(intr, 1);
    assert_int_equal(pic8259_intack(&p), 0x72);
    wr(&p, 0xA0, 0x20);
    wr(&p, 0x20, 0x20);
    pic8259_set_irq(&p, 10, 0);
    assert_int_equal(intr, 0);
    /* Edge-triggered: a held line interrupts once. */
    pic8259_set_irq(&p, 5, 1);
    assert_int_equal(pic8259_intack(&p), 0x0D);
    wr(&p, 0x20, 0x20);
    assert_int_equal(intr, 0);
    /* PCI and ISA levels of the same line are ORed. */
    wr(&p, 0x4D1, 0x08);                              /* IRQ11 level */
    pic8259_set_pci_irq(&p, 11, 1);
    pic8259_set_irq(&p, 11, 1);
    pic8259_set_irq(&p, 11, 0);
    assert_int_equal(intr, 1);
    pic8259_set_pci_irq(&p, 11, 0);
    assert_int_equal(intr, 0);
    /* ICW1 LTIM makes every input of the chip level-triggered. */
    wr(&p, 0x20, 0x19);
    wr(&p, 0x21, 0x08);
    wr(&p, 0x21, 0x04);
    wr(&p, 0x21, 0x01);
    pic8259_set_irq(&p, 5, 0);
    pic8259_set_irq(&p, 5, 1);
    assert_int_equal(pic8259_intack(&p), 0x0D);
    wr(&p, 0x20, 0x20);
    assert_int_equal(intr, 1);
}

static void test_auto_eoi(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x03);
    pic8259_set_irq(&p, 3, 1);
    pic8259_set_irq(&p, 5, 1);
    assert_int_equal(pic8259_intack(&p), 0x0B);
    wr(&p, 0x20, 0x0B);
    assert_int_equal(rd(&p, 0x20), 0x00);             /* nothing in service */
    assert_int_equal(intr, 1);                        /* IRQ5 is not blocked */
    /* Rotate in AEOI mode: the acknowledged level becomes lowest. */
    wr(&p, 0x20, 0x80);
    assert_int_equal(pic8259_intack(&p), 0x0D);
    pic8259_set_irq(&p, 5, 0);
    pic8259_set_irq(&p, 5, 1);
    pic8259_set_irq(&p, 6, 1);
    assert_int_equal(pic8259_intack(&p), 0x0E);       /* 6 now outranks 5 */
}

static void test_special_mask(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x01);
    pic8259_set_irq(&p, 3, 1);
    assert_int_equal(pic8259_intack(&p), 0x0B);
    pic8259_set_irq(&p, 5, 1);
    assert_int_equal(intr, 0);
    wr(&p, 0x21, 0x08);                               /* mask IRQ3 */
    wr(&p, 0x20, 0x68);                               /* set special mask mode */
    assert_int_equal(intr, 1);
    assert_int_equal(pic8259_intack(&p), 0x0D);
    wr(&p, 0x20, 0x65);                               /* specific EOI 5 */
    wr(&p, 0x20, 0x48);                               /* reset special mask mode */
    wr(&p, 0x20, 0x0B);
    assert_int_equal(rd(&p, 0x20), 0x08);
}

static void test_icw1_resets(void **state)
{
    struct pic8259 p;

    (void)state;
    init_pair(&p, 0x01);
    wr(&p, 0x21, 0x5A);
    pic8259_set_irq(&p, 4, 1);
    (void)pic8259_intack(&p);
    wr(&p, 0x20, 0x0B);                               /* ISR read selected */
    wr(&p, 0x20, 0x11);
    wr(&p, 0x21, 0x20);
    wr(&p, 0x21, 0x04);
    wr(&p, 0x21, 0x01);
    assert_int_equal(rd(&p, 0x21), 0x00);             /* IMR cleared */
    assert_int_equal(rd(&p, 0x20), 0x00);             /* IRR read, nothing */
    /* The held line needs a new rising edge after initialisation. */
    assert_int_equal(intr, 0);
    pic8259_set_irq(&p, 4, 0);
    pic8259_set_irq(&p, 4, 1);
    assert_int_equal(pic8259_intack(&p), 0x24);       /* new ICW2 */
}

static void test_state_record(void **state)
{
    struct pic8259 p, q;
    struct state_writer w;

    (void)state;
    init_pair(&p, 0x01);
    wr(&p, 0x21, 0x12);
    wr(&p, 0x4D1, 0x0C);
    pic8259_set_irq(&p, 3, 1);
    pic8259_set_irq(&p, 10, 1);
    assert_int_equal(pic8259_intack(&p), 0x72);
    wr(&p, 0x20, 0xC4);                               /* priority rotated */
    state_writer_init(&w);
    pic8259_save(&p, &w);
    assert_false(w.error);
    pic8259_setup(&q, int_out, NULL);
    intr = -1;
    assert_int_equal(pic8259_load(&q, w.buf, w.len), 0);
    assert_memory_equal(&q.s, &p.s, sizeof(p.s));
    assert_int_equal(intr, pic8259_int_pending(&p));
    assert_int_equal(pic8259_intack(&q), pic8259_intack(&p));
    /* A truncated record is refused and leaves the state alone. */
    struct pic8259_state before = q.s;
    assert_int_equal(pic8259_load(&q, w.buf, w.len / 2), -1);
    assert_memory_equal(&q.s, &before, sizeof(before));
    state_writer_free(&w);
}

/* Random port writes, lines and INTA cycles: never a crash, and the INT
 * output always agrees with what an INTA would find. */
static void test_random_robust(void **state)
{
    struct pic8259 p;
    uint32_t x = 777;
    static const uint16_t ports[] = { 0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1 };

    (void)state;
    init_pair(&p, 0x01);
    for (int k = 0; k < 300000; k++) {
        x = x * 1103515245u + 12345u;
        uint32_t r = x >> 8;
        switch (r % 5) {
        case 0:
            wr(&p, ports[(r >> 3) % 6], (uint8_t)(r >> 6));
            break;
        case 1:
            (void)rd(&p, ports[(r >> 3) % 6]);
            break;
        case 2:
        case 3:
            pic8259_set_irq(&p, (int)((r >> 3) % 16), (r >> 7) & 1);
            break;
        default:
            if (intr)
                (void)pic8259_intack(&p);
            break;
        }
        assert_int_equal(intr, pic8259_int_pending(&p));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_priority_and_eoi),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_rotation),
        cmocka_unit_test(test_poll),
        cmocka_unit_test(test_spurious),
        cmocka_unit_test(test_cascade),
        cmocka_unit_test(test_level_elcr),
        cmocka_unit_test(test_auto_eoi),
        cmocka_unit_test(test_special_mask),
        cmocka_unit_test(test_icw1_resets),
        cmocka_unit_test(test_state_record),
        cmocka_unit_test(test_random_robust),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
