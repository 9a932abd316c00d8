/*
 * vga_pci.c - the VGA as PCI function 1234:1111 (QEMU's "stdvga"/Bochs
 * display): class 0x030000 (VGA-compatible display controller), BAR0 a
 * 16 MiB prefetchable 32-bit memory BAR that decodes the linear framebuffer
 * (the whole shared video memory). PCI Local Bus Specification 3.0, 6.2.5.1
 * (base address registers); the legacy ports and 0xA0000 window are decoded
 * regardless, as VGA-compatible devices do (PCI 3.0, 3.4: VGA palette
 * snooping and legacy decode are implied for class 0x0300).
 *
 * The memory map has no "unmap", so each distinct BAR address the guest
 * assigns gets its own MMIO window (up to 8); a window answers only while
 * it is the current decoded BAR address, and floats (reads all ones,
 * ignores writes) otherwise, like an address nobody decodes.
 */
#include "vga.h"

#include "../mmu/mem.h"

/* Temporary while devices/pci.c (timebus) is not in the tree: weak
 * references so the build links; vga_pci_register() fails without it. */
#pragma weak pci_function_init
#pragma weak pci_function_set_bar
#pragma weak pci_bar_address
#pragma weak pci_register_function

static uint32_t lfb_read(void *opaque, uint32_t offset, int size)
{
    const struct vga_lfb_window *c = opaque;
    const struct vga *v = c->v;
    uint32_t val = 0;

    if (v->lfb_base != c->base || offset > VGA_VRAM_SIZE - (uint32_t)size)
        return 0xFFFFFFFFu;
    for (int k = 0; k < size; k++)
        val |= (uint32_t)v->vram[offset + (uint32_t)k] << (8 * k);
    return val;
}

static void lfb_write(void *opaque, uint32_t offset, uint32_t value, int size)
{
    const struct vga_lfb_window *c = opaque;
    struct vga *v = c->v;

    if (v->lfb_base != c->base || offset > VGA_VRAM_SIZE - (uint32_t)size)
        return;
    for (int k = 0; k < size; k++)
        v->vram[offset + (uint32_t)k] = (uint8_t)(value >> (8 * k));
    v->dirty = true;
    v->generation++;
}

/* BAR0 moved or its decoding was switched: make the LFB answer there. */
static void vga_bar_changed(void *opaque, struct pci_function *f, int bar)
{
    struct vga *v = opaque;
    uint32_t base;

    if (bar != 0)
        return;
    base = pci_bar_address(f, 0);
    v->lfb_base = base;
    /* Never over guest RAM or the top 20 MiB of the 4 GiB space (IO-APIC,
     * HPET and BIOS live there, and all-ones BAR sizing lands there). */
    if (base == 0 || !v->mem || base < mem_ram_size(v->mem) ||
        (uint64_t)base + VGA_VRAM_SIZE > 0xFEC00000ull) {
        v->lfb_base = 0;
        return;
    }
    for (unsigned k = 0; k < v->nlfb; k++)
        if (v->lfb[k].base == base)
            return;
    if (v->nlfb >= sizeof(v->lfb) / sizeof(v->lfb[0])) {
        v->lfb_base = 0;   /* out of windows: the LFB stops decoding */
        return;
    }
    v->lfb[v->nlfb] = (struct vga_lfb_window){ .v = v, .base = base };
    if (mem_map_mmio(v->mem, base, VGA_VRAM_SIZE, lfb_read, lfb_write, &v->lfb[v->nlfb]) < 0) {
        v->lfb_base = 0;
        return;
    }
    v->nlfb++;
}

int vga_pci_register(struct vga *v, struct pci_bus *bus, uint8_t devfn)
{
    struct pci_function *f = &v->pci;

    if (!pci_register_function || !pci_function_init || !pci_function_set_bar)
        return -1;
    pci_function_init(f, devfn, VGA_PCI_VENDOR, VGA_PCI_DEVICE, 0x030000, 0x02, "vga");
    pci_function_set_bar(f, 0, PCI_BAR_MEM32, VGA_VRAM_SIZE);
    f->config[0x10] |= 0x08;   /* prefetchable */
    /* Subsystem IDs as QEMU's stdvga (Red Hat, QEMU). */
    f->config[0x2C] = 0xF4;
    f->config[0x2D] = 0x1A;
    f->config[0x2E] = 0x00;
    f->config[0x2F] = 0x11;
    f->bar_changed = vga_bar_changed;
    f->opaque = v;
    return pci_register_function(bus, f);
}
