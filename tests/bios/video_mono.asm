; video_mono.asm - mode 07h (monochrome text at B000h, CRTC at 3B4h):
; normal, intense, underlined, reverse and blinking attributes, teletype
; and scrolling on the monochrome page.
%include "video.inc"

test_main:
        mov     ax, 0x0007
        int     0x10
        mov     ah, 0x0F
        int     0x10
        cmp     ax, 0x5007
        mov     al, 1
        jne     fail
        push    ds
        push    word 0x40
        pop     ds
        cmp     word [0x63], 0x3B4
        pop     ds
        mov     al, 2
        jne     fail
        mov     si, attrs
        mov     dh, 1
.l:     cs lodsb
        or      al, al
        jz      .done
        mov     bl, al
        mov     ah, 0x02
        xor     bh, bh
        mov     dl, 2
        int     0x10
        mov     ax, 0x0941              ; 'A' x 10 in this attribute
        mov     cx, 10
        int     0x10
        inc     dh
        jmp     .l
.done:  mov     ah, 0x02
        xor     bh, bh
        mov     dx, 0x1600
        int     0x10
        mov     si, msg
        call    print
        ret

attrs:  db 0x07, 0x0F, 0x01, 0x09, 0x70, 0x87, 0
msg:    db 'mono line 22', 13, 10, 'mono line 23', 13, 10, 'mono line 24', 13, 10, 'scrolled', 0

        times   0xFFF0 - ($ - $$) db 0
        jmp     0xF000:start
        times   0x10000 - ($ - $$) db 0
