int15_mouse:
        jmp     int15_unsupported
int74_mouse:
        jmp     irq_default_slave
