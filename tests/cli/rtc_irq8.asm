; The MC146818A RTC on the board: register D (VRT), the deterministic start
; date 2000-01-01 (Saturday), BCD, the periodic interrupt at 1024 Hz
; reaching the CPU as IRQ8 through the slave 8259A (2048 interrupts = 2
; seconds of the clock), register C cleared by reading, the alarm with
; don't-care hours and minutes, and UIP seen before an update.
; Exits with the number of the first failed check (status (n << 1) | 1),
; or 0 (status 1).
; args: --deterministic --timeout 30
; status: 1
%include "cli.inc"

CNT     equ 0x500               ; word: IRQ8 interrupts with PF set
FLAGS   equ 0x502               ; byte: OR of register C values seen by the handler

%macro CMOS_RD 1
        mov al, %1
        out 0x70, al
        in al, 0x71
%endmacro
%macro CMOS_WR 2
        mov al, %1
        out 0x70, al
        mov al, %2
        out 0x71, al
%endmacro

start:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
        mov word [CNT], 0
        mov byte [FLAGS], 0
        mov word [0x70 * 4], irq8
        mov word [0x70 * 4 + 2], 0xF000
        mov al, 0x11
        out 0x20, al
        out 0xA0, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x70
        out 0xA1, al
        mov al, 0x04
        out 0x21, al
        mov al, 0x02
        out 0xA1, al
        mov al, 0x01
        out 0x21, al
        out 0xA1, al
        mov al, 0xFB            ; cascade only
        out 0x21, al
        mov al, 0xFE            ; IRQ8 only
        out 0xA1, al
        mov bl, 1

        ; 1: register D: valid RAM and time
        CMOS_RD 0x0D
        cmp al, 0x80
        jne fail
        ; 2: --deterministic starts at 2000-01-01, a Saturday (day 7), BCD
        inc bl
        CMOS_RD 0x32
        cmp al, 0x20
        jne fail
        CMOS_RD 0x09
        cmp al, 0x00
        jne fail
        CMOS_RD 0x08
        cmp al, 0x01
        jne fail
        CMOS_RD 0x06
        cmp al, 7
        jne fail
        CMOS_RD 0x0B
        cmp al, 0x02            ; 24-hour, BCD, no interrupts
        jne fail
        ; 3: periodic interrupt, 1024 Hz (RS = 6), binary mode for the arithmetic
        inc bl
        CMOS_WR 0x0A, 0x26
        CMOS_WR 0x0B, 0x46      ; PIE | DM (binary) | 24-hour
        CMOS_RD 0x0C            ; clear stale flags
        CMOS_RD 0x00
        mov bh, al              ; seconds at the start
        sti
.w3:    hlt
        cmp word [CNT], 2048
        jb .w3
        cli
        CMOS_RD 0x00
        sub al, bh
        jae .nowrap
        add al, 60
.nowrap:
        cmp al, 2               ; 2048 periods of 1/1024 s = 2 s
        jne fail
        ; 4: with PIE off no more interrupts, but PF still sets in C
        inc bl
        CMOS_WR 0x0B, 0x06
        mov si, [CNT]
        mov dx, 0x40
.o4:    mov cx, 0xFFFF
.i4:    CMOS_RD 0x0C
        test al, 0x80           ; never IRQF without PIE
        jnz fail
        test al, 0x40           ; PF comes at the periodic rate
        jnz .ok4
        loop .i4
        dec dx
        jnz .o4
        jmp fail
.ok4:   cmp si, [CNT]
        jne fail
        ; 5: alarm two seconds ahead, hours and minutes "don't care"
        inc bl
        CMOS_RD 0x00
        add al, 2
        cmp al, 60
        jb .s5
        sub al, 60
.s5:    mov bh, al
        mov al, 0x01
        out 0x70, al
        mov al, bh
        out 0x71, al
        CMOS_WR 0x03, 0xC0
        CMOS_WR 0x05, 0xFF
        mov byte [FLAGS], 0
        CMOS_RD 0x0C
        CMOS_WR 0x0B, 0x26      ; AIE | DM | 24-hour
        sti
.w5:    hlt
        test byte [FLAGS], 0x20
        jz .w5
        cli
        CMOS_RD 0x00
        cmp al, bh
        jne fail
        CMOS_WR 0x0B, 0x06
        ; 6: UIP is seen (244 us before each update) and then clears. The
        ; alarm fired at an update: sleep 1000 periodic ticks (976.6 ms) on
        ; IRQ8, then poll register A through the next update.
        inc bl
        mov word [CNT], 0
        CMOS_RD 0x0C
        CMOS_WR 0x0B, 0x46
        sti
.w6:    hlt
        cmp word [CNT], 1000
        jb .w6
        cli
        CMOS_WR 0x0B, 0x06
        mov dx, 0x100
.o6:    mov cx, 0xFFFF
.i6:    CMOS_RD 0x0A
        test al, 0x80
        jnz .ok6
        loop .i6
        dec dx
        jnz .o6
        jmp fail
.ok6:   mov cx, 0xFFFF
.c6:    CMOS_RD 0x0A
        test al, 0x80
        jz .done
        loop .c6
        jmp fail
.done:  xor bl, bl
fail:
        mov al, bl
        out 0xF4, al
        cli
        hlt

irq8:
        push ax
        CMOS_RD 0x0C
        or [FLAGS], al
        test al, 0x40
        jz .np
        inc word [CNT]
.np:    mov al, 0x20
        out 0xA0, al
        out 0x20, al
        pop ax
        iret

        ROM_END
