; int15.asm - INT 15h, system services: the dispatcher and the small
; functions (the memory functions are in int15_memory.asm, the block move
; in int15_move.asm, the PS/2 mouse in int15_mouse.asm).
;
; Contract (IBM PC AT Technical Reference, "CASSETTE_IO" = the AT system
; services; IBM PS/2 and PC BIOS Interface Technical Reference for AH=C0h,
; C1h, C2h; Ralf Brown's Interrupt List INT 15h):
;  AH=24h  A20 gate: AL=00h disable, 01h enable, 02h AL = status, 03h BX =
;          supported methods (bit 0 8042, bit 1 port 92h)
;  AH=4Fh  keyboard intercept (called by INT 09h): returns CF = 1 (process
;          the key) unless someone hooked it
;  AH=80h/81h/82h device open/close/program end, AH=90h/91h device busy/
;          interrupt complete: nothing to do, AH = 0
;  AH=83h  event wait: AL=00h start (CX:DX us, flag byte ES:BX gets bit 7
;          when the time is up), AL=01h cancel; CF = 1 if one is running
;  AH=85h  SysRq key (INT 09h): AH = 0
;  AH=86h  wait CX:DX microseconds (RTC periodic interrupt, 976 us steps,
;          halting meanwhile); CF = 1 if a wait is already running
;  AH=87h  block move (int15_move.asm); AH=88h, E801h, E820h (memory map)
;  AH=C0h  ES:BX = system configuration table (F000:E6F5)
;  AH=C1h  ES = EBDA segment
;  AH=C2h  PS/2 mouse (int15_mouse.asm)
;  others  CF = 1, AH = 86h (not supported)

int15_system:
        cmp     ah, 4Fh
        je      i15_intercept
        sti
        cmp     ah, 0E8h
        je      int15_e8
        cmp     ah, 87h
        je      int15_blockmove
        cmp     ah, 88h
        je      int15_extmem
        cmp     ah, 0C2h
        je      int15_mouse
        cmp     ah, 24h
        je      int15_a20
        cmp     ah, 86h
        je      int15_wait
        cmp     ah, 83h
        je      int15_eventwait
        cmp     ah, 0C0h
        je      i15_config
        cmp     ah, 0C1h
        je      i15_ebda
        cmp     ah, 80h
        je      i15_nop
        cmp     ah, 81h
        je      i15_nop
        cmp     ah, 82h
        je      i15_nop
        cmp     ah, 85h
        je      i15_nop
        cmp     ah, 90h
        je      i15_nop
        cmp     ah, 91h
        je      i15_nop
int15_unsupported:
        mov     ah, 86h
        stc
        retf    2
i15_intercept:
        stc
        retf    2
i15_nop:   xor     ah, ah
        clc
        retf    2
i15_config:
        push    cs
        pop     es
        mov     bx, config_table
        xor     ah, ah
        clc
        retf    2
i15_ebda:  push    ds
        push    BDA_SEG
        pop     ds
        mov     es, [BDA_EBDA]
        pop     ds
        clc
        retf    2

int15_e8:
        cmp     al, 20h
        je      int15_e820
        cmp     al, 01h
        je      int15_e801
        jmp     int15_unsupported

; ---- A20 ----
; a20_state: AL = 1 if the A20 gate is open (0000:0500 and FFFF:0510 are
; different bytes), else 0. AH is destroyed; other registers kept.
a20_state:
        push    ds
        push    es
        push    bx
        xor     ax, ax
        mov     ds, ax
        dec     ax
        mov     es, ax
        pushf
        cli
        mov     bl, [0500h]
        mov     bh, [es:0510h]
        mov     byte [0500h], 00h
        mov     byte [es:0510h], 0FFh
        mov     al, [0500h]             ; FFh: the write wrapped to 0500h
        mov     [es:0510h], bh
        mov     [0500h], bl
        popf
        not     al
        and     al, 1
        pop     bx
        pop     es
        pop     ds
        ret

; a20_set: AL = 1 open / 0 close the gate through port 92h and the 8042
; output port (both sources, since the board ORs them).
a20_set:
        push    ax
        push    cx
        mov     cl, al
        in      al, PORT_A20
        and     al, 0FCh                ; never pulse the reset bit
        test    cl, cl
        jz      .p
        or      al, 02h
.p:     out     PORT_A20, al
        pushf
        cli
        mov     al, 0D1h
        call    kbc_command
        mov     al, 0DDh
        test    cl, cl
        jz      .k
        mov     al, 0DFh
.k:     call    kbc_data
        popf
        pop     cx
        pop     ax
        ret

int15_a20:
        cmp     al, 03h
        je      .support
        cmp     al, 02h
        je      .status
        cmp     al, 01h
        ja      .bad
        push    ax
        call    a20_set
        pop     ax
        push    cx
        mov     cl, al                  ; the state asked for
        call    a20_state
        cmp     al, cl
        pop     cx
        jne     .fail
        xor     ah, ah
        clc
        retf    2
.fail:  mov     ah, 01h                 ; keyboard controller failure
        stc
        retf    2
.status:
        call    a20_state
        xor     ah, ah
        clc
        retf    2
.support:
        mov     bx, 0003h
        xor     ah, ah
        clc
        retf    2
.bad:   mov     ah, 86h
        stc
        retf    2

; ---- waits on the RTC periodic interrupt ----
; rtc_wait_start: CX:DX microseconds, ES:BX flag byte. CF = 1 if busy.
rtc_wait_start:
        push    ds
        push    ax
        push    BDA_SEG
        pop     ds
        cli
        test    byte [BDA_WAITACTIVE], 01h
        jnz     .busy
        mov     byte [BDA_WAITACTIVE], 01h
        mov     [BDA_WAITPTR], bx
        mov     [BDA_WAITPTR+2], es
        mov     [BDA_WAITCOUNT], dx
        mov     [BDA_WAITCOUNT+2], cx
        call    rtc_irq_unmask
        mov     al, CMOS_B
        call    cmos_read
        or      al, 40h                 ; periodic interrupt on (1024 Hz)
        mov     ah, al
        mov     al, CMOS_B
        call    cmos_write
        mov     al, CMOS_D
        out     PORT_CMOS, al
        sti
        clc
        jmp     .out
.busy:  sti
        stc
.out:   pop     ax
        pop     ds
        ret

int15_wait:
        push    ds
        push    es
        push    bx
        push    BDA_SEG
        pop     ds
        push    BDA_SEG
        pop     es
        mov     bx, BDA_WAITACTIVE      ; the flag byte is 40:A0 itself
        call    rtc_wait_start
        jc      .busy
.w:     sti
        hlt
        test    byte [BDA_WAITACTIVE], 80h
        jz      .w
        mov     byte [BDA_WAITACTIVE], 0
        pop     bx
        pop     es
        pop     ds
        xor     ah, ah
        clc
        retf    2
.busy:  pop     bx
        pop     es
        pop     ds
        mov     ah, 83h
        stc
        retf    2

int15_eventwait:
        cmp     al, 01h
        je      .cancel
        test    al, al
        jnz     int15_unsupported
        call    rtc_wait_start
        jc      .busy
        clc
        retf    2
.busy:  mov     ah, 80h
        stc
        retf    2
.cancel:
        push    ds
        push    ax
        push    BDA_SEG
        pop     ds
        mov     byte [BDA_WAITACTIVE], 0
        mov     al, CMOS_B
        call    cmos_read
        and     al, 0BFh
        mov     ah, al
        mov     al, CMOS_B
        call    cmos_write
        pop     ax
        pop     ds
        clc
        retf    2
