/*
 * test_fpu_irq.c - unit tests of the PC/AT FERR# -> IRQ13 glue
 * (devices/fpu_irq.c; IBM PC/AT Technical Reference, ports F0h/F1h and
 * IRQ13; Intel SDM Vol. 1, 8.7 and Vol. 3A, 2.5 CR0.NE): an FERR# rising
 * edge with CR0.NE=0 raises IRQ13 until a write to port F0h; no new IRQ13
 * while FERR# stays asserted; none with CR0.NE=1; reset lowers it; the
 * x87 really drives FERR# for an unmasked exception.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../cpu/cpu.h"
#include "../../devices/board.h"
#include "../../devices/fpu_irq.h"
#include "../../devices/state.h"
#include "../../devices/isa.h"
#include "../../mmu/mem.h"

/* A fake interrupt controller: the last level per IRQ, and the count of
 * rising edges. */
struct irqs {
    int level[16];
    int edges[16];
};

static void irq_set(void *opaque, int irq, int level)
{
    struct irqs *r = opaque;

    if (level && !r->level[irq])
        r->edges[irq]++;
    r->level[irq] = level;
}

struct rig {
    struct board *b;   /* only the port table is used */
    struct isa_bus isa;
    struct irqs irqs;
    struct cpu cpu;
    struct fpu_irq f;
};

static struct rig *make_rig(void)
{
    struct rig *r = calloc(1, sizeof *r);

    assert_non_null(r);
    r->b = calloc(1, sizeof *r->b);
    assert_non_null(r->b);
    r->isa.irq_set = irq_set;
    r->isa.irq_opaque = &r->irqs;
    assert_int_equal(fpu_irq_init(&r->f, r->b, &r->isa, &r->cpu), 0);
    return r;
}

static void free_rig(struct rig *r)
{
    free(r->b);
    free(r);
}

static void test_ferr_edge_and_clear(void **state)
{
    struct rig *r = make_rig();

    (void)state;
    fpu_irq_poll(&r->f);
    assert_int_equal(r->irqs.level[13], 0);
    r->cpu.fpu.ferr = true;
    fpu_irq_poll(&r->f);
    assert_int_equal(r->irqs.level[13], 1);
    assert_int_equal(r->irqs.edges[13], 1);
    /* Still asserted: IRQ13 stays up, no new edge. */
    fpu_irq_poll(&r->f);
    assert_int_equal(r->irqs.edges[13], 1);
    /* OUT F0h clears the latch; FERR# still asserted does not set it
     * again (it is edge-triggered, IGNNE# holds the FPU). */
    board_io_write(r->b, 0xF0, 0, 1);
    assert_int_equal(r->irqs.level[13], 0);
    fpu_irq_poll(&r->f);
    assert_int_equal(r->irqs.level[13], 0);
    /* FERR# goes away (FNCLEX) and comes back: a new IRQ13. */
    r->cpu.fpu.ferr = false;
    fpu_irq_poll(&r->f);
    r->cpu.fpu.ferr = true;
    fpu_irq_poll(&r->f);
    assert_int_equal(r->irqs.level[13], 1);
    assert_int_equal(r->irqs.edges[13], 2);
    /* F1h (the AT's coprocessor reset) leaves the latch alone; reads
     * float. */
    board_io_write(r->b, 0xF1, 0, 1);
    assert_int_equal(r->irqs.level[13], 1);
    assert_int_equal(board_io_read(r->b, 0xF0, 1), 0xFF);
    /* System reset lowers IRQ13. */
    fpu_irq_reset(&r->f);
    assert_int_equal(r->irqs.level[13], 0);
    free_rig(r);
}

/* The latch and the sampled FERR# level survive a save/load, and the load
 * drives IRQ13 to the saved latch (state.h record "fpu_irq", version 1). */
static void test_save_load(void **state)
{
    struct rig *r = make_rig();
    struct state_writer w;

    (void)state;
    r->cpu.fpu.ferr = true;
    fpu_irq_poll(&r->f);
    assert_int_equal(r->irqs.level[13], 1);
    state_writer_init(&w);
    assert_int_equal(fpu_irq_save(&r->f, &w, "fpu_irq"), 0);
    fpu_irq_reset(&r->f);
    assert_int_equal(r->irqs.level[13], 0);
    assert_int_equal(fpu_irq_load(&r->f, w.buf, w.len, "fpu_irq"), 0);
    assert_true(r->f.latch);
    assert_true(r->f.ferr_seen);
    assert_int_equal(r->irqs.level[13], 1);
    assert_int_equal(r->irqs.edges[13], 2); /* raised again by the load */
    /* FERR# still high, as saved: the poll sees no new FERR# edge. */
    fpu_irq_poll(&r->f);
    assert_int_equal(r->irqs.edges[13], 2);
    assert_int_equal(fpu_irq_load(&r->f, w.buf, w.len, "other"), -1);
    state_writer_free(&w);
    free_rig(r);
}

static void test_native_mode_no_irq(void **state)
{
    struct rig *r = make_rig();

    (void)state;
    r->cpu.cr[0] = CR0_NE | CR0_PE;
    r->cpu.fpu.ferr = true;
    fpu_irq_poll(&r->f);
    assert_int_equal(r->irqs.level[13], 0);
    assert_int_equal(r->irqs.edges[13], 0);
    free_rig(r);
}

/* An unmasked x87 exception (FDIV by zero with ZM clear) asserts FERR#,
 * which the glue turns into IRQ13 with CR0.NE=0. */
static void test_x87_drives_ferr(void **state)
{
    struct rig *r = make_rig();
    struct mem *m = mem_create(1u << 20);
    static const uint8_t code[] = {
        0xDB, 0xE3,             /* fninit */
        0xD9, 0x2E, 0x00, 0x05, /* fldcw [0x500] (ZM clear) */
        0xD9, 0xE8,             /* fld1 */
        0xD9, 0xEE,             /* fldz */
        0xDE, 0xF9,             /* fdivp st(1), st */
    };

    (void)state;
    assert_non_null(m);
    cpu_init(&r->cpu, CPU_P6, m);
    for (int s = 0; s < SEG_COUNT; s++) {
        r->cpu.seg[s].base = 0;
        r->cpu.seg[s].sel = 0;
    }
    r->cpu.eip = 0x1000;
    for (size_t k = 0; k < sizeof code; k++) mem_write8(m, 0x1000 + (uint32_t)k, code[k]);
    mem_write16(m, 0x500, 0x037B);
    r->cpu.cr[0] &= ~CR0_NE;
    for (int k = 0; k < 5; k++) cpu_step(&r->cpu);
    assert_int_equal(r->cpu.eip, 0x1000 + sizeof code);
    assert_true(r->cpu.fpu.ferr);
    fpu_irq_poll(&r->f);
    assert_int_equal(r->irqs.level[13], 1);
    mem_destroy(m);
    free_rig(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ferr_edge_and_clear),
        cmocka_unit_test(test_native_mode_no_irq),
        cmocka_unit_test(test_x87_drives_ferr),
        cmocka_unit_test(test_save_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
