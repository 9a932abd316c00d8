; video_m0e.asm - graphics services in mode 0Eh (video_gfx.inc).
%define VMODE 0x0e
%define VCOLORS 16
%include "video_gfx.inc"
