/*
 * isa_exit.c - QEMU isa-debug-exit on port 0xF4 (see isa_exit.h).
 */
#include "isa_exit.h"

#include "board.h"

/* Write: end the run with status (v << 1) | 1. The value is the whole
 * access (8, 16 or 32 bits), as QEMU passes it to debug_exit_write(). */
static void isa_exit_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct isa_exit *e = opaque;

    (void)port; (void)size;
    board_request_exit(e->board, isa_exit_status(value));
}

int isa_exit_init(struct isa_exit *e, struct board *b)
{
    e->board = b;
    /* One port, but a 16/32-bit OUT to it is passed whole (width 4). */
    return board_register_ports(b, ISA_EXIT_PORT, 1, 4, NULL, isa_exit_write, e,
                                "isa-debug-exit");
}
