/*
 * vga_vbe.c - the Bochs VBE "DISPI" interface (Bochs iodev/vga.cc and
 * vbe.h; QEMU hw/display/vga.c and include/hw/display/bochs-vbe.h): port
 * 0x1CE selects a 16-bit register, port 0x1CF reads/writes it.
 *
 *   0 ID             0xB0C0..0xB0C5 (the interface revision; writes of
 *                    another value are ignored)
 *   1 XRES, 2 YRES   mode size (XRES a multiple of 8), 3 BPP 4/8/15/16/24/32
 *                    (0 means 8); writable only while the interface is off
 *   4 ENABLE         bit 0 enabled, 1 GETCAPS (XRES/YRES/BPP then read as
 *                    the maxima), 5 8-bit DAC, 6 LFB, 7 don't clear memory
 *   5 BANK           64 KiB window at 0xA0000 into video memory
 *   6 VIRT_WIDTH     line length in pixels (sets the scanline offset and
 *   7 VIRT_HEIGHT    the virtual height: video memory / scanline bytes)
 *   8 X_OFFSET, 9 Y_OFFSET   display start
 *   10 VIDEO_MEMORY_64K      video memory size in 64 KiB units (read-only)
 *
 * Enabling programs the VGA registers for a graphics scan-out as QEMU does
 * (GR06 graphics + A0000 64 KiB, no CGA address substitution, CRTC offset,
 * chain-4 and the 256-colour shift for packed modes), so a VGA BIOS that
 * only touches the DISPI registers still gets a consistent VGA state.
 */
#include "vga.h"

#include <string.h>

bool vga_vbe_enabled(const struct vga *v)
{
    return (v->st.vbe[VBE_INDEX_ENABLE] & VBE_ENABLED) != 0;
}

unsigned vga_vbe_bpp(const struct vga *v)
{
    return v->st.vbe[VBE_INDEX_BPP] ? v->st.vbe[VBE_INDEX_BPP] : 8;
}

/* Bytes per pixel of a packed mode (15 bpp uses 2). */
static uint32_t bytes_pp(unsigned bpp)
{
    return (bpp + 7) / 8;
}

/* Recompute the scanline offset, virtual height and display start. */
static void vbe_update_layout(struct vga *v)
{
    struct vga_state *s = &v->st;
    unsigned bpp = vga_vbe_bpp(v);
    uint32_t vw = s->vbe[VBE_INDEX_VIRT_WIDTH];
    uint32_t lo, vh;

    if (vw < s->vbe[VBE_INDEX_XRES])
        vw = s->vbe[VBE_INDEX_XRES];
    lo = bpp == 4 ? vw / 2 : vw * bytes_pp(bpp);
    if (lo == 0)
        lo = 1;
    if (lo > VGA_VRAM_SIZE)
        lo = VGA_VRAM_SIZE;
    s->vbe_line_offset = lo;
    vh = VGA_VRAM_SIZE / lo;
    s->vbe[VBE_INDEX_VIRT_HEIGHT] = (uint16_t)(vh > 0xFFFF ? 0xFFFF : vh);
    s->vbe_start = lo * s->vbe[VBE_INDEX_Y_OFFSET] +
                   (bpp == 4 ? s->vbe[VBE_INDEX_X_OFFSET] / 2u
                             : s->vbe[VBE_INDEX_X_OFFSET] * bytes_pp(bpp));
    if (s->vbe_start >= VGA_VRAM_SIZE)
        s->vbe_start = 0;
    if (bpp == 4)
        s->vbe_start &= ~3u;   /* whole plane addresses */
}

/* Interface turned on: defaults for the virtual screen, memory clear, and
 * the VGA scan-out registers (as QEMU's vbe_ioport_write_data). */
static void vbe_enable(struct vga *v, uint16_t val)
{
    struct vga_state *s = &v->st;
    unsigned bpp = vga_vbe_bpp(v);
    uint32_t h;
    uint64_t bytes;

    s->vbe[VBE_INDEX_VIRT_WIDTH] = s->vbe[VBE_INDEX_XRES];
    s->vbe[VBE_INDEX_X_OFFSET] = 0;
    s->vbe[VBE_INDEX_Y_OFFSET] = 0;
    vbe_update_layout(v);
    bytes = (uint64_t)s->vbe_line_offset * s->vbe[VBE_INDEX_YRES];
    if (bytes > VGA_VRAM_SIZE) {  /* does not fit: show what fits */
        s->vbe[VBE_INDEX_YRES] = (uint16_t)(VGA_VRAM_SIZE / s->vbe_line_offset);
        bytes = (uint64_t)s->vbe_line_offset * s->vbe[VBE_INDEX_YRES];
    }
    if (!(val & VBE_NOCLEARMEM))
        memset(v->vram, 0, (size_t)bytes);

    s->gc[6] = (uint8_t)((s->gc[6] & ~0x0C) | 0x04 | 0x01);
    s->crtc[0x17] |= 3;
    s->crtc[0x13] = (uint8_t)(s->vbe_line_offset >> 3);
    s->crtc[1] = (uint8_t)((s->vbe[VBE_INDEX_XRES] >> 3) - 1);
    h = s->vbe[VBE_INDEX_YRES] - 1u;
    s->crtc[0x12] = (uint8_t)h;
    s->crtc[7] = (uint8_t)((s->crtc[7] & ~0x42) | ((h >> 7) & 0x02) | ((h >> 3) & 0x40));
    s->crtc[0x18] = 0xFF;
    s->crtc[7] |= 0x10;
    s->crtc[9] |= 0x40;
    s->crtc[9] &= (uint8_t)~0x9F;
    if (bpp == 4) {
        s->gc[5] &= (uint8_t)~0x60;
        s->seq[1] &= (uint8_t)~0x08;
    } else {
        s->gc[5] = (uint8_t)((s->gc[5] & ~0x60) | 0x40);
        s->seq[4] |= 0x08;
        s->seq[2] |= 0x0F;
    }
}

static uint16_t vbe_read_data(struct vga *v)
{
    const struct vga_state *s = &v->st;
    uint16_t i = s->vbe_index;

    if (i >= VBE_INDEX_COUNT)
        return 0;
    if (s->vbe[VBE_INDEX_ENABLE] & VBE_GETCAPS) {
        switch (i) {
        case VBE_INDEX_XRES: return VBE_MAX_XRES;
        case VBE_INDEX_YRES: return VBE_MAX_YRES;
        case VBE_INDEX_BPP: return VBE_MAX_BPP;
        default: break;
        }
    }
    if (i == VBE_INDEX_VIDEO_MEMORY_64K)
        return (uint16_t)(VGA_VRAM_SIZE >> 16);
    return s->vbe[i];
}

static void vbe_write_data(struct vga *v, uint16_t val)
{
    struct vga_state *s = &v->st;
    bool on = vga_vbe_enabled(v);

    switch (s->vbe_index) {
    case VBE_INDEX_ID:
        if (val >= VBE_ID0 && val <= VBE_ID5)
            s->vbe[VBE_INDEX_ID] = val;
        break;
    case VBE_INDEX_XRES:
        if (!on && val > 0 && val <= VBE_MAX_XRES && (val & 7) == 0)
            s->vbe[VBE_INDEX_XRES] = val;
        break;
    case VBE_INDEX_YRES:
        if (!on && val > 0 && val <= VBE_MAX_YRES)
            s->vbe[VBE_INDEX_YRES] = val;
        break;
    case VBE_INDEX_BPP:
        if (val == 0)
            val = 8;
        if (!on && (val == 4 || val == 8 || val == 15 || val == 16 || val == 24 || val == 32))
            s->vbe[VBE_INDEX_BPP] = val;
        break;
    case VBE_INDEX_BANK:
        s->vbe[VBE_INDEX_BANK] = (uint16_t)(val & ((VGA_VRAM_SIZE >> 16) - 1));
        break;
    case VBE_INDEX_ENABLE:
        if ((val & VBE_ENABLED) && !on)
            vbe_enable(v, val);
        else if (!(val & VBE_ENABLED))
            s->vbe[VBE_INDEX_BANK] = 0;
        s->vbe[VBE_INDEX_ENABLE] = val & (VBE_ENABLED | VBE_GETCAPS | VBE_8BIT_DAC |
                                          VBE_LFB_ENABLED | VBE_NOCLEARMEM);
        break;
    case VBE_INDEX_VIRT_WIDTH:
        if (val > 0 && val <= 0x4000) {
            s->vbe[VBE_INDEX_VIRT_WIDTH] = val;
            vbe_update_layout(v);
        }
        break;
    case VBE_INDEX_X_OFFSET:
    case VBE_INDEX_Y_OFFSET:
        s->vbe[s->vbe_index] = val;
        vbe_update_layout(v);
        break;
    default:
        return;   /* VIRT_HEIGHT and VIDEO_MEMORY_64K are computed */
    }
    v->dirty = true;
    v->generation++;
}

uint32_t vga_vbe_read(void *opaque, uint16_t port, int size)
{
    struct vga *v = opaque;

    (void)size;
    if (port == VBE_PORT_INDEX)
        return v->st.vbe_index;
    if (port == VBE_PORT_DATA)
        return vbe_read_data(v);
    return 0xFFFF;  /* 0x1D0: not a DISPI port on the PC */
}

void vga_vbe_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct vga *v = opaque;

    (void)size;
    if (port == VBE_PORT_INDEX)
        v->st.vbe_index = (uint16_t)value;
    else if (port == VBE_PORT_DATA)
        vbe_write_data(v, (uint16_t)value);
}
