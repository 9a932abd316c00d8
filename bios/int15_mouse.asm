; int15_mouse.asm - INT 15h AH=C2h, the PS/2 pointing device interface, and
; INT 74h, its interrupt (IRQ12 from the 8042's auxiliary port).
;
; Contract (IBM Personal System/2 and Personal Computer BIOS Interface
; Technical Reference, "Pointing Device BIOS Interface"; Ralf Brown's
; Interrupt List INT 15h AX=C200h-C207h; IBM PS/2 Hardware Interface
; Technical Reference, "Keyboard/Auxiliary Device Controller" commands D4h,
; A8h/A7h and the mouse commands FFh, F6h, F5h/F4h, F3h, E8h, E6h/E7h, E9h):
;  C200h  BH = 0 disable / 1 enable data reporting (enable needs a handler:
;         AH = 05h otherwise)
;  C201h  reset: BH = device ID (00h), BL = AAh (self test passed)
;  C202h  sample rate BH = 0-6: 10, 20, 40, 60, 80, 100, 200 per second
;  C203h  resolution BH = 0-3: 1, 2, 4, 8 counts per mm
;  C204h  BH = device ID
;  C205h  initialise for BH-byte packets (1-8; 3 for a PS/2 mouse): as
;         C201h, and the packet size is kept
;  C206h  BH = 0: status (BL = status byte, CL = resolution, DL = rate);
;         BH = 1/2: scaling 1:1 / 2:1
;  C207h  ES:BX = the far handler (0:0 removes it)
;  Status in AH with CF: 00h ok, 01h bad function, 02h bad input,
;  03h interface error, 04h resend, 05h no handler.
; INT 74h collects the bytes of a packet in the EBDA (22h-2Fh, as IBM's
; BIOS) and, once it is complete, calls the handler far with the words
; status, X, Y, 0 pushed in that order (the handler returns with RETF;
; the BIOS removes them), then sends the EOI. A first byte without bit 3
; set is out of step and dropped.
; Commands go to the mouse with the keyboard interface held off (ADh/AEh)
; and the answers are read from port 60h when the status says they came
; from the auxiliary device.

; aux_read: AL = next byte from the mouse (status bits 0 and 5). CF on
; time-out.
aux_read:
        push    cx
        mov     cx, 0FFFFh
.w:     in      al, PORT_KBCMD
        and     al, 21h
        cmp     al, 21h
        je      .ok
        cmp     al, 01h                 ; a keyboard byte: not ours, drop it
        jne     .n
        in      al, PORT_KBDATA
.n:     loop    .w
        pop     cx
        stc
        ret
.ok:    in      al, PORT_KBDATA
        pop     cx
        clc
        ret

; aux_cmd: AL = byte for the mouse (D4h first); CF = 1 unless it answers FAh.
aux_cmd:
        push    ax
        mov     al, 0D4h
        call    kbc_command
        pop     ax
        call    kbc_data
        call    aux_read
        jc      .out
        cmp     al, 0FAh
        je      .out                    ; (CF = 0 after an equal compare)
        stc
.out:   ret

; aux_begin / aux_end: keyboard interface off/on around a mouse exchange,
; interrupts off.
aux_begin:
        cli
        push    ax
        mov     al, 0ADh
        call    kbc_command
        pop     ax
        ret
aux_end:
        push    ax
        mov     al, 0AEh
        call    kbc_command
        pop     ax
        sti
        ret

; aux_ccb: AL = bits to set, AH = bits to clear in the 8042 command byte.
aux_ccb:
        push    ax
        push    bx
        mov     bx, ax
        mov     al, 20h
        call    kbc_command
        call    kbc_read_data
        not     bh
        and     al, bh
        or      al, bl
        mov     bl, al
        mov     al, 60h
        call    kbc_command
        mov     al, bl
        call    kbc_data
        pop     bx
        pop     ax
        ret

int15_mouse:
        sti
        SAVE_FRAME
        push    EBDA_SEG
        pop     ds
        mov     al, [F_AL]
        cmp     al, 07h
        ja      ms_badfn
        movzx   bx, al
        shl     bx, 1
        jmp     [cs:ms_table + bx]
ms_table:
        dw      ms_enable, ms_reset, ms_rate, ms_resolution
        dw      ms_type, ms_init, ms_ext, ms_handler

ms_badfn:
        mov     ah, 01h
ms_return:
        mov     [F_AH], ah
        CLEAR_CF
        test    ah, ah
        jz      .out
        SET_CF
.out:   RESTORE_FRAME
        iret
ms_ok:  xor     ah, ah
        jmp     ms_return
ms_iferr:
        call    aux_end
        mov     ah, 03h
        jmp     ms_return
ms_badin:
        mov     ah, 02h
        jmp     ms_return

; C200h
ms_enable:
        mov     bh, [F_BH]
        cmp     bh, 1
        ja      ms_badin
        jb      .off
        test    byte [EBDA_MOUSE_FLAGS2], 80h
        jnz     .on
        mov     ah, 05h                 ; no handler installed
        jmp     ms_return
.on:    call    aux_begin
        mov     ax, (20h << 8) | 02h    ; aux interface on, IRQ12 on
        call    aux_ccb
        mov     al, 0F4h
        call    aux_cmd
        jc      ms_iferr
        mov     byte [EBDA_MOUSE_FLAGS1], 0
        call    aux_end
        in      al, PORT_PIC2+1         ; IRQ12 unmasked
        and     al, 0EFh
        out     PORT_PIC2+1, al
        jmp     ms_ok
.off:   call    aux_begin
        mov     al, 0F5h
        call    aux_cmd
        mov     ax, (02h << 8) | 20h    ; IRQ12 off, aux interface off
        call    aux_ccb
        call    aux_end
        jmp     ms_ok

; C201h / C205h
ms_init:
        mov     bh, [F_BH]
        test    bh, bh
        jz      ms_badin
        cmp     bh, 8
        ja      ms_badin
        and     byte [EBDA_MOUSE_FLAGS2], 0F8h
        or      [EBDA_MOUSE_FLAGS2], bh
ms_reset:
        call    aux_begin
        mov     ax, (20h << 8) | 00h    ; aux interface on (IRQ12 stays off)
        call    aux_ccb
        mov     al, 0FFh
        call    aux_cmd
        jc      ms_iferr
        call    aux_read                ; AAh: self test passed
        jc      ms_iferr
        mov     [F_BL], al
        call    aux_read                ; device ID
        jc      ms_iferr
        mov     [F_BH], al
        mov     byte [EBDA_MOUSE_FLAGS1], 0
        test    byte [EBDA_MOUSE_FLAGS2], 07h
        jnz     .sz
        or      byte [EBDA_MOUSE_FLAGS2], 3     ; default: 3-byte packets
.sz:    call    aux_end
        jmp     ms_ok

; C202h
ms_rate:
        movzx   bx, byte [F_BH]
        cmp     bx, 6
        ja      ms_badin
        call    aux_begin
        mov     al, 0F3h
        call    aux_cmd
        jc      ms_iferr
        mov     al, [cs:ms_rates + bx]
        call    aux_cmd
        jc      ms_iferr
        call    aux_end
        jmp     ms_ok
ms_rates:       db 10, 20, 40, 60, 80, 100, 200

; C203h
ms_resolution:
        mov     bh, [F_BH]
        cmp     bh, 3
        ja      ms_badin
        call    aux_begin
        mov     al, 0E8h
        call    aux_cmd
        jc      ms_iferr
        mov     al, bh
        call    aux_cmd
        jc      ms_iferr
        call    aux_end
        jmp     ms_ok

; C204h
ms_type:
        call    aux_begin
        mov     al, 0F2h
        call    aux_cmd
        jc      ms_iferr
        call    aux_read
        jc      ms_iferr
        mov     [F_BH], al
        call    aux_end
        jmp     ms_ok

; C206h
ms_ext:
        mov     bh, [F_BH]
        cmp     bh, 2
        ja      ms_badin
        call    aux_begin
        mov     al, 0E6h                ; scaling 1:1
        cmp     bh, 1
        je      .one
        mov     al, 0E7h                ; scaling 2:1
        cmp     bh, 2
        je      .one
        mov     al, 0E9h                ; status request: 3 bytes
        call    aux_cmd
        jc      ms_iferr
        call    aux_read
        jc      ms_iferr
        mov     [F_BL], al
        call    aux_read
        jc      ms_iferr
        mov     [F_CL], al
        call    aux_read
        jc      ms_iferr
        mov     [F_DL], al
        call    aux_end
        jmp     ms_ok
.one:   call    aux_cmd
        jc      ms_iferr
        call    aux_end
        jmp     ms_ok

; C207h
ms_handler:
        mov     ax, [F_EBX]
        mov     [EBDA_MOUSE_HANDLER], ax
        mov     ax, [F_ES]
        mov     [EBDA_MOUSE_HANDLER+2], ax
        or      ax, [F_EBX]
        jz      .none
        or      byte [EBDA_MOUSE_FLAGS2], 80h
        jmp     ms_ok
.none:  and     byte [EBDA_MOUSE_FLAGS2], 7Fh
        jmp     ms_ok

int74_mouse:
        push    ds
        pusha
        push    EBDA_SEG
        pop     ds
        in      al, PORT_KBCMD
        and     al, 21h
        cmp     al, 21h                 ; mouse data waiting?
        jne     .eoi
        in      al, PORT_KBDATA
        movzx   bx, byte [EBDA_MOUSE_FLAGS1]
        and     bx, 07h
        test    bx, bx
        jnz     .store
        test    al, 08h                 ; a first byte always has bit 3 set
        jz      .eoi
.store: mov     [EBDA_MOUSE_DATA + bx], al
        inc     bx
        mov     [EBDA_MOUSE_FLAGS1], bl
        mov     al, [EBDA_MOUSE_FLAGS2]
        and     al, 07h
        jnz     .sz
        mov     al, 3
.sz:    cmp     bl, al
        jb      .eoi
        mov     byte [EBDA_MOUSE_FLAGS1], 0
        test    byte [EBDA_MOUSE_FLAGS2], 80h
        jz      .eoi
        ; handler(status, X, Y, 0)
        movzx   ax, byte [EBDA_MOUSE_DATA]
        push    ax
        mov     al, [EBDA_MOUSE_DATA+1]
        push    ax
        mov     al, [EBDA_MOUSE_DATA+2]
        push    ax
        push    word 0
        sti
        call    far [EBDA_MOUSE_HANDLER]
        cli
        add     sp, 8
.eoi:   call    eoi_both
        popa
        pop     ds
        iret
