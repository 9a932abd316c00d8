; pm_switch.asm - real mode -> 32-bit protected mode -> real mode.
;
; Checks: GDT load and far jump to 32-bit code; flat 4 GiB data segments
; (the ROM alias at 0xFFFF0000 reads the same bytes as 0xF0000); byte-granular
; and page-granular limits (#GP(0) on an access past the limit, also for a
; dword straddling it, handled and resumed); expand-down data segments with
; B=1 and B=0; read-only data and execute-only code; null selector use;
; selector past the GDT limit; far JMP past the CS limit; return to real mode
; through a 16-bit code segment, real-mode addressing afterwards, "unreal"
; 4 GiB FS kept in real mode, and #GP (INT 13) for an offset past 0xFFFF in
; real mode. Intel SDM Vol. 3A 3.4.5 (descriptors), 5.3 (limit checking),
; 9.9 (mode switching), 20.1.1 (real-mode address limit).

%include "lib.inc"

SEL_LIM   equ SEL_FREE+0x00     ; base DATA_AREA, limit 0xFFF bytes
SEL_LIMG  equ SEL_FREE+0x08     ; base DATA_AREA, limit 0 pages (=0xFFF)
SEL_ED32  equ SEL_FREE+0x10     ; expand-down, B=1, limit 0xFFF
SEL_ED16  equ SEL_FREE+0x18     ; expand-down, B=0, limit 0xFFF
SEL_RO    equ SEL_FREE+0x20     ; read-only data
SEL_XO    equ SEL_FREE+0x28     ; execute-only code

main16:
    PRINT16 "pm_switch: real mode start", 10
    jmp pm_enter

bits 32
main32:
    STEP "in 32-bit protected mode: CS, CR0.PE"
    xor eax, eax
    mov ax, cs
    CHECK eax, SEL_CODE32, "CS selector"
    mov eax, cr0
    CHECKM eax, 1, 1, "CR0.PE"

    STEP "flat 4 GiB data segment: write/read RAM"
    mov dword [DATA_AREA+0x10], 0xCAFEBABE
    CHECK [DATA_AREA+0x10], 0xCAFEBABE, "flat RAM readback"

    STEP "flat 4 GiB: ROM alias at 0xFFFFFFF0 equals 0xFFFF0"
    mov eax, [0xFFFFFFF0]
    CHECK eax, [0xFFFF0], "ROM alias at 4 GiB - 16"

    STEP "byte-granular limit: access at the limit is allowed"
    mov edx, SEL_LIM
    mov eax, DATA_AREA
    mov ebx, 0xFFF
    mov cl, ACC_DATA0
    mov ch, FL_B32
    call make_desc
    mov ax, SEL_LIM
    mov fs, ax
    mov byte [DATA_AREA+0xFFF], 0x5A
    movzx eax, byte [fs:0xFFF]
    CHECK eax, 0x5A, "byte at limit through FS"
    mov eax, [fs:0xFFC]
    CHECK eax, [DATA_AREA+0xFFC], "dword ending at limit"

    STEP "byte-granular limit: byte past the limit -> #GP(0)"
    SKIP_ON_QEMU .s1, "data segment limit checks not implemented"
    EXPECT 13, .r1
.f1: mov al, [fs:0x1000]
    NOEXC
.r1: CHECK_EXC 13, 0, .f1

    STEP "byte-granular limit: dword straddling the limit -> #GP(0)"
    EXPECT 13, .r2
.f2: mov eax, [fs:0xFFE]
    NOEXC
.r2: CHECK_EXC 13, 0, .f2
.s1:

    STEP "page-granular limit 0 (G=1): 0xFFF ok, 0x1000 -> #GP(0)"
    mov edx, SEL_LIMG
    mov eax, DATA_AREA
    mov ebx, 0
    mov cl, ACC_DATA0
    mov ch, FL_G32
    call make_desc
    mov ax, SEL_LIMG
    mov gs, ax
    movzx eax, byte [gs:0xFFF]
    CHECK eax, 0x5A, "byte at page-granular limit"
    SKIP_ON_QEMU .s3, "data segment limit checks not implemented"
    EXPECT 13, .r3
.f3: mov [gs:0x1000], al
    NOEXC
.r3: CHECK_EXC 13, 0, .f3
.s3:

    STEP "expand-down B=1: offsets above the limit ok, at/below -> #GP(0)"
    mov edx, SEL_ED32
    mov eax, DATA_AREA
    mov ebx, 0xFFF
    mov cl, 0x96                ; present, ring 0, data, expand-down, writable
    mov ch, FL_B32
    call make_desc
    mov ax, SEL_ED32
    mov gs, ax
    mov dword [gs:0x1000], 0x11223344
    CHECK [DATA_AREA+0x1000], 0x11223344, "expand-down write lands at base+offset"
    mov dword [DATA_AREA+0x8000], 0x55667788
    CHECK [gs:0x8000], 0x55667788, "expand-down read"
    mov eax, [gs:0xFFFFFFFC]    ; upper bound 4 GiB - 1 with B=1 (wraps)
    SKIP_ON_QEMU .s5, "data segment limit checks not implemented"
    EXPECT 13, .r4
.f4: mov al, [gs:0xFFF]
    NOEXC
.r4: CHECK_EXC 13, 0, .f4
    EXPECT 13, .r5
.f5: mov al, [gs:0]
    NOEXC
.r5: CHECK_EXC 13, 0, .f5
    EXPECT 13, .r5b
.f5b: mov eax, [gs:0xFFE]       ; straddles the lower bound
    NOEXC
.r5b: CHECK_EXC 13, 0, .f5b
.s5:

    STEP "expand-down B=0: upper bound 0xFFFF"
    mov edx, SEL_ED16
    mov eax, DATA_AREA
    mov ebx, 0xFFF
    mov cl, 0x96
    mov ch, FL_16
    call make_desc
    mov ax, SEL_ED16
    mov gs, ax
    mov byte [DATA_AREA+0xFFFF], 0xA5
    movzx eax, byte [gs:0xFFFF]
    CHECK eax, 0xA5, "byte at 0xFFFF"
    SKIP_ON_QEMU .s7, "data segment limit checks not implemented"
    EXPECT 13, .r6
.f6: mov al, [gs:0x10000]
    NOEXC
.r6: CHECK_EXC 13, 0, .f6
    EXPECT 13, .r7
.f7: mov ax, [gs:0xFFFF]        ; word crossing the upper bound
    NOEXC
.r7: CHECK_EXC 13, 0, .f7
.s7:

    STEP "read-only data segment: read ok, write -> #GP(0)"
    mov edx, SEL_RO
    mov eax, DATA_AREA
    mov ebx, 0xFFFF
    mov cl, 0x90
    mov ch, FL_B32
    call make_desc
    mov ax, SEL_RO
    mov fs, ax
    CHECK [fs:0x1000], 0x11223344, "read through read-only segment"
    SKIP_ON_QEMU .s8, "data segment type checks on access not implemented"
    EXPECT 13, .r8
.f8: mov byte [fs:0], 1
    NOEXC
.r8: CHECK_EXC 13, 0, .f8
.s8:

    STEP "execute-only code selector into DS -> #GP(selector)"
    mov edx, SEL_XO
    mov eax, 0
    mov ebx, 0xFFFFF
    mov cl, 0x98
    mov ch, FL_G32
    call make_desc
    mov ax, SEL_XO
    EXPECT 13, .r9
.f9: mov ds, ax
    NOEXC
.r9: CHECK_EXC 13, SEL_XO, .f9

    STEP "readable code segment: read through CS override"
    mov eax, [cs:0xFFFF0]
    CHECK eax, [0xFFFF0], "CS-relative read"

    STEP "selector past the GDT limit -> #GP(selector)"
    mov ax, 0x800
    EXPECT 13, .r10
.f10: mov es, ax
    NOEXC
.r10: CHECK_EXC 13, 0x800, .f10

    STEP "null selector: load ok, access -> #GP(0)"
    xor eax, eax
    mov es, ax
    SKIP_ON_QEMU .s11, "access through a null selector not checked"
    EXPECT 13, .r11
.f11: mov eax, [es:DATA_AREA]
    NOEXC
.r11: CHECK_EXC 13, 0, .f11
.s11:
    mov ax, SEL_DATA32
    mov es, ax

    STEP "far JMP past the CS limit -> #GP(0) at the JMP"
    EXPECT 13, .r12
.f12: jmp SEL_CODE16:0x10000
    NOEXC
.r12: CHECK_EXC 13, 0, .f12

    STEP "back to real mode through a 16-bit code segment"
    mov dword [DATA_AREA+0x20], 0x600DF00D
    mov ax, SEL_DATA32          ; FS keeps a 4 GiB limit ("unreal" mode)
    mov fs, ax
    mov ax, SEL_DATA16
    mov ds, ax
    mov es, ax
    mov gs, ax
    mov ss, ax
    mov esp, STACK_RM
    jmp SEL_CODE16:R(pm16)

bits 16
pm16:
    mov eax, cr0
    and al, 0xFE
    mov cr0, eax
    jmp 0xF000:R(rm_back)
rm_back:
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, STACK_RM
    lidt [cs:R(rm_idtr)]
    STEP16 "real mode again: CS, CR0.PE"
    CHECK16 cs, 0xF000, "CS after return"
    mov eax, cr0
    and eax, 1
    CHECK32_16 eax, 0, "CR0.PE after return"

    STEP16 "real-mode addressing: 2000:0020 = linear 0x20020"
    mov ax, DATA_AREA >> 4
    mov es, ax
    CHECK32_16 [es:0x20], 0x600DF00D, "value written in protected mode"
    xor ax, ax
    mov es, ax

    STEP16 "unreal mode: FS keeps the 4 GiB limit loaded in PM"
    mov esi, 0xFFFFFFF0
    mov eax, [fs:esi]
    CHECK32_16 eax, [cs:0xFFF0], "4 GiB access through FS in real mode"

    STEP16 "real mode: offset past 0xFFFF -> exception 13"
    SKIP_ON_QEMU16 .s1, "real-mode segment limit checks not implemented"
    mov ax, 0x3000
    mov es, ax
    mov esi, 0x10000
    EXPECT16 13, .r1
.f1: mov al, [es:esi]
    FAIL16 "expected exception did not happen"
.r1: CHECK_EXC16 13, .f1
.s1:

    STEP16 "real-mode interrupt through the IVT (INT 3)"
    EXPECT16 3, .r2
    int3
.a2: FAIL16 "INT3 did not reach the IVT handler"
.r2: CHECK_EXC16 3, .a2

    jmp pass16

ROM_END
