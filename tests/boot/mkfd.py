#!/usr/bin/env python3
"""mkfd.py - build a FreeDOS boot floppy of another standard size for the
boot tests (720K, 1.2M, 2.88M...), so every 82077AA media geometry is
exercised with SeaBIOS.

usage: mkfd.py OUT.img SIZE_KB FREEDOS-FLOPPY.img

mtools' mformat writes the FAT12 file system for the size; the boot code
(jump + code after the extended BPB) comes from the FreeDOS floppy's boot
sector, and KERNEL.SYS, COMMAND.COM, CONFIG.SYS, AUTOEXEC.BAT are copied
from it.
"""
import os
import subprocess
import sys
import tempfile


def main():
    out, size_k, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if os.path.exists(out):
        os.unlink(out)
    subprocess.run(["mformat", "-C", "-i", out, "-f", str(size_k), "-v", "FDTEST", "::"],
                   check=True)
    with open(src, "rb") as f:
        fboot = f.read(512)
    with open(out, "r+b") as f:
        boot = bytearray(f.read(512))
        boot[0:3] = fboot[0:3]
        boot[0x3E:0x1FE] = fboot[0x3E:0x1FE]
        boot[0x24] = 0x00            # BIOS drive A:
        f.seek(0)
        f.write(boot)
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("KERNEL.SYS", "COMMAND.COM", "CONFIG.SYS", "AUTOEXEC.BAT"):
            path = os.path.join(tmp, name)
            subprocess.run(["mcopy", "-i", src, "::" + name, path], check=True)
            subprocess.run(["mcopy", "-i", out, path, "::" + name], check=True)


if __name__ == "__main__":
    main()
