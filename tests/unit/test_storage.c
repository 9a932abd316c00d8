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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_startup_errors),
        cmocka_unit_test(test_ports_pci_cmos),
        cmocka_unit_test(test_floppy_dma_on_board),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
