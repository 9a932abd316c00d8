/*
 * fpu_float.c - software double-extended arithmetic for the x87 (see
 * fpu_float.h for the conventions and the SDM sections): the one rounding
 * step, NaN propagation, add, subtract, multiply, divide, square root,
 * round to integer and compare. Significands are handled as 128-bit
 * integers (unsigned __int128) so every intermediate result is exact, or
 * exact with a sticky bit, before the single rounding in fxi_round_fmt().
 * Conversions, FPREM/FPREM1 and FSCALE are in fpu_conv.c.
 */

#include "fpu_round.h"

const struct fx80 FX_INDEFINITE = { 0xC000000000000000ull, 0xFFFF };

struct fx_ctx fx_ctx_from_cw(uint16_t cw, bool use_pc)
{
    struct fx_ctx x = { 0 };
    x.rc = (cw >> FCW_RC_SHIFT) & 3;
    int pc = (cw >> FCW_PC_SHIFT) & 3;
    x.prec = !use_pc ? 64 : pc == 0 ? 24 : pc == 2 ? 53 : 64;
    x.mask = cw & 0x3F;
    return x;
}

/* Number of leading zero bits of a nonzero 128-bit value. */
static int clz128(u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)v);
}

/* v >> n with the bits shifted out ORed into bit 0 (n >= 0). */
static u128 shr_jam(u128 v, int n)
{
    if (n == 0) return v;
    if (n >= 128) return v != 0;
    return (v >> n) | ((v << (128 - n)) != 0);
}

/* Whether to add one unit in the last place: rbits are the dropped bits,
 * half the weight of half a unit, lsb the kept value's low bit. */
bool fxi_round_up(int rc, int sign, u128 rbits, u128 half, bool lsb)
{
    switch (rc) {
    case FPU_RC_NEAREST: return rbits > half || (rbits == half && lsb);
    case FPU_RC_UP: return rbits != 0 && !sign;
    case FPU_RC_DOWN: return rbits != 0 && sign;
    default: return false;
    }
}

/*
 * The one rounding step. Input: value = sign * sig * 2^(e - 16383 - 127),
 * sig != 0. Output: the biased exponent in format f (0: denormal or zero,
 * f->emax: infinity) and the significand with its integer bit at bit 63
 * (clear for denormals), rounded to f->prec bits. Raises PE/UE/OE, sets
 * x->c1. wrap: register destination, where unmasked OE/UE wrap the
 * exponent by 24576 instead, unless even the wrapped exponent is out of
 * range (a huge FSCALE): then the result is a signed infinity or zero.
 */
void fxi_round_fmt(struct fx_ctx *x, int sign, int32_t e, u128 sig, const struct fmt *f,
                      bool wrap, int32_t *eo, uint64_t *so)
{
    int lz = clz128(sig);
    sig <<= lz;
    int32_t t = e - lz - 16383 + f->bias; /* biased target exponent of bit 127 */
    const int drop = 128 - f->prec;
    const u128 dmask = ((u128)1 << drop) - 1;
    const u128 half = (u128)1 << (drop - 1);
    bool tiny = false;

    if (t <= 0) {
        /* Tininess after rounding: would the result, rounded to prec bits
         * with an unbounded exponent, be below the smallest normal? */
        u128 kept = sig >> drop;
        bool inc = fxi_round_up(x->rc, sign, sig & dmask, half, kept & 1);
        bool carries = inc && kept == (((u128)1 << f->prec) - 1);
        tiny = t < 0 || !carries;
        if (tiny && wrap && !(x->mask & FSW_UE) && t + 24576 < 1) {
            /* Unmasked, but beyond even the wrapped range (a huge FSCALE):
             * a signed zero, UE and PE, whatever the rounding mode. */
            x->flags |= FSW_UE | FSW_PE;
            x->c1 = false;
            *eo = 0;
            *so = 0;
            return;
        }
        if (tiny && wrap && !(x->mask & FSW_UE)) {
            x->flags |= FSW_UE;
            t += 24576;
            tiny = false;
        } else {
            sig = shr_jam(sig, 1 - t);
            t = 0;
        }
    }
    u128 rbits = sig & dmask;
    u128 kept = sig >> drop;
    bool inc = fxi_round_up(x->rc, sign, rbits, half, kept & 1);
    kept += inc;
    x->c1 = inc;
    if (rbits) {
        x->flags |= FSW_PE;
        if (tiny) x->flags |= FSW_UE;
    }
    if (kept >> f->prec) { /* carried out of the top bit */
        kept >>= 1;
        t++;
    } else if (t == 0 && (kept >> (f->prec - 1))) {
        t = 1; /* a denormal rounded up to the smallest normal */
    }
    if (t >= f->emax) {
        if (wrap && !(x->mask & FSW_OE) && t - 24576 < f->emax) {
            x->flags |= FSW_OE;
            t -= 24576;
        } else {
            /* Masked: infinity or the largest finite value by the rounding
             * mode. Unmasked but beyond even the wrapped range (a huge
             * FSCALE): infinity whatever the rounding mode. */
            bool beyond = wrap && !(x->mask & FSW_OE);
            x->flags |= FSW_OE | FSW_PE;
            bool to_inf = beyond || x->rc == FPU_RC_NEAREST || (x->rc == FPU_RC_UP && !sign) ||
                          (x->rc == FPU_RC_DOWN && sign);
            x->c1 = to_inf;
            if (to_inf) {
                *eo = f->emax;
                *so = 0x8000000000000000ull;
            } else {
                *eo = f->emax - 1;
                *so = ~0ull << (64 - f->prec);
            }
            return;
        }
    }
    *eo = t;
    *so = (uint64_t)kept << (64 - f->prec);
}

struct fx80 fx_round_pack(struct fx_ctx *x, int sign, int32_t e, u128 sig, bool reg_dest)
{
    struct fmt f = { x->prec, 16383, 0x7FFF };
    int32_t eo;
    uint64_t so;
    fxi_round_fmt(x, sign, e, sig, &f, reg_dest, &eo, &so);
    return fx_make(sign, eo, so);
}

/* Unpack a finite nonzero operand to a normalised (bit 63 set) significand
 * and its exponent in the 16383 bias (denormals get exponents below 1). */
void fxi_unpack(struct fx80 a, int32_t *e, uint64_t *s)
{
    int32_t ex = fx_exp(a);
    uint64_t m = a.mant;
    if (ex == 0) ex = 1; /* denormals and pseudo-denormals */
    int lz = __builtin_clzll(m);
    *s = m << lz;
    *e = ex - lz;
}

struct fx80 fx_nan_result(struct fx_ctx *x, struct fx80 a, struct fx80 b, bool two)
{
    if (fx_is_unsupported(a) || (two && fx_is_unsupported(b))) {
        x->flags |= FSW_IE;
        return FX_INDEFINITE;
    }
    bool an = fx_is_nan(a), bn = two && fx_is_nan(b);
    if (fx_is_snan(a) || (bn && fx_is_snan(b))) x->flags |= FSW_IE;
    struct fx80 r;
    if (an && bn) {
        bool as = fx_is_snan(a), bs = fx_is_snan(b);
        if (as != bs) {
            r = as ? b : a; /* an SNaN and a QNaN: the QNaN */
        } else {
            uint64_t ma = a.mant | 0x4000000000000000ull, mb = b.mant | 0x4000000000000000ull;
            if (ma != mb) r = ma > mb ? a : b;
            else r = fx_sign(a) ? b : a;
        }
    } else {
        r = an ? a : b;
    }
    r.mant |= 0x4000000000000000ull;
    return r;
}

/* Common front end of the two-operand operations: unsupported operands and
 * NaNs decide the result (true); denormal operands raise DE. */
bool fxi_special2(struct fx_ctx *x, struct fx80 a, struct fx80 b, struct fx80 *r)
{
    if (fx_is_unsupported(a) || fx_is_unsupported(b) || fx_is_nan(a) || fx_is_nan(b)) {
        *r = fx_nan_result(x, a, b, true);
        return true;
    }
    if (fx_is_denormal(a) || fx_is_denormal(b)) x->flags |= FSW_DE;
    return false;
}

struct fx80 fxi_invalid(struct fx_ctx *x)
{
    x->flags |= FSW_IE;
    return FX_INDEFINITE;
}

/* Sum of a and b with b's sign already applied (the subtract is an add of
 * the negated operand). */
static struct fx80 add_signed(struct fx_ctx *x, struct fx80 a, struct fx80 b)
{
    int sa = fx_sign(a), sb = fx_sign(b);
    if (fx_is_inf(a) || fx_is_inf(b)) {
        if (fx_is_inf(a) && fx_is_inf(b) && sa != sb) return fxi_invalid(x);
        return fx_is_inf(a) ? a : b;
    }
    bool za = fx_is_zero(a), zb = fx_is_zero(b);
    if (za && zb) return fx_zero(sa == sb ? sa : x->rc == FPU_RC_DOWN);
    if (za || zb) {
        /* x + 0 = x exactly, but rounded to the precision control. */
        struct fx80 v = za ? b : a;
        int32_t e;
        uint64_t s;
        fxi_unpack(v, &e, &s);
        return fx_round_pack(x, fx_sign(v), e, (u128)s << 64, true);
    }
    int32_t ea, eb;
    uint64_t ma, mb;
    fxi_unpack(a, &ea, &ma);
    fxi_unpack(b, &eb, &mb);
    /* Significands at bits 126..63 of 128 (room for the carry). */
    u128 A = (u128)ma << 63, B = (u128)mb << 63;
    int32_t e = ea;
    if (ea > eb) {
        B = shr_jam(B, ea - eb > 200 ? 200 : ea - eb);
    } else if (eb > ea) {
        A = shr_jam(A, eb - ea > 200 ? 200 : eb - ea);
        e = eb;
    }
    int sign;
    u128 S;
    if (sa == sb) {
        S = A + B;
        sign = sa;
    } else if (A >= B) {
        S = A - B;
        sign = sa;
    } else {
        S = B - A;
        sign = sb;
    }
    if (S == 0) return fx_zero(x->rc == FPU_RC_DOWN); /* exact zero difference */
    /* value = S * 2^(e - 16383 - 126): as bit-127 scaling, e + 1. */
    return fx_round_pack(x, sign, e + 1, S, true);
}

struct fx80 fx_add(struct fx_ctx *x, struct fx80 a, struct fx80 b)
{
    struct fx80 r;
    if (fxi_special2(x, a, b, &r)) return r;
    return add_signed(x, a, b);
}

struct fx80 fx_sub(struct fx_ctx *x, struct fx80 a, struct fx80 b)
{
    struct fx80 r;
    if (fxi_special2(x, a, b, &r)) return r;
    return add_signed(x, a, fx_chs(b));
}

struct fx80 fx_mul(struct fx_ctx *x, struct fx80 a, struct fx80 b)
{
    struct fx80 r;
    if (fxi_special2(x, a, b, &r)) return r;
    int sign = fx_sign(a) ^ fx_sign(b);
    if (fx_is_inf(a) || fx_is_inf(b)) {
        if (fx_is_zero(a) || fx_is_zero(b)) return fxi_invalid(x);
        return fx_inf(sign);
    }
    if (fx_is_zero(a) || fx_is_zero(b)) return fx_zero(sign);
    int32_t ea, eb;
    uint64_t ma, mb;
    fxi_unpack(a, &ea, &ma);
    fxi_unpack(b, &eb, &mb);
    u128 P = (u128)ma * mb; /* value = P * 2^(ea + eb - 2*16383 - 126) */
    return fx_round_pack(x, sign, ea + eb - 16383 + 1, P, true);
}

struct fx80 fx_div(struct fx_ctx *x, struct fx80 a, struct fx80 b)
{
    struct fx80 r;
    int sign = fx_sign(a) ^ fx_sign(b);
    if (fx_is_zero(b) && !fx_is_zero(a) && !fx_is_inf(a) && !fx_is_nan(a) &&
        !fx_is_unsupported(a) && !fx_is_unsupported(b)) {
        /* Zero divide outranks the denormal operand (SDM Vol. 1, 4.9.2). */
        x->flags |= FSW_ZE;
        return fx_inf(sign);
    }
    if (fxi_special2(x, a, b, &r)) return r;
    if (fx_is_inf(a)) return fx_is_inf(b) ? fxi_invalid(x) : fx_inf(sign);
    if (fx_is_inf(b)) return fx_zero(sign);
    if (fx_is_zero(b)) return fxi_invalid(x); /* 0 / 0 */
    if (fx_is_zero(a)) return fx_zero(sign);
    int32_t ea, eb;
    uint64_t ma, mb;
    fxi_unpack(a, &ea, &ma);
    fxi_unpack(b, &eb, &mb);
    /* Q = ma * 2^127 / mb in two 64-bit quotient digits plus a sticky bit. */
    u128 n = (u128)ma << 63;
    uint64_t q1 = (uint64_t)(n / mb);
    u128 rem = n % mb;
    u128 n2 = rem << 64;
    uint64_t q2 = (uint64_t)(n2 / mb);
    u128 rem2 = n2 % mb;
    u128 Q = ((u128)q1 << 64) | q2 | (rem2 != 0);
    /* value = ma/mb * 2^(ea - eb) = Q * 2^(ea - eb - 127). */
    return fx_round_pack(x, sign, ea - eb + 16383, Q, true);
}

struct fx80 fx_sqrt(struct fx_ctx *x, struct fx80 a)
{
    if (fx_is_unsupported(a) || fx_is_nan(a)) return fx_nan_result(x, a, a, false);
    if (fx_is_zero(a)) return a;
    if (fx_sign(a)) return fxi_invalid(x); /* outranks the denormal operand */
    if (fx_is_denormal(a)) x->flags |= FSW_DE;
    if (fx_is_inf(a)) return a;
    int32_t e;
    uint64_t s;
    fxi_unpack(a, &e, &s);
    int32_t u = e - 16383;             /* a = s * 2^(u - 63) */
    int odd = u & 1;
    int32_t half_u = (u - odd) / 2;    /* floor(u / 2) */
    /* Radicand R = m * 2^134 (m = s/2^63, times 2 when u is odd): 136 bits
     * taken two at a time; the root has 68 bits, its top bit at 67. */
    int sh = 71 + odd;
    u128 root = 0, rem = 0;
    for (int j = 0; j < 68; j++) {
        int b = 135 - 2 * j;
        unsigned pair = 0;
        for (int k = 0; k < 2; k++) {
            int bit = b - k - sh;
            pair = (pair << 1) | (bit >= 0 && bit < 64 ? (unsigned)((s >> bit) & 1) : 0u);
        }
        rem = (rem << 2) | pair;
        u128 trial = (root << 2) | 1;
        if (rem >= trial) {
            rem -= trial;
            root = (root << 1) | 1;
        } else {
            root <<= 1;
        }
    }
    u128 sig = (root << 60) | (rem != 0);
    return fx_round_pack(x, 0, half_u + 16383, sig, true);
}

struct fx80 fx_round_int(struct fx_ctx *x, struct fx80 a)
{
    if (fx_is_unsupported(a) || fx_is_nan(a)) return fx_nan_result(x, a, a, false);
    if (fx_is_inf(a) || fx_is_zero(a)) return a;
    if (fx_is_denormal(a)) x->flags |= FSW_DE;
    int32_t e;
    uint64_t s;
    fxi_unpack(a, &e, &s);
    int32_t u = e - 16383;
    int sign = fx_sign(a);
    x->c1 = false;
    if (u >= 63) return a; /* already integral */
    /* Integer part and fraction (fraction bits in a 128-bit field whose top
     * bit weighs one half). */
    u128 ipart, frac;
    int fbits = 63 - u; /* number of fraction bits, >= 1 */
    if (fbits >= 128) {
        ipart = 0;
        frac = 1; /* nonzero, far below one half */
    } else {
        u128 S = (u128)s;
        ipart = fbits >= 64 ? 0 : S >> fbits;
        frac = (S << (128 - fbits)); /* fbits <= 127 */
    }
    u128 half = (u128)1 << 127;
    bool inc = fxi_round_up(x->rc, sign, frac, half, ipart & 1);
    if (frac) {
        x->flags |= FSW_PE;
        x->c1 = inc;
    }
    ipart += inc;
    if (ipart == 0) return fx_zero(sign);
    bool c1 = x->c1;
    struct fx80 r = fx_round_pack(x, sign, 16383 + 127, ipart, true); /* exact */
    x->c1 = c1;
    return r;
}

int fx_compare(struct fx_ctx *x, struct fx80 a, struct fx80 b, bool quiet)
{
    if (fx_is_unsupported(a) || fx_is_unsupported(b)) {
        x->flags |= FSW_IE;
        return 2;
    }
    if (fx_is_nan(a) || fx_is_nan(b)) {
        if (!quiet || fx_is_snan(a) || fx_is_snan(b)) x->flags |= FSW_IE;
        return 2;
    }
    if (fx_is_denormal(a) || fx_is_denormal(b)) x->flags |= FSW_DE;
    bool za = fx_is_zero(a), zb = fx_is_zero(b);
    if (za && zb) return 0;
    int sa = fx_sign(a), sb = fx_sign(b);
    if (za) return sb ? 1 : -1;
    if (zb) return sa ? -1 : 1;
    if (sa != sb) return sa ? -1 : 1;
    int32_t ea, eb;
    uint64_t ma, mb;
    if (fx_is_inf(a)) { ea = 0x10000; ma = 0; } else fxi_unpack(a, &ea, &ma);
    if (fx_is_inf(b)) { eb = 0x10000; mb = 0; } else fxi_unpack(b, &eb, &mb);
    int mag = ea != eb ? (ea > eb ? 1 : -1) : ma != mb ? (ma > mb ? 1 : -1) : 0;
    return sa ? -mag : mag;
}

