; video_cga.asm - INT 10h AH=0Bh in mode 04h: palette 0 (green/red/brown)
; with intensity and a blue background, bars of colours 0-3, and the
; check of the CGA palette byte 40:66.
%include "video.inc"

test_main:
        mov     ax, 0x0004
        int     0x10
        mov     ah, 0x0B
        mov     bx, 0x0100              ; palette 0
        int     0x10
        mov     ah, 0x0B
        mov     bx, 0x0011              ; background blue, intensified palette
        int     0x10
        push    ds
        push    word 0x40
        pop     ds
        mov     al, [0x66]
        pop     ds
        cmp     al, 0x11                ; palette 0, intensity, colour 1
        mov     al, 1
        jne     fail
        ; four bars of 40 pixels, rows 20..99
        mov     dx, 20
.y:     xor     cx, cx
.x:     mov     ax, cx
        mov     bl, 40
        div     bl
        mov     ah, 0x0C
        xor     bh, bh
        int     0x10
        inc     cx
        cmp     cx, 160
        jb      .x
        inc     dx
        cmp     dx, 100
        jb      .y
        ret

        times   0xFFF0 - ($ - $$) db 0
        jmp     0xF000:start
        times   0x10000 - ($ - $$) db 0
