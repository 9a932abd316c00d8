; pm286.asm - 80286-style 16-bit protected mode, using 286 instructions only
; (nasm "cpu 286"), so it runs under x86pc -cpu 286 as well as on an i686.
;
; Checks: LMSW enters protected mode; 286 descriptors (top word 0) for
; 16-bit code/data/stack; SMSW; LMSW cannot clear PE; a data-segment limit
; violation -> #GP(0) (16-bit exception frame with error code); INT through
; a 286 interrupt gate (16-bit frame: IP, CS, FLAGS); 286 TSS: LTR (busy type
; 3), JMP to another 286 TSS and back (registers and selectors saved in the
; 16-bit TSS, loaded from it, MSW.TS set); IRET to ring 3 with a 16-bit frame
; (SP0/SS0 from the 286 TSS), a 286 call gate with one word parameter back to
; ring 0 (parameter copied, inner frame), RETF 2 to ring 3, INT to a DPL-3
; 286 interrupt gate. Intel 80286 Programmer's Reference Manual (ch. 6-8,
; 10: descriptors, gates, TSS, LMSW/SMSW); Intel SDM Vol. 3A 7.6 (16-bit TSS).

%define REAL_MODE_ONLY          ; no 32-bit main32
%include "lib.inc"

cpu 286

S_CODE   equ 0x40               ; code, base F0000, ring 0
S_DATA   equ 0x48               ; data, base 0, limit 0xFFFF
S_STACK  equ 0x50               ; stack, base 0x10000
S_SMALL  equ 0x58               ; data, base DATA_AREA, limit 0x0FFF
S_TSSA   equ 0x60               ; 286 TSS A (0x6000)
S_TSSB   equ 0x68               ; 286 TSS B (0x6100)
S_CODE3  equ 0x70|3             ; code, base F0000, ring 3
S_STACK3 equ 0x78|3             ; stack, base 0x10000, ring 3
S_GATE3  equ 0x80|3             ; 286 call gate, DPL 3, 1 word -> gate_target
S_DATA3  equ 0x88|3             ; data, base 0, ring 3

TSSA     equ 0x6000
TSSB     equ 0x6100
SP0      equ 0xE000             ; ring-0 stack top in S_STACK
SP3      equ 0xC000             ; ring-3 stack top in S_STACK3

; 286 TSS word offsets
T_LINK equ 0
T_SP0  equ 2
T_SS0  equ 4
T_IP   equ 14
T_FL   equ 16
T_AX   equ 18
T_CX   equ 20
T_DX   equ 22
T_BX   equ 24
T_SP   equ 26
T_BP   equ 28
T_SI   equ 30
T_DI   equ 32
T_ES   equ 34
T_CS   equ 36
T_SS   equ 38
T_DS   equ 40
T_LDT  equ 42

v_ip    equ rom_vars+0
v_cs    equ rom_vars+2
v_fl    equ rom_vars+4
v_sp    equ rom_vars+6
v_w0    equ rom_vars+8
v_w1    equ rom_vars+10
v_w2    equ rom_vars+12
v_w3    equ rom_vars+14
v_w4    equ rom_vars+16
v_done  equ rom_vars+18

; GATE286 offset, selector, access, wordcount
%macro GATE286 4
    dw %1
    dw %2
    db %4
    db %3
    dw 0
%endmacro

main16:
    PRINT16 "pm286: start", 10
    STEP16 "286 GDT/IDT, LMSW PE=1, far jump"
    push ds
    push cs
    pop ds
    mov si, R(gdt286)
    mov di, GDT_BASE + 0x40
    mov cx, gdt286_end - gdt286
    rep movsb
    mov si, R(idt286)
    mov di, IDT_BASE
    mov cx, idt286_end - idt286
    rep movsb
    pop ds
    ; IDT entries 0x30 (ring 0) and 0x31 (DPL 3)
    mov word [IDT_BASE + 0x30*8], R(int30)
    mov word [IDT_BASE + 0x30*8 + 2], S_CODE
    mov word [IDT_BASE + 0x30*8 + 4], 0x8600
    mov word [IDT_BASE + 0x31*8], R(int31)
    mov word [IDT_BASE + 0x31*8 + 2], S_CODE
    mov word [IDT_BASE + 0x31*8 + 4], 0xE600
    ; TSS A: SS0:SP0 for ring changes
    mov word [TSSA + T_SP0], SP0
    mov word [TSSA + T_SS0], S_STACK
    ; TSS B: the task we JMP to
    mov word [TSSB + T_IP], R(task_b)
    mov word [TSSB + T_FL], 2
    mov word [TSSB + T_AX], 0xB001
    mov word [TSSB + T_CX], 0xB002
    mov word [TSSB + T_DX], 0xB003
    mov word [TSSB + T_BX], 0xB004
    mov word [TSSB + T_SP], 0xD000
    mov word [TSSB + T_BP], 0xB006
    mov word [TSSB + T_SI], 0xB007
    mov word [TSSB + T_DI], 0xB008
    mov word [TSSB + T_ES], S_DATA
    mov word [TSSB + T_CS], S_CODE
    mov word [TSSB + T_SS], S_STACK
    mov word [TSSB + T_DS], S_DATA
    lgdt [cs:R(gdtr286)]
    lidt [cs:R(idtr286)]
    smsw ax
    or ax, 1
    lmsw ax
    jmp S_CODE:R(pm_start)

pm_start:
    mov ax, S_DATA
    mov ds, ax
    mov es, ax
    mov ax, S_STACK
    mov ss, ax
    mov sp, 0xF000
    STEP16 "16-bit protected mode: CS, SMSW"
    CHECKW cs, S_CODE, "CS"
    smsw ax
    and ax, 1
    CHECKW ax, 1, "MSW.PE"

    STEP16 "LMSW cannot clear PE"
    smsw ax
    and ax, 0xFFFE
    lmsw ax
    smsw ax
    and ax, 1
    CHECKW ax, 1, "MSW.PE after LMSW with PE=0"

    STEP16 "286 data descriptor: base and limit"
    mov ax, S_SMALL
    mov es, ax
    mov word [es:0x10], 0x2860
    mov ax, [es:0x10]
    CHECKW ax, 0x2860, "read back through the 286 descriptor"
    cmp byte [on_qemu], 0
    jne .skip1
    EXPECT16 13, .r1
.f1: mov ax, [es:0x1000]
    FAIL16 "no #GP past the limit"
.r1: CHECKW [exp_hit], 13, "vector"
    CHECKW [exp_err], 0, "error code"
    CHECKW [exp_eip], R(.f1), "saved IP"
    CHECKW [exp_cs], S_CODE, "saved CS"
    jmp .lim_done
.skip1:
    PRINT16 "  SKIP (QEMU TCG): data segment limit checks not implemented", 10
.lim_done:
    mov ax, S_DATA
    mov es, ax

    STEP16 "INT through a 286 interrupt gate: 16-bit frame"
    mov [v_sp], sp
    int 0x30
.after30:
    CHECKW [v_ip], R(.after30), "pushed IP"
    CHECKW [v_cs], S_CODE, "pushed CS"
    mov ax, [v_sp]
    sub ax, 6
    CHECKW [v_w0], ax, "SP in the handler (6 bytes pushed)"

    STEP16 "LTR 286 TSS A (busy type 3)"
    mov ax, S_TSSA
    ltr ax
    mov al, [GDT_BASE + S_TSSA + 5]
    and ax, 0x00FF
    CHECKW ax, 0x83, "TSS A access byte after LTR"

    STEP16 "JMP to 286 TSS B and back"
    clts
    mov ax, 0xA001
    mov cx, 0xA002
    mov dx, 0xA003
    mov bx, 0xA004
    mov bp, 0xA006
    mov si, 0xA007
    mov di, 0xA008
    mov [v_sp], sp
    jmp S_TSSB:0
.back_a:
    CHECKW ax, 0xA001, "AX restored"
    CHECKW cx, 0xA002, "CX restored"
    CHECKW di, 0xA008, "DI restored"
    mov ax, sp
    CHECKW ax, [v_sp], "SP restored"
    CHECKW [v_done], 1, "task B ran"
    CHECKW [TSSB + T_IP], R(task_b.after_jmp), "TSS B saved IP"
    CHECKW [TSSB + T_AX], 0xB1B1, "TSS B saved AX"
    mov al, [GDT_BASE + S_TSSB + 5]
    and ax, 0x00FF
    CHECKW ax, 0x81, "TSS B not busy after it left by JMP"
    smsw ax
    and ax, 8
    CHECKW ax, 8, "MSW.TS set by the task switch"
    clts

    STEP16 "IRET to ring 3 (16-bit frame), call gate back, RETF 2"
    push word S_STACK3
    push word SP3
    push word 0x3002            ; IOPL 3: ring 3 may print (286 TSS: no I/O bitmap)
    push word S_CODE3
    push word R(user3)
    iret

task_b:
    STEP16 "  task B: registers from the 286 TSS, task A saved"
    CHECKW ax, 0xB001, "AX from TSS B"
    CHECKW cx, 0xB002, "CX from TSS B"
    CHECKW dx, 0xB003, "DX from TSS B"
    CHECKW bx, 0xB004, "BX from TSS B"
    CHECKW bp, 0xB006, "BP from TSS B"
    CHECKW si, 0xB007, "SI from TSS B"
    CHECKW di, 0xB008, "DI from TSS B"
    mov ax, sp
    CHECKW ax, 0xD000, "SP from TSS B"
    CHECKW ss, S_STACK, "SS from TSS B"
    str ax
    CHECKW ax, S_TSSB, "TR in task B"
    CHECKW [TSSA + T_IP], R(pm_start.back_a), "TSS A saved IP"
    CHECKW [TSSA + T_AX], 0xA001, "TSS A saved AX"
    CHECKW [TSSA + T_BX], 0xA004, "TSS A saved BX"
    CHECKW [TSSA + T_SI], 0xA007, "TSS A saved SI"
    CHECKW [TSSA + T_SP], [v_sp], "TSS A saved SP"
    CHECKW [TSSA + T_CS], S_CODE, "TSS A saved CS"
    CHECKW [TSSA + T_SS], S_STACK, "TSS A saved SS"
    CHECKW [TSSA + T_DS], S_DATA, "TSS A saved DS"
    CHECKW [TSSA + T_ES], S_DATA, "TSS A saved ES"
    mov word [v_done], 1
    mov ax, 0xB1B1
    jmp S_TSSA:0
.after_jmp:
    FAIL16 "task B resumed unexpectedly"

user3:
    mov bp, sp
    mov ax, S_DATA3
    mov ds, ax
    STEP16 "  ring 3: CS, SS, SP from the 16-bit IRET frame"
    CHECKW cs, S_CODE3, "CS"
    CHECKW ss, S_STACK3, "SS"
    CHECKW bp, SP3, "SP"
    STEP16 "  ring 3: CALL through a 286 call gate with 1 word parameter"
    push word 0x1234
    mov [v_sp], sp
    call S_GATE3:0
.ret:
    mov bp, sp
    mov ax, [v_sp]
    add ax, 2
    CHECKW bp, ax, "SP after RETF 2"
    CHECKW [v_w0], SP0 - 10, "SP in the gate target"
    CHECKW [v_ip], R(.ret), "return IP on the inner stack"
    CHECKW [v_cs], S_CODE3, "return CS on the inner stack"
    CHECKW [v_w1], 0x1234, "copied word parameter"
    CHECKW [v_w2], [v_sp], "outer SP on the inner stack"
    CHECKW [v_w3], S_STACK3, "outer SS on the inner stack"
    CHECKW [v_w4], S_STACK, "SS in the gate target (TSS SS0)"
    STEP16 "  ring 3: INT through a DPL-3 286 interrupt gate ends the test"
    int 0x31

gate_target:                    ; ring 0, DS = S_DATA3 (usable at CPL 0)
    mov bp, sp
    mov [v_w0], sp
    mov ax, [bp]
    mov [v_ip], ax
    mov ax, [bp+2]
    mov [v_cs], ax
    mov ax, [bp+4]
    mov [v_w1], ax
    mov ax, [bp+6]
    mov [v_w2], ax
    mov ax, [bp+8]
    mov [v_w3], ax
    mov [v_w4], ss
    retf 2

int30:
    push bp
    mov bp, sp
    push ax
    lea ax, [bp+2]
    mov [v_w0], ax
    mov ax, [bp+2]
    mov [v_ip], ax
    mov ax, [bp+4]
    mov [v_cs], ax
    pop ax
    pop bp
    iret

int31:
    mov ax, S_DATA
    mov ds, ax
    CHECKW ss, S_STACK, "SS after INT from ring 3 (TSS SS0)"
    jmp pass16

; 16-bit protected-mode exception stubs (vectors 0-31), 8 bytes each.
pm16_stubs:
%assign v 0
%rep 32
    times (v*8) - ($ - pm16_stubs) db 0x90
  %if v == 8 || v == 10 || v == 11 || v == 12 || v == 13
    push strict byte v
  %else
    push strict byte 0
    push strict byte v
  %endif
    jmp strict near pm16_common
%assign v v+1
%endrep

; pm16_common -- [sp] = vector, error, IP, CS, FLAGS (16-bit words).
pm16_common:
    push bp
    mov bp, sp
    push ax
    push ds
    mov ax, S_DATA
    mov ds, ax
    mov ax, [bp+2]
    cmp word [exp_vec+2], 0
    jne .fatal
    cmp ax, [exp_vec]
    jne .fatal
    mov [exp_hit], ax
    mov ax, [bp+4]
    mov [exp_err], ax
    mov ax, [bp+6]
    mov [exp_eip], ax
    mov ax, [bp+8]
    mov [exp_cs], ax
    mov word [exp_vec], -1
    mov word [exp_vec+2], -1
    mov ax, [exp_resume]
    mov [bp+6], ax
    pop ds
    pop ax
    pop bp
    add sp, 4
    iret
.fatal:
    mov si, R(msg_pm16_exc)
    call print_str16
    mov ax, [bp+2]
    call print_hex16_16
    mov si, R(msg_err)
    call print_str16
    mov ax, [bp+4]
    call print_hex16_16
    mov si, R(msg_at)
    call print_str16
    mov ax, [bp+8]
    call print_hex16_16
    mov al, ':'
    out 0xE9, al
    mov ax, [bp+6]
    call print_hex16_16
    mov al, 10
    out 0xE9, al
    mov al, 1
    out 0xF4, al
    jmp $

msg_pm16_exc: db "FAIL: unexpected 16-bit PM exception vector ", 0

gdt286:                                         ; from selector 0x40
    DESC 0xF0000, 0xFFFF, ACC_CODE0, 0          ; 0x40 S_CODE
    DESC 0, 0xFFFF, ACC_DATA0, 0                ; 0x48 S_DATA
    DESC 0x10000, 0xFFFF, ACC_DATA0, 0          ; 0x50 S_STACK
    DESC DATA_AREA, 0x0FFF, ACC_DATA0, 0        ; 0x58 S_SMALL
    DESC TSSA, 43, 0x81, 0                      ; 0x60 286 TSS A
    DESC TSSB, 43, 0x81, 0                      ; 0x68 286 TSS B
    DESC 0xF0000, 0xFFFF, ACC_CODE3, 0          ; 0x70 S_CODE3
    DESC 0x10000, 0xFFFF, ACC_DATA3, 0          ; 0x78 S_STACK3
    GATE286 R(gate_target), S_CODE, 0xE4, 1     ; 0x80 286 call gate DPL 3
    DESC 0, 0xFFFF, ACC_DATA3, 0                ; 0x88 S_DATA3
gdt286_end:

idt286:                                         ; vectors 0-31
%assign v 0
%rep 32
    GATE286 R(pm16_stubs) + v*8, S_CODE, 0x86, 0
%assign v v+1
%endrep
idt286_end:

gdtr286: dw 0x90 - 1
         dd GDT_BASE
idtr286: dw 0x32*8 - 1
         dd IDT_BASE

ROM_END
