/*
 * keymap.h - host keys to the PS/2 keyboard's key numbers.
 *
 * The PS/2 keyboard device (devices/ps2kbd.h) names keys by USB HID usage
 * IDs (HID Usage Tables 1.12, page 0x07 "Keyboard/Keypad"). SDL2's
 * SDL_Scancode values are those same numbers (SDL_scancode.h: "the values
 * in this enumeration are based on the USB usage page standard"), so the
 * window passes scancodes through this filter. No SDL here: the SDL code
 * (sdl_input.c) checks the numbering at compile time.
 */
#ifndef X86PC_KEYMAP_H
#define X86PC_KEYMAP_H

#include <stdbool.h>

/* HID usage for the PS/2 keyboard of an SDL scancode / HID usage `sc`, or 0
 * when a 105-key PC keyboard (plus the Japanese/Brazilian keys 0x87-0x8B)
 * has no such key: letters, digits, Enter..Slash, Caps Lock, F1-F12, Print
 * Screen, Scroll Lock, Pause, the navigation block, the arrows, the keypad
 * (0x53-0x63), the ISO key left of Z (0x64, "Non-US \\ and |"), the
 * Application (Menu) key (0x65), 0x87-0x8B, and the eight modifiers
 * (0xE0-0xE7). */
unsigned keymap_usage(unsigned sc);

/* US layout: the key that types printable ASCII character `c` (0x20-0x7E),
 * or '\n' / '\r' (Enter) and '\t' (Tab); *shift tells whether Shift must be
 * held. Returns the HID usage, or 0 for a character the layout cannot type. */
unsigned keymap_ascii(int c, bool *shift);

#endif
