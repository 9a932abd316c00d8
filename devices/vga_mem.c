/*
 * vga_mem.c - the CPU's view of VGA memory: the legacy window
 * 0xA0000-0xBFFFF with the graphics controller's latches, write modes 0-3
 * and read modes 0-1 (IBM VGA Technical Reference, "Graphics Controller";
 * FreeVGA "Graphics Controller Registers" and "VGA Memory Organization").
 *
 * Window: graphics controller misc register (GR06) bits 2-3 select
 * A0000-BFFFF (128 KiB), A0000-AFFFF, B0000-B7FFF or B8000-BFFFF; outside
 * it, or with the misc output's RAM enable (bit 1) clear, reads float high
 * and writes are ignored.
 *
 * Plane addressing (vga.h): sequencer memory mode SR04 bit 3 chain-4
 * (plane = A&3, plane address A&~3), SR04 bit 2 = 0 odd/even for writes
 * (plane A&1 of the map mask's pairs, address A&~1), GR05 bit 4 odd/even
 * for reads (plane = (read map select & 2) | A&1); otherwise planar.
 *
 * Write path (GR05 bits 0-1): mode 0 rotates (GR03 bits 0-2) the CPU byte,
 * replaces planes enabled in GR01 by GR00's set/reset bits, combines with
 * the latch by GR03 bits 3-4 (replace/AND/OR/XOR) and merges by the bit mask
 * GR08; mode 1 stores the latches; mode 2 expands CPU bits 0-3 to whole
 * planes then as mode 0; mode 3 uses set/reset as data with (rotated CPU
 * byte AND bit mask) as the bit mask. Planes are written as the sequencer
 * map mask SR02 allows. A read loads all four latches; read mode 0 returns
 * one plane, read mode 1 the colour-compare result (GR02 against GR07).
 *
 * With Bochs VBE enabled in a packed-pixel mode (8-32 bpp) the window is a
 * 64 KiB bank of the linear framebuffer (VBE BANK register), as in QEMU;
 * with 4 bpp it stays planar, the bank selecting 64 KiB of plane addresses.
 */
#include "vga.h"

/* Expand the low 4 bits of x into 4 bytes of 0x00/0xFF (plane p = byte p). */
static inline uint32_t expand4(unsigned x)
{
    uint32_t r = 0;

    for (int p = 0; p < 4; p++)
        if (x & (1u << p))
            r |= 0xFFu << (8 * p);
    return r;
}

/* Bank offset in bytes for VBE modes. */
static inline uint32_t vbe_bank_offset(const struct vga *v)
{
    return ((uint32_t)v->st.vbe[VBE_INDEX_BANK] << 16) & (VGA_VRAM_SIZE - 1);
}

/* Offset within the selected window of window offset `off` (0..0x1FFFF),
 * or -1 when the window does not include it. */
static int32_t window_offset(const struct vga *v, uint32_t off)
{
    switch ((v->st.gc[6] >> 2) & 3) {
    case 0:
        return (int32_t)off;
    case 1:
        return off < 0x10000 ? (int32_t)off : -1;
    case 2:
        return (off >= 0x10000 && off < 0x18000) ? (int32_t)(off - 0x10000) : -1;
    default:
        return off >= 0x18000 ? (int32_t)(off - 0x18000) : -1;
    }
}

/* Mask of plane addresses: 64 KiB per plane, or all of video memory
 * (divided by four) in VBE 4 bpp modes. */
static inline uint32_t plane_mask(const struct vga *v)
{
    return vga_vbe_enabled(v) ? (VGA_VRAM_SIZE / 4 - 1) : (VGA_PLANE_SIZE - 1);
}

static inline uint32_t load_latch(const struct vga *v, uint32_t paddr)
{
    const uint8_t *q = v->vram + (size_t)paddr * 4;

    return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
}

uint8_t vga_mem_readb(struct vga *v, uint32_t offset)
{
    struct vga_state *s = &v->st;
    int32_t a = window_offset(v, offset & 0x1FFFF);
    uint32_t paddr;
    int plane;

    if (a < 0 || !(s->misc & 0x02))
        return 0xFF;
    if (vga_vbe_enabled(v) && vga_vbe_bpp(v) > 4)
        return v->vram[(vbe_bank_offset(v) + (uint32_t)a) & (VGA_VRAM_SIZE - 1)];
    if (vga_vbe_enabled(v))   /* 4 bpp: the bank selects 64 KiB of plane addresses */
        a += (int32_t)vbe_bank_offset(v);
    if (s->seq[4] & 0x08) {
        plane = a & 3;
        paddr = (uint32_t)a & ~3u;
    } else if (s->gc[5] & 0x10) {
        plane = (s->gc[4] & 2) | (a & 1);
        paddr = (uint32_t)a & ~1u;
    } else {
        plane = s->gc[4] & 3;
        paddr = (uint32_t)a;
    }
    paddr &= plane_mask(v);
    s->latch = load_latch(v, paddr);
    if (!(s->gc[5] & 0x08))
        return (uint8_t)(s->latch >> (8 * plane));
    /* Read mode 1: a 1 where every plane not "don't care" (GR07) matches
     * the colour compare value (GR02). */
    {
        uint32_t cc = expand4(s->gc[2] & 0x0F), dc = expand4(s->gc[7] & 0x0F);
        uint32_t diff = (s->latch ^ cc) & dc;
        uint8_t any = (uint8_t)(diff | diff >> 8 | diff >> 16 | diff >> 24);
        return (uint8_t)~any;
    }
}

/* The graphics controller's logical function (GR03 bits 3-4). */
static inline uint32_t alu(const struct vga_state *s, uint32_t d)
{
    switch ((s->gc[3] >> 3) & 3) {
    case 1: return d & s->latch;
    case 2: return d | s->latch;
    case 3: return d ^ s->latch;
    default: return d;
    }
}

static inline uint8_t rotate(const struct vga_state *s, uint8_t val)
{
    unsigned r = s->gc[3] & 7;

    return (uint8_t)((val >> r) | (val << ((8 - r) & 7)));
}

void vga_mem_writeb(struct vga *v, uint32_t offset, uint8_t val)
{
    struct vga_state *s = &v->st;
    int32_t a = window_offset(v, offset & 0x1FFFF);
    uint32_t paddr, data, bitmask, pmask, sr;
    unsigned planes;
    uint8_t *q;

    if (a < 0 || !(s->misc & 0x02))
        return;
    v->dirty = true;
    v->generation++;
    if (vga_vbe_enabled(v) && vga_vbe_bpp(v) > 4) {
        v->vram[(vbe_bank_offset(v) + (uint32_t)a) & (VGA_VRAM_SIZE - 1)] = val;
        return;
    }
    if (vga_vbe_enabled(v))   /* 4 bpp: the bank selects 64 KiB of plane addresses */
        a += (int32_t)vbe_bank_offset(v);
    planes = s->seq[2] & 0x0F;
    if (s->seq[4] & 0x08) {
        planes &= 1u << (a & 3);
        paddr = (uint32_t)a & ~3u;
    } else if (!(s->seq[4] & 0x04)) {
        planes &= (a & 1) ? 0x0Au : 0x05u;
        paddr = (uint32_t)a & ~1u;
    } else {
        paddr = (uint32_t)a;
    }
    paddr &= plane_mask(v);

    sr = expand4(s->gc[0] & 0x0F);
    bitmask = s->gc[8] * 0x01010101u;
    switch (s->gc[5] & 3) {
    case 0: {
        uint32_t en = expand4(s->gc[1] & 0x0F);
        data = rotate(s, val) * 0x01010101u;
        data = (data & ~en) | (sr & en);
        data = alu(s, data);
        break;
    }
    case 1:
        data = s->latch;
        bitmask = 0xFFFFFFFFu;
        break;
    case 2:
        data = alu(s, expand4(val & 0x0F));
        break;
    default:
        bitmask &= rotate(s, val) * 0x01010101u;
        data = alu(s, sr);
        break;
    }
    data = (data & bitmask) | (s->latch & ~bitmask);

    q = v->vram + (size_t)paddr * 4;
    pmask = expand4(planes);
    for (int p = 0; p < 4; p++)
        if (pmask & (0xFFu << (8 * p)))
            q[p] = (uint8_t)(data >> (8 * p));
}

uint32_t vga_legacy_mmio_read(void *opaque, uint32_t offset, int size)
{
    struct vga *v = opaque;
    uint32_t val = 0;

    for (int k = 0; k < size; k++)
        val |= (uint32_t)vga_mem_readb(v, offset + (uint32_t)k) << (8 * k);
    return val;
}

void vga_legacy_mmio_write(void *opaque, uint32_t offset, uint32_t value, int size)
{
    struct vga *v = opaque;

    for (int k = 0; k < size; k++)
        vga_mem_writeb(v, offset + (uint32_t)k, (uint8_t)(value >> (8 * k)));
}
