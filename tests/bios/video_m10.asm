; video_m10.asm - graphics services in mode 10h (video_gfx.inc).
%define VMODE 0x10
%define VCOLORS 16
%include "video_gfx.inc"
