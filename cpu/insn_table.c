/*
 * insn_table.c - the one instruction table: every row of cpu/table_*.def
 * (see insn.h for the row format and what is derived from it).
 */
#include <stddef.h>

#include "insn.h"

struct insn_row insn_table[] = {
#define INSN(op, reg, mn, opnds, cmin, cmax, fr, fw, fu, fn, arg) \
    { op, reg, mn, opnds, cmin, cmax, fr, fw, fu, fn, arg, 0, 0, 0 },
#include "table_base.def"
#include "table_alu.def"
#include "table_386.def"
#include "table_system.def"
#include "table_p6.def"
#include "table_fpu.def"
#undef INSN
    { 0, 0, NULL, NULL, 0, 0, 0, 0, 0, NULL, 0, 0, 0, 0 }
};

const unsigned insn_table_len = sizeof(insn_table) / sizeof(insn_table[0]) - 1;
