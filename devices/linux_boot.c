/*
 * linux_boot.c - direct Linux boot per the x86 boot protocol (see
 * linux_boot.h; Linux Documentation/arch/x86/boot.rst).
 */
#include "linux_boot.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../mmu/mem.h"
#include "board.h"
#include "fw_cfg.h"

/* Setup header offsets (boot.rst, "The real-mode kernel header"). */
#define HDR_SETUP_SECTS 0x1F1
#define HDR_VID_MODE 0x1FA
#define HDR_BOOT_FLAG 0x1FE
#define HDR_HEADER 0x202
#define HDR_VERSION 0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS 0x211
#define HDR_CODE32_START 0x214
#define HDR_RAMDISK_IMAGE 0x218
#define HDR_RAMDISK_SIZE 0x21C
#define HDR_HEAP_END_PTR 0x224
#define HDR_CMD_LINE_PTR 0x228
#define HDR_INITRD_ADDR_MAX 0x22C
#define HDR_KERNEL_ALIGNMENT 0x230
#define HDR_RELOCATABLE 0x234
#define HDR_CMDLINE_SIZE 0x238
#define HDR_PREF_ADDRESS 0x258
#define HDR_INIT_SIZE 0x260

#define LOADED_HIGH 0x01
#define CAN_USE_HEAP 0x80


static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16; }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void wr32(uint8_t *p, uint32_t v) { wr16(p, (uint16_t)v); wr16(p + 2, (uint16_t)(v >> 16)); }

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Read a whole regular file (at most `max` bytes) into a malloc'ed buffer.
 * Returns NULL with the reason in err. */
static uint8_t *read_file(const char *what, const char *path, uint64_t max, uint32_t *size,
                          char *err, size_t errlen)
{
    struct stat st;
    uint8_t *buf;
    FILE *f = fopen(path, "rb");

    if (!f) {
        fail(err, errlen, "%s %s: %s", what, path, strerror(errno));
        return NULL;
    }
    if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        fail(err, errlen, "%s %s: not a regular file", what, path);
        return NULL;
    }
    if ((uint64_t)st.st_size > max) {
        fclose(f);
        fail(err, errlen, "%s %s: %llu bytes is more than the %llu MiB of guest RAM allow "
             "(use a larger -m)", what, path, (unsigned long long)st.st_size,
             (unsigned long long)(max >> 20));
        return NULL;
    }
    buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        free(buf);
        fclose(f);
        fail(err, errlen, "%s %s: read error", what, path);
        return NULL;
    }
    fclose(f);
    *size = (uint32_t)st.st_size;
    return buf;
}

/* The "vga=" option of the command line, handled by the boot loader
 * (boot.rst, "Special command line options"): normal 0xFFFF, ext 0xFFFE,
 * ask 0xFFFD, or a mode number. Default normal. */
static uint16_t vga_mode(const char *cmdline)
{
    const char *p = cmdline;

    while ((p = strstr(p, "vga=")) != NULL) {
        if (p == cmdline || p[-1] == ' ')
            break;
        p += 4;
    }
    if (!p)
        return 0xFFFF;
    p += 4;
    if (!strncmp(p, "normal", 6))
        return 0xFFFF;
    if (!strncmp(p, "ext", 3))
        return 0xFFFE;
    if (!strncmp(p, "ask", 3))
        return 0xFFFD;
    return (uint16_t)strtoul(p, NULL, 0);
}

int linux_boot_setup(struct board *b, const char *kernel_path, const char *initrd_path,
                     const char *cmdline, char *err, size_t errlen)
{
    uint64_t ram = (uint64_t)b->cfg.ram_mib << 20;
    uint8_t *img, *initrd = NULL, *rom = NULL;
    uint32_t img_size, initrd_size = 0, setup_size, kernel_size, cmdline_max;
    uint32_t initrd_addr = 0, need;
    uint16_t version;
    uint8_t sum;
    struct fw_cfg *f;
    static const char bootorder[] = "/rom@genroms/linuxboot.bin\n";

    if (!cmdline)
        cmdline = "";
    if (b->cfg.model < CPU_386)
        return fail(err, errlen, "-kernel: Linux and the linuxboot option ROM need a 386 "
                    "or later CPU (this is -cpu %s)", b->cfg.model == CPU_286 ? "286" :
                    b->cfg.model == CPU_186 ? "186" : "8086");
    img = read_file("-kernel", kernel_path, ram, &img_size, err, errlen);
    if (!img)
        return -1;
    if (img_size < 0x1000 || rd16(img + HDR_BOOT_FLAG) != 0xAA55 ||
        memcmp(img + HDR_HEADER, "HdrS", 4) != 0) {
        free(img);
        return fail(err, errlen, "-kernel %s: not a Linux x86 bzImage (no boot sector flag "
                    "0xAA55 and \"HdrS\" setup header at 0x1FE/0x202)", kernel_path);
    }
    version = rd16(img + HDR_VERSION);
    if (version < 0x0202) {
        free(img);
        return fail(err, errlen, "-kernel %s: boot protocol %u.%02u is too old (x86pc needs "
                    "2.02 or later, Linux 2.4 and newer)", kernel_path, version >> 8,
                    version & 0xFF);
    }
    if (!(img[HDR_LOADFLAGS] & LOADED_HIGH)) {
        free(img);
        return fail(err, errlen, "-kernel %s: a zImage (protected-mode code at 0x10000); "
                    "x86pc loads only bzImage kernels (LOADED_HIGH)", kernel_path);
    }
    setup_size = (uint32_t)((img[HDR_SETUP_SECTS] ? img[HDR_SETUP_SECTS] : 4) + 1) * 512;
    if (setup_size >= img_size || setup_size > LINUX_CMDLINE_ADDR - LINUX_REAL_ADDR - 0x1000) {
        unsigned sects = img[HDR_SETUP_SECTS];
        free(img);
        return fail(err, errlen, "-kernel %s: setup_sects %u does not fit the file or the "
                    "real-mode area", kernel_path, sects);
    }
    kernel_size = img_size - setup_size;
    cmdline_max = version >= 0x0206 ? rd32(img + HDR_CMDLINE_SIZE) : 255;
    if (strlen(cmdline) > cmdline_max) {
        free(img);
        return fail(err, errlen, "-append: the command line has %zu characters, this kernel "
                    "takes at most %u (cmdline_size)", strlen(cmdline), cmdline_max);
    }

    /* RAM the kernel needs: its image at 1 MiB, and (protocol 2.10+) the
     * decompressed kernel of init_size bytes at pref_address or above. */
    need = LINUX_KERNEL_ADDR + kernel_size;
    if (version >= 0x020A) {
        uint64_t pref = rd32(img + HDR_PREF_ADDRESS) | (uint64_t)rd32(img + HDR_PREF_ADDRESS + 4) << 32;
        uint64_t end = (pref > LINUX_KERNEL_ADDR ? pref : LINUX_KERNEL_ADDR) +
                       rd32(img + HDR_INIT_SIZE);
        if (end > need)
            need = end > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)end;
    }
    if (need > ram) {
        uint32_t init_size = rd32(img + HDR_INIT_SIZE), pref = rd32(img + HDR_PREF_ADDRESS);
        free(img);
        return fail(err, errlen, "-kernel %s: needs at least %u MiB of RAM (image, then "
                    "init_size 0x%x at 0x%x); use -m %u or more", kernel_path,
                    (need + 0xFFFFF) >> 20, init_size, pref, ((need + 0xFFFFF) >> 20) + 16);
    }

    if (initrd_path) {
        uint64_t top = ram - LINUX_TOP_RESERVE;
        uint64_t max = version >= 0x0203 ? (uint64_t)rd32(img + HDR_INITRD_ADDR_MAX) + 1
                                         : 0x38000000u;
        initrd = read_file("-initrd", initrd_path, ram, &initrd_size, err, errlen);
        if (!initrd) {
            free(img);
            return -1;
        }
        if (max < top)
            top = max;
        if ((uint64_t)initrd_size + need > top) {
            uint32_t mib = (uint32_t)((need + (uint64_t)initrd_size + LINUX_TOP_RESERVE +
                                       0xFFFFF) >> 20);
            free(img);
            free(initrd);
            return fail(err, errlen, "-initrd %s: %u bytes do not fit between the kernel "
                        "(up to 0x%x) and the top of RAM or initrd_addr_max 0x%llx; "
                        "use -m %u or more", initrd_path, initrd_size, need,
                        (unsigned long long)(max - 1), mib);
        }
        initrd_addr = (uint32_t)((top - initrd_size) & ~(uint64_t)0xFFF);
    }

    /* Patch the setup header (boot.rst, "Details of header fields"). */
    img[HDR_TYPE_OF_LOADER] = 0xFF;            /* undefined loader ID */
    img[HDR_LOADFLAGS] |= CAN_USE_HEAP;
    wr16(img + HDR_HEAP_END_PTR, (uint16_t)(LINUX_CMDLINE_ADDR - LINUX_REAL_ADDR - 0x200));
    wr32(img + HDR_CMD_LINE_PTR, LINUX_CMDLINE_ADDR);
    wr16(img + HDR_VID_MODE, vga_mode(cmdline));
    wr32(img + HDR_RAMDISK_IMAGE, initrd_addr);
    wr32(img + HDR_RAMDISK_SIZE, initrd_size);

    /* The option ROM with its two checksums (PnP header, whole image). */
    rom = malloc(linuxboot_rom_size);
    if (!rom) {
        free(img);
        free(initrd);
        return fail(err, errlen, "out of host memory");
    }
    memcpy(rom, linuxboot_rom, linuxboot_rom_size);
    {
        uint16_t pnp = rd16(rom + 0x1A);
        rom[pnp + 9] = 0;
        sum = 0;
        for (unsigned k = 0; k < (unsigned)rom[pnp + 5] * 16u; k++)
            sum = (uint8_t)(sum + rom[pnp + k]);
        rom[pnp + 9] = (uint8_t)-sum;
        rom[linuxboot_rom_size - 1] = 0;
        sum = 0;
        for (unsigned k = 0; k < linuxboot_rom_size; k++)
            sum = (uint8_t)(sum + rom[k]);
        rom[linuxboot_rom_size - 1] = (uint8_t)-sum;
    }

    f = calloc(1, sizeof(*f));
    if (!f || fw_cfg_init(f, b, b->mem) < 0) {
        free(f);
        free(img);
        free(initrd);
        free(rom);
        return fail(err, errlen, f ? "fw_cfg: port conflict" : "out of host memory");
    }
    b->fw_cfg = f;
    if (fw_cfg_add_u16(f, FW_CFG_NB_CPUS, 1) < 0 || fw_cfg_add_u16(f, FW_CFG_MAX_CPUS, 1) < 0 ||
        fw_cfg_add_u16(f, FW_CFG_BOOT_MENU, 0) < 0 ||
        fw_cfg_add_u32(f, FW_CFG_SETUP_ADDR, LINUX_REAL_ADDR) < 0 ||
        fw_cfg_add_u32(f, FW_CFG_SETUP_SIZE, setup_size) < 0 ||
        fw_cfg_add_u32(f, FW_CFG_KERNEL_ADDR, LINUX_KERNEL_ADDR) < 0 ||
        fw_cfg_add_u32(f, FW_CFG_KERNEL_SIZE, kernel_size) < 0 ||
        fw_cfg_add_u32(f, FW_CFG_CMDLINE_ADDR, LINUX_CMDLINE_ADDR) < 0 ||
        fw_cfg_add_u32(f, FW_CFG_CMDLINE_SIZE, (uint32_t)strlen(cmdline) + 1) < 0 ||
        fw_cfg_add(f, FW_CFG_CMDLINE_DATA, cmdline, (uint32_t)strlen(cmdline) + 1, false) < 0 ||
        fw_cfg_add_u32(f, FW_CFG_INITRD_ADDR, initrd_addr) < 0 ||
        fw_cfg_add_u32(f, FW_CFG_INITRD_SIZE, initrd_size) < 0 ||
        fw_cfg_add(f, FW_CFG_INITRD_DATA, initrd, initrd_size, initrd != NULL) < 0 ||
        fw_cfg_add(f, FW_CFG_SETUP_DATA, img, setup_size, false) < 0 ||
        fw_cfg_add(f, FW_CFG_KERNEL_DATA, img + setup_size, kernel_size, false) < 0 ||
        fw_cfg_add_file(f, "genroms/linuxboot.bin", rom, linuxboot_rom_size) < 0 ||
        fw_cfg_add_file(f, "bootorder", bootorder, sizeof(bootorder) - 1) < 0) {
        free(img);
        free(rom);
        return fail(err, errlen, "fw_cfg: out of host memory");
    }
    /* The same ROM in the ISA option-ROM area for a BIOS that scans
     * 0xC8000-0xEFFFF instead of reading fw_cfg (the built-in BIOS). */
    {
        uint8_t page[4096];
        memset(page, 0, sizeof(page));
        memcpy(page, rom, linuxboot_rom_size);
        if (mem_map_rom(b->mem, LINUX_ROM_ISA_ADDR, page, sizeof(page)) < 0) {
            free(img);
            free(rom);
            return fail(err, errlen, "cannot map the linuxboot ROM: memory map full");
        }
    }
    free(img);
    free(rom);
    return 0;
}
