/*
 * flags.c - lazy arithmetic flags: computing CF PF AF ZF SF OF on demand from
 * the last flag-setting operation (see flags.h for the encoding), folding
 * them into EFLAGS, and evaluating Jcc/SETcc/CMOVcc conditions.
 *
 * Flag definitions: SDM Vol. 1, 3.4.3.1 (status flags) and Appendix A;
 * per-instruction results in SDM Vol. 2 ("Flags Affected").
 */
#include "flags.h"

/* Size in bytes (1, 2, 4) of the current lazy operation. */
static inline int lf_size(const struct cpu *c) { return 1 << (c->lf.op & 3); }
static inline unsigned lf_kind(const struct cpu *c) { return c->lf.op >> 2; }
static inline uint32_t lf_sign(const struct cpu *c) { return sz_sign(lf_size(c)); }

/* Sign-extend a value of the lazy operation's size to 32 bits. */
static inline int32_t lf_sext(const struct cpu *c, uint32_t v)
{
    int sh = 32 - 8 * lf_size(c);
    return (int32_t)(v << sh) >> sh;
}

bool flag_cf(struct cpu *c)
{
    const struct lazy_flags *l = &c->lf;
    switch (lf_kind(c)) {
    case LK_ADD:
        return l->res < l->dst;
    case LK_ADC: /* carry out of the top bit (majority function) */
        return (((l->dst & l->src) | ((l->dst | l->src) & ~l->res)) & lf_sign(c)) != 0;
    case LK_SUB:
        return l->dst < l->src;
    case LK_SBB: /* borrow out of the top bit */
        return (((~l->dst & l->src) | ((~l->dst | l->src) & l->res)) & lf_sign(c)) != 0;
    case LK_LOGIC:
        return false;
    default: /* NONE, INC, DEC, SZP: CF lives in EFLAGS */
        return (c->eflags & EFLAGS_CF) != 0;
    }
}

bool flag_zf(struct cpu *c)
{
    if (c->lf.op == LF_NONE) return (c->eflags & EFLAGS_ZF) != 0;
    return c->lf.res == 0;
}

bool flag_sf(struct cpu *c)
{
    if (c->lf.op == LF_NONE) return (c->eflags & EFLAGS_SF) != 0;
    return (c->lf.res & lf_sign(c)) != 0;
}

bool flag_pf(struct cpu *c)
{
    if (c->lf.op == LF_NONE) return (c->eflags & EFLAGS_PF) != 0;
    /* PF: even number of 1 bits in the low byte of the result only. */
    return !__builtin_parity(c->lf.res & 0xFF);
}

bool flag_af(struct cpu *c)
{
    const struct lazy_flags *l = &c->lf;
    switch (lf_kind(c)) {
    case LK_ADD: case LK_ADC: case LK_SUB: case LK_SBB: case LK_INC: case LK_DEC:
        return ((l->dst ^ l->src ^ l->res) & 0x10) != 0;
    case LK_LOGIC:
        return false;
    default:
        return (c->eflags & EFLAGS_AF) != 0;
    }
}

bool flag_of(struct cpu *c)
{
    const struct lazy_flags *l = &c->lf;
    switch (lf_kind(c)) {
    case LK_ADD: case LK_ADC: case LK_INC:
        /* both operands have the same sign and the result the other */
        return (((l->dst ^ l->res) & (l->src ^ l->res)) & lf_sign(c)) != 0;
    case LK_SUB: case LK_SBB: case LK_DEC:
        /* operands differ in sign and the result's sign differs from dst */
        return (((l->dst ^ l->src) & (l->dst ^ l->res)) & lf_sign(c)) != 0;
    case LK_LOGIC:
        return false;
    default:
        return (c->eflags & EFLAGS_OF) != 0;
    }
}

void flags_fold(struct cpu *c)
{
    if (c->lf.op == LF_NONE) return;
    uint32_t f = 0;
    if (flag_cf(c)) f |= EFLAGS_CF;
    if (flag_pf(c)) f |= EFLAGS_PF;
    if (flag_af(c)) f |= EFLAGS_AF;
    if (flag_zf(c)) f |= EFLAGS_ZF;
    if (flag_sf(c)) f |= EFLAGS_SF;
    if (flag_of(c)) f |= EFLAGS_OF;
    c->eflags = (c->eflags & ~EFLAGS_ARITH) | f;
    c->lf.op = LF_NONE;
}

/* SDM Vol. 1, 3.4.3: bit 1 of EFLAGS is reserved and always 1. The bits
 * other than the six arithmetic flags are kept exactly as stored (the 8086's
 * FLAGS 12-15 = 1 convention is the caller's business). */
uint32_t cpu_get_eflags(struct cpu *c)
{
    flags_fold(c);
    return c->eflags | EFLAGS_R1;
}

void cpu_set_eflags(struct cpu *c, uint32_t value, uint32_t mask)
{
    flags_fold(c);
    c->eflags = ((c->eflags & ~mask) | (value & mask)) | EFLAGS_R1;
}

bool cpu_cond(struct cpu *c, int cc)
{
    bool r;
    const struct lazy_flags *l = &c->lf;
    unsigned kind = lf_kind(c);
    switch ((cc >> 1) & 7) {
    case 0: r = flag_of(c); break;                      /* O */
    case 1: r = flag_cf(c); break;                      /* B / C / NAE */
    case 2: r = flag_zf(c); break;                      /* Z / E */
    case 3:                                             /* BE / NA */
        if (kind == LK_SUB) r = l->dst <= l->src;
        else r = flag_cf(c) || flag_zf(c);
        break;
    case 4: r = flag_sf(c); break;                      /* S */
    case 5: r = flag_pf(c); break;                      /* P / PE */
    case 6:                                             /* L / NGE */
        if (kind == LK_SUB) r = lf_sext(c, l->dst) < lf_sext(c, l->src);
        else r = flag_sf(c) != flag_of(c);
        break;
    default:                                            /* LE / NG */
        if (kind == LK_SUB) r = lf_sext(c, l->dst) <= lf_sext(c, l->src);
        else r = flag_zf(c) || (flag_sf(c) != flag_of(c));
        break;
    }
    return (cc & 1) ? !r : r;
}
