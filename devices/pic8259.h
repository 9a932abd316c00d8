/*
 * pic8259.h - the PC/AT pair of Intel 8259A programmable interrupt
 * controllers (Intel 8259A datasheet, order no. 231468; IBM PC/AT
 * Technical Reference, "Interrupt Controllers"), with the edge/level
 * control registers ELCR1/ELCR2 of the Intel 82371SB PIIX3 (ports 0x4D0,
 * 0x4D1; PIIX3 datasheet 2.4.11).
 *
 * Master at 0x20-0x21 (IRQ0-7, vector base from its ICW2), slave at
 * 0xA0-0xA1 (IRQ8-15), the slave's INT output wired to master IR2. The
 * ISA bus IRQ2 pin is wired to slave IR1 (IRQ9), as on the AT.
 *
 * Inputs: each IRQ line is the OR of the ISA level (pic8259_set_irq, via
 * the board's struct isa_bus) and the PCI level (pic8259_set_pci_irq, via
 * the PIIX3 PIRQ routing). An input is edge-triggered unless ICW1.LTIM or
 * its ELCR bit selects level triggering. Edge mode: a rising edge arms the
 * input's edge latch; the IRR bit is that latch AND the present level (the
 * request must stay high until INTA, datasheet "Edge Triggered Mode"), and
 * the latch is cleared when the request goes in service. Level mode: the
 * IRR bit is the level. If a request disappears before INTA, INTA returns
 * the chip's IR7 vector without setting ISR (the "default IR7", i.e. the
 * spurious IRQ7/IRQ15; for the slave, the master still puts IR2 in
 * service).
 *
 * Output: the master's INT drives the CPU's INTR pin through the int_out
 * callback (the board sets cpu->intr_line); the CPU's INTA cycle is
 * pic8259_intack(), which returns the 8-bit vector (x86 mode: ICW2 T7-T3 |
 * IR number).
 *
 * All chip state lives in struct pic8259_state, plain data, saved and
 * restored as the "pic" state record (state.h), version 1.
 */
#ifndef X86PC_PIC8259_H
#define X86PC_PIC8259_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct board;
struct state_writer;

#define PIC_MASTER_BASE 0x20
#define PIC_SLAVE_BASE 0xA0
#define PIC_ELCR_BASE 0x4D0
#define PIC_CASCADE_IR 2        /* master input the slave is wired to */
#define PIC_STATE_VERSION 1

/* One 8259A. */
struct pic8259_chip {
    uint8_t imr;          /* OCW1: interrupt mask register */
    uint8_t isr;          /* in-service register */
    uint8_t edge;         /* edge-sense latches (armed by rising edges) */
    uint8_t level;        /* present level of the IR0-IR7 inputs */
    uint8_t elcr;         /* PIIX3 ELCR: 1 = level-triggered input */
    uint8_t elcr_mask;    /* ELCR bits that exist (master 0xF8, slave 0xDE) */
    uint8_t lowest;       /* IR with the lowest priority (rotation), 0-7 */
    uint8_t icw1, icw2, icw3, icw4;
    uint8_t init_step;    /* 0: initialised/OCW mode; 2, 3, 4: next ICW expected */
    bool read_isr;        /* OCW3 RR/RIS: port A0=0 reads ISR (else IRR) */
    bool poll;            /* OCW3 P: the next read is a poll (an INTA) */
    bool special_mask;    /* OCW3 ESMM/SMM: special mask mode */
    bool rotate_aeoi;     /* OCW2 R=1 SL=0 EOI=0: rotate in automatic EOI mode */
    bool is_slave;        /* wiring: this is the chip at 0xA0 */
};

/* Both chips and the input lines (plain data: what a snapshot copies). */
struct pic8259_state {
    struct pic8259_chip chip[2];  /* [0] master, [1] slave */
    uint16_t isa_lines;           /* IRQ0-15 levels driven by ISA devices */
    uint16_t pci_lines;           /* IRQ0-15 levels driven by PCI INTx routing */
    bool int_out;                 /* master INT output as last reported */
};

/* The controller pair and its wiring. */
struct pic8259 {
    struct pic8259_state s;
    /* INT output to the CPU's INTR pin (level 0/1). May be NULL. */
    void (*int_out)(void *opaque, int level);
    void *int_opaque;
};

/* Power-on state (both chips uninitialised: all masks 0, nothing pending,
 * ELCR 0) and the wiring. Does not register ports. */
void pic8259_setup(struct pic8259 *p, void (*int_out)(void *opaque, int level), void *opaque);

/* Register ports 0x20-0x21, 0xA0-0xA1, 0x4D0-0x4D1 with the board.
 * Returns 0 or -1 (port conflict). Call pic8259_setup first. */
int pic8259_register(struct pic8259 *p, struct board *b);

/* System reset (PIIX3 RSTDRV): chips back to the power-on state, ELCR 0.
 * Input levels are the devices' and are kept. */
void pic8259_reset(struct pic8259 *p);

/* An ISA device drives IRQ `irq` (0-15) to `level`. IRQ2 means slave IR1.
 * The signature matches struct isa_bus.irq_set (opaque = struct pic8259). */
void pic8259_set_irq(void *opaque, int irq, int level);
/* The PCI INTx routing drives IRQ `irq` (0-15) to `level`; ORed with the
 * ISA level of the same line. */
void pic8259_set_pci_irq(void *opaque, int irq, int level);

/* INTA cycle (the CPU's cpu->intr_ack): the vector of the highest-priority
 * request, which goes in service (or is acknowledged at once in AEOI
 * mode); the IR7 vector when no request is pending (spurious). */
uint8_t pic8259_intack(void *opaque);

/* True when the master's INT output is high (an interrupt is pending). */
bool pic8259_int_pending(const struct pic8259 *p);
/* True when a future request could still reach INT: the master is
 * initialised (ICW1-ICW4 done) with an unmasked input, counting IR2 only
 * when the slave is initialised with an unmasked input too. False means
 * only an NMI can wake a halted CPU. */
bool pic8259_can_interrupt(const struct pic8259 *p);

/* Port access as the CPU does it (absolute ports 0x20/0x21, 0xA0/0xA1,
 * 0x4D0/0x4D1; size 1). Exposed for unit tests. */
uint32_t pic8259_port_read(void *opaque, uint16_t port, int size);
void pic8259_port_write(void *opaque, uint16_t port, uint32_t value, int size);

/* Save the "pic" record / load it (0, or -1 if absent, too new or
 * malformed: then the state is unchanged). Load recomputes INT. */
void pic8259_save(const struct pic8259 *p, struct state_writer *w);
int pic8259_load(struct pic8259 *p, const void *buf, size_t len);

#endif
