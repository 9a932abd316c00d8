; svc_time.asm - INT 1Ah (ticks, midnight, RTC time/date read and set, the
; alarm with INT 4Ah), the INT 1Ch user tick hook called by INT 08h, and
; the PCI BIOS (B101h-B10Dh).
; flags: --deterministic -rtc base=2024-03-15T10:20:30
%include "lib.inc"
main:
        ; ---- RTC as -rtc set it (BCD) ----
        mov     ah, 04h
        int     1Ah
        CHECK_CF 0, "AH=04h"
        movzx   eax, cx
        CHECK_EQ eax, 2024h, "AH=04h century/year"
        movzx   eax, dx
        CHECK_EQ eax, 0315h, "AH=04h month/day"
        mov     ah, 02h
        int     1Ah
        CHECK_CF 0, "AH=02h"
        movzx   eax, cx
        CHECK_EQ eax, 1020h, "AH=02h hours/minutes"
        ; the tick count POST derived from the RTC: 10:20:30 = 37230 s
        mov     ah, 00h
        int     1Ah
        shl     ecx, 16
        mov     cx, dx
        mov     eax, ecx
        sub     eax, 677800             ; 37230 * 18.2065
        cmp     eax, 60                 ; within ~3 s of boot time
        setb    al
        movzx   eax, al
        CHECK_EQ eax, 1, "ticks since midnight from the RTC"
        ; ---- set time and date ----
        mov     ah, 03h
        mov     cx, 2359h
        mov     dx, 5800h
        int     1Ah
        mov     ah, 05h
        mov     cx, 2025h
        mov     dx, 1231h
        int     1Ah
        mov     ah, 02h
        int     1Ah
        movzx   eax, cx
        CHECK_EQ eax, 2359h, "time set and read back"
        mov     ah, 04h
        int     1Ah
        movzx   eax, cx
        CHECK_EQ eax, 2025h, "year set and read back"
        movzx   eax, dx
        CHECK_EQ eax, 1231h, "date set and read back"
        ; ---- midnight: ticks just before 24 h ----
        mov     ah, 01h
        mov     cx, 0018h
        mov     dx, 00AFh               ; 1800AFh = the last tick of the day
        int     1Ah
        push    40h
        pop     es
        mov     ebx, 2
        call    wait_ticks_raw
        mov     ah, 00h
        int     1Ah
        movzx   eax, al
        CHECK_EQ eax, 1, "midnight flag"
        movzx   eax, cx
        CHECK_EQ eax, 0, "ticks wrapped at midnight"
        mov     ah, 00h
        int     1Ah
        movzx   eax, al
        CHECK_EQ eax, 0, "midnight flag cleared by reading"
        ; ---- INT 1Ch is called every tick ----
        push    0
        pop     es
        mov     word [es:1Ch*4], hook1c
        mov     [es:1Ch*4+2], cs
        push    40h
        pop     es
        mov     ebx, 5
        call    wait_ticks_raw
        movzx   eax, word [count1c]
        cmp     eax, 4
        setae   al
        movzx   eax, al
        CHECK_EQ eax, 1, "INT 1Ch called by INT 08h"
        ; ---- alarm: 2 seconds from now, INT 4Ah ----
        push    0
        pop     es
        mov     word [es:4Ah*4], hook4a
        mov     [es:4Ah*4+2], cs
        mov     ah, 03h
        mov     cx, 1200h
        mov     dx, 0000h
        int     1Ah
        mov     ah, 06h
        mov     cx, 1200h
        mov     dh, 02h
        int     1Ah
        CHECK_CF 0, "AH=06h set alarm"
        mov     ah, 06h
        mov     cx, 1200h
        mov     dh, 05h
        int     1Ah
        CHECK_CF 1, "AH=06h while an alarm is set"
        push    40h
        pop     es
        mov     ebx, 80                 ; ~4 s at most
.alarm: cmp     byte [got4a], 0
        jne     .rang
        mov     eax, [es:6Ch]
        hlt
        dec     ebx
        jnz     .alarm
.rang:  movzx   eax, byte [got4a]
        CHECK_EQ eax, 1, "alarm rang (INT 4Ah)"
        mov     ah, 07h
        int     1Ah
        CHECK_CF 0, "AH=07h"
        ; ---- PCI BIOS ----
        mov     ax, 0B101h
        xor     edi, edi
        int     1Ah
        CHECK_CF 0, "B101h"
        CHECK_EQ edx, 20494350h, "B101h 'PCI '"
        movzx   eax, bx
        CHECK_EQ eax, 0210h, "B101h version"
        mov     ax, 0B102h
        mov     cx, 7010h
        mov     dx, 8086h
        xor     si, si
        int     1Ah
        CHECK_CF 0, "B102h PIIX3 IDE"
        movzx   eax, bx
        CHECK_EQ eax, 0009h, "B102h PIIX3 IDE at 00:01.1"
        mov     ax, 0B102h
        mov     cx, 1111h
        mov     dx, 1234h
        xor     si, si
        int     1Ah
        movzx   eax, bx
        CHECK_EQ eax, 0010h, "B102h VGA at 00:02.0"
        mov     ax, 0B102h
        mov     cx, 0BEEFh
        mov     dx, 0DEADh
        xor     si, si
        int     1Ah
        CHECK_CF 1, "B102h absent device"
        movzx   eax, ah
        CHECK_EQ eax, 86h, "B102h absent: status"
        mov     ax, 0B103h
        mov     ecx, 030000h
        xor     si, si
        int     1Ah
        CHECK_CF 0, "B103h VGA class"
        movzx   eax, bx
        CHECK_EQ eax, 0010h, "B103h VGA"
        mov     ax, 0B10Ah
        mov     bx, 0009h
        xor     di, di
        int     1Ah
        CHECK_EQ ecx, 70108086h, "B10Ah IDE ID"
        mov     ax, 0B109h
        mov     bx, 0009h
        mov     di, 0Ah
        int     1Ah
        movzx   eax, cx
        CHECK_EQ eax, 0101h, "B109h IDE class"
        mov     ax, 0B109h
        mov     di, 0Bh
        int     1Ah
        CHECK_CF 1, "B109h odd register"
        movzx   eax, ah
        CHECK_EQ eax, 87h, "B109h odd register: status"
        ; the VGA's frame buffer BAR went to E0000000h
        mov     ax, 0B10Ah
        mov     bx, 0010h
        mov     di, 10h
        int     1Ah
        and     ecx, 0FFFFFFF0h
        CHECK_EQ ecx, 0E0000000h, "VGA BAR0 assigned"
        ; write/read the VGA's interrupt line register
        mov     ax, 0B10Bh
        mov     bx, 0010h
        mov     di, 3Ch
        mov     cl, 5Ah
        int     1Ah
        CHECK_CF 0, "B10Bh"
        mov     ax, 0B108h
        mov     di, 3Ch
        xor     cl, cl
        int     1Ah
        movzx   eax, cl
        CHECK_EQ eax, 5Ah, "B108h reads back B10Bh"
        ; the IDE bus-master BAR (I/O) is assigned and enabled
        mov     ax, 0B10Ah
        mov     bx, 0009h
        mov     di, 20h
        int     1Ah
        and     ecx, 0FFFCh
        CHECK_EQ ecx, 0C000h, "IDE BAR4 at C000h"
        mov     ax, 0B109h
        mov     di, 04h
        int     1Ah
        and     cx, 05h
        movzx   eax, cx
        CHECK_EQ eax, 05h, "IDE command: I/O and bus master"
        TEST_END

; wait_ticks_raw: wait EBX ticks of 40:6C (ES = 40h).
wait_ticks_raw:
        mov     edx, [es:6Ch]
.w:     hlt
        mov     eax, [es:6Ch]
        sub     eax, edx
        cmp     eax, ebx
        jb      .w
        ret

hook1c: inc     word [cs:count1c]
        iret
hook4a: mov     byte [cs:got4a], 1
        iret
count1c: dw     0
got4a:  db      0
