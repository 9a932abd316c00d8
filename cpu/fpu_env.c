/*
 * fpu_env.c - x87 environment and state images and packed BCD (SDM Vol. 1,
 * 8.1.10 "Saving the x87 FPU's state with FSTENV/FNSTENV and FSAVE/FNSAVE",
 * figures 8-9 to 8-12 for the four environment layouts; Vol. 2A "FLDENV",
 * "FSTENV/FNSTENV", "FRSTOR", "FSAVE/FNSAVE", "FBLD", "FBSTP"; Vol. 1,
 * 4.7 BCD integers, table 4-4 for the packed BCD indefinite).
 *
 * Layout choice: protected-mode format when CR0.PE=1 and not in V86 mode,
 * real-mode format otherwise; 16- or 32-bit format by the operand size.
 * Reserved high words of the 32-bit formats are stored as 0xFFFF (as the
 * 387 and later write them). The tag word is computed from the register
 * contents (valid 00, zero 01, special 10, empty 11); a load only uses
 * "empty or not" from it.
 */
#include "fpu_ops.h"

/* 2-bit tag of physical register p. */
static unsigned tag_of(const struct cpu *c, int p)
{
    if ((c->fpu.empty >> p) & 1) return 3;
    struct fx80 v = c->fpu.st[p];
    if (fx_is_zero(v)) return 1;
    if (fx_exp(v) == 0 || fx_exp(v) == 0x7FFF || !(v.mant >> 63)) return 2;
    return 0;
}

/* The full tag word (SDM Vol. 1, 8.1.7). */
uint16_t fpu_tag_word(const struct cpu *c)
{
    uint16_t t = 0;
    for (int p = 0; p < 8; p++) t |= (uint16_t)(tag_of(c, p) << (2 * p));
    return t;
}

/* Store the environment at offset 0; returns its size (14 or 28). */
static int store_env(struct cpu *c, struct insn *i)
{
    bool o32 = i->opsize == 4;
    bool pm = cpu_pm(c);
    int n = o32 ? 28 : 14;
    uint16_t w[7];
    uint32_t d[7];
    uint16_t sw = fpu_status_word(c), tw = fpu_tag_word(c);
    uint32_t fip = c->fpu.fip, fdp = c->fpu.fdp;
    if (!pm) { /* real-mode formats hold 20/32-bit linear addresses */
        fip += (uint32_t)c->fpu.fcs << 4;
        fdp += (uint32_t)c->fpu.fds << 4;
    }
    cpu_check_access(c, i->seg, i->ea, n, true);
    if (o32) {
        d[0] = 0xFFFF0000u | c->fpu.cw;
        d[1] = 0xFFFF0000u | sw;
        d[2] = 0xFFFF0000u | tw;
        if (pm) {
            d[3] = fip;
            d[4] = c->fpu.fcs | ((uint32_t)(c->fpu.fop & 0x7FF) << 16);
            d[5] = fdp;
            d[6] = 0xFFFF0000u | c->fpu.fds;
        } else {
            d[3] = 0xFFFF0000u | (fip & 0xFFFF);
            d[4] = ((fip >> 16) << 12) | (c->fpu.fop & 0x7FF);
            d[5] = 0xFFFF0000u | (fdp & 0xFFFF);
            d[6] = (fdp >> 16) << 12;
        }
        for (int k = 0; k < 7; k++) cpu_write(c, i->seg, fpu_addr(i, 4 * k), 4, d[k]);
    } else {
        w[0] = c->fpu.cw;
        w[1] = sw;
        w[2] = tw;
        if (pm) {
            w[3] = (uint16_t)fip;
            w[4] = c->fpu.fcs;
            w[5] = (uint16_t)fdp;
            w[6] = c->fpu.fds;
        } else {
            w[3] = (uint16_t)fip;
            w[4] = (uint16_t)((((fip >> 16) & 0xF) << 12) | (c->fpu.fop & 0x7FF));
            w[5] = (uint16_t)fdp;
            w[6] = (uint16_t)(((fdp >> 16) & 0xF) << 12);
        }
        for (int k = 0; k < 7; k++) cpu_write(c, i->seg, fpu_addr(i, 2 * k), 2, w[k]);
    }
    return n;
}

/* Load the environment at offset 0 (already read fields applied only after
 * every read succeeded); returns its size. */
static int load_env(struct cpu *c, struct insn *i)
{
    bool o32 = i->opsize == 4;
    bool pm = cpu_pm(c);
    uint32_t d[7];
    for (int k = 0; k < 7; k++)
        d[k] = o32 ? cpu_read(c, i->seg, fpu_addr(i, 4 * k), 4)
                   : cpu_read(c, i->seg, fpu_addr(i, 2 * k), 2);
    uint16_t cw = (uint16_t)d[0], sw = (uint16_t)d[1], tw = (uint16_t)d[2];
    if (pm) {
        c->fpu.fip = o32 ? d[3] : d[3] & 0xFFFF;
        c->fpu.fcs = (uint16_t)d[4];
        c->fpu.fop = o32 ? (uint16_t)((d[4] >> 16) & 0x7FF) : c->fpu.fop;
        c->fpu.fdp = o32 ? d[5] : d[5] & 0xFFFF;
        c->fpu.fds = (uint16_t)d[6];
    } else {
        if (o32) {
            c->fpu.fip = (d[3] & 0xFFFF) | ((d[4] >> 12) << 16);
            c->fpu.fdp = (d[5] & 0xFFFF) | ((d[6] >> 12) << 16);
        } else {
            c->fpu.fip = (d[3] & 0xFFFF) | (((d[4] >> 12) & 0xF) << 16);
            c->fpu.fdp = (d[5] & 0xFFFF) | (((d[6] >> 12) & 0xF) << 16);
        }
        c->fpu.fop = (uint16_t)(d[4] & 0x7FF);
        c->fpu.fcs = 0;
        c->fpu.fds = 0;
    }
    c->fpu.top = (sw >> 11) & 7;
    c->fpu.sw = (uint16_t)(sw & ~0x3800u);
    uint8_t empty = 0;
    for (int p = 0; p < 8; p++)
        if (((tw >> (2 * p)) & 3) == 3) empty |= (uint8_t)(1u << p);
    c->fpu.empty = empty;
    fpu_load_cw(c, cw); /* also recomputes ES/B from the flags and masks */
    return o32 ? 28 : 14;
}

/* D9 /4 FLDENV, D9 /6 FNSTENV, DD /4 FRSTOR, DD /6 FNSAVE. */
void fpu_env_op(struct cpu *c, struct insn *i)
{
    bool save = i->reg == 6;
    if (i->op == 0xD9) {
        if (save) {
            store_env(c, i);
            /* FNSTENV masks all exceptions after storing (SDM Vol. 2A). */
            c->fpu.cw |= 0x3F;
            fpu_update_es(c);
        } else {
            load_env(c, i);
        }
        return;
    }
    int n = i->opsize == 4 ? 28 : 14;
    if (save) {
        cpu_check_access(c, i->seg, i->ea, n + 80, true);
        store_env(c, i);
        for (int k = 0; k < 8; k++) fpu_write80(c, i, (uint32_t)(n + 10 * k), fpu_get(c, k));
        fpu_init_state(&c->fpu);
        return;
    }
    /* FRSTOR: read the registers first so a fault changes nothing. */
    struct fx80 regs[8];
    cpu_check_access(c, i->seg, i->ea, n + 80, false);
    for (int k = 0; k < 8; k++) regs[k] = fpu_read80(c, i, (uint32_t)(n + 10 * k));
    load_env(c, i);
    for (int k = 0; k < 8; k++) c->fpu.st[fpu_phys(c, k)] = regs[k];
}

/* FBLD m80bcd (DF /4): 18 BCD digits and a sign byte, pushed exactly.
 * Invalid digits (A-F) give an undefined value on real hardware; here they
 * are used with their binary weight. */
void fpu_bcd_load(struct cpu *c, struct insn *i)
{
    uint64_t lo = cpu_read64(c, i->seg, i->ea);
    uint32_t hi = cpu_read(c, i->seg, fpu_addr(i, 8), 2);
    uint64_t v = 0;
    for (int k = 8; k >= 0; k--) {
        unsigned byte = k == 8 ? (hi & 0xFF) : (unsigned)((lo >> (8 * k)) & 0xFF);
        v = v * 100 + (byte >> 4) * 10 + (byte & 0xF);
    }
    struct fx80 r = fx_from_i64((int64_t)v);
    if (hi & 0x8000) r = fx_chs(r); /* -0 stays -0 */
    if (fpu_overflow_check(c)) return;
    c->fpu.sw &= (uint16_t)~FSW_C1;
    fpu_push(c, r);
}

/* FBSTP m80bcd (DF /6): round ST(0) to an integer with FCW.RC, store it as
 * 18 BCD digits, pop. |value| >= 10^18, NaN and infinity are invalid: the
 * packed BCD indefinite (FFFF C000000000000000) when IE is masked. */
void fpu_bcd_store(struct cpu *c, struct insn *i)
{
    struct fx_ctx x = fpu_ctx(c, false);
    uint64_t lo;
    uint16_t hi;
    bool write = true;
    cpu_check_access(c, i->seg, i->ea, 10, true);
    if (fpu_empty(c, 0)) {
        if (!fpu_underflow(c)) return;
        lo = 0xC000000000000000ull;
        hi = 0xFFFF;
    } else {
        struct fx80 v = fpu_get(c, 0);
        int64_t n;
        bool ok = fx_to_int(&x, v, 64, &n);
        uint64_t mag = ok ? (n < 0 ? 0 - (uint64_t)n : (uint64_t)n) : 0;
        if (ok && mag >= 1000000000000000000ull) {
            ok = false;
            x.flags = (uint16_t)((x.flags & ~FSW_PE) | FSW_IE);
            x.c1 = false;
        }
        if (!ok) {
            if (!(x.mask & FSW_IE)) write = false;
            lo = 0xC000000000000000ull;
            hi = 0xFFFF;
        } else {
            lo = 0;
            for (int k = 0; k < 16; k++) {
                lo |= (mag % 10) << (4 * k);
                mag /= 10;
            }
            hi = (uint16_t)((mag % 10) | ((mag / 10) << 4));
            if (fx_sign(v)) hi |= 0x8000;
        }
        c->fpu.sw = (uint16_t)((c->fpu.sw & ~FSW_C1) | (x.flags & FSW_EXC) | (x.c1 ? FSW_C1 : 0));
        fpu_update_es(c);
    }
    if (!write) return;
    cpu_write64(c, i->seg, i->ea, lo);
    cpu_write(c, i->seg, fpu_addr(i, 8), 2, hi);
    fpu_pop(c);
}
