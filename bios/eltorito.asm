; eltorito.asm - (being written)
boot_cdrom:
        ret
