; irq.asm - hardware interrupt handlers with no service of their own: the
; default handlers of unused IRQs, NMI (INT 02h), print screen (INT 05h),
; IRQ9 (INT 71h, the AT's redirected IRQ2), the x87 error (IRQ13, INT 75h)
; and the secondary IDE channel (IRQ15, INT 77h).
;
; Contract (IBM PC AT Technical Reference, BIOS listing "D11" unexpected
; interrupt handler, "RE_DIRECT" (INT 71h) and "INT_287" (INT 75h); Ralf
; Brown's Interrupt List INT 05h, INT 71h, INT 75h):
;  - An unexpected IRQ is acknowledged and masked at its 8259A so it cannot
;    storm; its ISR byte is kept at 40:6Bh. A spurious IRQ7/IRQ15 (ISR bit
;    clear) gets no EOI, as the 8259A datasheet requires.
;  - INT 71h: EOI to the slave, then INT 0Ah (software written for IRQ2).
;  - INT 75h: clear the x87 BUSY latch (OUT F0h), EOI both, INT 02h.
;  - INT 05h: print the text screen on LPT1 through INT 17h; 50:00 is 1
;    while printing, 0 when done, FFh on error (no printer).

%define BDA_LASTINT 6Bh

irq_default_master:
        push    ax
        push    ds
        mov     al, 0Bh                 ; OCW3: read ISR
        out     PORT_PIC1, al
        in      al, PORT_PIC1
        test    al, al
        jz      .spurious
        mov     ah, al
        push    BDA_SEG
        pop     ds
        mov     [BDA_LASTINT], ah
        and     ah, 0FBh                ; never mask the cascade input
        in      al, PORT_PIC1+1
        or      al, ah
        out     PORT_PIC1+1, al
        mov     al, 20h
        out     PORT_PIC1, al
.spurious:
        pop     ds
        pop     ax
        iret

irq_default_slave:
        push    ax
        push    ds
        mov     al, 0Bh
        out     PORT_PIC2, al
        in      al, PORT_PIC2
        test    al, al
        jz      .spurious
        mov     ah, al
        push    BDA_SEG
        pop     ds
        mov     byte [BDA_LASTINT], 04h ; (IR2 of the master)
        in      al, PORT_PIC2+1
        or      al, ah
        out     PORT_PIC2+1, al
        mov     al, 20h
        out     PORT_PIC2, al
.spurious:
        mov     al, 20h                 ; the master saw IR2 in any case
        out     PORT_PIC1, al
        pop     ds
        pop     ax
        iret

; eoi_both: end of interrupt to the slave and the master 8259A.
eoi_both:
        push    ax
        mov     al, 20h
        out     PORT_PIC2, al
        out     PORT_PIC1, al
        pop     ax
        ret

int02_nmi:
        push    si
        push    ax
        in      al, PORT_SYSB
        mov     si, msg_nmi
        call    debug_puts
        call    put_hex8_debug
        mov     al, 10
        out     PORT_DEBUGCON, al
        pop     ax
        pop     si
        iret

; put_hex8_debug: AL in hexadecimal to the debug console only.
put_hex8_debug:
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
        jbe     .o
        add     al, 7
.o:     out     PORT_DEBUGCON, al
        ret

int71_irq9:
        push    ax
        mov     al, 20h
        out     PORT_PIC2, al
        pop     ax
        int     0Ah
        iret

int75_fpu:
        push    ax
        xor     al, al
        out     0F0h, al                ; clear the x87 BUSY latch
        call    eoi_both
        pop     ax
        int     02h
        iret

int77_ide2:
        push    ds
        push    ax
        push    dx
        mov     dx, 177h                ; read status: clears the device's INTRQ
        in      al, dx
        push    BDA_SEG
        pop     ds
        mov     byte [BDA_HDINT], 0FFh
        call    eoi_both
        pop     dx
        pop     ax
        pop     ds
        iret

int05_prtsc:
        sti
        push    ds
        push    ax
        push    bx
        push    cx
        push    dx
        push    50h
        pop     ds
        cmp     byte [0], 1             ; already printing
        je      .out
        mov     byte [0], 1
        mov     ah, 0Fh                 ; BH = page, AH = columns
        int     10h
        mov     cl, ah                  ; columns
        push    ds
        push    BDA_SEG
        pop     ds
        mov     ch, [BDA_VROWS]
        inc     ch                      ; rows
        pop     ds
        mov     ah, 03h                 ; save the cursor
        int     10h
        push    dx
        xor     dx, dx
        call    .crlf
        jnz     .err
.row:   xor     dl, dl
.col:   mov     ah, 02h
        int     10h
        mov     ah, 08h                 ; character at the cursor
        int     10h
        test    al, al
        jnz     .pc
        mov     al, ' '
.pc:    push    dx
        xor     dx, dx
        xor     ah, ah
        int     17h
        pop     dx
        test    ah, 29h                 ; time-out, I/O error, out of paper
        jnz     .err2
        inc     dl
        cmp     dl, cl
        jb      .col
        call    .crlf
        jnz     .err2
        inc     dh
        cmp     dh, ch
        jb      .row
        pop     dx
        mov     ah, 02h
        int     10h
        mov     byte [0], 0
        jmp     .out
.err2:  pop     dx
        mov     ah, 02h
        int     10h
.err:   mov     byte [0], 0FFh
.out:   pop     dx
        pop     cx
        pop     bx
        pop     ax
        pop     ds
        iret
; .crlf: CR LF to LPT1; ZF=0 on a printer error.
.crlf:  push    dx
        xor     dx, dx
        mov     ax, 000Dh
        int     17h
        test    ah, 29h
        jnz     .ce
        mov     ax, 000Ah
        int     17h
        test    ah, 29h
.ce:    pop     dx
        ret

msg_nmi: db "x86pc BIOS: NMI, port 61h = ", 0
