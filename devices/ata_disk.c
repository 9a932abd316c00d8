/*
 * ata_disk.c - the ATA hard-disk command set (ATA/ATAPI-6 clause 8):
 * IDENTIFY DEVICE (8.15, table 27), READ/WRITE SECTOR(S), MULTIPLE and DMA
 * with their EXT forms, READ VERIFY, SEEK, SET FEATURES (8.37), SET
 * MULTIPLE MODE, INITIALIZE DEVICE PARAMETERS, FLUSH CACHE (+EXT), power
 * commands; LBA28/LBA48/CHS addressing; PIO data-in/out blocks (9.5, 9.6)
 * and the DMA protocol (9.10) through the controller's bus-master hooks.
 * See ata.h.
 */
#include <stdio.h>
#include <string.h>

#include "ata_priv.h"
#include "disk.h"

/* Store 256 identify words little-endian into the data buffer. */
static void id_to_buf(struct ata_device *s, const uint16_t *id)
{
    for (int i = 0; i < 256; i++) {
        s->buf[2 * i] = (uint8_t)id[i];
        s->buf[2 * i + 1] = (uint8_t)(id[i] >> 8);
    }
}

/* IDENTIFY DEVICE data (ATA/ATAPI-6 table 27). */
void ata_identify_disk(struct ata_channel *ch, struct ata_device *s)
{
    uint16_t id[256];
    uint64_t lba28 = s->nb_sectors < 0x0FFFFFFFu ? s->nb_sectors : 0x0FFFFFFFu;
    uint32_t cur_cap = (uint32_t)s->cur_cyls * s->cur_heads * s->cur_secs;
    char serial[24];

    memset(id, 0, sizeof(id));
    id[0] = 0x0040;                      /* fixed device */
    id[1] = s->cyls;
    id[3] = s->heads;
    id[6] = s->secs;
    snprintf(serial, sizeof(serial), "X86PC-%s%d", ch->serial_prefix, s->unit);
    ata_put_string(id, 10, 10, serial);
    ata_put_string(id, 23, 4, "1.0");
    ata_put_string(id, 27, 20, "x86pc ATA disk");
    id[47] = 0x8000 | ATA_MAX_MULT;
    id[49] = (1u << 11) | (1u << 9) | (1u << 8);   /* IORDY, LBA, DMA */
    id[50] = 0x4000;
    id[51] = 0x0200;                     /* PIO mode 2 timing (obsolete word) */
    id[53] = 0x0007;                     /* words 54-58, 64-70, 88 valid */
    id[54] = s->cur_cyls;
    id[55] = s->cur_heads;
    id[56] = s->cur_secs;
    id[57] = (uint16_t)cur_cap;
    id[58] = (uint16_t)(cur_cap >> 16);
    if (s->mult)
        id[59] = 0x0100 | s->mult;
    id[60] = (uint16_t)lba28;
    id[61] = (uint16_t)(lba28 >> 16);
    /* Multiword DMA modes 0-2 supported, the selected one. */
    id[63] = 0x0007;
    if ((s->xfer_mode & 0xF8) == 0x20)
        id[63] |= (uint16_t)(0x100u << (s->xfer_mode & 7));
    id[64] = 0x0003;                     /* PIO modes 3 and 4 */
    id[65] = id[66] = id[67] = id[68] = 120;
    id[80] = 0x007E;                     /* ATA-1 .. ATA-6 */
    id[82] = (1u << 6) | (1u << 5) | (1u << 3);    /* look-ahead, write cache, PM */
    id[83] = 0x4000 | (1u << 13) | (1u << 12) | (1u << 10);  /* FLUSH EXT, FLUSH, LBA48 */
    id[84] = 0x4000;
    id[85] = (uint16_t)((1u << 6) | (s->write_cache ? 1u << 5 : 0) | (1u << 3));
    id[86] = (1u << 13) | (1u << 12) | (1u << 10);
    id[87] = 0x4000;
    /* Hardware reset result (ATA-6 8.15.49): bit 14 set; device 0: passed
     * diagnostics, number by jumper; device 1: number by jumper, PDIAG-. */
    id[93] = s->unit ? 0x4B00 : 0x400B;
    id[100] = (uint16_t)s->nb_sectors;
    id[101] = (uint16_t)(s->nb_sectors >> 16);
    id[102] = (uint16_t)(s->nb_sectors >> 32);
    id[103] = (uint16_t)(s->nb_sectors >> 48);
    ata_id_checksum(id);
    id_to_buf(s, id);
}

/* Address from the registers: LBA48, LBA28 or CHS; UINT64_MAX when the
 * CHS values are outside the current geometry. */
static uint64_t get_lba(const struct ata_device *s)
{
    if (s->lba48)
        return (uint64_t)s->hob_hcyl << 40 | (uint64_t)s->hob_lcyl << 32 |
               (uint64_t)s->hob_sector << 24 | (uint64_t)s->hcyl << 16 |
               (uint64_t)s->lcyl << 8 | s->sector;
    if (s->select & 0x40)
        return (uint64_t)(s->select & 0x0F) << 24 | (uint64_t)s->hcyl << 16 |
               (uint64_t)s->lcyl << 8 | s->sector;
    {
        uint32_t cyl = (uint32_t)s->hcyl << 8 | s->lcyl;
        uint32_t head = s->select & 0x0F;

        if (s->sector == 0 || s->sector > s->cur_secs || head >= s->cur_heads ||
            cyl >= s->cur_cyls)
            return UINT64_MAX;
        return ((uint64_t)cyl * s->cur_heads + head) * s->cur_secs + (s->sector - 1u);
    }
}

/* Write an address back to the registers in the command's mode. */
static void set_lba(struct ata_device *s, uint64_t lba)
{
    if (s->lba48) {
        s->sector = (uint8_t)lba;
        s->lcyl = (uint8_t)(lba >> 8);
        s->hcyl = (uint8_t)(lba >> 16);
        s->hob_sector = (uint8_t)(lba >> 24);
        s->hob_lcyl = (uint8_t)(lba >> 32);
        s->hob_hcyl = (uint8_t)(lba >> 40);
    } else if (s->select & 0x40) {
        s->sector = (uint8_t)lba;
        s->lcyl = (uint8_t)(lba >> 8);
        s->hcyl = (uint8_t)(lba >> 16);
        s->select = (uint8_t)((s->select & 0xF0) | ((lba >> 24) & 0x0F));
    } else if (s->cur_heads && s->cur_secs) {
        uint32_t per_cyl = (uint32_t)s->cur_heads * s->cur_secs;
        uint32_t cyl = (uint32_t)(lba / per_cyl);
        uint32_t rest = (uint32_t)(lba % per_cyl);

        s->hcyl = (uint8_t)(cyl >> 8);
        s->lcyl = (uint8_t)cyl;
        s->select = (uint8_t)((s->select & 0xF0) | (rest / s->cur_secs));
        s->sector = (uint8_t)(rest % s->cur_secs + 1);
    }
}

/* Load the next PIO read block into the buffer and raise DRQ + INTRQ. */
static void pio_read_block(struct ata_channel *ch, struct ata_device *s)
{
    uint32_t n = s->remaining < s->block ? s->remaining : s->block;

    if (disk_read(s->disk, s->lba * SECTOR, s->buf, (size_t)n * SECTOR) < 0) {
        set_lba(s, s->lba);
        ata_cmd_error(ch, s, ATA_ER_UNC);
        return;
    }
    s->data_pos = 0;
    s->data_end = n * SECTOR;
    s->status = READY | ATA_SR_DRQ;
    ata_set_irq(ch, s);
}

/* Arm the next PIO write block (DRQ). */
static void pio_write_block(struct ata_device *s)
{
    uint32_t n = s->remaining < s->block ? s->remaining : s->block;

    s->data_pos = 0;
    s->data_end = n * SECTOR;
    s->status = READY | ATA_SR_DRQ;
}

/* Run a pending hard-disk DMA transfer (the bus master is started). */
void ata_disk_dma_run(struct ata_channel *ch, struct ata_device *s)
{
    bool to_mem = s->xfer == XFER_DMA_READ;
    bool error = false;

    while (s->remaining) {
        uint32_t n = s->remaining < 128 ? s->remaining : 128;
        uint32_t bytes = n * SECTOR, moved;

        if (to_mem) {
            if (disk_read(s->disk, s->lba * SECTOR, s->buf, bytes) < 0) {
                set_lba(s, s->lba);
                ata_cmd_error(ch, s, ATA_ER_UNC);
                error = true;
                break;
            }
            moved = ch->dma_rw(ch->dma_opaque, s->buf, bytes, true);
        } else {
            moved = ch->dma_rw(ch->dma_opaque, s->buf, bytes, false);
            if (moved == bytes && disk_write(s->disk, s->lba * SECTOR, s->buf, bytes) < 0) {
                set_lba(s, s->lba);
                ata_cmd_error(ch, s, ATA_ER_ABRT);
                error = true;
                break;
            }
        }
        if (moved < bytes) {   /* PRD table shorter than the command */
            set_lba(s, s->lba);
            ata_cmd_error(ch, s, ATA_ER_ABRT);
            error = true;
            break;
        }
        s->lba += n;
        s->remaining -= n;
    }
    if (!error) {
        set_lba(s, s->lba);
        s->nsector = 0;
        ata_cmd_ok(ch, s);
    }
    if (ch->dma_done)
        ch->dma_done(ch->dma_opaque, error);
}

/* READ/WRITE (SECTORS, MULTIPLE, DMA, VERIFY) setup. mode: 0 PIO, 1 DMA,
 * 2 verify (no data). */
static void start_rw(struct ata_channel *ch, struct ata_device *s, bool write, bool lba48,
                     uint32_t block, int mode)
{
    uint32_t count;
    uint64_t lba;

    s->lba48 = lba48;
    count = lba48 ? ((uint32_t)s->hob_nsector << 8 | s->nsector) : s->nsector;
    if (count == 0)
        count = lba48 ? 65536 : 256;
    lba = get_lba(s);
    if (lba == UINT64_MAX || lba > s->nb_sectors || count > s->nb_sectors - lba) {
        ata_cmd_error(ch, s, ATA_ER_IDNF | ATA_ER_ABRT);
        return;
    }
    s->lba = lba;
    s->remaining = count;
    s->block = block;
    if (mode == 2) {         /* READ VERIFY: read the sectors, transfer nothing */
        while (s->remaining) {
            uint32_t n = s->remaining < 128 ? s->remaining : 128;

            if (disk_read(s->disk, s->lba * SECTOR, s->buf, (size_t)n * SECTOR) < 0) {
                set_lba(s, s->lba);
                ata_cmd_error(ch, s, ATA_ER_UNC);
                return;
            }
            s->lba += n;
            s->remaining -= n;
        }
        set_lba(s, s->lba - 1);
        ata_cmd_ok(ch, s);
        return;
    }
    if (mode == 1) {
        if (!ch->dma_rw) {
            ata_cmd_error(ch, s, ATA_ER_ABRT);
            return;
        }
        s->xfer = write ? XFER_DMA_WRITE : XFER_DMA_READ;
        s->status = READY | ATA_SR_DRQ;
        if (ch->dma_ready && ch->dma_ready(ch->dma_opaque))
            ata_disk_dma_run(ch, s);
        return;
    }
    if (write) {
        s->xfer = XFER_PIO_WRITE;
        pio_write_block(s);  /* the first block: DRQ without INTRQ */
    } else {
        s->xfer = XFER_PIO_READ;
        pio_read_block(ch, s);
    }
}

/* SET FEATURES (ATA/ATAPI-6 8.37). */
void ata_set_features(struct ata_channel *ch, struct ata_device *s)
{
    switch (s->feature) {
    case 0x02: s->write_cache = true; break;
    case 0x82: s->write_cache = false; break;
    case 0x03: {             /* transfer mode in the sector count */
        uint8_t m = s->nsector;
        if (m <= 0x01 || (m >= 0x08 && m <= 0x0C) || (m >= 0x20 && m <= 0x22)) {
            s->xfer_mode = m;
            break;
        }
        ata_cmd_error(ch, s, ATA_ER_ABRT);
        return;
    }
    case 0x55: case 0xAA:    /* read look-ahead off/on */
    case 0x66: case 0xCC:    /* reverting to power-on defaults off/on */
        break;
    default:
        ata_cmd_error(ch, s, ATA_ER_ABRT);
        return;
    }
    ata_cmd_ok(ch, s);
}

/* A command for a hard disk. */
void ata_disk_command(struct ata_channel *ch, struct ata_device *s, uint8_t cmd)
{
    uint32_t mult = s->mult;

    switch (cmd) {
    case CMD_IDENTIFY:
        ata_identify_disk(ch, s);
        ata_identify_ready(ch, s);
        return;
    case CMD_READ: case CMD_READ_NR: start_rw(ch, s, false, false, 1, 0); return;
    case CMD_READ_EXT: start_rw(ch, s, false, true, 1, 0); return;
    case CMD_WRITE: case CMD_WRITE_NR: start_rw(ch, s, true, false, 1, 0); return;
    case CMD_WRITE_EXT: start_rw(ch, s, true, true, 1, 0); return;
    case CMD_READ_MULT: case CMD_READ_MULT_EXT:
    case CMD_WRITE_MULT: case CMD_WRITE_MULT_EXT:
        if (!mult) {
            ata_cmd_error(ch, s, ATA_ER_ABRT);
            return;
        }
        start_rw(ch, s, cmd == CMD_WRITE_MULT || cmd == CMD_WRITE_MULT_EXT,
                 cmd == CMD_READ_MULT_EXT || cmd == CMD_WRITE_MULT_EXT, mult, 0);
        return;
    case CMD_READ_DMA: case CMD_READ_DMA_NR: start_rw(ch, s, false, false, 1, 1); return;
    case CMD_READ_DMA_EXT: start_rw(ch, s, false, true, 1, 1); return;
    case CMD_WRITE_DMA: case CMD_WRITE_DMA_NR: start_rw(ch, s, true, false, 1, 1); return;
    case CMD_WRITE_DMA_EXT: start_rw(ch, s, true, true, 1, 1); return;
    case CMD_VERIFY: case CMD_VERIFY_NR: start_rw(ch, s, false, false, 1, 2); return;
    case CMD_VERIFY_EXT: start_rw(ch, s, false, true, 1, 2); return;
    case CMD_SET_MULT:
        /* 0 disables; otherwise a power of two up to ATA_MAX_MULT. */
        if (s->nsector > ATA_MAX_MULT || (s->nsector & (s->nsector - 1))) {
            ata_cmd_error(ch, s, ATA_ER_ABRT);
            return;
        }
        s->mult = s->nsector;
        ata_cmd_ok(ch, s);
        return;
    case CMD_INIT_PARAMS:
        if (s->nsector == 0) {
            ata_cmd_error(ch, s, ATA_ER_ABRT);
            return;
        }
        s->cur_heads = (uint16_t)((s->select & 0x0F) + 1);
        s->cur_secs = s->nsector;
        {
            uint64_t c = s->nb_sectors / ((uint32_t)s->cur_heads * s->cur_secs);
            s->cur_cyls = (uint16_t)(c > 65535 ? 65535 : c);
        }
        ata_cmd_ok(ch, s);
        return;
    case CMD_FLUSH: case CMD_FLUSH_EXT:
        if (disk_flush(s->disk) < 0) {
            ata_cmd_error(ch, s, ATA_ER_ABRT);
            return;
        }
        ata_cmd_ok(ch, s);
        return;
    case CMD_SET_FEATURES:
        ata_set_features(ch, s);
        return;
    case CMD_CHECK_POWER:
        s->nsector = 0xFF;   /* active or idle */
        ata_cmd_ok(ch, s);
        return;
    case CMD_STANDBY_IMM: case CMD_IDLE_IMM: case CMD_STANDBY: case CMD_IDLE:
    case CMD_SLEEP:
        ata_cmd_ok(ch, s);
        return;
    default:
        if ((cmd & 0xF0) == CMD_SEEK) {
            uint64_t lba;

            s->lba48 = false;
            lba = get_lba(s);
            if (lba == UINT64_MAX || lba >= s->nb_sectors) {
                ata_cmd_error(ch, s, ATA_ER_IDNF | ATA_ER_ABRT);
                return;
            }
            ata_cmd_ok(ch, s);
            return;
        }
        if ((cmd & 0xF0) == CMD_RECALIBRATE) {
            ata_cmd_ok(ch, s);
            return;
        }
        ata_cmd_error(ch, s, ATA_ER_ABRT);   /* includes NOP, DEVICE RESET, PACKET */
        return;
    }
}

/* A PIO DRQ block of a READ/WRITE SECTOR(S)/MULTIPLE was used up: the next
 * block, or the end of the command (data-in ends without a final INTRQ,
 * data-out with one). */
void ata_disk_pio_next(struct ata_channel *ch, struct ata_device *s)
{
    uint32_t n = s->data_end / SECTOR;

    if (s->xfer == XFER_PIO_READ) {
        s->lba += n;
        s->remaining -= n;
        set_lba(s, s->lba);
        if (s->remaining) {
            pio_read_block(ch, s);
        } else {
            s->nsector = 0;
            s->xfer = XFER_NONE;
            s->status = READY;
        }
        return;
    }
    if (disk_write(s->disk, s->lba * SECTOR, s->buf, (size_t)n * SECTOR) < 0) {
        set_lba(s, s->lba);
        ata_cmd_error(ch, s, ATA_ER_ABRT);
        return;
    }
    s->lba += n;
    s->remaining -= n;
    set_lba(s, s->lba);
    if (s->remaining) {
        pio_write_block(s);
        ata_set_irq(ch, s);
    } else {
        s->nsector = 0;
        ata_cmd_ok(ch, s);
    }
}
