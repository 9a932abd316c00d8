/*
 * wmclose.c - ask an X window to close as a window manager does when the
 * user clicks its close button: a WM_PROTOCOLS ClientMessage carrying
 * WM_DELETE_WINDOW (ICCCM 2.0, section 4.2.8.1). For the SDL window tests,
 * which run under Xvfb without a window manager.
 *
 * usage: wmclose WINDOW-ID (decimal or 0x hex); exit status 0 when sent.
 */
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    Display *dpy;
    XEvent ev = { 0 };
    Window w;

    if (argc != 2) {
        fprintf(stderr, "usage: wmclose WINDOW-ID\n");
        return 2;
    }
    w = (Window)strtoul(argv[1], NULL, 0);
    dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fprintf(stderr, "wmclose: cannot open the display\n");
        return 1;
    }
    ev.xclient.type = ClientMessage;
    ev.xclient.window = w;
    ev.xclient.message_type = XInternAtom(dpy, "WM_PROTOCOLS", False);
    ev.xclient.format = 32;
    ev.xclient.data.l[0] = (long)XInternAtom(dpy, "WM_DELETE_WINDOW", False);
    ev.xclient.data.l[1] = CurrentTime;
    XSendEvent(dpy, w, False, NoEventMask, &ev);
    XSync(dpy, False);
    XCloseDisplay(dpy);
    return 0;
}
