; util.asm - small helpers used across the BIOS: text output to the debug
; console (port 0E9h, x86pc's Bochs/QEMU-style debug console) and to the
; screen through INT 10h, hexadecimal numbers, CMOS access, timed waits.
;
; Contract: every routine here preserves all registers except the ones it
; documents as outputs, and runs in real mode with any DS/ES.
; Sources: MC146818A datasheet (index port 70h, bit 7 = NMI disable as wired
; on the PC/AT: IBM PC AT Technical Reference, "CMOS RAM"); Bochs/QEMU
; debugcon (one byte written to port 0E9h = one character of log).

; debug_putc: AL = character to the debug console.
debug_putc:
        out     PORT_DEBUGCON, al
        ret

; debug_puts: CS:SI = zero-terminated string to the debug console.
debug_puts:
        push    ax
        push    si
.next:  cs lodsb
        test    al, al
        jz      .done
        out     PORT_DEBUGCON, al
        jmp     .next
.done:  pop     si
        pop     ax
        ret

; video_is_fallback: ZF=1 when INT 10h is still this BIOS's own minimal
; handler (no video option ROM installed), which already copies text to
; the debug console.
video_is_fallback:
        push    ds
        push    ax
        xor     ax, ax
        mov     ds, ax
        cmp     word [10h*4+2], BIOS_SEG
        jne     .out
        cmp     word [10h*4], int10_fallback
.out:   pop     ax
        pop     ds
        ret

; putc: AL = character to the screen (INT 10h teletype) and the debug console.
putc:
        push    ax
        push    bx
        call    video_is_fallback
        je      .screen
        out     PORT_DEBUGCON, al
.screen:
        cmp     al, 10                  ; "\n" -> CR LF on the screen
        jne     .tty
        mov     ax, 0E0Dh
        mov     bx, 0007h
        int     10h
        mov     al, 10
.tty:   mov     ah, 0Eh
        mov     bx, 0007h
        int     10h
        pop     bx
        pop     ax
        ret

; puts: CS:SI = zero-terminated string to the screen and the debug console.
puts:
        push    ax
        push    si
.next:  cs lodsb
        test    al, al
        jz      .done
        call    putc
        jmp     .next
.done:  pop     si
        pop     ax
        ret

; put_hex8 / put_hex16 / put_hex32: AL / AX / EAX in hexadecimal to putc.
put_hex32:
        ror     eax, 16
        call    put_hex16
        ror     eax, 16
put_hex16:
        xchg    al, ah
        call    put_hex8
        xchg    al, ah
put_hex8:
        push    ax
        shr     al, 4
        call    .nib
        pop     ax
        push    ax
        call    .nib
        pop     ax
        ret
.nib:   and     al, 0Fh
        add     al, '0'
        cmp     al, '9'
        jbe     .out
        add     al, 'A' - '9' - 1
.out:   jmp     putc

; put_dec: EAX = unsigned number in decimal to putc.
put_dec:
        push    eax
        push    ecx
        push    edx
        xor     cx, cx
        mov     ecx, 10
        push    word 0FFFFh             ; end marker
.div:   xor     edx, edx
        div     ecx
        push    dx
        test    eax, eax
        jnz     .div
.pr:    pop     ax
        cmp     ax, 0FFFFh
        je      .done
        add     al, '0'
        call    putc
        jmp     .pr
.done:  pop     edx
        pop     ecx
        pop     eax
        ret

; cmos_read: AL = CMOS index -> AL = value (NMI stays disabled, bit 7).
cmos_read:
        or      al, 80h
        out     PORT_CMOS, al
        in      al, PORT_CMOS+1
        ret

; cmos_write: AL = CMOS index, AH = value.
cmos_write:
        or      al, 80h
        out     PORT_CMOS, al
        mov     al, ah
        out     PORT_CMOS+1, al
        ret

; bcd2bin: AL = BCD byte -> AL = binary (AH destroyed).
bcd2bin:
        mov     ah, al
        shr     ah, 4
        and     al, 0Fh
        aad
        ret

; bin2bcd: AL = 0-99 -> AL = BCD (AH destroyed).
bin2bcd:
        aam
        shl     ah, 4
        or      al, ah
        ret

; wait_ticks: wait CX timer ticks (55 ms each) with interrupts enabled,
; halting between interrupts. Needs the INT 08h tick counter running.
wait_ticks:
        push    ds
        push    eax
        push    bx
        mov     ax, BDA_SEG
        mov     ds, ax
        sti
        mov     bx, [BDA_TICKS]
.loop:  mov     ax, [BDA_TICKS]
        sub     ax, bx
        cmp     ax, cx
        jae     .done
        hlt
        jmp     .loop
.done:  pop     bx
        pop     eax
        pop     ds
        ret

; io_delay: a short pause between accesses to slow ISA chips (a read of
; port 61h, which every AT decodes; port 80h is the traditional target but
; nothing decodes it on this board).
io_delay:
        push    ax
        in      al, PORT_SYSB
        pop     ax
        ret
