; The timer path end to end: 8259A initialisation, 8254 counter 0 in mode 2
; at 1 kHz driving IRQ0, STI + HLT idling (virtual time skips to each PIT
; edge), EOI, ISR/IRR reads, counter latch, port 0x61 (refresh toggle bit
; 4, counter 2 gate and OUT2 bit 5), a masked IRQ staying pending in IRR,
; poll, and virtual time: 40 ticks of 1193 clocks must span 40 ms as
; measured independently by counter 2. Passes at any --ns-per-insn.
; Checked against QEMU (-M pc, with the LAPIC put in virtual-wire mode, which
; a P6 with an APIC needs before 8259A interrupts reach it): checks 1-3 and
; 5-8 agree; QEMU's 8254 does not model GATE low in mode 3 (check 4).
; Exits with the number of the first failed check (status (n << 1) | 1),
; or 0 (status 1).
; args: --deterministic --timeout 20
; status: 1
%include "cli.inc"

TICKS   equ 0x500               ; word: IRQ0 count (0000:0500)
SPUR    equ 0x502               ; word: spurious IRQ7 count

start:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
        mov word [TICKS], 0
        mov word [SPUR], 0
        mov word [0x08 * 4], irq0
        mov word [0x08 * 4 + 2], 0xF000
        mov word [0x0F * 4], irq7
        mov word [0x0F * 4 + 2], 0xF000
        mov bl, 1

        ; 1: the 8259A pair, AT layout (vectors 08h and 70h).
        mov al, 0x11
        out 0x20, al
        out 0xA0, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x70
        out 0xA1, al
        mov al, 0x04
        out 0x21, al
        mov al, 0x02
        out 0xA1, al
        mov al, 0x01
        out 0x21, al
        out 0xA1, al
        mov al, 0xFE            ; only IRQ0
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al
        in al, 0x21
        cmp al, 0xFE
        jne fail

        ; 2: port 0x61 bit 4 (refresh) toggles while the CPU runs.
        inc bl
        in al, 0x61
        and al, 0x10
        mov ah, al
        mov cx, 0
.refresh:
        in al, 0x61
        and al, 0x10
        cmp al, ah
        jne .toggled
        loop .refresh
        jmp fail
.toggled:

        ; 3: counter 2, mode 3, gate on through port 0x61: OUT2 (bit 5)
        ; goes low and high again.
        inc bl
        mov al, 0xB6
        out 0x43, al
        mov al, 100
        out 0x42, al
        mov al, 0
        out 0x42, al
        in al, 0x61
        or al, 0x01             ; gate 2 on, speaker off
        and al, 0xFD
        out 0x61, al
        mov cx, 0
.low:   in al, 0x61
        test al, 0x20
        jz .high
        loop .low
        jmp fail
.high:  mov cx, 0
.high2: in al, 0x61
        test al, 0x20
        jnz .ok3
        loop .high2
        jmp fail
.ok3:

        ; 4: gate 2 off: OUT2 stays high (mode 3 with GATE low).
        inc bl
        in al, 0x61
        and al, 0xFC
        out 0x61, al
        mov cx, 1000
.held:  in al, 0x61
        test al, 0x20
        jz fail
        loop .held

        ; Counter 2 as a stopwatch: mode 0, count 0 (65536 clocks, 54.9 ms),
        ; latched below; gate on. Counter 0: mode 2 at 1193 clocks (1 ms).
        mov al, 0xB0
        out 0x43, al
        mov al, 0
        out 0x42, al
        out 0x42, al
        mov al, 0x34
        out 0x43, al
        mov ax, 1193
        out 0x40, al
        mov al, ah
        out 0x40, al
        in al, 0x61
        or al, 0x01
        out 0x61, al

        ; 5: 40 ticks with STI; HLT (each HLT wakes on IRQ0 only).
        inc bl
        sti
.wait:  hlt
        cmp word [TICKS], 40
        jb .wait
        cli
        cmp word [SPUR], 0
        jne fail

        ; 6: 40 ms passed by counter 2: 65536 - 40 * 1193 = 17816 left,
        ; give or take one tick of the 1 kHz clock.
        inc bl
        mov al, 0x80            ; latch counter 2
        out 0x43, al
        in al, 0x42
        mov ah, al
        in al, 0x42
        xchg al, ah
        cmp ax, 17816 - 1193
        jb fail
        cmp ax, 17816 + 1193
        ja fail

        ; 7: ISR empty after the handlers' EOIs; with IRQ0 masked a tick
        ; stays pending in IRR, and unmasking delivers it.
        inc bl
        mov al, 0x0B
        out 0x20, al
        in al, 0x20
        test al, 0x01
        jnz fail
        mov al, 0xFF
        out 0x21, al
        mov word [TICKS], 0
        call wait_irr0
        cmp word [TICKS], 0
        jne fail
        mov al, 0xFE
        out 0x21, al
        sti
        nop
        cli
        cmp word [TICKS], 1
        jne fail

        ; 8: poll command: with IRQ0 masked at the CPU (IF=0), OCW3 poll
        ; reports the pending level and puts it in service.
        inc bl
        call wait_irr0
        mov al, 0x0C
        out 0x20, al
        in al, 0x20
        cmp al, 0x80
        jne fail
        mov al, 0x0B
        out 0x20, al
        in al, 0x20
        cmp al, 0x01
        jne fail
        mov al, 0x20
        out 0x20, al

        xor al, al
        out 0xF4, al
fail:
        mov al, bl
        out 0xF4, al
        cli
        hlt

; Wait (IF=0 or IRQ0 masked) until IRR bit 0 is set; fail after 2^24 reads.
wait_irr0:
        mov al, 0x0A
        out 0x20, al
        mov dx, 256
.outer: mov cx, 0
.inner: in al, 0x20
        test al, 0x01
        jnz .done
        loop .inner
        dec dx
        jnz .outer
        jmp fail
.done:  ret

irq0:
        push ax
        push ds
        xor ax, ax
        mov ds, ax
        inc word [TICKS]
        pop ds
        mov al, 0x20
        out 0x20, al
        pop ax
        iret

irq7:
        push ds
        push ax
        xor ax, ax
        mov ds, ax
        inc word [SPUR]
        pop ax
        pop ds
        iret

        ROM_END
