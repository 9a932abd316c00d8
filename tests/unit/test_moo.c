/*
 * test_moo.c - unit tests of the MOO test-file parser (tests/sst/moo.c).
 *
 * Builds small MOO images in memory (format: dbalsom/moo
 * doc/moo_format_v1.md) and checks the parsed fields, unknown-chunk
 * skipping, and that every malformed length is rejected. A mutation loop
 * truncates and corrupts a valid image many ways: under `make SANITIZE=1`
 * this shows that the parser never reads outside its buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The Makefile links unit tests with the core only; the parser is one
 * self-contained file, so it is compiled in here. */
#include "../sst/moo.c"

/* A growable byte image. */
struct img {
    uint8_t b[4096];
    size_t n;
};

static void put8(struct img *m, uint8_t v) { m->b[m->n++] = v; }
static void put16(struct img *m, uint16_t v) { put8(m, (uint8_t)v); put8(m, (uint8_t)(v >> 8)); }
static void put32(struct img *m, uint32_t v) { put16(m, (uint16_t)v); put16(m, (uint16_t)(v >> 16)); }
static void putid(struct img *m, const char *id) { memcpy(m->b + m->n, id, 4); m->n += 4; }
/* Start a chunk; returns the offset of its length field. */
static size_t begin(struct img *m, const char *id) { putid(m, id); put32(m, 0); return m->n - 4; }
static void end(struct img *m, size_t lenpos)
{
    uint32_t l = (uint32_t)(m->n - lenpos - 4);
    m->b[lenpos] = (uint8_t)l;
    m->b[lenpos + 1] = (uint8_t)(l >> 8);
    m->b[lenpos + 2] = (uint8_t)(l >> 16);
    m->b[lenpos + 3] = (uint8_t)(l >> 24);
}

/* One test: "nop" at 1000:0000, FINA changes ip and one RAM byte. */
static void add_test(struct img *m, uint32_t idx, bool with_unknown)
{
    size_t t = begin(m, "TEST");
    put32(m, idx);
    size_t c = begin(m, "NAME");
    put32(m, 3);
    memcpy(m->b + m->n, "nop", 3);
    m->n += 3;
    end(m, c);
    if (with_unknown) {
        c = begin(m, "ZZZZ"); /* unknown: skipped by length */
        put32(m, 0xDEADBEEF);
        end(m, c);
    }
    c = begin(m, "BYTS");
    put32(m, 1);
    put8(m, 0x90);
    end(m, c);
    size_t in = begin(m, "INIT");
    c = begin(m, "REGS");
    put16(m, 0x3FFF);
    for (int i = 0; i < 14; i++) put16(m, (uint16_t)(0x100 * i + idx));
    end(m, c);
    c = begin(m, "RAM ");
    put32(m, 2);
    put32(m, 0x10000); put8(m, 0x90);
    put32(m, 0x10001); put8(m, 0xF4);
    end(m, c);
    c = begin(m, "QUEU");
    put32(m, 0);
    end(m, c);
    end(m, in);
    size_t fi = begin(m, "FINA");
    c = begin(m, "REGS");
    put16(m, 1u << 12 | 1u << 0);
    put16(m, 0xAAAA);
    put16(m, 0x0001);
    end(m, c);
    c = begin(m, "RAM ");
    put32(m, 1);
    put32(m, 0x20000); put8(m, 0x55);
    end(m, c);
    end(m, fi);
    c = begin(m, "CYCL");
    put32(m, 1);
    for (int i = 0; i < 15; i++) put8(m, (uint8_t)i);
    end(m, c);
    c = begin(m, "EXCP");
    put8(m, 0);
    put32(m, 0x12345);
    end(m, c);
    c = begin(m, "HASH");
    for (int i = 0; i < 20; i++) put8(m, (uint8_t)(i + idx));
    end(m, c);
    end(m, t);
}

static void build(struct img *m, uint32_t ntests, uint32_t header_count)
{
    m->n = 0;
    size_t c = begin(m, "MOO ");
    put8(m, 1); put8(m, 0); put16(m, 0);
    put32(m, header_count);
    putid(m, "C286");
    end(m, c);
    c = begin(m, "META");
    put8(m, 1); put8(m, 0); put8(m, 6);
    put32(m, 0x90);
    memcpy(m->b + m->n, "nop     ", 8);
    m->n += 8;
    put32(m, header_count);
    for (int i = 0; i < 8; i++) put8(m, 0);
    put8(m, 0); put8(m, 0); put8(m, 0); put8(m, 0);
    end(m, c);
    for (uint32_t i = 0; i < ntests; i++) add_test(m, i, i == 1);
}

static void test_valid(void **state)
{
    (void)state;
    struct img m;
    build(&m, 2, 2);
    struct moo_file f = { 0 };
    char err[256];
    assert_int_equal(moo_parse_header(&f, m.b, m.n, err, sizeof err), 0);
    assert_string_equal(f.cpu, "C286");
    assert_int_equal(f.test_count, 2);
    assert_true(f.has_meta);
    assert_int_equal(f.meta_opcode, 0x90);
    assert_string_equal(f.mnemonic, "nop");
    struct moo_test t;
    for (uint32_t i = 0; i < 2; i++) {
        assert_int_equal(moo_next(&f, &t, err, sizeof err), 1);
        assert_int_equal(t.idx, i);
        assert_int_equal(t.name_len, 3);
        assert_memory_equal(t.name, "nop", 3);
        assert_int_equal(t.nbytes, 1);
        assert_int_equal(t.bytes[0], 0x90);
        assert_int_equal(t.init.regs.mask, 0x3FFF);
        assert_int_equal(t.init.regs.v[MOO_FLAGS], 0xD00 + i);
        assert_int_equal(t.init.ram.n, 2);
        assert_int_equal(moo_ram_addr(&t.init.ram, 1), 0x10001);
        assert_int_equal(moo_ram_val(&t.init.ram, 1), 0xF4);
        assert_int_equal(t.fina.regs.mask, 0x1001);
        assert_int_equal(t.fina.regs.v[MOO_AX], 0xAAAA);
        assert_int_equal(t.fina.regs.v[MOO_IP], 1);
        assert_int_equal(t.fina.ram.n, 1);
        assert_int_equal(t.ncycles, 1);
        struct moo_cycle cy;
        moo_cycle(&t, 0, &cy);
        assert_int_equal(cy.addr, 0x04030201);
        assert_int_equal(cy.bus_status, 11);
        assert_true(t.has_excp);
        assert_int_equal(t.excp_flags_addr, 0x12345);
        assert_true(t.has_hash);
        assert_int_equal(t.hash[0], i);
    }
    assert_int_equal(moo_next(&f, &t, err, sizeof err), 0);
}

static void test_count_mismatch(void **state)
{
    (void)state;
    struct img m;
    build(&m, 2, 3);
    struct moo_file f = { 0 };
    char err[256];
    struct moo_test t;
    assert_int_equal(moo_parse_header(&f, m.b, m.n, err, sizeof err), 0);
    assert_int_equal(moo_next(&f, &t, err, sizeof err), 1);
    assert_int_equal(moo_next(&f, &t, err, sizeof err), 1);
    assert_int_equal(moo_next(&f, &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "header says 3"));
}

static void test_not_moo(void **state)
{
    (void)state;
    struct moo_file f = { 0 };
    char err[256];
    static const uint8_t junk[] = "hello world, not a MOO file";
    assert_int_equal(moo_parse_header(&f, junk, sizeof junk, err, sizeof err), -1);
    assert_int_equal(moo_parse_header(&f, junk, 0, err, sizeof err), -1);
}

/* Find the first occurrence of a chunk id in the image (after `from`). */
static size_t find_id(const struct img *m, const char *id, size_t from)
{
    for (size_t i = from; i + 4 <= m->n; i++)
        if (!memcmp(m->b + i, id, 4)) return i;
    fail_msg("chunk %s not found", id);
    return 0;
}

/* Parse everything; returns -1 if any call reported an error. */
static int parse_all(const uint8_t *b, size_t n)
{
    struct moo_file f = { 0 };
    char err[256];
    struct moo_test t;
    if (moo_parse_header(&f, b, n, err, sizeof err)) return -1;
    int r;
    int guard = 0;
    while ((r = moo_next(&f, &t, err, sizeof err)) > 0) {
        /* touch every view the parser handed out */
        volatile uint32_t sum = 0;
        for (uint32_t i = 0; i < t.name_len; i++) sum += (uint8_t)t.name[i];
        for (uint32_t i = 0; i < t.nbytes; i++) sum += t.bytes[i];
        for (uint32_t i = 0; i < t.init.ram.n; i++) sum += moo_ram_addr(&t.init.ram, i) + moo_ram_val(&t.init.ram, i);
        for (uint32_t i = 0; i < t.fina.ram.n; i++) sum += moo_ram_addr(&t.fina.ram, i) + moo_ram_val(&t.fina.ram, i);
        for (uint32_t i = 0; i < t.ncycles; i++) {
            struct moo_cycle cy;
            moo_cycle(&t, i, &cy);
            sum += cy.addr;
        }
        (void)sum;
        assert_true(++guard < 1000);
    }
    return r;
}

static void set32(struct img *m, size_t at, uint32_t v)
{
    m->b[at] = (uint8_t)v;
    m->b[at + 1] = (uint8_t)(v >> 8);
    m->b[at + 2] = (uint8_t)(v >> 16);
    m->b[at + 3] = (uint8_t)(v >> 24);
}

static void test_bad_lengths(void **state)
{
    (void)state;
    struct img m;
    static const char *const counted[] = { "RAM ", "CYCL", "NAME", "BYTS" };
    for (size_t k = 0; k < sizeof counted / sizeof counted[0]; k++) {
        build(&m, 2, 2);
        size_t at = find_id(&m, counted[k], 0);
        set32(&m, at + 8, 0xFFFFFFFFu); /* entry count far past the chunk */
        assert_int_equal(parse_all(m.b, m.n), -1);
        build(&m, 2, 2);
        set32(&m, at + 4, 0x7FFFFFF0u); /* chunk length past the container */
        assert_int_equal(parse_all(m.b, m.n), -1);
    }
    /* REGS mask with bits 14-15, and a REGS too short for its mask */
    build(&m, 2, 2);
    size_t at = find_id(&m, "REGS", 0);
    m.b[at + 9] |= 0xC0;
    assert_int_equal(parse_all(m.b, m.n), -1);
    build(&m, 2, 2);
    set32(&m, at + 4, 10);
    assert_int_equal(parse_all(m.b, m.n), -1);
    /* truncated in the middle of the second TEST */
    build(&m, 2, 2);
    assert_int_equal(parse_all(m.b, m.n - 7), -1);
    /* EXCP / HASH shorter than their fields */
    build(&m, 2, 2);
    set32(&m, find_id(&m, "HASH", 0) + 4, 4);
    assert_int_equal(parse_all(m.b, m.n), -1);
}

/* Truncate at every length and flip bytes everywhere: never a crash or an
 * out-of-bounds read (checked by ASan in the SANITIZE=1 build). The image
 * is copied to an exact-size heap block so overreads are caught. */
static void test_mutations(void **state)
{
    (void)state;
    struct img m;
    build(&m, 3, 3);
    for (size_t n = 0; n <= m.n; n++) {
        uint8_t *b = malloc(n ? n : 1);
        memcpy(b, m.b, n);
        int r = parse_all(b, n);
        assert_true(n == m.n ? r == 0 : r == -1);
        free(b);
    }
    uint32_t seed = 12345;
    for (int iter = 0; iter < 20000; iter++) {
        uint8_t *b = malloc(m.n);
        memcpy(b, m.b, m.n);
        for (int k = 0; k < 1 + iter % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t pos = (seed >> 8) % m.n;
            seed = seed * 1103515245u + 12345u;
            b[pos] = (iter & 1) ? (uint8_t)(seed >> 16) : (uint8_t)(b[pos] ^ (1u << ((seed >> 20) & 7)));
        }
        (void)parse_all(b, m.n);
        free(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_count_mismatch),
        cmocka_unit_test(test_not_moo),
        cmocka_unit_test(test_bad_lengths),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
