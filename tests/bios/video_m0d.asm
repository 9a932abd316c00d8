; video_m0d.asm - graphics services in mode 0Dh (video_gfx.inc).
%define VMODE 0x0d
%define VCOLORS 16
%include "video_gfx.inc"
