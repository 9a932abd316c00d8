/*
 * pci.c - PCI bus 0 with configuration mechanism #1 (see pci.h).
 *
 * Source: PCI Local Bus Specification 3.0: 3.2.2.3.2 (configuration
 * mechanism #1: CONFIG_ADDRESS at 0xCF8 latched only by 32-bit accesses,
 * CONFIG_DATA at 0xCFC-0xCFF, byte lanes by the port's low two bits), 6.1
 * (reads of an absent function return all ones), 6.2.2 (command register,
 * status register write-one-to-clear bits), 6.2.5.1 (BAR sizing: the
 * low bits of a BAR are hardwired to zero), 6.2.5.2 (expansion ROM BAR),
 * 6.2.4 (interrupt pin/line); Intel 82371SB PIIX3 datasheet 2.4.x (Reset
 * Control register at 0xCF9).
 */
#include "pci.h"

#include <string.h>

#include "board.h"

/* Little-endian access to config space. */
static uint32_t cfg_get(const struct pci_function *f, unsigned off, int size)
{
    uint32_t v = 0;

    for (int k = 0; k < size && off + (unsigned)k < 256; k++)
        v |= (uint32_t)f->config[off + (unsigned)k] << (8 * k);
    return v;
}

static void cfg_set_mask(struct pci_function *f, unsigned off, uint32_t v, uint32_t wmask, int size)
{
    for (int k = 0; k < size && off + (unsigned)k < 256; k++) {
        f->config[off + (unsigned)k] = (uint8_t)(v >> (8 * k));
        f->wmask[off + (unsigned)k] = (uint8_t)(wmask >> (8 * k));
    }
}

void pci_function_init(struct pci_function *f, uint8_t devfn, uint16_t vendor, uint16_t device,
                       uint32_t class_code, uint8_t revision, const char *name)
{
    memset(f->config, 0, sizeof(f->config));
    memset(f->wmask, 0, sizeof(f->wmask));
    memset(f->bar_kind, 0, sizeof(f->bar_kind));
    memset(f->bar_size, 0, sizeof(f->bar_size));
    f->devfn = devfn;
    f->name = name;
    f->rom_size = 0;
    f->irq_level = 0;
    cfg_set_mask(f, 0x00, vendor, 0, 2);
    cfg_set_mask(f, 0x02, device, 0, 2);
    /* Command: I/O, memory, bus master, parity error response, SERR#,
     * interrupt disable are writable. */
    cfg_set_mask(f, PCI_COMMAND, 0, PCI_COMMAND_IO | PCI_COMMAND_MEM | PCI_COMMAND_MASTER |
                 0x0040u | 0x0100u | PCI_COMMAND_INTX_DISABLE, 2);
    cfg_set_mask(f, 0x08, revision, 0, 1);
    cfg_set_mask(f, 0x09, class_code, 0, 3);
    cfg_set_mask(f, 0x0C, 0, 0xFF, 1);    /* cache line size */
    cfg_set_mask(f, 0x0D, 0, 0xFF, 1);    /* latency timer */
    cfg_set_mask(f, PCI_HEADER_TYPE, 0, 0, 1);
    cfg_set_mask(f, PCI_INTERRUPT_LINE, 0, 0xFF, 1);
}

void pci_function_set_bar(struct pci_function *f, int bar, enum pci_bar_kind kind, uint32_t size)
{
    unsigned off;

    if (bar < 0 || bar >= PCI_BARS)
        return;
    off = PCI_BAR0 + 4u * (unsigned)bar;
    f->bar_kind[bar] = kind;
    f->bar_size[bar] = size;
    if (kind == PCI_BAR_IO) {
        if (size < 4)
            size = 4;
        cfg_set_mask(f, off, 0x1, ~(size - 1) & 0xFFFFFFFCu, 4);
    } else if (kind == PCI_BAR_MEM32) {
        if (size < 16)
            size = 16;
        cfg_set_mask(f, off, 0x0, ~(size - 1) & 0xFFFFFFF0u, 4);
    } else {
        cfg_set_mask(f, off, 0, 0, 4);
    }
}

void pci_function_set_rom(struct pci_function *f, uint32_t size)
{
    if (size && size < 2048)
        size = 2048;
    f->rom_size = size;
    cfg_set_mask(f, PCI_ROM_ADDRESS, 0, size ? (~(size - 1) & 0xFFFFF800u) | 1u : 0, 4);
}

uint32_t pci_bar_address(const struct pci_function *f, int bar)
{
    uint16_t cmd = (uint16_t)cfg_get(f, PCI_COMMAND, 2);
    uint32_t v;

    if (bar < 0 || bar >= PCI_BARS)
        return 0;
    v = cfg_get(f, PCI_BAR0 + 4u * (unsigned)bar, 4);
    switch (f->bar_kind[bar]) {
    case PCI_BAR_IO:
        return (cmd & PCI_COMMAND_IO) ? v & 0xFFFFFFFCu : 0;
    case PCI_BAR_MEM32:
        return (cmd & PCI_COMMAND_MEM) ? v & 0xFFFFFFF0u : 0;
    default:
        return 0;
    }
}

uint32_t pci_rom_address(const struct pci_function *f)
{
    uint32_t v = cfg_get(f, PCI_ROM_ADDRESS, 4);

    if (!f->rom_size || !(v & 1) || !(cfg_get(f, PCI_COMMAND, 2) & PCI_COMMAND_MEM))
        return 0;
    return v & 0xFFFFF800u;
}

void pci_bus_init(struct pci_bus *bus)
{
    memset(bus, 0, sizeof(*bus));
}

int pci_register_function(struct pci_bus *bus, struct pci_function *f)
{
    if (!bus || bus->fn[f->devfn] || bus->nlist >= PCI_MAX_FUNCTIONS)
        return -1;
    bus->fn[f->devfn] = f;
    bus->list[bus->nlist++] = f;
    f->bus = bus;
    return 0;
}

int pci_pirq_of(const struct pci_function *f)
{
    int pin = f->config[PCI_INTERRUPT_PIN];
    int dev = f->devfn >> 3;

    if (pin < 1 || pin > 4)
        return -1;
    return (pin - 1 + dev - 1) & 3;
}

void pci_update_irqs(struct pci_bus *bus)
{
    uint16_t levels = 0, diff;

    for (unsigned k = 0; k < bus->nlist; k++) {
        struct pci_function *f = bus->list[k];
        int pirq = pci_pirq_of(f);
        int irq;

        if (pirq < 0 || !f->irq_level || (cfg_get(f, PCI_COMMAND, 2) & PCI_COMMAND_INTX_DISABLE))
            continue;
        irq = bus->pirq_route ? bus->pirq_route(bus->pirq_opaque, pirq) : -1;
        if (irq >= 0 && irq < 16)
            levels |= (uint16_t)(1u << irq);
    }
    diff = levels ^ bus->irq_levels;
    bus->irq_levels = levels;
    for (int irq = 0; irq < 16; irq++)
        if ((diff >> irq) & 1 && bus->irq_set)
            bus->irq_set(bus->irq_opaque, irq, (levels >> irq) & 1);
}

void pci_set_irq(struct pci_function *f, int level)
{
    f->irq_level = level ? 1 : 0;
    /* Status bit 3 shows the function's interrupt state (PCI 3.0 6.2.3). */
    if (level)
        f->config[PCI_STATUS] |= PCI_STATUS_INTERRUPT;
    else
        f->config[PCI_STATUS] &= (uint8_t)~PCI_STATUS_INTERRUPT;
    if (f->bus)
        pci_update_irqs(f->bus);
}

uint32_t pci_config_read(struct pci_bus *bus, uint8_t devfn, uint8_t offset, int size)
{
    struct pci_function *f = bus->fn[devfn];
    uint32_t v;

    if (!f)
        return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
    v = cfg_get(f, offset, size);
    if (f->config_read)
        v = f->config_read(f->opaque, f, offset, size, v);
    return v;
}

void pci_config_write(struct pci_bus *bus, uint8_t devfn, uint8_t offset, uint32_t value, int size)
{
    struct pci_function *f = bus->fn[devfn];
    uint32_t old_addr[PCI_BARS + 1];
    uint16_t old_cmd;

    if (!f)
        return;
    old_cmd = (uint16_t)cfg_get(f, PCI_COMMAND, 2);
    for (int k = 0; k < PCI_BARS; k++)
        old_addr[k] = pci_bar_address(f, k);
    old_addr[PCI_ROM_BAR] = pci_rom_address(f);
    for (int k = 0; k < size && offset + k < 256; k++) {
        unsigned o = offset + (unsigned)k;
        uint8_t b = (uint8_t)(value >> (8 * k));
        if (o == PCI_STATUS + 1) {
            /* Status bits 15-11 and 8 are write-one-to-clear. */
            f->config[o] &= (uint8_t)~(b & 0xF9u);
            continue;
        }
        f->config[o] = (uint8_t)((f->config[o] & ~f->wmask[o]) | (b & f->wmask[o]));
    }
    if (f->bar_changed) {
        for (int k = 0; k <= PCI_ROM_BAR; k++) {
            uint32_t now = k == PCI_ROM_BAR ? pci_rom_address(f) : pci_bar_address(f, k);
            bool exists = k == PCI_ROM_BAR ? f->rom_size != 0 : f->bar_kind[k] != PCI_BAR_NONE;
            /* A BAR write that leaves the decoded address as it was
             * (e.g. sizing while decoding is off) changes nothing. */
            if (exists && now != old_addr[k])
                f->bar_changed(f->opaque, f, k);
        }
    }
    if (((old_cmd ^ cfg_get(f, PCI_COMMAND, 2)) & PCI_COMMAND_INTX_DISABLE) && f->bus)
        pci_update_irqs(f->bus);
    if (f->config_write)
        f->config_write(f->opaque, f, offset, value, size);
}

/* 0xCF8-0xCFB: CONFIG_ADDRESS (32-bit accesses at 0xCF8 only); the PIIX3
 * Reset Control register at 0xCF9 (byte). Other sizes/ports there are
 * ordinary I/O nobody else decodes. */
static uint32_t addr_read(void *opaque, uint16_t port, int size)
{
    struct pci_bus *bus = opaque;

    if (port == 0xCF8 && size == 4)
        return bus->config_address;
    if (port == 0xCF9 && size == 1)
        return bus->reset_control;
    return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

static void addr_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct pci_bus *bus = opaque;

    if (port == 0xCF8 && size == 4) {
        /* Bits 30-24 are reserved (read 0), bits 1-0 read 0. */
        bus->config_address = value & 0x80FFFFFCu;
    } else if (port == 0xCF9 && size == 1) {
        /* Reset Control: bit 1 = hard (full) reset, bit 2 = RST_CPU, whose
         * 0 -> 1 transition starts the reset (either kind resets the
         * whole machine here). */
        uint8_t old = bus->reset_control;
        bus->reset_control = (uint8_t)(value & 0x0E);
        if ((value & 0x04) && !(old & 0x04) && bus->board)
            board_request_reset(bus->board);
    }
}

/* The function and offset CONFIG_ADDRESS selects for CONFIG_DATA port
 * `port`, or NULL when the enable bit is clear or the bus is not 0. */
static bool data_target(const struct pci_bus *bus, uint16_t port, uint8_t *devfn, uint8_t *off)
{
    uint32_t a = bus->config_address;

    if (!(a & 0x80000000u) || ((a >> 16) & 0xFF) != 0)
        return false;
    *devfn = (uint8_t)(a >> 8);
    *off = (uint8_t)((a & 0xFC) | (port & 3));
    return true;
}

static uint32_t data_read(void *opaque, uint16_t port, int size)
{
    struct pci_bus *bus = opaque;
    uint8_t devfn, off;

    if (!data_target(bus, port, &devfn, &off))
        return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
    return pci_config_read(bus, devfn, off, size);
}

static void data_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct pci_bus *bus = opaque;
    uint8_t devfn, off;

    if (data_target(bus, port, &devfn, &off))
        pci_config_write(bus, devfn, off, value, size);
}

int pci_bus_register_ports(struct pci_bus *bus, struct board *b)
{
    bus->board = b;
    if (board_register_ports(b, 0xCF8, 4, 4, addr_read, addr_write, bus, "pci-addr") < 0 ||
        board_register_ports(b, 0xCFC, 4, 4, data_read, data_write, bus, "pci-data") < 0)
        return -1;
    return 0;
}

void pci_bus_reset(struct pci_bus *bus)
{
    bus->config_address = 0;
    bus->reset_control = 0;
}
