; int08.asm - INT 08h, the timer tick (IRQ0 from 8254 counter 0, 18.2 Hz).
;
; Contract (IBM PC AT Technical Reference, BIOS "TIMER_INT"; Ralf Brown's
; Interrupt List INT 08h):
;  - increments the tick count at 40:6C; at 1800B0h ticks (24 hours) it
;    resets to 0 and sets the midnight flag 40:70 (INT 1Ah AH=00h reads and
;    clears it);
;  - counts the diskette motor-off delay 40:40 down; at zero it switches
;    every motor off (82077AA DOR, keeping the controller enabled) and
;    clears the motor bits 40:3F;
;  - calls INT 1Ch (the user tick hook) and then sends the EOI.

int08_timer:
        push    ds
        push    eax
        push    dx
        push    BDA_SEG
        pop     ds
        mov     eax, [BDA_TICKS]
        inc     eax
        cmp     eax, 1800B0h
        jb      .store
        xor     eax, eax
        inc     byte [BDA_MIDNIGHT]
.store: mov     [BDA_TICKS], eax
        cmp     byte [BDA_FDMOTORCNT], 0
        je      .hook
        dec     byte [BDA_FDMOTORCNT]
        jnz     .hook
        and     byte [BDA_FDMOTOR], 0F0h
        mov     al, 0Ch                 ; DOR: not reset, DMA/IRQ gate on, motors off
        mov     dx, PORT_FDC + 2
        out     dx, al
.hook:  int     1Ch
        mov     al, 20h
        out     PORT_PIC1, al
        pop     dx
        pop     eax
        pop     ds
        iret
