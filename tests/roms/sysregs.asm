; sysregs.asm - system-register and protection-check corner cases.
;
; Checks: in real mode the protected-mode-only instructions ARPL, LAR, LSL,
; VERR, VERW, SLDT, STR, LLDT, LTR raise #UD while SMSW works; in protected
; mode: MOV CR0 with PG=1 and PE=0 -> #GP(0), with NW=1 and CD=0 -> #GP(0);
; MOV to/from CR1 -> #UD; DR4/DR5 alias DR6/DR7 when CR4.DE=0 and raise #UD
; when CR4.DE=1; LTR with a busy TSS or a data segment -> #GP(sel); far JMP
; with RPL 3 to non-conforming ring-0 code at CPL 0 -> #GP(sel); a call gate
; whose target is a data segment -> #GP(target); JMP through a ring-0 call
; gate (same level); an interrupt gate whose target code segment is ring 3
; -> #GP(target) from ring 0; MOV SS with a null selector at CPL 0 ->
; #GP(0). Intel SDM Vol. 2 (instruction pages: "Real-Address Mode
; Exceptions", MOV CRn, MOV DRn, LTR, JMP, CALL, INT n), Vol. 3A 2.5, 17.2.2.

%include "lib.inc"

SEL_G_DATA equ SEL_FREE+0x00    ; call gate -> SEL_DATA32 (invalid target)
SEL_G_OK   equ SEL_FREE+0x08    ; ring-0 call gate -> gate_jmp_target
VEC_R3     equ 0x60             ; interrupt gate -> ring-3 code segment

; UD16 resume -- real mode: expect #UD at the next instruction.
%macro UD16 2+
    STEP16 "real mode: ", %2, " -> #UD"
    EXPECT16 6, %%r
%%f: %1
    FAIL16 "no #UD"
%%r: CHECK_EXC16 6, %%f
%endmacro

main16:
    PRINT16 "sysregs: start", 10
    mov bx, 0x10
    UD16 {arpl bx, bx}, "ARPL"
    UD16 {lar ax, bx}, "LAR"
    UD16 {lsl ax, bx}, "LSL"
    UD16 {verr bx}, "VERR"
    UD16 {verw bx}, "VERW"
    UD16 {sldt ax}, "SLDT"
    UD16 {str ax}, "STR"
    UD16 {lldt bx}, "LLDT"
    UD16 {ltr bx}, "LTR"
    STEP16 "real mode: SMSW works"
    smsw ax
    and ax, 1
    CHECK16 ax, 0, "MSW.PE in real mode"
    jmp pm_enter

bits 32
main32:
    call setup_tss_main

    STEP "MOV CR0 with PG=1, PE=0 -> #GP(0)"
    mov eax, cr0
    mov ebx, eax
    SKIP_ON_QEMU .s1, "MOV CR0 with PG=1, PE=0 accepted"
    and eax, ~1
    or eax, 0x80000000
    EXPECT 13, .r1
.f1: mov cr0, eax
    NOEXC
.r1: CHECK_EXC 13, 0, .f1
    mov eax, cr0
    CHECK eax, ebx, "CR0 unchanged"
.s1:

    STEP "MOV CR0 with NW=1, CD=0 -> #GP(0)"
    SKIP_ON_QEMU .s2, "MOV CR0 with NW=1, CD=0 accepted"
    mov eax, ebx
    and eax, ~0x40000000
    or eax, 0x20000000
    EXPECT 13, .r2
.f2: mov cr0, eax
    NOEXC
.r2: CHECK_EXC 13, 0, .f2
.s2:

    STEP "MOV EAX, CR1 -> #UD"
    EXPECT 6, .r3
.f3: db 0x0F, 0x20, 0xC8          ; mov eax, cr1
    NOEXC
.r3: CHECK_EXC 6, 0, .f3

    STEP "DR4/DR5 alias DR6/DR7 with CR4.DE=0"
    mov eax, cr4
    and eax, ~8
    mov cr4, eax
    xor eax, eax
    mov dr7, eax
    db 0x0F, 0x21, 0xE8           ; mov eax, dr5
    mov ebx, dr7
    CHECK eax, ebx, "DR5 reads DR7"
    db 0x0F, 0x21, 0xE0           ; mov eax, dr4
    mov ebx, dr6
    CHECK eax, ebx, "DR4 reads DR6"

    STEP "DR4/DR5 -> #UD with CR4.DE=1"
    mov eax, 1
    cpuid
    test edx, 4                 ; DE
    jz .node
    mov eax, cr4
    or eax, 8
    mov cr4, eax
    EXPECT 6, .r4
.f4: db 0x0F, 0x21, 0xE8          ; mov eax, dr5
    NOEXC
.r4: mov eax, cr4
    and eax, ~8
    mov cr4, eax
    CHECK_EXC 6, 0, .f4
.node:

    STEP "LTR with a busy TSS or a data segment -> #GP(sel)"
    mov ax, SEL_TSS             ; busy since setup_tss_main
    EXPECT 13, .r5
.f5: ltr ax
    NOEXC
.r5: CHECK_EXC 13, SEL_TSS, .f5
    mov ax, SEL_DATA32
    EXPECT 13, .r6
.f6: ltr ax
    NOEXC
.r6: CHECK_EXC 13, SEL_DATA32, .f6

    STEP "far JMP with RPL 3 to non-conforming ring-0 code -> #GP(sel)"
    EXPECT 13, .r7
.f7: jmp (SEL_CODE32|3):main32
    NOEXC
.r7: CHECK_EXC 13, SEL_CODE32, .f7

    STEP "call gate with a data-segment target -> #GP(target)"
    mov edx, SEL_G_DATA
    mov eax, SEL_DATA32
    mov ebx, 0
    mov cl, GATE_CALL32
    mov ch, 0
    call make_gate_desc
    EXPECT 13, .r8
.f8: call SEL_G_DATA:0
    NOEXC
.r8: CHECK_EXC 13, SEL_DATA32, .f8

    STEP "JMP through a ring-0 call gate (same level)"
    mov edx, SEL_G_OK
    mov eax, SEL_CODE32
    mov ebx, gate_jmp_target
    mov cl, GATE_CALL32
    mov ch, 0
    call make_gate_desc
    mov ebp, esp
    jmp SEL_G_OK:0
.jback:
    mov eax, esp
    CHECK eax, ebp, "JMP through a gate pushes nothing"

    STEP "INT to a gate whose target is ring-3 code, from ring 0 -> #GP(sel)"
    mov eax, VEC_R3
    mov ebx, main32
    mov cx, SEL_CODE3
    mov dl, GATE_INT32
    call set_gate
    EXPECT 13, .r9
.f9: int VEC_R3
    NOEXC
.r9: CHECK_EXC 13, SEL_CODE3 & ~3, .f9

    STEP "MOV SS with a null selector at CPL 0 -> #GP(0)"
    xor eax, eax
    EXPECT 13, .r10
.f10: mov ss, ax
    NOEXC
.r10: CHECK_EXC 13, 0, .f10
    jmp pass

gate_jmp_target:
    jmp main32.jback

ROM_END
