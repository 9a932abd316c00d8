#!/usr/bin/env python3
"""mkiso.py - build an ISO 9660 CD-ROM image that boots a floppy image by
El Torito floppy emulation, for the x86pc boot tests (no external tools).

usage: mkiso.py OUT.iso FLOPPY.img

Layout (2048-byte sectors; ECMA-119 and the El Torito Bootable CD-ROM
Format Specification 1.0): 0-15 system area, 16 primary volume
descriptor, 17 boot record volume descriptor pointing at the boot
catalog, 18 descriptor set terminator, 19/20 L/M path tables, 21 the
root directory ("." and ".." only), 22 the boot catalog (validation
entry + bootable default entry: emulation of a 1.2M/1.44M/2.88M floppy
chosen by the image size), 23.. the floppy image.
"""
import struct
import sys

SECTOR = 2048
PVD, BRVD, TERM, LPATH, MPATH, ROOT, CATALOG, IMAGE = 16, 17, 18, 19, 20, 21, 22, 23


def both16(v):
    return struct.pack("<H", v) + struct.pack(">H", v)


def both32(v):
    return struct.pack("<I", v) + struct.pack(">I", v)


def dir_record(extent, size, ident, flags):
    rec = bytearray(33 + len(ident))
    rec[0] = len(rec) + (len(rec) & 1)
    rec[2:10] = both32(extent)
    rec[10:18] = both32(size)
    rec[18:25] = bytes([126, 1, 1, 0, 0, 0, 0])     # 2026-01-01 00:00:00 GMT
    rec[25] = flags
    rec[28:32] = both16(1)
    rec[32] = len(ident)
    rec[33:] = ident
    if len(rec) & 1:
        rec += b"\0"
    return bytes(rec)


def pad(s, n):
    return s.ljust(n, b" ")[:n]


def main():
    out, floppy = sys.argv[1:3]
    with open(floppy, "rb") as f:
        img = f.read()
    media = {1228800: 1, 1474560: 2, 2949120: 3}.get(len(img))
    if media is None:
        sys.exit("mkiso.py: floppy image must be 1.2M, 1.44M or 2.88M for El Torito")
    img_sectors = (len(img) + SECTOR - 1) // SECTOR
    total = IMAGE + img_sectors
    iso = bytearray(total * SECTOR)

    def put(sector, data, off=0):
        base = sector * SECTOR + off
        iso[base:base + len(data)] = data

    root = dir_record(ROOT, SECTOR, b"\0", 2)
    pvd = bytearray(SECTOR)
    pvd[0] = 1
    pvd[1:6] = b"CD001"
    pvd[6] = 1
    pvd[8:40] = pad(b"", 32)
    pvd[40:72] = pad(b"X86PC_ELTORITO", 32)
    pvd[80:88] = both32(total)
    pvd[120:124] = both16(1)
    pvd[124:128] = both16(1)
    pvd[128:132] = both16(SECTOR)
    pvd[132:140] = both32(10)
    pvd[140:144] = struct.pack("<I", LPATH)
    pvd[148:152] = struct.pack(">I", MPATH)
    pvd[156:156 + len(root)] = root
    for off, n in ((190, 128), (318, 128), (446, 128), (574, 128), (702, 37), (739, 37),
                   (776, 37)):
        pvd[off:off + n] = pad(b"", n)
    for off in (813, 830, 847, 864):
        pvd[off:off + 17] = b"0000000000000000\0"
    pvd[881] = 1
    put(PVD, pvd)

    brvd = bytearray(SECTOR)
    brvd[0] = 0
    brvd[1:6] = b"CD001"
    brvd[6] = 1
    brvd[7:39] = b"EL TORITO SPECIFICATION".ljust(32, b"\0")
    brvd[0x47:0x4B] = struct.pack("<I", CATALOG)
    put(BRVD, brvd)
    put(TERM, bytes([255]) + b"CD001" + bytes([1]))

    put(LPATH, bytes([1, 0]) + struct.pack("<I", ROOT) + struct.pack("<H", 1) + b"\0\0")
    put(MPATH, bytes([1, 0]) + struct.pack(">I", ROOT) + struct.pack(">H", 1) + b"\0\0")
    put(ROOT, dir_record(ROOT, SECTOR, b"\0", 2) + dir_record(ROOT, SECTOR, b"\1", 2))

    val = bytearray(32)
    val[0] = 1                       # header ID
    val[1] = 0                       # platform: 80x86
    val[4:28] = b"x86pc test".ljust(24, b"\0")
    val[30] = 0x55
    val[31] = 0xAA
    words = sum(struct.unpack("<16H", bytes(val)))
    val[28:30] = struct.pack("<H", (-words) & 0xFFFF)
    entry = bytearray(32)
    entry[0] = 0x88                  # bootable
    entry[1] = media                 # floppy emulation type
    entry[2:4] = struct.pack("<H", 0)          # load segment: default 07C0h
    entry[6:8] = struct.pack("<H", 1)          # sector count (512-byte virtual sectors)
    entry[8:12] = struct.pack("<I", IMAGE)
    put(CATALOG, bytes(val) + bytes(entry))
    put(IMAGE, img)
    with open(out, "wb") as f:
        f.write(iso)


if __name__ == "__main__":
    main()
