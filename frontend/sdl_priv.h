/*
 * sdl_priv.h - state shared by the SDL window's files: sdl.c (window,
 * frames, title), sdl_input.c (keyboard, mouse, host shortcuts, paste),
 * sdl_status.c (the status line with the drive activity lights).
 */
#ifndef X86PC_SDL_PRIV_H
#define X86PC_SDL_PRIV_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "sdl.h"

struct board;

/* Height of the status line below the picture, in window pixels. */
#define SDL_STATUS_H 20
/* Drives with an activity light: A:, B:, hard disks 0-3, CD-ROM. */
#define SDL_NDRIVES 7
/* How long a light stays on after a transfer (host ns). */
#define SDL_LIGHT_NS 150000000ull

/* The window. */
struct sdl_display {
    struct board *b;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    int tex_w, tex_h;           /* texture size = last frame size (pixels) */
    bool square;                /* VBE mode: square pixels; else a 4:3 monitor */
    bool full;                  /* full screen (desktop resolution) */
    bool grabbed;               /* mouse grabbed (relative mode) */
    bool redraw;                /* present again (expose, resize, status change) */
    bool quit;                  /* window closed or Ctrl+Alt+Q */
    uint64_t next_frame_ns;     /* host ns of the next frame tick (~60 Hz) */
    /* Title: guest speed over the last second. */
    uint64_t mips_t0, mips_icount0;
    double mips;
    /* Keyboard: keys the guest holds down; shortcut keys whose release is
     * swallowed (HID usage / SDL scancode bits). */
    uint8_t held[32];
    uint8_t swallowed[64];
    /* Mouse: buttons held (PS2MOUSE_*), motion not yet sent. */
    unsigned buttons;
    int dx, dy, dz;
    /* Paste (Ctrl+Alt+V): text still to type. */
    char *paste;
    size_t paste_pos;
    /* Status line: transfer counts last seen and when each light goes off. */
    uint64_t disk_ops[SDL_NDRIVES];     /* reads + writes */
    uint64_t disk_writes[SDL_NDRIVES];
    uint64_t light_until[SDL_NDRIVES];
    bool light_write[SDL_NDRIVES];
    uint8_t lights;             /* bit per drive: lit in the last present */
};

/* Host monotonic time in ns. */
uint64_t sdl_now_ns(void);
/* Set the window title from the MIPS figure and the grab state. */
void sdl_update_title(struct sdl_display *d);

/* sdl_input.c: one SDL event (keyboard, mouse, focus). */
void sdl_input_event(struct sdl_display *d, const SDL_Event *ev);
/* sdl_input.c: once per poll: send accumulated mouse motion, type the
 * next pasted character. */
void sdl_input_poll(struct sdl_display *d);
/* sdl_input.c: release every key and button the guest holds (focus lost). */
void sdl_input_release_all(struct sdl_display *d);
/* sdl_input.c: grab or release the mouse. */
void sdl_set_grab(struct sdl_display *d, bool on);
/* sdl.c: toggle full screen. */
void sdl_toggle_full(struct sdl_display *d);
/* sdl.c: Ctrl+Alt+S: save the frame (and the text screen) in the current
 * directory. */
void sdl_save_screenshot(struct sdl_display *d);

/* sdl_status.c: update the activity lights from the drives' counters;
 * true when a light changed (the window needs presenting). */
bool sdl_status_update(struct sdl_display *d, uint64_t now);
/* sdl_status.c: draw the status line into the bottom SDL_STATUS_H rows of
 * an output of w x h pixels. */
void sdl_status_draw(struct sdl_display *d, int w, int h);

#endif
