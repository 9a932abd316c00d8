; x87_basic.asm - x87 FPU basics on an i686 (protected mode, ring 0).
;
; Checks: FPU presence (FNINIT/FNSTSW probe) and CPUID.1:EDX.FPU; FNINIT
; state (status 0, control 0x037F, tag 0xFFFF); exact arithmetic (FLD/FADD/
; FSUB/FMUL/FDIV/FSQRT/FABS/FCHS/FRNDINT, FILD/FISTP with rounding to even);
; FCOM + FNSTSW AX + SAHF condition codes, FCOMI/FUCOMI EFLAGS (P6); FXCH;
; masked exceptions (stack overflow -> IE|SF, C1=1, QNaN indefinite; divide
; by zero -> ZE, +infinity); an unmasked exception with CR0.NE=1 raises #MF
; at the next waiting x87 instruction (saved EIP = that instruction); #NM for
; FWAIT with CR0.TS=1 and MP=1; FNSAVE/FRSTOR round trip.
; Intel SDM Vol. 1 ch. 8 (x87 FPU), Vol. 3A 9.2.2 (CR0.MP/EM/TS/NE),
; 6.15 (Interrupt 7, Interrupt 16).

%include "lib.inc"

tmp   equ rom_vars+0            ; 16 bytes scratch
env   equ 0x20000               ; FNSTENV/FNSAVE area (108 bytes)

; FST32_IS value_bits, "what" -- FSTP ST0 as single and compare its bits.
%macro FST32_IS 2+
    fstp dword [tmp]
    CHECK [tmp], %1, %2
%endmacro

main16:
    PRINT16 "x87_basic: start", 10
    jmp pm_enter

bits 32
main32:
    STEP "FPU present: FNINIT/FNSTSW probe, CPUID.1:EDX.FPU"
    mov eax, cr0
    and eax, ~(4 | 8)           ; EM=0, TS=0
    or eax, 2 | 0x20            ; MP=1, NE=1
    mov cr0, eax
    mov word [tmp], 0x5A5A
    fninit
    fnstsw [tmp]
    movzx eax, word [tmp]
    CHECK eax, 0, "status word after FNINIT (0x5A5A = no FPU)"
    mov eax, 1
    cpuid
    CHECKM edx, 1, 1, "CPUID.1:EDX.FPU"

    STEP "FNINIT state: control 0x037F, tag 0xFFFF"
    fnstcw [tmp]
    movzx eax, word [tmp]
    CHECK eax, 0x037F, "control word"
    fnstenv [env]
    movzx eax, word [env+8]
    CHECK eax, 0xFFFF, "tag word"

    STEP "exact arithmetic: FADD FSUB FMUL FDIV FSQRT FABS FCHS"
    fld dword [c_1_5]
    fadd dword [c_2_25]
    FST32_IS 0x40700000, "1.5 + 2.25 = 3.75"
    fld dword [c_1_5]
    fsub dword [c_2_25]
    FST32_IS 0xBF400000, "1.5 - 2.25 = -0.75"
    fld dword [c_1_5]
    fmul dword [c_2_25]
    FST32_IS 0x40580000, "1.5 * 2.25 = 3.375"
    fld dword [c_2_25]
    fdiv dword [c_1_5]
    FST32_IS 0x3FC00000, "2.25 / 1.5 = 1.5"
    fld dword [c_2_25]
    fsqrt
    FST32_IS 0x3FC00000, "sqrt(2.25) = 1.5"
    fld dword [c_m2_5]
    fabs
    FST32_IS 0x40200000, "|-2.5| = 2.5"
    fld dword [c_1_5]
    fchs
    FST32_IS 0xBFC00000, "-(1.5)"
    fld1
    fldz
    faddp st1, st0
    fldl2e                      ; pushes, then discard: stack discipline
    fstp st0
    FST32_IS 0x3F800000, "FLD1 + FLDZ"

    STEP "FRNDINT, FILD/FISTP (round to nearest even)"
    fld dword [c_2_5]
    frndint
    FST32_IS 0x40000000, "FRNDINT 2.5 = 2"
    fld dword [c_m2_5]
    fistp dword [tmp]
    CHECK [tmp], -2, "FISTP -2.5 = -2"
    fld dword [c_3_5]
    fistp dword [tmp]
    CHECK [tmp], 4, "FISTP 3.5 = 4"
    mov dword [tmp], -7
    fild dword [tmp]
    FST32_IS 0xC0E00000, "FILD -7"

    STEP "FCOM + FNSTSW AX + SAHF; FCOMI; FUCOMI; FXCH"
    fld dword [c_2_25]
    fld dword [c_1_5]           ; ST0 = 1.5, ST1 = 2.25
    fcom st1
    fnstsw ax
    and eax, 0x4500             ; C3 C2 C0
    CHECK eax, 0x0100, "FCOM 1.5 < 2.25: C0=1"
    fnstsw ax
    sahf
    jb .lt
    FAIL "SAHF after FCOM: CF not set"
.lt:
    fcomi st0, st1
    jb .lt2
    FAIL "FCOMI 1.5 < 2.25: CF not set"
.lt2:
    fxch st1                    ; ST0 = 2.25
    fucomi st0, st1
    ja .gt
    FAIL "FUCOMI 2.25 > 1.5: not above"
.gt:
    FST32_IS 0x40100000, "ST0 after FXCH (2.25)"
    FST32_IS 0x3FC00000, "ST1 after FXCH (1.5)"

    STEP "masked stack overflow: IE|SF, C1=1, QNaN indefinite"
    SKIP_ON_QEMU .s1, "x87 stack overflow (SF) not detected"
    fninit
    mov ecx, 9
.push:
    fld1
    loop .push
    fnstsw ax
    and eax, 0x0241             ; C1, SF, IE
    CHECK eax, 0x0241, "status C1|SF|IE"
    FST32_IS 0xFFC00000, "ST0 = QNaN indefinite"
.s1:

    STEP "masked divide by zero: ZE, +infinity"
    fninit
    fld1
    fldz
    fdivp st1, st0
    fnstsw ax
    and eax, 0x3F
    CHECK eax, 4, "exception flags: ZE only"
    FST32_IS 0x7F800000, "1/0 = +infinity"

    STEP "unmasked divide by zero, CR0.NE=1: #MF at the next FWAIT"
    fninit
    fldcw [cw_zm0]
    fld1
    fldz
    fdivp st1, st0              ; sets ZE and ES, no exception yet
    fnstsw ax
    and eax, 0x80
    CHECK eax, 0x80, "ES (error summary) set"
    EXPECT 16, .r1
.f1: fwait
    NOEXC
.r1: CHECK_EXC 16, 0, .f1
    fnclex
    fninit

    STEP "#NM: FWAIT with CR0.TS=1 and MP=1"
    mov eax, cr0
    or eax, 8
    mov cr0, eax
    EXPECT 7, .r2
.f2: fwait
    NOEXC
.r2: clts
    CHECK_EXC 7, 0, .f2

    STEP "FNSAVE/FRSTOR round trip"
    fninit
    fld dword [c_2_25]
    fld dword [c_1_5]
    fnsave [env]
    fnstsw ax
    and eax, 0x3800             ; TOP = 0 after FNSAVE (reinitialised)
    CHECK eax, 0, "TOP after FNSAVE"
    frstor [env]
    FST32_IS 0x3FC00000, "ST0 restored"
    FST32_IS 0x40100000, "ST1 restored"
    jmp pass

c_1_5:  dd 1.5
c_2_25: dd 2.25
c_2_5:  dd 2.5
c_m2_5: dd -2.5
c_3_5:  dd 3.5
cw_zm0: dw 0x037B               ; all masked except ZM

ROM_END
