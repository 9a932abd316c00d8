/*
 * timeline.c - virtual time and the device event queue (see timeline.h).
 *
 * Virtual time is base_ns + (*icount - icount_base) * ns_per_insn: each
 * retired instruction is ns_per_insn nanoseconds. The queue is a small
 * array scanned linearly (a PC has a handful of timers); due timers run in
 * deadline order, ties in registration order.
 */
#include "timeline.h"

#include <string.h>

#include "state.h"

#define TIMELINE_STATE_VERSION 1

void timeline_init(struct timeline *tl, const uint64_t *icount, uint32_t ns_per_insn)
{
    memset(tl, 0, sizeof(*tl));
    tl->next = TIMELINE_NEVER;
    tl->ns_per_insn = ns_per_insn ? ns_per_insn : 1;
    tl->icount = icount;
    tl->icount_base = *icount;
    tl->base_ns = 0;
    tl->batch_end = 0;
}

uint64_t timeline_now(const struct timeline *tl)
{
    uint64_t n = *tl->icount;

    if (n < tl->icount_base) /* counter reset without a rebase: time stands */
        return tl->base_ns;
    return tl->base_ns + (n - tl->icount_base) * tl->ns_per_insn;
}

void timeline_rebase(struct timeline *tl)
{
    /* base_ns already holds the present time when the caller anchored it
     * before changing the counter (timeline_advance_to(now)); if not, and
     * the counter went backwards, timeline_now() returned base_ns anyway. */
    tl->icount_base = *tl->icount;
}

void timeline_advance_to(struct timeline *tl, uint64_t ns)
{
    uint64_t now = timeline_now(tl);

    tl->base_ns = ns > now ? ns : now;
    tl->icount_base = *tl->icount;
}

void timeline_set_rate(struct timeline *tl, uint32_t ns_per_insn)
{
    timeline_advance_to(tl, timeline_now(tl));
    tl->ns_per_insn = ns_per_insn ? ns_per_insn : 1;
}

/* Recompute the earliest deadline. */
static void update_next(struct timeline *tl)
{
    uint64_t next = TIMELINE_NEVER;

    for (unsigned k = 0; k < tl->ntimers; k++)
        if (tl->timers[k]->deadline < next)
            next = tl->timers[k]->deadline;
    tl->next = next;
}

int timer_init(struct timeline *tl, struct timer *t, const char *name,
               void (*cb)(void *opaque), void *opaque)
{
    t->deadline = TIMELINE_NEVER;
    t->cb = cb;
    t->opaque = opaque;
    t->name = name;
    t->tl = tl;
    if (tl->ntimers >= TIMELINE_MAX_TIMERS)
        return -1;
    for (unsigned k = 0; k < tl->ntimers; k++)
        if (tl->timers[k] == t)
            return 0; /* already registered (re-initialised) */
    tl->timers[tl->ntimers++] = t;
    return 0;
}

void timer_arm(struct timer *t, uint64_t deadline)
{
    struct timeline *tl = t->tl;

    t->deadline = deadline;
    if (!tl)
        return;
    if (deadline < tl->next)
        tl->next = deadline;
    else
        update_next(tl);
    /* Armed (from a device callback, mid-batch) before the end of the batch
     * the CPU is running: end that batch early so the timer is on time. */
    if (deadline < tl->batch_end && tl->kick)
        *tl->kick = true;
}

void timer_cancel(struct timer *t)
{
    t->deadline = TIMELINE_NEVER;
    if (t->tl)
        update_next(t->tl);
}

uint64_t timeline_insns_to_next(const struct timeline *tl)
{
    uint64_t now = timeline_now(tl);
    uint64_t d;

    if (tl->next == TIMELINE_NEVER)
        return TIMELINE_NEVER / 2;
    if (tl->next <= now)
        return 1;
    d = tl->next - now;
    return (d + tl->ns_per_insn - 1) / tl->ns_per_insn;
}

uint64_t timeline_begin_batch(struct timeline *tl, uint64_t max_insns)
{
    uint64_t n = timeline_insns_to_next(tl);

    if (n > max_insns)
        n = max_insns;
    if (n == 0)
        n = 1;
    tl->batch_end = timeline_now(tl) + n * tl->ns_per_insn;
    return n;
}

void timeline_end_batch(struct timeline *tl)
{
    tl->batch_end = 0;
}

void timeline_run_due(struct timeline *tl)
{
    uint64_t now = timeline_now(tl);

    /* Timers a callback arms for "now" or earlier run in this same pass;
     * the bound keeps a timer that always re-arms in the past from
     * looping forever (it runs again at the next call). */
    for (unsigned rounds = 0; rounds < 4 * TIMELINE_MAX_TIMERS; rounds++) {
        struct timer *due = NULL;

        for (unsigned k = 0; k < tl->ntimers; k++) {
            struct timer *t = tl->timers[k];
            if (t->deadline <= now && (!due || t->deadline < due->deadline))
                due = t;
        }
        if (!due)
            break;
        due->deadline = TIMELINE_NEVER;
        update_next(tl);
        due->cb(due->opaque);
    }
    update_next(tl);
}

void timeline_save(const struct timeline *tl, struct state_writer *w)
{
    state_begin(w, "timeline", TIMELINE_STATE_VERSION);
    state_put_u64(w, "now_ns", timeline_now(tl));
    state_put_u32(w, "ns_per_insn", tl->ns_per_insn);
    state_end(w);
}

int timeline_load(struct timeline *tl, const void *buf, size_t len)
{
    struct state_reader r;
    uint64_t now;
    uint32_t rate;

    if (state_open(&r, buf, len, "timeline") < 0 || r.version > TIMELINE_STATE_VERSION ||
        !state_get_u64(&r, "now_ns", &now) || !state_get_u32(&r, "ns_per_insn", &rate) ||
        rate == 0)
        return -1;
    tl->base_ns = now;
    tl->icount_base = *tl->icount;
    tl->ns_per_insn = rate;
    return 0;
}
