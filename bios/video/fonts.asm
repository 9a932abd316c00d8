; fonts.asm - INT 10h AH=11h character generator: load user/ROM fonts into
; the character maps in plane 2 (00h-04h, 10h-14h with the CRTC
; recalculated for the new height), select maps (03h), graphics font
; vectors INT 1Fh/43h (20h-24h), font information (30h).
; IBM VGA TR "Sequencer - Character Map Select", "Loading a character
; font"; IBM BIOS TR INT 10h AH=11h.

; plane2_open: map plane 2 linearly at A000h for the font (sequencer map
; mask 4, sequential addressing; GC read map 2, write mode 0, A000h 64K).
plane2_open:
        push    ax
        push    dx
        mov     dx, 0x3C4
        mov     ax, 0x0100
        out     dx, ax
        mov     ax, 0x0402
        out     dx, ax
        mov     ax, 0x0704
        out     dx, ax
        mov     ax, 0x0300
        out     dx, ax
        mov     dx, 0x3CE
        mov     ax, 0x0204
        out     dx, ax
        mov     ax, 0x0005
        out     dx, ax
        mov     ax, 0x0406
        out     dx, ax
        pop     dx
        pop     ax
        ret

; plane2_close: back to the text-mode mapping (planes 0/1 odd/even at
; B800h, or B000h on a monochrome CRTC).
plane2_close:
        push    ax
        push    dx
        mov     dx, 0x3C4
        mov     ax, 0x0100
        out     dx, ax
        mov     ax, 0x0302
        out     dx, ax
        mov     ax, 0x0304
        out     dx, ax
        mov     ax, 0x0300
        out     dx, ax
        mov     dx, 0x3CE
        mov     ax, 0x0004
        out     dx, ax
        mov     ax, 0x1005
        out     dx, ax
        mov     ax, 0x0E06
        cmp     word [BDA_CRTC], 0x3B4
        jne     .c
        mov     ah, 0x0A
.c:     out     dx, ax
        pop     dx
        pop     ax
        ret

; load_font: DS:SI = glyphs (BH bytes each), CX = count, DX = first
; character, BL = map (0-7; map n is at plane-2 offset (n & 3) * 16K +
; (n >> 2) * 8K), BH = bytes per character (1-32). Each character slot is
; 32 bytes; the bytes beyond BH are cleared. DS must be restored by the
; caller (it is the source segment here). Clobbers AX, CX, SI, DI.
load_font:
        push    es
        push    dx
        call    plane2_open
        push    word 0xA000
        pop     es
        movzx   di, bl
        and     di, 3
        shl     di, 14
        test    bl, 4
        jz      .b
        add     di, 0x2000
.b:     shl     dx, 5
        add     di, dx
        jcxz    .done
.ch:    push    cx
        movzx   cx, bh
        push    di
        rep     movsb
        mov     cl, 32
        sub     cl, bh
        jbe     .full
        xor     al, al
        rep     stosb
.full:  pop     di
        add     di, 32
        pop     cx
        loop    .ch
.done:  push    ds
        push    word BDA_SEG
        pop     ds
        call    plane2_close
        pop     ds
        pop     dx
        pop     es
        ret

; AH=11h dispatcher (AL = subfunction).
font_service:
        mov     si, font_table
.l:     cmp     byte [cs:si], 0xFF
        je      .r
        cmp     [cs:si], al
        je      .f
        add     si, 3
        jmp     .l
.f:     jmp     [cs:si + 1]
.r:     ret
font_table:
        db 0x00
        dw font_user
        db 0x10
        dw font_user
        db 0x01
        dw font_rom
        db 0x11
        dw font_rom
        db 0x02
        dw font_rom
        db 0x12
        dw font_rom
        db 0x04
        dw font_rom
        db 0x14
        dw font_rom
        db 0x03
        dw font_select
        db 0x20
        dw font_int1f
        db 0x21
        dw font_gfx
        db 0x22
        dw font_gfx
        db 0x23
        dw font_gfx
        db 0x24
        dw font_gfx
        db 0x30
        dw font_info
        db 0xFF

; 00h/10h: load CX user characters from ES:BP (caller's), first DX, map
; BL, BH bytes each; 10h also reprograms the character height.
font_user:
        push    ds
        mov     si, [bp + R_BP]
        push    es
        pop     ds
        call    load_font
        pop     ds
        jmp     font_recalc

; 01h/11h (8x14), 02h/12h (8x8), 04h/14h (8x16): load the ROM font into
; map BL.
font_rom:
        mov     cl, al
        and     cl, 0x0F
        mov     si, font8x14
        mov     bh, 14
        cmp     cl, 1
        je      .go
        mov     si, font8x8
        mov     bh, 8
        cmp     cl, 2
        je      .go
        mov     si, font8x16
        mov     bh, 16
.go:    push    ds
        push    cs
        pop     ds
        mov     cx, 256
        xor     dx, dx
        call    load_font
        pop     ds
        ; fall through: 1xh reprogram the CRTC
font_recalc:
        test    byte [bp + R_AL], 0x10
        jz      .r
        call    cur_mode
        jc      .r
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        jne     .r
        ; BH = height (for 00h/10h the caller's BH; ROM loads set it)
        mov     al, [bp + R_AL]
        and     al, 0x0F
        mov     cl, [bp + R_BH]
        cmp     al, 1
        jne     .h8
        mov     cl, 14
.h8:    cmp     al, 2
        jne     .h16
        mov     cl, 8
.h16:   cmp     al, 4
        jne     .hset
        mov     cl, 16
.hset:  and     cl, 0x1F
        jz      .r
        xor     ch, ch
        mov     [BDA_CHEIGHT], cx
        mov     dx, [BDA_CRTC]
        mov     al, 0x09                ; maximum scan line
        out     dx, al
        inc     dx
        in      al, dx
        and     al, 0xE0
        or      al, cl
        dec     al
        out     dx, al
        dec     dx
        ; cursor: the two lines above the bottom
        mov     ah, cl
        sub     ah, 2
        mov     al, 0x0A
        out     dx, ax
        mov     ah, cl
        dec     ah
        mov     al, 0x0B
        out     dx, ax
        ; rows = vertical display end + 1 / height
        mov     al, 0x12
        out     dx, al
        inc     dx
        in      al, dx
        mov     bl, al
        dec     dx
        mov     al, 0x07
        out     dx, al
        inc     dx
        in      al, dx
        mov     bh, 0
        test    al, 0x02
        jz      .v9
        or      bh, 1
.v9:    test    al, 0x40
        jz      .vd
        or      bh, 2
.vd:    mov     ax, bx
        inc     ax
        div     cl
        dec     al
        mov     [BDA_ROWS], al
        ; page size = rows * columns * 2, rounded up to 256 bytes
        inc     al
        mul     byte [BDA_COLS]
        add     ax, ax
        add     ax, 0xFF
        xor     al, al
        mov     [BDA_PAGESIZE], ax
.r:     ret

; 03h: character map select := BL (sequencer register 3).
font_select:
        mov     dx, 0x3C4
        mov     al, 3
        mov     ah, bl
        out     dx, ax
        ret

; 20h: INT 1Fh := ES:BP (upper 128 characters of the 8x8 graphics font).
font_int1f:
        push    ds
        push    word 0
        pop     ds
        mov     ax, [bp + R_BP]
        mov     [0x1F*4], ax
        mov     [0x1F*4+2], es
        pop     ds
        ret

; 21h: INT 43h := ES:BP with CX bytes per character; 22h/23h/24h: the
; ROM 8x14/8x8/8x16 font. BL = rows: 0 = DL, 1 = 14, 2 = 25, 3 = 43.
font_gfx:
        mov     di, [bp + R_BP]
        mov     si, es
        cmp     al, 0x21
        je      .set
        push    cs
        pop     si
        mov     di, font8x14
        mov     cx, 14
        cmp     al, 0x22
        je      .set
        mov     di, font8x8
        mov     cx, 8
        cmp     al, 0x23
        je      .set
        mov     di, font8x16
        mov     cx, 16
.set:   push    ds
        push    word 0
        pop     ds
        mov     [0x43*4], di
        mov     [0x43*4+2], si
        pop     ds
        mov     [BDA_CHEIGHT], cx
        mov     al, dl
        cmp     bl, 0
        je      .rows
        mov     al, 14
        cmp     bl, 1
        je      .rows
        mov     al, 25
        cmp     bl, 2
        je      .rows
        mov     al, 43
.rows:  dec     al
        mov     [BDA_ROWS], al
        ret

; 30h: font information: BH = 0 INT 1Fh, 1 INT 43h, 2 ROM 8x14, 3 ROM
; 8x8, 4 ROM 8x8 upper half, 5 9x14 alternates, 6 ROM 8x16, 7 9x16
; alternates -> ES:BP; CX = character height (40:85), DL = rows - 1.
; This BIOS has no 9-dot alternate glyphs: 5 and 7 point to an empty
; alternates list (a single 00h terminator).
font_info:
        mov     ax, [BDA_CHEIGHT]
        mov     [bp + R_CX], ax
        mov     al, [BDA_ROWS]
        mov     [bp + R_DL], al
        mov     word [bp + R_ES], cs
        cmp     bh, 1
        ja      .rom
        push    ds
        push    word 0
        pop     ds
        mov     si, 0x1F*4
        cmp     bh, 0
        je      .v
        mov     si, 0x43*4
.v:     mov     ax, [si]
        mov     dx, [si + 2]
        pop     ds
        mov     [bp + R_BP], ax
        mov     [bp + R_ES], dx
        ret
.rom:   movzx   si, bh
        cmp     si, 7
        ja      .r
        add     si, si
        mov     ax, [cs:font_ptrs + si - 4]
        mov     [bp + R_BP], ax
.r:     ret
font_ptrs:
        dw      font8x14, font8x8, font8x8 + 128*8, no_alternates, font8x16, no_alternates
no_alternates:
        db      0
