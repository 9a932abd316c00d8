; int13_ata.asm - (being written)
int13_harddisk:
        mov     ah, 01h
        stc
        retf    2
ata_init:
        ret
int76_ide:
        jmp     irq_default_slave
