; debug_regs.asm - debug registers DR0-DR7 and #DB.
;
; Checks: an execution breakpoint (DR0, RW=00) faults before the instruction
; with DR6.B0 set, and IRETD with EFLAGS.RF=1 in the frame executes the
; instruction without a second #DB; a data-write breakpoint (DR1, RW=01,
; LEN=4) ignores reads and traps after a write (EIP of the next instruction,
; the write done, DR6.B1); a read/write breakpoint (DR2, RW=11, LEN=1)
; traps on a read that overlaps the byte and not on a neighbouring byte;
; DR7.GD makes the next MOV DRn fault with DR6.BD and clears GD; INT1 (F1)
; is a #DB trap. Intel SDM Vol. 3A 17.2 (debug registers), 17.3 (#DB
; conditions, RF).

%include "lib.inc"

db_count equ rom_vars+0
db_eip   equ rom_vars+4
db_dr6   equ rom_vars+8

main16:
    PRINT16 "debug_regs: start", 10
    jmp pm_enter

bits 32
main32:
    STEP "execution breakpoint (DR0): fault before the instruction, RF resumes"
    mov eax, 1
    mov ebx, db_rf_handler
    mov cx, SEL_CODE32
    mov dl, GATE_INT32
    call set_gate
    mov dword [db_count], 0
    xor eax, eax
    mov dr6, eax
    mov eax, .bp
    mov dr0, eax
    mov eax, 0x00000001         ; L0, RW0=00 (execute), LEN0=00
    mov dr7, eax
    xor ecx, ecx
.bp: inc ecx
    xor eax, eax
    mov dr7, eax
    CHECK [db_count], 1, "number of #DB"
    CHECK [db_eip], .bp, "#DB saved EIP (fault: at the instruction)"
    CHECKM [db_dr6], 0xF, 1, "DR6.B0-B3"
    CHECK ecx, 1, "instruction executed once after the #DB"
    mov eax, 1
    call restore_gate

    STEP "data write breakpoint (DR1, RW=01, LEN=4): trap after the write"
    mov dword [DATA_AREA+0x40], 0
    xor eax, eax
    mov dr6, eax
    mov eax, DATA_AREA+0x40
    mov dr1, eax
    mov eax, (1 << 2) | (1 << 20) | (3 << 22)
    mov dr7, eax
    mov eax, [DATA_AREA+0x40]   ; read: no #DB
    EXPECT 1, .r2
    mov dword [DATA_AREA+0x40], 0x12345678
.a2: NOEXC
.r2: xor eax, eax
    mov dr7, eax
    CHECK_EXC 1, 0, .a2
    CHECK [DATA_AREA+0x40], 0x12345678, "the write completed before the trap"
    mov eax, dr6
    CHECKM eax, 0xF, 2, "DR6.B1"

    STEP "read/write breakpoint (DR2, RW=11, LEN=1): overlapping read traps"
    xor eax, eax
    mov dr6, eax
    mov eax, DATA_AREA+0x50
    mov dr2, eax
    mov eax, (1 << 4) | (3 << 24)
    mov dr7, eax
    mov al, [DATA_AREA+0x51]    ; neighbouring byte: no #DB
    EXPECT 1, .r3
    mov eax, [DATA_AREA+0x4E]   ; covers 0x50
.a3: NOEXC
.r3: xor eax, eax
    mov dr7, eax
    CHECK_EXC 1, 0, .a3
    mov eax, dr6
    CHECKM eax, 0xF, 4, "DR6.B2"

    STEP "DR7.GD: MOV DRn faults with DR6.BD, GD cleared"
    SKIP_ON_QEMU .s4, "DR7.GD general detection not implemented"
    xor eax, eax
    mov dr6, eax
    mov eax, 1 << 13
    mov dr7, eax
    EXPECT 1, .r4
.f4: mov dr0, eax
    NOEXC
.r4: CHECK_EXC 1, 0, .f4
    mov eax, dr6
    CHECKM eax, 0x2000, 0x2000, "DR6.BD"
    mov eax, dr7
    CHECKM eax, 0x2000, 0, "DR7.GD cleared on #DB"
.s4:

    STEP "INT1 (F1): #DB trap"
    SKIP_ON_QEMU .s5, "INT1/ICEBP (F1) raises #UD instead of #DB"
    EXPECT 1, .r5
    db 0xF1
.a5: NOEXC
.r5: CHECK_EXC 1, 0, .a5
.s5:
    jmp pass

; #DB handler that records and sets RF in the frame (resume the instruction).
db_rf_handler:
    push eax
    inc dword [db_count]
    mov eax, dr6
    mov [db_dr6], eax
    mov eax, [esp+4]
    mov [db_eip], eax
    or dword [esp+12], EFL_RF
    cmp dword [db_count], 3
    jb .ok
    xor eax, eax                ; runaway: disable breakpoints, fail later
    mov dr7, eax
.ok:
    pop eax
    iretd

ROM_END
