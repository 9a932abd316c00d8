/*
 * paging.h - the 32-bit paging walk (Intel SDM Vol. 3A, 4.3 "32-bit paging",
 * 4.6 "access rights", 4.7 "page-fault exceptions", 4.8 "accessed and dirty
 * flags").
 *
 * Independent of struct cpu: the caller passes CR3 and the CR0/CR4 bits that
 * matter, and gets the physical address or a #PF error code back; raising
 * the fault (CR2, cpu_raise) and caching the result (TLB) is the caller's job.
 */
#ifndef X86PC_PAGING_H
#define X86PC_PAGING_H

#include <stdbool.h>
#include <stdint.h>

struct mem;

/* Mode bits for pg_walk(): architectural values of CR0.WP, CR4.PSE, CR4.PGE
 * (SDM Vol. 3A, 2.5) so callers may pass (cr0 & CR0_WP) | (cr4 & (PSE|PGE)). */
#define PG_WP  0x00010000u /* CR0.WP: supervisor writes honour R/W */
#define PG_PSE 0x00000010u /* CR4.PSE: PDE.PS selects a 4 MiB page */
#define PG_PGE 0x00000080u /* CR4.PGE: the G bit marks global translations */

/* Paging-structure entry bits (SDM Vol. 3A, tables 4-4 to 4-6). */
#define PTE_P   0x001u
#define PTE_RW  0x002u
#define PTE_US  0x004u
#define PTE_PWT 0x008u
#define PTE_PCD 0x010u
#define PTE_A   0x020u
#define PTE_D   0x040u
#define PTE_PS  0x080u /* in a PDE */
#define PTE_G   0x100u
/* Reserved bits 21:13 of a 4 MiB PDE with MAXPHYADDR = 32 (table 4-4). */
#define PDE4M_RSVD 0x003FE000u

/* #PF error-code bits (SDM Vol. 3A, 4.7, figure 4-12). */
#define PF_P    0x01u /* 0: not-present page; 1: protection violation */
#define PF_W    0x02u /* the access was a write */
#define PF_U    0x04u /* the access was a user-mode access */
#define PF_RSVD 0x08u /* a reserved bit was set in a paging-structure entry */

/* What a walk is for. Execute is a read under 32-bit paging (no XD bit). */
enum pg_access { PG_READ = 0, PG_WRITE = 1, PG_EXEC = 2 };

/* Result of a successful walk. */
struct pg_result {
    uint32_t phys;      /* physical address of `lin` */
    bool global;        /* G bit of the final entry, and mode has PG_PGE */
    bool write_ok;      /* a write in the same user/supervisor mode would
                           succeed now with D already set: a write
                           translation may be cached */
    bool user_ok;       /* U/S is 1 at both levels */
    bool large;         /* mapped by a 4 MiB page */
};

/*
 * Translate linear address `lin` for an access of kind `acc` made in user
 * mode (`user`, CPL 3 and not an implicit system access) or supervisor mode.
 * mode: PG_WP | PG_PSE | PG_PGE as set. When `set_ad`, a successful walk sets
 * the A bit of the PDE and PTE (of the PDE for a 4 MiB page) and, for a
 * write, the D bit of the PTE / 4 MiB PDE, writing the entries back to
 * physical memory. Returns true and fills *r; or returns false with the #PF
 * error code in *err (PF_* bits; the faulting address is `lin`).
 */
bool pg_walk(struct mem *m, uint32_t cr3, uint32_t mode, uint32_t lin,
             enum pg_access acc, bool user, bool set_ad,
             struct pg_result *r, uint32_t *err);

#endif
