; int15_mouse.asm - (being written)
int74_mouse:
        jmp     irq_default_slave
