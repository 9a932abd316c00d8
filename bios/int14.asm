; int14.asm - (being written)
int14_serial:
        iret
