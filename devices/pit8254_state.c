/*
 * pit8254_state.c - the 8254's "pit" state record (see pit8254.h): every
 * field of struct pit8254_state by name, validated on load so the closed
 * forms in pit8254.c stay well defined whatever the record holds.
 */
#include "pit8254.h"

#include <stdio.h>

#include "state.h"

/* --- state record "pit" --- */

/* "chK.field" in buf. */
static const char *fname(char *buf, size_t len, int k, const char *field)
{
    snprintf(buf, len, "ch%d.%s", k, field);
    return buf;
}

void pit8254_save(const struct pit8254 *p, struct state_writer *w)
{
    char n[40];

    state_begin(w, "pit", PIT_STATE_VERSION);
    for (int k = 0; k < 3; k++) {
        const struct pit_channel *c = &p->s.ch[k];
        state_put_u8(w, fname(n, sizeof(n), k, "mode"), c->mode);
        state_put_u8(w, fname(n, sizeof(n), k, "rw"), c->rw);
        state_put_bool(w, fname(n, sizeof(n), k, "bcd"), c->bcd);
        state_put_u16(w, fname(n, sizeof(n), k, "cr"), c->cr);
        state_put_u8(w, fname(n, sizeof(n), k, "cr_lsb"), c->cr_lsb);
        state_put_bool(w, fname(n, sizeof(n), k, "write_msb"), c->write_msb);
        state_put_bool(w, fname(n, sizeof(n), k, "read_msb"), c->read_msb);
        state_put_bool(w, fname(n, sizeof(n), k, "count_latched"), c->count_latched);
        state_put_u16(w, fname(n, sizeof(n), k, "latch"), c->latch);
        state_put_bool(w, fname(n, sizeof(n), k, "status_latched"), c->status_latched);
        state_put_u8(w, fname(n, sizeof(n), k, "status"), c->status);
        state_put_bool(w, fname(n, sizeof(n), k, "gate"), c->gate);
        state_put_u8(w, fname(n, sizeof(n), k, "phase"), c->phase);
        state_put_u32(w, fname(n, sizeof(n), k, "n"), c->n);
        state_put_u64(w, fname(n, sizeof(n), k, "anchor"), c->anchor);
        state_put_u64(w, fname(n, sizeof(n), k, "done"), c->done);
        state_put_bool(w, fname(n, sizeof(n), k, "anchor_out"), c->anchor_out);
        state_put_u32(w, fname(n, sizeof(n), k, "next_n"), c->next_n);
        state_put_u64(w, fname(n, sizeof(n), k, "next_at"), c->next_at);
        state_put_bool(w, fname(n, sizeof(n), k, "next_out"), c->next_out);
        state_put_u64(w, fname(n, sizeof(n), k, "null_until"), c->null_until);
        state_put_u32(w, fname(n, sizeof(n), k, "held"), c->held);
        state_put_bool(w, fname(n, sizeof(n), k, "idle_out"), c->idle_out);
        state_put_u8(w, fname(n, sizeof(n), k, "ctrl"), c->ctrl);
        state_put_bool(w, fname(n, sizeof(n), k, "have_count"), c->have_count);
    }
    state_put_bool(w, "irq0", p->s.irq0);
    state_put_u64(w, "next_tick0", p->s.next_tick0);
    state_end(w);
}

int pit8254_load(struct pit8254 *p, const void *buf, size_t len)
{
    struct state_reader r;
    struct pit8254_state s;
    char n[40];
    bool ok = true;

    if (state_open(&r, buf, len, "pit") < 0 || r.version > PIT_STATE_VERSION)
        return -1;
    s = p->s;
    for (int k = 0; k < 3; k++) {
        struct pit_channel *c = &s.ch[k];
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "mode"), &c->mode);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "rw"), &c->rw);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "bcd"), &c->bcd);
        ok &= state_get_u16(&r, fname(n, sizeof(n), k, "cr"), &c->cr);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "cr_lsb"), &c->cr_lsb);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "write_msb"), &c->write_msb);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "read_msb"), &c->read_msb);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "count_latched"), &c->count_latched);
        ok &= state_get_u16(&r, fname(n, sizeof(n), k, "latch"), &c->latch);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "status_latched"), &c->status_latched);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "status"), &c->status);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "gate"), &c->gate);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "phase"), &c->phase);
        ok &= state_get_u32(&r, fname(n, sizeof(n), k, "n"), &c->n);
        ok &= state_get_u64(&r, fname(n, sizeof(n), k, "anchor"), &c->anchor);
        ok &= state_get_u64(&r, fname(n, sizeof(n), k, "done"), &c->done);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "anchor_out"), &c->anchor_out);
        ok &= state_get_u32(&r, fname(n, sizeof(n), k, "next_n"), &c->next_n);
        ok &= state_get_u64(&r, fname(n, sizeof(n), k, "next_at"), &c->next_at);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "next_out"), &c->next_out);
        ok &= state_get_u64(&r, fname(n, sizeof(n), k, "null_until"), &c->null_until);
        ok &= state_get_u32(&r, fname(n, sizeof(n), k, "held"), &c->held);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "idle_out"), &c->idle_out);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "ctrl"), &c->ctrl);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "have_count"), &c->have_count);
        /* Never trust a record: keep the closed forms well defined. */
        if (c->mode > 5 || c->rw < 1 || c->rw > 3 || c->phase > PIT_SUSPENDED ||
            (c->phase != PIT_IDLE && c->n < 1) || c->n > 65536u || c->next_n > 65536u ||
            (c->next_at && !c->next_n))
            ok = false;
    }
    ok &= state_get_bool(&r, "irq0", &s.irq0);
    ok &= state_get_u64(&r, "next_tick0", &s.next_tick0);
    if (!ok)
        return -1;
    p->s = s;
    pit8254_resync(p);
    return 0;
}
