/*
 * fpu_fxsr.c - FXSAVE and FXRSTOR (0F AE /0, 0F AE /1) on a processor with
 * FXSR but without SSE or MMX, as the P6 model here reports (CPUID.1:EDX
 * FXSR = 1, MMX = SSE = 0). SDM Vol. 2A "FXSAVE" (table 3-53, the
 * non-64-bit-mode layout of the 512-byte region) and "FXRSTOR"; Vol. 1,
 * 10.5 "FXSAVE and FXRSTOR instructions"; Vol. 3A, 13.1 and 2.5 (CR4.OSFXSR).
 *
 * The legacy region written and read here (byte offsets):
 *   0  FCW            2  FSW (with TOP)    4  abridged FTW (bit n = 1: physical
 *   5  reserved (0)   6  FOP (11 bits)        register Rn not empty)
 *   8  FIP[31:0]     12  FCS              14  reserved (0)
 *  16  FDP[31:0]     20  FDS              22  reserved (0)
 *  24  MXCSR         28  MXCSR_MASK
 *  32 + 16*i  ST(i), 10 bytes (stack order), 6 reserved bytes each
 *  160-287 XMM0-XMM7, 288-511 reserved / available to software.
 *
 * Without SSE there is no MXCSR and no XMM register: FXSAVE does not write
 * bytes 24-31 (MXCSR, MXCSR_MASK) nor 160-511, and FXRSTOR ignores them, so
 * an MXCSR value in the image never faults (the MXCSR reserved-bit #GP of
 * FXRSTOR exists only with SSE). Software that sizes MXCSR_MASK by an
 * FXSAVE into a zeroed area (SDM Vol. 1, 11.6.6) reads 0 and uses the
 * default mask, as Linux does. CR4.OSFXSR only selects whether an OS
 * saves the SSE state (SDM Vol. 3A, 2.5); with no SSE state it changes
 * nothing here (SDM: "if CR4.OSFXSR is 0, FXSAVE may not save the XMM
 * and MXCSR registers").
 *
 * Exceptions (SDM Vol. 2A, FXSAVE/FXRSTOR exception lists): #UD for a
 * register operand, with LOCK (decode.c) or on a model without FXSR (the
 * table row, table_p6.def); #NM when CR0.TS or CR0.EM = 1 (before any
 * memory check, SDM Vol. 3A 6.9 priority); #GP(0) when the linear address
 * of the operand is not 16-byte aligned (in every mode, regardless of
 * CR0.AM); then the segment and paging checks of the whole 512 bytes
 * before anything is written or loaded. Neither instruction checks for a
 * pending unmasked x87 exception (no #MF), and neither updates FOP, FIP or
 * FDP; FXSAVE leaves the FPU state unchanged (unlike FNSAVE).
 */
#include "fpu_ops.h"

/* Size of the FXSAVE/FXRSTOR memory operand. */
#define FXSR_SIZE 512

/* Checks common to FXSAVE and FXRSTOR, in priority order. */
static void fxsr_checks(struct cpu *c, struct insn *i, bool write)
{
    if (i->mod == 3) cpu_ud(c);
    if (c->cr[0] & (CR0_EM | CR0_TS)) cpu_raise(c, EXC_NM, false, 0);
    if ((c->seg[i->seg].base + i->ea) & 15) cpu_gp(c, 0);
    cpu_check_access(c, i->seg, i->ea, FXSR_SIZE, write);
}

/* FXSAVE m512byte (0F AE /0): store the x87 state (see the layout above). */
void op_fxsave(struct cpu *c, struct insn *i)
{
    fxsr_checks(c, i, true);
    uint8_t ftw = (uint8_t)~c->fpu.empty;
    cpu_write(c, i->seg, fpu_addr(i, 0), 2, c->fpu.cw);
    cpu_write(c, i->seg, fpu_addr(i, 2), 2, fpu_status_word(c));
    cpu_write(c, i->seg, fpu_addr(i, 4), 2, ftw); /* byte 5 reserved: 0 */
    cpu_write(c, i->seg, fpu_addr(i, 6), 2, c->fpu.fop & 0x7FFu);
    cpu_write(c, i->seg, fpu_addr(i, 8), 4, c->fpu.fip);
    cpu_write(c, i->seg, fpu_addr(i, 12), 4, c->fpu.fcs);
    cpu_write(c, i->seg, fpu_addr(i, 16), 4, c->fpu.fdp);
    cpu_write(c, i->seg, fpu_addr(i, 20), 4, c->fpu.fds);
    for (int k = 0; k < 8; k++) fpu_write80(c, i, (uint32_t)(32 + 16 * k), fpu_get(c, k));
}

/* FXRSTOR m512byte (0F AE /1): load the x87 state from the image; the
 * whole image is read before any register changes. The full tag word is
 * rebuilt from the abridged one (empty or not) and the register contents,
 * as fpu_tag_word() always does. ES, B and FERR# follow the loaded flags
 * and masks (a pending unmasked exception is reported by the next waiting
 * x87 instruction). */
void op_fxrstor(struct cpu *c, struct insn *i)
{
    fxsr_checks(c, i, false);
    uint16_t cw = (uint16_t)cpu_read(c, i->seg, fpu_addr(i, 0), 2);
    uint16_t sw = (uint16_t)cpu_read(c, i->seg, fpu_addr(i, 2), 2);
    uint8_t ftw = (uint8_t)cpu_read(c, i->seg, fpu_addr(i, 4), 1);
    uint16_t fop = (uint16_t)cpu_read(c, i->seg, fpu_addr(i, 6), 2);
    uint32_t fip = cpu_read(c, i->seg, fpu_addr(i, 8), 4);
    uint16_t fcs = (uint16_t)cpu_read(c, i->seg, fpu_addr(i, 12), 2);
    uint32_t fdp = cpu_read(c, i->seg, fpu_addr(i, 16), 4);
    uint16_t fds = (uint16_t)cpu_read(c, i->seg, fpu_addr(i, 20), 2);
    struct fx80 regs[8];
    for (int k = 0; k < 8; k++) regs[k] = fpu_read80(c, i, (uint32_t)(32 + 16 * k));

    c->fpu.top = (sw >> 11) & 7;
    c->fpu.sw = (uint16_t)(sw & ~0x3800u);
    c->fpu.empty = (uint8_t)~ftw;
    c->fpu.fop = fop & 0x7FFu;
    c->fpu.fip = fip;
    c->fpu.fcs = fcs;
    c->fpu.fdp = fdp;
    c->fpu.fds = fds;
    for (int k = 0; k < 8; k++) c->fpu.st[fpu_phys(c, k)] = regs[k];
    fpu_load_cw(c, cw); /* also recomputes ES/B and FERR# */
}
