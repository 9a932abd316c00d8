/*
 * test_storage.c - the storage devices on the real board (board_storage.c):
 * start-up errors for missing or wrongly sized images, the legacy ports of
 * the FDC and the ATA channels, the PIIX3 IDE function on PCI 00:01.1
 * (IDs, class, IDETIM, BAR 4 sizing, the bus-master window following the
 * BAR and the I/O enable bit), CMOS drive facts, and a floppy READ DATA by
 * DMA through the board's isa_bus into guest RAM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../devices/board.h"
#include "../../mmu/mem.h"

static uint8_t bios[65536];
static char fd_path[64], hd_path[64];

static void make_file(char *path, uint32_t size)
{
    int fd;
    FILE *f;

    strcpy(path, "/tmp/x86pc-test-storage-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    for (uint32_t i = 0; i < size; i++)
        fputc((int)(i * 7 + i / 512) & 0xFF, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    make_file(fd_path, 1474560);
    make_file(hd_path, 4u << 20);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(fd_path);
    unlink(hd_path);
    return 0;
}

static struct board_config base_cfg(void)
{
    struct board_config c;

    memset(&c, 0, sizeof(c));
    c.ram_mib = 4;
    c.model = CPU_P6;
    c.bios = bios;
    c.bios_size = sizeof(bios);
    return c;
}

static uint32_t pci_read(struct board *b, int devfn, int off, int size)
{
    board_io_write(b, 0xCF8, 0x80000000u | (uint32_t)devfn << 8 | (off & 0xFC), 4);
    return board_io_read(b, (uint16_t)(0xCFC + (off & 3)), size);
}

static void pci_write(struct board *b, int devfn, int off, uint32_t v, int size)
{
    board_io_write(b, 0xCF8, 0x80000000u | (uint32_t)devfn << 8 | (off & 0xFC), 4);
    board_io_write(b, (uint16_t)(0xCFC + (off & 3)), v, size);
}

static void test_startup_errors(void **state)
{
    struct board_config c = base_cfg();
    char err[300];

    (void)state;
    c.fd_path[0] = "/nonexistent/floppy.img";
    assert_null(board_create(&c, err, sizeof(err)));
    assert_non_null(strstr(err, "-fda"));
    assert_non_null(strstr(err, "cannot open"));
    c = base_cfg();
    c.fd_path[1] = hd_path;               /* 4 MiB is no floppy format */
    assert_null(board_create(&c, err, sizeof(err)));
    assert_non_null(strstr(err, "-fdb"));
    assert_non_null(strstr(err, "exactly"));
    c = base_cfg();
    c.cdrom_path = fd_path;
    c.hd_path[2] = hd_path;               /* both want the secondary master */
    assert_null(board_create(&c, err, sizeof(err)));
    assert_non_null(strstr(err, "-cdrom"));
}

static void test_ports_pci_cmos(void **state)
{
    struct board_config c = base_cfg();
    char err[300];
    struct board *b;
    uint32_t bar;

    (void)state;
    c.fd_path[0] = fd_path;
    c.hd_path[0] = hd_path;
    b = board_create(&c, err, sizeof(err));
    assert_non_null(b);
    assert_int_equal(board_io_read(b, 0x3F4, 1), 0x00);       /* FDC held in reset */
    assert_int_equal(board_io_read(b, 0x1F7, 1), 0x50);       /* ATA disk ready */
    assert_int_equal(board_io_read(b, 0x177, 1), 0xFF);       /* empty channel floats */
    assert_int_equal(b->cmos_floppy[0], 4);
    assert_int_equal(b->cmos_floppy[1], 0);
    assert_true(b->cmos_disk[0]);
    assert_false(b->cmos_disk[1]);
    /* PIIX3 IDE at 00:01.1. */
    assert_int_equal(pci_read(b, 0x09, 0x00, 4), 0x70108086u);
    assert_int_equal(pci_read(b, 0x09, 0x08, 4) >> 8, 0x010180u);
    pci_write(b, 0x09, 0x40, 0x8000, 2);                       /* IDETIM decode enable */
    assert_int_equal(pci_read(b, 0x09, 0x40, 2), 0x8000);
    pci_write(b, 0x09, 0x20, 0xFFFFFFFFu, 4);                  /* BAR 4 sizing */
    bar = pci_read(b, 0x09, 0x20, 4);
    assert_int_equal(bar, 0xFFFFFFF1u);                        /* 16 bytes of I/O */
    pci_write(b, 0x09, 0x20, 0xC000, 4);
    assert_int_equal(board_io_read(b, 0xC002, 1), 0xFF);       /* I/O decode still off */
    pci_write(b, 0x09, 0x04, 0x0005, 2);                       /* I/O + bus master */
    board_io_write(b, 0xC004, 0x12345678u, 4);
    assert_int_equal(board_io_read(b, 0xC004, 4), 0x12345678u & ~3u);
    pci_write(b, 0x09, 0x20, 0xD000, 4);                       /* the window moves */
    assert_int_equal(board_io_read(b, 0xC004, 4), 0xFFFFFFFFu);
    assert_int_equal(board_io_read(b, 0xD004, 4), 0x12345678u & ~3u);
    board_destroy(b);
}

/* Program the FDC through the board's ports and read C0/H0/R1 by DMA. */
static void test_floppy_dma_on_board(void **state)
{
    struct board_config c = base_cfg();
    char err[300];
    struct board *b;
    static const uint8_t cmd[9] = { 0xE6, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF };
    uint8_t res[7];

    (void)state;
    c.fd_path[0] = fd_path;
    b = board_create(&c, err, sizeof(err));
    assert_non_null(b);
    board_io_write(b, 0x3F2, 0x1C, 1);
    for (int d = 0; d < 4; d++) {                              /* polling results */
        board_io_write(b, 0x3F5, 0x08, 1);
        board_io_read(b, 0x3F5, 1);
        board_io_read(b, 0x3F5, 1);
    }
    board_io_write(b, 0x0A, 0x06, 1);                          /* DMA ch 2: 512 at 0x23000 */
    board_io_write(b, 0x0B, 0x46, 1);
    board_io_write(b, 0x0C, 0, 1);
    board_io_write(b, 0x04, 0x00, 1);
    board_io_write(b, 0x04, 0x30, 1);
    board_io_write(b, 0x81, 0x02, 1);
    board_io_write(b, 0x05, 0xFF, 1);
    board_io_write(b, 0x05, 0x01, 1);
    board_io_write(b, 0x0A, 0x02, 1);
    for (int i = 0; i < 9; i++)
        board_io_write(b, 0x3F5, cmd[i], 1);
    for (int i = 0; i < 7; i++)
        res[i] = (uint8_t)board_io_read(b, 0x3F5, 1);
    assert_int_equal(res[0], 0x00);
    assert_int_equal(res[5], 2);
    for (uint32_t i = 0; i < 512; i++)
        assert_int_equal(mem_read8(b->mem, 0x23000 + i), (i * 7 + i / 512) & 0xFF);
    board_destroy(b);
}

/* Deterministic random I/O on every storage port (DMA pair, page registers,
 * FDC, both ATA channels and control blocks, the bus-master window, PCI
 * config of 00:01.1) with random PRD tables in RAM: the devices must never
 * crash or touch memory outside guest RAM (run under ASan/UBSan by make
 * SANITIZE=1). Writes go to -snapshot overlays, never to the files. */
static void test_random_io(void **state)
{
    static const uint16_t ports[] = {
        0x00, 0x02, 0x04, 0x05, 0x08, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x81, 0x87,
        0xC4, 0xC6, 0xD0, 0xD4, 0xD6, 0xD8, 0x8B,
        0x3F2, 0x3F4, 0x3F5, 0x3F5, 0x3F5, 0x3F7,
        0x1F0, 0x1F0, 0x1F1, 0x1F2, 0x1F3, 0x1F4, 0x1F5, 0x1F6, 0x1F7, 0x3F6,
        0x170, 0x170, 0x171, 0x172, 0x173, 0x174, 0x175, 0x176, 0x177, 0x376,
        0xC000, 0xC002, 0xC004, 0xC008, 0xC00A, 0xC00C,
    };
    struct board_config c = base_cfg();
    char err[300];
    struct board *b;
    uint64_t x = 0x9E3779B97F4A7C15ull;

    (void)state;
    c.fd_path[0] = fd_path;
    c.hd_path[0] = hd_path;
    c.cdrom_path = hd_path;              /* 4 MiB: a multiple of 2048 */
    c.snapshot = true;
    b = board_create(&c, err, sizeof(err));
    assert_non_null(b);
    pci_write(b, 0x09, 0x20, 0xC000, 4);
    pci_write(b, 0x09, 0x04, 0x0005, 2);
    for (long i = 0; i < 3000000; i++) {
        uint16_t port;
        uint32_t v;
        int size;

        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        port = ports[(x >> 8) % (sizeof(ports) / sizeof(ports[0]))];
        v = (uint32_t)(x >> 32);
        size = (port == 0x1F0 || port == 0x170 || port == 0xC004 || port == 0xC00C)
                   ? (int[]){ 1, 2, 4 }[(x >> 5) % 3] : 1;
        if ((x & 0xFF) == 0) {           /* a random PRD entry somewhere in RAM */
            uint32_t at = (v % (4u << 20)) & ~7u;
            mem_write32(b->mem, at, (uint32_t)(x >> 16));
            mem_write32(b->mem, at + 4, (uint32_t)(x >> 24) | ((x & 0x100) ? 0x80000000u : 0));
        }
        if (x & 0x30)
            board_io_write(b, port, v, size);
        else
            board_io_read(b, port, size);
    }
    /* Well-formed ATAPI packets with random fields, by PIO and DMA. */
    for (long i = 0; i < 20000; i++) {
        static const uint8_t ops[] = { 0x00, 0x03, 0x12, 0x1B, 0x1E, 0x25, 0x28, 0xA8, 0x2B,
                                       0x43, 0x46, 0x4A, 0x5A, 0xBE };
        uint8_t pkt[12];

        for (int k = 0; k < 12; k++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            pkt[k] = (uint8_t)(x >> 40);
        }
        pkt[0] = ops[(x >> 8) % sizeof(ops)];
        if (pkt[0] == 0x28 || pkt[0] == 0xA8) {   /* mostly in range */
            pkt[2] = pkt[3] = pkt[4] = 0;
            pkt[6] = 0;
            pkt[7] = pkt[0] == 0x28 ? 0 : pkt[7] & 0;
            pkt[8] &= 0x3F;
        }
        board_io_write(b, 0x376, 0x00, 1);
        board_io_write(b, 0x176, 0xA0, 1);
        board_io_write(b, 0x171, (x >> 3) & 1, 1);          /* DMA bit */
        board_io_write(b, 0x174, (uint8_t)(x >> 16), 1);    /* byte count limit */
        board_io_write(b, 0x175, (uint8_t)(x >> 24), 1);
        board_io_write(b, 0x177, 0xA0, 1);
        for (int k = 0; k < 12; k += 2)
            board_io_write(b, 0x170, (uint32_t)(pkt[k] | pkt[k + 1] << 8), 2);
        if ((x >> 3) & 1) {
            uint32_t at = 0x100000 + (uint32_t)((x >> 12) & 0xFF) * 8;
            mem_write32(b->mem, 0x1000, at);
            mem_write32(b->mem, 0x1004, (uint32_t)(x >> 20) & 0x8000FFFEu);
            board_io_write(b, 0xC00C, 0x1000, 4);
            board_io_write(b, 0xC008, 0x08, 1);
            board_io_write(b, 0xC008, 0x09, 1);
            board_io_write(b, 0xC008, 0x00, 1);
        }
        for (int k = 0; k < 40000 && (board_io_read(b, 0x376, 1) & 0x08); k++)
            board_io_read(b, 0x170, 2);
        board_io_read(b, 0x177, 1);
    }
    board_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_startup_errors),
        cmocka_unit_test(test_ports_pci_cmos),
        cmocka_unit_test(test_floppy_dma_on_board),
        cmocka_unit_test(test_random_io),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
