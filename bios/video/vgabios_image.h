/*
 * vgabios_image.h - the built-in VGA BIOS embedded in x86pc
 * (vgabios_image.S, assembled from bios/video/vgabios.asm): an option ROM
 * (a multiple of 512 bytes, 55AAh signature, checksum 0) for the board's
 * VGA BIOS slot (struct board_config vga_bios/vga_bios_size), used when no
 * -vga-bios FILE is given. See bios/video/README.md.
 */
#ifndef X86PC_VGABIOS_IMAGE_H
#define X86PC_VGABIOS_IMAGE_H

#include <stdint.h>

extern const uint8_t x86pc_vgabios_image[];
extern const uint32_t x86pc_vgabios_image_size;   /* bytes, a multiple of 512 */

#endif
