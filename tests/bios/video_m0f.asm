; video_m0f.asm - graphics services in mode 0Fh (video_gfx.inc).
%define VMODE 0x0f
%define VCOLORS 4
%include "video_gfx.inc"
