; misc.asm - INT 10h AH=12h alternate select, AH=1Ah display combination,
; AH=1Bh functionality/state information, AH=1Ch save/restore video state.
; IBM BIOS TR INT 10h; Ralf Brown's list for the buffer layouts.

; AH=12h: BL = subfunction.
alt_select:
        cmp     bl, 0x10
        je      .info
        cmp     bl, 0x30
        je      .lines
        cmp     bl, 0x31
        je      .palload
        cmp     bl, 0x32
        je      .enable
        cmp     bl, 0x33
        je      .grey
        cmp     bl, 0x34
        je      .curemu
        cmp     bl, 0x36
        je      .refresh
        ret
; 10h: BH = 0 colour (CRTC at 3Dxh) / 1 mono, BL = 3 (256K), CH = feature
; bits, CL = switch settings (40:88).
.info:  xor     bh, bh
        cmp     word [BDA_CRTC], 0x3B4
        jne     .c
        inc     bh
.c:     mov     bl, 3
        mov     [bp + R_BX], bx
        mov     al, [BDA_SWITCHES]
        mov     ah, al
        and     al, 0x0F
        shr     ah, 4
        mov     [bp + R_CL], al
        mov     [bp + R_CH], ah
        ret
; 30h: scan lines for the next text mode set: AL = 0 200, 1 350, 2 400.
; 40:89 bits 7/4 = 10b 200, 00b 350, 01b 400. (This BIOS's text modes
; are the 400-line ones; the setting is kept for 1Bh and the caller.)
.lines: cmp     al, 2
        ja      .r
        mov     ah, [BDA_MODESET]
        and     ah, 0x6F
        cmp     al, 0
        jne     .l1
        or      ah, 0x80
.l1:    cmp     al, 2
        jne     .l2
        or      ah, 0x10
.l2:    mov     [BDA_MODESET], ah
        jmp     .ok
; 31h: AL = 0 enable / 1 disable default palette loading on mode set.
.palload:
        and     byte [BDA_MODESET], 0xF7
        test    al, 1
        jz      .ok
        or      byte [BDA_MODESET], 0x08
        jmp     .ok
; 32h: AL = 0 enable / 1 disable video addressing (port 3C3h bit 0).
.enable:
        mov     dx, 0x3C3
        xor     al, 1
        and     al, 1
        out     dx, al
        jmp     .ok
; 33h: AL = 0 enable / 1 disable grey-scale summing on palette loads.
.grey:  or      byte [BDA_MODESET], 0x02
        test    al, 1
        jz      .ok
        and     byte [BDA_MODESET], 0xFD
        jmp     .ok
; 34h: AL = 0 enable / 1 disable cursor emulation (40:87 bit 0).
.curemu:
        and     byte [BDA_VIDCTL], 0xFE
        test    al, 1
        jz      .ok
        or      byte [BDA_VIDCTL], 0x01
        jmp     .ok
; 36h: AL = 0 screen on / 1 off (sequencer clocking mode bit 5).
.refresh:
        mov     dx, 0x3C4
        mov     ah, al
        mov     al, 1
        out     dx, al
        inc     dx
        in      al, dx
        and     al, 0xDF
        test    ah, 1
        jz      .s
        or      al, 0x20
.s:     out     dx, al
.ok:    mov     byte [bp + R_AL], 0x12
.r:     ret

; AH=1Ah: AL = 00h: BL = active, BH = alternate display code (from the
; DCC table entry 40:8A); AL = 01h: set the codes BL/BH. AL := 1Ah.
display_combination:
        cmp     al, 1
        ja      .r
        je      .set
        movzx   si, byte [BDA_DCC]
        add     si, si
        mov     ax, [cs:dcc_table + 4 + si]
        mov     [bp + R_BX], ax
        jmp     .ok
.set:   xor     si, si
.l:     cmp     [cs:dcc_table + 4 + si], bx
        je      .f
        add     si, 2
        cmp     si, 32
        jb      .l
        jmp     .ok
.f:     shr     si, 1
        mov     ax, si
        mov     [BDA_DCC], al
.ok:    mov     byte [bp + R_AL], 0x1A
.r:     ret

; AH=1Bh: BX = 0: write the 64-byte state information to ES:DI.
func_info:
        or      bx, bx
        jnz     .r
        mov     word [es:di], static_func
        mov     [es:di + 2], cs
        push    di
        add     di, 4
        mov     si, BDA_MODE
        mov     cx, 0x1E                ; 40:49 - 40:66
        rep     movsb
        pop     di
        mov     al, [BDA_ROWS]
        inc     al
        mov     [es:di + 0x22], al
        mov     ax, [BDA_CHEIGHT]
        mov     [es:di + 0x23], ax
        movzx   si, byte [BDA_DCC]
        add     si, si
        mov     ax, [cs:dcc_table + 4 + si]
        mov     [es:di + 0x25], ax
        ; colours and pages of the current mode
        call    cur_mode
        mov     ax, 0
        mov     dl, 0
        jc      .c
        mov     cl, [cs:bx + M_BPP]
        mov     ax, 1
        shl     ax, cl
        mov     dl, 8
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        je      .c
        mov     ax, 1
        shl     ax, cl
        mov     dl, 1
        cmp     byte [cs:bx + M_MODEL], MM_PLANAR
        jne     .c
        mov     dl, 2
.c:     mov     [es:di + 0x27], ax
        mov     [es:di + 0x29], dl
        ; scan lines: 0 200, 1 350, 2 400, 3 480
        call    cur_mode
        mov     al, 2
        jc      .sl
        mov     cx, [cs:bx + M_HEIGHT]
        cmp     cx, 200
        jne     .s1
        mov     al, 0
.s1:    cmp     cx, 350
        jne     .s2
        mov     al, 1
.s2:    cmp     cx, 480
        jne     .sl
        mov     al, 3
.sl:    mov     [es:di + 0x2A], al
        mov     dx, 0x3C4
        mov     al, 3
        out     dx, al
        inc     dx
        in      al, dx
        mov     ah, al                  ; map select A (bits 5,3,2) / B (4,1,0)
        and     al, 3
        test    ah, 0x10
        jz      .b
        or      al, 4
.b:     mov     [es:di + 0x2C], al      ; secondary (map B)
        mov     al, ah
        shr     al, 2
        and     al, 3
        test    ah, 0x20
        jz      .a
        or      al, 4
.a:     mov     [es:di + 0x2B], al      ; primary (map A)
        mov     al, [BDA_MODESET]
        and     al, 0x0F                ; misc flags (VGA active, grey, mono, no palette)
        mov     [es:di + 0x2D], al
        xor     ax, ax
        mov     [es:di + 0x2E], ax
        mov     [es:di + 0x30], al
        mov     byte [es:di + 0x31], 3  ; 256K video memory
        mov     byte [es:di + 0x32], 0
        mov     cx, 13
        push    di
        add     di, 0x33
        rep     stosb
        pop     di
        mov     byte [bp + R_AL], 0x1B
.r:     ret

; Static functionality table (IBM BIOS TR, AH=1Bh).
static_func:
        db      0xFF, 0xE0, 0x0F        ; modes 00h-07h, 0Dh-0Fh, 10h-13h
        db      0, 0, 0, 0
        db      0x07                    ; 200, 350, 400 scan lines (text)
        db      8, 2                    ; 8 character maps, 2 active
        db      0xFF                    ; all palette/font/cursor/… functions
        db      0x0E                    ; display combination, state info, save/restore
        dw      0
        db      0x00                    ; save pointer function flags
        db      0

; ---- AH=1Ch save/restore video state ----
; Buffer layout (this BIOS's, sized per requested state): a 2-byte header
; (the CX state mask), then for bit 0 the hardware registers (66 bytes:
; misc, sequencer 0-4, CRTC 00h-18h, GC 0-8, attribute 00h-14h, CRTC
; port), bit 1 the BIOS data (36 bytes: 40:49-66, 40:84-8A),
; bit 2 the DAC (pixel mask + 256 x 3 = 769 bytes).
STATE_HW  equ 1 + 5 + 25 + 9 + 21 + 2 + 3
STATE_BDA equ 30 + 7
STATE_DAC equ 1 + 768

; state_size: CX = state mask -> AX = bytes.
state_size:
        mov     ax, 2
        test    cl, 1
        jz      .a
        add     ax, STATE_HW
.a:     test    cl, 2
        jz      .b
        add     ax, STATE_BDA
.b:     test    cl, 4
        jz      .c
        add     ax, STATE_DAC
.c:     ret

; AH=1Ch: AL = 0 size in 64-byte blocks (-> BX), 1 save to ES:BX, 2 restore
; from ES:BX; CX = states. AL := 1Ch when supported.
save_restore:
        cmp     al, 2
        ja      .r
        cmp     al, 0
        jne     .sr
        call    state_size
        add     ax, 63
        shr     ax, 6
        mov     [bp + R_BX], ax
        jmp     .ok
.sr:    mov     di, bx
        cmp     al, 1
        jne     .rest
        call    state_save
        jmp     .ok
.rest:  call    state_restore
.ok:    mov     byte [bp + R_AL], 0x1C
.r:     ret

; state_save: CX = mask, ES:DI = buffer. Returns DI after the data.
state_save:
        mov     [es:di], cx
        add     di, 2
        test    cl, 1
        jz      .nohw
        push    cx
        mov     dx, 0x3CC
        in      al, dx
        stosb
        mov     dx, 0x3C4
        mov     cx, 5
        xor     bl, bl
        call    idx_read
        mov     dx, [BDA_CRTC]
        mov     cl, 25
        xor     bl, bl
        call    idx_read
        mov     dx, 0x3CE
        mov     cl, 9
        xor     bl, bl
        call    idx_read
        xor     al, al
.ac:    call    ac_read
        mov     [es:di], ah
        inc     di
        inc     al
        cmp     al, 21
        jb      .ac
        mov     ax, [BDA_CRTC]
        stosw
        xor     al, al
        stosb
        stosw
        pop     cx
.nohw:  test    cl, 2
        jz      .nobda
        push    cx
        mov     si, BDA_MODE
        mov     cx, 30
        rep     movsb
        mov     si, BDA_ROWS
        mov     cl, 7
        rep     movsb
        pop     cx
.nobda: test    cl, 4
        jz      .r
        push    cx
        mov     dx, 0x3C6
        in      al, dx
        stosb
        mov     dx, 0x3C7
        xor     al, al
        out     dx, al
        add     dl, 2
        mov     cx, 768
        rep     insb
        pop     cx
.r:     ret

; idx_read: CX registers BL.. of the index/data pair at DX to ES:DI.
idx_read:
        mov     al, bl
        out     dx, al
        inc     dx
        in      al, dx
        dec     dx
        stosb
        inc     bl
        loop    idx_read
        ret

; idx_write: CX registers BL.. of the pair at DX from DS:SI.
idx_write:
        mov     al, bl
        mov     ah, [si]
        out     dx, ax
        inc     si
        inc     bl
        loop    idx_write
        ret

; state_restore: ES:DI = buffer saved by state_save (the mask is taken
; from the buffer; the caller's CX must match it, as with the IBM BIOS).
state_restore:
        push    es
        push    ds
        push    es
        pop     ds
        mov     si, di
        lodsw
        mov     cx, ax
        push    word BDA_SEG
        pop     es                      ; ES = BIOS data (for bit 1)
        test    cl, 1
        jz      .nohw
        push    cx
        mov     dx, 0x3C4
        mov     ax, 0x0100
        out     dx, ax
        mov     al, [si]                ; misc output
        mov     dx, 0x3C2
        out     dx, al
        inc     si
        mov     dx, 0x3C4
        mov     cx, 5
        xor     bl, bl
        call    idx_write               ; (sequencer 0 last value ends the reset)
        mov     dx, 0x3C4
        mov     ax, 0x0300
        out     dx, ax
        mov     dx, [si + 25 + 9 + 21]  ; CRTC port saved
        mov     ax, 0x0011
        out     dx, ax
        mov     cx, 25
        xor     bl, bl
        call    idx_write
        mov     dx, 0x3CE
        mov     cx, 9
        xor     bl, bl
        call    idx_write
        mov     dx, [si + 21]
        add     dl, 6
        in      al, dx
        mov     dx, 0x3C0
        xor     bl, bl
.ac:    mov     al, bl
        out     dx, al
        lodsb
        out     dx, al
        inc     bl
        cmp     bl, 21
        jb      .ac
        mov     al, 0x20
        out     dx, al
        add     si, 5
        pop     cx
.nohw:  test    cl, 2
        jz      .nobda
        push    cx
        mov     di, BDA_MODE
        mov     cx, 30
        rep     movsb
        mov     di, BDA_ROWS
        mov     cl, 7
        rep     movsb
        pop     cx
.nobda: test    cl, 4
        jz      .r
        lodsb
        mov     dx, 0x3C6
        out     dx, al
        mov     dx, 0x3C8
        xor     al, al
        out     dx, al
        inc     dx
        mov     cx, 768
        rep     outsb
.r:     pop     ds
        pop     es
        ret
