; --timeout ends a guest that never stops with status 124.
; args: --timeout 0.2
; status: 124
; stderr: timeout
%include "cli.inc"
start:
        jmp start
        ROM_END
