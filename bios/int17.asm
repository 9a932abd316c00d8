; int17.asm - (being written)
int17_printer:
        iret
