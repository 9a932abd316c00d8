/*
 * ops_bcd.c - decimal adjust: DAA DAS AAA AAS AAM AAD (27 2F 37 3F D4 D5).
 *
 * SDM Vol. 2A "DAA", "DAS", "AAA", "AAS", "AAM", "AAD" give the 80286+
 * behaviour. The 8086 differs (observed on silicon, SingleStepTests 8086
 * vectors; matching the 8086 microcode):
 *  - DAA/DAS: the high-digit adjust tests old AL > 0x9F instead of > 0x99
 *    when AF was set, and the carry/borrow out of the low-digit +/-6 does not
 *    set CF;
 *  - AAA/AAS: adjust AL by +/-6 and AH by +/-1 separately (no carry from AL
 *    into AH), where the 286+ adds/subtracts 0x106 / 6 on the whole AX.
 * AAM with an immediate of 0 raises #DE. Undefined flags: DAA/DAS OF (we
 * clear it); AAA/AAS OF SF ZF PF (we give SF ZF PF of AL, OF = 0); AAM/AAD
 * OF AF CF (we clear them).
 */
#include "access.h"
#include "flags.h"
#include "insn.h"

/* DAA (arg 0) and DAS (subtract = true). */
static void decimal_adjust(struct cpu *c, bool subtract)
{
    uint32_t al = cpu_reg_read(c, REG_EAX, 1), old_al = al;
    bool old_cf = flag_cf(c), af = flag_af(c);
    uint32_t f = 0;
    bool i8086 = c->model == CPU_8086;

    if ((al & 0x0F) > 9 || af) {
        if (!i8086 && (subtract ? al < 6 : al >= 0xFA)) f |= EFLAGS_CF;
        al = (subtract ? al - 6 : al + 6) & 0xFF;
        f |= EFLAGS_AF;
    }
    uint32_t limit = (i8086 && af) ? 0x9F : 0x99;
    if (old_al > limit || old_cf) {
        al = (subtract ? al - 0x60 : al + 0x60) & 0xFF;
        f |= EFLAGS_CF;
    }
    cpu_reg_write(c, REG_EAX, 1, al);
    lf_set_szp(c, 1, al, f);
}

/* 27: DAA. */
void alu_daa(struct cpu *c, struct insn *i) { (void)i; decimal_adjust(c, false); }

/* 2F: DAS. */
void alu_das(struct cpu *c, struct insn *i) { (void)i; decimal_adjust(c, true); }

/* AAA (subtract false) / AAS (subtract true). */
static void ascii_adjust(struct cpu *c, bool subtract)
{
    uint32_t ax = cpu_reg_read(c, REG_EAX, 2);
    uint32_t al = ax & 0xFF, ah = ax >> 8, f = 0;

    if ((al & 0x0F) > 9 || flag_af(c)) {
        if (c->model == CPU_8086) {
            al = (subtract ? al - 6 : al + 6) & 0xFF;
            ah = (subtract ? ah - 1 : ah + 1) & 0xFF;
        } else if (subtract) {
            ax = (ax - 6) & 0xFFFF;
            al = ax & 0xFF;
            ah = ((ax >> 8) - 1) & 0xFF;
        } else {
            ax = (ax + 0x106) & 0xFFFF;
            al = ax & 0xFF;
            ah = ax >> 8;
        }
        f = EFLAGS_AF | EFLAGS_CF;
    }
    al &= 0x0F;
    cpu_reg_write(c, REG_EAX, 2, (ah << 8) | al);
    lf_set_szp(c, 1, al, f);
}

/* 37: AAA. */
void alu_aaa(struct cpu *c, struct insn *i) { (void)i; ascii_adjust(c, false); }

/* 3F: AAS. */
void alu_aas(struct cpu *c, struct insn *i) { (void)i; ascii_adjust(c, true); }

/* D4 ib: AAM: AH = AL / imm8, AL = AL % imm8; #DE when imm8 = 0. The
 * 8086 sets SF ZF PF as for a zero result before raising that #DE (seen in
 * the FLAGS image pushed by the fault on silicon); the 80286 does not. */
void alu_aam(struct cpu *c, struct insn *i)
{
    uint32_t base = i->imm & 0xFF, al = cpu_reg_read(c, REG_EAX, 1);
    if (base == 0) {
        if (c->model == CPU_8086) {
            flags_fold(c);
            lf_set_szp(c, 1, 0, c->eflags);
        }
        cpu_raise(c, EXC_DE, false, 0);
    }
    uint32_t q = al / base, r = al % base;
    cpu_reg_write(c, REG_EAX, 2, (q << 8) | r);
    lf_set_szp(c, 1, r, 0);
}

/* D5 ib: AAD: AL = (AL + AH * imm8) & 0xFF, AH = 0. */
void alu_aad(struct cpu *c, struct insn *i)
{
    uint32_t base = i->imm & 0xFF, ax = cpu_reg_read(c, REG_EAX, 2);
    uint32_t al = ((ax & 0xFF) + (ax >> 8) * base) & 0xFF;
    cpu_reg_write(c, REG_EAX, 2, al);
    lf_set_szp(c, 1, al, 0);
}
