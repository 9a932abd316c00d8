; Port 0x92 bit 0 requests a system reset; with -no-reboot: status 6.
; args: -no-reboot --timeout 20
; status: 6
; stderr: port 0x92
%include "cli.inc"
start:
        mov al, 0x03            ; keep A20 on, pulse reset
        out 0x92, al
        jmp $
        ROM_END
