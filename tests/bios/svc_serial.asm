; svc_serial.asm - INT 14h on COM1 (loopback through the 16550's MCR bit 4,
; so the sent byte comes back), COM2 absent, and the shutdown-byte return
; to real mode: CMOS 0Fh = 0Ah, 40:67 = resume address, reset through the
; 8042 (command FEh): POST must jump straight back (RAM is kept).
%include "lib.inc"
main:
        cmp     word [0600h], 0A55Ah
        je      resumed
        ; ---- INT 14h ----
        mov     ax, 00E3h               ; 9600 baud, no parity, 1 stop, 8 bits
        xor     dx, dx
        int     14h
        movzx   eax, ah
        and     al, 60h                 ; THRE, TEMT
        CHECK_EQ eax, 60h, "AH=00h line status"
        mov     dx, 3FCh                ; MCR: loopback
        mov     al, 13h
        out     dx, al
        mov     ax, 0141h
        xor     dx, dx
        int     14h
        movzx   eax, ah
        and     al, 80h
        CHECK_EQ eax, 0, "AH=01h sent"
        mov     ah, 02h
        xor     dx, dx
        int     14h
        movzx   eax, ax
        CHECK_EQ eax, 0041h, "AH=02h received the byte back"
        mov     ah, 03h
        xor     dx, dx
        int     14h
        movzx   eax, ah
        and     al, 01h
        CHECK_EQ eax, 0, "AH=03h no data left"
        mov     dx, 3FCh
        xor     al, al
        out     dx, al
        mov     ah, 03h
        mov     dx, 1                   ; COM2: absent
        int     14h
        movzx   eax, ah
        CHECK_EQ eax, 80h, "COM2 absent"
        cmp     word [fails], 0
        jne     .end
        ; ---- reset with shutdown code 0Ah ----
        mov     word [0600h], 0A55Ah
        push    40h
        pop     es
        mov     word [es:67h], resumed
        mov     word [es:69h], 0
        mov     al, 8Fh
        out     70h, al
        mov     al, 0Ah
        out     71h, al
        mov     al, 0FEh
        out     64h, al
.hang:  hlt
        jmp     .hang
.end:   jmp     finish
resumed:
        cli
        xor     ax, ax
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     sp, 7C00h
        mov     word [0600h], 0
        NOTE    "resumed through 40:67 after the reset"
        mov     al, 8Fh                 ; the BIOS cleared the shutdown byte
        out     70h, al
        in      al, 71h
        movzx   eax, al
        CHECK_EQ eax, 0, "CMOS 0Fh cleared"
        sti
finish: TEST_END
