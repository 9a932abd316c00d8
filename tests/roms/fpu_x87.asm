; fpu_x87.asm - the x87 FPU against QEMU: loads/stores of every format, arithmetic under every
; rounding mode and precision control, special operands (zeros, denormals,
; infinities, NaNs, unsupported encodings), exception flags, compares,
; FCOMI/FCMOVcc, integer and BCD conversions, FPREM/FPREM1/FRNDINT/FSCALE/
; FXTRACT, the constants under each rounding mode, stack faults, FNSTENV/
; FNSAVE/FRSTOR layouts, the FXSAVE header and an FXRSTOR round trip,
; transcendental instructions and #MF.
;
; Runs in 32-bit protected mode (lib.inc). Each case prints one line:
;
;   name SW=ssss ST0=eeee:mmmmmmmmmmmmmmmm ST1=...
;
; SW is the status word right after the case (ANDed with SWMASK, see
; below), then the register stack from ST(0) until the first empty
; register (at most two). Memory results are printed as M=hex.
;
; Expected output: tests/roms/fpu_x87.expected, made under QEMU (-cpu
; pentium2) by tests/gen_fpu_expected.sh. Where QEMU's x87 is not a
; faithful reference the case is arranged so that it is:
;   - transcendental results (QEMU computes FSIN/FCOS/FPTAN/FSINCOS in host
;     double precision) are printed rounded to single precision (M=...);
;   - C1 (the "rounded up" bit) and DE (denormal operand), which QEMU does
;     not maintain, are masked out of SW (SWMASK); so are the condition
;     codes FSQRT leaves undefined and the FPREM1 quotient bits (QEMU 7.2
;     leaves them clear), and PE after transcendental instructions;
;   - FCOMI/FUCOMI print only ZF PF CF (QEMU does not clear OF SF AF);
;   - stack overflow/underflow (QEMU has no stack-fault detection), FOP in
;     FNSTENV (QEMU stores 0), ES after FLDCW unmasks a pending exception
;     and the results of unmasked exceptions (QEMU writes the destination
;     anyway) are not printed here; #MF delivery itself is checked.
; Those rules are checked in tests/unit/test_fpu.c instead.

%include "lib.inc"

SCR     equ DATA_AREA           ; scratch for memory operands and images
SWMASK  equ 0xFDFD              ; all but C1 and DE
SWM_NOCC equ SWMASK & ~0x4500   ; ... and without C0 C2 C3
SWM_NOPE equ SWMASK & ~0x0020   ; ... and without PE
SWMV    equ SCR+0x420           ; the mask used by show/showmem

main16:
    jmp pm_enter

bits 32

; X80 sexp, mant: an 80-bit value from its fields.
%macro X80 2
    dq %2
    dw %1
%endmacro

; TB "name", cw: start a case (FNINIT, FLDCW cw, print the name).
%macro TB 2
    mov esi, %%n
    mov eax, %2
    call begin
    jmp %%a
%%n: db %1, 0
%%a:
%endmacro

; SWM mask: use another SW mask for the current case.
%macro SWM 1
    mov dword [SWMV], %1
%endmacro

; TE: end a case: print SW and the stack.
%macro TE 0
    call show
%endmacro

; TM bytes: end a case that stored to SCR: print SW, the stack and the
; first `bytes` bytes at SCR.
%macro TM 1
    mov ecx, %1
    call showmem
%endmacro

main32:
    finit
    ; ---- basic arithmetic: every RC x PC ----
%assign k 0
%rep 12
  %if k < 4
    %assign cw 0x037F | (k << 10)
  %elif k < 8
    %assign cw 0x027F | ((k - 4) << 10)
  %else
    %assign cw 0x007F | ((k - 8) << 10)
  %endif
    TB "1/3", cw
    fld1
    fld tword [v_three]
    fdivp st1, st0
    TE
    TB "-2/3", cw
    fld tword [v_mtwo]
    fld tword [v_three]
    fdivp st1, st0
    TE
    TB "sqrt2", cw
    fld tword [v_two]
    fsqrt
    TE
    TB "0.1+0.2 m64", cw
    fld qword [d_01]
    fadd qword [d_02]
    TE
    TB "1e10*pi", cw
    fld tword [v_1e10]
    fldpi
    fmulp st1, st0
    TE
    TB "1-2^-70", cw
    fld1
    fld tword [v_2m70]
    fsubp st1, st0
    TE
    TB "max+max", cw
    fld tword [v_max]
    fld st0
    faddp st1, st0
    TE
    TB "min*0.75", cw
    fld tword [v_min]
    fld tword [v_075]
    fmulp st1, st0
    TE
    TB "fst m32 1/3", cw
    fld1
    fdiv dword [f_three]
    fst dword [SCR]
    TM 4
    TB "fst m64 -1/3", cw
    fld1
    fchs
    fidiv dword [i_three]
    fst qword [SCR]
    TM 8
    TB "fistp m32 -2.5", cw
    fld tword [v_m25]
    fistp dword [SCR]
    TM 4
    TB "frndint 2.5", cw
    fld tword [v_25]
    frndint
    TE
    TB "frndint -0.3", cw
    fld tword [v_m03]
    frndint
    TE
    TB "consts", cw
    fldpi
    fstp tword [SCR]
    fldl2e
    fstp tword [SCR+10]
    fldl2t
    fstp tword [SCR+20]
    fldlg2
    fstp tword [SCR+30]
    fldln2
    fstp tword [SCR+40]
    TM 50
  %assign k k+1
%endrep

    ; ---- special operands (all exceptions masked, PC 64, RN) ----
    TB "0/0", 0x037F
    fldz
    fldz
    fdivp st1, st0
    TE
    TB "1/0", 0x037F
    fld1
    fdiv dword [f_zero]
    TE
    TB "-1/+0", 0x037F
    fld1
    fchs
    fldz
    fdivp st1, st0
    TE
    TB "inf-inf", 0x037F
    fld tword [v_inf]
    fld tword [v_inf]
    fsubp st1, st0
    TE
    TB "inf*0", 0x037F
    fld tword [v_inf]
    fmul dword [f_zero]
    TE
    TB "sqrt-1", 0x037F
    fld1
    fchs
    fsqrt
    SWM SWM_NOCC
    TE
    TB "sqrt-0", 0x037F
    fldz
    fchs
    fsqrt
    SWM SWM_NOCC
    TE
    TB "snan+1", 0x037F
    fld tword [v_snan]
    fld1
    faddp st1, st0
    TE
    TB "qnan+snan", 0x037F
    fld tword [v_qnan]
    fld tword [v_snan]
    faddp st1, st0
    TE
    TB "qnanA+qnanB", 0x037F
    fld tword [v_qnan]
    fld tword [v_qnan2]
    faddp st1, st0
    TE
    TB "qnanB+qnanA", 0x037F
    fld tword [v_qnan2]
    fld tword [v_qnan]
    faddp st1, st0
    TE
    TB "unnormal+1", 0x037F
    fld tword [v_unnormal]
    fld1
    faddp st1, st0
    TE
    TB "pseudoinf*1", 0x037F
    fld tword [v_pinf]
    fld1
    fmulp st1, st0
    TE
    TB "denorm+0", 0x037F
    fld tword [v_denorm]
    fldz
    faddp st1, st0
    TE
    TB "denorm*2^64", 0x037F
    fld tword [v_denorm]
    fld tword [v_2p64]
    fmulp st1, st0
    TE
    TB "pseudodenorm+0", 0x037F
    fld tword [v_pdenorm]
    fldz
    faddp st1, st0
    TE
    TB "min/2", 0x037F
    fld tword [v_min]
    fld tword [v_two]
    fdivp st1, st0
    TE
    TB "min/3", 0x037F
    fld tword [v_min]
    fld tword [v_three]
    fdivp st1, st0
    TE
    TB "fld m32 denorm", 0x037F
    fld dword [f_denorm]
    TE
    TB "fld m32 snan", 0x037F
    fld dword [f_snan]
    TE
    TB "fld m64 denorm", 0x037F
    fld qword [d_denorm]
    TE
    TB "fld m80 snan", 0x037F
    fld tword [v_snan]
    TE
    TB "fst m32 max", 0x037F
    fld tword [v_max]
    fst dword [SCR]
    TM 4
    TB "fst m32 max rz", 0x0F7F
    fld tword [v_max]
    fst dword [SCR]
    TM 4
    TB "fst m32 tiny", 0x037F
    fld tword [v_min]
    fst dword [SCR]
    TM 4
    TB "fst m32 2^-140", 0x037F
    fld tword [v_2m140]
    fst dword [SCR]
    TM 4
    TB "fst m64 2^-1070+", 0x037F
    fld tword [v_2m1070]
    fst qword [SCR]
    TM 8
    TB "fst m32 qnan", 0x037F
    fld tword [v_qnan2]
    fst dword [SCR]
    TM 4
    TB "fst m32 snan", 0x037F
    fld tword [v_snan]
    fst dword [SCR]
    TM 4
    TB "fadd m32 snan", 0x037F
    fld1
    fadd dword [f_snan]
    TE
    TB "fld m64 -0", 0x037F
    fld qword [d_m0]
    TE
    TB "0-0 rd", 0x077F
    fldz
    fsub dword [f_zero]
    TE
    TB "0-0 rn", 0x037F
    fldz
    fsub dword [f_zero]
    TE
    TB "x-x rd", 0x077F
    fld tword [v_three]
    fld tword [v_three]
    fsubp st1, st0
    TE

    ; ---- integers and BCD ----
    TB "fild m16", 0x037F
    fild word [w_m5]
    TE
    TB "fild m32", 0x037F
    fild dword [i_min]
    TE
    TB "fild m64", 0x037F
    fild qword [q_big]
    TE
    TB "fistp m16 40000", 0x037F
    fld tword [v_40000]
    fistp word [SCR]
    TM 2
    TB "fistp m16 -32768.4", 0x037F
    fld tword [v_m32768_4]
    fistp word [SCR]
    TM 2
    TB "fistp m16 -32768.6", 0x037F
    fld tword [v_m32768_6]
    fistp word [SCR]
    TM 2
    TB "fist m32 -2^31", 0x037F
    fild dword [i_min]
    fist dword [SCR]
    TM 4
    TB "fistp m64 2^63", 0x037F
    fld tword [v_2p63]
    fistp qword [SCR]
    TM 8
    TB "fistp m64 -2^63", 0x037F
    fld tword [v_2p63]
    fchs
    fistp qword [SCR]
    TM 8
    TB "fistp m32 nan", 0x037F
    fld tword [v_qnan]
    fistp dword [SCR]
    TM 4
    TB "fistp m32 0.5 up", 0x0B7F
    fld tword [v_05]
    fistp dword [SCR]
    TM 4
    TB "fistp m32 -0.5 dn", 0x077F
    fld tword [v_05]
    fchs
    fistp dword [SCR]
    TM 4
    TB "fbld", 0x037F
    fbld [bcd_a]
    TE
    TB "fbld -0", 0x037F
    fbld [bcd_m0]
    TE
    TB "fbstp", 0x037F
    fbld [bcd_a]
    fbstp [SCR]
    TM 10
    TB "fbstp 2.5", 0x037F
    fld tword [v_m25]
    fbstp [SCR]
    TM 10
    TB "fbstp 1e18", 0x037F
    fild qword [q_1e18]
    fbstp [SCR]
    TM 10
    TB "fbstp nan", 0x037F
    fld tword [v_qnan]
    fbstp [SCR]
    TM 10

    ; ---- compares ----
    TB "fcom 1<2", 0x037F
    fld1
    fld tword [v_two]
    fcomp st1
    TE
    TB "fcomp 2>1", 0x037F
    fld1
    fld tword [v_two]
    fcomp st1
    TE
    TB "fcompp eq", 0x037F
    fld1
    fld1
    fcompp
    TE
    TB "fcom qnan", 0x037F
    fld1
    fld tword [v_qnan]
    fcom st1
    TE
    TB "fucom qnan", 0x037F
    fld1
    fld tword [v_qnan]
    fucom st1
    TE
    TB "fucompp snan", 0x037F
    fld1
    fld tword [v_snan]
    fucompp
    TE
    TB "fcom -0 +0", 0x037F
    fldz
    fldz
    fchs
    fcom st1
    TE
    TB "ficom m16", 0x037F
    fild word [w_m5]
    ficom word [w_m5]
    TE
    TB "ficomp m32", 0x037F
    fld1
    ficomp dword [i_three]
    TE
    TB "fcom m64 denorm", 0x037F
    fldz
    fcom qword [d_denorm]
    TE
    TB "ftst -0", 0x037F
    fldz
    fchs
    ftst
    TE
    TB "ftst nan", 0x037F
    fld tword [v_qnan]
    ftst
    TE
    TB "fxam empty", 0x037F
    fxam
    TE
    TB "fxam nan", 0x037F
    fld tword [v_qnan]
    fxam
    TE
    TB "fxam -inf", 0x037F
    fld tword [v_inf]
    fchs
    fxam
    TE
    TB "fxam -0", 0x037F
    fldz
    fchs
    fxam
    TE
    TB "fxam denorm", 0x037F
    fld tword [v_denorm]
    fxam
    TE
    TB "fxam normal", 0x037F
    fld1
    fxam
    TE
    TB "fxam unnormal", 0x037F
    fld tword [v_unnormal]
    fxam
    TE
    ; FCOMI family: print EFLAGS & (OF SF ZF AF PF CF)
%macro COMI 3
    TB %1, 0x037F
    fld tword [%2]
    fld1
    mov eax, 0x45
    push eax
    popfd
    %3
    pushfd
    pop eax
    and eax, 0x45
    call print_fl
    TE
%endmacro
    COMI "fcomi 1,1", v_one, {fcomi st0, st1}
    COMI "fcomi 1,2", v_two, {fcomi st0, st1}
    COMI "fcomi 1,0.5", v_05, {fcomi st0, st1}
    COMI "fcomip 1,nan", v_qnan, {fcomip st0, st1}
    COMI "fucomi 1,nan", v_qnan, {fucomi st0, st1}
    COMI "fucomip 1,snan", v_snan, {fucomip st0, st1}
    ; FCMOVcc
%macro FCM 3
    TB %1, 0x037F
    fld tword [v_two]
    fld1
    mov eax, %2
    push eax
    popfd
    %3
    TE
%endmacro
    FCM "fcmovb cf=1", 0x003, {fcmovb st0, st1}
    FCM "fcmovb cf=0", 0x002, {fcmovb st0, st1}
    FCM "fcmove zf=1", 0x042, {fcmove st0, st1}
    FCM "fcmovbe", 0x042, {fcmovbe st0, st1}
    FCM "fcmovu pf=1", 0x006, {fcmovu st0, st1}
    FCM "fcmovnb cf=0", 0x002, {fcmovnb st0, st1}
    FCM "fcmovne zf=1", 0x042, {fcmovne st0, st1}
    FCM "fcmovnbe", 0x002, {fcmovnbe st0, st1}
    FCM "fcmovnu pf=1", 0x006, {fcmovnu st0, st1}

    ; ---- FPREM, FPREM1, FRNDINT, FSCALE, FXTRACT ----
%macro PREM 4
    TB %1, 0x037F
    fld tword [%3]
    fld tword [%2]
    %4
  %ifidn %4,fprem1
    SWM SWM_NOCC
  %endif
    TE
%endmacro
    PREM "fprem 10,3", v_10, v_three, fprem
    PREM "fprem1 10,3", v_10, v_three, fprem1
    PREM "fprem -10,3", v_m10, v_three, fprem
    PREM "fprem1 -10,3", v_m10, v_three, fprem1
    PREM "fprem 5.5,1.5", v_55, v_15, fprem
    PREM "fprem1 5.5,1.5", v_55, v_15, fprem1
    PREM "fprem1 4.5,1", v_45, v_one, fprem1
    PREM "fprem1 1.5,2", v_15, v_two, fprem1
    PREM "fprem 1,3", v_one, v_three, fprem
    PREM "fprem 0,3", v_zero, v_three, fprem
    PREM "fprem 1,0", v_one, v_zero, fprem
    PREM "fprem inf,1", v_inf, v_one, fprem
    PREM "fprem 1,inf", v_one, v_inf, fprem
    TB "fprem 1e30 loop", 0x037F
    fld tword [v_three]
    fld tword [v_1e30]
.prem_loop:
    fprem
    fnstsw ax
    test ah, 4
    jnz .prem_loop
    TE
    TB "fprem1 1e30 loop", 0x037F
    fld tword [v_pi]
    fld tword [v_1e30]
.prem1_loop:
    fprem1
    fnstsw ax
    test ah, 4
    jnz .prem1_loop
    SWM SWM_NOCC
    TE
    PREM "fscale 1.5,10", v_15, v_10, fscale
    PREM "fscale 3,-2.5", v_three, v_m25, fscale
    PREM "fscale 1,20000", v_one, v_20000, fscale
    PREM "fscale 1,-16445", v_one, v_m16445, fscale
    PREM "fscale 0,inf", v_zero, v_inf, fscale
    PREM "fscale 2,-inf", v_two, v_minf, fscale
    TB "fxtract 10", 0x037F
    fld tword [v_10]
    fxtract
    TE
    TB "fxtract -0", 0x037F
    fldz
    fchs
    fxtract
    TE
    TB "fxtract denorm", 0x037F
    fld tword [v_denorm]
    fxtract
    TE
    TB "fxtract inf", 0x037F
    fld tword [v_inf]
    fxtract
    TE
    TB "fabs fchs", 0x037F
    fld tword [v_m25]
    fabs
    fld tword [v_three]
    fchs
    TE
    TB "fxch", 0x037F
    fld1
    fld tword [v_two]
    fxch st1
    TE
    TB "fincstp fdecstp", 0x037F
    fld1
    fld tword [v_two]
    fincstp
    fincstp
    fdecstp
    TE
    TB "ffree", 0x037F
    fld1
    fld tword [v_two]
    ffree st0
    TE
    TB "fst st2", 0x037F
    fld1
    fld1
    fld tword [v_two]
    fst st2
    fstp st0
    TE

    ; ---- environment and state images ----
    TB "fnstenv32", 0x0A7F
    fld1
    fld tword [v_qnan]
    fldz
    fld tword [v_denorm]
    fdiv st0, st2
    fnstenv [SCR]
    ; CW SW TW words (the high words are reserved)
    movzx eax, word [SCR]
    call print_hex16_sp
    movzx eax, word [SCR+4]
    and eax, SWMASK
    call print_hex16_sp
    movzx eax, word [SCR+8]
    call print_hex16_sp
    fnstcw [SCR+32]
    movzx eax, word [SCR+32]
    call print_hex16_sp
    fldenv [SCR]
    TE
    TB "fnsave/frstor", 0x0F7F
    fld tword [v_pi]
    fld tword [v_m25]
    fnsave [SCR]
    fnstcw [SCR+200]
    movzx eax, word [SCR+200]
    call print_hex16_sp
    movzx eax, word [SCR+8]
    call print_hex16_sp
    fld1
    frstor [SCR]
    TE
    TB "fnsave o16", 0x037F
    fld tword [v_two]
    o16 fnsave [SCR]
    movzx eax, word [SCR]
    call print_hex16_sp
    movzx eax, word [SCR+4]
    call print_hex16_sp
    mov eax, [SCR+14]
    call print_hex32
    o16 frstor [SCR]
    TE
    TB "fldcw unmask", 0x037F
    fldz
    fld1
    fdiv st0, st1
    fldcw [cw_unmask_ze]
    fnstsw ax
    and eax, 0x003D
    call print_hex16_sp
    fnclex
    TE

    ; ---- transcendental (printed as single precision) ----
%macro TR 3
    TB %1, 0x037F
    fld tword [%2]
    %3
    SWM SWM_NOPE
    call show_f32
%endmacro
    TR "fsin 0.5", v_05, fsin
    TR "fcos 0.5", v_05, fcos
    TR "fsin -2", v_mtwo, fsin
    TR "fcos 10", v_10, fcos
    TR "fptan 0.5", v_05, fptan
    TR "fsincos 1", v_one, fsincos
    TR "f2xm1 0.5", v_05, f2xm1
    TR "f2xm1 -0.75", v_m075, f2xm1
    TB "fpatan 1,2", 0x037F
    fld1
    fld tword [v_two]
    fpatan
    SWM SWM_NOPE
    call show_f32
    TB "fyl2x 3,8", 0x037F
    fld tword [v_three]
    fld tword [v_8]
    fyl2x
    TE
    TB "fyl2x 1,10", 0x037F
    fld1
    fld tword [v_10]
    fyl2x
    SWM SWM_NOPE
    call show_f32
    TB "fyl2xp1 2,0.25", 0x037F
    fld tword [v_two]
    fld tword [v_025]
    fyl2xp1
    SWM SWM_NOPE
    call show_f32
    TB "fsin 2^64", 0x037F
    fld tword [v_2p64]
    fsin
    TE
    TB "fsin 0", 0x037F
    fldz
    fsin
    TE

    ; ---- FXSAVE/FXRSTOR (P6 FXSR; SDM Vol. 2A FXSAVE table 3-53) ----
    ; The image header: FCW, FSW (TOP=6), abridged FTW (R6 R7 valid =
    ; C0h) and its reserved byte 0 (printed bytes 5..0). Then a round trip:
    ; FXRSTOR of that image over a different stack brings back TOP, the
    ; tags and ST(0)/ST(1). MXCSR and the XMM area are not looked at (QEMU
    ; has SSE, this CPU has not).
    TB "fxsave hdr", 0x0B7F
    fld1
    fldz
    fxsave [SCR]
    TM 6
    TB "fxrstor", 0x037F
    fld1
    fldz
    fxsave [SCR]
    fninit
    fld tword [v_three]
    fxrstor [SCR]
    TE

    ; ---- #MF with CR0.NE=1 at the next waiting instruction ----
    STEP "#MF: unmasked ZE, then FWAIT"
    mov eax, cr0
    or eax, 0x20
    mov cr0, eax
    fninit
    fldcw [cw_unmask_ze]
    fld1
    fldz
    fdivp st1, st0
    EXPECT 16, .mf_back
.mf_at:
    fwait
    NOEXC
.mf_back:
    CHECK_EXC 16, 0, .mf_at
    fnstsw ax
    and eax, 0x80BD             ; B ES and the flags (TOP: see above)
    call print_hex16_sp
    mov al, 10
    out 0xE9, al
    fninit
    mov eax, cr0
    and eax, ~0x20
    mov cr0, eax
    jmp pass

; --- helpers --------------------------------------------------------------

; begin: ESI = name, EAX = control word. Prints the name, FNINIT, FLDCW.
begin:
    call print_str
    mov dword [SWMV], SWMASK
    mov [SCR+0x400], eax
    fninit
    fldcw [SCR+0x400]
    ret

; print_hex16_sp: " " + AX in hex.
print_hex16_sp:
    push eax
    mov al, ' '
    out 0xE9, al
    pop eax
    jmp print_hex16

; print_sw_full: " SWF=" + AX (C1 included).
print_sw_full:
    mov esi, s_swf
    call print_str
    jmp print_hex16

; print_fl: " FL=" + AX.
print_fl:
    mov esi, s_fl
    call print_str
    jmp print_hex16

; show: " SW=ssss" then ST(0), ST(1) while not empty, newline. Clears
; pending exceptions first so FXAM does not report them.
show:
    fnstsw ax
    and eax, [SWMV]
    mov esi, s_sw
    call print_str
    call print_hex16
    fnclex
    mov ecx, 2
.l: fxam
    fnstsw ax
    and ax, 0x4500
    cmp ax, 0x4100              ; C3=1 C2=0 C0=1: empty
    je .d
    fstp tword [SCR+0x410]
    mov esi, s_st
    call print_str
    movzx eax, word [SCR+0x418]
    call print_hex16
    mov al, ':'
    out 0xE9, al
    mov eax, [SCR+0x414]
    call print_hex32
    mov eax, [SCR+0x410]
    call print_hex32
    loop .l
.d: mov al, 10
    out 0xE9, al
    ret

; show_f32: SW, then ST(0), ST(1) while not empty as single precision
; (FSTP m32 with the rounding of the case's control word).
show_f32:
    fnstsw ax
    and eax, [SWMV]
    mov esi, s_sw
    call print_str
    call print_hex16
    fnclex
    mov ecx, 2
.l: fxam
    fnstsw ax
    and ax, 0x4500
    cmp ax, 0x4100
    je show.d
    fstp dword [SCR+0x410]
    mov esi, s_f
    call print_str
    mov eax, [SCR+0x410]
    call print_hex32
    loop .l
    jmp show.d

; showmem: ECX = bytes at SCR to print (as "M=" + bytes from the highest).
showmem:
    push ecx
    fnstsw ax
    and eax, [SWMV]
    mov esi, s_sw
    call print_str
    call print_hex16
    mov esi, s_m
    call print_str
    pop ecx
.l: movzx eax, byte [SCR+ecx-1]
    call print_hex8
    loop .l
    fnclex
    mov ecx, 2
    jmp show.l

s_sw:  db " SW=", 0
s_swf: db " SWF=", 0
s_st:  db " ST=", 0
s_m:   db " M=", 0
s_fl:  db " FL=", 0
s_f:   db " F=", 0

align 16
v_zero:     X80 0x0000, 0
v_one:      X80 0x3FFF, 0x8000000000000000
v_two:      X80 0x4000, 0x8000000000000000
v_mtwo:     X80 0xC000, 0x8000000000000000
v_three:    X80 0x4000, 0xC000000000000000
v_8:        X80 0x4002, 0x8000000000000000
v_10:       X80 0x4002, 0xA000000000000000
v_m10:      X80 0xC002, 0xA000000000000000
v_05:       X80 0x3FFE, 0x8000000000000000
v_025:      X80 0x3FFD, 0x8000000000000000
v_075:      X80 0x3FFE, 0xC000000000000000
v_m075:     X80 0xBFFE, 0xC000000000000000
v_15:       X80 0x3FFF, 0xC000000000000000
v_25:       X80 0x4000, 0xA000000000000000
v_m25:      X80 0xC000, 0xA000000000000000
v_45:       X80 0x4001, 0x9000000000000000
v_55:       X80 0x4001, 0xB000000000000000
v_m03:      X80 0xBFFD, 0x9999999999999999
v_1e10:     X80 0x4020, 0x9502F90000000000
v_1e30:     X80 0x4062, 0xC9F2C9CD04674EDF
v_2m70:     X80 0x3FB9, 0x8000000000000000
v_2m140:    X80 0x3F73, 0xC000000000000001
v_2m1070:   X80 0x3BD1, 0xC000000000000800
v_2p63:     X80 0x403E, 0x8000000000000000
v_2p64:     X80 0x403F, 0x8000000000000000
v_40000:    X80 0x400E, 0x9C40000000000000
v_m32768_4: X80 0xC00E, 0x8000333333333333
v_m32768_6: X80 0xC00E, 0x80004CCCCCCCCCCD
v_20000:    X80 0x400D, 0x9C40000000000000
v_m16445:   X80 0xC00D, 0x807A000000000000
v_max:      X80 0x7FFE, 0xFFFFFFFFFFFFFFFF
v_min:      X80 0x0001, 0x8000000000000000
v_denorm:   X80 0x0000, 0x0000000000000003
v_pdenorm:  X80 0x0000, 0x8000000000000001
v_unnormal: X80 0x3FFF, 0x4000000000000000
v_pinf:     X80 0x7FFF, 0x0000000000000000
v_inf:      X80 0x7FFF, 0x8000000000000000
v_minf:     X80 0xFFFF, 0x8000000000000000
v_snan:     X80 0x7FFF, 0x8000000000000123
v_qnan:     X80 0x7FFF, 0xC000000000000456
v_qnan2:    X80 0xFFFF, 0xC000000000001000
v_pi:       X80 0x4000, 0xC90FDAA22168C235
f_zero:     dd 0
f_three:    dd 0x40400000
f_denorm:   dd 0x00000005
f_snan:     dd 0x7F800001
d_01:       dq 0x3FB999999999999A
d_02:       dq 0x3FC999999999999A
d_denorm:   dq 0x0000000000000009
d_m0:       dq 0x8000000000000000
i_three:    dd 3
i_min:      dd 0x80000000
w_m5:       dw -5
q_big:      dq 0x7FFFFFFFFFFFFFFF
q_1e18:     dq 1000000000000000000
bcd_a:      db 0x78, 0x56, 0x34, 0x12, 0x90, 0x78, 0x56, 0x34, 0x12, 0x80
bcd_m0:     db 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80
cw_unmask_ze: dw 0x037B

ROM_END
