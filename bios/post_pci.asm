; post_pci.asm - PCI configuration at POST: resources for every function on
; bus 0 and the INTx routing, plus the configuration-space primitives that
; INT 1Ah AX=B1xxh (int1a_pci.asm) shares.
;
; Contract / sources: PCI Local Bus Specification 2.1, 3.2.2.3.2
; (configuration mechanism #1: CONFIG_ADDRESS at 0CF8h, data at 0CFCh-0CFFh)
; and 6.2.5 (base address registers: write all ones, read back the size
; mask; bit 0 = I/O; memory type in bits 2-1, 10b = 64-bit); Intel
; 82371FB/SB PIIX3 data sheet 2.2 (PIRQRC[A:D] at 60h-63h of function 01.0,
; IDETIM 40h/42h of function 01.1: bit 15 enables the legacy IDE decode);
; Intel 8259A / PIIX3 ELCR at 4D0h-4D1h (a PCI interrupt is level
; triggered); the board's INTx swizzle PIRQ = (pin - 1 + device - 1) mod 4.
;
; What POST does here:
;  - every function of bus 0 (no PCI-to-PCI bridges on this board) has its
;    BARs sized and assigned, largest first so each lands naturally
;    aligned: memory from E0000000h up (the VGA's 16 MiB linear frame
;    buffer is first: E0000000h, where Bochs VBE software also looks),
;    I/O from C000h up (the PIIX3 IDE bus-master block);
;  - I/O and memory decoding are enabled for functions with such BARs (and
;    always for a VGA), bus mastering for IDE controllers (class 0101h);
;  - PIRQA-D are routed to IRQ 10, 10, 11, 11 (the routing SeaBIOS gives
;    the i440FX), those IRQs made level-triggered in the ELCR, and each
;    function's Interrupt Line register (3Ch) filled;
;  - the VGA's bus/device/function is kept for the video ROM call (AX).

%define PCI_BAR_TABLE   1000h           ; 0000:1000 scratch during POST
%define PCI_BAR_MAX     64
%define PCI_MEM_BASE    0E0000000h
%define PCI_IO_BASE     0C000h

; pci_addr: BX = bus << 8 | device << 3 | function, DI = register ->
; CONFIG_ADDRESS written; DX = data port for the register's byte lane.
pci_addr:
        push    eax
        movzx   eax, bx
        shl     eax, 8                  ; bus in 23-16, device/function in 15-8
        mov     dx, di
        and     dl, 0FCh
        mov     al, dl                  ; register (dword aligned) in 7-2
        or      eax, 80000000h
        mov     dx, 0CF8h
        out     dx, eax
        mov     dx, di
        and     dx, 3
        add     dx, 0CFCh
        pop     eax
        ret

; pci_read8/16/32: BX = bus/devfn, DI = register -> AL / AX / EAX.
pci_read8:
        push    dx
        call    pci_addr
        in      al, dx
        pop     dx
        ret
pci_read16:
        push    dx
        call    pci_addr
        in      ax, dx
        pop     dx
        ret
pci_read32:
        push    dx
        call    pci_addr
        in      eax, dx
        pop     dx
        ret

; pci_write8/16/32: BX = bus/devfn, DI = register, CL / CX / ECX = value.
pci_write8:
        push    dx
        push    ax
        call    pci_addr
        mov     al, cl
        out     dx, al
        pop     ax
        pop     dx
        ret
pci_write16:
        push    dx
        push    ax
        call    pci_addr
        mov     ax, cx
        out     dx, ax
        pop     ax
        pop     dx
        ret
pci_write32:
        push    dx
        push    eax
        call    pci_addr
        mov     eax, ecx
        out     dx, eax
        pop     eax
        pop     dx
        ret

; pci_present: CF = 0 when configuration mechanism #1 answers (the host
; bridge at 00:00.0 has a vendor ID).
pci_present:
        push    bx
        push    di
        push    ax
        xor     bx, bx
        xor     di, di
        call    pci_read16
        cmp     ax, 0FFFFh
        je      .no
        clc
        jmp     .out
.no:    stc
.out:   pop     ax
        pop     di
        pop     bx
        ret

; pci_next_function: BX = current bus/devfn -> BX = the next one that
; exists on bus 0 (CF = 1 when none is left). Start with BX = 0FFFFh.
pci_next_function:
        push    eax
        push    di
.next:  inc     bx
        cmp     bx, 100h
        jae     .end
        test    bl, 07h
        jz      .probe                  ; function 0 of a new device
        ; function > 0: only if function 0 says multi-function
        push    bx
        and     bl, 0F8h
        mov     di, 0Eh
        call    pci_read8
        pop     bx
        test    al, 80h
        jnz     .probe
        or      bl, 07h                 ; skip the rest of this device
        jmp     .next
.probe: xor     di, di
        call    pci_read16
        cmp     ax, 0FFFFh
        jne     .found
        test    bl, 07h
        jnz     .next
        or      bl, 07h                 ; no function 0: no device
        jmp     .next
.found: clc
        jmp     .out
.end:   stc
.out:   pop     di
        pop     eax
        ret

pci_init:
        push    ds
        push    es
        pushad
        call    pci_present
        jc      .nopci
        xor     ax, ax
        mov     ds, ax
        push    EBDA_SEG
        pop     es
        mov     word [es:EBDA_VGA_BDF], 0FFFFh
        mov     byte [es:EBDA_PCI_LASTBUS], 0
        xor     bp, bp                  ; entries in the BAR table
        mov     bx, 0FFFFh
.func:  call    pci_next_function
        jc      .sized
        call    pci_size_bars
        jmp     .func
.sized: ; assign memory BARs, then I/O BARs, largest first
        mov     esi, PCI_MEM_BASE
        xor     dl, dl                  ; kind 0 = memory
        call    pci_assign
        mov     esi, PCI_IO_BASE
        mov     dl, 1
        call    pci_assign
        ; command registers, interrupt routing, IDE decode
        call    pci_route_irqs
        mov     bx, 0FFFFh
.func2: call    pci_next_function
        jc      .done
        call    pci_enable_function
        jmp     .func2
.done:  popad
        pop     es
        pop     ds
        ret
.nopci: DBG     "x86pc BIOS: no PCI host bridge"
        jmp     .done

; pci_size_bars: BX = function: probe its BARs into the table (DS:PCI_BAR_TABLE,
; BP entries). Table entry (8 bytes): word bus/devfn, byte register, byte
; kind (0 memory, 1 I/O, 80h = assigned), dword size.
pci_size_bars:
        mov     di, 0Eh
        call    pci_read8
        and     al, 7Fh
        jnz     .out                    ; only header type 0 has six BARs
        ; decoding off while the BARs hold all ones
        mov     di, 04h
        call    pci_read16
        push    ax
        mov     cx, ax
        and     cx, 0FFFCh
        call    pci_write16
        mov     di, 10h
.bar:   cmp     di, 28h
        jae     .done
        call    pci_read32
        push    eax                     ; original value
        mov     ecx, 0FFFFFFFFh
        call    pci_write32
        call    pci_read32
        pop     ecx
        push    eax
        call    pci_write32             ; restore
        pop     eax
        test    eax, eax
        jz      .nextbar
        cmp     eax, 0FFFFFFFFh
        je      .nextbar
        cmp     bp, PCI_BAR_MAX
        jae     .nextbar
        mov     si, bp
        shl     si, 3
        add     si, PCI_BAR_TABLE
        mov     [si], bx
        mov     cx, di
        mov     [si+2], cl
        test    al, 1
        jnz     .io
        mov     byte [si+3], 0
        push    eax
        and     eax, 0FFFFFFF0h
        neg     eax
        mov     [si+4], eax
        pop     eax
        inc     bp
        and     al, 06h
        cmp     al, 04h                 ; 64-bit: the next BAR is the high half
        jne     .nextbar
        add     di, 4
        xor     ecx, ecx
        call    pci_write32
        jmp     .nextbar
.io:    mov     byte [si+3], 1
        and     eax, 0FFFCh
        or      eax, 0FFFF0000h
        neg     eax
        mov     [si+4], eax
        inc     bp
.nextbar:
        add     di, 4
        jmp     .bar
.done:  pop     cx
        mov     di, 04h
        call    pci_write16
.out:   ret

; pci_assign: DL = kind (0 memory, 1 I/O), ESI = first address: give each
; BAR of that kind, largest first, the next naturally aligned address.
pci_assign:
.again: xor     eax, eax                ; largest size seen
        xor     di, di                  ; its entry (0 = none)
        mov     cx, bp
        mov     bx, PCI_BAR_TABLE
.scan:  jcxz    .picked
        cmp     [bx+3], dl
        jne     .n
        cmp     [bx+4], eax
        jbe     .n
        mov     eax, [bx+4]
        mov     di, bx
.n:     add     bx, 8
        dec     cx
        jmp     .scan
.picked:
        test    di, di
        jz      .out
        ; align ESI up to the size (a power of two)
        mov     ecx, eax
        dec     ecx
        add     esi, ecx
        not     ecx
        and     esi, ecx
        or      byte [di+3], 80h        ; assigned
        push    di
        mov     bx, [di]
        movzx   di, byte [di+2]
        mov     ecx, esi
        call    pci_write32
        pop     di
        add     esi, [di+4]
        jmp     .again
.out:   ret

; pci_route_irqs: PIRQA-D -> IRQ 10, 10, 11, 11 in the PIIX3 (function
; 01.0 registers 60h-63h), and IRQ 10/11 level-triggered in the ELCR.
pci_route_irqs:
        mov     bx, 0FFFFh
.f:     call    pci_next_function
        jc      .out
        xor     di, di
        call    pci_read32
        cmp     eax, 70008086h          ; PIIX3 PCI-to-ISA bridge
        je      .piix
        cmp     eax, 122E8086h          ; PIIX
        je      .piix
        jmp     .f
.piix:  mov     si, pirq_irqs
        mov     di, 60h
.r:     mov     cl, [cs:si]
        call    pci_write8
        inc     si
        inc     di
        cmp     di, 64h
        jb      .r
        mov     dx, PORT_ELCR2
        in      al, dx
        or      al, 0Ch                 ; IRQ 10 and 11
        out     dx, al
.out:   ret

pirq_irqs:      db 10, 10, 11, 11

; pci_enable_function: BX = function: command register, interrupt line,
; IDE decode, and the VGA's address for the video ROM call.
pci_enable_function:
        xor     cx, cx                  ; command bits to set
        mov     si, PCI_BAR_TABLE
        mov     dx, bp
.scan:  test    dx, dx
        jz      .class
        cmp     [si], bx
        jne     .n
        test    byte [si+3], 7Fh
        jnz     .isio
        or      cl, 02h                 ; memory space
        jmp     .n
.isio:  or      cl, 01h                 ; I/O space
.n:     add     si, 8
        dec     dx
        jmp     .scan
.class:
        mov     di, 0Ah
        call    pci_read16              ; class (AH) / subclass (AL)
        cmp     ax, 0300h               ; VGA
        jne     .ide
        or      cl, 03h
        push    es
        push    EBDA_SEG
        pop     es
        mov     [es:EBDA_VGA_BDF], bx
        pop     es
        jmp     .cmd
.ide:   cmp     ax, 0101h
        jne     .cmd
        or      cl, 05h                 ; I/O (legacy ports) and bus master
        push    cx
        mov     cx, 8000h               ; IDETIM: IDE decode enable
        mov     di, 40h
        call    pci_write16
        mov     di, 42h
        call    pci_write16
        pop     cx
.cmd:   mov     di, 04h
        call    pci_read16
        or      ax, cx
        mov     cx, ax
        call    pci_write16
        ; interrupt line from the pin and the board's swizzle
        mov     di, 3Dh
        call    pci_read8
        test    al, al
        jz      .out
        cmp     al, 4
        ja      .out
        dec     al
        mov     ah, bl
        shr     ah, 3                   ; device
        add     al, ah
        dec     al
        and     al, 3
        movzx   si, al
        mov     cl, [cs:pirq_irqs + si]
        mov     di, 3Ch
        call    pci_write8
.out:   ret
