/*
 * flags.h - lazy evaluation of the arithmetic status flags (CF PF AF ZF SF OF).
 *
 * Flag-setting instructions record the operation, operands and result in
 * cpu->lf instead of computing six flags every time; a flag is computed only
 * when something reads it (Jcc, PUSHF, ADC, ...). SDM Vol. 1, 3.4.3.1 and
 * Appendix A (EFLAGS cross-reference) define the results.
 *
 * Encoding of cpu->lf.op: LF_NONE (0) means EFLAGS holds all six flags.
 * Otherwise op = kind * 4 + size index (0 byte, 1 word, 2 dword), and
 * lf.dst/lf.src/lf.res hold the operands and result truncated to the size.
 * Each flag is computed from them by its own small function, so reading one
 * flag (Jcc) never computes the other five.
 *
 * Kinds (what lf holds, and which flags come from EFLAGS instead):
 *   ADD   res = dst + src                    all six from lf
 *   ADC   res = dst + src + CF(in)           all six from lf (carry-out is
 *         the majority of the top bits of dst, src and the carry into the top
 *         bit, which is dst^src^res there: no need to keep the carry-in)
 *   SUB   res = dst - src (also CMP; NEG with dst = 0)
 *   SBB   res = dst - src - CF(in)
 *   LOGIC res = dst op src (AND OR XOR TEST): CF = OF = 0, AF = 0
 *   INC   res = dst + 1, src = 1: CF from EFLAGS (materialised on entry)
 *   DEC   res = dst - 1, src = 1: CF from EFLAGS
 *   SZP   SF ZF PF from res; CF OF AF from EFLAGS (shifts, MUL, BCD...,
 *         where the handler computes the other three itself)
 * ADC/SBB with CF = 0 are recorded as ADD/SUB, so after ADD, SUB and CMP the
 * operands are exact and cpu_cond() compares them directly (JB/JBE/JL/JLE
 * after CMP cost one comparison, no flag is computed).
 */
#ifndef X86PC_FLAGS_H
#define X86PC_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* Kinds of lazy operation (see above). */
enum lazy_kind {
    LK_NONE = 0, LK_ADD, LK_ADC, LK_SUB, LK_SBB, LK_LOGIC, LK_INC, LK_DEC, LK_SZP
};

/* Lazy operations by size: the values stored in cpu->lf.op. */
#define LF_OP(kind, szidx) ((uint16_t)((kind) * 4 + (szidx)))
enum lazy_op {
    LF_NONE = 0,
    LF_ADD8 = LF_OP(LK_ADD, 0), LF_ADD16, LF_ADD32,
    LF_ADC8 = LF_OP(LK_ADC, 0), LF_ADC16, LF_ADC32,
    LF_SUB8 = LF_OP(LK_SUB, 0), LF_SUB16, LF_SUB32,
    LF_SBB8 = LF_OP(LK_SBB, 0), LF_SBB16, LF_SBB32,
    LF_LOGIC8 = LF_OP(LK_LOGIC, 0), LF_LOGIC16, LF_LOGIC32,
    LF_INC8 = LF_OP(LK_INC, 0), LF_INC16, LF_INC32,
    LF_DEC8 = LF_OP(LK_DEC, 0), LF_DEC16, LF_DEC32,
    LF_SZP8 = LF_OP(LK_SZP, 0), LF_SZP16, LF_SZP32
};

/* Size index 0/1/2 of an operand size in bytes 1/2/4. */
static inline unsigned lf_szidx(int size) { return (unsigned)size >> 1; }
/* All-ones mask of an operand size in bytes (1, 2 or 4). */
static inline uint32_t sz_mask(int size)
{
    return size == 4 ? 0xFFFFFFFFu : ((1u << (size * 8)) - 1);
}
/* Sign bit of an operand size in bytes (1, 2 or 4). */
static inline uint32_t sz_sign(int size) { return 1u << (size * 8 - 1); }

/* Evaluate condition code cc (0-15, the low nibble of Jcc/SETcc/CMOVcc:
 * O NO B NB Z NZ BE NBE S NS P NP L NL LE NLE; SDM Vol. 2, Appendix B.1.4.7). */
bool cpu_cond(struct cpu *c, int cc);

/* Individual arithmetic flags as 0/1. */
bool flag_cf(struct cpu *c);
bool flag_zf(struct cpu *c);
bool flag_sf(struct cpu *c);
bool flag_of(struct cpu *c);
bool flag_pf(struct cpu *c);
bool flag_af(struct cpu *c);

/* Fold the lazy flags into cpu->eflags and set lf.op = LF_NONE. After this
 * the six arithmetic bits of cpu->eflags are exact and may be edited. */
void flags_fold(struct cpu *c);

/* Record a flag-setting operation of `kind` (ADD ADC SUB SBB LOGIC) on
 * operands of `size` bytes; dst/src/res are truncated here. */
static inline void lf_set(struct cpu *c, enum lazy_kind kind, int size,
                          uint32_t dst, uint32_t src, uint32_t res)
{
    uint32_t m = sz_mask(size);
    c->lf.op = LF_OP(kind, lf_szidx(size));
    c->lf.dst = dst & m;
    c->lf.src = src & m;
    c->lf.res = res & m;
}

/* INC/DEC (kind LK_INC or LK_DEC): CF is preserved (SDM Vol. 2A INC/DEC),
 * so it is materialised into EFLAGS before the lazy state is replaced. */
static inline void lf_set_incdec(struct cpu *c, enum lazy_kind kind, int size,
                                 uint32_t dst, uint32_t res)
{
    bool cf = flag_cf(c);
    c->eflags = (c->eflags & ~EFLAGS_CF) | (cf ? EFLAGS_CF : 0);
    lf_set(c, kind, size, dst, 1, res);
}

/* SF/ZF/PF from `res`; CF, OF and AF given explicitly as EFLAGS bits in
 * `coa` (only EFLAGS_CF|EFLAGS_OF|EFLAGS_AF are used). For shifts, MUL,
 * BCD adjusts and other instructions whose CF/OF/AF are not an add/sub. */
static inline void lf_set_szp(struct cpu *c, int size, uint32_t res, uint32_t coa)
{
    const uint32_t k = EFLAGS_CF | EFLAGS_OF | EFLAGS_AF;
    c->eflags = (c->eflags & ~k) | (coa & k);
    c->lf.op = LF_OP(LK_SZP, lf_szidx(size));
    c->lf.dst = 0;
    c->lf.src = 0;
    c->lf.res = res & sz_mask(size);
}

/* Set the arithmetic flags in `mask` (subset of EFLAGS_ARITH) to the bits of
 * `value`, keeping the others (folds the lazy state first). For rotates
 * (CF/OF only) and the like. */
static inline void flags_set_bits(struct cpu *c, uint32_t mask, uint32_t value)
{
    flags_fold(c);
    c->eflags = (c->eflags & ~mask) | (value & mask);
}

#endif
