; The 16550A UARTs on the board: COM1 at 0x3F8 and COM2 at 0x2F8 (two
; -serial options), scratch register, reset values, FIFO identification,
; the THRE interrupt reaching the 8259A as IRQ4 / IRQ3 only while MCR OUT2
; is set, IIR read clearing THRE, loopback data with the IRQ gated off.
; Exits with the number of the first failed check (status (n << 1) | 1),
; or 0 (status 1).
; args: --deterministic --timeout 20 -serial null -serial null
; status: 1
%include "cli.inc"

CNT4    equ 0x500               ; word: IRQ4 count
CNT3    equ 0x502               ; word: IRQ3 count

start:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
        mov word [CNT4], 0
        mov word [CNT3], 0
        mov word [0x0C * 4], irq4
        mov word [0x0C * 4 + 2], 0xF000
        mov word [0x0B * 4], irq3
        mov word [0x0B * 4 + 2], 0xF000
        ; 8259A pair, AT layout; only IRQ3 and IRQ4 unmasked
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
        mov al, 0xE7
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al
        mov bl, 1

        ; 1: COM1 scratch register
        mov dx, 0x3FF
        mov al, 0x5A
        out dx, al
        in al, dx
        cmp al, 0x5A
        jne fail
        ; 2: COM2 scratch register
        inc bl
        mov dx, 0x2FF
        mov al, 0xA5
        out dx, al
        in al, dx
        cmp al, 0xA5
        jne fail
        ; 3: reset values: IIR 01 (no interrupt), LSR 60 (THRE, TEMT)
        inc bl
        mov dx, 0x3FA
        in al, dx
        cmp al, 0x01
        jne fail
        mov dx, 0x3FD
        in al, dx
        cmp al, 0x60
        jne fail
        ; 4: FIFO enable: IIR bits 7-6 = 11
        inc bl
        mov dx, 0x3FA
        mov al, 0xC7
        out dx, al
        in al, dx
        cmp al, 0xC1
        jne fail
        ; 5: THRE interrupt pending in IIR, but OUT2 = 0: no IRQ4 in IRR
        inc bl
        mov dx, 0x3F9
        mov al, 0x02
        out dx, al
        mov dx, 0x3FA
        in al, dx               ; reading IIR clears THRE: re-enable below
        cmp al, 0xC2
        jne fail
        mov dx, 0x3F9
        xor al, al
        out dx, al
        mov al, 0x02
        out dx, al              ; ETBEI 0 -> 1 with THR empty: THRE again
        mov al, 0x0A            ; OCW3: read IRR
        out 0x20, al
        in al, 0x20
        test al, 0x10
        jnz fail
        ; 6: MCR OUT2 connects INTR to IRQ4
        inc bl
        mov dx, 0x3FC
        mov al, 0x08
        out dx, al
        in al, 0x20
        test al, 0x10
        jz fail
        ; 7: the interrupt is taken; the handler's IIR read clears it
        inc bl
        sti
        mov cx, 1000
.w7:    cmp word [CNT4], 1
        je .ok7
        loop .w7
        jmp fail
.ok7:   cli
        mov dx, 0x3FA
        in al, dx
        cmp al, 0xC1
        jne fail
        ; 8: loopback: data comes back, IRQ4 stays low (OUT2 pin forced off)
        inc bl
        mov dx, 0x3F9
        mov al, 0x01            ; RX data available interrupt only
        out dx, al
        mov dx, 0x3FC
        mov al, 0x18            ; LOOP | OUT2
        out dx, al
        mov dx, 0x3F8
        mov al, 'Z'
        out dx, al
        mov dx, 0x3FD
        mov cx, 1000
.w8:    in al, dx
        test al, 0x01
        jnz .ok8
        loop .w8
        jmp fail
.ok8:   mov dx, 0x3FA
        in al, dx
        cmp al, 0xCC            ; character timeout (FCR 0xC7: 14-byte trigger)
        je .rda
        cmp al, 0xC1            ; below the 14-byte trigger: no interrupt yet
        jne fail
.rda:   mov al, 0x0A
        out 0x20, al
        in al, 0x20
        test al, 0x10
        jnz fail
        mov dx, 0x3F8
        in al, dx
        cmp al, 'Z'
        jne fail
        mov dx, 0x3FC
        xor al, al
        out dx, al
        ; 9: COM2's THRE interrupt arrives as IRQ3
        inc bl
        mov dx, 0x2FC
        mov al, 0x08
        out dx, al
        mov dx, 0x2F9
        mov al, 0x02
        out dx, al
        sti
        mov cx, 1000
.w9:    cmp word [CNT3], 1
        je .ok9
        loop .w9
        jmp fail
.ok9:   cli
        cmp word [CNT4], 1
        jne fail
        xor bl, bl
fail:
        mov al, bl
        out 0xF4, al
        cli
        hlt

irq4:
        push ax
        push dx
        inc word [CNT4]
        mov dx, 0x3FA
        in al, dx               ; THRE source cleared by this read
        mov al, 0x20
        out 0x20, al
        pop dx
        pop ax
        iret

irq3:
        push ax
        push dx
        inc word [CNT3]
        mov dx, 0x2FA
        in al, dx
        mov al, 0x20
        out 0x20, al
        pop dx
        pop ax
        iret

        ROM_END
