/*
 * test_fdc.c - unit tests of the 82077AA floppy controller
 * (devices/fdc82077.c) with the 8237A on DMA channel 2 and a 1.44M image:
 * reset and the four SENSE INTERRUPT polling results, MSR in each phase,
 * VERSION/DUMPREG/LOCK/invalid command, SEEK/RECALIBRATE and SENSE
 * INTERRUPT, SENSE DRIVE STATUS, READ DATA by DMA (multi-sector, MT, end
 * of cylinder), result C/H/R/N, WRITE DATA to the file, write protect,
 * sector not found, a failed host write reported as ST1 DE, READ ID,
 * FORMAT TRACK, disk change in DIR, non-DMA reads through the FIFO.
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

#include "../../devices/disk.h"
#include "../../devices/dma8237.h"
#include "../../devices/fdc82077.h"
#include "../../devices/isa.h"
#include "../../devices/state.h"
#include "../../mmu/mem.h"

#define IMG_SIZE 1474560

static struct {
    struct mem *mem;
    struct isa_bus bus;
    struct dma8237 dma;
    struct fdc82077 fdc;
    struct disk disk;
    char path[64];
    int irq6;          /* current level of IRQ 6 */
    int irq6_edges;
    FILE *log;
} fx;

static void irq_set(void *opaque, int irq, int level)
{
    (void)opaque;
    if (irq != 6)
        return;
    if (level && !fx.irq6)
        fx.irq6_edges++;
    fx.irq6 = level;
}

/* Expected image byte (sector pattern). */
static uint8_t pat(uint32_t off) { return (uint8_t)(off * 13 + off / 512); }

static void open_disk(bool read_only)
{
    char err[256];

    assert_int_equal(disk_open(&fx.disk, fx.path, DISK_FLOPPY, false, read_only, fx.log, err,
                               sizeof(err)), 0);
}

static int setup(void **state)
{
    FILE *f;
    int fd;

    (void)state;
    memset(&fx, 0, sizeof(fx));
    strcpy(fx.path, "/tmp/x86pc-test-fdc-XXXXXX");
    fd = mkstemp(fx.path);
    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    for (uint32_t i = 0; i < IMG_SIZE; i++)
        fputc(pat(i), f);
    fclose(f);
    fx.log = tmpfile();
    fx.mem = mem_create(2u << 20);
    mem_set_addr_bits(fx.mem, 32);
    fx.bus.irq_set = irq_set;
    assert_int_equal(dma8237_init(&fx.dma, NULL, &fx.bus, fx.mem), 0);
    assert_int_equal(fdc82077_init(&fx.fdc, NULL, &fx.bus), 0);
    open_disk(false);
    fdc82077_attach(&fx.fdc, 0, &fx.disk);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    disk_close(&fx.disk);
    unlink(fx.path);
    mem_destroy(fx.mem);
    fclose(fx.log);
    return 0;
}

static void out8(uint16_t port, uint8_t v) { fdc82077_port_write(&fx.fdc, port, v, 1); }
static uint8_t in8(uint16_t port) { return (uint8_t)fdc82077_port_read(&fx.fdc, port, 1); }

/* Write a command byte; the MSR must say the FIFO wants one. */
static void cmd(int n, ...)
{
    va_list ap;

    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(in8(0x3F4) & 0xC0, 0x80);   /* RQM, DIO = host -> FDC */
        out8(0x3F5, (uint8_t)va_arg(ap, int));
    }
    va_end(ap);
}

/* Read n result bytes (MSR: RQM | DIO | CB before each). */
static void result(uint8_t *r, int n)
{
    for (int i = 0; i < n; i++) {
        assert_int_equal(in8(0x3F4) & 0xD0, 0xD0);
        r[i] = in8(0x3F5);
    }
    assert_int_equal(in8(0x3F4) & 0xF0, 0x80);       /* back to idle */
}

/* Controller out of reset with the DMA gate, the 4 polling results read. */
static void bring_up(void)
{
    uint8_t r[2];

    assert_int_equal(in8(0x3F4), 0x00);              /* held in reset at power-on */
    out8(0x3F2, 0x1C);                               /* motor 0, DMA gate, nRESET */
    assert_int_equal(fx.irq6, 1);
    for (int d = 0; d < 4; d++) {
        cmd(1, 0x08);
        result(r, 2);
        assert_int_equal(r[0], 0xC0 | d);
        assert_int_equal(r[1], 0);
        if (d == 0)
            assert_int_equal(fx.irq6, 0);
    }
    cmd(1, 0x08);                                    /* nothing pending: invalid */
    result(r, 1);
    assert_int_equal(r[0], 0x80);
}

/* Program DMA channel 2 for `bytes` at physical `addr`, mode 0x46 (write to
 * memory) or 0x4A (read from memory), and unmask it. */
static void dma_setup(uint32_t addr, uint32_t bytes, uint8_t mode)
{
    dma8237_port_write(&fx.dma, 0x0A, 0x06, 1);
    dma8237_port_write(&fx.dma, 0x0B, mode, 1);
    dma8237_port_write(&fx.dma, 0x0C, 0, 1);
    dma8237_port_write(&fx.dma, 0x04, addr & 0xFF, 1);
    dma8237_port_write(&fx.dma, 0x04, (addr >> 8) & 0xFF, 1);
    dma8237_port_write(&fx.dma, 0x81, (addr >> 16) & 0xFF, 1);
    dma8237_port_write(&fx.dma, 0x05, (bytes - 1) & 0xFF, 1);
    dma8237_port_write(&fx.dma, 0x05, (bytes - 1) >> 8, 1);
    dma8237_port_write(&fx.dma, 0x0A, 0x02, 1);
}

static void seek(int drive, int head, int cyl)
{
    uint8_t r[2];

    cmd(3, 0x0F, head << 2 | drive, cyl);
    assert_int_equal(fx.irq6, 1);
    cmd(1, 0x08);
    result(r, 2);
    assert_int_equal(r[0], 0x20 | head << 2 | drive);
    assert_int_equal(r[1], cyl);
    assert_int_equal(fx.irq6, 0);
}

static void test_reset_version_dumpreg(void **state)
{
    uint8_t r[10];

    (void)state;
    bring_up();
    cmd(1, 0x10);
    result(r, 1);
    assert_int_equal(r[0], 0x90);
    cmd(3, 0x03, 0xDF, 0x02);                        /* SPECIFY: SRT/HUT, HLT, DMA */
    assert_int_equal(fx.irq6, 0);                    /* no result, no INT */
    cmd(4, 0x13, 0x00, 0x47, 0x05);                  /* CONFIGURE: EIS, FIFO on, polling, thr 7 */
    cmd(1, 0x94);                                    /* LOCK */
    result(r, 1);
    assert_int_equal(r[0], 0x10);
    seek(0, 0, 5);
    cmd(1, 0x0E);
    result(r, 10);
    assert_int_equal(r[0], 5);
    assert_int_equal(r[4], 0xDF);
    assert_int_equal(r[5], 0x02);
    assert_int_equal(r[7] & 0x80, 0x80);
    assert_int_equal(r[8], 0x47);
    assert_int_equal(r[9], 0x05);
    /* A software reset keeps a LOCKed CONFIGURE. */
    out8(0x3F4, 0x80);
    for (int d = 0; d < 4; d++) {
        cmd(1, 0x08);
        result(r, 2);
    }
    cmd(1, 0x0E);
    result(r, 10);
    assert_int_equal(r[8], 0x47);
    /* Polling disabled (LOCKed): a reset still interrupts, as Linux expects. */
    cmd(4, 0x13, 0x00, 0x57, 0x05);
    out8(0x3F4, 0x80);
    assert_int_equal(fx.irq6, 1);
    for (int d = 0; d < 4; d++) {
        cmd(1, 0x08);
        result(r, 2);
        assert_int_equal(r[0], 0xC0 | d);
    }
    cmd(1, 0x1F);                                    /* invalid opcode */
    result(r, 1);
    assert_int_equal(r[0], 0x80);
}

static void test_recal_sense_drive(void **state)
{
    uint8_t r[2];

    (void)state;
    bring_up();
    seek(0, 1, 40);
    cmd(2, 0x04, 0x00);                              /* SENSE DRIVE STATUS */
    result(r, 1);
    assert_int_equal(r[0] & 0x10, 0);                /* not at track 0 */
    assert_int_equal(r[0] & 0x40, 0);                /* writable */
    cmd(2, 0x07, 0x00);                              /* RECALIBRATE */
    assert_int_equal(fx.irq6, 1);
    cmd(1, 0x08);
    result(r, 2);
    assert_int_equal(r[0], 0x20);
    assert_int_equal(r[1], 0);
    cmd(2, 0x04, 0x00);
    result(r, 1);
    assert_int_equal(r[0], 0x38);                    /* RDY, T0, two-sided, drive 0 */
    /* Recalibrate of a drive that is not connected: no track 0 signal. */
    cmd(2, 0x07, 0x01);
    cmd(1, 0x08);
    result(r, 2);
    assert_int_equal(r[0], 0x71);                    /* abnormal, SE, EC */
}

static void test_read_dma(void **state)
{
    uint8_t r[7];

    (void)state;
    bring_up();
    seek(0, 1, 2);
    /* C=2 H=1 R=17, EOT=18, MT: sectors 17, 18 of head 1 then TC. */
    dma_setup(0x10000, 1024, 0x46);
    cmd(9, 0xE6, 0x04, 2, 1, 17, 2, 18, 0x1B, 0xFF);
    assert_int_equal(fx.irq6, 1);
    result(r, 7);
    assert_int_equal(r[0], 0x04);                    /* normal, head 1, drive 0 */
    assert_int_equal(r[1], 0);
    assert_int_equal(r[2], 0);
    assert_int_equal(r[3], 3);                       /* EOT on head 1 with MT: C+1 */
    assert_int_equal(r[4], 0);
    assert_int_equal(r[5], 1);
    assert_int_equal(r[6], 2);
    uint32_t lba = (2 * 2 + 1) * 18 + 16;
    for (uint32_t i = 0; i < 1024; i++)
        assert_int_equal(mem_read8(fx.mem, 0x10000 + i), pat(lba * 512 + i));
    assert_int_equal(dma8237_port_read(&fx.dma, 0x08, 1) & 0x04, 0x04);  /* TC */

    /* MT from head 0 sector 18 continues on head 1 sector 1. */
    seek(0, 0, 2);
    dma_setup(0x20000, 1024, 0x46);
    cmd(9, 0xC6, 0x00, 2, 0, 18, 2, 18, 0x1B, 0xFF);
    result(r, 7);
    assert_int_equal(r[0], 0x04);                    /* ends on head 1 */
    assert_int_equal(r[3], 2);
    assert_int_equal(r[4], 1);
    assert_int_equal(r[5], 2);
    lba = (2 * 2 + 0) * 18 + 17;
    for (uint32_t i = 0; i < 1024; i++)
        assert_int_equal(mem_read8(fx.mem, 0x20000 + i), pat(lba * 512 + i));

    /* Without MT, reading past EOT with DMA count left: end of cylinder. */
    dma_setup(0x30000, 4096, 0x46);
    cmd(9, 0x46, 0x00, 2, 0, 17, 2, 18, 0x1B, 0xFF);
    result(r, 7);
    assert_int_equal(r[0], 0x40);
    assert_int_equal(r[1], 0x80);                    /* EN */
    assert_int_equal(r[3], 3);
    assert_int_equal(r[5], 1);
}

static void test_read_errors(void **state)
{
    uint8_t r[7];

    (void)state;
    bring_up();
    seek(0, 0, 1);
    dma_setup(0x10000, 512, 0x46);
    cmd(9, 0x46, 0x00, 1, 0, 19, 2, 19, 0x1B, 0xFF);  /* no sector 19 */
    result(r, 7);
    assert_int_equal(r[0], 0x40);
    assert_int_equal(r[1], 0x04);                    /* ND */
    dma_setup(0x10000, 512, 0x46);
    cmd(9, 0x46, 0x00, 3, 0, 1, 2, 18, 0x1B, 0xFF);   /* C=3 but head at 1 */
    result(r, 7);
    assert_int_equal(r[1], 0x04);
    assert_int_equal(r[2], 0x10);                    /* WC */
    /* Empty drive: no address mark. */
    fdc82077_change_media(&fx.fdc, 0, NULL);
    dma_setup(0x10000, 512, 0x46);
    cmd(9, 0x46, 0x00, 1, 0, 1, 2, 18, 0x1B, 0xFF);
    result(r, 7);
    assert_int_equal(r[0], 0x40);
    assert_int_equal(r[1], 0x01);                    /* MA */
}

static void test_write_dma(void **state)
{
    uint8_t r[7];
    uint8_t b[512];
    uint32_t lba = (10 * 2 + 1) * 18 + 4;

    (void)state;
    bring_up();
    seek(0, 1, 10);
    for (int i = 0; i < 512; i++)
        mem_write8(fx.mem, 0x40000 + i, (uint8_t)(i ^ 0x5A));
    dma_setup(0x40000, 512, 0x4A);
    cmd(9, 0x45, 0x04, 10, 1, 5, 2, 18, 0x1B, 0xFF);
    result(r, 7);
    assert_int_equal(r[0], 0x04);
    assert_int_equal(r[5], 6);
    /* It is in the file already. */
    FILE *f = fopen(fx.path, "rb");
    fseek(f, (long)lba * 512, SEEK_SET);
    assert_int_equal(fread(b, 1, 512, f), 512);
    fclose(f);
    for (int i = 0; i < 512; i++)
        assert_int_equal(b[i], (uint8_t)(i ^ 0x5A));
}

static void test_write_protect(void **state)
{
    uint8_t r[7];

    (void)state;
    disk_close(&fx.disk);
    open_disk(true);
    bring_up();
    cmd(2, 0x04, 0x00);
    result(r, 1);
    assert_int_equal(r[0] & 0x40, 0x40);             /* WP */
    dma_setup(0x40000, 512, 0x4A);
    cmd(9, 0x45, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF);
    result(r, 7);
    assert_int_equal(r[0], 0x40);
    assert_int_equal(r[1], 0x02);                    /* NW */
}

/* A host write that fails reaches the guest as a data error. */
static void test_host_write_error(void **state)
{
    uint8_t r[7];
    struct rlimit old, lim;

    (void)state;
    bring_up();
    seek(0, 0, 79);
    dma_setup(0x40000, 512, 0x4A);
    signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 4096;
    setrlimit(RLIMIT_FSIZE, &lim);
    cmd(9, 0x45, 0x00, 79, 0, 1, 2, 18, 0x1B, 0xFF);
    setrlimit(RLIMIT_FSIZE, &old);
    result(r, 7);
    assert_int_equal(r[0], 0x40);
    assert_int_equal(r[1], 0x20);                    /* DE */
    assert_int_equal(fx.disk.errors, 1);
}

static void test_read_id_format(void **state)
{
    uint8_t r[7];
    uint8_t ids[18 * 4];

    (void)state;
    bring_up();
    seek(0, 0, 7);
    cmd(2, 0x4A, 0x00);
    result(r, 7);
    assert_int_equal(r[0], 0);
    assert_int_equal(r[3], 7);
    assert_int_equal(r[6], 2);
    assert_true(r[5] >= 1 && r[5] <= 18);
    /* FORMAT track 7 head 0 with filler 0xF6. */
    for (int s = 0; s < 18; s++) {
        ids[s * 4] = 7; ids[s * 4 + 1] = 0; ids[s * 4 + 2] = (uint8_t)(s + 1); ids[s * 4 + 3] = 2;
    }
    for (int i = 0; i < (int)sizeof(ids); i++)
        mem_write8(fx.mem, 0x50000 + i, ids[i]);
    dma_setup(0x50000, sizeof(ids), 0x4A);
    cmd(6, 0x4D, 0x00, 2, 18, 0x54, 0xF6);
    result(r, 7);
    assert_int_equal(r[0], 0);
    uint8_t b[512];
    assert_int_equal(disk_read(&fx.disk, (uint64_t)(7 * 2 * 18 + 5) * 512, b, 512), 0);
    for (int i = 0; i < 512; i++)
        assert_int_equal(b[i], 0xF6);
    assert_int_equal(disk_read(&fx.disk, (uint64_t)(7 * 2 * 18 + 18) * 512, b, 1), 0);
    assert_int_equal(b[0], pat((7 * 2 * 18 + 18) * 512));   /* head 1 untouched */
}

static void test_disk_change(void **state)
{
    (void)state;
    bring_up();
    assert_int_equal(in8(0x3F7) & 0x80, 0x80);       /* set at power-on */
    seek(0, 0, 1);
    assert_int_equal(in8(0x3F7) & 0x80, 0);          /* a step with media clears it */
    fdc82077_change_media(&fx.fdc, 0, NULL);
    assert_int_equal(in8(0x3F7) & 0x80, 0x80);
    seek(0, 0, 0);
    assert_int_equal(in8(0x3F7) & 0x80, 0x80);       /* no media: stays set */
    fdc82077_change_media(&fx.fdc, 0, &fx.disk);
    seek(0, 0, 2);
    assert_int_equal(in8(0x3F7) & 0x80, 0);
    assert_int_equal(fdc82077_cmos_types(&fx.fdc), 0x40);
    assert_int_equal(fdc82077_drive_count(&fx.fdc), 1);
}

static void test_non_dma_read(void **state)
{
    uint8_t r[7];

    (void)state;
    bring_up();
    cmd(3, 0x03, 0xDF, 0x03);                        /* ND = 1 */
    seek(0, 0, 0);
    cmd(9, 0x46, 0x00, 0, 0, 17, 2, 18, 0x1B, 0xFF);
    for (uint32_t i = 0; i < 1024; i++) {
        assert_int_equal(in8(0x3F4) & 0xE0, 0xE0);   /* RQM, DIO, NON-DMA */
        assert_int_equal(in8(0x3F5), pat(16 * 512 + i));
    }
    result(r, 7);                                    /* ran past EOT: EN */
    assert_int_equal(r[0], 0x40);
    assert_int_equal(r[1], 0x80);
}

/* Save, reset, load: the head positions and SPECIFY values come back. */
static void test_save_load(void **state)
{
    struct state_writer w;
    uint8_t r[10];

    (void)state;
    bring_up();
    cmd(3, 0x03, 0xAF, 0x02);
    seek(0, 0, 33);
    state_writer_init(&w);
    assert_int_equal(fdc82077_save(&fx.fdc, &w), 0);
    fdc82077_reset(&fx.fdc);
    fx.fdc.drv[0].pcn = 0;
    assert_int_equal(fdc82077_load(&fx.fdc, w.buf, w.len), 0);
    state_writer_free(&w);
    cmd(1, 0x0E);
    result(r, 10);
    assert_int_equal(r[0], 33);
    assert_int_equal(r[4], 0xAF);
}

/* AT mode: DOR bit 3 gates DRQ (and INT); the transfer waits for it. */
static void test_dma_gate(void **state)
{
    uint8_t r[7];

    (void)state;
    bring_up();
    out8(0x3F2, 0x14);                               /* motor, nRESET, no DMA gate */
    dma_setup(0x60000, 512, 0x46);
    cmd(9, 0x46, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF);
    assert_int_equal(in8(0x3F4), 0x10);              /* executing: waiting for DMA */
    assert_int_equal(mem_read8(fx.mem, 0x60001), 0);
    out8(0x3F2, 0x1C);                               /* gate open: DRQ, transfer, INT */
    assert_int_equal(fx.irq6, 1);
    result(r, 7);
    assert_int_equal(r[0], 0);
    assert_int_equal(mem_read8(fx.mem, 0x60001), pat(1));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_reset_version_dumpreg), T(test_recal_sense_drive), T(test_read_dma),
        T(test_read_errors), T(test_write_dma), T(test_write_protect),
        T(test_host_write_error), T(test_read_id_format), T(test_disk_change),
        T(test_non_dma_read), T(test_save_load), T(test_dma_gate),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
