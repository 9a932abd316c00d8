/*
 * dma8237.h - the PC/AT pair of Intel 8237A DMA controllers with the
 * 74LS612 page registers (Intel 8237A/8237A-5 datasheet; IBM PC/AT
 * Technical Reference, "DMA Controller").
 *
 * Controller 1 (ports 0x00-0x0F) serves the 8-bit channels 0-3: byte
 * addresses, physical address = page << 16 | address. Controller 2 (ports
 * 0xC0-0xDE, registers on even ports) serves the 16-bit channels 4-7: word
 * addresses and counts, physical address = (page & 0xFE) << 16 | address
 * << 1; channel 4 cascades controller 1. Page registers: 0x87 (ch 0), 0x83
 * (1), 0x81 (2), 0x82 (3), 0x8F (4), 0x8B (5), 0x89 (6), 0x8A (7); the
 * other ports in 0x81-0x8F are plain read/write latches as on the AT.
 * (Port 0x80, the POST-code latch, is left to the board.)
 *
 * Registers per controller: base/current address and word count (16 bits,
 * loaded low byte then high byte through the byte-pointer flip-flop),
 * command, mode (transfer type verify/write/read, auto-initialize,
 * increment/decrement, demand/single/block/cascade), request, mask
 * (single-bit, all-bits, clear-all), status (TC bits 0-3, cleared on read;
 * request bits 4-7), temporary, master clear.
 *
 * Transfers: a device holds DREQ with isa_dma_hold_dreq(); whenever a
 * channel has DREQ, is unmasked, its controller is enabled and it is not in
 * cascade mode, the controller calls the device's transfer callback at once
 * (inside the hold_dreq/unmask call: deterministic, no host timing) with
 * pos = 0 and len = the bytes left before terminal count; the device moves
 * data with isa_dma_read/write_memory() and returns the bytes it moved.
 * The controller then advances the current address/count; at terminal
 * count it sets the status TC bit and either reloads the base registers
 * (auto-initialize) or sets the channel's mask bit. Memory is reached by
 * mem_read8/mem_write8 (physical addresses, 24 bits as on the AT).
 */
#ifndef X86PC_DMA8237_H
#define X86PC_DMA8237_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct board;
struct isa_bus;
struct mem;

/* Mode register fields (datasheet "Mode Register"). */
#define DMA_MODE_TYPE_MASK 0x0Cu   /* 00 verify, 01 write (to memory), 10 read */
#define DMA_MODE_VERIFY 0x00u
#define DMA_MODE_WRITE 0x04u
#define DMA_MODE_READ 0x08u
#define DMA_MODE_AUTOINIT 0x10u
#define DMA_MODE_DECREMENT 0x20u
#define DMA_MODE_SEL_MASK 0xC0u    /* 00 demand, 01 single, 10 block, 11 cascade */
#define DMA_MODE_CASCADE 0xC0u
/* Command register bit 2: controller disable. */
#define DMA_CMD_DISABLE 0x04u

/* One channel's registers. Addresses and counts are in the controller's
 * units (bytes on controller 1, words on controller 2). */
struct dma8237_channel {
    uint16_t base_addr, base_count;
    uint16_t cur_addr, cur_count;
    uint8_t mode;              /* bits 2-7 of the last mode write */
    bool dreq;                 /* hardware request held by the device */
};

/* One 8237A. */
struct dma8237_ctrl {
    struct dma8237_channel ch[4];
    uint8_t command;
    uint8_t status;            /* bits 0-3 TC reached (clear on read) */
    uint8_t mask;              /* bits 0-3: channel masked */
    uint8_t request;           /* bits 0-3: software request (kept, no memory-to-memory) */
    uint8_t temp;              /* temporary register (memory-to-memory only: 0) */
    bool flipflop;             /* byte pointer: false = low byte next */
};

/* The pair, the page registers and the wiring. */
struct dma8237 {
    struct dma8237_ctrl ctrl[2];   /* [0] channels 0-3, [1] channels 4-7 */
    uint8_t page[16];              /* ports 0x80-0x8F (index = port & 15) */
    struct isa_bus *bus;
    struct mem *mem;
    bool running;                  /* inside dma8237_run (no re-entry) */
};

/* Register the ports (0x00-0x0F, 0x81-0x8F, 0xC0-0xDF) with the board and
 * the DMA entry points in `bus`; memory is `mem`. Returns 0 or -1 (port
 * conflict). Leaves the controllers in their reset state. */
int dma8237_init(struct dma8237 *d, struct board *b, struct isa_bus *bus, struct mem *mem);
/* RESET pin (datasheet "Master Clear" / reset): command, status, request,
 * temporary and flip-flop cleared, all channels masked. Page registers and
 * address/count registers are kept (they are not reset on the AT either),
 * DREQ lines are the devices' and are kept. */
void dma8237_reset(struct dma8237 *d);
/* Run every channel that can transfer now (see above). Called by the
 * hold_dreq/unmask paths; also usable by the board. */
void dma8237_run(struct dma8237 *d);

struct state_writer;
/* Save all registers as record "dma8237" version 1 (state.h). 0 or -1. */
int dma8237_save(const struct dma8237 *d, struct state_writer *w);
/* Load record "dma8237" from buf[0..len); fields absent keep their value.
 * Returns 0, or -1 when the record is missing or too new. */
int dma8237_load(struct dma8237 *d, const void *buf, size_t len);

/* Port handlers, exposed for unit tests (port is the absolute port). */
uint32_t dma8237_port_read(void *opaque, uint16_t port, int size);
void dma8237_port_write(void *opaque, uint16_t port, uint32_t value, int size);

#endif
