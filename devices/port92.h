/*
 * port92.h - System Control Port A (port 0x92), the "fast A20 / fast reset"
 * port of PS/2 and later chipsets (Intel 82371AB PIIX4 datasheet, "Port 92h";
 * IBM PS/2 Hardware Interface Technical Reference).
 *
 * A read/write latch, 0x00 after a system reset (PIIX4 default):
 * Bit 1 (ALT_A20_GATE): drives the A20 gate through board_set_a20(), which
 *       ORs it with the 8042's A20 output as the PIIX4 does. A system
 *       reset enables A20 (the 8042's A20 output comes up high, and QEMU's
 *       reset enables A20) while this bit reads 0.
 * Bit 0 (ALT_RST_CPU): a 0 -> 1 transition requests a fast system reset.
 * Other bits are kept and read back (security lock and activity-light bits
 * on real chipsets, with no effect here).
 */
#ifndef X86PC_PORT92_H
#define X86PC_PORT92_H

#include <stddef.h>
#include <stdint.h>

struct board;

#define PORT92_PORT 0x92
#define PORT92_RESET 0x01u
#define PORT92_A20 0x02u

/* Port 0x92 state: the latch. */
struct port92 {
    struct board *board;
    uint8_t value;
};

/* Register port 0x92. Returns 0 or -1. */
int port92_init(struct port92 *p, struct board *b);
/* System-reset state: latch 0x00 (the A20 gate itself is set by the board). */
void port92_reset(struct port92 *p);

struct state_writer;
/* Save the latch as record `name` (e.g. "port92"), version 1 (state.h).
 * Returns 0, or -1 when the writer is in error. */
int port92_save(const struct port92 *p, struct state_writer *w, const char *name);
/* Load record `name` from buf[0..len) and drive A20 from the loaded bit 1
 * again (no reset request: bit 0 is a level, the request is its edge).
 * Returns 0, or -1 when the record is absent or newer than version 1. */
int port92_load(struct port92 *p, const void *buf, size_t len, const char *name);

#endif
