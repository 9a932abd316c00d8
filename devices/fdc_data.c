/*
 * fdc_data.c - the 82077AA data transfer commands: READ DATA, WRITE DATA,
 * VERIFY and FORMAT TRACK execution phases by DMA (channel 2 through the
 * isa_bus) or through the FIFO (non-DMA mode), sector addressing on the
 * raw image, multi-track and end-of-cylinder handling, and the C/H/R/N
 * values after a command (Intel 82077AA datasheet, "Command Set
 * Descriptions", "Data Transfer Commands", table of ID information after
 * a command). See fdc82077.h.
 */
#include <string.h>

#include "disk.h"
#include "fdc82077_priv.h"
#include "isa.h"

/* Byte offset of the sector the transfer is at, or -1 (with *st1 set to
 * the reason) when it is not on the track under the head. */
int64_t fdc_locate(struct fdc82077 *f, uint8_t *st1, uint8_t *st2)
{
    struct fdc_xfer *x = &f->xf;
    const struct floppy_format *g = fdc_geom(f, x->drive);
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
bool fdc_next_sector(struct fdc82077 *f)
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
void fdc_start_exec(struct fdc82077 *f)
{
    f->phase = FDC_EXEC;
    f->xf.pos = 0;
    f->xf.dma = !(f->hlt_nd & 1);
    if (f->xf.dma) {
        f->msr = FDC_MSR_CB;
        if (f->bus && (f->dor & FDC_DOR_DMAEN))   /* AT mode: DRQ gated by DOR bit 3 */
            isa_dma_hold_dreq(f->bus, FDC_DMA);   /* may finish the command at once */
        return;
    }
    /* Non-DMA: data through the FIFO, INT while a byte is wanted. */
    f->msr = FDC_MSR_RQM | FDC_MSR_NDMA | FDC_MSR_CB;
    if (f->xf.cmd == CMD_READ) {
        uint8_t st1 = 0, st2 = 0;
        int64_t off = fdc_locate(f, &st1, &st2);

        if (off < 0) {
            fdc_data_result(f, ST0_ABNORMAL, st1, st2);
            return;
        }
        if (disk_read(f->drv[f->xf.drive].disk, (uint64_t)off, f->buf, SECTOR) < 0) {
            fdc_data_result(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
            return;
        }
        f->msr |= FDC_MSR_DIO;
    }
    fdc_raise_int(f);
}

/* Write one sector from buf at the transfer's position. Returns 0, or -1
 * after entering the result phase with the error. */
int fdc_write_sector(struct fdc82077 *f)
{
    uint8_t st1 = 0, st2 = 0;
    int64_t off = fdc_locate(f, &st1, &st2);
    struct disk *dk = f->drv[f->xf.drive].disk;

    if (off < 0) {
        fdc_data_result(f, ST0_ABNORMAL, st1, st2);
        return -1;
    }
    if (dk->read_only) {
        fdc_data_result(f, ST0_ABNORMAL, ST1_NW, 0);
        return -1;
    }
    if (disk_write(dk, (uint64_t)off, f->buf, SECTOR) < 0) {
        fdc_data_result(f, ST0_ABNORMAL, ST1_DE, 0);  /* logged by disk.c */
        return -1;
    }
    return 0;
}

/* FORMAT: write the filler into each sector whose ID (C, H, R, N from the
 * host) addresses this track of the image. Returns 0 or -1 (result set). */
int fdc_format_sector(struct fdc82077 *f, const uint8_t *id)
{
    struct fdc_xfer *x = &f->xf;
    const struct floppy_format *g = fdc_geom(f, x->drive);
    struct disk *dk = f->drv[x->drive].disk;
    uint8_t pcn = f->drv[x->drive].pcn;

    x->c = id[0];
    x->h = id[1];
    x->r = id[2];
    x->n = id[3];
    if (!g || pcn >= g->cylinders || x->head >= g->heads) {
        fdc_data_result(f, ST0_ABNORMAL, ST1_MA, 0);
        return -1;
    }
    if (dk->read_only) {
        fdc_data_result(f, ST0_ABNORMAL, ST1_NW, 0);
        return -1;
    }
    /* A raw image holds only the standard layout: sectors 1..spt of 512
     * bytes; other IDs cannot be represented and are not written. */
    if (id[3] == 2 && id[2] >= 1 && id[2] <= g->sectors) {
        uint64_t off = ((uint64_t)(pcn * g->heads + x->head) * g->sectors + (id[2] - 1)) * SECTOR;
        uint8_t fill[SECTOR];

        memset(fill, x->filler, sizeof(fill));
        if (disk_write(dk, off, fill, SECTOR) < 0) {
            fdc_data_result(f, ST0_ABNORMAL, ST1_DE, 0);
            return -1;
        }
    }
    return 0;
}

/* DMA transfer callback (isa.h): move up to len bytes for the command. */
uint32_t fdc_dma_transfer(void *opaque, int channel, uint32_t pos, uint32_t len)
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
                if (fdc_format_sector(f, f->buf) < 0)
                    return pos - start;
                x->fmt_done++;
            }
        }
        if (x->fmt_done >= x->sc || pos >= len)
            fdc_data_result(f, 0, 0, 0);
        return pos - start;
    }
    for (;;) {
        uint8_t st1 = 0, st2 = 0;
        int64_t off = fdc_locate(f, &st1, &st2);
        uint32_t n = len - pos < SECTOR ? len - pos : SECTOR;
        struct disk *dk;

        if (off < 0) {
            fdc_data_result(f, ST0_ABNORMAL, st1, st2);
            break;
        }
        dk = f->drv[x->drive].disk;
        if (x->cmd == CMD_READ) {
            if (disk_read(dk, (uint64_t)off, f->buf, SECTOR) < 0) {
                fdc_data_result(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
                break;
            }
            isa_dma_write_memory(f->bus, channel, f->buf, pos, n);
        } else if (x->cmd == CMD_WRITE) {
            memset(f->buf, 0, SECTOR);   /* a short last sector is zero-filled */
            isa_dma_read_memory(f->bus, channel, f->buf, pos, n);
            if (fdc_write_sector(f) < 0) {
                pos += n;
                break;
            }
        }   /* VERIFY: the sector exists; nothing is moved */
        pos += n;
        if (pos >= len) {          /* terminal count: normal termination */
            fdc_next_sector(f);
            fdc_data_result(f, 0, 0, 0);
            break;
        }
        if (!fdc_next_sector(f)) {     /* end of cylinder without TC */
            fdc_data_result(f, ST0_ABNORMAL, ST1_EN, 0);
            break;
        }
    }
    return pos - start;
}

/* Set up a READ/WRITE/VERIFY transfer from the 9 command bytes. */
void fdc_cmd_data(struct fdc82077 *f)
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
        fdc_step_to(f, x->drive, x->c);   /* implied seek */
    if (x->cmd == CMD_WRITE && fdc_geom(f, x->drive) && f->drv[x->drive].disk->read_only) {
        fdc_data_result(f, ST0_ABNORMAL, ST1_NW, 0);
        return;
    }
    if (x->cmd == CMD_VERIFY) {
        /* VERIFY: with EC = 1 (bit 7 of byte 1) DTL/SC counts sectors;
         * checked sector by sector without DMA. */
        uint8_t st1 = 0, st2 = 0;
        unsigned count = (c[1] & 0x80) ? c[8] : 0;

        for (unsigned k = 0;; k++) {
            if (fdc_locate(f, &st1, &st2) < 0) {
                fdc_data_result(f, ST0_ABNORMAL, st1, st2);
                return;
            }
            if (count && k + 1 >= count) {
                fdc_next_sector(f);
                break;
            }
            if (!fdc_next_sector(f)) {
                if (count) {
                    fdc_data_result(f, ST0_ABNORMAL, ST1_EN, 0);
                    return;
                }
                break;
            }
        }
        fdc_data_result(f, 0, 0, 0);
        return;
    }
    fdc_start_exec(f);
}

/* Non-DMA execution phase: a data byte written by the host (WRITE DATA
 * sector bytes, FORMAT ID bytes). */
void fdc_fifo_data_write(struct fdc82077 *f, uint8_t v)
{
    struct fdc_xfer *x = &f->xf;

    if (x->cmd == CMD_FORMAT) {
        f->buf[x->pos++ & 3] = v;
        if ((x->pos & 3) == 0) {
            if (fdc_format_sector(f, f->buf) < 0)
                return;
            if (++x->fmt_done >= x->sc)
                fdc_data_result(f, 0, 0, 0);
        }
        return;
    }
    if (x->cmd != CMD_WRITE)
        return;
    f->buf[x->pos++] = v;
    if (x->pos < SECTOR)
        return;
    x->pos = 0;
    if (fdc_write_sector(f) < 0)
        return;
    if (!fdc_next_sector(f))
        fdc_data_result(f, ST0_ABNORMAL, ST1_EN, 0);
}

/* Non-DMA execution phase of READ DATA: the next data byte for the host. */
uint8_t fdc_fifo_data_read(struct fdc82077 *f)
{
    struct fdc_xfer *x = &f->xf;
    uint8_t v = f->buf[x->pos++];

    if (x->pos >= SECTOR) {
        uint8_t st1 = 0, st2 = 0;
        int64_t off;

        x->pos = 0;
        if (!fdc_next_sector(f)) {
            fdc_data_result(f, ST0_ABNORMAL, ST1_EN, 0);
            return v;
        }
        off = fdc_locate(f, &st1, &st2);
        if (off < 0)
            fdc_data_result(f, ST0_ABNORMAL, st1, st2);
        else if (disk_read(f->drv[x->drive].disk, (uint64_t)off, f->buf, SECTOR) < 0)
            fdc_data_result(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
    }
    return v;
}
