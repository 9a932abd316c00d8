; int11.asm - INT 11h, equipment list.
;
; Contract (IBM PC AT Technical Reference, "EQUIPMENT"; Ralf Brown's
; Interrupt List INT 11h): returns AX = the equipment word at 40:10, which
; POST fills: bit 0 diskette drives present, 1 x87, 2 PS/2 mouse, 4-5
; initial video mode (10b = 80x25 colour), 6-7 diskette drives - 1, 9-11
; serial ports, 14-15 parallel ports.

int11_equipment:
        push    ds
        push    BDA_SEG
        pop     ds
        mov     ax, [BDA_EQUIP]
        pop     ds
        iret
