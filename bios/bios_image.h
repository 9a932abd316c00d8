/*
 * bios_image.h - the built-in BIOS image embedded in x86pc (bios_image.S,
 * assembled from bios/bios.asm): a 64 KiB system ROM for the board's
 * -bios slot (struct board_config bios/bios_size), used when no -bios FILE
 * is given. See docs/bios.md.
 */
#ifndef X86PC_BIOS_IMAGE_H
#define X86PC_BIOS_IMAGE_H

#include <stdint.h>

extern const uint8_t x86pc_bios_image[];
extern const uint32_t x86pc_bios_image_size;   /* bytes, a multiple of 64 KiB */

#endif
