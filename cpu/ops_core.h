/*
 * ops_core.h - small helpers shared by the core one-byte opcode handlers
 * (ops_move.c, ops_stack.c, ops_ctrl.c, ops_string.c, ops_io.c, ops_misc.c).
 */
#ifndef X86PC_OPS_CORE_H
#define X86PC_OPS_CORE_H

#include "access.h"
#include "flags.h"
#include "insn.h"
#include "seg.h"

/* All-ones mask of the address size (2 or 4 bytes). */
static inline uint32_t addr_mask(const struct insn *i)
{
    return i->addrsize == 4 ? 0xFFFFFFFFu : 0xFFFFu;
}

/* True when the stack-address size is 32 bits (SS.B, 386+). */
static inline bool stack_is32(const struct cpu *c)
{
    return c->model >= CPU_386 && (c->seg[SEG_SS].ar & AR_DB);
}

/* Stack pointer plus `n`, wrapped to the stack-address size. */
static inline uint32_t sp_plus(const struct cpu *c, uint32_t sp, uint32_t n)
{
    return stack_is32(c) ? sp + n : ((sp + n) & 0xFFFF);
}

/* Near transfer of control to `target` (SDM Vol. 2A "JMP"/"CALL"/"RET"):
 * truncated to 16 bits with a 16-bit operand size; 286+: #GP(0) when
 * beyond the CS limit. The 8086/80186 IP simply wraps. */
static inline uint32_t near_target(struct cpu *c, uint32_t target, int opsize)
{
    if (opsize == 2) target &= 0xFFFF;
    if (c->model >= CPU_286 && target > c->seg[SEG_CS].limit) cpu_gp(c, 0);
    return target;
}

/* Relative jump: EIP + displacement (already sign-extended by decode). */
static inline void jump_rel(struct cpu *c, struct insn *i)
{
    c->eip = near_target(c, c->eip + i->imm, i->opsize);
}

/* Size in bytes of a string/IO opcode: even opcodes are byte forms. */
static inline int byte_or_v(const struct insn *i)
{
    return (i->op & 1) ? i->opsize : 1;
}

/* I/O breakpoints (DR7 R/Wn = 10 with CR4.DE=1; SDM Vol. 3A 17.2.4-17.2.5):
 * a port access of `size` bytes overlapping breakpoint n's port range
 * (DRn aligned down to LENn bytes) records DR6.Bn in dr_pending, reported
 * as a #DB trap after the instruction (exec.c). */
static inline void io_breakpoints(struct cpu *c, uint16_t port, int size)
{
    static const uint8_t len_of[4] = { 1, 2, 8, 4 };
    uint32_t dr7 = c->dr[7];
    if (__builtin_expect(!(dr7 & 0xFF), 1) || !(c->cr[4] & CR4_DE)) return;
    for (int n = 0; n < 4; n++) {
        if (!((dr7 >> (2 * n)) & 3) || ((dr7 >> (16 + 4 * n)) & 3) != 2) continue;
        uint32_t len = len_of[(dr7 >> (18 + 4 * n)) & 3];
        uint32_t a = (c->dr[n] & 0xFFFF) & ~(len - 1);
        if ((uint32_t)(port - a) < len || (uint32_t)(a - port) < (uint32_t)size)
            c->dr_pending |= (uint8_t)(1u << n);
    }
}

#endif
