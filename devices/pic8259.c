/*
 * pic8259.c - the PC/AT 8259A pair (see pic8259.h).
 *
 * Source: Intel 8259A Programmable Interrupt Controller datasheet
 * (231468): "Interrupt Sequence", "Initialization Command Words",
 * "Operation Command Words", "Fully Nested Mode", "Automatic Rotation",
 * "Specific Rotation", "Special Mask Mode", "Poll Command", "Edge and
 * Level Triggered Modes", "The Special Fully Nest Mode", "Cascade Mode";
 * Intel 82371SB PIIX3 datasheet 2.4.11 (ELCR1/ELCR2).
 */
#include "pic8259.h"

#include <string.h>

#include "board.h"
#include "state.h"

/* ICW1 bits. */
#define ICW1_IC4 0x01u    /* ICW4 needed */
#define ICW1_SNGL 0x02u   /* single (no cascade, no ICW3) */
#define ICW1_LTIM 0x08u   /* level-triggered inputs */
#define ICW1_INIT 0x10u   /* marks ICW1 (port A0=0) */
/* ICW4 bits. */
#define ICW4_AEOI 0x02u
#define ICW4_SFNM 0x10u

/* IRR as the datasheet's request latch presents it: edge-triggered inputs
 * need an armed edge latch and a high level, level-triggered ones a high
 * level. */
static uint8_t chip_irr(const struct pic8259_chip *c)
{
    uint8_t lvl = (c->icw1 & ICW1_LTIM) ? 0xFF : c->elcr;

    return (uint8_t)((c->edge & c->level & ~lvl) | (c->level & lvl));
}

/* Priority rank (0 = highest) of the highest-priority bit set in mask, 8
 * when none: IR (lowest + 1) & 7 has rank 0, IR `lowest` rank 7. */
static int rank(const struct pic8259_chip *c, uint8_t mask)
{
    for (int i = 0; i < 8; i++)
        if (mask & (1u << ((c->lowest + 1 + i) & 7)))
            return i;
    return 8;
}

static int rank_to_ir(const struct pic8259_chip *c, int r)
{
    return (c->lowest + 1 + r) & 7;
}

/* The IR the chip would interrupt for now, or -1: the highest-priority
 * unmasked request that outranks every in-service level (fully nested
 * mode). In special mask mode, masked in-service levels do not block; in
 * special fully nested mode (master) an in-service cascade input does not
 * block further requests from its slave. */
static int chip_pending(const struct pic8259_chip *c)
{
    uint8_t req = (uint8_t)(chip_irr(c) & ~c->imr);
    uint8_t ins = c->isr;
    int r;

    if (!req)
        return -1;
    r = rank(c, req);
    if (c->special_mask)
        ins &= (uint8_t)~c->imr;
    if (!c->is_slave && (c->icw4 & ICW4_SFNM) && !(c->icw1 & ICW1_SNGL))
        ins &= (uint8_t)~c->icw3;
    return r < rank(c, ins) ? rank_to_ir(c, r) : -1;
}

/* Set the input levels of a chip, arming the edge latches of rising edges. */
static void chip_inputs(struct pic8259_chip *c, uint8_t level)
{
    c->edge |= (uint8_t)(level & ~c->level);
    c->level = level;
}

/* Propagate: line levels -> slave -> slave INT -> master IR2 -> master INT
 * -> the CPU's INTR pin. Called after every change. */
static void update(struct pic8259 *p)
{
    struct pic8259_state *s = &p->s;
    uint16_t lines = s->isa_lines | s->pci_lines;
    bool slave_int, out;

    chip_inputs(&s->chip[1], (uint8_t)(lines >> 8));
    slave_int = chip_pending(&s->chip[1]) >= 0;
    chip_inputs(&s->chip[0], (uint8_t)((lines & ~(1u << PIC_CASCADE_IR)) |
                                       (slave_int ? 1u << PIC_CASCADE_IR : 0)));
    out = chip_pending(&s->chip[0]) >= 0;
    if (out != s->int_out) {
        s->int_out = out;
        if (p->int_out)
            p->int_out(p->int_opaque, out);
    }
}

/* First INTA pulse (or poll read) for IR `ir`: the request goes in
 * service (its edge latch is consumed); in AEOI mode the ISR bit is
 * cleared again at the end of the INTA sequence, with rotation when
 * rotate-in-AEOI is set. */
static void chip_ack(struct pic8259_chip *c, int ir)
{
    uint8_t bit = (uint8_t)(1u << ir);

    c->edge &= (uint8_t)~bit;
    if (c->icw4 & ICW4_AEOI) {
        if (c->rotate_aeoi)
            c->lowest = (uint8_t)ir;
    } else {
        c->isr |= bit;
    }
}

/* Vector for IR `ir` (x86 mode: T7-T3 from ICW2, IR in bits 2-0). In the
 * 8080/8085 mode (ICW4 uPM=0) the real chip answers with a CALL; an x86
 * CPU never runs that way, so the same byte is returned. */
static uint8_t chip_vector(const struct pic8259_chip *c, int ir)
{
    return (uint8_t)((c->icw2 & 0xF8u) | (unsigned)ir);
}

uint8_t pic8259_intack(void *opaque)
{
    struct pic8259 *p = opaque;
    struct pic8259_chip *m = &p->s.chip[0], *sl = &p->s.chip[1];
    int ir = chip_pending(m);
    uint8_t vec;

    if (ir < 0) {
        /* The request went away before INTA: default IR7, ISR untouched. */
        vec = chip_vector(m, 7);
    } else {
        chip_ack(m, ir);
        if (!(m->icw1 & ICW1_SNGL) && (m->icw3 & (1u << ir))) {
            /* Cascade: the slave on this input puts out the vector. */
            int sir = chip_pending(sl);
            if (sir < 0) {
                vec = chip_vector(sl, 7); /* spurious IRQ15 (master IR2 in service) */
            } else {
                chip_ack(sl, sir);
                vec = chip_vector(sl, sir);
            }
        } else {
            vec = chip_vector(m, ir);
        }
    }
    update(p);
    return vec;
}

bool pic8259_int_pending(const struct pic8259 *p)
{
    return p->s.int_out;
}

bool pic8259_can_interrupt(const struct pic8259 *p)
{
    const struct pic8259_chip *m = &p->s.chip[0], *sl = &p->s.chip[1];
    uint8_t open = (uint8_t)~m->imr;

    if (!m->icw1 || m->init_step)
        return false;
    if (!sl->icw1 || sl->init_step || sl->imr == 0xFF)
        open &= (uint8_t)~(1u << PIC_CASCADE_IR);
    return open != 0;
}

/* OCW3 poll: the read acts as an INTA for this chip alone. Poll word:
 * bit 7 = a request is pending, bits 2-0 = its IR; 0 when none. */
static uint8_t chip_poll(struct pic8259_chip *c)
{
    int ir = chip_pending(c);

    c->poll = false;
    if (ir < 0)
        return 0;
    chip_ack(c, ir);
    return (uint8_t)(0x80u | (unsigned)ir);
}

/* ICW1: start initialisation. Datasheet: edge-sense latches reset, IMR
 * cleared, IR7 lowest priority, special mask mode off, status read = IRR,
 * ICW4 functions cleared when IC4=0. The in-service register is cleared
 * too (the datasheet is silent; PC software re-initialises the pair
 * expecting no level in service, and QEMU does the same). */
static void chip_icw1(struct pic8259_chip *c, uint8_t v)
{
    c->icw1 = v;
    c->init_step = 2;
    c->imr = 0;
    c->isr = 0;
    c->edge = 0;
    c->lowest = 7;
    c->special_mask = false;
    c->read_isr = false;
    c->poll = false;
    c->rotate_aeoi = false;
    if (!(v & ICW1_IC4))
        c->icw4 = 0;
}

/* OCW2: EOI, rotation and priority commands (R, SL, EOI in bits 7-5). */
static void chip_ocw2(struct pic8259_chip *c, uint8_t v)
{
    int l = v & 7;
    int r;

    switch (v >> 5) {
    case 0: /* 000: clear rotate in AEOI mode */
        c->rotate_aeoi = false;
        break;
    case 4: /* 100: set rotate in AEOI mode */
        c->rotate_aeoi = true;
        break;
    case 1: /* 001: non-specific EOI */
    case 5: /* 101: rotate on non-specific EOI */
        r = rank(c, c->isr);
        if (r < 8) {
            int ir = rank_to_ir(c, r);
            c->isr &= (uint8_t)~(1u << ir);
            if (v & 0x80)
                c->lowest = (uint8_t)ir;
        }
        break;
    case 3: /* 011: specific EOI */
    case 7: /* 111: rotate on specific EOI */
        c->isr &= (uint8_t)~(1u << l);
        if (v & 0x80)
            c->lowest = (uint8_t)l;
        break;
    case 6: /* 110: set priority (L2-L0 becomes the lowest) */
        c->lowest = (uint8_t)l;
        break;
    default: /* 010: no operation */
        break;
    }
}

/* OCW3: ESMM/SMM (bits 6-5), poll (bit 2), RR/RIS (bits 1-0). */
static void chip_ocw3(struct pic8259_chip *c, uint8_t v)
{
    if (v & 0x40)
        c->special_mask = (v & 0x20) != 0;
    if (v & 0x04)
        c->poll = true;
    if (v & 0x02)
        c->read_isr = (v & 0x01) != 0;
}

/* Write to A0=1: the next ICW during initialisation, else OCW1. */
static void chip_write_odd(struct pic8259_chip *c, uint8_t v)
{
    switch (c->init_step) {
    case 2:
        c->icw2 = v;
        if (!(c->icw1 & ICW1_SNGL))
            c->init_step = 3;
        else
            c->init_step = (c->icw1 & ICW1_IC4) ? 4 : 0;
        break;
    case 3:
        c->icw3 = v;
        c->init_step = (c->icw1 & ICW1_IC4) ? 4 : 0;
        break;
    case 4:
        c->icw4 = v;
        c->init_step = 0;
        break;
    default:
        c->imr = v;
        break;
    }
}

uint32_t pic8259_port_read(void *opaque, uint16_t port, int size)
{
    struct pic8259 *p = opaque;
    struct pic8259_chip *c;
    uint8_t v;

    (void)size;
    if (port == PIC_ELCR_BASE || port == PIC_ELCR_BASE + 1)
        return p->s.chip[port & 1].elcr;
    c = &p->s.chip[(port & 0x80) ? 1 : 0];
    if (c->poll) {
        v = chip_poll(c);
        update(p);
        return v;
    }
    if (port & 1)
        return c->imr;
    return c->read_isr ? c->isr : chip_irr(c);
}

void pic8259_port_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct pic8259 *p = opaque;
    struct pic8259_chip *c;
    uint8_t v = (uint8_t)value;

    (void)size;
    if (port == PIC_ELCR_BASE || port == PIC_ELCR_BASE + 1) {
        c = &p->s.chip[port & 1];
        c->elcr = v & c->elcr_mask;
    } else {
        c = &p->s.chip[(port & 0x80) ? 1 : 0];
        if (port & 1)
            chip_write_odd(c, v);
        else if (v & ICW1_INIT)
            chip_icw1(c, v);
        else if (v & 0x08)
            chip_ocw3(c, v);
        else
            chip_ocw2(c, v);
    }
    update(p);
}

/* Map an IRQ number to its line bit: ISA IRQ2 is slave IR1 (IRQ9). */
static uint16_t irq_bit(int irq)
{
    if (irq == 2)
        irq = 9;
    return (uint16_t)(1u << irq);
}

void pic8259_set_irq(void *opaque, int irq, int level)
{
    struct pic8259 *p = opaque;

    if (irq < 0 || irq > 15)
        return;
    if (level)
        p->s.isa_lines |= irq_bit(irq);
    else
        p->s.isa_lines &= (uint16_t)~irq_bit(irq);
    update(p);
}

void pic8259_set_pci_irq(void *opaque, int irq, int level)
{
    struct pic8259 *p = opaque;

    if (irq < 0 || irq > 15)
        return;
    if (level)
        p->s.pci_lines |= irq_bit(irq);
    else
        p->s.pci_lines &= (uint16_t)~irq_bit(irq);
    update(p);
}

/* Power-on state of one chip. */
static void chip_power_on(struct pic8259_chip *c, bool slave)
{
    uint8_t level = c->level;

    memset(c, 0, sizeof(*c));
    c->level = level;
    c->lowest = 7;
    c->is_slave = slave;
    c->elcr_mask = slave ? 0xDE : 0xF8; /* IRQ0, 1, 2, 8, 13 are edge only */
}

void pic8259_reset(struct pic8259 *p)
{
    chip_power_on(&p->s.chip[0], false);
    chip_power_on(&p->s.chip[1], true);
    update(p);
}

void pic8259_setup(struct pic8259 *p, void (*int_out)(void *opaque, int level), void *opaque)
{
    memset(p, 0, sizeof(*p));
    p->int_out = int_out;
    p->int_opaque = opaque;
    pic8259_reset(p);
}

int pic8259_register(struct pic8259 *p, struct board *b)
{
    if (board_register_ports(b, PIC_MASTER_BASE, 2, 1, pic8259_port_read, pic8259_port_write,
                             p, "pic-master") < 0 ||
        board_register_ports(b, PIC_SLAVE_BASE, 2, 1, pic8259_port_read, pic8259_port_write,
                             p, "pic-slave") < 0 ||
        board_register_ports(b, PIC_ELCR_BASE, 2, 1, pic8259_port_read, pic8259_port_write,
                             p, "elcr") < 0)
        return -1;
    return 0;
}

/* --- state record "pic" --- */

static const char *const chip_prefix[2] = { "master.", "slave." };

/* Field name "master.imr" etc. in buf. */
static const char *fname(char *buf, size_t len, int k, const char *field)
{
    size_t pl = strlen(chip_prefix[k]), fl = strlen(field);

    if (pl + fl + 1 > len)
        fl = len - pl - 1;
    memcpy(buf, chip_prefix[k], pl);
    memcpy(buf + pl, field, fl);
    buf[pl + fl] = '\0';
    return buf;
}

void pic8259_save(const struct pic8259 *p, struct state_writer *w)
{
    char n[32];

    state_begin(w, "pic", PIC_STATE_VERSION);
    for (int k = 0; k < 2; k++) {
        const struct pic8259_chip *c = &p->s.chip[k];
        state_put_u8(w, fname(n, sizeof(n), k, "imr"), c->imr);
        state_put_u8(w, fname(n, sizeof(n), k, "isr"), c->isr);
        state_put_u8(w, fname(n, sizeof(n), k, "edge"), c->edge);
        state_put_u8(w, fname(n, sizeof(n), k, "level"), c->level);
        state_put_u8(w, fname(n, sizeof(n), k, "elcr"), c->elcr);
        state_put_u8(w, fname(n, sizeof(n), k, "lowest"), c->lowest);
        state_put_u8(w, fname(n, sizeof(n), k, "icw1"), c->icw1);
        state_put_u8(w, fname(n, sizeof(n), k, "icw2"), c->icw2);
        state_put_u8(w, fname(n, sizeof(n), k, "icw3"), c->icw3);
        state_put_u8(w, fname(n, sizeof(n), k, "icw4"), c->icw4);
        state_put_u8(w, fname(n, sizeof(n), k, "init_step"), c->init_step);
        state_put_bool(w, fname(n, sizeof(n), k, "read_isr"), c->read_isr);
        state_put_bool(w, fname(n, sizeof(n), k, "poll"), c->poll);
        state_put_bool(w, fname(n, sizeof(n), k, "special_mask"), c->special_mask);
        state_put_bool(w, fname(n, sizeof(n), k, "rotate_aeoi"), c->rotate_aeoi);
    }
    state_put_u16(w, "isa_lines", p->s.isa_lines);
    state_put_u16(w, "pci_lines", p->s.pci_lines);
    state_end(w);
}

int pic8259_load(struct pic8259 *p, const void *buf, size_t len)
{
    struct state_reader r;
    struct pic8259_state s;
    char n[32];

    if (state_open(&r, buf, len, "pic") < 0 || r.version > PIC_STATE_VERSION)
        return -1;
    s = p->s;
    for (int k = 0; k < 2; k++) {
        struct pic8259_chip *c = &s.chip[k];
        bool ok = true;
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "imr"), &c->imr);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "isr"), &c->isr);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "edge"), &c->edge);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "level"), &c->level);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "elcr"), &c->elcr);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "lowest"), &c->lowest);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "icw1"), &c->icw1);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "icw2"), &c->icw2);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "icw3"), &c->icw3);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "icw4"), &c->icw4);
        ok &= state_get_u8(&r, fname(n, sizeof(n), k, "init_step"), &c->init_step);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "read_isr"), &c->read_isr);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "poll"), &c->poll);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "special_mask"), &c->special_mask);
        ok &= state_get_bool(&r, fname(n, sizeof(n), k, "rotate_aeoi"), &c->rotate_aeoi);
        if (!ok)
            return -1;
        c->lowest &= 7;
        c->elcr &= c->elcr_mask;
        if (c->init_step != 0 && (c->init_step < 2 || c->init_step > 4))
            c->init_step = 0;
    }
    if (!state_get_u16(&r, "isa_lines", &s.isa_lines) ||
        !state_get_u16(&r, "pci_lines", &s.pci_lines))
        return -1;
    p->s = s;
    update(p);
    /* Report INT afresh: the CPU's INTR pin must follow the loaded state. */
    if (p->int_out)
        p->int_out(p->int_opaque, p->s.int_out);
    return 0;
}
