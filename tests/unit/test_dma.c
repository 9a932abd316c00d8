/*
 * test_dma.c - unit tests of the 8237A DMA pair (devices/dma8237.c):
 * address/count programming through the flip-flop, status TC bits (clear
 * on read), mask after terminal count, auto-initialize, decrement mode,
 * masked channels holding a request, 16-bit channel word addressing and
 * page registers, master clear.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../devices/dma8237.h"
#include "../../devices/isa.h"
#include "../../devices/state.h"
#include "../../mmu/mem.h"

struct fixture {
    struct mem *mem;
    struct isa_bus bus;
    struct dma8237 dma;
    /* fake device */
    uint8_t data[4096];
    uint32_t chunk;        /* bytes moved per callback call (0 = all) */
    int calls;
    bool to_memory;
    bool release_at_end;
    uint32_t last_len;
};

static struct fixture fx;

static void out8(uint16_t port, uint8_t v) { dma8237_port_write(&fx.dma, port, v, 1); }
static uint8_t in8(uint16_t port) { return (uint8_t)dma8237_port_read(&fx.dma, port, 1); }

/* The device: moves `chunk` bytes (or all) per call. */
static uint32_t dev_xfer(void *opaque, int ch, uint32_t pos, uint32_t len)
{
    struct fixture *f = opaque;
    uint32_t n = f->chunk && f->chunk < len ? f->chunk : len;

    f->calls++;
    f->last_len = len;
    if (n > sizeof(f->data))
        n = sizeof(f->data);
    if (f->to_memory)
        isa_dma_write_memory(&f->bus, ch, f->data, pos, n);
    else
        isa_dma_read_memory(&f->bus, ch, f->data, pos, n);
    if (f->release_at_end && n == len)
        isa_dma_release_dreq(&f->bus, ch);
    return n;
}

static int setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    fx.mem = mem_create(4u << 20);
    assert_non_null(fx.mem);
    mem_set_addr_bits(fx.mem, 32);
    assert_int_equal(dma8237_init(&fx.dma, NULL, &fx.bus, fx.mem), 0);
    for (int i = 0; i < 8; i++)
        isa_dma_register(&fx.bus, i, dev_xfer, &fx);
    for (int i = 0; i < (int)sizeof(fx.data); i++)
        fx.data[i] = (uint8_t)(i * 3 + 1);
    fx.to_memory = true;
    fx.release_at_end = true;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mem_destroy(fx.mem);
    return 0;
}

/* Program 8-bit channel 2: mode, page, address, count (bytes - 1). */
static void program_ch2(uint8_t mode, uint8_t page, uint16_t addr, uint16_t count)
{
    out8(0x0A, 0x06);           /* mask channel 2 */
    out8(0x0B, mode | 2);
    out8(0x0C, 0);              /* clear flip-flop */
    out8(0x04, addr & 0xFF);
    out8(0x04, addr >> 8);
    out8(0x05, count & 0xFF);
    out8(0x05, count >> 8);
    out8(0x81, page);
}

static void test_registers_flipflop(void **state)
{
    (void)state;
    program_ch2(0x44, 0x01, 0x1234, 0x01FF);
    out8(0x0C, 0);
    assert_int_equal(in8(0x04), 0x34);
    assert_int_equal(in8(0x04), 0x12);
    assert_int_equal(in8(0x05), 0xFF);
    assert_int_equal(in8(0x05), 0x01);
    assert_int_equal(in8(0x81), 0x01);
    /* After reset every channel is masked. */
    assert_int_equal(in8(0x0F) & 0x0F, 0x0F);
    out8(0x0E, 0);              /* clear all masks */
    assert_int_equal(in8(0x0F) & 0x0F, 0x00);
    out8(0x0D, 0);              /* master clear: all masked, flip-flop cleared */
    assert_int_equal(in8(0x0F) & 0x0F, 0x0F);
    assert_int_equal(in8(0x04), 0x34);
}

static void test_transfer_tc_mask(void **state)
{
    uint8_t st;

    (void)state;
    /* Single mode, write to memory, increment: 512 bytes at 0x12000. */
    program_ch2(0x44, 0x01, 0x2000, 511);
    isa_dma_hold_dreq(&fx.bus, 2);
    assert_int_equal(fx.calls, 0);          /* masked: the request waits */
    assert_int_equal(in8(0x08) & 0x40, 0x40);   /* request bit 6 for channel 2 */
    out8(0x0A, 0x02);                       /* unmask: the transfer runs */
    assert_int_equal(fx.calls, 1);
    assert_int_equal(fx.last_len, 512);
    for (int i = 0; i < 512; i++)
        assert_int_equal(mem_read8(fx.mem, 0x12000 + i), fx.data[i]);
    assert_int_equal(mem_read8(fx.mem, 0x12200), 0);
    st = in8(0x08);
    assert_int_equal(st & 0x0F, 0x04);      /* TC on channel 2 */
    assert_int_equal(in8(0x08) & 0x0F, 0);  /* cleared by the read */
    assert_int_equal(in8(0x0F) & 0x04, 0x04);   /* masked at TC (no auto-init) */
    out8(0x0C, 0);
    assert_int_equal(in8(0x04), 0x00);      /* current address advanced by 512 */
    assert_int_equal(in8(0x04), 0x22);
    assert_int_equal(in8(0x05), 0xFF);      /* count rolled over to 0xFFFF */
    assert_int_equal(in8(0x05), 0xFF);
}

static void test_partial_then_autoinit(void **state)
{
    (void)state;
    /* Auto-init, read from memory; device takes 100 bytes per call and
     * keeps DREQ: the controller keeps calling until TC, then reloads. */
    for (int i = 0; i < 300; i++)
        mem_write8(fx.mem, 0x30000 + i, (uint8_t)(0xFF - i));
    program_ch2(0x58, 0x03, 0x0000, 299);
    fx.to_memory = false;
    fx.chunk = 100;
    fx.release_at_end = true;
    isa_dma_hold_dreq(&fx.bus, 2);
    out8(0x0A, 0x02);
    assert_int_equal(fx.calls, 3);
    assert_int_equal(fx.data[0], 0xFF - 200);   /* last chunk came from offset 200 */
    assert_int_equal(in8(0x08) & 0x04, 0x04);
    assert_int_equal(in8(0x0F) & 0x04, 0);      /* auto-init: stays unmasked */
    out8(0x0C, 0);
    assert_int_equal(in8(0x04), 0x00);          /* reloaded base address */
    assert_int_equal(in8(0x04), 0x00);
    assert_int_equal(in8(0x05), 43);            /* reloaded count 299 = 0x12B */
    assert_int_equal(in8(0x05), 1);
}

static void test_decrement(void **state)
{
    (void)state;
    program_ch2(0x64, 0x00, 0x5003, 3);     /* write, decrement, 4 bytes */
    isa_dma_hold_dreq(&fx.bus, 2);
    out8(0x0A, 0x02);
    assert_int_equal(mem_read8(fx.mem, 0x5003), fx.data[0]);
    assert_int_equal(mem_read8(fx.mem, 0x5002), fx.data[1]);
    assert_int_equal(mem_read8(fx.mem, 0x5000), fx.data[3]);
    assert_int_equal(mem_read8(fx.mem, 0x5004), 0);
}

static void test_verify_moves_nothing(void **state)
{
    (void)state;
    program_ch2(0x40, 0x00, 0x6000, 15);    /* verify */
    isa_dma_hold_dreq(&fx.bus, 2);
    out8(0x0A, 0x02);
    assert_int_equal(fx.calls, 1);
    assert_int_equal(mem_read8(fx.mem, 0x6000), 0);
    assert_int_equal(in8(0x08) & 0x04, 0x04);
}

static void test_16bit_channel(void **state)
{
    (void)state;
    /* Channel 5: word address 0x8000 in page 0x03 -> physical 0x30000 |
     * 0x10000 = 0x20000 | 0x10000: (0x03 & 0xFE) << 16 | 0x8000 << 1. */
    dma8237_port_write(&fx.dma, 0xD4, 0x05, 1);          /* mask 5 */
    dma8237_port_write(&fx.dma, 0xD6, 0x45, 1);          /* mode: single, write, ch 5 */
    dma8237_port_write(&fx.dma, 0xD8, 0, 1);             /* flip-flop */
    dma8237_port_write(&fx.dma, 0xC4, 0x00, 1);
    dma8237_port_write(&fx.dma, 0xC4, 0x80, 1);
    dma8237_port_write(&fx.dma, 0xC6, 0x07, 1);          /* 8 words */
    dma8237_port_write(&fx.dma, 0xC6, 0x00, 1);
    dma8237_port_write(&fx.dma, 0x8B, 0x03, 1);
    isa_dma_hold_dreq(&fx.bus, 5);
    dma8237_port_write(&fx.dma, 0xD4, 0x01, 1);          /* unmask 5 */
    assert_int_equal(fx.calls, 1);
    assert_int_equal(fx.last_len, 16);                   /* bytes */
    assert_int_equal(mem_read8(fx.mem, 0x30000), fx.data[0]);
    assert_int_equal(mem_read8(fx.mem, 0x3000F), fx.data[15]);
    assert_int_equal(mem_read8(fx.mem, 0x30010), 0);
    assert_int_equal(dma8237_port_read(&fx.dma, 0xD0, 1) & 0x0F, 0x02);  /* TC ch 5 */
    dma8237_port_write(&fx.dma, 0xD8, 0, 1);
    assert_int_equal(dma8237_port_read(&fx.dma, 0xC4, 1), 0x08);  /* 0x8008 */
    assert_int_equal(dma8237_port_read(&fx.dma, 0xC4, 1), 0x80);
}

static void test_cascade_and_disable(void **state)
{
    (void)state;
    program_ch2(0xC4, 0x00, 0x7000, 3);     /* cascade mode: no transfers */
    isa_dma_hold_dreq(&fx.bus, 2);
    out8(0x0A, 0x02);
    assert_int_equal(fx.calls, 0);
    out8(0x08, 0x04);                       /* command: controller disable */
    out8(0x0B, 0x46);                       /* single mode, but disabled */
    assert_int_equal(fx.calls, 0);
    out8(0x08, 0x00);                       /* enabled: the request is served */
    assert_int_equal(fx.calls, 1);
}

static void test_save_load(void **state)
{
    struct state_writer w;

    (void)state;
    program_ch2(0x44, 0x05, 0xBEEF, 0x1234);
    state_writer_init(&w);
    assert_int_equal(dma8237_save(&fx.dma, &w), 0);
    dma8237_init(&fx.dma, NULL, &fx.bus, fx.mem);
    assert_int_equal(dma8237_load(&fx.dma, w.buf, w.len), 0);
    state_writer_free(&w);
    out8(0x0C, 0);
    assert_int_equal(in8(0x04), 0xEF);
    assert_int_equal(in8(0x04), 0xBE);
    assert_int_equal(in8(0x05), 0x34);
    assert_int_equal(in8(0x05), 0x12);
    assert_int_equal(in8(0x81), 0x05);
    assert_int_equal(fx.dma.ctrl[0].ch[2].mode, 0x44);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_registers_flipflop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transfer_tc_mask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_then_autoinit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decrement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_moves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_16bit_channel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cascade_and_disable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_load, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
