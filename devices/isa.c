/*
 * isa.c - ISA interrupt-request and DMA routing (see isa.h).
 *
 * The board fills struct isa_bus with the entry points of the interrupt
 * controller (the 8259A pair) and of the DMA controller (the 8237A pair);
 * devices call these wrappers, which check the line/channel number and do
 * nothing when no controller registered, so a device works (silently) on
 * a board without one.
 */
#include "isa.h"

#include <stddef.h>

void isa_irq_set(struct isa_bus *bus, int irq, int level)
{
    if (!bus || irq < 0 || irq >= ISA_IRQS || !bus->irq_set)
        return;
    bus->irq_set(bus->irq_opaque, irq, level ? 1 : 0);
}

void isa_dma_register(struct isa_bus *bus, int channel, isa_dma_transfer_fn fn, void *opaque)
{
    if (!bus || channel < 0 || channel >= ISA_DMA_CHANNELS)
        return;
    bus->dma_fn[channel] = fn;
    bus->dma_fn_opaque[channel] = opaque;
}

void isa_dma_hold_dreq(struct isa_bus *bus, int channel)
{
    if (!bus || channel < 0 || channel >= ISA_DMA_CHANNELS || !bus->dma_hold_dreq)
        return;
    bus->dma_hold_dreq(bus->dma_opaque, channel);
}

void isa_dma_release_dreq(struct isa_bus *bus, int channel)
{
    if (!bus || channel < 0 || channel >= ISA_DMA_CHANNELS || !bus->dma_release_dreq)
        return;
    bus->dma_release_dreq(bus->dma_opaque, channel);
}

uint32_t isa_dma_read_memory(struct isa_bus *bus, int channel, void *buf, uint32_t pos, uint32_t len)
{
    if (!bus || channel < 0 || channel >= ISA_DMA_CHANNELS || !bus->dma_read_memory)
        return 0;
    return bus->dma_read_memory(bus->dma_opaque, channel, buf, pos, len);
}

uint32_t isa_dma_write_memory(struct isa_bus *bus, int channel, const void *buf, uint32_t pos,
                              uint32_t len)
{
    if (!bus || channel < 0 || channel >= ISA_DMA_CHANNELS || !bus->dma_write_memory)
        return 0;
    return bus->dma_write_memory(bus->dma_opaque, channel, buf, pos, len);
}
