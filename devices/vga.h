/*
 * vga.h - IBM VGA with the Bochs/QEMU VBE extension ("stdvga"), as a PCI
 * function 1234:1111 whose BAR0 is the linear framebuffer.
 *
 * Sources: IBM VGA Technical Reference (Personal System/2 Hardware
 * Interface Technical Reference, "Video Subsystem"); FreeVGA register
 * documentation (misc output, sequencer, CRTC, graphics controller,
 * attribute controller, DAC, input status); Bochs vbe.h / QEMU
 * hw/display/vga.c for the VBE "DISPI" register set at ports 0x1CE/0x1CF.
 *
 * Video memory: one 16 MiB buffer shared by the VGA planes and the VBE
 * framebuffer, as in QEMU's stdvga. The VGA's four 64 KiB planes are
 * interleaved: byte `p` (plane 0-3) of plane address `a` is vram[a*4 + p],
 * so a 32-bit load at vram[a*4] is the four-plane latch. VBE packed-pixel
 * modes use vram linearly from offset 0.
 *
 * Address mapping (CPU side, FreeVGA "Graphics Controller" and "Sequencer
 * Memory Mode"): chain-4 puts CPU address A in plane A&3 at plane address
 * A&~3 (the CRTC's doubleword mode then scans it), odd/even in plane
 * (A&1) (+2 per the read map select) at A&~1, planar mode at A in the
 * planes the map mask selects.
 *
 * The device draws nothing itself: vga_render() produces a 32-bit XRGB frame
 * that a frontend presents, and vga_text_screen() gives the text cells.
 * All register state lives in struct vga_state (plain data, no pointers) so
 * that a snapshot is those fields plus the video memory (vga_save/vga_load).
 */
#ifndef X86PC_VGA_H
#define X86PC_VGA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pci.h"
#include "state.h"

struct board;
struct mem;
struct timeline;

#define VGA_VRAM_SIZE (16u * 1024u * 1024u)   /* shared VGA/VBE memory, bytes */
#define VGA_PLANE_SIZE 0x10000u                /* one VGA plane: 64 KiB (256 KiB total) */

/* Bochs VBE DISPI registers (index written to port 0x1CE, data at 0x1CF). */
enum {
    VBE_INDEX_ID = 0, VBE_INDEX_XRES, VBE_INDEX_YRES, VBE_INDEX_BPP, VBE_INDEX_ENABLE,
    VBE_INDEX_BANK, VBE_INDEX_VIRT_WIDTH, VBE_INDEX_VIRT_HEIGHT, VBE_INDEX_X_OFFSET,
    VBE_INDEX_Y_OFFSET, VBE_INDEX_VIDEO_MEMORY_64K, VBE_INDEX_COUNT
};
#define VBE_PORT_INDEX 0x1CE
#define VBE_PORT_DATA 0x1CF
#define VBE_ID0 0xB0C0u
#define VBE_ID5 0xB0C5u
#define VBE_ENABLED 0x01u
#define VBE_GETCAPS 0x02u
#define VBE_8BIT_DAC 0x20u
#define VBE_LFB_ENABLED 0x40u
#define VBE_NOCLEARMEM 0x80u
/* Largest VBE mode (what GETCAPS reports); 2560x1600x32 fits in 16 MiB. */
#define VBE_MAX_XRES 2560u
#define VBE_MAX_YRES 1600u
#define VBE_MAX_BPP 32u

/* VGA BIOS (-vga-bios): a multiple of 512 bytes (the option-ROM header
 * counts 512-byte blocks) up to 128 KiB (0xC0000-0xDFFFF is the expansion
 * ROM area; SeaBIOS's vgabios-stdvga.bin is 39,936 bytes). */
#define VGA_ROM_BASE 0xC0000u
#define VGA_ROM_UNIT 512u
#define VGA_ROM_MAX (128u * 1024u)

/* PCI identity of QEMU's stdvga. */
#define VGA_PCI_VENDOR 0x1234u
#define VGA_PCI_DEVICE 0x1111u

/* Register state (everything a snapshot needs besides video memory). */
struct vga_state {
    uint8_t misc;            /* misc output (0x3C2 write / 0x3CC read) */
    uint8_t feature;         /* feature control (0x3?A write / 0x3CA read) */
    uint8_t enable;          /* video subsystem enable 0x3C3 (bit 0) */
    uint8_t seq_index;       /* 0x3C4 */
    uint8_t seq[8];          /* 0 reset, 1 clocking mode, 2 map mask, 3 char map, 4 memory mode */
    uint8_t crtc_index;      /* 0x3?4 */
    uint8_t crtc[0x19];      /* 0x00-0x18 */
    uint8_t gc_index;        /* 0x3CE */
    uint8_t gc[9];           /* 0 set/reset ... 8 bit mask */
    uint8_t ar_index;        /* 0x3C0 index incl. bit 5 (palette address source) */
    bool ar_flipflop;        /* false: next 0x3C0 write is an index */
    uint8_t ar[0x15];        /* 0x00-0x0F palette, 0x10 mode ... 0x14 colour select */
    uint8_t dac_mask;        /* 0x3C6 pixel mask */
    uint8_t dac_read_index;  /* 0x3C7 write */
    uint8_t dac_write_index; /* 0x3C8 */
    uint8_t dac_comp;        /* component 0-2 of the current triplet */
    uint8_t dac_state;       /* 0x3C7 read: 0 = write mode, 3 = read mode */
    uint8_t dac_latch[3];    /* triplet being written */
    uint8_t dac[256][3];     /* palette, 6-bit (8-bit with VBE_8BIT_DAC) */
    uint32_t latch;          /* graphics controller latches, plane p in bits 8p..8p+7 */
    uint16_t vbe_index;
    uint16_t vbe[VBE_INDEX_COUNT];
    uint32_t vbe_line_offset;  /* bytes per scanline in VBE modes */
    uint32_t vbe_start;        /* display start in bytes (from X/Y_OFFSET) */
    uint32_t status_reads;     /* input status 1 reads (retrace fallback without a timeline) */
};

/* A text cell: CP437 code and attribute byte. */
struct vga_cell {
    uint8_t ch;
    uint8_t attr;
};

/* The device. */
struct vga {
    struct vga_state st;
    uint8_t *vram;                  /* VGA_VRAM_SIZE bytes */
    struct board *board;
    struct mem *mem;
    const struct timeline *tl;      /* virtual time for retrace/blink; NULL: none */
    struct pci_function pci;        /* 1234:1111, BAR0 = LFB */
    struct vga_lfb_window {         /* an MMIO window mapped for a BAR at `base` */
        struct vga *v;
        uint32_t base;
        bool rom;                   /* expansion ROM (else LFB) */
    } lfb[8];
    unsigned nlfb;
    uint8_t *rom;                   /* VGA BIOS image (-vga-bios) or NULL */
    uint32_t rom_size;
    uint32_t rom_base;              /* current expansion ROM BAR address (0: off) */
    uint32_t lfb_base;              /* current BAR0 address (0: not decoded) */
    /* Change tracking. */
    bool dirty;                     /* something visible changed since the last render */
    uint64_t generation;            /* bumped on every video memory write or register change */
    /* Renderer output (owned; see vga_render). */
    uint32_t *fb;
    size_t fb_cap;                  /* pixels allocated */
    int fb_w, fb_h;
    unsigned last_blink;            /* blink phase of the last render */
};

/* Create the device: allocate video memory, claim ports 0x3B0-0x3DF and
 * 0x1CE-0x1D0 on board `b`, map the legacy window 0xA0000-0xBFFFF in `m`,
 * and reset. b may be a bare board in tests. Returns NULL on allocation
 * failure or a port conflict. */
struct vga *vga_create(struct board *b, struct mem *m);
void vga_destroy(struct vga *v);
/* Power-on/reset register state (video memory is kept, as on hardware:
 * the VGA BIOS programs a mode at POST). */
void vga_reset(struct vga *v);
/* Use `tl` for the retrace/display-enable status bits and for blinking. */
void vga_set_timeline(struct vga *v, const struct timeline *tl);

/* Check a -vga-bios image size: 0 when usable, else -1 with a one-line
 * reason in err[errlen]. */
int vga_check_rom_size(uint64_t size, char *err, size_t errlen);
/* Install the VGA BIOS image (copied): it is served by the PCI expansion
 * ROM BAR (how SeaBIOS finds it: it copies it to shadow RAM at 0xC0000 and
 * runs it), and it is also placed in RAM at 0xC0000 at power-on and every
 * reset, as if shadowed there, for a BIOS that scans 0xC0000 for ISA option
 * ROMs. (It is not a read-only mapping: the VGA BIOS writes its own
 * variables in its segment during initialisation, which a PC allows while
 * the shadow RAM is writable.) Returns 0, or -1 on a bad size, no RAM at
 * 0xC0000, or host allocation failure. Call before vga_pci_register(). */
int vga_map_rom(struct vga *v, const uint8_t *img, uint32_t size);

/* Port I/O (0x3B0-0x3DF) and the legacy window (offset from 0xA0000):
 * exposed for unit tests; the board reaches them through its tables. */
uint32_t vga_port_read(void *opaque, uint16_t port, int size);
void vga_port_write(void *opaque, uint16_t port, uint32_t value, int size);
uint32_t vga_vbe_read(void *opaque, uint16_t port, int size);
void vga_vbe_write(void *opaque, uint16_t port, uint32_t value, int size);
uint8_t vga_mem_readb(struct vga *v, uint32_t offset);
void vga_mem_writeb(struct vga *v, uint32_t offset, uint8_t value);
/* MMIO callbacks of the legacy window 0xA0000-0xBFFFF (opaque = struct vga). */
uint32_t vga_legacy_mmio_read(void *opaque, uint32_t offset, int size);
void vga_legacy_mmio_write(void *opaque, uint32_t offset, uint32_t value, int size);

/* Register the PCI function 1234:1111 (class 0x030000, BAR0 16 MiB
 * prefetchable memory = the LFB, and an expansion ROM BAR with the VGA BIOS
 * when vga_map_rom() installed one) on `bus` at `devfn`; each BAR decodes
 * once the guest assigns it and enables memory decoding (never over guest
 * RAM or above 0xFEC00000). Returns 0, or -1 if the devfn is taken. */
int vga_pci_register(struct vga *v, struct pci_bus *bus, uint8_t devfn);

/* VBE internals shared between the vga_*.c files. */
bool vga_vbe_enabled(const struct vga *v);
unsigned vga_vbe_bpp(const struct vga *v);

/* Virtual time in ns from the timeline; without one (unit tests), each
 * input status 1 read counts as 2 us so that retrace polling loops end. */
uint64_t vga_now(const struct vga *v);

/* A rendered frame: `pixels` is width*height 0x00RRGGBB values, row by row
 * (owned by the device, valid until the next vga_render/vga_destroy). */
struct vga_frame {
    const uint32_t *pixels;
    int width, height;
};

/* True when the next vga_render() would differ from the last one (video
 * memory or registers changed, or the blink phase flipped). */
bool vga_needs_render(struct vga *v);
/* Render the current frame (text, CGA, planar, 256-colour, VBE, or a blank
 * frame when the display is off). Returns true when it changed since the
 * previous call. Never fails: on host allocation failure it returns a
 * 1x1 frame. */
bool vga_render(struct vga *v, struct vga_frame *out);

/* Text screen: true in an alphanumeric mode, with *rows x *cols cells
 * (at most max_cells written, row by row from the display start). False in
 * graphics/VBE modes or when blanked (then *rows = *cols = 0). */
bool vga_text_screen(struct vga *v, struct vga_cell *cells, size_t max_cells, int *rows, int *cols);
/* Changes whenever video memory or a register is written: a cheap "did
 * the screen possibly change" test for --until. */
static inline uint64_t vga_generation(const struct vga *v) { return v->generation; }

/* Save the "vga" record (version 1: every register field by name, and the
 * video memory) / load it: 0, or -1 when absent, too new or malformed
 * (the device then keeps its current state for missing fields). */
void vga_save(const struct vga *v, struct state_writer *w);
int vga_load(struct vga *v, const void *buf, size_t len);

#endif
