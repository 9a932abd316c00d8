; HLT with EFLAGS.IF=1 after reset: the 8259A is uninitialised (the 8254
; counters idle; the RTC's update timer runs but its IRQ cannot reach the
; CPU), so nothing can wake the CPU and x86pc ends with status 4 at once
; instead of idling until --timeout.
; args: --deterministic --timeout 20
; status: 4
; stderr: with no interrupt pending and none that can arrive
%include "cli.inc"
start:
        sti
        hlt
        ROM_END
