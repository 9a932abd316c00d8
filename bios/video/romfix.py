#!/usr/bin/env python3
"""romfix.py IN OUT - finish an option ROM image (IBM PC/AT Technical
Reference, "Adapter ROM"; PCI Firmware Specification 3.0, 5.1): trim the
image to the used size rounded up to 512 bytes (keeping at least one
spare byte for the checksum), write the length in 512-byte blocks at
offset 2 and in the PCI data structure, and set the last byte so that all
bytes sum to 0 modulo 256."""
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    img = bytearray(open(src, "rb").read())
    if img[0:2] != b"\x55\xaa":
        sys.exit("romfix: %s: no 55AAh signature" % src)
    used = len(img.rstrip(b"\0")) + 1
    size = (used + 511) // 512 * 512
    if size > 128 * 1024:
        sys.exit("romfix: image too large (%d bytes)" % size)
    img = img[:size] + bytearray(max(0, size - len(img)))
    blocks = size // 512
    img[2] = blocks
    pcir = img[0x18] | img[0x19] << 8
    if pcir and img[pcir:pcir + 4] == b"PCIR":
        img[pcir + 0x10] = blocks & 0xFF
        img[pcir + 0x11] = blocks >> 8
    img[-1] = 0
    img[-1] = (-sum(img)) & 0xFF
    open(dst, "wb").write(img)


if __name__ == "__main__":
    main()
