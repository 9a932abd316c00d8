; svc_int15.asm - INT 15h: E820h memory map, 88h, E801h, A20 2400h-2403h,
; 87h block move above 1 MiB, 86h wait, 83h event wait, 4Fh default.
; flags: -m 64
%include "lib.inc"
main:
        ; ---- E820h ----
        xor     ebx, ebx
        mov     di, e820buf
        xor     bp, bp                  ; entries
.e820:  mov     eax, 0E820h
        mov     edx, 534D4150h
        mov     ecx, 20
        int     15h
        jc      .e820end
        CHECK_EQ eax, 534D4150h, "E820h EAX"
        CHECK_EQ ecx, 20, "E820h ECX"
        add     di, 20
        inc     bp
        test    ebx, ebx
        jz      .e820end
        cmp     bp, 8
        jb      .e820
.e820end:
        movzx   eax, bp
        CHECK_EQ eax, 5, "E820h entries"
        CHECK_EQ dword [e820buf+0], 0, "E820 0 base"
        CHECK_EQ dword [e820buf+8], 9FC00h, "E820 0 length"
        CHECK_EQ dword [e820buf+16], 1, "E820 0 type"
        CHECK_EQ dword [e820buf+20], 9FC00h, "E820 1 base (EBDA)"
        CHECK_EQ dword [e820buf+36], 2, "E820 1 type"
        CHECK_EQ dword [e820buf+40], 0F0000h, "E820 2 base (BIOS)"
        CHECK_EQ dword [e820buf+60], 100000h, "E820 3 base"
        CHECK_EQ dword [e820buf+68], 63 * 1024 * 1024, "E820 3 length"
        CHECK_EQ dword [e820buf+76], 1, "E820 3 type"
        CHECK_EQ dword [e820buf+80], 0FFFC0000h, "E820 4 base (ROM)"
        CHECK_EQ dword [e820buf+96], 2, "E820 4 type"
        mov     eax, 0E820h             ; bad signature
        mov     edx, 12345678h
        xor     ebx, ebx
        mov     ecx, 20
        mov     di, e820buf
        int     15h
        CHECK_CF 1, "E820h without SMAP"
        ; ---- 88h, E801h ----
        mov     ah, 88h
        int     15h
        CHECK_CF 0, "88h"
        movzx   eax, ax
        CHECK_EQ eax, 63 * 1024, "88h KiB"
        mov     ax, 0E801h
        int     15h
        CHECK_CF 0, "E801h"
        movzx   eax, ax
        CHECK_EQ eax, 15 * 1024, "E801h AX"
        movzx   eax, cx
        CHECK_EQ eax, 15 * 1024, "E801h CX"
        movzx   eax, bx
        CHECK_EQ eax, 48 * 16, "E801h BX"
        movzx   eax, dx
        CHECK_EQ eax, 48 * 16, "E801h DX"
        ; ---- A20 ----
        mov     ax, 2403h
        int     15h
        CHECK_CF 0, "2403h"
        movzx   eax, bx
        CHECK_EQ eax, 3, "2403h methods"
        mov     ax, 2400h
        int     15h
        CHECK_CF 0, "2400h disable"
        mov     ax, 2402h
        int     15h
        movzx   eax, al
        CHECK_EQ eax, 0, "2402h after disable"
        call    wraps
        CHECK_EQ eax, 1, "addresses wrap at 1 MiB with A20 off"
        mov     ax, 2401h
        int     15h
        CHECK_CF 0, "2401h enable"
        mov     ax, 2402h
        int     15h
        movzx   eax, al
        CHECK_EQ eax, 1, "2402h after enable"
        call    wraps
        CHECK_EQ eax, 0, "no wrap with A20 on"
        ; ---- 87h: 0:A000 -> 2 MiB -> 0:B000 ----
        mov     di, 0A000h
        mov     cx, 512
        mov     al, 5
.fill:  mov     [di], al
        add     al, 3
        inc     di
        loop    .fill
        mov     dword [gdt_src_base], 0A000h
        mov     dword [gdt_dst_base], 200000h
        call    move
        CHECK_CF 0, "87h to 2 MiB"
        movzx   eax, ah
        CHECK_EQ eax, 0, "87h status"
        mov     dword [gdt_src_base], 200000h
        mov     dword [gdt_dst_base], 0B000h
        call    move
        CHECK_CF 0, "87h back"
        mov     si, 0A000h
        mov     di, 0B000h
        mov     cx, 128
        repe    cmpsd
        setne   al
        movzx   eax, al
        CHECK_EQ eax, 0, "87h data round trip"
        ; ---- 86h: 200 ms is 3-4 ticks ----
        push    40h
        pop     es
        mov     ebx, [es:6Ch]
        mov     ah, 86h
        mov     cx, 0003h               ; 0003:0D40 = 200000 us
        mov     dx, 0D40h
        int     15h
        CHECK_CF 0, "86h"
        mov     eax, [es:6Ch]
        sub     eax, ebx
        cmp     eax, 3
        setae   bl
        cmp     eax, 5
        setbe   bh
        and     bl, bh
        movzx   eax, bl
        CHECK_EQ eax, 1, "86h waited 3-5 ticks"
        ; ---- 83h: event wait with a user flag ----
        push    0
        pop     es
        mov     byte [evflag], 0
        mov     ax, 8300h
        xor     cx, cx
        mov     dx, 50000               ; 50 ms
        mov     bx, evflag
        int     15h
        CHECK_CF 0, "83h start"
.wait:  test    byte [evflag], 80h
        jnz     .posted
        hlt
        jmp     .wait
.posted:
        ; ---- 4Fh: nobody hooked it, the key goes through ----
        mov     ax, 4F1Eh
        stc
        int     15h
        CHECK_CF 1, "4Fh default"
        movzx   eax, al
        CHECK_EQ eax, 1Eh, "4Fh AL kept"
        TEST_END

; wraps: EAX = 1 if FFFF:0510 is the same byte as 0000:0500.
wraps:  push    es
        push    0FFFFh
        pop     es
        mov     byte [0500h], 0
        mov     byte [es:0510h], 5Ah
        xor     eax, eax
        cmp     byte [0500h], 5Ah
        jne     .n
        inc     eax
.n:     mov     byte [es:0510h], 0
        pop     es
        ret

; move: 256 words from gdt_src_base to gdt_dst_base with INT 15h AH=87h.
move:   mov     eax, [gdt_src_base]
        mov     [gdt+12h], ax
        shr     eax, 16
        mov     [gdt+14h], al
        mov     [gdt+17h], ah
        mov     eax, [gdt_dst_base]
        mov     [gdt+1Ah], ax
        shr     eax, 16
        mov     [gdt+1Ch], al
        mov     [gdt+1Fh], ah
        push    0
        pop     es
        mov     si, gdt
        mov     cx, 256
        mov     ah, 87h
        int     15h
        ret

evflag: db      0
gdt_src_base: dd 0
gdt_dst_base: dd 0
        align   8
gdt:    dq      0, 0
        dw      0FFFFh, 0               ; +10h source: limit, base 0-15
        db      0, 93h, 0, 0            ; base 16-23, access, -, base 24-31
        dw      0FFFFh, 0               ; +18h destination
        db      0, 93h, 0, 0
        dq      0, 0
e820buf: times 8*20 db 0
