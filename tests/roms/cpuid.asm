; cpuid.asm - CPUID reports exactly what the CPU implements.
;
; Checks: EFLAGS.ID toggles; leaf 0 (max leaf >= 1, printable vendor); leaf
; 1 family 6 (i686); for every feature bit below, the feature works when the
; bit is 1 and its instruction raises #UD / its CR4 bit raises #GP when the
; bit is 0: TSC (RDTSC advances; CR4.TSD), MSR (RDMSR/WRMSR of the TSC),
; CX8 (CMPXCHG8B both outcomes), CMOV, SEP (SYSEXIT to ring 3 and SYSENTER
; back: CS/SS/ESP/EIP from the MSRs), VME/DE/PSE/PAE/MCE/PGE (CR4 bits),
; FXSR (FXSAVE), MMX (EMMS).
; Intel SDM Vol. 2A CPUID (Table 3-11 feature flags), Vol. 3A 2.5 (CR4:
; setting a reserved/unsupported bit -> #GP), SYSENTER/SYSEXIT (Vol. 2B).

%include "lib.inc"

SEL_SYS   equ SEL_FREE+0x00     ; SYSENTER_CS: code0, data0, code3, data3
feat      equ rom_vars+0        ; CPUID.1:EDX
r3_cs     equ rom_vars+4
r3_ss     equ rom_vars+8
r3_esp    equ rom_vars+12
r0_cs     equ rom_vars+16
r0_ss     equ rom_vars+20
r0_esp    equ rom_vars+24
r0_efl    equ rom_vars+28
q         equ rom_vars+32       ; 8-byte operand for CMPXCHG8B
tmpv      equ rom_vars+40       ; 16 bytes: vendor string
fxarea    equ 0x20000           ; 512 bytes, 16-aligned

; IF_FEATURE bit, label_when_clear -- continue if CPUID.1:EDX[bit] is 1.
%macro IF_FEATURE 2
    test dword [feat], 1 << %1
    jz %2
%endmacro

; CR4_BIT feature_bit, cr4_bit, "name" -- CR4 bit settable iff the feature.
%macro CR4_BIT 3
    STEP "CR4.", %3, " settable iff CPUID reports it"
    mov ebx, cr4
    mov eax, ebx
    or eax, 1 << %2
    test dword [feat], 1 << %1
    jz %%clear
    mov cr4, eax
    mov eax, cr4
    mov cr4, ebx
    CHECKM eax, 1 << %2, 1 << %2, "CR4 bit reads back"
    jmp %%done
%%clear:
    SKIP_ON_QEMU %%done, "CR4.", %3, " of an unreported feature does not #GP"
    EXPECT 13, %%r
%%f: mov cr4, eax
    mov cr4, ebx
    NOEXC
%%r: CHECK_EXC 13, 0, %%f
%%done:
%endmacro

main16:
    PRINT16 "cpuid: start", 10
    jmp pm_enter

bits 32
main32:
    call setup_tss_main

    STEP "EFLAGS.ID can be toggled"
    pushfd
    pop eax
    mov ebx, eax
    xor eax, 0x200000
    push eax
    popfd
    pushfd
    pop eax
    xor eax, ebx
    CHECKM eax, 0x200000, 0x200000, "EFLAGS.ID changed"
    push ebx
    popfd

    STEP "leaf 0: max leaf >= 1, vendor string"
    xor eax, eax
    cpuid
    mov [tmpv], ebx
    mov [tmpv+4], edx
    mov [tmpv+8], ecx
    mov byte [tmpv+12], 0
    push eax
    PRINT "    vendor: "
    mov esi, tmpv
    call print_str
    PRINT 10
    pop eax
    cmp eax, 1
    jae .maxok
    FAIL "max basic leaf < 1"
.maxok:
    mov esi, tmpv
    mov ecx, 12
.vc:
    lodsb
    cmp al, 0x20
    jb .vbad
    cmp al, 0x7E
    ja .vbad
    loop .vc
    jmp .vok
.vbad:
    FAIL "vendor string not printable"
.vok:

    STEP "leaf 1: family 6"
    mov eax, 1
    cpuid
    mov [feat], edx
    PRINT "    leaf 1 EAX "
    call print_hex32
    PRINT " EDX "
    push eax
    mov eax, edx
    call print_hex32
    pop eax
    PRINT 10
    shr eax, 8
    and eax, 0xF
    CHECK eax, 6, "family"

    STEP "TSC: RDTSC advances (or #UD when not reported)"
    IF_FEATURE 4, .tsc_clear
    rdtsc
    mov esi, eax
    mov edi, edx
    mov ecx, 1000
.spin: loop .spin
    rdtsc
    sub eax, esi
    sbb edx, edi
    or eax, edx
    jnz .tsc_ok
    FAIL "TSC did not advance"
.tsc_clear:
    EXPECT 6, .tsc_r
.tsc_f: rdtsc
    NOEXC
.tsc_r: CHECK_EXC 6, 0, .tsc_f
.tsc_ok:

    STEP "MSR: SYSENTER_ESP round trip; TSC MSR advances, agrees with RDTSC, WRMSR (or #UD)"
    IF_FEATURE 5, .msr_clear
    test dword [feat], 1 << 11
    jz .m01
    mov ecx, 0x175
    xor edx, edx
    mov eax, 0x1234ABC0
    wrmsr
    xor eax, eax
    rdmsr
    CHECK eax, 0x1234ABC0, "SYSENTER_ESP MSR round trip"
.m01:
    SKIP_ON_QEMU .msr_ok, "IA32_TIME_STAMP_COUNTER MSR not backed by the TSC"
    mov ecx, 0x10
    rdmsr
    mov esi, eax
    mov edi, edx
    mov ecx, 1000
.m0: loop .m0
    mov ecx, 0x10
    rdmsr
    sub eax, esi
    sbb edx, edi
    or eax, edx
    jnz .m00
    FAIL "RDMSR(TSC) did not advance"
.m00:
    rdtsc
    mov [q], eax
    mov [q+4], edx
    mov ecx, 0x10
    rdmsr
    mov esi, eax
    mov edi, edx
    sub eax, [q]
    sbb edx, [q+4]
    jnc .m1
    FAIL "RDMSR(TSC) < earlier RDTSC"
.m1:
    rdtsc
    sub eax, esi
    sbb edx, edi
    jnc .m2
    FAIL "RDMSR(TSC) > later RDTSC"
.m2:
    mov ecx, 0x10               ; P6: WRMSR writes the low 32 bits of the
    mov edx, 0x00000012         ; TSC and clears the high 32 bits (SDM
    mov eax, 0x34000000         ; Vol. 3B 17.17 "Time-Stamp Counter")
    wrmsr
    rdmsr
    CHECK edx, 0, "TSC high half after WRMSR (cleared on P6)"
    sub eax, 0x34000000
    cmp eax, 0x10000000
    jb .m3
    FAIL "TSC low half after WRMSR not just above the value written"
.m3:
    jmp .msr_ok
.msr_clear:
    EXPECT 6, .msr_r
.msr_f: rdmsr
    NOEXC
.msr_r: CHECK_EXC 6, 0, .msr_f
.msr_ok:

    STEP "CX8: CMPXCHG8B equal and not equal (or #UD)"
    IF_FEATURE 8, .cx8_clear
    mov dword [q], 0x11111111
    mov dword [q+4], 0x22222222
    mov eax, 0x11111111
    mov edx, 0x22222222
    mov ebx, 0x33333333
    mov ecx, 0x44444444
    cmpxchg8b [q]
    jz .cx1
    FAIL "CMPXCHG8B equal: ZF=0"
.cx1:
    CHECK [q], 0x33333333, "stored low"
    CHECK [q+4], 0x44444444, "stored high"
    xor eax, eax
    xor edx, edx
    cmpxchg8b [q]
    jnz .cx2
    FAIL "CMPXCHG8B not equal: ZF=1"
.cx2:
    CHECK eax, 0x33333333, "loaded EAX"
    CHECK edx, 0x44444444, "loaded EDX"
    jmp .cx8_ok
.cx8_clear:
    EXPECT 6, .cx8_r
.cx8_f: cmpxchg8b [q]
    NOEXC
.cx8_r: CHECK_EXC 6, 0, .cx8_f
.cx8_ok:

    STEP "CMOV (or #UD)"
    IF_FEATURE 15, .cmov_clear
    mov eax, 1
    mov ebx, 2
    cmp eax, ebx
    cmovl eax, ebx
    CHECK eax, 2, "CMOVL taken"
    jmp .cmov_ok
.cmov_clear:
    EXPECT 6, .cmov_r
.cmov_f: cmovl eax, ebx
    NOEXC
.cmov_r: CHECK_EXC 6, 0, .cmov_f
.cmov_ok:

    STEP "SEP: SYSEXIT to ring 3, SYSENTER back (or #UD)"
    IF_FEATURE 11, .sep_clear
    mov edx, SEL_SYS
    xor eax, eax
    mov ebx, 0xFFFFF
    mov cl, ACC_CODE0
    mov ch, FL_G32
    call make_desc
    add edx, 8
    mov cl, ACC_DATA0
    call make_desc
    add edx, 8
    mov cl, ACC_CODE3
    call make_desc
    add edx, 8
    mov cl, ACC_DATA3
    call make_desc
    mov ecx, 0x174
    xor edx, edx
    mov eax, SEL_SYS
    wrmsr
    mov ecx, 0x175
    mov eax, STACK0_TSS
    wrmsr
    mov ecx, 0x176
    mov eax, sysenter_target
    wrmsr
    mov [saved_esp], esp
    mov ecx, STACK3
    mov edx, sep_user
    sysexit
.sep_back:
    CHECK [r3_cs], SEL_SYS + 16 + 3, "CS after SYSEXIT"
    CHECK [r3_ss], SEL_SYS + 24 + 3, "SS after SYSEXIT"
    CHECK [r3_esp], STACK3, "ESP after SYSEXIT (from ECX)"
    CHECK [r0_cs], SEL_SYS, "CS after SYSENTER"
    CHECK [r0_ss], SEL_SYS + 8, "SS after SYSENTER"
    CHECK [r0_esp], STACK0_TSS, "ESP after SYSENTER"
    CHECKM [r0_efl], EFL_IF|EFL_VM, 0, "IF/VM after SYSENTER"
    jmp .sep_ok
.sep_clear:
    EXPECT 6, .sep_r
.sep_f: sysenter
    NOEXC
.sep_r: CHECK_EXC 6, 0, .sep_f
.sep_ok:

    CR4_BIT 1, 0, "VME"
    CR4_BIT 2, 3, "DE"
    CR4_BIT 3, 4, "PSE"
    CR4_BIT 6, 5, "PAE"
    CR4_BIT 7, 6, "MCE"
    CR4_BIT 13, 7, "PGE"

    STEP "FXSR: FXSAVE stores the x87 control word (or #UD)"
    IF_FEATURE 24, .fx_clear
    IF_FEATURE 0, .fx_ok        ; needs an FPU
    mov eax, cr0
    and eax, ~0xC
    mov cr0, eax
    fninit
    mov word [fxarea], 0
    fxsave [fxarea]
    movzx eax, word [fxarea]
    CHECK eax, 0x037F, "FCW in the FXSAVE image"
    jmp .fx_ok
.fx_clear:
    EXPECT 6, .fx_r
.fx_f: fxsave [fxarea]
    NOEXC
.fx_r: CHECK_EXC 6, 0, .fx_f
.fx_ok:

    STEP "MMX: EMMS (or #UD)"
    IF_FEATURE 23, .mmx_clear
    IF_FEATURE 0, .mmx_ok
    emms
    jmp .mmx_ok
.mmx_clear:
    EXPECT 6, .mmx_r
.mmx_f: emms
    NOEXC
.mmx_r: CHECK_EXC 6, 0, .mmx_f
.mmx_ok:
    jmp pass

; Ring 3 after SYSEXIT: record CS/SS/ESP, SYSENTER back.
sep_user:
    mov [r3_esp], esp
    push eax
    xor eax, eax
    mov ax, cs
    mov [r3_cs], eax
    mov ax, ss
    mov [r3_ss], eax
    pop eax
    sysenter

sysenter_target:
    mov [r0_esp], esp
    pushfd
    pop dword [r0_efl]
    xor eax, eax
    mov ax, cs
    mov [r0_cs], eax
    mov ax, ss
    mov [r0_ss], eax
    mov ax, SEL_DATA32
    mov ss, ax
    mov esp, [saved_esp]
    jmp SEL_CODE32:main32.sep_back


ROM_END
