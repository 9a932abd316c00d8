/*
 * debugcon.c - Bochs/QEMU debug console on port 0xE9 (see debugcon.h).
 */
#include "debugcon.h"

#include "board.h"

/* Port 0xE9 read: the Bochs/QEMU readback value 0xE9, so guests can probe
 * for the console. */
static uint32_t debugcon_read(void *opaque, uint16_t port, int size)
{
    (void)opaque; (void)port; (void)size;
    return DEBUGCON_READBACK;
}

/* Port 0xE9 write: one byte of output (the port is 8 bits wide). */
static void debugcon_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct debugcon *d = opaque;
    uint8_t byte = (uint8_t)value;

    (void)port; (void)size;
    d->bytes++;
    if (d->sink) {
        fputc(byte, d->sink);
        /* Keep a terminal readable: flush whole lines. Files are flushed
         * at the end of the run (debugcon_flush). */
        if (byte == '\n' && (d->sink == stdout || d->sink == stderr))
            fflush(d->sink);
    }
    board_console_output(d->board, byte);
}

int debugcon_init(struct debugcon *d, struct board *b, FILE *sink)
{
    d->board = b;
    d->sink = sink;
    d->bytes = 0;
    if (board_register_ports(b, DEBUGCON_PORT, 1, 1, debugcon_read,
                             debugcon_write, d, "debugcon") < 0)
        return -1;
    /* Second port, same console: where Debian's SeaBIOS (CONFIG_DEBUG_IO,
     * QEMU's isa-debugcon iobase=0x402) writes its log. */
    return board_register_ports(b, DEBUGCON_PORT2, 1, 1, debugcon_read,
                                debugcon_write, d, "debugcon-402");
}

void debugcon_flush(struct debugcon *d)
{
    if (d->sink)
        fflush(d->sink);
}
