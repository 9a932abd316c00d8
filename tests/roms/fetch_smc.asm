; fetch_smc.asm - instruction fetch: page faults on a fetch that crosses a
; page boundary, the CS limit on fetch, and self-modifying code.
;
; Checks: an instruction straddling into a not-present page raises #PF with
; CR2 = the start of the missing page, error code 0 (supervisor read; no I/D
; bit without NX), saved EIP = the start of the instruction, and executes
; correctly after the handler maps the page; a fetch of an instruction that
; crosses the CS limit raises #GP(0) at that instruction; on a P6 a store to
; the very next instruction takes effect before it executes (no stale
; prefetch), and code patched between two calls runs patched.
; Intel SDM Vol. 3A 4.7 (#PF error code), 5.3 (limit checking),
; 8.1.3 (handling self- and cross-modifying code).

%include "lib.inc"

PD       equ 0x10000
PT0      equ 0x11000
RAM_CODE equ 0x30000            ; code copied to RAM (page 0x30000-0x30FFF)
SEL_LIMC equ SEL_FREE           ; code segment, base RAM_CODE, limit 4

pf_count equ rom_vars+0
pf_err   equ rom_vars+4
pf_eip   equ rom_vars+8
pf_cr2   equ rom_vars+12
gp_err   equ rom_vars+16
gp_eip   equ rom_vars+20
gp_cs    equ rom_vars+24

main16:
    PRINT16 "fetch_smc: start", 10
    jmp pm_enter

bits 32
main32:
    STEP "paging on (identity 0-4 MiB)"
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
    mov eax, PD
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    jmp .pg
.pg:
    mov eax, 14
    mov ebx, pf_handler
    mov cx, SEL_CODE32
    mov dl, GATE_INT32
    call set_gate

    STEP "instruction straddling into a not-present page: #PF, CR2, retry"
    mov edi, RAM_CODE + 0xFFE
    mov esi, straddle_tpl
    mov ecx, straddle_end - straddle_tpl
    rep movsb                   ; MOV EAX, imm32 at 0x30FFE..0x31002, RET
    mov dword [PT0 + ((RAM_CODE + 0x1000) >> 12)*4], 0
    invlpg [RAM_CODE + 0x1000]
    mov dword [pf_count], 0
    xor eax, eax
    call RAM_CODE + 0xFFE
    CHECK eax, 0x12345678, "instruction executed after the fix"
    CHECK [pf_count], 1, "number of #PF"
    CHECK [pf_cr2], RAM_CODE + 0x1000, "CR2 = start of the missing page"
    CHECK [pf_err], 0, "#PF error code (supervisor read)"
    CHECK [pf_eip], RAM_CODE + 0xFFE, "saved EIP = start of the instruction"

    STEP "SMC: a store to the next instruction takes effect (P6)"
    mov edi, RAM_CODE
    mov esi, smc_tpl
    mov ecx, smc_end - smc_tpl
    rep movsb
    call RAM_CODE
    movzx eax, al
    CHECK eax, 0x42, "AL from the patched MOV AL, imm8"

    STEP "code patched between two calls runs patched"
    mov edi, RAM_CODE + 0x100
    mov esi, patch_tpl
    mov ecx, patch_end - patch_tpl
    rep movsb
    call RAM_CODE + 0x100
    CHECK eax, 0x11111111, "first call"
    mov dword [RAM_CODE + 0x100 + (patch_imm - patch_tpl)], 0x22222222
    call RAM_CODE + 0x100
    CHECK eax, 0x22222222, "second call after patching the immediate"

    STEP "fetch crossing the CS limit -> #GP(0) at the instruction"
    SKIP_ON_QEMU .s4, "CS limit not checked on instruction fetch"
    mov edi, RAM_CODE + 0x200
    mov esi, lim_tpl
    mov ecx, lim_end - lim_tpl
    rep movsb
    mov edx, SEL_LIMC
    mov eax, RAM_CODE + 0x200
    mov ebx, 4                  ; offsets 0..4 valid
    mov cl, ACC_CODE0
    mov ch, FL_B32
    call make_desc
    mov eax, 13
    mov ebx, gp_handler
    mov cx, SEL_CODE32
    mov dl, GATE_INT32
    call set_gate
    mov dword [gp_eip], -1
    mov [saved_esp], esp
    jmp SEL_LIMC:0
.gp_back:
    mov eax, 13
    call restore_gate
    CHECK [gp_err], 0, "#GP error code"
    CHECK [gp_eip], 2, "saved EIP (the MOV crossing the limit)"
    CHECK [gp_cs], SEL_LIMC, "saved CS"
.s4:
    jmp pass

; #PF: map the faulting page, retry.
pf_handler:
    push eax
    push ebx
    inc dword [pf_count]
    mov eax, [esp+8]
    mov [pf_err], eax
    mov eax, [esp+12]
    mov [pf_eip], eax
    mov eax, cr2
    mov [pf_cr2], eax
    mov ebx, eax
    shr ebx, 12
    and eax, 0xFFFFF000
    or eax, 3
    mov [PT0 + ebx*4], eax
    mov eax, cr2
    invlpg [eax]
    pop ebx
    pop eax
    add esp, 4
    iretd

; #GP from the limited code segment: record and return to flat code.
gp_handler:
    mov eax, [esp]
    mov [gp_err], eax
    mov eax, [esp+4]
    mov [gp_eip], eax
    mov eax, [esp+8]
    and eax, 0xFFFF
    mov [gp_cs], eax
    mov esp, [saved_esp]
    jmp main32.gp_back

; Templates copied to RAM
straddle_tpl:
    mov eax, 0x12345678
    ret
straddle_end:

smc_tpl:
    mov byte [RAM_CODE + (smc_imm - smc_tpl)], 0x42
    db 0xB0                     ; MOV AL, imm8
smc_imm:
    db 0x00
    ret
smc_end:

patch_tpl:
    db 0xB8                     ; MOV EAX, imm32
patch_imm:
    dd 0x11111111
    ret
patch_end:

lim_tpl:
    nop
    nop
    mov eax, 0x11111111         ; offsets 2..6: crosses the limit (4)
    jmp $
lim_end:

ROM_END
