/*
 * test_fpu_fxsr.c - unit tests of FXSAVE/FXRSTOR (cpu/fpu_fxsr.c) and
 * CR4.OSFXSR (SDM Vol. 2A "FXSAVE", "FXRSTOR", table 3-53; Vol. 3A 2.5):
 * the legacy-region layout (FCW, FSW with TOP, abridged FTW by physical
 * register, FOP, FIP/FCS, FDP/FDS, ST(i) in stack order every 16 bytes),
 * the MXCSR/XMM area left alone without SSE, a save/restore round trip,
 * #GP on a misaligned operand, #NM with CR0.TS/EM, #UD for the register
 * form and on models without FXSR.
 *
 * Real mode, code at 0000:1000; IVT vectors 6/7/13 point at distinct
 * handler addresses, so the EIP after cpu_step() tells which exception.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../cpu/cpu.h"
#include "../../cpu/fpu.h"
#include "../../mmu/mem.h"
#include "test_util.h"

#define CODE 0x1000u
#define AREA 0x2000u       /* 16-byte aligned FXSAVE area */
#define UD_HANDLER 0x3000u
#define NM_HANDLER 0x3100u
#define GP_HANDLER 0x3200u


static int setup(void **state)
{
    *state = fixture_create(1u << 20);
    return 0;
}

static struct cpu *setup_cpu(struct fixture *f, enum cpu_model model, const uint8_t *code, size_t n)
{
    struct cpu *c = fixture_real_mode(f, model, CODE, code, n);
    static const uint16_t vec[][2] = { { 6, UD_HANDLER }, { 7, NM_HANDLER }, { 13, GP_HANDLER } };
    for (size_t k = 0; k < 3; k++) {
        mem_write16(f->m, vec[k][0] * 4u, vec[k][1]);
        mem_write16(f->m, vec[k][0] * 4u + 2, 0);
    }
    return c;
}

static void steps(struct cpu *c, int n)
{
    while (n-- > 0) cpu_step(c);
}

static void fill(struct mem *m, uint32_t a, uint32_t n, uint8_t v)
{
    for (uint32_t k = 0; k < n; k++) mem_write8(m, a + k, v);
}

/* FXSAVE after FNINIT, FLD1, FLDPI, FDIV ST(0),ST(1)... the image fields. */
static void test_fxsave_layout(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0xDB, 0xE3,                   /* 1000 fninit */
        0xD9, 0xE8,                   /* 1002 fld1 */
        0xD9, 0xEB,                   /* 1004 fldpi */
        0xD9, 0x2E, 0x00, 0x05,       /* 1006 fldcw [0x500] (control: no FOP) */
        0xDD, 0x06, 0x10, 0x05,       /* 100A fld qword [0x510] */
        0x0F, 0xAE, 0x06, 0x00, 0x20, /* 100E fxsave [0x2000] */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    mem_write16(f->m, 0x500, 0x0B7F); /* RC = up, PC = 64 bits */
    mem_write32(f->m, 0x510, 0);
    mem_write32(f->m, 0x514, 0x40000000); /* 2.0 */
    c->seg[SEG_DS].sel = 0;
    fill(f->m, AREA, 512, 0xAA);
    steps(c, 6);
    assert_int_equal(c->eip, CODE + sizeof code);

    assert_int_equal(mem_read16(f->m, AREA + 0), 0x0B7F);          /* FCW */
    assert_int_equal(mem_read16(f->m, AREA + 2), 5u << 11);        /* FSW: TOP = 5 */
    assert_int_equal(mem_read8(f->m, AREA + 4), 0xE0);             /* R7 R6 R5 valid */
    assert_int_equal(mem_read8(f->m, AREA + 5), 0);
    assert_int_equal(mem_read16(f->m, AREA + 6), 0x506);           /* FOP of DD 06 */
    assert_int_equal(mem_read32(f->m, AREA + 8), 0x100A);          /* FIP */
    assert_int_equal(mem_read16(f->m, AREA + 12), 0);              /* FCS */
    assert_int_equal(mem_read32(f->m, AREA + 16), 0x510);          /* FDP */
    assert_int_equal(mem_read16(f->m, AREA + 20), 0);              /* FDS */
    /* No SSE: MXCSR and MXCSR_MASK are not written. */
    assert_int_equal(mem_read32(f->m, AREA + 24), 0xAAAAAAAAu);
    assert_int_equal(mem_read32(f->m, AREA + 28), 0xAAAAAAAAu);
    /* ST(0) = 2.0, ST(1) = pi, ST(2) = 1.0 in stack order. */
    assert_int_equal(mem_read32(f->m, AREA + 32 + 4), 0x80000000u);
    assert_int_equal(mem_read16(f->m, AREA + 32 + 8), 0x4000);
    assert_int_equal(mem_read32(f->m, AREA + 48 + 4), 0xC90FDAA2u);
    assert_int_equal(mem_read16(f->m, AREA + 48 + 8), 0x4000);
    assert_int_equal(mem_read32(f->m, AREA + 64 + 4), 0x80000000u);
    assert_int_equal(mem_read16(f->m, AREA + 64 + 8), 0x3FFF);
    /* Reserved bytes of the register slots and the XMM area are untouched. */
    assert_int_equal(mem_read16(f->m, AREA + 32 + 10), 0xAAAA);
    for (uint32_t a = 160; a < 512; a += 4) assert_int_equal(mem_read32(f->m, AREA + a), 0xAAAAAAAAu);
    /* FXSAVE keeps the FPU state (unlike FNSAVE). */
    assert_int_equal(c->fpu.top, 5);
    assert_int_equal(c->fpu.empty, 0x1F);
    assert_int_equal(c->fpu.cw, 0x0B7F);
}

/* FXRSTOR loads an image: TOP, abridged tags by physical register, ST(i)
 * in stack order, pointers; MXCSR garbage is ignored; a pending unmasked
 * exception in the image sets ES and FERR#. */
static void test_fxrstor(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0x0F, 0xAE, 0x0E, 0x00, 0x20, /* fxrstor [0x2000] */
        0x0F, 0xAE, 0x06, 0x00, 0x24, /* fxsave [0x2400] */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    fill(f->m, AREA, 512, 0);
    mem_write16(f->m, AREA + 0, 0x037B);          /* ZM unmasked */
    mem_write16(f->m, AREA + 2, (6u << 11) | 0x4); /* TOP 6, ZE set */
    mem_write8(f->m, AREA + 4, 0xC0);             /* R6, R7 valid */
    mem_write16(f->m, AREA + 6, 0x7DE);           /* FOP */
    mem_write32(f->m, AREA + 8, 0x12345678u);
    mem_write16(f->m, AREA + 12, 0x1B);
    mem_write32(f->m, AREA + 16, 0x9ABCDEF0u);
    mem_write16(f->m, AREA + 20, 0x23);
    mem_write32(f->m, AREA + 24, 0xFFFFFFFFu);    /* MXCSR: reserved bits set */
    /* ST(0) = 1.0 (R6), ST(1) = -2.0 (R7). */
    mem_write32(f->m, AREA + 36, 0x80000000u);
    mem_write16(f->m, AREA + 40, 0x3FFF);
    mem_write32(f->m, AREA + 52, 0x80000000u);
    mem_write16(f->m, AREA + 56, 0xC000);
    fill(f->m, 0x2400, 512, 0x55);
    steps(c, 1);
    assert_int_equal(c->eip, CODE + 5); /* no #GP for MXCSR without SSE */
    assert_int_equal(c->fpu.top, 6);
    assert_int_equal(c->fpu.empty, 0x3F);
    assert_int_equal(c->fpu.cw, 0x037B);
    assert_true(c->fpu.sw & FSW_ES);
    assert_true(c->fpu.ferr);
    assert_int_equal(c->fpu.fop, 0x7DE);
    assert_int_equal(c->fpu.fip, 0x12345678u);
    assert_int_equal(c->fpu.fcs, 0x1B);
    assert_int_equal(c->fpu.fdp, 0x9ABCDEF0u);
    assert_int_equal(c->fpu.fds, 0x23);
    assert_int_equal(c->fpu.st[6].sexp, 0x3FFF);
    assert_int_equal(c->fpu.st[7].sexp, 0xC000);
    /* FXSAVE right after (no wait: no #MF) gives the same legacy fields. */
    steps(c, 1);
    assert_int_equal(c->eip, CODE + 10);
    for (uint32_t a = 0; a < 24; a++) {
        if (a == 2 || a == 3) continue; /* FSW gains ES and B */
        assert_int_equal(mem_read8(f->m, 0x2400 + a), mem_read8(f->m, AREA + a));
    }
    assert_int_equal(mem_read16(f->m, 0x2402), (6u << 11) | 0x4 | FSW_ES | FSW_B);
    assert_int_equal(mem_read32(f->m, 0x2400 + 24), 0x55555555u);
    for (uint32_t k = 0; k < 2; k++)
        for (uint32_t b = 0; b < 10; b++)
            assert_int_equal(mem_read8(f->m, 0x2400 + 32 + 16 * k + b),
                             mem_read8(f->m, AREA + 32 + 16 * k + b));
}

/* #GP(0) on an operand whose linear address is not 16-byte aligned (also
 * via the segment base), #NM with CR0.TS or CR0.EM, #UD for the register
 * form and on the Pentium (no FXSR). */
static void test_fxsr_faults(void **state)
{
    struct fixture *f = *state;
    static const uint8_t mis[] = { 0x0F, 0xAE, 0x06, 0x08, 0x20 }; /* fxsave [0x2008] */
    static const uint8_t ok[] = { 0x0F, 0xAE, 0x06, 0x00, 0x20 };  /* fxsave [0x2000] */
    static const uint8_t rst[] = { 0x0F, 0xAE, 0x0E, 0x04, 0x20 }; /* fxrstor [0x2004] */
    static const uint8_t reg[] = { 0x0F, 0xAE, 0xC0 };             /* register form */

    struct cpu *c = setup_cpu(f, CPU_P6, mis, sizeof mis);
    fill(f->m, 0x2000, 0x220, 0xAA);
    steps(c, 1);
    assert_int_equal(c->eip, GP_HANDLER);
    assert_int_equal(mem_read32(f->m, 0x2008), 0xAAAAAAAAu); /* nothing written */

    c = setup_cpu(f, CPU_P6, rst, sizeof rst);
    steps(c, 1);
    assert_int_equal(c->eip, GP_HANDLER);

    c = setup_cpu(f, CPU_P6, ok, sizeof ok);
    c->seg[SEG_DS].base = 0x8; /* linear 0x2008 */
    steps(c, 1);
    assert_int_equal(c->eip, GP_HANDLER);

    c = setup_cpu(f, CPU_P6, ok, sizeof ok);
    c->cr[0] |= CR0_TS;
    steps(c, 1);
    assert_int_equal(c->eip, NM_HANDLER);
    c = setup_cpu(f, CPU_P6, ok, sizeof ok);
    c->cr[0] |= CR0_EM;
    steps(c, 1);
    assert_int_equal(c->eip, NM_HANDLER);
    /* #NM comes before the alignment check. */
    c = setup_cpu(f, CPU_P6, mis, sizeof mis);
    c->cr[0] |= CR0_TS;
    steps(c, 1);
    assert_int_equal(c->eip, NM_HANDLER);

    c = setup_cpu(f, CPU_P6, reg, sizeof reg);
    steps(c, 1);
    assert_int_equal(c->eip, UD_HANDLER);
    c = setup_cpu(f, CPU_PENTIUM, ok, sizeof ok);
    steps(c, 1);
    assert_int_equal(c->eip, UD_HANDLER);

    /* Segment limit: the whole 512 bytes must fit. */
    c = setup_cpu(f, CPU_P6, ok, sizeof ok);
    c->seg[SEG_DS].limit = 0x2100;
    steps(c, 1);
    assert_int_equal(c->eip, GP_HANDLER);
}

/* CR4.OSFXSR (bit 9) is settable on the P6 (FXSR reported), #GP(0) on the
 * Pentium (reserved there). */
static void test_cr4_osfxsr(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0x66, 0xB8, 0x00, 0x02, 0x00, 0x00, /* mov eax, 0x200 */
        0x0F, 0x22, 0xE0,                   /* mov cr4, eax */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    steps(c, 2);
    assert_int_equal(c->eip, CODE + sizeof code);
    assert_int_equal(c->cr[4], CR4_OSFXSR);

    c = setup_cpu(f, CPU_PENTIUM, code, sizeof code);
    steps(c, 2);
    assert_int_equal(c->eip, GP_HANDLER);
    assert_int_equal(c->cr[4], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fxsave_layout, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_fxrstor, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_fxsr_faults, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_cr4_osfxsr, setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
