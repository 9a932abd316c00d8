; video_m04.asm - graphics services in mode 04h (video_gfx.inc).
%define VMODE 0x04
%define VCOLORS 4
%include "video_gfx.inc"
