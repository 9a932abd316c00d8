; svc_ata.asm - INT 13h on ATA hard disks: a 600 MiB disk (LBA-assisted
; translation: 16 heads would need 1219 cylinders, so 32 heads x 609) and a
; 140 GiB one (LBA48 beyond 2^28 sectors): AH=08h, 15h, 41h, 42h/43h, 48h
; with the DPTE, CHS read = LBA read, an access past the end.
; flags: -hda @HD@ -hdb @HD2@ -boot a
; hd-mib: 600
; hd2-mib: 143360
%include "lib.inc"
main:
        push    40h
        pop     es
        movzx   eax, byte [es:75h]
        CHECK_EQ eax, 2, "40:75 hard disks"
        push    0
        pop     es
        mov     ah, 08h
        mov     dl, 80h
        int     13h
        CHECK_CF 0, "AH=08h"
        movzx   eax, cx
        CHECK_EQ eax, (608 & 0FFh) << 8 | ((608 >> 8) << 6) | 63, "AH=08h CX"
        movzx   eax, dx
        CHECK_EQ eax, 31 << 8 | 2, "AH=08h DX (heads-1, drives)"
        mov     ah, 15h
        mov     dl, 80h
        int     13h
        CHECK_CF 0, "AH=15h"
        movzx   eax, ah
        CHECK_EQ eax, 3, "AH=15h type"
        shl     ecx, 16
        mov     cx, dx
        CHECK_EQ ecx, 609 * 32 * 63, "AH=15h sectors"
        mov     ah, 41h
        mov     bx, 55AAh
        mov     dl, 80h
        int     13h
        CHECK_CF 0, "AH=41h"
        movzx   edx, ah
        CHECK_EQ edx, 30h, "AH=41h version"
        movzx   eax, bx
        CHECK_EQ eax, 0AA55h, "AH=41h BX"
        and     cx, 1
        movzx   eax, cx
        CHECK_EQ eax, 1, "AH=41h packet functions"
        ; AH=48h
        mov     word [params], 1Eh
        mov     ah, 48h
        mov     dl, 80h
        mov     si, params
        int     13h
        CHECK_CF 0, "AH=48h"
        mov     eax, [params+10h]
        CHECK_EQ eax, 600 * 2048, "AH=48h sectors"
        movzx   eax, word [params+18h]
        CHECK_EQ eax, 512, "AH=48h bytes per sector"
        mov     eax, [params+4]
        CHECK_EQ eax, 1219, "AH=48h cylinders (IDENTIFY)"
        mov     eax, [params+8]
        CHECK_EQ eax, 16, "AH=48h heads (IDENTIFY)"
        les     di, [params+1Ah]        ; DPTE
        movzx   eax, word [es:di]
        CHECK_EQ eax, 1F0h, "DPTE base port"
        movzx   eax, byte [es:di+6]
        CHECK_EQ eax, 14, "DPTE IRQ"
        xor     al, al
        mov     cx, 16
.sum:   add     al, [es:di]
        inc     di
        loop    .sum
        movzx   eax, al
        CHECK_EQ eax, 0, "DPTE checksum"
        push    0
        pop     es
        ; write two sectors at LBA 1000 with AH=43h, read back with AH=42h
        mov     di, 0A000h
        mov     cx, 1024
        mov     al, 11h
.fill:  mov     [di], al
        add     al, 13
        inc     di
        loop    .fill
        mov     dword [dap+8], 1000
        mov     word [dap+4], 0A000h
        mov     ax, 4300h
        call    ext
        CHECK_CF 0, "AH=43h"
        mov     dword [dap+8], 1000
        mov     word [dap+4], 0B000h
        mov     ax, 4200h
        call    ext
        CHECK_CF 0, "AH=42h"
        movzx   eax, word [dap+2]
        CHECK_EQ eax, 2, "AH=42h count"
        mov     si, 0A000h
        mov     di, 0B000h
        mov     cx, 256
        repe    cmpsd
        setne   al
        movzx   eax, al
        CHECK_EQ eax, 0, "AH=42h data"
        ; the same sectors by CHS: LBA 1000 = C 0, H 15, S 56 (32 x 63)
        mov     ax, 0202h
        mov     cx, 0038h
        mov     dx, 0F80h
        mov     bx, 0C000h
        int     13h
        CHECK_CF 0, "AH=02h"
        movzx   eax, al
        CHECK_EQ eax, 2, "AH=02h AL"
        mov     si, 0A000h
        mov     di, 0C000h
        mov     cx, 256
        repe    cmpsd
        setne   al
        movzx   eax, al
        CHECK_EQ eax, 0, "CHS read = LBA read"
        ; past the end of the disk
        mov     dword [dap+8], 600 * 2048
        mov     word [dap+4], 0C000h
        mov     ax, 4200h
        call    ext
        CHECK_CF 1, "AH=42h past the end"
        ; the 140 GiB disk: LBA48 at 2^28 + 5
        mov     ah, 08h
        mov     dl, 81h
        int     13h
        movzx   eax, dh
        CHECK_EQ eax, 254, "81h heads-1 (255 heads)"
        mov     dword [dap+8], 10000005h
        mov     word [dap+4], 0A000h
        mov     ax, 4300h
        mov     dl, 81h
        call    ext_dl
        CHECK_CF 0, "81h AH=43h LBA48"
        mov     dword [dap+8], 10000005h
        mov     word [dap+4], 0D000h
        mov     ax, 4200h
        mov     dl, 81h
        call    ext_dl
        CHECK_CF 0, "81h AH=42h LBA48"
        mov     si, 0A000h
        mov     di, 0D000h
        mov     cx, 256
        repe    cmpsd
        setne   al
        movzx   eax, al
        CHECK_EQ eax, 0, "LBA48 data"
        TEST_END

; ext: AX = function, disk 80h, 2 sectors, DAP at dap.
ext:    mov     dl, 80h
ext_dl: mov     byte [dap], 10h
        mov     word [dap+2], 2
        mov     word [dap+6], 0
        mov     dword [dap+12], 0
        mov     si, dap
        int     13h
        ret
params: times 1Eh db 0
dap:    times 16 db 0
