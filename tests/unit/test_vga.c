/*
 * test_vga.c - unit tests of the VGA (devices/vga*.c) and the PNG encoder
 * (frontend/png.c): register round trips and the CRTC protect bit, the
 * attribute flip-flop, the DAC, write modes 0-3 and read modes 0-1 with the
 * latches, chain-4 and odd/even addressing through the physical memory map,
 * a text-mode character rendered with a known font checked pixel by pixel,
 * a mode-13h pixel, Bochs VBE registers and a 32 bpp frame, and a PNG
 * checked chunk by chunk (signature, CRCs, zlib payload).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "../../devices/vga.h"
#include "../../mmu/mem.h"
/* The encoder lives in frontend/ (not linked into unit tests): build it here. */
#include "../../frontend/png.c"

struct fixture {
    struct mem *m;
    struct vga *v;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    f->m = mem_create(1u << 20);
    assert_non_null(f->m);
    f->v = vga_create(NULL, f->m);
    assert_non_null(f->v);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    vga_destroy(f->v);
    mem_destroy(f->m);
    free(f);
    return 0;
}

static void outb(struct vga *v, uint16_t port, uint8_t val)
{
    if (port == VBE_PORT_INDEX || port == VBE_PORT_DATA)
        vga_vbe_write(v, port, val, 1);
    else
        vga_port_write(v, port, val, 1);
}

static uint8_t inb(struct vga *v, uint16_t port)
{
    return (uint8_t)vga_port_read(v, port, 1);
}

static void seq(struct vga *v, uint8_t i, uint8_t val) { outb(v, 0x3C4, i); outb(v, 0x3C5, val); }
static void gc(struct vga *v, uint8_t i, uint8_t val) { outb(v, 0x3CE, i); outb(v, 0x3CF, val); }
static void crtc(struct vga *v, uint8_t i, uint8_t val) { outb(v, 0x3D4, i); outb(v, 0x3D5, val); }

static void vbe(struct vga *v, uint16_t i, uint16_t val)
{
    vga_vbe_write(v, VBE_PORT_INDEX, i, 2);
    vga_vbe_write(v, VBE_PORT_DATA, val, 2);
}

static uint16_t vbe_rd(struct vga *v, uint16_t i)
{
    vga_vbe_write(v, VBE_PORT_INDEX, i, 2);
    return (uint16_t)vga_vbe_read(v, VBE_PORT_DATA, 2);
}

static void test_register_round_trips(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;

    /* Sequencer, graphics controller: index then data, and word OUTs. */
    seq(v, 2, 0x0A);
    outb(v, 0x3C4, 2);
    assert_int_equal(inb(v, 0x3C5), 0x0A);
    vga_port_write(v, 0x3CE, 0x5508, 2);      /* OUT DX, AX: index 8, data 0x55 */
    outb(v, 0x3CE, 8);
    assert_int_equal(inb(v, 0x3CF), 0x55);
    assert_int_equal(vga_port_read(v, 0x3CE, 2), 0x5508);

    /* CRTC: protect bit (CR11 bit 7) locks CR00-CR07 except CR07 bit 4. */
    crtc(v, 0x11, 0x0E);
    crtc(v, 0x00, 0x12);
    outb(v, 0x3D4, 0);
    assert_int_equal(inb(v, 0x3D5), 0x12);
    crtc(v, 0x11, 0x8E);
    crtc(v, 0x00, 0x34);
    crtc(v, 0x07, 0xFF);
    outb(v, 0x3D4, 0);
    assert_int_equal(inb(v, 0x3D5), 0x12);
    outb(v, 0x3D4, 7);
    assert_int_equal(inb(v, 0x3D5), 0x1F | 0x10);  /* mode-3 value 0x1F, bit 4 set */
    crtc(v, 0x0C, 0x12);                           /* CR08+ stay writable */
    outb(v, 0x3D4, 0x0C);
    assert_int_equal(inb(v, 0x3D5), 0x12);

    /* Misc output selects 3Bx or 3Dx; the other range floats. */
    outb(v, 0x3C2, 0x66);
    assert_int_equal(inb(v, 0x3CC), 0x66);
    outb(v, 0x3B4, 0x0E);
    assert_int_equal(inb(v, 0x3B4), 0x0E);
    assert_int_equal(inb(v, 0x3D4), 0xFF);
    outb(v, 0x3C2, 0x67);
    assert_int_equal(inb(v, 0x3D4), 0x0E);   /* one CRTC: the index is shared */

    /* Attribute controller: reading input status 1 resets the flip-flop. */
    inb(v, 0x3DA);
    outb(v, 0x3C0, 0x05);
    outb(v, 0x3C0, 0x2A);
    assert_int_equal(inb(v, 0x3C1), 0x2A);
    outb(v, 0x3C0, 0x06);   /* flip-flop now at "index": this is an index */
    inb(v, 0x3DA);
    outb(v, 0x3C0, 0x20 | 0x14);
    outb(v, 0x3C0, 0x0C);
    assert_int_equal(inb(v, 0x3C0), 0x34);
    assert_int_equal(inb(v, 0x3C1), 0x0C);

    /* DAC: 6-bit triplets, auto-increment, read index, state. */
    outb(v, 0x3C8, 10);
    outb(v, 0x3C9, 0x3F);
    outb(v, 0x3C9, 0xFF);   /* stored as 6 bits */
    outb(v, 0x3C9, 0x01);
    outb(v, 0x3C9, 0x02);   /* entry 11 */
    outb(v, 0x3C9, 0x03);
    outb(v, 0x3C9, 0x04);
    assert_int_equal(inb(v, 0x3C8), 12);
    assert_int_equal(inb(v, 0x3C7), 0);
    outb(v, 0x3C7, 10);
    assert_int_equal(inb(v, 0x3C7), 3);
    assert_int_equal(inb(v, 0x3C9), 0x3F);
    assert_int_equal(inb(v, 0x3C9), 0x3F);
    assert_int_equal(inb(v, 0x3C9), 0x01);
    assert_int_equal(inb(v, 0x3C9), 0x02);
}

static void test_status_retrace(void **state)
{
    struct fixture *f = *state;
    int retrace = 0, blank = 0, active = 0;

    /* Without a timeline each read is 2 us: over 50 ms (3.5 frames at
     * 70 Hz) both the retrace and the display-enable bits toggle. */
    for (int i = 0; i < 25000; i++) {
        uint8_t s = inb(f->v, 0x3DA);
        retrace += (s & 8) != 0;
        blank += (s & 1) != 0;
        active += (s & 1) == 0;
    }
    assert_true(retrace > 0 && retrace < 25000 / 10);
    assert_true(blank > 0 && active > blank);
}

/* Planar mode for the write-mode tests: A0000 64 KiB, no odd/even, no chain-4. */
static void planar(struct vga *v)
{
    seq(v, 2, 0x0F);
    seq(v, 4, 0x06);
    gc(v, 5, 0x00);
    gc(v, 6, 0x05);
}

static uint8_t plane(struct vga *v, uint32_t addr, int p) { return v->vram[addr * 4 + (uint32_t)p]; }

static void test_write_modes(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;
    struct mem *m = f->m;

    planar(v);
    /* Mode 0 with set/reset on all planes: data = set/reset value. */
    gc(v, 0, 0x05);
    gc(v, 1, 0x0F);
    mem_write8(m, 0xA0010, 0x00);
    assert_int_equal(plane(v, 0x10, 0), 0xFF);
    assert_int_equal(plane(v, 0x10, 1), 0x00);
    assert_int_equal(plane(v, 0x10, 2), 0xFF);
    assert_int_equal(plane(v, 0x10, 3), 0x00);
    /* Mode 0, no set/reset, rotate 4, map mask planes 1 and 3 only. */
    gc(v, 1, 0x00);
    gc(v, 3, 0x04);
    seq(v, 2, 0x0A);
    mem_write8(m, 0xA0011, 0x12);
    assert_int_equal(plane(v, 0x11, 1), 0x21);
    assert_int_equal(plane(v, 0x11, 3), 0x21);
    assert_int_equal(plane(v, 0x11, 0), 0x00);
    seq(v, 2, 0x0F);
    gc(v, 3, 0x00);
    /* Bit mask keeps latch bits: load latches from 0x10 then write 0x12. */
    (void)mem_read8(m, 0xA0010);
    gc(v, 8, 0x0F);
    mem_write8(m, 0xA0012, 0x00);
    assert_int_equal(plane(v, 0x12, 0), 0xF0);
    assert_int_equal(plane(v, 0x12, 1), 0x00);
    gc(v, 8, 0xFF);
    /* ALU XOR with the latches (function 3). */
    (void)mem_read8(m, 0xA0010);
    gc(v, 3, 0x18);
    mem_write8(m, 0xA0013, 0x0F);
    assert_int_equal(plane(v, 0x13, 0), 0xF0);
    assert_int_equal(plane(v, 0x13, 1), 0x0F);
    gc(v, 3, 0x00);
    /* Mode 1: the latches are written (a VRAM-to-VRAM copy). */
    gc(v, 5, 0x01);
    (void)mem_read8(m, 0xA0010);
    mem_write8(m, 0xA0020, 0x99);
    for (int p = 0; p < 4; p++)
        assert_int_equal(plane(v, 0x20, p), plane(v, 0x10, p));
    /* Mode 2: CPU bits 0-3 fill planes, bit mask from GR08. */
    gc(v, 5, 0x02);
    gc(v, 8, 0xC3);
    (void)mem_read8(m, 0xA0030);   /* latches 0 */
    mem_write8(m, 0xA0030, 0x0A);
    assert_int_equal(plane(v, 0x30, 0), 0x00);
    assert_int_equal(plane(v, 0x30, 1), 0xC3);
    assert_int_equal(plane(v, 0x30, 2), 0x00);
    assert_int_equal(plane(v, 0x30, 3), 0xC3);
    /* Mode 3: set/reset is the data, (rotated CPU byte & bit mask) the mask. */
    gc(v, 5, 0x03);
    gc(v, 8, 0xFF);
    gc(v, 0, 0x03);
    (void)mem_read8(m, 0xA0030);
    mem_write8(m, 0xA0030, 0xF0);
    assert_int_equal(plane(v, 0x30, 0), 0xF0);
    assert_int_equal(plane(v, 0x30, 1), 0xF3);   /* 0xF0 from set/reset, 0x03 kept */
    assert_int_equal(plane(v, 0x30, 2), 0x00);
    assert_int_equal(plane(v, 0x30, 3), 0x03);
}

static void test_read_modes(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;
    struct mem *m = f->m;
    static const uint8_t pl[4] = { 0x0F, 0x33, 0x55, 0xFF };

    planar(v);
    for (int p = 0; p < 4; p++)
        v->vram[0x40 * 4 + p] = pl[p];
    /* Read mode 0: the plane picked by the read map select. */
    for (int p = 0; p < 4; p++) {
        gc(v, 4, (uint8_t)p);
        assert_int_equal(mem_read8(m, 0xA0040), pl[p]);
    }
    /* The read loaded all four latches: mode 1 write copies them. */
    gc(v, 5, 0x01);
    mem_write8(m, 0xA0041, 0);
    for (int p = 0; p < 4; p++)
        assert_int_equal(plane(v, 0x41, p), pl[p]);
    /* Read mode 1: colour compare 0b1011 (planes 0,1,3 set, 2 clear).
     * Bits where p0=1, p1=1, p2=0, p3=1: 0x0F & 0x33 & ~0x55 & 0xFF = 0x02. */
    gc(v, 5, 0x08);
    gc(v, 2, 0x0B);
    gc(v, 7, 0x0F);
    assert_int_equal(mem_read8(m, 0xA0040), 0x02);
    /* Don't care about plane 2: 0x0F & 0x33 & 0xFF = 0x03. */
    gc(v, 7, 0x0B);
    assert_int_equal(mem_read8(m, 0xA0040), 0x03);
    /* Outside the selected window (B8000 with A0000-AFFFF mapped): floats. */
    assert_int_equal(mem_read8(m, 0xB8000), 0xFF);
}

static void test_chain4_and_odd_even(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;
    struct mem *m = f->m;

    /* Mode 3 (reset state): odd/even at B8000, char in plane 0, attribute in plane 1. */
    mem_write16(m, 0xB8000 + 2 * 81, 0x1E41);
    assert_int_equal(plane(v, 162, 0), 0x41);
    assert_int_equal(plane(v, 162, 1), 0x1E);
    assert_int_equal(mem_read16(m, 0xB8000 + 2 * 81), 0x1E41);
    assert_int_equal(mem_read8(m, 0xA0000), 0xFF);   /* B8000 window only */

    /* Chain-4 (mode 13h style): plane A&3 at plane address A&~3. */
    seq(v, 2, 0x0F);
    seq(v, 4, 0x0E);
    gc(v, 5, 0x40);
    gc(v, 6, 0x05);
    mem_write8(m, 0xA0000 + 1001, 0x42);
    assert_int_equal(plane(v, 1000, 1), 0x42);
    assert_int_equal(plane(v, 1000, 0), 0x00);
    assert_int_equal(mem_read8(m, 0xA0000 + 1001), 0x42);
    mem_write32(m, 0xA0000 + 2000, 0x44332211);
    assert_int_equal(plane(v, 2000, 0), 0x11);
    assert_int_equal(plane(v, 2000, 3), 0x44);
    /* Unchained (mode X): the same address writes the masked planes. */
    seq(v, 4, 0x06);
    seq(v, 2, 0x04);
    mem_write8(m, 0xA0000 + 7, 0x77);
    assert_int_equal(plane(v, 7, 2), 0x77);
    assert_int_equal(plane(v, 7, 0), 0x00);
}

/* 0x00RRGGBB of a 6-bit DAC triplet. */
static uint32_t rgb6(uint8_t r, uint8_t g, uint8_t b)
{
    return (uint32_t)((r << 2) | (r >> 4)) << 16 | (uint32_t)((g << 2) | (g >> 4)) << 8 |
           (uint32_t)((b << 2) | (b >> 4));
}

static void test_text_render(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;
    struct mem *m = f->m;
    struct vga_frame fr;
    uint8_t glyph[16];
    uint32_t fg = rgb6(0x3F, 0x3F, 0x15), bg = rgb6(0, 0, 0x2A);  /* yellow on blue */
    struct vga_cell cells[80 * 25];
    int rows, cols;

    for (int r = 0; r < 16; r++)
        glyph[r] = (uint8_t)(0x81 + r * 3);   /* an arbitrary but known pattern */
    /* Load the font into plane 2 the way a BIOS does. */
    seq(v, 2, 0x04);
    seq(v, 4, 0x06);
    gc(v, 5, 0x00);
    gc(v, 6, 0x04);
    for (int r = 0; r < 16; r++) {
        mem_write8(m, 0xA0000 + 0x41 * 32 + (uint32_t)r, glyph[r]);
        mem_write8(m, 0xA0000 + 0xC4 * 32 + (uint32_t)r, glyph[r]);
    }
    seq(v, 2, 0x03);
    seq(v, 4, 0x02);
    gc(v, 5, 0x10);
    gc(v, 6, 0x0E);
    crtc(v, 0x0A, 0x20);                      /* cursor off */
    mem_write16(m, 0xB8000, 0x1E41);          /* 'A' yellow on blue at (0,0) */
    mem_write16(m, 0xB8002, 0x1EC4);          /* line-graphics char at (0,1) */
    mem_write16(m, 0xB8000 + 160, 0x9E41);    /* blinking 'A' at (1,0) */

    assert_true(vga_render(v, &fr));
    assert_int_equal(fr.width, 720);
    assert_int_equal(fr.height, 400);
    for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 9; x++) {
            uint32_t want = (x < 8 && (glyph[y] & (0x80 >> x))) ? fg : bg;
            assert_int_equal(fr.pixels[y * 720 + x], want);
            /* 0xC4 extends its 8th dot into the 9th. */
            want = (glyph[y] & (0x80 >> (x < 8 ? x : 7))) ? fg : bg;
            assert_int_equal(fr.pixels[y * 720 + 9 + x], want);
        }
    }
    /* The blinking cell's background is blue (attribute bit 7 = blink). */
    assert_int_equal(fr.pixels[16 * 720 + 8], bg);
    /* Empty cells are black (attribute 0). */
    assert_int_equal(fr.pixels[399 * 720 + 719], 0);
    assert_false(vga_needs_render(v));

    assert_true(vga_text_screen(v, cells, 80 * 25, &rows, &cols));
    assert_int_equal(rows, 25);
    assert_int_equal(cols, 80);
    assert_int_equal(cells[0].ch, 0x41);
    assert_int_equal(cells[0].attr, 0x1E);
    assert_int_equal(cells[1].ch, 0xC4);
    assert_int_equal(cells[80].attr, 0x9E);

    /* Cursor (scan lines 13-14 of cell 2, no timeline: blink phase "on"),
     * drawn in the cell's foreground colour. */
    mem_write16(m, 0xB8004, 0x0720);
    crtc(v, 0x0A, 0x0D);
    crtc(v, 0x0B, 0x0E);
    crtc(v, 0x0E, 0x00);
    crtc(v, 0x0F, 0x02);
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[13 * 720 + 18], rgb6(0x2A, 0x2A, 0x2A));
    assert_int_equal(fr.pixels[14 * 720 + 26], rgb6(0x2A, 0x2A, 0x2A));
    assert_int_equal(fr.pixels[12 * 720 + 18], 0);
    assert_int_equal(fr.pixels[15 * 720 + 18], 0);
    crtc(v, 0x0A, 0x2D);   /* cursor disable bit */
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[13 * 720 + 18], 0);

    /* 40 columns (dot clock / 2): each dot doubled, 720 wide still. */
    seq(v, 1, 0x08);
    crtc(v, 0x11, 0x0E);
    crtc(v, 0x01, 39);
    vga_render(v, &fr);
    assert_int_equal(fr.width, 720);
    for (int x = 0; x < 18; x++)
        assert_int_equal(fr.pixels[x], (x < 16 && (glyph[0] & (0x80 >> (x / 2)))) ? fg : bg);
    assert_true(vga_text_screen(v, cells, 80 * 25, &rows, &cols));
    assert_int_equal(cols, 40);
    assert_int_equal(cells[40].attr, 0x9E);   /* row 1 starts at offset 80 (CR13 unchanged) */
    crtc(v, 0x01, 79);

    /* 8-dot cells: 640 wide, and the 9th dot disappears. */
    seq(v, 1, 0x01);
    assert_true(vga_needs_render(v));
    vga_render(v, &fr);
    assert_int_equal(fr.width, 640);
    assert_int_equal(fr.pixels[8], (glyph[0] & 0x80) ? fg : bg);   /* (0,1) starts at x = 8 */
    /* Screen off (SR01 bit 5): a black frame, no text. */
    seq(v, 1, 0x21);
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[0], 0);
    assert_false(vga_text_screen(v, cells, 80 * 25, &rows, &cols));
}

/* Mode 13h from its register values (IBM VGA BIOS table). */
static void test_mode13_render(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;
    struct mem *m = f->m;
    static const uint8_t cr[0x19] = {
        0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x9C, 0x0E, 0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF
    };
    struct vga_frame fr;

    outb(v, 0x3C2, 0x63);
    seq(v, 1, 0x01);
    seq(v, 2, 0x0F);
    seq(v, 4, 0x0E);
    crtc(v, 0x11, 0x0E);
    for (int i = 0; i < 0x19; i++)
        crtc(v, (uint8_t)i, cr[i]);
    gc(v, 5, 0x40);
    gc(v, 6, 0x05);
    inb(v, 0x3DA);
    outb(v, 0x3C0, 0x10);
    outb(v, 0x3C0, 0x41);
    outb(v, 0x3C0, 0x20);
    outb(v, 0x3C8, 200);
    outb(v, 0x3C9, 0x3F);
    outb(v, 0x3C9, 0x00);
    outb(v, 0x3C9, 0x20);
    mem_write8(m, 0xA0000 + 10 * 320 + 7, 200);   /* pixel (7, 10) */
    vga_render(v, &fr);
    assert_int_equal(fr.width, 640);
    assert_int_equal(fr.height, 400);
    /* Each pixel is 2 dots wide and 2 lines high. */
    assert_int_equal(fr.pixels[20 * 640 + 14], rgb6(0x3F, 0, 0x20));
    assert_int_equal(fr.pixels[21 * 640 + 15], rgb6(0x3F, 0, 0x20));
    assert_int_equal(fr.pixels[20 * 640 + 16], 0);
    assert_int_equal(fr.pixels[19 * 640 + 14], 0);

    /* Unchained ("mode X"): chain-4 off, byte addressing; pixel (x, y) is
     * plane x&3 at y*80 + x/4. Start address 0x4000 shows the second page. */
    seq(v, 4, 0x06);
    crtc(v, 0x14, 0x00);
    crtc(v, 0x17, 0xE3);
    seq(v, 2, 1u << (13 & 3));
    mem_write8(m, 0xA0000 + 0x4000 + 5 * 80 + 13 / 4, 200);   /* (13, 5) on page 2 */
    crtc(v, 0x0C, 0x40);
    crtc(v, 0x0D, 0x00);
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[10 * 640 + 26], rgb6(0x3F, 0, 0x20));
    assert_int_equal(fr.pixels[11 * 640 + 27], rgb6(0x3F, 0, 0x20));
    assert_int_equal(fr.pixels[10 * 640 + 24], 0);
    assert_int_equal(fr.pixels[10 * 640 + 28], 0);

    /* Split screen: line compare 99, so scanlines 100+ show address 0. */
    seq(v, 2, 0x01);
    mem_write8(m, 0xA0000, 200);              /* pixel (0, 0) of page 1 */
    crtc(v, 0x18, 99);
    crtc(v, 0x07, 0x0F);                      /* line compare bit 8 = 0 */
    crtc(v, 0x09, 0x01);                      /* bit 9 = 0, 2 scanlines per row */
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[10 * 640 + 26], rgb6(0x3F, 0, 0x20));   /* above: page 2 */
    assert_int_equal(fr.pixels[0], 0);
    assert_int_equal(fr.pixels[99 * 640 + 0], 0);
    assert_int_equal(fr.pixels[100 * 640 + 0], rgb6(0x3F, 0, 0x20));
    assert_int_equal(fr.pixels[101 * 640 + 1], rgb6(0x3F, 0, 0x20));
    assert_int_equal(fr.pixels[102 * 640 + 0], 0);
}

/* Mode 4 (CGA 320x200x4) from the IBM VGA BIOS table: odd/even at B8000,
 * CGA shift interleave, even scanlines at B8000 and odd ones at BA000 (MA13
 * replaced by the row scan counter). */
static void test_cga_render(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;
    struct mem *m = f->m;
    static const uint8_t sq[5] = { 0x03, 0x09, 0x03, 0x00, 0x02 };
    static const uint8_t cr[0x19] = {
        0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x00, 0x96, 0xB9, 0xA2, 0xFF
    };
    static const uint8_t ar[0x15] = {
        0x00, 0x13, 0x15, 0x17, 0x02, 0x04, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14,
        0x15, 0x16, 0x17, 0x01, 0x00, 0x03, 0x00, 0x00
    };
    static const uint8_t g[9] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0F, 0x0F, 0xFF };
    struct vga_frame fr;
    /* Palette 0x13/0x15/0x17 through the reset DAC (EGA rgbRGB entries). */
    uint32_t c1 = rgb6(0x00, 0x3F, 0x2A), c2 = rgb6(0x2A, 0x15, 0x2A);
    uint32_t c3 = rgb6(0x2A, 0x3F, 0x2A);

    outb(v, 0x3C2, 0x63);
    for (int i = 0; i < 5; i++)
        seq(v, (uint8_t)i, sq[i]);
    crtc(v, 0x11, 0x0E);
    for (int i = 0; i < 0x19; i++)
        crtc(v, (uint8_t)i, cr[i]);
    for (int i = 0; i < 9; i++)
        gc(v, (uint8_t)i, g[i]);
    inb(v, 0x3DA);
    for (int i = 0; i < 0x15; i++) {
        outb(v, 0x3C0, (uint8_t)i);
        outb(v, 0x3C0, ar[i]);
    }
    outb(v, 0x3C0, 0x20);
    mem_write8(m, 0xB8000, 0x1B);             /* pixels 0-3: 0, 1, 2, 3 */
    mem_write8(m, 0xB8001, 0xC0);             /* pixel 4: 3 */
    mem_write8(m, 0xBA000 + 80, 0x40);        /* scanline 3, pixel 0: 1 */
    vga_render(v, &fr);
    assert_int_equal(fr.width, 640);
    assert_int_equal(fr.height, 400);
    /* Each CGA pixel is 2 dots wide and (double scan) 2 lines high. */
    assert_int_equal(fr.pixels[0], 0);
    assert_int_equal(fr.pixels[2], c1);
    assert_int_equal(fr.pixels[4], c2);
    assert_int_equal(fr.pixels[641 * 1 + 6 - 1], c3);   /* (5, 1): pixel 2 dot 1 */
    assert_int_equal(fr.pixels[8], c3);
    assert_int_equal(fr.pixels[10], 0);
    assert_int_equal(fr.pixels[6 * 640 + 0], c1);        /* scanline 3 = lines 6, 7 */
    assert_int_equal(fr.pixels[7 * 640 + 1], c1);
    assert_int_equal(fr.pixels[2 * 640 + 0], 0);           /* scanline 1 = BA000 row 0 */
}

static void test_vbe_32bpp(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;
    struct mem *m = f->m;
    struct vga_frame fr;

    assert_int_equal(vbe_rd(v, VBE_INDEX_ID), VBE_ID5);
    vbe(v, VBE_INDEX_ID, VBE_ID0);
    assert_int_equal(vbe_rd(v, VBE_INDEX_ID), VBE_ID0);
    vbe(v, VBE_INDEX_ID, 0x1234);                 /* not an ID: ignored */
    assert_int_equal(vbe_rd(v, VBE_INDEX_ID), VBE_ID0);
    assert_int_equal(vbe_rd(v, VBE_INDEX_VIDEO_MEMORY_64K), 256);
    vbe(v, VBE_INDEX_ENABLE, VBE_GETCAPS);
    assert_int_equal(vbe_rd(v, VBE_INDEX_XRES), VBE_MAX_XRES);
    assert_int_equal(vbe_rd(v, VBE_INDEX_BPP), 32);
    vbe(v, VBE_INDEX_ENABLE, 0);

    vbe(v, VBE_INDEX_XRES, 1920);
    vbe(v, VBE_INDEX_YRES, 1080);
    vbe(v, VBE_INDEX_BPP, 32);
    vbe(v, VBE_INDEX_ENABLE, VBE_ENABLED | VBE_LFB_ENABLED);
    assert_int_equal(vbe_rd(v, VBE_INDEX_XRES), 1920);
    assert_int_equal(vbe_rd(v, VBE_INDEX_VIRT_WIDTH), 1920);
    assert_int_equal(vbe_rd(v, VBE_INDEX_VIRT_HEIGHT), VGA_VRAM_SIZE / (1920 * 4));
    vbe(v, VBE_INDEX_XRES, 640);                  /* ignored while enabled */
    assert_int_equal(vbe_rd(v, VBE_INDEX_XRES), 1920);

    /* Pixel (5, 3) through the framebuffer memory, (1919, 1079) too; and
     * one through the banked window at A0000 (bank 1 = bytes 64K..128K). */
    memcpy(v->vram + (3 * 1920 + 5) * 4, "\x33\x22\x11\x00", 4);
    memcpy(v->vram + (1079 * 1920 + 1919) * 4, "\xCC\xBB\xAA\x00", 4);
    vbe(v, VBE_INDEX_BANK, 1);
    mem_write32(m, 0xA0000 + 8, 0x00654321);      /* byte 65544 = pixel 16386 */
    assert_int_equal(mem_read32(m, 0xA0000 + 8), 0x00654321);
    vga_render(v, &fr);
    assert_int_equal(fr.width, 1920);
    assert_int_equal(fr.height, 1080);
    assert_int_equal(fr.pixels[3 * 1920 + 5], 0x112233);
    assert_int_equal(fr.pixels[1079 * 1920 + 1919], 0xAABBCC);
    assert_int_equal(fr.pixels[16386], 0x654321);
    /* Display start via Y_OFFSET. */
    vbe(v, VBE_INDEX_Y_OFFSET, 3);
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[5], 0x112233);
    /* Disabled again: back to the VGA text scan-out. */
    vbe(v, VBE_INDEX_ENABLE, 0);
    assert_false(vga_vbe_enabled(v));
}

/* Packed-pixel formats: 8 bpp through the DAC (6- and 8-bit), 15/16 bpp
 * 5-5-5/5-6-5 scaled to 8 bits, 24 bpp B-G-R; and 4 bpp planar. */
static void test_vbe_formats(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;
    struct vga_frame fr;
    static const struct { unsigned bpp; uint32_t bytes; int len; uint32_t want; } cases[] = {
        { 16, 0xF800, 2, 0xFF0000 },
        { 16, 0x07E0, 2, 0x00FF00 },
        { 15, 0x7C1F, 2, 0xFF00FF },
        { 15, 0x0210, 2, 0x008383 },   /* 16 * 255 / 31 = 131 */
        { 24, 0x123456, 3, 0x123456 },
    };

    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        vbe(v, VBE_INDEX_ENABLE, 0);
        vbe(v, VBE_INDEX_XRES, 64);
        vbe(v, VBE_INDEX_YRES, 8);
        vbe(v, VBE_INDEX_BPP, (uint16_t)cases[k].bpp);
        vbe(v, VBE_INDEX_ENABLE, VBE_ENABLED | VBE_LFB_ENABLED);
        /* pixel (3, 2) */
        for (int i = 0; i < cases[k].len; i++)
            v->vram[(2 * 64 + 3) * cases[k].len + i] = (uint8_t)(cases[k].bytes >> (8 * i));
        vga_render(v, &fr);
        assert_int_equal(fr.width, 64);
        assert_int_equal(fr.pixels[2 * 64 + 3], cases[k].want);
        assert_int_equal(fr.pixels[2 * 64 + 4], 0);
    }

    /* 8 bpp: DAC entry 7 = (0x3F, 0x20, 0x01) 6-bit; then 8-bit DAC. */
    vbe(v, VBE_INDEX_ENABLE, 0);
    vbe(v, VBE_INDEX_BPP, 8);
    vbe(v, VBE_INDEX_ENABLE, VBE_ENABLED);
    outb(v, 0x3C8, 7);
    outb(v, 0x3C9, 0x3F);
    outb(v, 0x3C9, 0x20);
    outb(v, 0x3C9, 0x01);
    v->vram[64 + 5] = 7;
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[64 + 5], rgb6(0x3F, 0x20, 0x01));
    vbe(v, VBE_INDEX_ENABLE, VBE_ENABLED | VBE_8BIT_DAC);
    outb(v, 0x3C8, 7);
    outb(v, 0x3C9, 0xFE);
    outb(v, 0x3C9, 0x80);
    outb(v, 0x3C9, 0x02);
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[64 + 5], 0xFE8002);

    /* 4 bpp planar: 64 pixels per line = 8 plane bytes; pixel (9, 1) has
     * colour 5 (planes 0 and 2) -> attribute palette 5 -> DAC 5 (magenta). */
    vbe(v, VBE_INDEX_ENABLE, 0);
    vbe(v, VBE_INDEX_BPP, 4);
    vbe(v, VBE_INDEX_ENABLE, VBE_ENABLED);
    v->vram[(1 * 8 + 1) * 4 + 0] = 0x40;
    v->vram[(1 * 8 + 1) * 4 + 2] = 0x40;
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[64 + 9], rgb6(0x2A, 0, 0x2A));
    assert_int_equal(fr.pixels[64 + 8], 0);
}

static void test_rom_size(void **state)
{
    char err[200];

    (void)state;
    assert_int_equal(vga_check_rom_size(39936, err, sizeof(err)), 0);
    assert_int_equal(vga_check_rom_size(131072, err, sizeof(err)), 0);
    assert_int_equal(vga_check_rom_size(131072 + 512, err, sizeof(err)), -1);
    assert_int_equal(vga_check_rom_size(1000, err, sizeof(err)), -1);
    assert_int_equal(vga_check_rom_size(0, err, sizeof(err)), -1);
}

static void test_state_round_trip(void **state)
{
    struct fixture *f = *state;
    struct state_writer w;
    struct vga *v2 = vga_create(NULL, NULL);

    assert_non_null(v2);
    seq(f->v, 2, 0x05);
    f->v->vram[12345] = 0x5A;
    state_writer_init(&w);
    vga_save(f->v, &w);
    assert_false(w.error);
    assert_int_equal(vga_load(v2, w.buf, w.len), 0);
    assert_int_equal(v2->st.seq[2], 0x05);
    assert_int_equal(v2->vram[12345], 0x5A);
    assert_memory_equal(&v2->st.dac, &f->v->st.dac, sizeof(v2->st.dac));
    state_writer_free(&w);
    vga_destroy(v2);
}

/* PCI function: IDs and class, BAR0 (16 MiB prefetchable) sizing and the
 * LFB at the assigned address, the expansion ROM BAR serving the VGA BIOS,
 * and the image placed in RAM at 0xC0000. */
static void test_pci_lfb_and_rom(void **state)
{
    struct fixture *f = *state;
    struct vga *v = f->v;
    struct pci_bus bus;
    uint8_t rom[1024];
    const uint8_t devfn = 2 << 3;
    struct vga_frame fr;

    memset(rom, 0x90, sizeof(rom));
    rom[0] = 0x55;
    rom[1] = 0xAA;
    rom[2] = 2;
    assert_int_equal(vga_map_rom(v, rom, 1000), -1);     /* not a multiple of 512 */
    assert_int_equal(vga_map_rom(v, rom, sizeof(rom)), 0);
    assert_memory_equal(mem_ram(f->m) + 0xC0000, rom, sizeof(rom));
    mem_ram(f->m)[0xC0000] = 0;                          /* shadow RAM is writable */
    vga_reset(v);                                        /* and restored at reset */
    assert_int_equal(mem_ram(f->m)[0xC0000], 0x55);

    pci_bus_init(&bus);
    assert_int_equal(vga_pci_register(v, &bus, devfn), 0);
    assert_int_equal(pci_config_read(&bus, devfn, 0, 4), 0x11111234);
    assert_int_equal(pci_config_read(&bus, devfn, 8, 4) >> 8, 0x030000);
    /* BAR0 sizing: 16 MiB, memory, prefetchable. */
    pci_config_write(&bus, devfn, 0x10, 0xFFFFFFFF, 4);
    assert_int_equal(pci_config_read(&bus, devfn, 0x10, 4), 0xFF000008);
    /* ROM BAR sizing: 1 KiB image -> the 2 KiB minimum. */
    pci_config_write(&bus, devfn, 0x30, 0xFFFFFFFE, 4);
    assert_int_equal(pci_config_read(&bus, devfn, 0x30, 4), 0xFFFFF800);

    /* Assign and enable: LFB at 0xE0000000, ROM at 0xE1000000. */
    pci_config_write(&bus, devfn, 0x10, 0xE0000000, 4);
    pci_config_write(&bus, devfn, 0x30, 0xE1000001, 4);
    assert_int_equal(mem_read32(f->m, 0xE0000000), 0xFFFFFFFF);   /* decoding off */
    pci_config_write(&bus, devfn, 0x04, 0x0003, 2);
    assert_int_equal(mem_read16(f->m, 0xE1000000), 0xAA55);
    assert_int_equal(mem_read8(f->m, 0xE1000000 + 1023), 0x90);

    vbe(v, VBE_INDEX_XRES, 320);
    vbe(v, VBE_INDEX_YRES, 200);
    vbe(v, VBE_INDEX_BPP, 32);
    vbe(v, VBE_INDEX_ENABLE, VBE_ENABLED | VBE_LFB_ENABLED);
    mem_write32(f->m, 0xE0000000 + (10 * 320 + 20) * 4, 0x00C0FFEE);
    assert_int_equal(v->vram[(10 * 320 + 20) * 4], 0xEE);
    assert_int_equal(mem_read32(f->m, 0xE0000000 + (10 * 320 + 20) * 4), 0x00C0FFEE);
    vga_render(v, &fr);
    assert_int_equal(fr.pixels[10 * 320 + 20], 0xC0FFEE);

    /* Moving BAR0: the old address stops decoding, the new one answers. */
    pci_config_write(&bus, devfn, 0x10, 0xD0000000, 4);
    assert_int_equal(mem_read32(f->m, 0xE0000000 + (10 * 320 + 20) * 4), 0xFFFFFFFF);
    assert_int_equal(mem_read32(f->m, 0xD0000000 + (10 * 320 + 20) * 4), 0x00C0FFEE);
    /* Never over RAM. */
    pci_config_write(&bus, devfn, 0x10, 0x00000000, 4);
    assert_int_equal(v->lfb_base, 0);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void test_png(void **state)
{
    static const uint32_t px[6] = { 0xFF0000, 0x00FF00, 0x0000FF, 0x123456, 0xABCDEF, 0x000000 };
    uint8_t *buf, raw[64];
    size_t len, pos = 8;
    uLongf rawlen = sizeof(raw);
    const char *types[3] = { "IHDR", "IDAT", "IEND" };
    const uint8_t *idat = NULL;
    uint32_t idat_len = 0;

    (void)state;
    assert_int_equal(png_encode(px, 3, 2, &buf, &len), 0);
    assert_memory_equal(buf, "\x89PNG\r\n\x1a\n", 8);
    for (int k = 0; k < 3; k++) {
        uint32_t n = be32(buf + pos);
        assert_true(pos + 12 + n <= len);
        assert_memory_equal(buf + pos + 4, types[k], 4);
        assert_int_equal(be32(buf + pos + 8 + n), (uint32_t)crc32(0, buf + pos + 4, 4 + n));
        if (k == 0) {
            assert_int_equal(n, 13);
            assert_int_equal(be32(buf + pos + 8), 3);
            assert_int_equal(be32(buf + pos + 12), 2);
            assert_int_equal(buf[pos + 16], 8);
            assert_int_equal(buf[pos + 17], 2);
        }
        if (k == 1) {
            idat = buf + pos + 8;
            idat_len = n;
        }
        pos += 12 + n;
    }
    assert_int_equal(pos, len);
    assert_int_equal(uncompress(raw, &rawlen, idat, idat_len), Z_OK);
    assert_int_equal(rawlen, 2 * (1 + 3 * 3));
    assert_int_equal(raw[0], 0);
    assert_int_equal(raw[10], 0);
    assert_memory_equal(raw + 1, "\xFF\x00\x00\x00\xFF\x00\x00\x00\xFF", 9);
    assert_memory_equal(raw + 11, "\x12\x34\x56\xAB\xCD\xEF\x00\x00\x00", 9);
    free(buf);
    assert_int_equal(png_encode(px, 0, 2, &buf, &len), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_register_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_retrace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chain4_and_odd_even, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_render, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mode13_render, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cga_render, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vbe_32bpp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vbe_formats, setup, teardown),
        cmocka_unit_test(test_rom_size),
        cmocka_unit_test_setup_teardown(test_pci_lfb_and_rom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_round_trip, setup, teardown),
        cmocka_unit_test(test_png),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
