/*
 * pit8254.c - Intel 8254 programmable interval timer (see pit8254.h).
 *
 * Source: Intel 8254 Programmable Interval Timer datasheet (231164):
 * "Control Word Format", "Write Operations", "Read Operations" (counter
 * latch command, read-back command, status byte, null count), "Mode
 * Definitions" (modes 0-5, figures 11-16) and table 3 "Gate Pin
 * Operations Summary".
 *
 * Each counter is evaluated in closed form at an input-clock tick (see
 * eval()); the state changes only on port accesses, GATE changes and, for
 * counter 0, the timer at its next OUT transition.
 */
#include "pit8254.h"

#include <string.h>

#include "board.h"
#include "isa.h"

#define TICK_NEVER UINT64_MAX

uint64_t pit8254_ns_to_tick(uint64_t ns)
{
    return (uint64_t)(((unsigned __int128)ns * PIT_HZ) / 1000000000u);
}

uint64_t pit8254_tick_to_ns(uint64_t tick)
{
    unsigned __int128 ns = ((unsigned __int128)tick * 1000000000u + PIT_HZ - 1) / PIT_HZ;

    return ns >= TIMELINE_NEVER ? TIMELINE_NEVER - 1 : (uint64_t)ns;
}

/* The present tick (0 without a timeline). */
static uint64_t now_tick(const struct pit8254 *p)
{
    return p->tl ? pit8254_ns_to_tick(timeline_now(p->tl)) : 0;
}

/* Count register value -> effective initial count: 0 means 65536 in
 * binary and 10000 in BCD (datasheet: "the maximum count"). */
static uint32_t effective(const struct pit_channel *c, uint16_t cr)
{
    uint32_t v;

    if (!c->bcd)
        return cr ? cr : 65536u;
    v = ((cr >> 12) & 15u) * 1000u + ((cr >> 8) & 15u) * 100u + ((cr >> 4) & 15u) * 10u +
        (cr & 15u);
    return v ? v : 10000u;
}

/* The counting element as the read logic shows it: modulo 65536 (binary)
 * or 10000 (four BCD digits). */
static uint16_t display(const struct pit_channel *c, uint32_t v)
{
    if (!c->bcd)
        return (uint16_t)v;
    v %= 10000u;
    return (uint16_t)((v / 1000u) << 12 | (v / 100u % 10u) << 8 | (v / 10u % 10u) << 4 | v % 10u);
}

/* n - e modulo the counter's range (modes 0, 1, 4, 5 keep counting down
 * past zero: 0xFFFF / 9999 follow 0). */
static uint32_t count_down(const struct pit_channel *c, uint32_t n, uint64_t e)
{
    uint64_t m = c->bcd ? 10000u : 65536u;

    return (uint32_t)((n % m + m - e % m) % m);
}

/* What a counter shows at a tick. */
struct pit_view {
    uint32_t ce;     /* counting element, 1..65536 or 0.. (before display()) */
    bool out;        /* OUT pin */
    uint64_t next;   /* next tick > t at which OUT changes, TICK_NEVER if none */
};

/* Modes 2/3: a new count written while counting takes effect at next_at. */
static void apply_pending(struct pit_channel *c, uint64_t t)
{
    if (c->phase == PIT_RUN && c->next_at && t >= c->next_at) {
        c->anchor = c->next_at;
        c->n = c->next_n;
        c->anchor_out = c->next_out;
        c->next_at = 0;
    }
}

/* Evaluate counter c at tick t (t >= every tick at which its state was
 * last changed). */
static void eval(struct pit_channel *c, uint64_t t, struct pit_view *v)
{
    uint64_t e, tt, pos, p, hi, lo, rem;

    v->next = TICK_NEVER;
    apply_pending(c, t);
    if (c->phase == PIT_IDLE) {
        v->ce = c->held;
        v->out = c->idle_out;
        return;
    }
    if (c->phase == PIT_SUSPENDED) {
        v->ce = c->held;
        v->out = true;
        return;
    }
    switch (c->mode) {
    case 0: /* interrupt on terminal count: OUT low, high at count 0 */
    case 4: /* software-triggered strobe: OUT low for the clock at count 0 */
        e = c->done + (c->gate && t >= c->anchor ? t - c->anchor : 0);
        v->ce = t >= c->anchor || c->done ? count_down(c, c->n, e) : c->held;
        if (c->mode == 0) {
            v->out = e >= c->n;
            if (!v->out && c->gate)
                v->next = c->anchor + (c->n - c->done);
        } else {
            v->out = e != c->n;
            if (e < c->n && c->gate)
                v->next = c->anchor + (c->n - c->done);
            else if (e == c->n && c->gate)
                v->next = t + 1;
        }
        break;
    case 1: /* hardware-retriggerable one-shot */
    case 5: /* hardware-triggered strobe */
        if (t < c->anchor) {
            /* Triggered, the CE loads at the next clock. */
            v->ce = c->held;
            v->out = c->idle_out;
            /* OUT at the anchor: low (mode 1) or high (mode 5). */
            v->next = v->out != (c->mode == 5) ? c->anchor : c->anchor + c->n;
            break;
        }
        e = t - c->anchor;
        v->ce = count_down(c, c->n, e);
        if (c->mode == 1) {
            v->out = e >= c->n;
            if (!v->out)
                v->next = c->anchor + c->n;
        } else {
            v->out = e != c->n;
            if (e < c->n)
                v->next = c->anchor + c->n;
            else if (e == c->n)
                v->next = t + 1;
        }
        break;
    case 2: /* rate generator: OUT low for one clock when the count is 1 */
        tt = t > c->anchor ? t : c->anchor;
        p = (tt - c->anchor) % c->n;
        v->ce = t >= c->anchor ? c->n - (uint32_t)p : c->held;
        v->out = p != c->n - 1u;
        if (c->n > 1)
            v->next = p < c->n - 1u ? tt + (c->n - 1u - p) : tt + 1;
        break;
    default: /* 3: square wave, counting down by two per clock */
        tt = t > c->anchor ? t : c->anchor;
        hi = (c->n + 1u) / 2u;
        lo = c->n / 2u;
        pos = (c->anchor_out ? 0 : hi) + (tt - c->anchor);
        p = pos % c->n;
        if (p < hi) {
            v->out = true;
            rem = hi - p;
        } else {
            v->out = false;
            p -= hi;
            rem = lo - p;
        }
        /* Even counts show n, n-2, ..., 2; odd counts n-1, n-3, ... */
        v->ce = t >= c->anchor ? (uint32_t)((c->n & 1u) ? c->n - 1u - 2u * p : c->n - 2u * p)
                               : c->held;
        if (lo)
            v->next = tt + rem;
        break;
    }
    if (c->phase == PIT_RUN && c->next_at && v->next > c->next_at)
        v->next = c->next_at;
}

/* Counter 0: drive IRQ0 from OUT at tick t. */
static void drive_irq0(struct pit8254 *p, bool out)
{
    if (out != p->s.irq0) {
        p->s.irq0 = out;
        isa_irq_set(p->bus, 0, out);
    }
}

/* Counter 0: IRQ0 follows OUT now; the timer is armed at the next OUT
 * transition (remembered in next_tick0). */
static void ch0_sync(struct pit8254 *p)
{
    struct pit_view v;

    eval(&p->s.ch[0], now_tick(p), &v);
    drive_irq0(p, v.out);
    p->s.next_tick0 = v.next == TICK_NEVER ? 0 : v.next;
    if (!p->tl)
        return;
    if (v.next == TICK_NEVER)
        timer_cancel(&p->timer);
    else
        timer_arm(&p->timer, pit8254_tick_to_ns(v.next));
}

/* Timer callback: counter 0's OUT changes. Transitions between the armed
 * tick and now (possible only when an instruction lasts longer than a PIT
 * clock, see --ns-per-insn) are replayed in order, a few at most, so the
 * PIC still sees each rising edge. */
static void ch0_timer(void *opaque)
{
    struct pit8254 *p = opaque;
    uint64_t now = now_tick(p);
    struct pit_view v;

    for (int k = 0; k < 4 && p->s.next_tick0 && p->s.next_tick0 < now; k++) {
        eval(&p->s.ch[0], p->s.next_tick0, &v);
        drive_irq0(p, v.out);
        p->s.next_tick0 = v.next == TICK_NEVER ? 0 : v.next;
    }
    ch0_sync(p);
}

/* After any change to counter `k`: counter 0 re-drives IRQ0 and its timer. */
static void changed(struct pit8254 *p, int k)
{
    if (k == 0)
        ch0_sync(p);
}

/* Control word for a counter (RW != 00): mode, access, BCD; the control
 * logic is reset and OUT takes its initial state (low in mode 0, high in
 * the others). The CE keeps its value until a count is loaded. */
static void control_word(struct pit_channel *c, uint64_t t, uint8_t v)
{
    struct pit_view view;

    eval(c, t, &view);
    c->held = view.ce;
    c->ctrl = v & 0x3F;
    c->rw = (v >> 4) & 3;
    c->mode = (v >> 1) & 7;
    if (c->mode > 5)
        c->mode -= 4; /* 6, 7 = 2, 3 (M2 is "don't care") */
    c->bcd = v & 1;
    c->phase = PIT_IDLE;
    c->idle_out = c->mode != 0;
    c->write_msb = false;
    c->read_msb = false;
    c->count_latched = false;
    c->status_latched = false;
    c->next_at = 0;
    c->done = 0;
    c->have_count = false;
    c->null_until = TICK_NEVER; /* null count until a count reaches the CE */
}

/* Counter latch command (or the count part of a read-back): the output
 * latch holds the count until read; a second latch before the read is
 * ignored. */
static void latch_count(struct pit_channel *c, uint64_t t)
{
    struct pit_view v;

    if (c->count_latched)
        return;
    eval(c, t, &v);
    c->latch = display(c, v.ce);
    c->count_latched = true;
}

/* Status byte (read-back): OUT, null count, RW, mode, BCD as programmed. */
static void latch_status(struct pit_channel *c, uint64_t t)
{
    struct pit_view v;

    if (c->status_latched)
        return;
    eval(c, t, &v);
    c->status = (uint8_t)((v.out ? 0x80u : 0) | (t < c->null_until ? 0x40u : 0) | c->ctrl);
    c->status_latched = true;
}

/* A complete count was written to CR at tick t. */
static void load_count(struct pit_channel *c, uint64_t t)
{
    uint32_t n = effective(c, c->cr);
    struct pit_view v;

    c->have_count = true;
    switch (c->mode) {
    case 0:
    case 4:
        /* Loaded into the CE on the next clock; counting restarts. */
        eval(c, t, &v);
        c->held = v.ce;
        c->phase = PIT_RUN;
        c->n = n;
        c->anchor = t + 1;
        c->done = 0;
        c->null_until = t + 1;
        break;
    case 1:
    case 5:
        /* Waits for a GATE trigger; a running one-shot is not affected. */
        c->null_until = TICK_NEVER;
        break;
    default: /* 2, 3 */
        if (c->phase == PIT_RUN) {
            /* Takes effect at the end of the period (mode 2) or half
             * period (mode 3). */
            eval(c, t, &v);
            if (!c->next_at) {
                c->next_at = v.next != TICK_NEVER ? v.next : t + 1;
                if (c->mode == 2) {
                    /* the reload follows the one-clock low pulse */
                    uint64_t tt = t > c->anchor ? t : c->anchor;
                    c->next_at = tt + (c->n - (tt - c->anchor) % c->n);
                }
                c->next_out = c->mode == 2 ? true : !v.out;
            }
            c->next_n = n;
            c->null_until = c->next_at;
        } else if (c->gate) {
            eval(c, t, &v);
            c->held = v.ce;
            c->phase = PIT_RUN;
            c->n = n;
            c->anchor = t + 1;
            c->anchor_out = true;
            c->null_until = t + 1;
        } else {
            /* GATE low: held until a rising edge reloads the count. */
            c->phase = PIT_SUSPENDED;
            c->null_until = TICK_NEVER;
        }
        break;
    }
}

/* A byte written to a counter's port. */
static void write_counter(struct pit_channel *c, uint64_t t, uint8_t v)
{
    switch (c->rw) {
    case 1:
        c->cr = v;
        break;
    case 2:
        c->cr = (uint16_t)(v << 8);
        break;
    default:
        if (!c->write_msb) {
            c->cr_lsb = v;
            c->write_msb = true;
            if (c->mode == 0 && c->phase == PIT_RUN) {
                /* Mode 0: the first byte stops counting, OUT goes low. */
                struct pit_view view;
                eval(c, t, &view);
                c->held = view.ce;
                c->phase = PIT_IDLE;
                c->idle_out = false;
            }
            return;
        }
        c->cr = (uint16_t)(c->cr_lsb | v << 8);
        c->write_msb = false;
        break;
    }
    load_count(c, t);
}

/* A byte read from a counter's port: the status if latched, else the
 * latched count, else the CE on the fly, by the RW mode. */
static uint8_t read_counter(struct pit_channel *c, uint64_t t)
{
    uint16_t val;
    uint8_t b;
    bool done;

    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    if (c->count_latched) {
        val = c->latch;
    } else {
        struct pit_view v;
        eval(c, t, &v);
        val = display(c, v.ce);
    }
    switch (c->rw) {
    case 1:
        b = (uint8_t)val;
        done = true;
        break;
    case 2:
        b = (uint8_t)(val >> 8);
        done = true;
        break;
    default:
        b = c->read_msb ? (uint8_t)(val >> 8) : (uint8_t)val;
        done = c->read_msb;
        c->read_msb = !c->read_msb;
        break;
    }
    if (done)
        c->count_latched = false;
    return b;
}

uint32_t pit8254_port_read(void *opaque, uint16_t port, int size)
{
    struct pit8254 *p = opaque;
    int k = port & 3;
    uint8_t v;

    (void)size;
    if (k == 3)
        return 0xFF; /* the control word register is write-only */
    v = read_counter(&p->s.ch[k], now_tick(p));
    changed(p, k);
    return v;
}

void pit8254_port_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct pit8254 *p = opaque;
    uint64_t t = now_tick(p);
    uint8_t v = (uint8_t)value;
    int k = port & 3;

    (void)size;
    if (k < 3) {
        write_counter(&p->s.ch[k], t, v);
        changed(p, k);
        return;
    }
    k = v >> 6;
    if (k == 3) {
        /* Read-back: bit 5 = 0 latches counts, bit 4 = 0 latches status,
         * bits 1-3 select counters 0-2. */
        for (int i = 0; i < 3; i++) {
            if (!(v & (2u << i)))
                continue;
            if (!(v & 0x20))
                latch_count(&p->s.ch[i], t);
            if (!(v & 0x10))
                latch_status(&p->s.ch[i], t);
            changed(p, i);
        }
        return;
    }
    if (((v >> 4) & 3) == 0)
        latch_count(&p->s.ch[k], t);
    else
        control_word(&p->s.ch[k], t, v);
    changed(p, k);
}

void pit8254_set_gate(struct pit8254 *p, int k, bool level)
{
    struct pit_channel *c;
    struct pit_view v;
    uint64_t t;

    if (k < 0 || k > 2)
        return;
    c = &p->s.ch[k];
    if (c->gate == level)
        return;
    t = now_tick(p);
    eval(c, t, &v); /* bring pending reloads up to t */
    switch (c->mode) {
    case 0:
    case 4:
        /* GATE enables counting (level). */
        if (c->phase == PIT_RUN) {
            if (!level)
                c->done += t >= c->anchor ? t - c->anchor : 0;
            else if (t >= c->anchor || c->done)
                c->anchor = t;
        }
        break;
    case 1:
    case 5:
        /* A rising edge triggers: the CE loads on the next clock. */
        if (level && c->have_count) {
            c->held = v.ce;
            c->idle_out = v.out;
            c->phase = PIT_RUN;
            c->n = effective(c, c->cr);
            c->anchor = t + 1;
            c->null_until = t + 1;
        }
        break;
    default: /* 2, 3: low stops counting with OUT high; rising edge reloads */
        if (!level) {
            if (c->phase == PIT_RUN) {
                c->held = v.ce;
                c->phase = PIT_SUSPENDED;
                c->next_at = 0;
            }
        } else if (c->have_count && c->phase != PIT_IDLE) {
            c->phase = PIT_RUN;
            c->n = effective(c, c->cr);
            c->anchor = t + 1;
            c->anchor_out = true;
            c->next_at = 0;
            c->null_until = t + 1;
        }
        break;
    }
    c->gate = level;
    changed(p, k);
}

bool pit8254_out(struct pit8254 *p, int k)
{
    struct pit_view v;

    if (k < 0 || k > 2)
        return false;
    eval(&p->s.ch[k], now_tick(p), &v);
    return v.out;
}

void pit8254_reset(struct pit8254 *p)
{
    for (int k = 0; k < 3; k++) {
        struct pit_channel *c = &p->s.ch[k];
        memset(c, 0, sizeof(*c));
        /* Power-on mode, count and OUT are undefined (datasheet): start
         * as after a mode-0 LSB-then-MSB control word, OUT low, idle. */
        c->rw = 3;
        c->ctrl = 0x30;
        c->gate = k != 2;
        c->null_until = TICK_NEVER;
    }
    p->s.irq0 = false;
    isa_irq_set(p->bus, 0, 0);
    ch0_sync(p);
}

int pit8254_init(struct pit8254 *p, struct board *b, struct isa_bus *bus, struct timeline *tl)
{
    memset(p, 0, sizeof(*p));
    p->bus = bus;
    p->tl = tl;
    if (tl && timer_init(tl, &p->timer, "pit0", ch0_timer, p) < 0)
        return -1;
    pit8254_reset(p);
    if (b && board_register_ports(b, PIT_BASE, 4, 1, pit8254_port_read, pit8254_port_write, p,
                                  "pit8254") < 0)
        return -1;
    return 0;
}

void pit8254_resync(struct pit8254 *p)
{
    isa_irq_set(p->bus, 0, p->s.irq0);
    ch0_sync(p);
}
