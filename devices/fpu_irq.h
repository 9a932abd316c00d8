/*
 * fpu_irq.h - the PC/AT numeric-coprocessor error glue: FERR# -> IRQ13 and
 * the port F0h latch clear (IBM Personal Computer AT Technical Reference,
 * "System Board" I/O address map: 0F0h "clear math coprocessor busy", 0F1h
 * "reset math coprocessor", and the coprocessor's error signal on IRQ13;
 * for the 486 and later with an integrated FPU: Intel SDM Vol. 3A, 2.5
 * (CR0.NE) and Vol. 1, 8.7 "Handling x87 FPU exceptions in software",
 * 8.7.1 "Native mode" vs the "MS-DOS compatibility" mode with FERR# and
 * IGNNE#; Intel 82371AB PIIX4 datasheet, port F0h "coprocessor error").
 *
 * With CR0.NE=0 the processor signals an unmasked x87 exception on its
 * FERR# output (cpu->fpu.ferr). On the PC board a rising edge of FERR# sets
 * a flip-flop whose output is IRQ13 (on the slave 8259A); the IRQ13
 * handler writes any value to port F0h, which clears the flip-flop
 * (deasserting IRQ13) and asserts IGNNE# until FERR# goes away, so the
 * handler's own x87 instructions can run. The flip-flop is set again only by
 * a new FERR# edge. With CR0.NE=1 the exception is reported as #MF and
 * FERR# is ignored here.
 *
 * IGNNE#: the x87 of this emulator (cpu/fpu_ops.c) already proceeds with
 * CR0.NE=0 as if IGNNE# were asserted (it never freezes a waiting
 * instruction), so the IGNNE# half of the logic has nothing to drive.
 *
 * FERR# is sampled by fpu_irq_poll() between CPU batches (no per-instruction
 * polling): IRQ13 follows an FERR# edge within one run-loop batch.
 */
#ifndef X86PC_FPU_IRQ_H
#define X86PC_FPU_IRQ_H

#include <stdbool.h>
#include <stddef.h>

struct board;
struct cpu;
struct isa_bus;

#define FPU_IRQ_PORT 0xF0 /* F0h clear the latch; F1h AT coprocessor reset */
#define FPU_IRQ_LINE 13

/* The IRQ13 flip-flop and the last FERR# level sampled. */
struct fpu_irq {
    struct isa_bus *isa;
    const struct cpu *cpu;
    bool latch;      /* IRQ13 asserted */
    bool ferr_seen;  /* FERR# level at the previous poll (edge detection) */
};

/* Register ports F0h-F1h; `cpu` is sampled by fpu_irq_poll(). 0 or -1. */
int fpu_irq_init(struct fpu_irq *f, struct board *b, struct isa_bus *isa,
                 const struct cpu *cpu);
/* System reset: latch clear, IRQ13 low. */
void fpu_irq_reset(struct fpu_irq *f);
/* Between CPU batches: an FERR# rising edge with CR0.NE=0 sets the latch
 * and raises IRQ13. */
void fpu_irq_poll(struct fpu_irq *f);

struct state_writer;
/* Save the latch and the sampled FERR# level as record `name` (e.g.
 * "fpu_irq"), version 1 (state.h). Returns 0, or -1 on a writer error. */
int fpu_irq_save(const struct fpu_irq *f, struct state_writer *w, const char *name);
/* Load record `name` from buf[0..len) and drive IRQ13 from the loaded
 * latch. Returns 0, or -1 when the record is absent or newer than 1. */
int fpu_irq_load(struct fpu_irq *f, const void *buf, size_t len, const char *name);

#endif
