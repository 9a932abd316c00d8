/*
 * piix_ide.h - the IDE function of the Intel 82371SB PIIX3 (PCI function
 * 01.1, vendor 8086h device 7010h, class 0101h prog-if 80h) with its two
 * ATA channels in legacy (compatibility) mode and the bus-master IDE
 * registers (Intel 82371FB/SB PIIX/PIIX3 datasheet, 2.6 "IDE Configuration
 * Registers" (IDETIM 40h-43h, SIDETIM 44h, BMIBA BAR at 20h), 2.7 "Bus
 * Master IDE I/O Registers" (BMICx command, BMISx status, BMIDTPx PRD table
 * pointer) and 3.4 "Bus Master IDE Function" (physical region descriptor
 * tables: 32-bit address, byte count with 0 = 64 KiB, EOT in bit 31)).
 *
 * Legacy decode: primary 1F0h-1F7h / 3F6h on IRQ 14, secondary 170h-177h /
 * 376h on IRQ 15 (through the ISA bus; the function has no INTx pin in
 * legacy mode). The 16-byte bus-master block lives at BAR 4, wherever the
 * guest places it (registered with the board when I/O decoding is on).
 * A DMA command runs when both the device has it pending and the bus
 * master is started (in either order), synchronously: the PRD table is
 * walked, the interrupt status bit set and Active cleared when the table
 * was used up, as the datasheet's BMIS table describes.
 */
#ifndef X86PC_PIIX_IDE_H
#define X86PC_PIIX_IDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ata.h"
#include "pci.h"

struct board;
struct mem;
struct pci_bus;
struct isa_bus;

#define PIIX_IDE_DEVFN ((1u << 3) | 1u)   /* device 1, function 1 */

/* Bus-master command/status bits. */
#define BM_CMD_START 0x01u
#define BM_CMD_WRITE 0x08u     /* 1: the bus master writes memory (device read) */
#define BM_ST_ACTIVE 0x01u
#define BM_ST_ERROR 0x02u
#define BM_ST_INT 0x04u

/* One channel's bus-master registers and PRD walk position. */
struct piix_bm {
    uint8_t cmd, status;
    uint32_t prd;              /* descriptor table address (dword aligned) */
    uint32_t next;             /* next descriptor to fetch */
    uint32_t cur_addr, cur_left;   /* the descriptor being used */
    bool cur_eot;              /* it was the last one */
    bool exhausted;            /* the table has been used up */
};

/* The PIIX3 IDE function (82371SB datasheet, "IDE interface"): PCI config
 * space, the two legacy ATA channels (primary 0x1F0/0x3F6 IRQ14, secondary
 * 0x170/0x376 IRQ15) and their bus-master DMA registers at BAR 4. */
struct piix_ide {
    struct pci_function pci;
    struct ata_channel ch[2];
    struct piix_bm bm[2];
    struct board *board;
    struct mem *mem;
    uint16_t bm_base;          /* mapped BAR 4 base, 0 = not mapped */
};

/* Create the function at `devfn` on `pci` (may be NULL: legacy ports only),
 * channels on `isa` IRQ 14/15, memory `mem` for DMA. Returns 0 or -1. */
int piix_ide_init(struct piix_ide *p, struct board *b, struct pci_bus *pci,
                  struct isa_bus *isa, struct mem *mem, uint8_t devfn);
/* Hardware reset: both channels, bus-master registers cleared. */
void piix_ide_reset(struct piix_ide *p);

struct state_writer;
/* Save the PCI configuration, bus-master registers and both channels as
 * record "piix_ide" version 1 (state.h). 0 or -1. */
int piix_ide_save(const struct piix_ide *p, struct state_writer *w);
/* Load record "piix_ide" (re-maps BAR 4); 0, or -1 when missing/too new. */
int piix_ide_load(struct piix_ide *p, const void *buf, size_t len);

/* Port handlers (absolute ports), exposed for unit tests. */
uint32_t piix_ide_legacy_read(void *opaque, uint16_t port, int size);
void piix_ide_legacy_write(void *opaque, uint16_t port, uint32_t value, int size);
uint32_t piix_ide_bm_read(void *opaque, uint16_t port, int size);
void piix_ide_bm_write(void *opaque, uint16_t port, uint32_t value, int size);

#endif
