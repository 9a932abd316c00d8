; cd_noemu.asm - an El Torito no-emulation boot image (bios_test.sh puts it
; on an ISO with xorriso -no-emul-boot -boot-load-size 4): the BIOS loads
; it to 07C0:0000 and runs it with DL = the CD-ROM drive; it checks INT 13h
; AH=41h, AX=4B01h, AH=48h and an AH=42h read of the primary volume
; descriptor (block 16, "CD001").
%define NO_LOADER
%include "lib.inc"
main:
        movzx   eax, byte [boot_drive]
        CHECK_EQ eax, 0E0h, "boot drive DL"
        mov     ah, 41h
        mov     bx, 55AAh
        mov     dl, [boot_drive]
        int     13h
        CHECK_CF 0, "AH=41h"
        movzx   eax, bx
        CHECK_EQ eax, 0AA55h, "AH=41h BX"
        ; El Torito status
        mov     ax, 4B01h
        mov     dl, [boot_drive]
        mov     si, pkt
        int     13h
        CHECK_CF 0, "AX=4B01h"
        movzx   eax, byte [pkt]
        CHECK_EQ eax, 13h, "4B01h packet size"
        movzx   eax, byte [pkt+1]
        CHECK_EQ eax, 0, "4B01h media type (no emulation)"
        movzx   eax, byte [pkt+2]
        CHECK_EQ eax, 0E0h, "4B01h drive"
        movzx   eax, word [pkt+0Eh]
        CHECK_EQ eax, 4, "4B01h sector count"
        ; drive parameters
        mov     word [params], 1Ah
        mov     ah, 48h
        mov     dl, [boot_drive]
        mov     si, params
        int     13h
        CHECK_CF 0, "AH=48h"
        movzx   eax, word [params+18h]
        CHECK_EQ eax, 2048, "AH=48h bytes per sector"
        ; read block 16 (primary volume descriptor) to 0:9000
        mov     byte [dap], 10h
        mov     word [dap+2], 1
        mov     word [dap+4], 9000h
        mov     word [dap+6], 0
        mov     dword [dap+8], 16
        mov     dword [dap+12], 0
        mov     ah, 42h
        mov     dl, [boot_drive]
        mov     si, dap
        int     13h
        CHECK_CF 0, "AH=42h"
        movzx   eax, word [dap+2]
        CHECK_EQ eax, 1, "AH=42h blocks read"
        mov     eax, [9001h]
        CHECK_EQ eax, 30304443h, "PVD 'CD00'"
        movzx   eax, byte [9000h]
        CHECK_EQ eax, 1, "PVD type"
        TEST_END
pkt:    times 13h db 0
params: times 1Ah db 0
dap:    times 16 db 0
