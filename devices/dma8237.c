/*
 * dma8237.c - the PC/AT 8237A DMA controller pair and page registers
 * (Intel 8237A datasheet: register set, mode/command/mask/request/status
 * registers, byte-pointer flip-flop, master clear, terminal count and
 * auto-initialize; IBM PC/AT Technical Reference for the port map, the
 * 16-bit controller's word addressing and the page registers). See
 * dma8237.h.
 */
#include "dma8237.h"

#include <stdio.h>
#include <string.h>

#include "../mmu/mem.h"
#include "board.h"
#include "isa.h"
#include "state.h"

/* Page register index (port & 15) for each channel. */
static const uint8_t page_port[8] = { 0x7, 0x3, 0x1, 0x2, 0xF, 0xB, 0x9, 0xA };

/* Controller, channel-in-controller for a channel number 0-7. */
static struct dma8237_ctrl *ctrl_of(struct dma8237 *d, int channel)
{
    return &d->ctrl[(channel >> 2) & 1];
}
static struct dma8237_channel *chan_of(struct dma8237 *d, int channel)
{
    return &ctrl_of(d, channel)->ch[channel & 3];
}

/* Physical address of byte `off` (bytes from the current address, in the
 * channel's direction) of channel `channel`. The address counter wraps
 * within its 16 bits (64 KiB on controller 1, 128 KiB on controller 2);
 * the page register supplies address bits 16-23. */
static uint32_t dma_phys(struct dma8237 *d, int channel, uint32_t off)
{
    struct dma8237_channel *c = chan_of(d, channel);
    bool dec = (c->mode & DMA_MODE_DECREMENT) != 0;
    uint8_t page = d->page[page_port[channel]];

    if (channel < 4) {
        uint16_t a = (uint16_t)(dec ? c->cur_addr - off : c->cur_addr + off);
        return (uint32_t)page << 16 | a;
    } else {
        uint16_t w = (uint16_t)(dec ? c->cur_addr - (off >> 1) : c->cur_addr + (off >> 1));
        return (uint32_t)(page & 0xFE) << 16 | (uint32_t)w << 1 | (off & 1);
    }
}

/* isa_bus entry: memory -> device buffer (a "read" transfer, from memory). */
static uint32_t dma_read_memory(void *opaque, int channel, void *buf, uint32_t pos, uint32_t len)
{
    struct dma8237 *d = opaque;
    uint8_t *p = buf;

    if (channel < 0 || channel >= 8)
        return 0;
    for (uint32_t i = 0; i < len; i++)
        p[i] = mem_read8(d->mem, dma_phys(d, channel, pos + i));
    return len;
}

/* isa_bus entry: device buffer -> memory (a "write" transfer, to memory).
 * A verify transfer moves nothing but still counts. */
static uint32_t dma_write_memory(void *opaque, int channel, const void *buf, uint32_t pos,
                                 uint32_t len)
{
    struct dma8237 *d = opaque;
    const uint8_t *p = buf;

    if (channel < 0 || channel >= 8)
        return 0;
    if ((chan_of(d, channel)->mode & DMA_MODE_TYPE_MASK) == DMA_MODE_VERIFY)
        return len;
    for (uint32_t i = 0; i < len; i++)
        mem_write8(d->mem, dma_phys(d, channel, pos + i), p[i]);
    return len;
}

/* True when channel `n` (0-7) may transfer now. */
static bool can_run(struct dma8237 *d, int n)
{
    struct dma8237_ctrl *k = ctrl_of(d, n);
    struct dma8237_channel *c = &k->ch[n & 3];

    return c->dreq && !(k->mask & (1u << (n & 3))) && !(k->command & DMA_CMD_DISABLE) &&
           (c->mode & DMA_MODE_SEL_MASK) != DMA_MODE_CASCADE && d->bus &&
           d->bus->dma_fn[n];
}

/* Account for `bytes` moved on channel n; handle terminal count. Returns
 * true at terminal count. */
static bool advance(struct dma8237 *d, int n, uint32_t bytes)
{
    struct dma8237_ctrl *k = ctrl_of(d, n);
    struct dma8237_channel *c = &k->ch[n & 3];
    uint32_t units = n < 4 ? bytes : bytes >> 1;
    uint32_t left = (uint32_t)c->cur_count + 1;

    if (units > left)
        units = left;
    c->cur_addr = (uint16_t)((c->mode & DMA_MODE_DECREMENT) ? c->cur_addr - units
                                                             : c->cur_addr + units);
    c->cur_count = (uint16_t)(c->cur_count - units);
    if (units < left)
        return false;
    /* Terminal count: the count register rolled over to 0xFFFF. */
    k->status |= (uint8_t)(1u << (n & 3));
    if (c->mode & DMA_MODE_AUTOINIT) {
        c->cur_addr = c->base_addr;
        c->cur_count = c->base_count;
    } else {
        k->mask |= (uint8_t)(1u << (n & 3));
    }
    return true;
}

void dma8237_run(struct dma8237 *d)
{
    if (d->running)
        return;
    d->running = true;
    for (int pass = 0; pass < 64; pass++) {
        bool progress = false;

        for (int n = 0; n < 8; n++) {
            uint32_t len, moved;
            struct dma8237_channel *c;

            if (!can_run(d, n))
                continue;
            c = chan_of(d, n);
            len = ((uint32_t)c->cur_count + 1) << (n < 4 ? 0 : 1);
            moved = d->bus->dma_fn[n](d->bus->dma_fn_opaque[n], n, 0, len);
            if (moved > len)
                moved = len;
            if (moved) {
                advance(d, n, moved);
                progress = true;
            }
        }
        if (!progress)
            break;
    }
    d->running = false;
}

/* isa_bus entry: a device asserts DREQ. */
static void dma_hold_dreq(void *opaque, int channel)
{
    struct dma8237 *d = opaque;

    if (channel < 0 || channel >= 8)
        return;
    chan_of(d, channel)->dreq = true;
    dma8237_run(d);
}

/* isa_bus entry: a device drops DREQ. */
static void dma_release_dreq(void *opaque, int channel)
{
    struct dma8237 *d = opaque;

    if (channel < 0 || channel >= 8)
        return;
    chan_of(d, channel)->dreq = false;
}

/* Master clear of one controller (datasheet: clears command, status,
 * request, temporary, the flip-flop; sets all mask bits). */
static void master_clear(struct dma8237_ctrl *k)
{
    k->command = 0;
    k->status = 0;
    k->request = 0;
    k->temp = 0;
    k->flipflop = false;
    k->mask = 0x0F;
}

void dma8237_reset(struct dma8237 *d)
{
    master_clear(&d->ctrl[0]);
    master_clear(&d->ctrl[1]);
}

/* Register index 0-15 and controller for a port, or -1 for none. */
static int decode(uint16_t port, int *which)
{
    if (port < 0x10) {
        *which = 0;
        return port;
    }
    if (port >= 0xC0 && port <= 0xDF) {
        *which = 1;
        return (port - 0xC0) >> 1;
    }
    return -1;
}

uint32_t dma8237_port_read(void *opaque, uint16_t port, int size)
{
    struct dma8237 *d = opaque;
    struct dma8237_ctrl *k;
    int which, reg;

    (void)size;
    if (port >= 0x80 && port <= 0x8F)
        return d->page[port & 15];
    if (port >= 0xC0 && (port & 1))
        return 0xFF;  /* odd ports of controller 2 are not decoded */
    reg = decode(port, &which);
    if (reg < 0)
        return 0xFF;
    k = &d->ctrl[which];
    if (reg < 8) {
        struct dma8237_channel *c = &k->ch[reg >> 1];
        uint16_t v = (reg & 1) ? c->cur_count : c->cur_addr;
        uint8_t out = k->flipflop ? (uint8_t)(v >> 8) : (uint8_t)v;

        k->flipflop = !k->flipflop;
        return out;
    }
    switch (reg) {
    case 8: {   /* status: TC bits cleared by the read; request bits live */
        uint8_t v = k->status & 0x0F;

        for (int i = 0; i < 4; i++)
            if (k->ch[i].dreq || (k->request & (1u << i)))
                v |= (uint8_t)(0x10u << i);
        k->status &= 0xF0;
        return v;
    }
    case 0xD:   /* temporary register */
        return k->temp;
    case 0xF:   /* all mask bits (readable on the PIIX family) */
        return 0xF0u | k->mask;
    default:
        return 0xFF;
    }
}

void dma8237_port_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct dma8237 *d = opaque;
    struct dma8237_ctrl *k;
    uint8_t v = (uint8_t)value;
    int which, reg;

    (void)size;
    if (port >= 0x80 && port <= 0x8F) {
        d->page[port & 15] = v;
        return;
    }
    if (port >= 0xC0 && (port & 1))
        return;
    reg = decode(port, &which);
    if (reg < 0)
        return;
    k = &d->ctrl[which];
    if (reg < 8) {
        struct dma8237_channel *c = &k->ch[reg >> 1];
        uint16_t *base = (reg & 1) ? &c->base_count : &c->base_addr;
        uint16_t *cur = (reg & 1) ? &c->cur_count : &c->cur_addr;

        if (k->flipflop)
            *base = (uint16_t)((*base & 0x00FF) | v << 8);
        else
            *base = (uint16_t)((*base & 0xFF00) | v);
        *cur = *base;
        k->flipflop = !k->flipflop;
        return;
    }
    switch (reg) {
    case 8:     /* command */
        k->command = v;
        break;
    case 9:     /* request: bit 2 set/reset, bits 0-1 channel */
        if (v & 4)
            k->request |= (uint8_t)(1u << (v & 3));
        else
            k->request &= (uint8_t)~(1u << (v & 3));
        break;
    case 0xA:   /* single mask bit */
        if (v & 4)
            k->mask |= (uint8_t)(1u << (v & 3));
        else
            k->mask &= (uint8_t)~(1u << (v & 3));
        break;
    case 0xB:   /* mode */
        k->ch[v & 3].mode = v & 0xFC;
        break;
    case 0xC:   /* clear byte pointer flip-flop */
        k->flipflop = false;
        break;
    case 0xD:   /* master clear */
        master_clear(k);
        break;
    case 0xE:   /* clear mask register */
        k->mask = 0;
        break;
    case 0xF:   /* write all mask bits */
        k->mask = v & 0x0F;
        break;
    }
    dma8237_run(d);
}

int dma8237_init(struct dma8237 *d, struct board *b, struct isa_bus *bus, struct mem *mem)
{
    memset(d, 0, sizeof(*d));
    d->bus = bus;
    d->mem = mem;
    dma8237_reset(d);
    if (bus) {
        bus->dma_hold_dreq = dma_hold_dreq;
        bus->dma_release_dreq = dma_release_dreq;
        bus->dma_read_memory = dma_read_memory;
        bus->dma_write_memory = dma_write_memory;
        bus->dma_opaque = d;
    }
    if (!b)
        return 0;
    if (board_register_ports(b, 0x00, 0x10, 1, dma8237_port_read, dma8237_port_write, d,
                             "dma8237-1") < 0 ||
        board_register_ports(b, 0x81, 0x0F, 1, dma8237_port_read, dma8237_port_write, d,
                             "dma-page") < 0 ||
        board_register_ports(b, 0xC0, 0x20, 1, dma8237_port_read, dma8237_port_write, d,
                             "dma8237-2") < 0)
        return -1;
    return 0;
}

/* --- save/restore (state.h record, version 1) --- */

/* The record's fields, X(type, field) with type the state.h accessor
 * suffix: per controller "cN.FIELD", per channel "cN.chM.FIELD". Save and
 * load share the lists. */
#define DMA_CTRL_FIELDS(X) \
    X(u8, command) X(u8, status) X(u8, mask) X(u8, request) X(u8, temp) X(bool, flipflop)
#define DMA_CHANNEL_FIELDS(X) \
    X(u16, base_addr) X(u16, base_count) X(u16, cur_addr) X(u16, cur_count) X(u8, mode) \
    X(bool, dreq)

int dma8237_save(const struct dma8237 *d, struct state_writer *w)
{
    char n[32];

    state_begin(w, "dma8237", 1);
    for (int c = 0; c < 2; c++) {
        const struct dma8237_ctrl *k = &d->ctrl[c];

#define X(type, field) snprintf(n, sizeof(n), "c%d." #field, c); \
        state_put_##type(w, n, k->field);
        DMA_CTRL_FIELDS(X)
#undef X
        for (int i = 0; i < 4; i++) {
            const struct dma8237_channel *ch = &k->ch[i];

#define X(type, field) snprintf(n, sizeof(n), "c%d.ch%d." #field, c, i); \
            state_put_##type(w, n, ch->field);
            DMA_CHANNEL_FIELDS(X)
#undef X
        }
    }
    state_put_bytes(w, "page", d->page, sizeof(d->page));
    return state_end(w);
}

int dma8237_load(struct dma8237 *d, const void *buf, size_t len)
{
    struct state_reader r;
    char n[32];

    if (state_open(&r, buf, len, "dma8237") < 0 || r.version > 1)
        return -1;
    for (int c = 0; c < 2; c++) {
        struct dma8237_ctrl *k = &d->ctrl[c];

#define X(type, field) snprintf(n, sizeof(n), "c%d." #field, c); \
        state_get_##type(&r, n, &k->field);
        DMA_CTRL_FIELDS(X)
#undef X
        for (int i = 0; i < 4; i++) {
            struct dma8237_channel *ch = &k->ch[i];

#define X(type, field) snprintf(n, sizeof(n), "c%d.ch%d." #field, c, i); \
            state_get_##type(&r, n, &ch->field);
            DMA_CHANNEL_FIELDS(X)
#undef X
        }
    }
    state_get_bytes(&r, "page", d->page, sizeof(d->page));
    return 0;
}
