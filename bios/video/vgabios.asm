; vgabios.asm - x86pc's VGA BIOS: an option ROM for the IBM VGA with the
; Bochs VBE extension (PCI 1234:1111, QEMU "stdvga"), providing INT 10h.
;
; Sources for the service contracts: IBM Personal System/2 and Personal
; Computer BIOS Interface Technical Reference (INT 10h, BIOS data area),
; IBM VGA Technical Reference (register values of the video modes), Ralf
; Brown's Interrupt List (INT 10h), VESA BIOS Extension (VBE) Core
; Functions Standard 3.0, PCI Firmware Specification 3.0 (expansion ROM
; header and PCI data structure).
;
; Layout: this file holds the option-ROM header, the initialisation entry
; (far-called at C000:0003 by the system BIOS) and the INT 10h dispatcher;
; each service group is in its own file (%include below).
;
; Register frame: the dispatcher pushes DS, ES and then all 32-bit general
; registers (PUSHAD) and points BP at them; services read their inputs from
; the live registers and return values by writing the frame (R_AX...), so
; everything not documented as an output is preserved. DS = 0040h (BIOS
; data area) on entry to a service.
;
; The code needs a 386 or later (it uses 32-bit registers for VBE and
; MOVZX/PUSHAD); x86pc's default CPU is a P6.

        cpu     386
        bits    16
        org     0

; ---- BIOS data area (segment 0040h) video fields (IBM BIOS TR) ----
BDA_SEG         equ 0x40
BDA_MODE        equ 0x49    ; byte: current video mode
BDA_COLS        equ 0x4A    ; word: character columns
BDA_PAGESIZE    equ 0x4C    ; word: bytes per video page
BDA_PAGESTART   equ 0x4E    ; word: offset of the active page in the video segment
BDA_CURPOS      equ 0x50    ; 8 words: cursor column (low) / row (high) per page
BDA_CURSHAPE    equ 0x60    ; word: cursor end line (low), start line (high)
BDA_PAGE        equ 0x62    ; byte: active display page
BDA_CRTC        equ 0x63    ; word: CRTC index port (3D4h colour, 3B4h mono)
BDA_MODEREG     equ 0x65    ; byte: CGA mode control register value (3x8h)
BDA_CGAPAL      equ 0x66    ; byte: CGA colour select register value (3D9h)
BDA_ROWS        equ 0x84    ; byte: character rows - 1
BDA_CHEIGHT     equ 0x85    ; word: character height in scan lines
BDA_VIDCTL      equ 0x87    ; byte: bit 7 mode set did not clear memory, bit 0
                            ;       cursor emulation disabled, 5-6 memory (11b = 256K)
BDA_SWITCHES    equ 0x88    ; byte: EGA feature bits / switches
BDA_MODESET     equ 0x89    ; byte: VGA flags: bit 0 VGA active, 1 grey summing,
                            ;       2 mono, 3 default palette loading off, 4/7 lines
BDA_DCC         equ 0x8A    ; byte: display combination code index
BDA_SAVEPTR     equ 0xA8    ; dword: video save pointer table

; ---- register frame (after push ds, push es, pushad; BP = SP) ----
R_DI    equ 0
R_SI    equ 4
R_BP    equ 8
R_BX    equ 16
R_BL    equ 16
R_BH    equ 17
R_DX    equ 20
R_DL    equ 20
R_DH    equ 21
R_CX    equ 24
R_CL    equ 24
R_CH    equ 25
R_AX    equ 28
R_AL    equ 28
R_AH    equ 29
R_ES    equ 32
R_DS    equ 34
R_FLAGS equ 40

; ---- service locals below the frame (BP-relative) ----
LOCALS_SIZE equ 32
L_A     equ -2
L_B     equ -4
L_C     equ -6
L_D     equ -8
L_E     equ -10
L_F     equ -12
L_G     equ -14
L_H     equ -16
L_I     equ -18
L_J     equ -20
L_K     equ -22
L_W     equ -30

%define ROM_BLOCKS 64       ; 32 KiB image (fixed up by romfix.py)

; ---- option ROM header (IBM PC/AT TR; PCI Firmware Spec 3.0 5.1) ----
rom_start:
        db      0x55, 0xAA
        db      ROM_BLOCKS          ; length in 512-byte blocks (patched)
        jmp     vga_init            ; C000:0003 entry
        times   0x18 - ($ - rom_start) db 0
        dw      pcir                ; offset of the PCI data structure
        dw      0                   ; (PnP header: none)
        times   0x1E - ($ - rom_start) db 0
        db      'IBM'               ; the IBM VGA BIOS signature at C000:001E,
                                    ; which some programs check
        align   4, db 0
pcir:   db      'PCIR'
        dw      0x1234              ; vendor
        dw      0x1111              ; device
        dw      0                   ; vital product data
        dw      0x18                ; structure length
        db      0                   ; revision
        db      0x00, 0x00, 0x03    ; class code 030000h (VGA-compatible)
        dw      ROM_BLOCKS          ; image length in 512-byte units (patched)
        dw      1                   ; code revision
        db      0                   ; code type: x86 PC-AT
        db      0x80                ; last image
        dw      0

banner: db      'x86pc VGA BIOS (VBE 3.0, Bochs DISPI)', 0

; ---- initialisation: far-called by the system BIOS at C000:0003 ----
; Installs INT 10h, the font vectors 1Fh/43h and the save pointer table,
; fills the BDA video fields and sets mode 03h. Preserves all registers.
vga_init:
        ; This BIOS needs a 386 (32-bit registers, PUSHAD, FS). On an 8086/
        ; 80186 FLAGS bits 12-15 read as 1, on an 80286 in real mode as 0:
        ; then return without installing anything (8086 code up to here).
        pushf
        push    ax
        pushf
        pop     ax
        and     ax, 0x0FFF
        push    ax
        popf
        pushf
        pop     ax
        and     ax, 0xF000
        cmp     ax, 0xF000
        je      .old_cpu
        mov     ax, 0x7000
        push    ax
        popf
        pushf
        pop     ax
        test    ax, 0x7000
        jz      .old_cpu
        pop     ax
        popf
        pushf
        cli
        push    ds
        push    es
        pushad
        xor     ax, ax
        mov     ds, ax
        mov     word [0x10*4], int10_handler
        mov     [0x10*4+2], cs
        mov     word [0x1F*4], font8x8 + 128*8
        mov     [0x1F*4+2], cs
        mov     word [0x43*4], font8x8
        mov     [0x43*4+2], cs
        mov     ax, BDA_SEG
        mov     ds, ax
        mov     word [BDA_SAVEPTR], save_ptr_table
        mov     [BDA_SAVEPTR+2], cs
        mov     byte [BDA_VIDCTL], 0x60     ; 256K, cursor emulation on
        mov     byte [BDA_SWITCHES], 0xF9   ; feature bits/switches: VGA colour
        mov     byte [BDA_MODESET], 0x51    ; VGA active, 400 lines, display switching
        mov     byte [BDA_DCC], 0x0B        ; DCC table entry 0Bh: VGA colour (analog)
        ; equipment word (40:10) bits 4-5: initial video mode 80x25 colour
        and     byte [0x10], 0xCF
        or      byte [0x10], 0x20
        mov     ax, 0x0003
        int     0x10
        popad
        pop     es
        pop     ds
        popf
        retf
.old_cpu:
        pop     ax
        popf
        retf

; ---- INT 10h entry ----
int10_handler:
        sti
        cld
        push    ds
        push    es
        pushad
        mov     bp, sp
        push    word BDA_SEG
        pop     ds
        sub     sp, LOCALS_SIZE     ; service locals at [bp-LOCALS_SIZE..bp-1]
        push    word int10_done     ; the service returns here
        cmp     ah, 0x4F
        je      .vbe
        cmp     ah, FUNC_COUNT
        jae     .none
        movzx   si, ah
        add     si, si
        push    word [cs:functab + si]
        mov     si, [bp + R_SI]
        ret                         ; to the service
.vbe:   mov     si, [bp + R_SI]
        jmp     vbe_dispatch
.none:  ret
int10_done:
        mov     sp, bp
        popad
        pop     es
        pop     ds
        iret

; Services AH = 00h..1Ch (unsupported ones return with nothing changed).
functab:
        dw      set_mode            ; 00
        dw      set_cursor_shape    ; 01
        dw      set_cursor_pos      ; 02
        dw      get_cursor_pos      ; 03
        dw      svc_none            ; 04 light pen (no light pen: AH=0)
        dw      set_page            ; 05
        dw      scroll_up           ; 06
        dw      scroll_down         ; 07
        dw      read_char_attr      ; 08
        dw      write_char_attr     ; 09
        dw      write_char_only     ; 0A
        dw      cga_palette         ; 0B
        dw      write_pixel         ; 0C
        dw      read_pixel          ; 0D
        dw      teletype            ; 0E
        dw      get_mode            ; 0F
        dw      palette_service     ; 10
        dw      font_service        ; 11
        dw      alt_select          ; 12
        dw      write_string        ; 13
        dw      svc_none            ; 14
        dw      svc_none            ; 15
        dw      svc_none            ; 16
        dw      svc_none            ; 17
        dw      svc_none            ; 18
        dw      svc_none            ; 19
        dw      display_combination ; 1A
        dw      func_info           ; 1B
        dw      save_restore        ; 1C
FUNC_COUNT equ ($ - functab) / 2

svc_none:
        cmp     ah, 0x04
        jne     .r
        mov     byte [bp + R_AH], 0     ; light pen not triggered
.r:     ret

; Set the carry flag in the caller's FLAGS / clear it.
set_cf: or      byte [bp + R_FLAGS], 1
        ret
clear_cf:
        and     byte [bp + R_FLAGS], 0xFE
        ret

%include "vgatables.asm"
%include "modeset.asm"
%include "textio.asm"
%include "gfx.asm"
%include "palette.asm"
%include "fonts.asm"
%include "misc.asm"
%include "vbe.asm"

        align   16
font8x8:
%include "font8x8.inc"
font8x14:
%include "font8x14.inc"
font8x16:
%include "font8x16.inc"

rom_end:
        times   ROM_BLOCKS*512 - ($ - rom_start) db 0
