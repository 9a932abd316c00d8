; int16.asm - INT 16h, keyboard services (the buffer that INT 09h fills).
;
; Contract (IBM PC AT Technical Reference, "KEYBOARD_IO" with the 101/102-key
; extensions; Ralf Brown's Interrupt List INT 16h):
;  AH=00h  wait for a key, remove it: AX = scan << 8 | ASCII. Keys only the
;          extended functions know (ASCII F0h marker, scan codes above 84h)
;          are dropped; grey-key ASCII E0h becomes 00h, and the keypad
;          Enter / slash (scan E0h) get their main-keyboard scan codes.
;  AH=01h  ZF=1 if no key; else ZF=0, AX = next key (left in the buffer;
;          keys AH=00h would drop are removed).
;  AH=02h  AL = shift flags (40:17).
;  AH=03h  AL=05h: typematic rate BL (0-1Fh) and delay BH (0-3), sent to the
;          keyboard (command F3h).
;  AH=05h  store CX as a keystroke: AL = 0, or 1 when the buffer is full.
;  AH=09h  AL = supported functions: bit 2 AX=0305h, bit 5 AH=10h-12h.
;  AH=10h  like 00h with extended keys: ASCII F0h becomes 00h, E0h kept.
;  AH=11h  like 01h, extended.
;  AH=12h  AL = 40:17, AH = bits 0 left Ctrl, 1 left Alt, 2 right Ctrl,
;          3 right Alt, 4 Scroll Lock, 5 Num Lock, 6 Caps Lock, 7 SysRq held.
; Waiting halts the CPU between interrupts.

int16_keyboard:
        sti
        push    ds
        push    bx
        push    BDA_SEG
        pop     ds
        cmp     ah, 00h
        je      kb16_read
        cmp     ah, 10h
        je      kb16_read
        cmp     ah, 01h
        je      kb16_peek
        cmp     ah, 11h
        je      kb16_peek
        cmp     ah, 02h
        je      kb16_shift
        cmp     ah, 12h
        je      kb16_shift_ext
        cmp     ah, 05h
        je      kb16_store
        cmp     ah, 03h
        je      kb16_typematic
        cmp     ah, 09h
        je      kb16_functions
kb16_ret:
        pop     bx
        pop     ds
        iret

; kb16_next: BX = head -> BX advanced (wrapping in the buffer).
kb16_next:
        add     bx, 2
        cmp     bx, [BDA_KBEND]
        jb      .ok
        mov     bx, [BDA_KBSTART]
.ok:    ret

; kb16_filter: AX = key, CH = function (00h/01h compatible, else extended)
; -> AX translated; CF = 1 when the compatible functions drop it.
kb16_filter:
        test    ch, 10h
        jnz     .ext
        cmp     ah, 0E0h                ; keypad Enter / slash
        jne     .c1
        mov     ah, 1Ch
        cmp     al, 0Dh
        je      .ok
        cmp     al, 0Ah
        je      .ok
        mov     ah, 35h
        jmp     .ok
.c1:    cmp     al, 0F0h
        je      .drop
        cmp     ah, 84h
        ja      .drop
        cmp     al, 0E0h
        jne     .ok
        test    ah, ah
        jz      .ok
        xor     al, al
        jmp     .ok
.ext:   cmp     al, 0F0h
        jne     .ok
        test    ah, ah
        jz      .ok
        xor     al, al
.ok:    clc
        ret
.drop:  stc
        ret

kb16_read:
        push    cx
        mov     ch, ah
.wait:  cli
        mov     bx, [BDA_KBHEAD]
        cmp     bx, [BDA_KBTAIL]
        jne     .have
        sti
        hlt
        jmp     .wait
.have:  mov     ax, [bx]
        call    kb16_next
        mov     [BDA_KBHEAD], bx
        sti
        call    kb16_filter
        jc      .wait
        pop     cx
        jmp     kb16_ret

kb16_peek:
        push    cx
        mov     ch, ah
.again: cli
        mov     bx, [BDA_KBHEAD]
        cmp     bx, [BDA_KBTAIL]
        je      .none
        mov     ax, [bx]
        call    kb16_filter
        jnc     .have
        call    kb16_next               ; drop it and look again
        mov     [BDA_KBHEAD], bx
        sti
        jmp     .again
.have:  sti
        pop     cx
        pop     bx
        pop     ds
        push    ax
        mov     ax, 1
        test    ax, ax                  ; ZF = 0
        pop     ax
        retf    2
.none:  sti
        pop     cx
        pop     bx
        pop     ds
        push    ax
        xor     ax, ax                  ; ZF = 1
        pop     ax
        retf    2

kb16_shift:
        mov     al, [BDA_KBFLAGS]
        jmp     kb16_ret

kb16_shift_ext:
        mov     al, [BDA_KBFLAGS1]
        mov     ah, al
        and     ah, 73h                 ; left Ctrl, left Alt, lock keys held
        test    al, 04h                 ; SysRq held -> bit 7
        jz      .s
        or      ah, 80h
.s:     mov     bl, [BDA_KBFLAGS3]
        and     bl, 0Ch                 ; right Ctrl, right Alt
        or      ah, bl
        mov     al, [BDA_KBFLAGS]
        jmp     kb16_ret

kb16_store:
        mov     ax, cx
        call    kb_store
        mov     al, 0
        jnc     .ok
        inc     al
.ok:    jmp     kb16_ret

kb16_typematic:
        cmp     al, 05h
        jne     kb16_ret
        push    ax
        cli
        mov     al, 0F3h
        call    kbc_data
        call    kbc_read_data           ; FAh
        mov     al, bh
        and     al, 03h
        shl     al, 5
        mov     ah, bl
        and     ah, 1Fh
        or      al, ah
        call    kbc_data
        call    kbc_read_data
        sti
        pop     ax
        jmp     kb16_ret

kb16_functions:
        mov     al, 24h
        jmp     kb16_ret
