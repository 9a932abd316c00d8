; v86.asm - virtual-8086 mode under a ring-0 monitor.
;
; Checks: IRETD from CPL 0 with EFLAGS.VM=1 enters V86 mode and loads
; ES/DS/FS/GS/SS:SP/CS:IP from the frame with 8086 (segment*16) addressing;
; I/O in V86 is checked against the TSS I/O bitmap whatever IOPL is (0xE9
; allowed; port 0x80, port 0x3F8 via DX and a word access to 0xE9 whose
; second byte 0xEA is denied -> #GP(0)); with IOPL 0, INT n, CLI and HLT ->
; #GP(0) to the monitor; the #GP frame from V86 holds EIP, CS, EFLAGS (VM=1),
; ESP, SS, ES, DS, FS, GS and the handler sees DS/ES/FS/GS = 0; with IOPL 3,
; CLI and PUSHF run, PUSHFD hides VM, INT n goes through a DPL-3 interrupt
; gate to ring 0 (same V86 frame), INT to a DPL-0 gate -> #GP(n*8+2); leaving
; V86 through a #GP (HLT) and through an interrupt gate (INT 0x31).
; Intel SDM Vol. 3A 20.2 (V86 mode), 20.3 (interrupt/exception handling in
; V86), 20.2.8.1 (I/O sensitivity), Vol. 1 18.5.2 (I/O bitmap).

%include "lib.inc"

V86_SS  equ 0x0C00
V86_SP  equ 0x0400
V86_DS  equ DATA_AREA >> 4      ; 0x2000
V86_ES  equ 0x3000
V86_FS  equ 0x4000
V86_GS  equ 0x5000

gp_count  equ rom_vars+0
gp_op     equ rom_vars+4        ; opcode byte at CS:IP of the last #GP
h_ds      equ rom_vars+8        ; segment registers at #GP handler entry
h_es      equ rom_vars+12
h_fs      equ rom_vars+16
h_gs      equ rom_vars+20
gp_frame  equ rom_vars+24       ; 10 dwords: err, eip, cs, eflags, esp, ss, es, ds, fs, gs
int_frame equ rom_vars+64       ; copy of gp_frame for the INT 0x30 #GP
int_h_ds  equ rom_vars+104      ; h_ds for that #GP
gate_frame equ rom_vars+108     ; 9 dwords pushed for INT 0x30 via the gate (no error)
gate_hseg equ rom_vars+148      ; DS|ES<<16 seen by the gate handler

main16:
    PRINT16 "v86: start", 10
    jmp pm_enter

bits 32
main32:
    call setup_tss_main
    mov eax, 13
    mov ebx, v86_gp
    mov cx, SEL_CODE32
    mov dl, GATE_INT32
    call set_gate
    mov eax, 0x30
    mov ebx, v86_int30
    mov dl, GATE_INT32_3
    call set_gate
    mov eax, 0x31
    mov ebx, v86_leave
    call set_gate
    mov eax, 0x32
    mov ebx, v86_int30
    mov dl, GATE_INT32          ; DPL 0: INT 0x32 from V86 -> #GP
    call set_gate

    STEP "enter V86 with IOPL 0 (IRETD, EFLAGS.VM=1)"
    mov dword [gp_count], 0
    mov ebx, R(v86_phase1)
    mov edx, EFL_VM | 2
    call run_v86
    STEP "monitor: back from V86 (HLT -> #GP)"
    CHECK [gp_op], 0xF4, "last #GP was the HLT"
    CHECK [gp_count], 6, "number of #GP from V86 in phase 1"
    CHECK [DATA_AREA+0x10], 0x1234ABCD, "V86 write to DS:0010 at linear 0x20010"

    STEP "monitor: V86 frame of the INT 0x30 #GP (IOPL 0)"
    CHECK [int_frame+0], 0, "error code"
    CHECK [int_frame+4], R(v86_phase1.int_site), "saved EIP"
    CHECK [int_frame+8], 0xF000, "saved CS"
    CHECKM [int_frame+12], EFL_VM|0x3000, EFL_VM, "saved EFLAGS VM=1 IOPL=0"
    CHECK [int_frame+16], V86_SP - 2, "saved ESP"
    CHECK [int_frame+20], V86_SS, "saved SS"
    CHECK [int_frame+24], V86_ES, "saved ES"
    CHECK [int_frame+28], V86_DS, "saved DS"
    CHECK [int_frame+32], V86_FS, "saved FS"
    CHECK [int_frame+36], V86_GS, "saved GS"
    CHECK [int_h_ds], 0, "DS/ES/FS/GS in the handler (must be 0)"

    STEP "enter V86 with IOPL 3"
    mov ebx, R(v86_phase2)
    mov edx, EFL_VM | 0x3000 | 2
    call run_v86
    STEP "monitor: back from V86 (INT 0x31 through a DPL-3 gate)"
    CHECK [gate_frame+0], R(v86_phase2.int_site) + 2, "INT 0x30 gate frame EIP"
    CHECK [gate_frame+4], 0xF000, "gate frame CS"
    CHECKM [gate_frame+8], EFL_VM|0x3000, EFL_VM|0x3000, "gate frame EFLAGS"
    CHECK [gate_frame+12], V86_SP, "gate frame ESP"
    CHECK [gate_frame+16], V86_SS, "gate frame SS"
    CHECK [gate_frame+20], V86_ES, "gate frame ES"
    CHECK [gate_frame+24], V86_DS, "gate frame DS"
    CHECK [gate_frame+28], V86_FS, "gate frame FS"
    CHECK [gate_frame+32], V86_GS, "gate frame GS"
    CHECK [gate_hseg], 0, "DS/ES in the gate handler (must be 0)"
    jmp pass

; run_v86 -- EBX = IP (CS = F000), EDX = EFLAGS image (VM set). Returns when
; the monitor leaves V86 (HLT or INT 0x31).
run_v86:
    mov [saved_esp], esp
    push dword V86_GS
    push dword V86_FS
    push dword V86_DS
    push dword V86_ES
    push dword V86_SS
    push dword V86_SP
    push edx
    push dword 0xF000
    push ebx
    iretd

; #GP monitor: emulate/skip the faulting V86 instruction.
v86_gp:
    push eax
    xor eax, eax
    mov ax, ds
    mov [ss:h_ds], eax
    mov ax, es
    mov [ss:h_es], eax
    mov ax, fs
    mov [ss:h_fs], eax
    mov ax, gs
    mov [ss:h_gs], eax
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    pop eax
    pushad
    test dword [esp+32+12], EFL_VM
    jz .fatal
    inc dword [gp_count]
    lea esi, [esp+32]
    mov edi, gp_frame
    mov ecx, 10
    rep movsd
    movzx ebx, word [esp+32+8]
    shl ebx, 4
    movzx eax, word [esp+32+4]
    add ebx, eax
    movzx eax, byte [ebx]
    mov [gp_op], eax
    cmp al, 0xF4                ; HLT: leave V86
    je .leave
    cmp al, 0xCD                ; INT n: record, skip
    je .intn
    cmp al, 0xE4                ; IN AL, imm8
    je .in2
    cmp al, 0xE5                ; IN AX, imm8
    je .in2
    cmp al, 0xEC                ; IN AL, DX
    je .in1
    cmp al, 0xFA                ; CLI
    je .skip1
    jmp .fatal
.intn:
    cmp dword [esp+32], 0       ; error 0: IOPL-sensitive INT n
    jne .skip2
    mov esi, gp_frame
    mov edi, int_frame
    mov ecx, 10
    rep movsd
    mov eax, [h_ds]
    or eax, [h_es]
    or eax, [h_fs]
    or eax, [h_gs]
    mov [int_h_ds], eax
    jmp .skip2
.in2:
    mov byte [esp+28], 0x5A     ; emulated input in AL
.skip2:
    add word [esp+32+4], 2
    jmp .ret
.in1:
    mov byte [esp+28], 0x5A
.skip1:
    add word [esp+32+4], 1
.ret:
    popad
    add esp, 4
    iretd
.leave:
    mov ax, SEL_DATA32
    mov fs, ax
    mov gs, ax
    mov esp, [saved_esp]
    ret
.fatal:
    PRINT "FAIL: unexpected #GP error "
    mov eax, [esp+32]
    call print_hex32
    PRINT " at "
    mov eax, [esp+32+8]
    call print_hex16
    PRINT ":"
    mov eax, [esp+32+4]
    call print_hex32
    PRINT " EFLAGS "
    mov eax, [esp+32+12]
    call print_hex32
    call print_step_suffix
    jmp exit_fail

; INT 0x30 through a DPL-3 interrupt gate from V86 (IOPL 3).
v86_int30:
    push eax
    xor eax, eax
    mov ax, es
    shl eax, 16
    mov ax, ds
    mov [ss:gate_hseg], eax
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    push esi
    push edi
    push ecx
    lea esi, [esp+16]
    mov edi, gate_frame
    mov ecx, 9
    rep movsd
    pop ecx
    pop edi
    pop esi
    pop eax
    mov eax, 0x30303030
    iretd

; INT 0x31 from V86: leave V86 mode for good.
v86_leave:
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov esp, [saved_esp]
    ret

; ===========================================================================
; Virtual-8086 code (CS = F000)
; ===========================================================================
bits 16
v86_phase1:
    mov bp, sp
    STEP16 "  v86 (IOPL 0): segment registers and SP from the IRETD frame"
    CHECK16 cs, 0xF000, "CS"
    CHECK16 ds, V86_DS, "DS"
    CHECK16 es, V86_ES, "ES"
    CHECK16 fs, V86_FS, "FS"
    CHECK16 gs, V86_GS, "GS"
    CHECK16 ss, V86_SS, "SS"
    CHECK16 bp, V86_SP, "SP"
    STEP16 "  v86: 8086 addressing (DS*16 + offset)"
    mov dword [0x10], 0x1234ABCD
    STEP16 "  v86: IN AL,0x80 (denied in the I/O bitmap) -> #GP"
    mov al, 0
    in al, 0x80
    CHECK16 ax, 0x005A, "AL emulated by the monitor"
    call check_last_gp
    STEP16 "  v86: IN AL,DX with DX=0x3F8 (denied) -> #GP"
    mov dx, 0x3F8
    mov al, 0
    in al, dx
    CHECK16 ax, 0x005A, "AL emulated by the monitor"
    STEP16 "  v86: IN AX,0xE9 (0xE9 allowed, 0xEA denied) -> #GP"
    in ax, 0xE9
    CHECK16 ax, 0x005A, "AL emulated by the monitor (word access faulted)"
    STEP16 "  v86: CLI with IOPL 0 -> #GP"
    cli
    STEP16 "  v86: INT 0x30 with IOPL 0 -> #GP(0) to the monitor"
    push ax                     ; SP = V86_SP - 2 at the INT
.int_site:
    int 0x30
    pop ax
    push es
    xor ax, ax
    mov es, ax
    CHECK32_16 [es:gp_op], 0xCD, "opcode seen by the monitor"
    CHECK32_16 [es:gp_frame], 0, "error code"
    CHECK32_16 [es:gp_count], 5, "#GP count so far"
    pop es
    STEP16 "  v86: HLT -> #GP, monitor leaves V86"
    hlt
    FAIL16 "V86 continued after HLT"

; check_last_gp -- the last #GP came from IN imm8 with error code 0.
check_last_gp:
    push es
    push ax
    xor ax, ax
    mov es, ax
    CHECK32_16 [es:gp_op], 0xE4, "opcode seen by the monitor"
    CHECK32_16 [es:gp_frame], 0, "#GP error code"
    CHECK32_16 [es:gp_frame+8], 0xF000, "#GP frame CS"
    pop ax
    pop es
    ret

v86_phase2:
    STEP16 "  v86 (IOPL 3): CLI allowed, PUSHF shows IOPL 3, PUSHFD hides VM"
    cli
    pushf
    pop ax
    and ax, 0x3000
    CHECK16 ax, 0x3000, "IOPL in PUSHF image"
    pushfd
    pop eax
    and eax, EFL_VM
    CHECK32_16 eax, 0, "VM bit in PUSHFD image"
    STEP16 "  v86 (IOPL 3): IN AL,0x80 still checked by the I/O bitmap -> #GP"
    push es
    xor ax, ax
    mov es, ax
    mov ebx, [es:gp_count]
    pop es
    in al, 0x80
    push es
    xor ax, ax
    mov es, ax
    inc ebx
    CHECK32_16 [es:gp_count], ebx, "#GP count"
    CHECK32_16 [es:gp_op], 0xE4, "opcode seen by the monitor"
    pop es
    STEP16 "  v86 (IOPL 3): INT 0x30 through a DPL-3 gate to ring 0"
    mov eax, 0x12345678
.int_site:
    int 0x30
    mov bp, sp
    CHECK32_16 eax, 0x30303030, "EAX set by the ring-0 handler"
    CHECK16 bp, V86_SP, "SP after IRETD back to V86"
    CHECK16 ds, V86_DS, "DS restored from the frame"
    CHECK16 es, V86_ES, "ES restored from the frame"
    STEP16 "  v86 (IOPL 3): INT 0x32 to a DPL-0 gate -> #GP(0x32*8+2)"
    int 0x32
    push es
    xor ax, ax
    mov es, ax
    CHECK32_16 [es:gp_frame], 0x32*8+2, "#GP error code"
    CHECK32_16 [es:gp_op], 0xCD, "opcode seen by the monitor"
    pop es
    STEP16 "  v86: INT 0x31 leaves V86"
    int 0x31
    FAIL16 "V86 continued after INT 0x31"

ROM_END
