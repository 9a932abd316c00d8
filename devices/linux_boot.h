/*
 * linux_boot.h - direct Linux boot (-kernel/-initrd/-append): a boot loader
 * for the Linux x86 boot protocol 2.02 and later (Linux
 * Documentation/arch/x86/boot.rst) that runs after the BIOS's POST, as
 * QEMU's -kernel does.
 *
 * linux_boot_setup() reads and checks the bzImage (boot sector flag 0xAA55,
 * "HdrS", protocol >= 2.02, LOADED_HIGH), chooses the memory layout
 *   0x10000            real-mode setup: boot sector + setup_sects sectors,
 *                      its heap up to 0x1FE00 (heap_end_ptr 0xFE00)
 *   0x20000            the command line (NUL-terminated, <= cmdline_size)
 *   0x100000           the protected-mode kernel (syssize paragraphs)
 *   high               the initrd, 4 KiB aligned, ending below
 *                      min(initrd_addr_max + 1, RAM top - 1 MiB) (the top
 *                      MiB is left to the BIOS's tables)
 * patches the setup header (type_of_loader 0xFF, loadflags CAN_USE_HEAP,
 * heap_end_ptr, cmd_line_ptr, ramdisk_image/size, vid_mode from "vga=").
 * No E820 table is written: with the real-mode entry the setup code sits
 * where a 32-bit loader would put the zero page (its code starts at 0x26C,
 * so a table at 0x2D0 would overwrite it), and it builds boot_params itself,
 * the memory map from the BIOS's INT 15h E820 (which follows -m and the
 * BIOS's own reservations). Then it creates the fw_cfg
 * device with all of it plus the option ROM devices/linuxboot_rom.asm as
 * "genroms/linuxboot.bin" and a "bootorder" that boots it first (SeaBIOS),
 * and maps the same ROM at LINUX_ROM_ISA_ADDR (the built-in BIOS). The BIOS
 * runs the ROM after POST; the ROM copies the pieces into RAM and jumps to
 * the setup code at 0x1020:0000 with DS=ES=FS=GS=SS=0x1000, SP=0xFFF0.
 * Nothing is written to guest RAM before that, so the BIOS's POST cannot
 * clobber the images, and a reset boots the kernel again.
 */
#ifndef X86PC_LINUX_BOOT_H
#define X86PC_LINUX_BOOT_H

#include <stddef.h>
#include <stdint.h>

struct board;

/* The layout above (physical addresses). */
#define LINUX_REAL_ADDR 0x10000u
#define LINUX_CMDLINE_ADDR 0x20000u
#define LINUX_KERNEL_ADDR 0x100000u
#define LINUX_TOP_RESERVE 0x100000u
/* Where the option ROM is also mapped (read-only, one 4 KiB page) for
 * BIOSes that scan the ISA option-ROM area (C8000-EFFFF, 2 KiB steps) rather
 * than read fw_cfg: below a 128 KiB BIOS image's low mapping (0xE0000) and
 * above a VGA BIOS of up to 124 KiB. Its init entry hooks INT 19h when the
 * BIOS passes no "$PnP" structure in ES:DI. */
#define LINUX_ROM_ISA_ADDR 0xDF000u

/* The option ROM image (nasm output embedded by the Makefile as
 * build/.../gen/linuxboot_rom.c). */
extern const uint8_t linuxboot_rom[];
extern const unsigned linuxboot_rom_size;

/* Prepare a direct boot of `kernel` (bzImage path) with optional `initrd`
 * (path or NULL) and `cmdline` (NULL = empty) on board b (RAM size from
 * b->cfg.ram_mib): create b->fw_cfg as described above. Returns 0, or -1
 * with a one-line reason in err[errlen]: a CPU model before the 386, file
 * unreadable, not a bzImage,
 * boot protocol older than 2.02, not loadable high (zImage), command line
 * longer than cmdline_size, kernel or initrd too big for the RAM. */
int linux_boot_setup(struct board *b, const char *kernel, const char *initrd,
                     const char *cmdline, char *err, size_t errlen);

#endif
