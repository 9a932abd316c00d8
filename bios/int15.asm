; int15.asm - (being written)
int15_system:
        mov     ah, 86h
        stc
        retf    2
