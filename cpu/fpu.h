/*
 * fpu.h - state of the x87 floating-point unit (SDM Vol. 1, ch. 8 "Programming
 * with the x87 FPU") and the helpers the FPU instruction files share.
 *
 * The data registers are kept in the 80-bit double-extended format exactly as
 * in memory (SDM Vol. 1, 4.2.2, figure 4-3): 64-bit significand with its
 * explicit integer bit and a sign+15-bit biased exponent, so unnormals,
 * pseudo-denormals, pseudo-NaNs and pseudo-infinities survive a load/store
 * unchanged. Arithmetic is done in software (fpu_float.c, fpu_conv.c), see
 * docs/ARCHITECTURE.md "The x87 FPU" for why.
 *
 * The tag word is kept as "empty" bits per physical register; the 2-bit tags
 * (valid/zero/special/empty) are computed from the register contents when the
 * tag word is stored (FSTENV/FSAVE), as the 387 and later do (SDM Vol. 1,
 * 8.1.7).
 */
#ifndef X86PC_FPU_H
#define X86PC_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* One 80-bit double-extended value: significand with explicit integer bit
 * (bit 63) and sign (bit 15) + biased exponent (bits 14-0, bias 16383). */
struct fx80 {
    uint64_t mant;
    uint16_t sexp;
};

/* x87 status word bits (SDM Vol. 1, 8.1.3, figure 8-4). TOP (bits 13-11) is
 * kept in fpu.top, not in fpu.sw. */
#define FSW_IE 0x0001u /* invalid operation */
#define FSW_DE 0x0002u /* denormal operand */
#define FSW_ZE 0x0004u /* zero divide */
#define FSW_OE 0x0008u /* overflow */
#define FSW_UE 0x0010u /* underflow */
#define FSW_PE 0x0020u /* precision (inexact) */
#define FSW_SF 0x0040u /* stack fault (with IE; C1 = 1 overflow, 0 underflow) */
#define FSW_ES 0x0080u /* exception summary: an unmasked exception is pending */
#define FSW_C0 0x0100u
#define FSW_C1 0x0200u
#define FSW_C2 0x0400u
#define FSW_C3 0x4000u
#define FSW_B  0x8000u /* busy: mirrors ES (SDM Vol. 1, 8.1.3.6) */
#define FSW_EXC 0x003Fu /* the six exception flags */
#define FSW_CC (FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)

/* x87 control word bits (SDM Vol. 1, 8.1.5, figure 8-6). */
#define FCW_IM 0x0001u
#define FCW_DM 0x0002u
#define FCW_ZM 0x0004u
#define FCW_OM 0x0008u
#define FCW_UM 0x0010u
#define FCW_PM 0x0020u
#define FCW_PC_SHIFT 8  /* precision control: 0 = 24, 2 = 53, 3 = 64 bits */
#define FCW_RC_SHIFT 10 /* rounding control: 0 nearest, 1 down, 2 up, 3 zero */
#define FCW_X  0x1000u  /* infinity control (287 only; kept, no effect) */

/* Rounding modes (FCW.RC values). */
enum { FPU_RC_NEAREST = 0, FPU_RC_DOWN = 1, FPU_RC_UP = 2, FPU_RC_ZERO = 3 };

/* The x87 FPU state (SDM Vol. 1, 8.1, figure 8-1). */
struct fpu {
    struct fx80 st[8];  /* physical data registers R0-R7 */
    uint16_t cw;        /* control word (reset by FINIT to 0x037F) */
    uint16_t sw;        /* status word without TOP */
    uint8_t top;        /* TOP: physical number of ST(0), 0-7 */
    uint8_t empty;      /* bit n set: physical register Rn is empty (tag 11) */
    uint16_t fop;       /* last non-control instruction's opcode, 11 bits */
    uint32_t fip;       /* its offset (FPU instruction pointer) */
    uint16_t fcs;       /* its CS selector */
    uint32_t fdp;       /* offset of its memory operand (FPU data pointer) */
    uint16_t fds;       /* that operand's segment selector */
    /* FERR# output level (SDM Vol. 1, 8.7; Vol. 3A, 2.5 CR0.NE): equal to
     * SW.ES, i.e. set while an unmasked exception is pending and cleared
     * with it (FNCLEX, FNINIT, FNSAVE, FLDCW/FLDENV/FRSTOR that leave none
     * unmasked). The board polls it between instruction batches and
     * drives IRQ13 from it (the PC's FERR# -> IRQ13 wiring, a latch that
     * a write to port F0 clears). */
    bool ferr;
};

/* FNINIT/FINIT state (SDM Vol. 2A "FINIT/FNINIT"): CW 0x037F, SW 0, all
 * tags empty, FIP/FDP/FOP/FCS/FDS 0, FERR# deasserted. The data registers
 * keep their contents (they are only tagged empty). */
void fpu_init_state(struct fpu *f);

#endif
