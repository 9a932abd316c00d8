/*
 * pci.h - PCI bus 0 and configuration mechanism #1 (PCI Local Bus
 * Specification 2.1/3.0, 3.2.2.3.2: CONFIG_ADDRESS 0xCF8, CONFIG_DATA
 * 0xCFC-0xCFF).
 *
 * Each PCI function is a struct pci_function with its 256-byte
 * configuration space. The bus handles the generic header behaviour (read-
 * only IDs, BAR sizing by writing all ones, command register) and calls the
 * function's hooks for device-specific registers and BAR changes. Functions
 * register themselves at a device/function number; devices never include
 * each other's headers, only this one.
 */
#ifndef X86PC_PCI_H
#define X86PC_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_MAX_DEVFN 256 /* 32 devices x 8 functions on bus 0 */
#define PCI_BARS 6

/* BAR kinds. */
enum pci_bar_kind { PCI_BAR_NONE = 0, PCI_BAR_IO, PCI_BAR_MEM32 };

struct pci_function {
    uint8_t devfn;                 /* device << 3 | function */
    uint8_t config[256];           /* configuration space (little-endian) */
    uint8_t wmask[256];            /* bits writable by the guest */
    /* BARs: kind and size in bytes (power of two; IO >= 4, MEM >= 16). */
    enum pci_bar_kind bar_kind[PCI_BARS];
    uint32_t bar_size[PCI_BARS];
    /* Optional hooks. config_write is called after the bus stored the
     * masked value (offset, size 1/2/4); bar_changed after a BAR or the
     * command register's IO/MEM enable bits changed: the device remaps
     * its window to pci_bar_address() (0 when disabled). */
    void (*config_write)(void *opaque, struct pci_function *f, uint8_t offset, uint32_t value, int size);
    uint32_t (*config_read)(void *opaque, struct pci_function *f, uint8_t offset, int size, uint32_t stored);
    void (*bar_changed)(void *opaque, struct pci_function *f, int bar);
    void *opaque;
    const char *name;
};

struct pci_bus;

/* Fill the header of a type-0 function: vendor, device, class code
 * (class << 16 | subclass << 8 | prog-if), revision, header type, and set
 * the standard writable masks (command, cache line, latency, interrupt
 * line, BARs by their sizes). */
void pci_function_init(struct pci_function *f, uint8_t devfn, uint16_t vendor, uint16_t device,
                       uint32_t class_code, uint8_t revision, const char *name);
/* Declare BAR `bar` (0-5) of `size` bytes (power of two). */
void pci_function_set_bar(struct pci_function *f, int bar, enum pci_bar_kind kind, uint32_t size);
/* Current decoded base of BAR `bar`, or 0 if unassigned or decoding of its
 * space is disabled in the command register. */
uint32_t pci_bar_address(const struct pci_function *f, int bar);

/* Attach a function to the bus. Returns 0, or -1 if the devfn is taken. */
int pci_register_function(struct pci_bus *bus, struct pci_function *f);

/* Drive the function's INTx# line (the pin in config[0x3D]) to `level`;
 * the PIIX3 PIRQ routing (config 0x60-0x63 of the ISA bridge) maps it to
 * an ISA IRQ, level-triggered (the guest programs the 8259A ELCR). */
void pci_set_irq(struct pci_function *f, int level);

#endif
