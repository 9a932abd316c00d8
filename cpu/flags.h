/*
 * flags.h - lazy evaluation of the arithmetic status flags (CF PF AF ZF SF OF).
 *
 * Flag-setting instructions record the operation, operands and result in
 * cpu->lf instead of computing six flags every time; a flag is computed only
 * when something reads it (Jcc, PUSHF, ADC, ...). SDM Vol. 1, 3.4.3.1 and
 * Appendix A (EFLAGS cross-reference) define the results.
 */
#ifndef X86PC_FLAGS_H
#define X86PC_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* Evaluate condition code cc (0-15, the low nibble of Jcc/SETcc/CMOVcc:
 * O NO B NB Z NZ BE NBE S NS P NP L NL LE NLE; SDM Vol. 2, Appendix B.1.4.7). */
bool cpu_cond(struct cpu *c, int cc);

/* Individual arithmetic flags as 0/1. */
bool flag_cf(struct cpu *c);
bool flag_zf(struct cpu *c);
bool flag_sf(struct cpu *c);
bool flag_of(struct cpu *c);
bool flag_pf(struct cpu *c);
bool flag_af(struct cpu *c);

#endif
