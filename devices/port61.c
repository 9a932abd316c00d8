/*
 * port61.c - System Control Port B, port 0x61 (see port61.h).
 */
#include "port61.h"

#include "board.h"
#include "state.h"
#include "timeline.h"

uint32_t port61_read(void *opaque, uint16_t port, int size)
{
    struct port61 *p = opaque;
    uint8_t v = p->value & 0x0F;

    (void)port; (void)size;
    if (p->tl && (timeline_now(p->tl) / PORT61_REFRESH_NS) & 1)
        v |= 0x10;
    if (p->get_out2 && p->get_out2(p->pit_opaque))
        v |= 0x20;
    return v;
}

void port61_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct port61 *p = opaque;

    (void)port; (void)size;
    p->value = (uint8_t)(value & 0x0F);
    if (p->set_gate2)
        p->set_gate2(p->pit_opaque, (value & 1) != 0);
}

bool port61_speaker_on(const struct port61 *p)
{
    return (p->value & 2) && p->get_out2 && p->get_out2(p->pit_opaque);
}

void port61_reset(struct port61 *p)
{
    port61_write(p, PORT61_PORT, 0, 1);
}

int port61_init(struct port61 *p, struct board *b, struct timeline *tl,
                void (*set_gate2)(void *opaque, bool level), bool (*get_out2)(void *opaque),
                void *pit_opaque)
{
    p->value = 0;
    p->tl = tl;
    p->set_gate2 = set_gate2;
    p->get_out2 = get_out2;
    p->pit_opaque = pit_opaque;
    port61_reset(p);
    if (b && board_register_ports(b, PORT61_PORT, 1, 1, port61_read, port61_write, p,
                                  "port61") < 0)
        return -1;
    return 0;
}

void port61_save(const struct port61 *p, struct state_writer *w)
{
    state_begin(w, "port61", PORT61_STATE_VERSION);
    state_put_u8(w, "value", p->value);
    state_end(w);
}

int port61_load(struct port61 *p, const void *buf, size_t len)
{
    struct state_reader r;
    uint8_t v;

    if (state_open(&r, buf, len, "port61") < 0 || r.version > PORT61_STATE_VERSION ||
        !state_get_u8(&r, "value", &v))
        return -1;
    /* Re-drive the gate: the PIT's record holds the same level. */
    port61_write(p, PORT61_PORT, v, 1);
    return 0;
}
