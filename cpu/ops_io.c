/*
 * ops_io.c - port I/O: IN (E4/E5/EC/ED) and OUT (E6/E7/EE/EF) through the
 * board's io_read/io_write callbacks. In protected mode with CPL > IOPL, and
 * always in V86 mode, the TSS I/O permission bitmap is consulted first
 * (SDM Vol. 1, 18.5.1-18.5.2; cpu_io_check in seg.h); an I/O breakpoint
 * (DR7 R/W=10, CR4.DE) traps after the instruction. Source: SDM Vol. 2A
 * "IN", Vol. 2B "OUT".
 */
#include "ops_core.h"

/* Port of an IN/OUT: arg 0 = imm8, arg 1 = DX. */
static inline uint16_t io_port(const struct cpu *c, const struct insn *i)
{
    return i->row->arg ? (uint16_t)c->gpr[REG_EDX] : (uint16_t)(i->imm & 0xFF);
}

/* I/O permission (#GP(0) when denied) and I/O breakpoints (DR7 R/W=10). */
static inline void io_perm(struct cpu *c, uint16_t port, int size)
{
    if (cpu_pe(c) && (c->cpl > cpu_iopl(c) || cpu_v86(c))) cpu_io_check(c, port, size);
    io_breakpoints(c, port, size);
}

void core_in(struct cpu *c, struct insn *i)
{
    int size = byte_or_v(i);
    uint16_t port = io_port(c, i);
    io_perm(c, port, size);
    cpu_reg_write(c, REG_EAX, size, c->io_read(c->io_opaque, port, size));
}

void core_out(struct cpu *c, struct insn *i)
{
    int size = byte_or_v(i);
    uint16_t port = io_port(c, i);
    io_perm(c, port, size);
    c->io_write(c->io_opaque, port, cpu_reg_read(c, REG_EAX, size), size);
}
