/*
 * pci_host.c - i440FX host bridge and PIIX3 PCI-to-ISA bridge functions
 * (see pci_host.h), and the "pci" state record.
 */
#include "pci_host.h"

#include <stdio.h>
#include <string.h>

#include "state.h"

#define PCI_STATE_VERSION 1

void pam_region(int k, uint32_t *base, uint32_t *size)
{
    if (k == 0) {
        *base = 0xF0000;
        *size = 0x10000;
    } else {
        *base = 0xC0000 + (uint32_t)(k - 1) * 0x4000u;
        *size = 0x4000;
    }
}

unsigned pam_attr(const struct pci_function *host, int k)
{
    if (k == 0)
        return (host->config[I440FX_PAM0] >> 4) & 3;
    uint8_t r = host->config[I440FX_PAM0 + 1 + (k - 1) / 2];
    return ((k - 1) & 1 ? r >> 4 : r) & 3;
}

/* i440FX: a PAM register changed. */
static void host_config_write(void *opaque, struct pci_function *f, uint8_t offset,
                              uint32_t value, int size)
{
    struct pci_host *h = opaque;

    (void)f; (void)value;
    if (offset + size > I440FX_PAM0 && offset <= I440FX_PAM0 + 6 && h->pam_changed)
        h->pam_changed(h->pam_opaque);
}

/* PIIX3: a PIRQ route changed. */
static void isa_config_write(void *opaque, struct pci_function *f, uint8_t offset,
                             uint32_t value, int size)
{
    (void)opaque; (void)value;
    if (offset + size > PIIX3_PIRQRC && offset < PIIX3_PIRQRC + 4 && f->bus)
        pci_update_irqs(f->bus);
}

/* PIRQ (0-3) -> ISA IRQ by PIRQRC[A:D]. */
static int pirq_route(void *opaque, int pirq)
{
    struct pci_host *h = opaque;
    uint8_t r = h->isa.config[PIIX3_PIRQRC + (pirq & 3)];
    int irq = r & 0x0F;

    if (r & 0x80)
        return -1;
    if (irq < 3 || irq == 8 || irq == 13)
        return -1; /* reserved routing values */
    return irq;
}

/* Set a register's value and writable mask. */
static void reg(struct pci_function *f, unsigned off, uint8_t value, uint8_t wmask)
{
    f->config[off] = value;
    f->wmask[off] = wmask;
}

/* i440FX registers (datasheet 3.2) with their defaults. */
static void host_defaults(struct pci_function *f)
{
    pci_function_init(f, I440FX_DEVFN, 0x8086, 0x1237, 0x060000, 0x02, "i440fx");
    /* Status: fast back-to-back capable, medium DEVSEL timing. */
    f->config[0x06] = 0x80;
    f->config[0x07] = 0x02;
    reg(f, 0x50, 0x00, 0xFF);   /* PMCCFG */
    reg(f, 0x51, 0x01, 0xFF);
    reg(f, 0x52, 0x00, 0xFF);   /* DETURBO */
    reg(f, 0x53, 0x80, 0xFF);   /* DBC */
    reg(f, 0x54, 0x00, 0xFF);   /* AXC */
    reg(f, 0x55, 0x00, 0xFF);   /* DRAMR */
    reg(f, 0x56, 0x00, 0xFF);
    reg(f, 0x57, 0x01, 0xFF);   /* DRAMC */
    reg(f, 0x58, 0x10, 0xFF);   /* DRAMT */
    reg(f, I440FX_PAM0, 0x00, 0x30);    /* PAM0: only the 0xF0000 nibble */
    for (unsigned k = 1; k <= 6; k++)
        reg(f, I440FX_PAM0 + k, 0x00, 0x33);
    for (unsigned k = 0; k < 8; k++)
        reg(f, 0x60 + k, 0x01, 0xFF);   /* DRB0-7 */
    reg(f, 0x68, 0x00, 0xFF);   /* FDHC */
    reg(f, 0x70, 0x00, 0xFF);   /* MTT */
    reg(f, 0x71, 0x10, 0xFF);   /* CLT */
    reg(f, 0x72, 0x02, 0x78);   /* SMRAM: C_BASE_SEG fixed at 010 */
    reg(f, 0x90, 0x00, 0xFF);   /* ERRCMD */
    reg(f, 0x91, 0x00, 0xFF);   /* ERRSTS */
    reg(f, 0x93, 0x00, 0xFF);   /* TRC */
}

/* PIIX3 function 0 registers (datasheet 2.2) with their defaults. */
static void isa_defaults(struct pci_function *f)
{
    pci_function_init(f, PIIX3_ISA_DEVFN, 0x8086, 0x7000, 0x060100, 0x00, "piix3-isa");
    f->config[PCI_HEADER_TYPE] = 0x80;  /* multi-function: IDE at 01.1 */
    f->config[0x04] = 0x07;             /* I/O, memory, bus master (fixed on) */
    f->wmask[0x04] = 0x08;              /* only special cycle enable is writable */
    f->wmask[0x05] = 0x00;
    f->config[0x06] = 0x00;
    f->config[0x07] = 0x02;
    reg(f, 0x4C, 0x4D, 0xFF);   /* IORT */
    reg(f, 0x4E, 0x03, 0xFF);   /* XBCS */
    reg(f, 0x4F, 0x00, 0xFF);
    for (unsigned k = 0; k < 4; k++)
        reg(f, PIIX3_PIRQRC + k, 0x80, 0x8F);
    reg(f, 0x69, 0x02, 0xFF);   /* TOM */
    reg(f, 0x6A, 0x00, 0xFF);   /* MSTAT */
    reg(f, 0x6B, 0x00, 0xFF);
    reg(f, 0x70, 0x80, 0xEF);   /* MBIRQ0 */
    reg(f, 0x71, 0x80, 0xEF);   /* MBIRQ1 */
    reg(f, 0x76, 0x0C, 0x8F);   /* MBDMA0 */
    reg(f, 0x77, 0x0C, 0x8F);   /* MBDMA1 */
    reg(f, 0x78, 0x02, 0xFF);   /* PCSC */
    reg(f, 0x79, 0x00, 0xFF);
    reg(f, 0x80, 0x00, 0x3F);   /* APICBASE */
    reg(f, 0x82, 0x00, 0x0F);   /* DLC */
    reg(f, 0xA0, 0x08, 0xFF);   /* SMICNTL */
    reg(f, 0xA2, 0x00, 0xFF);   /* SMIEN */
    reg(f, 0xA3, 0x00, 0xFF);
    for (unsigned k = 0xA4; k <= 0xA7; k++)
        reg(f, k, 0x00, 0xFF);  /* SEE */
    reg(f, 0xA8, 0x0F, 0xFF);   /* FTMR */
    reg(f, 0xAA, 0x00, 0xFF);   /* SMIREQ */
    reg(f, 0xAB, 0x00, 0xFF);
    reg(f, 0xAC, 0x00, 0xFF);   /* CTLTMR */
    reg(f, 0xAE, 0x00, 0xFF);   /* CTHTMR */
}

void pci_host_reset(struct pci_host *h)
{
    struct pci_bus *bus = h->host.bus;

    host_defaults(&h->host);
    isa_defaults(&h->isa);
    h->host.bus = bus;
    h->isa.bus = bus;
    if (h->pam_changed)
        h->pam_changed(h->pam_opaque);
    if (bus)
        pci_update_irqs(bus);
}

int pci_host_init(struct pci_host *h, struct pci_bus *bus)
{
    memset(h, 0, sizeof(*h));
    host_defaults(&h->host);
    isa_defaults(&h->isa);
    h->host.config_write = host_config_write;
    h->host.opaque = h;
    h->isa.config_write = isa_config_write;
    h->isa.opaque = h;
    if (pci_register_function(bus, &h->host) < 0 || pci_register_function(bus, &h->isa) < 0)
        return -1;
    bus->pirq_route = pirq_route;
    bus->pirq_opaque = h;
    return 0;
}

/* --- state record "pci" --- */

void pci_save(const struct pci_bus *bus, struct state_writer *w)
{
    char n[32];

    state_begin(w, "pci", PCI_STATE_VERSION);
    state_put_u32(w, "config_address", bus->config_address);
    state_put_u8(w, "reset_control", bus->reset_control);
    for (unsigned k = 0; k < bus->nlist; k++) {
        const struct pci_function *f = bus->list[k];
        snprintf(n, sizeof(n), "fn%02x.config", f->devfn);
        state_put_bytes(w, n, f->config, sizeof(f->config));
        snprintf(n, sizeof(n), "fn%02x.irq", f->devfn);
        state_put_u8(w, n, f->irq_level);
    }
    state_end(w);
}

int pci_load(struct pci_bus *bus, struct pci_host *h, const void *buf, size_t len)
{
    struct state_reader r;
    char n[32];

    if (state_open(&r, buf, len, "pci") < 0 || r.version > PCI_STATE_VERSION ||
        !state_get_u32(&r, "config_address", &bus->config_address) ||
        !state_get_u8(&r, "reset_control", &bus->reset_control))
        return -1;
    for (unsigned k = 0; k < bus->nlist; k++) {
        struct pci_function *f = bus->list[k];
        snprintf(n, sizeof(n), "fn%02x.config", f->devfn);
        state_get_bytes(&r, n, f->config, sizeof(f->config));
        snprintf(n, sizeof(n), "fn%02x.irq", f->devfn);
        state_get_u8(&r, n, &f->irq_level);
        if (f->bar_changed)
            for (int b = 0; b <= PCI_ROM_BAR; b++)
                if (b == PCI_ROM_BAR ? f->rom_size != 0 : f->bar_kind[b] != PCI_BAR_NONE)
                    f->bar_changed(f->opaque, f, b);
    }
    pci_update_irqs(bus);
    if (h && h->pam_changed)
        h->pam_changed(h->pam_opaque);
    return 0;
}
