; task_paging.asm - task switches with paging: per-task CR3, and exceptions
; handled by tasks through task gates in the IDT.
;
; Checks: a CALL to a task whose TSS holds another CR3 switches the address
; space (the same linear page maps another frame in the new task) and the
; IRET back restores the caller's CR3 and mapping (no stale TLB entry); #UD
; through a task gate: the handler task sees NT=1 and the back link, the
; interrupted task's TSS holds the EIP of the faulting UD2, the handler
; advances it and IRETs back, a second #UD resumes the handler after its
; IRETD; #GP through a task gate pushes the error code on the handler
; task's stack. Intel SDM Vol. 3A 7.3 (task switching, CR3), 6.12.2
; (interrupt tasks), 4.10.4.1 (CR3 load invalidates TLB).

%include "lib.inc"

PD_A    equ 0x10000
PT0     equ 0x11000
PT_A1   equ 0x12000
PD_B    equ 0x14000
PT_B1   equ 0x15000
LIN     equ 0x400000            ; maps 0x30000 in task A, 0x31000 in task B
TSS_A   equ 0x6000
TSS_B   equ 0x6200
TSS_UD  equ 0x6400
TSS_GP  equ 0x6600
SEL_A   equ SEL_FREE+0x00
SEL_B   equ SEL_FREE+0x08
SEL_UD  equ SEL_FREE+0x10
SEL_GP  equ SEL_FREE+0x18

b_val   equ rom_vars+0
b_cr3   equ rom_vars+4
ud_runs equ rom_vars+8
ud_eip  equ rom_vars+12
ud_nt   equ rom_vars+16
ud_link equ rom_vars+20
gp_err  equ rom_vars+24
gp_eip  equ rom_vars+28

main16:
    PRINT16 "task_paging: start", 10
    jmp pm_enter

bits 32
main32:
    STEP "two address spaces: LIN -> 0x30000 (A) / 0x31000 (B)"
    mov edi, PD_A
    xor eax, eax
    mov ecx, 0x6000/4           ; PD_A .. PT_B1
    rep stosd
    mov edi, PT0
    mov eax, 3
.map:
    stosd
    add eax, 0x1000
    cmp edi, PT0 + 4096
    jne .map
    mov dword [PD_A], PT0 | 3
    mov dword [PD_A+4], PT_A1 | 3
    mov dword [PT_A1], 0x30000 | 3
    mov dword [PD_B], PT0 | 3
    mov dword [PD_B+4], PT_B1 | 3
    mov dword [PT_B1], 0x31000 | 3
    mov dword [0x30000], 0xAAAA0030
    mov dword [0x31000], 0xBBBB0031
    mov eax, PD_A
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    jmp .pg
.pg:
    CHECK [LIN], 0xAAAA0030, "LIN in task A"

    mov edi, TSS_A
    xor eax, eax
    mov ecx, 0x800/4
    rep stosd
    mov dword [TSS_A+28], PD_A  ; CR3 is loaded from, never saved to, a TSS
    mov ebx, TSS_B
    mov eax, task_b
    mov edx, 0xC000
    mov esi, PD_B
    call init_tss
    mov ebx, TSS_UD
    mov eax, ud_task
    mov edx, 0xC800
    mov esi, PD_A
    call init_tss
    mov ebx, TSS_GP
    mov eax, gp_task
    mov edx, 0xD000
    call init_tss
    mov cl, ACC_TSS32
    mov ch, 0
    mov ebx, 0x67
    mov edx, SEL_A
    mov eax, TSS_A
    call make_desc
    mov edx, SEL_B
    mov eax, TSS_B
    call make_desc
    mov edx, SEL_UD
    mov eax, TSS_UD
    call make_desc
    mov edx, SEL_GP
    mov eax, TSS_GP
    call make_desc
    mov ax, SEL_A
    ltr ax
    mov eax, 6
    xor ebx, ebx
    mov cx, SEL_UD
    mov dl, GATE_TASK
    call set_gate
    mov eax, 13
    mov cx, SEL_GP
    call set_gate

    STEP "CALL to a task with another CR3, IRET back"
    mov eax, [LIN]              ; A's translation is now in the TLB
    call SEL_B:0
    CHECK [b_val], 0xBBBB0031, "LIN read in task B"
    CHECK [b_cr3], PD_B, "CR3 in task B"
    mov eax, cr3
    CHECK eax, PD_A, "CR3 back in task A"
    CHECK [LIN], 0xAAAA0030, "LIN in task A after the return"

    STEP "#UD through a task gate: handler task, saved EIP, IRET back"
    mov dword [ud_runs], 0
.ud1: ud2
    CHECK [ud_runs], 1, "handler task ran"
    CHECK [ud_eip], .ud1, "interrupted task's saved EIP = the UD2"
    CHECKM [ud_nt], EFL_NT, EFL_NT, "NT in the handler task"
    CHECK [ud_link], SEL_A, "back link"
.ud2: ud2
    CHECK [ud_runs], 2, "handler task resumed after its IRETD"
    CHECK [ud_eip], .ud2, "saved EIP of the second UD2"

    STEP "#GP through a task gate: error code on the handler task's stack"
    mov ax, 0x800
.gp1: mov ds, ax                ; 2 bytes: 8E D8
    CHECK [gp_err], 0x800, "error code pushed for the handler task"
    CHECK [gp_eip], .gp1, "interrupted task's saved EIP"
    jmp pass

; init_tss -- EBX = TSS, EAX = EIP, EDX = ESP, ESI = CR3.
init_tss:
    mov [ebx+32], eax
    mov [ebx+56], edx
    mov [ebx+28], esi
    mov dword [ebx+36], 2
    mov dword [ebx+72], SEL_DATA32
    mov dword [ebx+76], SEL_CODE32
    mov dword [ebx+80], SEL_DATA32
    mov dword [ebx+84], SEL_DATA32
    mov dword [ebx+88], SEL_DATA32
    mov dword [ebx+92], SEL_DATA32
    mov word [ebx+102], 0x68
    ret

task_b:
    mov eax, [LIN]
    mov [b_val], eax
    mov eax, cr3
    mov [b_cr3], eax
    iretd

ud_task:
    inc dword [ud_runs]
    pushfd
    pop dword [ud_nt]
    mov eax, [TSS_UD]
    mov [ud_link], eax
    mov eax, [TSS_A+32]
    mov [ud_eip], eax
    add dword [TSS_A+32], 2     ; skip the UD2 in the interrupted task
    iretd
    jmp ud_task

gp_task:
    pop eax                     ; error code
    mov [gp_err], eax
    mov eax, [TSS_A+32]
    mov [gp_eip], eax
    add dword [TSS_A+32], 2     ; skip MOV DS, AX
    iretd
    jmp gp_task

ROM_END
