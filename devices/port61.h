/*
 * port61.h - System Control Port B, port 0x61 (IBM PC/AT Technical
 * Reference, "System Board I/O"; Intel 82371SB PIIX3 datasheet, "NMI
 * Status and Control Register", port 61h).
 *
 * Write (bits 3-0 kept, read back):
 *   bit 0  timer counter 2 GATE (speaker tone gate)
 *   bit 1  speaker data enable (ANDed with counter 2 OUT to the speaker)
 *   bit 2  parity/SERR# check disable (1 = off)   - no effect here
 *   bit 3  IOCHK check disable (1 = off)           - no effect here
 * Read-only:
 *   bit 4  refresh request toggle: flips every 15.085 us of virtual time,
 *          the AT's DRAM refresh period (counter 1 in mode 2, count 18),
 *          which BIOS and DOS delay loops count; derived from timeline_now()
 *          so it needs no timer
 *   bit 5  timer counter 2 OUT
 *   bit 6  IOCHK# NMI source (0: never asserted here)
 *   bit 7  parity / SERR# NMI source (0: never asserted here)
 *
 * The port does not include the PIT's header: the board wires the counter
 * 2 gate and OUT through the callbacks below. No audio is produced; the
 * speaker state (speaker_on()) is kept for a frontend that wants it.
 */
#ifndef X86PC_PORT61_H
#define X86PC_PORT61_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct board;
struct state_writer;
struct timeline;

#define PORT61_PORT 0x61
#define PORT61_REFRESH_NS 15085u   /* half period of bit 4, ns */
#define PORT61_STATE_VERSION 1

/* System Control Port B: the latch of bits 0-3 and the wiring to the time
 * base (bit 4 refresh toggle) and to the 8254's counter 2 (GATE in, OUT). */
struct port61 {
    uint8_t value;                         /* bits 3-0 as written (state) */
    struct timeline *tl;                   /* bit 4; NULL reads it as 0 */
    void (*set_gate2)(void *opaque, bool level);   /* counter 2 GATE */
    bool (*get_out2)(void *opaque);                /* counter 2 OUT */
    void *pit_opaque;
};

/* Wire and register port 0x61 (when b is not NULL). Returns 0 or -1. */
int port61_init(struct port61 *p, struct board *b, struct timeline *tl,
                void (*set_gate2)(void *opaque, bool level), bool (*get_out2)(void *opaque),
                void *pit_opaque);
/* System reset: 0 (counter 2 gate low, speaker off, checks enabled). */
void port61_reset(struct port61 *p);
/* True while the speaker is driven (bit 1 and counter 2 OUT both high). */
bool port61_speaker_on(const struct port61 *p);

/* Port 0x61 access (size 1), exposed for tests: read composes bits 7-0
 * as above; write keeps bits 3-0 and drives counter 2's GATE from bit 0. */
uint32_t port61_read(void *opaque, uint16_t port, int size);
void port61_write(void *opaque, uint16_t port, uint32_t value, int size);

/* "port61" state record: the written bits. */
void port61_save(const struct port61 *p, struct state_writer *w);
int port61_load(struct port61 *p, const void *buf, size_t len);

#endif
