/*
 * fw_cfg.c - QEMU firmware configuration device, I/O ports 0x510-0x51B
 * (see fw_cfg.h; QEMU docs/specs/fw_cfg.rst).
 */
#include "fw_cfg.h"

#include <stdlib.h>
#include <string.h>

#include "../mmu/mem.h"
#include "board.h"
#include "state.h"

static const uint8_t dma_signature[8] = { 'Q', 'E', 'M', 'U', ' ', 'C', 'F', 'G' };

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t bswap32(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
}

/* Index of item `key`, or -1 (an unknown selector reads as nothing). */
static int find_item(const struct fw_cfg *f, uint16_t key)
{
    for (unsigned k = 0; k < f->nitems; k++)
        if (f->items[k].key == key)
            return (int)k;
    return -1;
}

/* Bytes of the current item from the read position (0 past the end). */
static uint32_t item_left(const struct fw_cfg *f)
{
    if (f->cur < 0 || f->offset >= f->items[f->cur].len)
        return 0;
    return f->items[f->cur].len - f->offset;
}

/* Copy n bytes to guest-physical `dst` as a bus master does: straight into
 * RAM outside the legacy 0xA0000-0xFFFFF window (A20M# is a CPU input and
 * does not gate DMA), byte by byte through the memory map elsewhere (VGA
 * memory, shadow RAM; ROM and holes drop the writes). */
static void copy_to_guest(struct fw_cfg *f, uint32_t dst, const uint8_t *src, uint32_t n)
{
    uint64_t ram = mem_ram_size(f->mem);

    while (n) {
        uint32_t chunk = 4096 - (dst & 4095);
        uint8_t *page = NULL;
        if (chunk > n)
            chunk = n;
        if ((dst < 0xA0000u || dst >= 0x100000u) && (uint64_t)dst + chunk <= ram)
            page = mem_ram(f->mem) + (dst & ~4095u);
        if (page) {
            if (src)
                memcpy(page + (dst & 4095), src, chunk);
            else
                memset(page + (dst & 4095), 0, chunk);
        } else {
            for (uint32_t k = 0; k < chunk; k++)
                mem_write8(f->mem, dst + k, src ? src[k] : 0);
        }
        dst += chunk;
        if (src)
            src += chunk;
        n -= chunk;
    }
}

/* Run the DMA request at guest-physical `desc`: select, then read or skip
 * `length` bytes; a read past the item's end fills zeros (as QEMU). */
static void dma_run(struct fw_cfg *f, uint32_t desc)
{
    uint8_t d[16], out[4];
    uint32_t control, length, addr;
    bool error = false;

    for (int k = 0; k < 16; k++)
        d[k] = mem_read8(f->mem, desc + (uint32_t)k);
    control = get_be32(d);
    length = get_be32(d + 4);
    addr = get_be32(d + 12);
    if (get_be32(d + 8) != 0)
        error = true;              /* above 4 GiB: no such memory here */
    if (control & FW_CFG_DMA_SELECT) {
        f->cur = find_item(f, (uint16_t)(control >> 16));
        f->offset = 0;
    }
    if (!error && (control & FW_CFG_DMA_WRITE)) {
        error = true;              /* every item is read-only */
    } else if (!error && (control & (FW_CFG_DMA_READ | FW_CFG_DMA_SKIP))) {
        uint32_t avail = item_left(f), n = length < avail ? length : avail;
        if (control & FW_CFG_DMA_READ) {
            if (n)
                copy_to_guest(f, addr, f->items[f->cur].data + f->offset, n);
            if (length > n)
                copy_to_guest(f, addr + n, NULL, length - n);
        }
        f->offset += n;
    }
    put_be32(out, error ? FW_CFG_DMA_ERROR : 0);
    for (int k = 0; k < 4; k++)
        mem_write8(f->mem, desc + (uint32_t)k, out[k]);
}

static uint32_t fw_cfg_io_read(void *opaque, uint16_t port, int size)
{
    struct fw_cfg *f = opaque;
    uint32_t v = 0;

    if (port >= FW_CFG_PORT_DMA) {
        for (int k = 0; k < size; k++) {
            unsigned i = (unsigned)(port - FW_CFG_PORT_DMA) + (unsigned)k;
            v |= (uint32_t)(i < 8 ? dma_signature[i] : 0) << (8 * k);
        }
        return v;
    }
    if (port != FW_CFG_PORT_DATA)
        return 0;                  /* the selector reads as 0 */
    for (int k = 0; k < size; k++) {
        if (item_left(f))
            v |= (uint32_t)f->items[f->cur].data[f->offset++] << (8 * k);
    }
    return v;
}

static void fw_cfg_io_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct fw_cfg *f = opaque;

    if (port == FW_CFG_PORT_SEL && size >= 2) {
        f->cur = find_item(f, (uint16_t)value);
        f->offset = 0;
    } else if (port == FW_CFG_PORT_DMA && size == 4) {
        f->dma_hi = bswap32(value);
    } else if (port == FW_CFG_PORT_DMA + 4 && size == 4) {
        if (f->dma_hi == 0)
            dma_run(f, bswap32(value));
        f->dma_hi = 0;
    }
    /* Data writes (the old write interface) are not supported, as in
     * QEMU 2.4 and later. */
}

int fw_cfg_add(struct fw_cfg *f, uint16_t key, const void *data, uint32_t len, bool take)
{
    struct fw_cfg_item *it;

    if (f->nitems >= FW_CFG_MAX_ITEMS || find_item(f, key) >= 0)
        return -1;
    it = &f->items[f->nitems];
    if (take) {
        it->data = (uint8_t *)data;
    } else {
        it->data = malloc(len ? len : 1);
        if (!it->data)
            return -1;
        if (len)
            memcpy(it->data, data, len);
    }
    it->key = key;
    it->len = len;
    it->owned = true;
    f->nitems++;
    return 0;
}

int fw_cfg_add_u16(struct fw_cfg *f, uint16_t key, uint16_t v)
{
    uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

    return fw_cfg_add(f, key, b, 2, false);
}

int fw_cfg_add_u32(struct fw_cfg *f, uint16_t key, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

    return fw_cfg_add(f, key, b, 4, false);
}

int fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t len)
{
    uint16_t key = (uint16_t)(FW_CFG_FILE_FIRST + f->nfiles);
    uint8_t *e;
    int dir;

    if (f->nfiles >= FW_CFG_MAX_FILES || strlen(name) >= FW_CFG_NAME_LEN ||
        fw_cfg_add(f, key, data, len, false) < 0)
        return -1;
    /* Directory entry: be32 size, be16 select, be16 reserved, name[56]. */
    e = f->dir + 4 + 64 * f->nfiles;
    memset(e, 0, 64);
    put_be32(e, len);
    e[4] = (uint8_t)(key >> 8);
    e[5] = (uint8_t)key;
    memcpy(e + 8, name, strlen(name));
    f->nfiles++;
    put_be32(f->dir, f->nfiles);
    dir = find_item(f, FW_CFG_FILE_DIR);
    if (dir >= 0)
        f->items[dir].len = 4 + 64 * f->nfiles;
    return 0;
}

int fw_cfg_init(struct fw_cfg *f, struct board *b, struct mem *mem)
{
    static const uint8_t sig[4] = { 'Q', 'E', 'M', 'U' };

    memset(f, 0, sizeof(*f));
    f->board = b;
    f->mem = mem;
    f->cur = -1;
    /* The directory item points into f->dir (not owned). */
    f->items[0] = (struct fw_cfg_item){ .key = FW_CFG_FILE_DIR, .data = f->dir, .len = 4 };
    f->nitems = 1;
    if (fw_cfg_add(f, FW_CFG_SIGNATURE, sig, 4, false) < 0 ||
        fw_cfg_add_u32(f, FW_CFG_ID, 3) < 0)   /* traditional + DMA */
        return -1;
    if (board_register_ports(b, FW_CFG_PORT_SEL, 2, 2, fw_cfg_io_read, fw_cfg_io_write, f,
                             "fw_cfg") < 0 ||
        board_register_ports(b, FW_CFG_PORT_DMA, 8, 4, fw_cfg_io_read, fw_cfg_io_write, f,
                             "fw_cfg-dma") < 0)
        return -1;
    return 0;
}

void fw_cfg_save(const struct fw_cfg *f, struct state_writer *w)
{
    state_begin(w, "fw_cfg", FW_CFG_STATE_VERSION);
    state_put_u16(w, "key", f->cur >= 0 ? f->items[f->cur].key : 0xFFFF);
    state_put_u32(w, "offset", f->offset);
    state_put_u32(w, "dma_hi", f->dma_hi);
    state_end(w);
}

int fw_cfg_load(struct fw_cfg *f, const void *buf, size_t len)
{
    struct state_reader r;
    uint16_t key = 0xFFFF;
    uint32_t offset = 0, dma_hi = 0;
    int cur = -1;

    if (state_open(&r, buf, len, "fw_cfg") < 0 || r.version > FW_CFG_STATE_VERSION)
        return -1;
    state_get_u16(&r, "key", &key);
    state_get_u32(&r, "offset", &offset);
    state_get_u32(&r, "dma_hi", &dma_hi);
    if (key != 0xFFFF) {
        cur = find_item(f, key);
        if (cur < 0 || offset > f->items[cur].len)
            return -1;
    } else if (offset != 0) {
        return -1;
    }
    f->cur = cur;
    f->offset = offset;
    f->dma_hi = dma_hi;
    return 0;
}

void fw_cfg_reset(struct fw_cfg *f)
{
    f->cur = -1;
    f->offset = 0;
    f->dma_hi = 0;
}

void fw_cfg_destroy(struct fw_cfg *f)
{
    for (unsigned k = 0; k < f->nitems; k++)
        if (f->items[k].owned)
            free(f->items[k].data);
    f->nitems = 0;
}
