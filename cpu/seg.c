/*
 * seg.c - segment-register loads: MOV Sreg, POP Sreg, LDS/LES/LFS/LGS/LSS.
 *
 * Real mode: base = selector * 16; limit and access rights stay as they are
 * (the cached values survive, which is what "unreal mode" relies on).
 * Virtual-8086 mode: base = selector * 16, limit 0xFFFF, DPL 3 data.
 * Protected mode: every check of the Vol. 2 MOV pseudo-code.
 *
 * Sources: Intel SDM Vol. 2 "MOV - Move", "POP", "LDS/LES/LFS/LGS/LSS";
 * Vol. 3A 3.4.3 (segment registers), 5.5-5.7 (privilege checks on data and
 * stack segment loads), 20.1.1 (V86 segments).
 */
#include "desc.h"

#include "access.h"

void cpu_load_seg_real(struct cpu *c, int sreg, uint16_t sel)
{
    struct seg_cache *s = &c->seg[sreg];
    s->sel = sel;
    s->base = (uint32_t)sel << 4;
}

/* Protected-mode load of SS (SDM Vol. 2 MOV: "IF SS is loaded"). */
static void load_ss_pm(struct cpu *c, uint16_t sel)
{
    struct descriptor d;
    if (SEL_NULL(sel)) cpu_gp(c, 0);
    desc_fetch_or_fault(c, sel, &d, EXC_GP, false);
    if (SEL_RPL(sel) != c->cpl || !ar_writable(d.ar) || AR_DPL(d.ar) != c->cpl)
        cpu_gp(c, ERR_SEL(sel, 0));
    if (!(d.ar & AR_P)) cpu_ss(c, ERR_SEL(sel, 0));
    desc_set_accessed(c, sel, &d);
    seg_from_desc(&c->seg[SEG_SS], sel, &d);
}

/* Protected-mode load of DS, ES, FS or GS (SDM Vol. 2 MOV: "IF DS, ES, FS,
 * or GS is loaded with non-NULL selector"; a null selector is allowed and
 * makes the register unusable). */
static void load_data_pm(struct cpu *c, int sreg, uint16_t sel)
{
    struct descriptor d;
    if (SEL_NULL(sel)) {
        seg_set_null(&c->seg[sreg], sel);
        return;
    }
    desc_fetch_or_fault(c, sel, &d, EXC_GP, false);
    if (!ar_readable(d.ar)) cpu_gp(c, ERR_SEL(sel, 0));
    if (!ar_is_conforming(d.ar) && (SEL_RPL(sel) > AR_DPL(d.ar) || c->cpl > AR_DPL(d.ar)))
        cpu_gp(c, ERR_SEL(sel, 0));
    if (!(d.ar & AR_P)) cpu_np(c, ERR_SEL(sel, 0));
    desc_set_accessed(c, sel, &d);
    seg_from_desc(&c->seg[sreg], sel, &d);
}

void cpu_load_seg(struct cpu *c, int sreg, uint16_t sel)
{
    if (!cpu_pe(c)) {
        cpu_load_seg_real(c, sreg, sel);
    } else if (cpu_v86(c)) {
        seg_set_v86(&c->seg[sreg], sel);
    } else if (sreg == SEG_SS) {
        load_ss_pm(c, sel);
    } else if (sreg == SEG_CS) {
        /* CS is loaded only by far transfers (MOV CS is #UD). */
        cpu_ud(c);
    } else {
        load_data_pm(c, sreg, sel);
    }
    /* The one-instruction interrupt shadow of MOV SS and POP SS (SDM Vol.
     * 3A, 6.8.3) is set by those handlers: LSS has none. */
}
