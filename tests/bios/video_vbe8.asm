; video_vbe8.asm - VBE services in mode 101h (640x480, 256 colours).
%define VBE_MODE 0x101
%define VBE_BPP 8
%define VBE_W 640
%define VBE_H 480
%include "video_vbe.inc"
