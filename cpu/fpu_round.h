/*
 * fpu_round.h - internals shared by fpu_float.c and fpu_conv.c: the
 * rounding step and operand helpers of the software double-extended
 * arithmetic (see fpu_float.h for the conventions). Not for other files.
 */
#ifndef X86PC_FPU_ROUND_H
#define X86PC_FPU_ROUND_H

#include "fpu_float.h"

typedef unsigned __int128 u128;

/* Destination format of a rounding: significand bits, exponent bias and
 * the biased exponent of infinity. */
struct fmt {
    int prec;
    int32_t bias;
    int32_t emax;
};

/* Round sign * sig * 2^(e - 16383 - 127) (sig != 0) to format f: the
 * biased exponent (0 denormal/zero, f->emax infinity) in *eo and the
 * significand with its integer bit at 63 in *so. Raises PE/UE/OE, sets
 * x->c1; wrap: register destination (unmasked OE/UE wrap by 24576). */
void fxi_round_fmt(struct fx_ctx *x, int sign, int32_t e, u128 sig, const struct fmt *f,
                   bool wrap, int32_t *eo, uint64_t *so);
/* Whether rounding adds one unit (rbits dropped bits, half their weight of
 * one half unit, lsb the kept low bit) in rounding mode rc. */
bool fxi_round_up(int rc, int sign, u128 rbits, u128 half, bool lsb);
/* Finite nonzero a as a normalised significand (bit 63 set) and exponent
 * in the 16383 bias (below 1 for denormals). */
void fxi_unpack(struct fx80 a, int32_t *e, uint64_t *s);
/* NaN/unsupported operands decide the result (true, *r); denormal operands
 * raise DE. */
bool fxi_special2(struct fx_ctx *x, struct fx80 a, struct fx80 b, struct fx80 *r);
/* Raise IE and return the real indefinite. */
struct fx80 fxi_invalid(struct fx_ctx *x);

#endif
