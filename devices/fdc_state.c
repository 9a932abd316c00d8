/*
 * fdc_state.c - save/restore of the 82077AA model (state.h record
 * "fdc82077", version 1). See fdc82077.h.
 */
#include <stdio.h>

#include "fdc82077_priv.h"
#include "state.h"

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
