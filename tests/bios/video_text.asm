; video_text.asm - mode 03h text services: teletype with CR/LF/BS and
; wrap, write string with attributes, write char/attr with count,
; cursor position and shape, scroll up/down of a window, read back of
; char/attr, get mode. The final screen is compared with
; video_text.expected (--screen-dump).
%include "video.inc"

test_main:
        mov     ax, 0x0003
        int     0x10
        mov     si, msg1
        call    print
        ; BS: "abX" -> "aY" ... check 0Fh
        mov     ah, 0x0F
        int     0x10
        cmp     ax, 0x5003
        mov     al, 1
        jne     fail
        ; write string with attributes at row 5 col 10, cursor moved
        push    cs
        pop     es
        mov     bp, msg2
        mov     cx, msg2_len
        mov     dx, 0x050A
        mov     bx, 0x001E
        mov     ax, 0x1303
        int     0x10
        mov     ah, 0x03
        xor     bh, bh
        int     0x10
        cmp     dx, 0x050A + msg2_len
        mov     al, 2
        jne     fail
        ; 09h: 5 x '*' attr 4Fh at row 7 col 2
        mov     ah, 0x02
        xor     bh, bh
        mov     dx, 0x0702
        int     0x10
        mov     ax, 0x092A
        mov     bx, 0x004F
        mov     cx, 5
        int     0x10
        ; 08h read back
        mov     ah, 0x08
        xor     bh, bh
        int     0x10
        cmp     ax, 0x4F2A
        mov     al, 3
        jne     fail
        ; 0Ah: 'B' x3 (attribute kept)
        mov     ax, 0x0A42
        mov     cx, 3
        int     0x10
        ; a window rows 10-14, cols 20-39 filled with letters, scrolled
        mov     dh, 10
.fill:  mov     ah, 0x02
        xor     bh, bh
        mov     dl, 20
        int     0x10
        mov     al, dh
        add     al, 'A' - 10
        mov     ah, 0x09
        mov     bx, 0x0007
        mov     cx, 20
        int     0x10
        inc     dh
        cmp     dh, 15
        jb      .fill
        mov     ax, 0x0602              ; up 2: rows 10-12 = C, D, E; 13-14 blank
        mov     bh, 0x17
        mov     cx, 0x0A14
        mov     dx, 0x0E27
        int     0x10
        mov     ax, 0x0701              ; down 1 in cols 20-29: row 10 blank
        mov     bh, 0x07
        mov     cx, 0x0A14
        mov     dx, 0x0E1D
        int     0x10
        ; teletype to the bottom and beyond: scrolls the whole screen
        mov     ah, 0x02
        xor     bh, bh
        mov     dx, 0x1700
        int     0x10
        mov     si, msg3
        call    print
        ; cursor shape 
        mov     ah, 0x01
        mov     cx, 0x0607
        int     0x10
        mov     ah, 0x03
        xor     bh, bh
        int     0x10
        cmp     cx, 0x0607
        mov     al, 4
        jne     fail
        ret

msg1:   db 'Hello, x86pc VGA BIOS', 13, 10, 'abX', 8, 'Y', 13, 10, 'tab?', 13, 10, 0
msg2:   db 'C', 0x1F, 'o', 0x2E, 'l', 0x4E, 'o', 0x71, 'r', 0x0A
msg2_len equ ($ - msg2) / 2
msg3:   db 'line 23', 13, 10, 'line 24', 13, 10, 'last line', 0

        times   0xFFF0 - ($ - $$) db 0
        jmp     0xF000:start
        times   0x10000 - ($ - $$) db 0
