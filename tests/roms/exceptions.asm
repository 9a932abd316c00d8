; exceptions.asm - protected-mode exceptions: vectors, error codes, saved
; EIP (fault vs trap), precise faults, double fault.
;
; Checks: #DE (DIV by 0, IDIV overflow, 8-bit quotient overflow) at the DIV;
; #DB single step with EFLAGS.TF (trap after one instruction, DR6.BS);
; INT3 and INTO (traps: EIP after); INTO with OF=0 does nothing; #BR from
; BOUND (fault); #UD from UD2, LOCK on a non-memory instruction, MOV CS;
; #NM from an x87 instruction with CR0.EM=1; #NP(sel) loading DS with a
; not-present segment; #SS(0) on a stack-segment limit violation, #SS(sel)
; loading SS with a not-present segment; #GP(sel) loading SS with read-only
; data, DS with RPL > DPL, an LDT selector with a null LDTR, far JMP to a data
; segment; #GP(0) far JMP to a null selector; #GP(n*8+2) INT past the IDT
; limit; #NP(n*8+2) INT through a not-present gate; POP DS faulting leaves
; ESP unchanged; #TS(link) IRET with NT=1 and a non-TSS back link; #DF(0)
; for #DE while the #DE gate is not present and for #GP while the #GP gate
; is not present; an instruction longer than 15 bytes -> #GP(0).
; Intel SDM Vol. 3A 6.3, 6.13 (error code), 6.15 (each
; exception), Table 6-5 (double-fault conditions).

%include "lib.inc"

SEL_NP    equ SEL_FREE+0x00     ; not-present data segment
SEL_SSLIM equ SEL_FREE+0x08     ; stack segment, limit 0x8FFF
SEL_RO    equ SEL_FREE+0x10     ; read-only data

main16:
    PRINT16 "exceptions: start", 10
    jmp pm_enter

bits 32
main32:
    call setup_tss_main

    STEP "#DE: DIV by zero (fault, EIP at the DIV)"
    mov eax, 1
    xor edx, edx
    xor ecx, ecx
    EXPECT 0, .r1
.f1: div ecx
    NOEXC
.r1: CHECK_EXC 0, 0, .f1

    STEP "#DE: IDIV 0x80000000 / -1 overflow"
    mov eax, 0x80000000
    cdq
    mov ecx, -1
    EXPECT 0, .r2
.f2: idiv ecx
    NOEXC
.r2: CHECK_EXC 0, 0, .f2

    STEP "#DE: 8-bit DIV quotient overflow"
    mov ax, 0x1000
    mov cl, 1
    EXPECT 0, .r3
.f3: div cl
    NOEXC
.r3: CHECK_EXC 0, 0, .f3

    STEP "#DB: single step with EFLAGS.TF (trap after one instruction)"
    xor eax, eax
    mov dr6, eax
    pushfd
    or dword [esp], EFL_TF
    EXPECT 1, .r4
    popfd                       ; TF takes effect after the next instruction
    mov eax, 1
.a4: mov eax, 2
    NOEXC
.r4: CHECK_EXC 1, 0, .a4
    CHECK eax, 1, "only one instruction ran before the #DB"
    CHECKM [exp_eflags], EFL_TF, EFL_TF, "TF set in the saved EFLAGS"
    mov eax, dr6
    CHECKM eax, 0x4000, 0x4000, "DR6.BS"

    STEP "INT3: trap, EIP after the instruction"
    EXPECT 3, .r5
    int3
.a5: NOEXC
.r5: CHECK_EXC 3, 0, .a5

    STEP "INTO with OF=1: #OF trap; with OF=0: nothing"
    mov al, 0x7F
    add al, 1                   ; OF=1
    EXPECT 4, .r6
    into
.a6: NOEXC
.r6: CHECK_EXC 4, 0, .a6
    xor eax, eax                ; OF=0
    into

    STEP "#BR: BOUND with the index out of range (fault)"
    mov dword [DATA_AREA], 10
    mov dword [DATA_AREA+4], 20
    mov eax, 15
    bound eax, [DATA_AREA]      ; in range
    mov eax, 21
    EXPECT 5, .r7
.f7: bound eax, [DATA_AREA]
    NOEXC
.r7: CHECK_EXC 5, 0, .f7

    STEP "#UD: UD2"
    EXPECT 6, .r8
.f8: ud2
    NOEXC
.r8: CHECK_EXC 6, 0, .f8

    STEP "#UD: LOCK ADD EAX,EBX (register destination)"
    EXPECT 6, .r9
.f9: db 0xF0, 0x01, 0xD8
    NOEXC
.r9: CHECK_EXC 6, 0, .f9

    STEP "#UD: MOV CS, AX"
    EXPECT 6, .r10
.f10: db 0x8E, 0xC8
    NOEXC
.r10: CHECK_EXC 6, 0, .f10

    STEP "#NM: x87 instruction with CR0.EM=1"
    mov eax, cr0
    or eax, 4
    mov cr0, eax
    EXPECT 7, .r11
.f11: fninit
    NOEXC
.r11: CHECK_EXC 7, 0, .f11
    mov eax, cr0
    and eax, ~4
    mov cr0, eax

    STEP "#NP(sel): load DS with a not-present data segment"
    mov edx, SEL_NP
    mov eax, 0
    mov ebx, 0xFFFFF
    mov cl, 0x12                ; P=0, data, writable
    mov ch, FL_G32
    call make_desc
    mov ax, SEL_NP
    EXPECT 11, .r12
.f12: mov ds, ax
    NOEXC
.r12: CHECK_EXC 11, SEL_NP, .f12

    STEP "#SS(sel): load SS with a not-present segment"
    EXPECT 12, .r13
.f13: mov ss, ax
    NOEXC
.r13: CHECK_EXC 12, SEL_NP, .f13

    STEP "#GP(sel): load SS with a read-only data segment"
    mov edx, SEL_RO
    mov cl, 0x90
    call make_desc
    mov ax, SEL_RO
    EXPECT 13, .r14
.f14: mov ss, ax
    NOEXC
.r14: CHECK_EXC 13, SEL_RO, .f14

    STEP "#SS(0): access past the stack-segment limit"
    SKIP_ON_QEMU .s15, "data segment limit checks not implemented"
    mov edx, SEL_SSLIM
    mov eax, 0
    mov ebx, 0x8FFF
    mov cl, ACC_DATA0
    mov ch, FL_B32
    call make_desc
    mov ax, SEL_SSLIM
    mov ss, ax
    mov ebp, 0x9000
    EXPECT 12, .r15
.f15: mov eax, [ebp]
    NOEXC
.r15: mov ax, SEL_DATA32
    mov ss, ax
    CHECK_EXC 12, 0, .f15
.s15:

    STEP "#GP(sel): load DS with RPL 3 > DPL 0"
    mov ax, SEL_DATA32 | 3
    EXPECT 13, .r16
.f16: mov ds, ax
    NOEXC
.r16: CHECK_EXC 13, SEL_DATA32, .f16

    STEP "#GP(sel): LDT selector with a null LDTR"
    xor eax, eax
    lldt ax
    mov ax, 0x0C                ; index 1, TI=1
    EXPECT 13, .r17
.f17: mov es, ax
    NOEXC
.r17: CHECK_EXC 13, 0x0C, .f17

    STEP "#GP(0): far JMP to a null selector"
    EXPECT 13, .r18
.f18: jmp 0:0
    NOEXC
.r18: CHECK_EXC 13, 0, .f18

    STEP "#GP(sel): far JMP to a data segment"
    EXPECT 13, .r19
.f19: jmp SEL_DATA32:0
    NOEXC
.r19: CHECK_EXC 13, SEL_DATA32, .f19

    STEP "POP DS with a bad selector: #GP(sel), ESP unchanged"
    push dword 0x800
    mov ebp, esp
    EXPECT 13, .r20
.f20: pop ds
    NOEXC
.r20: mov eax, esp
    CHECK eax, ebp, "ESP after the faulting POP DS"
    add esp, 4
    CHECK_EXC 13, 0x800, .f20

    STEP "#GP(n*8+2): INT past the IDT limit"
    lidt [small_idtr]
    EXPECT 13, .r21
.f21: int 0x60
    NOEXC
.r21: lidt [idtr]
    CHECK_EXC 13, 0x60*8+2, .f21

    STEP "#NP(n*8+2): INT through a not-present gate"
    and byte [IDT_BASE + 0x61*8 + 5], 0x7F
    EXPECT 11, .r22
.f22: int 0x61
    NOEXC
.r22: mov eax, 0x61
    call restore_gate
    CHECK_EXC 11, 0x61*8+2, .f22

    STEP "#TS(link): IRETD with NT=1 and a non-TSS back link"
    mov dword [TSS_MAIN], SEL_DATA32
    pushfd
    or dword [esp], EFL_NT
    popfd
    EXPECT 10, .r23
.f23: iretd
    NOEXC
.r23: pushfd
    and dword [esp], ~EFL_NT
    popfd
    mov dword [TSS_MAIN], 0
    CHECK_EXC 10, SEL_DATA32, .f23

    STEP "#DF(0): #DE while the #DE gate is not present"
    and byte [IDT_BASE + 0*8 + 5], 0x7F
    xor ecx, ecx
    EXPECT 8, .r24
    div ecx
    NOEXC
.r24: xor eax, eax
    call restore_gate
    CHECK [exp_hit], 8, "exception vector taken"
    CHECK [exp_err], 0, "#DF error code"

    STEP "#DF(0): #GP while the #GP gate is not present"
    and byte [IDT_BASE + 13*8 + 5], 0x7F
    mov ax, 0x800
    EXPECT 8, .r25
    mov ds, ax
    NOEXC
.r25: mov eax, 13
    call restore_gate
    CHECK [exp_hit], 8, "exception vector taken"
    CHECK [exp_err], 0, "#DF error code"

    STEP "benign + contributory: #NP delivering INT3 is not a #DF"
    and byte [IDT_BASE + 3*8 + 5], 0x7F
    EXPECT 11, .r26
.f26: int3
    NOEXC
.r26: mov eax, 3
    call restore_gate
    CHECK_EXC 11, 3*8+2, .f26

    STEP "instruction length: 15 bytes run, 16 bytes -> #GP(0)"
    xor eax, eax
    times 14 db 0x3E            ; 14 prefixes + INC EAX = 15 bytes
    inc eax
    CHECK eax, 1, "15-byte instruction executed"
    EXPECT 13, .r27
.f27:
    times 15 db 0x3E            ; 15 prefixes + INC EAX = 16 bytes
    inc eax
    NOEXC
.r27: CHECK_EXC 13, 0, .f27
    jmp pass

small_idtr: dw 0x50*8-1
            dd IDT_BASE

ROM_END
