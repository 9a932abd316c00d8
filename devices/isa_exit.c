/*
 * isa_exit.c - QEMU isa-debug-exit on port 0xF4 (see isa_exit.h).
 */
#include "isa_exit.h"

#include "board.h"

/* Write: end the run with status (v << 1) | 1. The port is 8 bits wide
 * (QEMU's default iosize=1), so v is a byte: a 16/32-bit OUT is split by
 * the board and only its low byte reaches this port, as in QEMU. */
static void isa_exit_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct isa_exit *e = opaque;

    (void)port; (void)size;
    board_request_exit(e->board, isa_exit_status(value));
}

int isa_exit_init(struct isa_exit *e, struct board *b)
{
    e->board = b;
    return board_register_ports(b, ISA_EXIT_PORT, 1, 1, NULL, isa_exit_write, e,
                                "isa-debug-exit");
}
