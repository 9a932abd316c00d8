; int13_ata.asm - INT 13h for hard disks (DL = 80h and up) on ATA drives,
; with the Enhanced Disk Drive extensions, and the ATA part of POST.
;
; Contract (IBM PC AT Technical Reference, "FIXED DISK BIOS"; Ralf Brown's
; Interrupt List INT 13h; Phoenix Technologies "Enhanced Disk Drive
; Specification" version 3.0 (T13/1386D draft): functions 41h-48h, the
; disk address packet, the device parameter table extension (DPTE) and
; the EDD 3.0 device path):
;  AH=00h reset (also the diskette controller), 01h last status (40:74),
;  02h read / 03h write / 04h verify AL sectors at cylinder CH (+ CL bits
;  6-7), head DH, sector CL bits 0-5 to/from ES:BX (AL = sectors done),
;  05h format track (nothing to do on ATA: success), 08h parameters (CH/CL
;  maximum cylinder and sector, DH maximum head, DL drive count), 09h/0Ch/
;  0Dh/10h/11h/14h initialise/seek/reset/ready/recalibrate/diagnose
;  (success), 15h type (AH = 03h, CX:DX = sectors), 41h EDD check (BX =
;  AA55h, AH = 30h: EDD 3.0, CX = 0005h: packet functions and DPTE),
;  42h/43h/44h extended read/write/verify with the DS:SI packet (count
;  updated to the sectors done), 47h extended seek, 48h drive parameters
;  (26, 30 or 66-byte result: geometry, sector count, 512-byte sectors,
;  DPTE pointer, EDD 3.0 device path "PCI"/"ATA").
;  AH = status, CF = (AH != 0), 40:74 = status.
;
; Geometry (CHS translation, as Phoenix EDD 3.0 annex "LBA assist"): a
; disk whose IDENTIFY geometry has at most 1024 cylinders keeps it; a
; larger one (over 504 MiB) gets 63 sectors per track and 16, 32, 64, 128
; or 255 heads, the fewest that keep the cylinders within 1024. CHS
; requests become LBA = (C * heads + H) * sectors + S - 1; every transfer
; uses LBA28, or LBA48 beyond 2^28 sectors when the drive has it.
;
; POST (ata_init): each of the four devices is reset, identified and, if
; it is an ATA disk, given the next drive number from 80h (at most four),
; with a fixed disk parameter table in the EBDA (INT 41h/46h, translated
; format with signature A0h when translated), 40:75 = count. The first
; ATAPI CD-ROM gets drive number E0h (int13_cd.asm).

%define CD_DRIVE_NUMBER 0E0h

int76_ide:
        push    ds
        push    ax
        push    dx
        mov     dx, 1F7h                ; status: clears the device's INTRQ
        in      al, dx
        push    BDA_SEG
        pop     ds
        mov     byte [BDA_HDINT], 0FFh
        call    eoi_both
        pop     dx
        pop     ax
        pop     ds
        iret

; hd_entry: DL = drive -> SI = offset of its table entry in the EBDA
; (ES = EBDA). CF = 1 if there is no such hard disk.
hd_entry:
        push    ax
        push    EBDA_SEG
        pop     es
        mov     al, dl
        sub     al, 80h
        jb      .no
        cmp     al, [es:EBDA_NATA]
        jae     .no
        movzx   si, al
        shl     si, 5                   ; ATA_ENTRY = 32
        add     si, EBDA_ATA
        pop     ax
        clc
        ret
.no:    pop     ax
        stc
        ret

int13_harddisk:
        sti
        cld
        SAVE_FRAME
        push    BDA_SEG
        pop     ds
        mov     ah, [F_AH]
        cmp     ah, 00h
        je      hd_reset
        cmp     ah, 01h
        je      hd_status
        cmp     ah, 08h
        je      hd_params
        cmp     ah, 15h
        je      hd_type
        mov     dl, [F_DL]
        call    hd_entry
        jc      .nodrive
        mov     ah, [F_AH]
        cmp     ah, 02h
        je      hd_rwv
        cmp     ah, 03h
        je      hd_rwv
        cmp     ah, 04h
        je      hd_rwv
        cmp     ah, 41h
        je      hd_edd_check
        cmp     ah, 42h
        je      hd_ext_rwv
        cmp     ah, 43h
        je      hd_ext_rwv
        cmp     ah, 44h
        je      hd_ext_rwv
        cmp     ah, 47h
        je      hd_ok
        cmp     ah, 48h
        je      hd_ext_params
        cmp     ah, 05h
        je      hd_ok
        cmp     ah, 09h
        je      hd_ok
        cmp     ah, 0Ch
        je      hd_ok
        cmp     ah, 0Dh
        je      hd_ok
        cmp     ah, 10h
        je      hd_ok
        cmp     ah, 11h
        je      hd_ok
        cmp     ah, 14h
        je      hd_ok
        cmp     ah, 4Eh
        je      hd_ok
        mov     ah, 01h
        jmp     hd_return
.nodrive:
        mov     ah, 01h
        jmp     hd_return

hd_ok:  xor     ah, ah
hd_return:
        mov     [BDA_HDSTATUS], ah
        mov     [F_AH], ah
        CLEAR_CF
        test    ah, ah
        jz      .out
        SET_CF
.out:   RESTORE_FRAME
        iret

hd_status:
        mov     ah, [BDA_HDSTATUS]
        mov     [F_AL], ah
        mov     [F_AH], ah
        CLEAR_CF
        test    ah, ah
        jz      .out
        SET_CF
.out:   RESTORE_FRAME
        iret

hd_reset:
        xor     ax, ax
        xor     dx, dx
        int     40h                     ; the AT resets the diskettes too
        jmp     hd_ok

; AH=08h: logical geometry.
hd_params:
        mov     dl, [F_DL]
        call    hd_entry
        jc      .none
        mov     ax, [es:si + ATA_E_CYLS]
        dec     ax                      ; maximum cylinder
        mov     [F_CH], al
        shl     ah, 6
        mov     cl, [es:si + ATA_E_SPT]
        or      cl, ah
        mov     [F_CL], cl
        mov     al, [es:si + ATA_E_HEADS]
        dec     al
        mov     [F_DH], al
        mov     al, [es:EBDA_NATA]
        mov     [F_DL], al
        mov     byte [F_AL], 0
        mov     byte [F_BL], 0
        jmp     hd_ok
.none:  mov     word [F_ECX], 0
        mov     word [F_EDX], 0
        push    EBDA_SEG
        pop     es
        mov     al, [es:EBDA_NATA]
        mov     [F_DL], al
        mov     ah, 07h                 ; drive parameter activity failed
        jmp     hd_return

; AH=15h: AH = 03h (fixed disk), CX:DX = sectors (logical CHS).
hd_type:
        mov     dl, [F_DL]
        call    hd_entry
        jc      .none
        movzx   eax, word [es:si + ATA_E_CYLS]
        movzx   ecx, word [es:si + ATA_E_HEADS]
        mul     ecx
        movzx   ecx, word [es:si + ATA_E_SPT]
        mul     ecx
        mov     [F_EDX], ax
        shr     eax, 16
        mov     [F_ECX], ax
        mov     byte [F_AH], 03h
        CLEAR_CF
        RESTORE_FRAME
        iret
.none:  mov     byte [F_AH], 00h
        CLEAR_CF
        RESTORE_FRAME
        iret

; hd_chs_to_lba: from the caller's CX/DH and the entry ES:SI -> EAX = LBA.
; CF = 1 if the address is outside the logical geometry.
hd_chs_to_lba:
        movzx   eax, byte [F_CL]
        and     al, 3Fh
        jz      .bad
        cmp     ax, [es:si + ATA_E_SPT]
        ja      .bad
        movzx   ecx, byte [F_DH]
        cmp     cx, [es:si + ATA_E_HEADS]
        jae     .bad
        movzx   ebx, byte [F_CL]
        shl     bx, 2
        mov     bl, [F_CH]              ; BX = cylinder (10 bits)
        and     bx, 03FFh
        cmp     bx, [es:si + ATA_E_CYLS]
        jae     .bad
        push    eax
        movzx   eax, word [es:si + ATA_E_HEADS]
        mul     ebx
        add     eax, ecx
        movzx   ecx, word [es:si + ATA_E_SPT]
        mul     ecx
        pop     ecx
        lea     eax, [eax + ecx - 1]
        clc
        ret
.bad:   stc
        ret

; AH=02h/03h/04h (ES:SI = the drive's entry)
hd_rwv:
        call    hd_chs_to_lba
        jc      .badaddr
        movzx   ecx, byte [F_AL]
        jecxz   .badcount
        mov     dl, [es:si + ATA_E_DEV]
        mov     esi, eax
        xor     edi, edi
        mov     al, dl
        mov     ah, [F_AH]
        sub     ah, 2                   ; 0 read, 1 write, 2 verify
        mov     es, [F_ES]
        mov     bx, [F_EBX]
        call    ata_xfer
        mov     [F_AL], cl
        jmp     hd_return
.badaddr:
        mov     byte [F_AL], 0
        mov     ah, 04h
        jmp     hd_return
.badcount:
        mov     ah, 01h
        jmp     hd_return

; AH=42h/43h/44h: disk address packet at the caller's DS:SI.
hd_ext_rwv:
        mov     al, [es:si + ATA_E_DEV]
        mov     fs, [F_DS]
        mov     di, [F_ESI]
        cmp     byte [fs:di], 10h
        jb      .bad
        movzx   ecx, word [fs:di+2]
        mov     bx, [fs:di+4]
        mov     dx, [fs:di+6]
        mov     es, dx
        and     dx, bx
        cmp     dx, 0FFFFh              ; FFFF:FFFF = 64-bit flat address:
        je      .bad                    ; not reachable from real mode
        mov     esi, [fs:di+8]
        push    di
        mov     edi, [fs:di+12]
        test    edi, 0FFFF0000h         ; beyond 48 bits
        jnz     .bad2
        mov     ah, [F_AH]
        sub     ah, 42h
        call    ata_xfer
        pop     di
        mov     [fs:di+2], cx
        jmp     hd_return
.bad2:  pop     di
.bad:   mov     word [fs:di+2], 0
        mov     ah, 01h
        jmp     hd_return

; AH=41h: EDD installation check.
hd_edd_check:
        cmp     word [F_EBX], 55AAh
        jne     .no
        mov     word [F_EBX], 0AA55h
        mov     word [F_ECX], 0005h     ; packet functions, DPTE (EDD)
        mov     byte [F_AH], 30h        ; EDD 3.0
        CLEAR_CF
        RESTORE_FRAME
        iret
.no:    mov     ah, 01h
        jmp     hd_return

; hd_index: SI = entry -> CX = its index (0-3).
hd_index:
        mov     cx, si
        sub     cx, EBDA_ATA
        shr     cx, 5
        ret

; AH=48h: drive parameters into the caller's DS:SI buffer.
hd_ext_params:
        mov     fs, [F_DS]
        mov     di, [F_ESI]
        mov     ax, [fs:di]
        cmp     ax, 1Ah
        jb      .bad
        mov     cx, 1Ah
        cmp     ax, 1Eh
        jb      .size
        mov     cx, 1Eh
        cmp     ax, 42h
        jb      .size
        mov     cx, 42h
.size:  mov     [fs:di], cx
        ; flags: bit 0 DMA boundary errors handled (buffers are normalised),
        ; bit 1 CHS information valid (disks up to 15,482,880 sectors)
        mov     word [fs:di+2], 0001h
        cmp     dword [es:si + ATA_E_SECTORS + 4], 0
        jne     .big
        cmp     dword [es:si + ATA_E_SECTORS], 15482880
        ja      .big
        or      word [fs:di+2], 0002h
.big:   movzx   eax, word [es:si + ATA_E_PCYLS]
        mov     [fs:di+4], eax
        movzx   eax, word [es:si + ATA_E_PHEADS]
        mov     [fs:di+8], eax
        movzx   eax, word [es:si + ATA_E_PSPT]
        mov     [fs:di+0Ch], eax
        mov     eax, [es:si + ATA_E_SECTORS]
        mov     [fs:di+10h], eax
        mov     eax, [es:si + ATA_E_SECTORS + 4]
        mov     [fs:di+14h], eax
        mov     word [fs:di+18h], 512
        cmp     cx, 1Eh
        jb      .done
        push    cx
        call    hd_index
        shl     cx, 4
        add     cx, EBDA_DPTE
        mov     [fs:di+1Ah], cx
        mov     word [fs:di+1Ch], EBDA_SEG
        pop     cx
        cmp     cx, 42h
        jb      .done
        ; EDD 3.0 device path (Phoenix EDD 3.0, table 8): PCI / ATA
        mov     word [fs:di+1Eh], 0BEDDh
        mov     byte [fs:di+20h], 24h   ; bytes 1Eh-41h
        mov     byte [fs:di+21h], 0
        mov     word [fs:di+22h], 0
        mov     dword [fs:di+24h], 20494350h    ; "PCI "
        mov     dword [fs:di+28h], 20415441h    ; "ATA "
        mov     dword [fs:di+2Ch], 20202020h
        mov     al, [es:si + ATA_E_DEV]
        push    ax
        mov     byte [fs:di+30h], 0     ; PCI bus
        mov     byte [fs:di+31h], 1     ; device 1 (PIIX3)
        mov     byte [fs:di+32h], 1     ; function 1 (IDE)
        mov     byte [fs:di+33h], 0
        shr     al, 1                   ; channel (EDD 3.0: byte 33h? kept 0)
        mov     dword [fs:di+34h], 0
        pop     ax
        and     al, 1                   ; master 0 / slave 1
        mov     [fs:di+38h], al
        mov     dword [fs:di+39h], 0
        mov     word [fs:di+3Dh], 0
        mov     byte [fs:di+3Fh], 0
        mov     word [fs:di+40h], 0
        ; checksum over 1Eh-41h
        xor     al, al
        mov     bx, 1Eh
.sum:   add     al, [fs:di+bx]
        inc     bx
        cmp     bx, 41h
        jb      .sum
        neg     al
        mov     [fs:di+41h], al
.done:  jmp     hd_ok
.bad:   mov     ah, 01h
        jmp     hd_return

; ---- POST ----
; ata_init: reset both channels, identify the four devices, build the
; hard-disk table, FDPTs, DPTEs and 40:75; find the CD-ROM.
ata_init:
        push    ds
        push    es
        pushad
        push    EBDA_SEG
        pop     es
        push    BDA_SEG
        pop     ds
        mov     byte [es:EBDA_NATA], 0
        mov     byte [es:EBDA_CDDRIVE], 0
        mov     byte [BDA_HDCOUNT], 0
        ; software reset of each channel (device control SRST, then nIEN=0)
        mov     al, 0
        call    ata_reset_channel
        mov     al, 2
        call    ata_reset_channel
        xor     bp, bp                  ; device 0-3
.dev:   mov     ax, bp
        call    ata_probe
        inc     bp
        cmp     bp, 4
        jb      .dev
        mov     al, [es:EBDA_NATA]
        mov     [BDA_HDCOUNT], al
        ; INT 41h / 46h: parameter tables of drives 80h / 81h
        push    ds
        xor     ax, ax
        mov     ds, ax
        cmp     byte [es:EBDA_NATA], 1
        jb      .v
        mov     word [41h*4], EBDA_FDPT0
        mov     word [41h*4+2], EBDA_SEG
        cmp     byte [es:EBDA_NATA], 2
        jb      .v
        mov     word [46h*4], EBDA_FDPT1
        mov     word [46h*4+2], EBDA_SEG
.v:     pop     ds
        popad
        pop     es
        pop     ds
        ret

; ata_reset_channel: AL = device 0 or 2: SRST pulse on its channel.
ata_reset_channel:
        call    ata_ports
        xchg    dx, bx
        mov     al, 06h                 ; SRST, nIEN
        out     dx, al
        call    io_delay
        call    io_delay
        mov     al, 00h                 ; interrupts on
        out     dx, al
        xchg    dx, bx
        ; an empty channel floats high: do not wait for it
        add     dx, 7
        in      al, dx
        sub     dx, 7
        cmp     al, 0FFh
        je      .out
        call    ata_wait
.out:   ret

; ata_probe: AL = device 0-3 (ES = EBDA, DS = 40h).
ata_probe:
        push    bp
        mov     bp, ax                  ; device
        xor     ah, ah
        call    ata_ports
        ; select it and look at the status: all ones or zero = nobody there
        push    dx
        add     dx, 6
        mov     ax, bp
        and     al, 1
        shl     al, 4
        or      al, 0A0h
        out     dx, al
        inc     dx
        call    io_delay
        in      al, dx
        pop     dx
        cmp     al, 0FFh                ; floating bus: no device
        je      .out
        call    ata_wait
        jc      .out
        ; signature in the LBA mid/high registers
        push    dx
        add     dx, 4
        in      al, dx
        mov     ah, al
        inc     dx
        in      al, dx
        pop     dx
        cmp     ax, 14EBh
        je      .atapi
        test    ax, ax
        jnz     .out
        ; ATA: IDENTIFY DEVICE
        cmp     byte [es:EBDA_NATA], ATA_MAX
        jae     .out
        mov     di, EBDA_SCRATCH
        mov     ax, bp
        mov     ah, 0ECh
        call    ata_identify
        jc      .out
        call    ata_add_disk
        jmp     .out
.atapi: cmp     byte [es:EBDA_CDDRIVE], 0
        jne     .out
        mov     di, EBDA_SCRATCH
        mov     ax, bp
        mov     ah, 0A1h
        call    ata_identify
        jc      .out
        mov     al, [es:EBDA_SCRATCH+1]
        and     al, 1Fh
        cmp     al, 05h                 ; CD-ROM
        jne     .out
        mov     byte [es:EBDA_CDDRIVE], CD_DRIVE_NUMBER
        mov     ax, bp
        mov     [es:EBDA_CDDEV], al
        mov     si, msg_ata_cd
        call    debug_puts
        call    ata_print_model
.out:   pop     bp
        ret

; ata_print_model: the IDENTIFY model string (words 27-46, bytes swapped)
; in the EBDA scratch to the debug console, then a newline.
ata_print_model:
        push    si
        push    cx
        push    ax
        mov     si, EBDA_SCRATCH + 54
        mov     cx, 20
.w:     mov     ax, [es:si]
        xchg    al, ah
        out     PORT_DEBUGCON, al
        mov     al, ah
        out     PORT_DEBUGCON, al
        add     si, 2
        loop    .w
        mov     al, 10
        out     PORT_DEBUGCON, al
        pop     ax
        pop     cx
        pop     si
        ret

; ata_add_disk: BP = device, IDENTIFY data in the EBDA scratch: the next
; hard-disk entry, its translation, FDPT and DPTE.
ata_add_disk:
        movzx   si, byte [es:EBDA_NATA]
        mov     cx, si                  ; index
        shl     si, 5
        add     si, EBDA_ATA
        mov     ax, bp
        mov     [es:si + ATA_E_DEV], al
        mov     byte [es:si + ATA_E_FLAGS], 0
        mov     ax, [es:EBDA_SCRATCH + 1*2]
        mov     [es:si + ATA_E_PCYLS], ax
        mov     ax, [es:EBDA_SCRATCH + 3*2]
        mov     [es:si + ATA_E_PHEADS], ax
        mov     ax, [es:EBDA_SCRATCH + 6*2]
        mov     [es:si + ATA_E_PSPT], ax
        ; total sectors: LBA48 count, else LBA28, else C*H*S
        mov     dword [es:si + ATA_E_SECTORS + 4], 0
        test    word [es:EBDA_SCRATCH + 83*2], 0400h
        jz      .lba28
        or      byte [es:si + ATA_E_FLAGS], 01h
        mov     eax, [es:EBDA_SCRATCH + 100*2]
        mov     [es:si + ATA_E_SECTORS], eax
        mov     eax, [es:EBDA_SCRATCH + 102*2]
        and     eax, 0FFFFh
        mov     [es:si + ATA_E_SECTORS + 4], eax
        jmp     .geom
.lba28: test    word [es:EBDA_SCRATCH + 49*2], 0200h
        jz      .chs
        mov     eax, [es:EBDA_SCRATCH + 60*2]
        mov     [es:si + ATA_E_SECTORS], eax
        jmp     .geom
.chs:   movzx   eax, word [es:si + ATA_E_PCYLS]
        movzx   ebx, word [es:si + ATA_E_PHEADS]
        mul     ebx
        movzx   ebx, word [es:si + ATA_E_PSPT]
        mul     ebx
        mov     [es:si + ATA_E_SECTORS], eax
.geom:  ; logical geometry
        mov     ax, [es:si + ATA_E_PCYLS]
        cmp     ax, 1024
        ja      .assist
        mov     [es:si + ATA_E_CYLS], ax
        mov     ax, [es:si + ATA_E_PHEADS]
        mov     [es:si + ATA_E_HEADS], ax
        mov     ax, [es:si + ATA_E_PSPT]
        mov     [es:si + ATA_E_SPT], ax
        jmp     .tables
.assist:
        or      byte [es:si + ATA_E_FLAGS], 02h
        mov     word [es:si + ATA_E_SPT], 63
        ; sectors (capped to 32 bits for the arithmetic)
        mov     eax, [es:si + ATA_E_SECTORS]
        cmp     dword [es:si + ATA_E_SECTORS + 4], 0
        je      .s32
        mov     eax, 0FFFFFFFFh
.s32:   mov     bx, 16
.h:     ; cylinders = sectors / (heads * 63)
        push    eax
        movzx   ecx, bx
        imul    ecx, 63
        xor     edx, edx
        div     ecx
        cmp     eax, 1024
        jbe     .fits
        pop     eax
        cmp     bx, 128
        je      .h255
        shl     bx, 1
        jmp     .h
.h255:  push    eax
        mov     bx, 255
        mov     ecx, 255 * 63
        xor     edx, edx
        div     ecx
        cmp     eax, 1024
        jbe     .fits
        mov     eax, 1024
.fits:  add     sp, 4
        mov     [es:si + ATA_E_CYLS], ax
        mov     [es:si + ATA_E_HEADS], bx
.tables:
        call    hd_index                ; CX = index (the division used ECX)
        call    ata_fill_fdpt
        call    ata_fill_dpte
        inc     byte [es:EBDA_NATA]
        ; "ATA: drive 80h, N MiB, <model>" on the debug console
        push    si
        mov     si, msg_ata_hd
        call    debug_puts
        pop     si
        mov     al, [es:EBDA_NATA]
        add     al, 80h - 1
        call    put_hex8_debug
        mov     al, ' '
        out     PORT_DEBUGCON, al
        call    ata_print_model
        ret

; ata_fill_fdpt: the IBM fixed disk parameter table of entry ES:SI (index
; CX) for drives 80h/81h: standard format, or the Phoenix translated format
; (signature A0h, physical geometry, checksum) when translated.
ata_fill_fdpt:
        cmp     cx, 2
        jae     .out
        push    di
        push    cx
        mov     di, EBDA_FDPT0
        jcxz    .z
        mov     di, EBDA_FDPT1
.z:     push    di
        mov     cx, 16
        xor     al, al
.c:     mov     [es:di], al
        inc     di
        loop    .c
        pop     di
        mov     ax, [es:si + ATA_E_CYLS]
        mov     [es:di+0], ax
        mov     al, [es:si + ATA_E_HEADS]
        mov     [es:di+2], al
        mov     word [es:di+5], 0FFFFh  ; no write precompensation
        mov     byte [es:di+8], 08h     ; more than 8 heads
        mov     ax, [es:si + ATA_E_CYLS]
        mov     [es:di+0Ch], ax         ; landing zone
        mov     al, [es:si + ATA_E_SPT]
        mov     [es:di+0Eh], al
        test    byte [es:si + ATA_E_FLAGS], 02h
        jz      .done
        mov     byte [es:di+3], 0A0h    ; translated table
        mov     al, [es:si + ATA_E_PSPT]
        mov     [es:di+4], al
        mov     ax, [es:si + ATA_E_PCYLS]
        mov     [es:di+9], ax           ; physical cylinders
        mov     al, [es:si + ATA_E_PHEADS]
        mov     [es:di+0Bh], al         ; physical heads
        xor     al, al
        mov     cx, 15
        push    di
.s:     add     al, [es:di]
        inc     di
        loop    .s
        pop     di
        neg     al
        mov     [es:di+0Fh], al
.done:  pop     cx
        pop     di
.out:   ret

; ata_fill_dpte: the EDD device parameter table extension of entry ES:SI
; (index CX).
ata_fill_dpte:
        push    di
        push    cx
        push    bx
        mov     di, cx
        shl     di, 4
        add     di, EBDA_DPTE
        mov     al, [es:si + ATA_E_DEV]
        call    ata_ports
        mov     [es:di+0], dx           ; command block base
        mov     [es:di+2], bx           ; control port
        mov     al, [es:si + ATA_E_DEV]
        and     al, 1
        shl     al, 4
        or      al, 0E0h                ; device register: LBA, DEV
        mov     [es:di+4], al
        mov     byte [es:di+5], 0
        mov     al, 14
        test    byte [es:si + ATA_E_DEV], 2
        jz      .irq
        mov     al, 15
.irq:   mov     [es:di+6], al
        mov     byte [es:di+7], 1       ; sectors per block
        mov     word [es:di+8], 0       ; DMA / PIO mode info
        mov     ax, 0010h               ; LBA enabled
        test    byte [es:si + ATA_E_FLAGS], 02h
        jz      .opt
        or      ax, 0208h               ; CHS translation, LBA-assisted
.opt:   mov     [es:di+0Ah], ax
        mov     word [es:di+0Ch], 0
        mov     byte [es:di+0Eh], 11h   ; revision 1.1
        xor     al, al
        mov     cx, 15
        push    di
.s:     add     al, [es:di]
        inc     di
        loop    .s
        pop     di
        neg     al
        mov     [es:di+0Fh], al
        pop     bx
        pop     cx
        pop     di
        ret

msg_ata_hd:     db "x86pc BIOS: ATA hard disk ", 0
msg_ata_cd:     db "x86pc BIOS: ATAPI CD-ROM, drive E0h: ", 0
