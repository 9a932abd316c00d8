; video_palette.asm - INT 10h AH=10h in mode 03h: palette registers
; (00h/07h, 01h/08h, 02h/09h), blink/intensity (03h), DAC registers and
; blocks (10h/15h, 12h/17h), pixel mask (18h/19h), grey summing (1Bh) and
; the colour page of the attribute controller (13h/1Ah); then a row of
; bright backgrounds (intensity, not blinking) on screen.
%include "video.inc"

BUF equ 0x1000

test_main:
        mov     ax, 0x0003
        int     0x10
        ; 1000h/1007h: palette register 1 := 3Ch, read back
        mov     ax, 0x1000
        mov     bx, 0x3C01
        int     0x10
        mov     ax, 0x1007
        mov     bl, 1
        int     0x10
        cmp     bh, 0x3C
        mov     al, 1
        jne     fail
        ; 1001h/1008h: border
        mov     ax, 0x1001
        mov     bh, 0x05
        int     0x10
        mov     ax, 0x1008
        int     0x10
        cmp     bh, 0x05
        mov     al, 2
        jne     fail
        ; 1009h: read all 17 -> BUF, modify, 1002h write, 1009h compare
        push    ds
        pop     es
        mov     dx, BUF
        mov     ax, 0x1009
        int     0x10
        cmp     byte [BUF + 1], 0x3C
        mov     al, 3
        jne     fail
        mov     byte [BUF + 1], 0x01    ; restore blue
        mov     byte [BUF + 16], 0
        mov     ax, 0x1002
        int     0x10
        mov     dx, BUF + 32
        mov     ax, 0x1009
        int     0x10
        mov     si, BUF
        mov     di, BUF + 32
        mov     cx, 17
        repe    cmpsb
        mov     al, 4
        jne     fail
        ; 1010h/1015h: DAC 20h := (10h, 20h, 30h)
        mov     ax, 0x1010
        mov     bx, 0x20
        mov     dh, 0x10
        mov     cx, 0x2030
        int     0x10
        mov     ax, 0x1015
        mov     bx, 0x20
        xor     cx, cx
        xor     dx, dx
        int     0x10
        cmp     dh, 0x10
        mov     al, 5
        jne     fail
        cmp     cx, 0x2030
        mov     al, 6
        jne     fail
        ; 1017h: read DAC 0-63 -> BUF, 1012h write them back as 64-127
        mov     ax, 0x1017
        xor     bx, bx
        mov     cx, 64
        mov     dx, BUF
        int     0x10
        cmp     word [BUF + 3], 0x0000  ; DAC 1 = (0, 0, 2Ah)
        mov     al, 7
        jne     fail
        cmp     byte [BUF + 5], 0x2A
        jne     fail
        mov     ax, 0x1012
        mov     bx, 64
        mov     cx, 64
        mov     dx, BUF
        int     0x10
        mov     ax, 0x1015
        mov     bx, 64 + 0x3F
        int     0x10
        cmp     dh, 0x3F
        mov     al, 8
        jne     fail
        ; 1018h/1019h: pixel mask
        mov     ax, 0x1018
        mov     bl, 0x7F
        int     0x10
        mov     ax, 0x1019
        int     0x10
        cmp     bl, 0x7F
        mov     al, 9
        jne     fail
        mov     ax, 0x1018
        mov     bl, 0xFF
        int     0x10
        ; 101Bh: grey of DAC 80h (a copy of 0, black) and 20h
        mov     ax, 0x101B
        mov     bx, 0x20
        mov     cx, 1
        int     0x10
        mov     ax, 0x1015
        mov     bx, 0x20
        int     0x10
        ; 0.30*16 + 0.59*32 + 0.11*48 = 4.8 + 18.9 + 5.3 = 29 (1Dh)
        cmp     dh, 0x1D
        mov     al, 10
        jne     fail
        cmp     cx, 0x1D1D
        jne     fail
        ; 1013h/101Ah: paging mode 1 (16 pages of 16), page 2, read back
        mov     ax, 0x1013
        mov     bx, 0x0100
        int     0x10
        mov     ax, 0x1013
        mov     bx, 0x0201
        int     0x10
        mov     ax, 0x101A
        int     0x10
        cmp     bx, 0x0201
        mov     al, 11
        jne     fail
        mov     ax, 0x1013
        mov     bx, 0x0001              ; page 0
        int     0x10
        mov     ax, 0x1013
        mov     bx, 0x0000              ; 4 pages of 64
        int     0x10
        ; 1003h: intensity instead of blinking; a row of bright backgrounds
        mov     ax, 0x1003
        xor     bl, bl
        int     0x10
        mov     cx, 16
        xor     dl, dl
.bg:    push    cx
        mov     ah, 0x02
        xor     bh, bh
        mov     dh, 2
        int     0x10
        mov     bl, 16
        sub     bl, cl                  ; i = 0..15
        shl     bl, 4
        or      bl, 0x0F                ; background i (8-15: bright), white text
        mov     ax, 0x0923
        mov     cx, 4
        int     0x10
        add     dl, 4
        pop     cx
        loop    .bg
        ret

        times   0xFFF0 - ($ - $$) db 0
        jmp     0xF000:start
        times   0x10000 - ($ - $$) db 0
