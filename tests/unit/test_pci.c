/*
 * test_pci.c - unit tests of PCI bus 0 (devices/pci.c) and the chipset
 * functions (devices/pci_host.c) as a guest sees them through
 * configuration mechanism #1: CONFIG_ADDRESS latching, byte/word lanes of
 * CONFIG_DATA, absent functions, IDs and header type, BAR and ROM BAR
 * sizing, the command register, INTx routing through PIIX3 PIRQRC, PAM
 * notification, the 0xCF9 reset, and the "pci" state record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../devices/board.h"
#include "../../devices/pci.h"
#include "../../devices/pci_host.h"
#include "../../devices/state.h"

struct fixture {
    struct board *b;
    struct pci_bus bus;
    struct pci_host host;
    struct pci_function dev;   /* a test device at 03.0 */
    uint16_t irq_levels;
    int bar_calls[PCI_ROM_BAR + 1];
    int pam_calls;
};

static struct fixture fx;

static void irq_set(void *opaque, int irq, int level)
{
    struct fixture *f = opaque;

    if (level)
        f->irq_levels |= (uint16_t)(1u << irq);
    else
        f->irq_levels &= (uint16_t)~(1u << irq);
}

static void bar_changed(void *opaque, struct pci_function *fn, int bar)
{
    struct fixture *f = opaque;

    (void)fn;
    f->bar_calls[bar]++;
}

static void pam_changed(void *opaque)
{
    ((struct fixture *)opaque)->pam_calls++;
}

static int setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    fx.b = calloc(1, sizeof(*fx.b));       /* port table only */
    assert_non_null(fx.b);
    pci_bus_init(&fx.bus);
    fx.bus.irq_set = irq_set;
    fx.bus.irq_opaque = &fx;
    assert_int_equal(pci_bus_register_ports(&fx.bus, fx.b), 0);
    assert_int_equal(pci_host_init(&fx.host, &fx.bus), 0);
    fx.host.pam_changed = pam_changed;
    fx.host.pam_opaque = &fx;
    pci_function_init(&fx.dev, 3 << 3, 0x1234, 0x5678, 0x020000, 0x07, "test");
    pci_function_set_bar(&fx.dev, 0, PCI_BAR_IO, 32);
    pci_function_set_bar(&fx.dev, 1, PCI_BAR_MEM32, 0x1000);
    pci_function_set_rom(&fx.dev, 0x8000);
    fx.dev.config[PCI_INTERRUPT_PIN] = 1;   /* INTA# */
    fx.dev.bar_changed = bar_changed;
    fx.dev.opaque = &fx;
    assert_int_equal(pci_register_function(&fx.bus, &fx.dev), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(fx.b);
    return 0;
}

/* Mechanism #1 from the guest side. */
static void addr(uint8_t devfn, uint8_t reg)
{
    board_io_write(fx.b, 0xCF8, 0x80000000u | (uint32_t)devfn << 8 | reg, 4);
}

static uint32_t cfg_rd(uint8_t devfn, uint8_t off, int size)
{
    addr(devfn, off & 0xFC);
    return board_io_read(fx.b, (uint16_t)(0xCFC + (off & 3)), size);
}

static void cfg_wr(uint8_t devfn, uint8_t off, uint32_t v, int size)
{
    addr(devfn, off & 0xFC);
    board_io_write(fx.b, (uint16_t)(0xCFC + (off & 3)), v, size);
}

static void test_config_mechanism(void **state)
{
    (void)state;
    /* IDs: i440FX at 00.0, PIIX3 at 01.0 (multi-function header). */
    assert_int_equal(cfg_rd(0x00, 0x00, 4), 0x12378086u);
    assert_int_equal(cfg_rd(0x08, 0x00, 4), 0x70008086u);
    assert_int_equal(cfg_rd(0x08, PCI_HEADER_TYPE, 1), 0x80);
    assert_int_equal(cfg_rd(0x08, 0x0A, 2), 0x0601);   /* ISA bridge class */
    /* Byte and word lanes. */
    assert_int_equal(cfg_rd(0x00, 0x02, 2), 0x1237);
    assert_int_equal(cfg_rd(0x00, 0x03, 1), 0x12);
    assert_int_equal(cfg_rd(0x18, 0x01, 1), 0x12);
    /* Absent function, other bus, enable bit clear: all ones. */
    assert_int_equal(cfg_rd(0x20, 0x00, 4), 0xFFFFFFFFu);
    board_io_write(fx.b, 0xCF8, 0x80010000u, 4);
    assert_int_equal(board_io_read(fx.b, 0xCFC, 4), 0xFFFFFFFFu);
    board_io_write(fx.b, 0xCF8, 0x00000000u, 4);
    assert_int_equal(board_io_read(fx.b, 0xCFC, 4), 0xFFFFFFFFu);
    /* Only 32-bit accesses at 0xCF8 reach CONFIG_ADDRESS. */
    board_io_write(fx.b, 0xCF8, 0x80001800u, 4);
    board_io_write(fx.b, 0xCF8, 0x00, 1);
    board_io_write(fx.b, 0xCF8, 0x0000, 2);
    assert_int_equal(board_io_read(fx.b, 0xCF8, 4), 0x80001800u);
    assert_int_equal(board_io_read(fx.b, 0xCFC, 4), 0x56781234u);
    /* The low two bits of CONFIG_ADDRESS read as 0. */
    board_io_write(fx.b, 0xCF8, 0x80001803u, 4);
    assert_int_equal(board_io_read(fx.b, 0xCF8, 4), 0x80001800u);
    /* Read-only registers ignore writes. */
    cfg_wr(0x18, 0x00, 0xFFFFFFFFu, 4);
    assert_int_equal(cfg_rd(0x18, 0x00, 4), 0x56781234u);
}

static void test_bar_sizing(void **state)
{
    (void)state;
    assert_int_equal(cfg_rd(0x18, 0x10, 4), 0x00000001u);  /* I/O BAR */
    cfg_wr(0x18, 0x10, 0xFFFFFFFFu, 4);
    assert_int_equal(cfg_rd(0x18, 0x10, 4), 0xFFFFFFE1u);  /* 32 bytes */
    cfg_wr(0x18, 0x14, 0xFFFFFFFFu, 4);
    assert_int_equal(cfg_rd(0x18, 0x14, 4), 0xFFFFF000u);  /* 4 KiB memory */
    cfg_wr(0x18, 0x18, 0xFFFFFFFFu, 4);
    assert_int_equal(cfg_rd(0x18, 0x18, 4), 0x00000000u);  /* no BAR 2 */
    cfg_wr(0x18, PCI_ROM_ADDRESS, 0xFFFFFFFEu, 4);
    assert_int_equal(cfg_rd(0x18, PCI_ROM_ADDRESS, 4), 0xFFFF8000u);
    /* Decoding needs the command register. */
    cfg_wr(0x18, 0x10, 0xC040, 4);
    cfg_wr(0x18, 0x14, 0xFEB01000u, 4);
    cfg_wr(0x18, PCI_ROM_ADDRESS, 0xFEB10001u, 4);
    assert_int_equal(pci_bar_address(&fx.dev, 0), 0);
    assert_int_equal(fx.bar_calls[0], 0);
    cfg_wr(0x18, PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEM, 2);
    assert_int_equal(pci_bar_address(&fx.dev, 0), 0xC040);
    assert_int_equal(pci_bar_address(&fx.dev, 1), 0xFEB01000u);
    assert_int_equal(pci_rom_address(&fx.dev), 0xFEB10000u);
    assert_int_equal(fx.bar_calls[0], 1);
    assert_int_equal(fx.bar_calls[1], 1);
    assert_int_equal(fx.bar_calls[PCI_ROM_BAR], 1);
    /* Moving a BAR tells the device; rewriting the same value does not. */
    cfg_wr(0x18, 0x10, 0xC080, 4);
    assert_int_equal(fx.bar_calls[0], 2);
    cfg_wr(0x18, 0x10, 0xC080, 4);
    assert_int_equal(fx.bar_calls[0], 2);
    /* Command: only the implemented bits stick. */
    cfg_wr(0x18, PCI_COMMAND, 0xFFFF, 2);
    assert_int_equal(cfg_rd(0x18, PCI_COMMAND, 2), 0x0547);
    /* Status error bits are write-one-to-clear. */
    fx.dev.config[PCI_STATUS + 1] = 0xF9;
    cfg_wr(0x18, PCI_STATUS, 0x2000, 2);
    assert_int_equal(fx.dev.config[PCI_STATUS + 1], 0xD9);
}

static void test_intx_routing(void **state)
{
    (void)state;
    /* Device 3, INTA#: PIRQ[(0 + 3 - 1) & 3] = PIRQC (0x62). Disabled
     * routes (bit 7, the reset value) drive nothing. */
    assert_int_equal(pci_pirq_of(&fx.dev), 2);
    pci_set_irq(&fx.dev, 1);
    assert_int_equal(fx.irq_levels, 0);
    assert_int_equal(cfg_rd(0x18, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT, PCI_STATUS_INTERRUPT);
    cfg_wr(0x08, 0x62, 11, 1);
    assert_int_equal(fx.irq_levels, 1u << 11);
    /* Re-routing moves the level. */
    cfg_wr(0x08, 0x60, 0x0B0A0C05u, 4);                    /* PIRQC -> 10 */
    assert_int_equal(cfg_rd(0x08, 0x62, 1), 0x0A);
    assert_int_equal(fx.irq_levels, 1u << 10);
    /* Interrupt disable in the command register masks INTx#. */
    cfg_wr(0x18, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE, 2);
    assert_int_equal(fx.irq_levels, 0);
    cfg_wr(0x18, PCI_COMMAND, 0, 2);
    assert_int_equal(fx.irq_levels, 1u << 10);
    pci_set_irq(&fx.dev, 0);
    assert_int_equal(fx.irq_levels, 0);
    /* Reserved IRQ values (0-2, 8, 13) route nowhere; bit 7 disables. */
    pci_set_irq(&fx.dev, 1);
    cfg_wr(0x08, 0x62, 13, 1);
    assert_int_equal(fx.irq_levels, 0);
    cfg_wr(0x08, 0x62, 0x89, 1);
    assert_int_equal(fx.irq_levels, 0);
    cfg_wr(0x08, 0x62, 0x09, 1);
    assert_int_equal(fx.irq_levels, 1u << 9);
    /* Reserved bits 6-4 of PIRQRC do not stick. */
    cfg_wr(0x08, 0x63, 0xFF, 1);
    assert_int_equal(cfg_rd(0x08, 0x63, 1), 0x8F);
}

static void test_pam_and_reset(void **state)
{
    (void)state;
    assert_int_equal(cfg_rd(0x00, I440FX_PAM0, 1), 0x00);
    cfg_wr(0x00, 0x58, 0x33333310u, 4);      /* DRAMT + PAM0-PAM2, as SeaBIOS */
    assert_true(fx.pam_calls >= 1);
    assert_int_equal(cfg_rd(0x00, I440FX_PAM0, 1), 0x30);   /* only 0xF0000 nibble */
    assert_int_equal(pam_attr(&fx.host.host, 0), 3);
    assert_int_equal(pam_attr(&fx.host.host, 1), 3);
    cfg_wr(0x00, I440FX_PAM0 + 1, 0x10, 1);
    assert_int_equal(pam_attr(&fx.host.host, 1), 0);        /* 0xC0000 */
    assert_int_equal(pam_attr(&fx.host.host, 2), 1);        /* 0xC4000 read-only */
    uint32_t base, size;
    pam_region(2, &base, &size);
    assert_int_equal(base, 0xC4000);
    assert_int_equal(size, 0x4000);
    /* 0xCF9: a 0 -> 1 edge of RST_CPU (bit 2) requests a system reset. */
    board_io_write(fx.b, 0xCF9, 0x02, 1);
    assert_false(fx.b->req.reset);
    assert_int_equal(board_io_read(fx.b, 0xCF9, 1), 0x02);
    board_io_write(fx.b, 0xCF9, 0x06, 1);
    assert_true(fx.b->req.reset);
    /* System reset: PAM back to 0, routes disabled. */
    pci_host_reset(&fx.host);
    assert_int_equal(cfg_rd(0x00, I440FX_PAM0, 1), 0x00);
    assert_int_equal(cfg_rd(0x08, 0x60, 4), 0x80808080u);
}

static void test_state_record(void **state)
{
    struct state_writer w;

    (void)state;
    cfg_wr(0x08, 0x62, 11, 1);
    pci_set_irq(&fx.dev, 1);
    cfg_wr(0x18, 0x14, 0xFEB01000u, 4);
    cfg_wr(0x18, PCI_COMMAND, PCI_COMMAND_MEM, 2);
    addr(0x08, 0x60);
    state_writer_init(&w);
    pci_save(&fx.bus, &w);
    assert_false(w.error);
    /* Scramble, then restore. */
    pci_host_reset(&fx.host);
    pci_set_irq(&fx.dev, 0);
    fx.dev.config[0x14] = 0;
    board_io_write(fx.b, 0xCF8, 0, 4);
    int calls = fx.bar_calls[1];
    assert_int_equal(pci_load(&fx.bus, &fx.host, w.buf, w.len), 0);
    assert_int_equal(board_io_read(fx.b, 0xCF8, 4), 0x80000860u);
    assert_int_equal(pci_bar_address(&fx.dev, 1), 0xFEB01000u);
    assert_true(fx.bar_calls[1] > calls);
    assert_int_equal(fx.irq_levels, 1u << 11);
    assert_int_equal(pci_load(&fx.bus, &fx.host, w.buf, 3), -1);
    state_writer_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_config_mechanism, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bar_sizing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_intx_routing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pam_and_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_record, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
