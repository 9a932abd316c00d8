; int19.asm - INT 19h, bootstrap loader: loads the first sector of the boot
; devices in the CMOS boot order to 0000:7C00 and jumps to it.
;
; Contract (IBM PC AT Technical Reference, "BOOT_STRAP"; Ralf Brown's
; Interrupt List INT 19h and CMOS.LST registers 38h/3Dh as Bochs, QEMU and
; SeaBIOS use them; El Torito 1.0 for the CD-ROM, eltorito.asm):
;  - boot order: CMOS 3Dh bits 3-0 first, 7-4 second, 38h bits 7-4 third;
;    1 = diskette (drive 00h), 2 = hard disk (80h), 3 = CD-ROM; 0 = none.
;    CMOS 38h bit 0 set skips the 55AAh signature check on diskettes;
;  - diskette: INT 13h reset, then sector 0/0/1 read up to three times;
;    hard disk: the master boot record, which must end in 55h AAh;
;    CD-ROM: the El Torito boot catalog's initial entry (no emulation,
;    1.2/1.44/2.88 MB floppy or hard-disk emulation);
;  - the boot sector runs at 0000:7C00 with DL = boot drive, CS = DS = ES =
;    SS = 0, SP = 7C00h, interrupts enabled;
;  - when nothing boots, a message goes to the screen and the debug console
;    and INT 18h is called.

int19_boot:
        cli
        cld
        xor     ax, ax
        mov     ss, ax
        mov     sp, 7C00h
        mov     ds, ax
        mov     es, ax
        sti
        mov     al, CMOS_BOOT2
        call    cmos_read
        mov     bl, al
        mov     al, CMOS_BOOT1
        call    cmos_read
        mov     bh, al
        ; up to three boot devices: BL low, BL high, BH high nibbles
        mov     al, bl
        and     al, 0Fh
        call    boot_device
        mov     al, bl
        shr     al, 4
        call    boot_device
        mov     al, bh
        shr     al, 4
        call    boot_device
        mov     si, msg_noboot
        call    puts
        int     18h
        jmp     int19_boot

; boot_device: AL = CMOS boot code; returns only if it did not boot.
boot_device:
        cmp     al, 1
        je      boot_floppy
        cmp     al, 2
        je      boot_harddisk
        cmp     al, 3
        je      boot_cdrom
        ret

boot_floppy:
        push    bx
        xor     ax, ax
        mov     ds, ax
        push    BDA_SEG
        pop     es
        test    byte [es:BDA_EQUIP], 01h
        jz      .out
        mov     si, msg_boot_fd
        call    puts
        mov     cx, 3
.try:   push    cx
        xor     ax, ax                  ; reset
        xor     dx, dx
        int     13h
        mov     ax, 0201h
        mov     bx, 7C00h
        mov     cx, 0001h
        xor     dx, dx
        push    0
        pop     es
        int     13h
        pop     cx
        jnc     .read
        loop    .try
        mov     si, msg_readfail
        call    puts
        jmp     .out
.read:  mov     al, CMOS_BOOT1
        call    cmos_read
        test    al, 01h
        jnz     .go
        cmp     word [7DFEh], 0AA55h
        jne     .nosig
.go:    xor     dl, dl
        jmp     boot_jump
.nosig: mov     si, msg_nosig
        call    puts
.out:   pop     bx
        ret

boot_harddisk:
        push    bx
        xor     ax, ax
        mov     ds, ax
        push    BDA_SEG
        pop     es
        cmp     byte [es:BDA_HDCOUNT], 0
        je      .out
        mov     si, msg_boot_hd
        call    puts
        mov     cx, 2
.try:   push    cx
        xor     ax, ax
        mov     dx, 0080h
        int     13h
        mov     ax, 0201h
        mov     bx, 7C00h
        mov     cx, 0001h
        mov     dx, 0080h
        push    0
        pop     es
        int     13h
        pop     cx
        jnc     .read
        loop    .try
        mov     si, msg_readfail
        call    puts
        jmp     .out
.read:  cmp     word [7DFEh], 0AA55h
        jne     .nosig
        mov     dl, 80h
        jmp     boot_jump
.nosig: mov     si, msg_nosig
        call    puts
.out:   pop     bx
        ret

; boot_jump: DL = boot drive; run the loaded sector at 0000:7C00.
boot_jump:
        DBG     "x86pc BIOS: jumping to the boot sector at 0000:7C00"
        cli
        xor     ax, ax
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     sp, 7C00h
        xor     dh, dh
        xor     bx, bx
        xor     cx, cx
        xor     si, si
        xor     di, di
        xor     bp, bp
        sti
        jmp     0000h:7C00h

msg_boot_fd:    db "Booting from Floppy...", 10, 0
msg_boot_hd:    db "Booting from Hard Disk...", 10, 0
msg_boot_cd:    db "Booting from CD-ROM...", 10, 0
msg_readfail:   db "Boot failed: could not read the boot disk", 10, 0
msg_nosig:      db "Boot failed: not a bootable disk", 10, 0
msg_noboot:     db "No bootable device.", 10, 0
