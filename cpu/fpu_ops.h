/*
 * fpu_ops.h - helpers shared by the x87 instruction files (fpu_ops.c,
 * fpu_arith.c, fpu_env.c, fpu_trans.c): register stack access with the
 * stack-fault rules, and the end-of-operation bookkeeping of the status
 * word (SDM Vol. 1, 8.1.3 status word, 8.1.7 tag word, 8.5 x87 exception
 * handling, 8.5.1.1 stack overflow/underflow).
 */
#ifndef X86PC_FPU_OPS_H
#define X86PC_FPU_OPS_H

#include "access.h"
#include "fpu_float.h"
#include "insn.h"

/* Physical register number of ST(i). */
static inline int fpu_phys(const struct cpu *c, int i) { return (c->fpu.top + i) & 7; }
static inline bool fpu_empty(const struct cpu *c, int i)
{
    return (c->fpu.empty >> fpu_phys(c, i)) & 1;
}
static inline struct fx80 fpu_get(const struct cpu *c, int i) { return c->fpu.st[fpu_phys(c, i)]; }
/* ST(i) = v, tagged non-empty. */
static inline void fpu_set(struct cpu *c, int i, struct fx80 v)
{
    int p = fpu_phys(c, i);
    c->fpu.st[p] = v;
    c->fpu.empty &= (uint8_t)~(1u << p);
}
/* Tag ST(0) empty and increment TOP. */
static inline void fpu_pop(struct cpu *c)
{
    c->fpu.empty |= (uint8_t)(1u << c->fpu.top);
    c->fpu.top = (c->fpu.top + 1) & 7;
}
/* Decrement TOP and set the new ST(0) (the caller checked for overflow). */
static inline void fpu_push(struct cpu *c, struct fx80 v)
{
    c->fpu.top = (c->fpu.top - 1) & 7;
    fpu_set(c, 0, v);
}
/* Context for an operation: PC applies only to the basic arithmetic
 * (FADD FSUB FMUL FDIV FSQRT and their forms, SDM Vol. 1, 8.1.5.2). */
static inline struct fx_ctx fpu_ctx(const struct cpu *c, bool use_pc)
{
    return fx_ctx_from_cw(c->fpu.cw, use_pc);
}

/* Recompute ES and B from the exception flags and masks, and FERR#. */
void fpu_update_es(struct cpu *c);

/* Merge the flags of an operation into the status word and set C1 from
 * x->c1 (C1 = "rounded up", else 0). Returns false when an unmasked IE, DE
 * or ZE means the destination must not be written (SDM Vol. 1, 8.5.1-8.5.3:
 * the operands are left unchanged). */
bool fpu_commit(struct cpu *c, struct fx_ctx *x);

/* Stack underflow (reading an empty register): IE+SF, C1=0. Returns true
 * when IE is masked (the caller then writes the real indefinite). */
bool fpu_underflow(struct cpu *c);
/* Push onto ST(7) not empty = stack overflow: IE+SF, C1=1. Masked: the
 * indefinite is pushed; true is returned either way so the caller stops. */
bool fpu_overflow_check(struct cpu *c);
/* Push a loaded value after the overflow check, merging ctx flags. */
void fpu_push_result(struct cpu *c, struct fx_ctx *x, struct fx80 v);

/* Memory operand helpers (segment and offset from the decoded insn; the
 * offset wraps at the address size). */
uint32_t fpu_addr(const struct insn *i, uint32_t k);
struct fx80 fpu_read80(struct cpu *c, struct insn *i, uint32_t k);
void fpu_write80(struct cpu *c, struct insn *i, uint32_t k, struct fx80 v);

/* Condition-code bits. */
static inline void fpu_set_cc(struct cpu *c, uint16_t cc)
{
    c->fpu.sw = (uint16_t)((c->fpu.sw & ~FSW_CC) | (cc & FSW_CC));
}

/* Instruction groups (the x87 opcode map, SDM Vol. 2, Appendix A.5): each
 * handles one ESC opcode with ModR/M.reg = reg, in register or memory form. */
void fpu_arith_mem(struct cpu *c, struct insn *i, int kind);  /* D8 DA DC DE memory */
void fpu_arith_reg(struct cpu *c, struct insn *i);            /* D8 DC DE register */
void fpu_d9_reg(struct cpu *c, struct insn *i);
void fpu_trans(struct cpu *c, struct insn *i);               /* D9 F0-FF */
void fpu_env_op(struct cpu *c, struct insn *i);              /* FLDENV FNSTENV FRSTOR FNSAVE */
void fpu_bcd_load(struct cpu *c, struct insn *i);
void fpu_bcd_store(struct cpu *c, struct insn *i);
void fpu_dd_reg(struct cpu *c, struct insn *i);            /* DD, DF /1-/3 register */
/* FCOM/FCOMP/FCOMPP/FUCOM*: compare ST(0) with ST(st), set C3 C2 C0, pop
 * `npop` times (0-2). */
void fpu_compare_st(struct cpu *c, int st, bool quiet, int npop);
/* FCOMI/FUCOMI(P): compare ST(0) with ST(st) into ZF PF CF. */
void fpu_comi(struct cpu *c, int st, bool quiet, bool pop);
/* The status word with TOP in bits 13-11. */
uint16_t fpu_status_word(const struct cpu *c);
/* The tag word computed from the register contents (fpu_env.c). */
uint16_t fpu_tag_word(const struct cpu *c);
/* Load the control word (FLDCW/FLDENV/FRSTOR): reserved bits forced. */
void fpu_load_cw(struct cpu *c, uint16_t cw);

#endif
