; int17.asm - INT 17h, printer services on the standard parallel port.
;
; Contract (IBM PC AT Technical Reference, "PRINTER_IO"; Ralf Brown's
; Interrupt List INT 17h AH=00h-02h): DX = printer 0-2 (base from 40:08).
;  AH=00h  print AL: data to the port, wait while BUSY (status bit 7 = 0)
;          for the printer's time-out (40:78, in ticks), then pulse STROBE
;  AH=01h  initialise: INIT low for a moment, then select
;  AH=02h  status
;  Returns AH = status: bit 0 time-out, 3 I/O error, 4 selected, 5 out of
;  paper, 6 acknowledge, 7 not busy (the port's status register with bits
;  3 and 6 inverted as IBM did). A missing printer answers with the
;  time-out status, AH = 01h.

int17_printer:
        sti
        push    ds
        push    bx
        push    cx
        push    dx
        push    BDA_SEG
        pop     ds
        cmp     dx, 2
        ja      .none
        mov     bx, dx
        shl     bx, 1
        mov     dx, [BDA_LPT + bx]
        test    dx, dx
        jz      .none
        shr     bx, 1
        cmp     ah, 00h
        je      .print
        cmp     ah, 01h
        je      .init
        cmp     ah, 02h
        je      .status
        jmp     .out
.none:  mov     ah, 01h
        jmp     .out
.print: out     dx, al
        mov     cl, al
        inc     dx                      ; status port
        mov     bx, [BDA_TICKS]
        push    si
        movzx   si, byte [BDA_LPTTIMEOUT]
.busy:  in      al, dx
        test    al, 80h
        jnz     .ready
        mov     ax, [BDA_TICKS]
        sub     ax, bx
        cmp     ax, si
        jbe     .busy
        pop     si
        in      al, dx
        mov     ah, al
        and     ah, 0F8h
        xor     ah, 48h
        or      ah, 01h                 ; time-out
        mov     al, cl
        jmp     .out
.ready: pop     si
        inc     dx                      ; control port: strobe
        mov     al, 0Dh
        out     dx, al
        call    io_delay
        mov     al, 0Ch
        out     dx, al
        dec     dx
        mov     al, cl
        push    ax
        jmp     .st2
.init:  add     dx, 2
        mov     al, 08h                 ; INIT low, select
        out     dx, al
        mov     cx, 1
        call    wait_ticks
        mov     al, 0Ch
        out     dx, al
        sub     dx, 2
.status:
        push    ax
        inc     dx
.st2:   in      al, dx
        mov     ah, al
        and     ah, 0F8h
        xor     ah, 48h
        pop     dx                      ; (AL as the caller gave it)
        mov     al, dl
.out:   pop     dx
        pop     cx
        pop     bx
        pop     ds
        iret
