/*
 * access.h - the CPU's view of memory: segmentation, paging, the TLB.
 *
 * Every guest memory access by an instruction goes through these functions:
 * the segment check (SDM Vol. 3A, 5.3 limit checking and 5.4 type checking;
 * real-mode 8086 offset wrap; 286+ real-mode limit #GP/#SS), the linear to
 * physical translation with paging (SDM Vol. 3A, 4.3 32-bit paging; U/S, R/W,
 * CR0.WP, A/D bits, #PF with CR2 and error code) cached in the TLB, then the
 * physical memory map (mmu/mem.h). A fault calls cpu_raise() and does not
 * return. Sizes are in bytes: 1, 2 or 4 (cpu_read64/cpu_write64 for 8).
 */
#ifndef X86PC_ACCESS_H
#define X86PC_ACCESS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"

/* Data access at seg:off with the checks of the current mode and CPL.
 * A write checks the whole access before changing any byte. */
uint32_t cpu_read(struct cpu *c, int seg, uint32_t off, int size);
void cpu_write(struct cpu *c, int seg, uint32_t off, int size, uint32_t v);
uint64_t cpu_read64(struct cpu *c, int seg, uint32_t off);

/* Inline fast paths of cpu_read()/cpu_write() for the common case: a 386+,
 * a present expand-up data segment (writable for a write), the access within
 * the limit and its page in the TLB. Anything else (8086/286, code or
 * expand-down segments, faults, TLB misses, page-crossing accesses, accesses
 * misaligned at CPL 3 that may need the alignment check) calls the
 * out-of-line function, which does every check; the checks made here are a
 * subset of those, so both paths give the same result in every mode.
 * The macros make every caller use them; (cpu_read)(...) names the function. */
static inline uint8_t *cpu_data_fast(struct cpu *c, int seg, uint32_t off, int size, bool write)
{
    const struct seg_cache *s = &c->seg[seg];
    uint16_t want = write ? (AR_P | AR_RW) : AR_P;
    /* Enabled debug breakpoints (DR7 L0-G3) send data accesses out of line,
     * where cpu_dr_data_access() matches them. */
    if (c->model < CPU_386 || (c->dr[7] & 0xFF) || (s->ar & (AR_P | AR_CODE | AR_EC | want)) != want ||
        off > s->limit || (uint32_t)size - 1 > s->limit - off)
        return 0;
    uint32_t lin = s->base + off;
    uint32_t vpn = lin >> 12;
    if ((lin & ((uint32_t)size - 1)) && c->cpl == 3)
        return 0; /* misaligned at CPL 3: the alignment check (#AC) is out of line */
    int kind = (c->cpl == 3 ? TLB_USER_READ : TLB_SUP_READ) + write;
    const struct tlb_entry *e = &c->tlb.e[kind][vpn & (TLB_ENTRIES - 1)];
    if (e->tag != vpn + 1 || (lin & 0xFFFu) > 4096u - (uint32_t)size)
        return 0;
    return e->host + (lin & 0xFFFu);
}

/* What the cpu_read/cpu_write macros below expand to: the access through
 * cpu_data_fast's host pointer when it has one (the TLB hit), else the
 * out-of-line cpu_read/cpu_write (named in parentheses to bypass the
 * macros), which do every check and may fault. */
static inline uint32_t cpu_read_inline(struct cpu *c, int seg, uint32_t off, int size)
{
    const uint8_t *p = cpu_data_fast(c, seg, off, size, false);
    if (!p)
        return (cpu_read)(c, seg, off, size);
    if (size == 1) return *p;
    if (size == 2) { uint16_t w; memcpy(&w, p, 2); return w; }
    uint32_t d; memcpy(&d, p, 4); return d; /* little-endian host */
}

static inline void cpu_write_inline(struct cpu *c, int seg, uint32_t off, int size, uint32_t v)
{
    uint8_t *p = cpu_data_fast(c, seg, off, size, true);
    if (!p) {
        (cpu_write)(c, seg, off, size, v);
        return;
    }
    if (size == 1) { *p = (uint8_t)v; return; }
    if (size == 2) { uint16_t w = (uint16_t)v; memcpy(p, &w, 2); return; }
    memcpy(p, &v, 4);
}
#define cpu_read(c, seg, off, size) cpu_read_inline(c, seg, off, size)
#define cpu_write(c, seg, off, size, v) cpu_write_inline(c, seg, off, size, v)
/* Write 8 bytes at seg:off, little-endian (CMPXCHG8B, x87 m64 stores). On
 * the 286 and later the segment, alignment and paging checks of the whole
 * range come first, so a fault (#GP/#SS/#AC/#PF, by longjmp as cpu_write)
 * leaves memory unchanged; the 8086/80186 write two dwords with their
 * 16-bit offset wrap. */
void cpu_write64(struct cpu *c, int seg, uint32_t off, uint64_t v);

/* Check that seg:off..off+size-1 may be written (or read when !write),
 * raising the fault the access would raise, without accessing memory.
 * Used by instructions that must not partly complete (e.g. ENTER, far CALL
 * stack frames, task switches). */
void cpu_check_access(struct cpu *c, int seg, uint32_t off, int size, bool write);

/* Instruction fetch of one byte at CS:EIP (limit-checked, paging as an
 * execute access); advances EIP (16-bit wrap in 16-bit code on the 8086). */
uint8_t cpu_fetch8(struct cpu *c);

/* Inline fast path of cpu_fetch8() (the hottest call of the interpreter):
 * on a 386+ with EIP within the CS limit and the code page in the TLB it is
 * a compare and a load; everything else goes to the out-of-line function.
 * The macro makes every caller use it; (cpu_fetch8)(c) names the function. */
static inline uint8_t cpu_fetch8_inline(struct cpu *c)
{
    uint32_t eip = c->eip;
    if (c->model >= CPU_386 && eip <= c->seg[SEG_CS].limit) {
        uint32_t lin = c->seg[SEG_CS].base + eip;
        uint32_t vpn = lin >> 12;
        const struct tlb_entry *e =
            &c->tlb.e[c->cpl == 3 ? TLB_USER_READ : TLB_SUP_READ][vpn & (TLB_ENTRIES - 1)];
        if (e->tag == vpn + 1) {
            c->eip = eip + 1;
            return e->host[lin & 0xFFFu];
        }
    }
    return (cpu_fetch8)(c);
}
#define cpu_fetch8(c) cpu_fetch8_inline(c)

/* Linear-address accesses. `sys` means an implicit supervisor access
 * (descriptor tables, TSS, IDT: SDM Vol. 3A, 4.6) that ignores CPL;
 * otherwise CPL 3 makes it a user access. */
uint32_t cpu_lin_read(struct cpu *c, uint32_t lin, int size, bool sys);
void cpu_lin_write(struct cpu *c, uint32_t lin, int size, uint32_t v, bool sys);

/* Stack: push/pop `size` bytes at SS:(E)SP; the stack-address size comes
 * from SS.B (32-bit ESP) or 16-bit SP. Push writes before changing ESP, so
 * a faulting push leaves ESP unchanged. */
void cpu_push(struct cpu *c, int size, uint32_t v);
uint32_t cpu_pop(struct cpu *c, int size);
/* Read the stack at SS:(E)SP + offset without popping. */
uint32_t cpu_stack_read(struct cpu *c, uint32_t offset, int size);
/* Stack pointer as an offset: SP or ESP per SS.B, and writing it back. */
uint32_t cpu_get_sp(struct cpu *c);
void cpu_set_sp(struct cpu *c, uint32_t sp);

/* TLB maintenance (mmu/tlb.h). flush_all with global=false keeps global
 * pages when CR4.PGE=1 (a CR3 write); true flushes everything. */
void cpu_tlb_flush(struct cpu *c, bool global);
void cpu_tlb_flush_page(struct cpu *c, uint32_t lin);

/* Translate a linear address without faulting or setting A/D bits, for the
 * debugger: returns true and *phys when mapped. */
bool cpu_lin_to_phys(struct cpu *c, uint32_t lin, uint32_t *phys);

#endif
