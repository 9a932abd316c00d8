/*
 * operand.c - operand access for instruction handlers: the ModR/M r/m
 * operand (a general register when mod = 3, else memory at seg:ea through
 * the segmentation/paging checks of access.h) and the ModR/M reg operand
 * (SDM Vol. 2A, 2.1.5, tables 2-1 and 2-2).
 */
#include "access.h"
#include "insn.h"

uint32_t op_read_E(struct cpu *c, struct insn *i, int size)
{
    if (i->mod == 3) return cpu_reg_read(c, i->rm, size);
    return cpu_read(c, i->seg, i->ea, size);
}

void op_write_E(struct cpu *c, struct insn *i, int size, uint32_t v)
{
    if (i->mod == 3) cpu_reg_write(c, i->rm, size, v);
    else cpu_write(c, i->seg, i->ea, size, v);
}

uint32_t op_read_G(struct cpu *c, struct insn *i, int size)
{
    return cpu_reg_read(c, i->reg, size);
}

void op_write_G(struct cpu *c, struct insn *i, int size, uint32_t v)
{
    cpu_reg_write(c, i->reg, size, v);
}
