/*
 * access_lin.h - linear-address layer of the CPU's memory access (internal
 * to cpu/access*.c): TLB lookup fast paths and the slow paths that walk the
 * page tables (mmu/paging.h), fill the TLB and raise #PF.
 *
 * `user` is true for a user-mode access in the sense of SDM Vol. 3A, 4.6
 * (CPL 3 and not an implicit supervisor access to a system structure).
 */
#ifndef X86PC_ACCESS_LIN_H
#define X86PC_ACCESS_LIN_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"

/* Host pointer for `size` bytes at `lin` when the TLB has a translation of
 * kind TLB_* (user * 2 + write) and the access stays in the page; NULL
 * otherwise. This is the hit path: one index, one compare, one add. */
static inline uint8_t *tlb_hit(struct cpu *c, int kind, uint32_t lin, int size)
{
    uint32_t vpn = lin >> 12;
    struct tlb_entry *e = &c->tlb.e[kind][vpn & (TLB_ENTRIES - 1)];
    if (e->tag == vpn + 1 && (lin & 0xFFFu) <= 4096u - (uint32_t)size)
        return e->host + (lin & 0xFFFu);
    return NULL;
}

/* Little-endian loads/stores of 1, 2 or 4 bytes at a host pointer. */
static inline uint32_t host_load(const uint8_t *p, int size)
{
    if (size == 1) return *p;
    if (size == 2) { uint16_t v; memcpy(&v, p, 2); return v; }
    uint32_t v; memcpy(&v, p, 4); return v;
}

static inline void host_store(uint8_t *p, int size, uint32_t v)
{
    if (size == 1) { *p = (uint8_t)v; return; }
    if (size == 2) { uint16_t w = (uint16_t)v; memcpy(p, &w, 2); return; }
    memcpy(p, &v, 4);
}

/* Slow paths (access_lin.c): translate (may raise #PF), fill the TLB, and
 * access physical memory; a page-crossing access translates both pages
 * before touching either. size 1, 2 or 4. */
uint32_t lin_read_slow(struct cpu *c, uint32_t lin, int size, bool user);
void lin_write_slow(struct cpu *c, uint32_t lin, int size, uint32_t v, bool user);

/* Read/write `size` (1, 2, 4) bytes at linear address `lin`. */
static inline uint32_t lin_read(struct cpu *c, uint32_t lin, int size, bool user)
{
    uint8_t *p = tlb_hit(c, user ? TLB_USER_READ : TLB_SUP_READ, lin, size);
    if (p)
        return host_load(p, size);
    return lin_read_slow(c, lin, size, user);
}

static inline void lin_write(struct cpu *c, uint32_t lin, int size, uint32_t v, bool user)
{
    uint8_t *p = tlb_hit(c, user ? TLB_USER_WRITE : TLB_SUP_WRITE, lin, size);
    if (p)
        host_store(p, size, v);
    else
        lin_write_slow(c, lin, size, v, user);
}

/* Check that `size` bytes (any count >= 1) at `lin` are mapped for the
 * access, raising #PF as the access would, without setting A/D bits or
 * touching the data. */
void lin_check(struct cpu *c, uint32_t lin, uint32_t size, bool write, bool user);

#endif
