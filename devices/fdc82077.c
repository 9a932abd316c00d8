/*
 * fdc82077.c - Intel 82077AA floppy disk controller, PC/AT mode (Intel
 * 82077AA datasheet: "Register Description" for DOR/MSR/DSR/DIR/CCR,
 * "Command Set Descriptions", "Status Register Encoding" ST0-ST3, "Reset",
 * "Polling"): registers, command/execution/result phases, reset, the
 * non-data commands. The data transfer commands are in fdc_data.c, the
 * state record in fdc_state.c. See fdc82077.h for the scope.
 */
#include "fdc82077_priv.h"

#include <string.h>

#include "board.h"
#include "disk.h"
#include "isa.h"

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

void fdc_raise_int(struct fdc82077 *f)
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
        fdc_raise_int(f);
}

/* Result of a data command: ST0-ST2 and the ID C/H/R/N; raises INT. */
void fdc_data_result(struct fdc82077 *f, uint8_t st0, uint8_t st1, uint8_t st2)
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
    fdc_raise_int(f);
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
const struct floppy_format *fdc_geom(struct fdc82077 *f, int d)
{
    struct fdc_drive *dr = &f->drv[d];

    return dr->exists && disk_present(dr->disk) ? dr->disk->floppy : NULL;
}

/* Move the head of drive d to cylinder c (a step pulse clears DSKCHG when
 * media is in the drive). */
void fdc_step_to(struct fdc82077 *f, int d, uint8_t c)
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
    fdc_raise_int(f);
}

/* Execute the complete command in cmd[]. */
static void execute(struct fdc82077 *f)
{
    const uint8_t *c = f->cmd;
    uint8_t code = c[0] & 0x1F;
    int d = c[1] & 3;

    switch (code) {
    case CMD_READ: case CMD_WRITE: case CMD_VERIFY:
        fdc_cmd_data(f);
        return;
    case CMD_READ_ID: {
        const struct floppy_format *g = fdc_geom(f, d);
        struct fdc_xfer *x = &f->xf;

        memset(x, 0, sizeof(*x));
        x->drive = (uint8_t)d;
        x->head = (c[1] >> 2) & 1;
        x->c = f->drv[d].pcn;
        x->h = x->head;
        x->n = 2;
        if (!g || x->c >= g->cylinders || x->head >= g->heads) {
            fdc_data_result(f, ST0_ABNORMAL, ST1_MA, 0);
            return;
        }
        if (f->drv[d].sector < 1 || f->drv[d].sector > g->sectors)
            f->drv[d].sector = 1;
        x->r = f->drv[d].sector;
        f->drv[d].sector = (uint8_t)(x->r % g->sectors + 1);  /* the disk turns */
        fdc_data_result(f, 0, 0, 0);
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
        if (!fdc_geom(f, d)) {
            fdc_data_result(f, ST0_ABNORMAL, ST1_MA, 0);
            return;
        }
        if (f->drv[d].disk->read_only) {
            fdc_data_result(f, ST0_ABNORMAL, ST1_NW, 0);
            return;
        }
        if (x->sc == 0) {
            fdc_data_result(f, 0, 0, 0);
            return;
        }
        fdc_start_exec(f);
        return;
    }
    case CMD_RECALIBRATE:
        if (!f->drv[d].exists) {   /* no TRK0 signal: 79 steps, then fail */
            seek_done(f, d, (uint8_t)(ST0_ABNORMAL | ST0_SE | ST0_EC | d));
            return;
        }
        fdc_step_to(f, d, 0);
        seek_done(f, d, (uint8_t)(ST0_SE | d));
        return;
    case CMD_SEEK:
        fdc_step_to(f, d, c[2]);
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
        fdc_fifo_data_write(f, v);
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
    if (f->phase == FDC_EXEC && !f->xf.dma && f->xf.cmd == CMD_READ)
        return fdc_fifo_data_read(f);
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
        } else if (f->phase == FDC_EXEC && f->xf.dma && f->bus &&
                   ((old ^ v) & FDC_DOR_DMAEN)) {
            /* The DMA gate opens or closes on a waiting transfer's DRQ. */
            if (v & FDC_DOR_DMAEN)
                isa_dma_hold_dreq(f->bus, FDC_DMA);
            else
                isa_dma_release_dreq(f->bus, FDC_DMA);
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
        isa_dma_register(bus, FDC_DMA, fdc_dma_transfer, f);
    if (!b)
        return 0;
    if (board_register_ports(b, FDC_BASE, 6, 1, fdc82077_port_read, fdc82077_port_write, f,
                             "fdc82077") < 0 ||
        board_register_ports(b, FDC_BASE + 7, 1, 1, fdc82077_port_read, fdc82077_port_write, f,
                             "fdc82077-dir") < 0)
        return -1;
    return 0;
}
