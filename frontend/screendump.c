/*
 * screendump.c - the VGA text screen as UTF-8 (see screendump.h). The
 * CP437 table follows the IBM PC character set as Unicode maps it
 * (Unicode's "cp437" mapping, with the graphic glyphs of 0x01-0x1F/0x7F
 * that the PC ROM font shows instead of control characters).
 */
#include "screendump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devices/vga.h"

static const uint16_t cp437_low[32] = {
    0x0020, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
    0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
    0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
    0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC,
};

static const uint16_t cp437_high[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

uint32_t cp437_to_unicode(uint8_t c)
{
    if (c < 0x20)
        return cp437_low[c];
    if (c < 0x7F)
        return c;
    if (c == 0x7F)
        return 0x2302;
    return cp437_high[c - 0x80];
}

/* Append the UTF-8 encoding of code point u (< 0x10000) at p. */
static char *put_utf8(char *p, uint32_t u)
{
    if (u < 0x80) {
        *p++ = (char)u;
    } else if (u < 0x800) {
        *p++ = (char)(0xC0 | (u >> 6));
        *p++ = (char)(0x80 | (u & 0x3F));
    } else {
        *p++ = (char)(0xE0 | (u >> 12));
        *p++ = (char)(0x80 | ((u >> 6) & 0x3F));
        *p++ = (char)(0x80 | (u & 0x3F));
    }
    return p;
}

char *screen_text(struct vga *v)
{
    struct vga_cell *cells;
    int rows, cols;
    size_t n;
    char *out, *p;

    if (!vga_text_screen(v, NULL, 0, &rows, &cols))
        return NULL;
    n = (size_t)rows * (size_t)cols;
    cells = malloc((n ? n : 1) * sizeof(*cells));
    out = malloc(n * 3 + (size_t)rows + 1);
    if (!cells || !out) {
        free(cells);
        free(out);
        return NULL;
    }
    vga_text_screen(v, cells, n, &rows, &cols);
    p = out;
    for (int r = 0; r < rows; r++) {
        char *end = p;
        for (int c = 0; c < cols; c++) {
            uint8_t ch = cells[(size_t)r * (size_t)cols + (size_t)c].ch;
            p = put_utf8(p, cp437_to_unicode(ch));
            if (ch != 0x20 && ch != 0x00 && ch != 0xFF)
                end = p;   /* last non-blank character of the row */
        }
        p = end;
        *p++ = '\n';
    }
    *p = '\0';
    free(cells);
    return out;
}

bool screen_text_contains(struct vga *v, const char *text)
{
    char *s = screen_text(v);
    bool found = false;
    size_t tl = strlen(text);

    if (!s)
        return false;
    /* Row by row: the text must not span a line break. */
    for (char *line = s; *line && !found;) {
        char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        for (size_t k = 0; k + tl <= ll && !found; k++)
            found = memcmp(line + k, text, tl) == 0;
        line = nl ? nl + 1 : line + ll;
    }
    free(s);
    return found;
}

int screen_dump_write(struct vga *v, const char *path)
{
    char *s = screen_text(v);
    FILE *f = fopen(path, "w");
    int rc = 0;

    if (!f) {
        free(s);
        return -1;
    }
    if (s && fputs(s, f) == EOF)
        rc = -1;
    if (fclose(f) != 0)
        rc = -1;
    free(s);
    return rc;
}
