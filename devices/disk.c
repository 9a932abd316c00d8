/*
 * disk.c - raw disk images with write-through or a copy-on-write overlay
 * (see disk.h). Sources: QEMU's raw format and -snapshot semantics; the
 * PC floppy formats from the IBM PC/AT Technical Reference (diskette
 * parameters) and the CMOS drive-type codes of register 0x10.
 */
#define _GNU_SOURCE
#include "disk.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The standard PC formats. Rates: 0 = 500 kbps, 1 = 300, 2 = 250, 3 = 1M. */
static const struct floppy_format floppy_formats[] = {
    {  163840, 40, 1,  8, 1, 2, "160K 5.25\"" },
    {  184320, 40, 1,  9, 1, 2, "180K 5.25\"" },
    {  327680, 40, 2,  8, 1, 2, "320K 5.25\"" },
    {  368640, 40, 2,  9, 1, 2, "360K 5.25\"" },
    {  737280, 80, 2,  9, 3, 2, "720K 3.5\"" },
    { 1228800, 80, 2, 15, 2, 0, "1.2M 5.25\"" },
    { 1474560, 80, 2, 18, 4, 0, "1.44M 3.5\"" },
    { 2949120, 80, 2, 36, 5, 3, "2.88M 3.5\"" },
};

const struct floppy_format *disk_floppy_format(uint64_t bytes)
{
    for (size_t k = 0; k < sizeof(floppy_formats) / sizeof(floppy_formats[0]); k++)
        if (floppy_formats[k].bytes == bytes)
            return &floppy_formats[k];
    return NULL;
}

/* Log one I/O problem (to the disk's log, else stderr). */
static void disk_log(struct disk *d, const char *what, uint64_t offset, size_t len, int err)
{
    FILE *f = d->log ? d->log : stderr;

    d->errors++;
    fprintf(f, "x86pc: disk %s: %s of %zu bytes at offset %llu failed: %s\n", d->path, what,
            len, (unsigned long long)offset, err ? strerror(err) : "beyond the end of the image");
}

/* Check the image size for its kind. */
static int check_size(struct disk *d, char *err, size_t errlen)
{
    switch (d->kind) {
    case DISK_FLOPPY:
        d->floppy = disk_floppy_format(d->size);
        if (!d->floppy) {
            snprintf(err, errlen, "floppy image %s is %llu bytes: it must be exactly 160K, "
                     "180K, 320K, 360K, 720K, 1.2M (1228800), 1.44M (1474560) or 2.88M "
                     "(2949120) bytes", d->path, (unsigned long long)d->size);
            return -1;
        }
        return 0;
    case DISK_HD:
        if (d->size == 0 || d->size % 512) {
            snprintf(err, errlen, "hard disk image %s is %llu bytes: it must be a non-empty "
                     "multiple of 512 bytes", d->path, (unsigned long long)d->size);
            return -1;
        }
        return 0;
    case DISK_CDROM:
        if (d->size == 0 || d->size % 2048) {
            snprintf(err, errlen, "CD-ROM image %s is %llu bytes: it must be a non-empty "
                     "multiple of 2048 bytes", d->path, (unsigned long long)d->size);
            return -1;
        }
        return 0;
    }
    return -1;
}

int disk_open(struct disk *d, const char *path, enum disk_kind kind, bool snapshot,
              bool force_read_only, FILE *log, char *err, size_t errlen)
{
    struct stat st;
    int fd = -1;
    bool ro = kind == DISK_CDROM || snapshot || force_read_only;

    memset(d, 0, sizeof(*d));
    d->fd = -1;
    d->kind = kind;
    d->log = log;
    d->snapshot = snapshot;
    snprintf(d->path, sizeof(d->path), "%s", path);
    if (!ro) {
        fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
            ro = true;
            if (log)
                fprintf(log, "x86pc: %s is not writable: using it read-only (guest "
                         "writes will fail)\n", path);
        }
    }
    if (ro)
        fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open disk image %s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "disk image %s is not a regular file", path);
        close(fd);
        return -1;
    }
    d->fd = fd;
    d->size = (uint64_t)st.st_size;
    /* A CD-ROM is read-only media; a snapshot floppy/disk takes writes
     * into the overlay even though its file is opened read-only. */
    d->read_only = kind == DISK_CDROM || force_read_only || (ro && !snapshot);
    if (check_size(d, err, errlen) < 0) {
        close(fd);
        d->fd = -1;
        return -1;
    }
    /* Probe one byte so an unreadable file fails now, not at boot. */
    {
        uint8_t b;
        if (pread(fd, &b, 1, 0) != 1) {
            snprintf(err, errlen, "cannot read disk image %s: %s", path,
                     strerror(errno ? errno : EIO));
            close(fd);
            d->fd = -1;
            return -1;
        }
    }
    if (snapshot) {
        d->overlay_chunks = (d->size + DISK_OVERLAY_CHUNK - 1) / DISK_OVERLAY_CHUNK;
        d->overlay = calloc(d->overlay_chunks, sizeof(*d->overlay));
        if (!d->overlay) {
            snprintf(err, errlen, "out of host memory for the -snapshot overlay of %s", path);
            close(fd);
            d->fd = -1;
            return -1;
        }
    }
    /* A write past the host's file-size limit must come back as EFBIG (and
     * reach the guest as a disk error), not kill the process with SIGXFSZ. */
    if (!d->read_only && !d->snapshot)
        signal(SIGXFSZ, SIG_IGN);
    d->open = true;
    return 0;
}

/* pread/pwrite the whole range, retrying short transfers. Returns 0 or an
 * errno value. */
static int file_io(int fd, bool write, uint64_t offset, void *buf, size_t len)
{
    uint8_t *p = buf;

    while (len) {
        ssize_t n = write ? pwrite(fd, p, len, (off_t)offset) : pread(fd, p, len, (off_t)offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (n == 0)
            return write ? ENOSPC : EIO;
        p += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

/* True when [offset, offset+len) lies inside the image. */
static bool in_range(const struct disk *d, uint64_t offset, size_t len)
{
    return offset <= d->size && len <= d->size - offset;
}

int disk_read(struct disk *d, uint64_t offset, void *buf, size_t len)
{
    uint8_t *p = buf;

    if (!d->open || !in_range(d, offset, len)) {
        disk_log(d, "read", offset, len, 0);
        return -1;
    }
    d->reads++;
    while (len) {
        uint64_t chunk = offset / DISK_OVERLAY_CHUNK;
        uint32_t in = (uint32_t)(offset % DISK_OVERLAY_CHUNK);
        size_t n = DISK_OVERLAY_CHUNK - in;
        int e;

        if (n > len)
            n = len;
        if (d->overlay && d->overlay[chunk]) {
            memcpy(p, d->overlay[chunk] + in, n);
        } else if ((e = file_io(d->fd, false, offset, p, n)) != 0) {
            disk_log(d, "read", offset, n, e);
            return -1;
        }
        p += n;
        offset += n;
        len -= n;
    }
    return 0;
}

/* Snapshot write: copy the chunk from the file on first touch, then patch. */
static int overlay_write(struct disk *d, uint64_t offset, const uint8_t *p, size_t len)
{
    while (len) {
        uint64_t chunk = offset / DISK_OVERLAY_CHUNK;
        uint32_t in = (uint32_t)(offset % DISK_OVERLAY_CHUNK);
        size_t n = DISK_OVERLAY_CHUNK - in;

        if (n > len)
            n = len;
        if (!d->overlay[chunk]) {
            uint64_t base = chunk * DISK_OVERLAY_CHUNK;
            size_t have = d->size - base < DISK_OVERLAY_CHUNK ? (size_t)(d->size - base)
                                                             : DISK_OVERLAY_CHUNK;
            uint8_t *c = calloc(1, DISK_OVERLAY_CHUNK);
            int e;

            if (!c) {
                disk_log(d, "snapshot write (out of host memory)", offset, n, ENOMEM);
                return -1;
            }
            if ((e = file_io(d->fd, false, base, c, have)) != 0) {
                free(c);
                disk_log(d, "snapshot copy-on-write read", base, have, e);
                return -1;
            }
            d->overlay[chunk] = c;
        }
        memcpy(d->overlay[chunk] + in, p, n);
        p += n;
        offset += n;
        len -= n;
    }
    return 0;
}

int disk_write(struct disk *d, uint64_t offset, const void *buf, size_t len)
{
    int e;

    if (!d->open || !in_range(d, offset, len)) {
        disk_log(d, "write", offset, len, 0);
        return -1;
    }
    d->writes++;
    if (d->read_only) {
        disk_log(d, "write", offset, len, EROFS);
        return -1;
    }
    if (d->overlay)
        return overlay_write(d, offset, buf, len);
    e = file_io(d->fd, true, offset, (void *)buf, len);
    if (e) {
        disk_log(d, "write", offset, len, e);
        return -1;
    }
    d->dirty = true;
    return 0;
}

int disk_flush(struct disk *d)
{
    if (!d->open || !d->dirty)
        return 0;
    if (fsync(d->fd) < 0) {
        disk_log(d, "flush", 0, 0, errno);
        return -1;
    }
    d->dirty = false;
    return 0;
}

void disk_close(struct disk *d)
{
    if (!d->open)
        return;
    disk_flush(d);
    close(d->fd);
    if (d->overlay) {
        for (uint64_t k = 0; k < d->overlay_chunks; k++)
            free(d->overlay[k]);
        free(d->overlay);
    }
    d->overlay = NULL;
    d->open = false;
    d->fd = -1;
}
