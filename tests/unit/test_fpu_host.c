/*
 * test_fpu_host.c - the x87 FPU (cpu/fpu_*.c) against the host's own x87,
 * on x86 hosts (elsewhere these tests skip):
 *
 * 1. the software double-extended arithmetic (fpu_float.c, fpu_conv.c):
 *    random operands of every class (zeros, denormals, pseudo-denormals,
 *    normals with near and far exponents, overflow/underflow ranges,
 *    infinities, QNaN/SNaN, unnormals, pseudo-NaN/infinity) under every
 *    precision and rounding control; result bits, the six exception flags,
 *    C1 and the condition codes must match;
 * 2. FXTRACT and the transcendental instructions through the CPU;
 * 3. random instruction sequences (register and memory forms) run natively
 *    and in the emulator from the same FRSTOR image;
 * 4. single instructions under random exception masks: the host's state at
 *    its SIGFPE against the emulator's.
 * Instruction-level rules that need no host are in test_fpu.c.
 */
#define _GNU_SOURCE /* REG_EFL in ucontext_t */
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

/* ---------------------------------------------------------------------- */
/* 1. fpu_float.c against the host x87                                     */
/* ---------------------------------------------------------------------- */

#if defined(__x86_64__) || defined(__i386__)
#define HAVE_HOST_X87 1
#endif

#ifdef HAVE_HOST_X87
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A random operand; `near` is an exponent to cluster around. */
static struct fx80 rnd_operand(int near)
{
    int cls = (int)(rnd() % 32);
    uint64_t m = rnd();
    int s = (int)(rnd() & 1);
    switch (cls) {
    case 0: return fx_zero(s);
    case 1: return fx_make(s, 0, m >> (rnd() % 64));               /* denormal */
    case 2: return fx_make(s, 0, m | 0x8000000000000000ull);       /* pseudo-denormal */
    case 3: return fx_inf(s);
    case 4: return fx_make(s, 0x7FFF, m | 0xC000000000000000ull);  /* QNaN */
    case 5: {                                                      /* SNaN */
        uint64_t v = (m | 0x8000000000000000ull) & ~0x4000000000000000ull;
        if (!(v << 2)) v |= 1;
        return fx_make(s, 0x7FFF, v);
    }
    case 6: return fx_make(s, (int)(rnd() % 0x7FFF) + 1, m & 0x7FFFFFFFFFFFFFFFull); /* unnormal */
    case 7: return fx_make(s, 0x7FFF, m & 0x7FFFFFFFFFFFFFFFull);  /* pseudo-NaN/inf */
    case 8: case 9: return fx_make(s, 0x7FFE - (int)(rnd() % 64), m | 0x8000000000000000ull);
    case 10: case 11: return fx_make(s, 1 + (int)(rnd() % 64), m | 0x8000000000000000ull);
    case 12: /* few significant bits: exact results, ties */
        return fx_make(s, near + (int)(rnd() % 8) - 4, (m | 0x8000000000000000ull) & ~((1ull << (rnd() % 64)) - 1));
    case 13: /* integers */
        return fx_from_i64((int64_t)(m >> (rnd() % 64)) * (s ? -1 : 1));
    default: {
        int e = near + (int)(rnd() % 140) - 70;
        if (e < 1) e = 1;
        if (e > 0x7FFE) e = 0x7FFE;
        return fx_make(s, e, m | 0x8000000000000000ull);
    }
    }
}

static void write80(struct mem *m, uint32_t a, struct fx80 v)
{
    mem_write32(m, a, (uint32_t)v.mant);
    mem_write32(m, a + 4, (uint32_t)(v.mant >> 32));
    mem_write16(m, a + 8, v.sexp);
}

static bool fx_eq(struct fx80 a, struct fx80 b) { return a.mant == b.mant && a.sexp == b.sexp; }

/* Host x87: the operation `op` on a (ST0) and b (ST1), control word cw
 * (exceptions masked). Returns the status word after it. */
enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_RNDINT, OP_SCALE, OP_PREM, OP_PREM1,
       OP_F32, OP_F64, OP_I16, OP_I32, OP_I64, OP_COM, OP_UCOM, OP_COUNT };

static uint16_t host(int op, uint16_t cw, struct fx80 a, struct fx80 b, struct fx80 *r, uint64_t *mem)
{
    uint16_t sw = 0;
    unsigned char ba[10], bb[10], br[10] = { 0 };
    memcpy(ba, &a.mant, 8); memcpy(ba + 8, &a.sexp, 2);
    memcpy(bb, &b.mant, 8); memcpy(bb + 8, &b.sexp, 2);
    uint64_t m = 0;
    switch (op) {
#define BIN(insn) \
    __asm__ volatile("fninit\n\tfldcw %3\n\tfldt %2\n\tfldt %1\n\t" insn "\n\tfnstsw %0\n\tfstpt %4\n\tfninit" \
                     : "=m"(sw) : "m"(ba), "m"(bb), "m"(cw), "m"(br) : "memory", "st", "st(1)")
    case OP_ADD: BIN("fadd %%st(1), %%st"); break;
    case OP_SUB: BIN("fsub %%st(1), %%st"); break;
    case OP_MUL: BIN("fmul %%st(1), %%st"); break;
    case OP_DIV: BIN("fdiv %%st(1), %%st"); break;
    case OP_SQRT: BIN("fsqrt"); break;
    case OP_RNDINT: BIN("frndint"); break;
    case OP_SCALE: BIN("fscale"); break;
    case OP_PREM: BIN("fprem"); break;
    case OP_PREM1: BIN("fprem1"); break;
    case OP_COM: BIN("fcom %%st(1)"); break;
    case OP_UCOM: BIN("fucom %%st(1)"); break;
#undef BIN
#define ST(insn) \
    __asm__ volatile("fninit\n\tfldcw %2\n\tfldt %1\n\t" insn " %3\n\tfnstsw %0\n\tfninit" \
                     : "=m"(sw) : "m"(ba), "m"(cw), "m"(m) : "memory", "st")
    case OP_F32: ST("fstps"); break;
    case OP_F64: ST("fstpl"); break;
    case OP_I16: ST("fistps"); break;
    case OP_I32: ST("fistpl"); break;
    case OP_I64: ST("fistpll"); break;
#undef ST
    }
    memcpy(&r->mant, br, 8);
    memcpy(&r->sexp, br + 8, 2);
    *mem = m;
    return sw;
}

/* The same through fpu_float.c; returns the flags and condition codes the
 * x87 would leave (IE..PE, C0-C3). */
static uint16_t soft(int op, uint16_t cw, struct fx80 a, struct fx80 b, struct fx80 *r, uint64_t *mem)
{
    bool pc = op <= OP_SQRT;
    struct fx_ctx x = fx_ctx_from_cw(cw, pc);
    uint16_t cc = 0;
    *mem = 0;
    switch (op) {
    case OP_ADD: *r = fx_add(&x, a, b); break;
    case OP_SUB: *r = fx_sub(&x, a, b); break;
    case OP_MUL: *r = fx_mul(&x, a, b); break;
    case OP_DIV: *r = fx_div(&x, a, b); break;
    case OP_SQRT: *r = fx_sqrt(&x, a); break;
    case OP_RNDINT: *r = fx_round_int(&x, a); break;
    case OP_SCALE: *r = fx_scale(&x, a, b); break;
    case OP_PREM: case OP_PREM1: *r = fx_prem(&x, a, b, op == OP_PREM1, &cc); x.c1 = cc & FSW_C1; break;
    case OP_COM: case OP_UCOM: {
        int k = fx_compare(&x, a, b, op == OP_UCOM);
        cc = k == -1 ? FSW_C0 : k == 0 ? FSW_C3 : k == 1 ? 0 : FSW_C3 | FSW_C2 | FSW_C0;
        *r = a;
        break;
    }
    case OP_F32: *mem = fx_to_f32(&x, a); break;
    case OP_F64: *mem = fx_to_f64(&x, a); break;
    case OP_I16: case OP_I32: case OP_I64: {
        int bits = op == OP_I16 ? 16 : op == OP_I32 ? 32 : 64;
        int64_t n;
        if (fx_to_int(&x, a, bits, &n)) *mem = (uint64_t)n & (bits == 64 ? ~0ull : (1ull << bits) - 1);
        else *mem = 1ull << (bits - 1);
        break;
    }
    }
    if (op <= OP_SCALE && (x.flags & FSW_IE) && !fx_is_nan(*r)) *r = FX_INDEFINITE;
    return (uint16_t)((x.flags & 0x3F) | (x.c1 ? FSW_C1 : 0) | cc);
}

static const char *op_names[OP_COUNT] = {
    "add", "sub", "mul", "div", "sqrt", "rndint", "scale", "prem", "prem1",
    "f32", "f64", "i16", "i32", "i64", "com", "ucom"
};
#endif

static void test_float_vs_host(void **state)
{
    (void)state;
#ifndef HAVE_HOST_X87
    skip();
#else
    static const uint16_t pcs[3] = { 0x000, 0x200, 0x300 };
    int fails = 0;
    int printed[OP_COUNT] = { 0 };
    long n = 0;
    for (int op = 0; op < OP_COUNT; op++) {
        int cases = op == OP_SCALE ? 20000 : 60000;
        for (int k = 0; k < cases; k++, n++) {
            uint16_t cw = (uint16_t)(0x3F | 0x40 | pcs[rnd() % 3] | ((rnd() % 4) << 10));
            int near = 1 + (int)(rnd() % 0x7FFE);
            struct fx80 a = rnd_operand(near), b = rnd_operand(near);
            if (op == OP_SCALE) { /* keep the scale small enough to matter */
                b = fx_from_i64((int64_t)(rnd() % 40000) - 20000);
                if (rnd() % 4 == 0) b = rnd_operand(16383);
            }
            if ((op == OP_PREM || op == OP_PREM1) && fx_exp(a) - fx_exp(b) > 63 && rnd() % 8)
                continue; /* partial remainders: reduction step is implementation-defined */
            struct fx80 hr, sr = { 0, 0 };
            uint64_t hm, sm;
            uint16_t hs = host(op, cw, a, b, &hr, &hm);
            uint16_t ss = soft(op, cw, a, b, &sr, &sm);
            uint16_t mask = 0x3F | FSW_C1;
            if (op == OP_PREM || op == OP_PREM1 || op == OP_COM || op == OP_UCOM) mask |= FSW_C0 | FSW_C2 | FSW_C3;
            if (op == OP_PREM || op == OP_PREM1) {
                if (hs & FSW_C2) mask &= (uint16_t)~(FSW_C0 | FSW_C1 | FSW_C3);
            }
            if (op == OP_COM || op == OP_UCOM) mask &= (uint16_t)~FSW_C1;
            bool res_ok = op >= OP_F32 && op <= OP_I64 ? hm == sm
                          : op >= OP_COM ? true
                          : (hr.mant == sr.mant && hr.sexp == sr.sexp);
            if (op == OP_PREM || op == OP_PREM1) {
                if ((hs & FSW_C2) && (hr.mant != sr.mant || hr.sexp != sr.sexp)) res_ok = true; /* partial */
            }
            if (!res_ok || (hs & mask) != (ss & mask)) {
                if (printed[op]++ < 6)
                    fprintf(stderr, "%s cw=%04X a=%04X:%016llX b=%04X:%016llX host=%04X:%016llX/%llX sw=%04X soft=%04X:%016llX/%llX sw=%04X\n",
                            op_names[op], cw, a.sexp, (unsigned long long)a.mant, b.sexp,
                            (unsigned long long)b.mant, hr.sexp, (unsigned long long)hr.mant,
                            (unsigned long long)hm, hs & mask, sr.sexp, (unsigned long long)sr.mant,
                            (unsigned long long)sm, ss & mask);
                fails++;
            }
        }
    }
    for (int op = 0; op < OP_COUNT; op++)
        if (printed[op]) fprintf(stderr, "  %s: %d mismatches\n", op_names[op], printed[op]);
    fprintf(stderr, "float vs host x87: %ld cases, %d mismatches\n", n, fails);
    assert_int_equal(fails, 0);
#endif
}

#ifdef HAVE_HOST_X87
/* Host x87 unary/binary instruction on ST0 = a (ST1 = b); returns SW and
 * up to two results (ST0, ST1 after the instruction). */
static uint16_t host2(int which, uint16_t cw, struct fx80 a, struct fx80 b, struct fx80 *r0, struct fx80 *r1)
{
    uint16_t sw = 0;
    unsigned char ba[10], bb[10], o0[10] = { 0 }, o1[10] = { 0 };
    memcpy(ba, &a.mant, 8); memcpy(ba + 8, &a.sexp, 2);
    memcpy(bb, &b.mant, 8); memcpy(bb + 8, &b.sexp, 2);
#define H(insn) \
    __asm__ volatile("fninit\n\tfldcw %3\n\tfldt %2\n\tfldt %1\n\t" insn "\n\tfnstsw %0\n\tfstpt %4\n\tfstpt %5\n\tfninit" \
                     : "=m"(sw) : "m"(ba), "m"(bb), "m"(cw), "m"(o0), "m"(o1) : "memory", "st", "st(1)", "st(2)")
    switch (which) {
    case 0: H("fxtract"); break;
    case 1: H("fsin"); break;
    case 2: H("fcos"); break;
    case 3: H("fptan"); break;
    case 4: H("fpatan"); break;
    case 5: H("f2xm1"); break;
    case 6: H("fyl2x"); break;
    case 7: H("fyl2xp1"); break;
    case 8: H("fsincos"); break;
    }
#undef H
    memcpy(&r0->mant, o0, 8); memcpy(&r0->sexp, o0 + 8, 2);
    memcpy(&r1->mant, o1, 8); memcpy(&r1->sexp, o1 + 8, 2);
    return sw;
}

/* Distance in units of the last place between two finite values of the
 * same sign and nearby exponents (large when they differ in class). */
static uint64_t ulps(struct fx80 x, struct fx80 y)
{
    if (x.sexp == y.sexp) return x.mant > y.mant ? x.mant - y.mant : y.mant - x.mant;
    if ((x.sexp ^ y.sexp) & 0x8000) return ~0ull;
    struct fx80 lo = (x.sexp & 0x7FFF) < (y.sexp & 0x7FFF) ? x : y, hi = lo.sexp == x.sexp ? y : x;
    if ((hi.sexp & 0x7FFF) - (lo.sexp & 0x7FFF) != 1) return ~0ull;
    return (hi.mant - 0x8000000000000000ull) * 2 + (0ull - lo.mant);
}
#endif

/* FXTRACT (exact) and the transcendental instructions through the CPU
 * against the host x87: FXTRACT bit-exact; the transcendentals within one
 * unit in the last place of the host's result (both are approximations;
 * ours are correctly rounded), with the same IE/ZE/DE/C2 flags, inside each
 * instruction's documented domain. The trigonometric ones include
 * arguments up to 2^20, where the match shows the same 66-bit-pi argument
 * reduction. Operands are loaded with FLD m80 into a P6 in real mode. */
static void test_trans_vs_host(void **state)
{
    (void)state;
#ifndef HAVE_HOST_X87
    skip();
#else
    struct mem *m = mem_create(1u << 20);
    struct cpu *c = calloc(1, sizeof *c);
    static const uint8_t insn[9][2] = {
        { 0xD9, 0xF4 }, { 0xD9, 0xFE }, { 0xD9, 0xFF }, { 0xD9, 0xF2 }, { 0xD9, 0xF3 },
        { 0xD9, 0xF0 }, { 0xD9, 0xF1 }, { 0xD9, 0xF9 }, { 0xD9, 0xFB },
    };
    static const char *names[9] = { "fxtract", "fsin", "fcos", "fptan", "fpatan", "f2xm1",
                                    "fyl2x", "fyl2xp1", "fsincos" };
    int fails = 0, worst = 0;
    for (int which = 0; which < 9; which++) {
        int printed = 0;
        for (int k = 0; k < 20000; k++) {
            struct fx80 a, b = rnd_operand(16383);
            /* Operands inside each instruction's documented domain. */
            int e;
            switch (which) {
            case 0: a = rnd_operand((int)(rnd() % 0x7FFE) + 1); break;
            case 1: case 2: case 3: case 8: e = 16383 - 30 + (int)(rnd() % 50); goto mk;
            case 5: e = 16383 - 40 + (int)(rnd() % 40); goto mk;        /* |x| < 1 */
            case 7: e = 16383 - 40 + (int)(rnd() % 38); goto mk;        /* |x| < 0.29 */
            case 4: e = 16383 - 60 + (int)(rnd() % 120); goto mk;
            default: e = 16383 - 60 + (int)(rnd() % 120); a = fx_make(0, e, rnd() | 0x8000000000000000ull); break;
            mk:
                a = fx_make((int)(rnd() & 1), e, rnd() | 0x8000000000000000ull);
                if (rnd() % 16 == 0) a = rnd_operand(e);
                break;
            }
            if (which == 6 || which == 7) b = fx_make((int)(rnd() & 1), 16383 + (int)(rnd() % 8), rnd() | 0x8000000000000000ull);
            /* Outside the documented domains the results are undefined. */
            if (which == 5 && fx_exp(a) >= 16383 && !fx_is_nan(a) && !fx_is_inf(a) && !fx_is_unsupported(a))
                continue;
            if (which == 7 && fx_exp(a) >= 16383 - 2 && !fx_is_nan(a) && !fx_is_unsupported(a))
                continue;
            uint16_t cw = (uint16_t)(0x037F | ((rnd() % 4) << 10));
            struct fx80 h0, h1;
            uint16_t hs = host2(which, cw, a, b, &h0, &h1);
            /* The same on the emulated CPU: FLD b, FLD a, insn. */
            static uint8_t code[] = { 0xDB, 0x2E, 0x10, 0x24, 0xDB, 0x2E, 0x00, 0x24, 0, 0 };
            code[8] = insn[which][0];
            code[9] = insn[which][1];
            memset(c, 0, sizeof *c);
            cpu_init(c, CPU_P6, m);
            for (int s2 = 0; s2 < SEG_COUNT; s2++) { c->seg[s2].base = 0; c->seg[s2].limit = 0xFFFF; }
            c->eip = 0x1000;
            fpu_init_state(&c->fpu);
            c->fpu.cw = cw;
            for (int q = 0; q < 10; q++) mem_write8(m, 0x1000 + (uint32_t)q, code[q]);
            write80(m, 0x2400, a);
            write80(m, 0x2410, b);
            for (int q = 0; q < 3; q++) cpu_step(c);
            struct fx80 s0 = fpu_get(c, 0), s1 = fpu_get(c, 1);
            uint16_t ss = fpu_status_word(c);
            uint16_t fmask = FSW_IE | FSW_ZE | FSW_DE | FSW_C2;
            bool ok = (hs & fmask) == (ss & fmask);
            uint64_t d0 = 0, d1 = 0;
            if (ok) {
                if (which == 0) {
                    ok = fx_eq(h0, s0) && fx_eq(h1, s1);
                } else {
                    bool pops = which == 4 || which == 6 || which == 7;
                    d0 = fx_eq(h0, s0) ? 0 : ulps(h0, s0);
                    d1 = pops || fx_eq(h1, s1) ? 0 : ulps(h1, s1);
                    const uint64_t tol = 1;
                    ok = d0 <= tol && d1 <= tol;
                    if (d0 > (uint64_t)worst && d0 <= tol) worst = (int)d0;
                    if (d1 > (uint64_t)worst && d1 <= tol) worst = (int)d1;
                }
            }
            if (!ok) {
                if (printed++ < 4)
                    fprintf(stderr, "%s cw=%04X a=%04X:%016llX b=%04X:%016llX host=%04X:%016llX %04X:%016llX sw=%04X soft=%04X:%016llX %04X:%016llX sw=%04X\n",
                            names[which], cw, a.sexp, (unsigned long long)a.mant, b.sexp, (unsigned long long)b.mant,
                            h0.sexp, (unsigned long long)h0.mant, h1.sexp, (unsigned long long)h1.mant, hs,
                            s0.sexp, (unsigned long long)s0.mant, s1.sexp, (unsigned long long)s1.mant, ss);
                fails++;
            }
        }
        if (printed) fprintf(stderr, "  %s: %d mismatches\n", names[which], printed);
    }
    fprintf(stderr, "fxtract/transcendental vs host x87: %d mismatches, worst accepted %d ulp\n", fails, worst);
    free(c);
    mem_destroy(m);
    assert_int_equal(fails, 0);
#endif
}

#ifdef HAVE_HOST_X87
#include <sys/mman.h>
#endif

#ifdef HAVE_HOST_X87
/* Instruction pool of the native comparisons: (first byte, ModR/M base,
 * number of variants; 0x80: any ModR/M.reg on [esi], 0x81: that ModR/M). */
static const struct { uint8_t op, modrm, n; } pool[] = {
    { 0xD8, 0xC0, 8 }, { 0xD8, 0xC8, 8 }, { 0xD8, 0xD0, 8 }, { 0xD8, 0xD8, 8 },
    { 0xD8, 0xE0, 8 }, { 0xD8, 0xE8, 8 }, { 0xD8, 0xF0, 8 }, { 0xD8, 0xF8, 8 },
    { 0xDC, 0xC0, 8 }, { 0xDC, 0xC8, 8 }, { 0xDC, 0xE0, 8 }, { 0xDC, 0xE8, 8 },
    { 0xDC, 0xF0, 8 }, { 0xDC, 0xF8, 8 },
    { 0xDE, 0xC0, 8 }, { 0xDE, 0xC8, 8 }, { 0xDE, 0xE0, 8 }, { 0xDE, 0xE8, 8 },
    { 0xDE, 0xF0, 8 }, { 0xDE, 0xF8, 8 }, { 0xDE, 0xD9, 1 },
    { 0xD9, 0xC0, 8 }, { 0xD9, 0xC8, 8 }, { 0xDD, 0xD0, 8 }, { 0xDD, 0xD8, 8 },
    { 0xDD, 0xE0, 8 }, { 0xDD, 0xE8, 8 }, { 0xDD, 0xC0, 8 }, { 0xDA, 0xE9, 1 },
    { 0xD9, 0xE0, 2 }, { 0xD9, 0xE4, 2 }, { 0xD9, 0xE8, 7 }, { 0xD9, 0xF6, 2 },
    { 0xD9, 0xFA, 1 }, { 0xD9, 0xFC, 2 }, { 0xD9, 0xF8, 1 }, { 0xD9, 0xF5, 1 },
    { 0xD9, 0xF4, 1 }, { 0xD9, 0xD0, 1 },
    { 0xDA, 0xC0, 32 }, { 0xDB, 0xC0, 32 }, { 0xDB, 0xE8, 8 }, { 0xDB, 0xF0, 8 },
    { 0xDF, 0xE8, 8 }, { 0xDF, 0xF0, 8 },
    /* memory forms on [esi] / [rsi] (ModR/M 00 reg 110) */
    { 0xD8, 0x06, 0x80 }, { 0xDC, 0x06, 0x80 }, { 0xDA, 0x06, 0x80 }, { 0xDE, 0x06, 0x80 },
    { 0xD9, 0x06, 0x81 }, { 0xD9, 0x16, 0x81 }, { 0xD9, 0x1E, 0x81 }, { 0xD9, 0x3E, 0x81 },
    { 0xDD, 0x06, 0x81 }, { 0xDD, 0x16, 0x81 }, { 0xDD, 0x1E, 0x81 }, { 0xDD, 0x3E, 0x81 },
    { 0xDB, 0x06, 0x81 }, { 0xDB, 0x16, 0x81 }, { 0xDB, 0x1E, 0x81 }, { 0xDB, 0x2E, 0x81 },
    { 0xDB, 0x3E, 0x81 }, { 0xDF, 0x06, 0x81 }, { 0xDF, 0x16, 0x81 }, { 0xDF, 0x1E, 0x81 },
    { 0xDF, 0x2E, 0x81 }, { 0xDF, 0x36, 0x81 }, { 0xDF, 0x3E, 0x81 },
};
static const int npool = (int)(sizeof pool / sizeof pool[0]);

/* A random instruction from the pool into p; returns its length (2). */
static int rnd_insn(uint8_t *p)
{
    int q = (int)(rnd() % (unsigned)npool);
    p[0] = pool[q].op;
    if (pool[q].n == 0x80) /* any ModR/M.reg: the eight arithmetic forms */
        p[1] = (uint8_t)(pool[q].modrm | ((rnd() % 8) << 3));
    else if (pool[q].n == 0x81)
        p[1] = pool[q].modrm;
    else
        p[1] = (uint8_t)(pool[q].modrm + rnd() % pool[q].n);
    return 2;
}

#endif

/* Random sequences of x87 instructions (register forms, and memory forms
 * on one 16-byte operand at [esi]/[rsi]; no transcendental ones, every
 * exception masked, random PC/RC) run on the emulated P6 and natively on
 * the host, each starting from the same FRSTOR image of random register
 * contents and tags: the FNSAVE images (control, status and tag words, the
 * eight registers) and the memory operand must be identical. This checks
 * the stack, loads and stores, tags, TOP, C0-C3 and the flags of the
 * instruction layer (fpu_ops.c, fpu_arith.c, the exact parts of
 * fpu_trans.c). */
static void test_sequences_vs_host(void **state)
{
    (void)state;
#ifndef HAVE_HOST_X87
    skip();
#else
    uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(page != MAP_FAILED);
    struct mem *m = mem_create(1u << 20);
    struct cpu *c = calloc(1, sizeof *c);
    int fails = 0;
    for (int iter = 0; iter < 30000; iter++) {
        uint8_t img[108], himg[108];
        memset(img, 0, sizeof img);
        uint16_t cw = (uint16_t)(0x007F | ((rnd() % 4) << 8) | ((rnd() % 4) << 10));
        if (((cw >> 8) & 3) == 1) cw |= 0x200; /* no reserved PC */
        uint16_t tw = 0;
        for (int p = 0; p < 8; p++) tw |= (uint16_t)((rnd() % 3 ? 0 : 3) << (2 * p));
        uint16_t sw = (uint16_t)((rnd() % 8) << 11);
        memcpy(img + 0, &cw, 2);
        memcpy(img + 4, &sw, 2);
        memcpy(img + 8, &tw, 2);
        for (int k = 0; k < 8; k++) {
            struct fx80 v = rnd_operand(16383);
            if (rnd() % 2) v = fx_make((int)(rnd() & 1), 16383 + (int)(rnd() % 20) - 10, rnd() | 0x8000000000000000ull);
            memcpy(img + 28 + 10 * k, &v.mant, 8);
            memcpy(img + 28 + 10 * k + 8, &v.sexp, 2);
        }
        int len = 0;
        uint8_t seq[64];
        int n = 1 + (int)(rnd() % 12);
        for (int k = 0; k < n; k++) {
            len += rnd_insn(seq + len);
        }
        uint32_t fl = (uint32_t)(rnd() & (EFLAGS_CF | EFLAGS_ZF | EFLAGS_PF));
        /* Memory operand: a random value of a random format. */
        uint8_t data[16], hdata[16];
        {
            struct fx80 v = rnd_operand(16383);
            struct fx_ctx y = fx_ctx_from_cw(0x037F, false);
            uint64_t d64 = rnd();
            switch (rnd() % 4) {
            case 0: d64 = fx_to_f64(&y, v); break;
            case 1: d64 = fx_to_f32(&y, v) | ((uint64_t)fx_to_f32(&y, rnd_operand(16383)) << 32); break;
            case 2: d64 = rnd() >> (rnd() % 64); break;
            default: break;
            }
            memcpy(data, &d64, 8);
            memcpy(data + 8, &v.sexp, 2);
            for (int k = 10; k < 16; k++) data[k] = (uint8_t)rnd();
            if (rnd() % 2) { memcpy(data, &v.mant, 8); memcpy(data + 8, &v.sexp, 2); }
            memcpy(hdata, data, 16);
        }
        /* Host: pushfq; set flags; frstor [rdi]; seq; fnsave [rdi]; popfq; ret */
        int h = 0;
        page[h++] = 0x9C;                                       /* pushfq */
        page[h++] = 0x68; memcpy(page + h, &fl, 4); h += 4;     /* push imm32 */
        page[h++] = 0x9D;                                       /* popfq */
        page[h++] = 0xDD; page[h++] = 0x27;                     /* frstor [rdi] */
        memcpy(page + h, seq, (size_t)len); h += len;
        page[h++] = 0xDD; page[h++] = 0x37;                     /* fnsave [rdi] */
        page[h++] = 0x9D;                                       /* popfq */
        page[h++] = 0xC3;
        memcpy(himg, img, sizeof img);
        ((void (*)(void *, void *))(void *)page)(himg, hdata);
        __asm__ volatile("fninit" ::: "memory");
        /* Emulator: 32-bit protected mode, frstor [edi]; seq; fnsave [edi]. */
        memset(c, 0, sizeof *c);
        cpu_init(c, CPU_P6, m);
        for (int s2 = 0; s2 < SEG_COUNT; s2++) {
            c->seg[s2].base = 0;
            c->seg[s2].limit = 0xFFFFFFFFu;
            c->seg[s2].ar = AR_P | AR_S | AR_RW | AR_DB | AR_G;
        }
        c->seg[SEG_CS].ar |= AR_CODE;
        c->cr[0] |= CR0_PE;
        fpu_init_state(&c->fpu);
        cpu_set_eflags(c, fl | EFLAGS_R1, EFLAGS_ARITH);
        c->gpr[REG_EDI] = 0x8000;
        c->gpr[REG_ESI] = 0x9000;
        for (int k = 0; k < 16; k++) mem_write8(m, 0x9000 + (uint32_t)k, data[k]);
        c->eip = 0x1000;
        uint8_t code[80];
        int e = 0;
        code[e++] = 0xDD; code[e++] = 0x27;
        memcpy(code + e, seq, (size_t)len); e += len;
        code[e++] = 0xDD; code[e++] = 0x37;
        for (int k = 0; k < e; k++) mem_write8(m, 0x1000 + (uint32_t)k, code[k]);
        for (int k = 0; k < 108; k++) mem_write8(m, 0x8000 + (uint32_t)k, img[k]);
        for (int k = 0; k < n + 2; k++) cpu_step(c);
        uint8_t eimg[108];
        for (int k = 0; k < 108; k++) eimg[k] = mem_read8(m, 0x8000 + (uint32_t)k);
        uint8_t edata[16];
        for (int k = 0; k < 16; k++) edata[k] = mem_read8(m, 0x9000 + (uint32_t)k);
        bool ok = !memcmp(edata, hdata, 16) && !memcmp(eimg, himg, 2) && !memcmp(eimg + 4, himg + 4, 2) && !memcmp(eimg + 8, himg + 8, 2) &&
                  !memcmp(eimg + 28, himg + 28, 80) && c->eip == 0x1000u + (uint32_t)e;
        if (!ok) {
            if (fails < 5) {
                fprintf(stderr, "seq:");
                for (int k = 0; k < len; k++) fprintf(stderr, " %02X", seq[k]);
                fprintf(stderr, "\n  data:");
                for (int k = 0; k < 10; k++) fprintf(stderr, " %02X", data[k]);
                fprintf(stderr, "\n  host:");
                for (int k = 0; k < 10; k++) fprintf(stderr, " %02X", hdata[k]);
                fprintf(stderr, "\n  emu: ");
                for (int k = 0; k < 10; k++) fprintf(stderr, " %02X", edata[k]);
                fprintf(stderr, "\n  cw=%04X sw=%04X tw=%04X fl=%X\n  host: sw=%04X tw=%04X emu: sw=%04X tw=%04X eip=%X\n", cw, sw, tw, fl,
                        himg[4] | himg[5] << 8, himg[8] | himg[9] << 8, eimg[4] | eimg[5] << 8, eimg[8] | eimg[9] << 8, c->eip);
                for (int k = 0; k < 8; k++) {
                    uint64_t hm, em; uint16_t hx, ex;
                    memcpy(&hm, himg + 28 + 10 * k, 8); memcpy(&hx, himg + 36 + 10 * k, 2);
                    memcpy(&em, eimg + 28 + 10 * k, 8); memcpy(&ex, eimg + 36 + 10 * k, 2);
                    if (hm != em || hx != ex)
                        fprintf(stderr, "  ST%d host %04X:%016llX emu %04X:%016llX\n", k, hx, (unsigned long long)hm, ex, (unsigned long long)em);
                }
            }
            fails++;
        }
    }
    fprintf(stderr, "instruction sequences vs host x87: %d mismatches\n", fails);
    free(c);
    mem_destroy(m);
    munmap(page, 4096);
    assert_int_equal(fails, 0);
#endif
}

#ifdef HAVE_HOST_X87
#include <signal.h>
#include <ucontext.h>

static sigjmp_buf fpe_jmp;
static struct _libc_fpstate fpe_state;
static uint64_t fpe_eflags;

static void on_sigfpe(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ctx;
    fpe_state = *uc->uc_mcontext.fpregs;
    fpe_eflags = (uint64_t)uc->uc_mcontext.gregs[REG_EFL];
    siglongjmp(fpe_jmp, 1);
}
#endif

#ifdef HAVE_HOST_X87
/* Call the native code at `page` with (img, data); true when it raised
 * SIGFPE (fpe_state/fpe_eflags then hold the state at the trap). A
 * separate function so the siglongjmp lands in a frame without scoped
 * locals. */
static __attribute__((noinline)) bool run_native(uint8_t *page, void *img, void *data)
{
    if (sigsetjmp(fpe_jmp, 1)) return true;
    ((void (*)(void *, void *))(void *)page)(img, data);
    return false;
}
#endif

/* Unmasked exceptions against the host: one random instruction under a
 * random control word (random masks, PC and RC), then FWAIT natively. When
 * the host traps (SIGFPE at the FWAIT), its FPU state at the trap (control,
 * status with ES, which registers are in use, ST(0)-ST(7)) must equal the
 * emulator's right after the instruction; otherwise the FNSAVE images are
 * compared. This checks the "destination unchanged, no pop" rule of
 * unmasked IE/DE/ZE, the 24576 exponent wrap of unmasked OE/UE, stores to
 * memory being suppressed, and ES/B. */
static void test_unmasked_vs_host(void **state)
{
    (void)state;
#ifndef HAVE_HOST_X87
    skip();
#else
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigfpe;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGFPE, &sa, &old);
    uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(page != MAP_FAILED);
    struct mem *m = mem_create(1u << 20);
    struct cpu *c = calloc(1, sizeof *c);
    int fails = 0, traps = 0;
    /* Buffers outside the loop: the SIGFPE handler siglongjmps back into
     * this frame. */
    static uint8_t img[108], himg[108], data[16], hdata[32];
    for (int iter = 0; iter < 20000; iter++) {
        memset(img, 0, sizeof img);
        memset(hdata, 0, sizeof hdata);
        uint16_t cw = (uint16_t)(0x0040 | (rnd() & 0x3F) | ((rnd() % 4) << 10));
        cw |= (uint16_t)((rnd() % 2 ? 3 : 2) << 8);
        if (rnd() % 4 == 0) cw &= (uint16_t)~0x0300; /* PC 24 */
        uint16_t tw = 0;
        for (int p = 0; p < 8; p++) tw |= (uint16_t)((rnd() % 4 ? 0 : 3) << (2 * p));
        uint16_t sw = (uint16_t)((rnd() % 8) << 11);
        memcpy(img + 0, &cw, 2);
        memcpy(img + 4, &sw, 2);
        memcpy(img + 8, &tw, 2);
        for (int k = 0; k < 8; k++) {
            struct fx80 v = rnd_operand(16383);
            if (rnd() % 3 == 0) v = fx_make((int)(rnd() & 1), 16383 + (int)(rnd() % 20) - 10, rnd() | 0x8000000000000000ull);
            memcpy(img + 28 + 10 * k, &v.mant, 8);
            memcpy(img + 28 + 10 * k + 8, &v.sexp, 2);
        }
        {
            struct fx80 v = rnd_operand(16383);
            struct fx_ctx y = fx_ctx_from_cw(0x037F, false);
            uint64_t d64 = rnd() % 2 ? fx_to_f64(&y, v) : fx_to_f32(&y, v);
            memcpy(data, &d64, 8);
            memcpy(data + 8, &v.sexp, 2);
            for (int k = 10; k < 16; k++) data[k] = (uint8_t)rnd();
            memcpy(hdata, data, 16);
        }
        uint8_t insn[2];
        rnd_insn(insn);
        uint32_t fl = (uint32_t)(rnd() & (EFLAGS_CF | EFLAGS_ZF | EFLAGS_PF));
        int h = 0;
        page[h++] = 0x9C;
        page[h++] = 0x68; memcpy(page + h, &fl, 4); h += 4;
        page[h++] = 0x9D;
        page[h++] = 0xDD; page[h++] = 0x27;                     /* frstor [rdi] */
        page[h++] = insn[0]; page[h++] = insn[1];
        page[h++] = 0x9B;                                       /* fwait */
        page[h++] = 0xDD; page[h++] = 0x37;                     /* fnsave [rdi] */
        page[h++] = 0x9C;                                       /* pushfq */
        page[h++] = 0x8F; page[h++] = 0x46; page[h++] = 0x10;   /* pop qword [rsi+16] */
        page[h++] = 0x9D;
        page[h++] = 0xC3;
        memcpy(himg, img, sizeof img);
        bool trapped = run_native(page, himg, hdata);
        __asm__ volatile("fninit" ::: "memory");
        /* Emulator. */
        memset(c, 0, sizeof *c);
        cpu_init(c, CPU_P6, m);
        for (int s2 = 0; s2 < SEG_COUNT; s2++) {
            c->seg[s2].base = 0;
            c->seg[s2].limit = 0xFFFFFFFFu;
            c->seg[s2].ar = AR_P | AR_S | AR_RW | AR_DB | AR_G;
        }
        c->seg[SEG_CS].ar |= AR_CODE;
        c->cr[0] |= CR0_PE | CR0_NE;
        fpu_init_state(&c->fpu);
        cpu_set_eflags(c, fl | EFLAGS_R1, EFLAGS_ARITH);
        c->gpr[REG_EDI] = 0x8000;
        c->gpr[REG_ESI] = 0x9000;
        c->eip = 0x1000;
        const uint8_t code[4] = { 0xDD, 0x27, insn[0], insn[1] };
        for (int k = 0; k < 4; k++) mem_write8(m, 0x1000 + (uint32_t)k, code[k]);
        for (int k = 0; k < 108; k++) mem_write8(m, 0x8000 + (uint32_t)k, img[k]);
        for (int k = 0; k < 16; k++) mem_write8(m, 0x9000 + (uint32_t)k, data[k]);
        cpu_step(c);
        cpu_step(c);
        uint8_t edata[16];
        for (int k = 0; k < 16; k++) edata[k] = mem_read8(m, 0x9000 + (uint32_t)k);
        bool ok = c->eip == 0x1004 && !memcmp(edata, hdata, 16);
        bool es = (c->fpu.sw & FSW_ES) != 0;
        ok = ok && es == trapped;
        {
            uint64_t hfl;
            memcpy(&hfl, hdata + 16, 8);
            if (trapped) hfl = fpe_eflags;
            if ((hfl & EFLAGS_ARITH) != (cpu_get_eflags(c) & EFLAGS_ARITH)) ok = false;
        }
        if (ok && trapped) {
            traps++;
            uint8_t used = 0;
            for (int p = 0; p < 8; p++) if (!((c->fpu.empty >> p) & 1)) used |= (uint8_t)(1u << p);
            ok = fpe_state.cwd == c->fpu.cw && fpe_state.swd == fpu_status_word(c) &&
                 (fpe_state.ftw & 0xFF) == used;
            for (int k = 0; ok && k < 8; k++) {
                if (!((used >> fpu_phys(c, k)) & 1)) continue;
                struct fx80 v = fpu_get(c, k);
                uint64_t hm;
                uint16_t hx;
                memcpy(&hm, fpe_state._st[k].significand, 8);
                hx = fpe_state._st[k].exponent;
                ok = hm == v.mant && hx == v.sexp;
            }
        } else if (ok) {
            /* No trap: compare the FNSAVE image with the emulator's state. */
            uint16_t hsw, htw;
            memcpy(&hsw, himg + 4, 2);
            memcpy(&htw, himg + 8, 2);
            ok = hsw == fpu_status_word(c) && htw == fpu_tag_word(c);
            for (int k = 0; ok && k < 8; k++) {
                struct fx80 v = fpu_get(c, k);
                uint64_t hm;
                uint16_t hx;
                memcpy(&hm, himg + 28 + 10 * k, 8);
                memcpy(&hx, himg + 36 + 10 * k, 2);
                if (((htw >> (2 * fpu_phys(c, k))) & 3) != 3) ok = hm == v.mant && hx == v.sexp;
            }
        }
        if (!ok) {
            if (getenv("FPU_TEST_VERBOSE") || fails < 3) {
                fprintf(stderr, "insn %02X %02X cw=%04X sw=%04X tw=%04X trapped=%d emu-es=%d\n", insn[0], insn[1], cw, sw, tw, trapped, es);
                fprintf(stderr, "  data:");
                for (int k = 0; k < 10; k++) fprintf(stderr, " %02X", data[k]);
                fprintf(stderr, "  host:");
                for (int k = 0; k < 10; k++) fprintf(stderr, " %02X", hdata[k]);
                fprintf(stderr, "  emu:");
                for (int k = 0; k < 10; k++) fprintf(stderr, " %02X", edata[k]);
                fprintf(stderr, "\n  host sw=%04X ftw=%02X  emu sw=%04X\n", trapped ? fpe_state.swd : (himg[4] | himg[5] << 8),
                        trapped ? fpe_state.ftw : 0, fpu_status_word(c));
                for (int k = 0; k < 8; k++) {
                    uint64_t hm;
                    uint16_t hx;
                    if (trapped) { memcpy(&hm, fpe_state._st[k].significand, 8); hx = fpe_state._st[k].exponent; }
                    else { memcpy(&hm, himg + 28 + 10 * k, 8); memcpy(&hx, himg + 36 + 10 * k, 2); }
                    struct fx80 v = fpu_get(c, k);
                    fprintf(stderr, "  ST%d host %04X:%016llX emu %04X:%016llX%s\n", k, hx, (unsigned long long)hm,
                            v.sexp, (unsigned long long)v.mant, fpu_empty(c, k) ? " (empty)" : "");
                }
            }
            fails++;
        }
    }
    sigaction(SIGFPE, &old, NULL);
    fprintf(stderr, "unmasked exceptions vs host x87: %d cases trapped, %d mismatches\n", traps, fails);
    free(c);
    mem_destroy(m);
    munmap(page, 4096);
    assert_int_equal(fails, 0);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_float_vs_host),
        cmocka_unit_test(test_trans_vs_host),
        cmocka_unit_test(test_sequences_vs_host),
        cmocka_unit_test(test_unmasked_vs_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
