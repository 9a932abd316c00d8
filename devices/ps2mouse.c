/*
 * ps2mouse.c - PS/2 mouse with IntelliMouse extensions (see ps2mouse.h).
 */
#include "ps2mouse.h"

#include <string.h>

#include "state.h"

static void notify(struct ps2mouse *m)
{
    if (m->link && m->link->notify)
        m->link->notify(m->link->ctrl);
}

static void put(struct ps2mouse *m, uint8_t b)
{
    struct ps2mouse_state *s = &m->s;

    if (s->q_count == PS2MOUSE_QUEUE) {
        s->q_head = (uint8_t)((s->q_head + 1) % PS2MOUSE_QUEUE);
        s->q_count--;
    }
    s->q[(s->q_head + s->q_count) % PS2MOUSE_QUEUE] = b;
    s->q_count++;
}

static void reply(struct ps2mouse *m, uint8_t b)
{
    put(m, b);
    m->s.last_sent = b;
}

static unsigned packet_size(const struct ps2mouse *m) { return m->s.id ? 4 : 3; }

/* 2:1 scaling (IBM table): |d| 0..5 -> 0 1 1 3 6 9, beyond: 2d. */
static int32_t scale21(int32_t d)
{
    static const int8_t t[6] = { 0, 1, 1, 3, 6, 9 };
    int32_t a = d < 0 ? -d : d;
    int32_t v = a <= 5 ? t[a] : 2 * a;

    return d < 0 ? -v : v;
}

static int32_t clamp(int32_t v, int32_t lo, int32_t hi, bool *ovf)
{
    if (v < lo) { *ovf = true; return lo; }
    if (v > hi) { *ovf = true; return hi; }
    return v;
}

/* Queue one packet from the accumulated movement. In stream mode
 * (`split`) at most the 9-bit range is taken and the rest kept for the
 * next packet; a read-data (EB) packet takes all, with the overflow bits
 * set when it does not fit, and the counters restart from zero. */
static void send_packet(struct ps2mouse *m, bool split, bool scaled)
{
    struct ps2mouse_state *s = &m->s;
    bool xo = false, yo = false, zo = false;
    int32_t dx = clamp(s->dx, -256, 255, &xo), dy = clamp(s->dy, -256, 255, &yo);
    int32_t dz = clamp(s->dz, -8, 7, &zo);
    int32_t ox = dx, oy = dy;
    uint8_t b0;

    if (scaled && s->scaling21) {
        ox = clamp(scale21(dx), -256, 255, &xo);
        oy = clamp(scale21(dy), -256, 255, &yo);
    }
    if (split) {
        s->dx -= dx;
        s->dy -= dy;
        s->dz -= dz;
        xo = yo = false;
    } else {
        s->dx = s->dy = s->dz = 0;
    }
    b0 = (uint8_t)(0x08 | (s->buttons & 7) | (ox < 0 ? 0x10 : 0) | (oy < 0 ? 0x20 : 0) |
                   (xo ? 0x40 : 0) | (yo ? 0x80 : 0));
    put(m, b0);
    put(m, (uint8_t)ox);
    put(m, (uint8_t)oy);
    if (s->id == 3)
        put(m, (uint8_t)dz);
    else if (s->id == 4)
        put(m, (uint8_t)((dz & 0x0F) | ((s->buttons & PS2MOUSE_BUTTON4) ? 0x10 : 0) |
                         ((s->buttons & PS2MOUSE_BUTTON5) ? 0x20 : 0)));
    s->last_sent = s->q[(s->q_head + s->q_count - 1) % PS2MOUSE_QUEUE];
    s->buttons_changed = false;
}

/* Stream mode: report what is pending while there is room. */
static void stream(struct ps2mouse *m)
{
    struct ps2mouse_state *s = &m->s;
    bool sent = false;

    if (!s->enabled || s->remote || s->wrap)
        return;
    while ((s->dx || s->dy || s->dz || s->buttons_changed) &&
           (unsigned)(PS2MOUSE_QUEUE - s->q_count) >= packet_size(m)) {
        send_packet(m, true, true);
        sent = true;
    }
    if (sent)
        notify(m);
}

void ps2mouse_move(struct ps2mouse *m, int dx, int dy, int dz, unsigned buttons)
{
    struct ps2mouse_state *s = &m->s;
    const int32_t lim = 1 << 20;   /* keep the counters bounded */

    s->dx += dx;
    s->dy -= dy;                   /* PS/2: up is positive */
    s->dz += dz;
    if (s->dx > lim) s->dx = lim;
    if (s->dx < -lim) s->dx = -lim;
    if (s->dy > lim) s->dy = lim;
    if (s->dy < -lim) s->dy = -lim;
    if (s->dz > lim) s->dz = lim;
    if (s->dz < -lim) s->dz = -lim;
    if (s->id == 0)
        s->dz = 0;                 /* a plain PS/2 mouse has no wheel */
    if ((buttons & 0x1F) != s->buttons) {
        s->buttons = (uint8_t)(buttons & 0x1F);
        s->buttons_changed = true;
    }
    if (!s->enabled || s->remote) {
        if (!s->remote)
            s->dx = s->dy = s->dz = 0;   /* disabled stream mode: nothing accumulates */
        return;
    }
    stream(m);
}

static void set_defaults(struct ps2mouse *m)
{
    struct ps2mouse_state *s = &m->s;

    s->rate = 100;
    s->resolution = 2;
    s->scaling21 = false;
    s->remote = false;
    s->enabled = false;
    s->dx = s->dy = s->dz = 0;
}

static void clear_queue(struct ps2mouse *m)
{
    m->s.q_head = m->s.q_count = 0;
}

void ps2mouse_write(void *opaque, uint8_t b)
{
    struct ps2mouse *m = opaque;
    struct ps2mouse_state *s = &m->s;
    uint8_t cmd = s->pending_cmd;

    s->pending_cmd = 0;
    if (cmd) {                          /* parameter of E8 or F3 */
        if (cmd == 0xE8) {
            if (b > 3) {
                reply(m, PS2_RESEND);
                goto out;
            }
            s->resolution = b;
        } else {
            s->rate = b;
            s->last_rates[0] = s->last_rates[1];
            s->last_rates[1] = s->last_rates[2];
            s->last_rates[2] = b;
            if (s->last_rates[0] == 200 && s->last_rates[1] == 100 && s->last_rates[2] == 80 &&
                s->id == 0)
                s->id = 3;
            else if (s->last_rates[0] == 200 && s->last_rates[1] == 200 &&
                     s->last_rates[2] == 80 && s->id == 3)
                s->id = 4;
        }
        reply(m, PS2_ACK);
        goto out;
    }
    if (s->wrap && b != 0xEC && b != 0xFF) {
        reply(m, b);                    /* wrap mode echoes */
        goto out;
    }
    switch (b) {
    case 0xE6:
        s->scaling21 = false;
        reply(m, PS2_ACK);
        break;
    case 0xE7:
        s->scaling21 = true;
        reply(m, PS2_ACK);
        break;
    case 0xE8: case 0xF3:
        s->pending_cmd = b;
        reply(m, PS2_ACK);
        break;
    case 0xE9:
        reply(m, PS2_ACK);
        put(m, (uint8_t)((s->remote ? 0x40 : 0) | (s->enabled ? 0x20 : 0) |
                         (s->scaling21 ? 0x10 : 0) | ((s->buttons & PS2MOUSE_LEFT) ? 0x04 : 0) |
                         ((s->buttons & PS2MOUSE_MIDDLE) ? 0x02 : 0) |
                         ((s->buttons & PS2MOUSE_RIGHT) ? 0x01 : 0)));
        put(m, s->resolution);
        put(m, s->rate);
        s->last_sent = s->rate;
        break;
    case 0xEA:
        s->remote = false;
        s->dx = s->dy = s->dz = 0;
        reply(m, PS2_ACK);
        break;
    case 0xEB:
        reply(m, PS2_ACK);
        send_packet(m, false, false);
        break;
    case 0xEC:
        s->wrap = false;
        reply(m, PS2_ACK);
        break;
    case 0xEE:
        s->wrap = true;
        s->dx = s->dy = s->dz = 0;
        reply(m, PS2_ACK);
        break;
    case 0xF0:
        s->remote = true;
        s->dx = s->dy = s->dz = 0;
        reply(m, PS2_ACK);
        break;
    case 0xF2:
        reply(m, PS2_ACK);
        put(m, s->id);
        s->last_sent = s->id;
        break;
    case 0xF4:
        s->enabled = true;
        s->dx = s->dy = s->dz = 0;
        reply(m, PS2_ACK);
        break;
    case 0xF5:
        s->enabled = false;
        reply(m, PS2_ACK);
        break;
    case 0xF6:
        set_defaults(m);
        reply(m, PS2_ACK);
        break;
    case 0xFE:
        put(m, s->last_sent);
        break;
    case 0xFF:
        clear_queue(m);
        set_defaults(m);
        s->wrap = false;
        s->id = 0;
        memset(s->last_rates, 0, sizeof(s->last_rates));
        reply(m, PS2_ACK);
        put(m, PS2_BAT_OK);
        put(m, 0x00);           /* device ID */
        s->last_sent = 0x00;
        break;
    default:
        reply(m, PS2_RESEND);
        break;
    }
out:
    notify(m);
}

bool ps2mouse_pending(void *opaque)
{
    struct ps2mouse *m = opaque;

    return m->s.q_count > 0;
}

uint8_t ps2mouse_read(void *opaque)
{
    struct ps2mouse *m = opaque;
    struct ps2mouse_state *s = &m->s;
    uint8_t b;

    if (!s->q_count)
        return s->last_sent;
    b = s->q[s->q_head];
    s->q_head = (uint8_t)((s->q_head + 1) % PS2MOUSE_QUEUE);
    s->q_count--;
    if (s->q_count == 0)
        stream(m);   /* movement held back by a full buffer */
    return b;
}

void ps2mouse_reset(struct ps2mouse *m)
{
    memset(&m->s, 0, sizeof(m->s));
    set_defaults(m);
}

void ps2mouse_init(struct ps2mouse *m, struct ps2_link *link)
{
    memset(m, 0, sizeof(*m));
    m->link = link;
    ps2mouse_reset(m);
}

#define MOUSE_U8(X) X(q_head) X(q_count) X(pending_cmd) X(rate) X(resolution) X(id) \
    X(last_sent) X(buttons)
#define MOUSE_BOOL(X) X(scaling21) X(remote) X(wrap) X(enabled) X(buttons_changed)

int ps2mouse_save(const struct ps2mouse *m, struct state_writer *w, const char *name)
{
    const struct ps2mouse_state *s = &m->s;

    state_begin(w, name, 1);
    state_put_bytes(w, "q", s->q, PS2MOUSE_QUEUE);
#define X(f) state_put_u8(w, #f, s->f);
    MOUSE_U8(X)
#undef X
#define X(f) state_put_bool(w, #f, s->f);
    MOUSE_BOOL(X)
#undef X
    state_put_bytes(w, "last_rates", s->last_rates, 3);
    state_put_u32(w, "dx", (uint32_t)s->dx);
    state_put_u32(w, "dy", (uint32_t)s->dy);
    state_put_u32(w, "dz", (uint32_t)s->dz);
    return state_end(w);
}

int ps2mouse_load(struct ps2mouse *m, const void *buf, size_t len, const char *name)
{
    struct ps2mouse_state *s = &m->s;
    struct state_reader r;
    uint32_t v;

    if (state_open(&r, buf, len, name) < 0 || r.version > 1)
        return -1;
    state_get_bytes(&r, "q", s->q, PS2MOUSE_QUEUE);
#define X(f) state_get_u8(&r, #f, &s->f);
    MOUSE_U8(X)
#undef X
#define X(f) state_get_bool(&r, #f, &s->f);
    MOUSE_BOOL(X)
#undef X
    state_get_bytes(&r, "last_rates", s->last_rates, 3);
    if (state_get_u32(&r, "dx", &v)) s->dx = (int32_t)v;
    if (state_get_u32(&r, "dy", &v)) s->dy = (int32_t)v;
    if (state_get_u32(&r, "dz", &v)) s->dz = (int32_t)v;
    s->q_head %= PS2MOUSE_QUEUE;
    if (s->q_count > PS2MOUSE_QUEUE) s->q_count = PS2MOUSE_QUEUE;
    if (s->id != 3 && s->id != 4) s->id = 0;
    return 0;
}
