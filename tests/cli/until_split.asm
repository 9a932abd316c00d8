; --until matches text split across separate writes and after a false
; start ("PAPAS" then "S": the matcher must fall back, not restart).
; args: --until PAPASS --timeout 20
; status: 0
%include "cli.inc"
start:
        PUTC 'P'
        PUTC 'A'
        PUTC 'P'
        PUTC 'A'
        mov cx, 1000            ; unrelated work between the writes
.spin:  loop .spin
        PUTC 'P'
        PUTC 'A'
        PUTC 'S'
        PUTC 'S'
        jmp $                   ; never exits by itself
        ROM_END
