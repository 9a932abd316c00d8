/*
 * sdl.h - the SDL2 window (-display sdl): presents the frame the VGA
 * device renders and turns host keyboard and mouse input into PS/2 device
 * input. It runs inside the shared run loop (headless.c) through the
 * run_options.poll hook, on the CPU's thread, between CPU batches. The
 * frontend/sdl*.c files are the only ones that include SDL.
 */
#ifndef X86PC_SDL_H
#define X86PC_SDL_H

#include <stdbool.h>
#include <stddef.h>

struct board;
struct sdl_display;

/* Window settings from the command line. */
struct sdl_options {
    bool full_screen;          /* -full-screen: start in full screen */
};

/* True when the environment names a display server (DISPLAY or
 * WAYLAND_DISPLAY set), i.e. when -display sdl is worth trying by default. */
bool sdl_display_available(void);

/* Initialise SDL's video subsystem and open the window for board `b`.
 * Returns NULL with a one-line reason in err[errlen] when SDL cannot
 * start (no display server, no video driver) or on allocation failure. */
struct sdl_display *sdl_open(struct board *b, const struct sdl_options *o, char *err,
                             size_t errlen);

/* The run loop's poll hook (run_options.poll, opaque = the display):
 * handles pending window events, feeds pasted text, presents a new frame
 * at most ~60 times a second and only when vga_needs_render() says the
 * picture changed, and updates the title once a second. Returns -1 to go
 * on, or 0 when the window was closed or Ctrl+Alt+Q pressed. */
int sdl_poll(void *opaque);

/* Close the window and shut SDL down (NULL is allowed). */
void sdl_close(struct sdl_display *d);

#endif
