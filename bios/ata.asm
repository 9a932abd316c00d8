; ata.asm - the ATA/ATAPI primitives of the disk services: device
; detection at POST (IDENTIFY (PACKET) DEVICE), PIO sector transfers with
; LBA28/LBA48 addressing, and ATAPI PACKET commands for the CD-ROM.
;
; Sources: ANSI INCITS 361-2002 (ATA/ATAPI-6): 6.2 device signatures after
; reset (ATA: LBA mid/high 00h/00h; ATAPI: 14h/EBh), 8.15 IDENTIFY DEVICE
; (words 1/3/6 default CHS, 27-46 model, 49 bit 9 LBA, 60-61 LBA28 sectors,
; 83 bit 10 LBA48, 100-103 LBA48 sectors), 8.16 IDENTIFY PACKET DEVICE
; (word 0 bits 12-8: 05h = CD-ROM), 8.34/8.35 READ SECTORS (EXT) 20h/24h,
; 8.62/8.63 WRITE SECTORS (EXT) 30h/34h, 8.32 READ VERIFY SECTORS 40h,
; 9.7-9.10 the PIO data-in/out and PACKET protocols; MMC-2 READ(10) 28h,
; TEST UNIT READY 00h, REQUEST SENSE 03h.
;
; Devices are numbered 0-3: primary master, primary slave, secondary
; master, secondary slave (1F0h-1F7h/3F6h on IRQ 14, 170h-177h/376h on
; IRQ 15, the PIIX3's legacy ports). Commands run with interrupts enabled
; in the device (nIEN = 0); INT 76h/77h acknowledge them and set 40:8E,
; while the code here polls the alternate status register, so a masked
; IRQ never hangs a transfer. Time-outs use the tick count (BSY: 10 s).

%define ATA_TIMEOUT_TICKS 182

; ata_ports: AL = device 0-3 -> DX = command block base, BX = control port
; (device control / alternate status). Other registers kept.
ata_ports:
        mov     dx, 1F0h
        mov     bx, 3F6h
        test    al, 2
        jz      .p
        mov     dx, 170h
        mov     bx, 376h
.p:     ret

; ata_wait: wait while BSY, DX = base, BX = control port. AL = status
; (from the status register, which also acknowledges INTRQ). CF = 1 on
; time-out.
ata_wait:
        push    cx
        push    ds
        push    si
        push    BDA_SEG
        pop     ds
        mov     si, [BDA_TICKS]
        xchg    dx, bx
.l:     in      al, dx                  ; alternate status
        test    al, 80h
        jz      .done
        mov     cx, [BDA_TICKS]
        sub     cx, si
        cmp     cx, ATA_TIMEOUT_TICKS
        jb      .l
        xchg    dx, bx
        stc
        jmp     .out
.done:  xchg    dx, bx
        push    dx
        add     dx, 7
        in      al, dx                  ; status (clears the interrupt)
        pop     dx
        clc
.out:   pop     si
        pop     ds
        pop     cx
        ret

; ata_select: AL = device: DEV bit written (with LBA mode and the high
; nibble AH & 0Fh), then wait for BSY to clear. DX/BX = ports. CF on time-out.
ata_select:
        push    ax
        call    ata_ports
        mov     ah, al
        pop     ax
        push    ax
        and     al, 1
        shl     al, 4
        or      al, 0E0h                ; LBA, bits 7 and 5 set
        and     ah, 0Fh
        or      al, ah
        push    dx
        add     dx, 6
        out     dx, al
        pop     dx
        ; 400 ns for the status to be valid: four reads of alternate status
        xchg    dx, bx
        in      al, dx
        in      al, dx
        in      al, dx
        in      al, dx
        xchg    dx, bx
        call    ata_wait
        pop     ax
        ret

; ata_identify: AL = device, AH = command (ECh IDENTIFY DEVICE or A1h
; IDENTIFY PACKET DEVICE): 256 words to ES:DI. CF = 1 if the device did not
; answer with data.
ata_identify:
        pusha
        mov     cl, ah
        xor     ah, ah
        call    ata_select
        jc      .fail
        in      al, dx                  ; (data port; nothing pending)
        mov     al, cl
        add     dx, 7
        out     dx, al
        sub     dx, 7
        call    ata_wait
        jc      .fail
        test    al, 01h                 ; ERR: not this kind of device
        jnz     .fail
        test    al, 08h                 ; DRQ
        jz      .fail
        mov     cx, 256
        cld
        rep     insw
        popa
        clc
        ret
.fail:  popa
        stc
        ret

; ata_error_status: AL = status after a failed command, DX = base ->
; AH = INT 13h status (04h IDNF, 10h UNC, 20h ABRT or other, CCh DF).
ata_error_status:
        mov     ah, 0CCh
        test    al, 20h                 ; device fault
        jnz     .out
        push    dx
        inc     dx
        in      al, dx                  ; error register
        pop     dx
        mov     ah, 04h
        test    al, 10h
        jnz     .out
        mov     ah, 10h
        test    al, 40h
        jnz     .out
        mov     ah, 20h
.out:   ret

; ata_xfer: PIO transfer.
;   AL = device, AH = 0 read / 1 write / 2 verify, ECX = sectors,
;   EDI:ESI = LBA (EDI = bits 32-47), ES:BX = buffer.
; Returns AH = INT 13h status (0 = done), AL = device, ECX = sectors
; transferred, CF = (AH != 0). Other registers kept. The buffer is walked
; with normalised far pointers, so a transfer may cross 64 KiB.
ata_xfer:
        push    bp
        mov     bp, sp
        push    ax                      ; [bp-2] device / direction
        push    es                      ; [bp-4]
        push    bx                      ; [bp-6]
        push    esi                     ; [bp-10]
        push    edi                     ; [bp-14]
        push    edx                     ; [bp-18]
        push    dword 0                 ; [bp-22] sectors done
        push    ecx                     ; [bp-26] sectors left
.chunk: mov     ecx, [bp-26]
        test    ecx, ecx
        jz      .ok
        ; normalise ES:BX (BX <= 15 afterwards)
        mov     ax, bx
        shr     ax, 4
        mov     dx, es
        add     dx, ax
        mov     es, dx
        and     bx, 0Fh
        cmp     ecx, 127                ; 127 sectors fit below 64 KiB
        jbe     .n
        mov     ecx, 127
.n:     mov     ax, [bp-2]
        call    ata_xfer_chunk
        pushf
        add     [bp-22], ecx
        popf
        jc      .fail
        sub     [bp-26], ecx
        add     esi, ecx
        adc     edi, 0
        cmp     byte [bp-1], 2          ; verify moves no data
        je      .chunk
        shl     cx, 9
        add     bx, cx
        jmp     .chunk
.ok:    xor     ah, ah
        jmp     .out
.fail:  stc
.out:   mov     al, [bp-2]
        mov     ecx, [bp-22]
        mov     edx, [bp-18]
        mov     edi, [bp-14]
        mov     esi, [bp-10]
        mov     bx, [bp-6]
        mov     es, [bp-4]
        mov     sp, bp
        pop     bp
        ret

; ata_xfer_chunk: one command of ECX (1-127) sectors at LBA EDI:ESI.
; AL = device, AH = 0/1/2. ES:BX = buffer (normalised). Returns CF = 1 and
; AH = status on error; ECX = sectors that completed. ESI, EDI, BX, DS kept.
ata_xfer_chunk:
        push    bp
        mov     bp, sp
        push    ax                      ; [bp-2] device (AL), direction (AH)
        push    cx                      ; [bp-4] sectors requested
        push    word 0                  ; [bp-6] sectors done
        push    bx                      ; [bp-8] buffer offset
        push    esi                     ; [bp-12]
        push    edi                     ; [bp-16]
        push    ds                      ; [bp-18]
        ; LBA48 when the last sector is beyond 28 bits
        mov     edx, esi
        add     edx, ecx
        jc      .lba48
        test    edi, edi
        jnz     .lba48
        cmp     edx, 10000000h
        ja      .lba48
        ; ---- LBA28: LBA 27-24 in the device register ----
        mov     eax, esi
        shr     eax, 24
        mov     ah, al
        mov     al, [bp-2]
        call    ata_select
        jc      .tmo
        inc     dx
        xor     al, al
        out     dx, al                  ; features
        inc     dx
        mov     al, [bp-4]
        out     dx, al                  ; sector count
        inc     dx
        mov     eax, esi
        out     dx, al                  ; LBA 7-0
        inc     dx
        shr     eax, 8
        out     dx, al                  ; LBA 15-8
        inc     dx
        shr     eax, 8
        out     dx, al                  ; LBA 23-16
        add     dx, 2
        mov     al, 20h                 ; READ SECTORS
        cmp     byte [bp-1], 1
        jb      .c28
        mov     al, 30h                 ; WRITE SECTORS
        je      .c28
        mov     al, 40h                 ; READ VERIFY SECTORS
.c28:   out     dx, al
        sub     dx, 7
        jmp     .data
        ; ---- LBA48: each register written twice, high byte first ----
.lba48: mov     al, [bp-2]
        xor     ah, ah
        call    ata_select
        jc      .tmo
        inc     dx
        xor     al, al
        out     dx, al                  ; features 15-8
        out     dx, al                  ; features 7-0
        inc     dx
        out     dx, al                  ; count 15-8 (chunks <= 127)
        mov     al, [bp-4]
        out     dx, al                  ; count 7-0
        inc     dx
        mov     eax, esi
        rol     eax, 8
        out     dx, al                  ; LBA 31-24
        mov     eax, esi
        out     dx, al                  ; LBA 7-0
        inc     dx
        mov     eax, edi
        out     dx, al                  ; LBA 39-32
        mov     eax, esi
        shr     eax, 8
        out     dx, al                  ; LBA 15-8
        inc     dx
        mov     eax, edi
        shr     eax, 8
        out     dx, al                  ; LBA 47-40
        mov     eax, esi
        shr     eax, 16
        out     dx, al                  ; LBA 23-16
        add     dx, 2
        mov     al, 24h                 ; READ SECTORS EXT
        cmp     byte [bp-1], 1
        jb      .c48
        mov     al, 34h                 ; WRITE SECTORS EXT
        je      .c48
        mov     al, 42h                 ; READ VERIFY SECTORS EXT
.c48:   out     dx, al
        sub     dx, 7
        ; ---- data phase (DX = base, BX = control port) ----
.data:  mov     di, [bp-8]
        cmp     byte [bp-1], 2
        je      .verify
.sector:
        mov     ax, [bp-6]
        cmp     ax, [bp-4]
        jae     .done
        call    ata_wait
        jc      .tmo
        test    al, 21h                 ; ERR or DF
        jnz     .error
        test    al, 08h                 ; DRQ
        jz      .proto
        mov     cx, 256
        cld
        cmp     byte [bp-1], 1
        je      .write
        rep     insw
        jmp     .next
.write: push    es
        pop     ds
        mov     si, di
        rep     outsw
        mov     di, si
.next:  inc     word [bp-6]
        jmp     .sector
.done:  cmp     byte [bp-1], 1
        jne     .ok
        call    ata_wait                ; a write ends when BSY drops
        jc      .tmo
        test    al, 21h
        jnz     .error
        jmp     .ok
.verify:
        call    ata_wait
        jc      .tmo
        test    al, 21h
        jnz     .error
        mov     ax, [bp-4]
        mov     [bp-6], ax
.ok:    xor     ah, ah
        clc
        jmp     .out
.proto: mov     ah, 20h                 ; neither data nor error
        jmp     .fail
.error: call    ata_error_status
        jmp     .fail
.tmo:   mov     ah, 80h
.fail:  stc
.out:   mov     al, [bp-2]
        movzx   ecx, word [bp-6]
        pop     ds
        pop     edi
        pop     esi
        pop     bx
        mov     sp, bp
        pop     bp
        ret

; atapi_packet: a PACKET command with PIO data-in.
;   AL = device, SS:SI = the 12-byte command packet, ES:DI = buffer.
;   EBDA_ATAPI_SKIP = data bytes to discard before storing, EBDA_ATAPI_KEEP
;   = bytes to store after them (0 = everything).
; Returns AH = 0 or an INT 13h status (CF = 1): 20h when the device ended
; the command with an error (sense data: atapi_sense), 80h on time-out.
atapi_packet:
        push    bp
        mov     bp, sp
        push    ax                      ; [bp-2] device
        push    bx
        push    cx
        push    dx
        push    di
        push    ds
        push    ebx
        push    esi
        xor     ah, ah
        call    ata_select
        jc      .tmo
        inc     dx
        xor     al, al
        out     dx, al                  ; features: PIO
        add     dx, 3
        out     dx, al                  ; byte count limit 7-0
        inc     dx
        mov     al, 08h
        out     dx, al                  ; byte count limit 15-8 (2048)
        add     dx, 2
        mov     al, 0A0h                ; PACKET
        out     dx, al
        sub     dx, 7
        call    ata_wait
        jc      .tmo
        test    al, 01h
        jnz     .err
        test    al, 08h
        jz      .err
        mov     cx, 6                   ; the packet: six words
        push    si
.pk:    mov     ax, [ss:si]
        out     dx, ax
        add     si, 2
        loop    .pk
        pop     si
        ; data blocks until DRQ drops
        push    EBDA_SEG
        pop     ds
        mov     word [EBDA_ATAPI_POS], 0   ; data bytes seen
.blk:   call    ata_wait
        jc      .tmo
        test    al, 01h
        jnz     .err
        test    al, 08h
        jz      .ok
        push    dx
        add     dx, 4
        in      al, dx                  ; byte count 7-0
        mov     cl, al
        inc     dx
        in      al, dx                  ; byte count 15-8
        mov     ch, al
        pop     dx
        inc     cx
        shr     cx, 1                   ; words
        jz      .blk
.word:  in      ax, dx
        mov     si, [EBDA_ATAPI_POS]
        add     word [EBDA_ATAPI_POS], 2
        sub     si, [EBDA_ATAPI_SKIP]
        jb      .drop
        cmp     word [EBDA_ATAPI_KEEP], 0
        je      .store
        cmp     si, [EBDA_ATAPI_KEEP]
        jae     .drop
.store: stosw
.drop:  loop    .word
        jmp     .blk
.ok:    xor     ah, ah
        clc
        jmp     .out
.err:   mov     ah, 20h
        stc
        jmp     .out
.tmo:   mov     ah, 80h
        stc
.out:   mov     al, [bp-2]
        pop     esi
        pop     ebx
        pop     ds
        pop     di
        pop     dx
        pop     cx
        pop     bx
        mov     sp, bp
        pop     bp
        ret

; atapi_read: AL = device, EDX = first 2048-byte block, CX = blocks (1-31),
; ES:DI = buffer; EBDA_ATAPI_SKIP/KEEP as for atapi_packet. AH = status.
atapi_read:
        push    si
        push    eax
        sub     sp, 12
        mov     si, sp
        mov     dword [ss:si], 0
        mov     dword [ss:si+4], 0
        mov     dword [ss:si+8], 0
        mov     byte [ss:si], 28h       ; READ(10)
        mov     eax, edx
        bswap   eax
        mov     [ss:si+2], eax          ; LBA, big-endian
        mov     [ss:si+8], cl           ; transfer length 7-0
        mov     [ss:si+7], ch           ; transfer length 15-8
        mov     eax, [ss:si+12]         ; (the caller's EAX)
        call    atapi_packet
        mov     [ss:si+13], ah          ; status into the saved EAX's AH
        add     sp, 12
        pop     eax
        pop     si
        cmp     ah, 1                   ; CF = (AH != 0)
        cmc
        ret

; atapi_simple: AL = device, AH = operation code of a 6-byte-CDB command
; without data (00h TEST UNIT READY) or with a short answer to the EBDA
; scratch (03h REQUEST SENSE, 18 bytes). AH = status.
atapi_simple:
        push    si
        push    di
        push    es
        push    cx
        sub     sp, 12
        mov     si, sp
        mov     dword [ss:si], 0
        mov     dword [ss:si+4], 0
        mov     dword [ss:si+8], 0
        mov     [ss:si], ah
        cmp     ah, 03h
        jne     .go
        mov     byte [ss:si+4], 18      ; allocation length
.go:    push    EBDA_SEG
        pop     es
        mov     di, EBDA_SCRATCH
        mov     word [es:EBDA_ATAPI_SKIP], 0
        mov     word [es:EBDA_ATAPI_KEEP], 18
        call    atapi_packet
        add     sp, 12
        pop     cx
        pop     es
        pop     di
        pop     si
        ret

; atapi_ready: AL = device: TEST UNIT READY until the drive has no unit
; attention left (REQUEST SENSE after each failure), at most 5 times.
; CF = 1 if it is still not ready (no disc).
atapi_ready:
        push    cx
        mov     cx, 5
.t:     push    ax
        mov     ah, 00h
        call    atapi_simple
        pop     ax
        jnc     .ok
        push    ax
        mov     ah, 03h
        call    atapi_simple
        pop     ax
        loop    .t
        stc
.ok:    pop     cx
        ret
