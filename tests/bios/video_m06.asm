; video_m06.asm - graphics services in mode 06h (video_gfx.inc).
%define VMODE 0x06
%define VCOLORS 2
%include "video_gfx.inc"
