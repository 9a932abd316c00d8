/*
 * test_disk.c - unit tests of the disk image layer (devices/disk.c):
 * start-up checks (missing, wrongly sized), floppy geometry by size,
 * write-through to the file, the -snapshot copy-on-write overlay,
 * read-only images, and a failed host write returned as an error (and
 * logged), never dropped.
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

/* Create a temporary image of `size` bytes where byte i = i * 7 + i / 512. */
static char *make_image(uint64_t size)
{
    char *path = strdup("/tmp/x86pc-test-disk-XXXXXX");
    int fd = mkstemp(path);
    FILE *f;

    assert_true(fd >= 0);
    f = fdopen(fd, "wb");
    assert_non_null(f);
    for (uint64_t i = 0; i < size; i++)
        fputc((int)((i * 7 + i / 512) & 0xFF), f);
    fclose(f);
    return path;
}

/* Byte at `off` of the file at `path`. */
static int file_byte(const char *path, long off)
{
    FILE *f = fopen(path, "rb");
    int c;

    assert_non_null(f);
    fseek(f, off, SEEK_SET);
    c = fgetc(f);
    fclose(f);
    return c;
}

static void test_missing_and_bad_size(void **state)
{
    struct disk d;
    char err[256];
    char *p;

    (void)state;
    assert_int_equal(disk_open(&d, "/nonexistent/x.img", DISK_HD, false, false, NULL, err,
                               sizeof(err)), -1);
    assert_non_null(strstr(err, "cannot open"));
    p = make_image(1000);
    assert_int_equal(disk_open(&d, p, DISK_FLOPPY, false, false, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "exactly"));
    assert_int_equal(disk_open(&d, p, DISK_HD, false, false, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "multiple of 512"));
    assert_int_equal(disk_open(&d, p, DISK_CDROM, false, false, NULL, err, sizeof(err)), -1);
    assert_false(disk_present(&d));
    unlink(p);
    free(p);
}

static void test_floppy_formats(void **state)
{
    static const struct { uint32_t size; int c, h, s, type; } t[] = {
        { 163840, 40, 1, 8, 1 }, { 184320, 40, 1, 9, 1 }, { 327680, 40, 2, 8, 1 },
        { 368640, 40, 2, 9, 1 }, { 737280, 80, 2, 9, 3 }, { 1228800, 80, 2, 15, 2 },
        { 1474560, 80, 2, 18, 4 }, { 2949120, 80, 2, 36, 5 },
    };

    (void)state;
    for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
        const struct floppy_format *f = disk_floppy_format(t[k].size);

        assert_non_null(f);
        assert_int_equal(f->cylinders, t[k].c);
        assert_int_equal(f->heads, t[k].h);
        assert_int_equal(f->sectors, t[k].s);
        assert_int_equal(f->cmos_type, t[k].type);
        assert_int_equal((uint32_t)f->cylinders * f->heads * f->sectors * 512, t[k].size);
    }
    assert_null(disk_floppy_format(1474560 + 512));
}

static void test_write_through(void **state)
{
    struct disk d;
    char err[256];
    char *p = make_image(1474560);
    uint8_t buf[512];

    (void)state;
    assert_int_equal(disk_open(&d, p, DISK_FLOPPY, false, false, NULL, err, sizeof(err)), 0);
    assert_true(disk_present(&d));
    assert_false(d.read_only);
    assert_int_equal(d.floppy->sectors, 18);
    assert_int_equal(disk_read(&d, 512, buf, 512), 0);
    assert_int_equal(buf[0], (512 * 7 + 1) & 0xFF);
    memset(buf, 0xA5, sizeof(buf));
    assert_int_equal(disk_write(&d, 1024, buf, 512), 0);
    /* The file has it at once, before any flush or close. */
    assert_int_equal(file_byte(p, 1024), 0xA5);
    assert_int_equal(file_byte(p, 1535), 0xA5);
    assert_int_equal(file_byte(p, 1536), (1536 * 7 + 3) & 0xFF);
    /* Beyond the end: an error, not a silent drop. */
    assert_int_equal(disk_read(&d, 1474560 - 256, buf, 512), -1);
    assert_int_equal(disk_write(&d, 1474560, buf, 512), -1);
    disk_close(&d);
    assert_false(disk_present(&d));
    unlink(p);
    free(p);
}

static void test_snapshot_overlay(void **state)
{
    struct disk d;
    char err[256];
    char *p = make_image(3 * 65536 + 1024);
    uint8_t buf[1024], back[1024];

    (void)state;
    assert_int_equal(disk_open(&d, p, DISK_HD, true, false, NULL, err, sizeof(err)), 0);
    assert_false(d.read_only);
    /* A write straddling two overlay chunks, and one in the short last chunk. */
    memset(buf, 0x5A, sizeof(buf));
    assert_int_equal(disk_write(&d, 65536 - 512, buf, 1024), 0);
    assert_int_equal(disk_write(&d, 3 * 65536, buf, 1024), 0);
    assert_int_equal(disk_read(&d, 65536 - 512, back, 1024), 0);
    assert_memory_equal(back, buf, 1024);
    /* Bytes next to the write come from the file. */
    assert_int_equal(disk_read(&d, 65536 - 1024, back, 512), 0);
    for (int i = 0; i < 512; i++)
        assert_int_equal(back[i], (int)(((65536 - 1024 + i) * 7 + (65536 - 1024 + i) / 512) & 0xFF));
    /* The file is untouched. */
    assert_int_equal(file_byte(p, 65536 - 512), ((65536 - 512) * 7 + 127) & 0xFF);
    disk_close(&d);
    assert_int_equal(file_byte(p, 3 * 65536), (3 * 65536 * 7 + 384) & 0xFF);
    unlink(p);
    free(p);
}

static void test_read_only(void **state)
{
    struct disk d;
    char err[256];
    char *p = make_image(4096);
    uint8_t buf[512] = { 0 };
    FILE *log = tmpfile();
    char line[512] = "";

    (void)state;
    assert_int_equal(disk_open(&d, p, DISK_HD, false, true, log, err, sizeof(err)), 0);
    assert_true(d.read_only);
    assert_int_equal(disk_write(&d, 0, buf, 512), -1);
    assert_int_equal(d.errors, 1);
    rewind(log);
    assert_non_null(fgets(line, sizeof(line), log));
    assert_non_null(strstr(line, "write"));
    disk_close(&d);
    assert_int_equal(file_byte(p, 0), 0);
    assert_int_equal(file_byte(p, 1), 7);
    /* A CD-ROM is always read-only. */
    assert_int_equal(disk_open(&d, p, DISK_CDROM, false, false, log, err, sizeof(err)), 0);
    assert_true(d.read_only);
    disk_close(&d);
    fclose(log);
    unlink(p);
    free(p);
}

/* A host write that fails (file size limit: EFBIG) is returned and logged. */
static void test_failed_host_write(void **state)
{
    struct disk d;
    char err[256];
    char *p = make_image(65536);
    uint8_t buf[512];
    struct rlimit old, lim;
    FILE *log = tmpfile();
    char line[512] = "";
    int rc;

    (void)state;
    assert_int_equal(disk_open(&d, p, DISK_HD, false, false, log, err, sizeof(err)), 0);
    memset(buf, 0x11, sizeof(buf));
    signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 4096;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    rc = disk_write(&d, 8192, buf, 512);
    setrlimit(RLIMIT_FSIZE, &old);
    assert_int_equal(rc, -1);
    assert_int_equal(d.errors, 1);
    rewind(log);
    assert_non_null(fgets(line, sizeof(line), log));
    assert_non_null(strstr(line, "offset 8192"));
    /* The data below the limit still works. */
    assert_int_equal(disk_write(&d, 0, buf, 512), 0);
    disk_close(&d);
    fclose(log);
    unlink(p);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_and_bad_size),
        cmocka_unit_test(test_floppy_formats),
        cmocka_unit_test(test_write_through),
        cmocka_unit_test(test_snapshot_overlay),
        cmocka_unit_test(test_read_only),
        cmocka_unit_test(test_failed_host_write),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
