/*
 * fw_cfg.h - QEMU's firmware configuration device ("fw_cfg"), I/O-port
 * flavour, as on QEMU's PC machines (QEMU docs/specs/fw_cfg.rst).
 *
 * The firmware reads configuration items by number ("selector") or by name
 * (the file directory, item 0x19). x86pc creates it only for -kernel: it
 * carries the kernel, the initrd, the command line and the real-mode setup
 * to the linuxboot option ROM (devices/linuxboot_rom.asm), and that ROM
 * itself to SeaBIOS as the file "genroms/linuxboot.bin" (SeaBIOS runs every
 * genroms/ file as an option ROM and boots its PnP BEV).
 *
 * Ports:
 *   0x510 (16-bit write)  selector: chooses the item, data offset back to 0
 *   0x511 (8-bit read)    next data byte of the item (0 past its end)
 *   0x514 (32-bit write)  DMA address, high half, big-endian
 *   0x518 (32-bit write)  DMA address, low half, big-endian: starts the
 *                         transfer described by the FWCfgDmaAccess at that
 *                         guest-physical address, synchronously
 *   0x514-0x51B (read)    the signature "QEMU CFG"
 * FWCfgDmaAccess: be32 control, be32 length, be64 address. control bits:
 * ERROR 0x01, READ 0x02, SKIP 0x04, SELECT 0x08 (selector in bits 31-16),
 * WRITE 0x10 (refused here: items are read-only). On completion control is
 * written back as 0, or ERROR.
 * Items 0x00 signature "QEMU", 0x01 feature bits (1 = traditional, 2 = DMA).
 * Numeric items are little-endian; the file directory is big-endian.
 */
#ifndef X86PC_FW_CFG_H
#define X86PC_FW_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct board;
struct mem;

#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_PORT_DMA 0x514

/* Item numbers (QEMU include/standard-headers/linux/qemu_fw_cfg.h). */
enum {
    FW_CFG_SIGNATURE = 0x00, FW_CFG_ID = 0x01, FW_CFG_RAM_SIZE = 0x03,
    FW_CFG_NOGRAPHIC = 0x04, FW_CFG_NB_CPUS = 0x05,
    FW_CFG_KERNEL_ADDR = 0x07, FW_CFG_KERNEL_SIZE = 0x08,
    FW_CFG_INITRD_ADDR = 0x0a, FW_CFG_INITRD_SIZE = 0x0b,
    FW_CFG_BOOT_MENU = 0x0e, FW_CFG_MAX_CPUS = 0x0f,
    FW_CFG_KERNEL_DATA = 0x11, FW_CFG_INITRD_DATA = 0x12,
    FW_CFG_CMDLINE_ADDR = 0x13, FW_CFG_CMDLINE_SIZE = 0x14, FW_CFG_CMDLINE_DATA = 0x15,
    FW_CFG_SETUP_ADDR = 0x16, FW_CFG_SETUP_SIZE = 0x17, FW_CFG_SETUP_DATA = 0x18,
    FW_CFG_FILE_DIR = 0x19, FW_CFG_FILE_FIRST = 0x20
};

#define FW_CFG_DMA_ERROR 0x01u
#define FW_CFG_DMA_READ 0x02u
#define FW_CFG_DMA_SKIP 0x04u
#define FW_CFG_DMA_SELECT 0x08u
#define FW_CFG_DMA_WRITE 0x10u

#define FW_CFG_MAX_ITEMS 48
#define FW_CFG_MAX_FILES 8
#define FW_CFG_NAME_LEN 56

/* One item: `len` bytes at `data` (owned by the device when `owned`). */
struct fw_cfg_item {
    uint16_t key;
    uint8_t *data;
    uint32_t len;
    bool owned;
};

/* The device. Items are added before the guest runs and never change. */
struct fw_cfg {
    struct board *board;
    struct mem *mem;
    struct fw_cfg_item items[FW_CFG_MAX_ITEMS];
    unsigned nitems;
    unsigned nfiles;            /* files get keys FW_CFG_FILE_FIRST + n */
    uint8_t dir[4 + FW_CFG_MAX_FILES * 64];  /* the file directory (item 0x19) */
    int cur;                    /* index of the selected item, -1 for none */
    uint32_t offset;            /* read position in the selected item */
    uint32_t dma_hi;            /* DMA address high half (host order) */
};

/* Create the device with the signature, ID and file-directory items and
 * register its ports. Returns 0, or -1 (port conflict). */
int fw_cfg_init(struct fw_cfg *f, struct board *b, struct mem *mem);

/* Add item `key` with a copy of data[len] (or, with take = true, the
 * malloc'ed buffer itself, freed by fw_cfg_destroy). Returns 0, or -1 when
 * the table is full or the host is out of memory. */
int fw_cfg_add(struct fw_cfg *f, uint16_t key, const void *data, uint32_t len, bool take);
/* Add a little-endian 16/32-bit numeric item. */
int fw_cfg_add_u16(struct fw_cfg *f, uint16_t key, uint16_t v);
int fw_cfg_add_u32(struct fw_cfg *f, uint16_t key, uint32_t v);
/* Add a named file (name at most 55 characters) with a copy of data[len];
 * it gets the next key from FW_CFG_FILE_FIRST and a directory entry.
 * Returns 0, or -1. */
int fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t len);

/* State record "fw_cfg" (devices/state.h): the selected item's key (0xFFFF
 * for none), the read offset and the latched DMA high half. The items
 * themselves come from the command line and are not saved. load returns 0,
 * or -1 for a missing or newer record, an unknown key or a bad offset. */
#define FW_CFG_STATE_VERSION 1
struct state_writer;
void fw_cfg_save(const struct fw_cfg *f, struct state_writer *w);
int fw_cfg_load(struct fw_cfg *f, const void *buf, size_t len);

/* Reset: no item selected. */
void fw_cfg_reset(struct fw_cfg *f);
/* Free the owned item buffers. */
void fw_cfg_destroy(struct fw_cfg *f);

#endif
