; sysinfo.asm - INT 11h, INT 12h, the BIOS Data Area and EBDA as POST left
; them, INT 15h AH=C0h/C1h, INT 17h without a printer, INT 18h/19h vectors.
%include "lib.inc"
main:
        int     11h
        mov     bx, ax
        and     ax, 0C1h                ; one diskette drive, present
        CHECK_EQ eax, 01h, "INT 11h diskette bits"
        mov     ax, bx
        and     ax, 0E00h
        CHECK_EQ eax, 0200h, "INT 11h one serial port"
        mov     ax, bx
        and     ax, 0C000h
        CHECK_EQ eax, 0, "INT 11h no printers"
        push    ds
        push    40h
        pop     ds
        mov     cx, [10h]
        pop     ds
        CHECK_EQ ecx, ebx, "INT 11h = 40:10"
        int     12h
        CHECK_EQ eax, 639, "INT 12h"
        push    40h
        pop     es
        movzx   eax, word [es:0Eh]
        CHECK_EQ eax, 9FC0h, "EBDA segment 40:0E"
        movzx   eax, word [es:00h]
        CHECK_EQ eax, 3F8h, "COM1 at 40:00"
        movzx   eax, word [es:80h]
        CHECK_EQ eax, 1Eh, "keyboard buffer start 40:80"
        movzx   eax, word [es:82h]
        CHECK_EQ eax, 3Eh, "keyboard buffer end 40:82"
        mov     es, [es:0Eh]
        movzx   eax, byte [es:0]
        CHECK_EQ eax, 1, "EBDA size byte"
        ; INT 15h C1h: EBDA segment
        mov     ah, 0C1h
        int     15h
        CHECK_CF 0, "INT 15h C1h"
        mov     ax, es
        CHECK_EQ eax, 9FC0h, "INT 15h C1h ES"
        ; INT 15h C0h: configuration table
        mov     ah, 0C0h
        int     15h
        CHECK_CF 0, "INT 15h C0h"
        movzx   eax, ah
        CHECK_EQ eax, 0, "INT 15h C0h AH"
        movzx   eax, word [es:bx]
        CHECK_EQ eax, 8, "config table length"
        movzx   eax, byte [es:bx+2]
        CHECK_EQ eax, 0FCh, "config table model"
        test    byte [es:bx+5], 10h
        setnz   al
        movzx   eax, al
        CHECK_EQ eax, 1, "config table: INT 09h calls INT 15h 4Fh"
        ; model byte and date at the fixed addresses
        push    0F000h
        pop     es
        movzx   eax, byte [es:0FFFEh]
        CHECK_EQ eax, 0FCh, "F000:FFFE model byte"
        movzx   eax, byte [es:0FFF7h]
        CHECK_EQ eax, '/', "F000:FFF5 date"
        ; INT 17h with no printer: time-out status
        mov     ah, 02h
        xor     dx, dx
        int     17h
        movzx   eax, ah
        CHECK_EQ eax, 01h, "INT 17h no printer"
        ; INT 15h unsupported function
        mov     ah, 0F3h
        int     15h
        CHECK_CF 1, "INT 15h unknown function"
        movzx   eax, ah
        CHECK_EQ eax, 86h, "INT 15h unknown function AH"
        ; vectors point into the BIOS
        push    0
        pop     es
        movzx   eax, word [es:19h*4+2]
        CHECK_EQ eax, 0F000h, "INT 19h vector segment"
        movzx   eax, word [es:1Eh*4]
        CHECK_EQ eax, 0EFC7h, "INT 1Eh diskette parameter table"
        TEST_END
