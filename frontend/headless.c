/*
 * headless.c - the run loop without a display.
 *
 * Runs the CPU in batches of cpu_run() and, between batches only (never per
 * instruction), acts on what happened: a guest exit request (port 0xF4),
 * the --until text, a triple fault or reset request (reset the machine, or
 * end with -no-reboot), a HLT nothing can wake, and the --timeout deadline
 * (host time, checked once per batch). Devices end a batch early by setting
 * cpu->stop_request (board_request_exit/reset, the --until tap below).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../cpu/cpu.h"
#include "../devices/board.h"
#include "chardev.h"
#include "frontend.h"
#include "screendump.h"

/* Resets logged on stderr before going quiet (a guest stuck in a
 * triple-fault loop would otherwise flood the log). */
#define MAX_RESET_LOGS 10

/*
 * --until matcher: Knuth-Morris-Pratt over the byte stream, so a match is
 * found however the text is split across writes, in O(1) amortised time
 * per byte and without keeping the output.
 */
struct until {
    const uint8_t *pat;
    size_t len;
    size_t *fail;       /* fail[k]: longest proper border of pat[0..k] */
    size_t state;       /* pattern bytes currently matched */
    bool matched;
    struct cpu *cpu;
};

static int until_init(struct until *u, const char *text, struct cpu *cpu)
{
    size_t k = 0;

    memset(u, 0, sizeof(*u));
    u->pat = (const uint8_t *)text;
    u->len = strlen(text);
    u->cpu = cpu;
    u->fail = calloc(u->len ? u->len : 1, sizeof(*u->fail));
    if (!u->fail)
        return -1;
    for (size_t i = 1; i < u->len; i++) {
        while (k > 0 && u->pat[i] != u->pat[k])
            k = u->fail[k - 1];
        if (u->pat[i] == u->pat[k])
            k++;
        u->fail[i] = k;
    }
    return 0;
}

/* Console tap: feed one output byte; on a match, stop the CPU batch. */
static void until_byte(void *opaque, uint8_t byte)
{
    struct until *u = opaque;

    if (u->matched || u->len == 0)
        return;
    while (u->state > 0 && u->pat[u->state] != byte)
        u->state = u->fail[u->state - 1];
    if (u->pat[u->state] == byte)
        u->state++;
    if (u->state == u->len) {
        u->matched = true;
        u->cpu->stop_request = true;
    }
}

/* SIGINT/SIGTERM: remembered here, acted on between batches (so the
 * debug-console file is flushed), then the signal is raised again with its
 * default action so the parent sees a death by that signal. */
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
    got_signal = sig;
}

/* Host monotonic time in seconds. */
static double host_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Where the CPU is, for messages: "CS:EIP (linear L)". */
static void where(const struct cpu *c, char *buf, size_t len)
{
    snprintf(buf, len, "%04x:%08x (linear 0x%08x)", c->seg[SEG_CS].sel, c->eip,
             c->seg[SEG_CS].base + c->eip);
}

/* A triple fault or guest reset request: reset, or end with -no-reboot.
 * Returns -1 to continue, else the exit status. *retired accumulates the
 * instructions of the runs before each reset (cpu_reset clears icount). */
static int handle_reset(struct board *b, const struct run_options *o, bool triple,
                        uint64_t *retired)
{
    char loc[64];
    const char *what = triple ? "triple fault (CPU shutdown)"
                              : "guest requested a system reset (port 0x92, 0xCF9 or the 8042)";

    where(&b->cpu, loc, sizeof(loc));
    if (o->no_reboot) {
        fprintf(stderr, "x86pc: %s at %s after %llu instructions; exiting (-no-reboot)\n",
                what, loc, (unsigned long long)b->cpu.icount);
        return EXIT_RESET;
    }
    if (b->resets < MAX_RESET_LOGS)
        fprintf(stderr, "x86pc: %s at %s: resetting the machine\n", what, loc);
    else if (b->resets == MAX_RESET_LOGS)
        fprintf(stderr, "x86pc: further resets are not logged\n");
    *retired += b->cpu.icount;
    board_reset(b);
    return -1;
}

/* Host monotonic clock in ns (only for pacing, never with --deterministic). */
static uint64_t host_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Longest single sleep while pacing, so signals and --timeout are still
 * noticed promptly. */
#define PACE_MAX_SLEEP_NS 10000000u

/*
 * The CPU is halted (HLT with EFLAGS.IF=1) and no interrupt is pending:
 * skip virtual time to the next timer deadline and run what is due. With
 * --deterministic that is all. Otherwise virtual time is paced to the host
 * clock here: (host0, virt0) pair the host clock with virtual time at the
 * start of the run, and the skip waits (sleeping at most
 * PACE_MAX_SLEEP_NS at a time) until the host clock has reached the
 * deadline, so an idle guest does not spin and its clocks follow wall
 * time. When virtual time is behind the host clock (the guest computed
 * more than the host could run in real time), the skip does not sleep, so
 * virtual time catches up with wall time during idle periods.
 */
static void idle_skip(struct board *b, const struct run_options *o, uint64_t host0, uint64_t virt0)
{
    uint64_t target = b->tl.next;

    if (target == TIMELINE_NEVER)
        return;
    if (!o->deterministic) {
        uint64_t host_v = virt0 + (host_ns() - host0);
        if (target > host_v) {
            uint64_t wait = target - host_v;
            struct timespec ts;
            if (wait > PACE_MAX_SLEEP_NS)
                wait = PACE_MAX_SLEEP_NS;
            ts.tv_sec = 0;
            ts.tv_nsec = (long)wait;
            nanosleep(&ts, NULL);
            if (virt0 + (host_ns() - host0) < target)
                return; /* not there yet: the run loop comes back here */
        }
    }
    /* The skipped time counts on the time-stamp counter as the
     * instructions the CPU would have retired in it (one TSC tick per
     * instruction, ns_per_insn ns each), so RDTSC keeps pace with the
     * PIT and the RTC across HLT (cpu/ops_p6.c, RDTSC). */
    uint64_t before = timeline_now(&b->tl), npi = b->tl.ns_per_insn;
    timeline_advance_to(&b->tl, target);
    b->cpu.tsc += timeline_now(&b->tl) / npi - before / npi;
    timeline_run_due(&b->tl);
}

int headless_run(struct board *b, const struct run_options *o)
{
    struct cpu *c = &b->cpu;
    struct until u;
    uint64_t batch = o->batch ? o->batch : 100000;
    double start = host_seconds(), deadline = 0;
    uint64_t retired = 0, screen_gen = 0;
    int status = -1;
    char loc[64];

    memset(&u, 0, sizeof(u));
    if (o->until) {
        if (until_init(&u, o->until, c) < 0) {
            fprintf(stderr, "x86pc: out of host memory\n");
            return EXIT_INTERNAL;
        }
        b->console_tap = until_byte;
        b->console_tap_opaque = &u;
    }
    if (o->timeout_s > 0)
        deadline = start + o->timeout_s;
    got_signal = 0;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    uint64_t host0 = o->deterministic ? 0 : host_ns();
    uint64_t virt0 = timeline_now(&b->tl);
    uint64_t last_poll = 0;   /* host ns of the last display poll */

    while (status < 0) {
        /* A batch runs up to the next timer deadline at most; then the
         * devices catch up (timeline.h). */
        enum cpu_stop st = cpu_run(c, timeline_begin_batch(&b->tl, batch));

        timeline_end_batch(&b->tl);
        c->stop_request = false;
        timeline_run_due(&b->tl);
        fpu_irq_poll(&b->fpu_irq); /* FERR# -> IRQ13, between batches only */
        chardev_poll();   /* serial input from stdin, between batches only */
        /* --until also looks at the VGA text screen, only when video
         * memory or a register changed since the last look. */
        if (o->until && !u.matched && b->vga && vga_generation(b->vga) != screen_gen) {
            screen_gen = vga_generation(b->vga);
            u.matched = screen_text_contains(b->vga, o->until);
        }
        if (o->until && u.matched) {
            status = EXIT_UNTIL;
        } else if (b->req.exit) {
            /* The host keeps 8 bits of a process exit status. */
            status = (int)(b->req.exit_status & 0xFF);
        } else if (st == CPU_STOP_SHUTDOWN || c->shutdown) {
            status = handle_reset(b, o, true, &retired);
        } else if (b->req.reset) {
            status = handle_reset(b, o, false, &retired);
        } else if (st == CPU_STOP_HALT && !board_can_wake(b)) {
            where(c, loc, sizeof(loc));
            if (!(c->eflags & EFLAGS_IF))
                fprintf(stderr, "x86pc: guest halted with interrupts disabled (HLT with "
                        "EFLAGS.IF=0) at %s: it can never wake\n", loc);
            else
                fprintf(stderr, "x86pc: guest halted (HLT) at %s with no interrupt pending "
                        "and none that can arrive (no timer armed, or the 8259A "
                        "uninitialised or all IRQs masked): it can never wake\n", loc);
            status = EXIT_HALTED;
        } else if (st == CPU_STOP_HALT && c->halted && !c->intr_line) {
            idle_skip(b, o, host0, virt0);
        }
        if (status < 0 && o->poll && host_ns() - last_poll >= RUN_POLL_NS) {
            last_poll = host_ns();
            status = o->poll(o->poll_opaque);
        }
        if (status < 0 && got_signal)
            break;
        if (status < 0 && deadline > 0 && host_seconds() >= deadline) {
            where(c, loc, sizeof(loc));
            fprintf(stderr, "x86pc: timeout: %g s of host time elapsed (%llu instructions, "
                    "at %s)\n", o->timeout_s, (unsigned long long)(retired + c->icount), loc);
            status = EXIT_TIMEOUT;
        }
    }

    debugcon_flush(&b->debugcon);
    if (got_signal) {
        int sig = got_signal;
        where(c, loc, sizeof(loc));
        fprintf(stderr, "x86pc: stopped by signal %d at %s\n", sig, loc);
        fflush(NULL);
        chardev_restore();
        signal(sig, SIG_DFL);
        raise(sig);
        status = EXIT_INTERNAL; /* not reached unless the signal is ignored */
    }
    if (o->stats) {
        double secs = host_seconds() - start;
        uint64_t n = retired + c->icount;
        fprintf(stderr, "x86pc: stats: %llu instructions in %.3f s of host time "
                "(%.2f MIPS), %llu resets\n", (unsigned long long)n, secs,
                secs > 0 ? (double)n / secs / 1e6 : 0.0, (unsigned long long)b->resets);
    }
    if (o->until) {
        b->console_tap = NULL;
        free(u.fail);
    }
    return status;
}
