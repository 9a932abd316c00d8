/*
 * port92.c - System Control Port A, port 0x92 (see port92.h).
 */
#include "port92.h"

#include "../mmu/mem.h"
#include "board.h"

/* Read: the stored bits with bit 1 showing the current A20 gate and bit 0
 * (reset) reading 0. */
static uint32_t port92_read(void *opaque, uint16_t port, int size)
{
    struct port92 *p = opaque;
    uint8_t v = p->value & (uint8_t)~(PORT92_RESET | PORT92_A20);

    (void)port; (void)size;
    if (mem_get_a20(p->board->mem))
        v |= PORT92_A20;
    return v;
}

/* Write: bit 1 sets the A20 gate; bit 0 = 1 requests a fast reset. */
static void port92_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct port92 *p = opaque;
    bool a20 = (value & PORT92_A20) != 0;

    (void)port; (void)size;
    p->value = (uint8_t)(value & ~PORT92_RESET);
    if (a20 != mem_get_a20(p->board->mem))
        mem_set_a20(p->board->mem, a20);
    if (value & PORT92_RESET)
        board_request_reset(p->board);
}

int port92_init(struct port92 *p, struct board *b)
{
    p->board = b;
    port92_reset(p);
    return board_register_ports(b, PORT92_PORT, 1, 1, port92_read, port92_write, p,
                                "port92");
}

void port92_reset(struct port92 *p)
{
    p->value = 0;
}
