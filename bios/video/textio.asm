; textio.asm - cursor position (02h/03h), page select (05h), scrolling
; (06h/07h), character output (09h/0Ah), teletype (0Eh), get mode (0Fh)
; and write string (13h). IBM BIOS TR INT 10h; Ralf Brown's list.
; Graphics-mode drawing helpers are in gfx.asm.

; page_offset: BH = page -> AX = byte offset of the page in the video
; segment (page * 40:4C). Preserves other registers.
page_offset:
        push    dx
        movzx   ax, bh
        and     al, 7
        mul     word [BDA_PAGESIZE]
        pop     dx
        ret

; crtc_write16: write AX to the CRTC register pair CL (high byte), CL+1
; (low byte) - the start address and cursor location registers.
crtc_write16:
        push    dx
        push    bx
        mov     bx, ax
        mov     dx, [BDA_CRTC]
        mov     al, cl
        mov     ah, bh
        out     dx, ax
        mov     al, cl
        inc     al
        mov     ah, bl
        out     dx, ax
        pop     bx
        pop     dx
        ret

; hw_cursor: program the CRTC cursor location from the BDA position of
; page BH (text modes; harmless in graphics modes).
hw_cursor:
        push    ax
        push    cx
        push    dx
        movzx   si, bh
        and     si, 7
        add     si, si
        mov     dx, [BDA_CURPOS + si]
        movzx   ax, dh
        mul     byte [BDA_COLS]
        xor     dh, dh
        add     ax, dx
        mov     dx, ax
        call    page_offset
        shr     ax, 1
        add     ax, dx
        mov     cl, 0x0E
        call    crtc_write16
        pop     dx
        pop     cx
        pop     ax
        ret

; AH=02h: set cursor position DH = row, DL = column on page BH.
set_cursor_pos:
        movzx   si, bh
        and     si, 7
        add     si, si
        mov     [BDA_CURPOS + si], dx
        cmp     bh, [BDA_PAGE]
        jne     .r
        call    hw_cursor
.r:     ret

; AH=03h: get cursor position and shape of page BH: DH/DL = row/column,
; CH/CL = start/end line (40:60).
get_cursor_pos:
        movzx   si, bh
        and     si, 7
        add     si, si
        mov     ax, [BDA_CURPOS + si]
        mov     [bp + R_DX], ax
        mov     ax, [BDA_CURSHAPE]
        mov     [bp + R_CX], ax
        ret

; AH=05h: select active display page AL (0-7): 40:62, 40:4E and the CRTC
; start address, then the hardware cursor of that page.
set_page:
        call    cur_mode
        jc      .r
        mov     cl, [cs:bx + M_MODEL]
        mov     bh, al
        and     bh, 7
        mov     [BDA_PAGE], bh
        call    page_offset
        mov     [BDA_PAGESTART], ax
        cmp     cl, MM_PLANAR
        je      .bytes
        shr     ax, 1                   ; word (text/CGA) addressing
.bytes: mov     cl, 0x0C
        call    crtc_write16
        mov     bh, [BDA_PAGE]
        call    hw_cursor
.r:     ret

; AH=0Fh: get video mode: AL = mode (with bit 7 from 40:87), AH = columns,
; BH = active page.
get_mode:
        mov     al, [BDA_VIDCTL]
        and     al, 0x80
        or      al, [BDA_MODE]
        mov     ah, [BDA_COLS]
        mov     [bp + R_AX], ax
        mov     al, [BDA_PAGE]
        mov     [bp + R_BH], al
        ret

; ---- character output ----

; put_char: write character AL CX times from row DH column DL of page BH.
; BL = attribute (text, written only when AH = 1) or colour (graphics;
; bit 7 XORs). Does not move the cursor; clips at the end of the row in
; graphics modes (as the IBM BIOS does) and at the end of the page in
; text modes. Clobbers AX, BX, CX, DX, SI, DI, ES.
put_char:
        call    cur_mode
        jc      .r
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        jne     gfx_put_char            ; BX = mode entry, args in the frame-free regs
        mov     es, [cs:bx + M_SEG]
        mov     bx, [bp + L_A]          ; caller's BX saved in L_A
        push    ax
        call    page_offset
        mov     di, ax
        movzx   ax, dh
        mul     byte [BDA_COLS]
        xor     dh, dh
        add     ax, dx
        add     ax, ax
        add     di, ax
        pop     ax
        jcxz    .r
        cmp     ah, 1
        jne     .conly
        mov     ah, bl
        rep     stosw
        ret
.conly: stosb
        inc     di
        loop    .conly
.r:     ret

; AH=09h: write character AL with attribute BL, CX times, at the cursor of
; page BH. AH=0Ah: the same without changing attributes.
write_char_attr:
        mov     ah, 1
        jmp     wca
write_char_only:
        mov     ah, 0
wca:    mov     [bp + L_A], bx
        movzx   si, bh
        and     si, 7
        add     si, si
        mov     dx, [BDA_CURPOS + si]
        jmp     put_char

; AH=08h: read character and attribute at the cursor of page BH:
; AL = character, AH = attribute (0 in graphics modes, where the
; character is recognised by comparing the cell with the font).
read_char_attr:
        movzx   si, bh
        and     si, 7
        add     si, si
        mov     dx, [BDA_CURPOS + si]
        call    cur_mode
        jc      .r
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        jne     gfx_read_char
        mov     es, [cs:bx + M_SEG]
        mov     bh, [bp + R_BH]
        call    page_offset
        mov     di, ax
        movzx   ax, dh
        mul     byte [BDA_COLS]
        xor     dh, dh
        add     ax, dx
        add     ax, ax
        add     di, ax
        mov     ax, [es:di]
        mov     [bp + R_AX], ax
.r:     ret

; tty_out: teletype character AL on page BH at its cursor, attribute BL
; (text: written when AH = 1, else kept; graphics: colour BL). Handles BEL
; (07h), BS (08h), LF (0Ah), CR (0Dh), wraps at the end of a row and
; scrolls the page up when the cursor passes the last row (new line
; with the attribute of the character at the cursor in text modes, 0 in
; graphics). Updates 40:50 and the hardware cursor.
tty_out:
        mov     [bp + L_A], bx
        mov     [bp + L_B], ax
        movzx   si, bh
        and     si, 7
        add     si, si
        mov     [bp + L_C], si
        mov     dx, [BDA_CURPOS + si]
        cmp     al, 0x07
        je      .bell
        cmp     al, 0x08
        je      .bs
        cmp     al, 0x0A
        je      .lf
        cmp     al, 0x0D
        je      .cr
        mov     cx, 1
        call    put_char
        mov     si, [bp + L_C]
        mov     dx, [BDA_CURPOS + si]
        inc     dl
        cmp     dl, [BDA_COLS]
        jb      .store
        xor     dl, dl
.lf:    inc     dh
        cmp     dh, [BDA_ROWS]
        jbe     .store
        mov     dh, [BDA_ROWS]
        mov     [BDA_CURPOS + si], dx
        call    tty_scroll
        jmp     .cur
.cr:    xor     dl, dl
        jmp     .store
.bs:    or      dl, dl
        jz      .store
        dec     dl
        jmp     .store
.bell:  call    beep
        ret
.store: mov     si, [bp + L_C]
        mov     [BDA_CURPOS + si], dx
.cur:   mov     bx, [bp + L_A]
        cmp     bh, [BDA_PAGE]
        jne     .r
        call    hw_cursor
.r:     ret

; tty_scroll: scroll page BH ([bp+L_A] high byte) up one line for the
; teletype (the cursor is on the last row).
tty_scroll:
        call    cur_mode
        jc      .r
        mov     es, [cs:bx + M_SEG]
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        mov     bh, 0                   ; graphics: fill with colour 0
        jne     .go
        ; text: attribute of the character at the cursor
        mov     bx, [bp + L_A]
        call    page_offset
        mov     di, ax
        mov     si, [bp + L_C]
        mov     dx, [BDA_CURPOS + si]
        movzx   ax, dh
        mul     byte [BDA_COLS]
        xor     dh, dh
        add     ax, dx
        add     ax, ax
        add     di, ax
        mov     bh, [es:di + 1]
.go:    mov     al, 1
        xor     cx, cx
        mov     dh, [BDA_ROWS]
        mov     dl, [BDA_COLS]
        dec     dl
        mov     bl, [bp + L_A + 1]      ; page
        call    scroll_window
.r:     ret

; beep: sound the speaker at about 896 Hz for about 1/8 s (PIT channel 2,
; port 61h; the time is counted with the refresh toggle, bit 4 of 61h,
; which flips every 15.085 us).
beep:
        push    ax
        push    cx
        mov     al, 0xB6
        out     0x43, al
        mov     ax, 1331                ; 1193182 / 896
        out     0x42, al
        mov     al, ah
        out     0x42, al
        in      al, 0x61
        push    ax
        or      al, 3
        out     0x61, al
        mov     cx, 8286                ; 125 ms / 15.085 us
.w:     in      al, 0x61
        and     al, 0x10
        mov     ah, al
.t:     in      al, 0x61
        and     al, 0x10
        cmp     al, ah
        je      .t
        loop    .w
        pop     ax
        out     0x61, al
        pop     cx
        pop     ax
        ret

; AH=0Eh: teletype output AL on the active page, BL = foreground colour in
; graphics modes.
teletype:
        mov     bh, [BDA_PAGE]
        xor     ah, ah
        jmp     tty_out

; AH=13h: write string ES:BP (caller's), CX characters, at row DH column
; DL of page BH. AL bit 0: leave the cursor after the string; bit 1: the
; string alternates characters and attributes (else attribute BL).
; Control characters are interpreted as by the teletype.
write_string:
        movzx   si, bh
        and     si, 7
        add     si, si
        push    word [BDA_CURPOS + si]  ; original cursor
        mov     [BDA_CURPOS + si], dx
        mov     si, [bp + R_BP]
        mov     [bp + L_D], si          ; string pointer
        mov     [bp + L_I], cx          ; characters left
.l:     cmp     word [bp + L_I], 0
        je      .end
        dec     word [bp + L_I]
        mov     es, [bp + R_ES]
        mov     si, [bp + L_D]
        mov     al, [es:si]
        inc     si
        mov     bl, [bp + R_BL]
        test    byte [bp + R_AL], 2
        jz      .noattr
        mov     bl, [es:si]
        inc     si
.noattr:
        mov     [bp + L_D], si
        mov     bh, [bp + R_BH]
        mov     ah, 1
        call    tty_out
        jmp     .l
.end:   pop     ax                      ; original cursor
        test    byte [bp + R_AL], 1
        jnz     .keep
        movzx   si, byte [bp + R_BH]
        and     si, 7
        add     si, si
        mov     [BDA_CURPOS + si], ax
        mov     bh, [bp + R_BH]
        cmp     bh, [BDA_PAGE]
        jne     .keep
        call    hw_cursor
.keep:  ret

; ---- scrolling ----

; AH=06h/07h: scroll the window CH,CL (top row, left column) - DH,DL
; (bottom row, right column) of the active page up/down by AL lines (0:
; clear it), filling with attribute (text) or colour (graphics) BH.
scroll_up:
        mov     bl, [BDA_PAGE]
        jmp     scroll_window
scroll_down:
        mov     bl, [BDA_PAGE]
        or      al, al
        jz      scroll_window
        neg     al
        or      al, 0x80
        ; fall through with AL = -n (bit 7 set: down)

; scroll_window: AL = lines (0 clear, 1..7Fh up, 80h..FFh = -lines down),
; BH = fill attribute/colour, BL = page, CX = top-left, DX = bottom-right.
; Coordinates are clipped to the screen. Locals: L_E = fill, L_F = page,
; L_G = window, L_H = lines/direction.
scroll_window:
        cmp     dh, [BDA_ROWS]
        jbe     .r1
        mov     dh, [BDA_ROWS]
.r1:    mov     ah, [BDA_COLS]
        dec     ah
        cmp     dl, ah
        jbe     .c1
        mov     dl, ah
.c1:    cmp     ch, dh
        ja      .ret
        cmp     cl, dl
        ja      .ret
        mov     [bp + L_E], bh
        mov     [bp + L_F], bl
        xor     ah, ah                  ; AH = 0 up, 1 down
        test    al, 0x80
        jz      .up
        neg     al
        inc     ah
.up:    mov     bl, dh
        sub     bl, ch
        inc     bl                      ; window height
        or      al, al
        jz      .all
        cmp     al, bl
        jbe     .n
.all:   mov     al, bl
.n:     mov     [bp + L_H], ax
        mov     [bp + L_G], cx
        mov     [bp + L_W], dx     ; window bottom-right
        or      ah, ah
        jnz     .down
        ; up: rows top .. bottom-n copy from +n, then fill the last n
        mov     bl, ch                  ; destination row
.uc:    mov     bh, bl
        add     bh, al
        cmp     bh, dh
        ja      .ufill
        call    row_copy                ; row BH -> row BL
        mov     ax, [bp + L_H]
        mov     dx, [bp + L_W]
        inc     bl
        jmp     .uc
.ufill: cmp     bl, dh
        ja      .ret
        call    row_fill
        mov     dx, [bp + L_W]
        inc     bl
        jmp     .ufill
.down:  mov     bl, dh                  ; destination row, from the bottom
.dc:    mov     bh, bl
        sub     bh, al
        jc      .dfill
        cmp     bh, ch
        jb      .dfill
        call    row_copy
        mov     ax, [bp + L_H]
        mov     cx, [bp + L_G]
        dec     bl
        jmp     .dc
.dfill: mov     cx, [bp + L_G]
        cmp     bl, ch
        jb      .ret
        cmp     bl, 0xFF
        je      .ret
        call    row_fill
        mov     cx, [bp + L_G]
        dec     bl
        jmp     .dfill
.ret:   ret

; row_copy: copy character row BH to row BL over the window columns
; ([bp+L_G] low = left, [bp+L_G-16] low = right) on page [bp+L_F].
; Preserves BX; clobbers AX, CX, DX, SI, DI, ES.
row_copy:
        push    bx
        call    cur_mode
        jc      .r
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        jne     .g
        mov     es, [cs:bx + M_SEG]
        pop     bx
        push    bx
        mov     al, bh
        call    text_cell_addr
        mov     si, di
        mov     al, bl
        call    text_cell_addr
        call    win_width
        push    ds
        push    es
        pop     ds
        rep     movsw
        pop     ds
.r:     pop     bx
        ret
.g:     mov     ax, [bp - 2 - 2]        ; (unused slot)
        pop     ax                      ; AX = rows (AH src, AL dst)
        push    ax
        jmp     gfx_row_copy            ; returns through .r-equivalent

; row_fill: fill character row BL over the window columns with the fill
; attribute/colour [bp+L_E]. Preserves BX.
row_fill:
        push    bx
        call    cur_mode
        jc      .r
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        jne     .g
        mov     es, [cs:bx + M_SEG]
        pop     bx
        push    bx
        mov     al, bl
        call    text_cell_addr
        call    win_width
        mov     ah, [bp + L_E]
        mov     al, ' '
        rep     stosw
.r:     pop     bx
        ret
.g:     pop     ax
        push    ax
        jmp     gfx_row_fill

; text_cell_addr: AL = row -> DI = offset of (row, window left column) on
; page [bp+L_F]. Preserves BX, SI.
text_cell_addr:
        push    bx
        mul     byte [BDA_COLS]
        movzx   di, byte [bp + L_G]     ; left column
        add     di, ax
        add     di, di
        mov     bh, [bp + L_F]
        call    page_offset
        add     di, ax
        pop     bx
        ret

; win_width: CX = window width in columns.
win_width:
        movzx   cx, byte [bp + L_W]
        sub     cl, [bp + L_G]
        inc     cx
        ret
