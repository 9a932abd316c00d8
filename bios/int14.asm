; int14.asm - INT 14h, serial port services on 8250/16450/16550 UARTs.
;
; Contract (IBM PC AT Technical Reference, "RS232_IO"; Ralf Brown's
; Interrupt List INT 14h AH=00h-03h; NS16550A data sheet registers):
;  DX = port number 0-3 (base from 40:00); a missing port returns AH = 80h.
;  AH=00h  initialise: AL bits 7-5 = 110, 150, 300, 600, 1200, 2400, 4800,
;          9600 baud (divisors at F000:E729), bits 4-3 parity (x0 none,
;          01 odd, 11 even), bit 2 = 2 stop bits, bits 1-0 = word length
;          5-8; returns AX as AH=03h.
;  AH=01h  send AL: waits for the transmitter holding register (LSR bit 5)
;          for the port's time-out (40:7C, in ticks); AH = LSR, bit 7 =
;          time-out. (IBM also waited for DSR and CTS; like SeaBIOS this
;          BIOS does not, so a port with no modem lines still sends.)
;  AH=02h  receive: waits for data ready (LSR bit 0); AL = character,
;          AH = LSR error bits (1Eh), bit 7 = time-out.
;  AH=03h  AH = line status (LSR), AL = modem status (MSR).

int14_serial:
        sti
        push    ds
        push    bx
        push    cx
        push    dx
        push    si
        push    BDA_SEG
        pop     ds
        cmp     dx, 3
        ja      .noport
        mov     si, dx
        mov     bx, dx
        shl     bx, 1
        mov     dx, [BDA_COM + bx]
        test    dx, dx
        jz      .noport
        cmp     ah, 00h
        je      .init
        cmp     ah, 01h
        je      .send
        cmp     ah, 02h
        je      .recv
        cmp     ah, 03h
        je      .status
        jmp     .out
.noport:
        mov     ah, 80h
        jmp     .out
.init:  mov     ah, al
        add     dx, 3                   ; LCR
        mov     al, 80h                 ; DLAB
        out     dx, al
        movzx   bx, ah
        shr     bx, 5
        shl     bx, 1
        mov     cx, [cs:baud_table + bx]
        sub     dx, 3
        mov     al, cl
        out     dx, al                  ; divisor low
        inc     dx
        mov     al, ch
        out     dx, al                  ; divisor high
        add     dx, 2
        mov     al, ah
        and     al, 1Fh
        out     dx, al                  ; LCR: format, DLAB off
        sub     dx, 2
        xor     al, al
        out     dx, al                  ; IER: no interrupts
        sub     dx, 1
        jmp     .status
.send:  mov     cl, al
        mov     ch, 20h                 ; wait for THRE
        call    .waitlsr
        jc      .tmo
        mov     al, cl
        out     dx, al
        jmp     .out
.recv:  add     dx, 4                   ; MCR: DTR, RTS
        mov     al, 03h
        out     dx, al
        sub     dx, 4
        mov     ch, 01h                 ; wait for DR
        call    .waitlsr
        jc      .tmo
        and     ah, 1Eh
        in      al, dx
        jmp     .out
.tmo:   or      ah, 80h
        jmp     .out
.status:
        add     dx, 5
        in      al, dx
        mov     ah, al
        inc     dx
        in      al, dx
.out:   pop     si
        pop     dx
        pop     cx
        pop     bx
        pop     ds
        iret
; .waitlsr: DX = base, CH = LSR bit(s) to wait for, SI = port number;
; AH = LSR; CF = 1 on time-out (40:7C + port ticks).
.waitlsr:
        push    bx
        push    di
        mov     bx, [BDA_TICKS]
        movzx   di, byte [BDA_COMTIMEOUT + si]
.wl:    add     dx, 5
        in      al, dx
        sub     dx, 5
        mov     ah, al
        test    al, ch
        jnz     .wok
        mov     ax, [BDA_TICKS]
        sub     ax, bx
        cmp     ax, di
        ja      .wtmo
        mov     ah, al
        jmp     .wl
.wok:   clc
        jmp     .wout
.wtmo:  add     dx, 5
        in      al, dx
        sub     dx, 5
        mov     ah, al
        stc
.wout:  pop     di
        pop     bx
        ret
