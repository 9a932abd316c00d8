/*
 * vga_pci.c - the VGA as PCI function 1234:1111 (QEMU's "stdvga"/Bochs
 * display): class 0x030000 (VGA-compatible display controller), BAR0 a
 * 16 MiB prefetchable 32-bit memory BAR that decodes the linear framebuffer
 * (the whole shared video memory), and, when a VGA BIOS image is loaded
 * (-vga-bios), an expansion ROM BAR (config 0x30) that decodes it. PCI
 * Local Bus Specification 3.0, 6.2.5.1 (base address registers) and 6.2.5.2
 * (expansion ROM base address: bit 0 enables decoding, together with the
 * command register's memory space bit; the size is read back by writing
 * all ones to bits 31-11). The legacy ports and the 0xA0000 window are
 * decoded regardless, as a VGA-compatible device does.
 *
 * SeaBIOS as built for QEMU (Debian's bios.bin) finds the VGA BIOS this way:
 * it sizes and assigns the ROM BAR, checks the 0x55AA header and the PCI
 * data structure (vendor/device must match), copies the image to shadow
 * RAM at 0xC0000 and calls it.
 *
 * The memory map has no "unmap", so each distinct address the guest assigns
 * to a BAR gets its own MMIO window (up to 8 in all); a window answers only
 * while it is the current decoded address of its BAR, and floats (reads all
 * ones, ignores writes) otherwise, like an address nobody decodes.
 */
#include "vga.h"

#include "../mmu/mem.h"

/* True when window c is the current decoding of its BAR. */
static bool window_live(const struct vga_lfb_window *c)
{
    const struct vga *v = c->v;

    return c->rom ? (v->rom_base == c->base) : (v->lfb_base == c->base);
}

static uint32_t win_read(void *opaque, uint32_t offset, int size)
{
    const struct vga_lfb_window *c = opaque;
    const struct vga *v = c->v;
    uint32_t val = 0;

    if (!window_live(c))
        return 0xFFFFFFFFu;
    for (int k = 0; k < size; k++) {
        uint32_t o = offset + (uint32_t)k;
        uint8_t b;
        if (c->rom)
            b = o < v->rom_size ? v->rom[o] : 0xFF;
        else
            b = o < VGA_VRAM_SIZE ? v->vram[o] : 0xFF;
        val |= (uint32_t)b << (8 * k);
    }
    return val;
}

static void win_write(void *opaque, uint32_t offset, uint32_t value, int size)
{
    const struct vga_lfb_window *c = opaque;
    struct vga *v = c->v;

    if (c->rom || !window_live(c))
        return;   /* a ROM ignores writes */
    for (int k = 0; k < size; k++)
        if (offset + (uint32_t)k < VGA_VRAM_SIZE)
            v->vram[offset + (uint32_t)k] = (uint8_t)(value >> (8 * k));
    v->dirty = true;
    v->generation++;
}

/* Make `base` (0 = not decoded) the live address of the LFB (rom = false)
 * or of the expansion ROM, mapping a new window when needed. Returns the
 * address that now decodes (0 when refused). */
static uint32_t place_window(struct vga *v, bool rom, uint32_t base, uint32_t size)
{
    /* Never over guest RAM or the top 20 MiB of the 4 GiB space (IO-APIC,
     * HPET and BIOS live there, and all-ones BAR sizing lands there). */
    if (base == 0 || !v->mem || base < mem_ram_size(v->mem) ||
        (uint64_t)base + size > 0xFEC00000ull)
        return 0;
    for (unsigned k = 0; k < v->nlfb; k++)
        if (v->lfb[k].base == base && v->lfb[k].rom == rom)
            return base;
    if (v->nlfb >= sizeof(v->lfb) / sizeof(v->lfb[0]))
        return 0;   /* out of windows: the BAR stops decoding */
    v->lfb[v->nlfb] = (struct vga_lfb_window){ .v = v, .base = base, .rom = rom };
    if (mem_map_mmio(v->mem, base, size, win_read, win_write, &v->lfb[v->nlfb]) < 0)
        return 0;
    v->nlfb++;
    return base;
}

/* Size of the expansion ROM BAR: the image rounded up to a power of two,
 * at least 2 KiB (the BAR's address field starts at bit 11). */
static uint32_t rom_bar_size(const struct vga *v)
{
    uint32_t s = 2048;

    while (s < v->rom_size)
        s <<= 1;
    return s;
}

/* BAR0 or the expansion ROM BAR moved or had its decoding switched:
 * make the LFB or the VGA BIOS answer at the new address. */
static void vga_bar_changed(void *opaque, struct pci_function *f, int bar)
{
    struct vga *v = opaque;

    if (bar == 0)
        v->lfb_base = place_window(v, false, pci_bar_address(f, 0), VGA_VRAM_SIZE);
    else if (bar == PCI_ROM_BAR && v->rom)
        v->rom_base = place_window(v, true, pci_rom_address(f), rom_bar_size(v));
}

int vga_pci_register(struct vga *v, struct pci_bus *bus, uint8_t devfn)
{
    struct pci_function *f = &v->pci;

    pci_function_init(f, devfn, VGA_PCI_VENDOR, VGA_PCI_DEVICE, 0x030000, 0x02, "vga");
    pci_function_set_bar(f, 0, PCI_BAR_MEM32, VGA_VRAM_SIZE);
    f->config[0x10] |= 0x08;   /* prefetchable */
    /* Subsystem IDs as QEMU's stdvga (Red Hat, QEMU). */
    f->config[0x2C] = 0xF4;
    f->config[0x2D] = 0x1A;
    f->config[0x2E] = 0x00;
    f->config[0x2F] = 0x11;
    if (v->rom)
        pci_function_set_rom(f, rom_bar_size(v));
    f->bar_changed = vga_bar_changed;
    f->opaque = v;
    return pci_register_function(bus, f);
}
