; int1a.asm - (being written)
int1a_time:
        iret
int70_rtc:
        jmp     irq_default_slave
