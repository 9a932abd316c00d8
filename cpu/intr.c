/*
 * intr.c - interrupt and exception delivery, and the double-fault rules.
 *
 * Real mode: through the interrupt vector table at IDTR.base (FLAGS, CS, IP
 * pushed; IF, TF and AC cleared). Protected and virtual-8086 mode: through
 * IDT interrupt, trap and task gates, with a stack switch through the TSS
 * for an inner-level handler, the V86 exit frame (GS, FS, DS, ES, SS, ESP,
 * EFLAGS, CS, EIP) and error codes with the EXT bit.
 *
 * Sources: Intel SDM Vol. 2 "INT n/INTO/INT3/INT1" pseudo-code; Vol. 3A
 * 6.4-6.15 (interrupt and exception handling, table 6-5 for #DF), 20.3
 * (interrupt handling in V86 mode).
 */
#include "desc.h"

#include "access.h"

/* Real-address-mode delivery (SDM Vol. 2 INT n "REAL-ADDRESS-MODE"). */
static void int_real(struct cpu *c, uint8_t vec)
{
    uint32_t a = (uint32_t)vec * 4;
    /* 286+: the IVT is bounded by IDTR.limit. */
    if (c->model >= CPU_286 && a + 3 > c->idtr.limit) cpu_gp(c, 0);
    uint32_t flags = cpu_get_eflags(c);
    uint32_t ip = cpu_lin_read(c, c->idtr.base + a, 2, true);
    uint32_t cs = cpu_lin_read(c, c->idtr.base + a + 2, 2, true);
    cpu_push(c, 2, flags & 0xFFFF);
    cpu_push(c, 2, c->seg[SEG_CS].sel);
    cpu_push(c, 2, c->eip & 0xFFFF);
    uint32_t clr = EFLAGS_IF | EFLAGS_TF;
    if (c->model >= CPU_486) clr |= EFLAGS_AC;
    cpu_set_eflags(c, 0, clr);
    cpu_load_seg_real(c, SEG_CS, (uint16_t)cs);
    c->eip = ip;
}

/* Read and check the IDT gate for `vec` (SDM Vol. 2 INT n "PROTECTED-MODE"). */
static void read_gate(struct cpu *c, uint8_t vec, enum int_kind kind, bool ext, struct descriptor *g)
{
    uint32_t a = (uint32_t)vec * 8;
    if (a + 7 > c->idtr.limit) cpu_gp(c, ERR_IDT(vec, ext));
    g->lo = cpu_lin_read(c, c->idtr.base + a, 4, true);
    g->hi = cpu_lin_read(c, c->idtr.base + a + 4, 4, true);
    desc_decode(c, g);
    int t = AR_TYPE(g->ar);
    bool ok = ar_is_sys(g->ar) && desc_sys_type_valid(c, t) &&
              (t == SYS_TASK || t == SYS_INT16 || t == SYS_TRAP16 || t == SYS_INT32 || t == SYS_TRAP32);
    if (!ok) cpu_gp(c, ERR_IDT(vec, ext));
    if ((kind == INT_SOFT || kind == INT_SOFT_EXC) && AR_DPL(g->ar) < c->cpl)
        cpu_gp(c, ERR_IDT(vec, 0));
    if (!(g->ar & AR_P)) cpu_np(c, ERR_IDT(vec, ext));
}

/* Interrupt through a task gate (SDM Vol. 2 INT n "TASK-GATE"). */
static void int_task(struct cpu *c, const struct descriptor *g, bool ext, bool has_err, uint32_t err)
{
    uint16_t ts = gate_sel(g);
    struct descriptor d;
    if ((ts & SEL_TI) || !cpu_read_descriptor(c, ts, &d)) cpu_gp(c, ERR_SEL(ts, ext));
    if (!ar_is_tss(d.ar) || !desc_sys_type_valid(c, AR_TYPE(d.ar)) || (d.ar & 2))
        cpu_gp(c, ERR_SEL(ts, ext));
    if (!(d.ar & AR_P)) cpu_np(c, ERR_SEL(ts, ext));
    cpu_task_switch(c, ts, &d, TS_INT, has_err, err);
    if (c->eip > c->seg[SEG_CS].limit) cpu_gp(c, ext ? 1 : 0);
}

/* Interrupt or trap gate (SDM Vol. 2 INT n "TRAP-OR-INTERRUPT-GATE",
 * "INTER-PRIVILEGE-LEVEL-INTERRUPT", "INTERRUPT-FROM-VIRTUAL-8086-MODE",
 * "INTRA-PRIVILEGE-LEVEL-INTERRUPT"). */
static void int_gate(struct cpu *c, const struct descriptor *g, bool ext, bool has_err, uint32_t err)
{
    uint16_t cs = gate_sel(g);
    struct descriptor cd, sd;
    bool v86 = cpu_v86(c);
    int size = gate_32(g) ? 4 : 2;
    uint32_t ecode = ext ? 1 : 0;

    if (SEL_NULL(cs)) cpu_gp(c, ecode);
    desc_fetch_or_fault(c, cs, &cd, EXC_GP, ext);
    if (!ar_is_code(cd.ar) || AR_DPL(cd.ar) > c->cpl) cpu_gp(c, ERR_SEL(cs, ext));
    if (!(cd.ar & AR_P)) cpu_np(c, ERR_SEL(cs, ext));

    int ncpl = c->cpl;
    bool inner = !ar_is_conforming(cd.ar) && AR_DPL(cd.ar) < c->cpl;
    if (inner) {
        ncpl = AR_DPL(cd.ar);
        if (v86 && ncpl != 0) cpu_gp(c, ERR_SEL(cs, ext));
    } else if (v86 || (!ar_is_conforming(cd.ar) && AR_DPL(cd.ar) != c->cpl)) {
        cpu_gp(c, ERR_SEL(cs, ext));
    }

    struct pstack p;
    uint16_t nss = c->seg[SEG_SS].sel;
    uint32_t nslots = 3 + (has_err ? 1 : 0);
    uint32_t sserr = ecode;
    if (inner) {
        uint32_t nesp;
        tss_inner_stack(c, ncpl, &nss, &nesp, ext);
        if (SEL_NULL(nss)) cpu_ts(c, ecode);
        if (SEL_RPL(nss) != ncpl || !cpu_read_descriptor(c, nss, &sd)) cpu_ts(c, ERR_SEL(nss, ext));
        if (AR_DPL(sd.ar) != ncpl || !ar_writable(sd.ar)) cpu_ts(c, ERR_SEL(nss, ext));
        sserr = ERR_SEL(nss, ext);
        if (!(sd.ar & AR_P)) cpu_ss(c, sserr);
        seg_from_desc(&p.ss, nss, &sd);
        p.esp = nesp;
        p.sys = true;
        nslots += v86 ? 6 : 2;
    } else {
        p.ss = c->seg[SEG_SS];
        p.esp = c->gpr[REG_ESP];
        p.sys = c->cpl < 3;
    }
    pstack_room(c, &p, nslots * (uint32_t)size, sserr);
    uint32_t eip = gate_offset(g);
    if (eip > cd.limit) cpu_gp(c, ecode);

    uint32_t flags = cpu_get_eflags(c);
    if (v86) {
        pstack_push(c, &p, size, c->seg[SEG_GS].sel, sserr);
        pstack_push(c, &p, size, c->seg[SEG_FS].sel, sserr);
        pstack_push(c, &p, size, c->seg[SEG_DS].sel, sserr);
        pstack_push(c, &p, size, c->seg[SEG_ES].sel, sserr);
    }
    if (inner) {
        pstack_push(c, &p, size, c->seg[SEG_SS].sel, sserr);
        pstack_push(c, &p, size, c->gpr[REG_ESP], sserr);
    }
    pstack_push(c, &p, size, flags, sserr);
    pstack_push(c, &p, size, c->seg[SEG_CS].sel, sserr);
    pstack_push(c, &p, size, c->eip, sserr);
    if (has_err) pstack_push(c, &p, size, err, sserr);

    /* Commit: nothing below can fault except the accessed-bit writes, which
     * come first. */
    if (inner) desc_set_accessed(c, nss, &sd);
    desc_set_accessed(c, cs, &cd);
    if (inner) seg_from_desc(&c->seg[SEG_SS], nss, &sd);
    pstack_commit(c, &p);
    if (v86) {
        seg_set_null(&c->seg[SEG_ES], 0);
        seg_set_null(&c->seg[SEG_DS], 0);
        seg_set_null(&c->seg[SEG_FS], 0);
        seg_set_null(&c->seg[SEG_GS], 0);
    }
    seg_commit_cs(c, cs, &cd, ncpl);
    c->eip = eip;
    uint32_t clr = EFLAGS_TF | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM;
    if (!(AR_TYPE(g->ar) & 1)) clr |= EFLAGS_IF; /* interrupt gate */
    cpu_set_eflags(c, 0, clr);
}

void cpu_interrupt(struct cpu *c, uint8_t vec, enum int_kind kind, bool has_err, uint32_t err)
{
    if (kind == INT_EXT) c->halted = false;
    /* RF in the pushed EFLAGS image (386+, SDM Vol. 3A 17.3.1.1): 0 for
     * INT n/INT3/INTO/INT1 (cleared when the instruction started), 1 for an
     * interrupt taken between iterations of a REP string instruction. */
    if (c->model >= CPU_386) {
        if (kind == INT_SOFT || kind == INT_SOFT_EXC || kind == INT_ICEBP)
            cpu_set_eflags(c, 0, EFLAGS_RF);
        else if (kind == INT_EXT && c->rep_active)
            cpu_set_eflags(c, EFLAGS_RF, EFLAGS_RF);
    }
    if (!cpu_pe(c)) {
        int_real(c, vec);
        return;
    }
    /* INT n in V86 mode is IOPL-sensitive (SDM Vol. 3A, 20.3.3, CR4.VME=0). */
    if (kind == INT_SOFT && cpu_v86(c) && cpu_iopl(c) < 3) cpu_gp(c, 0);
    bool ext = kind == INT_EXT || kind == INT_EXC || kind == INT_ICEBP;
    struct descriptor g;
    read_gate(c, vec, kind, ext, &g);
    if (AR_TYPE(g.ar) == SYS_TASK) int_task(c, &g, ext, has_err, err);
    else int_gate(c, &g, ext, has_err, err);
}

/* Exception classes of SDM Vol. 3A table 6-4. */
enum { EXC_BENIGN, EXC_CONTRIB, EXC_PAGE, EXC_DOUBLE };

static int exc_class(int v)
{
    switch (v) {
    case EXC_DE: case EXC_TS: case EXC_NP: case EXC_SS: case EXC_GP: return EXC_CONTRIB;
    case EXC_PF: return EXC_PAGE;
    case EXC_DF: return EXC_DOUBLE;
    default: return EXC_BENIGN;
    }
}

/* Fault-class exceptions (SDM Vol. 3A table 6-1); #DB is left out (its
 * instruction-breakpoint form pushes RF unchanged, the others are traps
 * or the general-detect fault that this model does not tell apart). */
static bool exc_is_fault(int v)
{
    switch (v) {
    case EXC_DE: case EXC_BR: case EXC_UD: case EXC_NM: case EXC_TS: case EXC_NP:
    case EXC_SS: case EXC_GP: case EXC_PF: case EXC_MF: case EXC_AC: case EXC_XM:
        return true;
    default:
        return false;
    }
}

/*
 * Nesting state: exc_nest is 0 between deliveries. A delivery sets it to 1
 * (exc_first = the vector being delivered) and back to 0 when the handler's
 * frame is in place. If the delivery itself faults, cpu_raise() unwinds to
 * cpu_run(), which calls here again with exc_nest still 1: table 6-5 then
 * decides between a serial delivery and #DF (exc_nest 2); a fault while
 * delivering #DF is a triple fault (shutdown). The 8086/80186 have no #DF.
 */
void cpu_deliver_exception(struct cpu *c)
{
    int vec = c->exc_vec;
    bool has_err = c->exc_has_err;
    uint32_t err = c->exc_err;

    if (c->model >= CPU_286) {
        if (c->exc_nest == 0) {
            c->exc_nest = 1;
            c->exc_first = (uint8_t)vec;
        } else if (c->exc_first == EXC_DF) {
            c->shutdown = true;
            c->exc_nest = 0;
            return;
        } else {
            int a = exc_class(c->exc_first), b = exc_class(vec);
            if ((a == EXC_CONTRIB && b == EXC_CONTRIB) ||
                (a == EXC_PAGE && (b == EXC_CONTRIB || b == EXC_PAGE))) {
                vec = EXC_DF;
                has_err = true;
                err = 0;
                c->exc_nest = 2;
            } else {
                c->exc_nest = 1;
            }
            c->exc_first = (uint8_t)vec;
        }
    }
    /* Fault-class exceptions push RF=1 (386+, SDM Vol. 3A 17.3.1.1), so the
     * handler's IRETD restarts the instruction without re-triggering an
     * instruction breakpoint. Real mode pushes only FLAGS[15:0]. */
    if (c->model >= CPU_386 && cpu_pe(c) && exc_is_fault(vec))
        cpu_set_eflags(c, EFLAGS_RF, EFLAGS_RF);
    /* Real mode pushes no error codes. */
    cpu_interrupt(c, (uint8_t)vec, INT_EXC, has_err && cpu_pe(c), err);
    c->exc_nest = 0;
}
