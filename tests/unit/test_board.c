/*
 * test_board.c - unit tests of the board: port-table dispatch and access
 * splitting, unclaimed ports, the debug console, the isa-debug-exit status
 * arithmetic, port 0x92, BIOS/RAM size validation and BIOS mapping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../devices/board.h"
#include "../../mmu/mem.h"

/* A board with only the port table, for dispatch tests (no CPU, no RAM). */
static struct board *bare_board(FILE *log)
{
    struct board *b = calloc(1, sizeof(*b));

    assert_non_null(b);
    b->log = log;
    return b;
}

/* Count the lines in a temporary log file. */
static int count_lines(FILE *f)
{
    int n = 0, ch;

    fflush(f);
    rewind(f);
    while ((ch = fgetc(f)) != EOF)
        if (ch == '\n')
            n++;
    return n;
}

/* A fake device that records its accesses. */
struct rec {
    int reads, writes;
    uint16_t last_port;
    int last_size;
    uint32_t last_value;
};

static uint32_t rec_read(void *opaque, uint16_t port, int size)
{
    struct rec *r = opaque;

    r->reads++;
    r->last_port = port;
    r->last_size = size;
    /* Distinct per port: 0x10 + low byte of the port, repeated per byte. */
    return size == 1 ? (uint32_t)(0x10 + (port & 0xFF)) : 0xA1B2C3D4u;
}

static void rec_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct rec *r = opaque;

    r->writes++;
    r->last_port = port;
    r->last_size = size;
    r->last_value = value;
}

static void test_dispatch_byte_device(void **state)
{
    struct board *b = bare_board(NULL);
    struct rec r = { 0 };

    (void)state;
    assert_int_equal(board_register_ports(b, 0x60, 5, 1, rec_read, rec_write, &r, "rec"), 0);
    /* The callback gets the absolute port. */
    assert_int_equal(board_io_read(b, 0x62, 1), 0x72);
    assert_int_equal(r.last_port, 0x62);
    assert_int_equal(r.last_size, 1);
    board_io_write(b, 0x64, 0x1234, 1);
    assert_int_equal(r.last_port, 0x64);
    assert_int_equal(r.last_value, 0x34); /* truncated to the access size */
    /* A word access to a byte-wide device is split, little-endian. */
    r.reads = 0;
    assert_int_equal(board_io_read(b, 0x60, 2), 0x7170);
    assert_int_equal(r.reads, 2);
    r.writes = 0;
    board_io_write(b, 0x60, 0xBEEF, 2);
    assert_int_equal(r.writes, 2);
    assert_int_equal(r.last_port, 0x61);
    assert_int_equal(r.last_value, 0xBE);
    /* A dword access running past the range: claimed bytes from the
     * device, the unclaimed one reads 0xFF. */
    assert_int_equal(board_io_read(b, 0x62, 4), 0xFF747372u);
    free(b);
}

static void test_dispatch_wide_device(void **state)
{
    struct board *b = bare_board(NULL);
    struct rec r = { 0 };

    (void)state;
    assert_int_equal(board_register_ports(b, 0xCF8, 8, 4, rec_read, rec_write, &r, "wide"), 0);
    assert_int_equal(board_io_read(b, 0xCF8, 4), 0xA1B2C3D4u);
    assert_int_equal(r.reads, 1);
    assert_int_equal(r.last_size, 4);
    assert_int_equal(board_io_read(b, 0xCFC, 2), 0xC3D4); /* masked to 16 bits */
    board_io_write(b, 0xCF8, 0x80000000u, 4);
    assert_int_equal(r.writes, 1);
    assert_int_equal(r.last_value, 0x80000000u);
    free(b);
}

static void test_register_errors(void **state)
{
    FILE *log = tmpfile();
    struct board *b = bare_board(log);
    struct rec r = { 0 };

    (void)state;
    assert_int_equal(board_register_ports(b, 0x40, 4, 1, rec_read, rec_write, &r, "a"), 0);
    /* Overlap, empty range, past 0xFFFF, bad width. */
    assert_int_equal(board_register_ports(b, 0x43, 2, 1, rec_read, rec_write, &r, "b"), -1);
    assert_int_equal(board_register_ports(b, 0x50, 0, 1, rec_read, rec_write, &r, "c"), -1);
    assert_int_equal(board_register_ports(b, 0xFFFF, 2, 1, rec_read, rec_write, &r, "d"), -1);
    assert_int_equal(board_register_ports(b, 0x50, 1, 3, rec_read, rec_write, &r, "e"), -1);
    assert_int_equal(b->nhandlers, 1);
    assert_int_equal(count_lines(log), 4); /* each refusal says why */
    /* The last port can be claimed. */
    assert_int_equal(board_register_ports(b, 0xFFFF, 1, 1, rec_read, rec_write, &r, "f"), 0);
    assert_int_equal(board_io_read(b, 0xFFFF, 1), (0x10 + 0xFF) & 0xFF); /* masked to 8 bits */
    free(b);
    fclose(log);
}

static void test_unclaimed_ports(void **state)
{
    FILE *log = tmpfile();
    struct board *b = bare_board(log);

    (void)state;
    assert_int_equal(board_io_read(b, 0x80, 1), 0xFF);
    assert_int_equal(board_io_read(b, 0x80, 2), 0xFFFF);
    assert_int_equal(board_io_read(b, 0x80, 4), 0xFFFFFFFFu);
    /* One line per (first) port and direction, not per byte or access. */
    assert_int_equal(count_lines(log), 1);
    board_io_write(b, 0x80, 0x55, 1);
    board_io_write(b, 0x80, 0x66, 1);
    assert_int_equal(count_lines(log), 2); /* writes logged once per port too */
    board_io_read(b, 0x81, 1);
    assert_int_equal(count_lines(log), 3);
    /* A word at 0xFFFF: the byte past the I/O space floats high. */
    assert_int_equal(board_io_read(b, 0xFFFF, 2), 0xFFFF);
    free(b);
    fclose(log);
}

/* Console tap that collects bytes. */
static char tapped[64];
static size_t ntapped;
static void tap(void *opaque, uint8_t byte)
{
    (void)opaque;
    if (ntapped < sizeof(tapped) - 1)
        tapped[ntapped++] = (char)byte;
}

static void test_debugcon(void **state)
{
    FILE *sink = tmpfile();
    struct board *b = bare_board(NULL);
    char buf[8] = { 0 };

    (void)state;
    assert_int_equal(debugcon_init(&b->debugcon, b, sink), 0);
    b->console_tap = tap;
    ntapped = 0;
    assert_int_equal(board_io_read(b, 0xE9, 1), 0xE9);
    board_io_write(b, 0xE9, 'o', 1);
    board_io_write(b, 0xE9, 0x0A6B, 2); /* 'k' to 0xE9, 0x0A to unclaimed 0xEA */
    debugcon_flush(&b->debugcon);
    rewind(sink);
    assert_int_equal(fread(buf, 1, sizeof(buf), sink), 2);
    assert_string_equal(buf, "ok");
    assert_int_equal(ntapped, 2);
    assert_memory_equal(tapped, "ok", 2);
    free(b);
    fclose(sink);
}

static void test_exit_port(void **state)
{
    struct board *b = bare_board(NULL);

    (void)state;
    assert_int_equal(isa_exit_status(0), 1);
    assert_int_equal(isa_exit_status(1), 3);
    assert_int_equal(isa_exit_status(0x7F), 0xFF);
    assert_int_equal(isa_exit_status(0x80) & 0xFF, 1); /* the host keeps 8 bits */
    assert_int_equal(isa_exit_init(&b->isa_exit, b), 0);
    assert_false(b->req.exit);
    board_io_write(b, 0xF4, 0x105, 1); /* an OUT of AL: only 0x05 reaches the port */
    assert_true(b->req.exit);
    assert_int_equal(b->req.exit_status, 11);
    assert_true(b->cpu.stop_request);
    /* The port is 8 bits wide (QEMU iosize=1): OUT DX, AX delivers AL only. */
    board_io_write(b, 0xF4, 0x1234, 2);
    assert_int_equal(b->req.exit_status, 0x69);
    assert_int_equal(board_io_read(b, 0xF4, 1), 0xFF); /* write-only */
    free(b);
}

static void test_bios_size(void **state)
{
    char err[200];

    (void)state;
    assert_int_equal(board_check_bios_size(0, err, sizeof(err)), -1);
    assert_int_equal(board_check_bios_size(4096, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "4096 bytes"));
    assert_int_equal(board_check_bios_size(65535, err, sizeof(err)), -1);
    assert_int_equal(board_check_bios_size(65536, err, sizeof(err)), 0);
    assert_int_equal(board_check_bios_size(98304, err, sizeof(err)), -1);
    assert_int_equal(board_check_bios_size(131072, err, sizeof(err)), 0);
    assert_int_equal(board_check_bios_size(16u << 20, err, sizeof(err)), 0);
    assert_int_equal(board_check_bios_size((16u << 20) + 65536, err, sizeof(err)), -1);
    assert_int_equal(board_check_bios_size(1ull << 33, err, sizeof(err)), -1);
}

static void test_ram_size(void **state)
{
    char err[200];

    (void)state;
    assert_int_equal(board_check_ram_mib(0, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "0 MiB"));
    assert_int_equal(board_check_ram_mib(1, err, sizeof(err)), 0);
    assert_int_equal(board_check_ram_mib(3584, err, sizeof(err)), 0);
    assert_int_equal(board_check_ram_mib(3585, err, sizeof(err)), -1);
    assert_int_equal(board_addr_bits(CPU_8086), 20);
    assert_int_equal(board_addr_bits(CPU_186), 20);
    assert_int_equal(board_addr_bits(CPU_286), 24);
    assert_int_equal(board_addr_bits(CPU_386), 32);
    assert_int_equal(board_addr_bits(CPU_P6), 32);
}

/* An image whose every 4-byte word holds its own offset. */
static uint8_t *make_image(uint32_t size)
{
    uint8_t *img = malloc(size);

    assert_non_null(img);
    for (uint32_t k = 0; k < size; k += 4)
        memcpy(img + k, &k, 4);
    return img;
}

static struct board *create(enum cpu_model model, const uint8_t *img, uint32_t size,
                            char *err, size_t errlen)
{
    struct board_config cfg = {
        .ram_mib = 16, .model = model, .bios = img, .bios_size = size,
        .debugcon_sink = NULL, .log = NULL,
    };
    return board_create(&cfg, err, errlen);
}

static void test_board_create_bios_map(void **state)
{
    uint32_t size = 256 * 1024;
    uint8_t *img = make_image(size);
    char err[200] = "";
    struct board *b;

    (void)state;
    b = create(CPU_P6, img, size, err, sizeof(err));
    assert_non_null(b);
    /* Whole image below 4 GiB; its last 128 KiB below 1 MiB. */
    assert_int_equal(mem_read32(b->mem, 0xFFFFFFF0u), size - 16);
    assert_int_equal(mem_read32(b->mem, 0xFFFC0000u), 0);
    assert_int_equal(mem_read32(b->mem, 0xFFFF0u), size - 16);
    assert_int_equal(mem_read32(b->mem, 0xE0000u), size - 128 * 1024);
    /* The ROM is read-only. */
    mem_write32(b->mem, 0xFFFF0u, 0);
    assert_int_equal(mem_read32(b->mem, 0xFFFF0u), size - 16);
    /* Reset vector (SDM Vol. 3A, 9.1.4) and the wiring. */
    assert_int_equal(b->cpu.eip, 0xFFF0);
    assert_int_equal(b->cpu.seg[SEG_CS].base + b->cpu.eip, 0xFFFFFFF0u);
    assert_ptr_equal(b->cpu.io_opaque, b);
    assert_true(mem_get_a20(b->mem));
    board_destroy(b);
    free(img);
}

static void test_board_create_286_map(void **state)
{
    uint32_t size = 64 * 1024;
    uint8_t *img = make_image(size);
    char err[200] = "";
    struct board *b;

    (void)state;
    b = create(CPU_286, img, size, err, sizeof(err));
    assert_non_null(b);
    /* 24 address lines: the 286 reset vector 0xFFFFF0 sees the ROM. */
    assert_int_equal(mem_read32(b->mem, 0xFFFFF0u), size - 16);
    assert_int_equal(mem_read32(b->mem, 0xFFFF0u), size - 16);
    board_destroy(b);
    free(img);
}

static void test_board_create_errors(void **state)
{
    uint8_t *img = make_image(65536);
    char err[200] = "";

    (void)state;
    assert_null(create(CPU_P6, NULL, 0, err, sizeof(err)));
    assert_non_null(strstr(err, "no BIOS image"));
    assert_null(create(CPU_P6, img, 4096, err, sizeof(err)));
    assert_non_null(strstr(err, "multiple of 64 KiB"));
    free(img);
}

/* Port 0x92 save/load: the latch comes back and A20 follows its bit 1
 * (state.h record "port92", version 1). */
static void test_port92_save_load(void **state)
{
    uint8_t *img = make_image(65536);
    char err[200] = "";
    struct board *b;
    struct state_writer w;

    (void)state;
    b = create(CPU_386, img, 65536, err, sizeof(err));
    assert_non_null(b);
    board_io_write(b, 0x64, 0xD1, 1); /* 8042 output port: A20 low */
    board_io_write(b, 0x60, 0xCD, 1);
    board_io_write(b, 0x92, 0x02, 1);
    assert_true(mem_get_a20(b->mem));
    state_writer_init(&w);
    assert_int_equal(port92_save(&b->port92, &w, "port92"), 0);
    board_io_write(b, 0x92, 0x00, 1);
    assert_false(mem_get_a20(b->mem));
    assert_int_equal(port92_load(&b->port92, w.buf, w.len, "port92"), 0);
    assert_int_equal(board_io_read(b, 0x92, 1), 0x02);
    assert_true(mem_get_a20(b->mem));
    assert_false(b->req.reset);
    assert_int_equal(port92_load(&b->port92, w.buf, w.len, "nope"), -1);
    state_writer_free(&w);
    board_destroy(b);
    free(img);
}

static void test_port92(void **state)
{
    uint8_t *img = make_image(65536);
    char err[200] = "";
    struct board *b;

    (void)state;
    b = create(CPU_386, img, 65536, err, sizeof(err));
    assert_non_null(b);
    /* After reset: the latch reads 0 (PIIX4 default) while A20 is enabled. */
    assert_int_equal(board_io_read(b, 0x92, 1), 0x00);
    assert_true(mem_get_a20(b->mem));
    /* The gate is the OR of port 0x92 bit 1 and the 8042's output port
     * bit 1 (PIIX3/PIIX4), which is high after reset: port 0x92 alone
     * cannot close it. Close the 8042's (D1 = write output port). */
    board_io_write(b, 0x92, 0x00, 1);
    assert_true(mem_get_a20(b->mem));
    board_io_write(b, 0x64, 0xD1, 1);
    board_io_write(b, 0x60, 0xCD, 1);
    assert_false(mem_get_a20(b->mem));
    /* With A20 off, 1 MiB aliases 0. */
    mem_write8(b->mem, 0x0, 0x5A);
    assert_int_equal(mem_read8(b->mem, 0x100000), 0x5A);
    board_io_write(b, 0x92, 0x02, 1);
    assert_true(mem_get_a20(b->mem));
    assert_int_equal(board_io_read(b, 0x92, 1), 0x02);
    assert_false(b->req.reset);
    board_io_write(b, 0x92, 0x03, 1); /* bit 0 rising: fast reset */
    assert_true(b->req.reset);
    assert_true(b->cpu.stop_request);
    assert_int_equal(board_io_read(b, 0x92, 1), 0x03);
    b->req.reset = false;
    board_io_write(b, 0x92, 0x03, 1); /* no edge: no new request */
    assert_false(b->req.reset);
    board_io_write(b, 0x92, 0x00, 1);
    assert_false(mem_get_a20(b->mem));
    board_reset(b);
    assert_false(b->req.reset);
    assert_true(mem_get_a20(b->mem)); /* reset enables A20 again */
    assert_int_equal(board_io_read(b, 0x92, 1), 0x00);
    board_destroy(b);
    free(img);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dispatch_byte_device),
        cmocka_unit_test(test_dispatch_wide_device),
        cmocka_unit_test(test_register_errors),
        cmocka_unit_test(test_unclaimed_ports),
        cmocka_unit_test(test_debugcon),
        cmocka_unit_test(test_exit_port),
        cmocka_unit_test(test_bios_size),
        cmocka_unit_test(test_ram_size),
        cmocka_unit_test(test_board_create_bios_map),
        cmocka_unit_test(test_board_create_286_map),
        cmocka_unit_test(test_board_create_errors),
        cmocka_unit_test(test_port92),
        cmocka_unit_test(test_port92_save_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
