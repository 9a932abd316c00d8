/*
 * tlb.h - software TLB: linear page -> host pointer (or physical page).
 *
 * Direct-mapped cache of guest linear page translations with separate entries
 * for reads and writes and for user and supervisor accesses, so that a hit is
 * one compare and one add. Pages backed by RAM carry a host pointer; ROM (for
 * writes) and MMIO pages are not cached and take the slow path. Flushed on
 * CR3 writes, INVLPG, CR0/CR4 paging-bit changes and A20/memory-map changes.
 */
#ifndef X86PC_TLB_H
#define X86PC_TLB_H

#include <stdint.h>

#define TLB_ENTRIES 1024 /* power of two */

/* One translation: valid when tag == (linear >> 12) + 1 (0 = empty). */
struct tlb_entry {
    uint32_t tag;
    uint32_t phys;      /* physical page address (low 12 bits zero) */
    uint8_t *host;      /* host pointer to the page, or NULL for slow path */
    uint32_t global;    /* page has the G bit (survives CR3 writes with CR4.PGE) */
};

/* The TLB of one CPU: [0] supervisor read, [1] supervisor write,
 * [2] user read, [3] user write. */
struct tlb {
    struct tlb_entry e[4][TLB_ENTRIES];
};

#endif
