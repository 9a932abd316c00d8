; v86_exc.asm - processor exceptions raised in virtual-8086 mode, with paging.
;
; Checks: #DE and #UD raised by V86 code go through the IDT to ring 0 even
; with IOPL 0 (exceptions are not IOPL-sensitive; gate DPL is not checked for
; them) and push the V86 frame (saved CS:IP = the faulting instruction, VM=1
; in the saved EFLAGS, V86 SS:SP); a #PF from V86 code has the U/S bit set in
; its error code (CPL 3): read of a not-present page -> 4, write to a
; read-only user page -> 7, CR2 = linear address segment*16+offset; the
; handler fixes the PTE and the V86 instruction is retried.
; Intel SDM Vol. 3A 20.3.1 (Class 1 - hardware interrupts and exceptions),
; 4.7 (#PF error code), 20.2.5 (paging in V86).

%include "lib.inc"

PD      equ 0x10000
PT0     equ 0x11000
V86_SS  equ 0x0C00
V86_SP  equ 0x0400
NPPAGE  equ 0x40000             ; not present at first
ROPAGE  equ 0x41000             ; user read-only at first

pf_count equ rom_vars+0
pf_err   equ rom_vars+4
pf_eip   equ rom_vars+8
pf_cr2   equ rom_vars+12
pf_cs    equ rom_vars+16

; EXPECT_V86 vector, resume -- EXPECT from V86 code (resume is a V86 IP).
%macro EXPECT_V86 2
    push ds
    push word 0
    pop ds
    mov dword [exp_hit], -1
    mov dword [exp_err], -1
    mov dword [exp_resume], R(%2)
    mov dword [exp_vec], %1
    pop ds
%endmacro

main16:
    PRINT16 "v86_exc: start", 10
    jmp pm_enter

bits 32
main32:
    call setup_tss_main
    mov eax, 14
    mov ebx, pf_handler
    mov cx, SEL_CODE32
    mov dl, GATE_INT32
    call set_gate
    mov eax, 13
    mov ebx, v86_leave
    call set_gate

    STEP "paging on (identity, user pages), enter V86 with IOPL 0"
    mov dword [NPPAGE+0x10], 0x0BADF00D
    mov dword [ROPAGE+0x20], 0
    mov edi, PD
    xor eax, eax
    mov ecx, 2*1024
    rep stosd
    mov dword [PD], PT0 | 7
    mov edi, PT0
    mov eax, 7
.map:
    stosd
    add eax, 0x1000
    cmp edi, PT0 + 4096
    jne .map
    mov dword [PT0 + (NPPAGE >> 12)*4], 0
    mov dword [PT0 + (ROPAGE >> 12)*4], ROPAGE | 5
    mov eax, PD
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    jmp .pg
.pg:
    mov [saved_esp], esp
    push dword 0                ; GS
    push dword 0                ; FS
    push dword 0                ; DS
    push dword 0                ; ES
    push dword V86_SS
    push dword V86_SP
    push dword EFL_VM | 2
    push dword 0xF000
    push dword R(v86_code)
    iretd
after_v86:
    CHECK [ROPAGE+0x20], 0x600DC0DE, "V86 write after the fix"
    jmp pass

; #GP (HLT in V86 or anything else): leave V86 and continue in ring 0.
v86_leave:
    mov eax, [ss:esp+12]        ; saved EFLAGS
    mov [ss:lib_tmp], eax
    mov eax, [ss:esp+4]         ; saved EIP
    mov [ss:lib_tmp+4], eax
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov esp, [saved_esp]
    STEP "monitor: V86 left through #GP"
    CHECKM [lib_tmp], EFL_VM, EFL_VM, "#GP came from V86 mode"
    CHECK [lib_tmp+4], R(v86_code.hlt), "#GP at the HLT"
    jmp after_v86

; #PF: record, make the page present and writable for the user, retry.
pf_handler:
    push ds
    pushad
    mov ax, SEL_DATA32
    mov ds, ax
    inc dword [pf_count]
    mov eax, [esp+36]
    mov [pf_err], eax
    mov eax, [esp+40]
    mov [pf_eip], eax
    mov eax, [esp+44]
    and eax, 0xFFFF
    mov [pf_cs], eax
    mov eax, cr2
    mov [pf_cr2], eax
    mov ebx, eax
    shr ebx, 12
    and eax, 0xFFFFF000
    or eax, 7
    mov [PT0 + ebx*4], eax
    mov eax, cr2
    invlpg [eax]
    popad
    pop ds
    add esp, 4
    iretd

; ===========================================================================
bits 16
v86_code:
    STEP16 "  v86: #DE through the IDT with IOPL 0, V86 frame"
    xor cx, cx
    mov ax, 1
    xor dx, dx
    EXPECT_V86 0, .r1
.f1: div cx
    FAIL16 "no #DE"
.r1: xor ax, ax
    mov es, ax
    CHECK32_16 [es:exp_hit], 0, "vector"
    CHECK32_16 [es:exp_eip], R(.f1), "saved IP (the DIV)"
    CHECK32_16 [es:exp_cs], 0xF000, "saved CS"
    CHECK32_16 [es:exp_ss], V86_SS, "saved SS"
    CHECK32_16 [es:exp_esp], V86_SP, "saved SP"
    mov eax, [es:exp_eflags]
    and eax, EFL_VM | 0x3000
    CHECK32_16 eax, EFL_VM, "saved EFLAGS: VM=1, IOPL=0"

    STEP16 "  v86: #UD (UD2) through the IDT"
    EXPECT_V86 6, .r2
.f2: ud2
    FAIL16 "no #UD"
.r2: CHECK32_16 [es:exp_hit], 6, "vector"
    CHECK32_16 [es:exp_eip], R(.f2), "saved IP (the UD2)"

    STEP16 "  v86: #PF reading a not-present page: error 4, CR2"
    mov ax, NPPAGE >> 4
    mov fs, ax
.f3: mov eax, [fs:0x10]
    CHECK32_16 eax, 0x0BADF00D, "value read after the fix"
    CHECK32_16 [es:pf_count], 1, "number of #PF"
    CHECK32_16 [es:pf_err], 4, "#PF error code (U=1, W=0, P=0)"
    CHECK32_16 [es:pf_cr2], NPPAGE + 0x10, "CR2"
    CHECK32_16 [es:pf_eip], R(.f3), "#PF saved IP"
    CHECK32_16 [es:pf_cs], 0xF000, "#PF saved CS"

    STEP16 "  v86: #PF writing a read-only user page: error 7"
    mov ax, ROPAGE >> 4
    mov fs, ax
.f4: mov dword [fs:0x20], 0x600DC0DE
    CHECK32_16 [es:pf_count], 2, "number of #PF"
    CHECK32_16 [es:pf_err], 7, "#PF error code (U=1, W=1, P=1)"
    CHECK32_16 [es:pf_cr2], ROPAGE + 0x20, "CR2"
    CHECK32_16 [es:pf_eip], R(.f4), "#PF saved IP"

    STEP16 "  v86: HLT -> #GP -> monitor"
.hlt: hlt
    FAIL16 "V86 continued after HLT"

ROM_END
