/*
 * ops_bits.c - the 80386 bit instructions of the 0F page: BT, BTS, BTR, BTC
 * (register and immediate bit offset) and BSF, BSR.
 *
 * Sources: Intel SDM Vol. 2A "BT", "BTC", "BTR", "BTS", "BSF", "BSR";
 * Vol. 1, 3.7.5 (bit-field addressing: a register bit offset on a memory
 * operand is a signed integer that can address bits outside the operand).
 *
 * Flags: BT* set CF to the selected bit, leave ZF unchanged and leave OF SF
 * AF PF (undefined per the SDM) unchanged. BSF/BSR set ZF = (source == 0)
 * and leave CF OF SF AF PF (undefined) unchanged; with a zero source the
 * destination is left unchanged, as Intel processors do.
 */
#include "access.h"
#include "flags.h"
#include "insn.h"

/* New value of `v` after bit operation `op` (0 BT, 1 BTS, 2 BTR, 3 BTC) on
 * bit `bit` (0-31). */
static uint32_t bit_new(int op, uint32_t v, unsigned bit)
{
    uint32_t m = 1u << bit;
    switch (op) {
    case 1: return v | m;
    case 2: return v & ~m;
    case 3: return v ^ m;
    default: return v;
    }
}

/*
 * BT/BTS/BTR/BTC Ev,Gv (0F A3/AB/B3/BB). A register destination uses the
 * offset modulo the operand size. A memory destination treats the offset as
 * signed (16 or 32 bits by operand size) and addresses the operand-sized
 * word or dword at ea + size * floor(offset / bits), wrapped to the address
 * size (SDM Vol. 2A "BT", Vol. 1 3.7.5).
 */
void op_bt_reg(struct cpu *c, struct insn *i)
{
    int size = i->opsize;
    int op = i->row->arg;
    uint32_t off = op_read_G(c, i, size);
    if (i->mod == 3) {
        unsigned bit = off & (unsigned)(size * 8 - 1);
        uint32_t v = cpu_reg_read(c, i->rm, size);
        if (op) cpu_reg_write(c, i->rm, size, bit_new(op, v, bit));
        flags_set_bits(c, EFLAGS_CF, (v >> bit) & 1 ? EFLAGS_CF : 0);
        return;
    }
    int32_t soff = size == 2 ? (int32_t)(int16_t)off : (int32_t)off;
    /* Arithmetic shift gives floor division by 16 or 32 for negative offsets. */
    int32_t units = size == 2 ? (soff >> 4) : (soff >> 5);
    uint32_t ea = i->ea + (uint32_t)units * (uint32_t)size;
    if (i->addrsize == 2) ea &= 0xFFFF;
    unsigned bit = off & (unsigned)(size * 8 - 1);
    uint32_t v = cpu_read(c, i->seg, ea, size);
    if (op) {
        /* cpu_write checks the whole access before writing: a fault leaves
         * memory and (set below) CF untouched. */
        cpu_write(c, i->seg, ea, size, bit_new(op, v, bit));
    }
    flags_set_bits(c, EFLAGS_CF, (v >> bit) & 1 ? EFLAGS_CF : 0);
}

/* BT/BTS/BTR/BTC Ev,Ib (0F BA /4-/7): the immediate offset is taken modulo
 * the operand size for register and memory operands alike. */
void op_bt_imm(struct cpu *c, struct insn *i)
{
    int size = i->opsize;
    int op = i->row->arg;
    unsigned bit = i->imm & (unsigned)(size * 8 - 1);
    uint32_t v = op_read_E(c, i, size);
    if (op) op_write_E(c, i, size, bit_new(op, v, bit));
    flags_set_bits(c, EFLAGS_CF, (v >> bit) & 1 ? EFLAGS_CF : 0);
}

/* BSF/BSR Gv,Ev (0F BC/BD): index of the lowest (BSF) or highest (BSR) set
 * bit of the source into the destination; ZF=1 and destination unchanged
 * when the source is zero. */
void op_bsf_bsr(struct cpu *c, struct insn *i)
{
    int size = i->opsize;
    uint32_t v = op_read_E(c, i, size);
    if (v == 0) {
        flags_set_bits(c, EFLAGS_ZF, EFLAGS_ZF);
        return;
    }
    uint32_t idx = i->row->arg ? (uint32_t)(31 - __builtin_clz(v))
                               : (uint32_t)__builtin_ctz(v);
    op_write_G(c, i, size, idx);
    flags_set_bits(c, EFLAGS_ZF, 0);
}
