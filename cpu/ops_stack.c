/*
 * ops_stack.c - stack instructions: PUSH/POP of general and segment
 * registers, PUSH imm, PUSH/POP r/m, PUSHA/POPA(D), PUSHF/POPF(D) and
 * ENTER/LEAVE. Source: SDM Vol. 2B "PUSH", "POP", "PUSHA", "POPA", "PUSHF",
 * "POPF", "ENTER", "LEAVE"; SDM Vol. 3A 20.2 (V86 IOPL sensitivity) and
 * 20.4 (CR4.VME virtual interrupt flag). Faults leave ESP at its value before
 * the instruction (cpu_raise restores it).
 */
#include "ops_core.h"

/* PUSH reg (50-57): arg = register. The 8086/80186 push SP after it was
 * decremented; the 286+ push the value before the instruction. */
void core_push_reg(struct cpu *c, struct insn *i)
{
    int r = i->row->arg;
    uint32_t v = c->gpr[r];
    if (r == REG_ESP && c->model <= CPU_186) v -= 2;
    cpu_push(c, i->opsize, v);
}

/* POP reg (58-5F): POP SP/ESP leaves the popped value in the register. */
void core_pop_reg(struct cpu *c, struct insn *i)
{
    uint32_t v = cpu_pop(c, i->opsize);
    cpu_reg_write(c, i->row->arg, i->opsize, v);
}

/* PUSH Sreg (06 0E 16 1E): with a 32-bit operand size the 386/486 push the
 * zero-extended selector; the P6 writes only the low 16 bits of the slot. */
void core_push_sreg(struct cpu *c, struct insn *i)
{
    uint16_t sel = c->seg[i->row->arg].sel;
    if (i->opsize == 4 && c->model >= CPU_P6) {
        uint32_t sp = sp_plus(c, cpu_get_sp(c), (uint32_t)-4);
        cpu_check_access(c, SEG_SS, sp, 4, true);
        cpu_write(c, SEG_SS, sp, 2, sel);
        cpu_set_sp(c, sp);
        return;
    }
    cpu_push(c, i->opsize, sel);
}

/* POP Sreg (07 17 1F): the segment is loaded (and may fault) before ESP
 * moves. POP SS holds off interrupts for one instruction. */
void core_pop_sreg(struct cpu *c, struct insn *i)
{
    uint32_t v = cpu_stack_read(c, 0, i->opsize);
    cpu_load_seg(c, i->row->arg, (uint16_t)v);
    cpu_set_sp(c, sp_plus(c, cpu_get_sp(c), i->opsize));
    if (i->row->arg == SEG_SS) c->intr_shadow = true;
}

/* POP CS (0F on the 8086 only; the 80186 treats 0F as an unused opcode,
 * #UD): loads CS, continuing at CS:IP. */
void core_pop_cs(struct cpu *c, struct insn *i)
{
    uint32_t v = cpu_pop(c, i->opsize);
    cpu_load_seg_real(c, SEG_CS, (uint16_t)v);
}

/* PUSH imm (68/6A, 80186+). */
void core_push_imm(struct cpu *c, struct insn *i)
{
    cpu_push(c, i->opsize, i->imm);
}

/* PUSH r/m (FF /6; FF /7 on the 8086). The operand is read before ESP
 * changes, so [ESP]-based operands see the old stack pointer. */
void core_push_E(struct cpu *c, struct insn *i)
{
    uint32_t v = op_read_E(c, i, i->opsize);
    if (i->mod == 3 && i->rm == REG_ESP && c->model <= CPU_186) v -= 2;
    cpu_push(c, i->opsize, v);
}

/* POP r/m (8F /0): a memory operand based on ESP is addressed with the
 * ESP value after the pop (386+; SDM Vol. 2B "POP"). The destination is
 * written before ESP changes, so a fault leaves the stack unchanged. */
void core_pop_E(struct cpu *c, struct insn *i)
{
    int s = i->opsize;
    uint32_t v = cpu_stack_read(c, 0, s);
    uint32_t newsp = sp_plus(c, cpu_get_sp(c), (uint32_t)s);
    if (i->mod == 3) {
        cpu_set_sp(c, newsp);
        cpu_reg_write(c, i->rm, s, v);
        return;
    }
    if (i->addrsize == 4 && c->model >= CPU_386 && i->rm == 4 && (i->sib & 7) == REG_ESP)
        i->ea += (uint32_t)s;
    cpu_write(c, i->seg, i->ea, s, v);
    cpu_set_sp(c, newsp);
}

/* PUSHA/PUSHAD (60, 80186+): AX CX DX BX original-SP BP SI DI. */
void core_pusha(struct cpu *c, struct insn *i)
{
    int s = i->opsize;
    uint32_t sp0 = c->gpr[REG_ESP];
    for (int r = 0; r < 8; r++) cpu_push(c, s, r == REG_ESP ? sp0 : c->gpr[r]);
}

/* POPA/POPAD (61, 80186+): DI SI BP (SP skipped) BX DX CX AX. The eight
 * values are read first so a fault changes no register. */
void core_popa(struct cpu *c, struct insn *i)
{
    int s = i->opsize;
    uint32_t v[8];
    for (int k = 0; k < 8; k++) v[k] = cpu_stack_read(c, (uint32_t)(k * s), s);
    for (int k = 0; k < 8; k++) {
        int r = 7 - k;
        if (r != REG_ESP) cpu_reg_write(c, r, s, v[k]);
    }
    cpu_set_sp(c, sp_plus(c, cpu_get_sp(c), (uint32_t)(8 * s)));
}

/* EFLAGS bits that exist on a model (others read 0 and ignore writes,
 * except bit 1 which reads 1, and bits 12-15 which read 1 on the 8086). */
static uint32_t model_flags(const struct cpu *c)
{
    switch (c->model) {
    case CPU_8086: case CPU_186: return 0x0FD5;
    case CPU_286: return 0x7FD5;
    case CPU_386: return 0x37FD5;
    case CPU_486: return 0x277FD5;
    default: return 0x3F7FD5;
    }
}

/* PUSHF/PUSHFD (9C): V86 mode with IOPL < 3 is #GP(0) unless CR4.VME (16-bit
 * operand: IF is replaced by VIF and IOPL reads 3). PUSHFD clears VM and RF
 * in the pushed image. */
void core_pushf(struct cpu *c, struct insn *i)
{
    uint32_t f = cpu_get_eflags(c);
    if (cpu_v86(c) && cpu_iopl(c) < 3) {
        if (!(c->cr[4] & CR4_VME) || i->opsize == 4) cpu_gp(c, 0);
        f = (f & ~(EFLAGS_IF | EFLAGS_IOPL)) | EFLAGS_IOPL |
            ((f & EFLAGS_VIF) ? EFLAGS_IF : 0);
    }
    if (i->opsize == 4) f &= 0x00FCFFFFu;
    cpu_push(c, i->opsize, f);
}

/* POPF/POPFD (9D), SDM Vol. 2B "POPF" operation:
 *   real mode and CPL 0: every flag but VM, RF (cleared), VIF, VIP;
 *   CPL > 0: IOPL kept; IF changed only when CPL <= IOPL;
 *   V86: IOPL < 3 is #GP(0) (CR4.VME with a 16-bit operand sets VIF instead
 *   of IF; #GP if TF is set or IF would be set with VIP pending); IOPL 3
 *   changes neither IOPL nor VM.
 * 8086/80186: bits 12-15 stay 1. 80286 real mode: bits 12-15 stay 0. */
void core_popf(struct cpu *c, struct insn *i)
{
    int s = i->opsize;
    uint32_t v = cpu_stack_read(c, 0, s);
    uint32_t mask = model_flags(c) & ~(EFLAGS_VM | EFLAGS_RF | EFLAGS_VIF | EFLAGS_VIP);
    if (s == 2) mask &= 0xFFFF;
    if (c->model == CPU_286 && !cpu_pe(c)) mask &= ~0xF000u;
    if (cpu_v86(c)) {
        if (cpu_iopl(c) < 3) {
            if (!(c->cr[4] & CR4_VME) || s == 4) cpu_gp(c, 0);
            if ((v & EFLAGS_TF) || ((v & EFLAGS_IF) && (c->eflags & EFLAGS_VIP))) cpu_gp(c, 0);
            mask &= ~(EFLAGS_IOPL | EFLAGS_IF);
            cpu_set_eflags(c, (v & mask) | ((v & EFLAGS_IF) ? EFLAGS_VIF : 0),
                           mask | EFLAGS_VIF);
            cpu_set_sp(c, sp_plus(c, cpu_get_sp(c), (uint32_t)s));
            return;
        }
        mask &= ~EFLAGS_IOPL;
    } else if (cpu_pe(c) && c->cpl > 0) {
        mask &= ~EFLAGS_IOPL;
        if (c->cpl > cpu_iopl(c)) mask &= ~EFLAGS_IF;
    }
    cpu_set_eflags(c, v, mask);
    if (s == 4) c->eflags &= ~EFLAGS_RF;
    cpu_set_sp(c, sp_plus(c, cpu_get_sp(c), (uint32_t)s));
}

/* ENTER imm16, imm8 (C8, 80186+): nesting level taken mod 32. The frame
 * pointer chain is read through BP/EBP by the stack-address size. */
void core_enter(struct cpu *c, struct insn *i)
{
    int s = i->opsize;
    unsigned level = i->imm2 & 31;
    bool s32 = stack_is32(c);
    uint32_t bp = s32 ? c->gpr[REG_EBP] : (c->gpr[REG_EBP] & 0xFFFF);
    cpu_push(c, s, c->gpr[REG_EBP]);
    uint32_t frame = cpu_get_sp(c);
    if (level > 0) {
        for (unsigned k = 1; k < level; k++) {
            bp = sp_plus(c, bp, (uint32_t)-s);
            cpu_push(c, s, cpu_read(c, SEG_SS, bp, s));
        }
        cpu_push(c, s, frame);
    }
    uint32_t sp = sp_plus(c, cpu_get_sp(c), (uint32_t)-(int32_t)(i->imm & 0xFFFF));
    if (c->model >= CPU_286) cpu_check_access(c, SEG_SS, sp, 1, true);
    cpu_reg_write(c, REG_EBP, s32 ? 4 : 2, frame);
    cpu_set_sp(c, sp);
}

/* LEAVE (C9, 80186+): (E)SP = (E)BP by stack size, then pop (E)BP. */
void core_leave(struct cpu *c, struct insn *i)
{
    uint32_t bp = c->gpr[REG_EBP];
    uint32_t v = cpu_read(c, SEG_SS, stack_is32(c) ? bp : (bp & 0xFFFF), i->opsize);
    cpu_set_sp(c, sp_plus(c, bp, (uint32_t)i->opsize));
    cpu_reg_write(c, REG_EBP, i->opsize, v);
}
