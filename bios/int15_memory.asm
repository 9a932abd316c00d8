; int15_memory.asm - INT 15h memory-size functions: AH=88h, AX=E801h and
; the ACPI address map AX=E820h.
;
; Contract (Ralf Brown's Interrupt List INT 15h AH=88h and AX=E801h;
; Advanced Configuration and Power Interface Specification 3.0, 14.1
; "INT 15H, E820H - Query System Address Map"):
;  AH=88h   AX = KiB of memory from 1 MiB up (at most FFFFh), CF = 0
;  AX=E801h AX = CX = KiB between 1 MiB and 16 MiB (at most 3C00h),
;           BX = DX = 64 KiB blocks above 16 MiB (below 4 GiB)
;  AX=E820h EDX = 'SMAP', EBX = continuation (0 first), ES:DI = buffer of
;           ECX >= 20 bytes: returns one 20-byte entry (base qword, length
;           qword, type dword: 1 usable, 2 reserved), EAX = 'SMAP',
;           ECX = 20, EBX = next continuation (0 after the last), CF = 0.
;           The map:  0 - 9FBFFh usable; 9FC00h - 9FFFFh reserved (EBDA);
;           F0000h - FFFFFh reserved (this BIOS); 1 MiB - end of RAM usable;
;           FFFC0000h - FFFFFFFFh reserved (the ROM below 4 GiB).
;           A bad EDX, ECX < 20 or EBX past the end: CF = 1, AH = 86h.
; The RAM size is the one POST read from CMOS 30h/31h and 34h/35h.

; ram_top: EAX = the end of RAM below 4 GiB in bytes (EBDA_RAMTOP).
ram_top:
        push    ds
        push    EBDA_SEG
        pop     ds
        mov     eax, [EBDA_RAMTOP]
        pop     ds
        ret

int15_extmem:
        push    eax
        call    ram_top
        sub     eax, 100000h
        shr     eax, 10
        cmp     eax, 0FFFFh
        jbe     .ok
        mov     eax, 0FFFFh
.ok:    mov     [esp], ax               ; (low word of the saved EAX)
        pop     eax
        clc
        retf    2

int15_e801:
        call    ram_top
        mov     ecx, eax
        cmp     ecx, 1000000h
        jbe     .low
        mov     ecx, 1000000h
.low:   sub     ecx, 100000h
        shr     ecx, 10                 ; KiB between 1 and 16 MiB
        xor     edx, edx
        cmp     eax, 1000000h
        jbe     .high
        sub     eax, 1000000h
        shr     eax, 16
        mov     edx, eax
.high:  mov     ax, cx
        mov     bx, dx
        clc
        retf    2

; The map, 5 entries of (base, length, type); entry 3's length is computed.
e820_map:
        dd      0, 9FC00h, 1
        dd      9FC00h, 400h, 2
        dd      0F0000h, 10000h, 2
        dd      100000h, 0, 1
        dd      0FFFC0000h, 40000h, 2
%define E820_ENTRIES 5

int15_e820:
        cmp     edx, 534D4150h          ; 'SMAP'
        jne     .bad
        cmp     ecx, 20
        jb      .bad
        cmp     ebx, E820_ENTRIES
        jae     .bad
        push    esi
        push    eax
        mov     si, bx
        imul    si, 12
        add     si, e820_map
        ; base
        mov     eax, [cs:si]
        mov     [es:di], eax
        mov     dword [es:di+4], 0
        ; length (entry 3: RAM above 1 MiB)
        mov     eax, [cs:si+4]
        cmp     bx, 3
        jne     .len
        call    ram_top
        sub     eax, 100000h
.len:   mov     [es:di+8], eax
        mov     dword [es:di+12], 0
        mov     eax, [cs:si+8]
        mov     [es:di+16], eax
        pop     eax
        pop     esi
        inc     ebx
        cmp     ebx, E820_ENTRIES
        jb      .more
        xor     ebx, ebx
.more:  mov     eax, 534D4150h
        mov     ecx, 20
        clc
        retf    2
.bad:   mov     ah, 86h
        stc
        retf    2
