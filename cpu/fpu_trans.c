/*
 * fpu_trans.c - the x87 instructions of D9 F0-FF (SDM Vol. 2A "F2XM1",
 * "FYL2X", "FPTAN", "FPATAN", "FXTRACT", "FPREM1", "FDECSTP", "FINCSTP",
 * "FPREM", "FYL2XP1", "FSQRT", "FSINCOS", "FRNDINT", "FSCALE", "FSIN",
 * "FCOS").
 *
 * FSQRT, FPREM, FPREM1, FRNDINT, FSCALE and FXTRACT are exact (software,
 * fpu_float.c, fpu_conv.c). The transcendental functions are computed in
 * software with about 120 significant bits and rounded once with FCW.RC,
 * which gives the correctly rounded result in practice and the same bits
 * on every host: F2XM1 here in 128-bit fixed point, FYL2X FYL2XP1 FPATAN
 * FSIN FCOS FSINCOS FPTAN in fpu_xfn.c. FSIN/FCOS/FPTAN/FSINCOS first
 * reduce their argument modulo pi/2 exactly as the x87 does, with its
 * 66-bit approximation of pi (0xC90FDAA22168C234C * 2^-66, SDM Vol. 1,
 * 8.3.8), so results for large arguments carry the hardware's error too.
 * Intel documents these instructions as approximations (SDM Vol. 1,
 * 8.3.10); test_fpu_host.c finds them within one unit in the last place of the
 * host x87's. Special operands (exact signed zeros and infinities), the
 * out-of-range rule (|x| >= 2^63: C2 = 1 and ST(0) unchanged) and the
 * exception flags follow the SDM tables; PE is set for every inexact
 * result.
 */
#include <math.h>

#include "fpu_ops.h"
#include "fpu_xfn.h"

/* Empty-operand check for an instruction reading ST(0) (and ST(1) when
 * two): on underflow writes the indefinite to ST(dst) when masked, pops if
 * `pop`, and returns true (the instruction is finished). */
static bool need(struct cpu *c, bool two, int dst, bool pop)
{
    if (!fpu_empty(c, 0) && !(two && fpu_empty(c, 1))) return false;
    if (fpu_underflow(c)) {
        fpu_set(c, dst, FX_INDEFINITE);
        if (pop) fpu_pop(c);
    }
    return true;
}

/* Stack overflow check of the instructions that replace ST(0) and push a
 * second result (FPTAN FSINCOS FXTRACT): when masked, both results are the
 * indefinite (the operand is overwritten too, as the x87 does). */
static bool push_overflow(struct cpu *c)
{
    if ((c->fpu.empty >> ((c->fpu.top - 1) & 7)) & 1) return false;
    if (c->fpu.cw & FCW_IM) fpu_set(c, 0, FX_INDEFINITE);
    fpu_overflow_check(c);
    return true;
}

/* Empty ST(0) for those instructions: a stack underflow (reported even if
 * the stack is also full); masked, both results are the indefinite. */
static void underflow_push2(struct cpu *c)
{
    if (!fpu_underflow(c)) return;
    fpu_set(c, 0, FX_INDEFINITE);
    fpu_push(c, FX_INDEFINITE);
}

/* |x| >= 2^63: the trigonometric instructions leave ST(0) and set C2. */
static bool out_of_range(struct fx80 v)
{
    return fx_exp(v) >= 16383 + 63 && fx_exp(v) != 0x7FFF;
}

/* Result of a transcendental function of operand(s) already checked for
 * NaN/unsupported: rounds the long double to 64 bits; PE unless exact0. */
static struct fx80 finish(struct fx_ctx *x, long double r, bool exact)
{
    if (isnan(r)) {
        x->flags |= FSW_IE;
        return FX_INDEFINITE;
    }
    struct fx80 v = fx_from_ld(x, r);
    if (!exact && !isinf(r)) {
        x->flags |= FSW_PE;
        if (fx_is_denormal(v)) x->flags |= FSW_UE;
    }
    x->c1 = false;
    return v;
}

/* Unary operand pre-check: NaN/unsupported operand gives *r; DE noted. */
static bool special1(struct fx_ctx *x, struct fx80 a, struct fx80 *r)
{
    if (fx_is_nan(a) || fx_is_unsupported(a)) {
        *r = fx_nan_result(x, a, a, false);
        return true;
    }
    if (fx_is_denormal(a)) x->flags |= FSW_DE;
    return false;
}

static bool special2(struct fx_ctx *x, struct fx80 a, struct fx80 b, struct fx80 *r)
{
    if (fx_is_nan(a) || fx_is_unsupported(a) || fx_is_nan(b) || fx_is_unsupported(b)) {
        *r = fx_nan_result(x, a, b, true);
        return true;
    }
    if (fx_is_denormal(a) || fx_is_denormal(b)) x->flags |= FSW_DE;
    return false;
}

/* Reduce |a| (finite, nonzero, |a| < 2^63) modulo pi/2 with the x87's
 * 66-bit pi: |a| = q * P + r with P = PI66 * 2^-67 = pi/2 (approximately),
 * q rounded to nearest so |r| <= P/2. The remainder is exact (bitwise long
 * division on 128-bit integers): r = (-1)^*rs * *rn * 2^*re; *q gets the
 * quotient's low two bits. */
static void reduce(struct fx80 a, int *rs, unsigned __int128 *rn, int32_t *re, int *q)
{
    static const unsigned __int128 PI66 =
        ((unsigned __int128)0xC90FDAA22168C234ull << 4) | 0xC; /* 68 bits */
    int32_t ex = fx_exp(a) ? fx_exp(a) : 1;
    uint64_t m = a.mant;
    int32_t s = ex - 16383 + 4; /* |a| / P = m * 2^s / PI66 */
    *q = 0;
    *rs = 0;
    if (s < 0 || (s < 2 && m < 0xC90FDAA22168C234ull)) { /* |a| < P / 2: no reduction */
        *rn = m;
        *re = ex - 16383 - 63;
        return;
    }
    unsigned __int128 rem = 0;
    unsigned qb = 0;
    /* Long division of m * 2^s by PI66, feeding m's bits then s zeros. */
    for (int32_t k = 63; k >= -s; k--) {
        rem = (rem << 1) | (k >= 0 ? (m >> k) & 1 : 0);
        qb <<= 1;
        if (rem >= PI66) {
            rem -= PI66;
            qb |= 1;
        }
    }
    if (rem > (PI66 >> 1)) { /* round the quotient to nearest */
        qb++;
        rem = PI66 - rem;
        *rs = 1;
    }
    if (rem == 0) { /* an exact multiple of the 66-bit pi/2: r below any ulp */
        rem = 1;
        *re = -16500;
    } else {
        *re = -67;
    }
    *rn = rem;
    *q = (int)(qb & 3);
}

/* FSIN / FCOS / FPTAN / FSINCOS. which: 0 sin, 1 cos, 2 tan (push 1.0),
 * 3 sincos (ST(0) = sin, push cos). */
static void trig(struct cpu *c, int which)
{
    if (which >= 2) {
        if (fpu_empty(c, 0)) {
            underflow_push2(c);
            return;
        }
        if (push_overflow(c)) return;
    } else if (need(c, false, 0, false)) {
        return;
    }
    struct fx80 a = fpu_get(c, 0);
    struct fx_ctx x = fpu_ctx(c, false);
    if (out_of_range(a) && !fx_is_unsupported(a)) {
        c->fpu.sw = (uint16_t)((c->fpu.sw & ~FSW_C1) | FSW_C2);
        return;
    }
    struct fx80 r1, r2 = fx_make(0, 0x3FFF, 0x8000000000000000ull); /* 1.0 */
    if (special1(&x, a, &r1)) {
        r2 = r1;
    } else if (fx_is_inf(a)) {
        x.flags |= FSW_IE;
        r1 = r2 = FX_INDEFINITE;
    } else if (fx_is_zero(a)) {
        r1 = which == 1 ? r2 : a; /* sin 0 = tan 0 = 0 (signed), cos 0 = 1 */
        if (which == 3) r2 = fx_make(0, 0x3FFF, 0x8000000000000000ull);
    } else {
        int q, rs;
        unsigned __int128 rn;
        int32_t re;
        reduce(a, &rs, &rn, &re, &q);
        if (which <= 2) {
            r1 = xfn_trig(&x, which, rs, rn, re, q, fx_sign(a));
        } else { /* FSINCOS: ST(1) = sin, ST(0) = cos; C1 from the cosine */
            struct fx_ctx y = x;
            r1 = xfn_trig(&y, 0, rs, rn, re, q, fx_sign(a));
            r2 = xfn_trig(&x, 1, rs, rn, re, q, fx_sign(a));
            x.flags |= y.flags;
        }
    }
    if (!fpu_commit(c, &x)) return;
    c->fpu.sw &= (uint16_t)~FSW_C2; /* in range */
    fpu_set(c, 0, r1);
    if (which >= 2) fpu_push(c, r2);
}

/* FXTRACT: ST(1) = the unbiased exponent of ST(0) as a real, ST(0) = its
 * significand with exponent 0 (3FFF biased); zero gives -inf and ZE. */
static void fxtract(struct cpu *c)
{
    if (fpu_empty(c, 0)) {
        underflow_push2(c);
        return;
    }
    if (push_overflow(c)) return;
    struct fx_ctx x = fpu_ctx(c, false);
    struct fx80 a = fpu_get(c, 0), e, s;
    if (special1(&x, a, &s)) {
        e = s;
    } else if (fx_is_zero(a)) {
        x.flags |= FSW_ZE;
        e = fx_inf(1);
        s = a;
    } else if (fx_is_inf(a)) {
        e = fx_inf(0);
        s = a;
    } else {
        int32_t ex = fx_exp(a);
        uint64_t m = a.mant;
        if (ex == 0) ex = 1;
        int lz = __builtin_clzll(m);
        e = fx_from_i64(ex - lz - 16383);
        s = fx_make(fx_sign(a), 0x3FFF, m << lz);
    }
    if (!fpu_commit(c, &x)) return;
    fpu_set(c, 0, e);
    fpu_push(c, s);
}

/* FYL2X (y * log2 x), FYL2XP1 (y * log2(x + 1)), FPATAN (atan2(y, x)):
 * x = ST(0), y = ST(1); the result replaces ST(1) and ST(0) is popped. */
static void binary_trans(struct cpu *c, int which)
{
    if (need(c, true, 1, true)) return;
    struct fx_ctx x = fpu_ctx(c, false);
    struct fx80 a = fpu_get(c, 0), b = fpu_get(c, 1), r;
    if (!special2(&x, a, b, &r)) {
        long double xv = fx_to_ld(a), yv = fx_to_ld(b);
        switch (which) {
        case 0: /* FYL2X */
            if (fx_sign(a) && !fx_is_zero(a)) {
                r = FX_INDEFINITE;
                x.flags |= FSW_IE;
            } else if (fx_is_zero(a) && !fx_is_zero(b) && !fx_is_inf(b)) {
                x.flags |= FSW_ZE;
                r = fx_inf(!fx_sign(b));
            } else if (!fx_is_zero(a) && !fx_is_inf(a) && !fx_is_zero(b) && !fx_is_inf(b) &&
                       !(a.sexp == 0x3FFF && a.mant == 0x8000000000000000ull)) {
                r = xfn_yl2x(&x, b, a);
            } else { /* zeros, infinities, x = 1: exact signed zeros/infinities */
                r = finish(&x, yv * log2l(xv), true);
            }
            break;
        case 1: /* FYL2XP1: |x| < 1 - sqrt(2)/2 is the documented range */
            if (xv < -1.0L) {
                r = FX_INDEFINITE;
                x.flags |= FSW_IE;
            } else if (!fx_is_zero(a) && !fx_is_inf(a) && !fx_is_zero(b) && !fx_is_inf(b) &&
                       xv > -1.0L) {
                r = xfn_yl2xp1(&x, b, a);
            } else { /* zeros, infinities, x = -1: exact signed zeros/infinities */
                r = finish(&x, yv * log1pl(xv), true);
            }
            break;
        default: /* FPATAN */
            r = xfn_atan2(&x, b, a);
            break;
        }
    }
    if (!fpu_commit(c, &x)) return;
    fpu_set(c, 1, r);
    fpu_pop(c);
}

/* 128 x 128 -> high 128 bits of the 256-bit product (unsigned). */
static unsigned __int128 mulhi128(unsigned __int128 a, unsigned __int128 b)
{
    uint64_t a1 = (uint64_t)(a >> 64), a0 = (uint64_t)a, b1 = (uint64_t)(b >> 64), b0 = (uint64_t)b;
    unsigned __int128 p00 = (unsigned __int128)a0 * b0, p01 = (unsigned __int128)a0 * b1;
    unsigned __int128 p10 = (unsigned __int128)a1 * b0, p11 = (unsigned __int128)a1 * b1;
    unsigned __int128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    return p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
}

/* F2XM1 of a finite nonzero x with |x| <= 1 (outside, the result is
 * undefined; the same formula is used), computed with about 120 correct
 * bits and rounded once: 2^x - 1 = y * q with y = x ln 2 and
 * q = expm1(y) / y = 1 + y/2! + y^2/3! + ..., summed in fixed point. */
static struct fx80 f2xm1_exact(struct fx_ctx *x, struct fx80 a)
{
    static const unsigned __int128 LN2 = /* ln 2 * 2^128 */
        ((unsigned __int128)0xB17217F7D1CF79ABull << 64) | 0xC9E3B39803F2F6AFull;
    int32_t ex = fx_exp(a) ? fx_exp(a) : 1;
    uint64_t m = a.mant;
    int lz = __builtin_clzll(m);
    m <<= lz;
    ex -= lz;
    if (ex > 16383) ex = 16383; /* |x| >= 2 is outside the domain: keep the sums in range */
    if (m == 0x8000000000000000ull && ex == 16383) /* x = +-1: exactly 1 and -1/2 */
        return fx_sign(a) ? fx_make(1, 16382, m) : fx_make(0, 16383, m);
    /* |y| = Y * 2^(ex - 16383 - 127 - 64) with Y = m * LN2 >> 64 (Y < 2^128). */
    unsigned __int128 Y = mulhi128((unsigned __int128)m << 64, LN2);
    int32_t ey = ex - 16383 - 127; /* |y| = Y * 2^ey */
    /* y in signed fixed point with 120 fraction bits (|y| < 2^7 here). */
    int sh = -ey - 120; /* Y >> sh */
    __int128 yf = sh >= 128 ? 0 : sh >= 0 ? (__int128)(Y >> sh) : (__int128)(Y << -sh);
    if (fx_sign(a)) yf = -yf;
    const __int128 ONE = (__int128)1 << 120;
    __int128 q = ONE;
    for (int k = 40; k >= 1; k--) {
        /* q = 1 + y * q / (k + 1), fixed point (signed multiply). */
        bool neg = (yf < 0) != (q < 0);
        unsigned __int128 ua = yf < 0 ? (unsigned __int128)-yf : (unsigned __int128)yf;
        unsigned __int128 ub = q < 0 ? (unsigned __int128)-q : (unsigned __int128)q;
        unsigned __int128 prod = mulhi128(ua << 7, ub << 1); /* (ua*ub) >> 120 */
        prod /= (unsigned)(k + 1);
        q = ONE + (neg ? -(__int128)prod : (__int128)prod);
    }
    /* result = y * q: |y| * q = Y * q * 2^(ey - 120), q > 0. */
    unsigned __int128 uq = (unsigned __int128)q;
    unsigned __int128 hi = mulhi128(Y, uq << 6);  /* (Y * q) >> 122 */
    return fx_round_pack(x, fx_sign(a), ey + 122 - 120 + 16383 + 127, hi | 1, true);
}

/* D9 F0-FF. */
void fpu_trans(struct cpu *c, struct insn *i)
{
    int k = (i->reg - 6) * 8 + i->rm;
    struct fx_ctx x;
    struct fx80 r;
    switch (k) {
    case 0: /* F2XM1 */
        if (need(c, false, 0, false)) return;
        x = fpu_ctx(c, false);
        {
            struct fx80 a = fpu_get(c, 0);
            if (special1(&x, a, &r)) {
            } else if (fx_is_zero(a)) {
                r = a;
            } else if (fx_is_inf(a)) {
                r = fx_sign(a) ? fx_make(1, 0x3FFF, 0x8000000000000000ull) : a;
            } else {
                r = f2xm1_exact(&x, a);
            }
        }
        if (fpu_commit(c, &x)) fpu_set(c, 0, r);
        return;
    case 1: binary_trans(c, 0); return;
    case 2: trig(c, 2); return;
    case 3: binary_trans(c, 2); return;
    case 4: fxtract(c); return;
    case 5: case 8: { /* FPREM1, FPREM */
        /* No remainder computed (stack underflow, NaN or invalid operands):
         * C2 = 0, C1 = 0, C0 and C3 unchanged (as the x87 leaves them). */
        if (fpu_empty(c, 0) || fpu_empty(c, 1)) {
            c->fpu.sw &= (uint16_t)~FSW_C2;
            need(c, true, 0, false);
            return;
        }
        x = fpu_ctx(c, false);
        uint16_t cc;
        struct fx80 a = fpu_get(c, 0), b = fpu_get(c, 1);
        r = fx_prem(&x, a, b, k == 5, &cc);
        if (!fpu_commit(c, &x)) return;
        if (fx_is_nan(r) || (x.flags & FSW_IE)) c->fpu.sw &= (uint16_t)~FSW_C2;
        else fpu_set_cc(c, cc); /* C2, or the quotient bits in C0 C3 C1 */
        fpu_set(c, 0, r);
        return;
    }
    case 6: /* FDECSTP */
        c->fpu.top = (c->fpu.top - 1) & 7;
        c->fpu.sw &= (uint16_t)~FSW_C1;
        return;
    case 7: /* FINCSTP */
        c->fpu.top = (c->fpu.top + 1) & 7;
        c->fpu.sw &= (uint16_t)~FSW_C1;
        return;
    case 9: binary_trans(c, 1); return;
    case 10: /* FSQRT: precision control applies */
        if (need(c, false, 0, false)) return;
        x = fpu_ctx(c, true);
        r = fx_sqrt(&x, fpu_get(c, 0));
        if (fpu_commit(c, &x)) fpu_set(c, 0, r);
        return;
    case 11: trig(c, 3); return;
    case 12: /* FRNDINT */
        if (need(c, false, 0, false)) return;
        x = fpu_ctx(c, false);
        r = fx_round_int(&x, fpu_get(c, 0));
        if (fpu_commit(c, &x)) fpu_set(c, 0, r);
        return;
    case 13: /* FSCALE */
        if (need(c, true, 0, false)) return;
        x = fpu_ctx(c, false);
        r = fx_scale(&x, fpu_get(c, 0), fpu_get(c, 1));
        if (fpu_commit(c, &x)) fpu_set(c, 0, r);
        return;
    case 14: trig(c, 0); return;
    default: trig(c, 1); return;
    }
}
