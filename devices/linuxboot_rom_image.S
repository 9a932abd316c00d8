/*
 * linuxboot_rom_image.S - embeds the -kernel option ROM
 * (devices/linuxboot_rom.asm, assembled by nasm at build time) into x86pc
 * as linuxboot_rom[] / linuxboot_rom_size (devices/linux_boot.h). The
 * Makefile compiles it with -DLINUXBOOT_BIN="path". No binary is kept in
 * the repository.
 */
        .section .rodata
        .balign 16
        .global linuxboot_rom
        .type   linuxboot_rom, @object
linuxboot_rom:
        .incbin LINUXBOOT_BIN
linuxboot_rom_end:
        .size   linuxboot_rom, linuxboot_rom_end - linuxboot_rom
        .balign 4
        .global linuxboot_rom_size
        .type   linuxboot_rom_size, @object
linuxboot_rom_size:
        .long   linuxboot_rom_end - linuxboot_rom
        .size   linuxboot_rom_size, 4
        .section .note.GNU-stack, "", @progbits
