/*
 * kbc8042.c - PC/AT 8042 keyboard controller (see kbc8042.h for the model
 * and sources).
 */
#include "kbc8042.h"

#include <string.h>

#include "board.h"
#include "isa.h"
#include "state.h"

static void update_irq(struct kbc8042 *k)
{
    bool obf = k->s.status & KBC_STAT_OBF, aux = k->s.status & KBC_STAT_AOBF;
    bool i1 = obf && !aux && (k->s.ccb & KBC_CCB_INT);
    bool i12 = obf && aux && (k->s.ccb & KBC_CCB_INT2);

    if (i1 != k->irq1) {
        k->irq1 = i1;
        if (k->bus)
            isa_irq_set(k->bus, KBC_IRQ_KBD, i1);
    }
    if (i12 != k->irq12) {
        k->irq12 = i12;
        if (k->bus)
            isa_irq_set(k->bus, KBC_IRQ_AUX, i12);
    }
}

/* Fill the empty output buffer: controller responses first, then the
 * keyboard, then the mouse (each only with its interface enabled). */
static void service(struct kbc8042 *k)
{
    struct kbc_state *s = &k->s;

    while (!(s->status & KBC_STAT_OBF)) {
        if (s->cq_count) {
            bool aux = s->cq_aux & (1u << s->cq_head);
            s->ob = s->cq[s->cq_head];
            s->cq_aux &= (uint8_t)~(1u << s->cq_head);
            s->cq_head = (uint8_t)((s->cq_head + 1) % KBC_CQ);
            s->cq_count--;
            s->status |= (uint8_t)(KBC_STAT_OBF | (aux ? KBC_STAT_AOBF : 0));
            if (!aux)
                s->status &= (uint8_t)~KBC_STAT_AOBF;
        } else if (!(s->ccb & KBC_CCB_DIS_KBD) && k->kbd && k->kbd->dev_pending(k->kbd->dev)) {
            uint8_t b = k->kbd->dev_read(k->kbd->dev);
            if (s->ccb & KBC_CCB_XLAT) {
                if (b == 0xF0) {            /* break prefix: folded into bit 7 */
                    s->xlat_break = true;
                    continue;
                }
                b = (uint8_t)(ps2_translate(b) | (s->xlat_break ? 0x80 : 0));
                s->xlat_break = false;
            }
            s->ob = b;
            s->status = (uint8_t)((s->status | KBC_STAT_OBF) & ~KBC_STAT_AOBF);
        } else if (!(s->ccb & KBC_CCB_DIS_AUX) && k->aux && k->aux->dev_pending(k->aux->dev)) {
            s->ob = k->aux->dev_read(k->aux->dev);
            s->status |= KBC_STAT_OBF | KBC_STAT_AOBF;
        } else {
            break;
        }
    }
    update_irq(k);
}

/* Queue a controller response (aux: as if from the auxiliary device). */
static void respond(struct kbc8042 *k, uint8_t v, bool aux)
{
    struct kbc_state *s = &k->s;
    unsigned i;

    if (s->cq_count == KBC_CQ)
        return;  /* a host that never reads: further responses are lost */
    i = (s->cq_head + s->cq_count) % KBC_CQ;
    s->cq[i] = v;
    if (aux)
        s->cq_aux |= (uint8_t)(1u << i);
    else
        s->cq_aux &= (uint8_t)~(1u << i);
    s->cq_count++;
    service(k);
}

void kbc_notify(void *opaque)
{
    service(opaque);
}

/* Output port write: A20 and the reset line. */
static void set_outport(struct kbc8042 *k, uint8_t v)
{
    k->s.outport = v;
    if (k->board)
        board_set_a20(k->board, BOARD_A20_KBC, v & KBC_OUT_A20);
    if (!(v & KBC_OUT_RESET)) {
        k->resets++;
        if (k->board)
            board_request_reset(k->board);
    }
}

static void set_ccb(struct kbc8042 *k, uint8_t v)
{
    k->s.ccb = v;
    k->s.status = (uint8_t)((k->s.status & ~KBC_STAT_SYS) | (v & KBC_CCB_SYS));
    service(k);
}

static uint8_t outport_value(const struct kbc8042 *k)
{
    return (uint8_t)((k->s.outport & ~(KBC_OUT_IRQ1 | KBC_OUT_IRQ12)) |
                     (k->irq1 ? KBC_OUT_IRQ1 : 0) | (k->irq12 ? KBC_OUT_IRQ12 : 0));
}

void kbc_write_command(struct kbc8042 *k, uint8_t v)
{
    struct kbc_state *s = &k->s;

    s->status |= KBC_STAT_A2;
    s->pending = 0;
    if (v >= 0x20 && v <= 0x3F) {           /* read controller RAM */
        respond(k, v == 0x20 ? s->ccb : s->ram[v & 0x1F], false);
        return;
    }
    if ((v >= 0x60 && v <= 0x7F) || v == 0xD1 || v == 0xD2 || v == 0xD3 || v == 0xD4) {
        s->pending = v;                     /* data byte follows on port 0x60 */
        return;
    }
    if (v >= 0xF0) {                        /* pulse output port bits 3-0 low */
        if (!(v & 1)) {
            k->resets++;
            if (k->board)
                board_request_reset(k->board);
        }
        return;
    }
    switch (v) {
    case 0xA4: respond(k, 0xF1, false); break;           /* no password installed */
    case 0xA7: set_ccb(k, s->ccb | KBC_CCB_DIS_AUX); break;
    case 0xA8: set_ccb(k, s->ccb & (uint8_t)~KBC_CCB_DIS_AUX); break;
    case 0xA9: respond(k, 0x00, false); break;           /* aux interface test: OK */
    case 0xAA:                                           /* self test */
        s->status |= KBC_STAT_SYS;
        respond(k, 0x55, false);
        break;
    case 0xAB: respond(k, 0x00, false); break;           /* keyboard interface test: OK */
    case 0xAD: set_ccb(k, s->ccb | KBC_CCB_DIS_KBD); break;
    case 0xAE: set_ccb(k, s->ccb & (uint8_t)~KBC_CCB_DIS_KBD); break;
    case 0xC0: respond(k, 0xA0, false); break;           /* input port: unlocked, colour, no jumper */
    case 0xD0: respond(k, outport_value(k), false); break;
    case 0xDD: set_outport(k, s->outport & (uint8_t)~KBC_OUT_A20); break;
    case 0xDF: set_outport(k, s->outport | KBC_OUT_A20); break;
    case 0xE0: respond(k, 0x00, false); break;           /* test inputs: clock/data low */
    default: break;                                      /* not implemented by the firmware: ignored */
    }
}

void kbc_write_data(struct kbc8042 *k, uint8_t v)
{
    struct kbc_state *s = &k->s;
    uint8_t cmd = s->pending;

    s->status &= (uint8_t)~KBC_STAT_A2;
    s->pending = 0;
    if (cmd >= 0x60 && cmd <= 0x7F) {
        if (cmd == 0x60)
            set_ccb(k, v);
        else
            s->ram[cmd & 0x1F] = v;
        return;
    }
    switch (cmd) {
    case 0xD1:
        set_outport(k, v);
        break;
    case 0xD2:
        respond(k, v, false);
        break;
    case 0xD3:
        respond(k, v, true);
        break;
    case 0xD4:
        s->ccb &= (uint8_t)~KBC_CCB_DIS_AUX;
        if (k->aux)
            k->aux->dev_write(k->aux->dev, v);
        service(k);
        break;
    default:
        s->ccb &= (uint8_t)~KBC_CCB_DIS_KBD;
        if (k->kbd)
            k->kbd->dev_write(k->kbd->dev, v);
        service(k);
        break;
    }
}

uint8_t kbc_read_data(struct kbc8042 *k)
{
    uint8_t v = k->s.ob;

    k->s.status &= (uint8_t)~(KBC_STAT_OBF | KBC_STAT_AOBF);
    update_irq(k);       /* the line drops; a refill below raises a new edge */
    service(k);
    return v;
}

uint8_t kbc_read_status(struct kbc8042 *k)
{
    return k->s.status;
}

static uint32_t kbc_port_read(void *opaque, uint16_t port, int size)
{
    (void)size;
    return port == KBC_PORT_DATA ? kbc_read_data(opaque) : kbc_read_status(opaque);
}

static void kbc_port_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    (void)size;
    if (port == KBC_PORT_DATA)
        kbc_write_data(opaque, (uint8_t)value);
    else
        kbc_write_command(opaque, (uint8_t)value);
}

void kbc_reset(struct kbc8042 *k)
{
    memset(&k->s, 0, sizeof(k->s));
    k->s.status = KBC_STAT_A2 | KBC_STAT_UNLOCKED;
    k->s.ccb = KBC_CCB_INT | KBC_CCB_INT2 | KBC_CCB_XLAT;
    k->irq1 = k->irq12 = false;
    if (k->bus) {
        isa_irq_set(k->bus, KBC_IRQ_KBD, 0);
        isa_irq_set(k->bus, KBC_IRQ_AUX, 0);
    }
    set_outport(k, 0xCF);   /* not in reset, A20 on, clock/data high */
    service(k);
}

int kbc_init(struct kbc8042 *k, struct board *b, struct isa_bus *bus,
             struct ps2_link *kbd, struct ps2_link *aux)
{
    memset(k, 0, sizeof(*k));
    k->board = b;
    k->bus = bus;
    k->kbd = kbd;
    k->aux = aux;
    if (kbd) {
        kbd->notify = kbc_notify;
        kbd->ctrl = k;
    }
    if (aux) {
        aux->notify = kbc_notify;
        aux->ctrl = k;
    }
    kbc_reset(k);
    if (!b)
        return 0;
    if (board_register_ports(b, KBC_PORT_DATA, 1, 1, kbc_port_read, kbc_port_write, k, "kbc") < 0)
        return -1;
    return board_register_ports(b, KBC_PORT_CMD, 1, 1, kbc_port_read, kbc_port_write, k, "kbc");
}

#define KBC_U8(X) X(status) X(ccb) X(outport) X(ob) X(pending) X(cq_aux) X(cq_head) X(cq_count)

int kbc_save(const struct kbc8042 *k, struct state_writer *w, const char *name)
{
    const struct kbc_state *s = &k->s;

    state_begin(w, name, 1);
#define X(f) state_put_u8(w, #f, s->f);
    KBC_U8(X)
#undef X
    state_put_bool(w, "xlat_break", s->xlat_break);
    state_put_bytes(w, "ram", s->ram, sizeof(s->ram));
    state_put_bytes(w, "cq", s->cq, sizeof(s->cq));
    return state_end(w);
}

int kbc_load(struct kbc8042 *k, const void *buf, size_t len, const char *name)
{
    struct kbc_state *s = &k->s;
    struct state_reader r;

    if (state_open(&r, buf, len, name) < 0 || r.version > 1)
        return -1;
#define X(f) state_get_u8(&r, #f, &s->f);
    KBC_U8(X)
#undef X
    state_get_bool(&r, "xlat_break", &s->xlat_break);
    state_get_bytes(&r, "ram", s->ram, sizeof(s->ram));
    state_get_bytes(&r, "cq", s->cq, sizeof(s->cq));
    s->cq_head %= KBC_CQ;
    if (s->cq_count > KBC_CQ) s->cq_count = KBC_CQ;
    if (k->board)
        board_set_a20(k->board, BOARD_A20_KBC, s->outport & KBC_OUT_A20);
    update_irq(k);
    return 0;
}
