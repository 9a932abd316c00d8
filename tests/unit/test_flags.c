/*
 * test_flags.c - unit tests of the lazy flags (cpu/flags.c) and the ALU,
 * shift, multiply/divide and BCD handlers, on edge cases from the Intel SDM
 * Vol. 2 instruction pages. Covers 32-bit operands, which the 8086/80286
 * SingleStepTests vectors cannot. Handlers are called directly with a
 * register-form decoded instruction (ModR/M.mod = 3), so no memory is needed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <cmocka.h>

#include "../../cpu/flags.h"
#include "../../cpu/insn.h"
#include "../../mmu/mem.h"

static struct cpu cpu;
static struct insn_row row;
static struct insn in;

/* Fresh CPU of `model` with EFLAGS = 2 and a register-form instruction of
 * operand size `size` whose r/m is `rm` and ModR/M.reg is `reg`. */
static struct cpu *setup(enum cpu_model model, int size, int rm, int reg, int arg)
{
    memset(&cpu, 0, sizeof(cpu));
    cpu.model = model;
    cpu.eflags = EFLAGS_R1;
    memset(&row, 0, sizeof(row));
    row.arg = arg;
    memset(&in, 0, sizeof(in));
    in.row = &row;
    in.mod = 3;
    in.rm = (uint8_t)rm;
    in.reg = (uint8_t)reg;
    in.osize = (uint8_t)size;
    in.opsize = (uint8_t)(size == 1 ? 2 : size);
    in.addrsize = 2;
    in.op = size == 1 ? 0x00 : 0x01;
    return &cpu;
}

/* The six arithmetic flags after folding. */
static uint32_t arith(void) { return cpu_get_eflags(&cpu) & EFLAGS_ARITH; }

/* Set the arithmetic flags to exactly `f`. */
static void set_arith(uint32_t f) { cpu_set_eflags(&cpu, f, EFLAGS_ARITH); }

enum { OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP };

/* Run `op` on EAX (dst, r/m) and ECX (src, reg) of `size`; returns result. */
static uint32_t alu(enum cpu_model m, int op, int size, uint32_t d, uint32_t s, uint32_t flags_in)
{
    setup(m, size, REG_EAX, REG_ECX, op);
    set_arith(flags_in);
    cpu_reg_write(&cpu, REG_EAX, size, d);
    cpu_reg_write(&cpu, REG_ECX, size, s);
    alu_arith_EG(&cpu, &in);
    return cpu_reg_read(&cpu, REG_EAX, size);
}

static void test_add_byte_overflow(void **st)
{
    (void)st;
    /* SDM ADD: 0x7F + 1 = 0x80: OF (signed overflow), SF, AF (carry from bit 3). */
    assert_int_equal(alu(CPU_8086, OP_ADD, 1, 0x7F, 1, 0), 0x80);
    assert_int_equal(arith(), EFLAGS_OF | EFLAGS_SF | EFLAGS_AF);
    /* 0xFF + 1 = 0: CF ZF AF PF (0 has even parity). */
    assert_int_equal(alu(CPU_8086, OP_ADD, 1, 0xFF, 1, 0), 0);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_ZF | EFLAGS_AF | EFLAGS_PF);
}

static void test_pf_low_byte_only(void **st)
{
    (void)st;
    /* 0x00FF + 0x0100 = 0x01FF: low byte 0xFF has 8 ones -> PF = 1. */
    assert_int_equal(alu(CPU_286, OP_ADD, 2, 0x00FF, 0x0100, 0), 0x01FF);
    assert_int_equal(arith(), EFLAGS_PF);
    /* 32-bit: 0x7FFFFF00 + 0x01 = 0x7FFFFF01: low byte one bit -> PF = 0. */
    assert_int_equal(alu(CPU_386, OP_ADD, 4, 0x7FFFFF00, 1, 0), 0x7FFFFF01);
    assert_int_equal(arith(), 0);
}

static void test_add_sub_32(void **st)
{
    (void)st;
    assert_int_equal(alu(CPU_386, OP_ADD, 4, 0x7FFFFFFF, 1, 0), 0x80000000);
    assert_int_equal(arith(), EFLAGS_OF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    assert_int_equal(alu(CPU_386, OP_ADD, 4, 0x80000000, 0x80000000, 0), 0);
    assert_int_equal(arith(), EFLAGS_OF | EFLAGS_CF | EFLAGS_ZF | EFLAGS_PF);
    assert_int_equal(alu(CPU_386, OP_SUB, 4, 0x80000000, 1, 0), 0x7FFFFFFF);
    assert_int_equal(arith(), EFLAGS_OF | EFLAGS_AF | EFLAGS_PF);
    assert_int_equal(alu(CPU_386, OP_SUB, 4, 1, 2, 0), 0xFFFFFFFF);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    /* CMP does not write. */
    assert_int_equal(alu(CPU_386, OP_CMP, 4, 5, 5, 0), 5);
    assert_int_equal(arith(), EFLAGS_ZF | EFLAGS_PF);
}

static void test_adc_sbb_carry_in(void **st)
{
    (void)st;
    /* ADC: 0xFFFFFFFF + 0 + CF = 0 with carry out. */
    assert_int_equal(alu(CPU_386, OP_ADC, 4, 0xFFFFFFFF, 0, EFLAGS_CF), 0);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_ZF | EFLAGS_AF | EFLAGS_PF);
    /* ADC: 0x7FFFFFFF + 0xFFFFFFFF + 1 = 0x7FFFFFFF, CF = 1, OF = 0. */
    assert_int_equal(alu(CPU_386, OP_ADC, 4, 0x7FFFFFFF, 0xFFFFFFFF, EFLAGS_CF), 0x7FFFFFFF);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_AF | EFLAGS_PF);
    /* ADC byte: 0x7F + 0 + 1 = 0x80: OF SF AF. */
    assert_int_equal(alu(CPU_8086, OP_ADC, 1, 0x7F, 0, EFLAGS_CF), 0x80);
    assert_int_equal(arith(), EFLAGS_OF | EFLAGS_SF | EFLAGS_AF);
    /* SBB with borrow: 0 - 0 - 1 = 0xFF: CF SF AF PF. */
    assert_int_equal(alu(CPU_8086, OP_SBB, 1, 0, 0, EFLAGS_CF), 0xFF);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    /* SBB: 0x80000000 - 0 - 1 = 0x7FFFFFFF: OF, no CF. */
    assert_int_equal(alu(CPU_386, OP_SBB, 4, 0x80000000, 0, EFLAGS_CF), 0x7FFFFFFF);
    assert_int_equal(arith(), EFLAGS_OF | EFLAGS_AF | EFLAGS_PF);
    /* SBB: 5 - 0xFFFFFFFF - 1 = 5 with borrow. */
    assert_int_equal(alu(CPU_386, OP_SBB, 4, 5, 0xFFFFFFFF, EFLAGS_CF), 5);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_AF | EFLAGS_PF);
    /* SBB without carry-in behaves as SUB. */
    assert_int_equal(alu(CPU_286, OP_SBB, 2, 0x8000, 1, 0), 0x7FFF);
    assert_int_equal(arith(), EFLAGS_OF | EFLAGS_AF | EFLAGS_PF);
}

static void test_logic(void **st)
{
    (void)st;
    assert_int_equal(alu(CPU_386, OP_XOR, 4, 0xF0F0F0F0, 0xF0F0F0F0, EFLAGS_CF | EFLAGS_OF), 0);
    assert_int_equal(arith() & ~EFLAGS_AF, EFLAGS_ZF | EFLAGS_PF);
    assert_int_equal(alu(CPU_386, OP_OR, 4, 0x80000000, 1, EFLAGS_CF), 0x80000001);
    assert_int_equal(arith() & ~EFLAGS_AF, EFLAGS_SF);
}

static void test_inc_dec_keep_cf(void **st)
{
    (void)st;
    /* INC keeps CF even when the previous lazy operation produced it. */
    alu(CPU_386, OP_ADD, 4, 0xFFFFFFFF, 1, 0); /* CF = 1 */
    in.op = 0x40; /* INC EAX */
    cpu.gpr[REG_EAX] = 0x7FFFFFFF;
    alu_inc_r(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0x80000000);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_OF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    /* DEC of 0 wraps without touching CF (here 0). */
    setup(CPU_286, 2, REG_EBX, 1, 1);
    cpu_reg_write(&cpu, REG_EBX, 2, 0);
    alu_incdec_E(&cpu, &in);
    assert_int_equal(cpu_reg_read(&cpu, REG_EBX, 2), 0xFFFF);
    assert_int_equal(arith(), EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    /* DEC 0x80 (byte): OF. */
    setup(CPU_8086, 1, REG_EDX, 1, 1);
    set_arith(EFLAGS_CF);
    cpu_reg_write(&cpu, REG_EDX, 1, 0x80);
    alu_incdec_E(&cpu, &in);
    assert_int_equal(cpu_reg_read(&cpu, REG_EDX, 1), 0x7F);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_OF | EFLAGS_AF);
}

static void test_neg(void **st)
{
    (void)st;
    setup(CPU_386, 4, REG_EAX, 3, 0);
    cpu.gpr[REG_EAX] = 0;
    alu_neg(&cpu, &in);
    assert_int_equal(arith(), EFLAGS_ZF | EFLAGS_PF);
    cpu.gpr[REG_EAX] = 0x80000000;
    alu_neg(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0x80000000);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_OF | EFLAGS_SF | EFLAGS_PF);
    cpu.gpr[REG_EAX] = 1;
    alu_neg(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0xFFFFFFFF);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
}

/* Group-2 operation `reg` on EAX of `size` by CL = count. */
static uint32_t shift(enum cpu_model m, int reg, int size, uint32_t d, unsigned count, uint32_t f)
{
    setup(m, size, REG_EAX, reg, 0);
    set_arith(f);
    cpu.gpr[REG_EAX] = d;
    cpu.gpr[REG_ECX] = count;
    alu_shift_CL(&cpu, &in);
    return cpu_reg_read(&cpu, REG_EAX, size);
}

static void test_shifts_32(void **st)
{
    (void)st;
    const uint32_t CO = EFLAGS_CF | EFLAGS_OF;
    /* SHL 1: CF = old MSB, OF = MSB(result) ^ CF. */
    assert_int_equal(shift(CPU_386, 4, 4, 0x80000000, 1, 0), 0);
    assert_int_equal(arith() & ~EFLAGS_AF, EFLAGS_CF | EFLAGS_OF | EFLAGS_ZF | EFLAGS_PF);
    assert_int_equal(shift(CPU_386, 4, 4, 0x40000000, 1, 0), 0x80000000);
    assert_int_equal(arith() & ~EFLAGS_AF, EFLAGS_OF | EFLAGS_SF | EFLAGS_PF);
    /* SHR 1: OF = MSB of the original operand. */
    assert_int_equal(shift(CPU_386, 5, 4, 0x80000001, 1, 0), 0x40000000);
    assert_int_equal(arith() & ~EFLAGS_AF, EFLAGS_CF | EFLAGS_OF | EFLAGS_PF);
    /* SAR 31 of 0x80000000: all ones, CF = bit 30 = 0; SAR 1: OF = 0. */
    assert_int_equal(shift(CPU_386, 7, 4, 0x80000000, 31, 0), 0xFFFFFFFF);
    assert_int_equal(arith() & (EFLAGS_CF | EFLAGS_SF | EFLAGS_ZF), EFLAGS_SF);
    assert_int_equal(shift(CPU_386, 7, 4, 0x80000001, 1, EFLAGS_OF), 0xC0000000);
    assert_int_equal(arith() & ~EFLAGS_AF, EFLAGS_CF | EFLAGS_SF | EFLAGS_PF);
    /* ROL 1 of 0x80000000 = 1: CF = 1, OF = MSB ^ CF = 1; SF ZF kept. */
    assert_int_equal(shift(CPU_386, 0, 4, 0x80000000, 1, EFLAGS_ZF), 1);
    assert_int_equal(arith(), CO | EFLAGS_ZF);
    /* ROR 1 of 1 = 0x80000000: CF = 1, OF = bit31 ^ bit30 = 1. */
    assert_int_equal(shift(CPU_386, 1, 4, 1, 1, 0), 0x80000000);
    assert_int_equal(arith(), CO);
    /* RCR 1 of 0 with CF = 1: 0x80000000, CF = 0, OF = 1. */
    assert_int_equal(shift(CPU_386, 3, 4, 0, 1, EFLAGS_CF), 0x80000000);
    assert_int_equal(arith(), EFLAGS_OF);
    /* RCL 1 of 0x80000000 with CF = 0: 0, CF = 1, OF = 0 ^ 1 = 1. */
    assert_int_equal(shift(CPU_386, 2, 4, 0x80000000, 1, 0), 0);
    assert_int_equal(arith(), CO);
    /* RCL 31 of 1 with CF = 1: bit 31 set from the value, CF gets bit 0's old CF. */
    assert_int_equal(shift(CPU_386, 2, 4, 1, 31, EFLAGS_CF), 0xC0000000);
    assert_int_equal(arith() & EFLAGS_CF, 0);
}

static void test_shift_count_rules(void **st)
{
    (void)st;
    /* Count 0 changes nothing: result and all flags, even lazily pending ones. */
    alu(CPU_386, OP_SUB, 4, 0, 1, 0); /* CF SF AF PF pending lazily */
    in.reg = 4;
    cpu.gpr[REG_ECX] = 0;
    alu_shift_CL(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0xFFFFFFFF);
    assert_int_equal(arith(), EFLAGS_CF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    /* 80186+: count masked to 5 bits: 33 acts as 1. */
    assert_int_equal(shift(CPU_286, 4, 2, 0x4001, 33, 0), 0x8002);
    assert_int_equal(arith() & (EFLAGS_CF | EFLAGS_OF), EFLAGS_OF);
    assert_int_equal(shift(CPU_386, 4, 4, 1, 32, EFLAGS_CF), 1); /* 32 -> 0 */
    assert_int_equal(arith(), EFLAGS_CF);
    /* 8086: not masked: SHL byte by 9 clears it with CF = 0; SAR by 40 fills. */
    assert_int_equal(shift(CPU_8086, 4, 1, 0xFF, 9, EFLAGS_CF), 0);
    assert_int_equal(arith() & (EFLAGS_CF | EFLAGS_ZF), EFLAGS_ZF);
    assert_int_equal(shift(CPU_8086, 4, 1, 0x01, 8, 0), 0);
    assert_int_equal(arith() & EFLAGS_CF, EFLAGS_CF);
    assert_int_equal(shift(CPU_8086, 7, 2, 0x8000, 40, 0), 0xFFFF);
    assert_int_equal(arith() & EFLAGS_CF, EFLAGS_CF);
    /* 8086 ROL byte by 9 = ROL by 1; RCL byte by 9 = identity (9-bit rotate). */
    assert_int_equal(shift(CPU_8086, 0, 1, 0x81, 9, 0), 0x03);
    assert_int_equal(shift(CPU_8086, 2, 1, 0x81, 9, EFLAGS_CF), 0x81);
    assert_int_equal(arith() & EFLAGS_CF, EFLAGS_CF);
}

static void test_shld_shrd(void **st)
{
    (void)st;
    setup(CPU_386, 4, REG_EAX, REG_EDX, 1); /* CL form */
    cpu.gpr[REG_EAX] = 0x80000001;
    cpu.gpr[REG_EDX] = 0xF0000000;
    cpu.gpr[REG_ECX] = 4;
    alu_shld(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0x0000001F);
    assert_int_equal(arith() & (EFLAGS_CF | EFLAGS_SF | EFLAGS_ZF), 0); /* CF = bit 28 = 0 */
    cpu.gpr[REG_EAX] = 0x80000001;
    cpu.gpr[REG_ECX] = 1;
    alu_shrd(&cpu, &in); /* EDX bit 0 (0) shifted in at the top; CF = 1 */
    assert_int_equal(cpu.gpr[REG_EAX], 0x40000000);
    assert_int_equal(arith() & (EFLAGS_CF | EFLAGS_OF), EFLAGS_CF | EFLAGS_OF);
    /* 16-bit SHLD by 4. */
    setup(CPU_386, 2, REG_EAX, REG_EDX, 1);
    cpu.gpr[REG_EAX] = 0x1234;
    cpu.gpr[REG_EDX] = 0xABCD;
    cpu.gpr[REG_ECX] = 4;
    alu_shld(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0x234A);
    assert_int_equal(arith() & EFLAGS_CF, EFLAGS_CF);
}

static void test_mul_imul_32(void **st)
{
    (void)st;
    const uint32_t CO = EFLAGS_CF | EFLAGS_OF;
    setup(CPU_386, 4, REG_EBX, 4, 0);
    cpu.gpr[REG_EAX] = 0xFFFFFFFF;
    cpu.gpr[REG_EBX] = 2;
    alu_mul(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0xFFFFFFFE);
    assert_int_equal(cpu.gpr[REG_EDX], 1);
    assert_int_equal(arith() & CO, CO);
    cpu.gpr[REG_EAX] = 0x10000;
    cpu.gpr[REG_EBX] = 0xFFFF;
    alu_mul(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EDX], 0);
    assert_int_equal(arith() & CO, 0);
    /* IMUL -1 * -1 = 1: EDX = 0, no overflow. */
    cpu.gpr[REG_EAX] = 0xFFFFFFFF;
    cpu.gpr[REG_EBX] = 0xFFFFFFFF;
    alu_imul(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 1);
    assert_int_equal(cpu.gpr[REG_EDX], 0);
    assert_int_equal(arith() & CO, 0);
    /* IMUL 0x40000000 * 2 = 0x80000000: EDX = 0 but the product is positive. */
    cpu.gpr[REG_EAX] = 0x40000000;
    cpu.gpr[REG_EBX] = 2;
    alu_imul(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0x80000000);
    assert_int_equal(cpu.gpr[REG_EDX], 0);
    assert_int_equal(arith() & CO, CO);
    /* IMUL -2^31 * 1: fits. */
    cpu.gpr[REG_EAX] = 0x80000000;
    cpu.gpr[REG_EBX] = 1;
    alu_imul(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EDX], 0xFFFFFFFF);
    assert_int_equal(arith() & CO, 0);
    /* Two-operand IMUL ECX, EBX (reg = ECX): truncated, overflow flagged. */
    setup(CPU_386, 4, REG_EBX, REG_ECX, 0);
    cpu.gpr[REG_ECX] = 0x10000;
    cpu.gpr[REG_EBX] = 0x10000;
    alu_imul_GE(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_ECX], 0);
    assert_int_equal(arith() & CO, CO);
    /* Three-operand IMUL ECX, EBX, -3. */
    cpu.gpr[REG_EBX] = 7;
    in.imm = 0xFFFFFFFD;
    alu_imul_GEI(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_ECX], (uint32_t)-21);
    assert_int_equal(arith() & CO, 0);
    /* 16-bit three-operand with 16-bit immediate -1: sign-extended. */
    setup(CPU_286, 2, REG_EBX, REG_ECX, 0);
    cpu.gpr[REG_EBX] = 0x8000;
    in.imm = 0xFFFF;
    alu_imul_GEI(&cpu, &in);
    assert_int_equal(cpu_reg_read(&cpu, REG_ECX, 2), 0x8000); /* 32768 overflows */
    assert_int_equal(arith() & CO, CO);
}

/* Run a divide handler; returns the exception vector or -1. */
static int run_div(void (*fn)(struct cpu *, struct insn *))
{
    if (setjmp(cpu.fault_jmp)) return cpu.exc_vec;
    fn(&cpu, &in);
    return -1;
}

static void test_div_idiv_32(void **st)
{
    (void)st;
    setup(CPU_386, 4, REG_EBX, 6, 0);
    cpu.gpr[REG_EDX] = 1;
    cpu.gpr[REG_EAX] = 0;
    cpu.gpr[REG_EBX] = 2;
    assert_int_equal(run_div(alu_div), -1);
    assert_int_equal(cpu.gpr[REG_EAX], 0x80000000);
    assert_int_equal(cpu.gpr[REG_EDX], 0);
    cpu.gpr[REG_EDX] = 2; /* quotient 2^32: #DE */
    cpu.gpr[REG_EAX] = 0;
    assert_int_equal(run_div(alu_div), EXC_DE);
    assert_int_equal(cpu.gpr[REG_EDX], 2);
    cpu.gpr[REG_EBX] = 0;
    assert_int_equal(run_div(alu_div), EXC_DE);
    /* IDIV -7 / 2 = -3 rem -1 (truncation toward zero). */
    cpu.gpr[REG_EDX] = 0xFFFFFFFF;
    cpu.gpr[REG_EAX] = (uint32_t)-7;
    cpu.gpr[REG_EBX] = 2;
    assert_int_equal(run_div(alu_idiv), -1);
    assert_int_equal(cpu.gpr[REG_EAX], (uint32_t)-3);
    assert_int_equal(cpu.gpr[REG_EDX], (uint32_t)-1);
    /* IDIV -2^31 / 1 is representable on the 386... */
    cpu.gpr[REG_EDX] = 0xFFFFFFFF;
    cpu.gpr[REG_EAX] = 0x80000000;
    cpu.gpr[REG_EBX] = 1;
    assert_int_equal(run_div(alu_idiv), -1);
    assert_int_equal(cpu.gpr[REG_EAX], 0x80000000);
    /* ... but 2^31 is not, nor is the most negative 64-bit dividend. */
    cpu.gpr[REG_EDX] = 0xFFFFFFFF;
    cpu.gpr[REG_EAX] = 0x80000000;
    cpu.gpr[REG_EBX] = 0xFFFFFFFF;
    assert_int_equal(run_div(alu_idiv), EXC_DE);
    cpu.gpr[REG_EDX] = 0x80000000;
    cpu.gpr[REG_EAX] = 0;
    assert_int_equal(run_div(alu_idiv), EXC_DE);
}

static void test_idiv_8086_quirks(void **st)
{
    (void)st;
    /* Byte IDIV of -128 / 1: #DE on the 8086, -128 on the 286. */
    setup(CPU_8086, 1, REG_EBX, 7, 0);
    cpu.gpr[REG_EAX] = 0xFF80;
    cpu.gpr[REG_EBX] = 1;
    assert_int_equal(run_div(alu_idiv), EXC_DE);
    setup(CPU_286, 1, REG_EBX, 7, 0);
    cpu.gpr[REG_EAX] = 0xFF80;
    cpu.gpr[REG_EBX] = 1;
    assert_int_equal(run_div(alu_idiv), -1);
    assert_int_equal(cpu.gpr[REG_EAX] & 0xFFFF, 0x0080);
    /* 8086 with a REP prefix: the quotient is negated, the remainder not. */
    setup(CPU_8086, 1, REG_EBX, 7, 0);
    in.rep = 0xF3;
    cpu.gpr[REG_EAX] = 100;
    cpu.gpr[REG_EBX] = 7;
    assert_int_equal(run_div(alu_idiv), -1);
    assert_int_equal(cpu.gpr[REG_EAX] & 0xFFFF, 0x02F2); /* AH = 2, AL = -14 */
}

static void test_bcd(void **st)
{
    (void)st;
    /* SDM DAA example: 0x79 + 0x35 = 0xAE; DAA -> 0x14, CF = AF = 1. */
    alu(CPU_386, OP_ADD, 1, 0x79, 0x35, 0);
    alu_daa(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX] & 0xFF, 0x14);
    assert_int_equal(arith() & (EFLAGS_CF | EFLAGS_AF), EFLAGS_CF | EFLAGS_AF);
    /* SDM DAS example: 0x35 - 0x47 = 0xEE; DAS -> 0x88, CF = AF = 1. */
    alu(CPU_386, OP_SUB, 1, 0x35, 0x47, 0);
    alu_das(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX] & 0xFF, 0x88);
    assert_int_equal(arith() & (EFLAGS_CF | EFLAGS_AF), EFLAGS_CF | EFLAGS_AF);
    /* AAA with AL = 0xFA: 286+ carries into AH (AX + 0x106), 8086 does not. */
    setup(CPU_386, 1, 0, 0, 0);
    cpu.gpr[REG_EAX] = 0x01FA;
    alu_aaa(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0x0300);
    setup(CPU_8086, 1, 0, 0, 0);
    cpu.gpr[REG_EAX] = 0x01FA;
    alu_aaa(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0x0200);
    /* AAM 10 of 63 -> AH = 6, AL = 3; AAM 0 -> #DE. AAD 10 of 0x0603 -> 63. */
    setup(CPU_386, 1, 0, 0, 0);
    cpu.gpr[REG_EAX] = 63;
    in.imm = 10;
    alu_aam(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 0x0603);
    alu_aad(&cpu, &in);
    assert_int_equal(cpu.gpr[REG_EAX], 63);
    in.imm = 0;
    assert_int_equal(run_div(alu_aam), EXC_DE);
}

static void test_cond_fast_paths(void **st)
{
    (void)st;
    /* Every condition after CMP must agree with the one computed from the
     * folded flags (the CMP fast paths in cpu_cond). */
    static const uint32_t vals[] = { 0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000,
                                     0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF };
    static const int sizes[] = { 1, 2, 4 };
    for (int z = 0; z < 3; z++)
        for (unsigned a = 0; a < 12; a++)
            for (unsigned b = 0; b < 12; b++)
                for (int cc = 0; cc < 16; cc++) {
                    alu(CPU_386, OP_CMP, sizes[z], vals[a], vals[b], 0);
                    bool lazy = cpu_cond(&cpu, cc);
                    flags_fold(&cpu);
                    assert_int_equal(lazy, cpu_cond(&cpu, cc));
                }
}

static void test_eflags_bits(void **st)
{
    (void)st;
    setup(CPU_8086, 1, 0, 0, 0);
    cpu.eflags = 0xF002 | EFLAGS_IF;
    alu(CPU_8086, OP_ADD, 1, 1, 1, 0);
    cpu.eflags |= 0xF000 | EFLAGS_DF;
    /* Folding keeps bits the flags code does not own. */
    assert_int_equal(cpu_get_eflags(&cpu), 0xF002 | EFLAGS_DF);
    /* cpu_set_eflags changes only the masked bits; bit 1 stays set. */
    cpu_set_eflags(&cpu, 0, 0xFFFFFFFF);
    assert_int_equal(cpu_get_eflags(&cpu), EFLAGS_R1);
    cpu_set_eflags(&cpu, EFLAGS_CF | EFLAGS_ZF | EFLAGS_TF, EFLAGS_CF | EFLAGS_ZF);
    assert_int_equal(cpu_get_eflags(&cpu), EFLAGS_R1 | EFLAGS_CF | EFLAGS_ZF);
    assert_true(flag_cf(&cpu) && flag_zf(&cpu) && !flag_sf(&cpu));
}


/* A memory destination whose write faults (read-only data segment in
 * protected mode: #GP(0), SDM Vol. 3A 5.4) must leave memory AND the flags
 * as they were: handlers read, compute, write, and only then record flags. */
static void test_faulting_write_keeps_flags(void **st)
{
    (void)st;
    struct mem *m = mem_create(1 << 20);
    assert_non_null(m);
    static struct cpu pc;
    cpu_init(&pc, CPU_386, m);
    pc.cr[0] |= CR0_PE;
    pc.seg[SEG_DS].base = 0;
    pc.seg[SEG_DS].limit = 0xFFFF;
    pc.seg[SEG_DS].ar = AR_P | AR_S; /* data, read-only */
    mem_write32(m, 0x100, 0x7FFFFFFF);
    pc.gpr[REG_EAX] = 1;
    cpu_set_eflags(&pc, EFLAGS_CF | EFLAGS_ZF, EFLAGS_ARITH);
    struct insn_row r = { 0 };
    struct insn mi = { 0 };
    mi.row = &r;
    mi.mod = 0;
    mi.reg = REG_EAX;
    mi.seg = SEG_DS;
    mi.ea = 0x100;
    mi.osize = 4;
    mi.opsize = 4;
    mi.addrsize = 4;
    mi.imm = 4; /* SHLD count */
    void (*const handlers[])(struct cpu *, struct insn *) = {
        alu_arith_EG, alu_neg, alu_incdec_E, alu_shift_1, alu_shld,
    };
    for (unsigned k = 0; k < sizeof(handlers) / sizeof(handlers[0]); k++) {
        r.arg = 0;
        mi.reg = k == 3 ? 4 : REG_EAX; /* SHL for the shift */
        int vec = -1;
        if (setjmp(pc.fault_jmp)) vec = pc.exc_vec;
        else handlers[k](&pc, &mi);
        assert_int_equal(vec, EXC_GP);
        assert_int_equal(mem_read32(m, 0x100), 0x7FFFFFFF);
        assert_int_equal(cpu_get_eflags(&pc) & EFLAGS_ARITH, EFLAGS_CF | EFLAGS_ZF);
    }
    mem_destroy(m);
}

/* ------------------------------------------------------------------------
 * test386.asm phase 0xEE reference (80386 results, external test data):
 * every line names an instruction of test386's arith-logic table and gives
 * EAX, EDX and the defined flags before and after. Each line is replayed
 * here through the handlers with the same operands (the immediates and
 * operand registers are those of test386's table: eAX is the destination,
 * eDX the source; see README "test386.asm reference output"). Skipped with
 * a message when the data is absent.
 * ------------------------------------------------------------------------ */

/* Defined-flag masks of test386's operation types. */
#define PS_ARITH EFLAGS_ARITH
#define PS_LOGIC (EFLAGS_ARITH & ~EFLAGS_AF)
#define PS_MUL (EFLAGS_CF | EFLAGS_OF)
#define PS_SH1 (EFLAGS_CF | EFLAGS_SF | EFLAGS_ZF | EFLAGS_PF | EFLAGS_OF)
#define PS_SHR (EFLAGS_CF | EFLAGS_SF | EFLAGS_ZF | EFLAGS_PF)

static int alu_num(const char *mn)
{
    static const char *const n[] = { "ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP", "TEST" };
    for (int k = 0; k < 9; k++)
        if (!strcmp(mn, n[k])) return k;
    return -1;
}

/* Group-2 ModR/M.reg of a shift mnemonic. */
static int shift_num(const char *mn)
{
    static const char *const n[] = { "ROL", "ROR", "RCL", "RCR", "SAL", "SHR", "", "SAR" };
    for (int k = 0; k < 8; k++)
        if (!strcmp(mn, n[k])) return k;
    return -1;
}

/* Immediate test386 uses with an ALU op: `wide` for 05/0D/.../81 forms. */
static uint32_t ref_imm(int alu_op, int size, bool wide)
{
    bool logic = alu_op == OP_OR || alu_op == OP_AND || alu_op == OP_XOR || alu_op >= OP_CMP;
    if (logic) return 0xAAAAAAAAu & sz_mask(size);
    if (!wide || size == 1) return 0xFF;
    uint32_t top = sz_sign(size);
    return (alu_op == OP_ADD || alu_op == OP_ADC) ? top | 2 : top;
}

/* Replay one reference line; returns true when it matches. `nth` counts the
 * earlier lines with the same opcode and size (to tell apart table entries
 * that print the same name), `half` is that group's size / 2. */
static bool ref_line(const char *op, const char *mn, int size, uint32_t eax, uint32_t edx,
                     uint32_t ps, bool de, uint32_t eax2, uint32_t edx2, uint32_t ps2,
                     unsigned nth, unsigned half)
{
    unsigned opc = (unsigned)strtoul(op, NULL, 16);
    uint32_t mask = PS_ARITH;
    int a = alu_num(mn), sh = shift_num(mn), got_de = -1;
    setup(CPU_386, size, REG_EAX, REG_EDX, a < 0 ? 0 : a);
    in.opsize = size == 1 ? 4 : (uint8_t)size;
    cpu.gpr[REG_EAX] = eax;
    cpu.gpr[REG_EDX] = edx;
    set_arith(ps);
    if (a >= 0) {
        if (a == OP_CMP || a == 8 || a == OP_OR || a == OP_AND || a == OP_XOR) mask = PS_LOGIC;
        if (opc <= 0x3D && (opc & 7) <= 1) { /* Eb,Gb / Ev,Gv */
            alu_arith_EG(&cpu, &in);
        } else if (opc <= 0x3D && (opc & 7) <= 3) { /* Gb,Eb with [0] = eDX */
            in.reg = REG_EAX;
            in.rm = REG_EDX;
            alu_arith_GE(&cpu, &in);
        } else if (opc <= 0x3D || opc == 0xA8 || opc == 0xA9) {
            in.op = (uint16_t)opc;
            in.imm = ref_imm(a, size, opc & 1);
            alu_arith_AI(&cpu, &in);
        } else if (opc == 0x84 || opc == 0x85) {
            alu_arith_EG(&cpu, &in);
        } else if (opc == 0x83) {
            in.imm = (uint32_t)(int32_t)(int8_t)ref_imm(a, 1, false);
            alu_arith_EI(&cpu, &in);
        } else { /* 80 81 F6 F7: r/m is eDX */
            in.rm = REG_EDX;
            in.imm = ref_imm(a, size, opc != 0x80 && opc != 0xF6);
            alu_arith_EI(&cpu, &in);
        }
    } else if (!strcmp(mn, "INC") || !strcmp(mn, "DEC")) {
        bool dec = mn[0] == 'D';
        if (opc >= 0x40 && opc <= 0x4F) { /* xchg eAX,reg; inc reg; xchg */
            int r = opc & 7;
            uint32_t save = cpu.gpr[r];
            cpu_reg_write(&cpu, r, size, eax);
            in.op = (uint16_t)opc;
            if (dec) alu_dec_r(&cpu, &in); else alu_inc_r(&cpu, &in);
            uint32_t v = cpu_reg_read(&cpu, r, size);
            cpu.gpr[r] = save;
            cpu_reg_write(&cpu, REG_EAX, size, v);
        } else {
            row.arg = dec;
            alu_incdec_E(&cpu, &in);
        }
    } else if (!strcmp(mn, "NEG")) {
        alu_neg(&cpu, &in);
    } else if (!strcmp(mn, "NOT")) {
        mask = PS_LOGIC;
        alu_not(&cpu, &in);
    } else if (!strcmp(mn, "MUL") || !strcmp(mn, "IMUL")) {
        mask = PS_MUL;
        if (opc == 0xF6 || opc == 0xF7) {
            in.rm = REG_EDX;
            if (mn[0] == 'M') alu_mul(&cpu, &in); else alu_imul(&cpu, &in);
        } else if (opc == 0x0FAF) {
            in.reg = REG_EAX;
            in.rm = REG_EDX;
            alu_imul_GE(&cpu, &in);
        } else if (opc == 0x6B) {
            in.reg = REG_EAX;
            in.rm = REG_EDX;
            in.imm = nth < half ? 0x77 : 0xFFFFFF89u;
            alu_imul_GEI(&cpu, &in);
        } else { /* 69: imul eAX,eAX,imm */
            in.reg = REG_EAX;
            in.rm = REG_EAX;
            in.imm = size == 2 ? 0x777 : 0x777777;
            alu_imul_GEI(&cpu, &in);
        }
    } else if (!strcmp(mn, "DIV") || !strcmp(mn, "IDIV")) {
        mask = 0;
        in.rm = nth < half ? REG_EDX : REG_EAX;
        got_de = run_div(mn[0] == 'D' ? alu_div : alu_idiv) == EXC_DE;
    } else if (sh >= 0) {
        in.reg = (uint8_t)sh;
        set_arith(ps | EFLAGS_CF); /* test386 executes STC first */
        if (opc == 0xD0 || opc == 0xD1) {
            mask = PS_SH1;
            alu_shift_1(&cpu, &in);
        } else if (opc == 0xC0 || opc == 0xC1) {
            mask = sh < 4 ? PS_SH1 : PS_SHR;
            in.imm = 7;
            alu_shift_Ib(&cpu, &in);
        } else {
            mask = PS_SHR;
            cpu.gpr[REG_ECX] = edx & 0xFF; /* xchg cl,dl */
            alu_shift_CL(&cpu, &in);
        }
    } else if (!strcmp(mn, "SHLD") || !strcmp(mn, "SHRD")) {
        mask = PS_SHR;
        set_arith(ps | EFLAGS_CF);
        in.reg = REG_EDX;
        row.arg = (opc & 1) != 0;
        in.imm = size == 2 ? 8 : 16;
        cpu.gpr[REG_ECX] = edx & 0xFF;
        if (mn[2] == 'L') alu_shld(&cpu, &in); else alu_shrd(&cpu, &in);
    } else {
        return true; /* not an ALU instruction (CBW, CWD...) */
    }
    if (got_de >= 0 && got_de != de) return false;
    return cpu.gpr[REG_EAX] == eax2 && cpu.gpr[REG_EDX] == edx2 &&
           (cpu_get_eflags(&cpu) & mask) == ps2;
}

/* Replay a decimal-adjust reference line ("daa EAX=... PS=... EAX=... PS=..."). */
static bool ref_bcd(const char *mn, uint32_t eax, uint32_t ps, uint32_t eax2, uint32_t ps2)
{
    setup(CPU_386, 1, 0, 0, 0);
    cpu.gpr[REG_EAX] = eax;
    set_arith(ps);
    in.imm = 10;
    uint32_t mask = EFLAGS_ARITH & ~EFLAGS_OF;
    if (!strcmp(mn, "daa")) alu_daa(&cpu, &in);
    else if (!strcmp(mn, "das")) alu_das(&cpu, &in);
    else if (!strcmp(mn, "aaa")) { alu_aaa(&cpu, &in); mask = EFLAGS_AF | EFLAGS_CF; }
    else if (!strcmp(mn, "aas")) { alu_aas(&cpu, &in); mask = EFLAGS_AF | EFLAGS_CF; }
    else if (!strcmp(mn, "aam")) { alu_aam(&cpu, &in); mask = EFLAGS_SF | EFLAGS_ZF | EFLAGS_PF; }
    else if (!strcmp(mn, "aad")) { alu_aad(&cpu, &in); mask = EFLAGS_SF | EFLAGS_ZF | EFLAGS_PF; }
    else return true;
    return cpu.gpr[REG_EAX] == eax2 && (cpu_get_eflags(&cpu) & mask) == ps2;
}

#define REF_MAX 50000
static struct { char op[8], mn[8], sz; uint32_t v[6]; bool de; } ref[REF_MAX];
static unsigned grp_first_line[512];

static void test_test386_reference(void **st)
{
    (void)st;
    const char *dir = getenv("X86PC_TESTDATA");
    char path[1024], line[256];
    snprintf(path, sizeof(path), "%s/test386/test386-EE-reference.txt.gz",
             dir ? dir : "../shared/testdata");
    gzFile f = gzopen(path, "rb");
    if (!f) {
        print_message("SKIP: %s not found (set X86PC_TESTDATA)\n", path);
        skip();
    }
    unsigned n = 0, bcd_bad = 0, bcd_n = 0;
    while (gzgets(f, line, sizeof(line)) && n < REF_MAX) {
        char a[8], b[8], c[8];
        unsigned x[6];
        if (sscanf(line, "%7s EAX=%x PS=%x EAX=%x PS=%x", a, &x[0], &x[1], &x[2], &x[3]) == 5 &&
            a[0] >= 'a') {
            bcd_n++;
            if (!ref_bcd(a, x[0], x[1], x[2], x[3])) {
                bcd_bad++;
                print_message("MISMATCH: %s", line);
            }
            continue;
        }
        bool de = strstr(line, "#DE") != NULL;
        const char *fmt = de ? "%7s %7s %7s EAX=%x EDX=%x PS=%x #DE EAX=%x EDX=%x PS=%x"
                             : "%7s %7s %7s EAX=%x EDX=%x PS=%x EAX=%x EDX=%x PS=%x";
        if (sscanf(line, fmt, a, b, c, &x[0], &x[1], &x[2], &x[3], &x[4], &x[5]) != 9) continue;
        strcpy(ref[n].op, a);
        strcpy(ref[n].mn, b);
        ref[n].sz = c[0];
        for (int k = 0; k < 6; k++) ref[n].v[k] = x[k];
        ref[n].de = de;
        n++;
    }
    gzclose(f);
    /* Group lines by (opcode, mnemonic, size): count each group, then
     * number the lines within it. */
    static unsigned grp[REF_MAX], gtotal[512], gseen[512];
    unsigned ngrp = 0;
    for (unsigned k = 0; k < n; k++) {
        unsigned g = 0;
        while (g < ngrp && (strcmp(ref[grp_first_line[g]].op, ref[k].op) ||
                            strcmp(ref[grp_first_line[g]].mn, ref[k].mn) ||
                            ref[grp_first_line[g]].sz != ref[k].sz))
            g++;
        if (g == ngrp) {
            assert_true(ngrp < 512);
            grp_first_line[ngrp++] = k;
        }
        grp[k] = g;
        gtotal[g]++;
    }
    unsigned bad = 0, checked = 0;
    for (unsigned k = 0; k < n; k++) {
        unsigned nth = gseen[grp[k]]++, total = gtotal[grp[k]];
        int size = ref[k].sz == 'B' ? 1 : ref[k].sz == 'W' ? 2 : 4;
        const uint32_t *v = ref[k].v;
        checked++;
        if (!ref_line(ref[k].op, ref[k].mn, size, v[0], v[1], v[2], ref[k].de, v[3], v[4], v[5],
                      nth, total / 2)) {
            if (bad++ < 30)
                print_message("MISMATCH: %s %s %c EAX=%08X EDX=%08X PS=%04X -> EAX=%08X EDX=%08X "
                              "PS=%04X, got EAX=%08X EDX=%08X PS=%04X\n", ref[k].op, ref[k].mn,
                              ref[k].sz, v[0], v[1], v[2], v[3], v[4], v[5], cpu.gpr[REG_EAX],
                              cpu.gpr[REG_EDX], cpu_get_eflags(&cpu) & EFLAGS_ARITH);
        }
    }
    print_message("test386 reference: %u ALU lines, %u mismatches; %u BCD lines, %u mismatches\n",
                  checked, bad, bcd_n, bcd_bad);
    assert_true(n > 0);
    assert_int_equal(bad, 0);
    assert_int_equal(bcd_bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_byte_overflow),
        cmocka_unit_test(test_pf_low_byte_only),
        cmocka_unit_test(test_add_sub_32),
        cmocka_unit_test(test_adc_sbb_carry_in),
        cmocka_unit_test(test_logic),
        cmocka_unit_test(test_inc_dec_keep_cf),
        cmocka_unit_test(test_neg),
        cmocka_unit_test(test_shifts_32),
        cmocka_unit_test(test_shift_count_rules),
        cmocka_unit_test(test_shld_shrd),
        cmocka_unit_test(test_mul_imul_32),
        cmocka_unit_test(test_div_idiv_32),
        cmocka_unit_test(test_idiv_8086_quirks),
        cmocka_unit_test(test_bcd),
        cmocka_unit_test(test_cond_fast_paths),
        cmocka_unit_test(test_eflags_bits),
        cmocka_unit_test(test_faulting_write_keeps_flags),
        cmocka_unit_test(test_test386_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
