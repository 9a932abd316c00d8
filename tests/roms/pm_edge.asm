; pm_edge.asm - protected-mode edge cases.
;
; Checks: the CPU sets the Accessed bit of a data descriptor when loading it;
; far JMP to a not-present code segment -> #NP(sel); MOV SS with RPL != CPL
; or DPL != CPL -> #GP(sel); LSS; a 16-bit stack segment (B=0) used from
; 32-bit code wraps SP at 64 KiB and keeps ESP[31:16]; a ring-0 call gate
; called from ring 0 (no stack switch, no parameter copy); RETF from ring 3
; to a ring-0 selector -> #GP(sel); IRETD at CPL 3 to ring 0 -> #GP(sel);
; MOV SS delays a single-step trap by one instruction; base + offset wraps
; at 4 GiB; INT from ring 3
; through a gate to conforming code keeps CPL 3 and the stack.
; Intel SDM Vol. 3A 3.4.5 (A bit), 5.8 (calls/returns), 6.8.3 (MOV SS),
; 17.3.1.4 (single step), Vol. 2 (MOV, LSS, PUSH, RET, IRET).

%include "lib.inc"

SEL_FRESH equ SEL_FREE+0x00     ; data, A=0
SEL_NPC   equ SEL_FREE+0x08     ; not-present code
SEL_STK16 equ SEL_FREE+0x10     ; 16-bit stack, base DATA_AREA
SEL_G0    equ SEL_FREE+0x18     ; ring-0 call gate -> gate0_target
SEL_CONF  equ SEL_FREE+0x20     ; conforming code, DPL 0
VEC_CONF  equ 0x53              ; DPL-3 interrupt gate -> conforming code

g_esp  equ rom_vars+0
g_ret  equ rom_vars+4
g_cs   equ rom_vars+8
lss_p  equ rom_vars+12          ; 6-byte far pointer for LSS
c_esp  equ rom_vars+20          ; ESP in the conforming handler
c_cs   equ rom_vars+24          ; CS in the conforming handler
r3esp  equ rom_vars+28

main16:
    PRINT16 "pm_edge: start", 10
    jmp pm_enter

bits 32
main32:
    call setup_tss_main

    STEP "loading a data descriptor sets its Accessed bit"
    mov edx, SEL_FRESH
    mov eax, 0
    mov ebx, 0xFFFFF
    mov cl, 0x92
    mov ch, FL_G32
    call make_desc
    mov ax, SEL_FRESH
    mov es, ax
    movzx eax, byte [GDT_BASE + SEL_FRESH + 5]
    CHECK eax, 0x93, "access byte after MOV ES"
    mov ax, SEL_DATA32
    mov es, ax

    STEP "far JMP to a not-present code segment -> #NP(sel)"
    mov edx, SEL_NPC
    mov cl, 0x1A
    call make_desc
    EXPECT 11, .r1
.f1: jmp SEL_NPC:0
    NOEXC
.r1: CHECK_EXC 11, SEL_NPC, .f1

    STEP "MOV SS with RPL 3 at CPL 0 -> #GP(sel)"
    mov ax, SEL_DATA32 | 3
    EXPECT 13, .r2
.f2: mov ss, ax
    NOEXC
.r2: CHECK_EXC 13, SEL_DATA32, .f2

    STEP "MOV SS with a DPL-3 segment at CPL 0 -> #GP(sel)"
    mov ax, SEL_DATA3 & ~3
    EXPECT 13, .r3
.f3: mov ss, ax
    NOEXC
.r3: CHECK_EXC 13, SEL_DATA3 & ~3, .f3

    STEP "LSS ESP, m16:32"
    mov [g_esp], esp
    mov dword [lss_p], 0x8800
    mov word [lss_p+4], SEL_DATA32
    lss esp, [lss_p]
    mov eax, esp
    mov esp, [g_esp]
    CHECK eax, 0x8800, "ESP loaded by LSS"

    STEP "16-bit stack segment: SP wraps at 64 KiB, ESP[31:16] kept"
    mov edx, SEL_STK16
    mov eax, DATA_AREA
    mov ebx, 0xFFFF
    mov cl, ACC_DATA0
    mov ch, FL_16
    call make_desc
    mov [g_esp], esp
    mov ax, SEL_STK16
    mov ss, ax
    mov esp, 0xABCD0000
    mov ax, 0x7A7A
    push ax
    mov ebx, esp
    pop cx
    mov edx, esp
    mov ax, SEL_DATA32
    mov ss, ax
    mov esp, [g_esp]
    CHECK ebx, 0xABCDFFFE, "ESP after PUSH with SP=0"
    CHECK edx, 0xABCD0000, "ESP after the POP"
    movzx eax, word [DATA_AREA+0xFFFE]
    CHECK eax, 0x7A7A, "word pushed at SS:FFFE"
    movzx ecx, cx
    CHECK ecx, 0x7A7A, "value popped"

    STEP "segment base + offset wraps at 4 GiB"
    mov edx, SEL_FRESH
    mov eax, 0xFFFF0000
    mov ebx, 0xFFFFF
    mov cl, ACC_DATA0
    mov ch, FL_G32
    call make_desc
    mov dword [DATA_AREA+0x40], 0x0A0B0C0D
    mov ax, SEL_FRESH
    mov es, ax
    mov eax, [es:DATA_AREA+0x10040]     ; 0xFFFF0000 + 0x30040 = 0x20040
    mov bx, SEL_DATA32
    mov es, bx
    CHECK eax, 0x0A0B0C0D, "read through base 0xFFFF0000 + offset (wrapped)"

    STEP "ring-0 call gate from ring 0: no stack switch, no parameters"
    mov edx, SEL_G0
    mov eax, SEL_CODE32
    mov ebx, gate0_target
    mov cl, GATE_CALL32
    mov ch, 3                   ; parameter count ignored without a CPL change
    call make_gate_desc
    mov [g_esp], esp
    call SEL_G0:0
.ret4:
    mov eax, [g_esp]
    sub eax, 8
    CHECK [g_ret], eax, "ESP in the target (EIP, CS pushed only)"
    CHECK [g_cs], SEL_CODE32, "CS pushed"

    STEP "MOV SS delays a single-step trap by one instruction"
    mov bx, ss
    pushfd
    or dword [esp], EFL_TF
    EXPECT 1, .r5
    popfd
    mov ss, bx                  ; the trap after this one is held off
    mov eax, 1
.a5: mov eax, 2
    NOEXC
.r5: CHECK_EXC 1, 0, .a5

    STEP "ring 3: RETF/IRETD to ring 0 -> #GP; INT to conforming code"
    mov edx, SEL_CONF
    mov eax, 0
    mov ebx, 0xFFFFF
    mov cl, 0x9E
    mov ch, FL_G32
    call make_desc
    mov eax, VEC_CONF
    mov ebx, conf_handler
    mov cx, SEL_CONF
    mov dl, GATE_INT32_3
    call set_gate
    mov ebx, user_code
    call enter_ring3
    jmp pass

gate0_target:
    mov [g_ret], esp
    mov eax, [esp+4]
    and eax, 0xFFFF
    mov [g_cs], eax
    retf

user_code:
    mov ax, SEL_DATA3
    mov ds, ax
    mov es, ax
    push dword SEL_CODE32
    push dword user_code
    EXPECT 13, .r1
.f1: retf
    NOEXC
.r1: add esp, 8
    CHECK_EXC 13, SEL_CODE32, .f1
    push dword 2
    push dword SEL_CODE32
    push dword user_code
    EXPECT 13, .r2
.f2: iretd
    NOEXC
.r2: add esp, 12
    CHECK_EXC 13, SEL_CODE32, .f2
    STEP "  ring 3: INT through a gate to conforming code: no stack switch"
    mov [r3esp], esp
    int VEC_CONF
    mov eax, [r3esp]
    sub eax, 12
    CHECK [c_esp], eax, "ESP in the handler (EIP, CS, EFLAGS only)"
    CHECK [c_cs], SEL_CONF | 3, "CS in the handler (CPL stays 3)"
    int RING0_VEC

conf_handler:                   ; runs at CPL 3 with the ring-3 DS
    mov [c_esp], esp
    push eax
    xor eax, eax
    mov ax, cs
    mov [c_cs], eax
    pop eax
    iretd

ROM_END
