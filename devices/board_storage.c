/*
 * board_storage.c - the board's storage wiring: the 8237A DMA pair, the
 * 82077AA floppy controller with drives A:/B:, the PIIX3 IDE function
 * (PCI 01.1) with its two ATA channels, and the disk images behind them
 * (-fda/-fdb, -hda..-hdd, -cdrom as the secondary master like QEMU,
 * -snapshot). See board.h.
 */
#include <stdio.h>

#include "board.h"

/* Open one image of `kind` into d, with a message naming the option. */
static int open_image(struct board *b, struct disk *d, const char *path, enum disk_kind kind,
                      const char *opt, char *err, size_t errlen)
{
    char why[400];

    if (disk_open(d, path, kind, b->cfg.snapshot, false, b->log, why, sizeof(why)) < 0) {
        snprintf(err, errlen, "%s: %s", opt, why);
        return -1;
    }
    return 0;
}

int board_storage_init(struct board *b, char *err, size_t errlen)
{
    static const char *const fd_opt[2] = { "-fda", "-fdb" };
    static const char *const hd_opt[4] = { "-hda", "-hdb", "-hdc", "-hdd" };
    const struct board_config *c = &b->cfg;

    if (c->cdrom_path && c->hd_path[2]) {
        snprintf(err, errlen, "-hdc and -cdrom both want the secondary master (use -hdd)");
        return -1;
    }
    if (dma8237_init(&b->dma, b, &b->isa, b->mem) < 0 || fdc82077_init(&b->fdc, b, &b->isa) < 0 ||
        piix_ide_init(&b->ide, b, &b->pci, &b->isa, b->mem, PIIX_IDE_DEVFN) < 0) {
        snprintf(err, errlen, "storage device port conflict (see log)");
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        if (!c->fd_path[i])
            continue;
        if (open_image(b, &b->floppy[i], c->fd_path[i], DISK_FLOPPY, fd_opt[i], err, errlen) < 0)
            return -1;
        fdc82077_attach(&b->fdc, i, &b->floppy[i]);
    }
    for (int i = 0; i < 4; i++) {
        if (!c->hd_path[i])
            continue;
        if (open_image(b, &b->hd[i], c->hd_path[i], DISK_HD, hd_opt[i], err, errlen) < 0)
            return -1;
        ata_attach(&b->ide.ch[i >> 1], i & 1, ATA_DISK, &b->hd[i]);
    }
    if (c->cdrom_path) {
        if (open_image(b, &b->cdrom, c->cdrom_path, DISK_CDROM, "-cdrom", err, errlen) < 0)
            return -1;
        ata_attach(&b->ide.ch[1], 0, ATA_CDROM, &b->cdrom);
    }
    /* The drive facts for the CMOS NVRAM (types of A/B, hard disks C/D). */
    b->cmos_floppy[0] = fdc82077_cmos_types(&b->fdc) >> 4;
    b->cmos_floppy[1] = fdc82077_cmos_types(&b->fdc) & 0x0F;
    b->cmos_disk[0] = b->ide.ch[0].dev[0].kind == ATA_DISK;
    b->cmos_disk[1] = b->ide.ch[0].dev[1].kind == ATA_DISK;
    board_cmos_refresh(b);   /* the boot order was checked by serialkbd_init */
    return 0;
}

void board_storage_reset(struct board *b)
{
    dma8237_reset(&b->dma);
    fdc82077_reset(&b->fdc);
    piix_ide_reset(&b->ide);
}

void board_storage_destroy(struct board *b)
{
    for (int i = 0; i < 2; i++)
        disk_close(&b->floppy[i]);
    for (int i = 0; i < 4; i++)
        disk_close(&b->hd[i]);
    disk_close(&b->cdrom);
}
