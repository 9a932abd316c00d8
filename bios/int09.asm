; int09.asm - (being written)
int09_keyboard:
        push ax
        in al, 60h
        mov al, 20h
        out 20h, al
        pop ax
        iret
