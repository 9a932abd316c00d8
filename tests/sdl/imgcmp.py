#!/usr/bin/env python3
"""imgcmp.py - compare the SDL window's pixels with the emulator's own PNG.

usage: imgcmp.py WINDOW.xwd FRAME.png [--out WINDOW.png]

WINDOW.xwd is `xwd -id WINDOW` of the x86pc window (X Window Dump, ZPixmap,
24 or 32 bits per pixel); FRAME.png is a screenshot x86pc wrote
(--screenshot or Ctrl+Alt+S: 8-bit RGB, frontend/png.c). The window holds
the picture letterboxed above a status line of STATUS_H pixels, at a 4:3
aspect ratio (VGA modes) or square pixels (--square: VBE modes), scaled by
nearest-neighbour sampling; this script computes the same rectangle as
frontend/sdl.c and checks every window pixel inside it against the frame
pixels around the sample point (one source pixel either way, which covers
rounding differences between samplers). It prints the share of matching
pixels and exits 0 when at least --min (default 0.995) match, else 1.
Standard library only (struct, zlib).
"""
import struct
import sys
import zlib

STATUS_H = 20   # frontend/sdl_priv.h SDL_STATUS_H


def read_xwd(path):
    d = open(path, 'rb').read()
    hdr = struct.unpack('>25I', d[:100])
    header_size, version, fmt, depth, w, h = hdr[0], hdr[1], hdr[2], hdr[3], hdr[4], hdr[5]
    byte_order, bpp, bpl = hdr[7], hdr[11], hdr[12]
    red_mask, green_mask, blue_mask = hdr[14], hdr[15], hdr[16]
    ncolors = hdr[19]
    if version != 7 or fmt != 2 or bpp not in (24, 32):
        raise SystemExit('%s: unsupported XWD (version %d, format %d, %d bpp)' % (path, version, fmt, bpp))
    off = header_size + ncolors * 12
    bypp = bpp // 8
    px = []
    order = '<' if byte_order == 0 else '>'

    def shift(m):
        s = 0
        while m and not m & 1:
            m >>= 1
            s += 1
        return s
    rs, gs, bs = shift(red_mask), shift(green_mask), shift(blue_mask)
    for y in range(h):
        row = d[off + y * bpl: off + y * bpl + w * bypp]
        for x in range(w):
            b = row[x * bypp: x * bypp + bypp]
            v = struct.unpack(order + 'I', b if bypp == 4 else (b + b'\0' if order == '<' else b'\0' + b))[0]
            px.append((((v & red_mask) >> rs) << 16) | (((v & green_mask) >> gs) << 8) | ((v & blue_mask) >> bs))
    return w, h, px


def read_png(path):
    d = open(path, 'rb').read()
    if d[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit('%s: not a PNG' % path)
    pos, idat, w, h = 8, b'', 0, 0
    while pos < len(d):
        n, = struct.unpack('>I', d[pos:pos + 4])
        typ, body = d[pos + 4:pos + 8], d[pos + 8:pos + 8 + n]
        if zlib.crc32(typ + body) & 0xffffffff != struct.unpack('>I', d[pos + 8 + n:pos + 12 + n])[0]:
            raise SystemExit('%s: bad CRC in %r' % (path, typ))
        if typ == b'IHDR':
            w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype != 2 or interlace:
                raise SystemExit('%s: not 8-bit RGB' % path)
        elif typ == b'IDAT':
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * 3
    px, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):   # PNG filter types 0-4
            a = line[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(w):
            px.append(line[3 * x] << 16 | line[3 * x + 1] << 8 | line[3 * x + 2])
        prev = line
    return w, h, px


def write_png(path, w, h, px):
    raw = b''.join(b'\0' + b''.join(struct.pack('>I', p)[1:] for p in px[y * w:(y + 1) * w])
                   for y in range(h))

    def chunk(t, b):
        return struct.pack('>I', len(b)) + t + b + struct.pack('>I', zlib.crc32(t + b) & 0xffffffff)
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
                           + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


def picture_rect(ww, wh, fw, fh, square):
    """frontend/sdl.c picture_rect()."""
    ah = max(wh - STATUS_H, 1)
    ar = fw / fh if square else 4.0 / 3.0
    if ww / ah > ar:
        rh, rw = ah, int(ah * ar + 0.5)
    else:
        rw, rh = ww, int(ww / ar + 0.5)
    return (ww - rw) // 2, (ah - rh) // 2, rw, rh


def main():
    args = sys.argv[1:]
    out, square, minimum = None, False, 0.995
    if '--out' in args:
        i = args.index('--out')
        out = args[i + 1]
        del args[i:i + 2]
    if '--min' in args:
        i = args.index('--min')
        minimum = float(args[i + 1])
        del args[i:i + 2]
    if '--square' in args:
        args.remove('--square')
        square = True
    if len(args) != 2:
        raise SystemExit(__doc__)
    ww, wh, wpx = read_xwd(args[0])
    if out:
        write_png(out, ww, wh, wpx)
    fw, fh, fpx = read_png(args[1])
    rx, ry, rw, rh = picture_rect(ww, wh, fw, fh, square)
    good = total = 0
    for y in range(rh):
        sy = (y + 0.5) * fh / rh
        ys = {min(max(int(sy) + k, 0), fh - 1) for k in (-1, 0, 1)}
        for x in range(rw):
            sx = (x + 0.5) * fw / rw
            xs = {min(max(int(sx) + k, 0), fw - 1) for k in (-1, 0, 1)}
            v = wpx[(ry + y) * ww + rx + x]
            total += 1
            if any(fpx[yy * fw + xx] == v for yy in ys for xx in xs):
                good += 1
    # Outside the picture and above the status line: black bars.
    bars = sum(1 for y in range(wh - STATUS_H) for x in range(ww)
               if not (rx <= x < rx + rw and ry <= y < ry + rh) and wpx[y * ww + x] != 0)
    share = good / total if total else 0.0
    print('window %dx%d, frame %dx%d, picture %dx%d at (%d,%d): %.4f of %d pixels match, '
          '%d non-black bar pixels' % (ww, wh, fw, fh, rw, rh, rx, ry, share, total, bars))
    return 0 if share >= minimum and bars == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
