/*
 * task.c - hardware task switching (16-bit 80286 and 32-bit 386 TSS) and
 * the I/O permission check through the TSS I/O bitmap.
 *
 * A task switch (SDM Vol. 3A 7.3): check the new TSS limit, read the new
 * task's state, save the current state into the old TSS, update the busy
 * bits and the back link (CALL/INT nest: NT=1 in the new task), load TR,
 * set CR0.TS, then load CR3 (when paging), LDTR, EFLAGS, EIP, the general
 * registers and the segment registers. Faults before the state is loaded
 * happen in the old task; segment-descriptor faults after it (#TS, #NP,
 * #SS) happen in the new task's context, as on the hardware.
 *
 * TSS layouts: SDM Vol. 3A 7.2.1 figure 7-2 (32-bit), 7.6 figure 7-11
 * (16-bit). I/O bitmap: SDM Vol. 1 18.5.2.
 */
#include "desc.h"

#include "access.h"

/* Offsets in the 32-bit TSS. */
enum { T32_CR3 = 0x1C, T32_EIP = 0x20, T32_EFLAGS = 0x24, T32_GPR = 0x28,
       T32_SEG = 0x48, T32_LDT = 0x60, T32_T = 0x64, T32_IOMAP = 0x66 };
/* Offsets in the 16-bit TSS. */
enum { T16_IP = 0x0E, T16_FLAGS = 0x10, T16_GPR = 0x12, T16_SEG = 0x22, T16_LDT = 0x2A };

/* State read from a TSS. */
struct tss_state {
    uint32_t cr3, eip, eflags, gpr[8];
    uint16_t seg[SEG_COUNT], ldt;
    bool trap;
};

static uint32_t rd(struct cpu *c, uint32_t a, int size) { return cpu_lin_read(c, a, size, true); }
static void wr(struct cpu *c, uint32_t a, int size, uint32_t v) { cpu_lin_write(c, a, size, v, true); }

static void tss_read(struct cpu *c, uint32_t b, bool is32, struct tss_state *s)
{
    if (is32) {
        s->cr3 = rd(c, b + T32_CR3, 4);
        s->eip = rd(c, b + T32_EIP, 4);
        s->eflags = rd(c, b + T32_EFLAGS, 4);
        for (int r = 0; r < 8; r++) s->gpr[r] = rd(c, b + T32_GPR + 4 * r, 4);
        for (int g = 0; g < SEG_COUNT; g++) s->seg[g] = (uint16_t)rd(c, b + T32_SEG + 4 * g, 2);
        s->ldt = (uint16_t)rd(c, b + T32_LDT, 2);
        s->trap = rd(c, b + T32_T, 2) & 1;
    } else {
        s->cr3 = 0;
        s->eip = rd(c, b + T16_IP, 2);
        s->eflags = rd(c, b + T16_FLAGS, 2);
        for (int r = 0; r < 8; r++)
            s->gpr[r] = (c->gpr[r] & 0xFFFF0000u) | rd(c, b + T16_GPR + 2 * r, 2);
        for (int g = 0; g < 4; g++) s->seg[g] = (uint16_t)rd(c, b + T16_SEG + 2 * g, 2);
        s->seg[SEG_FS] = s->seg[SEG_GS] = 0;
        s->ldt = (uint16_t)rd(c, b + T16_LDT, 2);
        s->trap = false;
    }
}

/* Save the current task's dynamic state into its TSS (SDM 7.3 step 8). */
static void tss_save(struct cpu *c, uint32_t eflags)
{
    uint32_t b = c->tr.base;
    if (ar_tss32(c->tr.ar)) {
        wr(c, b + T32_EIP, 4, c->eip);
        wr(c, b + T32_EFLAGS, 4, eflags);
        for (int r = 0; r < 8; r++) wr(c, b + T32_GPR + 4 * r, 4, c->gpr[r]);
        for (int g = 0; g < SEG_COUNT; g++) wr(c, b + T32_SEG + 4 * g, 2, c->seg[g].sel);
    } else {
        wr(c, b + T16_IP, 2, c->eip & 0xFFFF);
        wr(c, b + T16_FLAGS, 2, eflags & 0xFFFF);
        for (int r = 0; r < 8; r++) wr(c, b + T16_GPR + 2 * r, 2, c->gpr[r] & 0xFFFF);
        for (int g = 0; g < 4; g++) wr(c, b + T16_SEG + 2 * g, 2, c->seg[g].sel);
    }
}

/* Load LDTR from the new task (SDM 7.3 step 12, table 7-1: #TS). */
static void load_ldt(struct cpu *c, uint16_t sel, bool ext)
{
    struct descriptor d;
    if (SEL_NULL(sel)) {
        seg_set_null(&c->ldtr, sel);
        return;
    }
    if (sel & SEL_TI) cpu_ts(c, ERR_SEL(sel, ext));
    if (!cpu_read_descriptor(c, sel, &d)) cpu_ts(c, ERR_SEL(sel, ext));
    if (!ar_is_sys(d.ar) || AR_TYPE(d.ar) != SYS_LDT || !(d.ar & AR_P)) cpu_ts(c, ERR_SEL(sel, ext));
    seg_from_desc(&c->ldtr, sel, &d);
}

/* Load the new task's CS (CPL = its RPL). */
static void load_cs(struct cpu *c, uint16_t sel, bool ext)
{
    struct descriptor d;
    if (SEL_NULL(sel)) cpu_ts(c, ext ? 1 : 0);
    desc_fetch_or_fault(c, sel, &d, EXC_TS, ext);
    if (!ar_is_code(d.ar)) cpu_ts(c, ERR_SEL(sel, ext));
    if (ar_is_conforming(d.ar) ? AR_DPL(d.ar) > SEL_RPL(sel) : AR_DPL(d.ar) != SEL_RPL(sel))
        cpu_ts(c, ERR_SEL(sel, ext));
    if (!(d.ar & AR_P)) cpu_np(c, ERR_SEL(sel, ext));
    desc_set_accessed(c, sel, &d);
    seg_from_desc(&c->seg[SEG_CS], sel, &d);
}

/* Load a data segment register of the new task (null allowed). */
static void load_data(struct cpu *c, int sreg, uint16_t sel, bool ext)
{
    struct descriptor d;
    if (SEL_NULL(sel)) {
        seg_set_null(&c->seg[sreg], sel);
        return;
    }
    desc_fetch_or_fault(c, sel, &d, EXC_TS, ext);
    if (!ar_readable(d.ar)) cpu_ts(c, ERR_SEL(sel, ext));
    if (!ar_is_conforming(d.ar) && (AR_DPL(d.ar) < c->cpl || AR_DPL(d.ar) < SEL_RPL(sel)))
        cpu_ts(c, ERR_SEL(sel, ext));
    if (!(d.ar & AR_P)) cpu_np(c, ERR_SEL(sel, ext));
    desc_set_accessed(c, sel, &d);
    seg_from_desc(&c->seg[sreg], sel, &d);
}

void cpu_task_switch(struct cpu *c, uint16_t sel, const struct descriptor *d,
                     int reason, bool has_err, uint32_t err)
{
    /* EXT: an exception or external interrupt is delivered with EIP at the
     * boundary it interrupts (cpu_raise / the core's mark_boundary); INT n,
     * INT3 and INTO have EIP past the instruction. */
    bool ext = reason == TS_INT && c->eip == c->insn_eip;
    bool is32 = ar_tss32(d->ar);
    if (d->limit < (is32 ? 0x67u : 0x2Bu)) cpu_ts(c, ERR_SEL(sel, ext));

    struct tss_state n;
    tss_read(c, d->base, is32, &n);

    uint32_t oflags = cpu_get_eflags(c);
    if (reason == TS_IRET) oflags &= ~EFLAGS_NT;
    tss_save(c, oflags);

    if (reason == TS_JMP || reason == TS_IRET) desc_set_busy(c, c->tr.sel, false);
    if (reason == TS_CALL || reason == TS_INT) {
        wr(c, d->base, 2, c->tr.sel); /* back link */
        n.eflags |= EFLAGS_NT;
    }
    if (reason != TS_IRET) desc_set_busy(c, sel, true);

    /* Commit: from here on the CPU is in the new task. */
    seg_from_desc(&c->tr, sel, d);
    c->tr.ar |= 2; /* busy */
    c->cr[0] |= CR0_TS;
    if (is32 && (c->cr[0] & CR0_PG)) {
        c->cr[3] = n.cr3 & (c->model >= CPU_486 ? 0xFFFFF018u : 0xFFFFF000u);
        cpu_tlb_flush(c, false);
    }
    for (int r = 0; r < 8; r++) c->gpr[r] = n.gpr[r];
    if (!is32) n.eflags &= 0xFFFF;
    cpu_set_eflags(c, n.eflags, 0xFFFFFFFFu & eflags_valid_mask(c));
    c->eflags &= eflags_valid_mask(c);
    c->eip = n.eip;
    c->dr[7] &= ~0x155u; /* local breakpoint enables L0-L3, LE */
    /* Selectors first, caches unusable until each is checked. */
    seg_set_null(&c->ldtr, n.ldt);
    for (int g = 0; g < SEG_COUNT; g++) seg_set_null(&c->seg[g], n.seg[g]);

    bool v86 = (c->eflags & EFLAGS_VM) != 0;
    c->cpl = v86 ? 3 : SEL_RPL(n.seg[SEG_CS]);
    /* A fault from here on is raised in the new task's context. */
    c->insn_eip = c->eip;
    c->insn_esp = c->gpr[REG_ESP];
    c->insn_cpl = c->cpl;

    load_ldt(c, n.ldt, ext);
    if (v86) {
        seg_enter_v86(c, n.seg);
    } else {
        load_cs(c, n.seg[SEG_CS], ext);
        struct descriptor sd;
        seg_check_stack(c, n.seg[SEG_SS], c->cpl, &sd, EXC_TS, ext);
        seg_from_desc(&c->seg[SEG_SS], n.seg[SEG_SS], &sd);
        load_data(c, SEG_DS, n.seg[SEG_DS], ext);
        load_data(c, SEG_ES, n.seg[SEG_ES], ext);
        load_data(c, SEG_FS, n.seg[SEG_FS], ext);
        load_data(c, SEG_GS, n.seg[SEG_GS], ext);
    }

    if (has_err) {
        /* The error code goes on the new task's stack (SDM 7.3 / INT n). */
        struct pstack p = { c->seg[SEG_SS], c->gpr[REG_ESP], c->cpl < 3 };
        pstack_push(c, &p, is32 ? 4 : 2, err, ext ? 1 : 0);
        pstack_commit(c, &p);
        c->insn_esp = c->gpr[REG_ESP];
    }
    if (n.trap) {
        /* T bit: debug trap on entry to the new task (DR6.BT). */
        c->dr[6] |= 0x8000;
        cpu_raise(c, EXC_DB, false, 0);
    }
}

void cpu_io_check(struct cpu *c, uint16_t port, int size)
{
    if (!cpu_pe(c) || (!cpu_v86(c) && c->cpl <= cpu_iopl(c))) return;
    /* Only a 32-bit TSS has an I/O bitmap; without one access is denied. */
    if (!ar_is_tss(c->tr.ar) || !ar_tss32(c->tr.ar) || c->tr.limit < 0x67) cpu_gp(c, 0);
    uint32_t base = rd(c, c->tr.base + T32_IOMAP, 2);
    uint32_t a = base + (port >> 3);
    /* The processor always reads two bytes of the bitmap. */
    if (a + 1 > c->tr.limit) cpu_gp(c, 0);
    uint32_t bits = rd(c, c->tr.base + a, 2);
    uint32_t mask = ((1u << size) - 1) << (port & 7);
    if (bits & mask) cpu_gp(c, 0);
}
