/*
 * timeline.h - virtual time and the device event queue.
 *
 * Virtual time (nanoseconds since power-on) advances with executed
 * instructions at a fixed rate, cfg ns_per_insn (DESIGN.md "Time and
 * devices"), and jumps forward over HLT to the next due event. Devices
 * schedule callbacks on timers; the run loop executes the CPU in batches up
 * to the next deadline, then runs what is due: no per-instruction polling.
 * Nothing here reads the host clock, so a run is deterministic; the frontend
 * may pace virtual time against the host clock when not --deterministic.
 *
 * A device reading "now" in the middle of a batch (e.g. an 8254 counter
 * latch) gets the exact time of the current instruction: timeline_now()
 * derives it from the CPU's retired-instruction counter.
 */
#ifndef X86PC_TIMELINE_H
#define X86PC_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TIMELINE_MAX_TIMERS 32
#define TIMELINE_NEVER UINT64_MAX

struct timeline;

/* A timer: calls cb(opaque) once when virtual time reaches deadline (ns).
 * A callback may re-arm its own timer or others. */
struct timer {
    uint64_t deadline;          /* ns of virtual time, TIMELINE_NEVER when idle */
    void (*cb)(void *opaque);
    void *opaque;
    const char *name;           /* for logs and the debugger */
    struct timeline *tl;
};

/* The queue (a small array: a PC has a handful of timers). */
struct timeline {
    struct timer *timers[TIMELINE_MAX_TIMERS];
    unsigned ntimers;
    uint64_t next;              /* earliest deadline, TIMELINE_NEVER if none */
    uint32_t ns_per_insn;       /* virtual nanoseconds per instruction, >= 1 */
    const uint64_t *icount;     /* the CPU's retired-instruction counter */
    uint64_t icount_base;       /* *icount at base_ns */
    uint64_t base_ns;           /* virtual time at icount_base */
    /* Batch bookkeeping (timeline_begin_batch): virtual time at which the
     * CPU batch being run ends, 0 outside a batch; a timer
     * armed earlier than that sets *kick (the CPU's stop_request) so the
     * batch ends at once and the timer is not late. kick may be NULL. */
    uint64_t batch_end;
    bool *kick;
};

/* Start a timeline at time 0 counting instructions from *icount. */
void timeline_init(struct timeline *tl, const uint64_t *icount, uint32_t ns_per_insn);

/* Current virtual time in ns. */
uint64_t timeline_now(const struct timeline *tl);

/* Re-anchor after the instruction counter was reset or changed (cpu_reset
 * zeroes it): virtual time continues from its present value. The present
 * value is the one anchored last: call timeline_advance_to(tl,
 * timeline_now(tl)) just before changing the counter, then this after. */
void timeline_rebase(struct timeline *tl);

/* Move virtual time forward to `ns` without executing instructions (HLT,
 * or pacing); never backwards (an `ns` in the past just re-anchors at the
 * present time). */
void timeline_advance_to(struct timeline *tl, uint64_t ns);

/* Register a timer (idle). Returns 0, or -1 when the table is full. */
int timer_init(struct timeline *tl, struct timer *t, const char *name,
               void (*cb)(void *opaque), void *opaque);
/* Arm (or re-arm) at absolute virtual time `deadline` ns; a deadline in
 * the past fires at the next timeline_run_due(). */
void timer_arm(struct timer *t, uint64_t deadline);
/* Disarm. */
void timer_cancel(struct timer *t);
static inline bool timer_armed(const struct timer *t) { return t->deadline != TIMELINE_NEVER; }

/* Instructions the CPU may run before the next deadline (at least 1;
 * TIMELINE_NEVER-ish large when nothing is armed). */
uint64_t timeline_insns_to_next(const struct timeline *tl);

/* Run every timer whose deadline <= now, in deadline order (ties in
 * registration order). A callback sees timeline_now() >= its deadline
 * (by less than one instruction's ns when the run loop batches exactly). */
void timeline_run_due(struct timeline *tl);

/* Change the rate (ns per instruction, >= 1) from now on; time so far is
 * kept. */
void timeline_set_rate(struct timeline *tl, uint32_t ns_per_insn);

/* The run loop's batch: returns the instructions to run now,
 * min(max_insns, timeline_insns_to_next()) and at least 1, and remembers
 * where that batch ends (see batch_end); timeline_end_batch() after the
 * CPU returns. */
uint64_t timeline_begin_batch(struct timeline *tl, uint64_t max_insns);
void timeline_end_batch(struct timeline *tl);

struct state_writer;
/* The "timeline" state record: the present virtual time and the rate.
 * Load re-anchors the present time at the CPU's counter as it is; the
 * devices re-arm their own timers from their records (their deadlines are
 * absolute virtual time). Load returns 0, or -1 (unchanged) when the
 * record is absent, too new or malformed. */
void timeline_save(const struct timeline *tl, struct state_writer *w);
int timeline_load(struct timeline *tl, const void *buf, size_t len);

#endif
