/*
 * keymap.c - host keys to PS/2 keyboard key numbers (see keymap.h).
 * Source: USB HID Usage Tables 1.12, chapter 10 "Keyboard/Keypad Page
 * (0x07)", with the US (ANSI) legends for the ASCII table.
 */
#include "keymap.h"

unsigned keymap_usage(unsigned sc)
{
    if ((sc >= 0x04 && sc <= 0x65) || (sc >= 0x87 && sc <= 0x8B) ||
        (sc >= 0xE0 && sc <= 0xE7))
        return sc;
    return 0;
}

unsigned keymap_ascii(int c, bool *shift)
{
    /* Unshifted and shifted legends of the punctuation keys 0x2D-0x38. */
    static const char plain[] = "-=[]\\#;'`,./";
    static const char shifted[] = "_+{}|~:\"~<>?";
    static const char digit_shift[] = ")!@#$%^&*(";
    *shift = false;
    if (c >= 'a' && c <= 'z')
        return 0x04u + (unsigned)(c - 'a');
    if (c >= 'A' && c <= 'Z') {
        *shift = true;
        return 0x04u + (unsigned)(c - 'A');
    }
    if (c >= '1' && c <= '9')
        return 0x1Eu + (unsigned)(c - '1');
    if (c == '0')
        return 0x27;
    for (int k = 0; k < 10; k++)
        if (c == digit_shift[k]) {
            *shift = true;
            return k == 0 ? 0x27u : 0x1Eu + (unsigned)(k - 1);
        }
    switch (c) {
    case '\n': case '\r': return 0x28;  /* Enter */
    case '\t': return 0x2B;             /* Tab */
    case ' ': return 0x2C;              /* Spacebar */
    default: break;
    }
    /* 0x32 (Non-US # and ~) is not on a US keyboard: skip it. */
    for (int k = 0; plain[k]; k++) {
        if (k == 5)
            continue;
        if (c == plain[k])
            return 0x2Du + (unsigned)k;
        if (c == shifted[k]) {
            *shift = true;
            return 0x2Du + (unsigned)k;
        }
    }
    return 0;
}
