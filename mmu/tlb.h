/*
 * tlb.h - software TLB: linear page -> host pointer.
 *
 * Direct-mapped cache of guest linear page translations with separate entries
 * for reads and writes and for user and supervisor accesses, so that a hit is
 * one compare and one add. Only pages backed by RAM (or ROM, for reads) are
 * cached, with a host pointer to the page; ROM writes and MMIO pages are not
 * cached and take the slow path every time. A write entry exists only once
 * the page's dirty bit is set. With paging off the cache holds linear ==
 * physical translations (masked by address width and A20). Flushed on CR3
 * writes, INVLPG, CR0/CR4 paging-bit changes (cpu_tlb_flush*, access.h) and
 * A20/memory-map changes (mem_set_change_hook, plus a generation compare on
 * the slow path). Only cpu/access*.c looks inside.
 */
#ifndef X86PC_TLB_H
#define X86PC_TLB_H

#include <stdint.h>

#define TLB_ENTRIES 1024 /* power of two */

/* TLB kinds: index of tlb.e[]. */
enum { TLB_SUP_READ = 0, TLB_SUP_WRITE = 1, TLB_USER_READ = 2, TLB_USER_WRITE = 3 };

/* One translation: valid when tag == (linear >> 12) + 1 (0 = empty, so an
 * all-zero struct tlb is an empty TLB). */
struct tlb_entry {
    uint32_t tag;
    uint32_t global;    /* page has the G bit with CR4.PGE: kept on CR3 writes */
    uint8_t *host;      /* host pointer to the start of the 4 KiB page */
};

/* The TLB of one CPU: e[TLB_*][(linear >> 12) & (TLB_ENTRIES - 1)]. */
struct tlb {
    struct tlb_entry e[4][TLB_ENTRIES];
    uint32_t mem_gen;   /* mem_generation() the entries were filled under */
    uint32_t large;     /* some entry came from a 4 MiB page since the last
                           full flush (INVLPG must then drop its whole 4 MiB) */
    const void *hooked;     /* the struct tlb address registered as mem's
                               change hook (re-registered when the CPU
                               struct moved) ... */
    const void *hooked_mem; /* ... or when the CPU got another struct mem */
};

#endif
