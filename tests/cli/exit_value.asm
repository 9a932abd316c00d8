; isa-debug-exit: writing 0x2A to port 0xF4 gives status (0x2A << 1) | 1.
; A word OUT to 0xF4 would deliver only AL (the port is 8 bits wide).
; args:
; status: 85
%include "cli.inc"
start:
        mov ax, 0x012A
        mov dx, 0xF4
        out dx, ax
        jmp $
        ROM_END
