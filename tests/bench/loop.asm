; loop.asm - compute-bound benchmark ROM for `make bench` (tests/bench.sh).
;
; A 64 KiB BIOS image entered at the reset vector F000:FFF0. It runs a fixed
; loop of everyday 16-bit integer work - ALU with lazy flags, memory loads
; and stores, PUSH/POP, CALL/RET, conditional and LOOP branches - so that it
; runs on every -cpu model (8086 and up), prints a checksum on the debug
; console (port 0xE9) and ends the run by writing 0 to port 0xF4 (exit
; status 1). The instruction count is what x86pc --stats reports.
;
; OUTER x 65535 inner iterations of 14 instructions: about 92 million
; instructions with OUTER = 100.

bits 16
org 0

OUTER   equ 100

start:
        cli
        xor ax, ax
        mov ss, ax
        mov sp, 0x7000
        mov ds, ax
        mov es, ax
        xor bx, bx
        xor si, si
        xor di, di
        mov dx, OUTER
outer:
        mov cx, 0xFFFF
inner:
        add ax, cx              ; ALU, flags written
        xor bx, ax
        mov [si+0x1000], ax     ; store
        adc di, [si+0x1000]     ; load + flags read
        inc si
        and si, 0x0FFE
        push ax
        call leaf
        pop ax
        cmp bx, di
        jb .skip
        rol bx, 1
.skip:
        loop inner
        dec dx
        jnz outer

        ; checksum: DI:BX in hex, then a newline
        mov ax, di
        call hex16
        mov ax, bx
        call hex16
        mov al, 10
        out 0xE9, al
        mov al, 0
        out 0xF4, al            ; exit status (0 << 1) | 1 = 1
        cli
        hlt

leaf:
        sub bx, 3
        ret

; Print AX as four hex digits on port 0xE9 (clobbers AX; CX, DX saved).
hex16:
        push cx
        push dx
        mov dx, ax
        mov cx, 4
.digit:
        rol dx, 1               ; 8086 has no ROL r, imm8: four single rotates
        rol dx, 1
        rol dx, 1
        rol dx, 1
        mov al, dl
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'A' - '9' - 1
.out:
        out 0xE9, al
        loop .digit
        pop dx
        pop cx
        ret

        times 0xFFF0 - ($ - $$) db 0xFF
reset:
        jmp 0xF000:start
        times 0x10000 - ($ - $$) db 0xFF
