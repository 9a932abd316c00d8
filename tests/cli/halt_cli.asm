; HLT with EFLAGS.IF=0 can never wake: x86pc ends with status 4.
; args: --timeout 20
; status: 4
; stderr: guest halted with interrupts disabled
%include "cli.inc"
start:
        cli
        hlt
        ROM_END
