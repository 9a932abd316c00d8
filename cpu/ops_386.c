/*
 * ops_386.c - 0F-page integer instructions other than the bit instructions
 * (ops_bits.c): MOVZX/MOVSX, SETcc, Jcc rel16/32, PUSH/POP FS/GS,
 * LFS/LGS/LSS (80386); BSWAP, XADD, CMPXCHG, INVD/WBINVD (80486);
 * CMPXCHG8B (Pentium); CMOVcc, UD2, NOP Ev (P6).
 *
 * Source: Intel SDM Vol. 2A/2B, the pages of each mnemonic (operation
 * pseudo-code and flags). Model gating is in table_386.def.
 */
#include "access.h"
#include "flags.h"
#include "insn.h"
#include "seg.h"

/* MOVZX Gv,Eb/Ew: zero-extend a byte (arg 1) or word (arg 2) source. */
void op_movzx(struct cpu *c, struct insn *i)
{
    uint32_t v = op_read_E(c, i, i->row->arg);
    op_write_G(c, i, i->opsize, v);
}

/* MOVSX Gv,Eb/Ew: sign-extend a byte (arg 1) or word (arg 2) source. */
void op_movsx(struct cpu *c, struct insn *i)
{
    uint32_t v = op_read_E(c, i, i->row->arg);
    v = i->row->arg == 1 ? (uint32_t)(int8_t)v : (uint32_t)(int16_t)v;
    op_write_G(c, i, i->opsize, v);
}

/* SETcc Eb: 1 when condition `arg` holds, else 0. */
void op_setcc(struct cpu *c, struct insn *i)
{
    op_write_E(c, i, 1, cpu_cond(c, i->row->arg) ? 1 : 0);
}

/* Jcc rel16/rel32 (0F 80-8F): EIP += rel when the condition holds; with a
 * 16-bit operand size the new EIP is truncated to 16 bits. A target beyond
 * the CS limit raises #GP(0) (SDM Vol. 2A "Jcc" operation). */
void op_jcc_near(struct cpu *c, struct insn *i)
{
    if (!cpu_cond(c, i->row->arg)) return;
    uint32_t t = c->eip + i->imm;
    if (i->opsize == 2) t &= 0xFFFF;
    if (t > c->seg[SEG_CS].limit) cpu_gp(c, 0);
    c->eip = t;
}

/* PUSH FS/GS. With a 32-bit operand size ESP moves by 4; the P6 writes only
 * the 16-bit selector, leaving the upper word of the slot unchanged, while
 * the 386/486/Pentium store the zero-extended selector (SDM Vol. 2B "PUSH":
 * "either a zero-extended value is pushed or the selector is written using
 * a 16-bit move"). Same model split as PUSH ES/CS/SS/DS (ops_stack.c). */
void op_push_fsgs(struct cpu *c, struct insn *i)
{
    uint16_t sel = c->seg[i->row->arg].sel;
    if (i->opsize == 2 || c->model < CPU_P6) {
        cpu_push(c, i->opsize, sel);
        return;
    }
    uint32_t sp = cpu_get_sp(c);
    bool big = (c->seg[SEG_SS].ar & AR_DB) != 0;
    uint32_t nsp = big ? sp - 4 : ((sp - 4) & 0xFFFF);
    /* Check the full 4-byte slot, as a dword push would, then store. */
    cpu_check_access(c, SEG_SS, nsp, 4, true);
    cpu_write(c, SEG_SS, nsp, 2, sel);
    cpu_set_sp(c, nsp);
}

/* POP FS/GS: pops 2 or 4 bytes and loads the low 16 bits as a selector
 * (protected-mode checks in cpu_load_seg; a fault restores ESP). */
void op_pop_fsgs(struct cpu *c, struct insn *i)
{
    uint32_t v = cpu_pop(c, i->opsize);
    cpu_load_seg(c, i->row->arg, (uint16_t)v);
}

/* LSS/LFS/LGS Gv,Mp: offset (2 or 4 bytes) then selector from memory; the
 * segment register is loaded before the general register so a faulting
 * load leaves the register unchanged. Register form: #UD. */
void op_lfp386(struct cpu *c, struct insn *i)
{
    if (i->mod == 3) cpu_ud(c);
    uint32_t off = cpu_read(c, i->seg, i->ea, i->opsize);
    uint32_t selea = i->ea + i->opsize;
    if (i->addrsize == 2) selea &= 0xFFFF;
    uint16_t sel = (uint16_t)cpu_read(c, i->seg, selea, 2);
    cpu_load_seg(c, i->row->arg, sel);
    op_write_G(c, i, i->opsize, off);
}

/* BSWAP r32 (0F C8+r). With a 16-bit operand size the result is undefined
 * per the SDM; Intel processors clear the 16-bit register, and so do we. */
void op_bswap(struct cpu *c, struct insn *i)
{
    int r = i->row->arg;
    if (i->opsize == 2) {
        cpu_reg_write(c, r, 2, 0);
        return;
    }
    c->gpr[r] = __builtin_bswap32(c->gpr[r]);
}

/* XADD Eb,Gb / Ev,Gv: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP; flags as
 * ADD. The memory write comes first so that a fault changes nothing; with
 * the same register as both operands the sum wins. */
void op_xadd(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    uint32_t d = op_read_E(c, i, size);
    uint32_t s = op_read_G(c, i, size);
    uint32_t t = d + s;
    if (i->mod == 3) {
        op_write_G(c, i, size, d);
        op_write_E(c, i, size, t);
    } else {
        op_write_E(c, i, size, t);
        op_write_G(c, i, size, d);
    }
    lf_set(c, LK_ADD, size, d, s, t);
}

/* CMPXCHG Eb,Gb / Ev,Gv: compare the accumulator with DEST (flags as CMP
 * accumulator, DEST); equal: DEST = SRC; else accumulator = DEST and, for
 * a memory DEST, DEST is written back with its own value as the processor
 * always writes the destination (SDM Vol. 2A "CMPXCHG"). */
void op_cmpxchg(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    uint32_t m = sz_mask(size);
    uint32_t d = op_read_E(c, i, size);
    uint32_t a = cpu_reg_read(c, REG_EAX, size);
    if (a == d) {
        op_write_E(c, i, size, op_read_G(c, i, size));
    } else {
        if (i->mod != 3) op_write_E(c, i, size, d);
        cpu_reg_write(c, REG_EAX, size, d);
    }
    lf_set(c, LK_SUB, size, a, d, (a - d) & m);
}

/* CMPXCHG8B m64 (0F C7 /1): compare EDX:EAX with m64; equal: ZF=1 and
 * m64 = ECX:EBX; else ZF=0, m64 written back unchanged and EDX:EAX = m64.
 * Other flags unchanged. Register form: #UD. */
void op_cmpxchg8b(struct cpu *c, struct insn *i)
{
    if (i->mod == 3) cpu_ud(c);
    uint64_t v = cpu_read64(c, i->seg, i->ea);
    uint64_t acc = ((uint64_t)c->gpr[REG_EDX] << 32) | c->gpr[REG_EAX];
    if (v == acc) {
        cpu_write64(c, i->seg, i->ea, ((uint64_t)c->gpr[REG_ECX] << 32) | c->gpr[REG_EBX]);
        flags_set_bits(c, EFLAGS_ZF, EFLAGS_ZF);
    } else {
        cpu_write64(c, i->seg, i->ea, v);
        c->gpr[REG_EAX] = (uint32_t)v;
        c->gpr[REG_EDX] = (uint32_t)(v >> 32);
        flags_set_bits(c, EFLAGS_ZF, 0);
    }
}

/* CMOVcc Gv,Ev: the source is always read (a memory source can fault even
 * when the condition is false); the destination is written only when the
 * condition holds. */
void op_cmovcc(struct cpu *c, struct insn *i)
{
    uint32_t v = op_read_E(c, i, i->opsize);
    if (cpu_cond(c, i->row->arg)) op_write_G(c, i, i->opsize, v);
}

/* UD2: raises #UD. */
void op_ud2(struct cpu *c, struct insn *i)
{
    (void)i;
    cpu_ud(c);
}

/* NOP Ev / hint NOPs: the ModR/M operand is decoded but never accessed. */
void op_nop_ev(struct cpu *c, struct insn *i)
{
    (void)c;
    (void)i;
}

/* INVD (arg 0) / WBINVD (arg 1): privileged (CPL 0, so #GP(0) in V86 mode
 * and at CPL > 0); the caches are not modelled, so nothing else happens. */
void op_invd(struct cpu *c, struct insn *i)
{
    (void)i;
    if (cpu_pe(c) && (cpu_v86(c) || c->cpl != 0)) cpu_gp(c, 0);
}
