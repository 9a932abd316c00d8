/*
 * sdl_input.c - host keyboard and mouse to the PS/2 devices, and the
 * window's host shortcuts (see sdl_priv.h).
 *
 * Keyboard: each SDL key event becomes ps2kbd_key() with the key's HID
 * usage (keymap.c); the keyboard device produces the set-2 sequence
 * (extended E0 keys, Print Screen, Pause) and the 8042 translates it when
 * the guest asks. The keyboard repeats a held key itself in virtual time
 * (typematic, ps2kbd.h), so SDL's auto-repeat events are ignored.
 *
 * Host shortcuts, never seen by the guest (the key that completes the
 * shortcut, and its release, are swallowed; Ctrl and Alt themselves have
 * already reached the guest, as in QEMU):
 *   Ctrl+Alt+G  release the mouse grab     Ctrl+Alt+S  screenshot
 *   Ctrl+Alt+Q  quit                       Ctrl+Alt+V  paste the clipboard
 *   Ctrl+Alt+F  toggle full screen         F11         toggle full screen
 *   Ctrl+Alt+Delete  is passed on: the guest gets Ctrl+Alt+Del.
 *
 * Mouse: a click in the window grabs the mouse (relative mode: the host
 * pointer is hidden and confined); the click itself is not passed on.
 * While grabbed, motion, buttons and the wheel go to the PS/2 mouse,
 * motion summed over each poll (10 ms, the mouse's default 100 samples/s).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devices/board.h"
#include "keymap.h"
#include "sdl_priv.h"

/* keymap.c relies on SDL scancodes being HID usage IDs. */
_Static_assert(SDL_SCANCODE_A == 0x04 && SDL_SCANCODE_RETURN == 0x28 &&
               SDL_SCANCODE_PRINTSCREEN == 0x46 && SDL_SCANCODE_PAUSE == 0x48 &&
               SDL_SCANCODE_KP_PERIOD == 0x63 && SDL_SCANCODE_NONUSBACKSLASH == 0x64 &&
               SDL_SCANCODE_APPLICATION == 0x65 && SDL_SCANCODE_INTERNATIONAL1 == 0x87 &&
               SDL_SCANCODE_INTERNATIONAL5 == 0x8B && SDL_SCANCODE_LCTRL == 0xE0 &&
               SDL_SCANCODE_RGUI == 0xE7, "SDL scancodes are HID usages");

static bool bit(const uint8_t *set, unsigned n) { return set[n >> 3] >> (n & 7) & 1; }
static void set_bit(uint8_t *set, unsigned n, bool on)
{
    if (on)
        set[n >> 3] |= (uint8_t)(1u << (n & 7));
    else
        set[n >> 3] &= (uint8_t)~(1u << (n & 7));
}

/* Press or release a key in the guest, keeping d->held in step. */
static void guest_key(struct sdl_display *d, unsigned usage, bool down)
{
    if (usage == 0 || usage > 0xFF)
        return;
    set_bit(d->held, usage, down);
    ps2kbd_key(&d->b->kbd, usage, down);
}

void sdl_set_grab(struct sdl_display *d, bool on)
{
    if (on == d->grabbed)
        return;
    if (SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE) < 0 && on) {
        fprintf(stderr, "x86pc: SDL: cannot grab the mouse: %s\n", SDL_GetError());
        return;
    }
    SDL_SetWindowGrab(d->win, on ? SDL_TRUE : SDL_FALSE);
    d->grabbed = on;
    if (!on && d->buttons) {
        d->buttons = 0;
        ps2mouse_move(&d->b->mouse, 0, 0, 0, 0);
    }
    d->dx = d->dy = d->dz = 0;
    sdl_update_title(d);
}

void sdl_input_release_all(struct sdl_display *d)
{
    for (unsigned u = 0; u < 256; u++)
        if (bit(d->held, u))
            guest_key(d, u, false);
    /* A shortcut key released elsewhere: its next release is the guest's. */
    memset(d->swallowed, 0, sizeof(d->swallowed));
    sdl_set_grab(d, false);
}

/* Ctrl+Alt+V: take the clipboard's text to type (appended to any paste
 * still in progress is not needed: a new paste replaces it). */
static void start_paste(struct sdl_display *d)
{
    char *t = SDL_GetClipboardText();

    if (!t || !*t) {
        SDL_free(t);
        fprintf(stderr, "x86pc: paste: the clipboard holds no text\n");
        return;
    }
    free(d->paste);
    d->paste = strdup(t);
    d->paste_pos = 0;
    SDL_free(t);
}

/* Ctrl+Alt+Delete: the guest gets Ctrl+Alt+Del (Ctrl and Alt are pressed
 * for it if it does not hold them already). */
static void send_ctrl_alt_del(struct sdl_display *d)
{
    bool ctrl = bit(d->held, PS2KBD_KEY_LCTRL) || bit(d->held, PS2KBD_KEY_RCTRL);
    bool alt = bit(d->held, PS2KBD_KEY_LALT) || bit(d->held, PS2KBD_KEY_RALT);

    if (!ctrl)
        guest_key(d, PS2KBD_KEY_LCTRL, true);
    if (!alt)
        guest_key(d, PS2KBD_KEY_LALT, true);
    guest_key(d, PS2KBD_KEY_DELETE, true);
    guest_key(d, PS2KBD_KEY_DELETE, false);
    if (!alt)
        guest_key(d, PS2KBD_KEY_LALT, false);
    if (!ctrl)
        guest_key(d, PS2KBD_KEY_LCTRL, false);
}

/* A Ctrl+Alt shortcut: true when `sc` is one (and it was acted on). */
static bool shortcut(struct sdl_display *d, SDL_Scancode sc)
{
    switch (sc) {
    case SDL_SCANCODE_G: sdl_set_grab(d, false); return true;
    case SDL_SCANCODE_S: sdl_save_screenshot(d); return true;
    case SDL_SCANCODE_Q: d->quit = true; return true;
    case SDL_SCANCODE_V: start_paste(d); return true;
    case SDL_SCANCODE_F: sdl_toggle_full(d); return true;
    case SDL_SCANCODE_DELETE: send_ctrl_alt_del(d); return true;
    default: return false;
    }
}

static void key_event(struct sdl_display *d, const SDL_KeyboardEvent *e)
{
    SDL_Scancode sc = e->keysym.scancode;
    bool down = e->type == SDL_KEYDOWN;
    /* Ctrl and Alt as this window saw them (SDL_GetModState() can lag
     * behind the key events on X11, e.g. after a clipboard request). */
    bool ctrl = bit(d->held, PS2KBD_KEY_LCTRL) || bit(d->held, PS2KBD_KEY_RCTRL);
    bool alt = bit(d->held, PS2KBD_KEY_LALT) || bit(d->held, PS2KBD_KEY_RALT);

    if ((unsigned)sc >= 512)
        return;
    if (down && e->repeat)
        return;   /* the PS/2 keyboard's own typematic repeats held keys */
    if (!down && bit(d->swallowed, sc)) {
        set_bit(d->swallowed, sc, false);
        return;
    }
    if (down && ctrl && alt && shortcut(d, sc)) {
        set_bit(d->swallowed, sc, true);
        return;
    }
    if (down && sc == SDL_SCANCODE_F11) {
        sdl_toggle_full(d);
        set_bit(d->swallowed, sc, true);
        return;
    }
    guest_key(d, keymap_usage(sc), down);
}

static unsigned button_bit(Uint8 b)
{
    switch (b) {
    case SDL_BUTTON_LEFT: return PS2MOUSE_LEFT;
    case SDL_BUTTON_RIGHT: return PS2MOUSE_RIGHT;
    case SDL_BUTTON_MIDDLE: return PS2MOUSE_MIDDLE;
    case SDL_BUTTON_X1: return PS2MOUSE_BUTTON4;
    case SDL_BUTTON_X2: return PS2MOUSE_BUTTON5;
    default: return 0;
    }
}

void sdl_input_event(struct sdl_display *d, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        key_event(d, &ev->key);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (!d->grabbed) {
            if (ev->button.button == SDL_BUTTON_LEFT)
                sdl_set_grab(d, true);   /* the grabbing click stays with the host */
            break;
        }
        d->buttons |= button_bit(ev->button.button);
        ps2mouse_move(&d->b->mouse, d->dx, d->dy, d->dz, d->buttons);
        d->dx = d->dy = d->dz = 0;
        break;
    case SDL_MOUSEBUTTONUP:
        if (d->grabbed && (d->buttons & button_bit(ev->button.button))) {
            d->buttons &= ~button_bit(ev->button.button);
            ps2mouse_move(&d->b->mouse, d->dx, d->dy, d->dz, d->buttons);
            d->dx = d->dy = d->dz = 0;
        }
        break;
    case SDL_MOUSEMOTION:
        if (d->grabbed) {
            d->dx += ev->motion.xrel;
            d->dy += ev->motion.yrel;
        }
        break;
    case SDL_MOUSEWHEEL:
        if (d->grabbed) {
            int y = ev->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -ev->wheel.y : ev->wheel.y;
            d->dz -= y;   /* SDL: positive away from the user; PS/2: towards */
        }
        break;
    default:
        break;
    }
}

/* Type the next pasted character once the guest holds no key and the
 * keyboard's buffer is empty (so nothing is dropped and the user's
 * Ctrl+Alt from Ctrl+Alt+V is released first). */
static void paste_step(struct sdl_display *d)
{
    struct ps2kbd *k = &d->b->kbd;

    for (unsigned u = 0; u < 256; u++)
        if (bit(d->held, u))
            return;
    if (ps2kbd_room(k) < PS2KBD_KEY_BYTES)
        return;
    while (d->paste[d->paste_pos]) {
        unsigned char c = (unsigned char)d->paste[d->paste_pos++];
        bool shift;
        unsigned usage;
        if (c == '\r' && d->paste[d->paste_pos] == '\n')
            continue;   /* CR LF types one Enter */
        usage = keymap_ascii(c, &shift);
        if (!usage)
            continue;   /* not on a US keyboard (non-ASCII, control codes) */
        if (shift)
            ps2kbd_key(k, PS2KBD_KEY_LSHIFT, true);
        ps2kbd_key(k, usage, true);
        ps2kbd_key(k, usage, false);
        if (shift)
            ps2kbd_key(k, PS2KBD_KEY_LSHIFT, false);
        return;
    }
    free(d->paste);
    d->paste = NULL;
}

void sdl_input_poll(struct sdl_display *d)
{
    if (d->grabbed && (d->dx || d->dy || d->dz)) {
        ps2mouse_move(&d->b->mouse, d->dx, d->dy, d->dz, d->buttons);
        d->dx = d->dy = d->dz = 0;
    }
    if (d->paste)
        paste_step(d);
}
