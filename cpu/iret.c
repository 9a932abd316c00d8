/*
 * iret.c - IRET/IRETD in real, virtual-8086 and protected mode.
 *
 * Real mode pops IP, CS, FLAGS (the 8086/80186 read FLAGS bits 12-15 as 1;
 * the 80286 cannot set IOPL/NT in real mode; the 386+ can). V86 mode: IRET
 * is IOPL-sensitive. Protected mode: NT=1 returns to the previous task
 * through the TSS back link; otherwise a return to the same level, to an
 * outer level (SS:ESP popped, data segments nulled), or, at CPL 0 with VM=1
 * in the popped EFLAGS, to virtual-8086 mode (ES, DS, FS, GS popped too).
 *
 * Sources: Intel SDM Vol. 2 "IRET/IRETD" pseudo-code; Vol. 3A 6.12.1,
 * 7.3 (task return), 20.3 (V86).
 */
#include "desc.h"

#include "access.h"

static void iret_real(struct cpu *c, int opsize)
{
    uint32_t size = (uint32_t)opsize;
    uint32_t eip = cpu_stack_read(c, 0, opsize);
    uint16_t cs = (uint16_t)cpu_stack_read(c, size, opsize);
    uint32_t fl = cpu_stack_read(c, size * 2, opsize);
    if (opsize == 2) eip &= 0xFFFF;
    if (c->model >= CPU_286 && eip > c->seg[SEG_CS].limit) cpu_gp(c, 0);
    cpu_set_sp(c, cpu_get_sp(c) + size * 3);
    cpu_load_seg_real(c, SEG_CS, cs);
    c->eip = eip;
    if (c->model <= CPU_186) {
        cpu_set_eflags(c, (fl & 0x0FD5) | 0xF002, 0xFFFF);
    } else if (c->model == CPU_286) {
        cpu_set_eflags(c, (fl & 0x0FD5) | EFLAGS_R1, 0xFFFF);
    } else if (opsize == 2) {
        cpu_set_eflags(c, fl & 0x7FD5, 0xFFFF);
    } else {
        /* EFLAGS := (temp AND 257FD5H) OR (EFLAGS AND 1A0000H) */
        cpu_set_eflags(c, fl, 0x257FD5u & eflags_valid_mask(c));
    }
}

/* IRET executed in V86 mode (SDM "RETURN-FROM-VIRTUAL-8086-MODE",
 * CR4.VME=0): #GP(0) unless IOPL=3; IOPL, VM, VIF, VIP are kept. */
static void iret_from_v86(struct cpu *c, int opsize)
{
    if (cpu_iopl(c) < 3) cpu_gp(c, 0);
    uint32_t size = (uint32_t)opsize;
    uint32_t eip = cpu_stack_read(c, 0, opsize);
    uint16_t cs = (uint16_t)cpu_stack_read(c, size, opsize);
    uint32_t fl = cpu_stack_read(c, size * 2, opsize);
    if (opsize == 2) eip &= 0xFFFF;
    if (eip > c->seg[SEG_CS].limit) cpu_gp(c, 0);
    cpu_set_sp(c, cpu_get_sp(c) + size * 3);
    seg_set_v86(&c->seg[SEG_CS], cs);
    c->eip = eip;
    uint32_t keep = EFLAGS_VM | EFLAGS_IOPL | EFLAGS_VIF | EFLAGS_VIP;
    uint32_t mask = (opsize == 4 ? 0xFFFFFFFFu : 0xFFFFu) & ~keep & eflags_valid_mask(c);
    cpu_set_eflags(c, fl, mask);
}

/* NT=1: return to the task named by the back link of the current TSS
 * (SDM "TASK-RETURN"). */
static void iret_task(struct cpu *c)
{
    uint16_t link = (uint16_t)cpu_lin_read(c, c->tr.base, 2, true);
    struct descriptor d;
    if ((link & SEL_TI) || !cpu_read_descriptor(c, link, &d)) cpu_ts(c, ERR_SEL(link, 0));
    if (!ar_is_tss(d.ar) || !desc_sys_type_valid(c, AR_TYPE(d.ar)) || !(d.ar & 2))
        cpu_ts(c, ERR_SEL(link, 0));
    if (!(d.ar & AR_P)) cpu_np(c, ERR_SEL(link, 0));
    cpu_task_switch(c, link, &d, TS_IRET, false, 0);
    if (c->eip > c->seg[SEG_CS].limit) cpu_gp(c, 0);
}

/* Popped EFLAGS image at CPL 0 with VM=1: enter V86 mode
 * (SDM "RETURN-TO-VIRTUAL-8086-MODE"). Only IRETD gets here. */
static void iret_to_v86(struct cpu *c, uint32_t eip, uint16_t cs, uint32_t fl)
{
    uint32_t esp = cpu_stack_read(c, 12, 4);
    uint16_t sel[SEG_COUNT];
    sel[SEG_SS] = (uint16_t)cpu_stack_read(c, 16, 4);
    sel[SEG_ES] = (uint16_t)cpu_stack_read(c, 20, 4);
    sel[SEG_DS] = (uint16_t)cpu_stack_read(c, 24, 4);
    sel[SEG_FS] = (uint16_t)cpu_stack_read(c, 28, 4);
    sel[SEG_GS] = (uint16_t)cpu_stack_read(c, 32, 4);
    sel[SEG_CS] = cs;
    cpu_set_eflags(c, fl, eflags_valid_mask(c));
    seg_enter_v86(c, sel);
    c->gpr[REG_ESP] = esp;
    c->eip = eip & 0xFFFF;
}

/* EFLAGS bits a protected-mode IRET may change at `cpl` (SDM IRET
 * "RETURN-TO-SAME-PRIVILEGE-LEVEL"/"...OUTER..."). */
static uint32_t iret_flag_mask(struct cpu *c, int cpl, int opsize)
{
    uint32_t m = EFLAGS_ARITH | EFLAGS_TF | EFLAGS_DF | EFLAGS_NT;
    if (opsize == 4) m |= EFLAGS_RF | EFLAGS_AC | EFLAGS_ID;
    if (cpl <= cpu_iopl(c)) m |= EFLAGS_IF;
    if (cpl == 0) {
        m |= EFLAGS_IOPL;
        if (opsize == 4) m |= EFLAGS_VM | EFLAGS_VIF | EFLAGS_VIP;
    }
    return m & eflags_valid_mask(c);
}

static void iret_pm(struct cpu *c, int opsize)
{
    if (c->eflags & EFLAGS_NT) {
        iret_task(c);
        return;
    }
    uint32_t size = (uint32_t)opsize;
    uint32_t eip = cpu_stack_read(c, 0, opsize);
    uint16_t cs = (uint16_t)cpu_stack_read(c, size, opsize);
    uint32_t fl = cpu_stack_read(c, size * 2, opsize);
    if (opsize == 2) {
        eip &= 0xFFFF;
        fl = (c->eflags & 0xFFFF0000u) | (fl & 0xFFFF);
    }
    if (opsize == 4 && (fl & EFLAGS_VM) && c->cpl == 0 && c->model >= CPU_386) {
        iret_to_v86(c, eip, cs, fl);
        return;
    }
    struct descriptor cd;
    far_check_return_cs(c, cs, &cd);
    int rpl = SEL_RPL(cs);
    int ocpl = c->cpl;
    if (rpl == ocpl) {
        if (eip > cd.limit) cpu_gp(c, 0);
        desc_set_accessed(c, cs, &cd);
        cpu_set_sp(c, cpu_get_sp(c) + size * 3);
        seg_commit_cs(c, cs, &cd, rpl);
        c->eip = eip;
        cpu_set_eflags(c, fl, iret_flag_mask(c, ocpl, opsize));
        return;
    }
    uint32_t esp = cpu_stack_read(c, size * 3, opsize);
    uint16_t ss = (uint16_t)cpu_stack_read(c, size * 4, opsize);
    struct descriptor sd;
    seg_check_stack(c, ss, rpl, &sd, EXC_GP, false);
    if (eip > cd.limit) cpu_gp(c, 0);
    desc_set_accessed(c, cs, &cd);
    uint32_t fmask = iret_flag_mask(c, ocpl, opsize);
    seg_commit_cs(c, cs, &cd, rpl);
    c->eip = eip;
    cpu_set_eflags(c, fl, fmask);
    seg_from_desc(&c->seg[SEG_SS], ss, &sd);
    if (opsize == 2) esp &= 0xFFFF;
    /* A 16-bit stack gets only SP; the upper ESP bits stay (as hardware). */
    if (sd.ar & AR_DB) c->gpr[REG_ESP] = esp;
    else c->gpr[REG_ESP] = (c->gpr[REG_ESP] & 0xFFFF0000u) | (esp & 0xFFFF);
    seg_null_outer(c);
}

void cpu_iret(struct cpu *c, int opsize)
{
    if (!cpu_pe(c)) iret_real(c, opsize);
    else if (cpu_v86(c)) iret_from_v86(c, opsize);
    else iret_pm(c, opsize);
    /* IRET ends NMI blocking (SDM Vol. 3A, 6.7.1). */
    c->nmi_blocked = false;
}
