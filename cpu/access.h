/*
 * access.h - the CPU's view of memory: segmentation, paging, the TLB.
 *
 * Every guest memory access by an instruction goes through these functions:
 * the segment check (SDM Vol. 3A, 5.3 limit checking and 5.4 type checking;
 * real-mode 8086 offset wrap; 286+ real-mode limit #GP/#SS), the linear to
 * physical translation with paging (SDM Vol. 3A, 4.3 32-bit paging; U/S, R/W,
 * CR0.WP, A/D bits, #PF with CR2 and error code) cached in the TLB, then the
 * physical memory map (mmu/mem.h). A fault calls cpu_raise() and does not
 * return. Sizes are in bytes: 1, 2 or 4 (cpu_read64/cpu_write64 for 8).
 */
#ifndef X86PC_ACCESS_H
#define X86PC_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* Data access at seg:off with the checks of the current mode and CPL.
 * A write checks the whole access before changing any byte. */
uint32_t cpu_read(struct cpu *c, int seg, uint32_t off, int size);
void cpu_write(struct cpu *c, int seg, uint32_t off, int size, uint32_t v);
uint64_t cpu_read64(struct cpu *c, int seg, uint32_t off);
void cpu_write64(struct cpu *c, int seg, uint32_t off, uint64_t v);

/* Check that seg:off..off+size-1 may be written (or read when !write),
 * raising the fault the access would raise, without accessing memory.
 * Used by instructions that must not partly complete (e.g. ENTER, far CALL
 * stack frames, task switches). */
void cpu_check_access(struct cpu *c, int seg, uint32_t off, int size, bool write);

/* Instruction fetch of one byte at CS:EIP (limit-checked, paging as an
 * execute access); advances EIP (16-bit wrap in 16-bit code on the 8086). */
uint8_t cpu_fetch8(struct cpu *c);

/* Linear-address accesses. `sys` means an implicit supervisor access
 * (descriptor tables, TSS, IDT: SDM Vol. 3A, 4.6) that ignores CPL;
 * otherwise CPL 3 makes it a user access. */
uint32_t cpu_lin_read(struct cpu *c, uint32_t lin, int size, bool sys);
void cpu_lin_write(struct cpu *c, uint32_t lin, int size, uint32_t v, bool sys);

/* Stack: push/pop `size` bytes at SS:(E)SP; the stack-address size comes
 * from SS.B (32-bit ESP) or 16-bit SP. Push writes before changing ESP, so
 * a faulting push leaves ESP unchanged. */
void cpu_push(struct cpu *c, int size, uint32_t v);
uint32_t cpu_pop(struct cpu *c, int size);
/* Read the stack at SS:(E)SP + offset without popping. */
uint32_t cpu_stack_read(struct cpu *c, uint32_t offset, int size);
/* Stack pointer as an offset: SP or ESP per SS.B, and writing it back. */
uint32_t cpu_get_sp(struct cpu *c);
void cpu_set_sp(struct cpu *c, uint32_t sp);

/* TLB maintenance (mmu/tlb.h). flush_all with global=false keeps global
 * pages when CR4.PGE=1 (a CR3 write); true flushes everything. */
void cpu_tlb_flush(struct cpu *c, bool global);
void cpu_tlb_flush_page(struct cpu *c, uint32_t lin);

/* Translate a linear address without faulting or setting A/D bits, for the
 * debugger: returns true and *phys when mapped. */
bool cpu_lin_to_phys(struct cpu *c, uint32_t lin, uint32_t *phys);

#endif
