; int1a.asm - INT 1Ah, time of day (the BIOS tick count and the MC146818
; real-time clock), and INT 70h, the RTC interrupt (IRQ8).
;
; Contract (IBM PC AT Technical Reference, "TIME_OF_DAY" and "RTC_INT";
; Ralf Brown's Interrupt List INT 1Ah AH=00h-07h, INT 70h; MC146818A data
; sheet registers A-D):
;  AH=00h  CX:DX = ticks since midnight (40:6C), AL = midnight flag (then 0)
;  AH=01h  set the tick count from CX:DX, clear the midnight flag
;  AH=02h  CH:CL:DH = RTC hours:minutes:seconds (BCD), DL = 1 if daylight
;          saving is on (register B DSE); CF = 1 if the clock is stopped
;  AH=03h  set the RTC time from CH:CL:DH (BCD), DL = daylight saving
;  AH=04h  CH:CL = century:year, DH = month, DL = day (BCD)
;  AH=05h  set the date
;  AH=06h  set the alarm CH:CL:DH (BCD), enable its interrupt (INT 4Ah is
;          called when it rings); CF = 1 if an alarm is already set
;  AH=07h  cancel the alarm
;  AX=B1xxh PCI BIOS (int1a_pci.asm)
; The RTC is kept in 24-hour BCD by POST; if a program switched it to
; binary, values are converted. Register B's SET bit holds the clock while
; it is written.
;
; INT 70h: reads register C (which acknowledges the chip); on a periodic
; interrupt with a wait in progress (INT 15h AH=83h/86h, 40:A0 bit 0) it
; counts 976 us off 40:9C and when that runs out sets bit 7 of the byte at
; the far pointer 40:98, clears 40:A0 bit 0 and turns the periodic
; interrupt off; on an alarm it calls INT 4Ah. EOI to both 8259As.

int1a_time:
        sti
        cmp     ah, 0B1h
        je      int1a_pci
        push    ds
        push    BDA_SEG
        pop     ds
        cmp     ah, 00h
        je      .getticks
        cmp     ah, 01h
        je      .setticks
        cmp     ah, 02h
        je      rtc_gettime
        cmp     ah, 03h
        je      rtc_settime
        cmp     ah, 04h
        je      rtc_getdate
        cmp     ah, 05h
        je      rtc_setdate
        cmp     ah, 06h
        je      rtc_setalarm
        cmp     ah, 07h
        je      rtc_cancelalarm
        pop     ds
        stc
        retf    2
.getticks:
        cli
        mov     dx, [BDA_TICKS]
        mov     cx, [BDA_TICKS+2]
        mov     al, [BDA_MIDNIGHT]
        mov     byte [BDA_MIDNIGHT], 0
        sti
        jmp     t1a_ok
.setticks:
        cli
        mov     [BDA_TICKS], dx
        mov     [BDA_TICKS+2], cx
        mov     byte [BDA_MIDNIGHT], 0
        sti
t1a_ok: pop     ds
        clc
        retf    2
t1a_err:
        pop     ds
        stc
        retf    2

; rtc_get_bcd: AL = register -> AL = its value as BCD (converted when
; register B says binary). AH destroyed.
rtc_get_bcd:
        push    bx
        mov     bl, al
        mov     al, CMOS_B
        call    cmos_read
        mov     bh, al
        mov     al, bl
        call    cmos_read
        test    bh, 04h
        jz      .out
        call    bin2bcd
.out:   pop     bx
        ret

; rtc_put_bcd: AL = register, AH = BCD value (converted if the clock runs
; in binary).
rtc_put_bcd:
        push    bx
        push    ax
        mov     bl, al
        mov     bh, ah
        mov     al, CMOS_B
        call    cmos_read
        test    al, 04h
        mov     al, bh
        jz      .w
        call    bcd2bin
.w:     mov     ah, al
        mov     al, bl
        call    cmos_write
        pop     ax
        pop     bx
        ret

; rtc_running: CF = 1 if the RTC's divider is not running (register A).
rtc_running:
        push    ax
        mov     al, CMOS_A
        call    cmos_read
        and     al, 70h
        cmp     al, 20h
        je      .ok
        pop     ax
        stc
        ret
.ok:    pop     ax
        clc
        ret

rtc_gettime:
        call    rtc_running
        jc      t1a_err
        call    rtc_wait_uip
        mov     al, CMOS_SEC
        call    rtc_get_bcd
        mov     dh, al
        mov     al, CMOS_MIN
        call    rtc_get_bcd
        mov     cl, al
        mov     al, CMOS_HOUR
        call    rtc_read_bin            ; (12-hour mode folded to 0-23)
        call    bin2bcd
        mov     ch, al
        mov     al, CMOS_B
        call    cmos_read
        and     al, 01h
        mov     dl, al
        jmp     t1a_ok

; rtc_set_begin / rtc_set_end: hold the clock (register B SET) while it is
; written; start the divider with the 1024 Hz rate if it was stopped.
rtc_set_begin:
        push    ax
        call    rtc_running
        jnc     .run
        mov     ax, (26h << 8) | CMOS_A
        call    cmos_write
.run:   mov     al, CMOS_B
        call    cmos_read
        or      al, 80h
        mov     ah, al
        mov     al, CMOS_B
        call    cmos_write
        pop     ax
        ret
rtc_set_end:
        push    ax
        mov     al, CMOS_B
        call    cmos_read
        and     al, 7Fh
        mov     ah, al
        mov     al, CMOS_B
        call    cmos_write
        pop     ax
        ret

rtc_settime:
        call    rtc_set_begin
        mov     al, CMOS_B              ; 24-hour mode, DSE from DL
        call    cmos_read
        and     al, 0FEh
        or      al, 02h
        test    dl, dl
        jz      .dse
        or      al, 01h
.dse:   mov     ah, al
        mov     al, CMOS_B
        call    cmos_write
        mov     ah, dh
        mov     al, CMOS_SEC
        call    rtc_put_bcd
        mov     ah, cl
        mov     al, CMOS_MIN
        call    rtc_put_bcd
        mov     ah, ch
        mov     al, CMOS_HOUR
        call    rtc_put_bcd
        call    rtc_set_end
        jmp     t1a_ok

rtc_getdate:
        call    rtc_running
        jc      t1a_err
        call    rtc_wait_uip
        mov     al, CMOS_DAY
        call    rtc_get_bcd
        mov     dl, al
        mov     al, CMOS_MONTH
        call    rtc_get_bcd
        mov     dh, al
        mov     al, CMOS_YEAR
        call    rtc_get_bcd
        mov     cl, al
        mov     al, CMOS_CENTURY        ; the century byte is always BCD
        call    cmos_read
        mov     ch, al
        jmp     t1a_ok

rtc_setdate:
        call    rtc_set_begin
        mov     ah, dl
        mov     al, CMOS_DAY
        call    rtc_put_bcd
        mov     ah, dh
        mov     al, CMOS_MONTH
        call    rtc_put_bcd
        mov     ah, cl
        mov     al, CMOS_YEAR
        call    rtc_put_bcd
        mov     ah, ch
        mov     al, CMOS_CENTURY
        call    cmos_write
        call    rtc_set_end
        jmp     t1a_ok

rtc_setalarm:
        mov     al, CMOS_B
        call    cmos_read
        test    al, 20h                 ; AIE already on: alarm in use
        jnz     t1a_err
        mov     ah, dh
        mov     al, 01h                 ; seconds alarm
        call    rtc_put_bcd
        mov     ah, cl
        mov     al, 03h
        call    rtc_put_bcd
        mov     ah, ch
        mov     al, 05h
        call    rtc_put_bcd
        call    rtc_irq_unmask
        mov     al, CMOS_B
        call    cmos_read
        or      al, 20h
        mov     ah, al
        mov     al, CMOS_B
        call    cmos_write
        jmp     t1a_ok

rtc_cancelalarm:
        mov     al, CMOS_B
        call    cmos_read
        and     al, 0DFh
        mov     ah, al
        mov     al, CMOS_B
        call    cmos_write
        jmp     t1a_ok

; rtc_irq_unmask: IRQ8 and the cascade input unmasked at the 8259As.
rtc_irq_unmask:
        push    ax
        in      al, PORT_PIC2+1
        and     al, 0FEh
        out     PORT_PIC2+1, al
        in      al, PORT_PIC1+1
        and     al, 0FBh
        out     PORT_PIC1+1, al
        pop     ax
        ret

int70_rtc:
        push    ds
        push    es
        push    eax
        push    bx
        push    BDA_SEG
        pop     ds
        mov     al, CMOS_C
        call    cmos_read
        mov     bl, al
        test    bl, 40h                 ; periodic
        jz      .alarm
        test    byte [BDA_WAITACTIVE], 01h
        jz      .alarm
        sub     dword [BDA_WAITCOUNT], 976
        jg      .alarm
        ; the wait is over
        and     byte [BDA_WAITACTIVE], 0FEh
        les     bx, [BDA_WAITPTR]
        or      byte [es:bx], 80h
        mov     al, CMOS_B
        call    cmos_read
        and     al, 0BFh                ; periodic interrupt off
        mov     ah, al
        mov     al, CMOS_B
        call    cmos_write
.alarm: test    bl, 20h
        jz      .out
        call    eoi_both
        sti
        int     4Ah
        cli
        jmp     .done
.out:   call    eoi_both
.done:  mov     al, CMOS_D              ; leave the index on D, NMI enabled
        out     PORT_CMOS, al
        pop     bx
        pop     eax
        pop     es
        pop     ds
        iret
