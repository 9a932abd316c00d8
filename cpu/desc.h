/*
 * desc.h - private helpers of the protected-mode files (seg.c, desc.c,
 * far.c, intr.c, task.c, ops_system.c): selector fields, descriptor types
 * and decoding, descriptor-table writes, segment-cache fills, and a
 * "pending stack" used to build a stack frame on a new stack before any
 * register is changed (so a fault leaves the CPU state untouched).
 *
 * Sources: Intel SDM Vol. 3A 3.4.2 (selectors), 3.4.5 (segment descriptors),
 * 3.5 (system descriptor types, table 3-2), 5.8.3 (call gates),
 * 6.11 (IDT descriptors), 7.2 (TSS).
 */
#ifndef X86PC_DESC_H
#define X86PC_DESC_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"
#include "seg.h"

/* Selector fields (SDM Vol. 3A, 3.4.2). */
#define SEL_RPL(s)  ((s) & 3)
#define SEL_TI      0x0004u
#define SEL_NULL(s) (((s) & 0xFFFC) == 0)
/* Error code for a selector (SDM Vol. 3A, 6.13): index and TI, EXT in bit 0. */
#define ERR_SEL(s, ext) ((uint32_t)(((s) & 0xFFFC) | ((ext) ? 1u : 0u)))
/* Error code for an IDT entry: vector * 8, IDT bit (1), EXT (bit 0). */
#define ERR_IDT(v, ext) ((uint32_t)(((v) << 3) | 2u | ((ext) ? 1u : 0u)))

/* System-descriptor types (SDM Vol. 3A, 3.5, table 3-2). */
enum {
    SYS_TSS16 = 1, SYS_LDT = 2, SYS_TSS16_BUSY = 3, SYS_CALL16 = 4,
    SYS_TASK = 5, SYS_INT16 = 6, SYS_TRAP16 = 7, SYS_TSS32 = 9,
    SYS_TSS32_BUSY = 11, SYS_CALL32 = 12, SYS_INT32 = 14, SYS_TRAP32 = 15
};

/* Access-rights classification. */
static inline bool ar_is_sys(uint16_t ar) { return !(ar & AR_S); }
static inline bool ar_is_code(uint16_t ar) { return (ar & (AR_S | AR_CODE)) == (AR_S | AR_CODE); }
static inline bool ar_is_data(uint16_t ar) { return (ar & (AR_S | AR_CODE)) == AR_S; }
static inline bool ar_is_conforming(uint16_t ar) { return ar_is_code(ar) && (ar & AR_EC); }
/* Readable: any data segment, or a code segment with R=1. */
static inline bool ar_readable(uint16_t ar) { return ar_is_data(ar) || (ar_is_code(ar) && (ar & AR_RW)); }
/* Writable data segment. */
static inline bool ar_writable(uint16_t ar) { return ar_is_data(ar) && (ar & AR_RW); }
/* TSS descriptor (available or busy, 16 or 32 bit): types 1, 3, 9, 11. */
static inline bool ar_is_tss(uint16_t ar) { return ar_is_sys(ar) && (AR_TYPE(ar) & 5) == 1; }
/* 32-bit TSS (types 9, 11). */
static inline bool ar_tss32(uint16_t ar) { return (AR_TYPE(ar) & 8) != 0; }

/* Gate fields (SDM Vol. 3A, 5.8.3 figure 5-8, 6.11 figure 6-2). */
static inline uint16_t gate_sel(const struct descriptor *d) { return (uint16_t)(d->lo >> 16); }
static inline int gate_count(const struct descriptor *d) { return (d->hi & 0x1F); }
static inline bool gate_32(const struct descriptor *d) { return (AR_TYPE(d->ar) & 8) != 0; }
static inline uint32_t gate_offset(const struct descriptor *d)
{
    uint32_t off = d->lo & 0xFFFF;
    if (gate_32(d)) off |= d->hi & 0xFFFF0000u;
    return off;
}

/* True when system-descriptor type `type` exists on this CPU model (the
 * 80286 knows only types 1-7; 0, 8, 10 and 13 are reserved everywhere). */
bool desc_sys_type_valid(const struct cpu *c, int type);

/* Decode d->lo/d->hi into base, limit (granularity applied) and ar. On the
 * 80286 the top word of the descriptor is ignored (24-bit base, 16-bit
 * limit, no G/D bits). */
void desc_decode(const struct cpu *c, struct descriptor *d);

/* Linear address of the descriptor for `sel` (GDT or LDT by TI). */
uint32_t desc_addr(const struct cpu *c, uint16_t sel);

/* Set the accessed bit of a code/data descriptor in its table (and in *d). */
void desc_set_accessed(struct cpu *c, uint16_t sel, struct descriptor *d);

/* Set or clear the busy bit (type bit 1) of the TSS descriptor `sel` in the
 * GDT. */
void desc_set_busy(struct cpu *c, uint16_t sel, bool busy);

/* Fill a segment cache from a descriptor; the selector's RPL is kept. */
void seg_from_desc(struct seg_cache *s, uint16_t sel, const struct descriptor *d);

/* Make a segment register null/unusable (see seg.h: ar with P=0). */
void seg_set_null(struct seg_cache *s, uint16_t sel);

/* Fill a segment cache as virtual-8086 mode does: base sel*16, limit 0xFFFF,
 * present, DPL 3, 16-bit read/write data (SDM Vol. 3A, 20.1.1). */
void seg_set_v86(struct seg_cache *s, uint16_t sel);

/* Fetch the descriptor for a non-null `sel`, raising `vec`(sel|ext) when the
 * selector is beyond its table limit. */
void desc_fetch_or_fault(struct cpu *c, uint16_t sel, struct descriptor *d, int vec, bool ext);

/*
 * Validate a new stack segment for privilege level `cpl` (SDM Vol. 3A,
 * 5.8.5, 6.12.1; Vol. 2 CALL/RET/IRET/INT pseudo-code): `vec` is #GP for
 * RET/IRET, #TS for stack switches through the TSS and task switches.
 * Raises vec(0/ext) on null, vec(sel) for limit/RPL/DPL/type, #SS(sel) when
 * not present. Sets the accessed bit.
 */
void seg_check_stack(struct cpu *c, uint16_t sel, int cpl, struct descriptor *d, int vec, bool ext);

/* Read the inner stack pointer SS:ESP for privilege `dpl` (0-2) from the
 * current TSS (16- or 32-bit by TR's type), raising #TS(TR|ext) when the
 * TSS is too short (SDM Vol. 3A, 5.8.5 / Vol. 2 CALL pseudo-code). */
void tss_inner_stack(struct cpu *c, int dpl, uint16_t *ss, uint32_t *esp, bool ext);

/*
 * A stack frame being built on a stack that is not yet SS:ESP (or not yet
 * committed): writes go straight to linear memory through `ss`'s base with
 * its limit checked, so nothing in struct cpu changes until the caller
 * commits ss/esp. `sys` makes the writes supervisor accesses (new CPL < 3).
 */
struct pstack {
    struct seg_cache ss;
    uint32_t esp;
    bool sys;
};

/* #SS(err) unless `n` bytes below esp are all within the segment. */
void pstack_room(struct cpu *c, const struct pstack *p, uint32_t n, uint32_t err);
/* Push `size` (2 or 4) bytes; raises #SS(err) on a limit violation. */
void pstack_push(struct cpu *c, struct pstack *p, int size, uint32_t v, uint32_t err);
/* Store the pending stack pointer into ESP (the caller loads SS). */
void pstack_commit(struct cpu *c, const struct pstack *p);

/* Null each of ES, DS, FS, GS whose cached descriptor is data or
 * non-conforming code with DPL < the (new) CPL (RET/IRET to an outer
 * level, SDM Vol. 2 RET pseudo-code). */
void seg_null_outer(struct cpu *c);

/* Load all six segment registers V86 style (IRET/task switch to V86). */
void seg_enter_v86(struct cpu *c, const uint16_t sel[SEG_COUNT]);

/* Load CS for a far transfer after the caller checked it: cache from *d,
 * RPL forced to `cpl`, CPL = cpl. */
void seg_commit_cs(struct cpu *c, uint16_t sel, const struct descriptor *d, int cpl);

/* Validate the code segment a protected-mode far RET/IRET returns to
 * (null #GP(0); limit, type, RPL < CPL, DPL vs RPL #GP(sel); #NP(sel)). */
void far_check_return_cs(struct cpu *c, uint16_t cs, struct descriptor *d);

/* EFLAGS bits that exist on this model (others read as 0, bit 1 as 1). */
uint32_t eflags_valid_mask(const struct cpu *c);

#endif
