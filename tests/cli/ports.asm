; Board ports seen from the guest: unclaimed ports read all ones (byte and
; word), port 0xE9 reads back 0xE9, port 0x92 bit 1 reflects the A20 gate
; and A20 off makes 1 MiB alias 0. Exits with the number of the first
; failed check (status (n << 1) | 1), or 0 (status 1).
; args: -cpu 386 --timeout 20
; status: 1
%include "cli.inc"
start:
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
        inc bl
        in al, 0x92             ; 4: A20 on after reset
        test al, 0x02
        jz fail
        inc bl                  ; 5: A20 off: FFFF:0010 wraps to 0000:0000
        and al, 0xFC
        out 0x92, al
        xor ax, ax
        mov ds, ax
        mov byte [0], 0x5A
        mov ax, 0xFFFF
        mov es, ax
        cmp byte [es:0x10], 0x5A
        jne fail
        inc bl                  ; 6: A20 on again: 1 MiB is its own byte
        in al, 0x92
        or al, 0x02
        out 0x92, al
        mov byte [es:0x10], 0xA5
        cmp byte [0], 0x5A
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
