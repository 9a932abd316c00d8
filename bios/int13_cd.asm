; int13_cd.asm - INT 13h for the CD-ROM: the El Torito emulated drive (a
; diskette or hard-disk image on the disc, drive 00h or 80h) and the
; CD-ROM itself (drive E0h, 2048-byte sectors, for no-emulation boot
; loaders such as ISOLINUX).
;
; Contract (El Torito 1.0, section 5 "BIOS INT 13 Extensions": AX=4B00h
; terminate emulation, AX=4B01h emulation status packet (13h bytes: size,
; media type, drive, controller, image LBA, device specification, user
; buffer, load segment, sector count, cylinders/sectors, heads); Ralf
; Brown's Interrupt List INT 13h; Phoenix EDD 3.0 for AH=41h/42h/48h):
;  emulated drive: 00h reset, 01h status, 02h read (512-byte virtual
;  sectors mapped onto the image's 2048-byte blocks), 03h/05h write/format
;  (03h: write protected), 04h verify, 08h geometry, 15h type, 16h no
;  change, 4Bh status/terminate;
;  CD drive E0h: 00h, 01h, 41h (EDD present), 42h extended read of
;  2048-byte blocks, 43h (write protected), 44h/47h, 48h parameters
;  (2048-byte sectors, removable), 4Bh status (no emulation).
; Status in AH with CF; 40:74 keeps the last one.

; ---- the emulated drive ----
int13_cdemu:
        sti
        cld
        SAVE_FRAME
        push    BDA_SEG
        pop     ds
        push    EBDA_SEG
        pop     es
        mov     ah, [F_AH]
        cmp     ah, 00h
        je      cd_ok
        cmp     ah, 01h
        je      cd_status
        cmp     ah, 02h
        je      cdemu_read
        cmp     ah, 03h
        je      cd_wprot
        cmp     ah, 05h
        je      cd_wprot
        cmp     ah, 04h
        je      cd_ok
        cmp     ah, 08h
        je      cdemu_params
        cmp     ah, 15h
        je      cdemu_type
        cmp     ah, 16h
        je      cd_ok
        cmp     ah, 4Bh
        je      cd_4b
        mov     ah, 01h
        jmp     cd_return

cd_wprot:
        mov     ah, 03h
        jmp     cd_return
cd_ok:  xor     ah, ah
cd_return:
        mov     [BDA_HDSTATUS], ah
        mov     [F_AH], ah
        CLEAR_CF
        test    ah, ah
        jz      .out
        SET_CF
.out:   RESTORE_FRAME
        iret
cd_status:
        mov     ah, [BDA_HDSTATUS]
        mov     [F_AL], ah
        jmp     cd_return

; AH=02h: AL sectors from CHS (CX, DH) of the emulated geometry to ES:BX.
cdemu_read:
        movzx   eax, byte [F_CL]
        and     al, 3Fh
        jz      .bad
        cmp     ax, [es:EBDA_CDEMU + CDEMU_SPT]
        ja      .bad
        movzx   ecx, byte [F_DH]
        cmp     cx, [es:EBDA_CDEMU + CDEMU_HEADS]
        jae     .bad
        movzx   ebx, byte [F_CL]
        shl     bx, 2
        mov     bl, [F_CH]
        and     bx, 3FFh
        cmp     bx, [es:EBDA_CDEMU + CDEMU_CYLS]
        jae     .bad
        dec     eax                     ; sector - 1
        push    eax
        movzx   eax, word [es:EBDA_CDEMU + CDEMU_HEADS]
        mul     ebx
        add     eax, ecx
        movzx   ecx, word [es:EBDA_CDEMU + CDEMU_SPT]
        mul     ecx
        pop     ecx
        add     eax, ecx                ; virtual (512-byte) LBA
        movzx   cx, byte [F_AL]
        jcxz    .bad
        mov     es, [F_ES]
        mov     di, [F_EBX]
        call    cdemu_read_lba
        jc      .err
        jmp     cd_return               ; AL (count) unchanged
.err:   mov     byte [F_AL], 0
        jmp     cd_return
.bad:   mov     byte [F_AL], 0
        mov     ah, 04h
        jmp     cd_return

; cdemu_read_lba: CX virtual sectors from virtual LBA EAX of the emulated
; image to ES:DI. AH = status, CF on error. Registers kept (AH aside).
cdemu_read_lba:
        push    fs
        push    es
        pushad
        push    EBDA_SEG
        pop     fs
.next:  test    cx, cx
        jz      .ok
        ; normalise ES:DI
        mov     bx, di
        shr     bx, 4
        mov     dx, es
        add     dx, bx
        mov     es, dx
        and     di, 0Fh
        mov     si, cx
        cmp     si, 60                  ; 30 KiB per command
        jbe     .n
        mov     si, 60
.n:     ; block and offset inside it
        mov     edx, eax
        shr     edx, 2
        add     edx, [fs:EBDA_CDEMU + CDEMU_LBA]
        mov     bx, ax
        and     bx, 3
        shl     bx, 9
        mov     [fs:EBDA_ATAPI_SKIP], bx
        push    cx
        mov     cx, si
        shl     cx, 9
        mov     [fs:EBDA_ATAPI_KEEP], cx
        add     cx, bx
        add     cx, 2047
        shr     cx, 11                  ; 2048-byte blocks
        push    eax
        mov     al, [fs:EBDA_CDDEV]
        call    atapi_read
        pop     eax
        pop     cx
        jc      .err
        movzx   ebx, si
        add     eax, ebx
        sub     cx, si
        shl     si, 9
        add     di, si
        jmp     .next
.ok:    popad
        pop     es
        pop     fs
        xor     ah, ah
        clc
        ret
.err:   mov     [esp+29], ah            ; the saved EAX's AH (pushad frame)
        popad
        pop     es
        pop     fs
        stc
        ret

; AH=08h: the emulated geometry.
cdemu_params:
        mov     ax, [es:EBDA_CDEMU + CDEMU_CYLS]
        dec     ax
        mov     [F_CH], al
        shl     ah, 6
        mov     cl, [es:EBDA_CDEMU + CDEMU_SPT]
        or      cl, ah
        mov     [F_CL], cl
        mov     al, [es:EBDA_CDEMU + CDEMU_HEADS]
        dec     al
        mov     [F_DH], al
        mov     byte [F_AL], 0
        cmp     byte [es:EBDA_CDEMU + CDEMU_ACTIVE], 4
        je      .hd
        mov     al, [es:EBDA_CDEMU + CDEMU_ACTIVE]
        mov     bl, 2                   ; 1.2 MB drive
        mov     di, dpt_1200k
        cmp     al, 1
        je      .t
        mov     bl, 4                   ; 1.44 MB
        mov     di, diskette_param_table
        cmp     al, 2
        je      .t
        mov     bl, 5                   ; 2.88 MB
        mov     di, dpt_2880k
.t:     mov     [F_BL], bl
        mov     [F_EDI], di
        mov     word [F_ES], BIOS_SEG
        call    fd_count_drives
        test    al, al
        jnz     .c
        inc     al
.c:     mov     [F_DL], al
        jmp     cd_ok
.hd:    mov     al, [BDA_HDCOUNT]
        mov     [F_DL], al
        mov     byte [F_BL], 0
        jmp     cd_ok

; AH=15h: diskette with change line, or hard disk with its size.
cdemu_type:
        cmp     byte [es:EBDA_CDEMU + CDEMU_ACTIVE], 4
        je      .hd
        mov     byte [F_AH], 02h
        jmp     .out
.hd:    movzx   eax, word [es:EBDA_CDEMU + CDEMU_CYLS]
        movzx   ecx, word [es:EBDA_CDEMU + CDEMU_HEADS]
        mul     ecx
        movzx   ecx, word [es:EBDA_CDEMU + CDEMU_SPT]
        mul     ecx
        mov     [F_EDX], ax
        shr     eax, 16
        mov     [F_ECX], ax
        mov     byte [F_AH], 03h
.out:   CLEAR_CF
        RESTORE_FRAME
        iret

; AH=4Bh: AL=00h terminate emulation, AL=01h status, packet at DS:SI.
cd_4b:
        mov     al, [F_AL]
        cmp     al, 01h
        ja      .bad
        mov     fs, [F_DS]
        mov     di, [F_ESI]
        mov     byte [fs:di], 13h
        mov     al, [es:EBDA_CDEMU + CDEMU_ACTIVE]
        mov     [fs:di+1], al
        mov     al, [es:EBDA_CDEMU + CDEMU_DRIVE]
        test    al, al
        jnz     .drv
        cmp     byte [es:EBDA_CDEMU + CDEMU_ACTIVE], 0
        jne     .drv
        mov     al, [es:EBDA_CDDRIVE]
.drv:   mov     [fs:di+2], al
        mov     al, [es:EBDA_CDDEV]
        mov     ah, al
        shr     al, 1
        mov     [fs:di+3], al           ; controller (channel)
        mov     eax, [es:EBDA_CDEMU + CDEMU_LBA]
        mov     [fs:di+4], eax
        and     ah, 1
        movzx   ax, ah
        mov     al, [es:EBDA_CDDEV]
        and     ax, 1                   ; device: master 0 / slave 1
        mov     [fs:di+8], ax
        mov     word [fs:di+0Ah], 0
        mov     ax, [es:EBDA_CDEMU + CDEMU_LOADSEG]
        mov     [fs:di+0Ch], ax
        mov     ax, [es:EBDA_CDEMU + CDEMU_COUNT]
        mov     [fs:di+0Eh], ax
        mov     ax, [es:EBDA_CDEMU + CDEMU_CYLS]
        dec     ax
        mov     [fs:di+10h], al
        shl     ah, 6
        or      ah, [es:EBDA_CDEMU + CDEMU_SPT]
        mov     [fs:di+11h], ah
        mov     al, [es:EBDA_CDEMU + CDEMU_HEADS]
        dec     al
        mov     [fs:di+12h], al
        cmp     byte [F_AL], 00h
        jne     .ok
        ; terminate: the image drive goes away
        cmp     byte [es:EBDA_CDEMU + CDEMU_ACTIVE], 4
        jne     .t
        dec     byte [BDA_HDCOUNT]
.t:     mov     byte [es:EBDA_CDEMU + CDEMU_ACTIVE], 0
.ok:    jmp     cd_ok
.bad:   mov     ah, 01h
        jmp     cd_return

; ---- the CD-ROM drive itself (no emulation) ----
int13_cdrom:
        sti
        cld
        SAVE_FRAME
        push    BDA_SEG
        pop     ds
        push    EBDA_SEG
        pop     es
        mov     ah, [F_AH]
        cmp     ah, 00h
        je      cd_ok
        cmp     ah, 01h
        je      cd_status
        cmp     ah, 41h
        je      cd_edd_check
        cmp     ah, 42h
        je      cd_ext_read
        cmp     ah, 43h
        je      cd_wprot
        cmp     ah, 44h
        je      cd_ok
        cmp     ah, 47h
        je      cd_ok
        cmp     ah, 48h
        je      cd_ext_params
        cmp     ah, 4Bh
        je      cd_4b
        cmp     ah, 15h
        je      .type
        mov     ah, 01h
        jmp     cd_return
.type:  mov     byte [F_AH], 02h
        CLEAR_CF
        RESTORE_FRAME
        iret

cd_edd_check:
        cmp     word [F_EBX], 55AAh
        jne     .no
        mov     word [F_EBX], 0AA55h
        mov     word [F_ECX], 0001h     ; packet functions
        mov     byte [F_AH], 30h
        CLEAR_CF
        RESTORE_FRAME
        iret
.no:    mov     ah, 01h
        jmp     cd_return

; AH=42h: 2048-byte blocks, packet at DS:SI.
cd_ext_read:
        mov     fs, [F_DS]
        mov     si, [F_ESI]
        cmp     byte [fs:si], 10h
        jb      .bad
        mov     cx, [fs:si+2]
        mov     word [fs:si+2], 0
        mov     di, [fs:si+4]
        mov     bx, [fs:si+6]
        mov     edx, [fs:si+8]
        cmp     dword [fs:si+12], 0
        jne     .bad
        mov     word [es:EBDA_ATAPI_SKIP], 0
        mov     word [es:EBDA_ATAPI_KEEP], 0
.next:  jcxz    .ok
        ; normalise BX:DI
        mov     ax, di
        shr     ax, 4
        add     bx, ax
        and     di, 0Fh
        push    cx
        cmp     cx, 16                  ; 32 KiB per command
        jbe     .n
        mov     cx, 16
.n:     mov     al, [es:EBDA_CDDEV]
        push    es
        mov     es, bx
        call    atapi_read
        pop     es
        jc      .err
        mov     ax, cx                  ; blocks done in this command
        pop     cx
        add     [fs:si+2], ax
        sub     cx, ax
        movzx   eax, ax
        add     edx, eax
        shl     ax, 11
        add     di, ax
        jmp     .next
.ok:    jmp     cd_ok
.err:   pop     cx                      ; (AH = status from atapi_read)
        jmp     cd_return
.bad:   mov     ah, 01h
        jmp     cd_return

; AH=48h: removable drive, 2048-byte sectors.
cd_ext_params:
        mov     fs, [F_DS]
        mov     di, [F_ESI]
        cmp     word [fs:di], 1Ah
        jb      .bad
        mov     word [fs:di], 1Ah
        mov     word [fs:di+2], 0074h   ; removable, change line, lockable
        xor     eax, eax
        mov     [fs:di+4], eax
        mov     [fs:di+8], eax
        mov     [fs:di+0Ch], eax
        dec     eax
        mov     [fs:di+10h], eax        ; sector count unknown
        mov     [fs:di+14h], eax
        mov     word [fs:di+18h], 2048
        jmp     cd_ok
.bad:   mov     ah, 01h
        jmp     cd_return
