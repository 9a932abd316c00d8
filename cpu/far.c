/*
 * far.c - far JMP, far CALL and far RET in every mode.
 *
 * Real and virtual-8086 mode: CS = selector, base = selector * 16.
 * Protected mode: transfers to conforming and non-conforming code segments,
 * through 16- and 32-bit call gates (with a stack switch to an inner level
 * and the gate's parameter copy), through task gates and to TSS descriptors
 * (task switch); far RET to the same or an outer level.
 *
 * Nothing in struct cpu changes until every check has passed and the new
 * stack frame is written (desc.h "pending stack"), so a fault restarts the
 * instruction cleanly.
 *
 * Sources: Intel SDM Vol. 2 "JMP", "CALL", "RET" pseudo-code; Vol. 3A 5.8
 * (privilege-level checks when transferring program control), 7.3 (task
 * switching).
 */
#include "desc.h"

#include "access.h"

/* Real/V86: load CS for a far transfer. 286+ check the new EIP against the
 * CS limit (#GP(0)); the 8086 has no limit. */
static void far_real(struct cpu *c, uint16_t sel, uint32_t off)
{
    if (cpu_v86(c)) seg_set_v86(&c->seg[SEG_CS], sel);
    else cpu_load_seg_real(c, SEG_CS, sel);
    c->eip = off;
}

static void check_eip_real(struct cpu *c, uint32_t off)
{
    if (c->model >= CPU_286 && off > c->seg[SEG_CS].limit) cpu_gp(c, 0);
}

/* Checks of a direct far JMP/CALL to a code segment (SDM Vol. 2 JMP/CALL
 * "CONFORMING-CODE-SEGMENT", "NONCONFORMING-CODE-SEGMENT"). */
static void check_direct_code(struct cpu *c, uint16_t sel, struct descriptor *d)
{
    if (ar_is_conforming(d->ar)) {
        if (AR_DPL(d->ar) > c->cpl) cpu_gp(c, ERR_SEL(sel, 0));
    } else {
        if (SEL_RPL(sel) > c->cpl || AR_DPL(d->ar) != c->cpl) cpu_gp(c, ERR_SEL(sel, 0));
    }
    if (!(d->ar & AR_P)) cpu_np(c, ERR_SEL(sel, 0));
}

/* Task gate or TSS as a JMP/CALL target: the checks of SDM Vol. 2 JMP/CALL
 * "TASK-GATE" and "TASK-STATE-SEGMENT", then the task switch. */
static void far_task(struct cpu *c, uint16_t sel, struct descriptor *d, int reason)
{
    uint16_t tss_sel = sel;
    struct descriptor tss;
    if (AR_TYPE(d->ar) == SYS_TASK) {
        if (AR_DPL(d->ar) < c->cpl || AR_DPL(d->ar) < SEL_RPL(sel)) cpu_gp(c, ERR_SEL(sel, 0));
        if (!(d->ar & AR_P)) cpu_np(c, ERR_SEL(sel, 0));
        tss_sel = gate_sel(d);
        if ((tss_sel & SEL_TI) || !cpu_read_descriptor(c, tss_sel, &tss))
            cpu_gp(c, ERR_SEL(tss_sel, 0));
        if (!ar_is_tss(tss.ar) || !desc_sys_type_valid(c, AR_TYPE(tss.ar)) || (tss.ar & 2))
            cpu_gp(c, ERR_SEL(tss_sel, 0));
        if (!(tss.ar & AR_P)) cpu_np(c, ERR_SEL(tss_sel, 0));
    } else {
        if (sel & SEL_TI) cpu_gp(c, ERR_SEL(sel, 0));
        tss = *d;
        if (AR_DPL(tss.ar) < c->cpl || AR_DPL(tss.ar) < SEL_RPL(sel) || (tss.ar & 2))
            cpu_gp(c, ERR_SEL(sel, 0));
        if (!(tss.ar & AR_P)) cpu_np(c, ERR_SEL(sel, 0));
    }
    cpu_task_switch(c, tss_sel, &tss, reason, false, 0);
    if (c->eip > c->seg[SEG_CS].limit) cpu_gp(c, 0);
}

/* Read and classify the target of a protected-mode far JMP/CALL: returns
 * the descriptor; raises #GP(0) for null and #GP(sel) for a bad type. */
static void far_target(struct cpu *c, uint16_t sel, struct descriptor *d)
{
    if (SEL_NULL(sel)) cpu_gp(c, 0);
    desc_fetch_or_fault(c, sel, d, EXC_GP, false);
    if (ar_is_code(d->ar)) return;
    if (ar_is_sys(d->ar) && desc_sys_type_valid(c, AR_TYPE(d->ar))) {
        switch (AR_TYPE(d->ar)) {
        case SYS_CALL16: case SYS_CALL32: case SYS_TASK:
        case SYS_TSS16: case SYS_TSS32: case SYS_TSS16_BUSY: case SYS_TSS32_BUSY:
            return;
        }
    }
    cpu_gp(c, ERR_SEL(sel, 0));
}

/* Call-gate checks common to JMP and CALL; returns the target code-segment
 * descriptor in *cd and its selector in *csel (SDM Vol. 2 CALL "CALL-GATE").
 * For JMP a non-conforming target must have DPL == CPL; for CALL DPL <= CPL. */
static void gate_target(struct cpu *c, uint16_t sel, const struct descriptor *g,
                        struct descriptor *cd, uint16_t *csel, bool is_call)
{
    if (AR_DPL(g->ar) < c->cpl || AR_DPL(g->ar) < SEL_RPL(sel)) cpu_gp(c, ERR_SEL(sel, 0));
    if (!(g->ar & AR_P)) cpu_np(c, ERR_SEL(sel, 0));
    uint16_t cs = gate_sel(g);
    if (SEL_NULL(cs)) cpu_gp(c, 0);
    desc_fetch_or_fault(c, cs, cd, EXC_GP, false);
    if (!ar_is_code(cd->ar) || AR_DPL(cd->ar) > c->cpl) cpu_gp(c, ERR_SEL(cs, 0));
    if (!is_call && !ar_is_conforming(cd->ar) && AR_DPL(cd->ar) != c->cpl) cpu_gp(c, ERR_SEL(cs, 0));
    if (!(cd->ar & AR_P)) cpu_np(c, ERR_SEL(cs, 0));
    *csel = cs;
}

void cpu_jmp_far(struct cpu *c, uint16_t sel, uint32_t off)
{
    if (!cpu_pm(c)) {
        check_eip_real(c, off);
        far_real(c, sel, off);
        return;
    }
    struct descriptor d;
    far_target(c, sel, &d);
    if (ar_is_code(d.ar)) {
        check_direct_code(c, sel, &d);
        if (off > d.limit) cpu_gp(c, 0);
        desc_set_accessed(c, sel, &d);
        seg_commit_cs(c, sel, &d, c->cpl);
        c->eip = off;
        return;
    }
    switch (AR_TYPE(d.ar)) {
    case SYS_CALL16: case SYS_CALL32: {
        struct descriptor cd;
        uint16_t cs;
        gate_target(c, sel, &d, &cd, &cs, false);
        uint32_t eip = gate_offset(&d);
        if (eip > cd.limit) cpu_gp(c, 0);
        desc_set_accessed(c, cs, &cd);
        seg_commit_cs(c, cs, &cd, c->cpl);
        c->eip = eip;
        return;
    }
    default:
        far_task(c, sel, &d, TS_JMP);
        return;
    }
}

/* Same-level far CALL: push CS:EIP (size bytes each slot) on the current
 * stack, then load CS:EIP. */
static void call_same(struct cpu *c, uint16_t cs, const struct descriptor *cd,
                      uint32_t eip, int size)
{
    struct pstack p = { c->seg[SEG_SS], c->gpr[REG_ESP], c->cpl < 3 };
    pstack_room(c, &p, (uint32_t)size * 2, 0);
    if (eip > cd->limit) cpu_gp(c, 0);
    pstack_push(c, &p, size, c->seg[SEG_CS].sel, 0);
    pstack_push(c, &p, size, c->eip, 0);
    struct descriptor d = *cd;
    desc_set_accessed(c, cs, &d);
    pstack_commit(c, &p);
    seg_commit_cs(c, cs, &d, c->cpl);
    c->eip = eip;
}

/* CALL through a call gate to a more privileged non-conforming segment:
 * stack switch through the TSS and parameter copy (SDM Vol. 2 CALL
 * "MORE-PRIVILEGE"; Vol. 3A 5.8.5, figure 5-13). */
static void call_inner(struct cpu *c, const struct descriptor *g, uint16_t cs,
                       const struct descriptor *cd)
{
    int ncpl = AR_DPL(cd->ar);
    int size = gate_32(g) ? 4 : 2;
    int count = gate_count(g);
    uint16_t nss;
    uint32_t nesp;
    struct descriptor sd;

    tss_inner_stack(c, ncpl, &nss, &nesp, false);
    if (SEL_NULL(nss)) cpu_ts(c, ERR_SEL(nss, 0));
    if (!cpu_read_descriptor(c, nss, &sd)) cpu_ts(c, ERR_SEL(nss, 0));
    if (SEL_RPL(nss) != ncpl || AR_DPL(sd.ar) != ncpl || !ar_writable(sd.ar))
        cpu_ts(c, ERR_SEL(nss, 0));
    if (!(sd.ar & AR_P)) cpu_ss(c, ERR_SEL(nss, 0));

    struct pstack p;
    seg_from_desc(&p.ss, nss, &sd);
    p.esp = nesp;
    p.sys = true;
    uint32_t err = ERR_SEL(nss, 0);
    pstack_room(c, &p, (uint32_t)size * (4 + (uint32_t)count), err);
    uint32_t eip = gate_offset(g);
    if (eip > cd->limit) cpu_gp(c, 0);

    /* Caller's parameters are read from the caller's stack (at its CPL). */
    uint32_t params[32];
    for (int k = 0; k < count; k++)
        params[k] = cpu_stack_read(c, (uint32_t)((count - 1 - k) * size), size);

    pstack_push(c, &p, size, c->seg[SEG_SS].sel, err);
    pstack_push(c, &p, size, c->gpr[REG_ESP], err);
    for (int k = 0; k < count; k++) pstack_push(c, &p, size, params[k], err);
    pstack_push(c, &p, size, c->seg[SEG_CS].sel, err);
    pstack_push(c, &p, size, c->eip, err);

    struct descriptor scd = *cd;
    desc_set_accessed(c, nss, &sd);
    desc_set_accessed(c, cs, &scd);
    seg_from_desc(&c->seg[SEG_SS], nss, &sd);
    pstack_commit(c, &p);
    seg_commit_cs(c, cs, &scd, ncpl);
    c->eip = eip;
}

void cpu_call_far(struct cpu *c, uint16_t sel, uint32_t off, int opsize)
{
    if (!cpu_pm(c)) {
        check_eip_real(c, off);
        cpu_push(c, opsize, c->seg[SEG_CS].sel);
        cpu_push(c, opsize, c->eip);
        far_real(c, sel, off);
        return;
    }
    struct descriptor d;
    far_target(c, sel, &d);
    if (ar_is_code(d.ar)) {
        check_direct_code(c, sel, &d);
        call_same(c, sel, &d, off, opsize);
        return;
    }
    switch (AR_TYPE(d.ar)) {
    case SYS_CALL16: case SYS_CALL32: {
        struct descriptor cd;
        uint16_t cs;
        gate_target(c, sel, &d, &cd, &cs, true);
        if (!ar_is_conforming(cd.ar) && AR_DPL(cd.ar) < c->cpl)
            call_inner(c, &d, cs, &cd);
        else
            call_same(c, cs, &cd, gate_offset(&d), gate_32(&d) ? 4 : 2);
        return;
    }
    default:
        far_task(c, sel, &d, TS_CALL);
        return;
    }
}

/* Validate the code segment a far RET/IRET returns to (SDM Vol. 2 RET
 * "PROTECTED-MODE": null, limit, type, RPL >= CPL, DPL vs RPL, present). */
void far_check_return_cs(struct cpu *c, uint16_t cs, struct descriptor *d)
{
    if (SEL_NULL(cs)) cpu_gp(c, 0);
    desc_fetch_or_fault(c, cs, d, EXC_GP, false);
    if (!ar_is_code(d->ar) || SEL_RPL(cs) < c->cpl) cpu_gp(c, ERR_SEL(cs, 0));
    if (ar_is_conforming(d->ar) ? AR_DPL(d->ar) > SEL_RPL(cs) : AR_DPL(d->ar) != SEL_RPL(cs))
        cpu_gp(c, ERR_SEL(cs, 0));
    if (!(d->ar & AR_P)) cpu_np(c, ERR_SEL(cs, 0));
}

/* Add `n` to ESP or SP per the current SS.B. */
static void sp_add(struct cpu *c, uint32_t n)
{
    cpu_set_sp(c, cpu_get_sp(c) + n);
}

void cpu_ret_far(struct cpu *c, uint16_t pop_bytes, int opsize)
{
    uint32_t size = (uint32_t)opsize;
    if (!cpu_pm(c)) {
        uint32_t eip = cpu_stack_read(c, 0, opsize);
        uint16_t cs = (uint16_t)cpu_stack_read(c, size, opsize);
        if (opsize == 2) eip &= 0xFFFF;
        check_eip_real(c, eip);
        sp_add(c, size * 2 + pop_bytes);
        far_real(c, cs, eip);
        return;
    }
    uint32_t eip = cpu_stack_read(c, 0, opsize);
    uint16_t cs = (uint16_t)cpu_stack_read(c, size, opsize);
    if (opsize == 2) eip &= 0xFFFF;
    struct descriptor cd;
    far_check_return_cs(c, cs, &cd);
    int rpl = SEL_RPL(cs);
    if (rpl == c->cpl) {
        if (eip > cd.limit) cpu_gp(c, 0);
        desc_set_accessed(c, cs, &cd);
        sp_add(c, size * 2 + pop_bytes);
        seg_commit_cs(c, cs, &cd, rpl);
        c->eip = eip;
        return;
    }
    /* Return to an outer level: the caller's SS:ESP follows the parameters. */
    uint32_t nesp = cpu_stack_read(c, size * 2 + pop_bytes, opsize);
    uint16_t nss = (uint16_t)cpu_stack_read(c, size * 3 + pop_bytes, opsize);
    struct descriptor sd;
    seg_check_stack(c, nss, rpl, &sd, EXC_GP, false);
    if (eip > cd.limit) cpu_gp(c, 0);
    desc_set_accessed(c, cs, &cd);
    seg_commit_cs(c, cs, &cd, rpl);
    c->eip = eip;
    seg_from_desc(&c->seg[SEG_SS], nss, &sd);
    /* The new stack pointer, then the caller's parameters released there. */
    if (opsize == 2) nesp &= 0xFFFF;
    if (sd.ar & AR_DB) c->gpr[REG_ESP] = nesp + pop_bytes;
    else c->gpr[REG_ESP] = (c->gpr[REG_ESP] & 0xFFFF0000u) | ((nesp + pop_bytes) & 0xFFFF);
    seg_null_outer(c);
}
