/*
 * test_linux_boot.c - unit tests of direct Linux boot (devices/linux_boot.c)
 * and the fw_cfg device (devices/fw_cfg.c): bzImage checks and their
 * errors, the patched setup header, the initrd placement, fw_cfg's
 * signature, numeric items, file directory and DMA, and the option ROM
 * (checksums, PnP header, ISA-area copy).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../devices/board.h"
#include "../../devices/fw_cfg.h"
#include "../../devices/linux_boot.h"
#include "../../devices/state.h"
#include "../../mmu/mem.h"

static uint8_t bios[64 * 1024];

/* Write a file and return its path (a static buffer per slot). */
static const char *write_tmp(int slot, const uint8_t *data, size_t len)
{
    static char path[4][64];
    FILE *f;

    snprintf(path[slot], sizeof(path[slot]), "/tmp/x86pc-test-lb-%d-%d", (int)getpid(), slot);
    f = fopen(path[slot], "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path[slot];
}

/* A minimal bzImage: 4 setup sectors + boot sector, then `ksize` bytes of
 * "kernel" (0xC3 pattern), protocol `ver`, loadflags `lf`. */
static uint8_t *fake_bzimage(size_t *len, uint16_t ver, uint8_t lf, uint32_t ksize)
{
    size_t setup = 5 * 512;
    uint8_t *img = calloc(1, setup + ksize);

    assert_non_null(img);
    img[0x1F1] = 4;
    img[0x1FE] = 0x55;
    img[0x1FF] = 0xAA;
    memcpy(img + 0x202, "HdrS", 4);
    img[0x206] = (uint8_t)ver;
    img[0x207] = (uint8_t)(ver >> 8);
    img[0x211] = lf;
    img[0x22C] = 0xFF; img[0x22D] = 0xFF; img[0x22E] = 0xFF; img[0x22F] = 0x37;
    img[0x238] = 0xFF;                 /* cmdline_size 255 */
    for (uint32_t k = 0; k < ksize; k++)
        img[setup + k] = (uint8_t)(0xC3 + k);
    *len = setup + ksize;
    return img;
}

static struct board *make_board(uint32_t mib, const char *kernel, const char *initrd,
                                const char *cmdline, char *err, size_t errlen)
{
    struct board_config cfg;

    memset(&cfg, 0, sizeof(cfg));
    cfg.ram_mib = mib;
    cfg.model = CPU_P6;
    cfg.bios = bios;
    cfg.bios_size = sizeof(bios);
    cfg.kernel_path = kernel;
    cfg.initrd_path = initrd;
    cfg.append = cmdline;
    return board_create(&cfg, err, errlen);
}

static uint32_t cfg_u32(struct board *b, uint16_t key)
{
    uint32_t v = 0;

    board_io_write(b, FW_CFG_PORT_SEL, key, 2);
    for (int k = 0; k < 4; k++)
        v |= board_io_read(b, FW_CFG_PORT_DATA, 1) << (8 * k);
    return v;
}

/* Run one fw_cfg DMA read of `len` bytes of item `key` to physical `dst`,
 * the descriptor at physical 0x1000; returns the control word after it. */
static uint32_t dma_read(struct board *b, uint16_t key, uint32_t dst, uint32_t len)
{
    uint32_t ctl = (uint32_t)key << 16 | FW_CFG_DMA_SELECT | FW_CFG_DMA_READ;
    uint8_t d[16] = {
        (uint8_t)(ctl >> 24), (uint8_t)(ctl >> 16), (uint8_t)(ctl >> 8), (uint8_t)ctl,
        (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len,
        0, 0, 0, 0,
        (uint8_t)(dst >> 24), (uint8_t)(dst >> 16), (uint8_t)(dst >> 8), (uint8_t)dst,
    };

    for (int k = 0; k < 16; k++)
        mem_write8(b->mem, 0x1000 + (uint32_t)k, d[k]);
    board_io_write(b, FW_CFG_PORT_DMA, 0, 4);
    board_io_write(b, FW_CFG_PORT_DMA + 4, 0x00100000u, 4);   /* be32(0x1000) */
    return mem_read32(b->mem, 0x1000);
}

static void test_rejects(void **state)
{
    char err[256];
    size_t len;
    uint8_t *img;
    const char *p;

    (void)state;
    img = fake_bzimage(&len, 0x020F, 0x01, 4096);
    p = write_tmp(0, img, len);
    {
        struct board_config cfg;
        memset(&cfg, 0, sizeof(cfg));
        cfg.ram_mib = 16;
        cfg.model = CPU_286;
        cfg.bios = bios;
        cfg.bios_size = sizeof(bios);
        cfg.kernel_path = p;
        assert_null(board_create(&cfg, err, sizeof(err)));
        assert_non_null(strstr(err, "386"));
    }
    free(img);
    p = write_tmp(0, (const uint8_t *)"hello, not a kernel", 19);
    assert_null(make_board(64, p, NULL, NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "not a Linux x86 bzImage"));

    img = fake_bzimage(&len, 0x0201, 0x01, 4096);
    p = write_tmp(0, img, len);
    assert_null(make_board(64, p, NULL, NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "too old"));
    free(img);

    img = fake_bzimage(&len, 0x020F, 0x00, 4096);
    p = write_tmp(0, img, len);
    assert_null(make_board(64, p, NULL, NULL, err, sizeof(err)));
    assert_non_null(strstr(err, "zImage"));
    free(img);

    img = fake_bzimage(&len, 0x0206, 0x01, 4096);
    p = write_tmp(0, img, len);
    {
        char longline[300];
        memset(longline, 'x', sizeof(longline) - 1);
        longline[sizeof(longline) - 1] = '\0';
        assert_null(make_board(64, p, NULL, longline, err, sizeof(err)));
        assert_non_null(strstr(err, "cmdline_size"));
    }
    /* 3 MiB initrd in 4 MiB of RAM: kernel at 1 MiB, top MiB reserved. */
    {
        uint8_t *big = calloc(1, 3u << 20);
        const char *ip = write_tmp(1, big, 3u << 20);
        assert_null(make_board(4, p, ip, NULL, err, sizeof(err)));
        assert_non_null(strstr(err, "do not fit"));
        free(big);
        unlink(ip);
    }
    free(img);
    unlink(p);
}

static void test_boot_items(void **state)
{
    char err[256];
    size_t len;
    uint8_t *img = fake_bzimage(&len, 0x020F, 0x01, 10000);
    uint8_t initrd[5000];
    const char *kp, *ip;
    struct board *b;
    uint32_t initrd_addr;

    (void)state;
    for (unsigned k = 0; k < sizeof(initrd); k++)
        initrd[k] = (uint8_t)(k * 7);
    kp = write_tmp(0, img, len);
    ip = write_tmp(1, initrd, sizeof(initrd));
    b = make_board(64, kp, ip, "console=ttyS0 vga=ext", err, sizeof(err));
    assert_non_null(b);

    /* Signature and feature bits. */
    board_io_write(b, FW_CFG_PORT_SEL, FW_CFG_SIGNATURE, 2);
    assert_int_equal(board_io_read(b, FW_CFG_PORT_DATA, 1), 'Q');
    assert_int_equal(board_io_read(b, FW_CFG_PORT_DATA, 1), 'E');
    assert_int_equal(cfg_u32(b, FW_CFG_ID), 3);
    assert_int_equal(board_io_read(b, FW_CFG_PORT_DMA, 4), 0x554D4551u);   /* "QEMU" */

    /* Layout. */
    assert_int_equal(cfg_u32(b, FW_CFG_SETUP_ADDR), LINUX_REAL_ADDR);
    assert_int_equal(cfg_u32(b, FW_CFG_SETUP_SIZE), 5 * 512);
    assert_int_equal(cfg_u32(b, FW_CFG_KERNEL_ADDR), LINUX_KERNEL_ADDR);
    assert_int_equal(cfg_u32(b, FW_CFG_KERNEL_SIZE), 10000);
    assert_int_equal(cfg_u32(b, FW_CFG_CMDLINE_ADDR), LINUX_CMDLINE_ADDR);
    assert_int_equal(cfg_u32(b, FW_CFG_CMDLINE_SIZE), strlen("console=ttyS0 vga=ext") + 1);
    assert_int_equal(cfg_u32(b, FW_CFG_INITRD_SIZE), sizeof(initrd));
    initrd_addr = cfg_u32(b, FW_CFG_INITRD_ADDR);
    assert_int_equal(initrd_addr & 0xFFF, 0);
    assert_true(initrd_addr + sizeof(initrd) <= (64u << 20) - LINUX_TOP_RESERVE);
    assert_true(initrd_addr + sizeof(initrd) > (64u << 20) - LINUX_TOP_RESERVE - 4096);

    /* DMA: the patched setup header, the kernel, the initrd, the cmdline. */
    assert_int_equal(dma_read(b, FW_CFG_SETUP_DATA, LINUX_REAL_ADDR, 5 * 512), 0);
    assert_int_equal(mem_read8(b->mem, LINUX_REAL_ADDR + 0x210), 0xFF);       /* loader */
    assert_int_equal(mem_read8(b->mem, LINUX_REAL_ADDR + 0x211), 0x81);       /* heap */
    assert_int_equal(mem_read16(b->mem, LINUX_REAL_ADDR + 0x224), 0xFE00);
    assert_int_equal(mem_read32(b->mem, LINUX_REAL_ADDR + 0x228), LINUX_CMDLINE_ADDR);
    assert_int_equal(mem_read32(b->mem, LINUX_REAL_ADDR + 0x218), initrd_addr);
    assert_int_equal(mem_read32(b->mem, LINUX_REAL_ADDR + 0x21C), sizeof(initrd));
    assert_int_equal(mem_read16(b->mem, LINUX_REAL_ADDR + 0x1FA), 0xFFFE);    /* vga=ext */
    assert_int_equal(dma_read(b, FW_CFG_KERNEL_DATA, LINUX_KERNEL_ADDR, 10000), 0);
    for (uint32_t k = 0; k < 10000; k += 997)
        assert_int_equal(mem_read8(b->mem, LINUX_KERNEL_ADDR + k), (uint8_t)(0xC3 + k));
    /* With the A20 gate closed, DMA still reaches odd megabytes. */
    mem_set_a20(b->mem, false);
    assert_int_equal(dma_read(b, FW_CFG_INITRD_DATA, initrd_addr, sizeof(initrd)), 0);
    mem_set_a20(b->mem, true);
    assert_memory_equal(mem_ram(b->mem) + initrd_addr, initrd, sizeof(initrd));
    /* A read past the item's end fills zeros. */
    mem_write8(b->mem, LINUX_CMDLINE_ADDR + 40, 0x77);
    assert_int_equal(dma_read(b, FW_CFG_CMDLINE_DATA, LINUX_CMDLINE_ADDR, 64), 0);
    assert_string_equal((const char *)mem_ram(b->mem) + LINUX_CMDLINE_ADDR,
                        "console=ttyS0 vga=ext");
    assert_int_equal(mem_read8(b->mem, LINUX_CMDLINE_ADDR + 40), 0);
    /* Writes through DMA are refused with the error bit. */
    {
        uint8_t d[16] = { 0, 0, 0, FW_CFG_DMA_WRITE, 0, 0, 0, 4 };
        for (int k = 0; k < 16; k++)
            mem_write8(b->mem, 0x1000 + (uint32_t)k, d[k]);
        board_io_write(b, FW_CFG_PORT_DMA + 4, 0x00100000u, 4);
        assert_int_equal(mem_read8(b->mem, 0x1003), FW_CFG_DMA_ERROR);
    }
    board_destroy(b);
    free(img);
    unlink(kp);
    unlink(ip);
}

static void test_rom_and_directory(void **state)
{
    char err[256], name[57];
    size_t len;
    uint8_t *img = fake_bzimage(&len, 0x020F, 0x01, 4096);
    const char *kp = write_tmp(0, img, len);
    struct board *b = make_board(64, kp, NULL, NULL, err, sizeof(err));
    uint32_t count, rom_size = 0;
    uint16_t rom_key = 0;
    uint8_t sum = 0;

    (void)state;
    assert_non_null(b);
    board_io_write(b, FW_CFG_PORT_SEL, FW_CFG_FILE_DIR, 2);
    count = 0;
    for (int k = 0; k < 4; k++)
        count = count << 8 | board_io_read(b, FW_CFG_PORT_DATA, 1);
    assert_int_equal(count, 2);
    for (uint32_t e = 0; e < count; e++) {
        uint8_t ent[64];
        for (int k = 0; k < 64; k++)
            ent[k] = (uint8_t)board_io_read(b, FW_CFG_PORT_DATA, 1);
        memcpy(name, ent + 8, 56);
        name[56] = '\0';
        if (!strcmp(name, "genroms/linuxboot.bin")) {
            rom_size = (uint32_t)ent[0] << 24 | ent[1] << 16 | ent[2] << 8 | ent[3];
            rom_key = (uint16_t)(ent[4] << 8 | ent[5]);
        } else {
            assert_string_equal(name, "bootorder");
        }
    }
    assert_int_equal(rom_size, linuxboot_rom_size);
    assert_int_equal(rom_size % 512, 0);
    /* The ROM through fw_cfg: signature, size, checksums, PnP BEV. */
    assert_int_equal(dma_read(b, rom_key, 0x30000, rom_size), 0);
    {
        const uint8_t *r = mem_ram(b->mem) + 0x30000;
        uint16_t pnp = (uint16_t)(r[0x1A] | r[0x1B] << 8);
        assert_int_equal(r[0], 0x55);
        assert_int_equal(r[1], 0xAA);
        assert_int_equal(r[2] * 512u, rom_size);
        for (uint32_t k = 0; k < rom_size; k++)
            sum = (uint8_t)(sum + r[k]);
        assert_int_equal(sum, 0);
        assert_memory_equal(r + pnp, "$PnP", 4);
        sum = 0;
        for (unsigned k = 0; k < r[pnp + 5] * 16u; k++)
            sum = (uint8_t)(sum + r[pnp + k]);
        assert_int_equal(sum, 0);
        assert_true((r[pnp + 0x1A] | r[pnp + 0x1B] << 8) != 0);   /* BEV */
        /* The same bytes in the ISA option-ROM area. */
        for (uint32_t k = 0; k < rom_size; k++)
            assert_int_equal(mem_read8(b->mem, LINUX_ROM_ISA_ADDR + k), r[k]);
    }
    board_destroy(b);
    free(img);
    unlink(kp);
}

static void test_state(void **state)
{
    char err[256];
    size_t len;
    uint8_t *img = fake_bzimage(&len, 0x020F, 0x01, 4096);
    const char *kp = write_tmp(0, img, len);
    struct board *b = make_board(64, kp, NULL, "abcdef", err, sizeof(err));
    struct state_writer w;

    (void)state;
    assert_non_null(b);
    board_io_write(b, FW_CFG_PORT_SEL, FW_CFG_CMDLINE_DATA, 2);
    assert_int_equal(board_io_read(b, FW_CFG_PORT_DATA, 1), 'a');
    assert_int_equal(board_io_read(b, FW_CFG_PORT_DATA, 1), 'b');
    state_writer_init(&w);
    fw_cfg_save(b->fw_cfg, &w);
    assert_int_equal(board_io_read(b, FW_CFG_PORT_DATA, 1), 'c');
    board_reset(b);   /* no item selected: reads 0 */
    assert_int_equal(board_io_read(b, FW_CFG_PORT_DATA, 1), 0);
    assert_int_equal(fw_cfg_load(b->fw_cfg, w.buf, w.len), 0);
    assert_int_equal(board_io_read(b, FW_CFG_PORT_DATA, 1), 'c');
    assert_int_equal(fw_cfg_load(b->fw_cfg, "junk", 4), -1);
    state_writer_free(&w);
    board_destroy(b);
    free(img);
    unlink(kp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_boot_items),
        cmocka_unit_test(test_rom_and_directory),
        cmocka_unit_test(test_state),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
