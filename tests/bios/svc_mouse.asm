; svc_mouse.asm - INT 15h AH=C2h on the PS/2 mouse and INT 74h: reset,
; initialise for 3-byte packets, device type, rate, resolution, status,
; handler, enable; then packets fed through the 8042 (command D3h writes
; the auxiliary output buffer, raising IRQ12, as the mouse would) reach
; the handler as (status, X, Y, 0); an out-of-step byte is dropped.
%include "lib.inc"
main:
        int     11h
        and     ax, 04h
        movzx   eax, ax
        CHECK_EQ eax, 04h, "INT 11h pointing device bit"
        mov     ax, 0C201h
        int     15h
        CHECK_CF 0, "C201h reset"
        movzx   eax, bx
        CHECK_EQ eax, 00AAh, "C201h BH=ID BL=AAh"
        mov     ax, 0C205h
        mov     bh, 3
        int     15h
        CHECK_CF 0, "C205h init 3-byte packets"
        mov     ax, 0C204h
        int     15h
        CHECK_CF 0, "C204h"
        movzx   eax, bh
        CHECK_EQ eax, 0, "C204h device ID"
        mov     ax, 0C202h
        mov     bh, 4                   ; 80 per second
        int     15h
        CHECK_CF 0, "C202h rate"
        mov     ax, 0C203h
        mov     bh, 3                   ; 8 counts/mm
        int     15h
        CHECK_CF 0, "C203h resolution"
        mov     ax, 0C206h
        xor     bh, bh
        int     15h
        CHECK_CF 0, "C206h status"
        movzx   eax, dl
        CHECK_EQ eax, 80, "C206h rate"
        movzx   eax, cl
        CHECK_EQ eax, 3, "C206h resolution"
        mov     ax, 0C202h
        mov     bh, 9
        int     15h
        CHECK_CF 1, "C202h bad rate"
        movzx   eax, ah
        CHECK_EQ eax, 02h, "C202h bad rate status"
        ; enable without a handler: AH=05h
        mov     ax, 0C200h
        mov     bh, 1
        int     15h
        CHECK_CF 1, "C200h without handler"
        movzx   eax, ah
        CHECK_EQ eax, 05h, "C200h without handler status"
        push    cs
        pop     es
        mov     bx, handler
        mov     ax, 0C207h
        int     15h
        CHECK_CF 0, "C207h"
        mov     ax, 0C200h
        mov     bh, 1
        int     15h
        CHECK_CF 0, "C200h enable"
        ; a stray byte without bit 3, then a packet: buttons 1, X +5, Y -3
        mov     al, 05h
        call    feed
        mov     al, 09h
        call    feed
        mov     al, 05h
        call    feed
        mov     al, 0FDh
        call    feed
        movzx   eax, word [calls]
        CHECK_EQ eax, 1, "handler calls"
        movzx   eax, word [got_status]
        CHECK_EQ eax, 09h, "handler status"
        movzx   eax, word [got_x]
        CHECK_EQ eax, 05h, "handler X"
        movzx   eax, word [got_y]
        CHECK_EQ eax, 0FDh, "handler Y"
        mov     ax, 0C200h
        xor     bh, bh
        int     15h
        CHECK_CF 0, "C200h disable"
        TEST_END

feed:   push    ax
.w:     in      al, 64h
        test    al, 02h
        jnz     .w
        mov     al, 0D3h
        out     64h, al
        pop     ax
        out     60h, al
        sti
        mov     cx, 300
.l:     loop    .l
        ret

; the pointing-device handler: far call, stack: ret (4), Z, Y, X, status
handler:
        push    bp
        mov     bp, sp
        push    ax
        inc     word [cs:calls]
        mov     ax, [bp+12]
        mov     [cs:got_status], ax
        mov     ax, [bp+10]
        mov     [cs:got_x], ax
        mov     ax, [bp+8]
        mov     [cs:got_y], ax
        pop     ax
        pop     bp
        retf
calls:  dw      0
got_status: dw  0
got_x:  dw      0
got_y:  dw      0
