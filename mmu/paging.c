/*
 * paging.c - the 32-bit paging walk (see paging.h; Intel SDM Vol. 3A, 4.3,
 * 4.6, 4.7, 4.8).
 *
 * Two levels: CR3[31:12] locates the page directory; PDE index lin[31:22];
 * the PDE either maps a 4 MiB page (CR4.PSE=1 and PDE.PS=1) or locates a page
 * table, indexed by lin[21:12]. Access rights combine both levels (4.6):
 * user accesses need U/S=1 in both, user writes need R/W=1 in both;
 * supervisor reads are always allowed, supervisor writes need R/W=1 in both
 * only when CR0.WP=1.
 */
#include "paging.h"

#include "mem.h"

/* Check the combined rights `rights` (PTE_RW|PTE_US of both levels ANDed)
 * for the access; returns true when allowed. */
static bool allowed(uint32_t rights, uint32_t mode, bool write, bool user)
{
    if (user) {
        if (!(rights & PTE_US))
            return false;
        return !write || (rights & PTE_RW);
    }
    return !write || (rights & PTE_RW) || !(mode & PG_WP);
}

bool pg_walk(struct mem *m, uint32_t cr3, uint32_t mode, uint32_t lin,
             enum pg_access acc, bool user, bool set_ad,
             struct pg_result *r, uint32_t *err)
{
    bool write = acc == PG_WRITE;
    uint32_t ecode = (write ? PF_W : 0) | (user ? PF_U : 0);

    uint32_t pde_addr = (cr3 & 0xFFFFF000u) | ((lin >> 22) << 2);
    uint32_t pde = mem_read32(m, pde_addr);
    if (!(pde & PTE_P)) {
        *err = ecode;
        return false;
    }

    if ((mode & PG_PSE) && (pde & PTE_PS)) {
        /* 4 MiB page (table 4-4). */
        if (pde & PDE4M_RSVD) {
            *err = ecode | PF_P | PF_RSVD;
            return false;
        }
        uint32_t rights = pde & (PTE_RW | PTE_US);
        if (!allowed(rights, mode, write, user)) {
            *err = ecode | PF_P;
            return false;
        }
        if (set_ad) {
            uint32_t npde = pde | PTE_A | (write ? PTE_D : 0);
            if (npde != pde) {
                mem_write32(m, pde_addr, npde);
                pde = npde;
            }
        }
        r->phys = (pde & 0xFFC00000u) | (lin & 0x003FFFFFu);
        r->global = (mode & PG_PGE) && (pde & PTE_G);
        r->write_ok = (pde & PTE_D) && allowed(rights, mode, true, user);
        r->user_ok = (rights & PTE_US) != 0;
        r->large = true;
        return true;
    }

    uint32_t pte_addr = (pde & 0xFFFFF000u) | (((lin >> 12) & 0x3FFu) << 2);
    uint32_t pte = mem_read32(m, pte_addr);
    if (!(pte & PTE_P)) {
        *err = ecode;
        return false;
    }
    uint32_t rights = pde & pte & (PTE_RW | PTE_US);
    if (!allowed(rights, mode, write, user)) {
        *err = ecode | PF_P;
        return false;
    }
    if (set_ad) {
        if (!(pde & PTE_A))
            mem_write32(m, pde_addr, pde | PTE_A);
        uint32_t npte = pte | PTE_A | (write ? PTE_D : 0);
        if (npte != pte) {
            mem_write32(m, pte_addr, npte);
            pte = npte;
        }
    }
    r->phys = (pte & 0xFFFFF000u) | (lin & 0xFFFu);
    r->global = (mode & PG_PGE) && (pte & PTE_G);
    r->write_ok = (pte & PTE_D) && allowed(rights, mode, true, user);
    r->user_ok = (rights & PTE_US) != 0;
    r->large = false;
    return true;
}
