/*
 * ops_ctrl.c - control transfer: Jcc rel8, JMP/CALL (relative, indirect,
 * far direct and indirect), RET/RETF, LOOP/LOOPE/LOOPNE/JCXZ/JECXZ, INT3,
 * INT n, INTO, IRET and BOUND. Far transfers, interrupts and IRET go through
 * seg.h, which handles real, V86 and protected mode. Source: SDM Vol. 2A/2B
 * pages "Jcc", "JMP", "CALL", "RET", "LOOP/LOOPcc", "INT n/INTO/INT3/INT1",
 * "IRET/IRETD", "BOUND".
 */
#include "ops_core.h"

/* Jcc rel8 (70-7F; 60-6F on the 8086): arg = condition code. */
void core_jcc(struct cpu *c, struct insn *i)
{
    if (cpu_cond(c, i->row->arg)) jump_rel(c, i);
}

/* JMP rel8/rel16/rel32 (EB, E9). */
void core_jmp_rel(struct cpu *c, struct insn *i)
{
    jump_rel(c, i);
}

/* CALL rel16/rel32 (E8): the target is checked before the push. */
void core_call_rel(struct cpu *c, struct insn *i)
{
    uint32_t t = near_target(c, c->eip + i->imm, i->opsize);
    cpu_push(c, i->opsize, c->eip);
    c->eip = t;
}

/* JMP r/m (FF /4). */
void core_jmp_E(struct cpu *c, struct insn *i)
{
    c->eip = near_target(c, op_read_E(c, i, i->opsize), i->opsize);
}

/* CALL r/m (FF /2). */
void core_call_E(struct cpu *c, struct insn *i)
{
    uint32_t t = near_target(c, op_read_E(c, i, i->opsize), i->opsize);
    cpu_push(c, i->opsize, c->eip);
    c->eip = t;
}

/* Far pointer m16:16 / m16:32 of FF /3 and FF /5: offset, then selector.
 * Returns false for a register operand, which is #UD from the 80186 on
 * (the 8086 has no #UD: the form is undefined there and has no effect). */
static bool far_pointer(struct cpu *c, struct insn *i, uint16_t *sel, uint32_t *off)
{
    if (i->mod == 3) {
        if (c->model >= CPU_186) cpu_ud(c);
        return false;
    }
    *off = cpu_read(c, i->seg, i->ea, i->opsize);
    *sel = (uint16_t)cpu_read(c, i->seg, (i->ea + i->opsize) & addr_mask(i), 2);
    return true;
}

/* JMP m16:16/32 (FF /5). */
void core_jmp_far_M(struct cpu *c, struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    if (far_pointer(c, i, &sel, &off)) cpu_jmp_far(c, sel, off);
}

/* CALL m16:16/32 (FF /3). */
void core_call_far_M(struct cpu *c, struct insn *i)
{
    uint16_t sel;
    uint32_t off;
    if (far_pointer(c, i, &sel, &off)) cpu_call_far(c, sel, off, i->opsize);
}

/* JMP ptr16:16/32 (EA). */
void core_jmp_far_A(struct cpu *c, struct insn *i)
{
    cpu_jmp_far(c, (uint16_t)i->imm2, i->imm);
}

/* CALL ptr16:16/32 (9A). */
void core_call_far_A(struct cpu *c, struct insn *i)
{
    cpu_call_far(c, (uint16_t)i->imm2, i->imm, i->opsize);
}

/* RET / RET imm16 (C3/C2; C1/C0 on the 8086): arg = 1 with an immediate.
 * The return address is checked against the CS limit before ESP moves. */
void core_ret_near(struct cpu *c, struct insn *i)
{
    int s = i->opsize;
    uint32_t t = near_target(c, cpu_stack_read(c, 0, s), s);
    uint32_t n = (uint32_t)s + (i->row->arg ? (i->imm & 0xFFFF) : 0);
    cpu_set_sp(c, sp_plus(c, cpu_get_sp(c), n));
    c->eip = t;
}

/* RETF / RETF imm16 (CB/CA; C9/C8 on the 8086). */
void core_ret_far(struct cpu *c, struct insn *i)
{
    cpu_ret_far(c, i->row->arg ? (uint16_t)i->imm : 0, i->opsize);
}

/* LOOPNE/LOOPE/LOOP (E0/E1/E2): arg 0, 1, 2. The count register is CX or
 * ECX by address size; it is decremented without touching the flags. */
void core_loop(struct cpu *c, struct insn *i)
{
    uint32_t m = addr_mask(i);
    uint32_t cx = (c->gpr[REG_ECX] - 1) & m;
    c->gpr[REG_ECX] = (c->gpr[REG_ECX] & ~m) | cx;
    bool take = cx != 0;
    if (take && i->row->arg == 0) take = !flag_zf(c);
    else if (take && i->row->arg == 1) take = flag_zf(c);
    if (take) jump_rel(c, i);
}

/* JCXZ/JECXZ (E3): count register by address size. */
void core_jcxz(struct cpu *c, struct insn *i)
{
    if ((c->gpr[REG_ECX] & addr_mask(i)) == 0) jump_rel(c, i);
}

/* INT3 (CC): #BP as a software exception (DPL checked in protected mode). */
void core_int3(struct cpu *c, struct insn *i)
{
    (void)i;
    cpu_interrupt(c, EXC_BP, INT_SOFT_EXC, false, 0);
}

/* INT1 / ICEBP (F1, 386+): #DB delivered as a trap without the gate DPL
 * check of INT n (SDM Vol. 3A 6.3.1 and Vol. 2A "INT n/INTO/INT3/INT1"). */
void core_int1(struct cpu *c, struct insn *i)
{
    (void)i;
    cpu_interrupt(c, EXC_DB, INT_ICEBP, false, 0);
}

/* INT imm8 (CD). */
void core_int(struct cpu *c, struct insn *i)
{
    cpu_interrupt(c, (uint8_t)i->imm, INT_SOFT, false, 0);
}

/* INTO (CE): #OF when OF=1. */
void core_into(struct cpu *c, struct insn *i)
{
    (void)i;
    if (flag_of(c)) cpu_interrupt(c, EXC_OF, INT_SOFT_EXC, false, 0);
}

/* IRET/IRETD (CF). */
void core_iret(struct cpu *c, struct insn *i)
{
    cpu_iret(c, i->opsize);
}

/* BOUND r, m16&16 / m32&32 (62, 80186+): #BR when the signed index is below
 * the lower or above the upper bound. A register operand is #UD. */
void core_bound(struct cpu *c, struct insn *i)
{
    if (i->mod == 3) cpu_ud(c);
    int s = i->opsize;
    uint32_t lo = cpu_read(c, i->seg, i->ea, s);
    uint32_t hi = cpu_read(c, i->seg, (i->ea + s) & addr_mask(i), s);
    int32_t idx, l, h;
    if (s == 2) {
        idx = (int16_t)op_read_G(c, i, 2);
        l = (int16_t)lo;
        h = (int16_t)hi;
    } else {
        idx = (int32_t)op_read_G(c, i, 4);
        l = (int32_t)lo;
        h = (int32_t)hi;
    }
    if (idx < l || idx > h) cpu_raise(c, EXC_BR, false, 0);
}
