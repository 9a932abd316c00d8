/*
 * pit8254.h - Intel 8254 programmable interval timer (Intel 8254 datasheet,
 * order no. 231164), as on the PC/AT: ports 0x40-0x42 (counters 0-2) and
 * 0x43 (control word), input clock 1.193182 MHz on all three counters.
 *
 * Wiring: counter 0 GATE high, OUT -> IRQ0 (through struct isa_bus);
 * counter 1 GATE high, OUT unused (the AT's DRAM refresh request; port
 * 0x61 bit 4 is derived from virtual time instead, see port61.h); counter 2
 * GATE and OUT through port 0x61 (pit8254_set_gate, pit8254_out).
 *
 * Timing: nothing runs per clock. Each counter keeps an anchor (the clock
 * tick at which its counting element was last loaded, or its present
 * cycle/half-cycle began) and computes the count, OUT and the null-count
 * flag at any tick in closed form from virtual time (timeline.h); clock
 * tick t is at ceil(t * 10^9 / 1193182) ns. Only counter 0 has a timer,
 * armed at the exact tick of its next OUT transition so IRQ0 follows OUT.
 *
 * Implemented: control word, modes 0-5 (6 and 7 alias 2 and 3), binary
 * and BCD counting, LSB / MSB / LSB-then-MSB access, counter latch
 * command, read-back command (count and status latches, several counters
 * at once), null count, gate semantics per mode (level for 0, 2, 3, 4;
 * rising-edge trigger for 1, 2, 3, 5), new counts in modes 2/3 taking
 * effect at the end of the current period / half-period.
 *
 * State: struct pit8254_state is plain data, saved as the "pit" record
 * (state.h), version 1. Tick anchors are absolute virtual time, so a
 * snapshot must also restore the timeline ("timeline" record).
 */
#ifndef X86PC_PIT8254_H
#define X86PC_PIT8254_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timeline.h"

struct board;
struct isa_bus;
struct state_writer;

#define PIT_BASE 0x40
#define PIT_HZ 1193182u           /* input clock, Hz */
#define PIT_STATE_VERSION 1

/* Counting-element phase. */
enum pit_phase {
    PIT_IDLE = 0,     /* control word written, no count yet; or 1/5 awaiting a trigger */
    PIT_RUN,          /* counting (modes 0/4 may be suspended by GATE, see done) */
    PIT_SUSPENDED     /* modes 2/3 with GATE low: OUT high, count held */
};

/* One counter. Ticks are absolute input-clock ticks since power-on. */
struct pit_channel {
    uint8_t mode;          /* 0-5 */
    uint8_t rw;            /* 1 LSB only, 2 MSB only, 3 LSB then MSB */
    bool bcd;
    uint16_t cr;           /* count register as written */
    uint8_t cr_lsb;        /* first byte of an LSB-then-MSB write */
    bool write_msb;        /* LSB-then-MSB: the MSB is written next */
    bool read_msb;         /* LSB-then-MSB: the MSB is read next */
    bool count_latched;    /* output latch holds `latch` */
    uint16_t latch;
    bool status_latched;   /* read-back status latched */
    uint8_t status;
    bool gate;             /* GATE input level */
    uint8_t phase;         /* enum pit_phase */
    uint32_t n;            /* effective count of the present cycle, 1..65536 */
    uint64_t anchor;       /* tick the CE was loaded / the cycle or half began */
    uint64_t done;         /* modes 0/4: ticks counted before a GATE suspension */
    bool anchor_out;       /* mode 3: OUT during the half-cycle starting at anchor */
    uint32_t next_n;       /* modes 2/3: count taking effect at next_at */
    uint64_t next_at;      /* tick of that reload, 0 when none pending */
    bool next_out;         /* mode 3: OUT of the half starting at next_at */
    uint64_t null_until;   /* null count is set while tick < null_until */
    uint32_t held;         /* CE value shown while idle or suspended */
    uint8_t ctrl;          /* control word bits 5-0 (RW, M2-M0, BCD) for the status */
    bool have_count;       /* a count was written since the control word */
    bool idle_out;         /* OUT while idle (mode 0: low after the control word) */
};

/* The chip (plain data). */
struct pit8254_state {
    struct pit_channel ch[3];
    bool irq0;             /* level last driven on IRQ0 */
    uint64_t next_tick0;   /* tick of counter 0's next OUT transition, 0 if none */
};

/* The 8254 as the board embeds it: the plain-data state plus its wiring
 * (the timeline it reads time from, the bus for IRQ0, counter 0's timer). */
struct pit8254 {
    struct pit8254_state s;
    struct timeline *tl;
    struct isa_bus *bus;   /* IRQ0; may be NULL */
    struct timer timer;    /* counter 0's next OUT transition */
};

/* Set up (power-on state, counter 0 timer registered on tl) and register
 * ports 0x40-0x43 when b is not NULL. Returns 0 or -1. */
int pit8254_init(struct pit8254 *p, struct board *b, struct isa_bus *bus, struct timeline *tl);
/* System reset: counters idle, gates of counters 0/1 high, counter 2's
 * gate low (port 0x61 resets to 0), OUT high, IRQ0 low. */
void pit8254_reset(struct pit8254 *p);

/* GATE input of counter `ch` (0-2). */
void pit8254_set_gate(struct pit8254 *p, int ch, bool level);
/* OUT pin of counter `ch` now. */
bool pit8254_out(struct pit8254 *p, int ch);

/* Port access (0x40-0x43, size 1), exposed for tests. */
uint32_t pit8254_port_read(void *opaque, uint16_t port, int size);
void pit8254_port_write(void *opaque, uint16_t port, uint32_t value, int size);

/* Input-clock ticks at virtual time ns, and the ns of tick t. */
uint64_t pit8254_ns_to_tick(uint64_t ns);
uint64_t pit8254_tick_to_ns(uint64_t tick);

/* After the state was replaced (a load): drive IRQ0 from the saved level
 * and re-arm counter 0's timer at its next OUT transition. */
void pit8254_resync(struct pit8254 *p);

/* Save the "pit" record / load it (0, or -1 if absent, too new or
 * malformed: state unchanged). Load re-drives IRQ0 and re-arms the timer. */
void pit8254_save(const struct pit8254 *p, struct state_writer *w);
int pit8254_load(struct pit8254 *p, const void *buf, size_t len);

#endif
