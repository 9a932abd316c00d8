; video_m11.asm - graphics services in mode 11h (video_gfx.inc).
%define VMODE 0x11
%define VCOLORS 2
%include "video_gfx.inc"
