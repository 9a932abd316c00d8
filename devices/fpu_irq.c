/*
 * fpu_irq.c - the PC/AT FERR# -> IRQ13 flip-flop and its port F0h clear
 * (see fpu_irq.h).
 */
#include "fpu_irq.h"

#include "../cpu/cpu.h"
#include "board.h"
#include "isa.h"
#include "state.h"

/* Set or clear the flip-flop, driving IRQ13 to match. */
static void set_latch(struct fpu_irq *f, bool on)
{
    f->latch = on;
    isa_irq_set(f->isa, FPU_IRQ_LINE, on ? 1 : 0);
}

/* Reads: nothing to read on either port (the data bus floats). */
static uint32_t fpu_irq_read(void *opaque, uint16_t port, int size)
{
    (void)opaque; (void)port; (void)size;
    return 0xFF;
}

/* F0h, any value: clear the flip-flop (IRQ13 low; IGNNE# on, see the
 * header). F1h: on the AT this resets the separate 80287; an integrated FPU
 * has no such reset input, so the write has no effect. */
static void fpu_irq_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct fpu_irq *f = opaque;

    (void)value; (void)size;
    if (port == FPU_IRQ_PORT)
        set_latch(f, false);
}

int fpu_irq_init(struct fpu_irq *f, struct board *b, struct isa_bus *isa,
                 const struct cpu *cpu)
{
    f->isa = isa;
    f->cpu = cpu;
    f->latch = false;
    f->ferr_seen = false;
    return board_register_ports(b, FPU_IRQ_PORT, 2, 1, fpu_irq_read, fpu_irq_write, f,
                                "fpu_irq");
}

void fpu_irq_reset(struct fpu_irq *f)
{
    f->ferr_seen = false;
    set_latch(f, false);
}

void fpu_irq_poll(struct fpu_irq *f)
{
    bool ferr = f->cpu->fpu.ferr;

    if (ferr && !f->ferr_seen && !(f->cpu->cr[0] & CR0_NE))
        set_latch(f, true);
    f->ferr_seen = ferr;
}

int fpu_irq_save(const struct fpu_irq *f, struct state_writer *w, const char *name)
{
    state_begin(w, name, 1);
    state_put_bool(w, "latch", f->latch);
    state_put_bool(w, "ferr_seen", f->ferr_seen);
    return state_end(w);
}

int fpu_irq_load(struct fpu_irq *f, const void *buf, size_t len, const char *name)
{
    struct state_reader r;

    if (state_open(&r, buf, len, name) < 0 || r.version > 1)
        return -1;
    bool latch = f->latch;
    state_get_bool(&r, "latch", &latch);
    state_get_bool(&r, "ferr_seen", &f->ferr_seen);
    set_latch(f, latch);
    return 0;
}
