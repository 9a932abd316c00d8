/*
 * ps2.h - the PS/2 (IBM PS/2 keyboard/auxiliary device) serial link between
 * the 8042 keyboard controller and a PS/2 device, as an interface both
 * sides include (a device never includes another device's header).
 *
 * The device keeps the bytes it wants to send in its own small buffer (a
 * keyboard buffers 16 keys). The controller takes one byte at a time with
 * dev_read() when its output buffer is free and the interface is enabled
 * (on hardware it holds the clock line low otherwise), and sends command
 * bytes with dev_write(). The device calls notify() when new bytes are
 * waiting, so the controller never polls.
 *
 * Source: IBM Personal System/2 Hardware Interface Technical Reference,
 * "Keyboard/Auxiliary Device Controller" and "Keyboards (101- and 102-key)".
 */
#ifndef X86PC_PS2_H
#define X86PC_PS2_H

#include <stdbool.h>
#include <stdint.h>

/* PS/2 device responses. */
#define PS2_ACK 0xFA
#define PS2_RESEND 0xFE
#define PS2_ERROR 0xFC
#define PS2_BAT_OK 0xAA

/* One end-to-end link (filled by the board). */
struct ps2_link {
    /* device -> controller: bytes are waiting (may be called at any time) */
    void (*notify)(void *ctrl);
    void *ctrl;
    /* controller -> device: is a byte waiting? take it; send a byte */
    bool (*dev_pending)(void *dev);
    uint8_t (*dev_read)(void *dev);
    void (*dev_write)(void *dev, uint8_t byte);
    void *dev;
};

/* The 8042's scan-code translation (IBM PC/AT Technical Reference,
 * "Keyboard Controller"; PS/2 Hardware Interface Technical Reference,
 * "scan code translation"): maps a set-2 byte to its set-1 byte. The
 * controller applies it to every keyboard byte when the command byte's
 * XLAT bit is set, folding a preceding 0xF0 into bit 7 of the next code. */
uint8_t ps2_translate(uint8_t set2);

#endif
