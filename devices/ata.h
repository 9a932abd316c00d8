/*
 * ata.h - an ATA channel (task-file registers, master and slave devices)
 * with ATA hard disks and ATAPI CD-ROM drives (ANSI INCITS 361-2002,
 * AT Attachment with Packet Interface - 6, "ATA/ATAPI-6": register
 * block, protocols (PIO data-in/out, non-data, DMA, PACKET), the command
 * set, IDENTIFY DEVICE / IDENTIFY PACKET DEVICE data, device reset and
 * signatures; MMC/SPC for the packet commands, see ata_atapi.c).
 *
 * The channel is a component of the IDE controller (piix_ide.c), which
 * owns two of them (primary 0x1F0-0x1F7/0x3F6 IRQ 14, secondary
 * 0x170-0x177/0x376 IRQ 15), registers their ports and connects DMA:
 * ata_channel.dma_* are the bus-master hooks. Each device keeps its own
 * copy of the task-file registers; a register write reaches both (the
 * cable is shared), commands go to the device selected by the DEV bit.
 *
 * Hard disk: LBA28, LBA48 and CHS addressing (default geometry 16 heads,
 * 63 sectors, up to 16383 cylinders; INITIALIZE DEVICE PARAMETERS changes
 * the logical geometry), READ/WRITE SECTOR(S) (+EXT), READ/WRITE MULTIPLE
 * (+EXT), SET MULTIPLE MODE (1..16), READ/WRITE DMA (+EXT), READ VERIFY
 * (+EXT), SEEK, RECALIBRATE, SET FEATURES, FLUSH CACHE (+EXT), INITIALIZE
 * DEVICE PARAMETERS, EXECUTE DEVICE DIAGNOSTIC, IDLE/STANDBY/CHECK POWER
 * MODE/SLEEP, IDENTIFY DEVICE. Errors: ABRT for unsupported commands and
 * parameters, IDNF for an address beyond the medium, UNC for a host read
 * failure, and a host write failure ends the command with ERR/ABRT (and
 * the failing LBA in the registers) after disk.c logged it.
 * Timing: commands complete at once; INTRQ follows nIEN.
 */
#ifndef X86PC_ATA_H
#define X86PC_ATA_H

#include <stdbool.h>
#include <stdint.h>

struct disk;
struct isa_bus;

/* Status register. */
#define ATA_SR_BSY 0x80u
#define ATA_SR_DRDY 0x40u
#define ATA_SR_DF 0x20u
#define ATA_SR_DSC 0x10u
#define ATA_SR_DRQ 0x08u
#define ATA_SR_ERR 0x01u
/* Error register. */
#define ATA_ER_UNC 0x40u
#define ATA_ER_IDNF 0x10u
#define ATA_ER_ABRT 0x04u
/* Device control register. */
#define ATA_DC_NIEN 0x02u
#define ATA_DC_SRST 0x04u
#define ATA_DC_HOB 0x80u

/* Largest READ/WRITE MULTIPLE block in sectors (SET MULTIPLE MODE, IDENTIFY
 * word 47), and the channel's data buffer in bytes: 64 KiB plus one CD
 * sector (an ATAPI read moves at most ATA_BUF_SIZE / 2048 - 1 sectors per
 * DRQ block). */
#define ATA_MAX_MULT 16
#define ATA_BUF_SIZE (64 * 1024 + 2048)

/* What is attached at a position: nothing, an ATA hard disk, an ATAPI
 * CD-ROM. */
enum ata_kind { ATA_NONE = 0, ATA_DISK, ATA_CDROM };

/* What the data port / DMA engine does when the buffer is used up. */
enum ata_xfer {
    XFER_NONE = 0,
    XFER_PIO_READ,      /* sectors to the host, block by block */
    XFER_PIO_WRITE,     /* sectors from the host */
    XFER_PIO_OUT,       /* a prepared buffer to the host (IDENTIFY, ATAPI data) */
    XFER_PACKET,        /* receiving the 12-byte ATAPI packet */
    XFER_ATAPI_READ,    /* ATAPI READ data, block by block */
    XFER_DMA_READ,      /* DMA to memory, waiting for the bus master */
    XFER_DMA_WRITE,     /* DMA from memory */
    XFER_DMA_OUT,       /* ATAPI: a prepared buffer by DMA */
    XFER_DMA_ATAPI_READ,/* ATAPI READ by DMA */
};

/* One device (master or slave). */
struct ata_device {
    enum ata_kind kind;
    struct disk *disk;
    int unit;                   /* 0 master, 1 slave */
    /* task file (this device's copy) */
    uint8_t feature, nsector, sector, lcyl, hcyl;
    uint8_t hob_feature, hob_nsector, hob_sector, hob_lcyl, hob_hcyl;
    uint8_t select;             /* device/head register */
    uint8_t status, error;
    uint8_t command;
    /* geometry and settings */
    uint64_t nb_sectors;        /* in 512-byte units (disk) */
    uint16_t cyls, heads, secs; /* default CHS */
    uint16_t cur_cyls, cur_heads, cur_secs;  /* INITIALIZE DEVICE PARAMETERS */
    uint8_t mult;               /* SET MULTIPLE MODE sectors (0 = disabled) */
    uint8_t xfer_mode;          /* SET FEATURES 03h value */
    bool write_cache;
    /* transfer in progress */
    enum ata_xfer xfer;
    uint64_t lba;               /* next sector */
    uint32_t remaining;         /* sectors left */
    uint32_t block;             /* sectors per DRQ block */
    bool lba48;
    uint32_t data_pos, data_end;
    /* ATAPI */
    uint8_t packet[12];
    uint8_t sense_key, asc, ascq;
    bool locked;                /* PREVENT MEDIUM REMOVAL */
    bool media_changed;         /* report UNIT ATTENTION once */
    uint16_t byte_limit;        /* PIO byte count limit from the host */
    uint32_t atapi_total;       /* bytes the host allocated (prepared data) */
    /* IRQ pending (INTRQ before nIEN/selection gating) */
    bool irq;
    uint8_t buf[ATA_BUF_SIZE];
};

/* One channel. */
struct ata_channel {
    struct ata_device dev[2];
    uint8_t devctl;             /* device control register */
    int cur;                    /* selected device (DEV bit) */
    struct isa_bus *bus;
    int irq_line;               /* ISA IRQ 14/15 */
    bool irq_level;
    /* Bus-master hooks (set by the IDE controller; NULL: no DMA).
     * dma_rw: move up to len bytes between buf and memory along the PRD
     * table (to_memory: a device-to-memory transfer); returns the bytes
     * moved (less when the PRD table ran out). dma_ready: true when the
     * bus master is started. dma_done: the device finished (error: it
     * ended with ERR). */
    uint32_t (*dma_rw)(void *opaque, uint8_t *buf, uint32_t len, bool to_memory);
    bool (*dma_ready)(void *opaque);
    void (*dma_done)(void *opaque, bool error);
    void *dma_opaque;
    /* Identification strings. */
    char serial_prefix[8];
};

/* Set up a channel with no devices: `bus`/`irq` for INTRQ. */
void ata_channel_init(struct ata_channel *ch, struct isa_bus *bus, int irq, int index);
/* Attach a hard disk (DISK_HD image) or CD-ROM (DISK_CDROM image, or NULL
 * for an empty drive) as unit 0/1. */
void ata_attach(struct ata_channel *ch, int unit, enum ata_kind kind, struct disk *d);
/* Hardware reset (RESET- on the cable): both devices reset, signatures. */
void ata_channel_reset(struct ata_channel *ch);
/* The bus master was started: run a pending DMA transfer. */
void ata_dma_kick(struct ata_channel *ch);

/* Register block access: reg 0-7 (command block, reg 0 = data, size 1/2/4)
 * and the control block (alternate status / device control). */
uint32_t ata_read(struct ata_channel *ch, int reg, int size);
void ata_write(struct ata_channel *ch, int reg, uint32_t value, int size);
uint8_t ata_read_altstatus(struct ata_channel *ch);
void ata_write_devctl(struct ata_channel *ch, uint8_t v);

struct state_writer;
struct state_reader;
/* Save/restore the channel into/from the caller's open state.h record,
 * field names prefixed with `prefix` (ata_state.c). Media are the board's. */
void ata_channel_save(const struct ata_channel *ch, struct state_writer *w, const char *prefix);
void ata_channel_load(struct ata_channel *ch, const struct state_reader *r, const char *prefix);

#endif
