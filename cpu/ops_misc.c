/*
 * ops_misc.c - HLT, the flag instructions CLC STC CMC CLD STD CLI STI, WAIT
 * and the ESC opcodes D8-DF with no coprocessor attached. Source: SDM Vol. 2
 * pages "HLT", "CLC", "STC", "CMC", "CLD", "STD", "CLI", "STI" (IOPL and
 * CR4.VME/PVI rules: SDM Vol. 3A 20.4), "WAIT/FWAIT"; SDM Vol. 3A 2.5 (CR0.EM,
 * MP, TS) and 6.15 "#NM".
 */
#include "ops_core.h"

/* HLT (F4): privileged in protected and V86 mode (#GP(0) unless CPL 0).
 * The CPU stops until NMI or an enabled INTR (cpu_run). */
void core_hlt(struct cpu *c, struct insn *i)
{
    (void)i;
    if (cpu_pe(c) && c->cpl != 0) cpu_gp(c, 0);
    c->halted = true;
}

void core_cmc(struct cpu *c, struct insn *i)
{
    (void)i;
    flags_set_bits(c, EFLAGS_CF, flag_cf(c) ? 0 : EFLAGS_CF);
}

void core_clc(struct cpu *c, struct insn *i)
{
    (void)i;
    flags_set_bits(c, EFLAGS_CF, 0);
}

void core_stc(struct cpu *c, struct insn *i)
{
    (void)i;
    flags_set_bits(c, EFLAGS_CF, EFLAGS_CF);
}

void core_cld(struct cpu *c, struct insn *i)
{
    (void)i;
    c->eflags &= ~EFLAGS_DF;
}

void core_std(struct cpu *c, struct insn *i)
{
    (void)i;
    c->eflags |= EFLAGS_DF;
}

/* Where CLI/STI act: 0 = IF, 1 = VIF (CR4.VME in V86 mode, CR4.PVI at
 * CPL 3), or #GP(0). */
static int if_target(struct cpu *c)
{
    if (!cpu_pe(c)) return 0;
    if (!cpu_v86(c)) {
        if (cpu_iopl(c) >= c->cpl) return 0;
        if (c->cpl == 3 && (c->cr[4] & CR4_PVI)) return 1;
        cpu_gp(c, 0);
    }
    if (cpu_iopl(c) == 3) return 0;
    if (c->cr[4] & CR4_VME) return 1;
    cpu_gp(c, 0);
}

void core_cli(struct cpu *c, struct insn *i)
{
    (void)i;
    if (if_target(c)) c->eflags &= ~EFLAGS_VIF;
    else c->eflags &= ~EFLAGS_IF;
}

/* STI: interrupts are recognised only after the next instruction when IF
 * was 0 (interrupt shadow). Setting VIF with VIP pending is #GP(0). */
void core_sti(struct cpu *c, struct insn *i)
{
    (void)i;
    if (if_target(c)) {
        if (c->eflags & EFLAGS_VIP) cpu_gp(c, 0);
        c->eflags |= EFLAGS_VIF;
        return;
    }
    if (!(c->eflags & EFLAGS_IF)) c->intr_shadow = true;
    c->eflags |= EFLAGS_IF;
}

/* WAIT/FWAIT (9B) with no coprocessor: #NM when CR0.MP and CR0.TS are both
 * set (286+); otherwise nothing to wait for. (The 386+ models have the x87
 * and its WAIT, which also reports pending x87 exceptions: table_fpu.def.) */
void core_wait(struct cpu *c, struct insn *i)
{
    (void)i;
    if (c->model >= CPU_286 && (c->cr[0] & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS))
        cpu_raise(c, EXC_NM, false, 0);
}

/* Size in bytes of the memory operand of ESC opcode D8+esc with ModR/M.reg
 * `reg` (SDM Vol. 2A, x87 opcode map A.5): m32fp/m32int, m64fp/m64int,
 * m16int, m80 (FLD/FSTP m80fp, FBLD/FBSTP), m2byte (FLDCW/FSTCW/FSTSW),
 * 14-byte environment and 94-byte state images (16-bit forms). */
static int esc_mem_size(int esc, int reg)
{
    switch (esc) {
    case 0: return 4;
    case 1: return reg == 4 || reg == 6 ? 14 : (reg == 5 || reg == 7) ? 2 : 4;
    case 2: return 4;
    case 3: return reg == 5 || reg == 7 ? 10 : 4;
    case 4: return 8;
    case 5: return reg == 4 || reg == 6 ? 94 : reg == 7 ? 2 : 8;
    case 6: return 2;
    default: return reg == 4 || reg == 6 ? 10 : (reg == 5 || reg == 7) ? 8 : 2;
    }
}

/* ESC D8-DF with no coprocessor: the ModR/M (and displacement) has been
 * decoded; on the 286+ CR0.EM or CR0.TS raise #NM. The 80286 still runs
 * the memory operand's segment checks (#GP/#SS for an operand beyond the
 * limit, as the 80286 captures show); otherwise the instruction has no
 * effect (nothing answers on the coprocessor bus). */
void core_esc(struct cpu *c, struct insn *i)
{
    if (c->model < CPU_286) return;
    if (c->cr[0] & (CR0_EM | CR0_TS)) cpu_raise(c, EXC_NM, false, 0);
    if (i->mod != 3) cpu_check_access(c, i->seg, i->ea, esc_mem_size(i->row->arg, i->reg), false);
}
