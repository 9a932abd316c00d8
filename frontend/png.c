/*
 * png.c - minimal PNG encoder (see png.h): signature, IHDR (width, height,
 * bit depth 8, colour type 2 = RGB, compression 0, filter 0, interlace 0),
 * one IDAT holding the zlib stream (compress2) of the rows, each prefixed
 * by filter type 0 (None), then IEND. Each chunk is length, type, data and
 * the CRC-32 of type + data (zlib's crc32, the PNG polynomial).
 */
#include "png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Append chunk `type` with `len` bytes of data at *pos in out. */
static void chunk(uint8_t *out, size_t *pos, const char *type, const uint8_t *data, uint32_t len)
{
    uint8_t *p = out + *pos;
    uLong crc;

    put32(p, len);
    memcpy(p + 4, type, 4);
    if (len)
        memcpy(p + 8, data, len);
    crc = crc32(0L, p + 4, 4 + len);
    put32(p + 8 + len, (uint32_t)crc);
    *pos += 12 + (size_t)len;
}

int png_encode(const uint32_t *pixels, int width, int height, uint8_t **out, size_t *len)
{
    static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    size_t row = (size_t)width * 3 + 1, raw_len, pos = 0;
    uLongf zlen;
    uint8_t *raw, *z, *buf, ihdr[13];

    if (width <= 0 || height <= 0 || width > 65535 || height > 65535)
        return -1;
    raw_len = row * (size_t)height;
    raw = malloc(raw_len);
    zlen = compressBound((uLong)raw_len);
    z = malloc(zlen);
    if (!raw || !z) {
        free(raw);
        free(z);
        return -1;
    }
    for (int y = 0; y < height; y++) {
        uint8_t *r = raw + row * (size_t)y;
        const uint32_t *src = pixels + (size_t)y * (size_t)width;
        *r++ = 0;   /* filter: None */
        for (int x = 0; x < width; x++) {
            *r++ = (uint8_t)(src[x] >> 16);
            *r++ = (uint8_t)(src[x] >> 8);
            *r++ = (uint8_t)src[x];
        }
    }
    if (compress2(z, &zlen, raw, (uLong)raw_len, 6) != Z_OK || zlen > 0x7FFFFFFFu) {
        free(raw);
        free(z);
        return -1;
    }
    free(raw);
    buf = malloc(8 + 25 + 12 + zlen + 12);
    if (!buf) {
        free(z);
        return -1;
    }
    memcpy(buf, sig, 8);
    pos = 8;
    put32(ihdr, (uint32_t)width);
    put32(ihdr + 4, (uint32_t)height);
    ihdr[8] = 8;    /* bit depth */
    ihdr[9] = 2;    /* colour type: RGB */
    ihdr[10] = 0;   /* deflate */
    ihdr[11] = 0;   /* adaptive filtering */
    ihdr[12] = 0;   /* no interlace */
    chunk(buf, &pos, "IHDR", ihdr, 13);
    chunk(buf, &pos, "IDAT", z, (uint32_t)zlen);
    chunk(buf, &pos, "IEND", NULL, 0);
    free(z);
    *out = buf;
    *len = pos;
    return 0;
}

int png_write(const char *path, const uint32_t *pixels, int width, int height)
{
    uint8_t *buf;
    size_t len;
    FILE *f;
    int rc = 0;

    if (png_encode(pixels, width, height, &buf, &len) < 0)
        return -1;
    f = fopen(path, "wb");
    if (!f) {
        free(buf);
        return -1;
    }
    if (fwrite(buf, 1, len, f) != len)
        rc = -1;
    if (fclose(f) != 0)
        rc = -1;
    free(buf);
    return rc;
}
