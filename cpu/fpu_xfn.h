/*
 * fpu_xfn.h - the x87 transcendental functions evaluated in software with
 * about 120 significant bits (fpu_xfn.c), so that rounding the result once
 * to the register format gives the correctly rounded value in practice,
 * independently of the host's C library: log2 for FYL2X/FYL2XP1, atan2
 * for FPATAN, sin/cos/tan of an argument already reduced modulo pi/2 for
 * FSIN/FCOS/FSINCOS/FPTAN (SDM Vol. 2A for each instruction). The callers
 * (fpu_trans.c) handle NaNs and the other special operands.
 */
#ifndef X86PC_FPU_XFN_H
#define X86PC_FPU_XFN_H

#include "fpu_float.h"

/* y * log2(x), x > 0 finite, y finite nonzero (FYL2X). */
struct fx80 xfn_yl2x(struct fx_ctx *x, struct fx80 y, struct fx80 xv);
/* y * log2(1 + x), |x| < 1 - sqrt(2)/2 (wider values are accepted),
 * x, y finite nonzero (FYL2XP1). */
struct fx80 xfn_yl2xp1(struct fx_ctx *x, struct fx80 y, struct fx80 xv);
/* atan2(y, x) for non-NaN x and y, zeros and infinities included (FPATAN:
 * y = ST(1), x = ST(0)). */
struct fx80 xfn_atan2(struct fx_ctx *x, struct fx80 y, struct fx80 xv);
/* sin (which 0), cos (1) or tan (2) of an operand reduced modulo pi/2:
 * the remainder is the exact value (-1)^rsign * rnum * 2^rexp (|r| <=
 * pi/4), q the quotient's low two bits, neg the operand's sign (the
 * reduction is done on its magnitude). */
struct fx80 xfn_trig(struct fx_ctx *x, int which, int rsign, unsigned __int128 rnum, int32_t rexp,
                     int q, int neg);

#endif
