/*
 * chardev.h - the host ends of the guest's serial ports and the RTC's start
 * time: -serial (twice: COM1, COM2) and -rtc, with QEMU's names and syntax.
 *
 *   -serial stdio       (or mon:stdio, without a monitor)
 *                       guest output to stdout; stdin feeds the port's
 *                       receiver (the terminal in raw mode, signals kept,
 *                       restored at exit). Read between CPU batches only,
 *                       without blocking; an empty or closed stdin adds
 *                       nothing, so a run with no input stays deterministic.
 *   -serial file:PATH   output to PATH (truncated), no input
 *   -serial null        port present, output dropped
 *   -serial none        no port (the first -serial none: no serial ports)
 *   Default: COM1 with output dropped; a second -serial adds COM2.
 *   -rtc base=utc|localtime|YYYY-MM-DD[THH:MM:SS][,clock=host|rt|vm][,driftfix=none|slew]
 *                       RTC start time (default utc, or 2000-01-01T00:00:00
 *                       with --deterministic, which refuses utc/localtime);
 *                       the clock then follows virtual time (clock= and
 *                       driftfix= are accepted for QEMU compatibility).
 */
#ifndef X86PC_CHARDEV_H
#define X86PC_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct board;
struct board_config;

/* What the command line said, and what chardev_configure opened. */
struct chardev_opts {
    const char *serial[2];   /* -serial values in order */
    unsigned nserial;
    const char *rtc;         /* -rtc value, or NULL */
    /* resolved by chardev_configure */
    FILE *out[2];
    bool close_out[2];
    int stdio_port;          /* COM index fed from stdin, -1 if none */
};

/* Take option `opt` ("-serial" or "-rtc", single dash) with its
 * value. Returns 1 when taken, 0 when opt is not one of these, -1 on a bad
 * value (reason in err). */
int chardev_option(struct chardev_opts *c, const char *opt, const char *val,
                   char *err, size_t errlen);
/* Open outputs and fill the board configuration (COM ports, RTC base).
 * Returns 0, or -1 with a reason in err. */
int chardev_configure(struct chardev_opts *c, struct board_config *cfg, bool deterministic,
                      char *err, size_t errlen);
/* After board_create: connect stdin to the -serial stdio port. */
void chardev_start(struct chardev_opts *c, struct board *b);
/* Between CPU batches: move waiting stdin bytes to the port (non-blocking). */
void chardev_poll(void);
/* Put the terminal back as it was (idempotent; also registered with atexit). */
void chardev_restore(void);
/* End of run: restore the terminal, flush and close output files. Returns
 * 0, or -1 after printing a write error. */
int chardev_finish(struct chardev_opts *c);

#endif
