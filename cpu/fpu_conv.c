/*
 * fpu_conv.c - conversions between the x87 register format and the memory
 * formats (binary32, binary64, 16/32/64-bit integers, the host long
 * double), and the exact FPREM/FPREM1 and FSCALE (SDM Vol. 2A "FLD",
 * "FST", "FILD", "FIST", "FPREM", "FPREM1", "FSCALE"; Vol. 1, 4.9 for the
 * exception rules). See fpu_float.h for the conventions.
 */
#include <math.h>

#include "fpu_round.h"

static const struct fmt FMT_F32 = { 24, 127, 0xFF };
static const struct fmt FMT_F64 = { 53, 1023, 0x7FF };

/* Widen a binary32/binary64 encoding (sign, biased exponent, fraction with
 * `fbits` bits, bias, all-ones exponent). */
static struct fx80 widen(struct fx_ctx *x, int sign, int32_t ex, uint64_t frac, int fbits,
                         int32_t bias, int32_t emax)
{
    if (ex == emax) {
        if (frac == 0) return fx_inf(sign);
        struct fx80 r = fx_make(sign, 0x7FFF, 0x8000000000000000ull | (frac << (63 - fbits)));
        if (!(r.mant & 0x4000000000000000ull)) x->flags |= FSW_IE; /* SNaN */
        r.mant |= 0x4000000000000000ull;
        return r;
    }
    if (ex == 0) {
        if (frac == 0) return fx_zero(sign);
        x->flags |= FSW_DE;
        int lz = __builtin_clzll(frac);
        /* value = frac * 2^(1 - bias - fbits) */
        return fx_make(sign, 1 - bias - fbits + 16383 + 63 - lz, frac << lz);
    }
    return fx_make(sign, ex - bias + 16383, 0x8000000000000000ull | (frac << (63 - fbits)));
}

struct fx80 fx_from_f32(struct fx_ctx *x, uint32_t v)
{
    return widen(x, v >> 31, (v >> 23) & 0xFF, v & 0x7FFFFF, 23, 127, 0xFF);
}

struct fx80 fx_from_f64(struct fx_ctx *x, uint64_t v)
{
    return widen(x, (int)(v >> 63), (v >> 52) & 0x7FF, v & 0xFFFFFFFFFFFFFull, 52, 1023, 0x7FF);
}

struct fx80 fx_from_i64(int64_t v)
{
    if (v == 0) return fx_zero(0);
    int sign = v < 0;
    uint64_t m = sign ? 0 - (uint64_t)v : (uint64_t)v;
    int lz = __builtin_clzll(m);
    return fx_make(sign, 16383 + 63 - lz, m << lz);
}

/* Narrow to a memory format: returns sign, biased exponent and significand
 * (integer bit at 63) in eo and so, or a NaN/infinity/zero as such. */
static void narrow(struct fx_ctx *x, struct fx80 a, const struct fmt *f, int *sign,
                   int32_t *eo, uint64_t *so)
{
    *sign = fx_sign(a);
    if (fx_is_unsupported(a)) {
        x->flags |= FSW_IE;
        *sign = 1;
        *eo = f->emax;
        *so = 0xC000000000000000ull;
        return;
    }
    if (fx_exp(a) == 0x7FFF) { /* NaN (quieted) or infinity */
        if (fx_is_snan(a)) x->flags |= FSW_IE;
        *eo = f->emax;
        *so = fx_is_nan(a) ? (a.mant | 0x4000000000000000ull) : a.mant;
        return;
    }
    if (fx_is_zero(a)) {
        *eo = 0;
        *so = 0;
        return;
    }
    int32_t e;
    uint64_t s;
    fxi_unpack(a, &e, &s);
    struct fx_ctx y = *x;
    fxi_round_fmt(&y, *sign, e, (u128)s << 64, f, false, eo, so);
    x->flags = y.flags;
    x->c1 = y.c1;
}

uint32_t fx_to_f32(struct fx_ctx *x, struct fx80 a)
{
    int sign;
    int32_t e;
    uint64_t s;
    narrow(x, a, &FMT_F32, &sign, &e, &s);
    uint32_t frac = (uint32_t)((s >> 40) & 0x7FFFFF);
    return ((uint32_t)sign << 31) | ((uint32_t)e << 23) | frac;
}

uint64_t fx_to_f64(struct fx_ctx *x, struct fx80 a)
{
    int sign;
    int32_t e;
    uint64_t s;
    narrow(x, a, &FMT_F64, &sign, &e, &s);
    uint64_t frac = (s >> 11) & 0xFFFFFFFFFFFFFull;
    return ((uint64_t)sign << 63) | ((uint64_t)e << 52) | frac;
}

bool fx_to_int(struct fx_ctx *x, struct fx80 a, int bits, int64_t *out)
{
    if (fx_is_unsupported(a) || fx_exp(a) == 0x7FFF) {
        x->flags |= FSW_IE;
        return false;
    }
    if (fx_is_zero(a)) {
        *out = 0;
        return true;
    }
    int32_t e;
    uint64_t s;
    fxi_unpack(a, &e, &s);
    int32_t u = e - 16383;
    int sign = fx_sign(a);
    if (u > 63) {
        x->flags |= FSW_IE;
        return false;
    }
    int fbits = 63 - u;
    u128 ipart, frac;
    if (fbits >= 128) {
        ipart = 0;
        frac = 1;
    } else {
        ipart = fbits >= 64 ? 0 : (u128)s >> fbits;
        frac = fbits == 0 ? 0 : (u128)s << (128 - fbits);
    }
    bool inc = fxi_round_up(x->rc, sign, frac, (u128)1 << 127, ipart & 1);
    ipart += inc;
    u128 lim = (u128)1 << (bits - 1);
    if (sign ? ipart > lim : ipart >= lim) {
        x->flags |= FSW_IE;
        return false;
    }
    x->c1 = false;
    if (frac) {
        x->flags |= FSW_PE;
        x->c1 = inc;
    }
    *out = sign ? (int64_t)(0 - (uint64_t)ipart) : (int64_t)(uint64_t)ipart;
    return true;
}

struct fx80 fx_prem(struct fx_ctx *x, struct fx80 a, struct fx80 b, bool ieee, uint16_t *cc)
{
    struct fx80 r;
    *cc = 0;
    if (fx_is_unsupported(a) || fx_is_unsupported(b) || fx_is_nan(a) || fx_is_nan(b))
        return fx_nan_result(x, a, b, true);
    if (fx_is_inf(a) || fx_is_zero(b)) return fxi_invalid(x); /* outranks DE */
    if (fx_is_denormal(a) || fx_is_denormal(b)) x->flags |= FSW_DE;
    if (fx_is_zero(a)) return a;
    int32_t ea, eb;
    uint64_t ma, mb;
    fxi_unpack(a, &ea, &ma);
    if (fx_is_inf(b)) { /* a itself, normalised (a pseudo-denormal becomes normal) */
        struct fx_ctx y = *x;
        y.prec = 64;
        r = fx_round_pack(&y, fx_sign(a), ea, (u128)ma << 64, true);
        x->flags = y.flags;
        return r;
    }
    fxi_unpack(b, &eb, &mb);
    int sign = fx_sign(a);
    int32_t d = ea - eb;
    uint64_t q = 0;
    u128 rem;
    int32_t re; /* remainder scale: value = rem * 2^(re - 16383 - 63) */
    if (d >= 64) {
        /* Partial: subtract a multiple of b * 2^(d - n), n in 32..63. */
        int32_t n = 32 + ((d - 32) % 32);
        rem = ma;
        if (rem >= mb) rem -= mb;
        for (int32_t k = 0; k < n; k++) {
            rem <<= 1;
            if (rem >= mb) rem -= mb;
        }
        re = ea - n;
        *cc = FSW_C2;
    } else if (d < 0) {
        rem = ma;
        re = ea;
        if (ieee && d == -1 && ma > mb) {
            /* |a| > |b|/2: quotient rounds to 1, remainder |b| - |a|. */
            rem = ((u128)mb << 1) - ma;
            sign ^= 1;
            q = 1;
        }
    } else {
        rem = ma;
        q = 0;
        if (rem >= mb) { rem -= mb; q = 1; }
        for (int32_t k = 0; k < d; k++) {
            rem <<= 1;
            q <<= 1;
            if (rem >= mb) { rem -= mb; q |= 1; }
        }
        re = eb;
        if (ieee && ((rem << 1) > mb || ((rem << 1) == mb && (q & 1)))) {
            rem = mb - rem;
            sign ^= 1;
            q++;
        }
    }
    if (!(*cc & FSW_C2)) {
        if (q & 4) *cc |= FSW_C0;
        if (q & 2) *cc |= FSW_C3;
        if (q & 1) *cc |= FSW_C1;
    }
    if (rem == 0) return fx_zero(fx_sign(a));
    struct fx_ctx y = *x;
    y.prec = 64;
    r = fx_round_pack(&y, sign, re + 64, rem, true);
    x->flags = y.flags;
    return r;
}

struct fx80 fx_scale(struct fx_ctx *x, struct fx80 a, struct fx80 b)
{
    struct fx80 r;
    if (fxi_special2(x, a, b, &r)) return r;
    if (fx_is_inf(b)) {
        if (!fx_sign(b)) return fx_is_zero(a) ? fxi_invalid(x) : fx_is_inf(a) ? a : fx_inf(fx_sign(a));
        return fx_is_inf(a) ? fxi_invalid(x) : fx_zero(fx_sign(a));
    }
    if (fx_is_inf(a) || fx_is_zero(a)) return a;
    /* n = trunc(b), clamped far beyond any representable scaling. */
    int32_t n;
    if (fx_is_zero(b)) {
        n = 0;
    } else {
        int32_t eb;
        uint64_t mb;
        fxi_unpack(b, &eb, &mb);
        int32_t u = eb - 16383;
        n = u < 0 ? 0 : u > 20 ? 0x200000 : (int32_t)(mb >> (63 - u));
        if (fx_sign(b)) n = -n;
    }
    int32_t ea;
    uint64_t ma;
    fxi_unpack(a, &ea, &ma);
    return fx_round_pack(x, fx_sign(a), ea + n, (u128)ma << 64, true);
}

long double fx_to_ld(struct fx80 a)
{
    int sign = fx_sign(a);
    long double v;
    if (fx_is_nan(a) || fx_is_unsupported(a)) v = NAN;
    else if (fx_is_inf(a)) v = INFINITY;
    else if (fx_is_zero(a)) v = 0.0L;
    else {
        int32_t e;
        uint64_t s;
        fxi_unpack(a, &e, &s);
        v = ldexpl((long double)s, e - 16383 - 63);
    }
    return sign ? -v : v;
}

struct fx80 fx_from_ld(struct fx_ctx *x, long double v)
{
    if (isnan(v)) return FX_INDEFINITE;
    int sign = signbit(v) != 0;
    if (sign) v = -v;
    if (isinf(v)) return fx_inf(sign);
    if (v == 0.0L) return fx_zero(sign);
    int ex;
    long double m = frexpl(v, &ex); /* v = m * 2^ex, 0.5 <= m < 1 */
    uint64_t s = (uint64_t)ldexpl(m, 64);
    /* value = s * 2^(ex - 64) = (s << 64) * 2^(E - 16383 - 127), E = ex + 16382 */
    return fx_round_pack(x, sign, ex + 16382, (u128)s << 64, true);
}
