/*
 * port92.c - System Control Port A, port 0x92 (see port92.h).
 */
#include "port92.h"

#include "../mmu/mem.h"
#include "board.h"
#include "state.h"

/* Read: the latch, as last written (PIIX4 port 92h is read/write). */
static uint32_t port92_read(void *opaque, uint16_t port, int size)
{
    struct port92 *p = opaque;

    (void)port; (void)size;
    return p->value;
}

/* Write: bit 1 drives the A20 gate; bit 0 going 0 -> 1 requests a reset. */
static void port92_write(void *opaque, uint16_t port, uint32_t value, int size)
{
    struct port92 *p = opaque;
    uint8_t old = p->value;
    bool a20 = (value & PORT92_A20) != 0;

    (void)port; (void)size;
    p->value = (uint8_t)value;
    board_set_a20(p->board, BOARD_A20_PORT92, a20);
    if ((value & PORT92_RESET) && !(old & PORT92_RESET))
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

int port92_save(const struct port92 *p, struct state_writer *w, const char *name)
{
    state_begin(w, name, 1);
    state_put_u8(w, "value", p->value);
    return state_end(w);
}

int port92_load(struct port92 *p, const void *buf, size_t len, const char *name)
{
    struct state_reader r;

    if (state_open(&r, buf, len, name) < 0 || r.version > 1)
        return -1;
    state_get_u8(&r, "value", &p->value);
    board_set_a20(p->board, BOARD_A20_PORT92, (p->value & PORT92_A20) != 0);
    return 0;
}
