; interrupts.asm - hardware interrupts through the 8259A PIC from the 8254 PIT
; in protected mode.
;
; Checks: 8259A initialisation (ICW1-4, vector base 0x20/0x28), IMR and IRR
; readback (OCW3); PIT channel 0 in mode 2 raises IRQ0; with IF=0 the request
; stays pending in the IRR and is not delivered; STI; HLT wakes on the IRQ;
; the interrupt is delivered through the IDT (interrupt gate clears IF in the
; handler) and EOI clears the ISR; an interrupt pending while IF=0 is taken
; only after the instruction following STI (STI interrupt shadow) and then
; before the next one; masking IRQ0 in the IMR blocks it; an IRQ taken in
; V86 mode pushes the V86 frame on the TSS ring-0 stack and enters the
; handler with DS/ES/FS/GS = 0.
; Intel SDM Vol. 3A 6.8.3 (STI shadow), 6.3.2; Intel 8259A and 82C54
; datasheets (ICW/OCW formats, mode 2).

%include "lib.inc"

ticks     equ rom_vars+0
v86_frame equ rom_vars+16       ; 9 dwords: EIP CS EFLAGS ESP SS ES DS FS GS
v86_segs  equ rom_vars+52
v86_hesp  equ rom_vars+56
irq_eip   equ rom_vars+4        ; saved EIP of the last IRQ0
irq_efl   equ rom_vars+8        ; EFLAGS inside the handler

main16:
    PRINT16 "interrupts: start", 10
    jmp pm_enter

bits 32
main32:
    mov eax, 0x20
    mov ebx, irq0_handler
    mov cx, SEL_CODE32
    mov dl, GATE_INT32
    call set_gate
    mov dword [ticks], 0

    STEP "local APIC (if any) in virtual-wire mode: LVT0 = ExtINT"
    ; An i686 with a local APIC masks LINT0 (the 8259A's INTR) after reset
    ; until software sets virtual-wire mode (Intel MP spec 3.6.2.2; SDM
    ; Vol. 3A 10.4.7.1). Without an APIC these writes hit unclaimed space.
    mov dword [0xFEE000F0], 0x1FF   ; SVR: APIC software-enabled
    mov dword [0xFEE00350], 0x700   ; LVT0: ExtINT, unmasked

    STEP "8259A init (ICW1-4), IMR readback"
    mov al, 0x11                ; ICW1: edge, cascade, ICW4 needed
    out 0x20, al
    out 0xA0, al
    mov al, 0x20                ; ICW2: vector bases
    out 0x21, al
    mov al, 0x28
    out 0xA1, al
    mov al, 0x04                ; ICW3: slave on IRQ2
    out 0x21, al
    mov al, 0x02
    out 0xA1, al
    mov al, 0x01                ; ICW4: 8086 mode
    out 0x21, al
    out 0xA1, al
    mov al, 0xFE                ; OCW1: only IRQ0 unmasked
    out 0x21, al
    mov al, 0xFF
    out 0xA1, al
    in al, 0x21
    movzx eax, al
    CHECK eax, 0xFE, "master IMR"
    in al, 0xA1
    movzx eax, al
    CHECK eax, 0xFF, "slave IMR"

    STEP "PIT channel 0 mode 2: IRQ0 pending in the IRR while IF=0"
    mov al, 0x34                ; channel 0, lo/hi, mode 2, binary
    out 0x43, al
    mov al, 1193 & 0xFF         ; ~1 kHz
    out 0x40, al
    mov al, 1193 >> 8
    out 0x40, al
    call wait_irr0
    CHECK [ticks], 0, "no delivery with IF=0"

    STEP "STI shadow: the pending IRQ is taken after the next instruction"
    sti
    mov eax, 1                  ; the one instruction in the STI shadow
.after:
    mov eax, 2
    cli
    CHECK [ticks], 1, "exactly one IRQ0 delivered"
    CHECK [irq_eip], .after, "IRQ taken after the instruction following STI"
    CHECKM [irq_efl], EFL_IF, 0, "IF in the interrupt-gate handler"

    STEP "HLT wakes on IRQ0"
    mov dword [ticks], 0
    sti
    hlt
    cli
    CHECK [ticks], 1, "IRQ0 delivered after HLT"

    STEP "ISR cleared by EOI"
    mov al, 0x0B                ; OCW3: read ISR
    out 0x20, al
    in al, 0x20
    movzx eax, al
    CHECK eax, 0, "master ISR"

    STEP "IRQ0 masked in the IMR is not delivered"
    mov al, 0xFF
    out 0x21, al
    mov dword [ticks], 0
    sti
    mov ecx, 200000
.spin:
    dec ecx
    jnz .spin
    cli
    CHECK [ticks], 0, "no delivery while masked"

    STEP "IRQ0 while in V86 mode: V86 frame, DS..GS = 0 in the handler"
    call setup_tss_main
    mov eax, 0x20
    mov ebx, irq0_v86
    mov cx, SEL_CODE32
    mov dl, GATE_INT32
    call set_gate
    mov al, 0xFE                ; unmask IRQ0 again
    out 0x21, al
    mov [saved_esp], esp
    push dword 0x5000           ; GS
    push dword 0x4000           ; FS
    push dword 0x2000           ; DS
    push dword 0x3000           ; ES
    push dword 0x0C00           ; SS
    push dword 0x0400           ; SP
    push dword EFL_VM | EFL_IF | 2
    push dword 0xF000
    push dword R(v86_spin)
    iretd
v86_back:
    CHECK [v86_frame+4], 0xF000, "saved CS"
    CHECKM [v86_frame+8], EFL_VM|EFL_IF, EFL_VM|EFL_IF, "saved EFLAGS (VM, IF)"
    CHECK [v86_frame+12], 0x0400, "saved SP"
    CHECK [v86_frame+16], 0x0C00, "saved SS"
    CHECK [v86_frame+20], 0x3000, "saved ES"
    CHECK [v86_frame+24], 0x2000, "saved DS"
    CHECK [v86_frame+28], 0x4000, "saved FS"
    CHECK [v86_frame+32], 0x5000, "saved GS"
    CHECK [v86_segs], 0, "DS|ES|FS|GS in the handler"
    CHECK [v86_hesp], STACK0_TSS - 36, "handler ESP (TSS ESP0 - 9 dwords)"
    jmp pass

; IRQ0 taken in V86: record the frame, EOI, leave V86 for good.
irq0_v86:
    push eax                    ; DS..GS are 0 here: use SS (flat) only
    xor eax, eax
    mov ax, ds
    mov [ss:v86_segs], eax
    mov ax, es
    or [ss:v86_segs], eax
    mov ax, fs
    or [ss:v86_segs], eax
    mov ax, gs
    or [ss:v86_segs], eax
    lea eax, [esp+4]
    mov [ss:v86_hesp], eax
    pop eax
    mov ax, SEL_DATA32
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov esi, esp
    mov edi, v86_frame
    mov ecx, 9
    rep movsd
    mov al, 0x20
    out 0x20, al
    mov al, 0xFF
    out 0x21, al
    mov esp, [saved_esp]
    jmp v86_back

bits 16
v86_spin:
    jmp v86_spin                ; IF=1: IRQ0 interrupts this loop
bits 32

; wait_irr0 -- poll the master IRR (OCW3) until IRQ0 is requested.
wait_irr0:
    mov ecx, 10000000
.l: mov al, 0x0A                ; OCW3: read IRR
    out 0x20, al
    in al, 0x20
    test al, 1
    jnz .ok
    dec ecx
    jnz .l
    FAIL "IRQ0 never appeared in the IRR (PIT not running?)"
.ok:
    ret

irq0_handler:
    push eax
    inc dword [ticks]
    mov eax, [esp+4]
    mov [irq_eip], eax
    pushfd
    pop eax
    mov [irq_efl], eax
    mov al, 0x20                ; non-specific EOI
    out 0x20, al
    pop eax
    iretd

ROM_END
