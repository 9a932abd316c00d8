; pm_misc.asm - protected-mode system instructions and segment kinds.
;
; Checks: SGDT/SIDT/SMSW/STR/SLDT results; LMSW sets TS but cannot clear PE;
; CLTS; LLDT and LDT selectors (TI=1), selector past the LDT limit -> #GP,
; LLDT with a non-LDT descriptor -> #GP; LAR/LSL/VERR/VERW results and ZF
; for code, data, TSS, LDT, call/task gates, null and out-of-range
; selectors and privilege; ARPL;
; conforming code called directly from ring 3 runs at CPL 3; a direct far
; CALL from ring 3 to non-conforming ring-0 code -> #GP(sel); 16-bit code in
; protected mode with a 16-bit interrupt gate (16-bit frame) and IRET;
; interrupt gates clear IF, trap gates keep it (IRQs masked at the 8259As);
; #AC(0) for a misaligned access at CPL 3 with CR0.AM=1 and EFLAGS.AC=1.
; Intel SDM Vol. 3A 3.5.1 (LDT), 5.6 (conforming), 5.10 (pointer
; validation: LAR/LSL/VERR/VERW/ARPL), 6.11 (16-bit gates), 6.12.1.3
; (IF and gates), 6.15 (Interrupt 17), Vol. 2.

%include "lib.inc"

LDT_BASE  equ 0x6000
SEL_LDT   equ SEL_FREE+0x00     ; LDT descriptor
SEL_CONF  equ SEL_FREE+0x08     ; conforming code, DPL 0
SEL_XO    equ SEL_FREE+0x10     ; execute-only code
SEL_CGATE equ SEL_FREE+0x18     ; call gate (for LAR/LSL)
SEL_LDATA equ 0x0C              ; LDT index 1, TI=1, RPL 0
VEC16     equ 0x50              ; 16-bit interrupt gate

conf_cs   equ rom_vars+0
sdt       equ rom_vars+8        ; 6-byte SGDT/SIDT buffer
if_seen   equ rom_vars+16       ; EFLAGS seen by if_handler

; ZF_IS bit, "what" -- check ZF (0 or 1) right after an instruction.
%macro ZF_IS 2+
    setz bl
    movzx ebx, bl
    CHECK ebx, %1, %2
%endmacro

main16:
    PRINT16 "pm_misc: start", 10
    jmp pm_enter

bits 32
main32:
    call setup_tss_main

    STEP "SGDT/SIDT/SMSW/STR"
    sgdt [sdt]
    movzx eax, word [sdt]
    CHECK eax, GDT_ENTRIES*8-1, "SGDT limit"
    CHECK [sdt+2], GDT_BASE, "SGDT base"
    sidt [sdt]
    movzx eax, word [sdt]
    CHECK eax, 256*8-1, "SIDT limit"
    CHECK [sdt+2], IDT_BASE, "SIDT base"
    smsw ax
    and eax, 1
    CHECK eax, 1, "SMSW PE"
    str ax
    movzx eax, ax
    CHECK eax, SEL_TSS, "STR"

    STEP "LMSW sets TS, cannot clear PE; CLTS"
    mov ax, 8                   ; PE=0, TS=1
    lmsw ax
    mov eax, cr0
    CHECKM eax, 9, 9, "CR0.PE kept and TS set by LMSW"
    clts
    mov eax, cr0
    CHECKM eax, 8, 0, "CR0.TS after CLTS"

    STEP "LLDT and an LDT data selector"
    mov edi, LDT_BASE
    xor eax, eax
    mov ecx, 4
    rep stosd
    mov word [LDT_BASE+8], 0xFFFF           ; data: base DATA_AREA, limit 0xFFFF
    mov word [LDT_BASE+10], DATA_AREA & 0xFFFF
    mov byte [LDT_BASE+12], DATA_AREA >> 16
    mov byte [LDT_BASE+13], ACC_DATA0
    mov byte [LDT_BASE+14], 0x40
    mov byte [LDT_BASE+15], 0
    mov edx, SEL_LDT
    mov eax, LDT_BASE
    mov ebx, 15                 ; two entries
    mov cl, 0x82
    mov ch, 0
    call make_desc
    mov ax, SEL_LDT
    lldt ax
    sldt ax
    movzx eax, ax
    CHECK eax, SEL_LDT, "SLDT"
    mov dword [DATA_AREA+0x10], 0x1DA7A000
    mov ax, SEL_LDATA
    mov fs, ax
    CHECK [fs:0x10], 0x1DA7A000, "read through the LDT selector"
    STEP "LDT selector past the LDT limit -> #GP(sel)"
    mov ax, 0x14                ; index 2, TI=1
    EXPECT 13, .r1
.f1: mov gs, ax
    NOEXC
.r1: CHECK_EXC 13, 0x14, .f1
    STEP "LLDT with a data descriptor -> #GP(sel)"
    mov ax, SEL_DATA32
    EXPECT 13, .r2
.f2: lldt ax
    NOEXC
.r2: CHECK_EXC 13, SEL_DATA32, .f2

    STEP "LAR/LSL on code and data segments"
    mov ecx, SEL_CODE32
    lar eax, ecx
    ZF_IS 1, "LAR code ZF"
    CHECKM eax, 0x00F0FE00, 0x00C09A00, "LAR code access rights (A bit masked)"
    mov ecx, SEL_DATA16
    lar eax, ecx
    CHECKM eax, 0x00F0FE00, 0x00009200, "LAR 16-bit data access rights (A bit masked)"
    lsl eax, ecx
    ZF_IS 1, "LSL data ZF"
    CHECK eax, 0xFFFF, "LSL byte-granular limit"
    mov ecx, SEL_DATA32
    lsl eax, ecx
    CHECK eax, 0xFFFFFFFF, "LSL page-granular limit (scaled)"
    STEP "LAR/LSL on a call gate, null and out-of-range selectors"
    mov edx, SEL_CGATE
    mov eax, SEL_CODE32
    mov ebx, 0x12345678
    mov cl, GATE_CALL32
    mov ch, 0
    call make_gate_desc
    mov ecx, SEL_CGATE
    lar eax, ecx
    ZF_IS 1, "LAR call gate ZF (gates are valid for LAR)"
    CHECKM eax, 0xFF00, 0x8C00, "LAR call gate type"
    mov eax, 0x5555
    lsl eax, ecx
    ZF_IS 0, "LSL call gate ZF (gates have no limit)"
    CHECK eax, 0x5555, "LSL destination unchanged on failure"
    xor ecx, ecx
    lar eax, ecx
    ZF_IS 0, "LAR null selector ZF"
    mov ecx, 0x800
    lsl eax, ecx
    ZF_IS 0, "LSL selector past the GDT limit ZF"

    STEP "LAR/LSL on TSS and LDT descriptors, LSL on a task gate"
    mov ecx, SEL_TSS
    lsl eax, ecx
    ZF_IS 1, "LSL TSS ZF"
    CHECK eax, IOMAP_END - TSS_MAIN, "LSL TSS limit"
    lar eax, ecx
    ZF_IS 1, "LAR TSS ZF"
    CHECKM eax, 0xFF00, 0x8B00, "LAR busy 32-bit TSS type"
    mov ecx, SEL_LDT
    lsl eax, ecx
    ZF_IS 1, "LSL LDT ZF"
    CHECK eax, 15, "LSL LDT limit"
    lar eax, ecx
    ZF_IS 1, "LAR LDT ZF"
    CHECKM eax, 0xFF00, 0x8200, "LAR LDT type"
    mov edx, SEL_CGATE
    mov eax, SEL_TSS
    mov ebx, 0
    mov cl, GATE_TASK
    mov ch, 0
    call make_gate_desc
    mov ecx, SEL_CGATE
    lar eax, ecx
    ZF_IS 1, "LAR task gate ZF"
    lsl eax, ecx
    ZF_IS 0, "LSL task gate ZF"

    STEP "VERR/VERW"
    mov edx, SEL_XO
    mov eax, 0
    mov ebx, 0xFFFFF
    mov cl, 0x98
    mov ch, FL_G32
    call make_desc
    mov ax, SEL_CODE32
    verr ax
    ZF_IS 1, "VERR readable code"
    verw ax
    ZF_IS 0, "VERW code"
    mov ax, SEL_DATA32
    verw ax
    ZF_IS 1, "VERW writable data"
    mov ax, SEL_XO
    verr ax
    ZF_IS 0, "VERR execute-only code"
    mov ax, SEL_DATA32 | 3      ; RPL 3 > DPL 0
    verr ax
    ZF_IS 0, "VERR with RPL > DPL"
    mov ax, SEL_DATA3
    verw ax
    ZF_IS 1, "VERW DPL-3 data"

    STEP "ARPL"
    mov ax, 0x10
    mov cx, 0x13
    arpl ax, cx
    ZF_IS 1, "ARPL adjusted ZF"
    movzx eax, ax
    CHECK eax, 0x13, "ARPL result"
    arpl ax, cx
    ZF_IS 0, "ARPL unchanged ZF"

    STEP "conforming code from ring 3 / non-conforming -> #GP"
    mov edx, SEL_CONF
    mov eax, 0
    mov ebx, 0xFFFFF
    mov cl, 0x9E                ; present, DPL 0, code, conforming, readable
    mov ch, FL_G32
    call make_desc
    mov ebx, user_code
    call enter_ring3
    CHECK [conf_cs], SEL_CONF | 3, "CS in conforming code called from ring 3"

    STEP "16-bit code segment and 16-bit interrupt gate"
    mov eax, VEC16
    mov ebx, R(handler16)
    mov cx, SEL_CODE16
    mov dl, 0x86                ; present, DPL 0, 16-bit interrupt gate
    call set_gate
    mov [saved_esp], esp
    jmp SEL_CODE16:R(code16)
back32:
    mov eax, esp
    CHECK eax, [saved_esp], "ESP after the 16-bit part"
    movzx eax, word [DATA_AREA+0x100]
    CHECK eax, R(code16.after_int), "16-bit frame: IP"
    movzx eax, word [DATA_AREA+0x102]
    CHECK eax, SEL_CODE16, "16-bit frame: CS"
    movzx eax, word [DATA_AREA+0x106]
    CHECK eax, 6, "16-bit gate pushed 6 bytes"
    CHECK [DATA_AREA+0x108], 0x12345678, "o32 arithmetic in 16-bit code"

    STEP "interrupt gate clears IF, trap gate keeps it, IRET restores it"
    mov al, 0xFF                ; mask every IRQ at both 8259As (OCW1)
    out 0xA1, al
    out 0x21, al
    mov eax, 0x51
    mov ebx, if_handler
    mov cx, SEL_CODE32
    mov dl, GATE_INT32
    call set_gate
    mov eax, 0x52
    mov dl, GATE_TRAP32
    call set_gate
    sti
    int 0x51
    CHECKM [if_seen], EFL_IF, 0, "IF in an interrupt-gate handler"
    int 0x52
    CHECKM [if_seen], EFL_IF, EFL_IF, "IF in a trap-gate handler"
    pushfd
    pop eax
    cli
    CHECKM eax, EFL_IF, EFL_IF, "IF restored by IRETD"

    STEP "#AC: misaligned access at CPL 3 with CR0.AM and EFLAGS.AC"
    SKIP_ON_QEMU .noac, "alignment checking (#AC) not implemented"
    mov eax, cr0
    or eax, 0x40000
    mov cr0, eax
    mov ebx, user_ac
    call enter_ring3
.noac:
    jmp pass

user_ac:
    mov ax, SEL_DATA3
    mov ds, ax
    mov es, ax
    mov eax, [DATA_AREA+1]      ; AC=0: no check
    pushfd
    or dword [esp], 0x40000
    popfd
    mov eax, [DATA_AREA+4]      ; aligned: no check
    EXPECT 17, .r1
.f1: mov eax, [DATA_AREA+2]
    NOEXC
.r1: pushfd
    and dword [esp], ~0x40000
    popfd
    CHECK_EXC 17, 0, .f1
    int RING0_VEC

if_handler:
    push eax
    pushfd
    pop eax
    mov [if_seen], eax
    pop eax
    iretd

user_code:
    mov ax, SEL_DATA3
    mov ds, ax
    mov es, ax
    STEP "  ring 3: far CALL to DPL-0 conforming code"
    call SEL_CONF:conf_proc
    STEP "  ring 3: far CALL to DPL-0 non-conforming code -> #GP(sel)"
    EXPECT 13, .r1
.f1: call SEL_CODE32:conf_proc
    NOEXC
.r1: CHECK_EXC 13, SEL_CODE32, .f1
    int RING0_VEC

conf_proc:
    push eax
    xor eax, eax
    mov ax, cs
    mov [conf_cs], eax
    pop eax
    retf

bits 16
code16:                         ; CS = SEL_CODE16 (base 0xF0000), 16-bit
    mov eax, 0x12340000
    add eax, 0x5678
    mov [dword DATA_AREA+0x108], eax
    mov bp, sp
    int VEC16
.after_int:
    sub bp, [dword DATA_AREA+0x104]
    mov [dword DATA_AREA+0x106], bp
    jmp dword SEL_CODE32:back32

handler16:                      ; 16-bit frame: IP, CS, FLAGS
    push bp
    mov bp, sp
    mov ax, [bp+2]
    mov [dword DATA_AREA+0x100], ax
    mov ax, [bp+4]
    mov [dword DATA_AREA+0x102], ax
    lea ax, [bp+2]
    mov [dword DATA_AREA+0x104], ax
    pop bp
    iret

ROM_END
