; int1a_pci.asm - INT 1Ah AH=B1h, the real-mode PCI BIOS.
;
; Contract (PCI BIOS Specification 2.1, chapter 3 "Functions"; Ralf Brown's
; Interrupt List INT 1Ah AX=B101h-B10Dh):
;  B101h  installation check: AH = 00h, AL = 01h (configuration mechanism
;         #1), BX = 0210h (version 2.10), CL = last bus number, EDX =
;         20494350h ("PCI "), EDI = 0 (no protected-mode entry point)
;  B102h  find device CX (device ID) of vendor DX, the SI-th one:
;         BH = bus, BL = device << 3 | function
;  B103h  find class code ECX (low 24 bits: class, subclass, prog-if), SI-th
;  B106h  special cycle: 81h (not supported by this host bridge)
;  B108h/B109h/B10Ah  read configuration byte/word/dword BX:DI into
;         CL/CX/ECX
;  B10Bh/B10Ch/B10Dh  write CL/CX/ECX to configuration BX:DI
;  Status in AH with CF: 00h success, 81h unsupported function, 83h bad
;  vendor ID (FFFFh), 86h device not found, 87h bad register number (DI
;  not aligned to the access size).
; Only bus 0 exists on this board.

int1a_pci:
        cmp     al, 01h
        je      .check
        cmp     al, 02h
        je      .find
        cmp     al, 03h
        je      .class
        cmp     al, 08h
        je      .rd8
        cmp     al, 09h
        je      .rd16
        cmp     al, 0Ah
        je      .rd32
        cmp     al, 0Bh
        je      .wr8
        cmp     al, 0Ch
        je      .wr16
        cmp     al, 0Dh
        je      .wr32
        mov     ah, 81h
        jmp     .err
.check: push    ds
        push    EBDA_SEG
        pop     ds
        mov     cl, [EBDA_PCI_LASTBUS]
        pop     ds
        mov     ax, 0001h
        mov     bx, 0210h
        mov     edx, 20494350h
        xor     edi, edi
        jmp     .ok
.find:  cmp     dx, 0FFFFh
        jne     .f1
        mov     ah, 83h
        jmp     .err
.f1:    push    eax
        push    si
        push    di
        mov     bx, 0FFFFh
.fnext: call    pci_next_function
        jc      .notfound
        xor     di, di
        call    pci_read32
        cmp     ax, dx
        jne     .fnext
        shr     eax, 16
        cmp     ax, cx
        jne     .fnext
        test    si, si
        jz      .found
        dec     si
        jmp     .fnext
.class: push    eax
        push    si
        push    di
        mov     bx, 0FFFFh
.cnext: call    pci_next_function
        jc      .notfound
        mov     di, 08h
        call    pci_read32
        shr     eax, 8
        push    ecx
        and     ecx, 00FFFFFFh
        cmp     eax, ecx
        pop     ecx
        jne     .cnext
        test    si, si
        jz      .found
        dec     si
        jmp     .cnext
.found: pop     di
        pop     si
        pop     eax
        xor     ah, ah
        jmp     .ok
.notfound:
        pop     di
        pop     si
        pop     eax
        mov     ah, 86h
        jmp     .err
.rd8:   push    ax
        call    pci_read8
        mov     cl, al
        pop     ax
        jmp     .okz
.rd16:  test    di, 1
        jnz     .badreg
        push    ax
        call    pci_read16
        mov     cx, ax
        pop     ax
        jmp     .okz
.rd32:  test    di, 3
        jnz     .badreg
        push    eax
        call    pci_read32
        mov     ecx, eax
        pop     eax
        jmp     .okz
.wr8:   call    pci_write8
        jmp     .okz
.wr16:  test    di, 1
        jnz     .badreg
        call    pci_write16
        jmp     .okz
.wr32:  test    di, 3
        jnz     .badreg
        call    pci_write32
        jmp     .okz
.badreg:
        mov     ah, 87h
        jmp     .err
.okz:   xor     ah, ah
.ok:    clc
        retf    2
.err:   stc
        retf    2
