/*
 * test_ata.c - unit tests of the ATA/ATAPI channel and the PIIX3 IDE
 * bus master (devices/ata.c, ata_atapi.c, piix_ide.c): signatures, status
 * and error bits, IDENTIFY DEVICE fields and checksum, PIO reads/writes
 * with LBA28, LBA48 and CHS, READ/WRITE MULTIPLE, nIEN, SRST, IDNF/ABRT,
 * a failed host write reported as an error, READ DMA through a PRD table,
 * and the ATAPI packet protocol (IDENTIFY PACKET, INQUIRY, TEST UNIT READY,
 * READ CAPACITY, READ(10) by PIO and DMA, REQUEST SENSE after an invalid
 * opcode, READ TOC).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../devices/ata.h"
#include "../../devices/disk.h"
#include "../../devices/isa.h"
#include "../../devices/piix_ide.h"
#include "../../devices/state.h"
#include "../../mmu/mem.h"

#define HD_SECTORS 16384u          /* 8 MiB */
#define CD_BLOCKS 64u

static struct {
    struct mem *mem;
    struct isa_bus bus;
    struct piix_ide ide;
    struct disk hd, cd;
    char hd_path[64], cd_path[64];
    int irq[16];
    FILE *log;
} fx;

static void irq_set(void *opaque, int irq, int level)
{
    (void)opaque;
    fx.irq[irq & 15] = level;
}

static uint8_t hd_pat(uint64_t off) { return (uint8_t)(off * 5 + off / 512 * 3); }
static uint8_t cd_pat(uint64_t off) { return (uint8_t)(off * 11 + off / 2048); }

static void make_file(char *path, uint64_t size, uint8_t (*pat)(uint64_t))
{
    int fd;
    FILE *f;

    strcpy(path, "/tmp/x86pc-test-ata-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    for (uint64_t i = 0; i < size; i++)
        fputc(pat(i), f);
    fclose(f);
}

static int setup(void **state)
{
    char err[256];

    (void)state;
    memset(&fx, 0, sizeof(fx));
    make_file(fx.hd_path, (uint64_t)HD_SECTORS * 512, hd_pat);
    make_file(fx.cd_path, (uint64_t)CD_BLOCKS * 2048, cd_pat);
    fx.log = tmpfile();
    assert_int_equal(disk_open(&fx.hd, fx.hd_path, DISK_HD, false, false, fx.log, err,
                               sizeof(err)), 0);
    assert_int_equal(disk_open(&fx.cd, fx.cd_path, DISK_CDROM, false, false, fx.log, err,
                               sizeof(err)), 0);
    fx.mem = mem_create(4u << 20);
    mem_set_addr_bits(fx.mem, 32);
    fx.bus.irq_set = irq_set;
    assert_int_equal(piix_ide_init(&fx.ide, NULL, NULL, &fx.bus, fx.mem, PIIX_IDE_DEVFN), 0);
    ata_attach(&fx.ide.ch[0], 0, ATA_DISK, &fx.hd);
    ata_attach(&fx.ide.ch[1], 0, ATA_CDROM, &fx.cd);
    fx.ide.bm_base = 0xC000;
    fx.ide.pci.config[PCI_COMMAND] |= PCI_COMMAND_IO | PCI_COMMAND_MASTER;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    disk_close(&fx.hd);
    disk_close(&fx.cd);
    unlink(fx.hd_path);
    unlink(fx.cd_path);
    mem_destroy(fx.mem);
    fclose(fx.log);
    return 0;
}

static void out8(uint16_t port, uint8_t v) { piix_ide_legacy_write(&fx.ide, port, v, 1); }
static uint8_t in8(uint16_t port) { return (uint8_t)piix_ide_legacy_read(&fx.ide, port, 1); }
static uint16_t in16(uint16_t port) { return (uint16_t)piix_ide_legacy_read(&fx.ide, port, 2); }
static void out16(uint16_t port, uint16_t v) { piix_ide_legacy_write(&fx.ide, port, v, 2); }

/* Primary master LBA28 task file + command. */
static void lba28_cmd(uint32_t lba, uint8_t count, uint8_t cmd)
{
    out8(0x1F6, (uint8_t)(0xE0 | (lba >> 24)));
    out8(0x1F2, count);
    out8(0x1F3, (uint8_t)lba);
    out8(0x1F4, (uint8_t)(lba >> 8));
    out8(0x1F5, (uint8_t)(lba >> 16));
    out8(0x1F7, cmd);
}

/* Read `sectors` sectors by PIO and check them against the image. */
static void pio_read_check(uint64_t lba, uint32_t sectors, uint32_t block)
{
    for (uint32_t s = 0; s < sectors; s++) {
        if (s % block == 0) {
            assert_int_equal(fx.irq[14], 1);            /* one INTRQ per DRQ block */
            assert_int_equal(in8(0x1F7), 0x58);         /* DRDY DSC DRQ; clears INTRQ */
            assert_int_equal(fx.irq[14], 0);
        }
        for (int w = 0; w < 256; w++) {
            uint64_t off = (lba + s) * 512 + 2 * w;
            assert_int_equal(in16(0x1F0), hd_pat(off) | hd_pat(off + 1) << 8);
        }
    }
    assert_int_equal(in8(0x3F6), 0x50);
}

static void test_signature_and_reset(void **state)
{
    (void)state;
    assert_int_equal(in8(0x1F2), 1);
    assert_int_equal(in8(0x1F3), 1);
    assert_int_equal(in8(0x1F4), 0);
    assert_int_equal(in8(0x1F5), 0);
    assert_int_equal(in8(0x1F7), 0x50);
    assert_int_equal(in8(0x171 + 3), 0x14);             /* ATAPI signature */
    assert_int_equal(in8(0x175), 0xEB);
    assert_int_equal(in8(0x177), 0x00);
    /* Absent slave on the primary channel: status 0. */
    out8(0x1F6, 0xB0);
    assert_int_equal(in8(0x1F7), 0x00);
    out8(0x1F6, 0xA0);
    /* Register echo (the BIOS's presence test). */
    out8(0x1F2, 0x55);
    out8(0x1F3, 0xAA);
    assert_int_equal(in8(0x1F2), 0x55);
    assert_int_equal(in8(0x1F3), 0xAA);
    /* SRST: busy while asserted, signature and ready after. */
    out8(0x3F6, 0x04);
    assert_int_equal(in8(0x3F6) & 0x80, 0x80);
    out8(0x3F6, 0x00);
    assert_int_equal(in8(0x1F7), 0x50);
    assert_int_equal(in8(0x1F2), 1);
    assert_int_equal(in8(0x1F1), 0x01);                 /* diagnostic code */
    /* The absent slave's registers were reset too (Linux polls them). */
    out8(0x1F6, 0xB0);
    assert_int_equal(in8(0x1F2), 1);
    assert_int_equal(in8(0x1F3), 1);
    assert_int_equal(in8(0x1F7), 0);
}

static void test_identify(void **state)
{
    uint16_t id[256];
    uint8_t sum = 0;
    char model[41];

    (void)state;
    out8(0x1F6, 0xA0);
    out8(0x1F7, 0xEC);
    assert_int_equal(fx.irq[14], 1);
    assert_int_equal(in8(0x1F7), 0x58);
    for (int i = 0; i < 256; i++)
        id[i] = in16(0x1F0);
    assert_int_equal(in8(0x1F7), 0x50);
    assert_int_equal(id[0], 0x0040);
    assert_int_equal(id[1], HD_SECTORS / (16 * 63));
    assert_int_equal(id[3], 16);
    assert_int_equal(id[6], 63);
    assert_int_equal(id[60] | (uint32_t)id[61] << 16, HD_SECTORS);
    assert_int_equal(id[100] | (uint32_t)id[101] << 16, HD_SECTORS);
    assert_true(id[49] & (1u << 9));                    /* LBA */
    assert_true(id[49] & (1u << 8));                    /* DMA */
    assert_true(id[83] & (1u << 10));                   /* LBA48 */
    assert_int_equal(id[47] & 0xFF, ATA_MAX_MULT);
    for (int i = 0; i < 20; i++) {
        model[2 * i] = (char)(id[27 + i] >> 8);
        model[2 * i + 1] = (char)id[27 + i];
    }
    model[40] = 0;
    assert_memory_equal(model, "x86pc ATA disk ", 15);
    for (int i = 0; i < 256; i++)
        sum = (uint8_t)(sum + (id[i] & 0xFF) + (id[i] >> 8));
    assert_int_equal(sum, 0);
    assert_int_equal(id[255] & 0xFF, 0xA5);
}

static void test_pio_read_write(void **state)
{
    (void)state;
    lba28_cmd(100, 3, 0x20);
    pio_read_check(100, 3, 1);
    /* LBA48: HOB bytes first. */
    out8(0x1F6, 0x40);
    out8(0x1F2, 0); out8(0x1F2, 2);
    out8(0x1F3, 0); out8(0x1F3, 0x10);
    out8(0x1F4, 0); out8(0x1F4, 0x20);
    out8(0x1F5, 0); out8(0x1F5, 0x00);
    out8(0x1F7, 0x24);
    pio_read_check(0x2010, 2, 1);
    /* CHS (0, 1, 1) = LBA 63 with the default 16/63 geometry. */
    out8(0x1F6, 0xA1);
    out8(0x1F2, 1);
    out8(0x1F3, 1);
    out8(0x1F4, 0);
    out8(0x1F5, 0);
    out8(0x1F7, 0x20);
    pio_read_check(63, 1, 1);
    assert_int_equal(in8(0x1F3), 2);                    /* next sector in CHS */
    /* WRITE SECTORS: DRQ at once, INTRQ after each block. */
    lba28_cmd(500, 2, 0x30);
    assert_int_equal(fx.irq[14], 0);
    for (int s = 0; s < 2; s++) {
        assert_int_equal(in8(0x3F6), 0x58);
        for (int w = 0; w < 256; w++)
            out16(0x1F0, (uint16_t)(0x1234 + w + s));
        assert_int_equal(fx.irq[14], 1);
        in8(0x1F7);
    }
    assert_int_equal(in8(0x1F7), 0x50);
    FILE *f = fopen(fx.hd_path, "rb");
    uint8_t b[4];
    fseek(f, 501 * 512 + 2, SEEK_SET);
    assert_int_equal(fread(b, 1, 2, f), 2);
    fclose(f);
    assert_int_equal(b[0] | b[1] << 8, 0x1234 + 1 + 1);
}

static void test_multiple(void **state)
{
    (void)state;
    lba28_cmd(0, 8, 0xC4);                              /* multiple mode not set */
    assert_int_equal(in8(0x1F7), 0x51);
    assert_int_equal(in8(0x1F1), 0x04);
    out8(0x1F2, 3);
    out8(0x1F7, 0xC6);                                  /* 3: not a power of two */
    assert_int_equal(in8(0x1F7), 0x51);
    out8(0x1F2, 4);
    out8(0x1F7, 0xC6);
    assert_int_equal(in8(0x1F7), 0x50);
    lba28_cmd(40, 8, 0xC4);
    pio_read_check(40, 8, 4);
}

static void test_errors_nien(void **state)
{
    (void)state;
    out8(0x1F6, 0xA0);
    out8(0x1F7, 0xFE);                                  /* not a command */
    assert_int_equal(fx.irq[14], 1);
    assert_int_equal(in8(0x1F7), 0x51);                 /* DRDY DSC ERR */
    assert_int_equal(in8(0x1F1), 0x04);                 /* ABRT */
    lba28_cmd(HD_SECTORS - 1, 2, 0x20);                 /* runs past the end */
    assert_int_equal(in8(0x1F7), 0x51);
    assert_int_equal(in8(0x1F1) & 0x10, 0x10);          /* IDNF */
    /* nIEN: no INTRQ, the status still tells. */
    out8(0x3F6, 0x02);
    lba28_cmd(0, 1, 0x20);
    assert_int_equal(fx.irq[14], 0);
    assert_int_equal(in8(0x3F6), 0x58);
    out8(0x3F6, 0x00);
    assert_int_equal(fx.irq[14], 1);                    /* pending INTRQ shows again */
}

/* A host write failure ends the command with ERR/ABRT, logged. */
static void test_host_write_error(void **state)
{
    struct rlimit old, lim;

    (void)state;
    signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 65536;
    lba28_cmd(1000, 1, 0x30);
    setrlimit(RLIMIT_FSIZE, &lim);
    for (int w = 0; w < 256; w++)
        out16(0x1F0, 0xBEEF);
    setrlimit(RLIMIT_FSIZE, &old);
    assert_int_equal(fx.irq[14], 1);
    assert_int_equal(in8(0x1F7), 0x51);
    assert_int_equal(in8(0x1F1), 0x04);
    assert_int_equal(in8(0x1F3), 1000 & 0xFF);          /* the failing LBA */
    assert_int_equal(fx.hd.errors, 1);
}

/* Write a PRD entry. */
static void prd(uint32_t at, uint32_t addr, uint32_t count, bool eot)
{
    mem_write32(fx.mem, at, addr);
    mem_write32(fx.mem, at + 4, (count & 0xFFFF) | (eot ? 0x80000000u : 0));
}

static void test_dma_read(void **state)
{
    (void)state;
    /* Two PRDs: 1024 bytes at 0x20000, 1024 at 0x30000 (EOT). */
    prd(0x1000, 0x20000, 1024, false);
    prd(0x1008, 0x30000, 1024, true);
    piix_ide_bm_write(&fx.ide, 0xC004, 0x1000, 4);
    piix_ide_bm_write(&fx.ide, 0xC000, BM_CMD_WRITE, 1);
    lba28_cmd(7, 4, 0xC8);                              /* READ DMA, 4 sectors */
    assert_int_equal(in8(0x3F6) & 0x08, 0x08);          /* waiting for the bus master */
    assert_int_equal(fx.irq[14], 0);
    piix_ide_bm_write(&fx.ide, 0xC000, BM_CMD_WRITE | BM_CMD_START, 1);
    assert_int_equal(fx.irq[14], 1);
    assert_int_equal(piix_ide_bm_read(&fx.ide, 0xC002, 1) & 7, BM_ST_INT);   /* not active */
    assert_int_equal(in8(0x1F7), 0x50);
    for (uint32_t i = 0; i < 1024; i++) {
        assert_int_equal(mem_read8(fx.mem, 0x20000 + i), hd_pat(7 * 512 + i));
        assert_int_equal(mem_read8(fx.mem, 0x30000 + i), hd_pat(9 * 512 + i));
    }
    piix_ide_bm_write(&fx.ide, 0xC002, BM_ST_INT, 1);   /* write 1 to clear */
    assert_int_equal(piix_ide_bm_read(&fx.ide, 0xC002, 1) & 7, 0);
    piix_ide_bm_write(&fx.ide, 0xC000, 0, 1);
    /* WRITE DMA with the bus master started first; a longer table stays active. */
    prd(0x1000, 0x20000, 0, true);                      /* 64 KiB */
    piix_ide_bm_write(&fx.ide, 0xC000, BM_CMD_START, 1);
    lba28_cmd(2000, 1, 0xCA);
    assert_int_equal(piix_ide_bm_read(&fx.ide, 0xC002, 1) & 7, BM_ST_INT | BM_ST_ACTIVE);
    uint8_t b[512];
    assert_int_equal(disk_read(&fx.hd, 2000 * 512, b, 512), 0);
    assert_int_equal(b[0], hd_pat(7 * 512));
}

/* Send a 12-byte packet to the secondary master (PIO, byte limit). */
static void packet(const uint8_t *p, uint16_t limit, bool dma)
{
    out8(0x176, 0xA0);
    out8(0x171, dma ? 1 : 0);
    out8(0x174, (uint8_t)limit);
    out8(0x175, (uint8_t)(limit >> 8));
    out8(0x177, 0xA0);
    assert_int_equal(in8(0x376) & 0x89, 0x08);          /* DRQ for the packet */
    assert_int_equal(in8(0x172) & 3, 1);                /* C/D = 1, I/O = 0 */
    for (int i = 0; i < 12; i += 2)
        out16(0x170, (uint16_t)(p[i] | p[i + 1] << 8));
}

/* Read a PIO data block into buf; returns its size. */
static uint32_t atapi_block(uint8_t *buf)
{
    uint32_t n;

    assert_int_equal(fx.irq[15], 1);
    assert_int_equal(in8(0x177) & 0x89, 0x08);
    assert_int_equal(in8(0x172) & 3, 2);                /* I/O = 1, C/D = 0 */
    n = in8(0x174) | in8(0x175) << 8;
    for (uint32_t i = 0; i < n; i += 2) {
        uint16_t w = in16(0x170);
        buf[i] = (uint8_t)w;
        buf[i + 1] = (uint8_t)(w >> 8);
    }
    return n;
}

static void atapi_status_ok(void)
{
    assert_int_equal(fx.irq[15], 1);
    assert_int_equal(in8(0x177) & 0x89, 0x00);
    assert_int_equal(in8(0x172) & 3, 3);
}

static void test_atapi(void **state)
{
    uint8_t buf[8192];
    uint8_t p[12];

    (void)state;
    /* IDENTIFY DEVICE is aborted with the signature; IDENTIFY PACKET works. */
    out8(0x176, 0xA0);
    out8(0x177, 0xEC);
    assert_int_equal(in8(0x177) & 0x01, 0x01);
    assert_int_equal(in8(0x171) & 0x04, 0x04);
    assert_int_equal(in8(0x174), 0x14);
    assert_int_equal(in8(0x175), 0xEB);
    out8(0x177, 0xA1);
    assert_int_equal(in8(0x177) & 0x08, 0x08);
    assert_int_equal(in16(0x170), 0x85C0);
    for (int i = 1; i < 256; i++)
        in16(0x170);
    /* INQUIRY. */
    memset(p, 0, 12); p[0] = 0x12; p[4] = 36;
    packet(p, 0xFFFE, false);
    assert_int_equal(atapi_block(buf), 36);
    assert_int_equal(buf[0], 0x05);
    assert_int_equal(buf[1], 0x80);
    atapi_status_ok();
    /* TEST UNIT READY. */
    memset(p, 0, 12);
    packet(p, 0, false);
    atapi_status_ok();
    /* READ CAPACITY. */
    memset(p, 0, 12); p[0] = 0x25;
    packet(p, 8, false);
    assert_int_equal(atapi_block(buf), 8);
    assert_int_equal(buf[3], CD_BLOCKS - 1);
    assert_int_equal(buf[6], 0x08);
    atapi_status_ok();
    /* READ(10) of 3 blocks with a 4096-byte limit: blocks of 2 and 1. */
    memset(p, 0, 12); p[0] = 0x28; p[5] = 5; p[8] = 3;
    packet(p, 4096, false);
    assert_int_equal(atapi_block(buf), 4096);
    assert_int_equal(atapi_block(buf + 4096), 2048);
    atapi_status_ok();
    for (uint32_t i = 0; i < 3 * 2048; i++)
        assert_int_equal(buf[i], cd_pat(5 * 2048 + i));
    /* Invalid opcode: CHECK CONDITION, then REQUEST SENSE says 5/20/00. */
    memset(p, 0, 12); p[0] = 0xFF;
    packet(p, 0xFFFE, false);
    assert_int_equal(in8(0x177) & 0x01, 0x01);
    assert_int_equal(in8(0x171) >> 4, 0x05);
    memset(p, 0, 12); p[0] = 0x03; p[4] = 18;
    packet(p, 0xFFFE, false);
    assert_int_equal(atapi_block(buf), 18);
    assert_int_equal(buf[0], 0x70);
    assert_int_equal(buf[2], 0x05);
    assert_int_equal(buf[12], 0x20);
    atapi_status_ok();
    /* READ TOC format 0 (LBA): track 1 at 0, lead-out at the capacity. */
    memset(p, 0, 12); p[0] = 0x43; p[8] = 100;
    packet(p, 0xFFFE, false);
    assert_int_equal(atapi_block(buf), 20);
    assert_int_equal(buf[1], 18);
    assert_int_equal(buf[6], 1);
    assert_int_equal(buf[14], 0xAA);
    assert_int_equal(buf[19], CD_BLOCKS);
    atapi_status_ok();
    /* READ(10) by DMA. */
    prd(0x2000, 0x40000, 4096, true);
    piix_ide_bm_write(&fx.ide, 0xC00C, 0x2000, 4);
    memset(p, 0, 12); p[0] = 0x28; p[5] = 9; p[8] = 2;
    packet(p, 0, true);
    piix_ide_bm_write(&fx.ide, 0xC008, BM_CMD_WRITE | BM_CMD_START, 1);
    atapi_status_ok();
    assert_int_equal(piix_ide_bm_read(&fx.ide, 0xC00A, 1) & 7, BM_ST_INT);
    for (uint32_t i = 0; i < 4096; i++)
        assert_int_equal(mem_read8(fx.mem, 0x40000 + i), cd_pat(9 * 2048 + i));
}

/* Save in the middle of a PIO read, reset, load: the transfer goes on. */
static void test_save_load(void **state)
{
    struct state_writer w;

    (void)state;
    lba28_cmd(300, 2, 0x20);
    assert_int_equal(in8(0x1F7), 0x58);
    for (int w16 = 0; w16 < 100; w16++)
        in16(0x1F0);
    state_writer_init(&w);
    assert_int_equal(piix_ide_save(&fx.ide, &w), 0);
    piix_ide_reset(&fx.ide);
    assert_int_equal(in8(0x1F7), 0x50);
    assert_int_equal(piix_ide_load(&fx.ide, w.buf, w.len), 0);
    state_writer_free(&w);
    assert_int_equal(in8(0x3F6), 0x58);
    for (int w16 = 100; w16 < 256; w16++) {
        uint64_t off = 300 * 512 + 2 * w16;
        assert_int_equal(in16(0x1F0), hd_pat(off) | hd_pat(off + 1) << 8);
    }
    pio_read_check(301, 1, 1);
}

/* Without PCI Bus Master Enable the bus master moves nothing. */
static void test_dma_needs_bus_master(void **state)
{
    (void)state;
    fx.ide.pci.config[PCI_COMMAND] &= (uint8_t)~PCI_COMMAND_MASTER;
    prd(0x1000, 0x20000, 512, true);
    piix_ide_bm_write(&fx.ide, 0xC004, 0x1000, 4);
    lba28_cmd(7, 1, 0xC8);
    piix_ide_bm_write(&fx.ide, 0xC000, BM_CMD_WRITE | BM_CMD_START, 1);
    assert_int_equal(mem_read8(fx.mem, 0x20000), 0);
    assert_int_equal(in8(0x1F7) & 0x01, 0x01);          /* the command failed */
}

/* MODE SENSE(10) capabilities page, GET CONFIGURATION, GET EVENT STATUS
 * NOTIFICATION, PREVENT + eject refused, READ TOC session info (MSF). */
static void test_atapi_pages(void **state)
{
    uint8_t buf[256];
    uint8_t p[12];

    (void)state;
    memset(p, 0, 12); p[0] = 0x5A; p[2] = 0x2A; p[8] = 64;
    packet(p, 0xFFFE, false);
    assert_int_equal(atapi_block(buf), 8 + 20);
    assert_int_equal(buf[1], 26);
    assert_int_equal(buf[8], 0x2A);
    assert_int_equal(buf[9], 0x12);
    atapi_status_ok();
    memset(p, 0, 12); p[0] = 0x46; p[8] = 64;
    packet(p, 0xFFFE, false);
    assert_int_equal(atapi_block(buf), 8 + 8 + 12);
    assert_int_equal(buf[7], 0x08);                     /* current profile CD-ROM */
    assert_int_equal(buf[13], 0x08);                    /* profile list holds it */
    atapi_status_ok();
    memset(p, 0, 12); p[0] = 0x4A; p[1] = 1; p[4] = 0x10; p[8] = 8;
    packet(p, 0xFFFE, false);
    assert_int_equal(atapi_block(buf), 8);
    assert_int_equal(buf[2], 0x04);
    assert_int_equal(buf[5], 0x02);                     /* media present */
    atapi_status_ok();
    memset(p, 0, 12); p[0] = 0x1E; p[4] = 1;            /* PREVENT */
    packet(p, 0, false);
    atapi_status_ok();
    memset(p, 0, 12); p[0] = 0x1B; p[4] = 2;            /* eject: refused */
    packet(p, 0, false);
    assert_int_equal(in8(0x177) & 0x01, 0x01);
    assert_int_equal(in8(0x171) >> 4, 0x05);
    memset(p, 0, 12); p[0] = 0x43; p[1] = 2; p[2] = 1; p[8] = 12;
    packet(p, 0xFFFE, false);
    assert_int_equal(atapi_block(buf), 12);
    assert_int_equal(buf[1], 10);
    assert_int_equal(buf[10], 2);                       /* MSF 00:00:02:00 */
    atapi_status_ok();
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_signature_and_reset), T(test_identify), T(test_pio_read_write),
        T(test_multiple), T(test_errors_nien), T(test_host_write_error), T(test_dma_read), T(test_dma_needs_bus_master),
        T(test_atapi), T(test_atapi_pages), T(test_save_load),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
