; video_m12.asm - graphics services in mode 12h (video_gfx.inc).
%define VMODE 0x12
%define VCOLORS 16
%include "video_gfx.inc"
