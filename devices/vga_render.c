/*
 * vga_render.c - scan-out: turns video memory and registers into a 32-bit
 * XRGB frame, as the VGA's CRTC, sequencer serializer, attribute controller
 * and DAC would put it on the monitor (IBM VGA Technical Reference; FreeVGA
 * "CRT Controller Registers", "Attribute Controller Registers", "VGA
 * Display Generation").
 *
 * Frame size is the displayed dot area: (CR01+1) character clocks of 8 or 9
 * dots (sequencer clocking mode bit 0), doubled when the dot clock is halved
 * (bit 3, 40-column and 320-pixel modes), by the vertical display end
 * (CR12 + CR07 bits 1, 6) + 1 scanlines. So mode 3 is 720x400, mode 13h
 * 640x400 (each pixel two dots wide, each row scanned twice), mode 12h
 * 640x480. VBE modes are their XRES x YRES.
 *
 * Per scanline the CRTC's memory address counter starts at the start
 * address (CR0C/CR0D), advances one per character clock (every 2nd or 4th
 * with the count-by-2/4 bits) and by 2 x offset (CR13) per character row
 * (maximum scan line CR09 bits 0-4, double scan bit 7); after the scanline
 * equal to the line compare (CR18 + CR07 bit 4 + CR09 bit 6) it restarts
 * at 0 (as QEMU's vga_draw_graphic and the split-screen programming guides). The address output is
 * the counter in byte, word (rotated MA13/MA15 into bit 0) or doubleword
 * (MA14-15 into bits 0-1) mode, with CGA-style substitution of bits 13/14
 * by the row scan counter (CR17 bits 0-1). The serializer (GR05 bits 5-6)
 * emits 8 planar 4-bit pixels, 8 CGA-interleaved 2-bit pixels, or four
 * 8-bit pixels (each two dots) per clock; 4-bit values go through the
 * attribute palette, colour plane enable and colour select; then the DAC.
 */
#include "vga.h"

#include <stdlib.h>
#include <string.h>

/* Upper bounds for a frame (dots): 256 clocks x 9 dots x 2, 2048 lines. */
#define MAX_W 4608
#define MAX_H 2048

/* 70 Hz frame period for blinking: cursor toggles every 8 frames, blinking
 * characters every 16 (VGA: 16- and 32-frame cycles). */
#define FRAME_NS 14285714u

/* DAC entry `i` as 0x00RRGGBB (6-bit components scaled to 8 bits). */
static uint32_t dac_rgb(const struct vga_state *s, uint8_t i)
{
    const uint8_t *e = s->dac[i & s->dac_mask];

    if (s->vbe[VBE_INDEX_ENABLE] & VBE_8BIT_DAC)
        return (uint32_t)e[0] << 16 | (uint32_t)e[1] << 8 | e[2];
    return (uint32_t)((e[0] << 2) | (e[0] >> 4)) << 16 |
           (uint32_t)((e[1] << 2) | (e[1] >> 4)) << 8 | (uint32_t)((e[2] << 2) | (e[2] >> 4));
}

/* Attribute controller: 4-bit pixel value to DAC index (colour plane
 * enable AR12, palette AR00-0F, AR10 bit 7 P5/P4 select, colour select AR14). */
static uint8_t attr_map(const struct vga_state *s, uint8_t c)
{
    uint8_t p = s->ar[c & s->ar[0x12] & 0x0F];

    if (s->ar[0x10] & 0x80)
        p = (uint8_t)((p & 0x0F) | ((s->ar[0x14] & 3) << 4));
    return (uint8_t)((p & 0x3F) | ((s->ar[0x14] & 0x0C) << 4));
}

/* CRTC memory address output for counter `ma` at row scan `rs`. */
static uint32_t crtc_addr(const uint8_t *cr, uint32_t ma, unsigned rs)
{
    uint32_t a = ma & 0xFFFF;

    if (cr[0x14] & 0x40)
        a = (a << 2) | ((a >> 14) & 3);
    else if (!(cr[0x17] & 0x40))
        a = (a << 1) | (((cr[0x17] & 0x20) ? (a >> 15) : (a >> 13)) & 1);
    if (!(cr[0x17] & 1))
        a = (a & ~0x2000u) | ((rs & 1u) << 13);
    if (!(cr[0x17] & 2))
        a = (a & ~0x4000u) | ((rs & 2u) << 13);
    return a & (VGA_PLANE_SIZE - 1);
}

/* Display geometry of the VGA (non-VBE) scan-out. */
struct geom {
    int clocks;      /* character clocks per line */
    int cw;          /* dots per clock (8/9) */
    int dbl;         /* 2 when the dot clock is halved */
    int height;      /* scanlines */
    unsigned msl;    /* maximum scan line (row height - 1) */
    bool dscan;      /* CR09 bit 7 double scan */
    uint32_t start, offset, lc;
    unsigned div;    /* clocks per MA increment: 1, 2, 4 */
};

static void get_geom(const struct vga_state *s, bool text, struct geom *g)
{
    const uint8_t *cr = s->crtc;

    g->clocks = cr[1] + 1;
    g->cw = (text && !(s->seq[1] & 1)) ? 9 : 8;
    g->dbl = (s->seq[1] & 0x08) ? 2 : 1;
    g->height = (cr[0x12] | (cr[7] & 2) << 7 | (cr[7] & 0x40) << 3) + 1;
    if (g->height > MAX_H)
        g->height = MAX_H;
    g->msl = cr[9] & 0x1F;
    g->dscan = (cr[9] & 0x80) != 0;
    g->start = ((uint32_t)cr[0x0C] << 8 | cr[0x0D]) + ((cr[8] >> 5) & 3);
    g->offset = cr[0x13] * 2u;
    g->lc = cr[0x18] | (cr[7] & 0x10) << 4 | (cr[9] & 0x40) << 3;
    g->div = (cr[0x14] & 0x20) ? 4 : (cr[0x17] & 0x08) ? 2 : 1;
}

/* Make room for a w x h frame; false on host allocation failure. */
static bool fb_size(struct vga *v, int w, int h)
{
    size_t need = (size_t)w * (size_t)h;

    if (need > v->fb_cap) {
        uint32_t *p = realloc(v->fb, need * sizeof(*p));
        if (!p)
            return false;
        v->fb = p;
        v->fb_cap = need;
    }
    v->fb_w = w;
    v->fb_h = h;
    return true;
}

/* Blink phases from virtual time: bit 0 cursor on, bit 1 blinking text on. */
static unsigned blink_phase(const struct vga *v)
{
    uint64_t frame = vga_now(v) / FRAME_NS;

    return (unsigned)(((frame >> 3) & 1) ? 0 : 1) | (unsigned)(((frame >> 4) & 1) ? 0 : 2);
}

/* Font offset in plane 2 of character map n (SR03 encoding). */
static uint32_t font_base(unsigned n)
{
    static const uint32_t base[8] = { 0x0000, 0x4000, 0x8000, 0xC000,
                                      0x2000, 0x6000, 0xA000, 0xE000 };
    return base[n & 7];
}

/* One text scanline into line[] (clocks+1 cells of cw dots). */
static void text_line(const struct vga *v, const struct geom *g, uint32_t row_ma,
                      unsigned rs, unsigned phase, const uint32_t *pal16, uint32_t *line)
{
    const struct vga_state *s = &v->st;
    const uint8_t *cr = s->crtc;
    unsigned sa = ((s->seq[3] >> 2) & 3) | ((s->seq[3] >> 3) & 4);
    unsigned sb = (s->seq[3] & 3) | ((s->seq[3] >> 2) & 4);
    uint32_t cursor = (uint32_t)cr[0x0E] << 8 | cr[0x0F];
    unsigned cs = cr[0x0A] & 0x1F, ce = cr[0x0B] & 0x1F;
    bool cur_row = !(cr[0x0A] & 0x20) && (phase & 1) && rs >= cs && rs <= ce;
    bool ul_row = (cr[0x14] & 0x1F) == rs;
    bool blink = (s->ar[0x10] & 0x08) != 0;
    bool lge = (s->ar[0x10] & 0x04) != 0;

    for (int c = 0; c <= g->clocks; c++) {
        uint32_t ma = row_ma + (uint32_t)c / g->div;
        uint32_t a = crtc_addr(cr, ma, rs);
        uint8_t ch = v->vram[a * 4], at = v->vram[a * 4 + 1];
        uint32_t fa = font_base((at & 0x08) ? sa : sb) + ch * 32u + (rs & 31);
        uint8_t glyph = v->vram[(fa & (VGA_PLANE_SIZE - 1)) * 4 + 2];
        uint8_t fg = at & 0x0F, bg = at >> 4;
        unsigned bits;

        if (blink) {
            bg &= 7;
            if ((at & 0x80) && !(phase & 2))
                glyph = 0;
        }
        bits = (unsigned)glyph << 1;
        if (g->cw == 9 && (glyph & 1) && lge && ch >= 0xC0 && ch <= 0xDF)
            bits |= 1;   /* line-graphics characters extend into the 9th dot */
        /* Underline and cursor cover the whole cell, 9th dot included. */
        if ((ul_row && (at & 0x77) == 0x01) || (cur_row && (ma & 0xFFFF) == cursor))
            bits = 0x1FF;
        for (int x = 0; x < g->cw; x++)
            *line++ = (bits & (0x100u >> x)) ? pal16[fg] : pal16[bg];
    }
}

/* One graphics scanline into line[] ((clocks+1) x 8 dots). */
static void gfx_line(const struct vga *v, const struct geom *g, uint32_t row_ma, unsigned rs,
                     const uint32_t *pal16, const uint32_t *pal256, uint32_t *line)
{
    const struct vga_state *s = &v->st;
    unsigned shift = (s->gc[5] >> 5) & 3;

    for (int c = 0; c <= g->clocks; c++) {
        uint32_t a = crtc_addr(s->crtc, row_ma + (uint32_t)c / g->div, rs);
        const uint8_t *b = v->vram + a * 4;

        if (shift >= 2) {
            for (int p = 0; p < 4; p++) {
                *line++ = pal256[b[p]];
                *line++ = pal256[b[p]];
            }
        } else if (shift == 1) {
            for (int x = 0; x < 8; x++) {
                int lo = x < 4 ? 0 : 1, sh = 6 - 2 * (x & 3);
                uint8_t px = (uint8_t)(((b[lo] >> sh) & 3) | (((b[lo + 2] >> sh) & 3) << 2));
                *line++ = pal16[px];
            }
        } else {
            for (int x = 0; x < 8; x++) {
                unsigned m = 0x80u >> x;
                uint8_t px = (uint8_t)(((b[0] & m) ? 1 : 0) | ((b[1] & m) ? 2 : 0) |
                                       ((b[2] & m) ? 4 : 0) | ((b[3] & m) ? 8 : 0));
                *line++ = pal16[px];
            }
        }
    }
}

/* Horizontal pixel panning in dots (AR13). */
static int pan_dots(const struct vga_state *s, bool text, int cw)
{
    unsigned p = s->ar[0x13] & 0x0F;

    if (text && cw == 9)
        return p >= 8 ? 0 : (int)p + 1;
    if (((s->gc[5] >> 5) & 3) >= 2)
        return (int)(p & 6);
    return (int)(p & 7);
}

static void render_vga(struct vga *v, bool text, unsigned phase, const uint32_t *pal16,
                       const uint32_t *pal256)
{
    const struct vga_state *s = &v->st;
    struct geom g;
    uint32_t *line;
    uint32_t row_ma;
    unsigned rs, sub = 0;
    int w, pan;

    get_geom(s, text, &g);
    w = g.clocks * g.cw * g.dbl;
    if (w > MAX_W)
        w = MAX_W;
    if (!fb_size(v, w, g.height) || !(line = malloc(sizeof(*line) * (size_t)(g.clocks + 1) * 9))) {
        fb_size(v, 1, 1);
        v->fb[0] = 0;
        return;
    }
    pan = pan_dots(s, text, g.cw);
    row_ma = g.start;
    rs = s->crtc[8] & 0x1F;
    for (int y = 0; y < g.height; y++) {
        uint32_t *out = v->fb + (size_t)y * (size_t)w;
        const uint32_t *src;

        if (text)
            text_line(v, &g, row_ma, rs, phase, pal16, line);
        else
            gfx_line(v, &g, row_ma, rs, pal16, pal256, line);
        src = line + pan;
        if (g.dbl == 2)
            for (int x = 0; x < w; x++)
                out[x] = src[x >> 1];
        else
            memcpy(out, src, sizeof(*out) * (size_t)w);
        if ((uint32_t)y == g.lc) {
            /* Line compare: the lines after it show memory from address 0
             * (a split screen), with panning reset if AR10 bit 5 says so. */
            row_ma = 0;
            rs = 0;
            sub = 0;
            if (s->ar[0x10] & 0x20)
                pan = 0;
            continue;
        }
        if (g.dscan && !sub) {
            sub = 1;
            continue;
        }
        sub = 0;
        if (rs >= g.msl) {
            rs = 0;
            row_ma += g.offset;
        } else {
            rs++;
        }
    }
    free(line);
}

/* VBE packed-pixel or 4 bpp planar scan-out. */
static void render_vbe(struct vga *v, const uint32_t *pal16, const uint32_t *pal256)
{
    const struct vga_state *s = &v->st;
    int w = s->vbe[VBE_INDEX_XRES], h = s->vbe[VBE_INDEX_YRES];
    unsigned bpp = vga_vbe_bpp(v), bypp = (bpp + 7) / 8;
    const uint8_t *vr = v->vram;

    if (w < 1 || h < 1 || w > (int)VBE_MAX_XRES || h > (int)VBE_MAX_YRES || !fb_size(v, w, h)) {
        fb_size(v, 1, 1);
        v->fb[0] = 0;
        return;
    }
    for (int y = 0; y < h; y++) {
        uint32_t *out = v->fb + (size_t)y * (size_t)w;
        uint64_t o = (uint64_t)s->vbe_start + (uint64_t)y * s->vbe_line_offset;
        uint64_t need = bpp == 4 ? (uint64_t)(w + 7) / 8 * 4 : (uint64_t)w * bypp;

        if (o + need > VGA_VRAM_SIZE) {
            memset(out, 0, sizeof(*out) * (size_t)w);
            continue;
        }
        for (int x = 0; x < w; x++) {
            const uint8_t *p;
            uint16_t px;

            switch (bpp) {
            case 4: {
                unsigned m = 0x80u >> (x & 7);
                p = vr + o + (uint64_t)(x >> 3) * 4;
                out[x] = pal16[((p[0] & m) ? 1 : 0) | ((p[1] & m) ? 2 : 0) |
                               ((p[2] & m) ? 4 : 0) | ((p[3] & m) ? 8 : 0)];
                break;
            }
            case 8:
                out[x] = pal256[vr[o + (uint64_t)x]];
                break;
            case 15:
            case 16:
                p = vr + o + (uint64_t)x * 2;
                px = (uint16_t)(p[0] | p[1] << 8);
                if (bpp == 15)
                    out[x] = (uint32_t)(((px >> 10) & 31) * 255 / 31) << 16 |
                             (uint32_t)(((px >> 5) & 31) * 255 / 31) << 8 |
                             (uint32_t)((px & 31) * 255 / 31);
                else
                    out[x] = (uint32_t)(((px >> 11) & 31) * 255 / 31) << 16 |
                             (uint32_t)(((px >> 5) & 63) * 255 / 63) << 8 |
                             (uint32_t)((px & 31) * 255 / 31);
                break;
            default:   /* 24 and 32: B, G, R (, X) */
                p = vr + o + (uint64_t)x * bypp;
                out[x] = (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
                break;
            }
        }
    }
}

/* The display is blanked: palette address source off (AR index bit 5 = 0)
 * or sequencer "screen off" (SR01 bit 5). */
static bool blanked(const struct vga_state *s)
{
    return !(s->ar_index & 0x20) || (s->seq[1] & 0x20);
}

static bool is_text(const struct vga *v)
{
    return !vga_vbe_enabled(v) && !(v->st.gc[6] & 1);
}

bool vga_needs_render(struct vga *v)
{
    return v->dirty || !v->fb || (is_text(v) && blink_phase(v) != v->last_blink);
}

bool vga_render(struct vga *v, struct vga_frame *out)
{
    const struct vga_state *s = &v->st;
    uint32_t pal16[16], pal256[256];
    bool changed = vga_needs_render(v);
    unsigned phase = blink_phase(v);

    for (int i = 0; i < 256; i++)
        pal256[i] = dac_rgb(s, (uint8_t)i);
    for (int i = 0; i < 16; i++)
        pal16[i] = pal256[attr_map(s, (uint8_t)i)];
    if (vga_vbe_enabled(v)) {
        render_vbe(v, pal16, pal256);
    } else {
        render_vga(v, is_text(v), phase, pal16, pal256);
    }
    if (blanked(s) && v->fb)
        memset(v->fb, 0, sizeof(*v->fb) * (size_t)v->fb_w * (size_t)v->fb_h);
    v->dirty = false;
    v->last_blink = phase;
    out->pixels = v->fb;
    out->width = v->fb_w;
    out->height = v->fb_h;
    return changed;
}

bool vga_text_screen(struct vga *v, struct vga_cell *cells, size_t max_cells, int *rows, int *cols)
{
    const struct vga_state *s = &v->st;
    struct geom g;
    size_t n = 0;
    int lines_per_row;

    *rows = *cols = 0;
    if (!is_text(v) || blanked(s))
        return false;
    get_geom(s, true, &g);
    lines_per_row = (int)(g.msl + 1) * (g.dscan ? 2 : 1);
    *cols = g.clocks;
    *rows = g.height / lines_per_row;
    for (int r = 0; r < *rows; r++) {
        for (int c = 0; c < *cols; c++) {
            uint32_t a = crtc_addr(s->crtc, g.start + (uint32_t)r * g.offset + (uint32_t)c / g.div, 0);
            if (n < max_cells) {
                cells[n].ch = v->vram[a * 4];
                cells[n].attr = v->vram[a * 4 + 1];
            }
            n++;
        }
    }
    return true;
}
