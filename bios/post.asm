; post.asm - Power-On Self Test: what the CPU runs from the reset vector
; until INT 19h loads the operating system.
;
; Contract (IBM PC AT Technical Reference, "System BIOS" POST listing;
; Ralf Brown's Interrupt List CMOS.LST register 0Fh "shutdown status"):
;  - The reset vector F000:FFF0 jumps here (F000:E05B, the IBM entry).
;  - The CMOS shutdown byte (0Fh) tells a cold or warm start from a return
;    to real mode by a program that reset the CPU through the 8042 (the
;    80286 way out of protected mode): 05h = EOI + flush keyboard + jump to
;    the far pointer at 40:67, 0Ah = jump to 40:67, 0Bh = IRET with SS:SP
;    from 40:67, 0Ch = RETF with SS:SP from 40:67, 04h = INT 19h reboot.
;    Anything else starts the full POST. The byte is cleared first.
;  - The full POST initialises, in order: the 8237A DMA pair, the 8259A pair
;    (vectors 08h and 70h), the 8254 PIT (counter 0 mode 3 at 18.2 Hz,
;    counter 1 refresh, counter 2 for the speaker), the interrupt vector
;    table and BIOS Data Area, the memory size from CMOS 30h/31h and
;    34h/35h, the EBDA at the top of base memory, the 8042 (self test,
;    interface test, command byte, keyboard reset) and A20, the RTC, the
;    x87, the serial and parallel ports, PCI devices (bus-master and BAR
;    assignment, INTx routing: post_pci.asm), option ROMs (video first, at
;    C000:0003), the diskette controller and the ATA disks, then INT 19h.
;
; x86pc note: a reset pulse from the 8042 or port 92h resets every chip of
; this board (not only the CPU as on an AT), so the resume paths program the
; interrupt controllers and the timer again before jumping back.

post_entry:
        cli
        cld
        xor     ax, ax
        mov     ss, ax
        mov     sp, 7000h
        ; --- a 386 or later? (EFLAGS bits 12-15: stuck at 1 on the 8086/186,
        ; stuck at 0 on the 286 in real mode) ---
        pushf
        pop     ax
        and     ax, 0FFFh
        push    ax
        popf
        pushf
        pop     ax
        and     ax, 0F000h
        cmp     ax, 0F000h
        je      .oldcpu
        mov     ax, 7000h
        push    ax
        popf
        pushf
        pop     ax
        test    ax, 7000h
        jnz     .cpu_ok
.oldcpu:
        mov     si, msg_oldcpu
        call    debug_puts
.halt:  hlt
        jmp     .halt
.cpu_ok:
        ; --- CMOS shutdown status ---
        mov     al, CMOS_SHUTDOWN
        call    cmos_read
        mov     bl, al
        mov     ax, CMOS_SHUTDOWN       ; AH = 0: clear it
        call    cmos_write
        cmp     bl, 05h
        je      resume_eoi
        cmp     bl, 0Ah
        je      resume_jmp
        cmp     bl, 0Bh
        je      resume_iret
        cmp     bl, 0Ch
        je      resume_retf
        cmp     bl, 04h
        jne     post_cold
        call    post_pic
        call    post_pit
        int     19h

; ---- returns to real mode (shutdown 05h, 0Ah-0Ch) ----
resume_eoi:
        call    post_pic
        call    post_pit
        in      al, PORT_KBDATA         ; flush the keyboard output buffer
        mov     al, 20h
        out     PORT_PIC1, al
resume_jmp_far:
        mov     ax, BDA_SEG
        mov     ds, ax
        jmp     far [BDA_RESETPTR]
resume_jmp:
        call    post_pic
        call    post_pit
        jmp     resume_jmp_far
resume_iret:
        call    post_pic
        call    post_pit
        mov     ax, BDA_SEG
        mov     ds, ax
        lss     sp, [BDA_RESETPTR]
        iret
resume_retf:
        call    post_pic
        call    post_pit
        mov     ax, BDA_SEG
        mov     ds, ax
        lss     sp, [BDA_RESETPTR]
        retf

; ---- the full POST ----
post_cold:
        DBG     "x86pc BIOS: POST"
        ; Ctrl+Alt+Del sets 40:72 = 1234h (warm boot). There is no memory
        ; test to skip (memory is sized from CMOS), so both starts are alike.
        call    post_dma
        call    post_pic
        call    post_pit
        call    post_ivt
        call    post_bda
        call    post_memory
        call    post_kbc
        call    post_rtc
        call    post_fpu
        call    post_ports
        sti
        call    pci_init
        call    rom_scan_video
        mov     ax, 0003h               ; 80x25 colour text, as the AT's POST
        int     10h                     ; sets the mode after the video ROM
        mov     si, msg_banner
        call    puts
        call    post_print_memory
        call    rom_scan
        call    floppy_init
        call    ata_init
        ; keyboard buffer empty, NMI on (CMOS index bit 7 clear)
        mov     al, CMOS_D
        out     PORT_CMOS, al
        DBG     "x86pc BIOS: POST done, INT 19h"
        int     19h
        jmp     post_cold

; post_dma: master clear both 8237As, controller 2 channel 4 in cascade mode
; (it carries controller 1), every other channel masked (8237A datasheet,
; "Master Clear", "Mode Register"; IBM AT Technical Reference "DMA").
post_dma:
        xor     al, al
        out     0Dh, al                 ; controller 1 master clear
        out     0DAh, al                ; controller 2 master clear
        out     08h, al                 ; command: enabled, normal timing
        out     0D0h, al
        mov     al, 0C0h                ; channel 4: cascade
        out     0D6h, al
        mov     al, 40h | 00h           ; channels 0-3: single mode (until used)
.m1:    out     0Bh, al
        inc     al
        cmp     al, 44h
        jb      .m1
        mov     al, 41h                 ; channels 5-7: single mode
.m2:    out     0D6h, al
        inc     al
        cmp     al, 44h
        jb      .m2
        mov     al, 0Fh                 ; mask all of controller 1
        out     0Fh, al
        mov     al, 0Eh                 ; controller 2: unmask channel 4 only
        out     0DEh, al
        ret

; post_pic: ICW1-ICW4 for the cascaded 8259A pair: edge triggered, vector
; bases 08h (master) and 70h (slave), slave on IR2, 8086 mode; then the BIOS
; masks (timer, keyboard, cascade, diskette; RTC, mouse, FPU, both IDE
; channels) and all of ELCR edge-triggered except what PCI routing sets.
; (Intel 8259A datasheet, "Initialization Command Words".)
post_pic:
        mov     al, 11h                 ; ICW1: edge, cascade, ICW4 needed
        out     PORT_PIC1, al
        out     PORT_PIC2, al
        mov     al, 08h                 ; ICW2: IRQ0-7 -> INT 08h-0Fh
        out     PORT_PIC1+1, al
        mov     al, 70h                 ; IRQ8-15 -> INT 70h-77h
        out     PORT_PIC2+1, al
        mov     al, 04h                 ; ICW3: slave on IR2
        out     PORT_PIC1+1, al
        mov     al, 02h                 ; slave identity 2
        out     PORT_PIC2+1, al
        mov     al, 01h                 ; ICW4: 8086 mode, normal EOI
        out     PORT_PIC1+1, al
        out     PORT_PIC2+1, al
        mov     al, 0B8h                ; IRQ0, 1, 2, 6 unmasked
        out     PORT_PIC1+1, al
        mov     al, 08Eh                ; IRQ8, 12, 13, 14 unmasked
        out     PORT_PIC2+1, al
        ret

; post_pit: counter 0 mode 3 with count 65536 (1.193182 MHz / 65536 =
; 18.2065 Hz, the BIOS tick), counter 1 mode 2 count 18 (the AT's DRAM
; refresh request, 15 us), counter 2 mode 3 count 1331 (896 Hz, the beep;
; gated off through port 61h). (Intel 8254 datasheet, "Control Word".)
post_pit:
        mov     al, 36h                 ; counter 0, LSB+MSB, mode 3, binary
        out     PORT_PIT+3, al
        xor     al, al
        out     PORT_PIT, al
        out     PORT_PIT, al
        mov     al, 54h                 ; counter 1, LSB only, mode 2
        out     PORT_PIT+3, al
        mov     al, 18
        out     PORT_PIT+1, al
        mov     al, 0B6h                ; counter 2, LSB+MSB, mode 3
        out     PORT_PIT+3, al
        mov     ax, 1331
        out     PORT_PIT+2, al
        mov     al, ah
        out     PORT_PIT+2, al
        in      al, PORT_SYSB           ; speaker and gate 2 off
        and     al, 0FCh
        out     PORT_SYSB, al
        ret

; post_ivt: every vector to the dummy IRET, the hardware IRQs to handlers
; that acknowledge them, then the BIOS services (table ivt_table).
post_ivt:
        push    es
        xor     ax, ax
        mov     es, ax
        xor     di, di
        mov     cx, 256
.fill:  mov     word [es:di], dummy_iret
        mov     word [es:di+2], BIOS_SEG
        add     di, 4
        loop    .fill
        mov     di, 08h*4
        mov     cx, 8
.irq1:  mov     word [es:di], irq_default_master
        add     di, 4
        loop    .irq1
        mov     di, 70h*4
        mov     cx, 8
.irq2:  mov     word [es:di], irq_default_slave
        add     di, 4
        loop    .irq2
        mov     si, ivt_table
.set:   cs lodsw                        ; vector number
        cmp     ax, 0FFFFh
        je      .user
        mov     di, ax
        shl     di, 2
        cs lodsw
        mov     [es:di], ax
        mov     word [es:di+2], BIOS_SEG
        jmp     .set
.user:  ; 60h-67h user vectors, 1Fh and 43h (fonts), 41h/46h (disks): zero
        ; until someone provides them.
        xor     eax, eax
        mov     di, 60h*4
        mov     cx, 8
        rep     stosd
        mov     [es:1Fh*4], eax
        mov     [es:43h*4], eax
        mov     [es:1Dh*4], eax
        mov     [es:41h*4], eax
        mov     [es:46h*4], eax
        pop     es
        ret

ivt_table:
        dw      02h, int02_nmi
        dw      05h, int05_prtsc
        dw      08h, int08_timer
        dw      09h, int09_keyboard
        dw      0Eh, int0e_floppy
        dw      10h, int10_fallback
        dw      11h, int11_equipment
        dw      12h, int12_memory
        dw      13h, int13_disk
        dw      14h, int14_serial
        dw      15h, int15_system
        dw      16h, int16_keyboard
        dw      17h, int17_printer
        dw      18h, int18_nonboot
        dw      19h, int19_boot
        dw      1Ah, int1a_time
        dw      1Eh, diskette_param_table
        dw      40h, int40_floppy
        dw      70h, int70_rtc
        dw      71h, int71_irq9
        dw      74h, int74_mouse
        dw      75h, int75_fpu
        dw      76h, int76_ide
        dw      77h, int77_ide2
        dw      0FFFFh

; post_bda: zero the BIOS Data Area (40:00-40:FF) except the reset flag
; 40:72 (1234h = warm boot, which programs may look at), then the values
; every DOS expects at boot.
post_bda:
        push    es
        mov     ax, BDA_SEG
        mov     es, ax
        mov     dx, [es:BDA_RESETFLAG]  ; 1234h after Ctrl+Alt+Del: kept
        xor     di, di
        xor     ax, ax
        mov     cx, 128
        rep     stosw
        mov     [es:BDA_RESETFLAG], dx
        mov     word [es:BDA_KBHEAD], BDA_KBBUF
        mov     word [es:BDA_KBTAIL], BDA_KBBUF
        mov     word [es:BDA_KBSTART], BDA_KBBUF
        mov     word [es:BDA_KBEND], BDA_KBBUF + 32
        mov     byte [es:BDA_KBFLAGS3], 10h     ; 101/102-key keyboard
        mov     word [es:BDA_MEMKIB], BASEMEM_KIB
        mov     word [es:BDA_EBDA], EBDA_SEG
        ; equipment word: the AT's CMOS equipment byte (diskettes in bits 0
        ; and 6-7, x87 in bit 1, initial video mode in bits 4-5)
        mov     al, CMOS_EQUIP
        call    cmos_read
        mov     [es:BDA_EQUIP], al
        ; tick count from the RTC time of day
        call    rtc_to_ticks
        mov     [es:BDA_TICKS], eax
        ; no video ROM yet: an 80x25 colour text screen is assumed
        mov     byte [es:BDA_VMODE], 03h
        mov     word [es:BDA_VCOLS], 80
        mov     byte [es:BDA_VROWS], 24
        mov     word [es:BDA_CRTC], 3D4h
        ; EBDA: 1 KiB at the top of base memory, zeroed, its size in byte 0
        mov     ax, EBDA_SEG
        mov     es, ax
        xor     di, di
        xor     ax, ax
        mov     cx, EBDA_KIB * 512
        rep     stosw
        mov     byte [es:EBDA_SIZE], EBDA_KIB
        pop     es
        ret

; post_memory: RAM size from the CMOS as the AT BIOS and SeaBIOS read it
; (30h/31h = KiB between 1 MiB and 64 MiB (capped at 0FFFFh), 34h/35h =
; 64 KiB blocks between 16 MiB and 4 GiB), into ram_top (bytes, the first
; address above RAM below 4 GiB) kept in the EBDA-private variable.
post_memory:
        push    es
        mov     al, CMOS_MEM16_HI
        call    cmos_read
        mov     ah, al
        mov     al, CMOS_MEM16_LO
        call    cmos_read_keep_ah
        movzx   eax, ax
        test    eax, eax
        jz      .small
        shl     eax, 16
        add     eax, 1000000h
        jmp     .store
.small: mov     al, CMOS_EXT_HI
        call    cmos_read
        mov     ah, al
        mov     al, CMOS_EXT_LO
        call    cmos_read_keep_ah
        movzx   eax, ax
        shl     eax, 10
        add     eax, 100000h
.store: mov     bx, EBDA_SEG
        mov     es, bx
        mov     [es:EBDA_RAMTOP], eax
        pop     es
        ret

; cmos_read_keep_ah: AL = index -> AL = value, AH kept.
cmos_read_keep_ah:
        push    bx
        mov     bh, ah
        call    cmos_read
        mov     ah, bh
        pop     bx
        ret

; post_print_memory: "Memory: N KiB base, M KiB extended".
post_print_memory:
        push    es
        mov     si, msg_mem1
        call    puts
        mov     eax, BASEMEM_KIB
        call    put_dec
        mov     si, msg_mem2
        call    puts
        mov     ax, EBDA_SEG
        mov     es, ax
        mov     eax, [es:EBDA_RAMTOP]
        sub     eax, 100000h
        shr     eax, 10
        call    put_dec
        mov     si, msg_mem3
        call    puts
        pop     es
        ret

; kbc_wait_write: wait until the 8042 input buffer is empty (status bit 1).
kbc_wait_write:
        push    cx
        push    ax
        mov     cx, 0FFFFh
.w:     in      al, PORT_KBCMD
        test    al, 02h
        jz      .ok
        loop    .w
.ok:    pop     ax
        pop     cx
        ret

; kbc_read_data: wait for the output buffer (status bit 0) and read it.
; AL = byte, CF = 1 on time-out.
kbc_read_data:
        push    cx
        mov     cx, 0FFFFh
.w:     in      al, PORT_KBCMD
        test    al, 01h
        jnz     .ok
        call    io_delay
        loop    .w
        pop     cx
        stc
        ret
.ok:    in      al, PORT_KBDATA
        pop     cx
        clc
        ret

; kbc_command: AL = controller command to port 64h.
kbc_command:
        call    kbc_wait_write
        out     PORT_KBCMD, al
        ret

; kbc_data: AL = byte to port 60h (the keyboard, or a command's data byte).
kbc_data:
        call    kbc_wait_write
        out     PORT_KBDATA, al
        ret

; post_kbc: 8042 self test (AAh -> 55h), keyboard interface test (ABh ->
; 00h), auxiliary interface test (A9h -> 00h: equipment bit 2, a PS/2
; mouse port), command byte 65h (IRQ1 on, system flag, auxiliary port disabled,
; set-2 to set-1 translation), A20 on through the output port, keyboard
; reset (FFh -> FAh, AAh) and scanning enabled. (IBM PS/2 Hardware Interface
; Technical Reference, "Keyboard/Auxiliary Device Controller".)
post_kbc:
        mov     al, 0ADh                ; keyboard interface off while testing
        call    kbc_command
        mov     al, 0A7h                ; auxiliary interface off
        call    kbc_command
.flush: in      al, PORT_KBCMD
        test    al, 01h
        jz      .test
        in      al, PORT_KBDATA
        jmp     .flush
.test:  mov     al, 0AAh
        call    kbc_command
        call    kbc_read_data
        jc      .bad
        cmp     al, 55h
        jne     .bad
        mov     al, 0ABh
        call    kbc_command
        call    kbc_read_data
        jc      .bad
        test    al, al
        jz      .ccb
.bad:   DBG     "x86pc BIOS: keyboard controller self test failed"
.ccb:   mov     al, 0A9h                ; auxiliary interface test: a mouse port
        call    kbc_command
        call    kbc_read_data
        jc      .nomouse
        test    al, al
        jnz     .nomouse
        push    es
        push    BDA_SEG
        pop     es
        or      byte [es:BDA_EQUIP], 04h
        pop     es
.nomouse:
        mov     al, 60h
        call    kbc_command
        mov     al, 65h
        call    kbc_data
        mov     al, 0D1h                ; write output port: A20 on, not reset
        call    kbc_command
        mov     al, 0DFh
        call    kbc_data
        mov     al, 0AEh                ; keyboard interface on
        call    kbc_command
        mov     al, 0FFh                ; keyboard reset
        call    kbc_data
        call    kbc_read_data
        jc      .nokbd
        cmp     al, 0FAh
        jne     .nokbd
        call    kbc_read_data
        jc      .nokbd
        cmp     al, 0AAh
        jne     .nokbd
        mov     al, 0F4h                ; enable scanning
        call    kbc_data
        call    kbc_read_data
        ret
.nokbd: DBG     "x86pc BIOS: no keyboard"
        ret

; post_rtc: time base 32.768 kHz with the 1024 Hz periodic rate (A = 26h),
; 24-hour BCD, no interrupts, daylight saving off (B = 02h); reading C
; clears pending flags. A bad CMOS checksum is reported (not fatal).
post_rtc:
        mov     ax, (26h << 8) | CMOS_A
        call    cmos_write
        mov     al, CMOS_B
        call    cmos_read
        and     al, 06h                 ; keep DM and 24/12 as found
        or      al, 02h
        mov     ah, al
        mov     al, CMOS_B
        call    cmos_write
        mov     al, CMOS_C
        call    cmos_read
        mov     al, CMOS_D
        call    cmos_read
        ; checksum 2Eh/2Fh over 10h-2Dh
        xor     dx, dx
        mov     bl, 10h
.sum:   mov     al, bl
        call    cmos_read
        xor     ah, ah
        add     dx, ax
        inc     bl
        cmp     bl, 2Eh
        jb      .sum
        mov     al, 2Eh
        call    cmos_read
        mov     ah, al
        mov     al, 2Fh
        call    cmos_read_keep_ah
        cmp     ax, dx
        je      .ok
        DBG     "x86pc BIOS: CMOS checksum bad"
.ok:    ret

; rtc_to_ticks: EAX = ticks since midnight from the RTC time (BCD or binary
; per register B): seconds * 1193182 / 65536.
rtc_to_ticks:
        push    ebx
        push    ecx
        push    edx
        call    rtc_wait_uip
        mov     al, CMOS_HOUR
        call    rtc_read_bin
        movzx   ebx, al
        imul    ebx, 60
        mov     al, CMOS_MIN
        call    rtc_read_bin
        movzx   eax, al
        add     ebx, eax
        imul    ebx, 60
        mov     al, CMOS_SEC
        call    rtc_read_bin
        movzx   eax, al
        add     eax, ebx
        mov     ecx, 1193182
        mul     ecx
        shrd    eax, edx, 16
        pop     edx
        pop     ecx
        pop     ebx
        ret

; rtc_wait_uip: wait while an update cycle is in progress (register A UIP),
; so the next 244 us of reads see one consistent time.
rtc_wait_uip:
        push    ax
        push    cx
        mov     cx, 0FFFFh
.w:     mov     al, CMOS_A
        call    cmos_read
        test    al, 80h
        jz      .ok
        loop    .w
.ok:    pop     cx
        pop     ax
        ret

; rtc_read_bin: AL = time register index -> AL = binary value (converted
; from BCD unless register B says binary; 12-hour hours, bit 7 = PM, become
; 0-23). AH is destroyed.
rtc_read_bin:
        push    bx
        mov     bl, al
        mov     al, CMOS_B
        call    cmos_read
        mov     bh, al                  ; register B
        mov     al, bl
        call    cmos_read               ; raw value
        cmp     bl, CMOS_HOUR
        jne     .conv
        test    bh, 02h                 ; 24-hour mode?
        jnz     .conv
        mov     bl, al                  ; 12-hour: keep the PM bit
        and     al, 7Fh
        test    bh, 04h
        jnz     .bin
        call    bcd2bin
.bin:   cmp     al, 12                  ; 12 AM = 0, 12 PM = 12
        jne     .h
        xor     al, al
.h:     test    bl, 80h
        jz      .done
        add     al, 12
        jmp     .done
.conv:  test    bh, 04h
        jnz     .done
        call    bcd2bin
.done:  pop     bx
        ret

; post_fpu: FNINIT and a status-word probe; an x87 sets equipment bit 1
; (ZF/status 0 after FNINIT, control word 037Fh).
post_fpu:
        push    es
        mov     ax, BDA_SEG
        mov     es, ax
        mov     eax, cr0
        and     al, 0F3h                ; clear EM and TS
        or      al, 22h                 ; MP, NE (native x87 error reporting)
        mov     cr0, eax
        fninit
        mov     word [es:BDA_SCRATCH_FPU], 5A5Ah
        fnstsw  [es:BDA_SCRATCH_FPU]
        cmp     byte [es:BDA_SCRATCH_FPU], 0
        jne     .none
        fnstcw  [es:BDA_SCRATCH_FPU]
        mov     ax, [es:BDA_SCRATCH_FPU]
        and     ax, 103Fh
        cmp     ax, 003Fh
        jne     .none
        or      byte [es:BDA_EQUIP], 02h
        jmp     .out
.none:  and     byte [es:BDA_EQUIP], 0FDh
        mov     eax, cr0
        or      al, 04h                 ; EM: no coprocessor
        mov     cr0, eax
.out:   mov     word [es:BDA_SCRATCH_FPU], 0
        pop     es
        ret

; post_ports: find the serial ports (16450/16550 scratch register and a
; sane IIR) at 3F8h, 2F8h, 3E8h, 2E8h and the parallel ports (data latch
; read-back) at 3BCh, 378h, 278h; fill 40:00-40:0F, the time-outs and the
; equipment word counts (bits 9-11 serial, 14-15 printers).
post_ports:
        push    es
        mov     ax, BDA_SEG
        mov     es, ax
        mov     si, com_candidates
        xor     di, di                  ; BDA_COM
.com:   cs lodsw
        test    ax, ax
        jz      .lpt0
        mov     dx, ax
        add     dx, 7                   ; scratch register
        mov     al, 5Ah
        out     dx, al
        call    io_delay
        in      al, dx
        cmp     al, 5Ah
        jne     .com
        mov     al, 0A5h
        out     dx, al
        call    io_delay
        in      al, dx
        cmp     al, 0A5h
        jne     .com
        sub     dx, 5                   ; IIR: bits 4-5 always 0
        in      al, dx
        test    al, 30h
        jnz     .com
        sub     dx, 2
        mov     [es:di], dx
        mov     bx, di
        shr     bx, 1
        mov     byte [es:BDA_COMTIMEOUT + bx], 1
        add     di, 2
        jmp     .com
.lpt0:  mov     ax, di
        shr     ax, 1                   ; serial count
        shl     ax, 9
        and     word [es:BDA_EQUIP], 0F1FFh
        or      [es:BDA_EQUIP], ax
        mov     di, BDA_LPT
        mov     bx, 0
.lpt:   cs lodsw
        test    ax, ax
        jz      .done
        mov     dx, ax
        mov     al, 0AAh
        out     dx, al
        call    io_delay
        in      al, dx
        cmp     al, 0AAh
        jne     .lpt
        mov     al, 55h
        out     dx, al
        call    io_delay
        in      al, dx
        cmp     al, 55h
        jne     .lpt
        mov     [es:di], dx
        mov     byte [es:BDA_LPTTIMEOUT + bx], 20
        add     di, 2
        inc     bx
        jmp     .lpt
.done:  shl     bx, 14
        and     word [es:BDA_EQUIP], 3FFFh
        or      [es:BDA_EQUIP], bx
        pop     es
        ret

com_candidates: dw 3F8h, 2F8h, 3E8h, 2E8h, 0
lpt_candidates: dw 3BCh, 378h, 278h, 0

msg_oldcpu:     db "x86pc BIOS: this BIOS needs an 80386 or later CPU", 10, 0
msg_banner:     db "x86pc BIOS (built-in)", 10, 0
msg_mem1:       db "Memory: ", 0
msg_mem2:       db " KiB base, ", 0
msg_mem3:       db " KiB extended", 10, 0
