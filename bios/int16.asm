; int16.asm - (being written)
int16_keyboard:
        iret
