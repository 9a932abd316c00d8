/*
 * seg.h - segment loads, far transfers, interrupts and tasks.
 *
 * Real mode, virtual-8086 mode and protected mode versions behind one entry
 * point each: the instruction handlers call these and never test the mode
 * themselves. Sources: SDM Vol. 3A ch. 3 (segmentation), ch. 5 (protection:
 * 5.8 privilege transfers, call gates), ch. 6 (interrupts and exceptions),
 * ch. 7 (task management), ch. 20 (8086 emulation, V86 mode); SDM Vol. 2
 * pseudo-code of MOV, POP, LDS, JMP, CALL, RET, IRET, INT n.
 */
#ifndef X86PC_SEG_H
#define X86PC_SEG_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* A segment descriptor as read from the GDT/LDT (SDM Vol. 3A, 3.4.5). */
struct descriptor {
    uint32_t lo, hi;        /* raw 8 bytes */
    uint32_t base;          /* decoded base */
    uint32_t limit;         /* decoded limit in bytes (G applied) */
    uint16_t ar;            /* access rights, as struct seg_cache.ar */
};

/* Load segment register `sreg` (SEG_*) with selector `sel`, as MOV Sreg,
 * POP Sreg, LDS/LES/LFS/LGS/LSS do: real/V86 mode base = sel << 4; protected
 * mode does every check of SDM Vol. 2 "MOV" (null selector, table limit,
 * type, DPL/RPL/CPL, present) with #GP/#SS/#NP(selector) and sets the
 * accessed bit. (The MOV SS / POP SS interrupt shadow is set by those
 * instructions' handlers, not here: LSS has none.)
 *
 * Null/unusable convention (for the mmu's access checks): in protected mode
 * (CR0.PE=1, VM=0) a segment register whose cache has AR_P clear is
 * unusable - a null selector was loaded into DS/ES/FS/GS, or RET/IRET to an
 * outer level nulled it (then ar = 0, base = 0, limit = 0). Any memory
 * access through it raises #GP(0). Every usable protected-mode cache has
 * AR_P set. In real mode ar is left as it was, so AR_P is meaningful only
 * in protected mode; V86 segments get limit 0xFFFF and ar 0x00F3. */
void cpu_load_seg(struct cpu *c, int sreg, uint16_t sel);

/* Set a segment register in real/V86 style (base = sel << 4) with no checks. */
void cpu_load_seg_real(struct cpu *c, int sreg, uint16_t sel);

/* Read the descriptor for `sel` from the GDT or LDT. Returns false when the
 * selector is beyond the table limit (or the LDT is null); never faults
 * except for a paging fault on the table itself. */
bool cpu_read_descriptor(struct cpu *c, uint16_t sel, struct descriptor *d);

/* JMP ptr16:16/32, JMP m16:16/32: to a code segment, call gate, task gate or TSS. */
void cpu_jmp_far(struct cpu *c, uint16_t sel, uint32_t off);
/* CALL far: pushes CS:EIP (opsize 2 or 4 bytes) and transfers, through a
 * call gate with a stack switch to an inner level when needed. */
void cpu_call_far(struct cpu *c, uint16_t sel, uint32_t off, int opsize);
/* RET far [imm16]: pops EIP, CS and `pop_bytes` of parameters; returns to an
 * outer level with its stack. */
void cpu_ret_far(struct cpu *c, uint16_t pop_bytes, int opsize);
/* IRET/IRETD: real mode, V86 (IOPL-sensitive), protected (to same or outer
 * level, to V86 mode, NT=1 task return). */
void cpu_iret(struct cpu *c, int opsize);

/* Deliver interrupt/exception `vec` now: through the IVT in real mode, or
 * the IDT in protected/V86 mode (interrupt, trap and task gates, stack
 * switch through the TSS, V86 exit). cpu->eip must already be the return
 * address. For INT_EXC with has_err, pushes `err`. */
void cpu_interrupt(struct cpu *c, uint8_t vec, enum int_kind kind, bool has_err, uint32_t err);

/* Called by cpu_run() after cpu_raise() unwound an instruction: delivers
 * cpu->exc_vec, applying the double-fault rules (SDM Vol. 3A, table 6-5)
 * and signalling shutdown on a triple fault. */
void cpu_deliver_exception(struct cpu *c);

/* Protected-mode I/O permission check for IN/OUT/INS/OUTS (SDM Vol. 1,
 * 18.5): when CPL > IOPL or in V86 mode, consult the TSS I/O bitmap for
 * `size` bytes at `port`; raises #GP(0) when access is denied. */
void cpu_io_check(struct cpu *c, uint16_t port, int size);

/* Switch tasks to the TSS selected by `sel` (SDM Vol. 3A, 7.3).
 * reason: TS_JMP, TS_CALL (sets NT and the back link), TS_IRET, TS_INT. */
enum { TS_JMP, TS_CALL, TS_IRET, TS_INT };
void cpu_task_switch(struct cpu *c, uint16_t sel, const struct descriptor *d,
                     int reason, bool has_err, uint32_t err);

#endif
