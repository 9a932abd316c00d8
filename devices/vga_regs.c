/*
 * vga_regs.c - VGA register file: ports 0x3B0-0x3DF (see vga.h).
 *
 * IBM VGA Technical Reference and FreeVGA ("VGA/SVGA Video Programming"):
 *  - misc output 0x3C2 (write) / 0x3CC (read): bit 0 I/O address select
 *    (1: CRTC at 0x3D4/5 and input status 1 at 0x3DA; 0: 0x3B4/5, 0x3BA;
 *    the other range does not answer), bits 2-3 clock select;
 *  - sequencer 0x3C4/5, graphics controller 0x3CE/F, CRTC 0x3?4/5 (CR11
 *    bit 7 write-protects CR00-CR07 except CR07 bit 4, line compare bit 8);
 *  - attribute controller 0x3C0 (index/data flip-flop, reset by reading
 *    input status 1), 0x3C1 (read data);
 *  - DAC 0x3C6 pixel mask, 0x3C7 read index (write) / state (read), 0x3C8
 *    write index, 0x3C9 data: three 6-bit components per entry, index
 *    auto-increments after the third;
 *  - input status 1: bit 0 "display disabled" (horizontal or vertical
 *    blanking), bit 3 vertical retrace, derived from virtual time and the
 *    CRTC timing registers (dot clock from misc output bits 2-3: 25.175 or
 *    28.322 MHz, halved by sequencer clocking mode bit 3).
 * A system reset also puts the VGA BIOS image (if any) back into RAM at
 * 0xC0000 (vga_map_rom). Registers come up with the mode-3 (80x25 colour
 * text) values the VGA BIOS programs, so output written to 0xB8000 before
 * a VGA BIOS runs is visible.
 */
#include "vga.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../mmu/mem.h"
#include "board.h"
#include "timeline.h"

/* Mode 3 register values (IBM VGA BIOS parameter table, 80x25 16-colour
 * text, 720x400 at 70 Hz). */
static const uint8_t mode3_seq[5] = { 0x03, 0x00, 0x03, 0x00, 0x02 };
static const uint8_t mode3_crtc[0x19] = {
    0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00,
    0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF
};
static const uint8_t mode3_gc[9] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x0F, 0xFF };
static const uint8_t mode3_ar[0x15] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C,
    0x3D, 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00
};

static void shadow_rom(struct vga *v);

/* Something visible changed. */
static inline void touch(struct vga *v)
{
    v->dirty = true;
    v->generation++;
}

void vga_reset(struct vga *v)
{
    struct vga_state *s = &v->st;

    memset(s, 0, sizeof(*s));
    s->misc = 0x67;
    memcpy(s->seq, mode3_seq, sizeof(mode3_seq));
    memcpy(s->crtc, mode3_crtc, sizeof(mode3_crtc));
    memcpy(s->gc, mode3_gc, sizeof(mode3_gc));
    memcpy(s->ar, mode3_ar, sizeof(mode3_ar));
    s->ar_index = 0x20;
    s->dac_mask = 0xFF;
    /* The 64-colour EGA palette in DAC entries 0-63 (6-bit components:
     * primary bits give 2/3 intensity, secondary bits 1/3). */
    for (int i = 0; i < 64; i++) {
        s->dac[i][0] = (uint8_t)(((i >> 2) & 1) * 0x2A + ((i >> 5) & 1) * 0x15);
        s->dac[i][1] = (uint8_t)(((i >> 1) & 1) * 0x2A + ((i >> 4) & 1) * 0x15);
        s->dac[i][2] = (uint8_t)((i & 1) * 0x2A + ((i >> 3) & 1) * 0x15);
    }
    s->vbe[VBE_INDEX_ID] = VBE_ID5;
    s->vbe[VBE_INDEX_BPP] = 8;
    s->vbe[VBE_INDEX_XRES] = 640;
    s->vbe[VBE_INDEX_YRES] = 480;
    s->vbe[VBE_INDEX_VIDEO_MEMORY_64K] = (uint16_t)(VGA_VRAM_SIZE >> 16);
    shadow_rom(v);
    touch(v);
}

void vga_set_timeline(struct vga *v, const struct timeline *tl)
{
    v->tl = tl;
}

uint64_t vga_now(const struct vga *v)
{
    if (v->tl)
        return timeline_now(v->tl);
    /* No clock: let each status read stand for 2 us, so polling loops end. */
    return (uint64_t)v->st.status_reads * 2000u;
}

/* Input status register 1 (0x3?A): bit 0 display disabled, bit 3
 * vertical retrace, from the CRTC timing at virtual time now. */
static uint8_t input_status1(struct vga *v)
{
    const struct vga_state *s = &v->st;
    const uint8_t *cr = s->crtc;
    uint64_t clock = ((s->misc >> 2) & 3) == 1 ? 28322000u : 25175000u;
    uint64_t cw = (s->seq[1] & 1) ? 8 : 9;
    uint64_t htotal = cr[0] + 5u, hdisp = cr[1] + 1u;
    uint64_t vtotal = (cr[6] | (cr[7] & 1) << 8 | (cr[7] & 0x20) << 4) + 2u;
    uint64_t vdisp = (cr[0x12] | (cr[7] & 2) << 7 | (cr[7] & 0x40) << 3) + 1u;
    uint64_t vrs = cr[0x10] | (cr[7] & 4) << 6 | (cr[7] & 0x80) << 2;
    uint64_t vrlen = ((cr[0x11] & 0x0F) - (vrs & 0x0F)) & 0x0F;
    uint64_t line_ns, frame_ns, t, line, col;
    uint8_t val = 0;

    if (s->seq[1] & 0x08)
        clock /= 2;
    if (vrlen == 0)
        vrlen = 16;
    if (vtotal < vdisp + 1)
        vtotal = vdisp + 1;
    line_ns = htotal * cw * 1000000000u / clock;
    if (line_ns == 0)
        line_ns = 1;
    frame_ns = line_ns * vtotal;
    v->st.status_reads++;
    t = vga_now(v) % frame_ns;
    line = t / line_ns;
    col = (t % line_ns) * htotal / line_ns;
    if (line >= vdisp || col >= hdisp)
        val |= 0x01;
    if (line >= vrs && line < vrs + vrlen)
        val |= 0x08;
    return val;
}

/* True when `port` (0x3Bx/0x3Dx) belongs to the range misc bit 0 selects. */
static bool port_active(const struct vga *v, uint16_t port)
{
    if ((port & 0xFFF0) == 0x3B0)
        return !(v->st.misc & 1);
    if ((port & 0xFFF0) == 0x3D0)
        return (v->st.misc & 1) != 0;
    return true;
}

static uint8_t dac_component(const struct vga_state *s, uint8_t val)
{
    return (s->vbe[VBE_INDEX_ENABLE] & VBE_8BIT_DAC) ? val : (uint8_t)(val & 0x3F);
}

static uint8_t port_readb(struct vga *v, uint16_t port)
{
    struct vga_state *s = &v->st;
    uint8_t val;

    if (!port_active(v, port))
        return 0xFF;
    switch (port) {
    case 0x3C0:
        return s->ar_index;
    case 0x3C1:
        return (s->ar_index & 0x1F) < 0x15 ? s->ar[s->ar_index & 0x1F] : 0;
    case 0x3C2:
        return 0x00;   /* input status 0: no CRT interrupt, switch sense 0 */
    case 0x3C3:
        return s->enable;
    case 0x3C4:
        return s->seq_index;
    case 0x3C5:
        return s->seq[s->seq_index & 7];
    case 0x3C6:
        return s->dac_mask;
    case 0x3C7:
        return s->dac_state;
    case 0x3C8:
        return s->dac_write_index;
    case 0x3C9:
        val = s->dac[s->dac_read_index][s->dac_comp];
        if (++s->dac_comp == 3) {
            s->dac_comp = 0;
            s->dac_read_index++;
        }
        return val;
    case 0x3CA:
        return s->feature;
    case 0x3CC:
        return s->misc;
    case 0x3CE:
        return s->gc_index;
    case 0x3CF:
        return (s->gc_index & 0x0F) < 9 ? s->gc[s->gc_index & 0x0F] : 0xFF;
    case 0x3B4:
    case 0x3D4:
        return s->crtc_index;
    case 0x3B5:
    case 0x3D5:
        return s->crtc_index < 0x19 ? s->crtc[s->crtc_index] : 0xFF;
    case 0x3BA:
    case 0x3DA:
        s->ar_flipflop = false;
        return input_status1(v);
    default:
        return 0xFF;
    }
}

static void crtc_write(struct vga *v, uint8_t val)
{
    struct vga_state *s = &v->st;
    uint8_t i = s->crtc_index;

    if (i >= 0x19)
        return;
    if ((s->crtc[0x11] & 0x80) && i <= 7) {
        if (i == 7)   /* only the line compare bit 8 stays writable */
            s->crtc[7] = (uint8_t)((s->crtc[7] & ~0x10) | (val & 0x10));
        return;
    }
    s->crtc[i] = val;
}

static void port_writeb(struct vga *v, uint16_t port, uint8_t val)
{
    struct vga_state *s = &v->st;

    if (!port_active(v, port))
        return;
    switch (port) {
    case 0x3C0:
        if (!s->ar_flipflop) {
            s->ar_index = val & 0x3F;
        } else {
            uint8_t i = s->ar_index & 0x1F;
            static const uint8_t mask[0x15] = {
                0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F,
                0x3F, 0x3F, 0x3F, 0x3F, 0xEF, 0xFF, 0x3F, 0x0F, 0x0F
            };
            if (i < 0x15)
                s->ar[i] = val & mask[i];
        }
        s->ar_flipflop = !s->ar_flipflop;
        break;
    case 0x3C2:
        s->misc = val;
        break;
    case 0x3C3:
        s->enable = val & 1;
        break;
    case 0x3C4:
        s->seq_index = val;
        break;
    case 0x3C5:
        s->seq[s->seq_index & 7] = val;
        break;
    case 0x3C6:
        s->dac_mask = val;
        break;
    case 0x3C7:
        s->dac_read_index = val;
        s->dac_comp = 0;
        s->dac_state = 3;
        break;
    case 0x3C8:
        s->dac_write_index = val;
        s->dac_comp = 0;
        s->dac_state = 0;
        break;
    case 0x3C9:
        s->dac_latch[s->dac_comp] = dac_component(s, val);
        if (++s->dac_comp == 3) {
            memcpy(s->dac[s->dac_write_index], s->dac_latch, 3);
            s->dac_comp = 0;
            s->dac_write_index++;
        }
        break;
    case 0x3CE:
        s->gc_index = val;
        break;
    case 0x3CF:
        if ((s->gc_index & 0x0F) < 9)
            s->gc[s->gc_index & 0x0F] = val;
        break;
    case 0x3B4:
    case 0x3D4:
        s->crtc_index = val;
        break;
    case 0x3B5:
    case 0x3D5:
        crtc_write(v, val);
        break;
    case 0x3BA:
    case 0x3DA:
        s->feature = val;
        break;
    default:
        return;
    }
    touch(v);
}

uint32_t vga_port_read(void *opaque, uint16_t port, int size)
{
    struct vga *v = opaque;
    uint32_t val = 0;

    for (int k = 0; k < size; k++)
        val |= (uint32_t)port_readb(v, (uint16_t)(port + k)) << (8 * k);
    return val;
}

void vga_port_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct vga *v = opaque;

    /* A word OUT to an index port writes the index then the data (the
     * usual "OUT DX, AX" idiom): bytes in address order. */
    for (int k = 0; k < size; k++)
        port_writeb(v, (uint16_t)(port + k), (uint8_t)(value >> (8 * k)));
}

struct vga *vga_create(struct board *b, struct mem *m)
{
    struct vga *v = calloc(1, sizeof(*v));

    if (!v)
        return NULL;
    v->vram = calloc(VGA_VRAM_SIZE, 1);
    if (!v->vram) {
        free(v);
        return NULL;
    }
    v->board = b;
    v->mem = m;
    vga_reset(v);
    if (b && (board_register_ports(b, 0x3B0, 0x30, 2, vga_port_read, vga_port_write, v, "vga") < 0 ||
              board_register_ports(b, VBE_PORT_INDEX, 3, 2, vga_vbe_read, vga_vbe_write, v,
                                   "vga-vbe") < 0)) {
        vga_destroy(v);
        return NULL;
    }
    if (m && mem_map_mmio(m, 0xA0000, 0x20000, vga_legacy_mmio_read, vga_legacy_mmio_write, v) < 0) {
        vga_destroy(v);
        return NULL;
    }
    return v;
}

void vga_destroy(struct vga *v)
{
    if (!v)
        return;
    free(v->fb);
    free(v->rom);
    free(v->vram);
    free(v);
}

int vga_check_rom_size(uint64_t size, char *err, size_t errlen)
{
    if (size == 0 || size % VGA_ROM_UNIT != 0 || size > VGA_ROM_MAX) {
        snprintf(err, errlen,
                 "VGA BIOS image is %llu bytes: its size must be a multiple of 512 bytes, "
                 "from 512 bytes to 128 KiB (option ROM at 0xC0000-0xDFFFF)",
                 (unsigned long long)size);
        return -1;
    }
    return 0;
}

/* Place the VGA BIOS image in RAM at 0xC0000 (see vga_map_rom). */
static void shadow_rom(struct vga *v)
{
    if (v->rom && v->mem && mem_ram_size(v->mem) >= VGA_ROM_BASE + v->rom_size)
        memcpy(mem_ram(v->mem) + VGA_ROM_BASE, v->rom, v->rom_size);
}

int vga_map_rom(struct vga *v, const uint8_t *img, uint32_t size)
{
    char err[160];

    if (vga_check_rom_size(size, err, sizeof(err)) < 0 || !v->mem ||
        mem_ram_size(v->mem) < VGA_ROM_BASE + size)
        return -1;
    free(v->rom);
    v->rom = malloc(size);
    if (!v->rom)
        return -1;
    memcpy(v->rom, img, size);
    v->rom_size = size;
    shadow_rom(v);
    return 0;
}

/* Snapshot: record "vga", version 1. */
#define VGA_SAVE_VERSION 1u

void vga_save(const struct vga *v, struct state_writer *w)
{
    const struct vga_state *s = &v->st;

    state_begin(w, "vga", VGA_SAVE_VERSION);
    state_put_u8(w, "misc", s->misc);
    state_put_u8(w, "feature", s->feature);
    state_put_u8(w, "enable", s->enable);
    state_put_u8(w, "seq_index", s->seq_index);
    state_put_bytes(w, "seq", s->seq, sizeof(s->seq));
    state_put_u8(w, "crtc_index", s->crtc_index);
    state_put_bytes(w, "crtc", s->crtc, sizeof(s->crtc));
    state_put_u8(w, "gc_index", s->gc_index);
    state_put_bytes(w, "gc", s->gc, sizeof(s->gc));
    state_put_u8(w, "ar_index", s->ar_index);
    state_put_bool(w, "ar_flipflop", s->ar_flipflop);
    state_put_bytes(w, "ar", s->ar, sizeof(s->ar));
    state_put_u8(w, "dac_mask", s->dac_mask);
    state_put_u8(w, "dac_read_index", s->dac_read_index);
    state_put_u8(w, "dac_write_index", s->dac_write_index);
    state_put_u8(w, "dac_comp", s->dac_comp);
    state_put_u8(w, "dac_state", s->dac_state);
    state_put_bytes(w, "dac_latch", s->dac_latch, sizeof(s->dac_latch));
    state_put_bytes(w, "dac", s->dac, sizeof(s->dac));
    state_put_u32(w, "latch", s->latch);
    state_put_u16(w, "vbe_index", s->vbe_index);
    for (int i = 0; i < VBE_INDEX_COUNT; i++) {
        char name[16];
        snprintf(name, sizeof(name), "vbe%d", i);
        state_put_u16(w, name, s->vbe[i]);
    }
    state_put_u32(w, "vbe_line_offset", s->vbe_line_offset);
    state_put_u32(w, "vbe_start", s->vbe_start);
    state_put_u32(w, "status_reads", s->status_reads);
    state_put_bytes(w, "vram", v->vram, VGA_VRAM_SIZE);
    state_end(w);
}

int vga_load(struct vga *v, const void *buf, size_t len)
{
    struct vga_state *s = &v->st;
    struct state_reader r;

    if (state_open(&r, buf, len, "vga") < 0 || r.version > VGA_SAVE_VERSION)
        return -1;
    state_get_u8(&r, "misc", &s->misc);
    state_get_u8(&r, "feature", &s->feature);
    state_get_u8(&r, "enable", &s->enable);
    state_get_u8(&r, "seq_index", &s->seq_index);
    state_get_bytes(&r, "seq", s->seq, sizeof(s->seq));
    state_get_u8(&r, "crtc_index", &s->crtc_index);
    state_get_bytes(&r, "crtc", s->crtc, sizeof(s->crtc));
    state_get_u8(&r, "gc_index", &s->gc_index);
    state_get_bytes(&r, "gc", s->gc, sizeof(s->gc));
    state_get_u8(&r, "ar_index", &s->ar_index);
    state_get_bool(&r, "ar_flipflop", &s->ar_flipflop);
    state_get_bytes(&r, "ar", s->ar, sizeof(s->ar));
    state_get_u8(&r, "dac_mask", &s->dac_mask);
    state_get_u8(&r, "dac_read_index", &s->dac_read_index);
    state_get_u8(&r, "dac_write_index", &s->dac_write_index);
    state_get_u8(&r, "dac_comp", &s->dac_comp);
    state_get_u8(&r, "dac_state", &s->dac_state);
    state_get_bytes(&r, "dac_latch", s->dac_latch, sizeof(s->dac_latch));
    state_get_bytes(&r, "dac", s->dac, sizeof(s->dac));
    state_get_u32(&r, "latch", &s->latch);
    state_get_u16(&r, "vbe_index", &s->vbe_index);
    for (int i = 0; i < VBE_INDEX_COUNT; i++) {
        char name[16];
        snprintf(name, sizeof(name), "vbe%d", i);
        state_get_u16(&r, name, &s->vbe[i]);
    }
    state_get_u32(&r, "vbe_line_offset", &s->vbe_line_offset);
    state_get_u32(&r, "vbe_start", &s->vbe_start);
    state_get_u32(&r, "status_reads", &s->status_reads);
    state_get_bytes(&r, "vram", v->vram, VGA_VRAM_SIZE);
    /* Never trust the record for values that index memory. */
    if (s->vbe_line_offset == 0 || s->vbe_line_offset > VGA_VRAM_SIZE)
        s->vbe_line_offset = 1;
    if (s->vbe_start >= VGA_VRAM_SIZE)
        s->vbe_start = 0;
    s->dac_comp %= 3;
    touch(v);
    return 0;
}
