; guest.asm - boot sector for the SDL window tests (tests/sdl/window_tests.sh),
; loaded by the BIOS at 0000:7C00 from a floppy image. Needs a 386+ (32-bit
; registers in real mode).
;
; Stage 0, text mode 3: an IRQ1 handler shows every byte the 8042 delivers
; at port 0x60 (set 1 when the BIOS enabled translation) as two hex digits
; and a space, 26 bytes per row from row 1, so the test can check the
; scancode sequences of the keys it presses through the window.
; The PS/2 mouse is switched to IntelliMouse mode (sample rates 200, 100,
; 80) and enabled; its packet bytes (IRQ12) are shown the same way.
; F10 (make code 0x44) moves to stage 1: mode 13h (320x200, 256 colours)
; with colour bars. F10 again: stage 2, a Bochs VBE mode 800x600x8 set
; through the DISPI ports (0x1CE/0x1CF), drawn through the 64 KiB bank
; window at 0xA0000. Then it idles (HLT with interrupts on).
bits 16
org 0x7C00

start:
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7C00
    mov ax, 0x0003              ; mode 3, clears the screen
    int 0x10
    mov ax, 0xB800
    mov es, ax
    mov si, title
    xor di, di
.title:
    lodsb
    test al, al
    jz .installed
    mov ah, 0x07
    stosw
    jmp .title
.installed:
    cli
    mov word [9 * 4], irq1
    mov word [9 * 4 + 2], 0
    mov word [0x74 * 4], irq12
    mov word [0x74 * 4 + 2], 0
    ; Mouse: each command byte through D4, its ACK polled (IRQs still off).
    mov si, aux_cmds
    mov cx, aux_cmds_end - aux_cmds
.aux:
    mov al, 0xD4
    call kbc_cmd
    lodsb
    out 0x60, al
.ack:
    in al, 0x64
    test al, 1
    jz .ack
    in al, 0x60
    loop .aux
    mov al, 0x60                ; command byte: XLAT, SYS, IRQ12, IRQ1
    call kbc_cmd
    mov al, 0x47
    out 0x60, al
    in al, 0xA1                 ; unmask IRQ12
    and al, 0xEF
    out 0xA1, al
    in al, 0x21                 ; unmask IRQ1 and the cascade
    and al, 0xF9
    out 0x21, al
    sti
idle:
    hlt
    cmp byte [request], 0
    je idle
    mov byte [request], 0
    inc byte [stage]
    cmp byte [stage], 1
    je mode13
    cmp byte [stage], 2
    je vbe
    jmp idle

; Stage 1: mode 13h, colour (x >> 4) + (y >> 5) * 20.
mode13:
    mov ax, 0x0013
    int 0x10
    mov ax, 0xA000
    mov es, ax
    xor di, di
    xor dx, dx                  ; y
.y: xor cx, cx                  ; x
.x: mov ax, dx
    shr ax, 5
    mov bl, 20
    mul bl
    mov bx, cx
    shr bx, 4
    add ax, bx
    stosb
    inc cx
    cmp cx, 320
    jb .x
    inc dx
    cmp dx, 200
    jb .y
    jmp idle

; Stage 2: VBE 800x600x8, colour (x >> 5) | ((y >> 7) << 5).
vbe:
    mov ax, 4                   ; ENABLE = 0 while changing the mode
    xor bx, bx
    call dispi
    mov ax, 1                   ; XRES
    mov bx, 800
    call dispi
    mov ax, 2                   ; YRES
    mov bx, 600
    call dispi
    mov ax, 3                   ; BPP
    mov bx, 8
    call dispi
    mov ax, 4                   ; ENABLE = VBE_ENABLED
    mov bx, 1
    call dispi
    mov ax, 0xA000
    mov es, ax
    xor edi, edi                ; linear offset
    xor dx, dx                  ; y
.y: xor cx, cx                  ; x
.x: test di, di
    jnz .same_bank
    mov ax, 5                   ; BANK = offset >> 16
    mov ebx, edi
    shr ebx, 16
    call dispi
.same_bank:
    mov ax, dx
    shr ax, 7
    shl ax, 5
    mov bx, cx
    shr bx, 5
    or ax, bx
    mov [es:di], al
    inc edi
    inc cx
    cmp cx, 800
    jb .x
    inc dx
    cmp dx, 600
    jb .y
    jmp idle

; Write AL to the 8042's command port once its input buffer is empty, then
; wait for room for a data byte.
kbc_cmd:
    push ax
    call kbc_wait
    pop ax
    out 0x64, al
kbc_wait:
    in al, 0x64
    test al, 2
    jnz kbc_wait
    ret

; DISPI register AX = BX.
dispi:
    push dx
    mov dx, 0x1CE
    out dx, ax
    inc dx
    mov ax, bx
    out dx, ax
    pop dx
    ret

; IRQ12: show the mouse byte (never a stage change).
irq12:
    push ax
    push bx
    push di
    push es
    mov al, 0x20
    out 0xA0, al
    in al, 0x60
    jmp irq1.show

; IRQ1: show the byte (stage 0); F10 asks for the next stage.
irq1:
    push ax
    push bx
    push di
    push es
    in al, 0x60
    cmp al, 0x44
    jne .show
    mov byte [request], 1
.show:
    cmp byte [stage], 0
    jne .eoi
    mov bx, 0xB800
    mov es, bx
    mov di, [pos]
    mov ah, al
    shr al, 4
    call hexdigit
    mov al, ah
    and al, 0x0F
    call hexdigit
    mov word [es:di], 0x0720
    add di, 2
    inc byte [col]
    cmp byte [col], 26
    jb .saved
    mov byte [col], 0
    add di, 160 - 26 * 6        ; next row
.saved:
    mov [pos], di
.eoi:
    mov al, 0x20
    out 0x20, al
    pop es
    pop di
    pop bx
    pop ax
    iret

; Store hex digit AL (0-15) at ES:DI, advance DI.
hexdigit:
    add al, '0'
    cmp al, '9'
    jbe .digit
    add al, 'A' - '9' - 1
.digit:
    mov [es:di], al
    mov byte [es:di + 1], 0x07
    add di, 2
    ret

aux_cmds: db 0xF3, 200, 0xF3, 100, 0xF3, 80, 0xF4
aux_cmds_end:
title:   db "x86pc SDL test: scancodes", 0
pos:     dw 160
col:     db 0
stage:   db 0
request: db 0

    times 510 - ($ - $$) db 0
    dw 0xAA55
