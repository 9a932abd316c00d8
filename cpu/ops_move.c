/*
 * ops_move.c - data movement: MOV (88-8C, 8E, A0-A3, B0-BF, C6/C7), LEA,
 * XCHG, NOP, CBW/CWDE, CWD/CDQ, SAHF/LAHF, LES/LDS, XLAT and SALC.
 * Source: SDM Vol. 2 instruction pages of the same names; 8086 behaviour of
 * C6/C7 and 8C/8E (reg field partly ignored) from the 8086 hardware captures
 * described in the SingleStepTests README.
 */
#include "ops_core.h"

void core_mov_EG(struct cpu *c, struct insn *i)
{
    op_write_E(c, i, i->osize, op_read_G(c, i, i->osize));
}

void core_mov_GE(struct cpu *c, struct insn *i)
{
    op_write_G(c, i, i->osize, op_read_E(c, i, i->osize));
}

/* MOV r/m, imm: on the 8086/80186 the reg field is ignored. */
void core_mov_EI(struct cpu *c, struct insn *i)
{
    op_write_E(c, i, i->osize, i->imm);
}

/* MOV reg, imm (B0-BF): arg = register number. */
void core_mov_RI(struct cpu *c, struct insn *i)
{
    cpu_reg_write(c, i->row->arg, i->osize, i->imm);
}

/* MOV AL/eAX, moffs (A0/A1). */
void core_mov_AO(struct cpu *c, struct insn *i)
{
    cpu_reg_write(c, REG_EAX, i->osize, cpu_read(c, i->seg, i->ea, i->osize));
}

/* MOV moffs, AL/eAX (A2/A3): the size comes from the second operand. */
void core_mov_OA(struct cpu *c, struct insn *i)
{
    int size = (i->op & 1) ? i->opsize : 1;
    cpu_write(c, i->seg, i->ea, size, cpu_reg_read(c, REG_EAX, size));
}

/* Segment register number of ModR/M.reg for 8C/8E: the 8086/80186 decode
 * only reg bits 0-1; the 80286 has four segment registers and the 386 six
 * (others #UD). */
static int sreg_of(struct cpu *c, struct insn *i)
{
    if (c->model <= CPU_186) return i->reg & 3;
    if (i->reg > (c->model == CPU_286 ? 3 : 5)) cpu_ud(c);
    return i->reg;
}

/* MOV r/m16, Sreg (8C): a register destination with a 32-bit operand size
 * gets the zero-extended selector; memory always takes 16 bits. */
void core_mov_ES(struct cpu *c, struct insn *i)
{
    int s = sreg_of(c, i);
    uint16_t sel = c->seg[s].sel;
    if (i->mod == 3) cpu_reg_write(c, i->rm, i->opsize, sel);
    else cpu_write(c, i->seg, i->ea, 2, sel);
}

/* MOV Sreg, r/m16 (8E): CS is not a valid destination on the 286+ (#UD);
 * the 8086 loads it (a jump to CS:IP). Loading SS holds off interrupts for
 * one instruction (cpu_load_seg). */
void core_mov_SE(struct cpu *c, struct insn *i)
{
    int s = sreg_of(c, i);
    if (s == SEG_CS && c->model >= CPU_286) cpu_ud(c);
    uint16_t sel = (uint16_t)op_read_E(c, i, 2);
    if (s == SEG_CS) {
        cpu_load_seg_real(c, SEG_CS, sel);
        return;
    }
    cpu_load_seg(c, s, sel);
    if (s == SEG_SS) c->intr_shadow = true;
}

/* LEA: the effective address, truncated to the operand size. A register
 * operand is #UD from the 80186 on; the 8086 has no #UD and the form is
 * undefined there (modelled as having no effect). */
void core_lea(struct cpu *c, struct insn *i)
{
    if (i->mod == 3) {
        if (c->model >= CPU_186) cpu_ud(c);
        return;
    }
    op_write_G(c, i, i->opsize, i->ea);
}

/* XCHG r/m, reg (86/87): memory is written first so a fault changes nothing. */
void core_xchg_EG(struct cpu *c, struct insn *i)
{
    uint32_t a = op_read_E(c, i, i->osize);
    uint32_t b = op_read_G(c, i, i->osize);
    op_write_E(c, i, i->osize, b);
    op_write_G(c, i, i->osize, a);
}

/* XCHG eAX, reg (91-97): arg = register number. */
void core_xchg_A(struct cpu *c, struct insn *i)
{
    int r = i->row->arg, s = i->opsize;
    uint32_t a = cpu_reg_read(c, REG_EAX, s);
    cpu_reg_write(c, REG_EAX, s, cpu_reg_read(c, r, s));
    cpu_reg_write(c, r, s, a);
}

/* NOP (90, XCHG eAX,eAX): no effect. */
void core_nop(struct cpu *c, struct insn *i)
{
    (void)c;
    (void)i;
}

/* CBW / CWDE (98). */
void core_cbw(struct cpu *c, struct insn *i)
{
    if (i->opsize == 2) cpu_reg_write(c, REG_EAX, 2, (uint32_t)(int8_t)c->gpr[REG_EAX]);
    else c->gpr[REG_EAX] = (uint32_t)(int16_t)c->gpr[REG_EAX];
}

/* CWD / CDQ (99). */
void core_cwd(struct cpu *c, struct insn *i)
{
    if (i->opsize == 2)
        cpu_reg_write(c, REG_EDX, 2, (c->gpr[REG_EAX] & 0x8000) ? 0xFFFF : 0);
    else
        c->gpr[REG_EDX] = (c->gpr[REG_EAX] & 0x80000000u) ? 0xFFFFFFFFu : 0;
}

/* SAHF (9E): SF ZF AF PF CF from AH. */
void core_sahf(struct cpu *c, struct insn *i)
{
    (void)i;
    flags_set_bits(c, EFLAGS_SF | EFLAGS_ZF | EFLAGS_AF | EFLAGS_PF | EFLAGS_CF,
                   (c->gpr[REG_EAX] >> 8) & 0xFF);
}

/* LAHF (9F): AH = SF ZF 0 AF 0 PF 1 CF. */
void core_lahf(struct cpu *c, struct insn *i)
{
    (void)i;
    uint32_t f = cpu_get_eflags(c) & 0xD7;
    cpu_reg_write(c, 4, 1, f | 0x02);
}

/* LES/LDS (C4/C5): offset then selector from memory; arg = segment. The
 * segment load (which may fault) happens before the register is written. */
void core_lxs(struct cpu *c, struct insn *i)
{
    if (i->mod == 3) {
        if (c->model >= CPU_186) cpu_ud(c);
        return; /* 8086: undefined register form, no effect */
    }
    uint32_t off = cpu_read(c, i->seg, i->ea, i->opsize);
    uint16_t sel = (uint16_t)cpu_read(c, i->seg, (i->ea + i->opsize) & addr_mask(i), 2);
    cpu_load_seg(c, i->row->arg, sel);
    op_write_G(c, i, i->opsize, off);
}

/* XLAT (D7): AL = [seg:(E)BX + AL]. */
void core_xlat(struct cpu *c, struct insn *i)
{
    uint32_t off = (c->gpr[REG_EBX] + (c->gpr[REG_EAX] & 0xFF)) & addr_mask(i);
    cpu_reg_write(c, REG_EAX, 1, cpu_read(c, i->seg, off, 1));
}

/* SALC (D6, undocumented on 8086 through P6): AL = CF ? FF : 00. */
void core_salc(struct cpu *c, struct insn *i)
{
    (void)i;
    cpu_reg_write(c, REG_EAX, 1, flag_cf(c) ? 0xFF : 0);
}
