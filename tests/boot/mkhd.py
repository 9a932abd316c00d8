#!/usr/bin/env python3
"""mkhd.py - build a bootable FreeDOS hard-disk image for the boot tests.

usage: mkhd.py OUT.img MBR.bin FREEDOS-FLOPPY.img

The disk: 32 cylinders x 16 heads x 63 sectors (the geometry x86pc's ATA
disk reports for this size), an MBR (mbr.asm) with one active FAT12
partition from LBA 63 to the end, formatted by mtools' mformat. Its boot
sector gets the boot code of the FreeDOS floppy's boot sector (FreeDOS's
FAT12 boot.asm, which reads the BPB's hidden sectors and the BIOS drive
number, so it boots from a hard-disk partition too), keeping mformat's
BPB; KERNEL.SYS and COMMAND.COM are copied from the floppy, plus a
CONFIG.SYS and an AUTOEXEC.BAT that writes C:\\WRITTEN.TXT (a guest
write through the BIOS and the ATA disk) and prints a marker.
"""
import os
import struct
import subprocess
import sys
import tempfile

CYLS, HEADS, SPT = 32, 16, 63
TOTAL = CYLS * HEADS * SPT
START = SPT                      # first partition at cylinder 0, head 1
SIZE = TOTAL - START


def chs(lba):
    c = lba // (HEADS * SPT)
    h = (lba // SPT) % HEADS
    s = lba % SPT + 1
    return bytes([h, ((c >> 2) & 0xC0) | s, c & 0xFF])


def main():
    out, mbr_path, floppy = sys.argv[1:4]
    with open(mbr_path, "rb") as f:
        mbr = bytearray(f.read())
    assert len(mbr) == 512
    entry = bytes([0x80]) + chs(START) + bytes([0x01]) + chs(TOTAL - 1) + \
        struct.pack("<II", START, SIZE)
    mbr[0x1BE:0x1CE] = entry
    with open(out, "wb") as f:
        f.write(mbr)
        f.truncate(TOTAL * 512)
    part = "%s@@%d" % (out, START * 512)
    subprocess.run(["mformat", "-i", part, "-T", str(SIZE), "-h", str(HEADS), "-s", str(SPT),
                    "-H", str(START), "-c", "8", "-m", "0xf8", "-v", "X86PCHD", "::"], check=True)
    # FreeDOS boot code (jump + code after the FAT12/16 extended BPB).
    with open(floppy, "rb") as f:
        fboot = f.read(512)
    with open(out, "r+b") as f:
        f.seek(START * 512)
        boot = bytearray(f.read(512))
        boot[0:3] = fboot[0:3]
        boot[0x3E:0x1FE] = fboot[0x3E:0x1FE]
        boot[0x24] = 0x80            # BIOS drive number
        f.seek(START * 512)
        f.write(boot)
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("KERNEL.SYS", "COMMAND.COM"):
            dst = os.path.join(tmp, name)
            subprocess.run(["mcopy", "-i", floppy, "::" + name, dst], check=True)
            subprocess.run(["mcopy", "-i", part, dst, "::" + name], check=True)
        cfg = os.path.join(tmp, "CONFIG.SYS")
        with open(cfg, "w", newline="\r\n") as f:
            f.write("SWITCHES=/N\nFILES=20\nBUFFERS=20\nSHELL=C:\\COMMAND.COM /E:512 /P\n")
        bat = os.path.join(tmp, "AUTOEXEC.BAT")
        with open(bat, "w", newline="\r\n") as f:
            f.write("@ECHO OFF\nECHO X86PC-HD-WRITE> C:\\WRITTEN.TXT\nECHO X86PC-HD-BOOTED\n")
        subprocess.run(["mcopy", "-i", part, cfg, bat, "::"], check=True)


if __name__ == "__main__":
    main()
