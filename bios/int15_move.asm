; int15_move.asm - INT 15h AH=87h, move a block of memory in protected mode
; (the way real-mode programs such as HIMEM reach memory above 1 MiB).
;
; Contract (IBM PC AT Technical Reference, "BLOCK_MOVE"; Ralf Brown's
; Interrupt List INT 15h AH=87h): CX = words to copy (at most 8000h),
; ES:SI = a 48-byte GDT the caller prepared:
;   +00h null, +08h (filled here: the GDT itself), +10h source segment
;   descriptor, +18h destination descriptor, +20h (filled: BIOS code),
;   +28h (filled: stack).
; Returns AH = 00h, CF = 0, ZF = 1; or AH = 03h / CF = 1 if the A20 gate
; could not be opened (02h, parity, cannot happen here).
;
; How (Intel SDM Vol. 3A, 9.9 "Mode switching"): interrupts off, the A20
; gate opened (and restored afterwards), LGDT with entry 08h used as the
; pseudo-descriptor (limit 2Fh, 24-bit base: the 80286 layout; the source
; and destination descriptors' byte 7 gives base bits 24-31 on a 386),
; CR0.PE set, a far jump into the BIOS code segment 20h, DS = 10h,
; ES = 18h, REP MOVSW, DS/ES/SS reloaded with 64 KiB writable data
; descriptors so real mode gets sane segment limits, CR0.PE cleared, a far
; jump back to F000h, the real-mode segments restored. (The AT did this by
; resetting the CPU with shutdown code 09h; a 386 simply clears PE.)

int15_blockmove:
        cmp     cx, 8000h
        ja      .bad
        SAVE_FRAME
        cli
        call    a20_state
        mov     bl, al                  ; A20 as the caller had it
        push    bx
        test    al, al
        jnz     .a20ok
        mov     al, 1
        call    a20_set
        call    a20_state
        test    al, al
        jz      .a20fail
.a20ok: ; the GDT's own descriptor (entry 08h): base = ES:SI linear
        mov     ax, es
        movzx   eax, ax
        shl     eax, 4
        movzx   ebx, si
        add     eax, ebx
        mov     word [es:si+08h], 2Fh
        mov     [es:si+0Ah], ax
        shr     eax, 16
        mov     [es:si+0Ch], al
        mov     byte [es:si+0Dh], 93h
        mov     word [es:si+0Eh], 0
        ; BIOS code: base F0000h, limit FFFFh, execute/read
        mov     word [es:si+20h], 0FFFFh
        mov     word [es:si+22h], 0000h
        mov     byte [es:si+24h], 0Fh
        mov     byte [es:si+25h], 9Bh
        mov     word [es:si+26h], 0
        ; stack: base SS, limit FFFFh, read/write
        mov     ax, ss
        movzx   eax, ax
        shl     eax, 4
        mov     word [es:si+28h], 0FFFFh
        mov     [es:si+2Ah], ax
        shr     eax, 16
        mov     [es:si+2Ch], al
        mov     byte [es:si+2Dh], 93h
        mov     word [es:si+2Eh], 0
        lgdt    [es:si+08h]
        mov     cx, [F_ECX]
        mov     dx, ss                  ; the real-mode stack segment
        mov     eax, cr0
        or      al, 1
        mov     cr0, eax
        jmp     20h:.pm
.pm:    mov     ax, 28h
        mov     ss, ax
        mov     ax, 10h
        mov     ds, ax
        mov     ax, 18h
        mov     es, ax
        xor     si, si
        xor     di, di
        cld
        rep     movsw
        mov     ax, 28h                 ; 64 KiB limits for real mode
        mov     ds, ax
        mov     es, ax
        mov     eax, cr0
        and     al, 0FEh
        mov     cr0, eax
        jmp     BIOS_SEG:.rm
.rm:    mov     ss, dx
        pop     bx                      ; A20 as the caller had it
        test    bl, bl
        jnz     .a20keep
        xor     al, al
        call    a20_set
.a20keep:
        RESTORE_FRAME
        sti
        xor     ah, ah
        clc                             ; CF = 0, ZF = 1
        retf    2
.a20fail:
        pop     bx
        RESTORE_FRAME
        sti
        mov     ah, 03h
        stc
        retf    2
.bad:   mov     ah, 01h
        stc
        retf    2
