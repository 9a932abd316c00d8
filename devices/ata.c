/*
 * ata.c - ATA channel registers, protocols and the hard-disk command set
 * (ATA/ATAPI-6, INCITS 361-2002: 7.x register descriptions, 8.x commands,
 * 9.x protocols): registers, device selection, INTRQ, resets and
 * signatures, command dispatch, the PIO data port. The hard-disk command
 * set is in ata_disk.c, the ATAPI packet commands in ata_atapi.c. See ata.h.
 */
#include "ata_priv.h"

#include <stdio.h>
#include <string.h>

#include "disk.h"
#include "isa.h"


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

/* The 512-byte IDENTIFY (PACKET) DEVICE data is in the buffer: a PIO data-in
 * block, DRQ and INTRQ (ATA/ATAPI-6 9.7 "PIO data-in command protocol"). */
void ata_identify_ready(struct ata_channel *ch, struct ata_device *s)
{
    s->xfer = XFER_PIO_OUT;
    s->data_pos = 0;
    s->data_end = 512;
    s->status = READY | ATA_SR_DRQ;
    ata_set_irq(ch, s);
}

/* End a command successfully: ready, no DRQ; INTRQ. */
void ata_cmd_ok(struct ata_channel *ch, struct ata_device *s)
{
    s->xfer = XFER_NONE;
    s->status = READY;
    ata_set_irq(ch, s);
}

/* End a command with an error (err bits in the error register). */
void ata_cmd_error(struct ata_channel *ch, struct ata_device *s, uint8_t err)
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

void ata_dma_kick(struct ata_channel *ch)
{
    for (int u = 0; u < 2; u++) {
        struct ata_device *s = &ch->dev[u];

        if (s->xfer == XFER_DMA_READ || s->xfer == XFER_DMA_WRITE)
            ata_disk_dma_run(ch, s);
        else if (s->xfer == XFER_DMA_OUT || s->xfer == XFER_DMA_ATAPI_READ)
            atapi_dma_run(ch, s);
    }
}

/* A command for an ATAPI device (ATA/ATAPI-6 6.18.4: only the PACKET
 * command set and a few general commands). */
static void cdrom_command(struct ata_channel *ch, struct ata_device *s, uint8_t cmd)
{
    switch (cmd) {
    case CMD_IDENTIFY_PACKET:
        atapi_identify(s);
        ata_identify_ready(ch, s);
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
        ata_set_features(ch, s);
        return;
    case CMD_CHECK_POWER:
        s->nsector = 0xFF;
        ata_cmd_ok(ch, s);
        return;
    case CMD_IDLE_IMM: case CMD_STANDBY_IMM: case CMD_SLEEP:
        ata_cmd_ok(ch, s);
        return;
    case CMD_IDENTIFY:
        /* An ATAPI device aborts IDENTIFY DEVICE and shows its signature. */
        set_signature(s);
        ata_cmd_error(ch, s, ATA_ER_ABRT);
        return;
    default:
        ata_cmd_error(ch, s, ATA_ER_ABRT);
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
        ata_disk_command(ch, s, cmd);
    else
        cdrom_command(ch, s, cmd);
}

/* The data buffer was used up: continue or finish the transfer. */
static void buffer_done(struct ata_channel *ch, struct ata_device *s)
{
    switch (s->xfer) {
    case XFER_PIO_READ:
    case XFER_PIO_WRITE:
        ata_disk_pio_next(ch, s);
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
