; video_vbe32.asm - VBE services in mode 142h (640x480, 32 bpp).
%define VBE_MODE 0x142
%define VBE_BPP 32
%define VBE_W 640
%define VBE_H 480
%include "video_vbe.inc"
