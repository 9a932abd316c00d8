; int13_floppy.asm - INT 40h (INT 13h for DL < 80h): diskette services on
; the Intel 82077AA floppy controller with 8237A DMA channel 2 and IRQ6
; (INT 0Eh), plus the POST initialisation of the controller.
;
; Contract (IBM PC AT Technical Reference, "DISKETTE_IO_1"; Ralf Brown's
; Interrupt List INT 13h functions 00h-05h, 08h, 15h-18h):
;  AH=00h reset the controller and recalibrate on next use; AH=01h status
;  of the last operation; AH=02h read / 03h write / 04h verify AL sectors
;  from cylinder CH (bits 8-9 in CL bits 6-7), sector CL bits 0-5, head DH,
;  drive DL, buffer ES:BX (returns AL = sectors done); AH=05h format the
;  track CH/DH with the ES:BX list of C,H,R,N address fields; AH=08h drive
;  parameters (BL = CMOS type, CH/CL/DH = maximum cylinder/sector/head,
;  DL = drives, ES:DI = diskette parameter table); AH=15h drive type (01h
;  no change line, 02h change line); AH=16h change line status (06h =
;  changed); AH=17h/18h set the media type for FORMAT.
;  Status codes: 00h ok, 01h bad command, 02h address mark not found, 03h
;  write protected, 04h sector not found, 06h media changed, 08h DMA
;  overrun, 09h DMA across a 64 KiB boundary, 0Ch media type not found,
;  10h CRC error, 20h controller failure, 40h seek failed, 80h time-out.
;  AH = status and CF = (status != 0); 40:41 keeps it.
;
; How the hardware is driven (Intel 82077AA data sheet: DOR, MSR, CCR,
; DIR; commands READ DATA E6h, WRITE DATA C5h, VERIFY F6h with EC, FORMAT
; TRACK 4Dh, RECALIBRATE 07h, SEEK 0Fh, SENSE INTERRUPT 08h, SPECIFY 03h;
; Intel 8237A data sheet: mode 46h = single, write to memory, channel 2):
;  - the motor is switched on through the DOR and left on for the INT 1Eh
;    table's motor-off delay (INT 08h switches it off); a write or format
;    waits the table's motor start time first, a read does not (a read of a
;    drive still spinning up fails and the caller retries, as DOS does);
;  - the media is found on first use after a change or an error by
;    verifying the last sector of track 0 at each format the drive type
;    accepts (1.44 MB drive: 18 then 9 sectors per track; 2.88 MB: 36, 18,
;    9; 1.2 MB: 15; 720 KB and 360 KB: 9), which also sets the data rate
;    (CCR) and the media state byte 40:90/91. A 360 KB disk in a 1.2 MB
;    drive (double stepping) is not supported;
;  - every command's completion is awaited as IRQ6 (40:3E bit 7, set by
;    INT 0Eh), with a 2 s time-out on the tick count;
;  - a changed disk (DIR bit 7) is noted for AH=16h and makes the media be
;    found again; seeking clears the drive's change line.

%define FD_TIMEOUT_TICKS 37             ; 2 s

int0e_floppy:
        push    ds
        push    ax
        push    BDA_SEG
        pop     ds
        or      byte [BDA_FDRECAL], 80h
        mov     al, 20h
        out     PORT_PIC1, al
        pop     ax
        pop     ds
        iret

int40_floppy:
        sti
        cld
        SAVE_FRAME
        push    BDA_SEG
        pop     ds
        mov     al, [F_AH]
        cmp     al, 00h
        je      fd_fn_reset
        cmp     al, 01h
        je      fd_fn_status
        cmp     al, 05h
        jbe     fd_fn_rwvf
        cmp     al, 08h
        je      fd_fn_params
        cmp     al, 15h
        je      fd_fn_type
        cmp     al, 16h
        je      fd_fn_change
        cmp     al, 17h
        je      fd_fn_setdasd
        cmp     al, 18h
        je      fd_fn_setmedia
        mov     ah, 01h
        jmp     fd_return

; fd_return: AH = status -> 40:41, caller's AH, CF.
fd_return:
        mov     [BDA_FDSTATUS], ah
fd_return_nostore:
        mov     [F_AH], ah
        CLEAR_CF
        test    ah, ah
        jz      .out
        SET_CF
.out:   RESTORE_FRAME
        iret

fd_fn_status:
        mov     ah, [BDA_FDSTATUS]
        mov     [F_AL], ah
        jmp     fd_return_nostore

fd_fn_reset:
        call    fdc_reset
        jmp     fd_return

; fd_drive_type: AL = drive -> AL = CMOS type (0 = no drive).
fd_drive_type:
        cmp     al, 1
        ja      .none
        push    ds
        push    EBDA_SEG
        pop     ds
        push    bx
        mov     bl, [EBDA_FDTYPES]
        test    al, al
        jnz     .b
        shr     bl, 4
.b:     and     bl, 0Fh
        mov     al, bl
        pop     bx
        pop     ds
        ret
.none:  xor     al, al
        ret

; fd_get_dpt: ES:SI = the current diskette parameter table (INT 1Eh).
fd_get_dpt:
        push    ax
        xor     ax, ax
        mov     es, ax
        les     si, [es:1Eh*4]
        pop     ax
        ret

; fd_dpt_byte: AL = index -> AL = byte of the INT 1Eh table.
fd_dpt_byte:
        push    es
        push    si
        push    bx
        call    fd_get_dpt
        movzx   bx, al
        mov     al, [es:si+bx]
        pop     bx
        pop     si
        pop     es
        ret

; ---- controller primitives (DS = 40h) ----

; fdc_send: AL = byte for the FIFO once MSR says RQM=1, DIO=0. CF on time-out.
fdc_send:
        push    cx
        push    dx
        push    ax
        mov     dx, PORT_FDC + 4
        mov     cx, 0FFFFh
.w:     in      al, dx
        and     al, 0C0h
        cmp     al, 80h
        je      .go
        loop    .w
        pop     ax
        pop     dx
        pop     cx
        stc
        ret
.go:    pop     ax
        inc     dx
        out     dx, al
        pop     dx
        pop     cx
        clc
        ret

; fdc_results: read the result phase (up to 7 bytes) into 40:42. CF on time-out.
fdc_results:
        push    cx
        push    dx
        push    di
        push    ax
        mov     di, BDA_FDRESULT
        mov     dx, PORT_FDC + 4
.byte:  mov     cx, 0FFFFh
.w:     in      al, dx
        test    al, 80h
        jnz     .rqm
        loop    .w
        stc
        jmp     .out
.rqm:   test    al, 40h                 ; DIO = 0: result phase over
        jz      .done
        inc     dx
        in      al, dx
        dec     dx
        cmp     di, BDA_FDRESULT + 7
        jae     .byte
        mov     [di], al
        inc     di
        jmp     .byte
.done:  clc
.out:   pop     ax
        pop     di
        pop     dx
        pop     cx
        ret

; fdc_wait_irq: wait for INT 0Eh (40:3E bit 7), then clear it. CF on time-out.
fdc_wait_irq:
        push    ax
        push    cx
        mov     cx, [BDA_TICKS]
.l:     cli
        test    byte [BDA_FDRECAL], 80h
        jnz     .ok
        mov     ax, [BDA_TICKS]
        sub     ax, cx
        cmp     ax, FD_TIMEOUT_TICKS
        ja      .tmo
        sti
        hlt
        jmp     .l
.ok:    and     byte [BDA_FDRECAL], 7Fh
        sti
        pop     cx
        pop     ax
        clc
        ret
.tmo:   sti
        pop     cx
        pop     ax
        stc
        ret

; fdc_sense_int: SENSE INTERRUPT STATUS -> ST0 at 40:42, PCN at 40:43.
fdc_sense_int:
        mov     al, 08h
        call    fdc_send
        jc      .out
        call    fdc_results
.out:   ret

; fdc_dor: write the DOR for drive AL selected: motors from 40:3F, controller
; enabled (nRESET), DMA and interrupt gate on.
fdc_dor:
        push    ax
        push    dx
        and     al, 03h
        mov     ah, [BDA_FDMOTOR]
        shl     ah, 4
        or      al, ah
        or      al, 0Ch
        mov     dx, PORT_FDC + 2
        out     dx, al
        pop     dx
        pop     ax
        ret

; fdc_reset: pulse the controller's reset through the DOR, take the four
; drive-polling interrupts, SPECIFY from the INT 1Eh table, and mark every
; drive uncalibrated. AH = status.
fdc_reset:
        push    cx
        push    dx
        and     byte [BDA_FDRECAL], 70h
        mov     al, [BDA_FDMOTOR]
        shl     al, 4
        or      al, 08h                 ; nRESET = 0
        mov     dx, PORT_FDC + 2
        cli
        out     dx, al
        call    io_delay
        or      al, 04h
        out     dx, al
        sti
        call    fdc_wait_irq
        jc      .tmo
        mov     cx, 4
.sense: call    fdc_sense_int
        jc      .fail
        loop    .sense
        call    fdc_specify
        jc      .fail
        xor     ah, ah
        jmp     .out
.tmo:   mov     ah, 80h
        jmp     .out
.fail:  mov     ah, 20h
.out:   pop     dx
        pop     cx
        ret

; fdc_specify: SPECIFY with the INT 1Eh table's bytes 0 and 1.
fdc_specify:
        mov     al, 03h
        call    fdc_send
        jc      .out
        xor     al, al
        call    fd_dpt_byte
        call    fdc_send
        jc      .out
        mov     al, 1
        call    fd_dpt_byte
        call    fdc_send
.out:   ret

; fdc_recal: RECALIBRATE drive AL (twice if the first stops short: the
; 82077AA gives up after 79 steps). AH = status.
fdc_recal:
        push    bx
        mov     bl, al
        mov     bh, 2
.again: mov     al, 07h
        call    fdc_send
        jc      .fail
        mov     al, bl
        call    fdc_send
        jc      .fail
        call    fdc_wait_irq
        jc      .tmo
        call    fdc_sense_int
        jc      .fail
        mov     al, [BDA_FDRESULT]
        and     al, 0F0h
        cmp     al, 20h                 ; seek end, normal
        je      .ok
        dec     bh
        jnz     .again
        mov     ah, 40h
        jmp     .out
.ok:    movzx   bx, bl
        mov     byte [BDA_FDCYL + bx], 0
        mov     cl, bl
        mov     al, 1
        shl     al, cl
        or      [BDA_FDRECAL], al
        xor     ah, ah
        jmp     .out
.tmo:   mov     ah, 80h
        jmp     .out
.fail:  mov     ah, 20h
.out:   pop     bx
        ret

; fdc_seek: drive AL, cylinder CH, head DH. Recalibrates first if needed.
; AH = status.
fdc_seek:
        push    bx
        push    cx
        movzx   bx, al
        mov     cl, bl
        mov     ah, 1
        shl     ah, cl
        test    [BDA_FDRECAL], ah
        jnz     .cal
        call    fdc_recal
        test    ah, ah
        jnz     .out
        mov     al, bl
.cal:   pop     cx
        push    cx
        cmp     [BDA_FDCYL + bx], ch
        je      .ok
        mov     al, 0Fh
        call    fdc_send
        jc      .fail
        mov     al, dh
        and     al, 1
        shl     al, 2
        or      al, bl
        call    fdc_send
        jc      .fail
        mov     al, ch
        call    fdc_send
        jc      .fail
        call    fdc_wait_irq
        jc      .tmo
        call    fdc_sense_int
        jc      .fail
        mov     al, [BDA_FDRESULT]
        and     al, 0E0h
        cmp     al, 20h
        jne     .seekerr
        mov     al, [BDA_FDRESULT+1]
        cmp     al, ch
        jne     .seekerr
        mov     [BDA_FDCYL + bx], al
.ok:    xor     ah, ah
        jmp     .out
.seekerr:
        mov     ah, 40h
        jmp     .out
.tmo:   mov     ah, 80h
        jmp     .out
.fail:  mov     ah, 20h
.out:   mov     al, bl
        pop     cx
        pop     bx
        ret

; fd_motor_on: drive AL selected and its motor on; the motor-off count held
; at FFh while the operation runs. BL = 1: a write (wait the motor start
; time if the motor was off).
fd_motor_on:
        push    ax
        push    cx
        mov     byte [BDA_FDMOTORCNT], 0FFh
        mov     cl, al
        mov     ah, 1
        shl     ah, cl
        test    [BDA_FDMOTOR], ah
        jnz     .on
        and     byte [BDA_FDMOTOR], 0F0h
        or      [BDA_FDMOTOR], ah
        call    fdc_dor
        test    bl, bl
        jz      .out
        mov     al, 10                  ; motor start time, 1/8 s units
        call    fd_dpt_byte
        movzx   cx, al
        imul    cx, 125
        add     cx, 54
        push    ax
        push    dx
        mov     ax, cx
        xor     dx, dx
        mov     cx, 55
        div     cx
        mov     cx, ax
        pop     dx
        pop     ax
        call    wait_ticks
        jmp     .out
.on:    call    fdc_dor
.out:   pop     cx
        pop     ax
        ret

; fd_motor_release: start the motor-off count (INT 1Eh byte 2).
fd_motor_release:
        push    ax
        mov     al, 2
        call    fd_dpt_byte
        mov     [BDA_FDMOTORCNT], al
        pop     ax
        ret

; fd_set_rate: data rate from the media state byte of drive AL to the CCR.
fd_set_rate:
        push    ax
        push    bx
        push    dx
        movzx   bx, al
        mov     al, [BDA_FDMEDIA + bx]
        shr     al, 6
        mov     dx, PORT_FDC + 7
        out     dx, al
        mov     ah, [BDA_FDMEDIA + bx]
        and     ah, 0C0h
        mov     [BDA_FDRATE], ah
        pop     dx
        pop     bx
        pop     ax
        ret

; Formats a drive type accepts, most dense first:
; drive type, sectors per track, max cylinder, media state (rate | 10h
; established | 40:90 media code).
fd_formats:
        db      1,  9, 39, 93h          ; 360 KB (250 kbps)
        db      2, 15, 79, 15h          ; 1.2 MB (500 kbps)
        db      3,  9, 79, 97h          ; 720 KB (250 kbps)
        db      4, 18, 79, 17h          ; 1.44 MB (500 kbps)
        db      4,  9, 79, 97h          ; 720 KB in a 1.44 MB drive
        db      5, 36, 79, 0D7h         ; 2.88 MB (1 Mbps)
        db      5, 18, 79, 17h
        db      5,  9, 79, 97h
        db      0

; fd_drive_format: drive AL -> BX = its entry in fd_formats for the
; established media, or the drive type's first entry (CF = 1 if none).
fd_drive_format:
        push    ax
        push    cx
        push    di
        movzx   di, al
        call    fd_drive_type
        mov     cl, al
        mov     bx, fd_formats
.l:     mov     al, [cs:bx]
        test    al, al
        jz      .none
        cmp     al, cl
        jne     .n
        push    es
        push    EBDA_SEG
        pop     es
        mov     al, [es:EBDA_FDSPT + di]
        pop     es
        test    al, al                  ; nothing established: the first entry
        jz      .ok
        cmp     al, [cs:bx+1]
        je      .ok
.n:     add     bx, 4
        jmp     .l
.none:  stc
        jmp     .out
.ok:    clc
.out:   pop     di
        pop     cx
        pop     ax
        ret

; fd_establish: drive AL: make sure the media format is known (see above).
; AH = status (0Ch when no format matched, 80h when the drive is empty).
fd_establish:
        push    bx
        push    cx
        push    dx
        push    di
        push    es
        movzx   di, al
        test    byte [BDA_FDMEDIA + di], 10h
        jnz     .ok
        push    EBDA_SEG
        pop     es
        mov     cl, al
        call    fd_drive_type
        mov     ch, al                  ; CH = drive type
        mov     al, cl
        mov     bx, fd_formats
.try:   mov     ah, [cs:bx]
        test    ah, ah
        jz      .none
        cmp     ah, ch
        jne     .next
        mov     ah, [cs:bx+3]
        mov     [BDA_FDMEDIA + di], ah
        call    fd_set_rate
        push    cx
        xor     ch, ch                  ; cylinder 0, head 0
        xor     dh, dh
        call    fdc_seek
        pop     cx
        test    ah, ah
        jnz     .fail
        ; VERIFY (EC = 1: count 1) of the last sector of the format
        mov     al, 0F6h
        call    fdc_send
        jc      .ctrl
        mov     ax, di
        or      al, 80h                 ; EC, head 0, drive
        call    fdc_send
        jc      .ctrl
        xor     al, al                  ; C
        call    fdc_send
        jc      .ctrl
        call    fdc_send                ; H
        jc      .ctrl
        mov     al, [cs:bx+1]           ; R = sectors per track
        call    fdc_send
        jc      .ctrl
        mov     al, 2                   ; N = 512 bytes
        call    fdc_send
        jc      .ctrl
        mov     al, [cs:bx+1]           ; EOT
        call    fdc_send
        jc      .ctrl
        mov     al, 1Bh                 ; GPL
        call    fdc_send
        jc      .ctrl
        mov     al, 1                   ; SC = 1 sector
        call    fdc_send
        jc      .ctrl
        call    fdc_wait_irq
        jc      .tmo
        call    fdc_results
        jc      .ctrl
        mov     ax, di
        test    byte [BDA_FDRESULT], 0C0h
        jz      .found
        test    byte [BDA_FDRESULT+1], 01h   ; missing address mark: no media
        jz      .next
        mov     byte [BDA_FDMEDIA + di], 0
        mov     ah, 80h
        jmp     .out
.next:  add     bx, 4
        jmp     .try
.found: mov     al, [cs:bx+1]
        mov     [es:EBDA_FDSPT + di], al
        mov     ax, di
.ok:    xor     ah, ah
        jmp     .out
.none:  mov     byte [BDA_FDMEDIA + di], 0
        mov     ah, 0Ch
        jmp     .out
.tmo:   mov     ah, 80h
        jmp     .fail
.ctrl:  mov     ah, 20h
.fail:  mov     byte [BDA_FDMEDIA + di], 0
.out:   push    ax                      ; AL = drive again, AH = status
        mov     ax, di
        mov     dl, al
        pop     ax
        mov     al, dl
        pop     es
        pop     di
        pop     dx
        pop     cx
        pop     bx
        ret

; fd_prepare: the common start of AH=02h-05h: motor on and drive selected,
; change line looked at, media established, data rate set. AL = drive,
; BL = 1 for write/format. AH = status.
fd_prepare:
        push    cx
        push    dx
        push    di
        call    fd_motor_on
        movzx   di, al
        mov     dx, PORT_FDC + 7
        in      al, dx
        test    al, 80h
        mov     ax, di
        jz      .nochange
        ; the disk was changed: note it for AH=16h, forget the media, and
        ; step (recalibrate, seek 1) so the drive clears its change line
        push    es
        push    EBDA_SEG
        pop     es
        mov     cl, al
        mov     ah, 1
        shl     ah, cl
        or      [es:EBDA_FDCHANGE], ah
        mov     byte [es:EBDA_FDSPT + di], 0
        pop     es
        mov     byte [BDA_FDMEDIA + di], 0
        mov     cl, al
        mov     ah, 1
        shl     ah, cl
        not     ah
        and     [BDA_FDRECAL], ah
        mov     ch, 1
        xor     dh, dh
        call    fdc_seek
        test    ah, ah
        jnz     .out
.nochange:
        call    fd_establish
        test    ah, ah
        jnz     .out
        call    fd_set_rate
.out:   pop     di
        pop     dx
        pop     cx
        ret

; fd_st_to_status: the result bytes at 40:42 -> AH = INT 13h status.
fd_st_to_status:
        mov     al, [BDA_FDRESULT]
        xor     ah, ah
        test    al, 0C0h
        jz      .out
        mov     ah, 80h
        test    al, 08h                 ; ST0 NR: not ready
        jnz     .out
        mov     al, [BDA_FDRESULT+1]    ; ST1
        mov     ah, 03h
        test    al, 02h                 ; NW
        jnz     .out
        mov     ah, 10h
        test    al, 20h                 ; DE
        jnz     .out
        mov     ah, 08h
        test    al, 10h                 ; OR
        jnz     .out
        mov     ah, 04h
        test    al, 84h                 ; ND, EN
        jnz     .out
        mov     ah, 02h
        test    al, 01h                 ; MA
        jnz     .out
        mov     ah, 04h
        test    byte [BDA_FDRESULT+2], 12h  ; ST2 WC, BC: wrong cylinder
        jnz     .out
        mov     ah, 10h
        test    byte [BDA_FDRESULT+2], 20h  ; ST2 DD
        jnz     .out
        mov     ah, 20h
.out:   ret

; fd_dma_setup: channel 2 for CX bytes at ES:BX, mode AL (46h write to
; memory, 4Ah read from memory). AH = 09h if the buffer crosses a 64 KiB
; page (the 8237A's address counter does not carry into the page register),
; else 0.
fd_dma_setup:
        push    bx
        push    cx
        push    dx
        push    eax
        mov     dl, al                  ; mode
        mov     ax, es
        movzx   eax, ax
        shl     eax, 4
        movzx   ebx, bx
        add     ebx, eax                ; linear address
        dec     cx
        mov     ax, bx
        add     ax, cx
        jc      .boundary
        cli
        mov     al, 06h                 ; mask channel 2
        out     0Ah, al
        out     0Ch, al                 ; clear the byte pointer flip-flop
        mov     al, dl
        out     0Bh, al
        mov     al, bl
        out     04h, al
        mov     al, bh
        out     04h, al
        shr     ebx, 16
        mov     al, bl
        out     81h, al                 ; page
        out     0Ch, al
        mov     al, cl
        out     05h, al
        mov     al, ch
        out     05h, al
        mov     al, 02h                 ; unmask channel 2
        out     0Ah, al
        sti
        pop     eax
        xor     ah, ah
        jmp     .out
.boundary:
        pop     eax
        mov     ah, 09h
.out:   pop     dx
        pop     cx
        pop     bx
        ret

fd_fn_rwvf:
        mov     al, [F_DL]
        call    fd_drive_type
        test    al, al
        jnz     .drive
        mov     ah, 01h
        jmp     fd_return
.drive: cmp     byte [F_AH], 05h
        je      fd_format
        jmp     fd_rwv_body

; ---- AH=02h/03h/04h ----
fd_rwv_body:
        mov     eax, [F_EAX]
        test    al, al                  ; sector count
        jz      .badparm
        mov     cl, [F_CL]
        and     cl, 3Fh
        jz      .badparm
        xor     bl, bl
        cmp     ah, 03h
        jne     .prep
        inc     bl
.prep:  mov     al, [F_DL]
        call    fd_prepare
        test    ah, ah
        jnz     .done
        mov     ch, [F_CH]
        mov     dh, [F_DH]
        call    fdc_seek
        test    ah, ah
        jnz     .done
        cmp     byte [F_AH], 04h
        je      .verify
        ; DMA: count * 512 bytes at ES:BX
        movzx   cx, byte [F_AL]
        shl     cx, 9
        jnz     .cnt
        mov     ah, 01h                 ; 128 sectors: over 64 KiB
        jmp     .done
.cnt:   mov     al, 46h                 ; read: the controller writes memory
        cmp     byte [F_AH], 03h
        jne     .dma
        mov     al, 4Ah
.dma:   mov     es, [F_ES]
        mov     bx, [F_EBX]
        call    fd_dma_setup
        test    ah, ah
        jnz     .done
        mov     al, 0E6h                ; READ DATA: MT MFM SK
        cmp     byte [F_AH], 03h
        jne     .cmd
        mov     al, 0C5h                ; WRITE DATA: MT MFM
        jmp     .cmd
.verify:
        mov     al, 0F6h                ; VERIFY: MT MFM SK (EC in byte 1)
.cmd:   mov     bh, al
        call    fdc_send
        jc      .ctrl
        mov     al, [F_DH]
        and     al, 1
        shl     al, 2
        or      al, [F_DL]
        cmp     bh, 0F6h
        jne     .b1
        or      al, 80h                 ; EC: byte 8 counts sectors
.b1:    call    fdc_send
        jc      .ctrl
        mov     al, [F_CH]
        call    fdc_send                ; C
        jc      .ctrl
        mov     al, [F_DH]
        call    fdc_send                ; H
        jc      .ctrl
        mov     al, [F_CL]
        and     al, 3Fh
        call    fdc_send                ; R
        jc      .ctrl
        mov     al, 3
        call    fd_dpt_byte
        call    fdc_send                ; N
        jc      .ctrl
        mov     al, [F_DL]
        push    bx
        call    fd_drive_format
        mov     al, [cs:bx+1]           ; EOT = sectors per track
        pop     bx
        call    fdc_send
        jc      .ctrl
        mov     al, 5
        call    fd_dpt_byte
        call    fdc_send                ; GPL
        jc      .ctrl
        mov     al, 6
        call    fd_dpt_byte             ; DTL
        cmp     bh, 0F6h
        jne     .b8
        mov     al, [F_AL]              ; VERIFY with EC: sector count
.b8:    call    fdc_send
        jc      .ctrl
        call    fdc_wait_irq
        jc      .tmo
        call    fdc_results
        jc      .ctrl
        call    fd_st_to_status
        test    ah, ah
        jnz     .partial
        jmp     .done_ok
.partial:
        ; sectors done = (result H, R) - (start H, R) on this cylinder
        push    ax
        mov     al, [F_DL]
        call    fd_drive_format
        mov     cl, [cs:bx+1]           ; sectors per track
        mov     al, [BDA_FDRESULT+4]    ; H
        and     al, 1
        mul     cl
        mov     dl, [BDA_FDRESULT+5]    ; R
        xor     dh, dh
        add     ax, dx
        mov     dx, ax
        mov     al, [F_DH]
        and     al, 1
        mul     cl
        mov     cl, [F_CL]
        and     cx, 3Fh
        add     ax, cx
        sub     dx, ax
        jns     .pos
        xor     dx, dx
.pos:   cmp     dl, [F_AL]
        jb      .setn
        mov     dl, 0
.setn:  pop     ax
        mov     [F_AL], dl
        ; forget the media after an error: found again on the next call
        movzx   bx, byte [F_DL]
        and     byte [BDA_FDMEDIA + bx], 0EFh
        jmp     .done_al
.done_ok:
        jmp     .done_cnt
.badparm:
        mov     ah, 01h
        jmp     .done
.tmo:   mov     ah, 80h
        call    fdc_reset
        mov     ah, 80h
        jmp     .done
.ctrl:  call    fdc_reset
        mov     ah, 20h
.done:  mov     byte [F_AL], 0
        jmp     .done_al
.done_cnt:
        xor     ah, ah                  ; F_AL still holds the count
.done_al:
        call    fd_motor_release
        jmp     fd_return

; ---- AH=05h: FORMAT TRACK (CH cylinder, DH head, ES:BX = C,H,R,N list) ----
fd_format:
        mov     al, [F_DL]
        mov     bl, 1
        call    fd_prepare
        test    ah, ah
        jnz     .done
        mov     ch, [F_CH]
        mov     dh, [F_DH]
        call    fdc_seek
        test    ah, ah
        jnz     .done
        mov     al, [F_DL]
        call    fd_drive_format
        mov     cl, [cs:bx+1]           ; sectors per track
        xor     ch, ch
        push    cx
        shl     cx, 2
        mov     es, [F_ES]
        mov     bx, [F_EBX]
        mov     al, 4Ah
        call    fd_dma_setup
        pop     cx
        test    ah, ah
        jnz     .done
        mov     al, 4Dh                 ; FORMAT TRACK, MFM
        call    fdc_send
        jc      .ctrl
        mov     al, [F_DH]
        and     al, 1
        shl     al, 2
        or      al, [F_DL]
        call    fdc_send
        jc      .ctrl
        mov     al, 3
        call    fd_dpt_byte
        call    fdc_send                ; N
        jc      .ctrl
        mov     al, cl
        call    fdc_send                ; SC
        jc      .ctrl
        mov     al, 7
        call    fd_dpt_byte
        call    fdc_send                ; GPL (format)
        jc      .ctrl
        mov     al, 8
        call    fd_dpt_byte
        call    fdc_send                ; fill byte
        jc      .ctrl
        call    fdc_wait_irq
        jc      .tmo
        call    fdc_results
        jc      .ctrl
        call    fd_st_to_status
        jmp     .done
.tmo:   call    fdc_reset
        mov     ah, 80h
        jmp     .done
.ctrl:  call    fdc_reset
        mov     ah, 20h
.done:  call    fd_motor_release
        jmp     fd_return

; ---- AH=08h: drive parameters ----
; fd_type_table: drive type -> maximum cylinder, sectors, and the offset of
; a diskette parameter table for it.
fd_type_params:
        db      39,  9
        dw      dpt_360k
        db      79, 15
        dw      dpt_1200k
        db      79,  9
        dw      dpt_720k
        db      79, 18
        dw      diskette_param_table
        db      79, 36
        dw      dpt_2880k

; Parameter tables per format (IBM values; the same 11-byte layout as INT 1Eh).
dpt_360k:   db 0DFh, 02h, 25h, 02h,  9, 2Ah, 0FFh, 50h, 0F6h, 0Fh, 08h
dpt_1200k:  db 0DFh, 02h, 25h, 02h, 15, 1Bh, 0FFh, 54h, 0F6h, 0Fh, 08h
dpt_720k:   db 0DFh, 02h, 25h, 02h,  9, 2Ah, 0FFh, 50h, 0F6h, 0Fh, 08h
dpt_2880k:  db 0AFh, 02h, 25h, 02h, 36, 1Bh, 0FFh, 53h, 0F6h, 0Fh, 08h

fd_fn_params:
        call    fd_count_drives
        mov     cl, al                  ; drives present
        mov     al, [F_DL]
        call    fd_drive_type
        xor     dx, dx
        mov     [F_EAX], dx
        mov     [F_EBX], dx
        mov     [F_ECX], dx
        mov     [F_EDI], dx
        mov     [F_ES], dx
        mov     [F_DH], dl
        mov     [F_DL], cl
        test    al, al
        jz      .out                    ; no such drive: all zero, CF clear
        cmp     al, 5
        ja      .out
        mov     [F_BL], al
        movzx   bx, al
        dec     bx
        shl     bx, 2
        add     bx, fd_type_params
        mov     al, [cs:bx]
        mov     [F_CH], al
        mov     al, [cs:bx+1]
        mov     [F_CL], al
        mov     byte [F_DH], 1
        mov     ax, [cs:bx+2]
        mov     [F_EDI], ax
        mov     word [F_ES], BIOS_SEG
.out:   xor     ah, ah
        jmp     fd_return

; ---- AH=15h: drive type (AH = 00h none, 01h no change line, 02h change line) ----
fd_fn_type:
        mov     al, [F_DL]
        call    fd_drive_type
        mov     ah, 0
        test    al, al
        jz      .out
        mov     ah, 1
        cmp     al, 1                   ; a 360 KB drive has no change line
        je      .out
        mov     ah, 2
.out:   mov     [F_AH], ah
        CLEAR_CF
        RESTORE_FRAME
        iret

; ---- AH=16h: change line status ----
fd_fn_change:
        mov     al, [F_DL]
        call    fd_drive_type
        mov     ah, 01h
        test    al, al
        jz      .ret
        push    es
        push    EBDA_SEG
        pop     es
        mov     cl, [F_DL]
        mov     al, 1
        shl     al, cl
        ; the change line of the drive itself, if it is spinning and selected
        mov     ah, al
        test    [BDA_FDMOTOR], ah
        jz      .noted
        push    ax
        mov     al, cl
        call    fdc_dor
        mov     dx, PORT_FDC + 7
        in      al, dx
        test    al, 80h
        pop     ax
        jz      .noted
        or      [es:EBDA_FDCHANGE], al
.noted: xor     ah, ah
        test    [es:EBDA_FDCHANGE], al
        jz      .clr
        not     al
        and     [es:EBDA_FDCHANGE], al
        mov     ah, 06h
.clr:   pop     es
.ret:   jmp     fd_return

; ---- AH=17h: set DASD type for format (AL = 1 360K/360K, 2 360K/1.2M,
; 3 1.2M/1.2M, 4 720K/720K) ----
fd_fn_setdasd:
        mov     al, [F_DL]
        call    fd_drive_type
        mov     ah, 01h
        test    al, al
        jz      .ret
        movzx   bx, byte [F_DL]
        mov     al, [F_AL]
        mov     ah, 93h
        cmp     al, 1
        je      .set
        mov     ah, 15h
        cmp     al, 3
        je      .set
        mov     ah, 97h
        cmp     al, 4
        je      .set
        mov     ah, 0Ch                 ; 360K media in a 1.2M drive: unsupported
        jmp     .ret
.set:   mov     [BDA_FDMEDIA + bx], ah
        call    fd_media_spt
        xor     ah, ah
.ret:   jmp     fd_return

; fd_media_spt: BX = drive: sectors per track for the established media
; byte (per fd_formats) into EBDA_FDSPT.
fd_media_spt:
        push    ax
        push    si
        push    es
        push    EBDA_SEG
        pop     es
        mov     al, bl
        call    fd_drive_type
        mov     ah, al
        mov     si, fd_formats
.l:     mov     al, [cs:si]
        test    al, al
        jz      .out
        cmp     al, ah
        jne     .n
        mov     al, [cs:si+3]
        cmp     al, [BDA_FDMEDIA + bx]
        jne     .n
        mov     al, [cs:si+1]
        mov     [es:EBDA_FDSPT + bx], al
        jmp     .out
.n:     add     si, 4
        jmp     .l
.out:   pop     es
        pop     si
        pop     ax
        ret

; ---- AH=18h: set media type for format (CH = max cylinder low, CL = max
; sector | cylinder bits 8-9): returns ES:DI = parameter table ----
fd_fn_setmedia:
        mov     al, [F_DL]
        call    fd_drive_type
        mov     ah, 80h
        test    al, al
        jz      .ret
        mov     dl, al                  ; drive type
        mov     ch, [F_CH]
        mov     cl, [F_CL]
        and     cl, 3Fh
        mov     si, fd_formats
.l:     mov     al, [cs:si]
        test    al, al
        jz      .none
        cmp     al, dl
        jne     .n
        cmp     cl, [cs:si+1]
        jne     .n
        cmp     ch, [cs:si+2]
        je      .found
.n:     add     si, 4
        jmp     .l
.none:  mov     ah, 0Ch
        jmp     .ret
.found: movzx   bx, byte [F_DL]
        mov     al, [cs:si+3]
        mov     [BDA_FDMEDIA + bx], al
        call    fd_media_spt
        ; the parameter table for this sectors-per-track value
        mov     al, [cs:si+1]
        mov     di, dpt_360k
        cmp     al, 9
        je      .t
        mov     di, dpt_1200k
        cmp     al, 15
        je      .t
        mov     di, diskette_param_table
        cmp     al, 18
        je      .t
        mov     di, dpt_2880k
.t:     mov     [F_EDI], di
        mov     word [F_ES], BIOS_SEG
        xor     ah, ah
.ret:   jmp     fd_return

; fd_count_drives: AL = diskette drives present (0-2).
fd_count_drives:
        push    bx
        xor     bl, bl
        mov     al, 0
        call    fd_drive_type
        test    al, al
        jz      .b
        inc     bl
.b:     mov     al, 1
        call    fd_drive_type
        test    al, al
        jz      .d
        inc     bl
.d:     mov     al, bl
        pop     bx
        ret

; floppy_init (POST): drive types from CMOS 10h into the EBDA, the
; equipment word's diskette bits, media unknown, controller reset.
floppy_init:
        push    ds
        push    es
        push    BDA_SEG
        pop     ds
        push    EBDA_SEG
        pop     es
        mov     al, CMOS_FLOPPY
        call    cmos_read
        mov     [es:EBDA_FDTYPES], al
        mov     word [es:EBDA_FDSPT], 0
        mov     word [BDA_FDMEDIA], 0
        mov     word [BDA_FDCYL], 0
        mov     byte [BDA_FDINFO], 0
        and     word [BDA_EQUIP], 0FF3Eh
        call    fd_count_drives
        test    al, al
        jz      .none
        dec     al
        shl     al, 6
        or      al, 01h
        or      [BDA_EQUIP], al
        call    fdc_reset
        test    ah, ah
        jz      .none
        DBG     "x86pc BIOS: diskette controller does not answer"
.none:  pop     es
        pop     ds
        ret
