; double_fault.asm - #DF through a task gate after a page fault that cannot
; be delivered (the ring-0 stack page is not present).
;
; Checks: with paging on and ESP pointing into a not-present page, a #PF
; (not-present data access) cannot push its frame: the second #PF turns it
; into #DF (SDM Table 6-5: page fault followed by page fault); the #DF gate is
; a task gate, so the CPU switches to the #DF task on its own stack: TR, the
; back link and NT in the new task, error code 0 pushed on the new task's
; stack, CR2 inside the stack page, old task's TSS busy and its CR3 restored
; in the new task from its TSS (the interrupted task's saved state is
; undefined after #DF and is not checked). Intel SDM Vol. 3A 6.15 (Interrupt 8), 7.3.
; Without a task gate this situation is a triple fault; a reset is reported
; by lib.inc as "FAIL: CPU reset".

%include "lib.inc"

PD      equ 0x10000
PT0     equ 0x11000
TSS_DF  equ 0x6000
SEL_DF  equ SEL_FREE+0x00
BADSTK  equ 0x50000             ; page made not present
BADDATA equ 0x60000             ; page made not present

main16:
    PRINT16 "double_fault: start", 10
    jmp pm_enter

bits 32
main32:
    call setup_tss_main

    STEP "paging on, #DF task gate installed"
    mov edi, PD
    xor eax, eax
    mov ecx, 2*1024
    rep stosd
    mov dword [PD], PT0 | 3
    mov edi, PT0
    mov eax, 3
.map:
    stosd
    add eax, 0x1000
    cmp edi, PT0 + 4096
    jne .map
    mov dword [PT0 + (BADSTK >> 12)*4], 0
    mov dword [PT0 + (BADDATA >> 12)*4], 0
    mov eax, PD
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    jmp .pg
.pg:
    ; #DF task
    mov edi, TSS_DF
    xor eax, eax
    mov ecx, 0x68/4
    rep stosd
    mov dword [TSS_DF+28], PD           ; CR3
    mov dword [TSS_DF+32], df_task      ; EIP
    mov dword [TSS_DF+36], 2            ; EFLAGS
    mov dword [TSS_DF+56], 0xD000       ; ESP
    mov dword [TSS_DF+72], SEL_DATA32   ; ES
    mov dword [TSS_DF+76], SEL_CODE32   ; CS
    mov dword [TSS_DF+80], SEL_DATA32   ; SS
    mov dword [TSS_DF+84], SEL_DATA32   ; DS
    mov dword [TSS_DF+88], SEL_DATA32   ; FS
    mov dword [TSS_DF+92], SEL_DATA32   ; GS
    mov word [TSS_DF+102], 0x68
    mov edx, SEL_DF
    mov eax, TSS_DF
    mov ebx, 0x67
    mov cl, ACC_TSS32
    mov ch, 0
    call make_desc
    mov eax, 8
    mov ebx, 0
    mov cx, SEL_DF
    mov dl, GATE_TASK
    call set_gate

    STEP "#PF with ESP in a not-present page -> #DF through the task gate"
    mov esp, BADSTK + 0x1000
    mov eax, [BADDATA]
    mov esp, STACK0
    FAIL "the access to a not-present page did not fault"

df_task:
    STEP "  #DF task: TR, back link, NT, error code, CR2, busy bits"
    str ax
    movzx eax, ax
    CHECK eax, SEL_DF, "TR in the #DF task"
    CHECK [TSS_DF], SEL_TSS, "back link = interrupted task"
    pushfd
    pop eax
    CHECKM eax, EFL_NT, EFL_NT, "NT in the #DF task"
    mov eax, esp
    CHECK eax, 0xD000 - 4, "ESP: only the error code pushed"
    CHECK [0xD000 - 4], 0, "#DF error code"
    mov eax, cr2
    CHECKM eax, 0xFFFFF000, BADSTK, "CR2 in the stack page"
    mov eax, cr3
    CHECK eax, PD, "CR3 loaded from the #DF TSS"
    movzx eax, byte [GDT_BASE + SEL_TSS + 5]
    CHECK eax, ACC_TSS32B, "interrupted task still busy"
    movzx eax, byte [GDT_BASE + SEL_DF + 5]
    CHECK eax, ACC_TSS32B, "#DF task busy"
    jmp pass

ROM_END
