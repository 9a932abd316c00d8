/*
 * fpu_ops.c - the x87 FPU instruction entry points (ESC opcodes D8-DF and
 * WAIT on the 386+ models; SDM Vol. 2, Appendix A.5 x87 opcode map), their
 * common prologue (SDM Vol. 3A, 2.5 and table 2-2: CR0.EM/TS/MP and #NM;
 * Vol. 1, 8.6-8.7: pending unmasked exceptions reported at the next
 * waiting instruction as #MF with CR0.NE=1, or through FERR#/IRQ13), the
 * FPU instruction/data pointers (Vol. 1, 8.1.8, 8.1.9), and the loads and
 * stores of reals and integers (Vol. 2A "FLD", "FST/FSTP", "FILD",
 * "FIST/FISTP").
 *
 * CR0.NE=0 (and the 386, which has no NE bit): an unmasked exception drives
 * FERR# (cpu->fpu.ferr, which the board turns into IRQ13); the next waiting
 * instruction then proceeds as if IGNNE# were asserted, instead of freezing
 * until the IRQ13 handler runs as a 486+ on a PC board would. Handlers that
 * clear the exception (FNCLEX in the IRQ13 handler) behave the same.
 */
#include "flags.h"
#include "fpu_ops.h"

void fpu_init_state(struct fpu *f)
{
    f->cw = 0x037F;
    f->sw = 0;
    f->top = 0;
    f->empty = 0xFF;
    f->fop = 0;
    f->fip = 0;
    f->fcs = 0;
    f->fdp = 0;
    f->fds = 0;
    f->ferr = false;
}

void fpu_update_es(struct cpu *c)
{
    if (c->fpu.sw & ~c->fpu.cw & FSW_EXC) c->fpu.sw |= FSW_ES | FSW_B;
    else c->fpu.sw &= (uint16_t)~(FSW_ES | FSW_B);
    c->fpu.ferr = (c->fpu.sw & FSW_ES) != 0;
}

bool fpu_commit(struct cpu *c, struct fx_ctx *x)
{
    bool done = !(x->flags & ~x->mask & (FSW_IE | FSW_DE | FSW_ZE));
    if (!done) {
        /* The operation is not performed: no OE/UE/PE from its result. */
        x->flags &= FSW_IE | FSW_DE | FSW_ZE;
        x->c1 = false;
    }
    c->fpu.sw = (uint16_t)((c->fpu.sw & ~FSW_C1) | (x->flags & FSW_EXC) | (x->c1 ? FSW_C1 : 0));
    fpu_update_es(c);
    return done;
}

bool fpu_underflow(struct cpu *c)
{
    c->fpu.sw = (uint16_t)((c->fpu.sw & ~FSW_C1) | FSW_IE | FSW_SF);
    fpu_update_es(c);
    return (c->fpu.cw & FCW_IM) != 0;
}

bool fpu_overflow_check(struct cpu *c)
{
    if (!((c->fpu.empty >> ((c->fpu.top - 1) & 7)) & 1)) {
        c->fpu.sw |= FSW_IE | FSW_SF | FSW_C1;
        fpu_update_es(c);
        if (c->fpu.cw & FCW_IM) fpu_push(c, FX_INDEFINITE);
        return true;
    }
    return false;
}

void fpu_push_result(struct cpu *c, struct fx_ctx *x, struct fx80 v)
{
    if (fpu_commit(c, x)) fpu_push(c, v);
}

uint32_t fpu_addr(const struct insn *i, uint32_t k)
{
    uint32_t a = i->ea + k;
    return i->addrsize == 2 ? (a & 0xFFFF) : a;
}

struct fx80 fpu_read80(struct cpu *c, struct insn *i, uint32_t k)
{
    struct fx80 v;
    uint32_t lo = cpu_read(c, i->seg, fpu_addr(i, k), 4);
    uint32_t hi = cpu_read(c, i->seg, fpu_addr(i, k + 4), 4);
    v.mant = ((uint64_t)hi << 32) | lo;
    v.sexp = (uint16_t)cpu_read(c, i->seg, fpu_addr(i, k + 8), 2);
    return v;
}

void fpu_write80(struct cpu *c, struct insn *i, uint32_t k, struct fx80 v)
{
    cpu_write(c, i->seg, fpu_addr(i, k), 4, (uint32_t)v.mant);
    cpu_write(c, i->seg, fpu_addr(i, k + 4), 4, (uint32_t)(v.mant >> 32));
    cpu_write(c, i->seg, fpu_addr(i, k + 8), 2, v.sexp);
}

/* Check a whole memory destination of n bytes before writing any of it. */
static void check_write(struct cpu *c, struct insn *i, int n)
{
    cpu_check_access(c, i->seg, i->ea, n, true);
}

/*
 * Prologue of every ESC instruction. wait: a waiting instruction (all but
 * FNINIT FNCLEX FNSTENV FNSAVE FNSTCW FNSTSW and the 8087/287 legacy
 * FNENI/FNDISI/FNSETPM). control: does not update FOP/FIP/FDP (SDM Vol. 1,
 * 8.1.8: FINIT FCLEX FLDCW FSTCW FSTSW FSTENV FLDENV FSAVE FRSTOR).
 */
static void prologue(struct cpu *c, struct insn *i, bool wait, bool control)
{
    if (c->cr[0] & (CR0_EM | CR0_TS)) cpu_raise(c, EXC_NM, false, 0);
    if (wait && (c->fpu.sw & FSW_ES)) {
        if (c->cr[0] & CR0_NE) cpu_raise(c, EXC_MF, false, 0);
    }
    if (!control) {
        c->fpu.fop = (uint16_t)(((i->op & 7) << 8) | i->modrm);
        c->fpu.fip = c->insn_eip;
        c->fpu.fcs = c->seg[SEG_CS].sel;
        if (i->mod != 3) {
            c->fpu.fdp = i->ea;
            c->fpu.fds = c->seg[i->seg].sel;
        }
    }
}

/* WAIT/FWAIT (9B) on the 386+: #NM when CR0.MP and CR0.TS are both set,
 * then #MF for a pending unmasked exception with CR0.NE=1 (SDM Vol. 2B
 * "WAIT/FWAIT", Vol. 3A table 2-2). */
void fpu_wait(struct cpu *c, struct insn *i)
{
    (void)i;
    if ((c->cr[0] & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS)) cpu_raise(c, EXC_NM, false, 0);
    if (c->fpu.sw & FSW_ES) {
        if (c->cr[0] & CR0_NE) cpu_raise(c, EXC_MF, false, 0);
    }
}

/* FLD m32fp / m64fp / m80fp and FILD m16/m32/m64int: push the converted
 * value. kind: 0 m32fp, 1 m64fp, 2 m80fp, 3 m16int, 4 m32int, 5 m64int. */
static void load_mem(struct cpu *c, struct insn *i, int kind)
{
    struct fx_ctx x = fpu_ctx(c, false);
    struct fx80 v;
    switch (kind) {
    case 0: v = fx_from_f32(&x, cpu_read(c, i->seg, i->ea, 4)); break;
    case 1: v = fx_from_f64(&x, cpu_read64(c, i->seg, i->ea)); break;
    case 2: v = fpu_read80(c, i, 0); break;
    case 3: v = fx_from_i64((int16_t)cpu_read(c, i->seg, i->ea, 2)); break;
    case 4: v = fx_from_i64((int32_t)cpu_read(c, i->seg, i->ea, 4)); break;
    default: v = fx_from_i64((int64_t)cpu_read64(c, i->seg, i->ea)); break;
    }
    if (kind <= 1 && fx_is_nan(v)) {
        /* An SNaN is loaded quieted with IE (SDM Vol. 2A "FLD"). */
        if (!(v.mant & 0x4000000000000000ull)) x.flags |= FSW_IE;
        v.mant |= 0x4000000000000000ull;
    }
    if (fpu_overflow_check(c)) return;
    /* A denormal m32/m64 is loaded even when DE is unmasked (the x87 does;
     * it is widened to a normal value): only IE suppresses the load. */
    uint16_t de = x.flags & FSW_DE;
    x.flags &= (uint16_t)~FSW_DE;
    bool done = fpu_commit(c, &x);
    c->fpu.sw |= de;
    fpu_update_es(c);
    if (done) fpu_push(c, v);
}

/* FST/FSTP m32fp / m64fp / m80fp (kind 0/1/2) and FIST/FISTP m16/m32/m64
 * (kind 3/4/5). The value is converted first and memory written before the
 * stack changes, so a memory fault leaves the FPU unchanged. */
static void store_mem(struct cpu *c, struct insn *i, int kind, bool pop)
{
    static const int bits[3] = { 16, 32, 64 };
    struct fx_ctx x = fpu_ctx(c, false);
    bool write = true;
    uint64_t out = 0;
    struct fx80 v = fpu_get(c, 0);
    if (fpu_empty(c, 0)) {
        if (!fpu_underflow(c)) return;
        v = FX_INDEFINITE;
        x.flags = 0;
        switch (kind) {
        case 0: out = 0xFFC00000u; break;
        case 1: out = 0xFFF8000000000000ull; break;
        case 2: break;
        default: out = 1ull << (bits[kind - 3] - 1); break;
        }
    } else if (kind <= 1) {
        out = kind == 0 ? fx_to_f32(&x, v) : fx_to_f64(&x, v);
        write = !(x.flags & ~x.mask & (FSW_IE | FSW_OE | FSW_UE));
        if (!write) { /* not stored: no PE, no C1 from the rounding */
            x.flags &= (uint16_t)~FSW_PE;
            x.c1 = false;
        }
    } else if (kind >= 3) {
        int64_t n;
        if (fx_to_int(&x, v, bits[kind - 3], &n)) out = (uint64_t)n;
        else if (x.mask & FSW_IE) out = 1ull << (bits[kind - 3] - 1); /* integer indefinite */
        else write = false;
    }
    if (write) {
        switch (kind) {
        case 0: case 4: cpu_write(c, i->seg, i->ea, 4, (uint32_t)out); break;
        case 1: case 5: cpu_write64(c, i->seg, i->ea, out); break;
        case 2: check_write(c, i, 10); fpu_write80(c, i, 0, v); break;
        default: cpu_write(c, i->seg, i->ea, 2, (uint32_t)out); break;
        }
    }
    if (!fpu_empty(c, 0)) {
        c->fpu.sw = (uint16_t)((c->fpu.sw & ~FSW_C1) | (x.flags & FSW_EXC) | (x.c1 ? FSW_C1 : 0));
        fpu_update_es(c);
    }
    if (pop && write) fpu_pop(c);
}

uint16_t fpu_status_word(const struct cpu *c)
{
    return (uint16_t)((c->fpu.sw & ~0x3800u) | ((c->fpu.top & 7) << 11));
}

/* FLDCW (also FLDENV/FRSTOR): the reserved bits 15-13 and 7 read 0 and bit
 * 6 reads 1 (SDM Vol. 1, figure 8-6; FNINIT gives 0x037F); ES and FERR#
 * follow the new masks: unmasking a set exception flag makes it pending. */
void fpu_load_cw(struct cpu *c, uint16_t cw)
{
    c->fpu.cw = (uint16_t)((cw & 0x1F3F) | 0x0040);
    fpu_update_es(c);
}

/* Raise #UD for a reserved encoding (before any FPU check). */
static _Noreturn void reserved(struct cpu *c) { cpu_ud(c); }

/* D8: FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR with m32fp or ST(i). */
void fpu_esc_d8(struct cpu *c, struct insn *i)
{
    prologue(c, i, true, false);
    if (i->mod != 3) fpu_arith_mem(c, i, 0);
    else fpu_arith_reg(c, i);
}

/* D9: FLD/FST/FSTP m32fp, FLDENV, FLDCW, FNSTENV, FNSTCW; register forms:
 * FLD ST(i), FXCH, FNOP, FSTP1, FCHS FABS FTST FXAM, the constants and
 * D9 F0-FF (fpu_trans.c). */
void fpu_esc_d9(struct cpu *c, struct insn *i)
{
    if (i->mod == 3) {
        static const uint8_t ok[8] = { 0xFF, 0xFF, 0x01, 0xFF, 0x33, 0x7F, 0xFF, 0xFF };
        if (!((ok[i->reg] >> i->rm) & 1)) reserved(c);
        prologue(c, i, true, false);
        if (i->reg >= 6) fpu_trans(c, i);
        else fpu_d9_reg(c, i);
        return;
    }
    switch (i->reg) {
    case 0: prologue(c, i, true, false); load_mem(c, i, 0); return;
    case 1: reserved(c);
    case 2: prologue(c, i, true, false); store_mem(c, i, 0, false); return;
    case 3: prologue(c, i, true, false); store_mem(c, i, 0, true); return;
    case 4: prologue(c, i, true, true); fpu_env_op(c, i); return;
    case 5: prologue(c, i, true, true); fpu_load_cw(c, (uint16_t)cpu_read(c, i->seg, i->ea, 2)); return;
    case 6: prologue(c, i, false, true); fpu_env_op(c, i); return;
    default: prologue(c, i, false, true); cpu_write(c, i->seg, i->ea, 2, c->fpu.cw); return;
    }
}

/* FCMOVcc ST(0), ST(i) (P6, SDM Vol. 2A "FCMOVcc"): cc is the Jcc
 * condition number. */
static void fcmov(struct cpu *c, struct insn *i, int cc)
{
    if (fpu_empty(c, 0) || fpu_empty(c, i->rm)) {
        if (fpu_underflow(c)) fpu_set(c, 0, FX_INDEFINITE);
        return;
    }
    if (cpu_cond(c, cc)) fpu_set(c, 0, fpu_get(c, i->rm)); /* C1 unchanged */
}

/* DA: m32int arithmetic and compares; FCMOVB/E/BE/U (P6); FUCOMPP. */
void fpu_esc_da(struct cpu *c, struct insn *i)
{
    static const int8_t cc[4] = { 2, 4, 6, 0xA }; /* B E BE U */
    if (i->mod == 3) {
        if (i->reg < 4) {
            if (c->model < CPU_P6) reserved(c);
            prologue(c, i, true, false);
            fcmov(c, i, cc[i->reg]);
            return;
        }
        if (i->reg != 5 || i->rm != 1) reserved(c);
        prologue(c, i, true, false);
        fpu_compare_st(c, 1, true, 2); /* FUCOMPP */
        return;
    }
    prologue(c, i, true, false);
    fpu_arith_mem(c, i, 1);
}

/* DB: FILD/FIST/FISTP m32int, FLD/FSTP m80fp; FCMOVNB/NE/NBE/NU and
 * FUCOMI/FCOMI (P6); FNCLEX, FNINIT and the legacy FNENI/FNDISI/FNSETPM. */
void fpu_esc_db(struct cpu *c, struct insn *i)
{
    static const int8_t cc[4] = { 3, 5, 7, 0xB }; /* NB NE NBE NU */
    if (i->mod == 3) {
        switch (i->reg) {
        case 0: case 1: case 2: case 3:
            if (c->model < CPU_P6) reserved(c);
            prologue(c, i, true, false);
            fcmov(c, i, cc[i->reg]);
            return;
        case 4:
            switch (i->rm) {
            case 0: case 1: case 4: /* FNENI FNDISI FNSETPM: no-ops on the 387+ */
                prologue(c, i, false, true);
                return;
            case 2: /* FNCLEX */
                prologue(c, i, false, true);
                c->fpu.sw &= (uint16_t)~(FSW_EXC | FSW_SF | FSW_ES | FSW_B);
                c->fpu.ferr = false;
                return;
            case 3: /* FNINIT */
                prologue(c, i, false, true);
                fpu_init_state(&c->fpu);
                return;
            default: reserved(c);
            }
        case 5: case 6: /* FUCOMI / FCOMI */
            if (c->model < CPU_P6) reserved(c);
            prologue(c, i, true, false);
            fpu_comi(c, i->rm, i->reg == 5, false);
            return;
        default: reserved(c);
        }
    }
    switch (i->reg) {
    case 0: prologue(c, i, true, false); load_mem(c, i, 4); return;
    case 2: prologue(c, i, true, false); store_mem(c, i, 4, false); return;
    case 3: prologue(c, i, true, false); store_mem(c, i, 4, true); return;
    case 5: prologue(c, i, true, false); load_mem(c, i, 2); return;
    case 7: prologue(c, i, true, false); store_mem(c, i, 2, true); return;
    default: reserved(c); /* 1 FISTTP (SSE3), 4, 6 */
    }
}

/* DC: arithmetic and compares with m64fp, or ST(i) = ST(i) op ST(0). */
void fpu_esc_dc(struct cpu *c, struct insn *i)
{
    prologue(c, i, true, false);
    if (i->mod != 3) fpu_arith_mem(c, i, 2);
    else fpu_arith_reg(c, i);
}

/* DD: FLD/FST/FSTP m64fp, FRSTOR, FNSAVE, FNSTSW m16; FFREE, FXCH4,
 * FST/FSTP ST(i), FUCOM/FUCOMP. */
void fpu_esc_dd(struct cpu *c, struct insn *i)
{
    if (i->mod == 3) {
        if (i->reg >= 6) reserved(c);
        prologue(c, i, true, false);
        fpu_dd_reg(c, i);
        return;
    }
    switch (i->reg) {
    case 0: prologue(c, i, true, false); load_mem(c, i, 1); return;
    case 2: prologue(c, i, true, false); store_mem(c, i, 1, false); return;
    case 3: prologue(c, i, true, false); store_mem(c, i, 1, true); return;
    case 4: prologue(c, i, true, true); fpu_env_op(c, i); return;
    case 6: prologue(c, i, false, true); fpu_env_op(c, i); return;
    case 7: prologue(c, i, false, true); cpu_write(c, i->seg, i->ea, 2, fpu_status_word(c)); return;
    default: reserved(c); /* 1 FISTTP (SSE3), 5 */
    }
}

/* DE: m16int arithmetic and compares; FADDP FMULP FCOMP5 FCOMPP FSUBRP
 * FSUBP FDIVRP FDIVP. */
void fpu_esc_de(struct cpu *c, struct insn *i)
{
    if (i->mod == 3 && i->reg == 3 && i->rm != 1) reserved(c);
    prologue(c, i, true, false);
    if (i->mod != 3) fpu_arith_mem(c, i, 3);
    else fpu_arith_reg(c, i);
}

/* DF: FILD/FIST/FISTP m16int, FBLD, FILD m64int, FBSTP, FISTP m64int;
 * FFREEP, FXCH7, FSTP8/9, FNSTSW AX, FUCOMIP/FCOMIP (P6). */
void fpu_esc_df(struct cpu *c, struct insn *i)
{
    if (i->mod == 3) {
        switch (i->reg) {
        case 0: /* FFREEP ST(i) (undocumented; P6 executes it) */
            prologue(c, i, true, false);
            c->fpu.empty |= (uint8_t)(1u << fpu_phys(c, i->rm));
            fpu_pop(c);
            return;
        case 1: case 2: case 3: /* FXCH7, FSTP8, FSTP9 aliases */
            prologue(c, i, true, false);
            fpu_dd_reg(c, i);
            return;
        case 4:
            if (i->rm != 0) reserved(c);
            prologue(c, i, false, true);
            cpu_reg_write(c, REG_EAX, 2, fpu_status_word(c)); /* FNSTSW AX */
            return;
        case 5: case 6: /* FUCOMIP / FCOMIP */
            if (c->model < CPU_P6) reserved(c);
            prologue(c, i, true, false);
            fpu_comi(c, i->rm, i->reg == 5, true);
            return;
        default: reserved(c);
        }
    }
    switch (i->reg) {
    case 0: prologue(c, i, true, false); load_mem(c, i, 3); return;
    case 2: prologue(c, i, true, false); store_mem(c, i, 3, false); return;
    case 3: prologue(c, i, true, false); store_mem(c, i, 3, true); return;
    case 4: prologue(c, i, true, false); fpu_bcd_load(c, i); return;
    case 5: prologue(c, i, true, false); load_mem(c, i, 5); return;
    case 6: prologue(c, i, true, false); fpu_bcd_store(c, i); return;
    case 7: prologue(c, i, true, false); store_mem(c, i, 5, true); return;
    default: reserved(c); /* 1 FISTTP (SSE3) */
    }
}
