/*
 * access.c - segmented memory access: the segment checks of each mode, then
 * the linear layer (access_lin.h). Also instruction fetch and the stack.
 *
 * Modes (Intel SDM Vol. 3A 5.3 limit checking, 5.4 type checking, 20.1
 * real-address mode; 80286 PRM ch. 2 and 80386 PRM 14.x for real mode):
 *  - 8086/80186: no checks; each byte's offset wraps at 16 bits, so a word
 *    at offset 0xFFFF takes its second byte from offset 0 of the segment.
 *  - 286+ real mode and V86 mode: the offset is checked against the cached
 *    segment limit (0xFFFF unless changed in protected mode): #GP(0), or
 *    #SS(0) for SS on the 386+ (the 286 reports #GP for SS too).
 *  - protected mode: an unusable segment (null selector loaded: cache P=0)
 *    gives #GP(0); reads of execute-only code and writes to code or
 *    read-only data give #GP(0); limit checks for expand-up and expand-down
 *    segments (upper bound 0xFFFF or, with B=1, 0xFFFFFFFF); SS faults
 *    are #SS(0).
 * The linear address is base + offset (32-bit wrap); the physical address
 * width (20/24/32) and A20 are applied by mmu/mem.c.
 */
#include "access.h"
#include "debugreg.h"

#include "access_lin.h"

/* #GP(0), or #SS(0) for the stack segment (SDM Vol. 3A, 6.15; 19.33.1
 * for real mode on the 386+). The 80286 in real mode reports every segment
 * overrun, stack included, as interrupt 13 (80286 PRM, real-address-mode
 * exceptions of POP/RET: "interrupt 13 for a word at offset 0FFFFH"; the
 * SingleStepTests 286 captures agree). */
static _Noreturn void seg_fault(struct cpu *c, int seg)
{
    if (seg == SEG_SS && !(c->model == CPU_286 && !cpu_pe(c)))
        cpu_ss(c, 0);
    cpu_gp(c, 0);
}

/* User-mode access for paging (SDM Vol. 3A, 4.6): CPL 3. */
static inline bool is_user(const struct cpu *c) { return c->cpl == 3; }

/* True when [off, off+size-1] lies within limit (expand-up), size >= 1. */
static inline bool in_limit(uint32_t off, uint32_t size, uint32_t limit)
{
    return off <= limit && size - 1 <= limit - off;
}

/* Segment checks of the 286+ for `size` bytes at seg:off; `write` selects
 * the write type check. Returns the linear address of the first byte. */
static inline uint32_t seg_check(struct cpu *c, int seg, uint32_t off, uint32_t size, bool write)
{
    const struct seg_cache *s = &c->seg[seg];
    if (!cpu_pm(c)) {
        /* Real and V86 mode: limit only (attributes are not checked). */
        if (!in_limit(off, size, s->limit))
            seg_fault(c, seg);
        return s->base + off;
    }
    uint16_t ar = s->ar;
    if (!(ar & AR_P))
        seg_fault(c, seg);
    if (write) {
        if ((ar & (AR_CODE | AR_RW)) != AR_RW)
            seg_fault(c, seg);
    } else if ((ar & (AR_CODE | AR_RW)) == AR_CODE) {
        seg_fault(c, seg);
    }
    if ((ar & (AR_CODE | AR_EC)) == AR_EC) {
        /* Expand-down data: valid offsets are limit+1 .. upper. */
        uint32_t upper = (ar & AR_DB) ? 0xFFFFFFFFu : 0xFFFFu;
        if (off <= s->limit || off > upper || size - 1 > upper - off)
            seg_fault(c, seg);
    } else if (!in_limit(off, size, s->limit)) {
        seg_fault(c, seg);
    }
    return s->base + off;
}

/* Alignment check (SDM Vol. 3A, 6.15 "Interrupt 17 #AC"; 486+): with
 * CR0.AM=1 and EFLAGS.AC=1, a CPL 3 data access of `size` (2, 4 or 8) bytes
 * at a linear address not a multiple of its size raises #AC(0). Implicit
 * supervisor accesses (descriptor tables, TSS) never come through here. */
static inline void align_check(struct cpu *c, uint32_t lin, uint32_t size)
{
    if ((lin & (size - 1)) && c->cpl == 3 && c->model >= CPU_486 &&
        (c->cr[0] & CR0_AM) && (c->eflags & EFLAGS_AC))
        cpu_raise(c, EXC_AC, true, 0);
}

/* 8086/80186: offset wraps at 16 bits byte by byte; no faults. */
static uint32_t read_8086(struct cpu *c, int seg, uint32_t off, int size)
{
    uint32_t base = c->seg[seg].base;
    off &= 0xFFFF;
    if (off + (uint32_t)size - 1 <= 0xFFFF)
        return lin_read(c, base + off, size, false);
    uint32_t v = 0;
    for (int i = 0; i < size; i++)
        v |= lin_read(c, base + ((off + (uint32_t)i) & 0xFFFF), 1, false) << (8 * i);
    return v;
}

static void write_8086(struct cpu *c, int seg, uint32_t off, int size, uint32_t v)
{
    uint32_t base = c->seg[seg].base;
    off &= 0xFFFF;
    if (off + (uint32_t)size - 1 <= 0xFFFF) {
        lin_write(c, base + off, size, v, false);
        return;
    }
    for (int i = 0; i < size; i++)
        lin_write(c, base + ((off + (uint32_t)i) & 0xFFFF), 1, v >> (8 * i), false);
}

uint32_t (cpu_read)(struct cpu *c, int seg, uint32_t off, int size)
{
    if (c->model < CPU_286)
        return read_8086(c, seg, off, size);
    uint32_t lin = seg_check(c, seg, off, (uint32_t)size, false);
    align_check(c, lin, (uint32_t)size);
    uint32_t v = lin_read(c, lin, size, is_user(c));
    if (c->dr[7] & 0xFF)
        cpu_dr_data_access(c, lin, size, false);
    return v;
}

void (cpu_write)(struct cpu *c, int seg, uint32_t off, int size, uint32_t v)
{
    if (c->model < CPU_286) {
        write_8086(c, seg, off, size, v);
        return;
    }
    uint32_t lin = seg_check(c, seg, off, (uint32_t)size, true);
    align_check(c, lin, (uint32_t)size);
    lin_write(c, lin, size, v, is_user(c));
    if (c->dr[7] & 0xFF)
        cpu_dr_data_access(c, lin, size, true);
}

uint64_t cpu_read64(struct cpu *c, int seg, uint32_t off)
{
    if (c->model < CPU_286)
        return read_8086(c, seg, off, 4) | (uint64_t)read_8086(c, seg, off + 4, 4) << 32;
    uint32_t lin = seg_check(c, seg, off, 8, false);
    align_check(c, lin, 8);
    bool user = is_user(c);
    uint32_t lo = lin_read(c, lin, 4, user);
    uint32_t hi = lin_read(c, lin + 4, 4, user);
    if (c->dr[7] & 0xFF)
        cpu_dr_data_access(c, lin, 8, false);
    return lo | (uint64_t)hi << 32;
}

void cpu_write64(struct cpu *c, int seg, uint32_t off, uint64_t v)
{
    if (c->model < CPU_286) {
        write_8086(c, seg, off, 4, (uint32_t)v);
        write_8086(c, seg, off + 4, 4, (uint32_t)(v >> 32));
        return;
    }
    uint32_t lin = seg_check(c, seg, off, 8, true);
    align_check(c, lin, 8);
    bool user = is_user(c);
    lin_check(c, lin, 8, true, user); /* both halves mapped before writing */
    lin_write(c, lin, 4, (uint32_t)v, user);
    lin_write(c, lin + 4, 4, (uint32_t)(v >> 32), user);
    if (c->dr[7] & 0xFF)
        cpu_dr_data_access(c, lin, 8, true);
}

void cpu_check_access(struct cpu *c, int seg, uint32_t off, int size, bool write)
{
    if (c->model < CPU_286 || size <= 0)
        return;
    uint32_t lin = seg_check(c, seg, off, (uint32_t)size, write);
    lin_check(c, lin, (uint32_t)size, write, is_user(c));
}

uint8_t (cpu_fetch8)(struct cpu *c)
{
    const struct seg_cache *cs = &c->seg[SEG_CS];
    uint32_t eip = c->eip;
    if (c->model < CPU_286) {
        eip &= 0xFFFF;
        c->eip = (eip + 1) & 0xFFFF;
        return (uint8_t)lin_read(c, cs->base + eip, 1, false);
    }
    /* CS always holds a code segment (execute-only or execute/read): only
     * the limit is checked for an execute access (SDM Vol. 3A, 5.3). */
    if (eip > cs->limit)
        cpu_gp(c, 0);
    uint32_t lin = cs->base + eip;
    uint8_t *p = tlb_hit(c, is_user(c) ? TLB_USER_READ : TLB_SUP_READ, lin, 1);
    uint8_t b = p ? *p : (uint8_t)lin_read_slow(c, lin, 1, is_user(c));
    /* The 80286 IP is a 16-bit register: it wraps after a byte at 0xFFFF
     * (a HLT there leaves IP=0). The 386+ keep counting in EIP, so an
     * instruction that runs past the limit faults on its next byte. */
    c->eip = c->model == CPU_286 ? ((eip + 1) & 0xFFFF) : eip + 1;
    return b;
}

/* --- stack (SDM Vol. 1, 6.2; Vol. 3A, 3.4.5: SS.B selects ESP or SP) --- */

/* True when the stack-address size is 32 bits (SS.B=1, 386+). */
static inline bool stack32(const struct cpu *c)
{
    return c->model >= CPU_386 && (c->seg[SEG_SS].ar & AR_DB);
}

uint32_t cpu_get_sp(struct cpu *c)
{
    return stack32(c) ? c->gpr[REG_ESP] : (c->gpr[REG_ESP] & 0xFFFF);
}

void cpu_set_sp(struct cpu *c, uint32_t sp)
{
    if (stack32(c))
        c->gpr[REG_ESP] = sp;
    else
        c->gpr[REG_ESP] = (c->gpr[REG_ESP] & 0xFFFF0000u) | (sp & 0xFFFF);
}

void cpu_push(struct cpu *c, int size, uint32_t v)
{
    uint32_t sp = cpu_get_sp(c) - (uint32_t)size;
    if (!stack32(c))
        sp &= 0xFFFF;
    cpu_write(c, SEG_SS, sp, size, v);
    cpu_set_sp(c, sp);
}

uint32_t cpu_pop(struct cpu *c, int size)
{
    uint32_t sp = cpu_get_sp(c);
    uint32_t v = cpu_read(c, SEG_SS, sp, size);
    cpu_set_sp(c, sp + (uint32_t)size);
    return v;
}

uint32_t cpu_stack_read(struct cpu *c, uint32_t offset, int size)
{
    uint32_t sp = cpu_get_sp(c) + offset;
    if (!stack32(c))
        sp &= 0xFFFF;
    return cpu_read(c, SEG_SS, sp, size);
}
