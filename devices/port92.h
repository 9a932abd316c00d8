/*
 * port92.h - System Control Port A (port 0x92), the "fast A20 / fast reset"
 * port of PS/2 and later chipsets (IBM PS/2 Hardware Interface Technical
 * Reference; Intel 82371AB PIIX4 datasheet, "Port 92h").
 *
 * Bit 1: A20 gate (1 = physical address bit 20 passes; see mem_set_a20).
 * Bit 0: writing 1 requests a fast system reset (the bit reads back 0).
 * Other bits are kept and read back (on real chipsets they are security
 * lock and activity-light bits with no effect on emulation).
 */
#ifndef X86PC_PORT92_H
#define X86PC_PORT92_H

#include <stdint.h>

struct board;

#define PORT92_PORT 0x92
#define PORT92_RESET 0x01u
#define PORT92_A20 0x02u

/* Port 0x92 state: the last value written, bit 0 clear. Bit 1 is read back
 * from the memory map's A20 gate, since the 8042 may change it too. */
struct port92 {
    struct board *board;
    uint8_t value;
};

/* Register port 0x92. Returns 0 or -1. */
int port92_init(struct port92 *p, struct board *b);
/* Power-on state: all bits 0 (the A20 gate itself is set by the board). */
void port92_reset(struct port92 *p);

#endif
