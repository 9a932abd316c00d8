; ops32.asm - one-byte-opcode semantics in 32-bit protected mode that the
; real-mode SingleStepTests cannot cover: stack operations on ESP, ENTER
; with nesting, RET/RETF imm16, default segment selection of the 32-bit
; ModR/M and SIB forms, 16-bit addressing (67h) inside 32-bit code,
; string instructions (direction, segment override, 16-bit counters), LOOP
; and JECXZ address sizes, shifts/rotates by 0 leaving flags, PUSHFD/POPFD at
; CPL 0, PUSH of a segment register and MOV r32, Sreg on a P6.
; Intel SDM Vol. 2 (PUSH, POP, ENTER, RET, MOVS, LOOP, SAL/SHL, RCL, POPF,
; MOV), Vol. 1 3.7.5 (default segments), Vol. 2A 2.1.5 (ModR/M, SIB).

%include "lib.inc"

SEL_DSB equ SEL_FREE            ; data, base DATA_AREA (0x20000), 4 GiB wrap

main16:
    PRINT16 "ops32: start", 10
    jmp pm_enter

bits 32
main32:
    STEP "PUSH ESP pushes the value before the decrement"
    mov ebp, esp
    push esp
    pop eax
    CHECK eax, ebp, "value pushed by PUSH ESP"

    STEP "POP ESP loads the popped value"
    mov ebp, esp
    push dword 0x8124
    pop esp
    mov eax, esp
    mov esp, ebp
    CHECK eax, 0x8124, "ESP after POP ESP"

    STEP "POP [ESP] computes the address after the increment"
    mov ebp, esp
    sub esp, 8
    mov dword [esp], 0xAAAA0001
    mov dword [esp+4], 0xBBBB0002
    pop dword [esp]
    mov eax, esp
    mov ebx, [esp]
    mov esp, ebp
    lea ecx, [ebp-4]
    CHECK eax, ecx, "ESP after POP [ESP]"
    CHECK ebx, 0xAAAA0001, "value stored at the incremented ESP"

    STEP "PUSH [ESP] reads before the decrement"
    mov ebp, esp
    push dword 0x5A5A0005
    push dword [esp]
    pop eax
    pop ebx
    CHECK eax, 0x5A5A0005, "pushed copy"
    CHECK ebx, 0x5A5A0005, "original"

    STEP "ENTER 12, 2 (32-bit) and LEAVE"
    mov edi, ebp                ; keep the caller's EBP
    mov esi, esp
    mov ebp, 0x8800             ; fake outer frame
    mov dword [0x8800-4], 0xF00D0001
    enter 12, 2
    mov eax, ebp                ; frame
    mov ebx, esp
    mov ecx, [eax]              ; saved EBP
    mov edx, [eax-4]            ; copied outer frame pointer
    mov [lib_tmp+12], edx
    push dword [eax-8]          ; new frame pointer pushed last
    pop dword [lib_tmp]
    leave
    mov [lib_tmp+4], ebp
    mov [lib_tmp+8], esp
    mov ebp, edi
    mov esp, esi
    lea edx, [esi-4]
    CHECK eax, edx, "EBP = frame (ESP after PUSH EBP)"
    sub edx, 8+12
    CHECK ebx, edx, "ESP = frame - 8 - 12"
    CHECK ecx, 0x8800, "old EBP saved at the frame"
    CHECK [lib_tmp+12], 0xF00D0001, "outer frame pointer copied from [EBP-4]"
    CHECK [lib_tmp], eax, "frame pointer pushed at level 2"
    CHECK [lib_tmp+4], 0x8800, "EBP after LEAVE"
    CHECK [lib_tmp+8], esi, "ESP after LEAVE"

    STEP "near RET imm16 and far RETF imm16 release parameters"
    mov ebp, esp
    push dword 1
    push dword 2
    call near_ret8
    mov eax, esp
    CHECK eax, ebp, "ESP after RET 8"
    push dword 3
    call SEL_CODE32:far_ret4
    mov eax, esp
    CHECK eax, ebp, "ESP after RETF 4"
    CHECK [lib_tmp], 3, "parameter seen by the far procedure"

    STEP "default segment: [EBP], [EBP+EAX] -> SS; [EBP*1+d32], [EAX+EBP] -> DS"
    mov edx, SEL_DSB
    mov eax, DATA_AREA
    mov ebx, 0xFFFFF
    mov cl, ACC_DATA0
    mov ch, FL_G32
    call make_desc
    mov byte [0x100], 0x55                  ; via SS (base 0)
    mov byte [DATA_AREA+0x100], 0xDD        ; via DS (base DATA_AREA)
    mov ax, SEL_DSB
    mov ds, ax
    mov ebp, 0x100
    xor eax, eax
    mov bl, [ebp]
    mov cl, [nosplit ebp*1]
    mov dl, [eax+ebp]           ; base EAX, index EBP
    mov dh, [ebp+eax]           ; base EBP, index EAX
    mov ax, SEL_DATA32
    mov ds, ax
    movzx eax, bl
    CHECK eax, 0x55, "[EBP] uses SS"
    movzx eax, cl
    CHECK eax, 0xDD, "[EBP*1+disp32] (no base) uses DS"
    movzx eax, dl
    CHECK eax, 0xDD, "[EAX+EBP*1] (base EAX) uses DS"
    movzx eax, dh
    CHECK eax, 0x55, "[EBP+EAX*1] (base EBP) uses SS"

    STEP "16-bit addressing in 32-bit code: [BX+SI] wraps at 64 KiB, LEA"
    mov byte [1], 0x77
    mov ebx, 0xFFFF
    mov esi, 2
    mov al, [bx+si]
    movzx eax, al
    CHECK eax, 0x77, "[BX+SI] with BX=FFFF, SI=2 reads offset 1"
    mov ebx, 0x1234FFFF
    lea eax, [bx+si+0x10]
    CHECK eax, 0x11, "LEA r32 with 16-bit addressing (zero-extended)"

    STEP "strings: STD MOVSD, FS: override on the source, A16 REP MOVSB"
    mov dword [DATA_AREA+0x200], 0x11223344
    mov dword [DATA_AREA+0x204], 0x55667788
    mov esi, DATA_AREA+0x204
    mov edi, DATA_AREA+0x30C
    std
    movsd
    movsd
    cld
    CHECK esi, DATA_AREA+0x1FC, "ESI after 2 x STD MOVSD"
    CHECK edi, DATA_AREA+0x304, "EDI after 2 x STD MOVSD"
    CHECK [DATA_AREA+0x308], 0x11223344, "data moved backwards"
    mov ax, SEL_DSB
    mov fs, ax
    mov esi, 0x200              ; FS base = DATA_AREA
    mov edi, DATA_AREA+0x400    ; ES flat (no override possible)
    fs movsd
    mov ax, SEL_DATA32
    mov fs, ax
    CHECK [DATA_AREA+0x400], 0x11223344, "FS: MOVSD source through FS"
    mov ecx, 0xABCD0003
    mov esi, 0x200
    mov edi, 0x500
    mov ax, SEL_DSB
    mov ds, ax
    mov es, ax
    a16 rep movsb
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    CHECK ecx, 0xABCD0000, "A16 REP uses CX only"
    CHECK edi, 0x503, "A16 REP: DI advanced"
    movzx eax, byte [DATA_AREA+0x502]
    CHECK eax, 0x22, "A16 REP MOVSB data"

    STEP "LOOP/JECXZ address size: A16 forms use CX"
    mov ecx, 0x00010001
    a16 loop .lp1               ; CX 1 -> 0: not taken
    jmp .lp2
.lp1: FAIL "A16 LOOP taken with CX=1"
.lp2:
    CHECK ecx, 0x00010000, "ECX after A16 LOOP"
    a16 jcxz .jz
    FAIL "A16 JCXZ not taken with CX=0"
.jz:
    jecxz .bad
    jmp .jz2
.bad: FAIL "JECXZ taken with ECX=0x10000"
.jz2:

    STEP "shift/rotate by 0 (count masked to 0) leaves the flags"
    mov eax, 0x80000000
    add eax, eax                ; CF=1 ZF=1 OF=1
    pushfd
    pop ebx
    mov eax, 5
    mov cl, 32
    shl eax, cl
    pushfd
    pop edx
    CHECK eax, 5, "SHL by 32 = by 0"
    and ebx, 0x8D5
    and edx, 0x8D5
    CHECK edx, ebx, "flags after SHL by 0"
    mov al, 0x81
    stc
    mov cl, 9
    rcl al, cl                  ; 9 mod 9 = 0 rotations for a byte
    setc bl
    movzx eax, al
    CHECK eax, 0x81, "RCL r8 by 9 = identity"
    movzx ebx, bl
    CHECK ebx, 1, "CF after RCL r8 by 9"

    STEP "PUSHFD/POPFD at CPL 0: IOPL writable, VM/RF never set by POPFD"
    pushfd
    push dword 0x00033002       ; RF | VM | IOPL 3
    popfd
    pushfd
    pop eax
    popfd
    CHECKM eax, 0x00033000, 0x3000, "EFLAGS after POPFD (VM/RF clear, IOPL 3)"

    STEP "PUSH Sreg with o32 moves ESP by 4; MOV r32, Sreg zero-extends (P6)"
    mov ebp, esp
    push ds
    mov eax, ebp
    sub eax, esp
    movzx ebx, word [esp]
    add esp, 4
    CHECK eax, 4, "ESP change for PUSH DS"
    CHECK ebx, SEL_DATA32, "selector pushed"
    mov eax, 0xFFFFFFFF
    mov eax, ds
    CHECK eax, SEL_DATA32, "MOV EAX, DS (upper half cleared)"

    STEP "PUSH imm8 sign-extends to 32 bits; XCHG with memory"
    push byte -3
    pop eax
    CHECK eax, 0xFFFFFFFD, "PUSH imm8"
    mov dword [DATA_AREA+0x600], 0x600
    mov eax, 0x700
    xchg [DATA_AREA+0x600], eax
    CHECK eax, 0x600, "XCHG result in EAX"
    CHECK [DATA_AREA+0x600], 0x700, "XCHG result in memory"
    jmp pass

near_ret8:
    ret 8

far_ret4:
    mov eax, [esp+8]
    mov [lib_tmp], eax
    retf 4

ROM_END
