; int09.asm - INT 09h, the keyboard interrupt (IRQ1 from the 8042): turns
; set-1 scan codes (the 8042 translates the keyboard's set 2) into INT 16h
; key codes in the 40:1E buffer and keeps the shift states.
;
; Contract (IBM PC AT Technical Reference, BIOS "KB_INT" with the 101/102-key
; extensions; Ralf Brown's Interrupt List INT 09h, INT 15h AH=4Fh/85h,
; MEMORY.LST 40:17/40:18/40:96/40:97):
;  - each byte from port 60h is first offered to INT 15h AH=4Fh (CF=1 on
;    entry; a hook that returns CF=0 swallows the byte, and it may change AL);
;  - 0FAh (acknowledge) and 0FEh (resend) drive the LED update; E0h and E1h
;    are prefixes (40:96 bits 1 and 0); E0 2Ah/E0 36h are the keyboard's
;    fake shifts and are ignored;
;  - Shift, Ctrl, Alt (left and right), Caps/Num/Scroll Lock and Insert keep
;    40:17, 40:18 and 40:96; a lock key toggles on its make code only, the
;    LEDs follow (keyboard command EDh);
;  - ordinary keys are looked up in kbd_tables.inc by state: Alt, then
;    Ctrl, then Shift (Caps Lock swaps Shift for letters, Num Lock for the
;    keypad); grey E0 keys give ASCII E0h (extended codes); Alt + keypad
;    digits builds a character code sent when Alt is released;
;  - Ctrl+Alt+Del: 40:72 = 1234h (warm boot) and a reset through the 8042
;    (command FEh); Ctrl+Break (Ctrl+Scroll Lock, or the E0 46h of
;    Ctrl+Pause): buffer emptied, 0000h stored, 40:71 bit 7 set, INT 1Bh;
;    Pause (E1 1D 45): the handler waits until the next key; Print Screen
;    (E0 37h): INT 05h (Ctrl: key 7200h); SysRq (54h): INT 15h AX=8500h
;    on make, 8501h on break;
;  - a full buffer drops the key. The EOI goes to the 8259A at the end.

%define KBD_TABLE_LAST 58h             ; last key in kbd_tables.inc

int09_keyboard:
        push    ds
        push    es
        pusha
        cld
        push    BDA_SEG
        pop     ds
        in      al, PORT_KBDATA
        stc
        mov     ah, 4Fh
        int     15h                     ; keyboard intercept
        jnc     kb_eoi
        cmp     al, 0FAh
        je      kb_ack
        cmp     al, 0FEh
        je      kb_resend
        cmp     al, 0E0h
        je      .e0
        cmp     al, 0E1h
        je      .e1
        test    al, al
        jz      kb_eoi                  ; keyboard buffer overrun codes
        cmp     al, 0FFh
        je      kb_eoi
        mov     ah, al                  ; AH = raw byte (bit 7 = break)
        and     al, 7Fh                 ; AL = key
        test    byte [BDA_KBFLAGS3], 01h
        jz      .noe1
        ; inside the Pause sequence E1 1D 45 (make) / E1 9D C5 (break)
        cmp     al, 1Dh
        je      kb_eoi
        and     byte [BDA_KBFLAGS3], 0FEh
        cmp     ah, 45h
        jne     kb_eoi
        jmp     kb_pause
.e0:    or      byte [BDA_KBFLAGS3], 02h
        jmp     kb_eoi
.e1:    or      byte [BDA_KBFLAGS3], 01h
        jmp     kb_eoi
.noe1:  mov     bl, [BDA_KBFLAGS3]
        and     bl, 02h                 ; BL = 2 after an E0 prefix
        and     byte [BDA_KBFLAGS3], 0FDh
        ; a key during Pause ends it and is dropped
        test    byte [BDA_KBFLAGS1], 08h
        jz      .nopause
        test    ah, 80h
        jnz     kb_eoi
        and     byte [BDA_KBFLAGS1], 0F7h
        jmp     kb_eoi
.nopause:
        test    bl, bl
        jz      .nofake
        cmp     al, 2Ah
        je      kb_eoi
        cmp     al, 36h
        je      kb_eoi
.nofake:
        cmp     al, 2Ah
        je      kb_lshift
        cmp     al, 36h
        je      kb_rshift
        cmp     al, 1Dh
        je      kb_ctrl
        cmp     al, 38h
        je      kb_alt
        cmp     al, 3Ah
        je      kb_caps
        cmp     al, 45h
        je      kb_num
        cmp     al, 46h
        je      kb_scroll
        cmp     al, 54h
        je      kb_sysrq
        test    ah, 80h
        jnz     .break
        cmp     al, 52h
        je      kb_insert
        cmp     al, 53h
        je      kb_delete
        cmp     al, 37h
        jne     kb_key
        test    bl, bl
        jz      kb_key
        jmp     kb_prtsc
.break: cmp     al, 52h
        jne     kb_eoi
        and     byte [BDA_KBFLAGS1], 07Fh   ; Insert released
        jmp     kb_eoi

kb_lshift:
        mov     cl, 02h
        jmp     kb_shiftbit
kb_rshift:
        mov     cl, 01h
kb_shiftbit:
        test    ah, 80h
        jnz     .up
        or      [BDA_KBFLAGS], cl
        jmp     kb_eoi
.up:    not     cl
        and     [BDA_KBFLAGS], cl
        jmp     kb_eoi

kb_ctrl:
        ; left Ctrl in 40:18 bit 0, right Ctrl in 40:96 bit 2
        mov     si, BDA_KBFLAGS1
        mov     cl, 01h
        test    bl, bl
        jz      .l
        mov     si, BDA_KBFLAGS3
        mov     cl, 04h
.l:     test    ah, 80h
        jnz     .up
        or      [si], cl
        jmp     kb_ctrl_sum
.up:    not     cl
        and     [si], cl
kb_ctrl_sum:
        and     byte [BDA_KBFLAGS], 0FBh
        test    byte [BDA_KBFLAGS1], 01h
        jnz     .on
        test    byte [BDA_KBFLAGS3], 04h
        jz      kb_eoi
.on:    or      byte [BDA_KBFLAGS], 04h
        jmp     kb_eoi

kb_alt:
        mov     si, BDA_KBFLAGS1
        mov     cl, 02h
        test    bl, bl
        jz      .l
        mov     si, BDA_KBFLAGS3
        mov     cl, 08h
.l:     test    ah, 80h
        jnz     .up
        or      [si], cl
        jmp     .sum
.up:    not     cl
        and     [si], cl
.sum:   and     byte [BDA_KBFLAGS], 0F7h
        test    byte [BDA_KBFLAGS1], 02h
        jnz     .on
        test    byte [BDA_KBFLAGS3], 08h
        jnz     .on
        ; Alt released: a character typed on the keypad is sent now
        mov     al, [BDA_ALTKEYPAD]
        mov     byte [BDA_ALTKEYPAD], 0
        test    al, al
        jz      kb_eoi
        xor     ah, ah
        call    kb_store
        jmp     kb_eoi
.on:    or      byte [BDA_KBFLAGS], 08h
        jmp     kb_eoi

; kb_lock: CL = lock bit (40:17 toggle, 40:18 held), AH = raw byte.
kb_lock:
        test    ah, 80h
        jnz     .up
        test    [BDA_KBFLAGS1], cl
        jnz     kb_eoi                  ; typematic repeat: no second toggle
        or      [BDA_KBFLAGS1], cl
        xor     [BDA_KBFLAGS], cl
        call    kb_update_leds
        jmp     kb_eoi
.up:    not     cl
        and     [BDA_KBFLAGS1], cl
        jmp     kb_eoi

kb_caps:
        mov     cl, 40h
        jmp     kb_lock
kb_num:
        mov     cl, 20h
        jmp     kb_lock
kb_scroll:
        test    bl, bl                  ; E0 46: Ctrl+Pause = Break
        jnz     .brk
        test    byte [BDA_KBFLAGS], 04h
        jnz     .brk
        mov     cl, 10h
        jmp     kb_lock
.brk:   test    ah, 80h
        jnz     kb_eoi
        mov     ax, [BDA_KBSTART]
        mov     [BDA_KBHEAD], ax
        mov     [BDA_KBTAIL], ax
        or      byte [BDA_BREAK], 80h
        xor     ax, ax
        call    kb_store
        call    kb_send_eoi
        int     1Bh
        jmp     kb_out

kb_sysrq:
        mov     al, ah
        shr     al, 7                   ; 0 = make, 1 = break
        mov     ah, 85h
        call    kb_send_eoi
        int     15h
        jmp     kb_out

kb_prtsc:
        test    byte [BDA_KBFLAGS], 04h
        jz      .int5
        mov     ax, 7200h               ; Ctrl+PrtSc
        call    kb_store
        jmp     kb_eoi
.int5:  call    kb_send_eoi
        int     05h
        jmp     kb_out

kb_pause:
        or      byte [BDA_KBFLAGS1], 08h
        call    kb_send_eoi
        sti
.wait:  test    byte [BDA_KBFLAGS1], 08h
        jz      kb_out
        hlt
        jmp     .wait

kb_insert:
        ; grey Insert, or keypad 0 when it is not a digit, toggles Insert
        test    bl, bl
        jnz     .ins
        call    kb_keypad_digit
        jnz     kb_key
.ins:   test    byte [BDA_KBFLAGS1], 80h
        jnz     kb_key
        or      byte [BDA_KBFLAGS1], 80h
        xor     byte [BDA_KBFLAGS], 80h
        jmp     kb_key

kb_delete:
        mov     cl, [BDA_KBFLAGS]
        and     cl, 0Ch
        cmp     cl, 0Ch                 ; Ctrl and Alt
        jne     kb_key
        mov     word [BDA_RESETFLAG], 1234h
        mov     al, 0FEh                ; pulse the reset line
        call    kbc_command
        jmp     BIOS_SEG:reset_vector

; kb_keypad_digit: ZF = 0 when a keypad key (non-E0) means its digit now
; (Num Lock XOR Shift).
kb_keypad_digit:
        push    ax
        mov     al, [BDA_KBFLAGS]
        mov     ah, al
        and     al, 03h                 ; a Shift
        jz      .ns
        mov     al, 20h
.ns:    and     ah, 20h                 ; Num Lock
        xor     al, ah
        pop     ax
        ret

; kb_key: AL = key 01h-58h (make), BL = E0 prefix flag.
kb_key:
        cmp     al, KBD_TABLE_LAST
        ja      kb_eoi
        test    bl, bl
        jz      .plain
        cmp     al, 1Ch
        je      .kpenter
        cmp     al, 35h
        je      .kpslash
        cmp     al, 47h
        jb      kb_eoi
        cmp     al, 53h
        ja      kb_eoi
        ; grey cursor keys
        mov     dl, al
        test    byte [BDA_KBFLAGS], 08h
        jnz     .greyalt
        test    byte [BDA_KBFLAGS], 04h
        jnz     .plain_ctrl
        mov     ah, dl
        mov     al, 0E0h
        jmp     .store
.greyalt:
        movzx   si, dl
        mov     ah, [cs:kbd_grey_alt + si - 47h]
        xor     al, al
        jmp     .store
.kpenter:
        mov     ax, 0E00Dh
        test    byte [BDA_KBFLAGS], 08h
        jz      .ke1
        mov     ax, 0A600h
        jmp     .store
.ke1:   test    byte [BDA_KBFLAGS], 04h
        jz      .store
        mov     ax, 0E00Ah
        jmp     .store
.kpslash:
        mov     ax, 0E02Fh
        test    byte [BDA_KBFLAGS], 08h
        jz      .ks1
        mov     ax, 0A400h
        jmp     .store
.ks1:   test    byte [BDA_KBFLAGS], 04h
        jz      .store
        mov     ax, 9500h
        jmp     .store
.plain_ctrl:
        mov     al, dl
.plain: movzx   si, al
        dec     si
        shl     si, 3                   ; 8 bytes per key
        mov     dl, al
        test    byte [BDA_KBFLAGS], 08h
        jz      .noalt
        ; Alt + keypad digit: accumulate the character code
        test    bl, bl
        jnz     .alt
        cmp     dl, 47h
        jb      .alt
        cmp     dl, 52h
        ja      .alt
        mov     al, [cs:kbd_table + si + 2]     ; the digit's ASCII
        sub     al, '0'
        cmp     al, 9
        ja      .alt
        mov     cl, al
        mov     al, [BDA_ALTKEYPAD]
        mov     ch, 10
        mul     ch
        add     al, cl
        mov     [BDA_ALTKEYPAD], al
        jmp     kb_eoi
.alt:   mov     ax, [cs:kbd_table + si + 6]
        jmp     .store
.noalt: test    byte [BDA_KBFLAGS], 04h
        jz      .noctrl
        mov     ax, [cs:kbd_table + si + 4]
        jmp     .store
.noctrl:
        cmp     dl, 47h
        jb      .nokp
        cmp     dl, 53h
        ja      .nokp
        cmp     dl, 4Ah
        je      .nokp
        cmp     dl, 4Eh
        je      .nokp
        call    kb_keypad_digit
        jz      .normal
        jmp     .shifted
.nokp:  mov     al, [BDA_KBFLAGS]
        and     al, 03h                 ; Shift
        jz      .s0
        mov     al, 1
.s0:    mov     ah, [cs:kbd_table + si] ; a letter? (Caps Lock applies)
        cmp     ah, 'a'
        jb      .nocaps
        cmp     ah, 'z'
        ja      .nocaps
        test    byte [BDA_KBFLAGS], 40h
        jz      .nocaps
        xor     al, 1
.nocaps:
        test    al, al
        jz      .normal
.shifted:
        mov     ax, [cs:kbd_table + si + 2]
        jmp     .store
.normal:
        mov     ax, [cs:kbd_table + si]
.store: test    ax, ax
        jz      kb_eoi
        call    kb_store
        jmp     kb_eoi

; kb_store: AX = key code into the buffer (dropped when full). CF = full.
kb_store:
        push    bx
        push    si
        cli
        mov     bx, [BDA_KBTAIL]
        lea     si, [bx+2]
        cmp     si, [BDA_KBEND]
        jb      .w
        mov     si, [BDA_KBSTART]
.w:     cmp     si, [BDA_KBHEAD]
        je      .full
        mov     [bx], ax
        mov     [BDA_KBTAIL], si
        clc
        jmp     .out
.full:  stc
.out:   pop     si
        pop     bx
        ret

; ---- LED update: EDh then the LED byte, each answered by FAh ----
; 40:97 bits 0-2 = LEDs shown, bit 6 = update in progress (EDh sent,
; waiting for FAh), EBDA_KBLEDSTATE = the LED byte to send after it.
kb_update_leds:
        push    ax
        push    es
        mov     al, [BDA_KBFLAGS]
        shr     al, 4
        and     al, 07h                 ; Scroll=0, Num=1, Caps=2
        mov     ah, [BDA_KBLEDS]
        and     ah, 07h
        cmp     al, ah
        je      .out
        test    byte [BDA_KBLEDS], 40h
        jnz     .out                    ; one at a time
        push    EBDA_SEG
        pop     es
        mov     [es:EBDA_KBLEDSTATE], al
        or      byte [BDA_KBLEDS], 40h
        mov     al, 0EDh
        call    kbc_data
.out:   pop     es
        pop     ax
        ret

kb_ack:
        test    byte [BDA_KBLEDS], 40h
        jz      kb_eoi
        push    EBDA_SEG
        pop     es
        mov     al, [es:EBDA_KBLEDSTATE]
        test    al, 80h                 ; LED byte already sent: done
        jnz     .done
        and     byte [BDA_KBLEDS], 0F8h
        or      [BDA_KBLEDS], al
        or      byte [es:EBDA_KBLEDSTATE], 80h
        call    kbc_data
        jmp     kb_eoi
.done:  and     byte [BDA_KBLEDS], 0BFh
        mov     byte [es:EBDA_KBLEDSTATE], 0
        call    kb_update_leds          ; the state may have moved on
        jmp     kb_eoi

kb_resend:
        ; the keyboard asks for the last byte again: restart the LED update
        test    byte [BDA_KBLEDS], 40h
        jz      kb_eoi
        and     byte [BDA_KBLEDS], 0BFh
        or      byte [BDA_KBLEDS], 07h  ; force a difference
        xor     byte [BDA_KBLEDS], 07h
        push    EBDA_SEG
        pop     es
        mov     byte [es:EBDA_KBLEDSTATE], 0
        call    kb_update_leds
        jmp     kb_eoi

kb_send_eoi:
        push    ax
        cli
        mov     al, 20h
        out     PORT_PIC1, al
        pop     ax
        ret

kb_eoi: call    kb_send_eoi
kb_out: popa
        pop     es
        pop     ds
        iret

%include "kbd_tables.inc"
