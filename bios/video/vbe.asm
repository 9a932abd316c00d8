; vbe.asm - VESA BIOS Extension 3.0 core functions 4F00h-4F0Ah on the Bochs
; VBE "DISPI" interface (ports 1CEh/1CFh, see devices/vga.h), with the
; linear framebuffer at BAR0 of the PCI function 1234:1111.
; VESA BIOS Extension (VBE) Core Functions Standard, Version 3.0.
;
; Returns AX = 004Fh on success, 014Fh on failure (and for 4F0Ah: this
; BIOS provides no protected-mode interface; callers use the real-mode
; functions or the linear framebuffer).

VBE_DISPI_XRES   equ 1
VBE_DISPI_YRES   equ 2
VBE_DISPI_BPP    equ 3
VBE_DISPI_ENABLE equ 4
VBE_DISPI_BANK   equ 5
VBE_DISPI_VIRTW  equ 6
VBE_DISPI_VIRTH  equ 7
VBE_DISPI_XOFF   equ 8
VBE_DISPI_YOFF   equ 9

; VBE mode list: number, width, height, bits per pixel (packed pixel for
; 8, direct colour for 15/16/24/32). Numbers 100h-11Bh are the VESA
; standard ones; 140h+ follow Bochs/SeaBIOS for 32 bpp and wide modes.
%macro vbemode 4
        dw      %1, %2, %3
        db      %4, 0
%endmacro
vbe_modes:
        vbemode 0x100,  640,  400,  8
        vbemode 0x101,  640,  480,  8
        vbemode 0x103,  800,  600,  8
        vbemode 0x105, 1024,  768,  8
        vbemode 0x107, 1280, 1024,  8
        vbemode 0x10D,  320,  200, 15
        vbemode 0x10E,  320,  200, 16
        vbemode 0x10F,  320,  200, 24
        vbemode 0x110,  640,  480, 15
        vbemode 0x111,  640,  480, 16
        vbemode 0x112,  640,  480, 24
        vbemode 0x113,  800,  600, 15
        vbemode 0x114,  800,  600, 16
        vbemode 0x115,  800,  600, 24
        vbemode 0x116, 1024,  768, 15
        vbemode 0x117, 1024,  768, 16
        vbemode 0x118, 1024,  768, 24
        vbemode 0x119, 1280, 1024, 15
        vbemode 0x11A, 1280, 1024, 16
        vbemode 0x11B, 1280, 1024, 24
        vbemode 0x140,  320,  200, 32
        vbemode 0x141,  640,  400, 32
        vbemode 0x142,  640,  480, 32
        vbemode 0x143,  800,  600, 32
        vbemode 0x144, 1024,  768, 32
        vbemode 0x145, 1280, 1024, 32
        vbemode 0x146,  320,  200,  8
        vbemode 0x147, 1600, 1200, 32
        vbemode 0x148, 1152,  864,  8
        vbemode 0x149, 1152,  864, 15
        vbemode 0x14A, 1152,  864, 16
        vbemode 0x14B, 1152,  864, 24
        vbemode 0x14C, 1152,  864, 32
        vbemode 0x175, 1280,  768, 16
        vbemode 0x176, 1280,  768, 24
        vbemode 0x177, 1280,  768, 32
        vbemode 0x178, 1280,  800, 16
        vbemode 0x179, 1280,  800, 24
        vbemode 0x17A, 1280,  800, 32
        vbemode 0x17B, 1280,  960, 16
        vbemode 0x17C, 1280,  960, 24
        vbemode 0x17D, 1280,  960, 32
        vbemode 0x17E, 1440,  900, 16
        vbemode 0x17F, 1440,  900, 24
        vbemode 0x180, 1440,  900, 32
        vbemode 0x181, 1400, 1050, 16
        vbemode 0x182, 1400, 1050, 24
        vbemode 0x183, 1400, 1050, 32
        vbemode 0x184, 1680, 1050, 16
        vbemode 0x185, 1680, 1050, 24
        vbemode 0x186, 1680, 1050, 32
        vbemode 0x187, 1920, 1200, 16
        vbemode 0x188, 1920, 1200, 24
        vbemode 0x189, 1920, 1200, 32
        vbemode 0x18A, 2560, 1600, 16
        vbemode 0x18B, 2560, 1600, 24
        vbemode 0x18C, 2560, 1600, 32
        vbemode 0x18D, 1280,  720, 16
        vbemode 0x18E, 1280,  720, 24
        vbemode 0x18F, 1280,  720, 32
        vbemode 0x190, 1920, 1080, 16
        vbemode 0x191, 1920, 1080, 24
        vbemode 0x192, 1920, 1080, 32
vbe_modes_end:
VM_SIZE equ 8

vbe_oem:     db 'x86pc VGA BIOS', 0
vbe_vendor:  db 'x86pc', 0
vbe_product: db 'Bochs VBE (stdvga)', 0
vbe_rev:     db '1.0', 0

; dispi_read: AX := DISPI register AX. dispi_write: register AX := BX...
; (register index in AL, value in DX for writes). Preserve other registers.
dispi_read:
        push    dx
        mov     dx, VBE_INDEX
        out     dx, ax
        inc     dx
        in      ax, dx
        pop     dx
        ret
dispi_write:                            ; AX = index, DX = value
        push    dx
        push    dx
        mov     dx, VBE_INDEX
        out     dx, ax
        inc     dx
        pop     ax
        out     dx, ax
        pop     dx
        ret

; vbe_find: AX = mode number (bits 0-8) -> CS:SI = entry, CF = 1 if none.
vbe_find:
        and     ax, 0x1FF
        mov     si, vbe_modes
.l:     cmp     [cs:si], ax
        je      .f
        add     si, VM_SIZE
        cmp     si, vbe_modes_end
        jb      .l
        stc
        ret
.f:     clc
        ret

; vbe_bpl: CS:SI = mode entry -> AX = bytes per scan line.
vbe_bpl:
        push    dx
        mov     al, [cs:si + 6]
        add     al, 7
        shr     al, 3
        xor     ah, ah
        mul     word [cs:si + 2]
        pop     dx
        ret

; lfb_address: EAX = BAR0 of the first PCI function 1234:1111 on bus 0
; (configuration mechanism #1, ports CF8h/CFCh), or E0000000h if none.
lfb_address:
        push    ebx
        push    dx
        mov     ebx, 0x80000000
.dev:   mov     eax, ebx
        mov     dx, 0xCF8
        out     dx, eax
        mov     dl, 0xFC
        in      eax, dx
        cmp     eax, 0x11111234
        je      .found
        add     ebx, 0x100              ; next function
        cmp     ebx, 0x80010000
        jb      .dev
        mov     eax, 0xE0000000
        jmp     .r
.found: lea     eax, [ebx + 0x10]
        mov     dx, 0xCF8
        out     dx, eax
        mov     dl, 0xFC
        in      eax, dx
        and     al, 0xF0
.r:     pop     dx
        pop     ebx
        ret

vbe_dispatch:
        cmp     al, 0x0A
        ja      vbe_fail
        movzx   si, al
        add     si, si
        jmp     [cs:vbe_table + si]
vbe_table:
        dw      vbe_info, vbe_mode_info, vbe_set_mode, vbe_get_mode
        dw      vbe_state, vbe_window, vbe_scanline, vbe_display_start
        dw      vbe_dac_width, vbe_palette, vbe_fail
vbe_fail:
        mov     word [bp + R_AX], 0x014F
        ret
vbe_ok: mov     word [bp + R_AX], 0x004F
        ret

; 4F00h: controller information to ES:DI (512 bytes when the caller put
; 'VBE2' in the signature field, else the 256-byte VBE 1.x block).
vbe_info:
        mov     ebx, [es:di]
        push    di
        mov     cx, 256
        cmp     ebx, 'VBE2'             ; 'VBE2' (bytes V, B, E, 2)
        jne     .z
        mov     cx, 512
.z:     xor     al, al
        rep     stosb
        pop     di
        mov     dword [es:di], 'VESA'
        mov     word [es:di + 4], 0x0300
        mov     word [es:di + 6], vbe_oem
        mov     [es:di + 8], cs
        mov     dword [es:di + 10], 1   ; DAC switchable to 8 bits
        ; the mode list is built in the caller's buffer (reserved area at
        ; +22h) so that it can be filtered; ROM data is read-only
        lea     ax, [di + 0x22]
        mov     [es:di + 14], ax
        mov     [es:di + 16], es
        mov     ax, VBE_VRAM_64K
        mov     [es:di + 18], ax
        push    di
        add     di, 0x22
        mov     si, vbe_modes
.m:     mov     ax, [cs:si]
        stosw
        add     si, VM_SIZE
        cmp     si, vbe_modes_end
        jb      .m
        mov     ax, 0xFFFF
        stosw
        pop     di
        cmp     ebx, 'VBE2'
        jne     vbe_ok
        ; VBE 2.0+: the mode list goes to the OEM data area (+100h) instead,
        ; so the reserved area stays as the standard describes
        push    di
        lea     si, [di + 0x22]
        add     di, 0x100
        mov     [es:di - 0x100 + 14], di
        push    ds
        push    es
        pop     ds
        mov     cx, (vbe_modes_end - vbe_modes) / VM_SIZE + 1
        rep     movsw
        pop     ds
        pop     di
        push    di
        add     di, 0x22
        mov     cx, 222
        xor     al, al
        rep     stosb
        pop     di
        mov     word [es:di + 20], 0x0001       ; OEM software revision
        mov     word [es:di + 22], vbe_vendor
        mov     [es:di + 24], cs
        mov     word [es:di + 26], vbe_product
        mov     [es:di + 28], cs
        mov     word [es:di + 30], vbe_rev
        mov     [es:di + 32], cs
        jmp     vbe_ok
VBE_VRAM_64K equ 256                    ; 16 MiB in 64 KiB units (vga.h)

; 4F01h: mode information for CX to ES:DI (256 bytes).
vbe_mode_info:
        mov     ax, cx
        call    vbe_find
        jc      vbe_fail
        push    di
        mov     cx, 128
        xor     ax, ax
        rep     stosw
        pop     di
        mov     word [es:di], 0x009B    ; supported, colour, graphics, LFB, info
        mov     word [es:di + 2], 0x0007        ; window A: exists, R/W
        mov     word [es:di + 4], 64    ; granularity KB
        mov     word [es:di + 6], 64    ; window size KB
        mov     word [es:di + 8], 0xA000
        mov     word [es:di + 0x0C], vbe_win_func
        mov     [es:di + 0x0E], cs
        call    vbe_bpl
        mov     [es:di + 0x10], ax
        mov     [es:di + 0x32], ax      ; LinBytesPerScanLine
        mov     bx, ax
        mov     ax, [cs:si + 2]
        mov     [es:di + 0x12], ax
        mov     ax, [cs:si + 4]
        mov     [es:di + 0x14], ax
        mov     word [es:di + 0x16], 0x1008     ; 8x16 character cell
        mov     byte [es:di + 0x18], 1  ; planes
        mov     al, [cs:si + 6]
        mov     [es:di + 0x19], al
        mov     byte [es:di + 0x1A], 1  ; banks
        mov     byte [es:di + 0x1E], 1
        ; image pages: 16 MiB / (bytes per line * height) - 1, at most 255
        push    eax
        movzx   eax, bx
        movzx   ecx, word [cs:si + 4]
        mul     ecx
        mov     ecx, eax
        mov     eax, VBE_VRAM_64K * 0x10000
        xor     edx, edx
        div     ecx
        dec     eax
        cmp     eax, 255
        jbe     .p
        mov     al, 255
.p:     mov     [es:di + 0x1D], al
        mov     [es:di + 0x34], al
        mov     [es:di + 0x35], al
        pop     eax
        ; memory model and colour masks
        mov     al, [cs:si + 6]
        mov     byte [es:di + 0x1B], 4  ; packed pixel
        cmp     al, 8
        je      .lfb
        mov     byte [es:di + 0x1B], 6  ; direct colour
        mov     bx, .m15
        cmp     al, 15
        je      .masks
        mov     bx, .m16
        cmp     al, 16
        je      .masks
        mov     bx, .m24
        cmp     al, 24
        je      .masks
        mov     bx, .m32
.masks: mov     eax, [cs:bx]
        mov     [es:di + 0x1F], eax
        mov     [es:di + 0x36], eax
        mov     eax, [cs:bx + 4]
        mov     [es:di + 0x23], eax
        mov     [es:di + 0x3A], eax
        mov     byte [es:di + 0x27], 0
.lfb:   call    lfb_address
        mov     [es:di + 0x28], eax
        jmp     vbe_ok
; red size/position, green size/position, blue, reserved
.m15:   db      5, 10, 5, 5, 5, 0, 1, 15
.m16:   db      5, 11, 6, 5, 5, 0, 0, 0
.m24:   db      8, 16, 8, 8, 8, 0, 0, 0
.m32:   db      8, 16, 8, 8, 8, 0, 8, 24

; 4F02h: set mode BX (bits 0-8 mode, bit 14 linear framebuffer, bit 15
; keep video memory). Modes below 100h are the VGA modes (AH=00h).
vbe_set_mode:
        mov     ax, bx
        and     ax, 0x1FF
        cmp     ax, 0x100
        jae     .vbe
        test    bh, 0x80
        jz      .std
        or      al, 0x80
.std:   mov     [bp + R_AL], al
        call    set_mode
        jmp     vbe_ok
.vbe:   call    vbe_find
        jc      vbe_fail
        cmp     byte [cs:si + 6], 8
        jne     .nopal
        mov     al, 3
        call    load_default_dac
.nopal: mov     ax, VBE_DISPI_ENABLE
        xor     dx, dx
        call    dispi_write
        mov     al, VBE_DISPI_BPP
        movzx   dx, byte [cs:si + 6]
        call    dispi_write
        mov     al, VBE_DISPI_XRES
        mov     dx, [cs:si + 2]
        call    dispi_write
        mov     al, VBE_DISPI_YRES
        mov     dx, [cs:si + 4]
        call    dispi_write
        mov     al, VBE_DISPI_BANK
        xor     dx, dx
        call    dispi_write
        mov     dx, 0x01                ; enabled
        test    bh, 0x40
        jz      .nl
        or      dl, 0x40                ; linear framebuffer
.nl:    test    bh, 0x80
        jz      .nc
        or      dl, 0x80                ; do not clear
.nc:    mov     al, VBE_DISPI_ENABLE
        call    dispi_write
        ; BIOS data: no standard mode; text geometry of an 8x16 cell
        mov     byte [BDA_MODE], 0xFF
        mov     ax, [cs:si + 2]
        shr     ax, 3
        mov     [BDA_COLS], ax
        mov     ax, [cs:si + 4]
        shr     ax, 4
        dec     ax
        mov     [BDA_ROWS], al
        mov     word [BDA_CHEIGHT], 16
        and     byte [BDA_VIDCTL], 0x7F
        test    bh, 0x80
        jz      vbe_ok
        or      byte [BDA_VIDCTL], 0x80
        jmp     vbe_ok

; 4F03h: BX = current mode (VBE: the mode whose geometry the DISPI
; registers hold, with bit 14 if the LFB was requested).
vbe_get_mode:
        mov     ax, VBE_DISPI_ENABLE
        call    dispi_read
        test    al, 1
        jnz     .vbe
        movzx   bx, byte [BDA_MODE]
        jmp     .r
.vbe:   mov     cx, ax
        mov     ax, VBE_DISPI_XRES
        call    dispi_read
        mov     dx, ax
        mov     ax, VBE_DISPI_YRES
        call    dispi_read
        mov     di, ax
        mov     ax, VBE_DISPI_BPP
        call    dispi_read
        mov     si, vbe_modes
.l:     cmp     [cs:si + 2], dx
        jne     .n
        cmp     [cs:si + 4], di
        jne     .n
        cmp     [cs:si + 6], al
        je      .f
.n:     add     si, VM_SIZE
        cmp     si, vbe_modes_end
        jb      .l
        jmp     vbe_fail
.f:     mov     bx, [cs:si]
        test    cl, 0x40
        jz      .r
        or      bh, 0x40
.r:     mov     [bp + R_BX], bx
        jmp     vbe_ok

; 4F04h: save/restore state. DL = 0: BX = buffer size in 64-byte blocks
; for the states CX (bits 0-2 as AH=1Ch, bit 3 the DISPI registers);
; DL = 1 save to / 2 restore from ES:BX.
VBE_SVGA_BYTES equ 2 + 9*2
vbe_state:
        cmp     dl, 2
        ja      vbe_fail
        cmp     dl, 0
        jne     .sr
        call    state_size
        test    cl, 8
        jz      .s
        add     ax, VBE_SVGA_BYTES
.s:     add     ax, 63
        shr     ax, 6
        mov     [bp + R_BX], ax
        jmp     vbe_ok
.sr:    mov     di, bx
        cmp     dl, 1
        jne     .rest
        push    cx
        and     cx, 7
        call    state_save              ; DI after the standard part
        pop     cx
        test    cl, 8
        jz      vbe_ok
        mov     ax, VBE_DISPI_ENABLE
        call    dispi_read
        stosw
        mov     bx, 1
.sv:    mov     ax, bx
        call    dispi_read
        stosw
        inc     bx
        cmp     bx, 10
        jb      .sv
        jmp     vbe_ok
.rest:  push    cx
        push    di
        call    state_restore           ; the standard states in the buffer
        pop     di
        push    cx
        mov     cx, [es:di]             ; mask stored by the save
        call    state_size
        pop     cx
        add     di, ax                  ; DI = the DISPI part
        pop     cx
        test    cl, 8
        jz      vbe_ok
        mov     ax, VBE_DISPI_ENABLE
        xor     dx, dx
        call    dispi_write
        mov     bx, 1                   ; XRES, YRES, BPP while disabled
.r1:    call    .put
        inc     bx
        cmp     bx, 4
        jb      .r1
        mov     dx, [es:di]             ; enable as saved, keeping memory
        or      dl, 0x80
        mov     ax, VBE_DISPI_ENABLE
        call    dispi_write
        mov     bx, VBE_DISPI_BANK      ; then BANK, VIRT_WIDTH, offsets
.r2:    cmp     bx, VBE_DISPI_VIRTH
        je      .n2
        call    .put
.n2:    inc     bx
        cmp     bx, 10
        jb      .r2
        jmp     vbe_ok
.put:   mov     si, bx
        add     si, si
        add     si, di
        mov     dx, [es:si]
        mov     ax, bx
        jmp     dispi_write

; 4F05h: BH = 0 set window BL (0 = A) position DX (64 KiB units); BH = 1
; get it. Also reachable by a far call through the ModeInfo WinFuncPtr.
; In a mode set with the linear framebuffer (4F02h bit 14) the window is
; not available: AX = 034Fh (VBE 3.0, "function call invalid in current
; video mode").
vbe_window:
        call    vbe_window_core
        jnc     .ok
        cmp     al, 3
        jne     vbe_fail
        mov     word [bp + R_AX], 0x034F
        ret
.ok:
        cmp     bh, 1
        jne     vbe_ok
        mov     [bp + R_DX], dx
        jmp     vbe_ok
vbe_window_core:
        push    ax
        mov     ax, VBE_DISPI_ENABLE
        call    dispi_read
        test    al, 0x40                ; linear framebuffer mode?
        pop     ax
        jz      .banked
        mov     al, 3
        stc
        ret
.banked:
        cmp     bl, 0
        jne     .bad
        cmp     bh, 1
        ja      .bad
        je      .get
        push    ax
        mov     ax, VBE_DISPI_BANK
        call    dispi_write
        pop     ax
        clc
        ret
.get:   mov     ax, VBE_DISPI_BANK
        call    dispi_read
        mov     dx, ax
        clc
        ret
.bad:   mov     al, 1
        stc
        ret
vbe_win_func:
        call    vbe_window_core
        jc      .e
        mov     ax, 0x004F
        retf
.e:     mov     ah, al
        mov     al, 0x4F
        retf

; vbe_cur_bytespp: AX = bytes per pixel of the DISPI mode (15 bpp -> 2).
vbe_cur_bytespp:
        mov     ax, VBE_DISPI_BPP
        call    dispi_read
        add     ax, 7
        shr     ax, 3
        ret

; 4F06h: logical scan line: BL = 0 set CX pixels, 1 get, 2 set CX bytes,
; 3 get maximum. Returns BX = bytes per line, CX = pixels, DX = lines.
vbe_scanline:
        cmp     bl, 3
        ja      vbe_fail
        call    vbe_cur_bytespp
        mov     si, ax
        cmp     bl, 3
        je      .max
        cmp     bl, 1
        je      .get
        mov     ax, cx
        cmp     bl, 2
        jne     .set
        xor     dx, dx
        div     si
.set:   mov     dx, ax
        mov     ax, VBE_DISPI_VIRTW
        call    dispi_write
.get:   mov     ax, VBE_DISPI_VIRTW
        call    dispi_read
        mov     cx, ax
        mul     si
        mov     [bp + R_BX], ax
        mov     [bp + R_CX], cx
        mov     ax, VBE_DISPI_VIRTH
        call    dispi_read
        mov     [bp + R_DX], ax
        jmp     vbe_ok
.max:   mov     ax, 0x4000              ; DISPI virtual width limit (pixels)
        mov     cx, ax
        mul     si
        or      dx, dx
        jz      .m
        mov     ax, 0xFFFF
.m:     mov     [bp + R_BX], ax
        mov     [bp + R_CX], cx
        jmp     vbe_ok

; 4F07h: display start. BL = 00h/80h set CX = first pixel, DX = first
; line; 01h get (BH = 0); 02h/82h set by byte address ECX; 04h: scheduled
; flip status (CX = 1: done, the flip is immediate here).
vbe_display_start:
        mov     al, bl
        and     al, 0x7F
        cmp     al, 0
        je      .set
        cmp     al, 1
        je      .get
        cmp     al, 2
        je      .addr
        cmp     al, 4
        jne     vbe_fail
        mov     word [bp + R_CX], 1
        jmp     vbe_ok
.set:   push    dx
        mov     dx, cx
        mov     ax, VBE_DISPI_XOFF
        call    dispi_write
        pop     dx
        mov     ax, VBE_DISPI_YOFF
        call    dispi_write
        jmp     vbe_ok
.get:   mov     byte [bp + R_BH], 0
        mov     ax, VBE_DISPI_XOFF
        call    dispi_read
        mov     [bp + R_CX], ax
        mov     ax, VBE_DISPI_YOFF
        call    dispi_read
        mov     [bp + R_DX], ax
        jmp     vbe_ok
.addr:  call    vbe_cur_bytespp
        mov     si, ax
        mov     ax, VBE_DISPI_VIRTW
        call    dispi_read
        mul     si                      ; AX = bytes per line
        movzx   ebx, ax
        mov     eax, ecx
        xor     edx, edx
        div     ebx                     ; EAX = line, EDX = byte in line
        push    ax
        mov     ax, dx
        xor     dx, dx
        div     si
        mov     dx, ax
        mov     ax, VBE_DISPI_XOFF
        call    dispi_write
        pop     dx
        mov     ax, VBE_DISPI_YOFF
        call    dispi_write
        jmp     vbe_ok

; 4F08h: DAC width. BL = 0 set BH bits (6 or 8; >= 8 selects 8), 1 get.
; Returns BH = the width now in use.
vbe_dac_width:
        cmp     bl, 1
        ja      vbe_fail
        mov     ax, VBE_DISPI_ENABLE
        call    dispi_read
        mov     dx, ax
        je      .get
        and     dl, 0xDF
        cmp     bh, 8
        jb      .w
        or      dl, 0x20
.w:     mov     ax, VBE_DISPI_ENABLE
        call    dispi_write
.get:   mov     bh, 6
        test    dl, 0x20
        jz      .r
        mov     bh, 8
.r:     mov     [bp + R_BH], bh
        jmp     vbe_ok

; 4F09h: palette data. BL = 00h/80h set CX entries from DX out of ES:DI
; (4 bytes each: blue, green, red, alignment); 01h get. 02h/03h (the
; secondary palette) are not supported.
vbe_palette:
        mov     al, bl
        and     al, 0x7F
        cmp     al, 1
        ja      vbe_fail
        je      .get
        mov     al, dl
        mov     dx, 0x3C8
        out     dx, al
        inc     dx
        jcxz    .ok
.s:     mov     al, [es:di + 2]
        out     dx, al
        mov     al, [es:di + 1]
        out     dx, al
        mov     al, [es:di]
        out     dx, al
        add     di, 4
        loop    .s
.ok:    jmp     vbe_ok
.get:   mov     al, dl
        mov     dx, 0x3C7
        out     dx, al
        add     dl, 2
        jcxz    .ok
.g:     in      al, dx
        mov     [es:di + 2], al
        in      al, dx
        mov     [es:di + 1], al
        in      al, dx
        mov     [es:di], al
        mov     byte [es:di + 3], 0
        add     di, 4
        loop    .g
        jmp     vbe_ok
