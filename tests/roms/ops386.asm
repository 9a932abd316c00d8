; ops386.asm - 80386/486/Pentium/P6 0F-page integer instructions and a
; cross-check of the 32-bit ALU, shift and multiply/divide forms.
;
; A 64 KiB ROM (nasm -f bin) mapped at 0xF0000 and 0xFFFF0000, entered at
; the reset vector F000:FFF0, no BIOS. The same test body (macro BODY) runs
; twice: first in real mode with 32-bit operands (bits 16 + 66/67 prefixes),
; then in 32-bit protected mode with a flat GDT. For every case it prints
; one line to the debug console (port 0xE9):
;
;   M NAME      A=.. B=.. C=.. D=.. F=fi > A=.. B=.. C=.. D=.. F=fo
;
; M is R (real mode) or P (protected mode); the inputs shown are the ones
; the instruction uses; fi is the EFLAGS value loaded before it; fo is
; EFLAGS after it ANDed with the flags the SDM defines for that instruction
; and operand (undefined flags are masked out; "unaffected" flags are
; defined and kept in the mask). A fault prints "EXC=vv ERR=eeee AT=oooo"
; with AT the offset of the faulting instruction inside its test stub.
; Condition-code families (SETcc, Jcc, CMOVcc) print one line per
; condition with one 0/1 per EFLAGS value of cond_fi. The run ends by
; writing 0 to port 0xF4 (exit status 1).
;
; Expected output: tests/roms/ops386.expected, made by
; tests/gen_ops386_expected.sh under QEMU (-cpu pentium2).
;
; RAM used (linear): 0x0000 IVT, 0x0500 variables, 0x0800 IDT,
; 0x1000 pattern (base of the FS/GS test segments), 0x2000 scratch,
; 0x7000 stack top, 0xA000 landing stub of the 16-bit Jcc wrap test.

%define SCR      0x2000
%define V_A      0x514
%define V_B      0x518
%define V_C      0x51C
%define V_D      0x520
%define V_M      0x524
%define V_FIV    0x528
%define O_A      0x52C
%define O_B      0x530
%define O_C      0x534
%define O_D      0x538
%define O_F      0x53C
%define SAVESP   0x540
%define EXCV     0x544
%define EXCERR   0x548
%define EXCIP    0x54C
%define CURSTUB  0x550
%define V_DESC   0x554
%define V_ROW    0x558
%define V_ROWN   0x55C
%define V_FI     0x560
%define V_FIN    0x564
%define SAVESS   0x570          ; 6 bytes: ESP, SS (far pointer for LSS)

%define PM_VSTART 0xF8000

; --- helper macros ------------------------------------------------------

; T name, stub, flag mask, table, fi list, regs: run `stub` over every
; row of `table` and every EFLAGS value of `fi`. regs bits: 1/2/4/8 print
; input A/B/C/D, 0x10/0x20/0x40/0x80 print output A/B/C/D.
%macro T 6
        mov esi, %%rec
        call %$run_desc
        jmp %%after
%%rec:  dd %%n, %2, %3, %4, %5, %6
%%n:    db %1, 0
%%after:
%endmacro

; C name, stub: a condition family line (stub returns AL = 0/1).
%macro C 2
        mov esi, %%rec
        call %$run_cond
        jmp %%after
%%rec:  dd %%n, %2
%%n:    db %1, 0
%%after:
%endmacro

; PR 'text': print a string.
%macro PR 1
        jmp %%after
%%s:    db %1, 0
%%after:
        push esi
        push ecx
        mov esi, %%s
        call %$puts
        pop ecx
        pop esi
%endmacro

; ROW a, b, c, d, mask
%macro ROW 5
        dd %1, %2, %3, %4, %5
%endmacro

; memory bit tests: store a in SCR..SCR+15, operate, read back to A..D
%macro BTMEM 1+
        mov [es:SCR], eax
        mov [es:SCR+4], eax
        mov [es:SCR+8], eax
        mov [es:SCR+12], eax
        %1
        mov eax, [es:SCR]
        mov ebx, [es:SCR+4]
        mov ecx, [es:SCR+8]
        mov edx, [es:SCR+12]
        ret
%endmacro

; 32-bit register call that works in both modes.
%macro CALLREG 0
%if MODE == 16
        call ax
%else
        call eax
%endif
%endmacro

; condition-code suffixes in encoding order (SDM Vol. 2, B.1.4.7)
%define CCNAME_0  'O'
%define CCNAME_1  'NO'
%define CCNAME_2  'B'
%define CCNAME_3  'AE'
%define CCNAME_4  'E'
%define CCNAME_5  'NE'
%define CCNAME_6  'BE'
%define CCNAME_7  'A'
%define CCNAME_8  'S'
%define CCNAME_9  'NS'
%define CCNAME_10 'P'
%define CCNAME_11 'NP'
%define CCNAME_12 'L'
%define CCNAME_13 'GE'
%define CCNAME_14 'LE'
%define CCNAME_15 'G'

%define FL_ALL   0x8D5          ; OF SF ZF AF PF CF
%define FL_LOGIC 0x8C5          ; OF SF ZF PF CF (AF undefined)
%define FL_MUL   0x801          ; OF CF
%define FL_NONE  0x000
%define M_ALL    0xFFF          ; row mask: no narrowing

; --- the test body, assembled once per mode -----------------------------
%macro BODY 0

; ---- console output ----
%$putc: out 0xE9, al
        ret

%$nl:   push eax
        mov al, 10
        out 0xE9, al
        pop eax
        ret

; puts: print the zero-terminated string at DS:ESI; ECX = its length.
%$puts: push eax
        xor ecx, ecx
%$puts_l:
        mov al, [esi+ecx]
        test al, al
        jz %$puts_d
        out 0xE9, al
        inc ecx
        jmp %$puts_l
%$puts_d:
        pop eax
        ret

; hex32/hex16/hex8: print EAX/AX/AL in hex; all registers preserved.
%$hex32:
        push eax
        push ecx
        mov ecx, 8
        jmp %$hexc
%$hex16:
        push eax
        push ecx
        shl eax, 16
        mov ecx, 4
        jmp %$hexc
%$hex8: push eax
        push ecx
        shl eax, 24
        mov ecx, 2
%$hexc: push ebx
%$hexl: rol eax, 4
        mov ebx, eax
        and ebx, 15
        push eax
        mov al, [ebx+%$hexd]
        out 0xE9, al
        pop eax
        dec ecx
        jnz %$hexl
        pop ebx
        pop ecx
        pop eax
        ret
%$hexd: db '0123456789ABCDEF'

; print "M " and the name at ESI padded to 10 columns.
%$pname:
        push eax
        push ecx
        mov al, MODECH
        call %$putc
        mov al, ' '
        call %$putc
        call %$puts
%$pn_l: cmp ecx, 10
        jae %$pn_d
        mov al, ' '
        call %$putc
        inc ecx
        jmp %$pn_l
%$pn_d: pop ecx
        pop eax
        ret

; print " X=" + hex32 of the dword at ES:EBX (X in AL).
%$preg: push eax
        push eax
        mov al, ' '
        call %$putc
        pop eax
        call %$putc
        mov al, '='
        call %$putc
        mov eax, [es:ebx]
        call %$hex32
        pop eax
        ret

; ---- the table runner ----
; ESI -> record: name, stub, mask, table, fi list, regs
%$run_desc:
        mov [es:V_DESC], esi
        mov eax, [esi+16]
        mov ecx, [eax]
        add eax, 4
        mov [es:V_FI], eax
        mov [es:V_FIN], ecx
%$rd_fi:
        mov esi, [es:V_DESC]
        mov eax, [esi+12]
        mov ecx, [eax]
        add eax, 4
        mov [es:V_ROW], eax
        mov [es:V_ROWN], ecx
%$rd_row:
        mov esi, [es:V_ROW]
        mov eax, [esi]
        mov [es:V_A], eax
        mov eax, [esi+4]
        mov [es:V_B], eax
        mov eax, [esi+8]
        mov [es:V_C], eax
        mov eax, [esi+12]
        mov [es:V_D], eax
        mov eax, [esi+16]
        mov [es:V_M], eax
        mov esi, [es:V_FI]
        mov eax, [esi]
        mov [es:V_FIV], eax
        mov esi, [es:V_DESC]
        mov eax, [esi+4]
        mov [es:CURSTUB], eax
        mov dword [es:EXCV], 0xFFFFFFFF
        mov dword [es:EXCERR], 0
        call %$do_case
        call %$print_case
        add dword [es:V_ROW], 20
        dec dword [es:V_ROWN]
        jnz %$rd_row
        add dword [es:V_FI], 4
        dec dword [es:V_FIN]
        jnz %$rd_fi
        ret

; Run one case. An exception handler returns from here with the stack
; pointer saved in SAVESP.
%$do_case:
        mov [es:SAVESP], esp
        push dword [es:V_FIV]
        popfd
        mov eax, [es:V_A]
        mov ebx, [es:V_B]
        mov ecx, [es:V_C]
        mov edx, [es:V_D]
        call near [es:CURSTUB]
        pushfd
        mov [es:O_A], eax
        mov [es:O_B], ebx
        mov [es:O_C], ecx
        mov [es:O_D], edx
        pop eax
        mov [es:O_F], eax
        ret

%$print_case:
        mov esi, [es:V_DESC]
        mov edx, [esi+20]
        mov esi, [esi]
        call %$pname
        mov ebx, V_A
        mov al, 'A'
        test dl, 1
        jz %$pc_1
        call %$preg
%$pc_1: mov ebx, V_B
        mov al, 'B'
        test dl, 2
        jz %$pc_2
        call %$preg
%$pc_2: mov ebx, V_C
        mov al, 'C'
        test dl, 4
        jz %$pc_3
        call %$preg
%$pc_3: mov ebx, V_D
        mov al, 'D'
        test dl, 8
        jz %$pc_4
        call %$preg
%$pc_4: PR ' F='
        mov eax, [es:V_FIV]
        call %$hex16
        cmp dword [es:EXCV], 0xFFFFFFFF
        jne %$pc_exc
        PR ' >'
        mov ebx, O_A
        mov al, 'A'
        test dl, 0x10
        jz %$pc_5
        call %$preg
%$pc_5: mov ebx, O_B
        mov al, 'B'
        test dl, 0x20
        jz %$pc_6
        call %$preg
%$pc_6: mov ebx, O_C
        mov al, 'C'
        test dl, 0x40
        jz %$pc_7
        call %$preg
%$pc_7: mov ebx, O_D
        mov al, 'D'
        test dl, 0x80
        jz %$pc_8
        call %$preg
%$pc_8: PR ' F='
        mov esi, [es:V_DESC]
        mov eax, [es:O_F]
        and eax, [esi+8]
        and eax, [es:V_M]
        call %$hex16
        call %$nl
        ret
%$pc_exc:
        PR ' > EXC='
        mov eax, [es:EXCV]
        call %$hex8
        PR ' ERR='
        mov eax, [es:EXCERR]
        call %$hex16
        PR ' AT='
        mov eax, [es:EXCIP]
        sub eax, [es:CURSTUB]
        call %$hex16
        call %$nl
        ret

; ---- condition-family runner: ESI -> record: name, stub ----
%$run_cond:
        mov [es:V_DESC], esi
        mov esi, [esi]
        call %$pname
        mov dword [es:V_FI], %$cond_fi
        mov dword [es:V_FIN], (%$cond_fi_e - %$cond_fi) / 4
%$rc_l: mov dword [es:EXCV], 0xFFFFFFFF
        call %$do_cond
        add al, '0'
        cmp dword [es:EXCV], 0xFFFFFFFF
        je %$rc_p
        mov al, 'X'                     ; the stub faulted (e.g. #UD on a CPU without it)
%$rc_p: call %$putc
        add dword [es:V_FI], 4
        dec dword [es:V_FIN]
        jnz %$rc_l
        call %$nl
        ret
; run one condition stub with the EFLAGS value at V_FI; returns AL
%$do_cond:
        mov [es:SAVESP], esp
        mov esi, [es:V_FI]
        push dword [esi]
        popfd
        mov esi, [es:V_DESC]
        call near [esi+4]
        ret
;                 -     C      Z      S      O      P      S+O    C+Z    Z+S    all
%$cond_fi: dd 0x002, 0x003, 0x042, 0x082, 0x802, 0x006, 0x882, 0x043, 0x0C2, 0x8D7
%$cond_fi_e:

; ---- exception handlers: record vector, error code, faulting (E)IP,
; then return from do_case with the saved stack pointer ----
%$exc0: mov dword [es:EXCV], 0
        jmp %$exc_noerr
%$exc6: mov dword [es:EXCV], 6
        jmp %$exc_noerr
%$exc12:
        mov dword [es:EXCV], 12
        jmp %$exc_err
%$exc13:
        mov dword [es:EXCV], 13
        jmp %$exc_err
%$exc_err:
%if MODE == 32
        pop eax
        mov [es:EXCERR], eax
%endif
%$exc_noerr:
%if MODE == 16
        xor eax, eax
        mov ax, [esp]
%else
        mov eax, [esp]
%endif
        mov [es:EXCIP], eax
        mov esp, [es:SAVESP]
        ret

; ---- operand tables: count, then rows a, b, c, d, mask ----
%$t_alu: dd 12
        ROW 0x00000000, 0x00000000, 0, 0, M_ALL
        ROW 0x00000001, 0x00000001, 0, 0, M_ALL
        ROW 0x7FFFFFFF, 0x00000001, 0, 0, M_ALL
        ROW 0x80000000, 0x00000001, 0, 0, M_ALL
        ROW 0xFFFFFFFF, 0x00000001, 0, 0, M_ALL
        ROW 0x80000000, 0xFFFFFFFF, 0, 0, M_ALL
        ROW 0x12345678, 0x9ABCDEF0, 0, 0, M_ALL
        ROW 0xFFFFFFFF, 0xFFFFFFFF, 0, 0, M_ALL
        ROW 0x7FFFFFFF, 0x80000000, 0, 0, M_ALL
        ROW 0x0000000F, 0x00000001, 0, 0, M_ALL
        ROW 0x00000010, 0x00000011, 0, 0, M_ALL
        ROW 0xFFFFFF80, 0x00000080, 0, 0, M_ALL

%$t_alu4: dd 5
        ROW 0x00000000, 0x00000000, 0, 0, M_ALL
        ROW 0x7FFFFFFF, 0x00000001, 0, 0, M_ALL
        ROW 0xFFFFFFFF, 0x00000001, 0, 0, M_ALL
        ROW 0x12345678, 0x9ABCDEF0, 0, 0, M_ALL
        ROW 0x80000080, 0xFFFFFF80, 0, 0, M_ALL

; shifts: a = value, c = count; row mask per SDM: count 0 (mod 32):
; nothing changes; 1: OF defined, AF undefined; >1: OF and AF undefined.
%$t_sh: dd 14
        ROW 0x80000001, 0, 0,  0, 0x8D5
        ROW 0x80000001, 0, 1,  0, 0x8C5
        ROW 0x80000001, 0, 2,  0, 0x0C5
        ROW 0x80000001, 0, 7,  0, 0x0C5
        ROW 0x80000001, 0, 31, 0, 0x0C5
        ROW 0x80000001, 0, 32, 0, 0x8D5
        ROW 0x80000001, 0, 33, 0, 0x8C5
        ROW 0x12345678, 0, 0,  0, 0x8D5
        ROW 0x12345678, 0, 1,  0, 0x8C5
        ROW 0x12345678, 0, 4,  0, 0x0C5
        ROW 0x12345678, 0, 16, 0, 0x0C5
        ROW 0x12345678, 0, 31, 0, 0x0C5
        ROW 0x40000000, 0, 1,  0, 0x8C5
        ROW 0xC0000000, 0, 1,  0, 0x8C5
; rotates: SF ZF AF PF unaffected (defined); OF only for a count of 1.
%$t_rot: dd 10
        ROW 0x80000001, 0, 0,  0, 0x8D5
        ROW 0x80000001, 0, 1,  0, 0x8D5
        ROW 0x80000001, 0, 2,  0, 0x0D5
        ROW 0x80000001, 0, 31, 0, 0x0D5
        ROW 0x80000001, 0, 32, 0, 0x8D5
        ROW 0x80000001, 0, 33, 0, 0x8D5
        ROW 0x12345678, 0, 1,  0, 0x8D5
        ROW 0x12345678, 0, 4,  0, 0x0D5
        ROW 0x12345678, 0, 31, 0, 0x0D5
        ROW 0x40000000, 0, 1,  0, 0x8D5
; double shifts: a = destination, b = source, c = count
%$t_shd: dd 8
        ROW 0x80000001, 0xF0F0F0F1, 0,  0, 0x8D5
        ROW 0x80000001, 0xF0F0F0F1, 1,  0, 0x8C5
        ROW 0x80000001, 0xF0F0F0F1, 4,  0, 0x0C5
        ROW 0x80000001, 0xF0F0F0F1, 31, 0, 0x0C5
        ROW 0x80000001, 0xF0F0F0F1, 32, 0, 0x8D5
        ROW 0x80000001, 0xF0F0F0F1, 33, 0, 0x8C5
        ROW 0x12345678, 0x9ABCDEF0, 8,  0, 0x0C5
        ROW 0x40000000, 0x00000000, 1,  0, 0x8C5

%$t_mul: dd 10
        ROW 0x00000000, 0x00000000, 0, 0, M_ALL
        ROW 0x00000001, 0x00000001, 0, 0, M_ALL
        ROW 0xFFFFFFFF, 0xFFFFFFFF, 0, 0, M_ALL
        ROW 0x80000000, 0x00000002, 0, 0, M_ALL
        ROW 0x7FFFFFFF, 0x00000002, 0, 0, M_ALL
        ROW 0x00010000, 0x00010000, 0, 0, M_ALL
        ROW 0xFFFFFFFF, 0x00000001, 0, 0, M_ALL
        ROW 0x12345678, 0x9ABCDEF0, 0, 0, M_ALL
        ROW 0x40000000, 0x00000002, 0, 0, M_ALL
        ROW 0xFFFF8000, 0x00010000, 0, 0, M_ALL
; divides: EDX:EAX = d:a, divisor b
%$t_div: dd 10
        ROW 100,        7,          0, 0,          M_ALL
        ROW 0xFFFFFFFF, 0x00000010, 0, 0x0000000F, M_ALL
        ROW 0x12345678, 0x00001234, 0, 0,          M_ALL
        ROW 0x00000000, 0x00000001, 0, 0,          M_ALL
        ROW 0xFFFFFFFF, 0xFFFFFFFF, 0, 0xFFFFFFFE, M_ALL
        ROW 0x00000005, 0x00000000, 0, 0,          M_ALL
        ROW 0x00000000, 0x00000001, 0, 0x00000001, M_ALL
        ROW 0xFFFFFF9C, 0x00000007, 0, 0xFFFFFFFF, M_ALL
        ROW 0x80000000, 0xFFFFFFFF, 0, 0xFFFFFFFF, M_ALL
        ROW 0x00000007, 0xFFFFFFFE, 0, 0x00000000, M_ALL

; sign/zero extension sources (b); a = prior destination
%$t_ext: dd 7
        ROW 0xDEADBEEF, 0x00000000, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x0000007F, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x00000080, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x000000FF, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x00007FFF, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x00008000, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x1234FFFF, 0, 0, M_ALL

; bit tests on a register: a = value, b = bit offset
%$t_btr: dd 10
        ROW 0x80000001, 0,          0, 0, M_ALL
        ROW 0x80000001, 1,          0, 0, M_ALL
        ROW 0x80000001, 31,         0, 0, M_ALL
        ROW 0x80000001, 32,         0, 0, M_ALL
        ROW 0x80000001, 63,         0, 0, M_ALL
        ROW 0x80000001, 0xFFFFFFFF, 0, 0, M_ALL
        ROW 0x12345678, 3,          0, 0, M_ALL
        ROW 0x12345678, 0x00010013, 0, 0, M_ALL
        ROW 0x12345678, 0x0000000F, 0, 0, M_ALL
        ROW 0x12345678, 0x00000010, 0, 0, M_ALL
; bit tests on memory: four dwords = a at SCR..SCR+15, base SCR+8,
; b = signed bit offset
%$t_btm: dd 11
        ROW 0x0F0F0F0F, 0,          0, 0, M_ALL
        ROW 0x0F0F0F0F, 4,          0, 0, M_ALL
        ROW 0x0F0F0F0F, 31,         0, 0, M_ALL
        ROW 0x0F0F0F0F, 32,         0, 0, M_ALL
        ROW 0x0F0F0F0F, 35,         0, 0, M_ALL
        ROW 0x0F0F0F0F, 63,         0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xFFFFFFFF, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xFFFFFFE0, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xFFFFFFDF, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xFFFFFFC0, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xFFFFFFFC, 0, 0, M_ALL
; 16-bit memory offsets (only BX counts; the upper half of EBX is junk)
%$t_btm16: dd 8
        ROW 0x0F0F0F0F, 0xABCD0000, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xABCD000F, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xABCD0010, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xABCD0024, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xABCDFFFF, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xABCDFFF0, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0xABCDFFC0, 0, 0, M_ALL
        ROW 0x0F0F0F0F, 0x5555FFE3, 0, 0, M_ALL
%$t_bt1: dd 3
        ROW 0x00000000, 0, 0, 0, M_ALL
        ROW 0xFFFFFFFF, 0, 0, 0, M_ALL
        ROW 0x80000010, 0, 0, 0, M_ALL
; bit scans: a = prior destination, b = source
%$t_bs: dd 9
        ROW 0xDEADBEEF, 0x00000000, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x00000001, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x80000000, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x00010000, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x00F00100, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0xFFFFFFFF, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x12340000, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x00008000, 0, 0, M_ALL
        ROW 0xDEADBEEF, 0x00000006, 0, 0, M_ALL
%$t_bswap: dd 4
        ROW 0x12345678, 0, 0, 0, M_ALL
        ROW 0x000000FF, 0, 0, 0, M_ALL
        ROW 0x80000001, 0, 0, 0, M_ALL
        ROW 0x00000000, 0, 0, 0, M_ALL
; compare-exchange: accumulator a, destination b, source c
%$t_cx: dd 6
        ROW 0x00000005, 0x00000005, 0x00000009, 0, M_ALL
        ROW 0x00000005, 0x00000006, 0x00000009, 0, M_ALL
        ROW 0x80000000, 0x00000001, 0x00000007, 0, M_ALL
        ROW 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0, M_ALL
        ROW 0x00000000, 0x80000000, 0x00000003, 0, M_ALL
        ROW 0x12345678, 0x12345600, 0xAAAA5555, 0, M_ALL
; CMPXCHG8B: EDX:EAX = d:a, m64 = c:b
%$t_cx8: dd 5
        ROW 0x00000001, 0x00000001, 0x00000002, 0x00000002, M_ALL
        ROW 0x00000001, 0x00000001, 0x00000002, 0x00000003, M_ALL
        ROW 0x00000000, 0x00000000, 0x00000000, 0x00000000, M_ALL
        ROW 0xFFFFFFFF, 0xFFFFFFFE, 0x00000005, 0x00000005, M_ALL
        ROW 0x89ABCDEF, 0x89ABCDEF, 0x01234567, 0x01234567, M_ALL
%$t_one: dd 1
        ROW 0x13572468, 0, 0, 0, M_ALL
%$t_one2: dd 1
        ROW 0x13572468, 0x9ABCDEF0, 0, 0, M_ALL
; segment loads: a = offset, b = selector (per mode)
%$t_seg: dd 3
%if MODE == 16
        ROW 0x11223344, 0x0100, 0, 0, M_ALL
        ROW 0x55667788, 0x0000, 0, 0, M_ALL
        ROW 0x99AABBCC, 0xFFFF, 0, 0, M_ALL
%else
        ROW 0x11223344, 0x0028, 0, 0, M_ALL
        ROW 0x55667788, 0x0000, 0, 0, M_ALL
        ROW 0x99AABBCC, 0x0103, 0, 0, M_ALL
%endif
%$t_lss: dd 3
%if MODE == 16
        ROW 0x00006F00, 0x0000, 0, 0, M_ALL
        ROW 0x00000F00, 0x0060, 0, 0, M_ALL
        ROW 0x00006E00, 0x0000, 0, 0, M_ALL
%else
        ROW 0x00006F00, 0x0010, 0, 0, M_ALL
        ROW 0x12346E00, 0x0020, 0, 0, M_ALL
        ROW 0x00006E00, 0x0000, 0, 0, M_ALL
%endif

; EFLAGS input lists: count, values
%$fi0:  dd 1, 0x002
%$fic:  dd 2, 0x002, 0x003
%$fiu:  dd 2, 0x002, 0x8D7
%$fi1:  dd 1, 0x897

; ---- stubs: in EAX=a EBX=b ECX=c EDX=d; out EAX EBX ECX EDX, EFLAGS ----
%$s_add: add eax, ebx
        ret
%$s_sub: sub eax, ebx
        ret
%$s_adc: adc eax, ebx
        ret
%$s_sbb: sbb eax, ebx
        ret
%$s_and: and eax, ebx
        ret
%$s_or: or eax, ebx
        ret
%$s_xor: xor eax, ebx
        ret
%$s_cmp: cmp eax, ebx
        ret
%$s_neg: neg eax
        ret
%$s_inc: inc eax
        ret
%$s_dec: dec eax
        ret
%$s_shl: shl eax, cl
        ret
%$s_shr: shr eax, cl
        ret
%$s_sar: sar eax, cl
        ret
%$s_rol: rol eax, cl
        ret
%$s_ror: ror eax, cl
        ret
%$s_rcl: rcl eax, cl
        ret
%$s_rcr: rcr eax, cl
        ret
%$s_shld: shld eax, ebx, cl
        ret
%$s_shrd: shrd eax, ebx, cl
        ret
%$s_mul: mul ebx
        ret
%$s_imul1: imul ebx
        ret
%$s_imul2: imul eax, ebx
        ret
%$s_imul3: imul eax, ebx, 1000
        ret
%$s_imul3b: imul eax, ebx, -3
        ret
%$s_div: div ebx
        ret
%$s_idiv: idiv ebx
        ret

%$s_movzxb: movzx eax, bl
        ret
%$s_movzxw: movzx eax, bx
        ret
%$s_movsxb: movsx eax, bl
        ret
%$s_movsxw: movsx eax, bx
        ret
%$s_movzx16: movzx ax, bl
        ret
%$s_movsx16: movsx ax, bl
        ret
%$s_movzxh: movzx eax, bh
        ret
%$s_movsxh: mov eax, ebx
        movsx eax, ah
        ret
%$s_setcah: setc ah
        setz bh
        ret
%$s_movsxm: mov [es:SCR], ebx
        movsx eax, word [es:SCR]
        ret
%$s_movzxm: mov [es:SCR], ebx
        movzx eax, byte [es:SCR+1]
        ret

%$s_bt: bt eax, ebx
        ret
%$s_bts: bts eax, ebx
        ret
%$s_btr: btr eax, ebx
        ret
%$s_btc: btc eax, ebx
        ret
%$s_bt16: bt ax, bx
        ret
%$s_btc16: btc ax, bx
        ret

%$s_btm:   BTMEM bt dword [es:SCR+8], ebx
%$s_btsm:  BTMEM bts dword [es:SCR+8], ebx
%$s_btrm:  BTMEM btr dword [es:SCR+8], ebx
%$s_btcm:  BTMEM btc dword [es:SCR+8], ebx
%$s_btlk:  BTMEM lock bts dword [es:SCR+8], ebx
%$s_bts16m: BTMEM bts word [es:SCR+8], bx
%$s_btr16m: BTMEM btr word [es:SCR+8], bx
; 16-bit address: SCR-8+0x10000 plus 0x2008 bytes wraps to SCR
%$s_btwrap: BTMEM a16 bts dword [es:0xFFF8], ebx
%$s_btsim: BTMEM bts dword [es:SCR+8], 40
%$s_btcim: BTMEM btc word [es:SCR+8], 17
%$s_btim:  BTMEM bt dword [es:SCR+4], 0xE3

%$s_bti5: bt eax, 5
        ret
%$s_btsi36: bts eax, 36
        ret
%$s_btri31: btr eax, 31
        ret
%$s_btci63: btc eax, 0x3F
        ret
%$s_bti16: bt ax, 20
        ret

%$s_bsf: bsf eax, ebx
        ret
%$s_bsr: bsr eax, ebx
        ret
%$s_bsf16: bsf ax, bx
        ret
%$s_bsr16: bsr ax, bx
        ret
%$s_bsrm: mov [es:SCR], ebx
        bsr eax, [es:SCR]
        ret

%$s_setm: mov [es:SCR], eax
        setnz byte [es:SCR+1]
        mov eax, [es:SCR]
        ret

%$s_cmovm: mov [es:SCR], ebx
        cmovz eax, [es:SCR]
        ret
%$s_cmov16: cmovnz ax, bx
        ret

%$s_bswap: bswap eax
        ret
%$s_bswapd: mov edi, eax
        bswap edi
        mov eax, edi
        ret

%$s_xadd: xadd eax, ebx
        ret
%$s_xaddb: xadd al, bl
        ret
%$s_xaddw: xadd ax, bx
        ret
%$s_xaddsame: xadd eax, eax
        ret
%$s_xaddm: mov [es:SCR], eax
        lock xadd [es:SCR], ebx
        mov eax, [es:SCR]
        ret

%$s_cx: cmpxchg ebx, ecx
        ret
%$s_cxb: cmpxchg bl, cl
        ret
%$s_cxw: cmpxchg bx, cx
        ret
%$s_cxm: mov [es:SCR], ebx
        lock cmpxchg [es:SCR], ecx
        mov ebx, [es:SCR]
        ret
%$s_cx8: mov [es:SCR], ebx
        mov [es:SCR+4], ecx
        not ebx
        not ecx
        lock cmpxchg8b [es:SCR]
        mov ebx, [es:SCR]
        mov ecx, [es:SCR+4]
        ret
%$s_cx8r: db 0x0F, 0xC7, 0xC8           ; CMPXCHG8B with a register: #UD
        ret

%$s_ud2: ud2
        ret
%$s_lfsr: db 0x0F, 0xB4, 0xC3           ; LFS with a register: #UD
        ret
%$s_nop: db 0x0F, 0x1F, 0x00            ; NOP [bx+si] / NOP [eax]
%if MODE == 16
        db 0x67
%endif
        db 0x0F, 0x1F, 0x44, 0x00, 0x00     ; NOP [eax+eax*1+0]
%if MODE == 16
        db 0x66
%endif
        db 0x0F, 0x1F, 0x80, 0x00, 0x00     ; NOP [bx+si+0] / [eax+0]
%if MODE == 32
        db 0x00, 0x00
%endif
        db 0x0F, 0x1F, 0xC0                 ; NOP eAX (register form)
        ret
%$s_invd: invd
        wbinvd
        ret

; PUSH FS/GS: FS = GS = a; print ESP change and the pushed word
%$s_pushfs32:
        mov fs, ax
        mov dword [esp-4], 0
        mov ebx, esp
        o32 push fs
        sub ebx, esp
        movzx ecx, word [esp]
        lea esp, [esp+4]
        mov eax, fs
        and eax, 0xFFFF
        ret
%$s_pushgs16:
        mov gs, ax
        mov dword [esp-4], 0
        mov ebx, esp
        o16 push gs
        sub ebx, esp
        movzx ecx, word [esp]
        lea esp, [esp+2]
        ret
; POP FS/GS: pop selector b; print the selector and a dword through it
%$s_popfs32:
        push ebx
        o32 pop fs
        xor eax, eax
        mov ax, fs
        cmp ax, 4
        jb %$s_pf_n
        mov ecx, [fs:0]
%$s_pf_n:
        ret
%$s_popgs16:
        push bx
        o16 pop gs
        xor eax, eax
        mov ax, gs
        cmp ax, 4
        jb %$s_pg_n
        mov ecx, [gs:4]
%$s_pg_n:
        ret
; LFS/LGS: far pointer a:b at SCR
%$s_lfs32:
        mov [es:SCR], eax
        mov [es:SCR+4], bx
        mov eax, 0xCCCCCCCC
        lfs eax, [es:SCR]
        xor ebx, ebx
        mov bx, fs
        cmp bx, 4
        jb %$s_lf_n
        mov ecx, [fs:4]
%$s_lf_n:
        ret
%$s_lgs16:
        mov [es:SCR], ax
        mov [es:SCR+2], bx
        mov eax, 0xCCCCCCCC
        lgs ax, [es:SCR]
        xor ebx, ebx
        mov bx, gs
        ret
; LSS: load SS:ESP from a:b, read them back, restore
%$s_lss:
        mov [es:SCR], eax
        mov [es:SCR+4], bx
        mov [es:SAVESS], esp
        mov [es:SAVESS+4], ss
        lss esp, [es:SCR]
        mov ecx, esp
        xor edx, edx
        mov dx, ss
        lss esp, [es:SAVESS]
        mov eax, ecx
        mov ebx, edx
        ret

; condition stubs: SETcc AL / Jcc near / CMOVcc EAX, EBX
%assign cc 0
%rep 16
%$set_%[cc]: db 0x0F, 0x90 + cc, 0xC0
        ret
%$jcc_%[cc]: mov al, 0
        db 0x0F, 0x80 + cc
%if MODE == 16
        dw 1
%else
        dd 1
%endif
        ret
        mov al, 1
        ret
%if MODE == 16
%$jcc32_%[cc]: mov al, 0                ; 66 0F 8x rel32 in 16-bit code
        db 0x66, 0x0F, 0x80 + cc
        dd 1
        ret
        mov al, 1
        ret
%endif
%$cmov_%[cc]: mov eax, 0
        mov ebx, 1
%if MODE == 16
        db 0x66
%endif
        db 0x0F, 0x40 + cc, 0xC3
        ret
%assign cc cc+1
%endrep

; ---- Jcc with a 16-bit operand size: the new EIP is truncated to 16 bits.
; Real mode: from F000:xxxx jump to F000:FF00 by wrapping below 0.
; Protected mode: from 0xF8xxx jump to 0x0000A000 (66 0F 84 rel16). ----
%$jwrap:
        mov esi, %$jw_name
        call %$pname
        mov cl, '-'
%if MODE == 16
        mov bx, %$jw_back
        xor eax, eax
%$jw_p: db 0x0F, 0x84
        dw (0xFF00 - ((%$jw_p - $$) + 4)) & 0xFFFF
%else
        mov ebx, %$jw_back
        xor eax, eax
%$jw_p: db 0x66, 0x0F, 0x84
        dw (0xA000 - (PM_VSTART + (%$jw_p - $$) + 5)) & 0xFFFF
%endif
        mov cl, 'N'
%$jw_back:
        mov al, cl
        call %$putc
        call %$nl
        ret
%$jw_name: db 'JE16WRAP', 0

; ---- the tests ----
%$tests:
        ; 32-bit ALU cross-check
        T 'ADD',  %$s_add,  FL_ALL,   %$t_alu, %$fi0, 0x13
        T 'SUB',  %$s_sub,  FL_ALL,   %$t_alu, %$fi0, 0x13
        T 'ADC',  %$s_adc,  FL_ALL,   %$t_alu, %$fic, 0x13
        T 'SBB',  %$s_sbb,  FL_ALL,   %$t_alu, %$fic, 0x13
        T 'AND',  %$s_and,  FL_LOGIC, %$t_alu, %$fi0, 0x13
        T 'OR',   %$s_or,   FL_LOGIC, %$t_alu, %$fi0, 0x13
        T 'XOR',  %$s_xor,  FL_LOGIC, %$t_alu, %$fi0, 0x13
        T 'CMP',  %$s_cmp,  FL_ALL,   %$t_alu, %$fi0, 0x13
        T 'NEG',  %$s_neg,  FL_ALL,   %$t_alu, %$fi0, 0x11
        T 'INC',  %$s_inc,  FL_ALL,   %$t_alu4, %$fic, 0x11
        T 'DEC',  %$s_dec,  FL_ALL,   %$t_alu4, %$fic, 0x11
        T 'SHL',  %$s_shl,  FL_ALL,   %$t_sh,  %$fi0, 0x15
        T 'SHR',  %$s_shr,  FL_ALL,   %$t_sh,  %$fi0, 0x15
        T 'SAR',  %$s_sar,  FL_ALL,   %$t_sh,  %$fi0, 0x15
        T 'ROL',  %$s_rol,  FL_ALL,   %$t_rot, %$fi0, 0x15
        T 'ROR',  %$s_ror,  FL_ALL,   %$t_rot, %$fi0, 0x15
        T 'RCL',  %$s_rcl,  FL_ALL,   %$t_rot, %$fic, 0x15
        T 'RCR',  %$s_rcr,  FL_ALL,   %$t_rot, %$fic, 0x15
        T 'SHLD', %$s_shld, FL_ALL,   %$t_shd, %$fi0, 0x17
        T 'SHRD', %$s_shrd, FL_ALL,   %$t_shd, %$fi0, 0x17
        T 'MUL',  %$s_mul,  FL_MUL,   %$t_mul, %$fi0, 0x93
        T 'IMUL1', %$s_imul1, FL_MUL, %$t_mul, %$fi0, 0x93
        T 'IMUL2', %$s_imul2, FL_MUL, %$t_mul, %$fi0, 0x13
        T 'IMUL3', %$s_imul3, FL_MUL, %$t_mul, %$fi0, 0x12
        T 'IMUL3B', %$s_imul3b, FL_MUL, %$t_mul, %$fi0, 0x12
        T 'DIV',  %$s_div,  FL_NONE,  %$t_div, %$fi0, 0x9B
        T 'IDIV', %$s_idiv, FL_NONE,  %$t_div, %$fi0, 0x9B

        ; MOVZX / MOVSX (flags unaffected)
        T 'MOVZXB',  %$s_movzxb,  FL_ALL, %$t_ext, %$fi1, 0x13
        T 'MOVZXW',  %$s_movzxw,  FL_ALL, %$t_ext, %$fi1, 0x13
        T 'MOVSXB',  %$s_movsxb,  FL_ALL, %$t_ext, %$fi1, 0x13
        T 'MOVSXW',  %$s_movsxw,  FL_ALL, %$t_ext, %$fi1, 0x13
        T 'MOVZX16', %$s_movzx16, FL_ALL, %$t_ext, %$fi1, 0x13
        T 'MOVSX16', %$s_movsx16, FL_ALL, %$t_ext, %$fi1, 0x13
        T 'MOVZXH',  %$s_movzxh,  FL_ALL, %$t_ext, %$fi1, 0x13
        T 'MOVSXH',  %$s_movsxh,  FL_ALL, %$t_ext, %$fi1, 0x13
        T 'MOVSXM',  %$s_movsxm,  FL_ALL, %$t_ext, %$fi1, 0x13
        T 'MOVZXM',  %$s_movzxm,  FL_ALL, %$t_ext, %$fi1, 0x13

        ; BT family: CF = bit; ZF unaffected; OF SF AF PF undefined
        T 'BT',     %$s_bt,    0x041, %$t_btr, %$fiu, 0x13
        T 'BTS',    %$s_bts,   0x041, %$t_btr, %$fi0, 0x13
        T 'BTR',    %$s_btr,   0x041, %$t_btr, %$fi0, 0x13
        T 'BTC',    %$s_btc,   0x041, %$t_btr, %$fi0, 0x13
        T 'BT16',   %$s_bt16,  0x041, %$t_btr, %$fi0, 0x13
        T 'BTC16',  %$s_btc16, 0x041, %$t_btr, %$fi0, 0x13
        T 'BTM',    %$s_btm,   0x041, %$t_btm, %$fiu, 0xF3
        T 'BTSM',   %$s_btsm,  0x041, %$t_btm, %$fi0, 0xF3
        T 'BTRM',   %$s_btrm,  0x041, %$t_btm, %$fi0, 0xF3
        T 'BTCM',   %$s_btcm,  0x041, %$t_btm, %$fi0, 0xF3
        T 'LOCKBTS', %$s_btlk, 0x041, %$t_btm, %$fi0, 0xF3
        T 'BTS16M', %$s_bts16m, 0x041, %$t_btm16, %$fi0, 0xF3
        T 'BTR16M', %$s_btr16m, 0x041, %$t_btm16, %$fi0, 0xF3
        T 'BTWRAP', %$s_btwrap, 0x041, %$t_btw, %$fi0, 0xF3
        T 'BTI5',   %$s_bti5,   0x041, %$t_bt1, %$fiu, 0x11
        T 'BTSI36', %$s_btsi36, 0x041, %$t_bt1, %$fi0, 0x11
        T 'BTRI31', %$s_btri31, 0x041, %$t_bt1, %$fi0, 0x11
        T 'BTCI63', %$s_btci63, 0x041, %$t_bt1, %$fi0, 0x11
        T 'BTI16',  %$s_bti16,  0x041, %$t_bt1, %$fi0, 0x11
        T 'BTSIM',  %$s_btsim,  0x041, %$t_bt1, %$fi0, 0xF1
        T 'BTCIM',  %$s_btcim,  0x041, %$t_bt1, %$fi0, 0xF1
        T 'BTIM',   %$s_btim,   0x041, %$t_bt1, %$fi0, 0xF1

        ; BSF / BSR: ZF = (source == 0), destination kept when zero
        T 'BSF',   %$s_bsf,   0x040, %$t_bs, %$fi0, 0x13
        T 'BSR',   %$s_bsr,   0x040, %$t_bs, %$fi0, 0x13
        T 'BSF16', %$s_bsf16, 0x040, %$t_bs, %$fi0, 0x13
        T 'BSR16', %$s_bsr16, 0x040, %$t_bs, %$fi0, 0x13
        T 'BSRM',  %$s_bsrm,  0x040, %$t_bs, %$fiu, 0x13

        ; condition families (names from CCNAME_n)
%assign cc 0
%rep 16
%strcat NM 'SET', CCNAME_%[cc]
        C NM, %$set_%[cc]
%assign cc cc+1
%endrep
%assign cc 0
%rep 16
%strcat NM 'J', CCNAME_%[cc]
        C NM, %$jcc_%[cc]
%assign cc cc+1
%endrep
%if MODE == 16
%assign cc 0
%rep 16
%strcat NM 'J', CCNAME_%[cc], '32'
        C NM, %$jcc32_%[cc]
%assign cc cc+1
%endrep
%endif
%assign cc 0
%rep 16
%strcat NM 'CMOV', CCNAME_%[cc]
        C NM, %$cmov_%[cc]
%assign cc cc+1
%endrep
        T 'SETCAH', %$s_setcah, FL_ALL, %$t_one2, %$fiu, 0x33
        T 'SETNZM', %$s_setm,   FL_ALL, %$t_one, %$fiu, 0x11
        T 'CMOVZM', %$s_cmovm,  FL_ALL, %$t_ext, %$fiu, 0x13
        T 'CMOVNZ16', %$s_cmov16, FL_ALL, %$t_one, %$fiu, 0x13
        call %$jwrap

        ; segment registers
        T 'PUSHFS32', %$s_pushfs32, FL_NONE, %$t_pushsel, %$fi1, 0x71
        T 'PUSHGS16', %$s_pushgs16, FL_NONE, %$t_pushsel, %$fi1, 0x71
        T 'POPFS32', %$s_popfs32, FL_NONE, %$t_seg, %$fi1, 0x52
        T 'POPGS16', %$s_popgs16, FL_NONE, %$t_seg, %$fi1, 0x52
        T 'LFS32',   %$s_lfs32,   FL_NONE, %$t_seg, %$fi1, 0x73
        T 'LGS16',   %$s_lgs16,   FL_NONE, %$t_seg, %$fi1, 0x33
        T 'LSS',     %$s_lss,     FL_NONE, %$t_lss, %$fi1, 0x33

        ; 486
        T 'BSWAP',  %$s_bswap,  FL_ALL, %$t_bswap, %$fi1, 0x11
        T 'BSWAPDI', %$s_bswapd, FL_ALL, %$t_bswap, %$fi1, 0x11
        T 'XADD',   %$s_xadd,   FL_ALL, %$t_alu,  %$fi0, 0x33
        T 'XADDB',  %$s_xaddb,  FL_ALL, %$t_alu4, %$fi0, 0x33
        T 'XADDW',  %$s_xaddw,  FL_ALL, %$t_alu4, %$fi0, 0x33
        T 'XADDSAME', %$s_xaddsame, FL_ALL, %$t_alu4, %$fi0, 0x11
        T 'XADDM',  %$s_xaddm,  FL_ALL, %$t_alu4, %$fi0, 0x33
        T 'CMPXCHG', %$s_cx,    FL_ALL, %$t_cx, %$fi0, 0x77
        T 'CMPXCHGB', %$s_cxb,  FL_ALL, %$t_cx, %$fi0, 0x77
        T 'CMPXCHGW', %$s_cxw,  FL_ALL, %$t_cx, %$fi0, 0x77
        T 'CMPXCHGM', %$s_cxm,  FL_ALL, %$t_cx, %$fi0, 0x77
        T 'INVD',   %$s_invd,   FL_ALL, %$t_one, %$fi1, 0x11
        ; Pentium
        T 'CMPXCHG8B', %$s_cx8, FL_ALL, %$t_cx8, %$fiu, 0xFF
        T 'CX8BREG', %$s_cx8r,  FL_ALL, %$t_one, %$fi0, 0x11
        ; P6
        T 'UD2',    %$s_ud2,    FL_ALL, %$t_one, %$fi0, 0x11
        T 'LFSREG', %$s_lfsr,   FL_ALL, %$t_one, %$fi0, 0x11
        T 'NOPEV',  %$s_nop,    FL_ALL, %$t_one, %$fiu, 0x11
        ret

%$t_pushsel: dd 2
%if MODE == 16
        ROW 0x1234, 0, 0, 0, M_ALL
        ROW 0xFEDC, 0, 0, 0, M_ALL
%else
        ROW 0x0028, 0, 0, 0, M_ALL
        ROW 0x0010, 0, 0, 0, M_ALL
%endif
%$t_btw: dd 2
        ROW 0x00000000, 0x00010045, 0, 0, M_ALL
        ROW 0xFFFFFFFF, 0x0001005F, 0, 0, M_ALL
%endmacro

; ========================================================================
section real start=0 vstart=0
bits 16
%push rmode
%assign MODE 16
%define MODECH 'R'
BODY

start16:
        cli
        cld
        xor ax, ax
        mov ss, ax
        mov es, ax
        mov esp, 0x7000
        mov ax, cs
        mov ds, ax
        mov dword [es:0x1000], 0xF5F5A0A0
        mov dword [es:0x1004], 0x01234567
        mov word [es:0*4], %$exc0
        mov word [es:0*4+2], 0xF000
        mov word [es:6*4], %$exc6
        mov word [es:6*4+2], 0xF000
        mov word [es:12*4], %$exc12
        mov word [es:12*4+2], 0xF000
        mov word [es:13*4], %$exc13
        mov word [es:13*4+2], 0xF000
        call %$tests
        ; enter protected mode (flat GDT)
        o32 lgdt [gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x08:pm_start

        align 8
gdt:    dq 0
        dq 0x00CF9B000000FFFF       ; 08: code, base 0, 4 GiB, 32-bit
        dq 0x00CF93000000FFFF       ; 10: data, base 0, 4 GiB, 32-bit
        dq 0x00009B0F0000FFFF       ; 18: code, base 0xF0000, 64 KiB, 16-bit
        dq 0x000093000000FFFF       ; 20: data, base 0, 64 KiB, 16-bit (B=0)
        dq 0x000093001000FFFF       ; 28: data, base 0x1000, 64 KiB
gdt_end:
gdtr:   dw gdt_end - gdt - 1
        dd 0xF0000 + gdt
%pop

; ========================================================================
section pm start=0x8000 vstart=PM_VSTART
bits 32
%push pmode
%assign MODE 32
%define MODECH 'P'
BODY

pm_start:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov fs, ax
        mov gs, ax
        mov esp, 0x7000
        ; IDT at 0x800: all 32 vectors to exc_unexp, then 0, 6, 12, 13
        mov edi, 0x800
        mov ecx, 32
%$idt_l:
        mov eax, %$exc_unexp
        call %$setgate
        add edi, 8
        dec ecx
        jnz %$idt_l
        mov edi, 0x800 + 0*8
        mov eax, %$exc0
        call %$setgate
        mov edi, 0x800 + 6*8
        mov eax, %$exc6
        call %$setgate
        mov edi, 0x800 + 12*8
        mov eax, %$exc12
        call %$setgate
        mov edi, 0x800 + 13*8
        mov eax, %$exc13
        call %$setgate
        lidt [idtr]
        ; landing stub of the 16-bit Jcc wrap test: mov cl,'W' / jmp ebx
        mov dword [0xA000], 0xE3FF57B1
        call %$tests
        PR 'DONE'
        call %$nl
        mov al, 0
        out 0xF4, al
        hlt

%$setgate:                          ; EDI = gate, EAX = handler
        mov [edi], ax
        mov word [edi+2], 0x08
        mov word [edi+4], 0x8E00
        shr eax, 16
        mov [edi+6], ax
        ret
%$exc_unexp:
        PR 'UNEXPECTED EXCEPTION'
        call %$nl
        mov al, 1
        out 0xF4, al
        hlt

idtr:   dw 32*8 - 1
        dd 0x800
%pop

; ========================================================================
; Landing pad of the real-mode 16-bit Jcc wrap test (F000:FF00).
section land start=0xFF00 vstart=0xFF00
bits 16
        mov cl, 'W'
        jmp bx

section reset start=0xFFF0 vstart=0xFFF0
bits 16
        jmp 0xF000:start16
        times 16 - ($ - $$) db 0xF4
