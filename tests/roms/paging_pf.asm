; paging_pf.asm - 2-level paging with 4 KiB pages, page faults, TLB, 4 MiB pages.
;
; Checks: CR0.PG on with an identity map; Accessed bit on read and Dirty bit
; on write (PTE and PDE); not-present #PF for a write and a read (CR2, error
; code P/W/U bits, saved EIP at the faulting instruction); the handler fixes
; the PTE and IRETs, the access is retried and lands in the new frame;
; supervisor write to a read-only page allowed with CR0.WP=0 and #PF (error 3)
; with CR0.WP=1; user-mode #PFs (read of a supervisor page: 5, write to a
; read-only user page: 7, write to a not-present page: 6, supervisor PDE: 5);
; REP MOVSB faulting in mid-string (ECX/ESI/EDI precise, retry completes); a
; page-straddling dword write (CR2 = start of the missing page, no partial
; write); INVLPG and MOV CR3 make a changed PTE visible; CR4.PGE toggle flushes global
; entries; PS ignored while CR4.PSE=0; a 4 MiB page with CR4.PSE (A and D
; set in the PDE, aliasing), a write-protect #PF on a 4 MiB page and a
; reserved-bit #PF (RSVD) for PDE bit 21; paging off again.
; Intel SDM Vol. 3A 4.3 (32-bit paging), 4.6 (access rights), 4.7 (#PF error
; code), 4.8 (A/D bits), 4.10 (TLBs and INVLPG).

%include "lib.inc"

PD      equ 0x10000             ; page directory
PT0     equ 0x11000             ; identity map of 0-4 MiB (user, writable)
PT1     equ 0x12000             ; test pages at 0x400000-0x7FFFFF
PT2     equ 0x13000             ; test pages at 0x800000-0xBFFFFF
PT3     equ 0x16000             ; page table behind a PDE with PS=1, CR4.PSE=0
FRAMES  equ 0x30000             ; test frames 0x30000-0x3FFFF
LIN1    equ 0x400000            ; linear base mapped by PT1

pf_count   equ rom_vars+0
pf_err     equ rom_vars+4
pf_eip     equ rom_vars+8
pf_cr2     equ rom_vars+12
pf_fix_pte equ rom_vars+16      ; address of the entry to fix (0 = fatal)
pf_fix_val equ rom_vars+20      ; value to store there
pf_invlpg  equ rom_vars+24      ; 1 = INVLPG [CR2] after the fix
pf_cs      equ rom_vars+28
pf_ecx     equ rom_vars+32      ; ECX/ESI/EDI at the #PF
pf_esi     equ rom_vars+36
pf_edi     equ rom_vars+40
pf_probe   equ rom_vars+44      ; address read by the handler before the fix
pf_probev  equ rom_vars+48      ; the dword read there

; ARM_PF entry_address, new_value, invlpg -- next #PF stores new_value.
%macro ARM_PF 3
    mov dword [pf_count], 0
    mov dword [pf_err], -1
    mov dword [pf_cr2], -1
    mov dword [pf_eip], -1
    mov dword [pf_fix_pte], %1
    mov dword [pf_fix_val], %2
    mov dword [pf_invlpg], %3
%endmacro

; CHECK_PF err, cr2, eip -- exactly one #PF with these values.
%macro CHECK_PF 3
    CHECK [pf_count], 1, "number of #PF taken"
    CHECK [pf_err], %1, "#PF error code"
    CHECK [pf_cr2], %2, "CR2"
    CHECK [pf_eip], %3, "#PF saved EIP"
%endmacro

main16:
    PRINT16 "paging_pf: start", 10
    jmp pm_enter

bits 32
main32:
    mov dword [pf_probe], DATA_AREA
    mov eax, 14
    mov ebx, pf_handler
    mov cx, SEL_CODE32
    mov dl, GATE_INT32
    call set_gate
    call setup_tss_main

    STEP "build page tables and enable CR0.PG (identity map 0-4 MiB)"
    mov edi, PD
    xor eax, eax
    mov ecx, 4*1024
    rep stosd                   ; PD, PT0, PT1, PT2 cleared
    mov dword [PD+0], PT0 | 7
    mov dword [PD+4], PT1 | 7
    mov edi, PT0
    mov eax, 7
.map:
    stosd
    add eax, 0x1000
    cmp edi, PT0 + 4096
    jne .map
    mov dword [DATA_AREA], 0x5EED1234
    mov eax, PD
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    and eax, ~0x10000           ; CR0.WP = 0
    mov cr0, eax
    jmp .pg
.pg:
    mov eax, cr0
    CHECKM eax, 0x80000001, 0x80000001, "CR0.PG and PE set"
    mov eax, cr3
    CHECK eax, PD, "CR3 readback"
    CHECK [DATA_AREA], 0x5EED1234, "identity-mapped read"
    CHECKM [PD], 0x20, 0x20, "PDE 0 Accessed bit"

    STEP "Accessed bit on read, Dirty bit on write"
    mov dword [PT1+0], (FRAMES+0x0000) | 3
    mov dword [FRAMES+0x0004], 0x13572468
    mov eax, [LIN1+4]
    CHECK eax, 0x13572468, "read through the test page"
    CHECKM [PT1+0], 0x60, 0x20, "PTE A=1 D=0 after a read"
    CHECKM [PD+4], 0x20, 0x20, "PDE A=1 after a read"
    mov dword [LIN1+8], 0x24681357
    CHECKM [PT1+0], 0x60, 0x60, "PTE A=1 D=1 after a write"
    CHECK [FRAMES+8], 0x24681357, "write reached the frame"

    STEP "not-present #PF on a write: error 2, CR2, fixed and retried"
    mov dword [PT1+4], 0
    ARM_PF PT1+4, (FRAMES+0x1000) | 3, 0
.f1: mov dword [LIN1+0x1008], 0xABCD1234
    CHECK_PF 2, LIN1+0x1008, .f1
    CHECK [FRAMES+0x1008], 0xABCD1234, "retried write reached the new frame"

    STEP "not-present #PF on a read: error 0"
    mov dword [PT1+8], 0
    mov dword [FRAMES+0x2010], 0x77665544
    ARM_PF PT1+8, (FRAMES+0x2000) | 3, 0
.f2: mov eax, [LIN1+0x2010]
    CHECK eax, 0x77665544, "retried read value"
    CHECK_PF 0, LIN1+0x2010, .f2

    STEP "CR0.WP=0: supervisor write to a read-only page is allowed"
    mov dword [PT1+12], (FRAMES+0x3000) | 1
    mov dword [LIN1+0x3000], 0x31313131
    CHECK [FRAMES+0x3000], 0x31313131, "write to read-only page with WP=0"
    CHECKM [PT1+12], 0x62, 0x60, "PTE A,D set, R/W still 0"

    STEP "CR0.WP=1: supervisor write to a read-only page -> #PF error 3"
    mov eax, cr0
    or eax, 0x10000
    mov cr0, eax
    mov dword [PT1+16], (FRAMES+0x4000) | 1
    mov eax, [LIN1+0x4000]      ; load the translation into the TLB
    ARM_PF PT1+16, (FRAMES+0x4000) | 3, 1
.f3: mov dword [LIN1+0x4004], 0x44444444
    CHECK_PF 3, LIN1+0x4004, .f3
    CHECK [FRAMES+0x4004], 0x44444444, "retried write after R/W fix + INVLPG"

    STEP "CR0.WP=1 also applies to a page written earlier with WP=0"
    ARM_PF PT1+12, (FRAMES+0x3000) | 3, 1
.f4: mov dword [LIN1+0x3004], 0x33333333
    CHECK_PF 3, LIN1+0x3004, .f4
    CHECK [FRAMES+0x3004], 0x33333333, "retried write"

    STEP "user-mode page faults (ring 3, CR0.WP=0)"
    mov eax, cr0
    and eax, ~0x10000
    mov cr0, eax
    mov dword [PT1+20], (FRAMES+0x5000) | 3     ; supervisor, writable
    mov dword [PT1+24], (FRAMES+0x6000) | 5     ; user, read-only
    mov dword [PT1+28], 0                       ; not present
    mov dword [PD+8], PT2 | 3                   ; supervisor PDE
    mov dword [PT2+0], (FRAMES+0x8000) | 7      ; user PTE
    mov dword [FRAMES+0x5000], 0x55555555
    mov dword [FRAMES+0x8000], 0x88888888
    mov eax, cr3
    mov cr3, eax
    mov ebx, user_code
    call enter_ring3
    CHECK [FRAMES+0x6000], 0x66666666, "user write after fix"
    CHECK [FRAMES+0x7000], 0x77777777, "user write to the new page"

    STEP "REP MOVSB into a not-present page: precise ECX/ESI/EDI, retry completes"
    mov edi, DATA_AREA+0x100
    xor eax, eax
.pat:
    stosb
    inc eax
    cmp eax, 32
    jne .pat
    mov dword [PT1+48], (FRAMES+0xC000) | 3
    mov dword [PT1+52], 0
    mov esi, DATA_AREA+0x100
    mov edi, LIN1+0xCFF0
    mov ecx, 32
    cld
    ARM_PF PT1+52, (FRAMES+0xD000) | 3, 0
.f6: rep movsb
    CHECK_PF 2, LIN1+0xD000, .f6
    CHECK [pf_ecx], 16, "ECX at the #PF (16 bytes left)"
    CHECK [pf_esi], DATA_AREA+0x110, "ESI at the #PF"
    CHECK [pf_edi], LIN1+0xD000, "EDI at the #PF"
    CHECK ecx, 0, "ECX after the retried REP MOVSB"
    CHECK edi, LIN1+0xD010, "EDI after the retried REP MOVSB"
    CHECK [FRAMES+0xCFF0], 0x03020100, "bytes copied before the fault"
    CHECK [FRAMES+0xD00C], 0x1F1E1D1C, "bytes copied after the retry"

    STEP "dword write straddling into a not-present page: CR2, no partial write"
    mov dword [PT1+56], (FRAMES+0xE000) | 3
    mov dword [PT1+60], 0
    mov dword [FRAMES+0xEFFC], 0x11111111
    mov dword [pf_probe], FRAMES+0xEFFC
    ARM_PF PT1+60, (FRAMES+0xF000) | 3, 0
.f7: mov dword [LIN1+0xEFFE], 0xAABBCCDD
    CHECK_PF 2, LIN1+0xF000, .f7
    CHECK [pf_probev], 0x11111111, "first page untouched when the #PF was raised"
    CHECK [FRAMES+0xEFFC], 0xCCDD1111, "low half written by the retried write"
    movzx eax, word [FRAMES+0xF000]
    CHECK eax, 0xAABB, "high half written by the retried write"
    mov dword [pf_probe], DATA_AREA

    STEP "CR4.PSE=0: the PS bit of a PDE is ignored (4 KiB page table)"
    mov edi, PT3
    xor eax, eax
    mov ecx, 1024
    rep stosd
    mov dword [PT3], (DATA_AREA+0xF000) | 3
    mov dword [DATA_AREA+0xF000], 0x0000F5E0
    mov dword [0], 0xBAD00000
    mov dword [PD+24], PT3 | 0x83                ; 0x1800000, PS=1
    mov eax, [0x1800000]
    CHECK eax, 0x0000F5E0, "read through the PDE's page table"

    STEP "INVLPG makes a changed PTE visible"
    mov dword [FRAMES+0xA000], 0xAAAA0000
    mov dword [FRAMES+0xB000], 0xBBBB0000
    mov dword [PT1+32], (FRAMES+0xA000) | 3
    mov eax, [LIN1+0x8000]
    CHECK eax, 0xAAAA0000, "first mapping"
    mov dword [PT1+32], (FRAMES+0xB000) | 3
    mov eax, [LIN1+0x8000]      ; either value is architecturally allowed
    PRINT "    (without INVLPG the CPU read "
    call print_hex32
    PRINT ")", 10
    invlpg [LIN1+0x8000]
    mov eax, [LIN1+0x8000]
    CHECK eax, 0xBBBB0000, "mapping after INVLPG"

    STEP "MOV CR3 flushes non-global translations"
    mov dword [PT1+36], (FRAMES+0xA000) | 3
    mov eax, [LIN1+0x9000]
    CHECK eax, 0xAAAA0000, "first mapping"
    mov dword [PT1+36], (FRAMES+0xB000) | 3
    mov eax, cr3
    mov cr3, eax
    mov eax, [LIN1+0x9000]
    CHECK eax, 0xBBBB0000, "mapping after CR3 reload"

    STEP "CR4.PGE: toggling PGE flushes global translations"
    mov eax, 1
    cpuid
    test edx, 1 << 13
    jnz .pge
    PRINT "    CPUID reports no PGE: skipped", 10
    jmp .nopge
.pge:
    mov eax, cr4
    or eax, 0x80
    mov cr4, eax
    mov dword [PT1+40], (FRAMES+0xA000) | 0x103  ; G=1
    mov eax, [LIN1+0xA000]
    CHECK eax, 0xAAAA0000, "first mapping (global)"
    mov dword [PT1+40], (FRAMES+0xB000) | 0x103
    mov eax, cr3
    mov cr3, eax
    mov eax, [LIN1+0xA000]      ; a global entry may survive MOV CR3
    PRINT "    (after MOV CR3 the global page read "
    call print_hex32
    PRINT ")", 10
    mov eax, cr4
    and eax, ~0x80
    mov cr4, eax
    mov eax, [LIN1+0xA000]
    CHECK eax, 0xBBBB0000, "mapping after clearing CR4.PGE"
.nopge:

    STEP "4 MiB page with CR4.PSE: aliasing, A and D in the PDE"
    mov eax, 1
    cpuid
    test edx, 1 << 3
    jnz .pse
    FAIL "CPUID.1:EDX.PSE is 0 on an i686-class CPU"
.pse:
    mov eax, cr4
    or eax, 0x10
    mov cr4, eax
    mov dword [PD+12], 0x400000 | 0x83          ; 0xC00000 -> 0x400000
    mov dword [PD+16], 0x400000 | 0x83          ; 0x1000000 -> 0x400000
    mov eax, cr3
    mov cr3, eax
    mov dword [0xC01234], 0xC0FFEE00
    CHECK [0x1001234], 0xC0FFEE00, "alias through the second 4 MiB page"
    CHECKM [PD+12], 0xE0, 0xE0, "PDE PS, D, A after a write"
    CHECKM [PD+16], 0xE0, 0xA0, "PDE PS, A (no D) after a read"
    mov dword [0xC0FFFC], 0x11112222           ; offset 0xFFFC: beyond 4 KiB
    CHECK [0x100FFFC], 0x11112222, "offset beyond the first 4 KiB"

    STEP "4 MiB page: write-protect #PF (WP=1) error 3, fixed and retried"
    mov eax, cr0
    or eax, 0x10000
    mov cr0, eax
    mov dword [PD+20], 0x400000 | 0x81          ; 0x1400000 read-only
    ARM_PF PD+20, 0x400000 | 0x83, 1
.f5: mov dword [0x1401234], 0xFEEDFACE
    CHECK_PF 3, 0x1401234, .f5
    CHECK [0xC01234], 0xFEEDFACE, "retried write visible through the alias"

    STEP "4 MiB PDE with a reserved bit (21) set -> #PF error 9 (RSVD|P)"
    SKIP_ON_QEMU .s8, "RSVD #PF error code without P (SDM 4.7: RSVD implies P)"
    mov eax, cr0
    and eax, ~0x10000
    mov cr0, eax
    mov dword [PD+28], 0x400000 | 0x200000 | 0x83  ; 0x1C00000
    ARM_PF PD+28, 0x400000 | 0x83, 1
.f8: mov eax, [0x1C01234]
    CHECK_PF 9, 0x1C01234, .f8
    CHECK eax, 0xFEEDFACE, "retried read after clearing the reserved bit"
.s8:

    STEP "paging off again"
    mov eax, cr0
    and eax, 0x7FFFFFFF
    mov cr0, eax
    jmp .off
.off:
    CHECK [DATA_AREA], 0x5EED1234, "flat read with paging off"
    CHECK [FRAMES+0x1008], 0xABCD1234, "frame content"
    jmp pass

; Ring-3 part: runs from enter_ring3, returns with INT RING0_VEC.
user_code:
    mov ax, SEL_DATA3
    mov ds, ax
    mov es, ax
    STEP "  ring 3: read of a supervisor page -> #PF error 5"
    ARM_PF PT1+20, (FRAMES+0x5000) | 7, 1
.u1: mov eax, [LIN1+0x5000]
    CHECK eax, 0x55555555, "retried user read"
    CHECK_PF 5, LIN1+0x5000, .u1
    CHECK [pf_cs], SEL_CODE3, "#PF saved CS"
    STEP "  ring 3: write to a read-only user page -> #PF error 7"
    ARM_PF PT1+24, (FRAMES+0x6000) | 7, 1
.u2: mov dword [LIN1+0x6000], 0x66666666
    CHECK_PF 7, LIN1+0x6000, .u2
    STEP "  ring 3: write to a not-present page -> #PF error 6"
    ARM_PF PT1+28, (FRAMES+0x7000) | 7, 0
.u3: mov dword [LIN1+0x7000], 0x77777777
    CHECK_PF 6, LIN1+0x7000, .u3
    STEP "  ring 3: user PTE under a supervisor PDE -> #PF error 5"
    ARM_PF PD+8, PT2 | 7, 1
.u4: mov eax, [0x800000]
    CHECK eax, 0x88888888, "retried read through the fixed PDE"
    CHECK_PF 5, 0x800000, .u4
    int RING0_VEC

; #PF handler: record, fix the armed entry (optionally INVLPG), IRET to retry.
pf_handler:
    push ds
    pushad
    mov ax, SEL_DATA32
    mov ds, ax
    inc dword [pf_count]
    mov eax, [esp+36]
    mov [pf_err], eax
    mov eax, [esp+40]
    mov [pf_eip], eax
    mov eax, [esp+44]
    and eax, 0xFFFF
    mov [pf_cs], eax
    mov eax, [esp+24]
    mov [pf_ecx], eax
    mov eax, [esp+4]
    mov [pf_esi], eax
    mov eax, [esp+0]
    mov [pf_edi], eax
    mov eax, [pf_probe]
    mov eax, [eax]
    mov [pf_probev], eax
    mov eax, cr2
    mov [pf_cr2], eax
    mov ebx, [pf_fix_pte]
    test ebx, ebx
    jz .fatal
    mov ecx, [pf_fix_val]
    mov [ebx], ecx
    mov dword [pf_fix_pte], 0
    cmp dword [pf_invlpg], 0
    je .ret
    invlpg [eax]
.ret:
    popad
    pop ds
    add esp, 4
    iretd
.fatal:
    mov ax, SEL_DATA32
    mov es, ax
    PRINT "FAIL: unexpected #PF error "
    mov eax, [pf_err]
    call print_hex32
    PRINT " CR2 "
    mov eax, [pf_cr2]
    call print_hex32
    PRINT " EIP "
    mov eax, [pf_eip]
    call print_hex32
    call print_step_suffix
    jmp exit_fail

ROM_END
