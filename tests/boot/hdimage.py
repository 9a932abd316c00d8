#!/usr/bin/env python3
"""hdimage.py - build an empty, bootable-to-be FAT12 hard-disk image for the
guest boot tests (tests/boot/guest_boot.sh): FreeDOS running in x86pc then
copies its kernel and shell onto it through the BIOS and the ATA disk.

usage: hdimage.py OUT.img MBR.bin FREEDOS-FLOPPY.img

The disk: 32 cylinders x 16 heads x 63 sectors (16 MiB: the CHS geometry
x86pc's ATA disk reports for this size, so the partition table's CHS
fields agree with what the BIOS sees). Sector 0: the boot code of MBR.bin
(its first 440 bytes: e.g. syslinux's mbr.bin, which loads the active
partition's first sector with INT 13h extensions or CHS), a disk
signature, one active partition of type 0x01 (FAT12) from LBA 63 (cylinder
0, head 1) to the end, and the 0x55AA signature. The partition is formatted
by dosfstools' mkfs.fat (FAT12, 4 KiB clusters, hidden sectors 63, BIOS
drive 0x80). The volume boot record keeps mkfs.fat's BPB but gets the boot
code of the FreeDOS floppy's boot sector (FreeDOS's FAT12 boot.asm, which
takes the partition start from the BPB's hidden sectors and the drive from
DL, so it boots from a hard-disk partition too); the kernel it loads,
KERNEL.SYS, is put there by the guest. No files are written here.
"""
import struct
import subprocess
import sys

CYLS, HEADS, SPT = 32, 16, 63
TOTAL = CYLS * HEADS * SPT
START = SPT
SIZE = TOTAL - START


def chs(lba):
    """The 3-byte CHS address of a partition table entry (head, sector |
    cylinder bits 8-9, cylinder bits 0-7)."""
    c = lba // (HEADS * SPT)
    h = (lba // SPT) % HEADS
    s = lba % SPT + 1
    return bytes([h, ((c >> 2) & 0xC0) | s, c & 0xFF])


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    out, mbr_path, floppy = sys.argv[1:4]
    with open(mbr_path, "rb") as f:
        code = f.read(440)
    with open(floppy, "rb") as f:
        fboot = f.read(512)
    if len(code) < 64 or fboot[510:512] != b"\x55\xaa":
        sys.exit("hdimage.py: bad MBR code or floppy boot sector")
    with open(out, "wb") as f:
        f.truncate(TOTAL * 512)
    subprocess.run(["mkfs.fat", "-F", "12", "-s", "8", "--offset", str(START),
                    "-h", str(START), "-g", "%d/%d" % (HEADS, SPT), "-D", "0x80",
                    "-M", "0xF8", "-n", "X86PCHD", "--invariant", out,
                    str(SIZE // 2)], check=True, stdout=subprocess.DEVNULL)
    mbr = bytearray(512)
    mbr[0:len(code)] = code
    mbr[440:444] = struct.pack("<I", 0x58383650)      # disk signature "P68X"
    mbr[0x1BE:0x1CE] = bytes([0x80]) + chs(START) + bytes([0x01]) + \
        chs(TOTAL - 1) + struct.pack("<II", START, SIZE)
    mbr[510:512] = b"\x55\xaa"
    with open(out, "r+b") as f:
        f.write(mbr)
        f.seek(START * 512)
        vbr = bytearray(f.read(512))
        vbr[0:3] = fboot[0:3]
        vbr[0x3E:0x1FE] = fboot[0x3E:0x1FE]
        f.seek(START * 512)
        f.write(vbr)


if __name__ == "__main__":
    main()
