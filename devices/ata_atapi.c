/*
 * ata_atapi.c - ATAPI CD-ROM drive: IDENTIFY PACKET DEVICE and the PACKET
 * command protocol (ATA/ATAPI-6 8.16, 8.23, 9.8 "PACKET protocol" and
 * 9.9 "READ/WRITE DMA QUEUED / PACKET DMA"), with the packet commands of
 * SPC-2 / MMC-2/MMC-3: TEST UNIT READY, REQUEST SENSE, INQUIRY, READ
 * CAPACITY, READ(10), READ(12), READ TOC/PMA/ATIP formats 0 and 1, MODE
 * SENSE(10) (error recovery and capabilities pages), GET CONFIGURATION
 * (profile list and core feature), GET EVENT STATUS NOTIFICATION (polled,
 * media class), START STOP UNIT, PREVENT ALLOW MEDIUM REMOVAL, SEEK(10). Data goes by PIO (DRQ blocks bounded by the host's
 * byte count limit) or by bus-master DMA when the PACKET feature bit 0 is
 * set. Other packets end with CHECK CONDITION, ILLEGAL REQUEST / INVALID
 * COMMAND OPERATION CODE (5/20/00). Media: an ISO image, 2048-byte blocks.
 */
#include "ata_priv.h"

#include <string.h>

#include "disk.h"

#define CD_SECTOR 2048u
#define READY (ATA_SR_DRDY | ATA_SR_DSC)

/* Sense keys and additional sense codes (SPC-2 / MMC). */
#define SK_NOT_READY 0x02
#define SK_ILLEGAL_REQUEST 0x05
#define SK_UNIT_ATTENTION 0x06
#define ASC_INVALID_OPCODE 0x20
#define ASC_LBA_OUT_OF_RANGE 0x21
#define ASC_INVALID_FIELD 0x24
#define ASC_MEDIUM_CHANGED 0x28
#define ASC_REMOVAL_PREVENTED 0x53
#define ASC_NO_MEDIUM 0x3A

static bool has_media(const struct ata_device *s)
{
    return disk_present(s->disk);
}

static uint32_t capacity(const struct ata_device *s)
{
    return has_media(s) ? (uint32_t)disk_sectors(s->disk, CD_SECTOR) : 0;
}

static void put_be16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}
static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* LBA to MSF (with the 150-frame lead-in offset). */
static void put_msf(uint8_t *p, uint32_t lba)
{
    lba += 150;
    p[0] = 0;
    p[1] = (uint8_t)(lba / (75 * 60));
    p[2] = (uint8_t)((lba / 75) % 60);
    p[3] = (uint8_t)(lba % 75);
}

/* IDENTIFY PACKET DEVICE data (ATA/ATAPI-6 table 30). */
void atapi_identify(struct ata_device *s)
{
    uint16_t id[256];

    memset(id, 0, sizeof(id));
    id[0] = 0x85C0;          /* ATAPI, CD-ROM, removable, DRQ in 50 us, 12-byte packets */
    ata_put_string(id, 10, 10, s->unit ? "X86PC-CD1" : "X86PC-CD0");
    ata_put_string(id, 23, 4, "1.0");
    ata_put_string(id, 27, 20, "x86pc ATAPI CD-ROM");
    id[49] = (1u << 9) | (1u << 8);   /* LBA, DMA */
    id[53] = 0x0006;                  /* words 64-70 and 88 valid */
    id[63] = 0x0007;
    if ((s->xfer_mode & 0xF8) == 0x20)
        id[63] |= (uint16_t)(0x100u << (s->xfer_mode & 7));
    id[64] = 0x0003;
    id[65] = id[66] = id[67] = id[68] = 120;
    id[71] = 30;
    id[72] = 30;
    id[80] = 0x007E;
    id[82] = 1u << 4;                 /* PACKET feature set */
    id[83] = 0x4000;
    id[84] = 0x4000;
    id[85] = 1u << 4;
    id[87] = 0x4000;
    ata_id_checksum(id);
    for (int i = 0; i < 256; i++) {
        s->buf[2 * i] = (uint8_t)id[i];
        s->buf[2 * i + 1] = (uint8_t)(id[i] >> 8);
    }
}

/* Command completed: status, interrupt reason I/O = C/D = 1, INTRQ. */
void atapi_cmd_ok(struct ata_channel *ch, struct ata_device *s)
{
    s->xfer = XFER_NONE;
    s->error = 0;
    s->status = READY;
    s->nsector = 0x03;
    ata_set_irq(ch, s);
}

/* CHECK CONDITION with sense key/ASC (error register: sense key << 4). */
static void check_condition(struct ata_channel *ch, struct ata_device *s, uint8_t key,
                            uint8_t asc, uint8_t ascq)
{
    s->sense_key = key;
    s->asc = asc;
    s->ascq = ascq;
    s->xfer = XFER_NONE;
    s->error = (uint8_t)(key << 4 | ATA_ER_ABRT);
    s->status = ATA_SR_DRDY | ATA_SR_ERR;
    s->nsector = 0x03;
    ata_set_irq(ch, s);
}

/* Effective PIO byte count limit (even, non-zero). */
static uint32_t limit_of(const struct ata_device *s)
{
    uint32_t l = s->byte_limit;

    if (l == 0 || l == 0xFFFF)
        l = 0xFFFE;
    return l & ~1u;
}

/* Arm a PIO DRQ block of buf[data_pos..data_end) with INTRQ. */
static void pio_block(struct ata_channel *ch, struct ata_device *s)
{
    uint32_t n = s->data_end - s->data_pos;

    s->lcyl = (uint8_t)n;
    s->hcyl = (uint8_t)(n >> 8);
    s->nsector = 0x02;       /* I/O = 1 (to the host), C/D = 0 */
    s->status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ;
    ata_set_irq(ch, s);
}

/* Load the next READ block (PIO). */
static void read_block(struct ata_channel *ch, struct ata_device *s)
{
    uint32_t per = limit_of(s) / CD_SECTOR;
    uint32_t n;

    if (per == 0)
        per = 1;
    if (per > ATA_BUF_SIZE / CD_SECTOR - 1)
        per = ATA_BUF_SIZE / CD_SECTOR - 1;
    n = s->remaining < per ? s->remaining : per;
    if (disk_read(s->disk, s->lba * CD_SECTOR, s->buf, (size_t)n * CD_SECTOR) < 0) {
        check_condition(ch, s, 0x03, 0x11, 0x00);   /* MEDIUM ERROR, unrecovered read */
        return;
    }
    s->data_pos = 0;
    s->data_end = n * CD_SECTOR;
    pio_block(ch, s);
}

/* A DRQ block was consumed: the next one, or completion. */
void atapi_pio_next(struct ata_channel *ch, struct ata_device *s)
{
    if (s->xfer == XFER_ATAPI_READ) {
        uint32_t n = s->data_end / CD_SECTOR;

        s->lba += n;
        s->remaining -= n;
        if (s->remaining)
            read_block(ch, s);
        else
            atapi_cmd_ok(ch, s);
        return;
    }
    /* prepared data */
    if (s->data_pos >= s->atapi_total) {
        atapi_cmd_ok(ch, s);
        return;
    }
    s->data_end = s->atapi_total - s->data_pos > limit_of(s) ? s->data_pos + limit_of(s)
                                                              : s->atapi_total;
    pio_block(ch, s);
}

void atapi_dma_run(struct ata_channel *ch, struct ata_device *s)
{
    bool error = false;

    if (s->xfer == XFER_DMA_OUT) {
        if (ch->dma_rw(ch->dma_opaque, s->buf, s->atapi_total, true) < s->atapi_total)
            error = true;
    } else {
        while (s->remaining) {
            uint32_t n = s->remaining < 32 ? s->remaining : 32;

            if (disk_read(s->disk, s->lba * CD_SECTOR, s->buf, (size_t)n * CD_SECTOR) < 0) {
                check_condition(ch, s, 0x03, 0x11, 0x00);
                if (ch->dma_done)
                    ch->dma_done(ch->dma_opaque, true);
                return;
            }
            if (ch->dma_rw(ch->dma_opaque, s->buf, n * CD_SECTOR, true) < n * CD_SECTOR) {
                error = true;
                break;
            }
            s->lba += n;
            s->remaining -= n;
        }
    }
    if (error)
        check_condition(ch, s, 0x0B, 0x00, 0x00);   /* ABORTED COMMAND */
    else
        atapi_cmd_ok(ch, s);
    if (ch->dma_done)
        ch->dma_done(ch->dma_opaque, error);
}

/* Return `len` prepared bytes (at most `alloc`, the host's allocation
 * length) by PIO or DMA. */
static void send_data(struct ata_channel *ch, struct ata_device *s, uint32_t len, uint32_t alloc)
{
    if (len > alloc)
        len = alloc;
    if (len == 0) {
        atapi_cmd_ok(ch, s);
        return;
    }
    s->atapi_total = len;
    s->data_pos = 0;
    if (s->feature & 1) {
        if (!ch->dma_rw) {
            check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        s->xfer = XFER_DMA_OUT;
        s->status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ;
        if (ch->dma_ready && ch->dma_ready(ch->dma_opaque))
            atapi_dma_run(ch, s);
        return;
    }
    s->xfer = XFER_PIO_OUT;
    s->data_end = len > limit_of(s) ? limit_of(s) : len;
    pio_block(ch, s);
}

/* READ(10)/READ(12). */
static void cmd_read(struct ata_channel *ch, struct ata_device *s, uint32_t lba, uint32_t count)
{
    if (count == 0) {
        atapi_cmd_ok(ch, s);
        return;
    }
    if ((uint64_t)lba + count > capacity(s)) {
        check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
        return;
    }
    s->lba = lba;
    s->remaining = count;
    if (s->feature & 1) {
        if (!ch->dma_rw) {
            check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        s->xfer = XFER_DMA_ATAPI_READ;
        s->status = ATA_SR_DRDY | ATA_SR_DSC | ATA_SR_DRQ;
        if (ch->dma_ready && ch->dma_ready(ch->dma_opaque))
            atapi_dma_run(ch, s);
        return;
    }
    s->xfer = XFER_ATAPI_READ;
    read_block(ch, s);
}

/* READ TOC/PMA/ATIP (MMC-3 5.22) formats 0 (TOC) and 1 (session info). */
static uint32_t build_toc(struct ata_device *s, const uint8_t *p, bool *ok)
{
    uint8_t *b = s->buf;
    bool msf = (p[1] & 2) != 0;
    int format = p[2] & 0x0F;
    int track = p[6];
    uint32_t len;

    if (format == 0 && (p[9] >> 6))
        format = p[9] >> 6;          /* the older SFF-8020 position */
    *ok = true;
    memset(b, 0, 64);
    if (format == 0) {
        if (track > 1 && track != 0xAA) {
            *ok = false;
            return 0;
        }
        b[2] = 1;
        b[3] = 1;
        len = 4;
        if (track <= 1) {
            b[len + 1] = 0x14;       /* ADR 1, data track */
            b[len + 2] = 1;
            if (msf)
                put_msf(b + len + 4, 0);
            len += 8;
        }
        b[len + 1] = 0x14;
        b[len + 2] = 0xAA;           /* lead-out */
        if (msf)
            put_msf(b + len + 4, capacity(s));
        else
            put_be32(b + len + 4, capacity(s));
        len += 8;
        put_be16(b, len - 2);
        return len;
    }
    if (format == 1) {
        put_be16(b, 10);
        b[2] = 1;
        b[3] = 1;
        b[5] = 0x14;
        b[6] = 1;
        if (msf)
            put_msf(b + 8, 0);
        return 12;
    }
    *ok = false;
    return 0;
}

/* MODE SENSE(10) (SPC-2 / MMC-3 5.5.x): pages 01h and 2Ah (3Fh: all). */
static uint32_t build_mode_sense(struct ata_device *s, const uint8_t *p, bool *ok)
{
    uint8_t *b = s->buf;
    int page = p[2] & 0x3F;
    int pc = p[2] >> 6;
    uint32_t len = 8;

    *ok = true;
    memset(b, 0, 64);
    b[2] = has_media(s) ? 0x01 : 0x70;   /* medium type: 120 mm data CD / no disc */
    if (pc == 3) {                        /* saved values: not supported */
        *ok = false;
        return 0;
    }
    if (page == 0x01 || page == 0x3F) {
        uint8_t *q = b + len;
        q[0] = 0x01;
        q[1] = 0x06;
        q[3] = 0x05;                      /* read retry count */
        len += 8;
    }
    if (page == 0x2A || page == 0x3F) {
        uint8_t *q = b + len;
        memset(q, 0, 20);
        q[0] = 0x2A;
        q[1] = 0x12;
        q[4] = 0x71;                      /* audio play, composite, digital ports, multisession */
        q[5] = 0x60;                      /* mode 2 form 2 / CD-DA extraction */
        q[6] = (uint8_t)(0x29 | (s->locked ? 0x02 : 0));  /* tray, eject, lock supported */
        put_be16(q + 8, 706);             /* max read speed, kB/s (4x) */
        put_be16(q + 10, 2);              /* volume levels */
        put_be16(q + 12, 512);            /* buffer kB */
        put_be16(q + 14, 706);            /* current read speed */
        len += 20;
    }
    if (len == 8) {
        *ok = false;
        return 0;
    }
    put_be16(b, len - 2);
    return len;
}

/* GET CONFIGURATION (MMC-3 5.6): header, profile list, core feature. */
static uint32_t build_config(struct ata_device *s, const uint8_t *p)
{
    uint8_t *b = s->buf;
    int rt = p[1] & 3;
    uint32_t start = be16(p + 2);
    uint32_t len = 8;

    memset(b, 0, 64);
    put_be16(b + 6, has_media(s) ? 0x0008 : 0x0000);   /* current profile: CD-ROM */
    if (start == 0 || rt == 0 || rt == 1) {
        if (start == 0) {
            uint8_t *q = b + len;   /* feature 0000h: profile list */
            q[2] = 0x03;            /* persistent, current */
            q[3] = 4;
            put_be16(q + 4, 0x0008);
            q[6] = has_media(s) ? 1 : 0;
            len += 8;
        }
        if ((rt != 2 || start == 1) && start <= 1) {
            uint8_t *q = b + len;   /* feature 0001h: core, ATAPI interface */
            put_be16(q, 0x0001);
            q[2] = 0x07;            /* version 1, persistent, current */
            q[3] = 8;
            put_be32(q + 4, 2);     /* physical interface: ATAPI */
            q[8] = 0x01;            /* DBE */
            len += 12;
        }
    }
    put_be32(b, len - 4);
    return len;
}

void atapi_packet(struct ata_channel *ch, struct ata_device *s)
{
    uint8_t *p = s->packet;
    bool ok;
    uint32_t len;

    memcpy(p, s->buf, 12);
    s->xfer = XFER_NONE;
    /* A medium change is reported once, to any command but INQUIRY,
     * REQUEST SENSE (SPC-2 5.6.5), GET CONFIGURATION and GET EVENT STATUS
     * NOTIFICATION (MMC-3 5.6, 5.7). */
    if (s->media_changed && p[0] != 0x12 && p[0] != 0x03 && p[0] != 0x4A && p[0] != 0x46) {
        s->media_changed = false;
        check_condition(ch, s, SK_UNIT_ATTENTION, ASC_MEDIUM_CHANGED, 0);
        return;
    }
    switch (p[0]) {
    case 0x00:   /* TEST UNIT READY */
        if (!has_media(s))
            check_condition(ch, s, SK_NOT_READY, ASC_NO_MEDIUM, 0);
        else
            atapi_cmd_ok(ch, s);
        return;
    case 0x03:   /* REQUEST SENSE (fixed format) */
        memset(s->buf, 0, 18);
        s->buf[0] = 0x70;
        s->buf[2] = s->sense_key;
        s->buf[7] = 10;
        s->buf[12] = s->asc;
        s->buf[13] = s->ascq;
        s->sense_key = s->asc = s->ascq = 0;
        send_data(ch, s, 18, p[4]);
        return;
    case 0x12:   /* INQUIRY */
        if (p[1] & 1) {      /* EVPD pages are not provided */
            check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        memset(s->buf, 0, 36);
        s->buf[0] = 0x05;    /* CD/DVD device */
        s->buf[1] = 0x80;    /* removable */
        s->buf[2] = 0x00;
        s->buf[3] = 0x21;    /* ATAPI version 2, response data format 1 */
        s->buf[4] = 31;
        memcpy(s->buf + 8, "x86pc   ", 8);
        memcpy(s->buf + 16, "CD-ROM          ", 16);
        memcpy(s->buf + 32, "1.0 ", 4);
        send_data(ch, s, 36, be16(p + 3));
        return;
    case 0x1B:   /* START STOP UNIT: LoEj with Start = 0 ejects */
        if ((p[4] & 3) == 2) {
            if (s->locked) {
                check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_REMOVAL_PREVENTED, 2);
                return;
            }
            s->disk = NULL;  /* the tray opens; the image stays owned by the board */
        }
        atapi_cmd_ok(ch, s);
        return;
    case 0x1E:   /* PREVENT ALLOW MEDIUM REMOVAL */
        s->locked = (p[4] & 1) != 0;
        atapi_cmd_ok(ch, s);
        return;
    case 0x25:   /* READ CAPACITY */
        if (!has_media(s)) {
            check_condition(ch, s, SK_NOT_READY, ASC_NO_MEDIUM, 0);
            return;
        }
        put_be32(s->buf, capacity(s) - 1);
        put_be32(s->buf + 4, CD_SECTOR);
        send_data(ch, s, 8, 8);
        return;
    case 0x28:   /* READ(10) */
    case 0xA8:   /* READ(12) */
        if (!has_media(s)) {
            check_condition(ch, s, SK_NOT_READY, ASC_NO_MEDIUM, 0);
            return;
        }
        cmd_read(ch, s, be32(p + 2), p[0] == 0x28 ? be16(p + 7) : be32(p + 6));
        return;
    case 0x2B:   /* SEEK(10) */
        if (!has_media(s))
            check_condition(ch, s, SK_NOT_READY, ASC_NO_MEDIUM, 0);
        else if (be32(p + 2) >= capacity(s))
            check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
        else
            atapi_cmd_ok(ch, s);
        return;
    case 0x43:   /* READ TOC */
        if (!has_media(s)) {
            check_condition(ch, s, SK_NOT_READY, ASC_NO_MEDIUM, 0);
            return;
        }
        len = build_toc(s, p, &ok);
        if (!ok) {
            check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        send_data(ch, s, len, be16(p + 7));
        return;
    case 0x46:   /* GET CONFIGURATION */
        len = build_config(s, p);
        send_data(ch, s, len, be16(p + 7));
        return;
    case 0x4A:   /* GET EVENT STATUS NOTIFICATION (polled only, media class) */
        if (!(p[1] & 1)) {
            check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        memset(s->buf, 0, 8);
        s->buf[3] = 0x10;                    /* supported classes: media */
        if (p[4] & 0x10) {
            s->buf[1] = 6;
            s->buf[2] = 0x04;                /* media class */
            s->buf[5] = has_media(s) ? 0x02 : 0x00;
            len = 8;
        } else {
            s->buf[1] = 2;
            s->buf[2] = 0x80;                /* no event available */
            len = 4;
        }
        send_data(ch, s, len, be16(p + 7));
        return;
    case 0x5A:   /* MODE SENSE(10) */
        len = build_mode_sense(s, p, &ok);
        if (!ok) {
            check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        send_data(ch, s, len, be16(p + 7));
        return;
    default:
        check_condition(ch, s, SK_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
        return;
    }
}
