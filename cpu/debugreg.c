/*
 * debugreg.c - breakpoint matching for DR0-DR3 under DR7 control
 * (Intel SDM Vol. 3A 17.2.4 "Debug control register DR7", 17.2.5
 * "Breakpoint field recognition", 17.3.1 "#DB exception conditions").
 */
#include "debugreg.h"

/* DR7 fields of breakpoint n: enabled (Ln or Gn), R/Wn, byte length. */
static inline bool bp_enabled(uint32_t dr7, int n) { return (dr7 >> (2 * n)) & 3; }
static inline unsigned bp_rw(uint32_t dr7, int n) { return (dr7 >> (16 + 4 * n)) & 3; }
static inline uint32_t bp_len(uint32_t dr7, int n)
{
    static const uint32_t len[4] = { 1, 2, 8, 4 }; /* LEN 00, 01, 10, 11 */
    return len[(dr7 >> (18 + 4 * n)) & 3];
}

bool cpu_dr_exec_hit(struct cpu *c, uint32_t lin)
{
    uint32_t dr7 = c->dr[7];
    if (!(dr7 & 0xFF) || (c->eflags & EFLAGS_RF)) return false;
    uint32_t hits = 0;
    for (int n = 0; n < 4; n++)
        if (bp_enabled(dr7, n) && bp_rw(dr7, n) == 0 && c->dr[n] == lin) hits |= 1u << n;
    if (!hits) return false;
    c->dr[6] = (c->dr[6] & ~0xFu) | hits;
    return true;
}

void cpu_dr_data_access(struct cpu *c, uint32_t lin, int size, bool write)
{
    uint32_t dr7 = c->dr[7];
    if (!(dr7 & 0xFF)) return;
    for (int n = 0; n < 4; n++) {
        unsigned rw = bp_rw(dr7, n);
        if (!bp_enabled(dr7, n) || !(rw == 3 || (rw == 1 && write))) continue;
        uint32_t len = bp_len(dr7, n);
        uint32_t a = c->dr[n] & ~(len - 1);
        /* Overlap of [lin, lin+size) and [a, a+len), without overflow. */
        if (lin - a < len || a - lin < (uint32_t)size) c->dr_pending |= (uint8_t)(1u << n);
    }
}

bool cpu_dr_trap_pending(struct cpu *c)
{
    if (!c->dr_pending) return false;
    c->dr[6] = (c->dr[6] & ~0xFu) | c->dr_pending;
    c->dr_pending = 0;
    return true;
}
