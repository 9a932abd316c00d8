; ring3_gate.asm - privilege levels: IRET/RETF to ring 3, call gate and
; interrupt gate back to ring 0, stack switch through the TSS, #GP for
; privileged instructions at CPL 3.
;
; Checks: IRETD to CPL 3 loads CS/SS/ESP from the frame and nulls DS/ES/FS/GS
; holding DPL-0 selectors; exceptions from ring 3 switch to TSS SS0:ESP0 and
; push the ring-3 SS:ESP; CLI/HLT/MOV CRn/LGDT at CPL 3 (IOPL 0) -> #GP(0);
; IN from a port denied by the I/O bitmap -> #GP(0); POPFD at CPL 3 leaves
; IF and IOPL unchanged; loading a DPL-0 data selector -> #GP(sel); a call
; gate with DPL 0 -> #GP(gate); a DPL-3 32-bit call gate with 2 parameters
; (copied to the inner stack, SS:ESP switch, return CS:EIP); RETF 8 back to
; ring 3 (pops parameters from both stacks, nulls DPL-0 ES/FS, keeps GS);
; INT to a DPL-3 interrupt gate (stack switch, frame); INT to a DPL-0 gate
; -> #GP(vector*8+2); RETF to ring 3; IOPL 3 allows CLI and IN at CPL 3.
; Intel SDM Vol. 3A 5.8 (call gates), 6.12 (exception/interrupt handling),
; 7.2.1 (TSS), 5.9 (privileged instructions), Vol. 1 18.5 (I/O bitmap).

%include "lib.inc"

SEL_GATE3 equ SEL_FREE+0x00     ; call gate, DPL 3, 2 params -> gate_target
SEL_GATE0 equ SEL_FREE+0x08     ; call gate, DPL 0 -> gate_target

r3_esp    equ rom_vars+0        ; ring-3 ESP recorded before a transition
g_esp     equ rom_vars+4        ; ESP on entry of gate_target / int80
g_ss      equ rom_vars+8
g_cs      equ rom_vars+12
g_ds      equ rom_vars+16
g_frame   equ rom_vars+20       ; 6 dwords copied from the inner stack

main16:
    PRINT16 "ring3_gate: start", 10
    jmp pm_enter

bits 32
main32:
    call setup_tss_main
    mov edx, SEL_GATE3
    mov eax, SEL_CODE32
    mov ebx, gate_target
    mov cl, GATE_CALL32 | 0x60
    mov ch, 2
    call make_gate_desc
    mov edx, SEL_GATE0
    mov cl, GATE_CALL32
    mov ch, 0
    call make_gate_desc
    mov eax, 0x80
    mov ebx, int80_handler
    mov cx, SEL_CODE32
    mov dl, GATE_INT32_3
    call set_gate
    mov eax, 0x81
    mov dl, GATE_INT32          ; DPL 0: INT 0x81 from ring 3 -> #GP
    call set_gate

    STEP "IRETD to ring 3 (TSS SS0:ESP0 = 0010:0000A000)"
    mov ebx, user1
    call enter_ring3
    STEP "back in ring 0 after ring-3 part 1"

    STEP "RETF to ring 3"
    call via_retf
    STEP "back in ring 0 after ring-3 part 2"

    STEP "IRETD to ring 3 with IOPL 3"
    call via_iret_iopl3
    jmp pass

via_retf:
    mov [saved_esp], esp
    push dword SEL_DATA3
    push dword STACK3 - 0x100
    push dword SEL_CODE3
    push dword user2
    retf

via_iret_iopl3:
    mov [saved_esp], esp
    push dword SEL_DATA3
    push dword STACK3
    push dword 0x3002
    push dword SEL_CODE3
    push dword user3
    iretd

; ---------------------------------------------------------------------------
; Ring 3, part 1
; ---------------------------------------------------------------------------
user1:
    mov ebp, esp
    xor ecx, ecx
    mov cx, ds
    xor edx, edx
    mov dx, es
    xor esi, esi
    mov si, fs
    xor edi, edi
    mov di, gs
    mov ax, SEL_DATA3
    mov ds, ax
    mov es, ax
    STEP "  ring 3: CS, SS, ESP from the IRET frame; DS/ES/FS/GS nulled"
    CHECK ecx, 0, "DS after IRET to ring 3 (was DPL-0 selector)"
    CHECK edx, 0, "ES after IRET to ring 3"
    CHECK esi, 0, "FS after IRET to ring 3"
    CHECK edi, 0, "GS after IRET to ring 3"
    CHECK ebp, STACK3, "ESP"
    xor eax, eax
    mov ax, cs
    CHECK eax, SEL_CODE3, "CS"
    mov ax, ss
    CHECK eax, SEL_DATA3, "SS"
    pushfd
    pop eax
    CHECKM eax, 0x3000, 0, "EFLAGS.IOPL"

    STEP "  ring 3: CLI with IOPL 0 -> #GP(0), stack switch to SS0:ESP0"
    mov [r3_esp], esp
    EXPECT 13, .r1
.f1: cli
    NOEXC
.r1: CHECK_EXC 13, 0, .f1
    CHECK [exp_cs], SEL_CODE3, "saved CS"
    CHECK [exp_ss], SEL_DATA3, "saved SS (ring 3) in the frame"
    CHECK [exp_esp], [r3_esp], "saved ESP (ring 3) in the frame"
    CHECK [exp_hss], SEL_DATA32, "handler SS = TSS.SS0"
    CHECK [exp_frame], STACK0_TSS - 20, "handler frame at TSS.ESP0"

    STEP "  ring 3: HLT -> #GP(0)"
    EXPECT 13, .r2
.f2: hlt
    NOEXC
.r2: CHECK_EXC 13, 0, .f2

    STEP "  ring 3: MOV EAX, CR0 -> #GP(0)"
    EXPECT 13, .r3
.f3: mov eax, cr0
    NOEXC
.r3: CHECK_EXC 13, 0, .f3

    STEP "  ring 3: MOV CR3, EAX -> #GP(0)"
    xor eax, eax
    EXPECT 13, .r4
.f4: mov cr3, eax
    NOEXC
.r4: CHECK_EXC 13, 0, .f4

    STEP "  ring 3: LGDT -> #GP(0)"
    EXPECT 13, .r5
.f5: lgdt [gdtr]
    NOEXC
.r5: CHECK_EXC 13, 0, .f5

    STEP "  ring 3: IN from port 0x80 (denied in the I/O bitmap) -> #GP(0)"
    EXPECT 13, .r6
.f6: in al, 0x80
    NOEXC
.r6: CHECK_EXC 13, 0, .f6

    STEP "  ring 3: POPFD cannot change IF or IOPL"
    pushfd
    pop eax
    mov ebx, eax
    or eax, 0x3200
    push eax
    popfd
    pushfd
    pop eax
    CHECKM eax, 0x3200, 0, "IF/IOPL after POPFD at CPL 3"

    STEP "  ring 3: load DS with a DPL-0 data selector -> #GP(0010)"
    mov ax, SEL_DATA32
    EXPECT 13, .r7
.f7: mov ds, ax
    NOEXC
.r7: CHECK_EXC 13, SEL_DATA32, .f7

    STEP "  ring 3: CALL through a DPL-0 call gate -> #GP(gate)"
    EXPECT 13, .r8
.f8: call SEL_GATE0|3:0
    NOEXC
.r8: CHECK_EXC 13, SEL_GATE0, .f8

    STEP "  ring 3: INT 0x81 (DPL-0 interrupt gate) -> #GP(0x81*8+2)"
    EXPECT 13, .r9
.f9: int 0x81
    NOEXC
.r9: CHECK_EXC 13, 0x81*8+2, .f9

    STEP "  ring 3: CALL through a DPL-3 call gate with 2 parameters"
    mov ax, SEL_DATA3
    mov gs, ax
    push dword 0x11111111
    push dword 0x22222222
    mov [r3_esp], esp
    call SEL_GATE3|3:0
.ret1:
    mov ebp, esp
    xor ecx, ecx
    mov cx, es
    xor edx, edx
    mov dx, fs
    xor esi, esi
    mov si, gs
    mov ax, SEL_DATA3
    mov es, ax
    CHECK [g_cs], SEL_CODE32, "CS in the gate target"
    CHECK [g_ss], SEL_DATA32, "SS in the gate target (TSS.SS0)"
    CHECK [g_esp], STACK0_TSS - 24, "ESP in the gate target"
    CHECK [g_ds], SEL_DATA3, "DS unchanged by the call gate"
    CHECK [g_frame+0], .ret1, "return EIP on the inner stack"
    CHECK [g_frame+4], SEL_CODE3, "return CS on the inner stack"
    CHECK [g_frame+8], 0x22222222, "copied parameter 1 (lower address)"
    CHECK [g_frame+12], 0x11111111, "copied parameter 2"
    CHECK [g_frame+16], [r3_esp], "outer ESP on the inner stack"
    CHECK [g_frame+20], SEL_DATA3, "outer SS on the inner stack"
    STEP "  ring 3: RETF 8 back to the outer level"
    mov eax, [r3_esp]
    add eax, 8
    CHECK ebp, eax, "ESP after RETF 8 (parameters released)"
    CHECK ecx, 0, "ES (DPL-0 selector loaded at ring 0) nulled by RETF"
    CHECK edx, 0, "FS (DPL-0 selector loaded at ring 0) nulled by RETF"
    CHECK esi, SEL_DATA3, "GS (DPL-3 selector) kept by RETF"
    xor eax, eax
    mov ax, ss
    CHECK eax, SEL_DATA3, "SS after RETF"
    mov ax, cs
    CHECK eax, SEL_CODE3, "CS after RETF"

    STEP "  ring 3: INT 0x80 through a DPL-3 interrupt gate"
    mov [r3_esp], esp
    mov eax, 0x12345678
    int 0x80
.ret2:
    mov ebp, esp
    CHECK eax, 0x80C0FFEE, "EAX set by the ring-0 handler"
    CHECK ebp, [r3_esp], "ring-3 ESP after IRETD"
    CHECK [g_cs], SEL_CODE32, "CS in the handler"
    CHECK [g_ss], SEL_DATA32, "SS in the handler (TSS.SS0)"
    CHECK [g_esp], STACK0_TSS - 20, "ESP in the handler"
    CHECK [g_frame+0], .ret2, "saved EIP (after INT)"
    CHECK [g_frame+4], SEL_CODE3, "saved CS"
    CHECKM [g_frame+8], 0x3002, 0x0002, "saved EFLAGS (IOPL 0)"
    CHECK [g_frame+12], [r3_esp], "saved ring-3 ESP"
    CHECK [g_frame+16], SEL_DATA3, "saved ring-3 SS"
    int RING0_VEC

; ---------------------------------------------------------------------------
; Ring 3, part 2 (entered with RETF)
; ---------------------------------------------------------------------------
user2:
    mov ebp, esp
    mov ax, SEL_DATA3
    mov ds, ax
    mov es, ax
    STEP "  ring 3 via RETF: CS, SS, ESP"
    CHECK ebp, STACK3 - 0x100, "ESP"
    xor eax, eax
    mov ax, cs
    CHECK eax, SEL_CODE3, "CS"
    mov ax, ss
    CHECK eax, SEL_DATA3, "SS"
    int RING0_VEC

; ---------------------------------------------------------------------------
; Ring 3, part 3 (IOPL 3)
; ---------------------------------------------------------------------------
user3:
    mov ax, SEL_DATA3
    mov ds, ax
    mov es, ax
    STEP "  ring 3 with IOPL 3: CLI and IN are allowed"
    pushfd
    pop eax
    CHECKM eax, 0x3000, 0x3000, "EFLAGS.IOPL"
    cli
    in al, 0x80
    STEP "  ring 3 with IOPL 3: MOV CR0 still -> #GP(0)"
    EXPECT 13, .r1
.f1: mov eax, cr0
    NOEXC
.r1: CHECK_EXC 13, 0, .f1
    int RING0_VEC

; ---------------------------------------------------------------------------
; Ring 0 targets
; ---------------------------------------------------------------------------
; Call-gate target: record the inner stack, load DPL-0 selectors into ES/FS
; (RETF to ring 3 must null them) and return releasing the 2 parameters.
gate_target:
    mov [g_esp], esp
    push eax
    xor eax, eax
    mov ax, cs
    mov [g_cs], eax
    mov ax, ss
    mov [g_ss], eax
    mov ax, ds
    mov [g_ds], eax
    pop eax
    mov esi, esp
    mov edi, g_frame
    mov ecx, 6
    rep movsd
    mov ax, SEL_DATA32
    mov es, ax
    mov fs, ax
    retf 8

; INT 0x80 handler (DPL-3 interrupt gate).
int80_handler:
    mov [g_esp], esp
    xor eax, eax
    mov ax, cs
    mov [g_cs], eax
    mov ax, ss
    mov [g_ss], eax
    push es
    mov ax, SEL_DATA32
    mov es, ax
    lea esi, [esp+4]
    mov edi, g_frame
    mov ecx, 5
    rep movsd
    pop es
    mov eax, 0x80C0FFEE
    iretd

ROM_END
