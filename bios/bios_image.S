/*
 * bios_image.S - embeds the built-in BIOS into the x86pc binary.
 *
 * The Makefile assembles bios/bios.asm with nasm into build/bios/bios.bin
 * (a 64 KiB system ROM image) and compiles this file with
 * -DBIOS_BIN="path"; .incbin copies the image into .rodata. No binary is
 * kept in the repository. frontend/main.c uses it when no -bios is given.
 */
        .section .rodata
        .balign 16
        .global x86pc_bios_image
        .type   x86pc_bios_image, @object
x86pc_bios_image:
        .incbin BIOS_BIN
x86pc_bios_image_end:
        .size   x86pc_bios_image, x86pc_bios_image_end - x86pc_bios_image
        .balign 4
        .global x86pc_bios_image_size
        .type   x86pc_bios_image_size, @object
x86pc_bios_image_size:
        .long   x86pc_bios_image_end - x86pc_bios_image
        .size   x86pc_bios_image_size, 4
        .section .note.GNU-stack, "", @progbits
