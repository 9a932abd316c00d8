; bench_boot.asm - the boot sector of `make bench`'s boot-time measurement
; (tests/bios/bench_boot.sh): as soon as the BIOS runs it, it ends the run
; through the exit port (status 1).
        org     7C00h
        bits    16
        mov     al, 0
        out     0F4h, al
        hlt
        times   510 - ($ - $$) db 0
        dw      0AA55h
