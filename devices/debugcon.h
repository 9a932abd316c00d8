/*
 * debugcon.h - Bochs/QEMU debug console on I/O port 0xE9 (and 0x402).
 *
 * A byte written to port 0xE9 goes to the configured sink (a host FILE) and
 * to the board's console tap; reading port 0xE9 returns 0xE9, the value
 * Bochs ("port E9 hack") and QEMU's isa-debugcon return so that a guest can
 * detect the device. The device is always present on this board; with
 * `-debugcon none` its output is only dropped.
 */
#ifndef X86PC_DEBUGCON_H
#define X86PC_DEBUGCON_H

#include <stdint.h>
#include <stdio.h>

struct board;

#define DEBUGCON_PORT 0xE9
/* Second port of the same console: SeaBIOS's debug output port (its
 * CONFIG_DEBUG_IO default, 0x402), which QEMU serves with
 * "-device isa-debugcon,iobase=0x402". Same readback, same sink. */
#define DEBUGCON_PORT2 0x402
/* Value read back from the port (QEMU hw/char/debugcon.c readback). */
#define DEBUGCON_READBACK 0xE9

/* Debug console state: only where its bytes go. */
struct debugcon {
    struct board *board;
    FILE *sink;               /* NULL: output dropped */
    uint64_t bytes;           /* bytes written by the guest */
};

/* Register port 0xE9 on the board. sink may be NULL. Returns 0 or -1. */
int debugcon_init(struct debugcon *d, struct board *b, FILE *sink);
/* Flush the sink (at the end of a run and before reporting). */
void debugcon_flush(struct debugcon *d);

#endif
