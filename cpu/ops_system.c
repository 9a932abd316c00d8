/*
 * ops_system.c - system instructions: SLDT, STR, LLDT, LTR, VERR, VERW,
 * SGDT, SIDT, LGDT, LIDT, SMSW, LMSW, INVLPG, LAR, LSL, CLTS, MOV to/from
 * CR0-CR4 and DR0-DR7, ARPL.
 *
 * Sources: Intel SDM Vol. 2 (each instruction's pseudo-code and exception
 * lists), Vol. 3A 2.5 (control registers), 2.7 (system instruction
 * summary), 17.2 (debug registers); the 80286 SGDT/SIDT store 0xFF in the
 * sixth byte (iAPX 286 Programmer's Reference).
 */
#include "desc.h"

#include "access.h"
#include "insn.h"

/* #UD unless in protected mode proper (not real, not V86). */
static void need_pm(struct cpu *c)
{
    if (!cpu_pm(c)) cpu_ud(c);
}

/* #GP(0) unless CPL 0 (real mode counts as CPL 0; V86 is CPL 3). */
static void need_cpl0(struct cpu *c)
{
    if (cpu_pe(c) && (cpu_v86(c) || c->cpl != 0)) cpu_gp(c, 0);
}

/* #UD for a register form of a memory-only operand. */
static void need_mem(struct cpu *c, struct insn *i)
{
    if (i->mod == 3) cpu_ud(c);
}

/* Offset of the memory operand plus k, wrapped to the address size. */
static uint32_t ea_plus(const struct insn *i, uint32_t k)
{
    uint32_t ea = i->ea + k;
    return i->addrsize == 2 ? (ea & 0xFFFF) : ea;
}

static void set_zf(struct cpu *c, bool z)
{
    cpu_set_eflags(c, z ? EFLAGS_ZF : 0, EFLAGS_ZF);
}

/* Store a selector-sized value: 16 bits to memory, a whole register with a
 * 32-bit operand size (upper bits zero, as P6-class processors do). */
static void store_sel(struct cpu *c, struct insn *i, uint32_t v)
{
    if (i->mod == 3 && i->opsize == 4) cpu_reg_write(c, i->rm, 4, v);
    else op_write_E(c, i, 2, v);
}

/* SLDT / STR (0F 00 /0, /1). */
void op_sldt_str(struct cpu *c, struct insn *i)
{
    need_pm(c);
    store_sel(c, i, i->row->arg ? c->tr.sel : c->ldtr.sel);
}

/* LLDT (0F 00 /2): SDM Vol. 2 "LLDT". */
void op_lldt(struct cpu *c, struct insn *i)
{
    need_pm(c);
    need_cpl0(c);
    uint16_t sel = (uint16_t)op_read_E(c, i, 2);
    struct descriptor d;
    if (SEL_NULL(sel)) {
        seg_set_null(&c->ldtr, sel);
        return;
    }
    if (sel & SEL_TI) cpu_gp(c, ERR_SEL(sel, 0));
    desc_fetch_or_fault(c, sel, &d, EXC_GP, false);
    if (!ar_is_sys(d.ar) || AR_TYPE(d.ar) != SYS_LDT) cpu_gp(c, ERR_SEL(sel, 0));
    if (!(d.ar & AR_P)) cpu_np(c, ERR_SEL(sel, 0));
    seg_from_desc(&c->ldtr, sel, &d);
}

/* LTR (0F 00 /3): SDM Vol. 2 "LTR"; marks the TSS busy. */
void op_ltr(struct cpu *c, struct insn *i)
{
    need_pm(c);
    need_cpl0(c);
    uint16_t sel = (uint16_t)op_read_E(c, i, 2);
    struct descriptor d;
    if (SEL_NULL(sel)) cpu_gp(c, 0);
    if (sel & SEL_TI) cpu_gp(c, ERR_SEL(sel, 0));
    desc_fetch_or_fault(c, sel, &d, EXC_GP, false);
    int t = AR_TYPE(d.ar);
    if (!ar_is_sys(d.ar) || (t != SYS_TSS16 && t != SYS_TSS32) || !desc_sys_type_valid(c, t))
        cpu_gp(c, ERR_SEL(sel, 0));
    if (!(d.ar & AR_P)) cpu_np(c, ERR_SEL(sel, 0));
    desc_set_busy(c, sel, true);
    d.ar |= 2;
    seg_from_desc(&c->tr, sel, &d);
}

/* VERR / VERW (0F 00 /4, /5): ZF=1 when the segment is readable/writable
 * at the current CPL and the selector's RPL. */
void op_verr_verw(struct cpu *c, struct insn *i)
{
    need_pm(c);
    uint16_t sel = (uint16_t)op_read_E(c, i, 2);
    struct descriptor d;
    bool ok = false;
    if (!SEL_NULL(sel) && cpu_read_descriptor(c, sel, &d) && !ar_is_sys(d.ar)) {
        bool priv = ar_is_conforming(d.ar) ||
                    (AR_DPL(d.ar) >= c->cpl && AR_DPL(d.ar) >= SEL_RPL(sel));
        ok = priv && (i->row->arg ? ar_writable(d.ar) : ar_readable(d.ar));
    }
    set_zf(c, ok);
}

/* SGDT / SIDT (0F 01 /0, /1): 16-bit limit then base; a 16-bit operand
 * size stores a 24-bit base (the 80286 stores 0xFF in the top byte). */
void op_sgdt_sidt(struct cpu *c, struct insn *i)
{
    need_mem(c, i);
    const struct dtr *t = i->row->arg ? &c->idtr : &c->gdtr;
    uint32_t base = t->base;
    if (c->model == CPU_286) base = (base & 0xFFFFFF) | 0xFF000000u;
    else if (i->opsize == 2) base &= 0xFFFFFF;
    cpu_check_access(c, i->seg, i->ea, 6, true);
    cpu_write(c, i->seg, i->ea, 2, t->limit & 0xFFFF);
    cpu_write(c, i->seg, ea_plus(i, 2), 4, base);
}

/* LGDT / LIDT (0F 01 /2, /3): CPL 0; 16-bit operand size uses a 24-bit base. */
void op_lgdt_lidt(struct cpu *c, struct insn *i)
{
    need_mem(c, i);
    need_cpl0(c);
    uint32_t limit = cpu_read(c, i->seg, i->ea, 2);
    uint32_t base = cpu_read(c, i->seg, ea_plus(i, 2), 4);
    if (i->opsize == 2 || c->model <= CPU_286) base &= 0xFFFFFF;
    struct dtr *t = i->row->arg ? &c->idtr : &c->gdtr;
    t->limit = limit;
    t->base = base;
}

/* SMSW (0F 01 /4): CR0 bits 0-15 (a 32-bit register gets all of CR0). */
void op_smsw(struct cpu *c, struct insn *i)
{
    uint32_t v = c->cr[0];
    if (i->mod == 3 && i->opsize == 4) cpu_reg_write(c, i->rm, 4, v);
    else op_write_E(c, i, 2, v & 0xFFFF);
}

/* Apply a new CR0 value: flush the TLB when PE, PG or WP change
 * (SDM Vol. 3A, 4.10.4.1). */
static void set_cr0(struct cpu *c, uint32_t v)
{
    uint32_t old = c->cr[0];
    c->cr[0] = v;
    if ((old ^ v) & (CR0_PE | CR0_PG | CR0_WP)) cpu_tlb_flush(c, true);
    if (!(v & CR0_PE)) c->cpl = 0;
}

/* LMSW (0F 01 /6): loads PE, MP, EM, TS; cannot clear PE. */
void op_lmsw(struct cpu *c, struct insn *i)
{
    need_cpl0(c);
    uint32_t v = op_read_E(c, i, 2) & 0xF;
    uint32_t cr0 = (c->cr[0] & ~0xEu) | v;  /* PE is only ORed in */
    set_cr0(c, cr0);
}

/* INVLPG m (0F 01 /7, 486+). */
void op_invlpg(struct cpu *c, struct insn *i)
{
    need_mem(c, i);
    need_cpl0(c);
    cpu_tlb_flush_page(c, c->seg[i->seg].base + i->ea);
}

/* LAR / LSL (0F 02, 0F 03): SDM Vol. 2 "LAR", "LSL". */
void op_lar_lsl(struct cpu *c, struct insn *i)
{
    need_pm(c);
    bool lsl = i->row->arg != 0;
    uint16_t sel = (uint16_t)op_read_E(c, i, 2);
    struct descriptor d;
    bool ok = false;
    if (!SEL_NULL(sel) && cpu_read_descriptor(c, sel, &d)) {
        if (ar_is_sys(d.ar)) {
            int t = AR_TYPE(d.ar);
            ok = desc_sys_type_valid(c, t) &&
                 (t == SYS_TSS16 || t == SYS_LDT || t == SYS_TSS16_BUSY || t == SYS_TSS32 ||
                  t == SYS_TSS32_BUSY ||
                  (!lsl && (t == SYS_CALL16 || t == SYS_TASK || t == SYS_CALL32)));
        } else {
            ok = true;
        }
        if (ok && !ar_is_conforming(d.ar) && (AR_DPL(d.ar) < c->cpl || AR_DPL(d.ar) < SEL_RPL(sel)))
            ok = false;
    }
    if (ok) {
        uint32_t v;
        if (lsl) v = d.limit;
        else if (c->model <= CPU_286 || i->opsize == 2) v = d.hi & 0xFF00;
        else v = d.hi & 0x00FFFF00u;
        op_write_G(c, i, i->opsize, v);
    }
    set_zf(c, ok);
}

/* CLTS (0F 06). */
void op_clts(struct cpu *c, struct insn *i)
{
    (void)i;
    need_cpl0(c);
    c->cr[0] &= ~CR0_TS;
}

/* MOV r32, CRn (0F 20). */
void op_mov_r_cr(struct cpu *c, struct insn *i)
{
    int n = i->reg;
    if (n == 1 || n > 4 || (n == 4 && c->model < CPU_PENTIUM)) cpu_ud(c);
    need_cpl0(c);
    c->gpr[i->rm] = c->cr[n];
}

/* CR4 bits that may be set: exactly those whose CPUID.1:EDX feature this
 * model reports (ops_p6.c cpuid_features: Pentium TSC->TSD, DE, PSE; P6 +
 * PGE and FXSR->OSFXSR). VME/PVI, PAE, MCE and PCE are not implemented, so
 * setting them is #GP(0) like any reserved bit (SDM Vol. 3A 2.5). */
static uint32_t cr4_valid(const struct cpu *c)
{
    uint32_t m = CR4_TSD | CR4_DE | CR4_PSE;
    if (c->model >= CPU_P6) m |= CR4_PGE | CR4_OSFXSR;
    return m;
}

/* MOV CRn, r32 (0F 22). */
void op_mov_cr_r(struct cpu *c, struct insn *i)
{
    int n = i->reg;
    if (n == 1 || n > 4 || (n == 4 && c->model < CPU_PENTIUM)) cpu_ud(c);
    need_cpl0(c);
    uint32_t v = c->gpr[i->rm];
    switch (n) {
    case 0: {
        if ((v & CR0_PG) && !(v & CR0_PE)) cpu_gp(c, 0);
        uint32_t m = CR0_PE | CR0_MP | CR0_EM | CR0_TS | CR0_ET | CR0_PG;
        if (c->model >= CPU_486) {
            if ((v & CR0_NW) && !(v & CR0_CD)) cpu_gp(c, 0);
            m |= CR0_NE | CR0_WP | CR0_AM | CR0_NW | CR0_CD;
            v |= CR0_ET; /* hardwired to 1 */
        }
        set_cr0(c, v & m);
        break;
    }
    case 2:
        c->cr[2] = v;
        break;
    case 3:
        c->cr[3] = v & (c->model >= CPU_486 ? 0xFFFFF018u : 0xFFFFF000u);
        cpu_tlb_flush(c, false);
        break;
    case 4: {
        if (v & ~cr4_valid(c)) cpu_gp(c, 0);
        uint32_t old = c->cr[4];
        c->cr[4] = v;
        if ((old ^ v) & (CR4_PSE | CR4_PGE | CR4_PAE)) cpu_tlb_flush(c, true);
        break;
    }
    }
}

/* CPL 0 check (#GP(0)), debug-register number after the DR4/DR5 aliasing
 * (#UD with CR4.DE=1), and the general-detect fault (DR7.GD: #DB with
 * DR6.BD). SDM Vol. 3A 17.2. */
static int dr_index(struct cpu *c, int n)
{
    need_cpl0(c);
    if (n == 4 || n == 5) {
        if (c->cr[4] & CR4_DE) cpu_ud(c);
        n += 2;
    }
    if (c->dr[7] & 0x2000) {
        c->dr[7] &= ~0x2000u;
        c->dr[6] |= 0x2000;
        cpu_raise(c, EXC_DB, false, 0);
    }
    return n;
}

/* MOV r32, DRn (0F 21). */
void op_mov_r_dr(struct cpu *c, struct insn *i)
{
    int n = dr_index(c, i->reg);
    c->gpr[i->rm] = c->dr[n];
}

/* MOV DRn, r32 (0F 23): DR6/DR7 keep their fixed bits. */
void op_mov_dr_r(struct cpu *c, struct insn *i)
{
    int n = dr_index(c, i->reg);
    uint32_t v = c->gpr[i->rm];
    if (n == 6) {
        uint32_t fixed = c->model >= CPU_PENTIUM ? 0xFFFF0FF0u : 0xFFFF1FF0u;
        c->dr[6] = (v & 0xE00F) | fixed;
    } else if (n == 7) {
        c->dr[7] = (v & 0xFFFF2BFFu) | 0x400;
    } else {
        c->dr[n] = v;
    }
}

/* ARPL Ew, Gw (63): raise the destination's RPL to the source's; ZF=1 when
 * changed. Protected mode only (#UD in real and V86 mode). */
void op_arpl(struct cpu *c, struct insn *i)
{
    need_pm(c);
    uint32_t dst = op_read_E(c, i, 2);
    uint32_t src = op_read_G(c, i, 2);
    if ((dst & 3) < (src & 3)) {
        op_write_E(c, i, 2, (dst & ~3u) | (src & 3));
        set_zf(c, true);
    } else {
        set_zf(c, false);
    }
}
