/*
 * piix_ide.c - PIIX3 IDE function: legacy ATA ports, PCI configuration
 * and bus-master DMA (Intel 82371FB/SB datasheet 2.6, 2.7, 3.4). See
 * piix_ide.h.
 */
#include "piix_ide.h"

#include <stdio.h>
#include <string.h>

#include "../mmu/mem.h"
#include "board.h"
#include "state.h"

/* --- legacy command/control blocks --- */

/* Channel and register for a legacy port; control block = reg 8. */
static struct ata_channel *decode(struct piix_ide *p, uint16_t port, int *reg)
{
    if (port >= 0x1F0 && port <= 0x1F7) { *reg = port - 0x1F0; return &p->ch[0]; }
    if (port >= 0x170 && port <= 0x177) { *reg = port - 0x170; return &p->ch[1]; }
    if (port == 0x3F6) { *reg = 8; return &p->ch[0]; }
    if (port == 0x376) { *reg = 8; return &p->ch[1]; }
    return NULL;
}

uint32_t piix_ide_legacy_read(void *opaque, uint16_t port, int size)
{
    struct piix_ide *p = opaque;
    int reg;
    struct ata_channel *ch = decode(p, port, &reg);
    uint32_t v = 0;

    if (!ch)
        return 0xFFFFFFFFu;
    if (reg == 8)
        return ata_read_altstatus(ch);
    if (reg == 0)
        return ata_read(ch, 0, size);
    for (int k = 0; k < size; k++)   /* a wide access to byte registers */
        v |= (reg + k <= 7 ? ata_read(ch, reg + k, 1) & 0xFF : 0xFF) << (8 * k);
    return v;
}

void piix_ide_legacy_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct piix_ide *p = opaque;
    int reg;
    struct ata_channel *ch = decode(p, port, &reg);

    if (!ch)
        return;
    if (reg == 8) {
        ata_write_devctl(ch, (uint8_t)value);
        return;
    }
    if (reg == 0) {
        ata_write(ch, 0, value, size);
        return;
    }
    for (int k = 0; k < size && reg + k <= 7; k++)
        ata_write(ch, reg + k, (value >> (8 * k)) & 0xFF, 1);
}

/* --- bus master --- */

/* Fetch the next PRD; false when the table is used up. */
static bool next_prd(struct piix_ide *p, struct piix_bm *bm)
{
    uint32_t a, c;

    if (bm->cur_eot || bm->exhausted) {
        bm->exhausted = true;
        return false;
    }
    a = mem_read32(p->mem, bm->next);
    c = mem_read32(p->mem, bm->next + 4);
    bm->next += 8;
    bm->cur_addr = a & ~1u;
    bm->cur_left = (c & 0xFFFF) ? (c & 0xFFFE) : 0x10000;
    if (bm->cur_left == 0)
        bm->cur_left = 0x10000;
    bm->cur_eot = (c >> 31) != 0;
    return true;
}

/* Move up to len bytes between buf and guest memory along channel c's PRD
 * table (to_memory: device to memory). Returns the bytes moved. */
static uint32_t bm_rw_chan(struct piix_ide *p, int c, uint8_t *buf, uint32_t len, bool to_memory)
{
    struct piix_bm *bm = &p->bm[c];
    uint32_t done = 0;

    /* No transfer unless started and the function may master the bus
     * (PCI command register bit 2, Bus Master Enable). */
    if (!(bm->cmd & BM_CMD_START) || !(p->pci.config[PCI_COMMAND] & PCI_COMMAND_MASTER))
        return 0;
    while (done < len) {
        uint32_t n;

        if (bm->cur_left == 0 && !next_prd(p, bm))
            break;
        n = len - done < bm->cur_left ? len - done : bm->cur_left;
        /* Page by page through host pointers where the page is RAM. */
        while (n) {
            uint32_t in_page = 4096 - (bm->cur_addr & 4095);
            uint32_t k = n < in_page ? n : in_page;
            uint8_t *host = mem_host_page(p->mem, bm->cur_addr, to_memory);

            if (host) {
                host += bm->cur_addr & 4095;
                if (to_memory)
                    memcpy(host, buf + done, k);
                else
                    memcpy(buf + done, host, k);
            } else {
                for (uint32_t i = 0; i < k; i++) {
                    if (to_memory)
                        mem_write8(p->mem, bm->cur_addr + i, buf[done + i]);
                    else
                        buf[done + i] = mem_read8(p->mem, bm->cur_addr + i);
                }
            }
            bm->cur_addr += k;
            bm->cur_left -= k;
            done += k;
            n -= k;
        }
        if (bm->cur_left == 0 && bm->cur_eot)
            bm->exhausted = true;
    }
    return done;
}

static uint32_t bm_rw0(void *o, uint8_t *b, uint32_t l, bool t) { return bm_rw_chan(o, 0, b, l, t); }
static uint32_t bm_rw1(void *o, uint8_t *b, uint32_t l, bool t) { return bm_rw_chan(o, 1, b, l, t); }

static bool bm_ready0(void *o) { return (((struct piix_ide *)o)->bm[0].cmd & BM_CMD_START) != 0; }
static bool bm_ready1(void *o) { return (((struct piix_ide *)o)->bm[1].cmd & BM_CMD_START) != 0; }

/* The device ended its DMA command: interrupt bit; Active cleared when
 * the PRD table is used up (else it stays set: table longer than the
 * transfer) or on error. */
static void bm_done_chan(struct piix_ide *p, int c, bool error)
{
    struct piix_bm *bm = &p->bm[c];

    bm->status |= BM_ST_INT;
    if (bm->exhausted || error)
        bm->status &= (uint8_t)~BM_ST_ACTIVE;
}

static void bm_done0(void *o, bool e) { bm_done_chan(o, 0, e); }
static void bm_done1(void *o, bool e) { bm_done_chan(o, 1, e); }

static uint8_t bm_read_byte(struct piix_ide *p, unsigned off)
{
    struct piix_bm *bm = &p->bm[(off >> 3) & 1];

    switch (off & 7) {
    case 0: return bm->cmd;
    case 2: return bm->status;
    case 4: case 5: case 6: case 7: return (uint8_t)(bm->prd >> (8 * (off & 3)));
    default: return 0;
    }
}

static void bm_write_byte(struct piix_ide *p, unsigned off, uint8_t v)
{
    int c = (off >> 3) & 1;
    struct piix_bm *bm = &p->bm[c];

    switch (off & 7) {
    case 0: {
        uint8_t old = bm->cmd;

        bm->cmd = v & (BM_CMD_START | BM_CMD_WRITE);
        if ((v & BM_CMD_START) && !(old & BM_CMD_START)) {
            bm->next = bm->prd;
            bm->cur_left = 0;
            bm->cur_eot = false;
            bm->exhausted = false;
            bm->status |= BM_ST_ACTIVE;
            ata_dma_kick(&p->ch[c]);
        } else if (!(v & BM_CMD_START)) {
            bm->status &= (uint8_t)~BM_ST_ACTIVE;   /* stop: the transfer is abandoned */
        }
        break;
    }
    case 2:
        bm->status = (uint8_t)((bm->status & ~(0x60u)) | (v & 0x60u));   /* drive DMA capable */
        bm->status &= (uint8_t)~(v & (BM_ST_ERROR | BM_ST_INT));          /* write 1 to clear */
        break;
    case 4: case 5: case 6: case 7: {
        unsigned sh = 8 * (off & 3);
        bm->prd = (bm->prd & ~(0xFFu << sh)) | (uint32_t)v << sh;
        bm->prd &= ~3u;
        break;
    }
    default:
        break;
    }
}

uint32_t piix_ide_bm_read(void *opaque, uint16_t port, int size)
{
    struct piix_ide *p = opaque;
    unsigned off = (uint16_t)(port - p->bm_base);
    uint32_t v = 0;

    for (int k = 0; k < size; k++)
        v |= (uint32_t)bm_read_byte(p, (off + k) & 15) << (8 * k);
    return v;
}

void piix_ide_bm_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct piix_ide *p = opaque;
    unsigned off = (uint16_t)(port - p->bm_base);

    for (int k = 0; k < size; k++)
        bm_write_byte(p, (off + k) & 15, (uint8_t)(value >> (8 * k)));
}

/* BAR 4 moved or I/O decoding changed: move the bus-master window. */
static void bar_changed(void *opaque, struct pci_function *f, int bar)
{
    struct piix_ide *p = opaque;
    uint32_t base;

    if (bar != 4 || !p->board)
        return;
    base = pci_bar_address(f, 4);
    if (base > 0xFFF0)
        base = 0;
    if (base == p->bm_base)
        return;
    if (p->bm_base)
        board_unregister_ports(p->board, p->bm_base, 16, p);
    p->bm_base = 0;
    if (base && board_register_ports(p->board, (uint16_t)base, 16, 4, piix_ide_bm_read,
                                     piix_ide_bm_write, p, "piix-ide-bm") == 0)
        p->bm_base = (uint16_t)base;
}

void piix_ide_reset(struct piix_ide *p)
{
    for (int c = 0; c < 2; c++) {
        memset(&p->bm[c], 0, sizeof(p->bm[c]));
        ata_channel_reset(&p->ch[c]);
    }
}

int piix_ide_init(struct piix_ide *p, struct board *b, struct pci_bus *pci,
                  struct isa_bus *isa, struct mem *mem, uint8_t devfn)
{
    memset(p, 0, sizeof(*p));
    p->board = b;
    p->mem = mem;
    for (int c = 0; c < 2; c++) {
        ata_channel_init(&p->ch[c], isa, c ? 15 : 14, c);
        p->ch[c].dma_opaque = p;
    }
    p->ch[0].dma_rw = bm_rw0;
    p->ch[1].dma_rw = bm_rw1;
    p->ch[0].dma_ready = bm_ready0;
    p->ch[1].dma_ready = bm_ready1;
    p->ch[0].dma_done = bm_done0;
    p->ch[1].dma_done = bm_done1;

    pci_function_init(&p->pci, devfn, 0x8086, 0x7010, 0x010180, 0x00, "piix3-ide");
    pci_function_set_bar(&p->pci, 4, PCI_BAR_IO, 16);
    /* IDETIM (40h-43h) and SIDETIM (44h) are read/write. */
    for (int k = 0x40; k <= 0x44; k++)
        p->pci.wmask[k] = 0xFF;
    p->pci.bar_changed = bar_changed;
    p->pci.opaque = p;
    if (pci && pci_register_function(pci, &p->pci) < 0)
        return -1;
    if (!b)
        return 0;
    if (board_register_ports(b, 0x1F0, 8, 4, piix_ide_legacy_read, piix_ide_legacy_write, p,
                             "ide0") < 0 ||
        board_register_ports(b, 0x3F6, 1, 1, piix_ide_legacy_read, piix_ide_legacy_write, p,
                             "ide0-ctl") < 0 ||
        board_register_ports(b, 0x170, 8, 4, piix_ide_legacy_read, piix_ide_legacy_write, p,
                             "ide1") < 0 ||
        board_register_ports(b, 0x376, 1, 1, piix_ide_legacy_read, piix_ide_legacy_write, p,
                             "ide1-ctl") < 0)
        return -1;
    return 0;
}

/* --- save/restore (state.h record, version 1) --- */

/* One channel's bus-master fields in the record, "bmN.FIELD": X(type, field)
 * with type the state.h accessor suffix. Save and load share the list. */
#define PIIX_BM_FIELDS(X) \
    X(u8, cmd) X(u8, status) X(u32, prd) X(u32, next) X(u32, cur_addr) \
    X(u32, cur_left) X(bool, cur_eot) X(bool, exhausted)

int piix_ide_save(const struct piix_ide *p, struct state_writer *w)
{
    char n[32];

    state_begin(w, "piix_ide", 1);
    state_put_bytes(w, "config", p->pci.config, sizeof(p->pci.config));
    for (int c = 0; c < 2; c++) {
        const struct piix_bm *bm = &p->bm[c];

#define X(type, field) snprintf(n, sizeof(n), "bm%d." #field, c); \
        state_put_##type(w, n, bm->field);
        PIIX_BM_FIELDS(X)
#undef X
        snprintf(n, sizeof(n), "ch%d.", c);
        ata_channel_save(&p->ch[c], w, n);
    }
    return state_end(w);
}

int piix_ide_load(struct piix_ide *p, const void *buf, size_t len)
{
    struct state_reader r;
    char n[32];

    if (state_open(&r, buf, len, "piix_ide") < 0 || r.version > 1)
        return -1;
    state_get_bytes(&r, "config", p->pci.config, sizeof(p->pci.config));
    for (int c = 0; c < 2; c++) {
        struct piix_bm *bm = &p->bm[c];

#define X(type, field) snprintf(n, sizeof(n), "bm%d." #field, c); \
        state_get_##type(&r, n, &bm->field);
        PIIX_BM_FIELDS(X)
#undef X
        if (bm->cur_left > 0x10000)
            bm->cur_left = 0x10000;
        snprintf(n, sizeof(n), "ch%d.", c);
        ata_channel_load(&p->ch[c], &r, n);
    }
    bar_changed(p, &p->pci, 4);   /* re-map the bus-master window */
    return 0;
}
