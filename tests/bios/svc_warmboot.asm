; svc_warmboot.asm - Ctrl+Alt+Del (fed through the 8042 command D2h): INT 09h
; sets the warm-boot flag 40:72 = 1234h and resets the machine through the
; 8042; POST runs again, keeps the flag and boots this disk a second time.
%include "lib.inc"
main:
        push    40h
        pop     es
        cmp     word [0600h], 0C3A1h
        je      second
        mov     word [0600h], 0C3A1h
        mov     al, 1Dh                 ; Ctrl
        call    feed
        mov     al, 38h                 ; Alt
        call    feed
        mov     al, 53h                 ; Del
        call    feed
        NOTE    "FAIL: still running after Ctrl+Alt+Del"
        mov     al, 1
        out     0F4h, al
        hlt
second: mov     word [0600h], 0
        NOTE    "booted again after Ctrl+Alt+Del"
        movzx   eax, word [es:72h]
        CHECK_EQ eax, 1234h, "warm-boot flag 40:72"
        TEST_END

feed:   push    ax
.w:     in      al, 64h
        test    al, 02h
        jnz     .w
        mov     al, 0D2h
        out     64h, al
        pop     ax
        out     60h, al
        sti
        mov     cx, 200
.l:     loop    .l
        ret
