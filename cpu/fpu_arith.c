/*
 * fpu_arith.c - x87 arithmetic, comparison and register-stack instructions
 * (SDM Vol. 2A: "FADD/FADDP/FIADD", "FSUB/FSUBP/FISUB", "FSUBR/FSUBRP/
 * FISUBR", "FMUL/FMULP/FIMUL", "FDIV/FDIVP/FIDIV", "FDIVR/FDIVRP/FIDIVR",
 * "FCOM/FCOMP/FCOMPP", "FUCOM/FUCOMP/FUCOMPP", "FICOM/FICOMP",
 * "FCOMI/FCOMIP/FUCOMI/FUCOMIP", "FTST", "FXAM", "FCHS", "FABS", "FLD1/
 * FLDL2T/FLDL2E/FLDPI/FLDLG2/FLDLN2/FLDZ", "FLD", "FST/FSTP", "FXCH",
 * "FFREE", "FNOP"; Vol. 1, 8.1.5.3 for the rounding of the constants).
 */
#include "flags.h"
#include "fpu_ops.h"

/* Arithmetic operation by the ModR/M.reg of the D8 opcode: 0 FADD, 1 FMUL,
 * 4 FSUB (a - b), 5 FSUBR (b - a), 6 FDIV (a / b), 7 FDIVR (b / a). */
static struct fx80 arith(struct fx_ctx *x, int op, struct fx80 a, struct fx80 b)
{
    switch (op) {
    case 0: return fx_add(x, a, b);
    case 1: return fx_mul(x, a, b);
    case 4: return fx_sub(x, a, b);
    case 5: return fx_sub(x, b, a);
    case 6: return fx_div(x, a, b);
    default: return fx_div(x, b, a);
    }
}

/* Set C3 C2 C0 from a comparison result (-1, 0, 1, 2 unordered); C1 = 0. */
static uint16_t compare_cc(int r)
{
    switch (r) {
    case -1: return FSW_C0;
    case 0: return FSW_C3;
    case 1: return 0;
    default: return FSW_C3 | FSW_C2 | FSW_C0;
    }
}

/* Compare ST(0) with b and pop npop times; empty = an operand register is
 * empty (stack underflow). */
static void compare(struct cpu *c, struct fx80 b, bool empty, bool quiet, int npop)
{
    /* The condition codes are set even when the invalid-operation exception
     * is unmasked; only the pops are then suppressed (as the x87 does). */
    bool done;
    if (empty) {
        done = fpu_underflow(c);
        fpu_set_cc(c, FSW_C3 | FSW_C2 | FSW_C0);
    } else {
        struct fx_ctx x = fpu_ctx(c, false);
        int r = fx_compare(&x, fpu_get(c, 0), b, quiet);
        done = fpu_commit(c, &x);
        fpu_set_cc(c, compare_cc(r));
    }
    if (!done) return;
    while (npop-- > 0) fpu_pop(c);
}

void fpu_compare_st(struct cpu *c, int st, bool quiet, int npop)
{
    compare(c, fpu_get(c, st), fpu_empty(c, 0) || fpu_empty(c, st), quiet, npop);
}

void fpu_comi(struct cpu *c, int st, bool quiet, bool pop)
{
    uint32_t fl;
    bool done;
    if (fpu_empty(c, 0) || fpu_empty(c, st)) {
        done = fpu_underflow(c);
        fl = EFLAGS_ZF | EFLAGS_PF | EFLAGS_CF;
    } else {
        struct fx_ctx x = fpu_ctx(c, false);
        int r = fx_compare(&x, fpu_get(c, 0), fpu_get(c, st), quiet);
        x.c1 = (c->fpu.sw & FSW_C1) != 0;
        done = fpu_commit(c, &x);
        fl = r == -1 ? EFLAGS_CF : r == 0 ? EFLAGS_ZF : r == 1 ? 0
                                            : EFLAGS_ZF | EFLAGS_PF | EFLAGS_CF;
    }
    /* ZF PF CF from the comparison; OF SF AF cleared. C1 is left as it
     * was (a stack underflow clears it), as the x87 does. */
    cpu_set_eflags(c, fl, EFLAGS_ARITH);
    if (pop && done) fpu_pop(c);
}

void fpu_arith_mem(struct cpu *c, struct insn *i, int kind)
{
    struct fx_ctx x = fpu_ctx(c, true);
    struct fx80 b;
    switch (kind) {
    case 0: { /* m32fp: an SNaN stays signaling (the operation raises IE) */
        uint32_t v = cpu_read(c, i->seg, i->ea, 4);
        b = fx_from_f32(&x, v);
        if (fx_is_nan(b) && !(v & 0x00400000u)) b.mant &= ~0x4000000000000000ull;
        break;
    }
    case 2: {
        uint64_t v = cpu_read64(c, i->seg, i->ea);
        b = fx_from_f64(&x, v);
        if (fx_is_nan(b) && !(v & 0x0008000000000000ull)) b.mant &= ~0x4000000000000000ull;
        break;
    }
    case 1: b = fx_from_i64((int32_t)cpu_read(c, i->seg, i->ea, 4)); break;
    default: b = fx_from_i64((int16_t)cpu_read(c, i->seg, i->ea, 2)); break;
    }
    x.flags &= (uint16_t)~FSW_IE; /* SNaN operands raise IE in the operation */
    /* A denormal memory operand is widened to a normal value; its DE stands
     * unless ST(0) is a NaN or unsupported (those outrank it). */
    if (!fpu_empty(c, 0) && (fx_is_nan(fpu_get(c, 0)) || fx_is_unsupported(fpu_get(c, 0))))
        x.flags &= (uint16_t)~FSW_DE;
    /* FDIVR with ST(0) = 0: the zero divide outranks the dividend's DE. */
    if (i->reg == 7 && !fpu_empty(c, 0) && fx_is_zero(fpu_get(c, 0)))
        x.flags &= (uint16_t)~FSW_DE;
    if (i->reg == 2 || i->reg == 3) {
        if (!fpu_empty(c, 0) && (x.flags & FSW_DE)) {
            /* DE from the memory operand: merged by the comparison. */
            struct fx_ctx y = fpu_ctx(c, false);
            int r = fx_compare(&y, fpu_get(c, 0), b, false);
            y.flags |= x.flags;
            bool done = fpu_commit(c, &y);
            fpu_set_cc(c, compare_cc(r));
            if (done && i->reg == 3) fpu_pop(c);
            return;
        }
        compare(c, b, fpu_empty(c, 0), false, i->reg == 3);
        return;
    }
    if (fpu_empty(c, 0)) {
        if (fpu_underflow(c)) fpu_set(c, 0, FX_INDEFINITE);
        return;
    }
    struct fx80 r = arith(&x, i->reg, fpu_get(c, 0), b);
    if (fpu_commit(c, &x)) fpu_set(c, 0, r);
}

void fpu_arith_reg(struct cpu *c, struct insn *i)
{
    int op = i->reg, st = i->rm;
    if (i->op == 0xD8) {
        if (op == 2 || op == 3) {
            fpu_compare_st(c, st, false, op == 3);
            return;
        }
        if (fpu_empty(c, 0) || fpu_empty(c, st)) {
            if (fpu_underflow(c)) fpu_set(c, 0, FX_INDEFINITE);
            return;
        }
        struct fx_ctx x = fpu_ctx(c, true);
        struct fx80 r = arith(&x, op, fpu_get(c, 0), fpu_get(c, st));
        if (fpu_commit(c, &x)) fpu_set(c, 0, r);
        return;
    }
    /* DC / DE: ST(i) = ST(i) op ST(0); the SUB/DIV encodings are swapped
     * (DC E0+i is FSUBR ST(i),ST(0); DC E8+i is FSUB ST(i),ST(0)). */
    bool pop = i->op == 0xDE;
    if (op == 2 || op == 3) { /* FCOM2/FCOMP3/FCOMP5 aliases, DE D9 FCOMPP */
        if (pop && op == 3) fpu_compare_st(c, 1, false, 2);
        else fpu_compare_st(c, st, false, op == 3 || pop);
        return;
    }
    if (op >= 4) op ^= 1;
    if (fpu_empty(c, 0) || fpu_empty(c, st)) {
        if (!fpu_underflow(c)) return;
        fpu_set(c, st, FX_INDEFINITE);
    } else {
        struct fx_ctx x = fpu_ctx(c, true);
        struct fx80 r = arith(&x, op, fpu_get(c, st), fpu_get(c, 0));
        if (!fpu_commit(c, &x)) return;
        fpu_set(c, st, r);
    }
    if (pop) fpu_pop(c);
}

/* FXAM class codes in C3 C2 C0 (SDM Vol. 2A "FXAM"); C1 = sign. */
static uint16_t fxam(const struct cpu *c)
{
    struct fx80 v = fpu_get(c, 0);
    uint16_t cc = fx_sign(v) ? FSW_C1 : 0;
    if (fpu_empty(c, 0)) return cc | FSW_C3 | FSW_C0;
    if (fx_is_unsupported(v)) return cc;
    if (fx_is_nan(v)) return cc | FSW_C0;
    if (fx_is_inf(v)) return cc | FSW_C2 | FSW_C0;
    if (fx_is_zero(v)) return cc | FSW_C3;
    if (fx_is_denormal(v)) return cc | FSW_C3 | FSW_C2;
    return cc | FSW_C2;
}

/* The constants of D9 E8-EE: value truncated to 64 bits and the next 64
 * bits, rounded with FCW.RC (Pentium and later; no PE is raised). */
static const struct {
    uint16_t exp;
    uint64_t mant, next;
} consts[7] = {
    { 0x3FFF, 0x8000000000000000ull, 0 },                     /* FLD1 */
    { 0x4000, 0xD49A784BCD1B8AFEull, 0x492BF6FF4DAFDB4Cull }, /* FLDL2T log2(10) */
    { 0x3FFF, 0xB8AA3B295C17F0BBull, 0xBE87FED0691D3E88ull }, /* FLDL2E log2(e) */
    { 0x4000, 0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull }, /* FLDPI */
    { 0x3FFD, 0x9A209A84FBCFF798ull, 0x8F8959AC0B7C9178ull }, /* FLDLG2 log10(2) */
    { 0x3FFE, 0xB17217F7D1CF79ABull, 0xC9E3B39803F2F6AFull }, /* FLDLN2 ln(2) */
    { 0, 0, 0 },                                              /* FLDZ */
};

static struct fx80 constant(const struct cpu *c, int k)
{
    uint64_t m = consts[k].mant;
    int rc = (c->fpu.cw >> FCW_RC_SHIFT) & 3;
    uint64_t nx = consts[k].next;
    bool up = rc == FPU_RC_NEAREST ? (nx > 0x8000000000000000ull ||
                                      (nx == 0x8000000000000000ull && (m & 1)))
                                   : rc == FPU_RC_UP && nx != 0;
    return fx_make(0, consts[k].exp, m + up); /* no constant is all ones */
}

/* D9 C0-EF: FLD ST(i), FXCH, FNOP, FSTP1, FCHS FABS FTST FXAM, constants. */
void fpu_d9_reg(struct cpu *c, struct insn *i)
{
    int st = i->rm;
    switch (i->reg) {
    case 0: { /* FLD ST(i): an empty source (underflow) is reported before
               * a full stack (overflow), as the x87 does */
        struct fx80 v = fpu_get(c, st);
        if (fpu_empty(c, st)) {
            if (fpu_underflow(c)) fpu_push(c, FX_INDEFINITE);
            return;
        }
        if (fpu_overflow_check(c)) return;
        c->fpu.sw &= (uint16_t)~FSW_C1;
        fpu_push(c, v);
        return;
    }
    case 1: /* FXCH ST(i) */
        if (fpu_empty(c, 0) || fpu_empty(c, st)) {
            if (!fpu_underflow(c)) return;
            if (fpu_empty(c, 0)) fpu_set(c, 0, FX_INDEFINITE);
            if (fpu_empty(c, st)) fpu_set(c, st, FX_INDEFINITE);
        }
        {
            struct fx80 a = fpu_get(c, 0), b = fpu_get(c, st);
            fpu_set(c, 0, b);
            fpu_set(c, st, a);
        }
        c->fpu.sw &= (uint16_t)~FSW_C1;
        return;
    case 2: /* FNOP */
        return;
    case 3: /* FSTP1 (undocumented alias of FSTP ST(i)) */
        fpu_dd_reg(c, i);
        return;
    case 4:
        if (st == 4) { /* FTST */
            compare(c, fx_zero(0), fpu_empty(c, 0), false, 0);
            return;
        }
        if (st == 5) { /* FXAM */
            fpu_set_cc(c, fxam(c));
            return;
        }
        if (fpu_empty(c, 0)) { /* FCHS / FABS */
            if (fpu_underflow(c)) fpu_set(c, 0, FX_INDEFINITE);
            return;
        }
        fpu_set(c, 0, st == 0 ? fx_chs(fpu_get(c, 0)) : fx_abs(fpu_get(c, 0)));
        c->fpu.sw &= (uint16_t)~FSW_C1;
        return;
    default: /* 5: constants */
        if (fpu_overflow_check(c)) return;
        c->fpu.sw &= (uint16_t)~FSW_C1;
        fpu_push(c, constant(c, st));
        return;
    }
}

/* DD C0-EF (and the DF aliases): FFREE, FXCH4, FST, FSTP, FUCOM, FUCOMP. */
void fpu_dd_reg(struct cpu *c, struct insn *i)
{
    int st = i->rm;
    int reg = i->reg;
    if (i->op == 0xDF) reg = reg == 1 ? 1 : 3;  /* FXCH7; FSTP8/FSTP9 */
    if (i->op == 0xD9) reg = 3;                 /* FSTP1 */
    switch (reg) {
    case 0: /* FFREE ST(i) (C1 cleared, as the x87 does) */
        c->fpu.empty |= (uint8_t)(1u << fpu_phys(c, st));
        c->fpu.sw &= (uint16_t)~FSW_C1;
        return;
    case 1: { /* FXCH4 / FXCH7 */
        struct insn j = *i;
        j.op = 0xD9;
        j.reg = 1;
        fpu_d9_reg(c, &j);
        return;
    }
    case 2: case 3: /* FST / FSTP ST(i): an exact copy */
        if (fpu_empty(c, 0)) {
            if (!fpu_underflow(c)) return;
            fpu_set(c, st, FX_INDEFINITE);
        } else {
            fpu_set(c, st, fpu_get(c, 0));
            c->fpu.sw &= (uint16_t)~FSW_C1;
        }
        if (reg == 3) fpu_pop(c);
        return;
    case 4: case 5: /* FUCOM / FUCOMP */
        fpu_compare_st(c, st, true, reg == 5);
        return;
    }
}
