; Board ports seen from the guest: unclaimed ports read all ones (byte and
; word), port 0xE9 reads back 0xE9, A20 is enabled after reset while the
; port 0x92 latch reads 0 (PIIX4 default; QEMU agrees), port 0x92 bit 1
; gates A20 once the 8042's A20 output is off (A20 off: FFFF:0010 aliases
; 0000:0000) and reads back.
; Exits with the number of the first failed check (status (n << 1) | 1),
; or 0 (status 1). Passes under QEMU too (isa-debug-exit at 0xF4).
; args: -cpu 386 --timeout 20
; status: 1
%include "cli.inc"
start:
        xor ax, ax
        mov ds, ax
        mov ax, 0xFFFF
        mov es, ax
        mov bl, 1
        in al, 0x80             ; 1: unclaimed byte read
        cmp al, 0xFF
        jne fail
        inc bl
        mov dx, 0x3F0           ; 2: unclaimed word read
        in ax, dx
        cmp ax, 0xFFFF
        jne fail
        inc bl
        in al, 0xE9             ; 3: debugcon readback
        cmp al, 0xE9
        jne fail
        inc bl                  ; 4: A20 on after reset: no wrap at 1 MiB
        mov byte [0], 0x5A
        mov byte [es:0x10], 0xA5
        cmp byte [0], 0x5A
        jne fail
        inc bl
        in al, 0x92             ; 5: the latch reads 0 after reset
        test al, 0x03
        jnz fail
        inc bl                  ; 6: A20 off: FFFF:0010 is 0000:0000
        mov al, 0xD1            ; (the gate is the OR of port 0x92 bit 1 and
        out 0x64, al            ; the 8042's output port bit 1, as on the
        mov al, 0xDD            ; PIIX: close the 8042's first; QEMU, where
        out 0x60, al            ; the last write wins, passes either way)
        mov al, 0x00
        out 0x92, al
        cmp byte [es:0x10], 0x5A
        jne fail
        inc bl                  ; 7: A20 on again, bit 1 reads back
        mov al, 0x02
        out 0x92, al
        in al, 0x92
        cmp al, 0x02
        jne fail
        cmp byte [es:0x10], 0xA5
        jne fail
        PUTC 'P'
        PUTC 'A'
        PUTC 'S'
        PUTC 'S'
        PUTC 10
        xor bl, bl
fail:
        mov al, bl
        out 0xF4, al
        jmp $
        ROM_END
