; linuxboot_rom.asm - x86pc's option ROM for -kernel: after the BIOS's POST,
; copy the Linux kernel, initrd, command line and real-mode setup from the
; fw_cfg device (devices/fw_cfg.h) into RAM and enter the setup code, as a
; boot loader does (Linux Documentation/arch/x86/boot.rst, "Running the
; kernel"). It plays the part of QEMU's linuxboot_dma option ROM; the C
; side (devices/linux_boot.c) has already checked the bzImage, chosen the
; addresses and patched the setup header, so this ROM only copies and jumps.
;
; How it is started (BIOS Boot Specification 1.01, 3.x; PnP BIOS 1.0A):
;  - SeaBIOS finds it as the fw_cfg file "genroms/linuxboot.bin", copies it
;    to the option-ROM area, far-calls offset 3 (init) with ES:DI pointing
;    at the "$PnP" installation structure, and lists the BEV of the PnP
;    expansion header below as a boot device ("bootorder" puts it first).
;  - A BIOS that is not PnP (ES:DI not at "$PnP") ignores BEVs: then init
;    hooks INT 19h so the bootstrap comes here instead.
; Built by `make` (nasm -f bin); devices/linux_boot.c embeds it and fills
; in the checksums (whole ROM and PnP header sum to 0). 386+ instructions.

bits 16
org 0

FW_CFG_SEL      equ 0x510
FW_CFG_DATA     equ 0x511
FW_CFG_DMA_HI   equ 0x514
FW_CFG_DMA_LO   equ 0x518

CFG_KERNEL_ADDR equ 0x07
CFG_KERNEL_SIZE equ 0x08
CFG_INITRD_ADDR equ 0x0a
CFG_INITRD_SIZE equ 0x0b
CFG_KERNEL_DATA equ 0x11
CFG_INITRD_DATA equ 0x12
CFG_CMDLINE_ADDR equ 0x13
CFG_CMDLINE_SIZE equ 0x14
CFG_CMDLINE_DATA equ 0x15
CFG_SETUP_ADDR  equ 0x16
CFG_SETUP_SIZE  equ 0x17
CFG_SETUP_DATA  equ 0x18

DMA_ERROR       equ 0x01
DMA_READ        equ 0x02
DMA_SELECT      equ 0x08

ROM_BLOCKS      equ 2               ; 1 KiB

; Byte-swap EAX on a 386 (BSWAP is a 486 instruction).
%macro SWAP32 0
    xchg ah, al
    rol eax, 16
    xchg ah, al
%endmacro

rom_start:
    db 0x55, 0xAA                   ; option ROM signature
    db ROM_BLOCKS                   ; size in 512-byte blocks
    jmp near init                   ; offset 3: initialisation entry
    times 0x18 - ($ - $$) db 0
    dw 0                            ; 0x18: no PCI data structure
    dw pnp_header                   ; 0x1A: PnP expansion header

    align 16
pnp_header:                         ; PnP BIOS spec 1.0A, Appendix A
    db '$PnP'
    db 1                            ; structure revision
    db 2                            ; length in 16-byte units
    dw 0                            ; next header: none
    db 0                            ; reserved
    db 0                            ; checksum (set by linux_boot.c)
    dd 0                            ; device identifier
    dw manufacturer                 ; manufacturer string
    dw product                      ; product name string
    db 0, 0, 0                      ; device type code
    db 0x00                         ; device indicators
    dw 0                            ; boot connection vector: none
    dw 0                            ; disconnect vector: none
    dw bev                          ; bootstrap entry vector
    dw 0                            ; reserved
    dw 0                            ; static resource information vector

manufacturer:   db 'x86pc', 0
product:        db 'Linux kernel (-kernel)', 0
msg_error:      db 'x86pc linuxboot: fw_cfg DMA transfer failed', 13, 10, 0

; Init (far call from the BIOS). ES:DI = "$PnP" installation check
; structure on a PnP BIOS, which boots our BEV. Otherwise hook INT 19h.
init:
    cmp dword [es:di], '$PnP'
    je .done
    push ds
    push word 0
    pop ds
    cli
    mov word [0x19 * 4], int19
    mov [0x19 * 4 + 2], cs
    sti
    pop ds
.done:
    retf

; INT 19h hook (non-PnP BIOS): the same bootstrap.
int19:
; BEV: far-called by the BIOS's bootstrap. Never returns on success.
bev:
    cli
    cld
    push cs
    pop ds
    ; Real-mode setup first (it holds the patched header and boot_params),
    ; then the command line, the protected-mode kernel and the initrd.
    mov ax, CFG_SETUP_ADDR
    mov bx, CFG_SETUP_SIZE
    mov cx, CFG_SETUP_DATA
    call load_item
    mov ax, CFG_CMDLINE_ADDR
    mov bx, CFG_CMDLINE_SIZE
    mov cx, CFG_CMDLINE_DATA
    call load_item
    mov ax, CFG_KERNEL_ADDR
    mov bx, CFG_KERNEL_SIZE
    mov cx, CFG_KERNEL_DATA
    call load_item
    mov ax, CFG_INITRD_ADDR
    mov bx, CFG_INITRD_SIZE
    mov cx, CFG_INITRD_DATA
    call load_item

    ; Enter the setup code (boot.rst "Running the kernel"): all data
    ; segments = setup base >> 4, stack below the command line (which the
    ; loader placed right after the setup heap), CS = that segment + 0x20.
    mov ax, CFG_SETUP_ADDR
    call read32
    mov esi, eax                    ; setup base (physical, 16-byte aligned)
    mov ax, CFG_CMDLINE_ADDR
    call read32
    sub eax, esi
    sub eax, 16                     ; stack top, relative to the setup base
    mov edx, eax
    mov eax, esi
    shr eax, 4
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov sp, dx
    add ax, 0x20
    push ax
    push word 0
    xor eax, eax
    xor ebx, ebx
    xor ecx, ecx
    xor edx, edx
    xor esi, esi
    xor edi, edi
    xor ebp, ebp
    retf

; Read the little-endian 32-bit item AX into EAX (port interface).
read32:
    mov dx, FW_CFG_SEL
    out dx, ax
    inc dx                          ; FW_CFG_DATA
    mov cx, 4
.byte:
    in al, dx
    ror eax, 8
    loop .byte
    ret

; Copy item CX (length in item BX, destination address in item AX) into
; memory with one DMA read. Skips empty items. On a DMA error, prints a
; message and returns to the BIOS (INT 18h: boot failure).
load_item:
    push cx
    call read32                     ; destination
    mov edi, eax
    mov ax, bx
    call read32                     ; length
    mov ecx, eax
    pop ax                          ; data item
    jecxz .empty
    ; FWCfgDmaAccess on the stack: be32 control, be32 length, be64 address.
    sub sp, 16
    mov bp, sp
    movzx eax, ax
    shl eax, 16
    or eax, DMA_SELECT | DMA_READ
    SWAP32
    mov [bp], eax
    mov eax, ecx
    SWAP32
    mov [bp + 4], eax
    mov dword [bp + 8], 0
    mov eax, edi
    SWAP32
    mov [bp + 12], eax
    xor eax, eax
    mov dx, FW_CFG_DMA_HI
    out dx, eax                     ; high half of the descriptor address: 0
    mov ax, ss
    movzx eax, ax
    shl eax, 4
    movzx ebx, bp
    add eax, ebx
    SWAP32
    mov dx, FW_CFG_DMA_LO
    out dx, eax                     ; low half: starts the transfer
    mov eax, [bp]                   ; control: 0 when done, ERROR bit on failure
    add sp, 16
    test eax, eax
    jnz .error
.empty:
    ret
.error:
    mov si, msg_error
.print:
    lodsb
    test al, al
    jz .fail
    mov dx, 0x402                   ; debug console (SeaBIOS's port)
    out dx, al
    mov ah, 0x0E                    ; INT 10h teletype
    mov bx, 0x0007
    int 0x10
    jmp .print
.fail:
    sti
    int 0x18                        ; boot failure: back to the BIOS

    times ROM_BLOCKS * 512 - 1 - ($ - $$) db 0
    db 0                            ; checksum byte (set by linux_boot.c)
