/*
 * fdc82077.h - Intel 82077AA floppy disk controller in PC/AT mode
 * (Intel 82077AA CHMOS Single-Chip Floppy Disk Controller datasheet,
 * 1994: register set, command set, status registers ST0-ST3, reset).
 *
 * Ports 0x3F0-0x3F5 and 0x3F7 (0x3F6 belongs to the primary ATA channel),
 * IRQ 6, DMA channel 2, through the isa_bus (isa.h). Registers: DOR
 * (drive select, nRESET, DMA gate - which in AT mode also gates INT and
 * DRQ -, motor enables), TDR, MSR/DSR, data FIFO, DIR (bit 7 disk change)
 * / CCR. Commands: READ DATA, WRITE DATA, VERIFY, READ ID, FORMAT TRACK,
 * RECALIBRATE, SEEK, SENSE INTERRUPT STATUS (with the four polling
 * results after a reset), SENSE DRIVE STATUS, SPECIFY, CONFIGURE (implied
 * seek), VERSION, DUMPREG, PERPENDICULAR MODE, LOCK; anything else is an
 * invalid command (ST0 = 0x80). Multi-track (MT) transfers, terminal count
 * from the DMA controller, end-of-cylinder abnormal termination, write
 * protect, missing media, sector not found, host I/O errors (ST1 DE, ST2
 * DD), DMA and non-DMA (SPECIFY ND) data phases.
 *
 * Drives are raw images (disk.h): media geometry from the image size.
 * Timing: every command completes at once (seek, recalibrate, data
 * transfer as soon as the DMA channel is ready); no data-rate check.
 */
#ifndef X86PC_FDC82077_H
#define X86PC_FDC82077_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct board;
struct isa_bus;
struct disk;

#define FDC_BASE 0x3F0
#define FDC_IRQ 6
#define FDC_DMA 2
#define FDC_DRIVES 4

/* Main status register bits. */
#define FDC_MSR_RQM 0x80u
#define FDC_MSR_DIO 0x40u
#define FDC_MSR_NDMA 0x20u
#define FDC_MSR_CB 0x10u
/* DOR bits. */
#define FDC_DOR_NRESET 0x04u
#define FDC_DOR_DMAEN 0x08u

/* One drive. */
struct fdc_drive {
    struct disk *disk;         /* inserted media, NULL = empty */
    bool exists;               /* a drive is connected */
    uint8_t cmos_type;         /* CMOS 0x10 nibble (0 = none) */
    uint8_t pcn;               /* present cylinder number (head position) */
    uint8_t sector;            /* sector about to pass the head (READ ID) */
    bool media_changed;        /* DIR bit 7 (DSKCHG) */
};

/* The transfer of the command in execution. */
struct fdc_xfer {
    uint8_t cmd;               /* command code (low 5 bits) */
    uint8_t drive, head;       /* physical drive and head */
    uint8_t c, h, r, n, eot;   /* ID being transferred; last sector */
    bool mt;                   /* multi-track */
    bool dma;                  /* DMA (else FIFO) data phase */
    uint8_t sc, filler;        /* FORMAT: sectors per track, fill byte */
    uint16_t pos;              /* bytes of buf used (FIFO mode, FORMAT ids) */
    uint16_t fmt_done;         /* FORMAT: sectors formatted */
};

/* Controller state. */
struct fdc82077 {
    struct isa_bus *bus;
    struct fdc_drive drv[FDC_DRIVES];
    uint8_t dor, tdr, dsr;     /* DSR rate bits also set by CCR */
    uint8_t msr;
    enum { FDC_IDLE, FDC_COMMAND, FDC_EXEC, FDC_RESULT } phase;
    uint8_t cmd[9];            /* command bytes received */
    uint8_t cmd_len, cmd_pos;
    uint8_t res[10];           /* result bytes */
    uint8_t res_len, res_pos;
    uint8_t srt_hut, hlt_nd;   /* SPECIFY parameters */
    uint8_t config;            /* CONFIGURE byte 2: EIS, EFIFO, POLL, FIFOTHR */
    uint8_t pretrk;
    uint8_t perp;              /* PERPENDICULAR MODE: D3-D0, GAP, WGATE */
    bool lock;
    uint8_t sense_pending;     /* drives with a SENSE INTERRUPT status waiting */
    uint8_t sense_st0[FDC_DRIVES];
    bool irq_pending;          /* INT output (before the DOR DMA gate) */
    bool irq_level;            /* level last driven on the IRQ line */
    struct fdc_xfer xf;
    uint8_t buf[1024];         /* one sector / the FORMAT id list */
};

/* Register the ports and DMA channel 2 with the board and bus; drives
 * empty; hardware reset state (DOR = 0: held in reset). Returns 0 or -1. */
int fdc82077_init(struct fdc82077 *f, struct board *b, struct isa_bus *bus);
/* RESET pin: DOR = 0 (controller held in reset), all registers cleared
 * (SPECIFY/CONFIGURE too: a hardware reset ignores LOCK), heads keep their
 * position, media stays. */
void fdc82077_reset(struct fdc82077 *f);
/* Connect a drive with media `d` (geometry and CMOS type from the image).
 * Used at start-up; the media-changed flag is set as at power-on. */
void fdc82077_attach(struct fdc82077 *f, int drive, struct disk *d);
/* Eject (d = NULL) or insert media in an existing drive: sets DSKCHG. */
void fdc82077_change_media(struct fdc82077 *f, int drive, struct disk *d);
/* CMOS register 0x10 value: drive 0 type in bits 7-4, drive 1 in 3-0. */
uint8_t fdc82077_cmos_types(const struct fdc82077 *f);
/* Number of connected drives (for the CMOS/BIOS equipment byte). */
int fdc82077_drive_count(const struct fdc82077 *f);

struct state_writer;
/* Save the controller and drive-head state as record "fdc82077" version 1
 * (state.h); the media themselves are the board's. 0 or -1. */
int fdc82077_save(const struct fdc82077 *f, struct state_writer *w);
/* Load record "fdc82077"; 0, or -1 when missing or too new. */
int fdc82077_load(struct fdc82077 *f, const void *buf, size_t len);

/* Port handlers (absolute port numbers), exposed for unit tests. */
uint32_t fdc82077_port_read(void *opaque, uint16_t port, int size);
void fdc82077_port_write(void *opaque, uint16_t port, uint32_t value, int size);

#endif
