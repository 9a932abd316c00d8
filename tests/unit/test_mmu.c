/*
 * test_mmu.c - unit tests of the physical memory map (mmu/mem.c): RAM, ROM
 * and MMIO dispatch, unmapped reads (all ones) and dropped writes, accesses
 * straddling regions, address width (20/24/32 bits), A20 masking, the
 * generation counter and the change hook.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../mmu/mem.h"

/* A fake MMIO device: records the last access, reads return a pattern. */
struct fake_dev {
    uint32_t last_off, last_val;
    int last_size, reads, writes;
};

static uint32_t fake_read(void *opaque, uint32_t off, int size)
{
    struct fake_dev *d = opaque;
    d->reads++;
    d->last_off = off;
    d->last_size = size;
    return 0xA5A50000u | off;
}

static void fake_write(void *opaque, uint32_t off, uint32_t v, int size)
{
    struct fake_dev *d = opaque;
    d->writes++;
    d->last_off = off;
    d->last_val = v;
    d->last_size = size;
}

static void test_ram_basic(void **state)
{
    (void)state;
    struct mem *m = mem_create(1 << 20);
    assert_non_null(m);
    assert_int_equal(mem_ram_size(m), 1 << 20);
    assert_int_equal(mem_read32(m, 0x1234), 0); /* zeroed */
    mem_write32(m, 0x1000, 0x11223344);
    assert_int_equal(mem_read8(m, 0x1000), 0x44);
    assert_int_equal(mem_read16(m, 0x1002), 0x1122);
    assert_int_equal(mem_ram(m)[0x1001], 0x33);
    /* Unaligned across a page boundary. */
    mem_write32(m, 0x1FFE, 0xAABBCCDD);
    assert_int_equal(mem_read32(m, 0x1FFE), 0xAABBCCDD);
    assert_int_equal(mem_read8(m, 0x2000), 0xBB);
    mem_write16(m, 0x2FFF, 0x5566);
    assert_int_equal(mem_read16(m, 0x2FFF), 0x5566);
    /* Host page pointer for RAM, both directions. */
    assert_ptr_equal(mem_host_page(m, 0x1234, false), mem_ram(m) + 0x1000);
    assert_ptr_equal(mem_host_page(m, 0x1234, true), mem_ram(m) + 0x1000);
    mem_destroy(m);
}

static void test_unmapped(void **state)
{
    (void)state;
    struct mem *m = mem_create(64 * 1024);
    assert_int_equal(mem_read8(m, 0x10000), 0xFF);
    assert_int_equal(mem_read16(m, 0x10000), 0xFFFF);
    assert_int_equal(mem_read32(m, 0xFFFFFFFC), 0xFFFFFFFFu);
    assert_int_equal(mem_read32(m, 0xFFFFFFFF), 0x000000FFu); /* wraps to RAM at 0 */
    mem_write32(m, 0x20000, 0x12345678); /* dropped */
    assert_int_equal(mem_read32(m, 0x20000), 0xFFFFFFFFu);
    /* Straddling RAM end: low bytes RAM, high bytes all ones. */
    mem_write16(m, 0xFFFE, 0x3344);
    assert_int_equal(mem_read32(m, 0xFFFE), 0xFFFF3344u);
    mem_write32(m, 0xFFFE, 0x01020304); /* half dropped */
    assert_int_equal(mem_read16(m, 0xFFFE), 0x0304);
    assert_null(mem_host_page(m, 0x10000, false));
    assert_null(mem_host_page(m, 0x80000000u, true));
    mem_destroy(m);
}

static void test_rom(void **state)
{
    (void)state;
    struct mem *m = mem_create(1 << 20);
    uint8_t img[0x10000];
    for (unsigned i = 0; i < sizeof img; i++)
        img[i] = (uint8_t)(i * 7);
    mem_write8(m, 0xF0000, 0x99); /* RAM underneath, hidden by the ROM */
    uint32_t g = mem_generation(m);
    assert_int_equal(mem_map_rom(m, 0xF0000, img, sizeof img), 0);
    assert_int_not_equal(mem_generation(m), g);
    /* Alias above 4 GiB - 64 KiB as a board does for the reset vector. */
    assert_int_equal(mem_map_rom(m, 0xFFFF0000u, img, sizeof img), 0);
    assert_int_equal(mem_read8(m, 0xF0000), img[0]);
    assert_int_equal(mem_read16(m, 0xFFFF0), img[0xFFF0] | img[0xFFF1] << 8);
    assert_int_equal(mem_read8(m, 0xFFFFFFF0u), img[0xFFF0]);
    mem_write8(m, 0xF0010, 0x00); /* ROM write ignored */
    assert_int_equal(mem_read8(m, 0xF0010), img[0x10]);
    assert_int_equal(mem_ram(m)[0xF0000], 0x99); /* RAM untouched */
    assert_ptr_not_equal(mem_host_page(m, 0xF0000, false), NULL);
    assert_int_equal(mem_host_page(m, 0xF1000, false)[5], img[0x1005]);
    assert_null(mem_host_page(m, 0xF0000, true));
    /* Straddle RAM/ROM at 0xEFFFF. */
    mem_write8(m, 0xEFFFF, 0x42);
    assert_int_equal(mem_read16(m, 0xEFFFF), 0x42 | img[0] << 8);
    mem_write16(m, 0xEFFFF, 0x1111);
    assert_int_equal(mem_read8(m, 0xEFFFF), 0x11);
    assert_int_equal(mem_read8(m, 0xF0000), img[0]);

    /* A small ROM within one page: the rest of the page stays RAM. */
    uint8_t small[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
    mem_write8(m, 0x50000, 0x77);
    mem_write8(m, 0x50110, 0x66);
    assert_int_equal(mem_map_rom(m, 0x50100, small, sizeof small), 0);
    assert_int_equal(mem_read8(m, 0x50000), 0x77);
    assert_int_equal(mem_read8(m, 0x50100), 1);
    assert_int_equal(mem_read32(m, 0x5010E), 15 | 16 << 8 | 0x66 << 16);
    assert_null(mem_host_page(m, 0x50000, false));
    mem_destroy(m);
}

static void test_mmio(void **state)
{
    (void)state;
    struct mem *m = mem_create(1 << 20);
    struct fake_dev d = { 0 };
    assert_int_equal(mem_map_mmio(m, 0xA0000, 0x20000, fake_read, fake_write, &d), 0);
    assert_int_equal(mem_read16(m, 0xA0010), 0x0010);
    assert_int_equal(d.last_size, 2);
    assert_int_equal(mem_read32(m, 0xB8000), 0xA5A58000u);
    assert_int_equal(d.last_size, 4);
    assert_int_equal(mem_read8(m, 0xA0001), 0x01);
    mem_write16(m, 0xB8002, 0x0741);
    assert_int_equal(d.writes, 1);
    assert_int_equal(d.last_off, 0x18002);
    assert_int_equal(d.last_val, 0x0741);
    assert_int_equal(d.last_size, 2);
    assert_null(mem_host_page(m, 0xA0000, false));
    /* Straddling the window end: byte accesses to each side. */
    d.writes = 0;
    mem_write16(m, 0xBFFFF, 0xBEEF);
    assert_int_equal(d.writes, 1);
    assert_int_equal(d.last_size, 1);
    assert_int_equal(d.last_val, 0xEF);
    assert_int_equal(mem_read8(m, 0xC0000), 0xBE);
    /* Later maps win. */
    struct fake_dev d2 = { 0 };
    assert_int_equal(mem_map_mmio(m, 0xA0000, 0x1000, fake_read, fake_write, &d2), 0);
    mem_read8(m, 0xA0004);
    assert_int_equal(d2.reads, 1);
    mem_destroy(m);
}

static void test_width_a20(void **state)
{
    (void)state;
    struct mem *m = mem_create(2 << 20);
    mem_write8(m, 0x000010, 0x11);
    mem_write8(m, 0x100010, 0x22);
    /* 32-bit, A20 on: distinct. */
    assert_int_equal(mem_read8(m, 0x100010), 0x22);
    /* A20 off: bit 20 forced to 0. */
    uint32_t g = mem_generation(m);
    mem_set_a20(m, false);
    assert_false(mem_get_a20(m));
    assert_int_not_equal(mem_generation(m), g);
    assert_int_equal(mem_read8(m, 0x100010), 0x11);
    mem_write8(m, 0x10FFEF, 0x5A);
    assert_int_equal(mem_ram(m)[0xFFEF], 0x5A);
    assert_ptr_equal(mem_host_page(m, 0x100000, true), mem_ram(m));
    /* A word at 0xFFFFF with A20 off wraps to 0 for the second byte. */
    mem_write8(m, 0xFFFFF, 0xCD);
    mem_write8(m, 0x0, 0xAB);
    assert_int_equal(mem_read16(m, 0xFFFFF), 0xABCD);
    mem_set_a20(m, true);
    assert_int_equal(mem_read8(m, 0x100010), 0x22);
    assert_int_equal(mem_read16(m, 0xFFFFF), 0xCD | mem_ram(m)[0x100000] << 8);

    /* 20-bit width (8086): wraps at 1 MiB regardless of A20. */
    mem_set_addr_bits(m, 20);
    assert_int_equal(mem_read8(m, 0x100010), 0x11);
    assert_int_equal(mem_read16(m, 0xFFFFF), 0xABCD);
    /* 24-bit width (286): 16 MiB wrap, 1 MiB visible. */
    mem_set_addr_bits(m, 24);
    assert_int_equal(mem_read8(m, 0x100010), 0x22);
    assert_int_equal(mem_read8(m, 0x1100010), 0x22);
    assert_int_equal(mem_read8(m, 0xFF000010u), 0x11);
    mem_set_addr_bits(m, 32);
    assert_int_equal(mem_read8(m, 0x1100010), 0xFF);
    mem_destroy(m);
}

static void count_hook(void *opaque) { (*(int *)opaque)++; }

static void test_hook(void **state)
{
    (void)state;
    struct mem *m = mem_create(1 << 20);
    int n = 0;
    mem_set_change_hook(m, count_hook, &n);
    mem_set_a20(m, false);
    mem_set_a20(m, false); /* no change, no call */
    mem_set_a20(m, true);
    uint8_t rom[4096] = { 0 };
    mem_map_rom(m, 0xC0000, rom, sizeof rom);
    assert_int_equal(n, 3);
    mem_destroy(m);
}

static void test_bad_create(void **state)
{
    (void)state;
    assert_null(mem_create(4095));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ram_basic),
        cmocka_unit_test(test_unmapped),
        cmocka_unit_test(test_rom),
        cmocka_unit_test(test_mmio),
        cmocka_unit_test(test_width_a20),
        cmocka_unit_test(test_hook),
        cmocka_unit_test(test_bad_create),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
