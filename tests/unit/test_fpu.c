/*
 * test_fpu.c - unit tests of the x87 FPU (cpu/fpu_*.c) that need no host
 * x87: instruction-level rules the QEMU-referenced ROM (tests/roms/
 * fpu_x87.asm) cannot check (stack overflow/underflow, unmasked exceptions
 * leaving the destination and stack unchanged, ES after FLDCW, #NM/#MF,
 * FERR#, FOP and the FNSTENV/FNSAVE layouts, packed BCD, model gating, the
 * constants under each rounding mode) and transcendental results against
 * 400-bit reference values. The comparisons with the host's x87 are in
 * test_fpu_host.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../cpu/access.h"
#include "../../cpu/cpu.h"
#include "../../cpu/fpu_float.h"
#include "../../cpu/fpu_ops.h"
#include "../../mmu/mem.h"
#include "test_util.h"

/* ---------------------------------------------------------------------- */
/* Instruction-level rules                                                 */
/* ---------------------------------------------------------------------- */

#define CODE 0x1000u
#define NM_HANDLER 0x3000u
#define MF_HANDLER 0x3100u
#define UD_HANDLER 0x3200u


static int setup(void **state)
{
    *state = fixture_create(1u << 20);
    return 0;
}

/* Real-mode CPU of `model` with `code` at 0000:1000, FNINIT state, IVT
 * vectors 6/7/16 pointing at distinct handler addresses. */
static struct cpu *setup_cpu(struct fixture *f, enum cpu_model model, const uint8_t *code, size_t n)
{
    struct cpu *c = fixture_real_mode(f, model, CODE, code, n);
    fpu_init_state(&c->fpu);
    mem_write16(f->m, 6 * 4, UD_HANDLER);
    mem_write16(f->m, 6 * 4 + 2, 0);
    mem_write16(f->m, 7 * 4, NM_HANDLER);
    mem_write16(f->m, 7 * 4 + 2, 0);
    mem_write16(f->m, 16 * 4, MF_HANDLER);
    mem_write16(f->m, 16 * 4 + 2, 0);
    return c;
}

static void steps(struct cpu *c, int n)
{
    while (n-- > 0) cpu_step(c);
}

static void write80(struct mem *m, uint32_t a, struct fx80 v)
{
    mem_write32(m, a, (uint32_t)v.mant);
    mem_write32(m, a + 4, (uint32_t)(v.mant >> 32));
    mem_write16(m, a + 8, v.sexp);
}

static bool fx_eq(struct fx80 a, struct fx80 b) { return a.mant == b.mant && a.sexp == b.sexp; }
static const struct fx80 ONE = { 0x8000000000000000ull, 0x3FFF };

/* Masked stack overflow: IE SF C1=1 and the indefinite pushed; masked
 * underflow: IE SF C1=0 and the indefinite as the result (SDM Vol. 1,
 * 8.5.1.1). */
static void test_stack_faults(void **state)
{
    struct fixture *f = *state;
    uint8_t code[32];
    for (int k = 0; k < 9; k++) { code[2 * k] = 0xD9; code[2 * k + 1] = 0xE8; } /* 9x FLD1 */
    code[18] = 0xDB; code[19] = 0xE3; /* FNINIT */
    code[20] = 0xD8; code[21] = 0xC1; /* FADD ST0,ST1 on an empty stack */
    struct cpu *c = setup_cpu(f, CPU_P6, code, 22);
    steps(c, 8);
    assert_int_equal(c->fpu.sw & (FSW_IE | FSW_SF), 0);
    assert_int_equal(c->fpu.empty, 0);
    steps(c, 1);
    assert_int_equal(c->fpu.sw & (FSW_IE | FSW_SF | FSW_C1), FSW_IE | FSW_SF | FSW_C1);
    assert_true(fx_eq(fpu_get(c, 0), FX_INDEFINITE));
    assert_int_equal(c->fpu.top, 7);
    steps(c, 2);
    assert_int_equal(c->fpu.sw & (FSW_IE | FSW_SF | FSW_C1), FSW_IE | FSW_SF);
    assert_true(fx_eq(fpu_get(c, 0), FX_INDEFINITE));
    assert_false(fpu_empty(c, 0));
    assert_false(c->fpu.ferr); /* masked: no FERR# */
}

/* Unmasked ZE: FDIVP leaves both registers and TOP unchanged, sets ES/B
 * and FERR#; with CR0.NE=0 FWAIT goes on, with CR0.NE=1 it raises #MF
 * (SDM Vol. 1, 8.5.3, 8.7; Vol. 3A, 2.5). */
static void test_unmasked_zero_divide(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0xD9, 0x2E, 0x00, 0x21, /* FLDCW [2100] */
        0xD9, 0xE8,             /* FLD1 */
        0xD9, 0xEE,             /* FLDZ */
        0xDE, 0xF9,             /* FDIVP ST1,ST0 */
        0x9B,                   /* FWAIT */
        0x9B,                   /* FWAIT */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    mem_write16(f->m, 0x2100, 0x037B); /* ZE unmasked */
    steps(c, 4);
    assert_int_equal(c->fpu.top, 6);
    assert_true(fx_eq(fpu_get(c, 1), ONE));
    assert_true(fx_is_zero(fpu_get(c, 0)));
    assert_int_equal(c->fpu.sw & (FSW_ZE | FSW_ES | FSW_B), FSW_ZE | FSW_ES | FSW_B);
    assert_true(c->fpu.ferr);
    /* FIP/FOP name the FDIVP. */
    assert_int_equal(c->fpu.fip, CODE + 8);
    assert_int_equal(c->fpu.fop, 0x6F9);
    steps(c, 1); /* CR0.NE=0: FWAIT proceeds (FERR# stays asserted) */
    assert_int_equal(c->eip, CODE + 11);
    c->cr[0] |= CR0_NE;
    steps(c, 1);
    assert_int_equal(c->eip, MF_HANDLER);
    assert_int_equal(mem_read16(f->m, 0x800 - 6), CODE + 11);
}

/* Unmasked IE on FISTP: memory unchanged, no pop. Unmasked OE on FST m32:
 * memory unchanged; with a register destination the exponent is wrapped
 * by 24576 (SDM Vol. 1, 8.5.4). */
static void test_unmasked_store_and_wrap(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0xD9, 0x2E, 0x00, 0x21, /* FLDCW [2100] */
        0xDB, 0x2E, 0x00, 0x24, /* FLD m80 [2400] (max) */
        0xDF, 0x1E, 0x00, 0x22, /* FISTP m16 [2200] */
        0xD9, 0x1E, 0x00, 0x22, /* FSTP m32 [2200] */
        0xD8, 0xC8,             /* FMUL ST0,ST0 */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    mem_write16(f->m, 0x2100, 0x0372); /* IE, OE, UE unmasked */
    write80(f->m, 0x2400, fx_make(0, 0x7FFE, 0xFFFFFFFFFFFFFFFFull));
    mem_write32(f->m, 0x2200, 0x55555555);
    steps(c, 3);
    assert_int_equal(mem_read32(f->m, 0x2200), 0x55555555);
    assert_int_equal(c->fpu.top, 7);
    assert_int_equal(c->fpu.sw & FSW_IE, FSW_IE);
    c->fpu.sw = 0;
    steps(c, 1);
    assert_int_equal(mem_read32(f->m, 0x2200), 0x55555555);
    assert_int_equal(c->fpu.top, 7);
    assert_int_equal(c->fpu.sw & (FSW_OE | FSW_ES), FSW_OE | FSW_ES);
    c->fpu.sw = 0;
    steps(c, 1);
    struct fx80 r = fpu_get(c, 0);
    /* (2^16384 - ...)^2 ~ 2^32768: biased 0x7FFE*2-0x3FFF+1 wrapped by 24576. */
    assert_int_equal(r.sexp, 0x7FFE + 0x7FFE - 0x3FFF + 1 - 24576);
    assert_int_equal(c->fpu.sw & (FSW_OE | FSW_PE), FSW_OE | FSW_PE);
}

/* FLDCW unmasking a flag that is already set makes it pending (ES, B,
 * FERR#); FNCLEX clears it. */
static void test_fldcw_es(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0xD9, 0xE8, 0xD9, 0xEE, /* FLD1, FLDZ */
        0xD8, 0xF9,             /* FDIVR ST0,ST1: 1/0, ZE masked */
        0xD9, 0x2E, 0x00, 0x21, /* FLDCW [2100] */
        0xDB, 0xE2,             /* FNCLEX */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    mem_write16(f->m, 0x2100, 0x037B);
    steps(c, 3);
    assert_int_equal(c->fpu.sw & (FSW_ZE | FSW_ES), FSW_ZE);
    assert_true(fx_is_inf(fpu_get(c, 0)));
    steps(c, 1);
    assert_int_equal(c->fpu.sw & (FSW_ES | FSW_B), FSW_ES | FSW_B);
    assert_true(c->fpu.ferr);
    steps(c, 1);
    assert_int_equal(c->fpu.sw & (FSW_ZE | FSW_ES | FSW_B), 0);
    assert_false(c->fpu.ferr);
}

/* #NM: CR0.EM or CR0.TS for an ESC instruction; WAIT only with MP and TS
 * (SDM Vol. 3A, table 2-2). */
static void test_nm(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0xD9, 0xE8, 0x9B };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    c->cr[0] |= CR0_EM;
    steps(c, 1);
    assert_int_equal(c->eip, NM_HANDLER);
    c = setup_cpu(f, CPU_P6, code, sizeof code);
    c->cr[0] |= CR0_TS;
    steps(c, 1);
    assert_int_equal(c->eip, NM_HANDLER);
    c = setup_cpu(f, CPU_P6, code, sizeof code);
    c->cr[0] |= CR0_TS;
    c->eip = CODE + 2; /* WAIT with TS only: no fault */
    steps(c, 1);
    assert_int_equal(c->eip, CODE + 3);
    c->cr[0] |= CR0_MP;
    c->eip = CODE + 2;
    steps(c, 1);
    assert_int_equal(c->eip, NM_HANDLER);
    c = setup_cpu(f, CPU_P6, code, sizeof code);
    c->cr[0] |= CR0_EM | CR0_MP; /* EM does not affect WAIT */
    c->eip = CODE + 2;
    steps(c, 1);
    assert_int_equal(c->eip, CODE + 3);
}

/* FNSTENV layouts: 16-bit real mode, 32-bit real mode, 32-bit protected
 * mode (SDM Vol. 1, figures 8-9 to 8-12); the tag word computed from the
 * contents; FNSTENV then masks all exceptions. */
static void test_fnstenv_layouts(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0xDB, 0x2E, 0x00, 0x24,       /* FLD m80 [2400] (denormal) -> ST2 */
        0xD9, 0xEE,                   /* FLDZ -> ST1 */
        0xD9, 0xE8,                   /* FLD1 -> ST0 (FOP 0x1E8) */
        0xD9, 0x36, 0x00, 0x20,       /* FNSTENV [2000] (o16) */
        0x66, 0xD9, 0x36, 0x00, 0x20, /* FNSTENV [2000] (o32) */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    write80(f->m, 0x2400, fx_make(0, 0, 5));
    c->seg[SEG_CS].sel = 0x0010; /* CS base stays 0: FIP linear = 0x100 + offset */
    steps(c, 4);
    assert_int_equal(mem_read16(f->m, 0x2000), 0x037F);
    assert_int_equal(mem_read16(f->m, 0x2002), 5u << 11);  /* TOP = 5 */
    /* R5 = 1.0 valid (00), R6 = 0 zero (01), R7 denormal special (10). */
    assert_int_equal(mem_read16(f->m, 0x2004), 0x9FFF & ~(0x3u << 10) & 0xFFFF);
    assert_int_equal(mem_read16(f->m, 0x2006), (0x100 + CODE + 6) & 0xFFFF);
    assert_int_equal(mem_read16(f->m, 0x2008), (((0x100 + CODE + 6) >> 16) << 12) | 0x1E8);
    assert_int_equal(c->fpu.cw, 0x037F); /* all were masked already */
    steps(c, 1);
    assert_int_equal(mem_read32(f->m, 0x2000), 0xFFFF037F);
    assert_int_equal(mem_read32(f->m, 0x200C), 0xFFFF0000u | ((0x100 + CODE + 6) & 0xFFFF));
    assert_int_equal(mem_read32(f->m, 0x2010), (((0x100 + CODE + 6) >> 16) << 12) | 0x1E8);

    /* 32-bit protected mode: FIP offset, FCS selector, FOP in 26:16,
     * FDP/FDS of the last memory operand. */
    c = setup_cpu(f, CPU_P6, code, sizeof code);
    write80(f->m, 0x2400, fx_make(0, 0, 5));
    c->cr[0] |= CR0_PE;
    c->seg[SEG_CS].sel = 0x08;
    c->seg[SEG_CS].ar = AR_P | AR_S | AR_CODE | AR_RW;
    c->seg[SEG_DS].sel = 0x10;
    c->seg[SEG_DS].ar = AR_P | AR_S | AR_RW;
    steps(c, 3);
    c->eip = CODE + 12;
    steps(c, 1);
    assert_int_equal(mem_read32(f->m, 0x200C), CODE + 6);
    assert_int_equal(mem_read32(f->m, 0x2010), 0x08u | (0x1E8u << 16));
    assert_int_equal(mem_read32(f->m, 0x2014), 0x2400);
    assert_int_equal(mem_read32(f->m, 0x2018), 0xFFFF0010u);
}

/* FNSAVE stores the environment and ST(0)-ST(7), then re-initialises;
 * FRSTOR brings everything back. */
static void test_fnsave_frstor(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0xD9, 0xEB,             /* FLDPI */
        0xD9, 0xE8,             /* FLD1 */
        0xDD, 0x36, 0x00, 0x20, /* FNSAVE [2000] */
        0xDD, 0x26, 0x00, 0x20, /* FRSTOR [2000] */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    steps(c, 3);
    assert_int_equal(c->fpu.empty, 0xFF);
    assert_int_equal(c->fpu.top, 0);
    assert_int_equal(mem_read16(f->m, 0x2000 + 14 + 8), 0x3FFF); /* ST0 = 1.0 */
    assert_int_equal(mem_read16(f->m, 0x2000 + 24 + 8), 0x4000); /* ST1 = pi */
    assert_int_equal(mem_read16(f->m, 0x2004), 0x0FFF);          /* R6 R7 valid */
    steps(c, 1);
    assert_int_equal(c->fpu.top, 6);
    assert_true(fx_eq(fpu_get(c, 0), ONE));
    assert_int_equal(fpu_get(c, 1).mant, 0xC90FDAA22168C235ull);
}

/* FBLD / FBSTP: signed 18-digit BCD, rounding with RC, the indefinite. */
static void test_bcd(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0xDF, 0x26, 0x00, 0x23, /* FBLD [2300] */
        0xDF, 0x36, 0x10, 0x23, /* FBSTP [2310] */
        0xDB, 0x2E, 0x00, 0x24, /* FLD m80 [2400] */
        0xDF, 0x36, 0x10, 0x23, /* FBSTP [2310] */
        0xDB, 0x2E, 0x10, 0x24, /* FLD m80 [2410] */
        0xDF, 0x36, 0x10, 0x23, /* FBSTP [2310] */
    };
    static const uint8_t bcd[10] = { 0x21, 0x43, 0x65, 0x87, 0x09, 0x21, 0x43, 0x65, 0x87, 0x80 };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    for (int k = 0; k < 10; k++) mem_write8(f->m, 0x2300 + k, bcd[k]);
    write80(f->m, 0x2400, fx_make(1, 0x4001, 0xB000000000000000ull)); /* -5.5 */
    write80(f->m, 0x2410, fx_make(0, 0x403B, 0xDE0B6B3A76400000ull)); /* 1e18 */
    steps(c, 1);
    assert_int_equal(fpu_get(c, 0).sexp, 0x8000 | (0x3FFF + 59));
    steps(c, 1);
    for (int k = 0; k < 10; k++) assert_int_equal(mem_read8(f->m, 0x2310 + k), bcd[k]);
    steps(c, 2); /* -5.5 rounds to -6 (nearest even) */
    assert_int_equal(mem_read32(f->m, 0x2310), 6);
    assert_int_equal(mem_read8(f->m, 0x2319), 0x80);
    steps(c, 2); /* 1e18 does not fit: IE, the packed BCD indefinite */
    assert_int_equal(c->fpu.sw & FSW_IE, FSW_IE);
    assert_int_equal(mem_read32(f->m, 0x2314), 0xC0000000u);
    assert_int_equal(mem_read16(f->m, 0x2318), 0xFFFF);
}

/* Model gating: FCMOVcc and FCOMI are P6-only (#UD before); the 286 has
 * no FPU (FNSTSW AX does nothing). */
static void test_model_gating(void **state)
{
    struct fixture *f = *state;
    static const uint8_t fcmov[] = { 0xDA, 0xC1 };
    static const uint8_t fcomi[] = { 0xDB, 0xF1 };
    static const uint8_t fnstsw[] = { 0xDF, 0xE0 };
    struct cpu *c = setup_cpu(f, CPU_PENTIUM, fcmov, 2);
    steps(c, 1);
    assert_int_equal(c->eip, UD_HANDLER);
    c = setup_cpu(f, CPU_486, fcomi, 2);
    steps(c, 1);
    assert_int_equal(c->eip, UD_HANDLER);
    c = setup_cpu(f, CPU_P6, fcomi, 2);
    steps(c, 1);
    assert_int_equal(c->eip, CODE + 2);
    c = setup_cpu(f, CPU_386, fnstsw, 2);
    c->gpr[REG_EAX] = 0xFFFF;
    steps(c, 1);
    assert_int_equal(c->gpr[REG_EAX], 0); /* 387 present: SW after FNINIT */
    c = setup_cpu(f, CPU_286, fnstsw, 2);
    c->gpr[REG_EAX] = 0xFFFF;
    steps(c, 1);
    assert_int_equal(c->gpr[REG_EAX], 0xFFFF);
}

/* FCOMI sets ZF PF CF and clears OF SF AF; FCMOVB moves on CF. */
static void test_fcomi_fcmov(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0xD9, 0xE8, 0xD9, 0xEE, /* FLD1, FLDZ: ST0 = 0, ST1 = 1 */
        0xDB, 0xF1,             /* FCOMI ST0,ST1: 0 < 1 -> CF */
        0xDA, 0xC1,             /* FCMOVB ST0,ST1 */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    cpu_set_eflags(c, EFLAGS_OF | EFLAGS_SF | EFLAGS_AF | EFLAGS_ZF, EFLAGS_ARITH);
    steps(c, 3);
    assert_int_equal(cpu_get_eflags(c) & EFLAGS_ARITH, EFLAGS_CF);
    steps(c, 1);
    assert_true(fx_eq(fpu_get(c, 0), ONE));
}

/* The constants follow RC (FLDPI rounds up to ...C235 to nearest and up,
 * down to ...C234 toward -inf and 0). */
static void test_constants_rc(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0xD9, 0x2E, 0x00, 0x21, 0xD9, 0xEB };
    static const uint64_t want[4] = { 0xC90FDAA22168C235ull, 0xC90FDAA22168C234ull,
                                      0xC90FDAA22168C235ull, 0xC90FDAA22168C234ull };
    for (int rc = 0; rc < 4; rc++) {
        struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
        mem_write16(f->m, 0x2100, (uint16_t)(0x037F | (rc << 10)));
        steps(c, 2);
        assert_true(fpu_get(c, 0).mant == want[rc]);
        assert_int_equal(c->fpu.sw & FSW_PE, 0);
    }
}

/* Transcendental special cases: out-of-range argument (C2), FPTAN pushes
 * 1.0, FXTRACT of zero, FYL2X of a negative number. */
static void test_transcendental_specials(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = {
        0xDB, 0x2E, 0x00, 0x24, /* FLD m80 [2400] = 2^70 */
        0xD9, 0xFE,             /* FSIN: out of range */
        0xD9, 0xEE,             /* FLDZ */
        0xD9, 0xF2,             /* FPTAN */
        0xD9, 0xF4,             /* FXTRACT on 1.0 */
    };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    write80(f->m, 0x2400, fx_make(0, 0x3FFF + 70, 0x8000000000000000ull));
    steps(c, 2);
    assert_int_equal(c->fpu.sw & FSW_C2, FSW_C2);
    assert_int_equal(fpu_get(c, 0).sexp, 0x3FFF + 70);
    steps(c, 2);
    assert_int_equal(c->fpu.sw & FSW_C2, 0);
    assert_true(fx_eq(fpu_get(c, 0), ONE));
    assert_true(fx_is_zero(fpu_get(c, 1)));
    steps(c, 1);
    assert_true(fx_eq(fpu_get(c, 0), ONE));     /* significand of 1.0 */
    assert_true(fx_is_zero(fpu_get(c, 1)));     /* exponent 0 */
}

/* Transcendental results checked against 400-bit arithmetic (mpmath, round
 * to nearest; the trigonometric ones with the x87's 66-bit-pi reduction):
 * FSIN FCOS FPTAN FPATAN FYL2X FYL2XP1 must give these bits on any host. */
static void test_trans_known(void **state)
{
    struct fixture *f = *state;
    static const struct { int op; uint16_t ae; uint64_t am; uint16_t be; uint64_t bm; uint16_t re; uint64_t rm; } k[] = {
        { 0, 0x3FDF, 0xAA337357AE2CC59Bull, 0xC005, 0xE4093DF8432A8BE5ull, 0x3FDF, 0xAA337357AE2CC59Bull },
        { 0, 0x3FDE, 0xE845105ED8C77CB7ull, 0x4008, 0xC9DDC8F042775A71ull, 0x3FDE, 0xE845105ED8C77CB7ull },
        { 0, 0x4000, 0x9FDED21C82CAF2BBull, 0xBFFE, 0x955753B579933F4Dull, 0x3FFE, 0x999FB71F7C1CD128ull },
        { 0, 0xBFE6, 0xF991DB0C819B315Bull, 0x3FFC, 0xBE1EDEFCFABD75DAull, 0xBFE6, 0xF991DB0C819B09D3ull },
        { 0, 0x3FDE, 0x97876671A300714Cull, 0x4012, 0x91E69A347DD2966Bull, 0x3FDE, 0x97876671A300714Cull },
        { 0, 0xBFF6, 0xDB22F45380F3CF69ull, 0xBFFA, 0xF6D874A3714B9AD2ull, 0xBFF6, 0xDB22D99085141F27ull },
        { 1, 0x3FDF, 0xAA337357AE2CC59Bull, 0xC005, 0xE4093DF8432A8BE5ull, 0x3FFE, 0xFFFFFFFFFFFFFFFFull },
        { 1, 0x3FDE, 0xE845105ED8C77CB7ull, 0x4008, 0xC9DDC8F042775A71ull, 0x3FFF, 0x8000000000000000ull },
        { 1, 0x4000, 0x9FDED21C82CAF2BBull, 0xBFFE, 0x955753B579933F4Dull, 0xBFFE, 0xCCC83683DCCCD66Full },
        { 1, 0xBFE6, 0xF991DB0C819B315Bull, 0x3FFC, 0xBE1EDEFCFABD75DAull, 0x3FFE, 0xFFFFFFFFFFFF8659ull },
        { 1, 0x3FDE, 0x97876671A300714Cull, 0x4012, 0x91E69A347DD2966Bull, 0x3FFF, 0x8000000000000000ull },
        { 1, 0xBFF6, 0xDB22F45380F3CF69ull, 0xBFFA, 0xF6D874A3714B9AD2ull, 0x3FFE, 0xFFFFA2359C53C64Dull },
        { 2, 0x3FDF, 0xAA337357AE2CC59Bull, 0xC005, 0xE4093DF8432A8BE5ull, 0x3FDF, 0xAA337357AE2CC59Bull },
        { 2, 0x3FDE, 0xE845105ED8C77CB7ull, 0x4008, 0xC9DDC8F042775A71ull, 0x3FDE, 0xE845105ED8C77CB7ull },
        { 2, 0x4000, 0x9FDED21C82CAF2BBull, 0xBFFE, 0x955753B579933F4Dull, 0xBFFE, 0xC00BF2103A811D28ull },
        { 2, 0xBFE6, 0xF991DB0C819B315Bull, 0x3FFC, 0xBE1EDEFCFABD75DAull, 0xBFE6, 0xF991DB0C819B806Bull },
        { 2, 0x3FDE, 0x97876671A300714Cull, 0x4012, 0x91E69A347DD2966Bull, 0x3FDE, 0x97876671A300714Cull },
        { 2, 0xBFF6, 0xDB22F45380F3CF69ull, 0xBFFA, 0xF6D874A3714B9AD2ull, 0xBFF6, 0xDB2329D98A593244ull },
        { 3, 0x4001, 0xAA337357AE2CC59Bull, 0xC005, 0xE4093DF8432A8BE5ull, 0xBFFF, 0xC318616D9A5570D2ull },
        { 3, 0x3FF6, 0xE845105ED8C77CB7ull, 0x4008, 0xC9DDC8F042775A71ull, 0x3FFF, 0xC90FB5D051C819E9ull },
        { 3, 0x4004, 0x9FDED21C82CAF2BBull, 0xBFFE, 0x955753B579933F4Dull, 0xBFF8, 0xEF1F5DE2CA68B94Dull },
        { 3, 0xC008, 0xF991DB0C819B315Bull, 0x3FFC, 0xBE1EDEFCFABD75DAull, 0x4000, 0xC90CCE8E8F9BC73Cull },
        { 3, 0x400A, 0x97876671A300714Cull, 0x4012, 0x91E69A347DD2966Bull, 0x3FFF, 0xC88AEACBC02187CEull },
        { 3, 0xBFF4, 0xDB22F45380F3CF69ull, 0xBFFA, 0xF6D874A3714B9AD2ull, 0xBFFF, 0xCAD65A084669D415ull },
        { 4, 0x3FA7, 0xAA337357AE2CC59Bull, 0x3FF8, 0xAFEF107A27529AD0ull, 0xBFFE, 0xF0C76939A7CB603Dull },
        { 4, 0x4094, 0xE1B97BCD4B21C371ull, 0xBFF1, 0xE845105ED8C77CB7ull, 0xBFF9, 0x87EE4A9F42828350ull },
        { 4, 0x406C, 0xEEF14999F8114BD4ull, 0x400E, 0xA3A03FE4DE4F1C43ull, 0x4015, 0x8C7D28CF71BC3A82ull },
        { 4, 0x4034, 0x81239FF2C4A06A73ull, 0xBFFE, 0x8BE87413A8B3D667ull, 0xC003, 0xE7C74EE8A99885A1ull },
        { 4, 0x3F80, 0xBE1EDEFCFABD75DAull, 0xBFFD, 0xE35AC67471CC39B1ull, 0x4004, 0xE09087FEBBAA7E72ull },
        { 4, 0x3FA3, 0xFAD4DC52CB2FA2AEull, 0x4012, 0x91E69A347DD2966Bull, 0xC018, 0xCF850F7A76D9808Bull },
        { 5, 0x3FE3, 0xAA337357AE2CC59Bull, 0xC005, 0xE4093DF8432A8BE5ull, 0xBFEA, 0xDAB9D54DBAB75F59ull },
        { 5, 0x3FCC, 0xE845105ED8C77CB7ull, 0x4008, 0xC9DDC8F042775A71ull, 0x3FD7, 0x841E25BF6F4DBADFull },
        { 5, 0x3FE6, 0x9FDED21C82CAF2BBull, 0xBFFE, 0x955753B579933F4Dull, 0xBFE6, 0x868CAA94654B4F1Aull },
        { 5, 0xBFCC, 0xF991DB0C819B315Bull, 0x3FFC, 0xBE1EDEFCFABD75DAull, 0xBFCB, 0x85B2BF828CEC745Cull },
        { 5, 0x3FCA, 0x97876671A300714Cull, 0x4012, 0x91E69A347DD2966Bull, 0x3FDD, 0xF92EBE8E9240206Cull },
        { 5, 0xBFD8, 0xDB22F45380F3CF69ull, 0xBFFA, 0xF6D874A3714B9AD2ull, 0x3FD5, 0x986BC2F759654E5Full },
    };
    static const uint8_t ins[6] = { 0xFE, 0xFF, 0xF2, 0xF3, 0xF1, 0xF9 };
    for (size_t n = 0; n < sizeof k / sizeof k[0]; n++) {
        const uint8_t code[] = { 0xDB, 0x2E, 0x10, 0x24, 0xDB, 0x2E, 0x00, 0x24, 0xD9, ins[k[n].op] };
        struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
        write80(f->m, 0x2400, fx_make(k[n].ae >> 15, k[n].ae & 0x7FFF, k[n].am));
        write80(f->m, 0x2410, fx_make(k[n].be >> 15, k[n].be & 0x7FFF, k[n].bm));
        steps(c, 3);
        struct fx80 r = fpu_get(c, k[n].op == 2 ? 1 : 0);
        assert_int_equal(r.sexp, k[n].re);
        assert_true(r.mant == k[n].rm);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stack_faults, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unmasked_zero_divide, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_unmasked_store_and_wrap, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_fldcw_es, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_nm, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_fnstenv_layouts, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_fnsave_frstor, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_bcd, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_model_gating, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_fcomi_fcmov, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_constants_rc, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_transcendental_specials, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_trans_known, setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
