/*
 * ps2mouse.h - IBM PS/2 mouse (auxiliary device) with the Microsoft
 * IntelliMouse wheel and 5-button extensions, on the 8042's auxiliary port.
 *
 * Sources: IBM Personal System/2 Hardware Interface Technical Reference,
 * "Pointing Device" (commands E6 scaling 1:1, E7 scaling 2:1, E8 set
 * resolution, E9 status request, EA stream mode, EB read data, EC reset
 * wrap mode, EE wrap mode, F0 remote mode, F2 read device type, F3 set
 * sampling rate, F4 enable, F5 disable, F6 set default, FE resend, FF
 * reset: ACK AA 00; the 3-byte data packet with sign and overflow bits and
 * the 2:1 scaling table); Microsoft "IntelliMouse" PS/2 protocol (sample
 * rates 200, 100, 80 switch the ID to 3 and add a 4th byte with the wheel
 * movement -8..7; then 200, 200, 80 switch to ID 4, whose 4th byte also
 * carries buttons 4 and 5).
 *
 * Stream mode reports movement as it happens: packets are queued while the
 * buffer has room, a movement beyond the 9-bit range is split over several
 * packets, and what does not fit waits until the buffer drains. A read-data
 * (EB) packet carries all pending movement, with the overflow bits set when
 * it exceeds -256..255. Resolution and sample rate are stored and reported
 * but do not scale host movement (host counts are mouse counts).
 */
#ifndef X86PC_PS2MOUSE_H
#define X86PC_PS2MOUSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps2.h"

struct state_writer;

#define PS2MOUSE_QUEUE 64

/* Button bits for ps2mouse_move (same as the packet's low bits). */
#define PS2MOUSE_LEFT 0x01u
#define PS2MOUSE_RIGHT 0x02u
#define PS2MOUSE_MIDDLE 0x04u
#define PS2MOUSE_BUTTON4 0x08u
#define PS2MOUSE_BUTTON5 0x10u

/* Plain-data state (save/restore). */
struct ps2mouse_state {
    uint8_t q[PS2MOUSE_QUEUE];
    uint8_t q_head, q_count;
    uint8_t pending_cmd;     /* E8 or F3 waiting for a parameter; 0 if none */
    uint8_t rate;            /* samples/s (default 100) */
    uint8_t resolution;      /* 0-3: 1, 2, 4, 8 counts/mm (default 2) */
    bool scaling21;          /* 2:1 scaling (stream mode) */
    bool remote;             /* remote mode (F0) instead of stream mode */
    bool wrap;               /* wrap (echo) mode */
    bool enabled;            /* data reporting (F4) */
    uint8_t id;              /* 0, 3 (wheel) or 4 (wheel + 5 buttons) */
    uint8_t last_rates[3];   /* last three F3 values, oldest first */
    uint8_t last_sent;
    uint8_t buttons;         /* current button state (PS2MOUSE_*) */
    int32_t dx, dy, dz;      /* movement not yet reported (dy: up positive) */
    bool buttons_changed;    /* buttons changed since the last packet */
};

/* The mouse and its link to the controller. */
struct ps2mouse {
    struct ps2mouse_state s;
    struct ps2_link *link;
};

/* Power-on state (stream mode, disabled, 100/s, 4 counts/mm, 1:1, ID 0). */
void ps2mouse_init(struct ps2mouse *m, struct ps2_link *link);
/* System reset: power-on state with an empty buffer. */
void ps2mouse_reset(struct ps2mouse *m);

/* Host input: relative movement dx (right positive), dy (down positive,
 * screen direction; the mouse reports up as positive), wheel dz (positive
 * = towards the user), and the buttons now held (PS2MOUSE_* bits). In
 * stream mode with reporting enabled, packets are queued; otherwise the
 * movement accumulates for a remote-mode read (EB). */
void ps2mouse_move(struct ps2mouse *m, int dx, int dy, int dz, unsigned buttons);

/* Link side (through struct ps2_link). */
bool ps2mouse_pending(void *m);
uint8_t ps2mouse_read(void *m);
void ps2mouse_write(void *m, uint8_t byte);

/* Save/load record `name` (state.h, version 1). Return 0, or -1
 * (writer error / record absent or too new). */
int ps2mouse_save(const struct ps2mouse *m, struct state_writer *w, const char *name);
int ps2mouse_load(struct ps2mouse *m, const void *buf, size_t len, const char *name);

#endif
