; gfx.asm - graphics-mode drawing for INT 10h: characters (09h/0Ah/0Eh in
; graphics modes), character recognition (08h), scrolling rows (06h/07h)
; and pixels (0Ch/0Dh), for the CGA 4- and 2-colour modes (interleaved
; even/odd scan lines at B800h), the EGA/VGA planar modes (through the
; graphics controller's set/reset, bit mask, logical function and write
; mode 1) and the 256-colour mode 13h. IBM VGA TR "Graphics Controller".

; gc_out: graphics controller register AL := AH.
gc_out:
        push    dx
        mov     dx, 0x3CE
        out     dx, ax
        pop     dx
        ret

; gc_restore: GC back to the planar-mode defaults (set/reset 0 and
; disabled, replace, write mode 0, bit mask FFh).
gc_restore:
        push    ax
        mov     ax, 0x0000
        call    gc_out
        mov     ax, 0x0001
        call    gc_out
        mov     ax, 0x0003
        call    gc_out
        mov     ax, 0x0005
        call    gc_out
        mov     ax, 0xFF08
        call    gc_out
        pop     ax
        ret

; line_addr: AX = scan line, CS:BX = mode entry -> DI = offset of the
; line's first byte (page 0). Preserves other registers but AX.
line_addr:
        push    dx
        cmp     byte [cs:bx + M_MODEL], MM_PLANAR
        je      .planar
        cmp     byte [cs:bx + M_MODEL], MM_PACKED
        je      .packed
        ; CGA: odd lines in the bank at 2000h, 80 bytes per line
        mov     di, ax
        and     di, 1
        shl     di, 13
        shr     ax, 1
        mov     dx, 80
        mul     dx
        add     di, ax
        pop     dx
        ret
.planar:
        mul     word [BDA_COLS]
        mov     di, ax
        pop     dx
        ret
.packed:
        mov     dx, 320
        mul     dx
        mov     di, ax
        pop     dx
        ret

; gfx_bpc: CS:BX = mode entry -> CX = bytes per character column.
gfx_bpc:
        mov     cx, 1
        cmp     byte [cs:bx + M_MODEL], MM_CGA2
        jne     .a
        mov     cl, 2
.a:     cmp     byte [cs:bx + M_MODEL], MM_PACKED
        jne     .b
        mov     cl, 8
.b:     ret

; gfx_page_offset: page BH -> AX = byte offset (planar modes only have
; several pages; 0 otherwise).
gfx_page_offset:
        xor     ax, ax
        cmp     byte [cs:bx + M_MODEL], MM_PLANAR
        jne     .r
        push    bx
        push    dx
        movzx   ax, byte [bp + L_K]
        mul     word [BDA_PAGESIZE]
        pop     dx
        pop     bx
.r:     ret

; glyph_ptr: AL = character, CS:BX = mode entry -> FS:SI = its glyph
; (INT 43h font; INT 1Fh for 80h-FFh in the CGA modes).
glyph_ptr:
        push    ax
        push    dx
        push    es
        push    word 0
        pop     es
        movzx   si, al
        cmp     byte [cs:bx + M_MODEL], MM_CGA1
        ja      .n
        cmp     al, 0x80
        jb      .n
        sub     si, 0x80
        shl     si, 3
        add     si, [es:0x1F*4]
        mov     fs, [es:0x1F*4+2]
        jmp     .r
.n:     mov     ax, si
        mul     byte [BDA_CHEIGHT]
        mov     si, ax
        add     si, [es:0x43*4]
        mov     fs, [es:0x43*4+2]
.r:     pop     es
        pop     dx
        pop     ax
        ret

; gfx_put_char: CS:BX = mode entry, AL = character, CX = count, DH/DL =
; row/column, [bp+L_A] = colour (bit 7: XOR), [bp+L_A+1] = page.
; Locals: L_J = column, L_K = page, L_I = count.
gfx_put_char:
        mov     es, [cs:bx + M_SEG]
        call    glyph_ptr
        mov     [bp + L_I], cx
        mov     al, [bp + L_A + 1]
        and     al, 7
        mov     [bp + L_K], al
        mov     al, [bp + L_A]
        mov     [bp + L_J], dx
        cmp     byte [cs:bx + M_MODEL], MM_PLANAR
        jne     .each
        mov     ax, 0x0F01              ; set/reset for all planes
        call    gc_out
        xor     ah, ah
        test    byte [bp + L_A], 0x80
        jz      .fn
        mov     ah, 0x18                ; XOR
.fn:    mov     al, 3
        call    gc_out
.each:  cmp     word [bp + L_I], 0
        je      .done
        mov     dx, [bp + L_J]
        cmp     dl, [BDA_COLS]
        jae     .done
        call    draw_glyph
        inc     byte [bp + L_J]
        dec     word [bp + L_I]
        jmp     .each
.done:  cmp     byte [cs:bx + M_MODEL], MM_PLANAR
        jne     .r
        call    gc_restore
.r:     ret

; draw_glyph: FS:SI = glyph, DH/DL = row/column, CS:BX = mode entry,
; ES = video segment, colour [bp+L_A], page [bp+L_K]. Preserves BX, SI.
draw_glyph:
        push    si
        mov     cx, [BDA_CHEIGHT]
        movzx   ax, dh
        mul     cl
        mov     [bp + L_H], ax          ; first scan line
        xor     dh, dh
        mov     [bp + L_G], dx          ; column
.line:  mov     ax, [bp + L_H]
        call    line_addr
        push    cx
        call    gfx_bpc
        mov     ax, [bp + L_G]
        mul     cx
        add     di, ax
        call    gfx_page_offset
        add     di, ax
        pop     cx
        mov     dl, [fs:si]             ; glyph row
        mov     dh, [bp + L_A]          ; colour
        mov     al, [cs:bx + M_MODEL]
        cmp     al, MM_PLANAR
        je      .planar
        cmp     al, MM_PACKED
        je      .packed
        cmp     al, MM_CGA1
        je      .cga1
        ; CGA 4 colours: expand 8 pixels into 16 bits, pixel 0 in bits 15-14
        push    cx
        xor     ax, ax
        mov     cx, 8
.ex:    shl     ax, 2
        shl     dl, 1
        jnc     .ex0
        mov     ch, dh
        and     ch, 3
        or      al, ch
        xor     ch, ch
.ex0:   loop    .ex
        pop     cx
        test    dh, 0x80
        jnz     .cx
        mov     [es:di], ah
        mov     [es:di + 1], al
        jmp     .next
.cx:    xor     [es:di], ah
        xor     [es:di + 1], al
        jmp     .next
.cga1:  test    dh, 1
        jnz     .c1
        xor     dl, dl
.c1:    test    dh, 0x80
        jnz     .c1x
        mov     [es:di], dl
        jmp     .next
.c1x:   xor     [es:di], dl
        jmp     .next
.packed:                                ; (no XOR in the 256-colour mode)
        push    cx
        mov     cx, 8
.px:    xor     al, al
        shl     dl, 1
        jnc     .p0
        mov     al, dh
.p0:    mov     [es:di], al
        inc     di
        loop    .px
        pop     cx
        jmp     .next
.planar:
        test    dh, 0x80
        jnz     .fg
        mov     ax, 0xFF08              ; clear the cell line to colour 0
        call    gc_out
        mov     ax, 0x0000
        call    gc_out
        mov     [es:di], al
.fg:    mov     ah, dl
        mov     al, 8
        call    gc_out
        mov     ah, dh
        and     ah, 0x0F
        xor     al, al
        call    gc_out
        mov     al, [es:di]             ; load the latches
        mov     [es:di], al
.next:  inc     si
        inc     word [bp + L_H]
        dec     cx
        jnz     .line
        pop     si
        ret

; cell_pattern: read glyph line y of the cell: DI = address of the line's
; first byte -> AL = pattern (bit set where the pixel is not colour 0).
cell_pattern:
        mov     al, [cs:bx + M_MODEL]
        cmp     al, MM_PLANAR
        je      .planar
        cmp     al, MM_PACKED
        je      .packed
        cmp     al, MM_CGA1
        je      .cga1
        mov     dx, [es:di]             ; DL = pixels 0-3, DH = 4-7
        xchg    dl, dh
        xor     al, al
        mov     cx, 8
.c2:    shl     al, 1
        test    dh, 0xC0
        jz      .c20
        or      al, 1
.c20:   shl     dx, 2
        loop    .c2
        ret
.cga1:  mov     al, [es:di]
        ret
.packed:
        xor     ax, ax
        mov     cx, 8
.p:     shl     ah, 1
        cmp     byte [es:di], 0
        je      .p0
        or      ah, 1
.p0:    inc     di
        loop    .p
        mov     al, ah
        ret
.planar:
        push    bx
        xor     bl, bl
        mov     cx, 4
.pl:    mov     ax, cx
        dec     ax
        mov     ah, al
        mov     al, 4                   ; read map select
        call    gc_out
        or      bl, [es:di]
        loop    .pl
        mov     ax, 0x0004
        call    gc_out
        mov     al, bl
        pop     bx
        ret

; gfx_read_char: AH=08h in a graphics mode. CS:BX = mode entry, DH/DL =
; cursor row/column of page [bp+R_BH]. Builds the cell's pattern and
; looks it up in the current font(s): AL = character or 0, AH = 0.
gfx_read_char:
        mov     es, [cs:bx + M_SEG]
        mov     al, [bp + R_BH]
        and     al, 7
        mov     [bp + L_K], al
        movzx   ax, dh
        mul     byte [BDA_CHEIGHT]
        mov     [bp + L_H], ax
        xor     dh, dh
        mov     [bp + L_G], dx
        sub     sp, 16
        mov     [bp + L_D], sp          ; pattern buffer
        xor     cx, cx
.row:   push    cx
        mov     ax, [bp + L_H]
        add     ax, cx
        call    line_addr
        call    gfx_bpc
        mov     ax, [bp + L_G]
        mul     cx
        add     di, ax
        call    gfx_page_offset
        add     di, ax
        call    cell_pattern
        pop     cx
        mov     di, [bp + L_D]
        add     di, cx
        mov     [ss:di], al
        inc     cx
        cmp     cx, [BDA_CHEIGHT]
        jb      .row
        ; search characters 0..255
        xor     ax, ax
.ch:    push    ax
        call    glyph_ptr
        mov     cx, [BDA_CHEIGHT]
        mov     di, [bp + L_D]
.cmp:   mov     dl, [fs:si]
        inc     si
        cmp     dl, [ss:di]
        jne     .no
        inc     di
        loop    .cmp
        pop     ax
        jmp     .found
.no:    pop     ax
        inc     ax
        cmp     ax, 256
        jb      .ch
        xor     ax, ax
.found: mov     [bp + R_AX], ax
        add     sp, 16
        ret

; gfx_row_copy: AH = source row, AL = destination row (character rows of
; the window columns [bp+L_G]..[bp+L_W] on page [bp+L_F]); CS:BX = mode
; entry. Pops the caller's BX before returning (see row_copy).
gfx_row_copy:
        mov     [bp + L_J], ax
        mov     al, [bp + L_F]
        mov     [bp + L_K], al
        push    ds
        mov     es, [cs:bx + M_SEG]
        cmp     byte [cs:bx + M_MODEL], MM_PLANAR
        jne     .go
        mov     ax, 0x0105              ; write mode 1: latches to memory
        call    gc_out
.go:    xor     cx, cx
.line:  push    cx
        ; source line address
        movzx   ax, byte [bp + L_J + 1]
        call    row_line_addr
        mov     si, di
        movzx   ax, byte [bp + L_J]
        call    row_line_addr
        call    gfx_bpc
        mov     ax, [bp + L_W]
        sub     al, [bp + L_G]
        inc     al
        xor     ah, ah
        mul     cx
        mov     cx, ax
        push    ds
        push    es
        pop     ds
        rep     movsb
        pop     ds
        pop     cx
        inc     cx
        cmp     cx, [BDA_CHEIGHT]
        jb      .line
        pop     ds
        cmp     byte [cs:bx + M_MODEL], MM_PLANAR
        jne     .r
        call    gc_restore
.r:     pop     bx
        ret

; row_line_addr: AX = character row, CX = scan line within it -> DI =
; address of the window's left column on that line (page [bp+L_K]).
row_line_addr:
        push    cx
        push    dx
        mul     byte [BDA_CHEIGHT]
        add     ax, cx
        call    line_addr
        call    gfx_bpc
        movzx   ax, byte [bp + L_G]
        mul     cx
        add     di, ax
        call    gfx_page_offset
        add     di, ax
        pop     dx
        pop     cx
        ret

; gfx_row_fill: AL = character row to fill with colour [bp+L_E] over the
; window columns; CS:BX = mode entry. Pops the caller's BX before returning.
gfx_row_fill:
        mov     [bp + L_J], ax
        mov     al, [bp + L_F]
        mov     [bp + L_K], al
        mov     es, [cs:bx + M_SEG]
        mov     dl, [bp + L_E]
        mov     al, [cs:bx + M_MODEL]
        cmp     al, MM_PLANAR
        jne     .c
        mov     ax, 0x0F01
        call    gc_out
        mov     ah, dl
        and     ah, 0x0F
        xor     al, al
        call    gc_out
        jmp     .go
.c:     cmp     al, MM_CGA2
        jne     .c1
        and     dl, 3
        mov     al, 0x55
        mul     dl
        mov     dl, al
        jmp     .go
.c1:    cmp     al, MM_CGA1
        jne     .go
        and     dl, 1
        neg     dl                      ; 0 or FFh
.go:    xor     cx, cx
.line:  push    cx
        movzx   ax, byte [bp + L_J]
        call    row_line_addr
        call    gfx_bpc
        mov     al, [bp + L_W]
        sub     al, [bp + L_G]
        inc     al
        mul     cl                      ; (8-bit: keeps DL, the fill byte)
        mov     cx, ax
        mov     al, dl
        rep     stosb
        pop     cx
        inc     cx
        cmp     cx, [BDA_CHEIGHT]
        jb      .line
        cmp     byte [cs:bx + M_MODEL], MM_PLANAR
        jne     .r
        call    gc_restore
.r:     pop     bx
        ret

; pixel_addr: CX = x, DX = y, page BH, CS:BX... (mode entry in SI) ->
; ES:DI = byte, CL = bit shift of the pixel's lowest bit, AH = mask.
; Input mode entry in BX; page in [bp+L_K].
pixel_addr:
        mov     es, [cs:bx + M_SEG]
        push    cx
        mov     ax, dx
        call    line_addr
        pop     cx
        mov     al, [cs:bx + M_MODEL]
        cmp     al, MM_PACKED
        je      .packed
        cmp     al, MM_CGA2
        je      .cga2
        ; 1 bit per pixel per plane (planar, CGA 2-colour)
        mov     ax, cx
        shr     ax, 3
        add     di, ax
        and     cl, 7
        neg     cl
        add     cl, 7
        mov     ah, 1
        jmp     .pg
.cga2:  mov     ax, cx
        shr     ax, 2
        add     di, ax
        and     cl, 3
        neg     cl
        add     cl, 3
        add     cl, cl
        mov     ah, 3
        jmp     .pg
.packed:
        add     di, cx
        xor     cl, cl
        mov     ah, 0xFF
.pg:    push    ax
        call    gfx_page_offset
        add     di, ax
        pop     ax
        shl     ah, cl
        ret

; AH=0Ch: write pixel colour AL (bit 7: XOR, not in mode 13h) at column
; CX, row DX of page BH (graphics modes only).
write_pixel:
        call    cur_mode
        jc      .r
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        je      .r
        mov     ah, [bp + R_BH]
        and     ah, 7
        mov     [bp + L_K], ah
        call    pixel_addr              ; AH = mask, CL = shift
        mov     dl, [bp + R_AL]
        mov     al, [cs:bx + M_MODEL]
        cmp     al, MM_PACKED
        je      .packed
        cmp     al, MM_PLANAR
        je      .planar
        ; CGA: colour bits into position
        mov     dh, dl
        and     dl, 3
        cmp     al, MM_CGA2
        je      .c2
        and     dl, 1
.c2:    shl     dl, cl
        mov     al, [es:di]
        test    dh, 0x80
        jnz     .cx
        not     ah
        and     al, ah
        or      al, dl
        mov     [es:di], al
        ret
.cx:    xor     al, dl
        mov     [es:di], al
        ret
.packed:
        mov     [es:di], dl
        ret
.planar:
        mov     al, 8
        call    gc_out                  ; bit mask = this pixel
        mov     ax, 0x0F01
        call    gc_out
        mov     ah, dl
        and     ah, 0x0F
        xor     al, al
        call    gc_out
        xor     ah, ah
        test    dl, 0x80
        jz      .f
        mov     ah, 0x18
.f:     mov     al, 3
        call    gc_out
        mov     al, [es:di]
        mov     [es:di], al
        call    gc_restore
.r:     ret

; AH=0Dh: read pixel at column CX, row DX of page BH -> AL = colour.
read_pixel:
        call    cur_mode
        jc      .r
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        je      .r
        mov     ah, [bp + R_BH]
        and     ah, 7
        mov     [bp + L_K], ah
        call    pixel_addr
        mov     al, [cs:bx + M_MODEL]
        cmp     al, MM_PLANAR
        je      .planar
        mov     al, [es:di]
        and     al, ah
        shr     al, cl
        jmp     .set
.planar:
        xor     dl, dl                  ; colour
        mov     ch, 3                   ; plane
.pl:    push    ax
        mov     al, 4
        mov     ah, ch
        call    gc_out
        pop     ax
        shl     dl, 1
        test    [es:di], ah
        jz      .z
        or      dl, 1
.z:     dec     ch
        jns     .pl
        mov     ax, 0x0004
        call    gc_out
        mov     al, dl
.set:   mov     [bp + R_AL], al
.r:     ret
