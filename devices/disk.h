/*
 * disk.h - raw disk images behind the floppy, ATA and ATAPI devices.
 *
 * An image is a plain file of sectors (no header), as QEMU's "raw" format.
 * Opening follows QEMU's -fda/-hda/-cdrom behaviour:
 *  - a floppy or hard-disk image is opened read-write when the host lets us;
 *    when the file can only be opened read-only, it is used read-only and
 *    the note is logged: a guest write then fails (write-protect on a floppy,
 *    an aborted command on ATA) instead of silently vanishing;
 *  - a CD-ROM image is always read-only;
 *  - with snapshot (QEMU's -snapshot) the file is opened read-only and every
 *    guest write goes to an in-memory copy-on-write overlay that is dropped
 *    at exit, so the file is never modified.
 * Size rules (checked at open, a clear one-line error otherwise): a floppy
 * image is exactly one of the standard PC formats (160K, 180K, 320K, 360K,
 * 720K, 1.2M, 1.44M, 2.88M) and its geometry follows from the size; a hard
 * disk image is a non-empty multiple of 512 bytes; a CD-ROM image a
 * non-empty multiple of 2048 bytes.
 * Writes reach the file at once (pwrite); a host write or read error is
 * returned to the device (which reports a disk error to the guest) and
 * logged, never dropped (opening a writable image sets SIGXFSZ to ignored,
 * so a write past the host's file-size limit fails with EFBIG instead of
 * killing the process). disk_close() flushes (fsync) a written image.
 */
#ifndef X86PC_DISK_H
#define X86PC_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The drive an image is for; it sets the size rules above and the sector
 * size (512 bytes, 2048 for a CD-ROM). */
enum disk_kind { DISK_FLOPPY, DISK_HD, DISK_CDROM };

/* A standard floppy format: size and CHS geometry, the CMOS drive type
 * (register 0x10 nibble: 1 = 360K 5.25", 2 = 1.2M 5.25", 3 = 720K 3.5",
 * 4 = 1.44M 3.5", 5 = 2.88M 3.5") of the drive it is read in, and the data
 * rate its media is recorded at (82077AA DSR/CCR rate select: 0 = 500 kbps,
 * 1 = 300 kbps, 2 = 250 kbps, 3 = 1 Mbps). */
struct floppy_format {
    uint32_t bytes;
    uint8_t cylinders, heads, sectors;
    uint8_t cmos_type;
    uint8_t rate;
    const char *name;
};

/* Copy-on-write overlay chunk size (bytes) for snapshot mode. */
#define DISK_OVERLAY_CHUNK 65536u

/* An open image. */
struct disk {
    bool open;                 /* an image is attached (zeroed struct: none) */
    int fd;                    /* host file descriptor when open */
    char path[256];            /* for messages (truncated) */
    enum disk_kind kind;
    uint64_t size;             /* bytes */
    bool read_only;            /* guest writes fail (file not writable, or CD) */
    bool snapshot;             /* writes go to the overlay */
    bool dirty;                /* written since the last flush */
    uint8_t **overlay;         /* snapshot: chunk table (NULL = use the file) */
    uint64_t overlay_chunks;
    const struct floppy_format *floppy;  /* DISK_FLOPPY: its format */
    FILE *log;                 /* errors are logged here; NULL = stderr */
    uint64_t errors;           /* host I/O errors reported so far */
    /* Guest transfers started (disk_read / disk_write calls in range), for
     * a display's activity light; never reset. */
    uint64_t reads, writes;
};

/* Find the floppy format of an image of `bytes` bytes, or NULL. */
const struct floppy_format *disk_floppy_format(uint64_t bytes);

/* Open `path` as a `kind` image. snapshot: see above. force_read_only:
 * open read-only even if writable (the "readonly" drive option).
 * Returns 0, or -1 with a one-line reason in err[errlen] (missing,
 * unreadable, wrongly sized). `log` receives later I/O error messages. */
int disk_open(struct disk *d, const char *path, enum disk_kind kind, bool snapshot,
              bool force_read_only, FILE *log, char *err, size_t errlen);

/* Read `len` bytes at byte `offset`. Returns 0, or -1 on a host error or an
 * access beyond the end (logged). */
int disk_read(struct disk *d, uint64_t offset, void *buf, size_t len);
/* Write `len` bytes at `offset`: to the file at once, or to the overlay.
 * Returns 0, or -1 when the image is read-only, the access is beyond the
 * end, or the host write failed (logged; the caller reports a disk error
 * to the guest). */
int disk_write(struct disk *d, uint64_t offset, const void *buf, size_t len);
/* Flush written data to stable storage (fsync). 0 or -1 (logged). */
int disk_flush(struct disk *d);
/* Flush and close; frees the overlay. Safe on a closed disk. */
void disk_close(struct disk *d);
/* True when an image is attached. */
static inline bool disk_present(const struct disk *d) { return d && d->open; }
/* Number of `sector_size`-byte sectors. */
static inline uint64_t disk_sectors(const struct disk *d, uint32_t sector_size)
{
    return d->size / sector_size;
}

#endif
