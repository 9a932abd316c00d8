; The 8042 keyboard controller on the board: status after power-on, self
; test, command byte, IRQ1 for keyboard-port data (D2 and the keyboard's
; own answers: echo, identify AB 83 translated to AB 41), IRQ12 through the
; slave 8259A for auxiliary data (D3), the A20 gate as the OR of the 8042
; output port and port 0x92 (1 MiB wraps to 0 only when both are off), and
; the reset pulse (FE): the CMOS NVRAM survives it, A20 is on again after it.
; Exits with the number of the first failed check (status (n << 1) | 1),
; or 0 (status 1).
; args: --deterministic --timeout 20
; status: 1
%include "cli.inc"

CNT1    equ 0x500               ; word: IRQ1 count
CNT12   equ 0x502               ; word: IRQ12 count
BUF     equ 0x510               ; bytes received by the handlers, in order
BUFN    equ 0x504               ; word: bytes in BUF
MARK    equ 0x3E                ; CMOS byte used across the reset

start:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
        mov al, MARK
        out 0x70, al
        in al, 0x71
        cmp al, 0xA5
        jne first_boot
        ; after the FE reset: A20 is on (1 MiB does not wrap to 0)
        mov bl, 12
        mov al, MARK
        out 0x70, al
        xor al, al
        out 0x71, al
        call a20_wraps
        jc fail
        xor bl, bl
        jmp fail

first_boot:
        mov word [CNT1], 0
        mov word [CNT12], 0
        mov word [BUFN], 0
        mov word [0x09 * 4], irq1
        mov word [0x09 * 4 + 2], 0xF000
        mov word [0x74 * 4], irq12
        mov word [0x74 * 4 + 2], 0xF000
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
        mov al, 0xF9            ; IRQ1 and the cascade
        out 0x21, al
        mov al, 0xEF            ; IRQ12
        out 0xA1, al
        mov bl, 1

        ; 1: status: not inhibited (bit 4), output buffer empty
        in al, 0x64
        test al, 0x01
        jnz fail
        test al, 0x10
        jz fail
        ; 2: self test answers 0x55 and sets SYS
        inc bl
        mov al, 0xAA
        out 0x64, al
        call read_obf
        jc fail
        cmp al, 0x55
        jne fail
        in al, 0x64
        test al, 0x04
        jz fail
        ; 3: command byte at power-on: IRQ1, IRQ12, translation
        inc bl
        mov al, 0x20
        out 0x64, al
        call read_obf
        jc fail
        cmp al, 0x43
        jne fail
        ; 4: D2 puts a byte in the output buffer as keyboard data: IRQ1
        inc bl
        sti
        mov al, 0xD2
        out 0x64, al
        mov al, 0x5A
        out 0x60, al
        mov ax, 1
        call wait_bytes
        jc fail
        cmp byte [BUF], 0x5A
        jne fail
        ; 5: the keyboard answers echo and identify through IRQ1
        inc bl
        mov al, 0xEE
        out 0x60, al
        mov ax, 2
        call wait_bytes
        jc fail
        cmp byte [BUF + 1], 0xEE
        jne fail
        mov al, 0xF2
        out 0x60, al
        mov ax, 5
        call wait_bytes
        jc fail
        cmp word [BUF + 2], 0xABFA
        jne fail
        cmp byte [BUF + 4], 0x41 ; 83 translated to set 1
        jne fail
        cmp word [CNT12], 0
        jne fail
        ; 6: D3 puts a byte in the output buffer as aux data: IRQ12
        inc bl
        mov al, 0xD3
        out 0x64, al
        mov al, 0xA5
        out 0x60, al
        mov ax, 6
        call wait_bytes
        jc fail
        cmp byte [BUF + 5], 0xA5
        jne fail
        cmp word [CNT12], 1
        jne fail
        cmp word [CNT1], 5
        jne fail
        cli
        ; 7: A20 is on after reset
        inc bl
        call a20_wraps
        jc fail
        ; 8: output port bit 1 off and port 0x92 bit 1 off: 1 MiB wraps
        inc bl
        mov al, 0xD1
        out 0x64, al
        mov al, 0xDD
        out 0x60, al
        in al, 0x92
        and al, 0xFC
        out 0x92, al
        call a20_wraps
        jnc fail
        ; 9: port 0x92 bit 1 alone opens the gate (OR)
        inc bl
        in al, 0x92
        or al, 0x02
        out 0x92, al
        call a20_wraps
        jc fail
        and al, 0xFC
        out 0x92, al
        ; 10: the 8042 alone opens it too; D0 reads the output port back
        inc bl
        call a20_wraps
        jnc fail
        mov al, 0xD1
        out 0x64, al
        mov al, 0xDF
        out 0x60, al
        call a20_wraps
        jc fail
        mov al, 0xD0
        out 0x64, al
        call read_obf
        jc fail
        and al, 0x03
        cmp al, 0x03
        jne fail
        ; 11: close the 8042's gate, mark the CMOS, pulse reset
        inc bl
        mov al, 0xD1
        out 0x64, al
        mov al, 0xDD
        out 0x60, al
        mov al, MARK
        out 0x70, al
        mov al, 0xA5
        out 0x71, al
        mov al, 0xFE
        out 0x64, al
        mov cx, 100
.w11:   loop .w11
        jmp fail                ; the reset never came

fail:
        mov al, bl
        out 0xF4, al
        cli
        hlt

; Wait for OBF and read port 0x60 (polling, IRQs masked by IF or not
; taken because the handler would race: used with IF=0). CF=1 on timeout.
read_obf:
        push cx
        mov cx, 0xFFFF
.r:     in al, 0x64
        test al, 0x01
        jnz .got
        loop .r
        pop cx
        stc
        ret
.got:   in al, 0x60
        pop cx
        clc
        ret

; Wait (IF=1) until the handlers stored AX bytes. CF=1 on timeout.
wait_bytes:
        push cx
        mov cx, 0xFFFF
.w:     cmp [BUFN], ax
        jae .ok
        loop .w
        pop cx
        stc
        ret
.ok:    pop cx
        clc
        ret

; CF=1 when 0xFFFF:0x0010 (1 MiB) aliases 0000:0000, i.e. A20 is off.
a20_wraps:
        push ax
        push es
        mov ax, 0xFFFF
        mov es, ax
        mov byte [0], 0x11
        mov byte [es:0x10], 0x22
        cmp byte [0], 0x22
        pop es
        pop ax
        je .wrap
        clc
        ret
.wrap:  stc
        ret

irq1:
        push ax
        push bx
        in al, 0x60
        mov bx, [BUFN]
        mov [BUF + bx], al
        inc word [BUFN]
        inc word [CNT1]
        mov al, 0x20
        out 0x20, al
        pop bx
        pop ax
        iret

irq12:
        push ax
        push bx
        in al, 0x60
        mov bx, [BUFN]
        mov [BUF + bx], al
        inc word [BUFN]
        inc word [CNT12]
        mov al, 0x20
        out 0xA0, al
        out 0x20, al
        pop bx
        pop ax
        iret

        ROM_END
