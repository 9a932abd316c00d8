/*
 * ata_state.c - save/restore of an ATA channel (both devices' registers,
 * settings, transfer position and data buffer) into the caller's open
 * state.h record, with field names prefixed by `prefix` (e.g. "ch0.").
 */
#include <stdio.h>
#include <string.h>

#include "ata_priv.h"
#include "state.h"

#define DEV_U8_FIELDS(X) X(feature) X(nsector) X(sector) X(lcyl) X(hcyl) X(hob_feature) \
    X(hob_nsector) X(hob_sector) X(hob_lcyl) X(hob_hcyl) X(select) X(status) X(error) \
    X(command) X(mult) X(xfer_mode) X(sense_key) X(asc) X(ascq)
#define DEV_U16_FIELDS(X) X(cur_cyls) X(cur_heads) X(cur_secs) X(byte_limit)
#define DEV_U32_FIELDS(X) X(remaining) X(block) X(data_pos) X(data_end) X(atapi_total)
#define DEV_BOOL_FIELDS(X) X(write_cache) X(lba48) X(locked) X(media_changed) X(irq)

/* Field name "<prefix>d<unit>.<field>". */
static const char *fname(char *n, size_t len, const char *prefix, int u, const char *field)
{
    snprintf(n, len, "%sd%d.%s", prefix, u, field);
    return n;
}

void ata_channel_save(const struct ata_channel *ch, struct state_writer *w, const char *prefix)
{
    char n[64];

    snprintf(n, sizeof(n), "%sdevctl", prefix);
    state_put_u8(w, n, ch->devctl);
    snprintf(n, sizeof(n), "%scur", prefix);
    state_put_u8(w, n, (uint8_t)ch->cur);
    snprintf(n, sizeof(n), "%sirq_level", prefix);
    state_put_bool(w, n, ch->irq_level);
    for (int u = 0; u < 2; u++) {
        const struct ata_device *s = &ch->dev[u];

#define X(f) state_put_u8(w, fname(n, sizeof(n), prefix, u, #f), s->f);
        DEV_U8_FIELDS(X)
#undef X
#define X(f) state_put_u16(w, fname(n, sizeof(n), prefix, u, #f), s->f);
        DEV_U16_FIELDS(X)
#undef X
#define X(f) state_put_u32(w, fname(n, sizeof(n), prefix, u, #f), s->f);
        DEV_U32_FIELDS(X)
#undef X
#define X(f) state_put_bool(w, fname(n, sizeof(n), prefix, u, #f), s->f);
        DEV_BOOL_FIELDS(X)
#undef X
        state_put_u8(w, fname(n, sizeof(n), prefix, u, "xfer"), (uint8_t)s->xfer);
        state_put_u64(w, fname(n, sizeof(n), prefix, u, "lba"), s->lba);
        state_put_bytes(w, fname(n, sizeof(n), prefix, u, "packet"), s->packet,
                        sizeof(s->packet));
        state_put_bytes(w, fname(n, sizeof(n), prefix, u, "buf"), s->buf, sizeof(s->buf));
    }
}

void ata_channel_load(struct ata_channel *ch, const struct state_reader *r, const char *prefix)
{
    char n[64];
    uint8_t cur = (uint8_t)ch->cur;

    snprintf(n, sizeof(n), "%sdevctl", prefix);
    state_get_u8(r, n, &ch->devctl);
    snprintf(n, sizeof(n), "%scur", prefix);
    state_get_u8(r, n, &cur);
    ch->cur = cur & 1;
    snprintf(n, sizeof(n), "%sirq_level", prefix);
    state_get_bool(r, n, &ch->irq_level);
    for (int u = 0; u < 2; u++) {
        struct ata_device *s = &ch->dev[u];
        uint8_t xfer = (uint8_t)s->xfer;

#define X(f) state_get_u8(r, fname(n, sizeof(n), prefix, u, #f), &s->f);
        DEV_U8_FIELDS(X)
#undef X
#define X(f) state_get_u16(r, fname(n, sizeof(n), prefix, u, #f), &s->f);
        DEV_U16_FIELDS(X)
#undef X
#define X(f) state_get_u32(r, fname(n, sizeof(n), prefix, u, #f), &s->f);
        DEV_U32_FIELDS(X)
#undef X
#define X(f) state_get_bool(r, fname(n, sizeof(n), prefix, u, #f), &s->f);
        DEV_BOOL_FIELDS(X)
#undef X
        state_get_u8(r, fname(n, sizeof(n), prefix, u, "xfer"), &xfer);
        s->xfer = xfer <= XFER_DMA_ATAPI_READ ? (enum ata_xfer)xfer : XFER_NONE;
        state_get_u64(r, fname(n, sizeof(n), prefix, u, "lba"), &s->lba);
        state_get_bytes(r, fname(n, sizeof(n), prefix, u, "packet"), s->packet,
                        sizeof(s->packet));
        state_get_bytes(r, fname(n, sizeof(n), prefix, u, "buf"), s->buf, sizeof(s->buf));
        /* Never trust the record: the data window stays inside buf, and a
         * CHS geometry never divides by zero. */
        if (s->data_end > ATA_BUF_SIZE) s->data_end = ATA_BUF_SIZE;
        if (s->data_pos > s->data_end) s->data_pos = s->data_end;
        if (s->atapi_total > ATA_BUF_SIZE) s->atapi_total = ATA_BUF_SIZE;
        if (s->block == 0 || s->block > ATA_MAX_MULT) s->block = 1;
        if (s->mult > ATA_MAX_MULT) s->mult = 0;
        if (!s->cur_heads || !s->cur_secs) {
            s->cur_heads = s->heads;
            s->cur_secs = s->secs;
            s->cur_cyls = s->cyls;
        }
    }
}
