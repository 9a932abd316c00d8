/*
 * frontend.h - what the command line (main.c) hands to the runners
 * (headless.c; the SDL window shares its loop), and the process exit codes.
 *
 * Exit codes (documented in docs/usage.md). The guest's own statuses from
 * isa-debug-exit (port 0xF4) are always odd, (v << 1) | 1, so the
 * emulator's own codes are even and never collide with them:
 */
#ifndef X86PC_FRONTEND_H
#define X86PC_FRONTEND_H

#include <stdbool.h>
#include <stdint.h>

struct board;

#define X86PC_VERSION "0.1.0"

enum {
    EXIT_UNTIL = 0,         /* --until TEXT appeared in the guest's output */
    EXIT_USAGE = 2,         /* bad command line, missing/unreadable file, bad value */
    EXIT_HALTED = 4,        /* guest executed HLT and nothing can ever wake it */
    EXIT_RESET = 6,         /* triple fault or reset request with -no-reboot */
    EXIT_INTERNAL = 8,      /* the emulator could not continue (host error) */
    EXIT_TIMEOUT = 124      /* --timeout expired (as timeout(1)) */
};

/* Run-control settings for a runner. */
struct run_options {
    const char *until;      /* end with EXIT_UNTIL when this text is output; NULL: off */
    double timeout_s;       /* host seconds before EXIT_TIMEOUT; 0: none */
    bool no_reboot;         /* exit instead of resetting on triple fault / reset request */
    bool deterministic;     /* never read the host clock for guest time (no pacing in HLT) */
    bool stats;             /* print instructions, host time and MIPS at the end */
    uint64_t batch;         /* instructions per cpu_run() call */
    /* A display's hook (sdl.c): called between CPU batches, at most every
     * RUN_POLL_NS of host time (never per instruction), to present frames
     * and turn host input into device input. Returns -1 to go on, or an
     * exit status to end the run (e.g. 0 when the window is closed).
     * NULL: no display. */
    int (*poll)(void *opaque);
    void *poll_opaque;
};

/* Host time between two calls of run_options.poll: 10 ms. */
#define RUN_POLL_NS 10000000u

/* Run the board until the guest exits, a run-control condition ends it or
 * the display's poll hook asks to stop (headless.c; the SDL window shares
 * this loop through run_options.poll). Prints a one-line reason on stderr for every ending
 * except a guest exit and --until. Returns the process exit status. */
int headless_run(struct board *b, const struct run_options *o);

#endif
