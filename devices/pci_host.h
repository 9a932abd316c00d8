/*
 * pci_host.h - the two chipset functions on bus 0 that make the PC a PCI
 * machine: the Intel 82441FX PCI and Memory Controller (i440FX host
 * bridge, 00.0, 8086:1237) and the function 0 of the Intel 82371SB PIIX3
 * (PCI-to-ISA bridge, 01.0, 8086:7000).
 *
 * Sources: Intel 440FX PCIset 82441FX PMC / 82442FX DBX datasheet (order
 * no. 290549), 3.2 (configuration registers; PAM0-PAM6 at 59h-5Fh);
 * Intel 82371FB/SB PIIX/PIIX3 datasheet (290550), 2.2 (PCI-to-ISA bridge
 * configuration registers: IORT 4Ch, XBCS 4Eh, PIRQRC[A:D] 60h-63h, TOM
 * 69h, MBIRQ 70h-71h, MBDMA 76h-77h, APICBASE 80h, DLC 82h, SMI 0A0h-0AEh).
 *
 * PIRQ routing: PIRQRCx bit 7 set disables the route, bits 3-0 select the
 * ISA IRQ (3-7, 9-12, 14, 15; the reserved values 0-2, 8 and 13 route
 * nowhere). The routed lines are level-triggered: the guest sets the
 * matching ELCR bits in the interrupt controller (pic8259.h).
 *
 * PAM (programmable attribute map): the host bridge keeps the seven
 * registers and reports every change through pam_changed, so the board
 * can switch 0xC0000-0xFFFFF between ROM and RAM (read/write enable per
 * region, PAM bits 0/4 = read enable, 1/5 = write enable).
 */
#ifndef X86PC_PCI_HOST_H
#define X86PC_PCI_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pci.h"

struct state_writer;

#define I440FX_DEVFN 0x00
#define PIIX3_ISA_DEVFN 0x08
#define I440FX_PAM0 0x59
#define PIIX3_PIRQRC 0x60

/* Region k (0-12) of the PAM map: base address and size. Region 0 is
 * 0xF0000-0xFFFFF (PAM0 high nibble); regions 1-12 are the 16 KiB blocks
 * 0xC0000-0xEFFFF (PAM1 low nibble = 0xC0000, PAM1 high = 0xC4000, ...). */
#define PAM_REGIONS 13
void pam_region(int k, uint32_t *base, uint32_t *size);
/* The 2-bit attribute (bit 0 read enable, bit 1 write enable) of region k
 * from the host bridge's config space. */
unsigned pam_attr(const struct pci_function *host, int k);

/* The i440FX host bridge (82441FX datasheet: PAM registers 59h-5Fh) and the
 * PIIX3 PCI-to-ISA bridge (82371SB datasheet: PIRQRC 60h-63h), the two
 * chipset functions a PC board always has. */
struct pci_host {
    struct pci_function host;     /* i440FX 00.0 */
    struct pci_function isa;      /* PIIX3 01.0 */
    /* Called after a PAM register changed (may be NULL). */
    void (*pam_changed)(void *opaque);
    void *pam_opaque;
};

/* Build both functions, attach them to `bus` and become its PIRQ router.
 * Returns 0, or -1 if their slots are taken. */
int pci_host_init(struct pci_host *h, struct pci_bus *bus);
/* System reset: both functions' registers to their defaults (PAM all 0:
 * the BIOS area reads ROM; PIRQ routes disabled). */
void pci_host_reset(struct pci_host *h);

/* The "pci" state record: CONFIG_ADDRESS, the reset control register and
 * every attached function's configuration space and INTx level. Load
 * restores them, tells each function its BARs (bar_changed), recomputes
 * the IRQ levels and the PAM map. */
void pci_save(const struct pci_bus *bus, struct state_writer *w);
int pci_load(struct pci_bus *bus, struct pci_host *h, const void *buf, size_t len);

#endif
