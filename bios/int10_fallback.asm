; int10_fallback.asm - the INT 10h vector before a video BIOS is found.
;
; The video services belong to the video BIOS (bios/video/, an option ROM
; at C000:0000 that replaces this vector when POST calls it). With no video
; ROM (a board without VGA, or a test), this minimal handler keeps programs
; that print through INT 10h readable: teletype output goes to the debug
; console (port 0E9h).
;
; Contract (subset of Ralf Brown's Interrupt List INT 10h):
;  AH=0Eh  teletype AL: written to port 0E9h
;  AH=13h  write string ES:BP, CX characters (AL bit 1: with attributes)
;  AH=0Fh  returns AL = mode (40:49), AH = columns (40:4A), BH = page
;  AH=03h  returns the cursor of page BH from 40:50 and CX = 0607h
;  AH=02h  sets the cursor of page BH in 40:50
;  others  return with registers unchanged

int10_fallback:
        sti
        cmp     ah, 0Eh
        je      .tty
        cmp     ah, 0Fh
        je      .mode
        cmp     ah, 03h
        je      .getcur
        cmp     ah, 02h
        je      .setcur
        cmp     ah, 13h
        je      .string
        iret
.tty:   out     PORT_DEBUGCON, al
        iret
.mode:  push    ds
        push    BDA_SEG
        pop     ds
        mov     al, [BDA_VMODE]
        mov     ah, [BDA_VCOLS]
        mov     bh, [BDA_VPAGE]
        pop     ds
        iret
.getcur:
        push    ds
        push    bx
        push    BDA_SEG
        pop     ds
        and     bx, 0700h
        shr     bx, 7
        mov     dx, [BDA_VCURSOR + bx]
        mov     cx, 0607h
        pop     bx
        pop     ds
        iret
.setcur:
        push    ds
        push    bx
        push    BDA_SEG
        pop     ds
        and     bx, 0700h
        shr     bx, 7
        mov     [BDA_VCURSOR + bx], dx
        pop     bx
        pop     ds
        iret
.string:
        push    ax
        push    cx
        push    si
        mov     si, bp
        mov     ah, al
        jcxz    .sdone
.snext: mov     al, [es:si]
        out     PORT_DEBUGCON, al
        inc     si
        test    ah, 02h                 ; character/attribute pairs
        jz      .sl
        inc     si
.sl:    loop    .snext
.sdone: pop     si
        pop     cx
        pop     ax
        iret
