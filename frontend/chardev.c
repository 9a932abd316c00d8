/*
 * chardev.c - host ends of the serial ports and -rtc (see chardev.h).
 */
#include "chardev.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../devices/board.h"

/* stdin -> UART (one per process, like QEMU's single stdio chardev). */
static struct {
    struct uart *uart;
    bool eof;
    bool raw;                /* terminal switched to raw mode */
    struct termios saved;
} in;

int chardev_option(struct chardev_opts *c, const char *opt, const char *val,
                   char *err, size_t errlen)
{
    if (!strcmp(opt, "-serial")) {
        if (!strcmp(val, "mon:stdio"))
            val = "stdio";      /* QEMU's multiplexed form; there is no monitor here */
        if (strcmp(val, "stdio") && strcmp(val, "none") && strcmp(val, "null") &&
            (strncmp(val, "file:", 5) || val[5] == '\0')) {
            snprintf(err, errlen, "-serial %s: unknown character device (use stdio, "
                     "file:PATH, null or none)", val);
            return -1;
        }
        if (c->nserial == 2) {
            snprintf(err, errlen, "-serial %s: this board has two serial ports (COM1, COM2)", val);
            return -1;
        }
        c->serial[c->nserial++] = val;
        return 1;
    }
    if (!strcmp(opt, "-rtc")) {
        c->rtc = val;
        return 1;
    }
    return 0;
}

/* Parse -rtc into *t. */
static int parse_rtc(const char *spec, bool deterministic, struct rtc_datetime *t,
                     char *err, size_t errlen)
{
    char buf[128];
    char *save = NULL, *tok;
    const char *base = NULL;

    if (strlen(spec) >= sizeof(buf)) {
        snprintf(err, errlen, "-rtc %s: too long", spec);
        return -1;
    }
    strcpy(buf, spec);
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (!strncmp(tok, "base=", 5)) {
            base = spec + (tok - buf) + 5;
        } else if (!strcmp(tok, "clock=host") || !strcmp(tok, "clock=rt") ||
                   !strcmp(tok, "clock=vm") || !strcmp(tok, "driftfix=none") ||
                   !strcmp(tok, "driftfix=slew")) {
            /* accepted: the RTC always follows virtual time */
        } else {
            snprintf(err, errlen, "-rtc %s: unknown setting '%s' (use base=utc|localtime|"
                     "YYYY-MM-DDTHH:MM:SS)", spec, tok);
            return -1;
        }
    }
    if (!base || !strncmp(base, "utc", 3) || !strncmp(base, "localtime", 9)) {
        bool local = base && !strncmp(base, "localtime", 9);
        size_t len = base ? strcspn(base, ",") : 0;
        struct tm tm;
        time_t now;

        if (base && len != (local ? 9u : 3u)) {
            snprintf(err, errlen, "-rtc %s: bad base", spec);
            return -1;
        }
        if (deterministic) {
            if (base) {
                snprintf(err, errlen, "-rtc %s: --deterministic never reads the host clock; "
                         "give the date as base=YYYY-MM-DDTHH:MM:SS", spec);
                return -1;
            }
            *t = (struct rtc_datetime){ 2000, 1, 1, 0, 0, 0 };
            return 0;
        }
        now = time(NULL);
        if (!(local ? localtime_r(&now, &tm) : gmtime_r(&now, &tm))) {
            snprintf(err, errlen, "-rtc: cannot read the host clock");
            return -1;
        }
        *t = (struct rtc_datetime){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                    tm.tm_hour, tm.tm_min, tm.tm_sec > 59 ? 59 : tm.tm_sec };
        return 0;
    } else {
        char date[32];
        size_t len = strcspn(base, ",");

        if (len >= sizeof(date) || (memcpy(date, base, len), date[len] = '\0',
                                    rtc_parse_datetime(date, t) < 0)) {
            snprintf(err, errlen, "-rtc %s: base must be utc, localtime or a date "
                     "YYYY-MM-DD[THH:MM:SS] from 1900 to 2099", spec);
            return -1;
        }
    }
    return 0;
}

int chardev_configure(struct chardev_opts *c, struct board_config *cfg, bool deterministic,
                      char *err, size_t errlen)
{
    const char *spec[2] = { "null", NULL };
    unsigned n = 1;

    c->stdio_port = -1;
    if (c->nserial) {
        n = c->nserial;
        spec[0] = c->serial[0];
        spec[1] = c->serial[1];
    }
    for (unsigned i = 0; i < n; i++) {
        if (!strcmp(spec[i], "none")) {
            if (i == 0)
                break;      /* QEMU: -serial none disables the serial ports */
            continue;
        }
        cfg->com_present[i] = true;
        if (!strcmp(spec[i], "stdio")) {
            if (c->stdio_port >= 0) {
                snprintf(err, errlen, "-serial stdio: only one serial port can use stdio");
                return -1;
            }
            c->stdio_port = (int)i;
            cfg->com_out[i] = stdout;
            cfg->com_out_tty[i] = isatty(STDOUT_FILENO);
        } else if (!strncmp(spec[i], "file:", 5)) {
            c->out[i] = fopen(spec[i] + 5, "wb");
            if (!c->out[i]) {
                snprintf(err, errlen, "-serial %s: %s", spec[i], strerror(errno));
                return -1;
            }
            c->close_out[i] = true;
            cfg->com_out[i] = c->out[i];
        }
    }
    if (parse_rtc(c->rtc ? c->rtc : "", deterministic, &cfg->rtc_base, err, errlen) < 0)
        return -1;
    return 0;
}

void chardev_restore(void)
{
    if (in.raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &in.saved);
        in.raw = false;
    }
}

void chardev_start(struct chardev_opts *c, struct board *b)
{
    struct termios t;

    if (c->stdio_port < 0)
        return;
    in.uart = &b->com[c->stdio_port];
    in.eof = false;
    /* Only a foreground process may change the terminal (a background one
     * would be stopped by SIGTTOU); in the background input stays cooked. */
    if (isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp() &&
        tcgetattr(STDIN_FILENO, &in.saved) == 0) {
        /* raw input as QEMU's stdio chardev: no echo, no line editing,
         * no CR/LF mapping; ISIG stays so Ctrl-C still ends x86pc */
        t = in.saved;
        t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        t.c_oflag |= OPOST;
        t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | IEXTEN);
        t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
        t.c_cflag |= CS8;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0) {
            in.raw = true;
            atexit(chardev_restore);
        }
    }
}

void chardev_poll(void)
{
    uint8_t buf[UART_HOST_QUEUE];
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    unsigned room;
    ssize_t n;

    if (!in.uart || in.eof)
        return;
    room = uart_host_room(in.uart);
    if (room == 0 || poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
        return;
    n = read(STDIN_FILENO, buf, room);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        in.eof = true;   /* closed or unreadable: no more input */
        return;
    }
    if (n > 0)
        uart_host_input(in.uart, buf, (unsigned)n);
}

int chardev_finish(struct chardev_opts *c)
{
    int rc = 0;

    chardev_restore();
    in.uart = NULL;
    for (int i = 0; i < 2; i++) {
        if (c->close_out[i] && fclose(c->out[i]) != 0) {
            fprintf(stderr, "x86pc: -serial %s: write error\n", c->serial[i]);
            rc = -1;
        }
        c->close_out[i] = false;
    }
    return rc;
}
