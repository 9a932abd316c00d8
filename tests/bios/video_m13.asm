; video_m13.asm - graphics services in mode 13h (video_gfx.inc).
%define VMODE 0x13
%define VCOLORS 256
%include "video_gfx.inc"
