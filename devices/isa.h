/*
 * isa.h - what a chip on the ISA side of the board may use besides ports:
 * interrupt request lines and DMA channels.
 *
 * A device never includes another device's header (DESIGN.md): it raises an
 * IRQ line through isa_irq_set(), which the board routes to whatever
 * interrupt controller registered itself (the 8259A pair), and it moves data
 * by DMA through isa_dma_*(), which the board routes to the DMA controller
 * (the 8237A pair). The board owns one struct isa_bus.
 */
#ifndef X86PC_ISA_H
#define X86PC_ISA_H

#include <stdbool.h>
#include <stdint.h>

#define ISA_IRQS 16
#define ISA_DMA_CHANNELS 8

/*
 * DMA transfer callback, registered by a device for its channel (e.g. the
 * 82077AA FDC on channel 2). Called by the DMA controller while DREQ is
 * held and the channel is unmasked; the device moves bytes with
 * isa_dma_read_memory()/isa_dma_write_memory(). `pos` is the byte offset
 * reached in this request so far, `len` the bytes left before terminal
 * count (for the 16-bit channels 5-7 in bytes too, always even).
 * Returns the new position (bytes transferred so far).
 */
typedef uint32_t (*isa_dma_transfer_fn)(void *opaque, int channel, uint32_t pos, uint32_t len);

/* Routing table filled by the board: the interrupt and DMA controllers
 * register their entry points here. */
struct isa_bus {
    /* Interrupt controller input: set IRQ `irq` (0-15) to `level` (1 =
     * asserted). Edge-triggered inputs see a rising edge on 0->1. */
    void (*irq_set)(void *opaque, int irq, int level);
    void *irq_opaque;

    /* DMA controller entry points. */
    void (*dma_hold_dreq)(void *opaque, int channel);
    void (*dma_release_dreq)(void *opaque, int channel);
    /* Copy `len` bytes from guest memory at the channel's current address
     * (honouring its increment/decrement mode) into buf, or from buf to
     * memory; `pos` is the offset within the current request. Return the
     * bytes copied. */
    uint32_t (*dma_read_memory)(void *opaque, int channel, void *buf, uint32_t pos, uint32_t len);
    uint32_t (*dma_write_memory)(void *opaque, int channel, const void *buf, uint32_t pos, uint32_t len);
    void *dma_opaque;

    /* Devices' transfer callbacks per channel (set by isa_dma_register). */
    isa_dma_transfer_fn dma_fn[ISA_DMA_CHANNELS];
    void *dma_fn_opaque[ISA_DMA_CHANNELS];
};

/* Drive IRQ line `irq` (0-15) to `level` (0/1). No-op without a controller. */
void isa_irq_set(struct isa_bus *bus, int irq, int level);
/* Pulse an edge-triggered IRQ: 0 -> 1 (left asserted until the device
 * lowers it, as ISA devices hold their line; use isa_irq_set(…, 0) to drop). */
static inline void isa_irq_raise(struct isa_bus *bus, int irq) { isa_irq_set(bus, irq, 1); }
static inline void isa_irq_lower(struct isa_bus *bus, int irq) { isa_irq_set(bus, irq, 0); }

/* A device claims DMA channel `channel` (0-7) with its transfer callback. */
void isa_dma_register(struct isa_bus *bus, int channel, isa_dma_transfer_fn fn, void *opaque);
/* DREQ for the channel: asserted / dropped by the device. */
void isa_dma_hold_dreq(struct isa_bus *bus, int channel);
void isa_dma_release_dreq(struct isa_bus *bus, int channel);
/* Called from the device's transfer callback to move data (see above). */
uint32_t isa_dma_read_memory(struct isa_bus *bus, int channel, void *buf, uint32_t pos, uint32_t len);
uint32_t isa_dma_write_memory(struct isa_bus *bus, int channel, const void *buf, uint32_t pos, uint32_t len);

#endif
