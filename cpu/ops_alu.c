/*
 * ops_alu.c - two-operand integer arithmetic and logic: ADD OR ADC SBB AND
 * SUB XOR CMP TEST in all their forms (00-3D, 80-85, A8/A9, F6/F7 /0 /1),
 * NOT, NEG and INC/DEC (40-4F, FE/FF /0 /1).
 *
 * Semantics and flags: SDM Vol. 2A/2B instruction pages (ADD, ADC, AND, CMP,
 * DEC, INC, NEG, NOT, OR, SBB, SUB, TEST, XOR). Flags are recorded lazily
 * (flags.h) and only after the destination write, so a faulting memory write
 * leaves EFLAGS untouched. Memory destinations are read, computed, then
 * written; cpu_write() checks the whole access before changing memory.
 */
#include "access.h"
#include "flags.h"
#include "insn.h"

/* ALU operation numbers: the row arg (opcode bits 5:3, or ModR/M.reg of
 * group 1), plus 8 for TEST. */
enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP, ALU_TEST };

/*
 * Compute `d op s` on `size`-byte operands and record the flags. Returns the
 * result; the caller writes it back (unless CMP/TEST) BEFORE calling
 * alu_flags() with the returned kind.
 */
static inline uint32_t alu_compute(struct cpu *c, int op, uint32_t d, uint32_t s,
                                   enum lazy_kind *kind)
{
    switch (op) {
    case ALU_ADD: *kind = LK_ADD; return d + s;
    case ALU_OR:  *kind = LK_LOGIC; return d | s;
    case ALU_ADC:
        if (flag_cf(c)) { *kind = LK_ADC; return d + s + 1; }
        *kind = LK_ADD; return d + s;
    case ALU_SBB:
        if (flag_cf(c)) { *kind = LK_SBB; return d - s - 1; }
        *kind = LK_SUB; return d - s;
    case ALU_AND: case ALU_TEST: *kind = LK_LOGIC; return d & s;
    case ALU_SUB: case ALU_CMP: *kind = LK_SUB; return d - s;
    default: *kind = LK_LOGIC; return d ^ s; /* ALU_XOR */
    }
}

/* True when the operation stores its result (all but CMP and TEST). */
static inline bool alu_writes(int op) { return op != ALU_CMP && op != ALU_TEST; }

/* 00 01 08 09 ... 38 39, 84 85: op Eb,Gb / Ev,Gv. */
void alu_arith_EG(struct cpu *c, struct insn *i)
{
    int size = i->osize, op = i->row->arg;
    enum lazy_kind kind;
    uint32_t d = op_read_E(c, i, size) & sz_mask(size);
    uint32_t s = op_read_G(c, i, size) & sz_mask(size);
    uint32_t r = alu_compute(c, op, d, s, &kind);
    if (alu_writes(op)) op_write_E(c, i, size, r & sz_mask(size));
    lf_set(c, kind, size, d, s, r);
}

/* 02 03 0A 0B ... 3A 3B: op Gb,Eb / Gv,Ev. */
void alu_arith_GE(struct cpu *c, struct insn *i)
{
    int size = i->osize, op = i->row->arg;
    enum lazy_kind kind;
    uint32_t d = op_read_G(c, i, size) & sz_mask(size);
    uint32_t s = op_read_E(c, i, size) & sz_mask(size);
    uint32_t r = alu_compute(c, op, d, s, &kind);
    if (alu_writes(op)) op_write_G(c, i, size, r & sz_mask(size));
    lf_set(c, kind, size, d, s, r);
}

/* 04 05 0C 0D ... 3C 3D, A8 A9: op AL,Ib / eAX,Iz. */
void alu_arith_AI(struct cpu *c, struct insn *i)
{
    int size = (i->op & 1) ? i->opsize : 1, op = i->row->arg;
    enum lazy_kind kind;
    uint32_t d = cpu_reg_read(c, REG_EAX, size);
    uint32_t s = i->imm & sz_mask(size);
    uint32_t r = alu_compute(c, op, d, s, &kind);
    if (alu_writes(op)) cpu_reg_write(c, REG_EAX, size, r & sz_mask(size));
    lf_set(c, kind, size, d, s, r);
}

/* Group 1 (80 81 82 83 /0-/7) and TEST F6/F7 /0 /1: op E,imm. */
void alu_arith_EI(struct cpu *c, struct insn *i)
{
    int size = i->osize, op = i->row->arg;
    enum lazy_kind kind;
    uint32_t d = op_read_E(c, i, size) & sz_mask(size);
    uint32_t s = i->imm & sz_mask(size);
    uint32_t r = alu_compute(c, op, d, s, &kind);
    if (alu_writes(op)) op_write_E(c, i, size, r & sz_mask(size));
    lf_set(c, kind, size, d, s, r);
}

/* F6/F7 /2: NOT E (one's complement; no flags affected). */
void alu_not(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    uint32_t d = op_read_E(c, i, size);
    op_write_E(c, i, size, ~d & sz_mask(size));
}

/* F6/F7 /3: NEG E = 0 - E; CF = (E != 0), other flags as SUB 0,E. */
void alu_neg(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    uint32_t d = op_read_E(c, i, size) & sz_mask(size);
    uint32_t r = (0u - d) & sz_mask(size);
    op_write_E(c, i, size, r);
    lf_set(c, LK_SUB, size, 0, d, r);
}

/* 40-47: INC r16/r32 (register number in opcode bits 2:0). */
void alu_inc_r(struct cpu *c, struct insn *i)
{
    int size = i->opsize, reg = i->op & 7;
    uint32_t d = cpu_reg_read(c, reg, size);
    uint32_t r = (d + 1) & sz_mask(size);
    cpu_reg_write(c, reg, size, r);
    lf_set_incdec(c, LK_INC, size, d, r);
}

/* 48-4F: DEC r16/r32. */
void alu_dec_r(struct cpu *c, struct insn *i)
{
    int size = i->opsize, reg = i->op & 7;
    uint32_t d = cpu_reg_read(c, reg, size);
    uint32_t r = (d - 1) & sz_mask(size);
    cpu_reg_write(c, reg, size, r);
    lf_set_incdec(c, LK_DEC, size, d, r);
}

/* FE/FF /0 INC E (arg 0), /1 DEC E (arg 1). CF is preserved. */
void alu_incdec_E(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    bool dec = i->row->arg != 0;
    uint32_t d = op_read_E(c, i, size) & sz_mask(size);
    uint32_t r = (dec ? d - 1 : d + 1) & sz_mask(size);
    op_write_E(c, i, size, r);
    lf_set_incdec(c, dec ? LK_DEC : LK_INC, size, d, r);
}
