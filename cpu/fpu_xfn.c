/*
 * fpu_xfn.c - transcendental functions for the x87 in 128-bit software
 * floating point (see fpu_xfn.h). Values are kept as sign, exponent and a
 * normalised 128-bit significand (struct xf); the series are short because
 * the arguments are reduced first (log: significand in [sqrt(2)/2, sqrt(2))
 * and the atanh series; atan: a 17-entry table of atan(k/16) and the series
 * on the remainder, |u| <= 1/32; sin/cos: |r| <= pi/4). Each operation
 * keeps about 126 bits, so the final single rounding (fx_round_pack) is
 * exact in practice. Constants from their definitions (computed with
 * 400-bit arithmetic).
 */
#include "fpu_xfn.h"

typedef unsigned __int128 u128;

/* value = (-1)^s * m * 2^e; m has bit 127 set, or m = 0 for zero. */
struct xf {
    int s;
    int32_t e;
    u128 m;
};

#define U128(hi, lo) (((u128)(hi) << 64) | (lo))

static int clz128(u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)v);
}

static struct xf xf_make(int s, int32_t e, u128 m)
{
    struct xf r = { s, e, m };
    if (!m) {
        r.e = 0;
        return r;
    }
    int lz = clz128(m);
    r.m = m << lz;
    r.e = e - lz;
    return r;
}

static struct xf xf_int(int64_t v)
{
    return xf_make(v < 0, 0, (u128)(v < 0 ? 0 - (uint64_t)v : (uint64_t)v));
}

/* A finite register value, exactly. */
static struct xf xf_from(struct fx80 a)
{
    int32_t ex = fx_exp(a) ? fx_exp(a) : 1;
    return xf_make(fx_sign(a), ex - 16383 - 63, (u128)a.mant);
}

static u128 mulhi(u128 a, u128 b)
{
    uint64_t a1 = (uint64_t)(a >> 64), a0 = (uint64_t)a, b1 = (uint64_t)(b >> 64), b0 = (uint64_t)b;
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    return p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
}

static struct xf xf_mul(struct xf a, struct xf b)
{
    if (!a.m || !b.m) return xf_make(0, 0, 0);
    return xf_make(a.s ^ b.s, a.e + b.e + 128, mulhi(a.m, b.m));
}

static struct xf xf_neg(struct xf a)
{
    a.s ^= 1;
    return a;
}

static struct xf xf_add(struct xf a, struct xf b)
{
    if (!b.m) return a;
    if (!a.m) return b;
    if (b.e > a.e || (b.e == a.e && b.m > a.m)) {
        struct xf t = a;
        a = b;
        b = t;
    }
    int32_t d = a.e - b.e;
    if (d >= 127) return a;
    u128 A = a.m >> 1, B = (b.m >> 1) >> d;
    return xf_make(a.s, a.e + 1, a.s == b.s ? A + B : A - B);
}

static struct xf xf_sub(struct xf a, struct xf b) { return xf_add(a, xf_neg(b)); }

/* a / b (b != 0): 128 quotient bits by restoring division. */
static struct xf xf_div(struct xf a, struct xf b)
{
    if (!a.m) return a;
    u128 r = a.m, q = 0;
    bool carry = false;
    for (int i = 0; i < 128; i++) {
        q <<= 1;
        if (carry || r >= b.m) {
            r -= b.m;
            q |= 1;
        }
        carry = (r >> 127) != 0;
        r <<= 1;
    }
    /* q = floor(a.m / b.m * 2^127) */
    return xf_make(a.s ^ b.s, a.e - b.e - 127, q);
}

/* Round to the register format; inexact marks a value known not to be
 * exactly representable (a sticky bit below the 128 kept). */
static struct fx80 xf_round(struct fx_ctx *x, struct xf v, bool inexact)
{
    if (!v.m) return fx_zero(v.s);
    return fx_round_pack(x, v.s, v.e + 16383 + 127, v.m | (inexact ? 1 : 0), true);
}

static const struct xf LOG2E = { 0, -127, U128(0xB8AA3B295C17F0BBull, 0xBE87FED0691D3E89ull) };
static const struct xf PI = { 0, -126, U128(0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull) };
static const struct xf PI_2 = { 0, -127, U128(0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull) };
static const struct xf SQRT2 = { 0, -127, U128(0xB504F333F9DE6484ull, 0x597D89B3754ABE9Full) };

/* Series coefficients, computed once: 1/(2k+1) for k = 0..30 and
 * 1/((n+1)(n+2)) for n = 0..49. */
static struct xf inv_odd[31], inv_pair[50];
static bool coef_ready;

static void coef_init(void)
{
    if (coef_ready) return;
    for (int k = 0; k < 31; k++) inv_odd[k] = xf_div(xf_int(1), xf_int(2 * k + 1));
    for (int n = 0; n < 50; n++) inv_pair[n] = xf_div(xf_int(1), xf_int((int64_t)(n + 1) * (n + 2)));
    coef_ready = true;
}

/* 2 atanh(z) = ln((1 + z) / (1 - z)) for |z| <= 0.18:
 * 2 z (1 + z^2/3 + z^4/5 + ...). */
static struct xf atanh2(struct xf z)
{
    coef_init();
    struct xf z2 = xf_mul(z, z), s = xf_make(0, 0, 0);
    for (int k = 30; k >= 0; k--)
        s = xf_add(inv_odd[k], xf_mul(z2, s));
    struct xf r = xf_mul(z, s);
    r.e += 1;
    return r;
}

/* log2(x) for finite x > 0; *exact set when x is a power of two. */
static struct xf xf_log2(struct fx80 xv, bool *exact)
{
    struct xf m = xf_from(xv);
    int32_t e = m.e + 127;  /* x = (m.m / 2^127) * 2^e, significand in [1, 2) */
    m.e = -127;
    if (m.m > SQRT2.m) {    /* centre the significand on 1: [sqrt(2)/2, sqrt(2)) */
        m.e--;
        e++;
    }
    struct xf one = xf_int(1);
    struct xf num = xf_sub(m, one);
    *exact = num.m == 0;
    struct xf l = num.m ? xf_mul(atanh2(xf_div(num, xf_add(m, one))), LOG2E) : num;
    return xf_add(l, xf_int(e));
}

struct fx80 xfn_yl2x(struct fx_ctx *x, struct fx80 y, struct fx80 xv)
{
    bool exact;
    struct xf l = xf_log2(xv, &exact);
    return xf_round(x, xf_mul(xf_from(y), l), !exact);
}

struct fx80 xfn_yl2xp1(struct fx_ctx *x, struct fx80 y, struct fx80 xv)
{
    /* ln(1 + x) = 2 atanh(x / (2 + x)). */
    struct xf a = xf_from(xv);
    struct xf z = xf_div(a, xf_add(xf_int(2), a));
    struct xf l = xf_mul(atanh2(z), LOG2E);
    return xf_round(x, xf_mul(xf_from(y), l), true);
}

/* atan(k/16), k = 1..16. */
static const struct xf ATAN16[16] = {
    { 0, -132, U128(0xFFAADDB967EF4E36ull, 0xCB2792DC0E2E0D51ull) },
    { 0, -131, U128(0xFEADD4D5617B6E32ull, 0xC897989F3E888EF8ull) },
    { 0, -130, U128(0xBDCBDA5E72D81134ull, 0x7B0B4F881C9C7488ull) },
    { 0, -130, U128(0xFADBAFC96406EB15ull, 0x6DC79EF5F7A217E6ull) },
    { 0, -129, U128(0x9B13B9B83F5E5E69ull, 0xC5ABB498D27AF328ull) },
    { 0, -129, U128(0xB7B0CA0F26F78473ull, 0x8AA32122DCFE4483ull) },
    { 0, -129, U128(0xD327761E611FE5B6ull, 0x427C95E9001E7136ull) },
    { 0, -129, U128(0xED63382B0DDA7B45ull, 0x6FE445ECBC3A8D03ull) },
    { 0, -128, U128(0x832BF4A6D9867E2Aull, 0x4B6A09CB61A515C1ull) },
    { 0, -128, U128(0x8F005D5EF7F59F9Bull, 0x5C835E1665C43748ull) },
    { 0, -128, U128(0x9A2F80E671BDDA20ull, 0x4226F8E2204FF3BDull) },
    { 0, -128, U128(0xA4BC7D1934F70924ull, 0x19A87F2A457DAC9Full) },
    { 0, -128, U128(0xAEAC4C38B4D8C080ull, 0x14725E2F3E52070Aull) },
    { 0, -128, U128(0xB8053E2BC2319E73ull, 0xCB2DA55210A4443Dull) },
    { 0, -128, U128(0xC0CE85B8AC526640ull, 0x89DD62C46E92FA25ull) },
    { 0, -128, U128(0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull) },
};

/* atan(t) for 0 < t <= 1: atan(c) + atan((t - c) / (1 + t c)), c = k/16
 * nearest to t, and the series u (1 - u^2/3 + u^4/5 - ...) for |u| <= 1/32. */
static struct xf xf_atan01(struct xf t)
{
    /* k = round(16 t) */
    int32_t sh = -(t.e + 4);          /* 16 t = t.m * 2^(t.e + 4) */
    int k = sh > 128 ? 0 : sh <= 0 ? 16 : (int)((t.m >> (sh - 1)) + 1) >> 1;
    if (k > 16) k = 16;
    struct xf u = t, base = xf_make(0, 0, 0);
    if (k) {
        struct xf c = xf_make(0, -4, (u128)k);
        u = xf_div(xf_sub(t, c), xf_add(xf_int(1), xf_mul(t, c)));
        base = ATAN16[k - 1];
    }
    if (!u.m) return base;
    coef_init();
    struct xf u2 = xf_mul(u, u), s = xf_make(0, 0, 0);
    for (int j = 14; j >= 0; j--) {
        struct xf term = inv_odd[j];
        if (j & 1) term = xf_neg(term);
        s = xf_add(term, xf_mul(u2, s));
    }
    return xf_add(base, xf_mul(u, s));
}

struct fx80 xfn_atan2(struct fx_ctx *x, struct fx80 y, struct fx80 xv)
{
    struct xf r;
    /* Zeros and infinities (SDM Vol. 2A "FPATAN", table 3-29): multiples
     * of pi/4, rounded like any result. */
    if (fx_is_zero(y) || fx_is_inf(y) || fx_is_zero(xv) || fx_is_inf(xv)) {
        struct xf pi4 = PI;
        pi4.e -= 2;
        if (fx_is_zero(y)) {
            if (!fx_sign(xv)) return fx_zero(fx_sign(y));
            r = PI;
        } else if (fx_is_inf(y)) {
            r = !fx_is_inf(xv) ? PI_2 : fx_sign(xv) ? xf_sub(PI, pi4) : pi4;
        } else if (fx_is_zero(xv)) {
            r = PI_2;
        } else {
            if (!fx_sign(xv)) return fx_zero(fx_sign(y));
            r = PI;
        }
        r.s = fx_sign(y);
        return xf_round(x, r, true);
    }
    struct xf ay = xf_from(fx_abs(y)), ax = xf_from(fx_abs(xv));
    if (ay.e < ax.e || (ay.e == ax.e && ay.m <= ax.m))
        r = xf_atan01(xf_div(ay, ax));
    else
        r = xf_sub(PI_2, xf_atan01(xf_div(ax, ay)));
    if (fx_sign(xv)) r = xf_sub(PI, r);
    r.s = fx_sign(y);
    return xf_round(x, r, true);
}

/* sin (which 0) or cos (1) of |r| <= pi/4 by the Taylor series. */
static struct xf xf_sincos(struct xf r, int which)
{
    coef_init();
    struct xf r2 = xf_mul(r, r), s = xf_make(0, 0, 0);
    /* sin r = r sum (-1)^k r^2k / (2k+1)!, cos r = sum (-1)^k r^2k / (2k)!:
     * Horner from k = 24 down, the coefficient ratio being 1/((n+1)(n+2)). */
    for (int k = 24; k >= 0; k--) {
        int n = 2 * k + (which == 0 ? 1 : 0); /* the factorial's argument */
        /* s = 1 - r2 * s / ((n + 1)(n + 2)) builds the nested product */
        s = xf_sub(xf_int(1), xf_mul(xf_mul(r2, s), inv_pair[n]));
    }
    return which == 0 ? xf_mul(r, s) : s;
}

struct fx80 xfn_trig(struct fx_ctx *x, int which, int rsign, u128 rnum, int32_t rexp, int q, int neg)
{
    struct xf r = xf_make(rsign, rexp, rnum);
    struct xf sn = xf_sincos(r, 0), cs = xf_sincos(r, 1), v;
    struct xf qs, qc; /* sin and cos of the quadrant-shifted argument */
    switch (q & 3) {
    case 0: qs = sn; qc = cs; break;
    case 1: qs = cs; qc = xf_neg(sn); break;
    case 2: qs = xf_neg(sn); qc = xf_neg(cs); break;
    default: qs = xf_neg(cs); qc = sn; break;
    }
    if (neg) qs = xf_neg(qs);
    v = which == 0 ? qs : which == 1 ? qc : xf_div(qs, qc);
    return xf_round(x, v, true);
}
