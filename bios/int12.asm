; int12.asm - INT 12h, base memory size.
;
; Contract (IBM PC AT Technical Reference, "MEMORY_SIZE_DET"; Ralf Brown's
; Interrupt List INT 12h): returns AX = KiB of conventional memory from
; 40:13 (639 here: 640 KiB less the 1 KiB EBDA at 9FC0:0000).

int12_memory:
        push    ds
        push    BDA_SEG
        pop     ds
        mov     ax, [BDA_MEMKIB]
        pop     ds
        iret
