/*
 * sdl.c - the SDL2 window (see sdl.h): window, frames, title, full screen
 * and screenshots. Input is in sdl_input.c, the status line in
 * sdl_status.c.
 *
 * Frames: the VGA device renders at the monitor's dot resolution (720x400
 * in text mode 3, 640x400 in mode 13h, the VBE mode's size in VBE modes).
 * A VGA mode fills a 4:3 monitor whatever its dot count, so it is shown at
 * a 4:3 aspect ratio; a VBE mode has square pixels. The picture keeps that
 * aspect ratio in any window size, centred with black bars (letterbox),
 * scaled with nearest-neighbour sampling. The window starts at (and after
 * a mode change returns to) the natural size: the frame's width, the
 * height the aspect ratio gives, plus the status line.
 *
 * Timing: sdl_poll() runs between CPU batches at most every RUN_POLL_NS;
 * it presents at most one frame per 1/60 s of host time, and renders only
 * when vga_needs_render() reports a change, so an idle screen costs
 * nothing and the CPU is never held up by the display (SDL_PollEvent never
 * blocks; while the window is moved or covered the emulation goes on).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../devices/board.h"
#include "frontend.h"
#include "png.h"
#include "screendump.h"
#include "sdl_priv.h"

#define FRAME_NS 16666667ull        /* 60 Hz */

uint64_t sdl_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

bool sdl_display_available(void)
{
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");

    return (x && *x) || (w && *w);
}

void sdl_update_title(struct sdl_display *d)
{
    char t[128];

    /* ASCII only: SDL 2.26 on X11 sets the UTF-8 title (_NET_WM_NAME)
     * only when the C library's locale can convert it, which a plain "C"
     * locale cannot. */
    snprintf(t, sizeof(t), "x86pc - %.1f MIPS%s", d->mips,
             d->grabbed ? " - mouse grabbed (Ctrl+Alt+G releases)" : "");
    SDL_SetWindowTitle(d->win, t);
}

/* Natural picture size for a w x h frame: the width (doubled while under
 * 640 dots), the height the aspect ratio gives. */
static void natural_size(const struct sdl_display *d, int w, int h, int *nw, int *nh)
{
    int scale = 1;

    while (w * scale < 640 && scale < 8)
        scale++;
    *nw = w * scale;
    *nh = d->square ? h * scale : (w * scale * 3 + 2) / 4;
}

/* The letterboxed picture rectangle in an output of w x h pixels (the
 * status line excluded). */
static SDL_Rect picture_rect(const struct sdl_display *d, int w, int h)
{
    SDL_Rect r;
    int ah = h - SDL_STATUS_H;
    double ar = d->square && d->tex_h > 0 ? (double)d->tex_w / d->tex_h : 4.0 / 3.0;

    if (ah < 1)
        ah = 1;
    if ((double)w / ah > ar) {
        r.h = ah;
        r.w = (int)(ah * ar + 0.5);
    } else {
        r.w = w;
        r.h = (int)(w / ar + 0.5);
    }
    r.x = (w - r.w) / 2;
    r.y = (ah - r.h) / 2;
    return r;
}

/* Render the VGA frame into the texture; resize the window when the mode
 * changed (unless full screen or maximised). Returns false on an SDL
 * error (reported). */
static bool update_frame(struct sdl_display *d)
{
    struct vga_frame fr;
    bool square = vga_vbe_enabled(d->b->vga);

    vga_render(d->b->vga, &fr);
    if (fr.width != d->tex_w || fr.height != d->tex_h || square != d->square || !d->tex) {
        int nw, nh;
        if (d->tex)
            SDL_DestroyTexture(d->tex);
        d->tex = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
                                   fr.width, fr.height);
        if (!d->tex) {
            fprintf(stderr, "x86pc: SDL: cannot create a %dx%d texture: %s\n", fr.width,
                    fr.height, SDL_GetError());
            d->tex_w = d->tex_h = 0;
            return false;
        }
        d->tex_w = fr.width;
        d->tex_h = fr.height;
        d->square = square;
        natural_size(d, fr.width, fr.height, &nw, &nh);
        if (!d->full && !(SDL_GetWindowFlags(d->win) & SDL_WINDOW_MAXIMIZED))
            SDL_SetWindowSize(d->win, nw, nh + SDL_STATUS_H);
    }
    SDL_UpdateTexture(d->tex, NULL, fr.pixels, fr.width * 4);
    return true;
}

/* Draw the picture and the status line and show them. */
static void present(struct sdl_display *d)
{
    int w, h;

    if (SDL_GetRendererOutputSize(d->ren, &w, &h) < 0)
        return;
    SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255);
    SDL_RenderClear(d->ren);
    if (d->tex) {
        SDL_Rect r = picture_rect(d, w, h);
        SDL_RenderCopy(d->ren, d->tex, NULL, &r);
    }
    sdl_status_draw(d, w, h);
    SDL_RenderPresent(d->ren);
    d->redraw = false;
}

void sdl_toggle_full(struct sdl_display *d)
{
    d->full = !d->full;
    if (SDL_SetWindowFullscreen(d->win, d->full ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) < 0) {
        fprintf(stderr, "x86pc: SDL: full screen: %s\n", SDL_GetError());
        d->full = !d->full;
    }
    d->redraw = true;
}

/* "x86pc-YYYYMMDD-HHMMSS" (local time), with "-N" added when a file of
 * that name exists already. */
static void shot_name(char *base, size_t len)
{
    time_t t = time(NULL);
    struct tm tm;
    struct stat st;
    char stamp[32], png[300];

    localtime_r(&t, &tm);
    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
    snprintf(base, len, "x86pc-%s", stamp);
    for (int n = 1; n < 1000; n++) {
        snprintf(png, sizeof(png), "%s.png", base);
        if (stat(png, &st) < 0)
            return;
        snprintf(base, len, "x86pc-%s-%d", stamp, n);
    }
}

void sdl_save_screenshot(struct sdl_display *d)
{
    struct vga_frame fr;
    char base[256], path[300];
    char *text;

    shot_name(base, sizeof(base));
    snprintf(path, sizeof(path), "%s.png", base);
    vga_render(d->b->vga, &fr);
    errno = 0;
    if (png_write(path, fr.pixels, fr.width, fr.height) < 0) {
        fprintf(stderr, "x86pc: screenshot %s: %s\n", path,
                errno ? strerror(errno) : "cannot encode the image");
        return;
    }
    /* In a text mode, the text screen too (what --screen-dump writes). */
    text = screen_text(d->b->vga);
    if (text) {
        free(text);
        snprintf(path, sizeof(path), "%s.txt", base);
        if (screen_dump_write(d->b->vga, path) < 0)
            fprintf(stderr, "x86pc: screenshot %s: %s\n", path, strerror(errno));
        fprintf(stderr, "x86pc: screenshot %s.png and %s.txt\n", base, base);
    } else {
        fprintf(stderr, "x86pc: screenshot %s.png\n", base);
    }
    /* vga_render consumed the change: make sure the window shows it. */
    update_frame(d);
    d->redraw = true;
}

struct sdl_display *sdl_open(struct board *b, const struct sdl_options *o, char *err,
                             size_t errlen)
{
    struct sdl_display *d;
    int nw, nh;

    if (!b->vga) {
        snprintf(err, errlen, "-display sdl: the machine has no VGA");
        return NULL;
    }
    /* The run loop handles SIGINT/SIGTERM itself. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* SDL disables the host screensaver by default; an emulator window
     * should not keep the host screen awake. */
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "nearest");
    /* The guest sees Alt+Tab and the like while the mouse is grabbed. */
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    /* Use the display server the environment names. Without one, SDL
     * would fall back to its "offscreen" driver: an invisible window is
     * no display, so that is refused unless SDL_VIDEODRIVER asks for a
     * driver explicitly (e.g. kmsdrm on a console). */
    if (!getenv("SDL_VIDEODRIVER")) {
        const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
        bool hx = x && *x, hw = w && *w;
        if (!hx && !hw) {
            snprintf(err, errlen, "-display sdl: no display server (DISPLAY and "
                     "WAYLAND_DISPLAY are unset)");
            return NULL;
        }
        if (hx != hw)
            SDL_SetHint(SDL_HINT_VIDEODRIVER, hx ? "x11" : "wayland");
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
        snprintf(err, errlen, "-display sdl: cannot start SDL video: %s", SDL_GetError());
        return NULL;
    }
    if (!getenv("SDL_VIDEODRIVER") && SDL_GetCurrentVideoDriver() &&
        (!strcmp(SDL_GetCurrentVideoDriver(), "offscreen") ||
         !strcmp(SDL_GetCurrentVideoDriver(), "dummy"))) {
        snprintf(err, errlen, "-display sdl: no display server SDL can use (only its %s driver "
                 "started)", SDL_GetCurrentVideoDriver());
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return NULL;
    }
    d = calloc(1, sizeof(*d));
    if (!d) {
        snprintf(err, errlen, "-display sdl: out of host memory");
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return NULL;
    }
    d->b = b;
    /* First size: mode 3's 720x400 at 4:3 until the guest sets a mode. */
    natural_size(d, 720, 400, &nw, &nh);
    d->win = SDL_CreateWindow("x86pc", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, nw,
                              nh + SDL_STATUS_H, SDL_WINDOW_RESIZABLE);
    if (d->win)
        d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_ACCELERATED);
    if (d->win && !d->ren)
        d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE);
    if (!d->win || !d->ren) {
        snprintf(err, errlen, "-display sdl: cannot open the window: %s", SDL_GetError());
        sdl_close(d);
        return NULL;
    }
    SDL_SetWindowMinimumSize(d->win, 160, 100 + SDL_STATUS_H);
    d->mips_t0 = sdl_now_ns();
    d->mips_icount0 = b->cpu.icount;
    sdl_update_title(d);
    if (o && o->full_screen)
        sdl_toggle_full(d);
    update_frame(d);
    present(d);
    d->next_frame_ns = sdl_now_ns() + FRAME_NS;
    return d;
}

int sdl_poll(void *opaque)
{
    struct sdl_display *d = opaque;
    SDL_Event ev;
    uint64_t now;

    while (SDL_PollEvent(&ev)) {
        if (ev.type == SDL_QUIT) {
            d->quit = true;
        } else if (ev.type == SDL_WINDOWEVENT) {
            switch (ev.window.event) {
            case SDL_WINDOWEVENT_EXPOSED:
            case SDL_WINDOWEVENT_SIZE_CHANGED:
            case SDL_WINDOWEVENT_RESTORED:
                d->redraw = true;
                break;
            case SDL_WINDOWEVENT_FOCUS_LOST:
                sdl_input_release_all(d);
                break;
            case SDL_WINDOWEVENT_CLOSE:
                d->quit = true;
                break;
            default:
                break;
            }
        } else {
            sdl_input_event(d, &ev);
        }
    }
    if (d->quit)
        return 0;
    sdl_input_poll(d);

    now = sdl_now_ns();
    if (now >= d->mips_t0 + 1000000000ull) {
        uint64_t ic = d->b->cpu.icount;
        /* icount restarts at a machine reset: count from 0 then. */
        uint64_t n = ic >= d->mips_icount0 ? ic - d->mips_icount0 : ic;
        d->mips = (double)n * 1e3 / (double)(now - d->mips_t0);
        d->mips_t0 = now;
        d->mips_icount0 = ic;
        sdl_update_title(d);
    }
    if (now >= d->next_frame_ns) {
        d->next_frame_ns += FRAME_NS;
        if (d->next_frame_ns <= now)   /* fell behind: no burst of frames */
            d->next_frame_ns = now + FRAME_NS;
        if (vga_needs_render(d->b->vga) && update_frame(d))
            d->redraw = true;
        if (sdl_status_update(d, now))
            d->redraw = true;
        if (d->redraw)
            present(d);
    }
    return -1;
}

void sdl_close(struct sdl_display *d)
{
    if (!d)
        return;
    if (d->win)
        SDL_SetRelativeMouseMode(SDL_FALSE);
    free(d->paste);
    if (d->tex)
        SDL_DestroyTexture(d->tex);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    if (d->win)
        SDL_DestroyWindow(d->win);
    free(d);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    SDL_Quit();
}
