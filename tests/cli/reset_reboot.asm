; Without -no-reboot a triple fault resets the machine: the CPU restarts at
; the reset vector and RAM is kept. The first boot stores a marker and
; triple-faults (real mode, IDT limit 0: INT3 -> #GP -> #DF -> shutdown);
; the second boot finds the marker and passes.
; args: -cpu 286 --timeout 20
; status: 1
; stderr: resetting the machine
%include "cli.inc"
start:
        xor ax, ax
        mov ds, ax
        cmp word [0x600], 0x1234
        je .second
        mov word [0x600], 0x1234
        lidt [cs:idtr]
        int3
        jmp $
.second:
        PUTC 'P'
        PUTC 'A'
        PUTC 'S'
        PUTC 'S'
        PUTC 10
        mov al, 0
        out 0xF4, al
        jmp $
idtr:   dw 0
        dd 0
        ROM_END
