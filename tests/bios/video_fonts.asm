; video_fonts.asm - INT 10h AH=11h: ROM 8x8 font with recalculation
; (1112h: 80x50 text), font information (1130h), a user character
; (1100h) and the graphics font vectors (1120h, 1123h). Text screen and frame are checked by
; video_test.sh.
%include "video.inc"

test_main:
        mov     ax, 0x0003
        int     0x10
        mov     ax, 0x1112              ; 8x8 font, map 0, recalculate
        xor     bl, bl
        int     0x10
        push    ds
        push    word 0x40
        pop     ds
        cmp     byte [0x84], 49         ; rows - 1
        mov     al, 1
        jne     .f
        cmp     word [0x85], 8          ; character height
        mov     al, 2
        jne     .f
        pop     ds
        ; 1130h BH=3: ROM 8x8 font pointer, CX = height, DL = rows - 1
        mov     ax, 0x1130
        mov     bh, 3
        int     0x10
        cmp     cx, 8
        mov     al, 3
        jne     fail
        cmp     dl, 49
        mov     al, 4
        jne     fail
        mov     ax, es
        cmp     ax, 0xC000
        mov     al, 5
        jne     fail
        cmp     dword [es:bp + 8*'A'], 0xCCCC7830  ; 'A' of the 8x8 font
        mov     al, 6
        jne     fail
        ; user glyph for 80h: a hollow box, 8 lines
        push    cs
        pop     es
        mov     bp, box
        mov     ax, 0x1100
        mov     bx, 0x0800              ; 8 bytes, map 0
        mov     cx, 1
        mov     dx, 0x80
        int     0x10
        mov     si, text
        call    print
        ; bottom row
        mov     ah, 0x02
        xor     bh, bh
        mov     dx, 0x3100
        int     0x10
        mov     si, bottom
        call    print
        ; 1123h: INT 43h := ROM 8x8, 25 rows (BL=2); 1130h BH=1 reads it back
        mov     ax, 0x1123
        mov     bl, 2
        int     0x10
        mov     ax, 0x1130
        mov     bh, 1
        int     0x10
        cmp     cx, 8
        mov     al, 7
        jne     fail
        cmp     dl, 24
        jne     fail
        cmp     dword [es:bp + 8*'A'], 0xCCCC7830
        mov     al, 8
        jne     fail
        ; 1120h: INT 1Fh := a user table; 1130h BH=0
        push    cs
        pop     es
        mov     bp, box
        mov     ax, 0x1120
        int     0x10
        mov     ax, 0x1130
        xor     bh, bh
        int     0x10
        cmp     bp, box
        mov     al, 9
        jne     fail
        ; 1130h BH=6: the 8x16 font
        mov     ax, 0x1130
        mov     bh, 6
        int     0x10
        cmp     dword [es:bp + 16*'A' + 4], 0xFEC6C66C
        mov     al, 10
        jne     fail
        ret
.f:     pop     ds
        jmp     fail

box:    db 0xFF, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0xFF
text:   db 'Fifty lines of 8x8 text: ', 0x80, 0x80, ' user boxes', 13, 10, 0
bottom: db 'row 49', 0

        times   0xFFF0 - ($ - $$) db 0
        jmp     0xF000:start
        times   0x10000 - ($ - $$) db 0
