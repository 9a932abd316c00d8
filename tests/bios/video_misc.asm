; video_misc.asm - INT 10h AH=12h BL=10h, AH=1Ah (display combination),
; AH=1Bh (state information), AH=1Ch (save/restore state across a mode
; change), and display pages (05h) in the 40-column mode 01h: the final
; screen shows page 1.
%include "video.inc"

BUF  equ 0x1000
SAVE equ 0x2000

test_main:
        mov     ax, 0x0003
        int     0x10
        push    ds
        pop     es
        ; 12h BL=10h: colour, 256K
        mov     ah, 0x12
        mov     bl, 0x10
        int     0x10
        cmp     bx, 0x0003
        mov     al, 1
        jne     fail
        ; 1A00h: VGA colour, no alternate
        mov     ax, 0x1A00
        int     0x10
        cmp     al, 0x1A
        mov     al, 2
        jne     fail
        cmp     bx, 0x0008
        jne     fail
        mov     ax, 0x1A01
        mov     bx, 0x0008
        int     0x10
        cmp     al, 0x1A
        mov     al, 3
        jne     fail
        ; 1Bh: state information
        mov     ah, 0x1B
        xor     bx, bx
        mov     di, BUF
        int     0x10
        cmp     al, 0x1B
        mov     al, 4
        jne     fail
        cmp     byte [BUF + 4], 3       ; mode
        jne     fail
        cmp     word [BUF + 5], 80      ; columns
        jne     fail
        cmp     byte [BUF + 0x22], 25   ; rows
        mov     al, 5
        jne     fail
        cmp     word [BUF + 0x23], 16   ; character height
        jne     fail
        cmp     byte [BUF + 0x25], 8    ; active display: VGA colour
        jne     fail
        cmp     word [BUF + 0x27], 16   ; colours
        mov     al, 6
        jne     fail
        cmp     byte [BUF + 0x29], 8    ; pages
        jne     fail
        cmp     byte [BUF + 0x2A], 2    ; 400 scan lines
        jne     fail
        mov     ax, [BUF]
        or      ax, [BUF + 2]
        mov     al, 7
        jz      fail                    ; static functionality table pointer
        ; 1Ch: size of hardware + BIOS data + DAC, save, change mode, restore
        mov     ax, 0x1C00
        mov     cx, 7
        int     0x10
        cmp     al, 0x1C
        mov     al, 8
        jne     fail
        or      bx, bx
        jz      fail
        cmp     bx, 20
        ja      fail
        mov     ax, 0x1C01
        mov     cx, 7
        mov     bx, SAVE
        int     0x10
        mov     ax, 0x0001
        int     0x10
        mov     ax, 0x1C02
        mov     cx, 7
        mov     bx, SAVE
        int     0x10
        mov     ah, 0x0F
        int     0x10
        cmp     ax, 0x5003              ; back to mode 03h, 80 columns
        mov     al, 9
        jne     fail
        ; pages in mode 01h
        mov     ax, 0x0001
        int     0x10
        mov     ah, 0x02
        mov     bh, 1
        mov     dx, 0x0305
        int     0x10
        mov     ah, 0x09
        mov     al, 'P'
        mov     bx, 0x011E
        mov     cx, 3
        int     0x10
        mov     ax, 0x1301              ; string on page 1, cursor moved
        mov     bx, 0x0107
        mov     cx, page1_len
        mov     dx, 0x0500
        push    cs
        pop     es
        mov     bp, page1
        int     0x10
        mov     ax, 0x0501
        int     0x10
        push    ds
        push    word 0x40
        pop     ds
        cmp     byte [0x62], 1
        mov     al, 10
        jne     .f
        cmp     word [0x4E], 0x800
        jne     .f
        cmp     word [0x52], 0x0500 + page1_len     ; page 1 cursor
        mov     al, 11
        jne     .f
        pop     ds
        ; the teletype writes on the active page (page 1), whatever BH
        ; says, as the IBM BIOS does
        mov     ah, 0x0E
        mov     al, '!'
        mov     bh, 0
        int     0x10
        ret
.f:     pop     ds
        jmp     fail

page1:  db 'This is page 1 (40 columns)'
page1_len equ $ - page1

        times   0xFFF0 - ($ - $$) db 0
        jmp     0xF000:start
        times   0x10000 - ($ - $$) db 0
