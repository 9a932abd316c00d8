; palette.asm - INT 10h AH=0Bh (CGA palette) and AH=10h (EGA palette
; registers in the attribute controller, VGA DAC). IBM BIOS TR; IBM VGA TR
; "Attribute Controller", "Video DAC".

; ac_write: attribute register AL := AH (palette address source off while
; writing, then on again: video stays enabled).
ac_write:
        push    dx
        push    ax
        mov     dx, [BDA_CRTC]
        add     dl, 6
        in      al, dx                  ; reset the index/data flip-flop
        pop     ax
        mov     dx, 0x3C0
        out     dx, al
        xchg    al, ah
        out     dx, al
        xchg    al, ah
        push    ax
        mov     al, 0x20
        out     dx, al
        pop     ax
        pop     dx
        ret

; ac_read: AH := attribute register AL.
ac_read:
        push    dx
        push    ax
        mov     dx, [BDA_CRTC]
        add     dl, 6
        in      al, dx
        pop     ax
        mov     dx, 0x3C0
        out     dx, al
        inc     dx
        xchg    al, ah
        in      al, dx
        xchg    al, ah
        push    ax
        mov     dx, [BDA_CRTC]
        add     dl, 6
        in      al, dx
        mov     dx, 0x3C0
        mov     al, 0x20
        out     dx, al
        pop     ax
        pop     dx
        ret

; AH=0Bh: BH=00h: background/border colour BL (bits 0-3, bit 4 intensity
; of the CGA palette); BH=01h: CGA palette BL (0: green/red/brown,
; 1: cyan/magenta/white) in modes 04h/05h. Kept in 40:66.
cga_palette:
        cmp     bh, 1
        je      .pal
        mov     al, [BDA_CGAPAL]
        and     al, 0xE0
        mov     ah, bl
        and     ah, 0x1F
        or      al, ah
        mov     [BDA_CGAPAL], al
        mov     ah, bl                  ; border (overscan) in every mode
        and     ah, 7
        test    bl, 8
        jz      .o
        or      ah, 0x10
.o:     mov     al, 0x11
        call    ac_write
        cmp     byte [BDA_MODE], 6
        ja      .r
        cmp     byte [BDA_MODE], 4
        jb      .r
        xor     al, al                  ; background = palette 0
        call    ac_write
        jmp     .setpal                 ; intensity bit may have changed
.pal:   mov     al, [BDA_CGAPAL]
        and     al, 0xDF
        test    bl, 1
        jz      .p0
        or      al, 0x20
.p0:    mov     [BDA_CGAPAL], al
        cmp     byte [BDA_MODE], 4
        jb      .r
        cmp     byte [BDA_MODE], 5
        ja      .r
.setpal:
        cmp     byte [BDA_MODE], 6
        je      .r
        mov     bl, [BDA_CGAPAL]
        mov     ah, 2                   ; colours 2, 4, 6 (palette 0)
        test    bl, 0x20
        jz      .q
        mov     ah, 3                   ; colours 3, 5, 7 (palette 1)
.q:     test    bl, 0x10
        jz      .q2
        or      ah, 0x10                ; intensified
.q2:    mov     al, 1
.ql:    call    ac_write
        add     ah, 2
        inc     al
        cmp     al, 4
        jb      .ql
.r:     ret

; AH=10h: palette registers and DAC, subfunction AL.
palette_service:
        cmp     al, 0x1B
        ja      .r
        movzx   si, al
        add     si, si
        jmp     [cs:pal_table + si]
.r:     ret
pal_table:
        dw      pal_set_reg, pal_set_border, pal_set_all, pal_blink
        dw      pal_none, pal_none, pal_none, pal_get_reg
        dw      pal_get_border, pal_get_all, pal_none, pal_none
        dw      pal_none, pal_none, pal_none, pal_none
        dw      dac_set_one, pal_none, dac_set_block, pal_color_page
        dw      pal_none, dac_get_one, pal_none, dac_get_block
        dw      dac_set_mask, dac_get_mask, pal_get_color_page, dac_grey
pal_none:
        ret

; 00h: palette register BL := BH.
pal_set_reg:
        cmp     bl, 0x0F
        ja      pal_none
        mov     al, bl
        mov     ah, bh
        jmp     ac_write
; 01h: overscan (border) register := BH.
pal_set_border:
        mov     al, 0x11
        mov     ah, bh
        jmp     ac_write
; 02h: palette registers 0-15 and overscan from the 17 bytes at ES:DX.
pal_set_all:
        mov     si, dx
        xor     al, al
.l:     mov     ah, [es:si]
        inc     si
        call    ac_write
        inc     al
        cmp     al, 0x10
        jb      .l
        mov     ah, [es:si]
        mov     al, 0x11
        jmp     ac_write
; 03h: BL = 0: attribute bit 7 is background intensity; 1: blinking.
pal_blink:
        mov     al, 0x10
        call    ac_read
        and     ah, 0xF7
        and     byte [BDA_MODEREG], 0xDF
        test    bl, 1
        jz      .s
        or      ah, 0x08
        or      byte [BDA_MODEREG], 0x20
.s:     jmp     ac_write
; 07h: BH := palette register BL.
pal_get_reg:
        mov     al, bl
        and     al, 0x1F
        call    ac_read
        mov     [bp + R_BH], ah
        ret
; 08h: BH := overscan register.
pal_get_border:
        mov     al, 0x11
        call    ac_read
        mov     [bp + R_BH], ah
        ret
; 09h: palette registers 0-15 and overscan to the 17 bytes at ES:DX.
pal_get_all:
        mov     di, dx
        xor     al, al
.l:     call    ac_read
        mov     [es:di], ah
        inc     di
        inc     al
        cmp     al, 0x10
        jb      .l
        mov     al, 0x11
        call    ac_read
        mov     [es:di], ah
        ret
; 10h: DAC register BX := DH (red), CH (green), CL (blue).
dac_set_one:
        mov     dx, 0x3C8
        mov     al, bl
        out     dx, al
        inc     dx
        mov     al, [bp + R_DH]
        out     dx, al
        mov     al, ch
        out     dx, al
        mov     al, cl
        out     dx, al
        ret
; 12h: CX DAC registers from BX, 3 bytes (R, G, B) each at ES:DX.
dac_set_block:
        mov     si, dx
        mov     dx, 0x3C8
        mov     al, bl
        out     dx, al
        inc     dx
        mov     ax, cx
        add     cx, cx
        add     cx, ax
        es rep  outsb
        ret
; 13h: BL = 0: select paging mode BH (attribute mode bit 7: 0 = 4 pages
; of 64, 1 = 16 of 16); BL = 1: select colour page BH.
pal_color_page:
        cmp     bl, 1
        je      .page
        mov     al, 0x10
        call    ac_read
        and     ah, 0x7F
        test    bh, 1
        jz      .m
        or      ah, 0x80
.m:     jmp     ac_write
.page:  mov     al, 0x10
        call    ac_read
        mov     al, bh
        test    ah, 0x80
        jnz     .p16
        shl     al, 2                   ; 64-colour pages: bits 3-2 of reg 14h
.p16:   and     al, 0x0F
        mov     ah, al
        mov     al, 0x14
        jmp     ac_write
; 15h: DH, CH, CL := DAC register BX.
dac_get_one:
        mov     dx, 0x3C7
        mov     al, bl
        out     dx, al
        add     dl, 2
        in      al, dx
        mov     [bp + R_DH], al
        in      al, dx
        mov     [bp + R_CH], al
        in      al, dx
        mov     [bp + R_CL], al
        ret
; 17h: CX DAC registers from BX to ES:DX (3 bytes each).
dac_get_block:
        mov     di, dx
        mov     dx, 0x3C7
        mov     al, bl
        out     dx, al
        add     dl, 2
        mov     ax, cx
        add     cx, cx
        add     cx, ax
        rep     insb
        ret
; 18h: pixel mask := BL. 19h: BL := pixel mask.
dac_set_mask:
        mov     dx, 0x3C6
        mov     al, bl
        out     dx, al
        ret
dac_get_mask:
        mov     dx, 0x3C6
        in      al, dx
        mov     [bp + R_BL], al
        ret
; 1Ah: BL := paging mode, BH := current colour page.
pal_get_color_page:
        mov     al, 0x10
        call    ac_read
        mov     bl, ah
        shr     bl, 7
        mov     al, 0x14
        call    ac_read
        and     ah, 0x0F
        or      bl, bl
        jnz     .s
        shr     ah, 2
.s:     mov     [bp + R_BL], bl
        mov     [bp + R_BH], ah
        ret
; 1Bh: sum CX DAC registers from BX to grey shades
; (30% red + 59% green + 11% blue, IBM VGA TR).
dac_grey:
        jcxz    .r
.l:     mov     dx, 0x3C7
        mov     al, bl
        out     dx, al
        add     dl, 2
        in      al, dx
        mov     ah, 77                  ; 0.30 * 256
        mul     ah
        mov     si, ax
        in      al, dx
        mov     ah, 151                 ; 0.59 * 256
        mul     ah
        add     si, ax
        in      al, dx
        mov     ah, 28                  ; 0.11 * 256
        mul     ah
        add     si, ax
        add     si, 0x80
        shr     si, 8
        mov     ax, si
        mov     dx, 0x3C8
        push    ax
        mov     al, bl
        out     dx, al
        pop     ax
        inc     dx
        out     dx, al
        out     dx, al
        out     dx, al
        inc     bx
        loop    .l
.r:     ret
