; optrom.asm - the option-ROM scan of POST: the video ROM at C000:0000
; first, then every other ROM from C800:0000 to E000:0000.
;
; Contract (IBM PC AT Technical Reference, POST "ROM_CHECK"; BIOS Boot
; Specification 1.01, 3.1 "legacy option ROM header"; PCI Local Bus
; Specification 2.1, 6.3.3.1.1 "PC-compatible expansion ROM"):
;  - a ROM starts at a 2 KiB boundary with 55h AAh, then its length in
;    512-byte blocks; all its bytes add up to 0 (mod 256);
;  - its initialisation entry is called far at segment:0003 with interrupts
;    enabled; a PCI ROM gets AX = bus << 8 | device << 3 | function (the
;    VGA's, for the ROM at C000h);
;  - the scan continues after the ROM (rounded up to 2 KiB), else 2 KiB on.

; rom_try: AX = segment. If a valid ROM is there, run its entry. Returns
; AX = the segment to look at next.
rom_try:
        push    es
        push    bx
        push    cx
        push    si
        mov     es, ax
        cmp     word [es:0], 0AA55h
        jne     .skip
        movzx   cx, byte [es:2]         ; length in 512-byte blocks
        jcxz    .skip
        shl     cx, 9
        xor     si, si
        xor     bl, bl
.sum:   add     bl, [es:si]
        inc     si
        loop    .sum
        test    bl, bl
        jnz     .badsum
        push    ax
        push    ds
        push    es
        pushad
        mov     ax, EBDA_SEG
        mov     ds, ax
        mov     bx, es
        mov     ax, 0FFFFh
        cmp     bx, 0C000h
        jne     .call
        mov     ax, [EBDA_VGA_BDF]
.call:  xor     di, di                  ; no PnP installation structure
        push    cs
        push    .back
        push    es
        push    word 3
        sti
        retf
.back:  cli
        popad
        pop     es
        pop     ds
        sti
        pop     ax
        ; next: after this ROM (its length byte may have been updated)
        movzx   cx, byte [es:2]
        add     cx, 3                   ; round up to 2 KiB (4 blocks)
        and     cx, 0FFFCh
        jnz     .len
        mov     cx, 4
.len:   shl     cx, 5                   ; 512-byte blocks -> paragraphs
        add     ax, cx
        jmp     .out
.badsum:
        push    ax
        mov     si, msg_badrom
        call    debug_puts
        mov     ax, es
        call    put_hex16_debug
        mov     al, 10
        out     PORT_DEBUGCON, al
        pop     ax
.skip:  add     ax, 80h                 ; 2 KiB
.out:   pop     si
        pop     cx
        pop     bx
        pop     es
        ret

; put_hex16_debug: AX in hexadecimal to the debug console.
put_hex16_debug:
        xchg    al, ah
        call    put_hex8_debug
        xchg    al, ah
        jmp     put_hex8_debug

rom_scan_video:
        mov     ax, 0C000h
        call    rom_try
        ret

; rom_scan: the other ROMs, from after the video ROM up to EF800h.
rom_scan:
        push    es
        push    cx
        mov     ax, 0C000h
        mov     es, ax
        cmp     word [es:0], 0AA55h
        jne     .l
        movzx   cx, byte [es:2]
        add     cx, 3
        and     cx, 0FFFCh
        jnz     .v
        mov     cx, 4
.v:     shl     cx, 5
        add     ax, cx
.l:     cmp     ax, 0F000h
        jae     .out
        call    rom_try
        jmp     .l
.out:   pop     cx
        pop     es
        ret

msg_badrom:     db "x86pc BIOS: option ROM with a bad checksum at segment ", 0
