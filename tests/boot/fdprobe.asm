; fdprobe.asm - boot sector for the guest boot tests (tests/boot/guest_boot.sh):
; asks the BIOS what it knows of the boot floppy drive and reads the last
; sector of the disk, to check that the board's CMOS drive type and the
; 82077AA's media geometry agree with the image size (a 360K image must be
; a 5.25" 360K drive, CMOS type 1, 40 cylinders x 2 heads x 9 sectors).
;
; INT 13h AH=08h (IBM PC AT Technical Reference, BIOS diskette services;
; SeaBIOS disk.c disk_1308): BL = CMOS drive type, CH = maximum cylinder
; (low 8 bits), CL = maximum sector (bits 0-5) | cylinder bits 8-9 (bits
; 6-7), DH = maximum head. The sector at (max cylinder, max head, max
; sector) is then read with AH=02h; the test image stamps every sector
; with "LBA nnnnn", so the answer shows which sector the FDC returned.
;
; Output on the debug console (port 0xE9), one line:
;   "fdprobe drive=00 type=01 maxcyl=0027 maxsec=09 maxhead=01 last=LBA 00719"
; then exit through port 0xF4: 0 (x86pc exit status 1) when both calls
; succeeded, 1 (status 3) when one failed.
        bits 16
        org 0x7C00

start:  cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        mov [drive], dl

        mov si, s_head
        call puts
        mov al, [drive]
        call hex8
        mov ah, 0x08
        mov dl, [drive]
        xor di, di                      ; ES:DI = 0 (some BIOSes return a table)
        int 0x13
        jc fail
        mov [maxcyl], ch
        mov [maxsec], cl
        mov [maxhead], dh
        mov si, s_type
        call puts
        mov al, bl
        call hex8
        mov si, s_cyl
        call puts
        mov al, [maxsec]                ; cylinder bits 8-9 in CL bits 6-7
        rol al, 2
        and al, 3
        call hex8
        mov al, [maxcyl]
        call hex8
        mov si, s_sec
        call puts
        mov al, [maxsec]
        and al, 0x3F
        call hex8
        mov si, s_heads
        call puts
        mov al, [maxhead]
        call hex8

        xor ax, ax                      ; AH=08h returned ES:DI = the diskette
        mov es, ax                      ; parameter table: buffer at 0:buf
        mov ax, 0x0201                  ; read one sector
        mov bx, buf
        mov ch, [maxcyl]
        mov cl, [maxsec]
        mov dh, [maxhead]
        mov dl, [drive]
        int 0x13
        jc fail
        mov si, s_last
        call puts
        mov si, buf                     ; the stamp: 9 characters "LBA nnnnn"
        mov cx, 9
.stamp: lodsb
        out 0xE9, al
        loop .stamp
        mov al, 10
        out 0xE9, al
        xor al, al
        out 0xF4, al
        jmp halt

fail:   mov si, s_fail
        call puts
        mov al, ah                      ; INT 13h status
        call hex8
        mov al, 10
        out 0xE9, al
        mov al, 1
        out 0xF4, al
halt:   cli
        hlt
        jmp halt

; puts: write the NUL-terminated string at DS:SI to port 0xE9.
puts:   lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp puts
.done:  ret

; hex8: write AL as two hexadecimal digits to port 0xE9.
hex8:   push ax
        shr al, 4
        call .digit
        pop ax
        and al, 0x0F
.digit: add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'A' - '0' - 10
.out:   out 0xE9, al
        ret

s_head: db "fdprobe drive=", 0
s_type: db " type=", 0
s_cyl:  db " maxcyl=", 0
s_sec:  db " maxsec=", 0
s_heads: db " maxhead=", 0
s_last: db " last=", 0
s_fail: db " INT 13h failed, AH=", 0
drive:  db 0
maxcyl: db 0
maxsec: db 0
maxhead: db 0

        times 510 - ($ - $$) db 0
        dw 0xAA55
buf:                                    ; sector buffer (0x7E00)
