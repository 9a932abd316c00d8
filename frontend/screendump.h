/*
 * screendump.h - the VGA text screen as UTF-8 text: --screen-dump PATH and
 * the --until matcher on the screen (CP437 mapped to Unicode).
 */
#ifndef X86PC_SCREENDUMP_H
#define X86PC_SCREENDUMP_H

#include <stdbool.h>
#include <stdint.h>

struct vga;

/* Unicode code point of CP437 byte c (IBM PC character set; 0x00 shows as
 * a space, 0x01-0x1F and 0x7F as their CP437 graphic symbols). */
uint32_t cp437_to_unicode(uint8_t c);

/* The visible text screen as UTF-8, one line per row (trailing spaces
 * removed, each line ending in '\n'), in a new malloc'd string. NULL when
 * the VGA is not in a text mode (or on allocation failure). */
char *screen_text(struct vga *v);

/* True when `text` (UTF-8) appears within one row of the text screen. */
bool screen_text_contains(struct vga *v, const char *text);

/* Write the text screen to `path` (an empty file in a graphics mode).
 * Returns 0, or -1 when the file cannot be written (errno set). */
int screen_dump_write(struct vga *v, const char *path);

#endif
