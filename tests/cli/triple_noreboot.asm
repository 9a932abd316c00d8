; A triple fault with -no-reboot ends the run with status 6. Protected mode
; with an empty IDT: INT3 -> #GP -> #DF -> shutdown (SDM Vol. 3A 6.15).
; args: -no-reboot -cpu 386 --timeout 20
; status: 6
; stderr: triple fault
%include "cli.inc"
start:
        cli
        o32 lidt [cs:idtr]
        smsw ax
        or al, 1
        lmsw ax
        int3
        jmp $
idtr:   dw 0
        dd 0
        ROM_END
