; svc_floppy.asm - INT 13h diskette services (INT 40h) on the 82077AA:
; AH=00h, 01h, 02h (also across the head boundary), 03h, 04h, 05h, 08h, 15h,
; 16h, errors 04h (sector not found) and 09h (DMA boundary), drive B absent.
%include "lib.inc"
main:
        ; AH=08h: a 1.44 MB drive
        mov     ah, 08h
        xor     dl, dl
        int     13h
        CHECK_CF 0, "AH=08h"
        movzx   eax, bl
        CHECK_EQ eax, 4, "AH=08h BL drive type"
        movzx   eax, cx
        CHECK_EQ eax, 4F12h, "AH=08h CX"
        movzx   eax, dx
        CHECK_EQ eax, 0101h, "AH=08h DX"
        mov     ax, es
        CHECK_EQ eax, 0F000h, "AH=08h ES"
        movzx   eax, di
        CHECK_EQ eax, 0EFC7h, "AH=08h DI"
        push    0
        pop     es
        ; drive B: not present
        mov     ah, 08h
        mov     dl, 1
        int     13h
        movzx   eax, bl
        CHECK_EQ eax, 0, "AH=08h drive B BL"
        mov     ah, 15h
        xor     dl, dl
        int     13h
        movzx   eax, ah
        CHECK_EQ eax, 02h, "AH=15h change line"
        mov     ah, 15h
        mov     dl, 1
        int     13h
        movzx   eax, ah
        CHECK_EQ eax, 00h, "AH=15h drive B"
        mov     ah, 16h                 ; after the first one, no change
        xor     dl, dl
        int     13h
        mov     ah, 16h
        xor     dl, dl
        int     13h
        movzx   eax, ah
        CHECK_EQ eax, 00h, "AH=16h second call"
        mov     ah, 00h
        xor     dl, dl
        int     13h
        CHECK_CF 0, "AH=00h reset"
        ; read the boot sector again: its first bytes are the loader's
        mov     ax, 0201h
        mov     cx, 0001h
        xor     dx, dx
        mov     bx, 9000h
        int     13h
        CHECK_CF 0, "AH=02h boot sector"
        movzx   eax, al
        CHECK_EQ eax, 1, "AH=02h AL"
        mov     eax, [9000h]
        CHECK_EQ eax, [7C00h], "boot sector bytes 0-3"
        movzx   eax, word [9000h + 510]
        CHECK_EQ eax, 0AA55h, "boot sector signature"
        ; write a pattern to cylinder 79 head 1 sectors 17-18 and read back
        mov     di, 0A000h
        mov     cx, 512
        xor     al, al
.fill:  mov     [di], al
        add     al, 7
        inc     di
        loop    .fill
        mov     ax, 0302h
        mov     cx, 4F11h
        mov     dx, 0100h
        mov     bx, 0A000h
        int     13h
        CHECK_CF 0, "AH=03h write"
        movzx   eax, ax
        CHECK_EQ eax, 0002h, "AH=03h AX"
        mov     ax, 0202h
        mov     cx, 4F11h
        mov     dx, 0100h
        mov     bx, 0B000h
        int     13h
        CHECK_CF 0, "AH=02h read back"
        mov     si, 0A000h
        mov     di, 0B000h
        mov     cx, 1024 / 4
        repe    cmpsd
        setne   al
        movzx   eax, al
        CHECK_EQ eax, 0, "written data read back"
        ; verify
        mov     ax, 0402h
        mov     cx, 4F11h
        mov     dx, 0100h
        int     13h
        CHECK_CF 0, "AH=04h verify"
        ; a multi-sector read across the head boundary (MT) equals single reads
        mov     ax, 0204h
        mov     cx, 0011h               ; cylinder 0, sector 17
        xor     dx, dx
        mov     bx, 0C000h
        int     13h
        CHECK_CF 0, "AH=02h 4 sectors across heads"
        mov     bx, 0D000h
        mov     cx, 0011h
        xor     dh, dh
        call    read1
        mov     cx, 0012h
        call    read1
        mov     cx, 0001h
        mov     dh, 1
        call    read1
        mov     cx, 0002h
        call    read1
        mov     si, 0C000h
        mov     di, 0D000h
        mov     cx, 2048 / 4
        repe    cmpsd
        setne   al
        movzx   eax, al
        CHECK_EQ eax, 0, "multi-track read = single reads"
        ; sector 19 does not exist
        mov     ax, 0201h
        mov     cx, 0013h
        xor     dx, dx
        mov     bx, 9000h
        int     13h
        CHECK_CF 1, "sector 19"
        movzx   eax, ah
        CHECK_EQ eax, 04h, "sector 19 status"
        mov     ah, 01h
        xor     dl, dl
        int     13h
        movzx   eax, al
        CHECK_EQ eax, 04h, "AH=01h last status"
        ; a buffer across a 64 KiB boundary: DMA boundary error
        mov     ax, 0201h
        mov     cx, 0001h
        xor     dx, dx
        mov     bx, 0FF00h
        int     13h
        CHECK_CF 1, "DMA boundary"
        movzx   eax, ah
        CHECK_EQ eax, 09h, "DMA boundary status"
        ; AH=05h: format cylinder 78 head 0 (18 sectors, fill byte F6h)
        mov     di, fmtlist
        xor     cl, cl
.fl:    inc     cl
        mov     byte [di], 78           ; C
        mov     byte [di+1], 0          ; H
        mov     [di+2], cl              ; R
        mov     byte [di+3], 2          ; N = 512 bytes
        add     di, 4
        cmp     cl, 18
        jb      .fl
        mov     ax, 0512h
        mov     cx, 4E01h
        xor     dx, dx
        mov     bx, fmtlist
        int     13h
        CHECK_CF 0, "AH=05h format track"
        mov     ax, 0201h
        mov     cx, 4E09h
        xor     dx, dx
        mov     bx, 9000h
        int     13h
        CHECK_CF 0, "read a formatted sector"
        mov     eax, [9000h + 100]
        CHECK_EQ eax, 0F6F6F6F6h, "formatted sector holds the fill byte"
        ; the motor-off count runs (INT 08h)
        push    40h
        pop     es
        movzx   eax, byte [es:40h]
        test    eax, eax
        setnz   al
        movzx   eax, al
        CHECK_EQ eax, 1, "motor-off count 40:40"
        TEST_END

fmtlist: times 18*4 db 0

; read1: one sector at CX/DH of drive 0 to ES:BX, BX += 512.
read1:  push    cx
        push    dx
        mov     ax, 0201h
        xor     dl, dl
        int     13h
        CHECK_CF 0, "single read"
        pop     dx
        pop     cx
        add     bx, 512
        ret
