/*
 * ops_muldiv.c - MUL, IMUL (one-, two- and three-operand forms), DIV, IDIV.
 *
 * SDM Vol. 2A "DIV", "IDIV", "IMUL", "MUL":
 *  - MUL/IMUL set CF = OF = 1 when the upper half of the product is
 *    significant (MUL: nonzero; IMUL: not the sign extension of the lower
 *    half); SF ZF AF PF are undefined (we give SF ZF PF of the low half and
 *    AF = 0).
 *  - DIV/IDIV raise #DE for a zero divisor or a quotient that does not fit
 *    the destination; they leave all flags undefined (we leave them as they
 *    were). The quotient is truncated toward zero; the remainder has the sign
 *    of the dividend.
 *  - 8086 specifics (observed on silicon, SingleStepTests 8086 vectors):
 *    the IDIV quotient must satisfy |q| <= 0x7F / 0x7FFF (the most negative
 *    value faults too), and a REP/REPNE prefix negates the result of
 *    IMUL/IDIV (the microcode's sign-tracking latch starts set; IDIV's
 *    remainder is not affected). The 8086's #DE pushes the address of the
 *    next instruction; cpu_raise() handles that.
 */
#include "access.h"
#include "flags.h"
#include "insn.h"

/* Sign-extend the low `size` bytes of v to 64 bits. */
static inline int64_t sext(uint32_t v, int size)
{
    int sh = 32 - 8 * size;
    return (int64_t)((int32_t)(v << sh) >> sh);
}

/* True when an 8086 REP/REPNE prefix inverts the sign of IMUL/IDIV. */
static inline bool rep_negates(const struct cpu *c, const struct insn *i)
{
    return c->model == CPU_8086 && i->rep != 0;
}

/* Store a double-width product: AX (byte), DX:AX (word), EDX:EAX (dword). */
static void store_product(struct cpu *c, int size, uint64_t p)
{
    if (size == 1) {
        cpu_reg_write(c, REG_EAX, 2, (uint32_t)p & 0xFFFF);
    } else {
        cpu_reg_write(c, REG_EAX, size, (uint32_t)p & sz_mask(size));
        cpu_reg_write(c, REG_EDX, size, (uint32_t)(p >> (8 * size)) & sz_mask(size));
    }
}

/* F6/F7 /4: MUL E (unsigned AL/AX/EAX * E). */
void alu_mul(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    uint64_t a = cpu_reg_read(c, REG_EAX, size);
    uint64_t s = op_read_E(c, i, size) & sz_mask(size);
    uint64_t p = a * s;
    bool hi = (p >> (8 * size)) != 0;
    store_product(c, size, p);
    lf_set_szp(c, size, (uint32_t)p, hi ? (EFLAGS_CF | EFLAGS_OF) : 0);
}

/* F6/F7 /5: IMUL E (signed AL/AX/EAX * E). */
void alu_imul(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    int64_t a = sext(cpu_reg_read(c, REG_EAX, size), size);
    int64_t s = sext(op_read_E(c, i, size), size);
    int64_t p = a * s;
    if (rep_negates(c, i)) p = -p;
    bool ovf = sext((uint32_t)p, size) != p;
    store_product(c, size, (uint64_t)p);
    lf_set_szp(c, size, (uint32_t)p, ovf ? (EFLAGS_CF | EFLAGS_OF) : 0);
}

/* Common tail of the truncating IMUL forms: Gv = a * b. */
static void imul_trunc(struct cpu *c, struct insn *i, int64_t a, int64_t b)
{
    int size = i->osize;
    int64_t p = a * b;
    bool ovf = sext((uint32_t)p, size) != p;
    op_write_G(c, i, size, (uint32_t)p & sz_mask(size));
    lf_set_szp(c, size, (uint32_t)p, ovf ? (EFLAGS_CF | EFLAGS_OF) : 0);
}

/* 69 / 6B (80186+): IMUL Gv,Ev,Iz / Gv,Ev,Ibs. */
void alu_imul_GEI(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    imul_trunc(c, i, sext(op_read_E(c, i, size), size), sext(i->imm, size));
}

/* 0F AF (80386+): IMUL Gv,Ev. */
void alu_imul_GE(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    imul_trunc(c, i, sext(op_read_G(c, i, size), size), sext(op_read_E(c, i, size), size));
}

/* Read the double-width dividend: AX (byte), DX:AX (word), EDX:EAX (dword). */
static uint64_t read_dividend(struct cpu *c, int size)
{
    if (size == 1) return cpu_reg_read(c, REG_EAX, 2);
    return ((uint64_t)cpu_reg_read(c, REG_EDX, size) << (8 * size)) |
           cpu_reg_read(c, REG_EAX, size);
}

/* Store quotient and remainder: AL/AH, AX/DX, EAX/EDX. */
static void store_divide(struct cpu *c, int size, uint32_t q, uint32_t r)
{
    if (size == 1) {
        cpu_reg_write(c, REG_EAX, 2, (q & 0xFF) | ((r & 0xFF) << 8));
    } else {
        cpu_reg_write(c, REG_EAX, size, q & sz_mask(size));
        cpu_reg_write(c, REG_EDX, size, r & sz_mask(size));
    }
}

/* F6/F7 /6: DIV E (unsigned). #DE on zero divisor or quotient overflow. */
void alu_div(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    uint64_t s = op_read_E(c, i, size) & sz_mask(size);
    if (s == 0) cpu_raise(c, EXC_DE, false, 0);
    uint64_t d = read_dividend(c, size);
    uint64_t q = d / s, r = d % s;
    if (q > sz_mask(size)) cpu_raise(c, EXC_DE, false, 0);
    store_divide(c, size, (uint32_t)q, (uint32_t)r);
}

/* F6/F7 /7: IDIV E (signed). #DE on zero divisor or quotient overflow. */
void alu_idiv(struct cpu *c, struct insn *i)
{
    int size = i->osize, n = 8 * size;
    int64_t s = sext(op_read_E(c, i, size), size);
    if (s == 0) cpu_raise(c, EXC_DE, false, 0);
    uint64_t ud = read_dividend(c, size);
    int64_t d = (int64_t)(ud << (64 - 2 * n)) >> (64 - 2 * n);
    if (d == INT64_MIN) cpu_raise(c, EXC_DE, false, 0); /* |q| >= 2^32 */
    int64_t q = d / s, r = d % s;
    int64_t qmax = ((int64_t)1 << (n - 1)) - 1;
    /* 8086: |q| must fit in n-1 bits; later chips allow q = -2^(n-1). */
    int64_t qmin = c->model == CPU_8086 ? -qmax : -qmax - 1;
    if (q > qmax || q < qmin) cpu_raise(c, EXC_DE, false, 0);
    if (rep_negates(c, i)) q = -q;
    store_divide(c, size, (uint32_t)q, (uint32_t)r);
}
