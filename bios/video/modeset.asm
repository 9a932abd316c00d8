; modeset.asm - INT 10h AH=00h set video mode, the register loader, the
; default DAC palettes, video memory clearing and the cursor shape (AH=01h).
; IBM BIOS TR "INT 10h function 00h"; register values in vgatables.asm.

VBE_INDEX       equ 0x1CE
VBE_DATA        equ 0x1CF

; find_mode: AL = mode number -> CS:BX = mode entry, CF = 1 when the mode
; is not a standard VGA mode. Preserves other registers.
find_mode:
        mov     bx, mode_table
.l:     cmp     [cs:bx + M_MODE], al
        je      .found
        add     bx, M_SIZE
        cmp     bx, mode_table_end
        jb      .l
        stc
        ret
.found: clc
        ret

; cur_mode: CS:BX = entry of the current mode (40:49), CF = 1 when none
; (a VBE mode is set). Preserves other registers.
cur_mode:
        push    ax
        mov     al, [BDA_MODE]
        call    find_mode
        pop     ax
        ret

; vbe_disable: switch the Bochs DISPI interface off (back to VGA scan-out).
vbe_disable:
        push    ax
        push    dx
        mov     dx, VBE_INDEX
        mov     ax, 4
        out     dx, ax
        inc     dx
        xor     ax, ax
        out     dx, ax
        pop     dx
        pop     ax
        ret

; AH=00h: set video mode AL (bit 7: do not clear video memory). An unknown
; mode number leaves everything unchanged. Returns AL = 30h for modes
; 00h-05h, 07h and 20h otherwise (as the IBM BIOS does for 6 and >7).
set_mode:
        mov     ah, al
        and     al, 0x7F
        call    find_mode
        jc      .ret
        call    vbe_disable
        mov     al, ah
        and     al, 0x80
        and     byte [BDA_VIDCTL], 0x7F
        or      [BDA_VIDCTL], al
        mov     si, [cs:bx + M_PARAM]
        call    program_regs
        test    byte [BDA_MODESET], 0x08    ; default palette loading disabled?
        jnz     .nopal
        mov     al, [cs:bx + M_PAL]
        call    load_default_dac
        test    byte [BDA_MODESET], 0x02    ; grey-scale summing on?
        jz      .nopal
        push    bx
        xor     bx, bx
        mov     cx, 256
        call    dac_grey
        pop     bx
.nopal:
        ; BIOS data area
        mov     al, [cs:bx + M_MODE]
        mov     [BDA_MODE], al
        movzx   ax, byte [cs:si + P_COLS]
        mov     [BDA_COLS], ax
        mov     ax, [cs:si + P_PAGE]
        mov     [BDA_PAGESIZE], ax
        xor     ax, ax
        mov     [BDA_PAGESTART], ax
        mov     [BDA_PAGE], al
        push    ds
        pop     es
        mov     di, BDA_CURPOS
        mov     cx, 8
        rep     stosw
        mov     ax, 0x3D4
        test    byte [cs:si + P_MISC], 1
        jnz     .colour
        mov     al, 0xB4
.colour:
        mov     [BDA_CRTC], ax
        mov     al, [cs:bx + M_MREG]
        mov     [BDA_MODEREG], al
        mov     al, 0x30
        cmp     byte [cs:bx + M_MODE], 6
        jne     .pal
        mov     al, 0x3F
.pal:   mov     [BDA_CGAPAL], al
        mov     al, [cs:si + P_ROWS]
        mov     [BDA_ROWS], al
        movzx   ax, byte [cs:si + P_CHT]
        mov     [BDA_CHEIGHT], ax
        ; equipment word bits 4-5: 11b monochrome 80x25, 10b colour 80x25
        or      byte [0x10], 0x30
        cmp     byte [cs:bx + M_MODE], 7
        je      .mono
        and     byte [0x10], 0xEF
        and     byte [BDA_VIDCTL], 0xFD
        jmp     .eq
.mono:  or      byte [BDA_VIDCTL], 0x02
.eq:
        test    byte [bp + R_AL], 0x80
        jnz     .noclear
        call    clear_video
.noclear:
        cmp     byte [cs:bx + M_MODEL], MM_TEXT
        jne     .graphics
        ; text: ROM 8x16 font into character generator block 0
        push    bx
        push    ds
        push    cs
        pop     ds
        mov     si, font8x16
        xor     dx, dx
        mov     cx, 256
        mov     bx, 0x1000              ; block 0, 16 bytes per character
        call    load_font
        pop     ds
        pop     bx
        ; cursor type in CGA terms; the CRTC keeps the table's lines
        mov     word [BDA_CURSHAPE], 0x0607
        cmp     byte [cs:bx + M_MODE], 7
        jne     .done
        mov     word [BDA_CURSHAPE], 0x0B0C
        jmp     .done
.graphics:
        mov     word [BDA_CURSHAPE], 0  ; no cursor in graphics modes
        ; INT 43h: the graphics character set of this mode's height
        mov     ax, font8x8
        mov     cl, [cs:bx + M_FONT]
        cmp     cl, 8
        je      .setv
        mov     ax, font8x14
        cmp     cl, 14
        je      .setv
        mov     ax, font8x16
.setv:  push    ds
        push    word 0
        pop     ds
        mov     [0x43*4], ax
        mov     [0x43*4+2], cs
        pop     ds
.done:
        mov     al, 0x30
        mov     ah, [BDA_MODE]
        cmp     ah, 7
        je      .r
        cmp     ah, 6
        jb      .r
        mov     al, 0x20
.r:     mov     [bp + R_AL], al
.ret:   ret

; program_regs: load the VGA registers from the parameter block at CS:SI.
; Sequencer (under synchronous reset with the misc output register), CRTC
; (after clearing the write protect bit of register 11h), attribute
; controller (then video enabled through the palette address source bit),
; graphics controller.
program_regs:
        push    bx
        mov     dx, 0x3C4
        mov     ax, 0x0100              ; synchronous reset
        out     dx, ax
        xor     bx, bx
.seq:   lea     ax, [bx + 1]
        mov     ah, [cs:si + P_SEQ + bx]
        out     dx, ax
        inc     bx
        cmp     bx, 4
        jb      .seq
        mov     dx, 0x3C2
        mov     al, [cs:si + P_MISC]
        out     dx, al
        mov     dx, 0x3C4
        mov     ax, 0x0300              ; end of reset
        out     dx, ax
        mov     dx, 0x3D4
        test    byte [cs:si + P_MISC], 1
        jnz     .crtc
        mov     dl, 0xB4
.crtc:  mov     ax, 0x0011              ; unprotect CRTC 00h-07h
        out     dx, ax
        xor     bx, bx
.cr:    mov     al, bl
        mov     ah, [cs:si + P_CRTC + bx]
        out     dx, ax
        inc     bx
        cmp     bx, 25
        jb      .cr
        add     dl, 6                   ; input status 1: reset the AC flip-flop
        in      al, dx
        mov     dx, 0x3C0
        xor     bx, bx
.ac:    mov     al, bl
        out     dx, al
        mov     al, [cs:si + P_AC + bx]
        out     dx, al
        inc     bx
        cmp     bx, 20
        jb      .ac
        mov     al, 0x14                ; colour select 0
        out     dx, al
        xor     al, al
        out     dx, al
        mov     al, 0x20                ; palette address source: video on
        out     dx, al
        mov     dx, 0x3CE
        xor     bx, bx
.gc:    mov     al, bl
        mov     ah, [cs:si + P_GC + bx]
        out     dx, ax
        inc     bx
        cmp     bx, 9
        jb      .gc
        pop     bx
        ret

; dac_comp: AL = (BL & CH ? 2Ah : 0) + (BL & CL ? 15h : 0) - one 6-bit
; DAC component of the EGA/CGA colour numbering (BL = colour index).
dac_comp:
        xor     al, al
        test    bl, ch
        jz      .a
        add     al, 0x2A
.a:     test    bl, cl
        jz      .b
        add     al, 0x15
.b:     ret

; load_default_dac: AL = palette type (0 monochrome, 1 CGA 16 colours
; repeated, 2 EGA 64 colours, 3 VGA 256 colours): load DAC entries 0-255
; (types 0-2 fill 40h-FFh with black) and set the pixel mask to FFh.
; Preserves all registers but AX.
load_default_dac:
        push    bx
        push    cx
        push    dx
        push    si
        mov     ah, al
        mov     dx, 0x3C6
        mov     al, 0xFF
        out     dx, al
        mov     dx, 0x3C8
        xor     al, al
        out     dx, al
        inc     dx
        cmp     ah, 3
        je      .vga
        xor     bx, bx
.l:     cmp     ah, 0
        jne     .c1
        mov     cx, 0x0810              ; grey: 2Ah for bit 3, 15h for bit 4
        call    dac_comp
        out     dx, al
        out     dx, al
        out     dx, al
        jmp     .next
.c1:    cmp     ah, 1
        jne     .c2
        mov     cx, 0x0410              ; red
        call    dac_comp
        out     dx, al
        mov     cx, 0x0210              ; green (brown: 15h for colour 6)
        mov     al, bl
        and     al, 0x17
        cmp     al, 6                   ; (not for intensified 16h: yellow)
        jne     .g
        mov     ch, 0
        call    dac_comp
        add     al, 0x15
        jmp     .g2
.g:     call    dac_comp
.g2:    out     dx, al
        mov     cx, 0x0110              ; blue
        call    dac_comp
        out     dx, al
        jmp     .next
.c2:    mov     cx, 0x0420              ; rgbRGB
        call    dac_comp
        out     dx, al
        mov     cx, 0x0210
        call    dac_comp
        out     dx, al
        mov     cx, 0x0108
        call    dac_comp
        out     dx, al
.next:  inc     bx
        cmp     bx, 64
        jb      .l
        mov     cx, 192*3
        xor     al, al
.z:     out     dx, al
        loop    .z
        jmp     .done
.vga:   push    ds
        push    cs
        pop     ds
        mov     si, pal256
        mov     cx, 256*3
        rep     outsb
        pop     ds
.done:  pop     si
        pop     dx
        pop     cx
        pop     bx
        ret

; clear_video: clear the video memory of the mode at CS:BX (text: blanks
; with attribute 07h in 32 KiB; CGA: 16 KiB of zeros; planar/256-colour:
; 64 KiB in all four planes).
clear_video:
        push    es
        mov     es, [cs:bx + M_SEG]
        xor     di, di
        mov     al, [cs:bx + M_MODEL]
        cmp     al, MM_TEXT
        jne     .g
        mov     ax, 0x0720
        mov     cx, 0x4000
        jmp     .fill
.g:     cmp     al, MM_PLANAR
        jae     .vga
        xor     ax, ax
        mov     cx, 0x2000
        jmp     .fill
.vga:   mov     dx, 0x3C4
        mov     ax, 0x0F02              ; map mask: all planes
        out     dx, ax
        xor     ax, ax
        mov     cx, 0x8000
.fill:  rep     stosw
        ; restore the mode's map mask
        mov     si, [cs:bx + M_PARAM]
        mov     dx, 0x3C4
        mov     al, 2
        mov     ah, [cs:si + P_SEQ + 1]
        out     dx, ax
        pop     es
        ret

; AH=01h: set cursor shape CH = start line (bit 5: cursor off), CL = end
; line. Stored in 40:60; with cursor emulation on (40:87 bit 0 = 0) a
; shape given for an 8-line cell is scaled to the character height.
set_cursor_shape:
cursor_shape:
        mov     [BDA_CURSHAPE], cx
        mov     ax, cx
        test    byte [BDA_VIDCTL], 1
        jnz     .set
        mov     bl, [BDA_CHEIGHT]
        cmp     bl, 8
        jbe     .set
        cmp     cl, 8
        jae     .set
        cmp     ch, 0x20
        jae     .set
        ; end' = (end + 1) * h / 8 - 1; start' per the IBM rules
        mov     al, cl
        inc     al
        mul     bl
        shr     ax, 3
        dec     ax
        mov     dl, al                  ; new end
        mov     al, ch
        inc     al
        cmp     cl, al                  ; end == start + 1 ?
        jne     .s1
        mov     al, cl
        inc     al
        mul     bl
        shr     ax, 3
        sub     al, 2
        jmp     .s2
.s1:    mul     bl
        shr     ax, 3
        dec     al
.s2:    mov     ah, al
        mov     al, dl
.set:   mov     dx, [BDA_CRTC]
        mov     bh, al
        mov     al, 0x0A
        out     dx, ax
        mov     al, 0x0B
        mov     ah, bh
        out     dx, ax
        ret
