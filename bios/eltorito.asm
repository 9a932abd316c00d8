; eltorito.asm - booting from the ATAPI CD-ROM (INT 19h, boot code 3):
; the El Torito boot catalog and its initial entry.
;
; Contract ("El Torito" Bootable CD-ROM Format Specification 1.0, Phoenix
; Technologies and IBM, 1995: 2.0 Boot Record Volume Descriptor at sector
; 11h ("CD001", "EL TORITO SPECIFICATION", catalog pointer at 47h); 2.1
; validation entry (header 01h, platform, key 55h AAh, word checksum 0);
; 2.2 initial/default entry (88h bootable, media type 0 no emulation, 1-3
; 1.2/1.44/2.88 MB diskette, 4 hard disk; load segment, 0 = 07C0h; sector
; count in 512-byte virtual sectors; load RBA); 3.0 "BIOS boot process"):
;  - no emulation: the image is loaded to its load segment and run there
;    with DL = the CD-ROM's drive number (E0h), which then reads the disc
;    with the EDD functions (int13_cd.asm);
;  - diskette emulation: the image becomes drive 00h, its first sector is
;    loaded to 0000:7C00 and run with DL = 00h;
;  - hard-disk emulation: the image becomes drive 80h (the ATA disks move
;    up by one), the geometry is taken from its partition table, its
;    master boot record runs with DL = 80h.
; The emulation state lives in the EBDA (EBDA_CDEMU, the INT 13h AX=4B01h
; packet fields).

boot_cdrom:
        push    es
        push    EBDA_SEG
        pop     es
        cmp     byte [es:EBDA_CDDRIVE], 0
        je      .out
        mov     si, msg_boot_cd
        call    puts
        mov     al, [es:EBDA_CDDEV]
        call    atapi_ready
        jc      .nodisc
        ; Boot Record Volume Descriptor
        mov     edx, 11h
        call    cd_read_scratch
        jc      .readfail
        cmp     byte [es:EBDA_SCRATCH], 0
        jne     .notboot
        cmp     dword [es:EBDA_SCRATCH+1], 30304443h    ; "CD00"
        jne     .notboot
        cmp     dword [es:EBDA_SCRATCH+7], 54204C45h    ; "EL T"
        jne     .notboot
        mov     edx, [es:EBDA_SCRATCH+47h]
        call    cd_read_scratch
        jc      .readfail
        ; validation entry
        cmp     byte [es:EBDA_SCRATCH], 01h
        jne     .notboot
        cmp     word [es:EBDA_SCRATCH+1Eh], 0AA55h
        jne     .notboot
        xor     ax, ax
        mov     si, EBDA_SCRATCH
        mov     cx, 16
.sum:   add     ax, [es:si]
        add     si, 2
        loop    .sum
        test    ax, ax
        jnz     .notboot
        ; initial entry
        cmp     byte [es:EBDA_SCRATCH+20h], 88h
        jne     .notboot
        mov     al, [es:EBDA_SCRATCH+21h]
        and     al, 0Fh
        cmp     al, 4
        ja      .notboot
        mov     [es:EBDA_CDEMU + CDEMU_ACTIVE], al      ; 0 = no emulation
        mov     bx, [es:EBDA_SCRATCH+22h]
        test    bx, bx
        jnz     .seg
        mov     bx, 07C0h
.seg:   mov     [es:EBDA_CDEMU + CDEMU_LOADSEG], bx
        mov     cx, [es:EBDA_SCRATCH+26h]
        mov     [es:EBDA_CDEMU + CDEMU_COUNT], cx
        mov     edx, [es:EBDA_SCRATCH+28h]
        mov     [es:EBDA_CDEMU + CDEMU_LBA], edx
        test    al, al
        jz      .noemu
        ; ---- emulation: geometry, drive number ----
        mov     byte [es:EBDA_CDEMU + CDEMU_DRIVE], 00h
        mov     word [es:EBDA_CDEMU + CDEMU_HEADS], 2
        mov     word [es:EBDA_CDEMU + CDEMU_CYLS], 80
        mov     word [es:EBDA_CDEMU + CDEMU_SPT], 15
        cmp     al, 1
        je      .emuload
        mov     word [es:EBDA_CDEMU + CDEMU_SPT], 18
        cmp     al, 2
        je      .emuload
        mov     word [es:EBDA_CDEMU + CDEMU_SPT], 36
        cmp     al, 3
        je      .emuload
        ; hard disk: geometry from the image's first partition entry
        mov     byte [es:EBDA_CDEMU + CDEMU_DRIVE], 80h
        call    cd_read_scratch         ; EDX = image start: its MBR
        jc      .readfail
        movzx   ax, byte [es:EBDA_SCRATCH+1BEh+5]       ; end head
        inc     ax
        mov     [es:EBDA_CDEMU + CDEMU_HEADS], ax
        movzx   ax, byte [es:EBDA_SCRATCH+1BEh+6]
        and     al, 3Fh
        jz      .notboot
        mov     [es:EBDA_CDEMU + CDEMU_SPT], ax
        movzx   ax, byte [es:EBDA_SCRATCH+1BEh+6]       ; end cylinder
        shl     ax, 2
        mov     al, [es:EBDA_SCRATCH+1BEh+7]
        inc     ax
        mov     [es:EBDA_CDEMU + CDEMU_CYLS], ax
        push    ds
        push    BDA_SEG
        pop     ds
        inc     byte [BDA_HDCOUNT]
        pop     ds
.emuload:
        ; first virtual sector (the boot sector) to 0000:7C00
        mov     al, [es:EBDA_CDDEV]
        mov     edx, [es:EBDA_CDEMU + CDEMU_LBA]
        mov     cx, 1
        push    es
        mov     word [es:EBDA_ATAPI_SKIP], 0
        mov     word [es:EBDA_ATAPI_KEEP], 512
        push    0
        pop     es
        mov     di, 7C00h
        call    atapi_read
        pop     es
        jc      .readfail
        push    ds
        push    0
        pop     ds
        cmp     word [7DFEh], 0AA55h
        pop     ds
        jne     .nosig
        mov     dl, [es:EBDA_CDEMU + CDEMU_DRIVE]
        pop     es
        jmp     boot_jump
.noemu: ; ---- no emulation: COUNT virtual sectors to LOADSEG:0 ----
        mov     byte [es:EBDA_CDEMU + CDEMU_DRIVE], CD_DRIVE_NUMBER
        movzx   eax, cx
        test    ax, ax
        jnz     .c
        mov     ax, 4
.c:     shl     eax, 9                  ; bytes
        mov     [es:EBDA_ATAPI_KEEP], ax
        test    eax, 0FFFF0000h
        jnz     .notboot                ; more than 64 KiB: refuse
        add     ax, 2047
        shr     ax, 11
        mov     cx, ax                  ; 2048-byte blocks
        mov     word [es:EBDA_ATAPI_SKIP], 0
        mov     al, [es:EBDA_CDDEV]
        push    es
        mov     es, bx
        xor     di, di
        call    atapi_read
        pop     es
        jc      .readfail
        mov     dl, CD_DRIVE_NUMBER
        pop     es
        DBG     "x86pc BIOS: El Torito no-emulation image loaded"
        cli
        xor     ax, ax
        mov     ds, ax
        mov     ss, ax
        mov     sp, 7C00h
        mov     es, ax
        sti
        push    bx                      ; load segment
        push    word 0
        retf
.nodisc:
        mov     si, msg_nodisc
        call    puts
        jmp     .fail
.readfail:
        mov     si, msg_readfail
        call    puts
        jmp     .fail
.nosig:
.notboot:
        mov     si, msg_cd_notboot
        call    puts
.fail:  mov     byte [es:EBDA_CDEMU + CDEMU_ACTIVE], 0
.out:   pop     es
        ret

; cd_read_scratch: 2048-byte block EDX, first 512 bytes to the EBDA scratch
; (ES = EBDA). CF on error.
cd_read_scratch:
        push    ax
        push    cx
        push    di
        mov     word [es:EBDA_ATAPI_SKIP], 0
        mov     word [es:EBDA_ATAPI_KEEP], 512
        mov     al, [es:EBDA_CDDEV]
        mov     cx, 1
        mov     di, EBDA_SCRATCH
        call    atapi_read
        pop     di
        pop     cx
        pop     ax
        ret

msg_nodisc:     db "Boot failed: no disc in the CD-ROM drive", 10, 0
msg_cd_notboot: db "Boot failed: the CD is not bootable (no El Torito boot entry)", 10, 0
