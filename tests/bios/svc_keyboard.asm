; svc_keyboard.asm - INT 09h and INT 16h: scan codes are fed through the
; 8042 (command D2h writes the keyboard output buffer, raising IRQ1, as a
; key would) and read back with INT 16h: letters with Shift/Caps Lock/Ctrl/
; Alt, F11 (extended only), grey E0 keys, keypad Enter, Alt+keypad, AH=01h,
; 02h, 05h, 10h-12h, the INT 15h AH=4Fh intercept, Ctrl+Break (INT 1Bh),
; the Caps Lock LED (40:97).
%include "lib.inc"

; KEYS b1, b2, ...: feed scan codes.
%macro KEYS 1-*
%rep %0
        mov     al, %1
        call    feed
%rotate 1
%endrep
%endmacro

; EXPECT func, value, "name": INT 16h AH=func must return AX = value.
%macro EXPECT 3
        mov     ah, %1
        int     16h
        movzx   eax, ax
        CHECK_EQ eax, %2, %3
%endmacro

main:
        call    flush
        KEYS    1Eh, 9Eh
        EXPECT  00h, 1E61h, "a"
        KEYS    2Ah, 1Eh, 9Eh, 0AAh
        EXPECT  00h, 1E41h, "Shift+a"
        KEYS    3Ah, 0BAh               ; Caps Lock on
        push    40h
        pop     es
        movzx   eax, byte [es:17h]
        and     al, 40h
        CHECK_EQ eax, 40h, "Caps Lock state 40:17"
        KEYS    1Eh, 9Eh
        EXPECT  00h, 1E41h, "Caps+a"
        KEYS    2Ah, 1Eh, 9Eh, 0AAh
        EXPECT  00h, 1E61h, "Caps+Shift+a"
        KEYS    02h, 82h
        EXPECT  00h, 0231h, "Caps+1 (not a letter)"
        call    idle
        movzx   eax, byte [es:97h]
        and     al, 07h
        CHECK_EQ eax, 04h, "Caps Lock LED 40:97"
        KEYS    3Ah, 0BAh               ; Caps Lock off
        KEYS    1Dh, 2Eh, 0AEh, 9Dh
        EXPECT  00h, 2E03h, "Ctrl+c"
        KEYS    38h, 2Dh, 0ADh, 0B8h
        EXPECT  00h, 2D00h, "Alt+x"
        ; F11 is extended only: AH=00h skips it, AH=10h returns it
        KEYS    57h, 0D7h, 30h, 0B0h
        EXPECT  00h, 3062h, "F11 dropped by AH=00h"
        KEYS    57h, 0D7h
        EXPECT  10h, 8500h, "F11 by AH=10h"
        ; grey Up arrow
        KEYS    0E0h, 48h, 0E0h, 0C8h
        EXPECT  10h, 48E0h, "grey Up by AH=10h"
        KEYS    0E0h, 48h, 0E0h, 0C8h
        EXPECT  00h, 4800h, "grey Up by AH=00h"
        ; keypad Enter
        KEYS    0E0h, 1Ch, 0E0h, 9Ch
        EXPECT  10h, 0E00Dh, "keypad Enter by AH=10h"
        KEYS    0E0h, 1Ch, 0E0h, 9Ch
        EXPECT  00h, 1C0Dh, "keypad Enter by AH=00h"
        ; Num Lock off: keypad 8 is Up; on: '8'
        KEYS    48h, 0C8h
        EXPECT  00h, 4800h, "keypad 8 without Num Lock"
        KEYS    45h, 0C5h, 48h, 0C8h, 45h, 0C5h
        EXPECT  00h, 4838h, "keypad 8 with Num Lock"
        ; Alt + keypad 6 5 = 'A'
        KEYS    38h, 4Dh, 0CDh, 4Ch, 0CCh, 0B8h
        EXPECT  00h, 0041h, "Alt+keypad 65"
        ; AH=01h: empty, then a key that stays
        mov     ah, 01h
        int     16h
        CHECK_ZF 1, "AH=01h empty"
        KEYS    1Fh, 9Fh
        mov     ah, 01h
        int     16h
        CHECK_ZF 0, "AH=01h key waiting"
        movzx   eax, ax
        CHECK_EQ eax, 1F73h, "AH=01h key"
        EXPECT  00h, 1F73h, "key still there after AH=01h"
        ; AH=05h
        mov     ah, 05h
        mov     cx, 1234h
        int     16h
        movzx   eax, al
        CHECK_EQ eax, 0, "AH=05h stored"
        EXPECT  00h, 1234h, "AH=05h key"
        ; AH=02h / AH=12h with left Shift and right Ctrl held
        KEYS    2Ah, 0E0h, 1Dh
        mov     ah, 02h
        int     16h
        movzx   eax, al
        CHECK_EQ eax, 06h, "AH=02h Shift+Ctrl"
        mov     ah, 12h
        int     16h
        movzx   eax, ah
        CHECK_EQ eax, 04h, "AH=12h right Ctrl"
        KEYS    0AAh, 0E0h, 9Dh
        ; INT 15h AH=4Fh hook: turn 'a' into 'b'
        push    0
        pop     es
        mov     eax, [es:15h*4]
        mov     [old15], eax
        mov     word [es:15h*4], hook15
        mov     [es:15h*4+2], cs
        KEYS    1Eh, 9Eh
        mov     eax, [old15]
        mov     [es:15h*4], eax
        EXPECT  00h, 3062h, "INT 15h AH=4Fh translated a to b"
        ; Ctrl+Break: INT 1Bh, buffer holds 0000h
        mov     word [es:1Bh*4], hook1b
        mov     [es:1Bh*4+2], cs
        KEYS    1Dh, 0E0h, 46h, 0E0h, 0C6h, 9Dh
        movzx   eax, byte [got1b]
        CHECK_EQ eax, 1, "Ctrl+Break called INT 1Bh"
        EXPECT  00h, 0000h, "Ctrl+Break key"
        push    40h
        pop     es
        movzx   eax, byte [es:71h]
        and     al, 80h
        CHECK_EQ eax, 80h, "Ctrl+Break flag 40:71"
        TEST_END

; feed: AL = scan code into the 8042 output buffer as keyboard data.
feed:   push    ax
.w:     in      al, 64h
        test    al, 02h
        jnz     .w
        mov     al, 0D2h
        out     64h, al
        pop     ax
        out     60h, al
        call    idle
        ret

; idle: let pending interrupts run (a few timer-free instructions).
idle:   sti
        mov     cx, 200
.l:     loop    .l
        ret

; flush: empty the BIOS keyboard buffer.
flush:  mov     ah, 01h
        int     16h
        jz      .out
        mov     ah, 00h
        int     16h
        jmp     flush
.out:   ret

hook15: cmp     ah, 4Fh
        jne     .chain
        cmp     al, 1Eh
        jne     .keep
        mov     al, 30h
.keep:  stc
        retf    2
.chain: jmp     far [cs:old15]

hook1b: mov     byte [cs:got1b], 1
        iret

old15:  dd      0
got1b:  db      0
