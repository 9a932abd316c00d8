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

struct pci_bus;

/* BAR kinds. */
enum pci_bar_kind { PCI_BAR_NONE = 0, PCI_BAR_IO, PCI_BAR_MEM32 };

/* One PCI function (PCI Local Bus Specification 2.1, ch. 6 "Configuration
 * Space"): its 256-byte configuration space, which bits of it the guest may
 * write, its BARs and the device's hooks. The device fills it (usually with
 * pci_function_init) and attaches it with pci_register_function. */
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
    /* Expansion ROM BAR (config 0x30): size in bytes (power of two >= 2
     * KiB), 0 when the function has none. bar_changed is called with bar
     * PCI_ROM_BAR when it moves or its enable bit changes. (ADDITIVE.) */
    uint32_t rom_size;
    /* Set by the bus (ADDITIVE): where the function is attached, and the
     * level its INTx# pin is driven to. */
    struct pci_bus *bus;
    uint8_t irq_level;
};

/* bar argument of bar_changed for the expansion ROM BAR. */
#define PCI_ROM_BAR 6

/* Standard header offsets and bits used by the bus. */
#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x0001u
#define PCI_COMMAND_MEM 0x0002u
#define PCI_COMMAND_MASTER 0x0004u
#define PCI_COMMAND_INTX_DISABLE 0x0400u
#define PCI_STATUS 0x06
#define PCI_STATUS_INTERRUPT 0x0008u
#define PCI_HEADER_TYPE 0x0E
#define PCI_BAR0 0x10
#define PCI_ROM_ADDRESS 0x30
#define PCI_INTERRUPT_LINE 0x3C
#define PCI_INTERRUPT_PIN 0x3D

#define PCI_MAX_FUNCTIONS 32    /* functions attached at once */

struct board;

/*
 * Bus 0 (ADDITIVE definition, so the board can embed it): the function
 * table, the CONFIG_ADDRESS latch, and the INTx routing. The PIIX3 ISA
 * bridge (pci_host.c) provides pirq_route; the board points irq_set at
 * the interrupt controller's PCI input (level-triggered lines).
 */
struct pci_bus {
    struct pci_function *fn[PCI_MAX_DEVFN];
    struct pci_function *list[PCI_MAX_FUNCTIONS];
    unsigned nlist;
    uint32_t config_address;   /* CONFIG_ADDRESS, 0xCF8 */
    uint8_t reset_control;     /* PIIX3 Reset Control register, 0xCF9 */
    /* PIRQ (0-3 for PIRQA#-PIRQD#) -> ISA IRQ 0-15, or -1 when disabled. */
    int (*pirq_route)(void *opaque, int pirq);
    void *pirq_opaque;
    /* Drive ISA IRQ `irq` from PCI (level 0/1). */
    void (*irq_set)(void *opaque, int irq, int level);
    void *irq_opaque;
    uint16_t irq_levels;       /* ISA IRQs PCI drives high now */
    struct board *board;       /* for the 0xCF9 reset; may be NULL */
};

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
 * an ISA IRQ, level-triggered (the guest programs the 8259A ELCR).
 * Device d's INTx# pin (1-4 = INTA#-INTD#) reaches PIRQ[(pin - 1 + d - 1)
 * & 3]: the i440FX board wiring QEMU uses, which SeaBIOS's interrupt-line
 * assignment and $PIR table assume (pci_pirq_of()). */
void pci_set_irq(struct pci_function *f, int level);
/* PIRQ (0-3) that function f's INTx# pin is wired to, or -1 without a pin. */
int pci_pirq_of(const struct pci_function *f);

/* Empty bus (nothing attached, CONFIG_ADDRESS 0). */
void pci_bus_init(struct pci_bus *bus);
/* Register CONFIG_ADDRESS/CONFIG_DATA (0xCF8-0xCFF, including the PIIX3
 * Reset Control register at 0xCF9) with the board. Returns 0 or -1. */
int pci_bus_register_ports(struct pci_bus *bus, struct board *b);
/* Recompute the ISA IRQ levels from every function's INTx level and the
 * PIRQ routing (called by pci_set_irq, and by the ISA bridge when a route
 * register changes). */
void pci_update_irqs(struct pci_bus *bus);
/* System reset: CONFIG_ADDRESS and 0xCF9 cleared (functions reset
 * themselves; the bus keeps their registration). */
void pci_bus_reset(struct pci_bus *bus);

/* Configuration access to bus 0, function `devfn`, at `offset` (size 1, 2
 * or 4, naturally aligned) as the CONFIG_DATA port does it: an absent
 * function reads all ones and ignores writes. */
uint32_t pci_config_read(struct pci_bus *bus, uint8_t devfn, uint8_t offset, int size);
void pci_config_write(struct pci_bus *bus, uint8_t devfn, uint8_t offset, uint32_t value, int size);
/* Current base of the expansion ROM BAR, or 0 when it has none, it is not
 * enabled (bit 0) or memory decoding is off. */
uint32_t pci_rom_address(const struct pci_function *f);
/* Declare an expansion ROM BAR of `size` bytes (power of two, >= 2 KiB). */
void pci_function_set_rom(struct pci_function *f, uint32_t size);

#endif
