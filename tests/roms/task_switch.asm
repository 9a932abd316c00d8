; task_switch.asm - hardware task switching with 32-bit TSSes.
;
; Checks: LTR marks the TSS descriptor busy; JMP to a TSS descriptor saves
; the old task's registers/segments/EIP/EFLAGS in its TSS, loads the new
; task's, clears the old busy bit, sets the new one, sets CR0.TS, leaves the
; link field and NT alone; JMP back resumes after the JMP with the registers
; restored; CALL through a task gate sets NT and the back link, keeps the
; caller busy; CALL/JMP to a busy task -> #GP(selector); IRETD with NT=1
; returns to the linked task, clears the callee's busy bit and the NT bit in
; its saved EFLAGS; a second CALL resumes the callee after its IRETD; INT
; through a task gate in the IDT; EFLAGS and LDTR loaded from the new TSS
; (LDT selectors usable in the new task, null LDTR back in the old one). Intel SDM Vol. 3A 7.2-7.4, Table 7-2.

%include "lib.inc"

TSS_A   equ 0x6000
TSS_B   equ 0x6200
TSS_C   equ 0x6400
SEL_A   equ SEL_FREE+0x00
SEL_B   equ SEL_FREE+0x08
SEL_C   equ SEL_FREE+0x10
SEL_GC  equ SEL_FREE+0x18       ; task gate -> SEL_C
SEL_LDTB equ SEL_FREE+0x20      ; task B's LDT
LDT_B   equ 0x6800
SEL_LB  equ 0x0C                ; LDT index 1, TI=1
VEC_TG  equ 0x41                ; IDT task gate -> SEL_C

; TSS field offsets (SDM Vol. 3A Figure 7-2)
T_LINK equ 0
T_ESP0 equ 4
T_SS0  equ 8
T_CR3  equ 28
T_EIP  equ 32
T_EFL  equ 36
T_EAX  equ 40
T_ECX  equ 44
T_EDX  equ 48
T_EBX  equ 52
T_ESP  equ 56
T_EBP  equ 60
T_ESI  equ 64
T_EDI  equ 68
T_ES   equ 72
T_CS   equ 76
T_SS   equ 80
T_DS   equ 84
T_FS   equ 88
T_GS   equ 92
T_LDT  equ 96
T_IOB  equ 102

a_esp    equ rom_vars+0
a_efl    equ rom_vars+4
c_runs   equ rom_vars+8
b_seen   equ rom_vars+12

; access byte of a GDT descriptor
%define ACCB(sel) byte [GDT_BASE + (sel) + 5]

main16:
    PRINT16 "task_switch: start", 10
    jmp pm_enter

bits 32
main32:
    STEP "build three TSSes, LTR task A"
    mov edi, TSS_A
    xor eax, eax
    mov ecx, 0x600/4
    rep stosd
    mov ebx, TSS_B
    mov eax, task_b
    mov edx, 0xC000
    call init_tss
    mov ebx, TSS_C
    mov eax, task_c
    mov edx, 0xC800
    call init_tss
    mov dword [TSS_B+T_EFL], 0x402          ; DF=1 in task B
    mov dword [TSS_B+T_LDT], SEL_LDTB
    mov edi, LDT_B
    xor eax, eax
    mov ecx, 4
    rep stosd
    mov word [LDT_B+8], 0xFFFF              ; data: base DATA_AREA, limit 0xFFFF
    mov word [LDT_B+10], DATA_AREA & 0xFFFF
    mov byte [LDT_B+12], DATA_AREA >> 16
    mov byte [LDT_B+13], ACC_DATA0
    mov edx, SEL_LDTB
    mov eax, LDT_B
    mov ebx, 15
    mov cl, 0x82
    mov ch, 0
    call make_desc
    mov dword [DATA_AREA+0x10], 0x1DB1DB00
    mov edx, SEL_A
    mov eax, TSS_A
    mov ebx, 0x67
    mov cl, ACC_TSS32
    mov ch, 0
    call make_desc
    mov edx, SEL_B
    mov eax, TSS_B
    call make_desc
    mov edx, SEL_C
    mov eax, TSS_C
    call make_desc
    mov edx, SEL_GC
    mov eax, SEL_C
    mov ebx, 0
    mov cl, GATE_TASK
    mov ch, 0
    call make_gate_desc
    mov eax, VEC_TG
    mov ebx, 0
    mov cx, SEL_C
    mov dl, GATE_TASK
    call set_gate
    mov ax, SEL_A
    ltr ax
    movzx eax, ACCB(SEL_A)
    CHECK eax, ACC_TSS32B, "task A descriptor busy after LTR"
    str ax
    movzx eax, ax
    CHECK eax, SEL_A, "STR"

    STEP "JMP to TSS B: registers saved in TSS A, loaded from TSS B"
    mov eax, cr0
    and eax, ~8
    mov cr0, eax                ; CR0.TS = 0
    pushfd
    pop dword [a_efl]
    mov [a_esp], esp
    mov eax, 0xA0000001
    mov ecx, 0xA0000002
    mov edx, 0xA0000003
    mov ebx, 0xA0000004
    mov ebp, 0xA0000006
    mov esi, 0xA0000007
    mov edi, 0xA0000008
    jmp SEL_B:0
.after_jb:
    CHECK eax, 0xA0000001, "EAX restored in task A"
    CHECK ecx, 0xA0000002, "ECX restored"
    CHECK edx, 0xA0000003, "EDX restored"
    CHECK ebx, 0xA0000004, "EBX restored"
    CHECK ebp, 0xA0000006, "EBP restored"
    CHECK esi, 0xA0000007, "ESI restored"
    CHECK edi, 0xA0000008, "EDI restored"
    mov eax, esp
    CHECK eax, [a_esp], "ESP restored"
    CHECK [b_seen], 1, "task B ran its checks"

    STEP "JMP back from B: busy bits, TSS B saved state"
    movzx eax, ACCB(SEL_A)
    CHECK eax, ACC_TSS32B, "task A busy again"
    movzx eax, ACCB(SEL_B)
    CHECK eax, ACC_TSS32, "task B not busy after it JMPed away"
    CHECK [TSS_B+T_EIP], task_b.after_jmp_a, "TSS B saved EIP"
    CHECK [TSS_B+T_EAX], 0xB1000001, "TSS B saved EAX"
    CHECK [TSS_B+T_EDI], 0xB1000008, "TSS B saved EDI"
    CHECK [TSS_B+T_ESP], 0xC000 - 4, "TSS B saved ESP"
    str ax
    movzx eax, ax
    CHECK eax, SEL_A, "STR back in task A"
    sldt ax
    movzx eax, ax
    CHECK eax, 0, "LDTR from TSS A (null)"
    CHECKM [TSS_B+T_EFL], EFL_DF|EFL_NT|EFL_IF|0x3002, 2, "TSS B saved EFLAGS (DF cleared in B)"
    mov eax, cr0
    CHECKM eax, 8, 8, "CR0.TS set by the task switch"
    clts

    STEP "CALL through a task gate to task C"
    mov dword [c_runs], 0
    mov eax, 0xA1000001
    mov esi, 0xA1000007
    call SEL_GC:0
.after_call:
    CHECK eax, 0xA1000001, "EAX restored after IRET back"
    CHECK esi, 0xA1000007, "ESI restored after IRET back"
    CHECK [c_runs], 1, "task C ran once"
    STEP "IRETD back through the link: busy bits and NT"
    movzx eax, ACCB(SEL_C)
    CHECK eax, ACC_TSS32, "task C not busy after IRETD"
    movzx eax, ACCB(SEL_A)
    CHECK eax, ACC_TSS32B, "task A still busy"
    pushfd
    pop eax
    CHECKM eax, EFL_NT, 0, "NT in task A after IRET"
    CHECK [TSS_A+T_EIP], .after_call, "TSS A saved EIP at the CALL"
    CHECK [TSS_C+T_EIP], task_c.resume, "TSS C saved EIP after its IRETD"
    CHECKM [TSS_C+T_EFL], EFL_NT, 0, "NT cleared in TSS C saved EFLAGS"
    CHECK [TSS_C+T_LINK], SEL_A, "TSS C back link"

    STEP "second CALL resumes task C after its IRETD"
    call SEL_GC:0
    CHECK [c_runs], 2, "task C run count"

    STEP "INT through an IDT task gate"
    int VEC_TG
    CHECK [c_runs], 3, "task C run count"
    movzx eax, ACCB(SEL_C)
    CHECK eax, ACC_TSS32, "task C not busy after IRETD"
    jmp pass

; init_tss -- EBX = TSS, EAX = EIP, EDX = ESP: ring-0 flat task, EFLAGS=2.
init_tss:
    mov [ebx+T_EIP], eax
    mov [ebx+T_ESP], edx
    mov dword [ebx+T_EFL], 2
    mov dword [ebx+T_CS], SEL_CODE32
    mov dword [ebx+T_SS], SEL_DATA32
    mov dword [ebx+T_DS], SEL_DATA32
    mov dword [ebx+T_ES], SEL_DATA32
    mov dword [ebx+T_FS], SEL_DATA32
    mov dword [ebx+T_GS], SEL_DATA32
    mov dword [ebx+T_SS0], SEL_DATA32
    mov dword [ebx+T_ESP0], 0xD000
    mov word [ebx+T_IOB], 0x68
    mov eax, cr3
    mov [ebx+T_CR3], eax
    mov dword [ebx+T_EAX], 0xB0000001
    mov dword [ebx+T_ECX], 0xB0000002
    mov dword [ebx+T_EDX], 0xB0000003
    mov dword [ebx+T_EBX], 0xB0000004
    mov dword [ebx+T_EBP], 0xB0000006
    mov dword [ebx+T_ESI], 0xB0000007
    mov dword [ebx+T_EDI], 0xB0000008
    ret

; ---------------------------------------------------------------------------
task_b:
    STEP "  task B: registers loaded from TSS B"
    CHECK eax, 0xB0000001, "EAX from TSS B"
    CHECK ecx, 0xB0000002, "ECX from TSS B"
    CHECK edx, 0xB0000003, "EDX from TSS B"
    CHECK ebx, 0xB0000004, "EBX from TSS B"
    CHECK ebp, 0xB0000006, "EBP from TSS B"
    CHECK esi, 0xB0000007, "ESI from TSS B"
    CHECK edi, 0xB0000008, "EDI from TSS B"
    mov eax, esp
    CHECK eax, 0xC000, "ESP from TSS B"
    STEP "  task B: TR, busy bits, CR0.TS, NT, link"
    str ax
    movzx eax, ax
    CHECK eax, SEL_B, "STR in task B"
    movzx eax, ACCB(SEL_B)
    CHECK eax, ACC_TSS32B, "task B busy"
    movzx eax, ACCB(SEL_A)
    CHECK eax, ACC_TSS32, "task A not busy after JMP"
    mov eax, cr0
    CHECKM eax, 8, 8, "CR0.TS set by the task switch"
    pushfd
    pop eax
    CHECKM eax, EFL_NT, 0, "NT after JMP"
    CHECK [TSS_B+T_LINK], 0, "TSS B link unchanged by JMP"
    STEP "  task B: EFLAGS (DF=1) and LDTR loaded from TSS B"
    pushfd
    pop eax
    CHECKM eax, EFL_DF, EFL_DF, "DF from TSS B EFLAGS"
    cld
    sldt ax
    movzx eax, ax
    CHECK eax, SEL_LDTB, "LDTR from TSS B"
    mov ax, SEL_LB
    mov fs, ax
    CHECK [fs:0x10], 0x1DB1DB00, "read through task B's LDT"
    mov ax, SEL_DATA32
    mov fs, ax
    STEP "  task B: task A state saved in TSS A"
    CHECK [TSS_A+T_EIP], main32.after_jb, "TSS A saved EIP"
    CHECK [TSS_A+T_EAX], 0xA0000001, "TSS A saved EAX"
    CHECK [TSS_A+T_ECX], 0xA0000002, "TSS A saved ECX"
    CHECK [TSS_A+T_EDX], 0xA0000003, "TSS A saved EDX"
    CHECK [TSS_A+T_EBX], 0xA0000004, "TSS A saved EBX"
    CHECK [TSS_A+T_EBP], 0xA0000006, "TSS A saved EBP"
    CHECK [TSS_A+T_ESI], 0xA0000007, "TSS A saved ESI"
    CHECK [TSS_A+T_EDI], 0xA0000008, "TSS A saved EDI"
    CHECK [TSS_A+T_ESP], [a_esp], "TSS A saved ESP"
    CHECKM [TSS_A+T_EFL], 0xFFFF, [a_efl], "TSS A saved EFLAGS"
    CHECKM [TSS_A+T_CS], 0xFFFF, SEL_CODE32, "TSS A saved CS"
    CHECKM [TSS_A+T_SS], 0xFFFF, SEL_DATA32, "TSS A saved SS"
    CHECKM [TSS_A+T_DS], 0xFFFF, SEL_DATA32, "TSS A saved DS"
    CHECKM [TSS_A+T_ES], 0xFFFF, SEL_DATA32, "TSS A saved ES"
    CHECKM [TSS_A+T_FS], 0xFFFF, SEL_DATA32, "TSS A saved FS"
    CHECKM [TSS_A+T_GS], 0xFFFF, SEL_DATA32, "TSS A saved GS"
    mov dword [b_seen], 1
    mov eax, 0xB1000001
    mov edi, 0xB1000008
    push eax                    ; ESP = 0xC000 - 4 when saved
    jmp SEL_A:0
.after_jmp_a:
    FAIL "task B resumed unexpectedly"

; ---------------------------------------------------------------------------
task_c:
    inc dword [c_runs]
    cmp dword [c_runs], 1
    jne .quick
    STEP "  task C: NT set, back link, busy bits"
    pushfd
    pop eax
    CHECKM eax, EFL_NT, EFL_NT, "NT after CALL through a task gate"
    CHECK [TSS_C+T_LINK], SEL_A, "TSS C back link = caller"
    movzx eax, ACCB(SEL_A)
    CHECK eax, ACC_TSS32B, "caller (A) still busy"
    movzx eax, ACCB(SEL_C)
    CHECK eax, ACC_TSS32B, "task C busy"
    CHECK [TSS_A+T_EAX], 0xA1000001, "TSS A saved EAX at the CALL"
    STEP "  task C: CALL to the busy task A -> #GP(selector)"
    EXPECT 13, .r1
.f1: call SEL_A:0
    NOEXC
.r1: CHECK_EXC 13, SEL_A, .f1
    STEP "  task C: JMP to the busy task A -> #GP(selector)"
    EXPECT 13, .r2
.f2: jmp SEL_A:0
    NOEXC
.r2: CHECK_EXC 13, SEL_A, .f2
    STEP "  task C: IRETD with NT=1 returns to task A"
.quick:
    pushfd
    pop eax
    CHECKM eax, EFL_NT, EFL_NT, "NT in task C"
    CHECK [TSS_C+T_LINK], SEL_A, "TSS C back link"
    mov eax, 0xC0000001
    iretd
.resume:
    jmp task_c

ROM_END
