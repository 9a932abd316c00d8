/*
 * fpu_float.h - software arithmetic on the x87 80-bit double-extended format
 * (SDM Vol. 1, ch. 4 "Data types" 4.2.2, 4.8 "Real numbers and floating-point
 * formats", 4.9 "Overview of floating-point exceptions"; ch. 8.1.5.2-3
 * precision and rounding control). Every function is exact to the bit: the
 * result is the infinitely precise result rounded once to the destination
 * precision with the given rounding mode, and the exception flags (IE DE ZE
 * OE UE PE) and C1 ("rounded up") are the ones the x87 sets.
 *
 * Conventions:
 *   - Invalid operands (SNaN, unsupported encodings: unnormals, pseudo-NaNs,
 *     pseudo-infinities) raise IE; an invalid operation with no NaN operand
 *     returns the real indefinite (FFFF C000000000000000); NaN operands
 *     propagate per SDM Vol. 1, table 4-7 (an SNaN is returned quieted; two
 *     NaNs: the larger significand).
 *   - Denormal operands (including pseudo-denormals) raise DE and are used.
 *   - Tininess is detected after rounding; UE with UE masked is raised only
 *     for a tiny and inexact result (SDM Vol. 1, 4.9.1.5).
 *   - With OE/UE unmasked and a register destination the result is the
 *     rounded value with its exponent adjusted by -/+ 24576 (SDM Vol. 1,
 *     8.5.4 / 8.5.5) — callers storing to memory must instead leave memory
 *     unchanged when those exceptions are unmasked.
 *   - Callers decide whether an unmasked IE/DE/ZE suppresses the store
 *     (fx_ctx.flags tells what was raised).
 */
#ifndef X86PC_FPU_FLOAT_H
#define X86PC_FPU_FLOAT_H

#include <stdbool.h>
#include <stdint.h>

#include "fpu.h"

/* Operation context: the control-word fields that govern an operation and
 * the exceptions it raised. prec is the significand precision of the
 * result (24, 53 or 64 bits: FCW.PC for the instructions PC applies to,
 * 64 for the others; SDM Vol. 1, 8.1.5.2). */
struct fx_ctx {
    uint8_t rc;     /* rounding control, FPU_RC_* */
    uint8_t prec;   /* 24, 53 or 64 */
    uint16_t mask;  /* FCW exception mask bits 0-5 (1 = masked) */
    uint16_t flags; /* raised: FSW_IE FSW_DE FSW_ZE FSW_OE FSW_UE FSW_PE */
    bool c1;        /* the last rounding increased the magnitude */
};

/* Fresh context from a control word; prec from FCW.PC when use_pc (the
 * reserved PC value 1 is treated as 64 bits), else 64. */
struct fx_ctx fx_ctx_from_cw(uint16_t cw, bool use_pc);

/* Classification (SDM Vol. 1, 4.8.3 and table 8-3). */
static inline int fx_sign(struct fx80 a) { return a.sexp >> 15; }
static inline int fx_exp(struct fx80 a) { return a.sexp & 0x7FFF; }
static inline bool fx_is_zero(struct fx80 a) { return fx_exp(a) == 0 && a.mant == 0; }
static inline bool fx_is_denormal(struct fx80 a) { return fx_exp(a) == 0 && a.mant != 0; }
/* Unnormal, pseudo-NaN, pseudo-infinity: integer bit 0 with exponent != 0. */
static inline bool fx_is_unsupported(struct fx80 a)
{
    return fx_exp(a) != 0 && !(a.mant >> 63);
}
static inline bool fx_is_inf(struct fx80 a)
{
    return fx_exp(a) == 0x7FFF && a.mant == 0x8000000000000000ull;
}
static inline bool fx_is_nan(struct fx80 a)
{
    return fx_exp(a) == 0x7FFF && (a.mant >> 63) && (a.mant << 1) != 0;
}
static inline bool fx_is_snan(struct fx80 a)
{
    return fx_is_nan(a) && !(a.mant & 0x4000000000000000ull);
}

/* Constants. */
extern const struct fx80 FX_INDEFINITE; /* real indefinite QNaN */
static inline struct fx80 fx_make(int sign, int exp, uint64_t mant)
{
    struct fx80 r = { mant, (uint16_t)((sign ? 0x8000 : 0) | (exp & 0x7FFF)) };
    return r;
}
static inline struct fx80 fx_zero(int sign) { return fx_make(sign, 0, 0); }
static inline struct fx80 fx_inf(int sign) { return fx_make(sign, 0x7FFF, 0x8000000000000000ull); }
static inline struct fx80 fx_chs(struct fx80 a) { a.sexp ^= 0x8000; return a; }
static inline struct fx80 fx_abs(struct fx80 a) { a.sexp &= 0x7FFF; return a; }

/* NaN result of an operation with NaN operand(s) a (and b, when two):
 * raises IE for an SNaN (or an unsupported operand: indefinite). */
struct fx80 fx_nan_result(struct fx_ctx *x, struct fx80 a, struct fx80 b, bool two);

/* Basic arithmetic, rounded to x->prec with x->rc (SDM Vol. 2A "FADD",
 * "FSUB", "FMUL", "FDIV", "FSQRT"). */
struct fx80 fx_add(struct fx_ctx *x, struct fx80 a, struct fx80 b);
struct fx80 fx_sub(struct fx_ctx *x, struct fx80 a, struct fx80 b);
struct fx80 fx_mul(struct fx_ctx *x, struct fx80 a, struct fx80 b);
struct fx80 fx_div(struct fx_ctx *x, struct fx80 a, struct fx80 b);
struct fx80 fx_sqrt(struct fx_ctx *x, struct fx80 a);

/* Round to an integral value with x->rc (FRNDINT). */
struct fx80 fx_round_int(struct fx_ctx *x, struct fx80 a);

/* Comparison (FCOM/FUCOM/FCOMI/FTST): -1 a<b, 0 equal, 1 a>b, 2 unordered.
 * quiet: only SNaN raises IE (FUCOM*); otherwise any NaN does. */
int fx_compare(struct fx_ctx *x, struct fx80 a, struct fx80 b, bool quiet);

/* Conversions from memory formats (exact; DE for denormals, IE for an
 * SNaN, which is returned quieted). */
struct fx80 fx_from_f32(struct fx_ctx *x, uint32_t v);
struct fx80 fx_from_f64(struct fx_ctx *x, uint64_t v);
struct fx80 fx_from_i64(int64_t v);
/* Conversions to memory formats, rounded with x->rc. Return false (and
 * raise IE) when the value is not representable: the caller stores the
 * indefinite of the format when IE is masked (fx_to_f*: a NaN result is
 * returned and true). bits: 16, 32 or 64. */
uint32_t fx_to_f32(struct fx_ctx *x, struct fx80 a);
uint64_t fx_to_f64(struct fx_ctx *x, struct fx80 a);
bool fx_to_int(struct fx_ctx *x, struct fx80 a, int bits, int64_t *out);

/* Partial remainder (FPREM: truncating quotient; FPREM1: round to nearest
 * even, IEEE remainder) of a by b. *cc gets the C0 C1 C2 C3 status bits
 * (FSW_C*): C2 = 1 when the reduction is incomplete (exponent difference
 * of 64 or more: the exponent is reduced by 32 to 63 per step, SDM Vol. 2A
 * "FPREM"), else C0 C3 C1 = quotient bits 2 1 0. */
struct fx80 fx_prem(struct fx_ctx *x, struct fx80 a, struct fx80 b, bool ieee, uint16_t *cc);

/* a * 2^trunc(b) (FSCALE). */
struct fx80 fx_scale(struct fx_ctx *x, struct fx80 a, struct fx80 b);

/* Round and pack a finite nonzero value sign * sig * 2^(e - 16383 - 127)
 * (sig != 0, any normalisation) to the register format with x->prec and
 * x->rc; reg_dest enables the unmasked OE/UE exponent wrap. */
struct fx80 fx_round_pack(struct fx_ctx *x, int sign, int32_t e, unsigned __int128 sig, bool reg_dest);

/* Exact conversions to/from the host's long double (used by the
 * transcendental instructions in fpu_trans.c). With a 64-bit long double
 * significand (x86 hosts) both are exact; otherwise to_ld rounds. from_ld
 * rounds to x->prec / x->rc through fx_round_pack. */
long double fx_to_ld(struct fx80 a);
struct fx80 fx_from_ld(struct fx_ctx *x, long double v);

#endif
