/*
 * insn.h - the instruction table and the decoded-instruction record.
 *
 * The instruction table is the single source of truth for the instruction
 * set: one row per instruction form, written with the INSN() X-macro in the
 * cpu/table_*.def files (all of them together form one table, insn_table[] in
 * insn_table.c). From it are derived:
 *   - the decoder's per-opcode attributes (ModR/M present, immediate sizes),
 *     parsed from the operand string at cpu_init();
 *   - the CPU-level gating (a row applies to models cpu_min..cpu_max; an
 *     opcode with no row for the model raises #UD);
 *   - the debugger's decoded-field display (mnemonic, operand forms, flags).
 *
 * Row fields: INSN(op, reg, mnemonic, operands, cpu_min, cpu_max,
 *                  flags_read, flags_written, flags_undefined, handler, arg)
 *   op        0x000-0x0FF one-byte opcodes, 0x100-0x1FF two-byte 0F xx.
 *   reg       -1, or 0-7: the row applies only when ModR/M.reg == reg (group
 *             opcodes such as 80 /0-/7, F7 /0-/7, 0F 01 /0-/7).
 *   mnemonic  Intel SDM mnemonic, upper case ("ADD", "JCC" rows may say "JO").
 *   operands  SDM Vol. 2 Appendix A notation, comma separated, "" for none:
 *             E = ModR/M r/m (reg or mem); G = ModR/M reg; M = memory-only
 *             r/m; R = register-only r/m; S = Sreg in ModR/M.reg;
 *             C/D = control/debug register in ModR/M.reg;
 *             I = immediate; J = relative offset; O = moffs (no ModR/M);
 *             A = direct far pointer; fixed registers as AL, eAX, DX, CS...
 *             Size suffixes: b byte, w word, d dword, v word/dword by operand
 *             size, z like v (an immediate is never 8 bytes here), p far
 *             pointer (16:16 or 16:32). "Ibs" is a byte immediate sign-
 *             extended to the operand size. Jb/Jz are sign-extended.
 *             The first operand's size letter gives insn.osize.
 *   cpu_min/cpu_max  enum cpu_model range the row applies to.
 *   flags_*   EFLAGS masks (F_* below) read / written / left undefined.
 *   handler   void fn(struct cpu *, struct insn *): the semantics.
 *   arg       integer passed to the handler in insn.row->arg (e.g. ALU op).
 */
#ifndef X86PC_INSN_H
#define X86PC_INSN_H

#include <stdint.h>

#include "cpu.h"

struct insn;

/* Executes one decoded instruction. May call cpu_raise() (which does not
 * return). On entry cpu->eip already points past the instruction. */
typedef void (*insn_handler)(struct cpu *c, struct insn *i);

/* One row of the instruction table (see the comment at the top). */
struct insn_row {
    uint16_t op;
    int8_t reg;
    const char *mnemonic;
    const char *operands;
    uint8_t cpu_min, cpu_max;
    uint32_t flags_read, flags_written, flags_undef;
    insn_handler handler;
    int arg;
    /* Derived at cpu_init() from `operands` (decode.c): */
    uint8_t has_modrm;   /* 1 if ModR/M follows the opcode */
    uint8_t imm_kind;    /* enum imm_kind: what immediate(s) follow */
    uint8_t size_kind;   /* enum size_kind of the first operand */
};

/* Flag masks for table rows. */
#define F_CF EFLAGS_CF
#define F_PF EFLAGS_PF
#define F_AF EFLAGS_AF
#define F_ZF EFLAGS_ZF
#define F_SF EFLAGS_SF
#define F_OF EFLAGS_OF
#define F_DF EFLAGS_DF
#define F_IF EFLAGS_IF
#define F_TF EFLAGS_TF
#define F_NONE 0u
#define F_OSZAPC (F_OF | F_SF | F_ZF | F_AF | F_PF | F_CF)
#define F_OSZPC (F_OF | F_SF | F_ZF | F_PF | F_CF)
#define F_SZAPC (F_SF | F_ZF | F_AF | F_PF | F_CF)
#define F_OSZAP (F_OF | F_SF | F_ZF | F_AF | F_PF)
#define F_SZP (F_SF | F_ZF | F_PF)
#define F_ALL 0xFFFFFFFFu

/* What immediates follow ModR/M+displacement (derived from operands). */
enum imm_kind {
    IMM_NONE = 0,
    IMM_B,     /* Ib: 1 byte, zero-extended */
    IMM_BS,    /* Ibs/Jb: 1 byte, sign-extended */
    IMM_W,     /* Iw: 2 bytes */
    IMM_Z,     /* Iz/Iv/Jz: 2 or 4 bytes by operand size (Jz sign-extended) */
    IMM_WB,    /* Iw,Ib (ENTER): imm = word, imm2 = byte */
    IMM_AP,    /* Ap: offset (2 or 4 bytes by operand size) in imm, selector in imm2 */
    IMM_O      /* Ob/Ov/Ow moffs: 2 or 4 bytes by address size, stored in ea */
};

/* Size of a row's first operand. */
enum size_kind { SZ_NONE = 0, SZ_B, SZ_W, SZ_D, SZ_V };

/*
 * One decoded instruction (filled by decode.c, read by the handler).
 * Re-used for every instruction: no allocation on the hot path.
 */
struct insn {
    const struct insn_row *row;
    uint16_t op;          /* 0x000-0x1FF as in the table */
    uint8_t modrm;        /* raw ModR/M byte when row->has_modrm */
    uint8_t mod, reg, rm; /* ModR/M fields */
    uint8_t sib;          /* raw SIB byte when present */
    uint8_t opsize;       /* operand size for v/z operands: 2 or 4 */
    uint8_t addrsize;     /* address size: 2 or 4 */
    uint8_t osize;        /* size of the first operand: 1, 2 or 4 (0 if none) */
    uint8_t seg;          /* segment of the memory operand: override or default */
    uint8_t seg_override; /* 1 when a segment-override prefix was present */
    uint8_t rep;          /* 0, 0xF2 (REPNE/REPNZ) or 0xF3 (REP/REPE/REPZ) */
    uint8_t lock;         /* 1 when LOCK (F0; F1 on the 8086) was present */
    uint8_t len;          /* length in bytes, prefixes included */
    uint32_t ea;          /* offset of the memory operand (mod != 3, or moffs),
                             already wrapped to the address size */
    uint32_t imm;         /* first immediate (see enum imm_kind) */
    uint32_t imm2;        /* second immediate (ENTER level, far selector) */
};

/* The instruction table: every row of every cpu/table_*.def file. */
extern struct insn_row insn_table[]; /* derived fields filled by decode_init() */
extern const unsigned insn_table_len;

/* Declare every handler named in the table. */
#define INSN(op, reg, mn, opnds, cmin, cmax, fr, fw, fu, fn, arg) \
    void fn(struct cpu *c, struct insn *i);
#include "table_base.def"
#include "table_alu.def"
#include "table_386.def"
#include "table_system.def"
#include "table_p6.def"
#include "table_fpu.def"
#undef INSN

/* Build the model's dispatch table and derived row attributes (decode.c).
 * Returns 0, or -1 with a message on stderr when two rows claim the same
 * opcode/reg for one model (a table error). */
int decode_init(struct cpu *c);

/* Decode the instruction at CS:EIP into *i, advancing cpu->eip past it.
 * Raises #UD for an opcode with no row for this model, #GP for an
 * instruction longer than 15 bytes (386+), #GP(0) beyond 10 bytes (286),
 * and any fetch fault (#GP/#SS limit, #PF). */
void decode(struct cpu *c, struct insn *i);

/* --- Operand access for handlers (operand.c) --- */

/* Read/write the r/m operand (register when mod==3, else memory at i->seg:i->ea). */
uint32_t op_read_E(struct cpu *c, struct insn *i, int size);
void op_write_E(struct cpu *c, struct insn *i, int size, uint32_t v);
/* Read/write the register selected by ModR/M.reg. */
uint32_t op_read_G(struct cpu *c, struct insn *i, int size);
void op_write_G(struct cpu *c, struct insn *i, int size, uint32_t v);

#endif
