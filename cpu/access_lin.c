/*
 * access_lin.c - linear addresses to physical memory: paging (through
 * mmu/paging.c), the software TLB (mmu/tlb.h) and #PF delivery.
 *
 * Sources: Intel SDM Vol. 3A 4.3 (32-bit paging), 4.7 (#PF error code, CR2),
 * 4.8 (A/D flags), 4.10 (TLBs: INVLPG, CR3 writes keep global pages when
 * CR4.PGE=1).
 */
#include "access.h"

#include "access_lin.h"
#include "../mmu/mem.h"
#include "../mmu/paging.h"

static void tlb_clear(struct tlb *t)
{
    memset(t->e, 0, sizeof t->e);
    t->large = 0;
}

/* mem change hook: a mapping or A20 changed, cached host pointers are stale. */
static void tlb_mem_changed(void *opaque)
{
    tlb_clear(opaque);
}

/* Called on every slow path before filling: make sure the TLB matches the
 * current memory map (generation) and that the memory map will tell us when
 * it changes. */
static void tlb_sync(struct cpu *c)
{
    struct tlb *t = &c->tlb;
    if (t->hooked != t || t->hooked_mem != c->mem) {
        mem_set_change_hook(c->mem, tlb_mem_changed, t);
        t->hooked = t;
        t->hooked_mem = c->mem;
        tlb_clear(t);
        t->mem_gen = mem_generation(c->mem);
    } else if (t->mem_gen != mem_generation(c->mem)) {
        tlb_clear(t);
        t->mem_gen = mem_generation(c->mem);
    }
}

static void tlb_fill(struct cpu *c, int kind, uint32_t lin, uint32_t phys, bool global)
{
    uint8_t *host = mem_host_page(c->mem, phys, kind & 1);
    struct tlb_entry *e = &c->tlb.e[kind][(lin >> 12) & (TLB_ENTRIES - 1)];
    if (!host) {
        /* MMIO or ROM write: not cached; drop a stale entry for this slot
         * only if it is for the same page (others stay valid). */
        if (e->tag == (lin >> 12) + 1)
            e->tag = 0;
        return;
    }
    e->tag = (lin >> 12) + 1;
    e->host = host;
    e->global = global;
}

static uint32_t paging_mode(const struct cpu *c)
{
    /* CR0.WP appeared with the 486: the 386 lets supervisor writes ignore
     * R/W always. CR4 bits the model lacks cannot be set (MOV CR4 checks). */
    uint32_t wp = c->model >= CPU_486 ? (c->cr[0] & PG_WP) : 0;
    return wp | (c->cr[4] & (PG_PSE | PG_PGE));
}

static bool paging_on(const struct cpu *c)
{
    return c->model >= CPU_386 && (c->cr[0] & CR0_PG);
}

/* Translate `lin` for a read or write in user/supervisor mode, fill the TLB
 * and return the physical address; raises #PF (CR2 = lin) on failure. */
static uint32_t translate(struct cpu *c, uint32_t lin, bool write, bool user)
{
    int base = user ? TLB_USER_READ : TLB_SUP_READ;
    tlb_sync(c);
    if (!paging_on(c)) {
        tlb_fill(c, base, lin, lin, false);
        tlb_fill(c, base + 1, lin, lin, false);
        return lin;
    }
    struct pg_result r;
    uint32_t err;
    if (!pg_walk(c->mem, c->cr[3], paging_mode(c), lin, write ? PG_WRITE : PG_READ,
                 user, true, &r, &err)) {
        c->cr[2] = lin;
        cpu_raise(c, EXC_PF, true, err);
    }
    if (r.large)
        c->tlb.large = 1;
    tlb_fill(c, base, lin, r.phys & ~0xFFFu, r.global);
    if (r.write_ok)
        tlb_fill(c, base + 1, lin, r.phys & ~0xFFFu, r.global);
    return r.phys;
}

static uint32_t phys_read(struct cpu *c, uint32_t phys, int size)
{
    if (size == 1) return mem_read8(c->mem, phys);
    if (size == 2) return mem_read16(c->mem, phys);
    return mem_read32(c->mem, phys);
}

static void phys_write(struct cpu *c, uint32_t phys, int size, uint32_t v)
{
    if (size == 1) mem_write8(c->mem, phys, (uint8_t)v);
    else if (size == 2) mem_write16(c->mem, phys, (uint16_t)v);
    else mem_write32(c->mem, phys, v);
}

uint32_t lin_read_slow(struct cpu *c, uint32_t lin, int size, bool user)
{
    uint32_t first = 4096u - (lin & 0xFFFu); /* bytes left in the first page */
    if ((uint32_t)size <= first)
        return phys_read(c, translate(c, lin, false, user), size);
    uint32_t p1 = translate(c, lin, false, user);
    uint32_t p2 = translate(c, lin + first, false, user);
    uint32_t v = 0;
    for (uint32_t i = 0; i < (uint32_t)size; i++)
        v |= (uint32_t)mem_read8(c->mem, i < first ? p1 + i : p2 + (i - first)) << (8 * i);
    return v;
}

void lin_write_slow(struct cpu *c, uint32_t lin, int size, uint32_t v, bool user)
{
    uint32_t first = 4096u - (lin & 0xFFFu);
    if ((uint32_t)size <= first) {
        phys_write(c, translate(c, lin, true, user), size, v);
        return;
    }
    uint32_t p1 = translate(c, lin, true, user);
    uint32_t p2 = translate(c, lin + first, true, user);
    for (uint32_t i = 0; i < (uint32_t)size; i++)
        mem_write8(c->mem, i < first ? p1 + i : p2 + (i - first), (uint8_t)(v >> (8 * i)));
}

void lin_check(struct cpu *c, uint32_t lin, uint32_t size, bool write, bool user)
{
    if (!paging_on(c) || size == 0)
        return;
    uint32_t last = lin + (size - 1);
    uint32_t page = lin & ~0xFFFu;
    for (;;) {
        uint32_t a = page == (lin & ~0xFFFu) ? lin : page;
        struct pg_result r;
        uint32_t err;
        if (!pg_walk(c->mem, c->cr[3], paging_mode(c), a, write ? PG_WRITE : PG_READ,
                     user, false, &r, &err)) {
            c->cr[2] = a;
            cpu_raise(c, EXC_PF, true, err);
        }
        if (page == (last & ~0xFFFu))
            break;
        page += 4096u;
    }
}

uint32_t cpu_lin_read(struct cpu *c, uint32_t lin, int size, bool sys)
{
    return lin_read(c, lin, size, !sys && c->cpl == 3);
}

void cpu_lin_write(struct cpu *c, uint32_t lin, int size, uint32_t v, bool sys)
{
    lin_write(c, lin, size, v, !sys && c->cpl == 3);
}

void cpu_tlb_flush(struct cpu *c, bool global)
{
    if (global || !(c->cr[4] & CR4_PGE)) {
        tlb_clear(&c->tlb);
        return;
    }
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < TLB_ENTRIES; i++)
            if (!c->tlb.e[k][i].global)
                c->tlb.e[k][i].tag = 0;
}

void cpu_tlb_flush_page(struct cpu *c, uint32_t lin)
{
    uint32_t vpn = lin >> 12;
    if (c->tlb.large) {
        /* INVLPG invalidates the whole translation containing `lin` (SDM
         * Vol. 3A, 4.10.4.1): a 4 MiB page is cached as 4 KiB pieces, so
         * drop every entry in the same 4 MiB region (over-flushing is
         * always allowed). */
        for (int k = 0; k < 4; k++)
            for (int i = 0; i < TLB_ENTRIES; i++) {
                struct tlb_entry *e = &c->tlb.e[k][i];
                if (e->tag && ((e->tag - 1) >> 10) == (vpn >> 10))
                    e->tag = 0;
            }
        return;
    }
    for (int k = 0; k < 4; k++) {
        struct tlb_entry *e = &c->tlb.e[k][vpn & (TLB_ENTRIES - 1)];
        if (e->tag == vpn + 1)
            e->tag = 0;
    }
}

bool cpu_lin_to_phys(struct cpu *c, uint32_t lin, uint32_t *phys)
{
    if (!paging_on(c)) {
        *phys = lin;
        return true;
    }
    struct pg_result r;
    uint32_t err;
    if (!pg_walk(c->mem, c->cr[3], paging_mode(c), lin, PG_READ, false, false, &r, &err))
        return false;
    *phys = r.phys;
    return true;
}
