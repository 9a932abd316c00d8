; mbr.asm - a minimal master boot record for the test hard-disk images
; built by mkhd.py: moves itself to 0000:0600, finds the active partition,
; loads its first sector to 0000:7C00 (INT 13h AH=42h when the BIOS has
; the EDD extensions, else AH=02h with the CHS start from the partition
; table) and jumps there with DL = boot drive and DS:SI -> the partition
; entry, as the IBM PC/AT MBR convention expects. Needs a 386 (EAX).
; The partition table (0x1BE) and signature are written by mkhd.py.
        bits 16
        org 0x600

start:  cli
        xor ax, ax
        mov ss, ax
        mov sp, 0x7C00
        mov ds, ax
        mov es, ax
        sti
        cld
        mov si, 0x7C00
        mov di, 0x600
        mov cx, 256
        rep movsw
        jmp 0:relocated

relocated:
        mov [drive], dl
        mov si, 0x7BE                   ; partition table (0x600 + 0x1BE)
        mov cx, 4
.find:  test byte [si], 0x80
        jnz .found
        add si, 16
        loop .find
        mov si, msg_noact
        jmp fail
.found: mov [part], si
        mov ah, 0x41                    ; EDD installation check
        mov bx, 0x55AA
        mov dl, [drive]
        int 0x13
        jc .chs
        cmp bx, 0xAA55
        jne .chs
        test cl, 1                      ; extended disk access supported
        jz .chs
        mov si, [part]
        mov eax, [si + 8]
        mov [dap_lba], eax
        mov si, dap
        mov ah, 0x42
        mov dl, [drive]
        int 0x13
        jc .err
        jmp .boot
.chs:   mov si, [part]
        mov dh, [si + 1]
        mov cx, [si + 2]
        mov bx, 0x7C00
        mov ax, 0x0201
        mov dl, [drive]
        int 0x13
        jc .err
.boot:  cmp word [0x7DFE], 0xAA55
        jne .err
        mov si, [part]
        mov dl, [drive]
        jmp 0:0x7C00
.err:   mov si, msg_read

fail:   lodsb
        test al, al
        jz .hang
        mov ah, 0x0E
        mov bx, 7
        int 0x10
        jmp fail
.hang:  hlt
        jmp .hang

msg_noact: db "MBR: no active partition", 0
msg_read:  db "MBR: cannot load the boot sector", 0
drive:  db 0
part:   dw 0
dap:    db 16, 0
        dw 1                            ; sectors
        dw 0x7C00, 0                    ; buffer offset, segment
dap_lba: dd 0, 0

        times 0x1BE - ($ - $$) db 0
        times 64 db 0                   ; partition table (mkhd.py)
        dw 0xAA55
