/*
 * vgabios_image.S - embeds the built-in VGA BIOS into the x86pc binary.
 *
 * The Makefile assembles bios/video/vgabios.asm with nasm and finishes it
 * with bios/video/romfix.py into build/bios/video/vgabios.bin (an option
 * ROM: 55AAh, length in 512-byte blocks, checksum), then compiles this file
 * with -DVGABIOS_BIN="path"; .incbin copies the image into .rodata. No
 * binary is kept in the repository. frontend/main.c installs it as the
 * VGA BIOS (PCI expansion ROM of 00:02.0, shadowed at 0xC0000) when no
 * -vga-bios is given.
 */
        .section .rodata
        .balign 16
        .global x86pc_vgabios_image
        .type   x86pc_vgabios_image, @object
x86pc_vgabios_image:
        .incbin VGABIOS_BIN
x86pc_vgabios_image_end:
        .size   x86pc_vgabios_image, x86pc_vgabios_image_end - x86pc_vgabios_image
        .balign 4
        .global x86pc_vgabios_image_size
        .type   x86pc_vgabios_image_size, @object
x86pc_vgabios_image_size:
        .long   x86pc_vgabios_image_end - x86pc_vgabios_image
        .size   x86pc_vgabios_image_size, 4
        .section .note.GNU-stack, "", @progbits
