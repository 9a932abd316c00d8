/*
 * sdl_status.c - the status line below the picture: one activity light per
 * attached drive (A:, B:, the hard disks HD0-HD3, CD), lit for 150 ms
 * after a guest transfer: green for a read, red for a write. The counts
 * come from struct disk (devices/disk.h reads/writes).
 */
#include <string.h>

#include "../devices/board.h"
#include "sdl_priv.h"

/* 3x5 glyphs for the labels: rows top to bottom, bit 2 = left column. */
static const struct { char c; uint8_t rows[5]; } glyphs[] = {
    { 'A', { 2, 5, 7, 5, 5 } }, { 'B', { 6, 5, 6, 5, 6 } }, { 'C', { 3, 4, 4, 4, 3 } },
    { 'D', { 6, 5, 5, 5, 6 } }, { 'H', { 5, 5, 7, 5, 5 } }, { '0', { 7, 5, 5, 5, 7 } },
    { '1', { 2, 6, 2, 2, 7 } }, { '2', { 6, 1, 2, 4, 7 } }, { '3', { 6, 1, 2, 1, 6 } },
    { ':', { 0, 2, 0, 2, 0 } },
};
static const char *const labels[SDL_NDRIVES] = { "A:", "B:", "HD0", "HD1", "HD2", "HD3", "CD" };

/* The drive behind light i, or NULL when none is attached. */
static const struct disk *drive(const struct board *b, int i)
{
    const struct disk *dk = i < 2 ? &b->floppy[i] : i < 6 ? &b->hd[i - 2] : &b->cdrom;

    return dk->open ? dk : NULL;
}

bool sdl_status_update(struct sdl_display *d, uint64_t now)
{
    uint8_t lights = 0;

    for (int i = 0; i < SDL_NDRIVES; i++) {
        const struct disk *dk = drive(d->b, i);
        uint64_t ops;
        if (!dk)
            continue;
        ops = dk->reads + dk->writes;
        if (ops != d->disk_ops[i]) {
            /* red when the latest transfers include a write */
            d->light_write[i] = dk->writes != d->disk_writes[i];
            d->disk_writes[i] = dk->writes;
            d->disk_ops[i] = ops;
            d->light_until[i] = now + SDL_LIGHT_NS;
        }
        if (now < d->light_until[i])
            lights |= (uint8_t)(1u << i);
    }
    if (lights == d->lights)
        return false;
    d->lights = lights;
    return true;
}

static void text(SDL_Renderer *r, int x, int y, const char *s, int scale)
{
    for (; *s; s++, x += 4 * scale)
        for (size_t g = 0; g < sizeof(glyphs) / sizeof(glyphs[0]); g++) {
            if (glyphs[g].c != *s)
                continue;
            for (int row = 0; row < 5; row++)
                for (int col = 0; col < 3; col++)
                    if (glyphs[g].rows[row] >> (2 - col) & 1) {
                        SDL_Rect px = { x + col * scale, y + row * scale, scale, scale };
                        SDL_RenderFillRect(r, &px);
                    }
        }
}

void sdl_status_draw(struct sdl_display *d, int w, int h)
{
    SDL_Renderer *r = d->ren;
    SDL_Rect bar = { 0, h - SDL_STATUS_H, w, SDL_STATUS_H };
    int x = 8, y = h - SDL_STATUS_H + 5;

    SDL_SetRenderDrawColor(r, 32, 32, 32, 255);
    SDL_RenderFillRect(r, &bar);
    for (int i = 0; i < SDL_NDRIVES; i++) {
        SDL_Rect led;
        if (!drive(d->b, i))
            continue;
        SDL_SetRenderDrawColor(r, 200, 200, 200, 255);
        text(r, x, y, labels[i], 2);
        x += (int)strlen(labels[i]) * 8 + 4;
        led = (SDL_Rect){ x, y + 1, 14, 8 };
        if (d->lights >> i & 1) {
            if (d->light_write[i])
                SDL_SetRenderDrawColor(r, 230, 40, 30, 255);
            else
                SDL_SetRenderDrawColor(r, 40, 220, 60, 255);
        } else {
            SDL_SetRenderDrawColor(r, 70, 70, 70, 255);
        }
        SDL_RenderFillRect(r, &led);
        x += 14 + 16;
    }
}
