; int13.asm - INT 13h, the disk services entry: sends each call to the
; service for its drive number.
;
; Contract (IBM PC AT Technical Reference, "FIXED DISK BIOS" entry
; "DISK_IO"; Ralf Brown's Interrupt List INT 13h; El Torito Bootable
; CD-ROM Format Specification 1.0, section 5 "BIOS INT 13 Extensions"):
;  - DL 00h-7Fh: diskettes, served by INT 40h (the AT BIOS moves the
;    diskette service there when a fixed disk BIOS installs INT 13h; DOS and
;    others may hook INT 40h), unless El Torito floppy emulation maps the
;    boot CD's image to drive 00h (int13_cd.asm);
;  - DL 80h and up: the ATA hard disks (int13_ata.asm), the emulated hard
;    disk of an El Torito hard-disk emulation boot (which takes 80h and moves
;    the real disks up by one), and the CD-ROM itself (no emulation, EBDA
;    CD drive number, 2048-byte sectors through the EDD functions);
;  - AH=00h on a hard disk also resets the diskette controller.
; Returns as the selected service does: AH = status, CF = 1 on error.

int13_disk:
        sti
        push    ds
        push    ax
        push    EBDA_SEG
        pop     ds
        mov     al, [EBDA_CDEMU + CDEMU_ACTIVE]
        test    al, al
        jz      .noemu
        mov     al, [EBDA_CDEMU + CDEMU_DRIVE]
        cmp     al, dl
        je      .emu
        ; a hard-disk emulation shifts the real hard disks up by one
        test    al, al
        jz      .noemu
        cmp     dl, 80h
        jb      .noemu
        cmp     byte [EBDA_CDDRIVE], dl
        je      .noemu
        pop     ax
        pop     ds
        dec     dl
        call    int13_hd_call
        inc     dl
        retf    2
.emu:   pop     ax
        pop     ds
        jmp     int13_cdemu
.noemu: cmp     dl, 80h
        jb      .floppy
        cmp     byte [EBDA_CDDRIVE], dl
        je      .cd
        pop     ax
        pop     ds
        jmp     int13_harddisk
.cd:    pop     ax
        pop     ds
        jmp     int13_cdrom
.floppy:
        pop     ax
        pop     ds
        int     40h
        retf    2                       ; keep the flags INT 40h returned

; int13_hd_call: call the hard-disk service like an interrupt (for the
; drive-number shift of hard-disk emulation); returns its flags.
int13_hd_call:
        pushf
        push    cs
        call    int13_harddisk
        ret
