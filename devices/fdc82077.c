/*
 * fdc82077.c - Intel 82077AA floppy disk controller, PC/AT mode (Intel
 * 82077AA datasheet: "Register Description" for DOR/MSR/DSR/DIR/CCR,
 * "Command Set Descriptions", "Status Register Encoding" ST0-ST3, "Reset",
 * "Polling", and the table of C/H/R/N values after a data command). See
 * fdc82077.h for the scope.
 */
#include "fdc82077.h"

#include <stdio.h>
#include <string.h>

#include "board.h"
#include "disk.h"
#include "isa.h"
#include "state.h"

/* Commands (low 5 bits of the first byte). */
enum {
    CMD_READ_TRACK = 0x02, CMD_SPECIFY = 0x03, CMD_SENSE_DRIVE = 0x04, CMD_WRITE = 0x05,
    CMD_READ = 0x06, CMD_RECALIBRATE = 0x07, CMD_SENSE_INT = 0x08, CMD_READ_ID = 0x0A,
    CMD_FORMAT = 0x0D, CMD_DUMPREG = 0x0E, CMD_SEEK = 0x0F, CMD_VERSION = 0x10,
    CMD_PERPENDICULAR = 0x12, CMD_CONFIGURE = 0x13, CMD_LOCK = 0x14, CMD_VERIFY = 0x16,
};

/* Status register bits (datasheet "Status Register Encoding"). */
#define ST0_ABNORMAL 0x40u
#define ST0_INVALID 0x80u
#define ST0_POLL 0xC0u
#define ST0_SE 0x20u
#define ST0_EC 0x10u
#define ST1_EN 0x80u
#define ST1_DE 0x20u
#define ST1_ND 0x04u
#define ST1_NW 0x02u
#define ST1_MA 0x01u
#define ST2_DD 0x20u
#define ST2_WC 0x10u
#define ST3_WP 0x40u
#define ST3_RDY 0x20u
#define ST3_T0 0x10u
#define ST3_TS 0x08u
/* CONFIGURE byte 2. */
#define CFG_EIS 0x40u
#define CFG_DEFAULT 0x20u   /* EFIFO = 1 (FIFO disabled), polling on */

#define SECTOR 512u

/* Drive the IRQ line: INT gated by the DOR DMA-gate bit (AT mode). */
static void update_irq(struct fdc82077 *f)
{
    bool level = f->irq_pending && (f->dor & FDC_DOR_DMAEN) && (f->dor & FDC_DOR_NRESET);

    if (level != f->irq_level) {
        f->irq_level = level;
        if (f->bus)
            isa_irq_set(f->bus, FDC_IRQ, level);
    }
}

static void raise_int(struct fdc82077 *f)
{
    f->irq_pending = true;
    update_irq(f);
}

static void lower_int(struct fdc82077 *f)
{
    f->irq_pending = false;
    update_irq(f);
}

/* Back to the idle (command) state. */
static void go_idle(struct fdc82077 *f)
{
    f->phase = FDC_IDLE;
    f->cmd_pos = 0;
    f->msr = FDC_MSR_RQM;
}

/* Enter the result phase with `n` bytes already in res[]; irq: raise INT. */
static void go_result(struct fdc82077 *f, int n, bool irq)
{
    f->phase = FDC_RESULT;
    f->res_len = (uint8_t)n;
    f->res_pos = 0;
    f->msr = FDC_MSR_RQM | FDC_MSR_DIO | FDC_MSR_CB;
    if (irq)
        raise_int(f);
}

/* Result of a data command: ST0-ST2 and the ID C/H/R/N; raises INT. */
static void data_result(struct fdc82077 *f, uint8_t st0, uint8_t st1, uint8_t st2)
{
    struct fdc_xfer *x = &f->xf;

    if (x->dma && f->bus)
        isa_dma_release_dreq(f->bus, FDC_DMA);
    f->res[0] = (uint8_t)(st0 | x->head << 2 | x->drive);
    f->res[1] = st1;
    f->res[2] = st2;
    f->res[3] = x->c;
    f->res[4] = x->h;
    f->res[5] = x->r;
    f->res[6] = x->n;
    go_result(f, 7, true);
}

/* Software reset (DOR nRESET released, DSR bit 7): clears the command
 * state; CONFIGURE/PRETRK return to defaults unless LOCKed; four SENSE
 * INTERRUPT results (ST0 = 0xC0 | drive) and INT. */
static void soft_reset(struct fdc82077 *f)
{
    go_idle(f);
    f->res_len = f->res_pos = 0;
    f->sense_pending = 0;
    if (!f->lock) {
        f->config = CFG_DEFAULT;
        f->pretrk = 0;
    }
    f->perp &= 0x3C;   /* GAP and WGATE cleared, D3-D0 kept */
    lower_int(f);
    /* The reset interrupt comes even with polling disabled by a LOCKed
     * CONFIGURE (Linux's floppy driver relies on it: "This WILL trigger an
     * interrupt"), with the four ready-change statuses, as QEMU models it. */
    for (int d = 0; d < FDC_DRIVES; d++)
        f->sense_st0[d] = (uint8_t)(ST0_POLL | d);
    f->sense_pending = 0x0F;
    raise_int(f);
}

void fdc82077_reset(struct fdc82077 *f)
{
    if (f->phase == FDC_EXEC && f->xf.dma && f->bus)
        isa_dma_release_dreq(f->bus, FDC_DMA);
    f->dor = 0;
    f->tdr = 0;
    f->dsr = 0x02;
    f->srt_hut = f->hlt_nd = 0;
    f->lock = false;
    f->config = CFG_DEFAULT;
    f->pretrk = 0;
    f->perp = 0;
    f->sense_pending = 0;
    f->phase = FDC_IDLE;
    f->cmd_pos = 0;
    f->res_len = f->res_pos = 0;
    f->msr = 0;    /* held in reset */
    lower_int(f);
}

/* Media geometry of drive d, or NULL without media. */
static const struct floppy_format *geom(struct fdc82077 *f, int d)
{
    struct fdc_drive *dr = &f->drv[d];

    return dr->exists && disk_present(dr->disk) ? dr->disk->floppy : NULL;
}

/* Move the head of drive d to cylinder c (a step pulse clears DSKCHG when
 * media is in the drive). */
static void step_to(struct fdc82077 *f, int d, uint8_t c)
{
    struct fdc_drive *dr = &f->drv[d];

    dr->pcn = c;
    if (disk_present(dr->disk))
        dr->media_changed = false;
}

/* Finish a SEEK/RECALIBRATE: status for SENSE INTERRUPT, INT. */
static void seek_done(struct fdc82077 *f, int d, uint8_t st0)
{
    f->sense_st0[d] = st0;
    f->sense_pending |= (uint8_t)(1u << d);
    go_idle(f);
    raise_int(f);
}

/* Byte offset of the sector the transfer is at, or -1 (with *st1 set to
 * the reason) when it is not on the track under the head. */
static int64_t locate(struct fdc82077 *f, uint8_t *st1, uint8_t *st2)
{
    struct fdc_xfer *x = &f->xf;
    const struct floppy_format *g = geom(f, x->drive);
    uint8_t pcn = f->drv[x->drive].pcn;

    if (!g || pcn >= g->cylinders || x->head >= g->heads) {
        *st1 = ST1_MA;   /* unformatted / no media: no ID address mark */
        return -1;
    }
    if (x->c != pcn) {
        *st1 = ST1_ND;
        *st2 = ST2_WC;
        return -1;
    }
    if (x->h != x->head || x->n != 2 || x->r < 1 || x->r > g->sectors) {
        *st1 = ST1_ND;
        return -1;
    }
    return ((int64_t)(pcn * g->heads + x->head) * g->sectors + (x->r - 1)) * SECTOR;
}

/* After a sector: the next ID per the datasheet table. Returns false at
 * the end of the cylinder (the sector just done was EOT on the last
 * side): C/H/R are then already the values the result reports. */
static bool next_sector(struct fdc82077 *f)
{
    struct fdc_xfer *x = &f->xf;

    f->drv[x->drive].sector = (uint8_t)(x->r + 1);
    if (x->r != x->eot) {
        x->r++;
        return true;
    }
    x->r = 1;
    if (x->mt && !(x->h & 1)) {
        x->h ^= 1;
        x->head ^= 1;
        return true;
    }
    if (x->mt)
        x->h ^= 1;
    x->c++;
    return false;
}

/* Start the execution phase of READ/WRITE/VERIFY/FORMAT. */
static void start_exec(struct fdc82077 *f)
{
    f->phase = FDC_EXEC;
    f->xf.pos = 0;
    f->xf.dma = !(f->hlt_nd & 1);
    if (f->xf.dma) {
        f->msr = FDC_MSR_CB;
        if (f->bus)
            isa_dma_hold_dreq(f->bus, FDC_DMA);   /* may finish the command at once */
        return;
    }
    /* Non-DMA: data through the FIFO, INT while a byte is wanted. */
    f->msr = FDC_MSR_RQM | FDC_MSR_NDMA | FDC_MSR_CB;
    if (f->xf.cmd == CMD_READ) {
        uint8_t st1 = 0, st2 = 0;
        int64_t off = locate(f, &st1, &st2);

        if (off < 0) {
            data_result(f, ST0_ABNORMAL, st1, st2);
            return;
        }
        if (disk_read(f->drv[f->xf.drive].disk, (uint64_t)off, f->buf, SECTOR) < 0) {
            data_result(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
            return;
        }
        f->msr |= FDC_MSR_DIO;
    }
    raise_int(f);
}

/* Write one sector from buf at the transfer's position. Returns 0, or -1
 * after entering the result phase with the error. */
static int write_sector(struct fdc82077 *f)
{
    uint8_t st1 = 0, st2 = 0;
    int64_t off = locate(f, &st1, &st2);
    struct disk *dk = f->drv[f->xf.drive].disk;

    if (off < 0) {
        data_result(f, ST0_ABNORMAL, st1, st2);
        return -1;
    }
    if (dk->read_only) {
        data_result(f, ST0_ABNORMAL, ST1_NW, 0);
        return -1;
    }
    if (disk_write(dk, (uint64_t)off, f->buf, SECTOR) < 0) {
        data_result(f, ST0_ABNORMAL, ST1_DE, 0);  /* logged by disk.c */
        return -1;
    }
    return 0;
}

/* FORMAT: write the filler into each sector whose ID (C, H, R, N from the
 * host) addresses this track of the image. Returns 0 or -1 (result set). */
static int format_sector(struct fdc82077 *f, const uint8_t *id)
{
    struct fdc_xfer *x = &f->xf;
    const struct floppy_format *g = geom(f, x->drive);
    struct disk *dk = f->drv[x->drive].disk;
    uint8_t pcn = f->drv[x->drive].pcn;

    x->c = id[0];
    x->h = id[1];
    x->r = id[2];
    x->n = id[3];
    if (!g || pcn >= g->cylinders || x->head >= g->heads) {
        data_result(f, ST0_ABNORMAL, ST1_MA, 0);
        return -1;
    }
    if (dk->read_only) {
        data_result(f, ST0_ABNORMAL, ST1_NW, 0);
        return -1;
    }
    /* A raw image holds only the standard layout: sectors 1..spt of 512
     * bytes; other IDs cannot be represented and are not written. */
    if (id[3] == 2 && id[2] >= 1 && id[2] <= g->sectors) {
        uint64_t off = ((uint64_t)(pcn * g->heads + x->head) * g->sectors + (id[2] - 1)) * SECTOR;
        uint8_t fill[SECTOR];

        memset(fill, x->filler, sizeof(fill));
        if (disk_write(dk, off, fill, SECTOR) < 0) {
            data_result(f, ST0_ABNORMAL, ST1_DE, 0);
            return -1;
        }
    }
    return 0;
}

/* DMA transfer callback (isa.h): move up to len bytes for the command. */
static uint32_t fdc_dma(void *opaque, int channel, uint32_t pos, uint32_t len)
{
    struct fdc82077 *f = opaque;
    struct fdc_xfer *x = &f->xf;
    uint32_t start = pos;

    if (f->phase != FDC_EXEC || !x->dma)
        return 0;
    if (x->cmd == CMD_FORMAT) {
        while (pos < len && x->fmt_done < x->sc) {
            uint32_t want = 4 - (x->pos & 3);
            uint32_t n = len - pos < want ? len - pos : want;

            isa_dma_read_memory(f->bus, channel, f->buf + (x->pos & 3), pos, n);
            pos += n;
            x->pos = (uint16_t)(x->pos + n);
            if ((x->pos & 3) == 0) {
                if (format_sector(f, f->buf) < 0)
                    return pos - start;
                x->fmt_done++;
            }
        }
        if (x->fmt_done >= x->sc || pos >= len)
            data_result(f, 0, 0, 0);
        return pos - start;
    }
    for (;;) {
        uint8_t st1 = 0, st2 = 0;
        int64_t off = locate(f, &st1, &st2);
        uint32_t n = len - pos < SECTOR ? len - pos : SECTOR;
        struct disk *dk;

        if (off < 0) {
            data_result(f, ST0_ABNORMAL, st1, st2);
            break;
        }
        dk = f->drv[x->drive].disk;
        if (x->cmd == CMD_READ) {
            if (disk_read(dk, (uint64_t)off, f->buf, SECTOR) < 0) {
                data_result(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
                break;
            }
            isa_dma_write_memory(f->bus, channel, f->buf, pos, n);
        } else if (x->cmd == CMD_WRITE) {
            memset(f->buf, 0, SECTOR);   /* a short last sector is zero-filled */
            isa_dma_read_memory(f->bus, channel, f->buf, pos, n);
            if (write_sector(f) < 0) {
                pos += n;
                break;
            }
        }   /* VERIFY: the sector exists; nothing is moved */
        pos += n;
        if (pos >= len) {          /* terminal count: normal termination */
            next_sector(f);
            data_result(f, 0, 0, 0);
            break;
        }
        if (!next_sector(f)) {     /* end of cylinder without TC */
            data_result(f, ST0_ABNORMAL, ST1_EN, 0);
            break;
        }
    }
    return pos - start;
}

/* Set up a READ/WRITE/VERIFY transfer from the 9 command bytes. */
static void cmd_data(struct fdc82077 *f)
{
    struct fdc_xfer *x = &f->xf;
    const uint8_t *c = f->cmd;

    memset(x, 0, sizeof(*x));
    x->cmd = c[0] & 0x1F;
    x->mt = (c[0] & 0x80) != 0;
    x->drive = c[1] & 3;
    x->head = (c[1] >> 2) & 1;
    x->c = c[2];
    x->h = c[3];
    x->r = c[4];
    x->n = c[5];
    x->eot = c[6];
    if ((f->config & CFG_EIS) && f->drv[x->drive].pcn != x->c)
        step_to(f, x->drive, x->c);   /* implied seek */
    if (x->cmd == CMD_WRITE && geom(f, x->drive) && f->drv[x->drive].disk->read_only) {
        data_result(f, ST0_ABNORMAL, ST1_NW, 0);
        return;
    }
    if (x->cmd == CMD_VERIFY) {
        /* VERIFY: with EC = 1 (bit 7 of byte 1) DTL/SC counts sectors;
         * checked sector by sector without DMA. */
        uint8_t st1 = 0, st2 = 0;
        unsigned count = (c[1] & 0x80) ? c[8] : 0;

        for (unsigned k = 0;; k++) {
            if (locate(f, &st1, &st2) < 0) {
                data_result(f, ST0_ABNORMAL, st1, st2);
                return;
            }
            if (count && k + 1 >= count) {
                next_sector(f);
                break;
            }
            if (!next_sector(f)) {
                if (count) {
                    data_result(f, ST0_ABNORMAL, ST1_EN, 0);
                    return;
                }
                break;
            }
        }
        data_result(f, 0, 0, 0);
        return;
    }
    start_exec(f);
}

/* Execute the complete command in cmd[]. */
static void execute(struct fdc82077 *f)
{
    const uint8_t *c = f->cmd;
    uint8_t code = c[0] & 0x1F;
    int d = c[1] & 3;

    switch (code) {
    case CMD_READ: case CMD_WRITE: case CMD_VERIFY:
        cmd_data(f);
        return;
    case CMD_READ_ID: {
        const struct floppy_format *g = geom(f, d);
        struct fdc_xfer *x = &f->xf;

        memset(x, 0, sizeof(*x));
        x->drive = (uint8_t)d;
        x->head = (c[1] >> 2) & 1;
        x->c = f->drv[d].pcn;
        x->h = x->head;
        x->n = 2;
        if (!g || x->c >= g->cylinders || x->head >= g->heads) {
            data_result(f, ST0_ABNORMAL, ST1_MA, 0);
            return;
        }
        if (f->drv[d].sector < 1 || f->drv[d].sector > g->sectors)
            f->drv[d].sector = 1;
        x->r = f->drv[d].sector;
        f->drv[d].sector = (uint8_t)(x->r % g->sectors + 1);  /* the disk turns */
        data_result(f, 0, 0, 0);
        return;
    }
    case CMD_FORMAT: {
        struct fdc_xfer *x = &f->xf;

        memset(x, 0, sizeof(*x));
        x->cmd = CMD_FORMAT;
        x->drive = (uint8_t)d;
        x->head = (c[1] >> 2) & 1;
        x->c = f->drv[d].pcn;
        x->h = x->head;
        x->n = c[2];
        x->sc = c[3];
        x->filler = c[5];
        if (!geom(f, d)) {
            data_result(f, ST0_ABNORMAL, ST1_MA, 0);
            return;
        }
        if (f->drv[d].disk->read_only) {
            data_result(f, ST0_ABNORMAL, ST1_NW, 0);
            return;
        }
        if (x->sc == 0) {
            data_result(f, 0, 0, 0);
            return;
        }
        start_exec(f);
        return;
    }
    case CMD_RECALIBRATE:
        if (!f->drv[d].exists) {   /* no TRK0 signal: 79 steps, then fail */
            seek_done(f, d, (uint8_t)(ST0_ABNORMAL | ST0_SE | ST0_EC | d));
            return;
        }
        step_to(f, d, 0);
        seek_done(f, d, (uint8_t)(ST0_SE | d));
        return;
    case CMD_SEEK:
        step_to(f, d, c[2]);
        seek_done(f, d, (uint8_t)(ST0_SE | (c[1] & 4) | d));
        return;
    case CMD_SENSE_INT:
        if (!f->sense_pending) {
            f->res[0] = ST0_INVALID;
            go_result(f, 1, false);
            return;
        }
        for (d = 0; d < FDC_DRIVES; d++)
            if (f->sense_pending & (1u << d))
                break;
        f->sense_pending &= (uint8_t)~(1u << d);
        f->res[0] = f->sense_st0[d];
        f->res[1] = f->drv[d].pcn;
        lower_int(f);
        go_result(f, 2, false);
        return;
    case CMD_SENSE_DRIVE: {
        struct fdc_drive *dr = &f->drv[d];
        uint8_t st3 = (uint8_t)(ST3_RDY | ST3_TS | (c[1] & 4) | d);

        if (dr->exists && dr->pcn == 0)
            st3 |= ST3_T0;
        if (dr->exists && (!disk_present(dr->disk) || dr->disk->read_only))
            st3 |= ST3_WP;
        f->res[0] = st3;
        go_result(f, 1, false);
        return;
    }
    case CMD_SPECIFY:
        f->srt_hut = c[1];
        f->hlt_nd = c[2];
        go_idle(f);
        return;
    case CMD_CONFIGURE:
        f->config = c[2];
        f->pretrk = c[3];
        go_idle(f);
        return;
    case CMD_VERSION:
        f->res[0] = 0x90;   /* 82077AA / enhanced controller */
        go_result(f, 1, false);
        return;
    case CMD_DUMPREG:
        for (int k = 0; k < 4; k++)
            f->res[k] = f->drv[k].pcn;
        f->res[4] = f->srt_hut;
        f->res[5] = f->hlt_nd;
        f->res[6] = f->xf.eot;
        f->res[7] = (uint8_t)((f->lock ? 0x80 : 0) | (f->perp & 0x7F));
        f->res[8] = f->config;
        f->res[9] = f->pretrk;
        go_result(f, 10, false);
        return;
    case CMD_PERPENDICULAR:
        if (c[1] & 0x80)   /* OW: D3-D0 are written */
            f->perp = c[1] & 0x3F;
        else
            f->perp = (uint8_t)((f->perp & 0x3C) | (c[1] & 0x03));
        go_idle(f);
        return;
    case CMD_LOCK:
        f->lock = (c[0] & 0x80) != 0;
        f->res[0] = f->lock ? 0x10 : 0x00;
        go_result(f, 1, false);
        return;
    default:
        f->res[0] = ST0_INVALID;
        go_result(f, 1, false);
        return;
    }
}

/* Command length in bytes for a first byte, or 0 for an invalid command. */
static int command_length(uint8_t b)
{
    uint8_t code = b & 0x1F;
    uint8_t flags = b & 0xE0;

    switch (code) {
    case CMD_READ: case CMD_VERIFY: return 9;                 /* MT MFM SK */
    case CMD_WRITE: return (flags & 0x20) ? 0 : 9;             /* MT MFM */
    case CMD_READ_ID: return (flags & 0xA0) ? 0 : 2;           /* MFM */
    case CMD_FORMAT: return (flags & 0xA0) ? 0 : 6;            /* MFM */
    case CMD_LOCK: return (flags & 0x60) ? 0 : 1;              /* LOCK in bit 7 */
    case CMD_SPECIFY: case CMD_SEEK: return flags ? 0 : 3;
    case CMD_SENSE_DRIVE: case CMD_RECALIBRATE: case CMD_PERPENDICULAR: return flags ? 0 : 2;
    case CMD_SENSE_INT: case CMD_VERSION: case CMD_DUMPREG: return flags ? 0 : 1;
    case CMD_CONFIGURE: return flags ? 0 : 4;
    default: return 0;
    }
}

/* A byte written to the data FIFO. */
static void fifo_write(struct fdc82077 *f, uint8_t v)
{
    if (!(f->dor & FDC_DOR_NRESET))
        return;
    if (f->phase == FDC_EXEC && !f->xf.dma) {
        struct fdc_xfer *x = &f->xf;

        if (x->cmd == CMD_FORMAT) {
            f->buf[x->pos++ & 3] = v;
            if ((x->pos & 3) == 0) {
                if (format_sector(f, f->buf) < 0)
                    return;
                if (++x->fmt_done >= x->sc)
                    data_result(f, 0, 0, 0);
            }
            return;
        }
        if (x->cmd != CMD_WRITE)
            return;
        f->buf[x->pos++] = v;
        if (x->pos < SECTOR)
            return;
        x->pos = 0;
        if (write_sector(f) < 0)
            return;
        if (!next_sector(f))
            data_result(f, ST0_ABNORMAL, ST1_EN, 0);
        return;
    }
    if (f->phase == FDC_RESULT || f->phase == FDC_EXEC)
        return;   /* not accepting bytes (RQM/DIO say so) */
    if (f->phase == FDC_IDLE) {
        int n = command_length(v);

        f->cmd[0] = v;
        f->cmd_pos = 1;
        if (n == 0) {
            f->res[0] = ST0_INVALID;
            go_result(f, 1, false);
            return;
        }
        f->cmd_len = (uint8_t)n;
        f->phase = FDC_COMMAND;
        f->msr = FDC_MSR_RQM | FDC_MSR_CB;
        /* A new command clears a pending data-command INT. */
        if (!f->sense_pending)
            lower_int(f);
    } else {
        f->cmd[f->cmd_pos++] = v;
    }
    if (f->cmd_pos >= f->cmd_len)
        execute(f);
}

/* A byte read from the data FIFO. */
static uint8_t fifo_read(struct fdc82077 *f)
{
    if (f->phase == FDC_RESULT) {
        uint8_t v = f->res[f->res_pos++];

        if (f->res_pos == 1 && f->res_len == 7)
            lower_int(f);   /* reading the first result byte clears INT */
        if (f->res_pos >= f->res_len)
            go_idle(f);
        return v;
    }
    if (f->phase == FDC_EXEC && !f->xf.dma && f->xf.cmd == CMD_READ) {
        struct fdc_xfer *x = &f->xf;
        uint8_t v = f->buf[x->pos++];

        if (x->pos >= SECTOR) {
            uint8_t st1 = 0, st2 = 0;
            int64_t off;

            x->pos = 0;
            if (!next_sector(f)) {
                data_result(f, ST0_ABNORMAL, ST1_EN, 0);
                return v;
            }
            off = locate(f, &st1, &st2);
            if (off < 0)
                data_result(f, ST0_ABNORMAL, st1, st2);
            else if (disk_read(f->drv[x->drive].disk, (uint64_t)off, f->buf, SECTOR) < 0)
                data_result(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
        }
        return v;
    }
    return 0xFF;
}

uint32_t fdc82077_port_read(void *opaque, uint16_t port, int size)
{
    struct fdc82077 *f = opaque;

    (void)size;
    switch (port & 7) {
    case 2:
        return f->dor;
    case 3:
        return f->tdr;
    case 4: {
        uint8_t busy = 0;

        for (int d = 0; d < FDC_DRIVES; d++)
            if ((f->sense_pending & (1u << d)) && (f->sense_st0[d] & 0xC0) != ST0_POLL)
                busy |= (uint8_t)(1u << d);
        return f->msr | busy;
    }
    case 5:
        return fifo_read(f);
    case 7:   /* DIR: disk change of the selected drive in bit 7 */
        return f->drv[f->dor & 3].media_changed ? 0x80 : 0x00;
    default:  /* SRA/SRB exist only in PS/2 modes */
        return 0xFF;
    }
}

void fdc82077_port_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct fdc82077 *f = opaque;
    uint8_t v = (uint8_t)value;

    (void)size;
    switch (port & 7) {
    case 2: {   /* DOR */
        uint8_t old = f->dor;

        f->dor = v;
        if (!(v & FDC_DOR_NRESET)) {
            if (old & FDC_DOR_NRESET) {   /* enter reset */
                if (f->phase == FDC_EXEC && f->xf.dma && f->bus)
                    isa_dma_release_dreq(f->bus, FDC_DMA);
                f->phase = FDC_IDLE;
                f->msr = 0;
                lower_int(f);
            }
        } else if (!(old & FDC_DOR_NRESET)) {
            soft_reset(f);                /* leave reset */
        }
        update_irq(f);
        break;
    }
    case 3:
        f->tdr = v & 3;
        break;
    case 4:     /* DSR */
        f->dsr = v & 0x7F;
        if (v & 0x80)
            soft_reset(f);
        break;
    case 5:
        fifo_write(f, v);
        break;
    case 7:     /* CCR: data rate */
        f->dsr = (uint8_t)((f->dsr & ~3u) | (v & 3));
        break;
    default:
        break;
    }
}

void fdc82077_attach(struct fdc82077 *f, int drive, struct disk *d)
{
    struct fdc_drive *dr = &f->drv[drive & 3];

    dr->exists = true;
    dr->disk = d;
    dr->cmos_type = disk_present(d) && d->floppy ? d->floppy->cmos_type : 4;
    dr->media_changed = true;
    dr->sector = 1;
}

void fdc82077_change_media(struct fdc82077 *f, int drive, struct disk *d)
{
    struct fdc_drive *dr = &f->drv[drive & 3];

    dr->disk = d;
    dr->media_changed = true;
}

uint8_t fdc82077_cmos_types(const struct fdc82077 *f)
{
    return (uint8_t)((f->drv[0].exists ? f->drv[0].cmos_type << 4 : 0) |
                     (f->drv[1].exists ? f->drv[1].cmos_type & 0x0F : 0));
}

int fdc82077_drive_count(const struct fdc82077 *f)
{
    int n = 0;

    for (int d = 0; d < FDC_DRIVES; d++)
        n += f->drv[d].exists;
    return n;
}

int fdc82077_init(struct fdc82077 *f, struct board *b, struct isa_bus *bus)
{
    memset(f, 0, sizeof(*f));
    f->bus = bus;
    fdc82077_reset(f);
    if (bus)
        isa_dma_register(bus, FDC_DMA, fdc_dma, f);
    if (!b)
        return 0;
    if (board_register_ports(b, FDC_BASE, 6, 1, fdc82077_port_read, fdc82077_port_write, f,
                             "fdc82077") < 0 ||
        board_register_ports(b, FDC_BASE + 7, 1, 1, fdc82077_port_read, fdc82077_port_write, f,
                             "fdc82077-dir") < 0)
        return -1;
    return 0;
}

/* --- save/restore (state.h record, version 1) --- */

#define FDC_U8_FIELDS(X) X(dor) X(tdr) X(dsr) X(msr) X(cmd_len) X(cmd_pos) X(res_len) \
    X(res_pos) X(srt_hut) X(hlt_nd) X(config) X(pretrk) X(perp) X(sense_pending)
#define FDC_BOOL_FIELDS(X) X(lock) X(irq_pending) X(irq_level)
#define XF_U8_FIELDS(X) X(cmd) X(drive) X(head) X(c) X(h) X(r) X(n) X(eot) X(sc) X(filler)

int fdc82077_save(const struct fdc82077 *f, struct state_writer *w)
{
    char n[32];

    state_begin(w, "fdc82077", 1);
#define X(field) state_put_u8(w, #field, f->field);
    FDC_U8_FIELDS(X)
#undef X
#define X(field) state_put_bool(w, #field, f->field);
    FDC_BOOL_FIELDS(X)
#undef X
#define X(field) state_put_u8(w, "xf." #field, f->xf.field);
    XF_U8_FIELDS(X)
#undef X
    state_put_u8(w, "phase", (uint8_t)f->phase);
    state_put_bool(w, "xf.mt", f->xf.mt);
    state_put_bool(w, "xf.dma", f->xf.dma);
    state_put_u16(w, "xf.pos", f->xf.pos);
    state_put_u16(w, "xf.fmt_done", f->xf.fmt_done);
    state_put_bytes(w, "cmd", f->cmd, sizeof(f->cmd));
    state_put_bytes(w, "res", f->res, sizeof(f->res));
    state_put_bytes(w, "sense_st0", f->sense_st0, sizeof(f->sense_st0));
    state_put_bytes(w, "buf", f->buf, sizeof(f->buf));
    for (int d = 0; d < FDC_DRIVES; d++) {
        snprintf(n, sizeof(n), "drv%d.pcn", d);
        state_put_u8(w, n, f->drv[d].pcn);
        snprintf(n, sizeof(n), "drv%d.sector", d);
        state_put_u8(w, n, f->drv[d].sector);
        snprintf(n, sizeof(n), "drv%d.media_changed", d);
        state_put_bool(w, n, f->drv[d].media_changed);
    }
    return state_end(w);
}

int fdc82077_load(struct fdc82077 *f, const void *buf, size_t len)
{
    struct state_reader r;
    char n[32];
    uint8_t phase = (uint8_t)f->phase;

    if (state_open(&r, buf, len, "fdc82077") < 0 || r.version > 1)
        return -1;
#define X(field) state_get_u8(&r, #field, &f->field);
    FDC_U8_FIELDS(X)
#undef X
#define X(field) state_get_bool(&r, #field, &f->field);
    FDC_BOOL_FIELDS(X)
#undef X
#define X(field) state_get_u8(&r, "xf." #field, &f->xf.field);
    XF_U8_FIELDS(X)
#undef X
    state_get_u8(&r, "phase", &phase);
    f->phase = phase <= FDC_RESULT ? phase : FDC_IDLE;
    state_get_bool(&r, "xf.mt", &f->xf.mt);
    state_get_bool(&r, "xf.dma", &f->xf.dma);
    state_get_u16(&r, "xf.pos", &f->xf.pos);
    state_get_u16(&r, "xf.fmt_done", &f->xf.fmt_done);
    state_get_bytes(&r, "cmd", f->cmd, sizeof(f->cmd));
    state_get_bytes(&r, "res", f->res, sizeof(f->res));
    state_get_bytes(&r, "sense_st0", f->sense_st0, sizeof(f->sense_st0));
    state_get_bytes(&r, "buf", f->buf, sizeof(f->buf));
    for (int d = 0; d < FDC_DRIVES; d++) {
        snprintf(n, sizeof(n), "drv%d.pcn", d);
        state_get_u8(&r, n, &f->drv[d].pcn);
        snprintf(n, sizeof(n), "drv%d.sector", d);
        state_get_u8(&r, n, &f->drv[d].sector);
        snprintf(n, sizeof(n), "drv%d.media_changed", d);
        state_get_bool(&r, n, &f->drv[d].media_changed);
    }
    /* Never trust the record: keep indices inside their arrays. */
    if (f->cmd_len > sizeof(f->cmd)) f->cmd_len = sizeof(f->cmd);
    if (f->cmd_pos > f->cmd_len) f->cmd_pos = f->cmd_len;
    if (f->res_len > sizeof(f->res)) f->res_len = sizeof(f->res);
    if (f->res_pos > f->res_len) f->res_pos = f->res_len;
    f->xf.drive &= 3;
    f->xf.head &= 1;
    if (f->xf.pos > 512) f->xf.pos = 0;
    return 0;
}
