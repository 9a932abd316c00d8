; video_vbe24.asm - VBE services in mode 112h (640x480, 24 bpp).
%define VBE_MODE 0x112
%define VBE_BPP 24
%define VBE_W 640
%define VBE_H 480
%include "video_vbe.inc"
