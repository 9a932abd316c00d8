/*
 * ps2kbd.h - IBM PS/2 (MF II, 101/102/105-key) keyboard on the 8042's
 * keyboard port.
 *
 * Source: IBM Personal System/2 Hardware Interface Technical Reference,
 * "Keyboards (101- and 102-Key)": commands ED (set LEDs), EE (echo), F0
 * (get/set scan-code set), F2 (identify: AB 83), F3 (typematic rate/delay),
 * F4 (enable), F5 (default disable), F6 (set default), F7-FD (set-3 key
 * types, acknowledged), FE (resend), FF (reset: ACK, then BAT AA);
 * scan-code sets 1 and 2 (Tables "Scan code set 1/2"), including the E0
 * extended keys, Print Screen (E0 12 E0 7C; E0 7C with Shift or Ctrl; 84
 * with Alt) and Pause (E1 14 77 E1 F0 14 F0 77, no break; E0 7E E0 F0 7E
 * with Ctrl). Set 3 is not implemented: F0 03 is answered with FE (resend).
 * Not modelled: the extra "fake shift" codes real keyboards add around
 * navigation keys while Shift or Num Lock is active.
 *
 * Output buffer: 16 bytes of key data as on the keyboard; a key that does
 * not fit is dropped and the overrun code (00 in set 2, FF in set 1) is
 * queued instead. Command responses always fit.
 *
 * Typematic: the last key pressed repeats its make code after the delay
 * and at the rate set by F3 (default 500 ms, 10.9 characters/s), in
 * virtual time, until released (Pause does not repeat).
 *
 * Keys are named by USB HID usage IDs (HID Usage Tables, page 0x07
 * "Keyboard/Keypad"), the same numbers as SDL scancodes: PS2KBD_KEY_* below
 * lists the ones handled.
 */
#ifndef X86PC_PS2KBD_H
#define X86PC_PS2KBD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps2.h"
#include "timeline.h"

struct state_writer;

/* A few HID usages with special handling (all of 0x04-0x65, 0x87-0x8B and
 * 0xE0-0xE7 are mapped). */
#define PS2KBD_KEY_A 0x04
#define PS2KBD_KEY_ENTER 0x28
#define PS2KBD_KEY_PRINTSCREEN 0x46
#define PS2KBD_KEY_PAUSE 0x48
#define PS2KBD_KEY_DELETE 0x4C
#define PS2KBD_KEY_LCTRL 0xE0
#define PS2KBD_KEY_LSHIFT 0xE1
#define PS2KBD_KEY_LALT 0xE2
#define PS2KBD_KEY_RCTRL 0xE4
#define PS2KBD_KEY_RSHIFT 0xE5
#define PS2KBD_KEY_RALT 0xE6

#define PS2KBD_QUEUE 32      /* bytes buffered (16 for key data) */
#define PS2KBD_KEY_BYTES 16

/* Plain-data state (save/restore). */
struct ps2kbd_state {
    uint8_t q[PS2KBD_QUEUE];
    uint8_t q_head, q_count;
    uint8_t pending_cmd;     /* ED, F0 or F3 waiting for its parameter; 0 if none */
    uint8_t scan_set;        /* 1 or 2 */
    uint8_t leds;            /* bit 0 Scroll, 1 Num, 2 Caps Lock */
    uint8_t typematic;       /* F3 parameter: bits 6-5 delay, 4-0 rate */
    uint8_t last_sent;       /* for FE (resend) */
    bool enabled;            /* scanning enabled (F4) */
    uint8_t mods;            /* held modifiers: 1 LShift 2 RShift 4 LCtrl 8 RCtrl 16 LAlt 32 RAlt */
    uint8_t repeat_key;      /* HID usage repeating, 0 if none */
    uint64_t repeat_at;      /* virtual ns of the next repeat */
};

/* The keyboard and its wiring. */
struct ps2kbd {
    struct ps2kbd_state s;
    struct ps2_link *link;   /* to the controller (notify); may be NULL */
    struct timeline *tl;     /* typematic timing; NULL = no repeat */
    struct timer repeat_timer;
    bool auto_repeat;        /* typematic from the keyboard's own timer (default) */
};

/* Power-on state (set 2, scanning enabled, defaults) and the repeat timer;
 * link/tl may be NULL. Returns 0 or -1 (timer table full). */
int ps2kbd_init(struct ps2kbd *k, struct ps2_link *link, struct timeline *tl);
/* System reset: back to power-on state, buffer emptied. */
void ps2kbd_reset(struct ps2kbd *k);

/* Host input: key `usage` (HID usage ID) pressed (down) or released. Keys
 * without a mapping are ignored. Nothing is queued while scanning is
 * disabled. */
void ps2kbd_key(struct ps2kbd *k, unsigned usage, bool down);
/* Typematic source: true (default) = the keyboard repeats a held key in
 * virtual time; false = it never repeats by itself, and the host sends a
 * repeat as another key-down of the held key (each down queues the make
 * code again), e.g. a window system's own auto-repeat events. */
void ps2kbd_set_auto_repeat(struct ps2kbd *k, bool on);
/* Free room for key data in the keyboard buffer (bytes), for pacing pastes. */
unsigned ps2kbd_room(const struct ps2kbd *k);

/* Link side (what the controller calls through struct ps2_link). */
bool ps2kbd_pending(void *k);
uint8_t ps2kbd_read(void *k);
void ps2kbd_write(void *k, uint8_t byte);

/* Save/load record `name` (state.h, version 1); timers re-armed on load.
 * Return 0, or -1 (writer error / record absent or too new). */
int ps2kbd_save(const struct ps2kbd *k, struct state_writer *w, const char *name);
int ps2kbd_load(struct ps2kbd *k, const void *buf, size_t len, const char *name);

#endif
