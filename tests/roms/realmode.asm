; realmode.asm - real-mode 8086/186/286/386/486/P6 integer instructions,
; including 32-bit operands and addressing through 0x66/0x67 prefixes.
;
; Checks (results and the relevant flags): 32-bit ADD/SUB/ADC/SBB with CF/OF/
; ZF/SF; MUL/DIV/IMUL (1-, 2- and 3-operand); 32-bit SIB addressing in real
; mode; MOVZX/MOVSX; SHL/SHR/SAR/ROL/RCR, shift counts masked to 5 bits;
; SHLD/SHRD; BSF/BSR/BT/BTS/BTR/BTC; string instructions (REP MOVSB/STOSW,
; STD backwards, REPE CMPSB, REPNE SCASB, 32-bit addressing REP MOVSD);
; PUSHA/POPA, PUSHAD/POPAD, ENTER/LEAVE, PUSH imm, PUSH SP (286+ semantics);
; LOOP/JCXZ/JECXZ, near Jcc rel16; CBW/CWDE/CWD/CDQ, LAHF/SAHF, XCHG, XLAT,
; BSWAP, DAA/DAS/AAA/AAM; LES/LFS; far CALL/RETF; INT/IRET through the IVT
; (flags restored); #DE and #UD through the IVT with IP at the faulting
; instruction; SETcc, CMOVcc, XADD, CMPXCHG.
; Intel SDM Vol. 2 (instruction pages), Vol. 3A 20.1 (real-address mode).

%define REAL_MODE_ONLY
%include "lib.inc"

rv equ rom_vars

; FLAGS16 mask, expected, "what" -- (FLAGS & mask) == expected.
%macro FLAGS16 3+
    pushf
    push ax
    pushf
    pop ax
    and ax, %1
    CHECK16 ax, %2, %3
    pop ax
    popf
%endmacro

main16:
    PRINT16 "realmode: start", 10

    STEP16 "32-bit ADD/SUB/ADC/SBB and flags"
    mov eax, 0x12345678
    add eax, 0x11111111
    CHECK32_16 eax, 0x23456789, "ADD EAX, imm32"
    mov eax, 0xFFFFFFFF
    add eax, 1
    FLAGS16 EFL_CF|EFL_ZF|EFL_OF|EFL_SF, EFL_CF|EFL_ZF, "flags of 0xFFFFFFFF+1"
    mov eax, 0x7FFFFFFF
    add eax, 1
    FLAGS16 EFL_CF|EFL_ZF|EFL_OF|EFL_SF, EFL_OF|EFL_SF, "flags of 0x7FFFFFFF+1"
    mov eax, 1
    sub eax, 2
    FLAGS16 EFL_CF|EFL_ZF|EFL_SF, EFL_CF|EFL_SF, "flags of 1-2"
    CHECK32_16 eax, 0xFFFFFFFF, "1-2"
    stc
    mov eax, 5
    adc eax, 5
    CHECK32_16 eax, 11, "ADC with CF=1"
    stc
    sbb eax, 1
    CHECK32_16 eax, 9, "SBB with CF=1"

    STEP16 "MUL/DIV/IMUL 32-bit"
    mov eax, 0x10000
    mov ecx, 0x10000
    mul ecx
    FLAGS16 EFL_CF|EFL_OF, EFL_CF|EFL_OF, "MUL CF/OF with a non-zero high half"
    CHECK32_16 edx, 1, "MUL high"
    CHECK32_16 eax, 0, "MUL low"
    mov edx, 1
    mov eax, 5
    mov ecx, 0x10
    div ecx
    CHECK32_16 eax, 0x10000000, "DIV quotient"
    CHECK32_16 edx, 5, "DIV remainder"
    mov eax, -7
    cdq
    mov ecx, 2
    idiv ecx
    CHECK32_16 eax, -3, "IDIV quotient (truncates toward 0)"
    CHECK32_16 edx, -1, "IDIV remainder (sign of dividend)"
    mov ecx, 1000
    imul eax, ecx, -3
    CHECK32_16 eax, -3000, "IMUL r32, r32, imm"
    mov eax, 0x12345
    imul eax, eax
    CHECK32_16 eax, 0x4B65F099, "IMUL r32, r32 (truncated)"
    mov ax, -300
    mov bx, 2
    imul bx
    CHECK16 ax, -600, "IMUL r16 low"
    CHECK16 dx, 0xFFFF, "IMUL r16 high"

    STEP16 "32-bit addressing (SIB) in real mode"
    mov ax, DATA_AREA >> 4
    mov es, ax
    mov ebx, 0x100
    mov ecx, 4
    mov dword [es:ebx+ecx*4+8], 0xDEADBEEF
    CHECK32_16 [es:0x118], 0xDEADBEEF, "[EBX+ECX*4+8]"
    lea eax, [ebx+ecx*8+0x12345]
    CHECK32_16 eax, 0x12465, "LEA 32-bit"

    STEP16 "MOVZX/MOVSX"
    mov bl, 0x80
    movsx eax, bl
    CHECK32_16 eax, 0xFFFFFF80, "MOVSX r32, r8"
    movzx eax, bl
    CHECK32_16 eax, 0x80, "MOVZX r32, r8"
    mov bx, 0x8001
    movsx eax, bx
    CHECK32_16 eax, 0xFFFF8001, "MOVSX r32, r16"

    STEP16 "shifts and rotates, count masked to 5 bits"
    mov eax, 1
    mov cl, 33
    shl eax, cl
    CHECK32_16 eax, 2, "SHL by 33 = by 1"
    mov eax, 0x80000000
    sar eax, 4
    CHECK32_16 eax, 0xF8000000, "SAR"
    shr eax, 28
    CHECK32_16 eax, 0xF, "SHR"
    mov eax, 0x80000001
    rol eax, 1
    FLAGS16 EFL_CF, EFL_CF, "ROL CF"
    CHECK32_16 eax, 3, "ROL"
    stc
    mov eax, 2
    rcr eax, 1
    CHECK32_16 eax, 0x80000001, "RCR through CF"
    mov eax, 0x12345678
    mov edx, 0x9ABCDEF0
    shld eax, edx, 8
    CHECK32_16 eax, 0x3456789A, "SHLD"
    mov eax, 0x12345678
    shrd eax, edx, 8
    CHECK32_16 eax, 0xF0123456, "SHRD"

    STEP16 "BSF/BSR/BT/BTS/BTR/BTC"
    mov eax, 0x00100100
    bsf ecx, eax
    CHECK32_16 ecx, 8, "BSF"
    bsr ecx, eax
    CHECK32_16 ecx, 20, "BSR"
    xor eax, eax
    bsf ecx, eax
    FLAGS16 EFL_ZF, EFL_ZF, "BSF of 0 sets ZF"
    mov dword [es:0x200], 0
    mov dword [es:0x204], 0
    mov eax, 35
    bts dword [es:0x200], eax   ; bit offset beyond the dword: next dword
    CHECK32_16 [es:0x204], 8, "BTS memory with a register offset > 31"
    bt dword [es:0x200], eax
    FLAGS16 EFL_CF, EFL_CF, "BT CF"
    btc dword [es:0x200], 0
    btr dword [es:0x204], 3
    FLAGS16 EFL_CF, EFL_CF, "BTR CF (old bit)"
    CHECK32_16 [es:0x200], 1, "BTC"
    CHECK32_16 [es:0x204], 0, "BTR"

    STEP16 "string instructions"
    push ds
    push cs
    pop ds
    mov si, R(str_src)
    xor di, di
    mov cx, 8
    cld
    rep movsb
    pop ds
    CHECK32_16 [es:0], 'ABCD', "REP MOVSB"
    CHECK16 cx, 0, "CX after REP"
    CHECK16 di, 8, "DI after REP MOVSB"
    mov di, 0x20
    mov ax, 0x5A5A
    mov cx, 4
    rep stosw
    CHECK32_16 [es:0x24], 0x5A5A5A5A, "REP STOSW"
    mov di, 0x2F
    mov al, 0x11
    std
    stosb
    stosb
    cld
    CHECK16 di, 0x2D, "STD: DI decrements"
    CHECK16 [es:0x2E], 0x1111, "STD: bytes stored backwards"
    push ds
    push es
    pop ds
    xor si, si
    mov di, 0x40
    mov dword [es:0x40], 'ABCX'
    mov cx, 4
    repe cmpsb
    pop ds
    FLAGS16 EFL_ZF, 0, "REPE CMPSB ZF=0 at the mismatch"
    CHECK16 cx, 0, "REPE CMPSB CX at the mismatch"
    CHECK16 si, 4, "REPE CMPSB SI"
    xor di, di
    mov al, 'E'
    mov cx, 8
    repne scasb
    CHECK16 di, 5, "REPNE SCASB DI after the match"
    CHECK16 cx, 3, "REPNE SCASB CX"
    push ds
    push es
    pop ds
    mov esi, 0
    mov edi, 0x80
    mov ecx, 2
    a32 rep movsd
    pop ds
    CHECK32_16 edi, 0x88, "a32 REP MOVSD EDI"
    CHECK32_16 [es:0x84], 'EFGH', "a32 REP MOVSD data"

    STEP16 "PUSHA/POPA, PUSHAD/POPAD, ENTER/LEAVE, PUSH imm, PUSH SP"
    mov eax, 0x11111111
    mov ebx, 0x22222222
    mov ecx, 0x33333333
    pushad
    xor eax, eax
    xor ebx, ebx
    xor ecx, ecx
    popad
    CHECK32_16 ebx, 0x22222222, "POPAD EBX"
    mov bp, sp
    pusha
    mov [es:0x500], sp
    popa
    sub bp, [es:0x500]
    CHECK16 bp, 16, "PUSHA pushes 16 bytes"
    mov bp, 0x1234
    mov dx, sp
    enter 8, 0
    mov ax, sp
    mov cx, bp
    leave
    mov si, sp
    CHECK16 bp, 0x1234, "LEAVE restores BP"
    CHECK16 si, dx, "LEAVE restores SP"
    sub dx, 2
    CHECK16 cx, dx, "ENTER frame pointer"
    sub dx, 8
    CHECK16 ax, dx, "ENTER allocates 8 bytes"
    push word -2
    pop ax
    CHECK16 ax, 0xFFFE, "PUSH imm8 sign-extended"
    mov dx, sp
    push sp
    pop ax
    CHECK16 ax, dx, "PUSH SP pushes the old SP (286+)"

    STEP16 "LOOP, JCXZ/JECXZ, near Jcc rel16"
    xor ax, ax
    mov cx, 5
.lp: inc ax
    loop .lp
    CHECK16 ax, 5, "LOOP count"
    jcxz .jz1
    FAIL16 "JCXZ not taken"
.jz1:
    mov ecx, 0x10000            ; CX = 0 but ECX != 0
    jecxz .bad
    jmp .jz2
.bad: FAIL16 "JECXZ taken with ECX != 0"
.jz2:
    xor ax, ax
    jz near .far_target
    FAIL16 "JZ rel16 not taken"
    times 200 nop
.far_target:

    STEP16 "CBW/CWDE/CWD/CDQ, LAHF/SAHF, XCHG, XLAT, BSWAP"
    mov al, 0x90
    cbw
    CHECK16 ax, 0xFF90, "CBW"
    cwde
    CHECK32_16 eax, 0xFFFFFF90, "CWDE"
    cdq
    CHECK32_16 edx, 0xFFFFFFFF, "CDQ"
    mov ax, 0x8000
    cwd
    CHECK16 dx, 0xFFFF, "CWD"
    mov ah, 0xD5                ; SF ZF AF PF CF
    sahf
    mov ah, 0
    lahf
    CHECK16 ax, 0xD700, "SAHF/LAHF (bit 1 reads as 1)"
    mov eax, 1
    mov ebx, 2
    xchg eax, ebx
    CHECK32_16 eax, 2, "XCHG"
    push ds
    push cs
    pop ds
    mov bx, R(str_src)
    mov al, 3
    xlatb
    pop ds
    CHECK16 ax, 'D', "XLAT"
    mov eax, 0x11223344
    bswap eax
    CHECK32_16 eax, 0x44332211, "BSWAP"

    STEP16 "BCD: DAA, DAS, AAA, AAM"
    mov ax, 0x15
    add al, 0x27
    daa
    CHECK16 ax, 0x42, "DAA"
    mov ax, 0x42
    sub al, 0x15
    das
    CHECK16 ax, 0x27, "DAS"
    mov ax, 0x0009
    add al, 3
    aaa
    CHECK16 ax, 0x0102, "AAA"
    mov ax, 63
    aam
    CHECK16 ax, 0x0603, "AAM"

    STEP16 "LES/LFS, far CALL/RETF"
    mov word [es:0x300], 0x1234
    mov word [es:0x302], 0x5678
    push es
    les bx, [es:0x300]
    mov ax, es
    pop es
    CHECK16 bx, 0x1234, "LES offset"
    CHECK16 ax, 0x5678, "LES segment"
    lfs bx, [es:0x300]
    mov ax, fs
    CHECK16 ax, 0x5678, "LFS segment"
    xor ax, ax
    mov fs, ax
    xor ax, ax
    call 0xF000:R(far_proc)
    CHECK16 ax, 0xFA12, "far CALL/RETF"

    STEP16 "INT/IRET through the IVT, flags restored"
    mov word [0x40*4], R(int40)
    mov word [0x40*4+2], 0xF000
    mov bx, 0
    stc
    int 0x40
    FLAGS16 EFL_CF, EFL_CF, "CF restored by IRET"
    CHECK16 bx, 0x4040, "handler ran"
    CHECK16 dx, 0, "handler saw CF=0 after CLC"

    STEP16 "#DE through the IVT: IP at the DIV (286+)"
    xor cx, cx
    mov ax, 1
    xor dx, dx
    EXPECT16 0, .r1
.f1: div cx
    FAIL16 "no #DE"
.r1: CHECK_EXC16 0, .f1

    STEP16 "#UD through the IVT: UD2"
    EXPECT16 6, .r2
.f2: ud2
    FAIL16 "no #UD"
.r2: CHECK_EXC16 6, .f2

    STEP16 "SETcc, CMOVcc, XADD, CMPXCHG"
    mov ax, 5
    cmp ax, 7
    setl bl
    setg bh
    CHECK16 bx, 0x0001, "SETL/SETG"
    mov eax, 1
    mov ecx, 2
    cmp eax, ecx
    cmovb eax, ecx
    CHECK32_16 eax, 2, "CMOVB taken"
    cmova eax, ebx
    CHECK32_16 eax, 2, "CMOVA not taken"
    mov eax, 10
    mov ebx, 3
    xadd eax, ebx
    CHECK32_16 eax, 13, "XADD sum"
    CHECK32_16 ebx, 10, "XADD old value"
    mov dword [es:0x400], 7
    mov eax, 7
    mov ecx, 9
    cmpxchg [es:0x400], ecx
    FLAGS16 EFL_ZF, EFL_ZF, "CMPXCHG equal: ZF"
    CHECK32_16 [es:0x400], 9, "CMPXCHG stored"
    mov eax, 1
    cmpxchg [es:0x400], ecx
    CHECK32_16 eax, 9, "CMPXCHG not equal loads EAX"

    jmp pass16

far_proc:
    mov ax, 0xFA12
    retf

int40:
    clc
    pushf
    pop dx
    and dx, EFL_CF
    mov bx, 0x4040
    iret

str_src: db "ABCDEFGH"

ROM_END
