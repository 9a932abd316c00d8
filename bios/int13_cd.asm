; int13_cd.asm - (being written)
int13_cdemu:
int13_cdrom:
        mov     ah, 01h
        stc
        retf    2
