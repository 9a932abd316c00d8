; video_m05.asm - graphics services in mode 05h (video_gfx.inc).
%define VMODE 0x05
%define VCOLORS 4
%include "video_gfx.inc"
