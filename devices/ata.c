/*
 * ata.c - ATA channel registers, protocols and the hard-disk command set
 * (ATA/ATAPI-6, INCITS 361-2002: 7.x register descriptions, 8.x commands,
 * 9.x protocols, IDENTIFY DEVICE data in 8.15). See ata.h. The ATAPI
 * packet commands are in ata_atapi.c.
 */
#include "ata.h"

#include <stdio.h>
#include <string.h>

#include "disk.h"
#include "isa.h"

/* Commands (ATA/ATAPI-6 clause 8). */
enum {
    CMD_NOP = 0x00, CMD_DEVICE_RESET = 0x08, CMD_RECALIBRATE = 0x10,
    CMD_READ = 0x20, CMD_READ_NR = 0x21, CMD_READ_EXT = 0x24, CMD_READ_DMA_EXT = 0x25,
    CMD_READ_MULT_EXT = 0x29, CMD_WRITE = 0x30, CMD_WRITE_NR = 0x31, CMD_WRITE_EXT = 0x34,
    CMD_WRITE_DMA_EXT = 0x35, CMD_WRITE_MULT_EXT = 0x39, CMD_VERIFY = 0x40,
    CMD_VERIFY_NR = 0x41, CMD_VERIFY_EXT = 0x42, CMD_SEEK = 0x70, CMD_DIAGNOSTIC = 0x90,
    CMD_INIT_PARAMS = 0x91, CMD_PACKET = 0xA0, CMD_IDENTIFY_PACKET = 0xA1,
    CMD_READ_MULT = 0xC4, CMD_WRITE_MULT = 0xC5, CMD_SET_MULT = 0xC6, CMD_READ_DMA = 0xC8,
    CMD_READ_DMA_NR = 0xC9, CMD_WRITE_DMA = 0xCA, CMD_WRITE_DMA_NR = 0xCB,
    CMD_STANDBY_IMM = 0xE0, CMD_IDLE_IMM = 0xE1, CMD_STANDBY = 0xE2, CMD_IDLE = 0xE3,
    CMD_CHECK_POWER = 0xE5, CMD_SLEEP = 0xE6, CMD_FLUSH = 0xE7, CMD_FLUSH_EXT = 0xEA,
    CMD_IDENTIFY = 0xEC, CMD_SET_FEATURES = 0xEF,
};

#define SECTOR 512u
#define READY (ATA_SR_DRDY | ATA_SR_DSC)

static struct ata_device *selected(struct ata_channel *ch)
{
    return &ch->dev[ch->cur];
}

static bool channel_empty(const struct ata_channel *ch)
{
    return ch->dev[0].kind == ATA_NONE && ch->dev[1].kind == ATA_NONE;
}

/* INTRQ: driven by the selected device when its nIEN is clear. */
static void update_irq(struct ata_channel *ch)
{
    struct ata_device *s = selected(ch);
    bool level = s->kind != ATA_NONE && s->irq && !(ch->devctl & ATA_DC_NIEN);

    if (level != ch->irq_level) {
        ch->irq_level = level;
        if (ch->bus)
            isa_irq_set(ch->bus, ch->irq_line, level);
    }
}

void ata_set_irq(struct ata_channel *ch, struct ata_device *s)
{
    s->irq = true;
    update_irq(ch);
}

/* ATA string: two characters per word, first in the high byte, space
 * padded (ATA/ATAPI-6 8.15.x "Model number"). */
void ata_put_string(uint16_t *words, int first, int count, const char *s)
{
    size_t len = strlen(s);

    for (int i = 0; i < count * 2; i++) {
        uint8_t c = (size_t)i < len ? (uint8_t)s[i] : ' ';
        if (i & 1)
            words[first + i / 2] |= c;
        else
            words[first + i / 2] = (uint16_t)(c << 8);
    }
}

/* Word 255: signature A5h and the checksum making the 512 bytes sum to 0. */
void ata_id_checksum(uint16_t *id)
{
    uint8_t sum = 0xA5;

    for (int i = 0; i < 255; i++)
        sum = (uint8_t)(sum + (id[i] & 0xFF) + (id[i] >> 8));
    id[255] = (uint16_t)(((uint8_t)-sum) << 8 | 0xA5);
}

/* Store 256 identify words little-endian into the data buffer. */
static void id_to_buf(struct ata_device *s, const uint16_t *id)
{
    for (int i = 0; i < 256; i++) {
        s->buf[2 * i] = (uint8_t)id[i];
        s->buf[2 * i + 1] = (uint8_t)(id[i] >> 8);
    }
}

/* IDENTIFY DEVICE data (ATA/ATAPI-6 table 27). */
static void identify_disk(struct ata_channel *ch, struct ata_device *s)
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

/* End a command successfully: ready, no DRQ; INTRQ. */
static void cmd_ok(struct ata_channel *ch, struct ata_device *s)
{
    s->xfer = XFER_NONE;
    s->status = READY;
    ata_set_irq(ch, s);
}

/* End a command with an error (err bits in the error register). */
static void cmd_error(struct ata_channel *ch, struct ata_device *s, uint8_t err)
{
    s->xfer = XFER_NONE;
    s->error = err;
    s->status = READY | ATA_SR_ERR;
    ata_set_irq(ch, s);
}

/* Signature in the registers (ATA/ATAPI-6 9.12): ATA 00/00, ATAPI 14/EB. */
static void set_signature(struct ata_device *s)
{
    s->nsector = 1;
    s->sector = 1;
    if (s->kind == ATA_CDROM) {
        s->lcyl = 0x14;
        s->hcyl = 0xEB;
    } else {
        s->lcyl = 0;
        s->hcyl = 0;
    }
    s->select &= 0x10;
}

/* Device reset: what SRST / RESET- / DEVICE RESET do to one device. */
static void device_reset(struct ata_device *s)
{
    s->xfer = XFER_NONE;
    s->irq = false;
    s->error = 0x01;                     /* diagnostic: no error */
    s->feature = 0;
    s->lba48 = false;
    s->select = 0;
    set_signature(s);
    s->status = s->kind == ATA_DISK ? READY : 0;
    s->data_pos = s->data_end = 0;
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
        cmd_error(ch, s, ATA_ER_UNC);
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
static void dma_run_disk(struct ata_channel *ch, struct ata_device *s)
{
    bool to_mem = s->xfer == XFER_DMA_READ;
    bool error = false;

    while (s->remaining) {
        uint32_t n = s->remaining < 128 ? s->remaining : 128;
        uint32_t bytes = n * SECTOR, moved;

        if (to_mem) {
            if (disk_read(s->disk, s->lba * SECTOR, s->buf, bytes) < 0) {
                set_lba(s, s->lba);
                cmd_error(ch, s, ATA_ER_UNC);
                error = true;
                break;
            }
            moved = ch->dma_rw(ch->dma_opaque, s->buf, bytes, true);
        } else {
            moved = ch->dma_rw(ch->dma_opaque, s->buf, bytes, false);
            if (moved == bytes && disk_write(s->disk, s->lba * SECTOR, s->buf, bytes) < 0) {
                set_lba(s, s->lba);
                cmd_error(ch, s, ATA_ER_ABRT);
                error = true;
                break;
            }
        }
        if (moved < bytes) {   /* PRD table shorter than the command */
            set_lba(s, s->lba);
            cmd_error(ch, s, ATA_ER_ABRT);
            error = true;
            break;
        }
        s->lba += n;
        s->remaining -= n;
    }
    if (!error) {
        set_lba(s, s->lba);
        s->nsector = 0;
        cmd_ok(ch, s);
    }
    if (ch->dma_done)
        ch->dma_done(ch->dma_opaque, error);
}

void ata_dma_kick(struct ata_channel *ch)
{
    for (int u = 0; u < 2; u++) {
        struct ata_device *s = &ch->dev[u];

        if (s->xfer == XFER_DMA_READ || s->xfer == XFER_DMA_WRITE)
            dma_run_disk(ch, s);
        else if (s->xfer == XFER_DMA_OUT || s->xfer == XFER_DMA_ATAPI_READ)
            atapi_dma_run(ch, s);
    }
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
        cmd_error(ch, s, ATA_ER_IDNF | ATA_ER_ABRT);
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
                cmd_error(ch, s, ATA_ER_UNC);
                return;
            }
            s->lba += n;
            s->remaining -= n;
        }
        set_lba(s, s->lba - 1);
        cmd_ok(ch, s);
        return;
    }
    if (mode == 1) {
        if (!ch->dma_rw) {
            cmd_error(ch, s, ATA_ER_ABRT);
            return;
        }
        s->xfer = write ? XFER_DMA_WRITE : XFER_DMA_READ;
        s->status = READY | ATA_SR_DRQ;
        if (ch->dma_ready && ch->dma_ready(ch->dma_opaque))
            dma_run_disk(ch, s);
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
static void set_features(struct ata_channel *ch, struct ata_device *s)
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
        cmd_error(ch, s, ATA_ER_ABRT);
        return;
    }
    case 0x55: case 0xAA:    /* read look-ahead off/on */
    case 0x66: case 0xCC:    /* reverting to power-on defaults off/on */
        break;
    default:
        cmd_error(ch, s, ATA_ER_ABRT);
        return;
    }
    cmd_ok(ch, s);
}

/* A command for a hard disk. */
static void disk_command(struct ata_channel *ch, struct ata_device *s, uint8_t cmd)
{
    uint32_t mult = s->mult;

    switch (cmd) {
    case CMD_IDENTIFY:
        identify_disk(ch, s);
        s->xfer = XFER_PIO_OUT;
        s->data_pos = 0;
        s->data_end = 512;
        s->status = READY | ATA_SR_DRQ;
        ata_set_irq(ch, s);
        return;
    case CMD_READ: case CMD_READ_NR: start_rw(ch, s, false, false, 1, 0); return;
    case CMD_READ_EXT: start_rw(ch, s, false, true, 1, 0); return;
    case CMD_WRITE: case CMD_WRITE_NR: start_rw(ch, s, true, false, 1, 0); return;
    case CMD_WRITE_EXT: start_rw(ch, s, true, true, 1, 0); return;
    case CMD_READ_MULT: case CMD_READ_MULT_EXT:
    case CMD_WRITE_MULT: case CMD_WRITE_MULT_EXT:
        if (!mult) {
            cmd_error(ch, s, ATA_ER_ABRT);
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
            cmd_error(ch, s, ATA_ER_ABRT);
            return;
        }
        s->mult = s->nsector;
        cmd_ok(ch, s);
        return;
    case CMD_INIT_PARAMS:
        if (s->nsector == 0) {
            cmd_error(ch, s, ATA_ER_ABRT);
            return;
        }
        s->cur_heads = (uint16_t)((s->select & 0x0F) + 1);
        s->cur_secs = s->nsector;
        {
            uint64_t c = s->nb_sectors / ((uint32_t)s->cur_heads * s->cur_secs);
            s->cur_cyls = (uint16_t)(c > 65535 ? 65535 : c);
        }
        cmd_ok(ch, s);
        return;
    case CMD_FLUSH: case CMD_FLUSH_EXT:
        if (disk_flush(s->disk) < 0) {
            cmd_error(ch, s, ATA_ER_ABRT);
            return;
        }
        cmd_ok(ch, s);
        return;
    case CMD_SET_FEATURES:
        set_features(ch, s);
        return;
    case CMD_CHECK_POWER:
        s->nsector = 0xFF;   /* active or idle */
        cmd_ok(ch, s);
        return;
    case CMD_STANDBY_IMM: case CMD_IDLE_IMM: case CMD_STANDBY: case CMD_IDLE:
    case CMD_SLEEP:
        cmd_ok(ch, s);
        return;
    default:
        if ((cmd & 0xF0) == CMD_SEEK) {
            uint64_t lba;

            s->lba48 = false;
            lba = get_lba(s);
            if (lba == UINT64_MAX || lba >= s->nb_sectors) {
                cmd_error(ch, s, ATA_ER_IDNF | ATA_ER_ABRT);
                return;
            }
            cmd_ok(ch, s);
            return;
        }
        if ((cmd & 0xF0) == CMD_RECALIBRATE) {
            cmd_ok(ch, s);
            return;
        }
        cmd_error(ch, s, ATA_ER_ABRT);   /* includes NOP, DEVICE RESET, PACKET */
        return;
    }
}

/* A command for an ATAPI device (ATA/ATAPI-6 6.18.4: only the PACKET
 * command set and a few general commands). */
static void cdrom_command(struct ata_channel *ch, struct ata_device *s, uint8_t cmd)
{
    switch (cmd) {
    case CMD_IDENTIFY_PACKET:
        atapi_identify(s);
        s->xfer = XFER_PIO_OUT;
        s->data_pos = 0;
        s->data_end = 512;
        s->status = READY | ATA_SR_DRQ;
        ata_set_irq(ch, s);
        return;
    case CMD_PACKET:
        s->xfer = XFER_PACKET;
        s->data_pos = 0;
        s->data_end = 12;
        s->byte_limit = (uint16_t)(s->hcyl << 8 | s->lcyl);
        s->nsector = 0x01;   /* interrupt reason: C/D = 1, I/O = 0 */
        s->status = ATA_SR_DRDY | ATA_SR_DRQ;
        return;
    case CMD_DEVICE_RESET:
        device_reset(s);
        return;
    case CMD_SET_FEATURES:
        set_features(ch, s);
        return;
    case CMD_CHECK_POWER:
        s->nsector = 0xFF;
        cmd_ok(ch, s);
        return;
    case CMD_IDLE_IMM: case CMD_STANDBY_IMM: case CMD_SLEEP:
        cmd_ok(ch, s);
        return;
    case CMD_IDENTIFY:
        /* An ATAPI device aborts IDENTIFY DEVICE and shows its signature. */
        set_signature(s);
        cmd_error(ch, s, ATA_ER_ABRT);
        return;
    default:
        cmd_error(ch, s, ATA_ER_ABRT);
        return;
    }
}

/* EXECUTE DEVICE DIAGNOSTIC: both devices reset their registers to the
 * signature; error 01h (device 0 passed, device 1 passed or absent). */
static void diagnostic(struct ata_channel *ch)
{
    for (int u = 0; u < 2; u++) {
        struct ata_device *s = &ch->dev[u];

        set_signature(s);
        s->xfer = XFER_NONE;
        s->error = 0x01;
        s->status = s->kind == ATA_DISK ? READY : 0;
    }
    ch->cur = 0;
    ch->dev[0].select = ch->dev[1].select = 0;
    ata_set_irq(ch, &ch->dev[0]);
}

static void command(struct ata_channel *ch, uint8_t cmd)
{
    struct ata_device *s = selected(ch);

    if (s->kind == ATA_NONE)
        return;          /* nobody answers */
    if ((s->status & ATA_SR_BSY) && cmd != CMD_DEVICE_RESET)
        return;
    s->command = cmd;
    s->irq = false;
    update_irq(ch);
    s->error = 0;
    if (cmd == CMD_DIAGNOSTIC) {
        diagnostic(ch);
        return;
    }
    if (s->kind == ATA_DISK)
        disk_command(ch, s, cmd);
    else
        cdrom_command(ch, s, cmd);
}

/* The data buffer was used up: continue or finish the transfer. */
static void buffer_done(struct ata_channel *ch, struct ata_device *s)
{
    uint32_t n = s->data_end / SECTOR;

    switch (s->xfer) {
    case XFER_PIO_READ:
        s->lba += n;
        s->remaining -= n;
        set_lba(s, s->lba);
        if (s->remaining) {
            pio_read_block(ch, s);
        } else {
            s->nsector = 0;
            s->xfer = XFER_NONE;
            s->status = READY;   /* PIO data-in ends without a final INTRQ */
        }
        return;
    case XFER_PIO_WRITE:
        if (disk_write(s->disk, s->lba * SECTOR, s->buf, (size_t)n * SECTOR) < 0) {
            set_lba(s, s->lba);
            cmd_error(ch, s, ATA_ER_ABRT);
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
            cmd_ok(ch, s);
        }
        return;
    case XFER_PIO_OUT:
        if (s->kind == ATA_CDROM && s->command == CMD_PACKET) {
            atapi_cmd_ok(ch, s);
            return;
        }
        s->xfer = XFER_NONE;
        s->status = READY;
        return;
    case XFER_PACKET:
        atapi_packet(ch, s);
        return;
    case XFER_ATAPI_READ:
        atapi_pio_next(ch, s);
        return;
    default:
        return;
    }
}

/* Data port read (16 or 32 bits; a byte read takes one byte). */
static uint32_t data_read(struct ata_channel *ch, int size)
{
    struct ata_device *s = selected(ch);
    uint32_t v = 0;

    if (!(s->status & ATA_SR_DRQ) ||
        (s->xfer != XFER_PIO_READ && s->xfer != XFER_PIO_OUT && s->xfer != XFER_ATAPI_READ))
        return size == 4 ? 0xFFFFFFFFu : 0xFFFFu;
    for (int k = 0; k < size && s->data_pos < s->data_end; k++)
        v |= (uint32_t)s->buf[s->data_pos++] << (8 * k);
    if (s->data_pos >= s->data_end)
        buffer_done(ch, s);
    return v;
}

static void data_write(struct ata_channel *ch, uint32_t v, int size)
{
    struct ata_device *s = selected(ch);

    if (!(s->status & ATA_SR_DRQ) || (s->xfer != XFER_PIO_WRITE && s->xfer != XFER_PACKET))
        return;
    for (int k = 0; k < size && s->data_pos < s->data_end; k++)
        s->buf[s->data_pos++] = (uint8_t)(v >> (8 * k));
    if (s->data_pos >= s->data_end)
        buffer_done(ch, s);
}

uint32_t ata_read(struct ata_channel *ch, int reg, int size)
{
    struct ata_device *s = selected(ch);
    bool hob = (ch->devctl & ATA_DC_HOB) != 0;

    if (channel_empty(ch))
        return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;   /* floating bus */
    if (reg == 0)
        return data_read(ch, size);
    switch (reg) {
    case 1: return s->kind == ATA_NONE ? 0 : (hob ? s->hob_feature : s->error);
    case 2: return hob ? s->hob_nsector : s->nsector;
    case 3: return hob ? s->hob_sector : s->sector;
    case 4: return hob ? s->hob_lcyl : s->lcyl;
    case 5: return hob ? s->hob_hcyl : s->hcyl;
    case 6: return s->select | 0xA0;
    default:
        if (s->kind == ATA_NONE)
            return 0;   /* device 0 answers for an absent device 1 */
        s->irq = false; /* reading Status acknowledges INTRQ */
        update_irq(ch);
        return s->status;
    }
}

void ata_write(struct ata_channel *ch, int reg, uint32_t value, int size)
{
    uint8_t v = (uint8_t)value;

    if (reg == 0) {
        data_write(ch, value, size);
        return;
    }
    ch->devctl &= (uint8_t)~ATA_DC_HOB;   /* any command-block write clears HOB */
    if (reg == 7) {
        command(ch, v);
        return;
    }
    for (int u = 0; u < 2; u++) {
        struct ata_device *s = &ch->dev[u];

        switch (reg) {
        case 1: s->hob_feature = s->feature; s->feature = v; break;
        case 2: s->hob_nsector = s->nsector; s->nsector = v; break;
        case 3: s->hob_sector = s->sector; s->sector = v; break;
        case 4: s->hob_lcyl = s->lcyl; s->lcyl = v; break;
        case 5: s->hob_hcyl = s->hcyl; s->hcyl = v; break;
        case 6: s->select = v & ~0xA0u; break;
        }
    }
    if (reg == 6) {
        ch->cur = (v >> 4) & 1;
        update_irq(ch);
    }
}

uint8_t ata_read_altstatus(struct ata_channel *ch)
{
    struct ata_device *s = selected(ch);

    if (channel_empty(ch))
        return 0xFF;
    return s->kind == ATA_NONE ? 0 : s->status;
}

void ata_write_devctl(struct ata_channel *ch, uint8_t v)
{
    uint8_t old = ch->devctl;

    ch->devctl = v;
    if ((v & ATA_DC_SRST) && !(old & ATA_DC_SRST)) {
        /* SRST asserted: both devices reset and stay busy until released.
         * An absent device's register copy takes the reset values too (the
         * present device answers nsector/sector = 1/1 for it, as QEMU), so
         * a host polling for the signature does not wait in vain. */
        for (int u = 0; u < 2; u++) {
            device_reset(&ch->dev[u]);
            if (ch->dev[u].kind != ATA_NONE)
                ch->dev[u].status = ATA_SR_BSY;
        }
    } else if (!(v & ATA_DC_SRST) && (old & ATA_DC_SRST)) {
        for (int u = 0; u < 2; u++) {
            struct ata_device *s = &ch->dev[u];

            if (s->kind == ATA_NONE)
                continue;
            s->status = s->kind == ATA_DISK ? READY : 0;
        }
        ch->cur = 0;
    }
    update_irq(ch);
}

void ata_channel_reset(struct ata_channel *ch)
{
    ch->devctl = 0;
    ch->cur = 0;
    for (int u = 0; u < 2; u++) {
        struct ata_device *s = &ch->dev[u];

        device_reset(s);
        s->mult = 0;
        s->xfer_mode = 0;
        s->write_cache = true;
        s->cur_cyls = s->cyls;
        s->cur_heads = s->heads;
        s->cur_secs = s->secs;
        s->locked = false;
        s->sense_key = s->asc = s->ascq = 0;
    }
    update_irq(ch);
}

void ata_channel_init(struct ata_channel *ch, struct isa_bus *bus, int irq, int index)
{
    memset(ch, 0, sizeof(*ch));
    ch->bus = bus;
    ch->irq_line = irq;
    ch->dev[0].unit = 0;
    ch->dev[1].unit = 1;
    snprintf(ch->serial_prefix, sizeof(ch->serial_prefix), "%c", index ? 'S' : 'P');
    ata_channel_reset(ch);
}

void ata_attach(struct ata_channel *ch, int unit, enum ata_kind kind, struct disk *d)
{
    struct ata_device *s = &ch->dev[unit & 1];

    s->kind = kind;
    s->disk = d;
    s->nb_sectors = 0;
    s->cyls = s->heads = s->secs = 0;
    if (kind == ATA_DISK && d) {
        uint64_t c;

        s->nb_sectors = disk_sectors(d, SECTOR);
        s->heads = 16;
        s->secs = 63;
        c = s->nb_sectors / (16 * 63);
        s->cyls = (uint16_t)(c > 16383 ? 16383 : (c ? c : 1));
    }
    if (kind == ATA_CDROM)
        s->media_changed = false;
    s->cur_cyls = s->cyls;
    s->cur_heads = s->heads;
    s->cur_secs = s->secs;
    s->write_cache = true;
    device_reset(s);
}
