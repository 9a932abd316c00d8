; bios.asm - x86pc's built-in BIOS: the top-level file that lays out the
; 64 KiB system ROM, F000:0000-F000:FFFF. The board maps the image at
; 0xF0000 (the real-mode view) and at 0xFFFF0000 (the 386 reset vector
; 0xFFFFFFF0 is in its last 16 bytes), like a -bios image.
;
; Layout:
;   F000:0000        the services and POST, one file each (%include below)
;   F000:E05B-FFFF   the IBM PC/AT fixed entry points and tables: programs
;                    written for the PC/AT call some of these addresses
;                    directly (IBM PC AT Technical Reference, "System BIOS"
;                    listing; the same offsets are kept by every compatible
;                    BIOS: Phoenix, Award, SeaBIOS's romlayout.S).
;
; Assembled with nasm (-f bin) by the Makefile; the result is embedded in
; the x86pc binary (bios_image.S) and used when no -bios is given.
; This BIOS needs an 80386 or later: it uses 32-bit registers in real mode.
; INT 10h (video) belongs to the video BIOS (bios/video/), an option ROM
; found at C000:0000 and called at C000:0003 during POST; until one is
; present, int10_fallback.asm copies teletype output to the debug console.

        bits    16
        cpu     686
        org     0

%include "defs.inc"

rom_id: db      "x86pc BIOS", 0

%include "util.asm"
%include "post.asm"
%include "post_pci.asm"
%include "optrom.asm"
%include "irq.asm"
%include "int08.asm"
%include "int09.asm"
%include "int10_fallback.asm"
%include "int11.asm"
%include "int12.asm"
%include "int13.asm"
%include "int13_floppy.asm"
%include "ata.asm"
%include "int13_ata.asm"
%include "int13_cd.asm"
%include "int14.asm"
%include "int15.asm"
%include "int15_memory.asm"
%include "int15_move.asm"
%include "int15_mouse.asm"
%include "int16.asm"
%include "int17.asm"
%include "int18.asm"
%include "int19.asm"
%include "eltorito.asm"
%include "int1a.asm"
%include "int1a_pci.asm"

body_end:

; ---- IBM PC/AT fixed addresses ----
; FIXED addr: pad up to F000:addr (nasm stops with "TIMES value is
; negative" if the body grew into the fixed area).
%macro FIXED 1
        times   (%1) - ($ - $$) db 0
%endmacro

        FIXED   0E05Bh
post_entry_fixed:                       ; POST (the reset vector jumps here)
        jmp     post_entry
        FIXED   0E2C3h
        jmp     int02_nmi
        FIXED   0E3FEh
        jmp     int13_disk              ; fixed disk INT 13h
        FIXED   0E6F2h
        jmp     int19_boot
        FIXED   0E6F5h
config_table:                           ; INT 15h AH=C0h (system configuration)
        dw      8                       ; bytes that follow
        db      0FCh                    ; model: PC/AT
        db      01h                     ; submodel
        db      00h                     ; BIOS revision
        db      74h                     ; feature 1: second 8259A, RTC, INT 09h
                                        ; calls INT 15h AH=4Fh, EBDA allocated
        db      40h                     ; feature 2: INT 16h AH=09h supported
        db      00h, 00h, 00h           ; features 3-5
        FIXED   0E729h
baud_table:                             ; 8250 divisors for 110..9600 baud
        dw      1047, 768, 384, 192, 96, 48, 24, 12
        FIXED   0E739h
        jmp     int14_serial
        FIXED   0E82Eh
        jmp     int16_keyboard
        FIXED   0E987h
        jmp     int09_keyboard
        FIXED   0EC59h
        jmp     int40_floppy            ; diskette INT 13h (INT 40h)
        FIXED   0EF57h
        jmp     int0e_floppy
        FIXED   0EFC7h
diskette_param_table:                   ; INT 1Eh (IBM 1.44 MB values)
        db      0AFh                    ; SPECIFY 1: step rate 6 ms, head unload 240 ms
        db      02h                     ; SPECIFY 2: head load 4 ms, DMA mode
        db      25h                     ; motor-off delay in ticks (2 s)
        db      02h                     ; 512 bytes per sector
        db      18                      ; last sector of a track
        db      1Bh                     ; gap length (read/write)
        db      0FFh                    ; data length
        db      6Ch                     ; gap length (format)
        db      0F6h                    ; format fill byte
        db      0Fh                     ; head settle time (ms)
        db      08h                     ; motor start time (1/8 s)
        FIXED   0EFD2h
        jmp     int17_printer
        FIXED   0F065h
        jmp     int10_fallback
        FIXED   0F841h
        jmp     int12_memory
        FIXED   0F84Dh
        jmp     int11_equipment
        FIXED   0F859h
        jmp     int15_system
        FIXED   0FE6Eh
        jmp     int1a_time
        FIXED   0FEA5h
        jmp     int08_timer
        FIXED   0FF53h
dummy_iret:
        iret
        FIXED   0FF54h
        jmp     int05_prtsc
        FIXED   0FFF0h
reset_vector:                           ; CS:IP = F000:FFF0 after RESET
        jmp     BIOS_SEG:post_entry_fixed
        FIXED   0FFF5h
        db      "11/22/26"              ; BIOS date
        FIXED   0FFFEh
        db      0FCh                    ; model byte: PC/AT
        db      00h
