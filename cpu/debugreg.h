/*
 * debugreg.h - breakpoint matching for the debug registers DR0-DR3/DR6/DR7
 * (Intel SDM Vol. 3A 17.2 "Debug registers", 17.3.1 "#DB exception
 * conditions"). MOV to/from DRn is in ops_system.c; these helpers are for
 * the instruction loop (execution breakpoints, fault-class, honouring
 * EFLAGS.RF) and the memory-access path (data breakpoints, trap-class,
 * reported after the instruction). All are no-ops unless DR7 enables a
 * breakpoint (L0-L3/G0-G3, DR7 bits 0-7), so callers can guard them with
 * the cheap test (c->dr[7] & 0xFF).
 *
 * Intended use:
 *   instruction start:  if ((c->dr[7] & 0xFF) && cpu_dr_exec_hit(c, cs_base + eip))
 *                           cpu_raise(c, EXC_DB, false, 0);        (fault)
 *   each data access:   if (c->dr[7] & 0xFF) cpu_dr_data_access(c, lin, size, write);
 *   after the insn:     if (c->dr_pending && cpu_dr_trap_pending(c))
 *                           deliver #DB (trap: EIP = next instruction)
 * and EFLAGS.RF is cleared once an instruction completes (SDM 17.3.1.1).
 */
#ifndef X86PC_DEBUGREG_H
#define X86PC_DEBUGREG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* Execution breakpoints (R/Wn = 00) enabled in DR7 that match linear
 * address `lin`, unless EFLAGS.RF=1: sets their DR6.Bn bits and returns
 * true (the caller raises #DB before executing the instruction). */
bool cpu_dr_exec_hit(struct cpu *c, uint32_t lin);

/* Record data breakpoints hit by an access of `size` bytes at `lin`:
 * R/Wn = 01 (writes) or 11 (reads and writes), length LENn (1, 2, 4 or 8
 * bytes, address aligned down to it), any overlap matches. The hits are
 * kept in c->dr_pending until the instruction ends. */
void cpu_dr_data_access(struct cpu *c, uint32_t lin, int size, bool write);

/* After an instruction: when data breakpoints were hit, move them into
 * DR6 B0-B3, clear the pending state and return true (deliver #DB as a
 * trap). */
bool cpu_dr_trap_pending(struct cpu *c);

#endif
