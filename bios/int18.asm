; int18.asm - INT 18h, called when no device could be booted.
;
; Contract (IBM PC AT Technical Reference: INT 18h starts ROM BASIC; on
; compatibles without BASIC, Ralf Brown's Interrupt List INT 18h "boot
; failure", and the BIOS Boot Specification 1.01, 6.5: INT 18h is the
; "boot failure" recovery vector): prints that no operating system was
; found on the screen and on the debug console, waits for a key (INT 16h)
; and tries INT 19h again.

int18_nonboot:
        cli
        xor     ax, ax
        mov     ss, ax
        mov     sp, 7C00h
        sti
        mov     si, msg_int18
        call    puts
        xor     ax, ax
        int     16h
        int     19h
        jmp     int18_nonboot

msg_int18:      db "No operating system found: insert a bootable disk and press a key.", 10, 0
