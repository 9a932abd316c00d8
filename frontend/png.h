/*
 * png.h - a minimal PNG encoder for screenshots (PNG specification, ISO/IEC
 * 15948:2003 / W3C PNG 2nd edition): 8-bit RGB (colour type 2), no
 * interlace, one IDAT chunk compressed with zlib, CRC-32 per chunk.
 */
#ifndef X86PC_PNG_H
#define X86PC_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Encode width x height 0x00RRGGBB pixels (row by row) as a PNG in a new
 * malloc'd buffer (*out, *len). Returns 0, or -1 on a bad size (0, or more
 * than 65535 in either direction) or host allocation/zlib failure. */
int png_encode(const uint32_t *pixels, int width, int height, uint8_t **out, size_t *len);

/* Encode and write to `path`. Returns 0, or -1 with errno-style reason
 * (the caller reports it). */
int png_write(const char *path, const uint32_t *pixels, int width, int height);

#endif
