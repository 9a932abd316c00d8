/*
 * desc.c - segment descriptors: reading them from the GDT/LDT, decoding,
 * accessed and busy bits, segment-cache fills, new-stack validation and
 * frames built on a not-yet-loaded stack.
 *
 * Sources: Intel SDM Vol. 3A 3.4 (selectors, descriptor tables, segment
 * descriptors), 3.5 (system descriptors), 5.8.5 (stack switching),
 * 7.2.1 (TSS layout); the 80286 descriptor format (iAPX 286 Programmer's
 * Reference, ch. 6) where the top word is reserved.
 */
#include "desc.h"

#include "access.h"

bool desc_sys_type_valid(const struct cpu *c, int type)
{
    switch (type) {
    case SYS_TSS16: case SYS_LDT: case SYS_TSS16_BUSY: case SYS_CALL16:
    case SYS_TASK: case SYS_INT16: case SYS_TRAP16:
        return true;
    case SYS_TSS32: case SYS_TSS32_BUSY: case SYS_CALL32: case SYS_INT32: case SYS_TRAP32:
        return c->model >= CPU_386;
    default:
        return false;
    }
}

void desc_decode(const struct cpu *c, struct descriptor *d)
{
    uint32_t lo = d->lo, hi = d->hi;
    if (c->model <= CPU_286) {
        d->base = (lo >> 16) | ((hi & 0xFF) << 16);
        d->limit = lo & 0xFFFF;
        d->ar = (uint16_t)((hi >> 8) & 0xFF);
        return;
    }
    d->base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
    uint32_t limit = (lo & 0xFFFF) | (hi & 0x000F0000u);
    d->ar = (uint16_t)((hi >> 8) & 0xF0FF);
    if (d->ar & AR_G) limit = (limit << 12) | 0xFFF;
    d->limit = limit;
}

uint32_t desc_addr(const struct cpu *c, uint16_t sel)
{
    uint32_t base = (sel & SEL_TI) ? c->ldtr.base : c->gdtr.base;
    return base + (sel & 0xFFF8u);
}

bool cpu_read_descriptor(struct cpu *c, uint16_t sel, struct descriptor *d)
{
    uint32_t limit;
    if (sel & SEL_TI) {
        /* A null LDTR makes every LDT selector invalid (SDM Vol. 3A, 3.5.1). */
        if (SEL_NULL(c->ldtr.sel) || !(c->ldtr.ar & AR_P)) return false;
        limit = c->ldtr.limit;
    } else {
        limit = c->gdtr.limit;
    }
    if ((uint32_t)(sel | 7) > limit) return false;
    uint32_t a = desc_addr(c, sel);
    d->lo = cpu_lin_read(c, a, 4, true);
    d->hi = cpu_lin_read(c, a + 4, 4, true);
    desc_decode(c, d);
    return true;
}

void desc_fetch_or_fault(struct cpu *c, uint16_t sel, struct descriptor *d, int vec, bool ext)
{
    if (!cpu_read_descriptor(c, sel, d)) cpu_raise(c, vec, true, ERR_SEL(sel, ext));
}

void desc_set_accessed(struct cpu *c, uint16_t sel, struct descriptor *d)
{
    if (d->ar & AR_A) return;
    d->ar |= AR_A;
    d->hi |= 0x100;
    uint32_t a = desc_addr(c, sel) + 5;
    cpu_lin_write(c, a, 1, (d->hi >> 8) & 0xFF, true);
}

void desc_set_busy(struct cpu *c, uint16_t sel, bool busy)
{
    uint32_t a = c->gdtr.base + (sel & 0xFFF8u) + 5;
    uint32_t b = cpu_lin_read(c, a, 1, true);
    b = busy ? (b | 2) : (b & ~2u);
    cpu_lin_write(c, a, 1, b, true);
}

void seg_from_desc(struct seg_cache *s, uint16_t sel, const struct descriptor *d)
{
    s->sel = sel;
    s->base = d->base;
    s->limit = d->limit;
    s->ar = d->ar;
}

void seg_set_null(struct seg_cache *s, uint16_t sel)
{
    s->sel = sel;
    s->base = 0;
    s->limit = 0;
    s->ar = 0; /* P=0: unusable */
}

void seg_set_v86(struct seg_cache *s, uint16_t sel)
{
    s->sel = sel;
    s->base = (uint32_t)sel << 4;
    s->limit = 0xFFFF;
    s->ar = 0x00F3; /* present, DPL 3, read/write data, accessed, 16-bit */
}

void seg_enter_v86(struct cpu *c, const uint16_t sel[SEG_COUNT])
{
    for (int s = 0; s < SEG_COUNT; s++) seg_set_v86(&c->seg[s], sel[s]);
    c->cpl = 3;
}

void seg_commit_cs(struct cpu *c, uint16_t sel, const struct descriptor *d, int cpl)
{
    seg_from_desc(&c->seg[SEG_CS], (uint16_t)((sel & 0xFFFC) | cpl), d);
    c->cpl = (uint8_t)cpl;
}

void seg_check_stack(struct cpu *c, uint16_t sel, int cpl, struct descriptor *d, int vec, bool ext)
{
    if (SEL_NULL(sel)) cpu_raise(c, vec, true, ext ? 1 : 0);
    desc_fetch_or_fault(c, sel, d, vec, ext);
    if (SEL_RPL(sel) != cpl || !ar_writable(d->ar) || AR_DPL(d->ar) != cpl)
        cpu_raise(c, vec, true, ERR_SEL(sel, ext));
    if (!(d->ar & AR_P)) cpu_raise(c, EXC_SS, true, ERR_SEL(sel, ext));
    desc_set_accessed(c, sel, d);
}

void tss_inner_stack(struct cpu *c, int dpl, uint16_t *ss, uint32_t *esp, bool ext)
{
    uint32_t a;
    if (ar_tss32(c->tr.ar)) {
        a = (uint32_t)dpl * 8 + 4;
        if (a + 5 > c->tr.limit) cpu_raise(c, EXC_TS, true, ERR_SEL(c->tr.sel, ext));
        *esp = cpu_lin_read(c, c->tr.base + a, 4, true);
        *ss = (uint16_t)cpu_lin_read(c, c->tr.base + a + 4, 2, true);
    } else {
        a = (uint32_t)dpl * 4 + 2;
        if (a + 3 > c->tr.limit) cpu_raise(c, EXC_TS, true, ERR_SEL(c->tr.sel, ext));
        *esp = cpu_lin_read(c, c->tr.base + a, 2, true);
        *ss = (uint16_t)cpu_lin_read(c, c->tr.base + a + 2, 2, true);
    }
}

/* True when offset `off` (one byte) is inside the stack segment `s`
 * (expand-up: off <= limit; expand-down: limit < off <= 0xFFFF/0xFFFFFFFF). */
static bool stack_byte_ok(const struct seg_cache *s, uint32_t off)
{
    uint32_t upper = (s->ar & AR_DB) ? 0xFFFFFFFFu : 0xFFFFu;
    if ((s->ar & (AR_CODE | AR_EC)) == AR_EC) return off > s->limit && off <= upper;
    return off <= s->limit;
}

static uint32_t stack_mask(const struct seg_cache *s)
{
    return (s->ar & AR_DB) ? 0xFFFFFFFFu : 0xFFFFu;
}

void pstack_room(struct cpu *c, const struct pstack *p, uint32_t n, uint32_t err)
{
    uint32_t m = stack_mask(&p->ss);
    /* The lowest and highest bytes decide unless the range wraps. */
    uint32_t lo = (p->esp - n) & m, hi = (p->esp - 1) & m;
    if (lo <= hi) {
        if (!stack_byte_ok(&p->ss, lo) || !stack_byte_ok(&p->ss, hi)) cpu_raise(c, EXC_SS, true, err);
        return;
    }
    for (uint32_t k = 1; k <= n; k++)
        if (!stack_byte_ok(&p->ss, (p->esp - k) & m)) cpu_raise(c, EXC_SS, true, err);
}

void pstack_push(struct cpu *c, struct pstack *p, int size, uint32_t v, uint32_t err)
{
    uint32_t m = stack_mask(&p->ss);
    uint32_t off = (p->esp - (uint32_t)size) & m;
    if (!stack_byte_ok(&p->ss, off) || !stack_byte_ok(&p->ss, (off + (uint32_t)size - 1) & m))
        cpu_raise(c, EXC_SS, true, err);
    if (off + (uint32_t)size - 1 > m) {
        /* Wraps around the 64 KiB stack: byte by byte. */
        for (int k = 0; k < size; k++)
            cpu_lin_write(c, p->ss.base + ((off + (uint32_t)k) & m), 1, (v >> (8 * k)) & 0xFF, p->sys);
    } else {
        cpu_lin_write(c, p->ss.base + off, size, v, p->sys);
    }
    p->esp = (p->esp & ~m) | off;
}

void pstack_commit(struct cpu *c, const struct pstack *p)
{
    /* pstack_push keeps the upper ESP bits of a 16-bit stack, so a frame on
     * the current stack leaves them alone and a new stack gets the whole
     * ESP it was given (SDM Vol. 2 CALL: "ESP := NewESP"). */
    c->gpr[REG_ESP] = p->esp;
}

void seg_null_outer(struct cpu *c)
{
    static const int regs[4] = { SEG_ES, SEG_DS, SEG_FS, SEG_GS };
    for (int k = 0; k < 4; k++) {
        struct seg_cache *s = &c->seg[regs[k]];
        uint16_t ar = s->ar;
        if ((ar_is_data(ar) || (ar_is_code(ar) && !(ar & AR_EC))) && AR_DPL(ar) < c->cpl)
            seg_set_null(s, 0);
    }
}

uint32_t eflags_valid_mask(const struct cpu *c)
{
    uint32_t m = 0x0FD5 | EFLAGS_R1; /* CF PF AF ZF SF TF IF DF OF */
    if (c->model >= CPU_286) m |= EFLAGS_IOPL | EFLAGS_NT;
    if (c->model >= CPU_386) m |= EFLAGS_RF | EFLAGS_VM;
    if (c->model >= CPU_486) m |= EFLAGS_AC | EFLAGS_ID;
    if (c->model >= CPU_PENTIUM) m |= EFLAGS_VIF | EFLAGS_VIP;
    return m;
}
