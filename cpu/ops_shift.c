/*
 * ops_shift.c - shifts and rotates: ROL ROR RCL RCR SHL/SAL SHR SAR
 * (D0-D3, C0/C1 on the 80186+), the 8086's undocumented SETMO/SETMOC
 * (D0-D3 /6), and the 80386 double shifts SHLD/SHRD (0F A4/A5/AC/AD).
 *
 * SDM Vol. 2B "RCL/RCR/ROL/ROR", "SAL/SAR/SHL/SHR", "SHLD", "SHRD":
 *  - 80186 and later mask the count to 5 bits; the 8086 does not (it shifts
 *    one bit per microcode iteration, so any CL up to 255 is meaningful: the
 *    results below are those of repeated 1-bit steps, which is what the chip
 *    computes).
 *  - A (masked) count of 0 changes nothing: no result, no flags.
 *  - Rotates change only CF and OF. OF is defined for 1-bit counts: ROL/RCL
 *    OF = MSB(result) XOR CF; ROR/RCR OF = XOR of the two top result bits;
 *    SHL OF = MSB(result) XOR CF; SHR OF = MSB(original); SAR OF = 0. For
 *    larger counts OF is undefined; we give the value of the last 1-bit step.
 *  - Shifts set SF ZF PF from the result; AF is undefined (we clear it).
 */
#include "access.h"
#include "flags.h"
#include "insn.h"

/* Execute group-2 operation `op` (ModR/M.reg: 0 ROL 1 ROR 2 RCL 3 RCR 4 SHL
 * 5 SHR 6 SAL 7 SAR) on the r/m operand with an already model-masked count. */
static void shift_E(struct cpu *c, struct insn *i, unsigned count)
{
    int size = i->osize, n = size * 8;
    uint32_t m = sz_mask(size), sign = sz_sign(size);
    uint32_t d = op_read_E(c, i, size) & m, r;
    bool cf, of;

    if (count == 0) return; /* no result, no flags (the operand is read) */

    switch (i->reg) {
    case 0: { /* ROL */
        unsigned k = count & (unsigned)(n - 1);
        r = k ? ((d << k) | (d >> (n - k))) & m : d;
        cf = r & 1;
        of = ((r & sign) != 0) ^ cf;
        break;
    }
    case 1: { /* ROR */
        unsigned k = count & (unsigned)(n - 1);
        r = k ? ((d >> k) | (d << (n - k))) & m : d;
        cf = (r & sign) != 0;
        of = cf ^ ((r >> (n - 2)) & 1);
        break;
    }
    case 2: case 3: { /* RCL, RCR: rotate the (n+1)-bit value CF:operand */
        unsigned k = count % (unsigned)(n + 1);
        uint64_t wm = (1ull << (n + 1)) - 1;
        uint64_t v = ((uint64_t)flag_cf(c) << n) | d;
        if (k) {
            if (i->reg == 2) v = ((v << k) | (v >> (n + 1 - k))) & wm;
            else v = ((v >> k) | (v << (n + 1 - k))) & wm;
        }
        r = (uint32_t)v & m;
        cf = (v >> n) & 1;
        if (i->reg == 2) of = ((r & sign) != 0) ^ cf;
        else of = ((r & sign) != 0) ^ ((r >> (n - 2)) & 1);
        break;
    }
    case 4: case 6: /* SHL/SAL */
        cf = count <= (unsigned)n ? (d >> (n - count)) & 1 : 0;
        r = count < (unsigned)n ? (d << count) & m : 0;
        of = ((r & sign) != 0) ^ cf;
        break;
    case 5: /* SHR */
        cf = count <= (unsigned)n ? (d >> (count - 1)) & 1 : 0;
        r = count < (unsigned)n ? d >> count : 0;
        of = (r >> (n - 2)) & 1; /* MSB before the last 1-bit step */
        break;
    default: { /* 7: SAR */
        int32_t sd = (int32_t)(d << (32 - n)) >> (32 - n);
        if (count >= (unsigned)n) {
            r = sd < 0 ? m : 0;
            cf = sd < 0;
        } else {
            r = (uint32_t)(sd >> count) & m;
            cf = (sd >> (count - 1)) & 1;
        }
        of = false;
        break;
    }
    }

    op_write_E(c, i, size, r);
    uint32_t co = (cf ? EFLAGS_CF : 0) | (of ? EFLAGS_OF : 0);
    if (i->reg < 4) flags_set_bits(c, EFLAGS_CF | EFLAGS_OF, co);
    else lf_set_szp(c, size, r, co);
}

/* Mask a shift count as the model does: 5 bits on the 80186 and later. */
static inline unsigned shift_count(const struct cpu *c, uint32_t count)
{
    count &= 0xFF;
    return c->model >= CPU_186 ? (count & 0x1F) : count;
}

/* D0/D1: group 2 by 1. */
void alu_shift_1(struct cpu *c, struct insn *i) { shift_E(c, i, 1); }

/* D2/D3: group 2 by CL. */
void alu_shift_CL(struct cpu *c, struct insn *i)
{
    shift_E(c, i, shift_count(c, cpu_reg_read(c, REG_ECX, 1)));
}

/* C0/C1 (80186+): group 2 by imm8. */
void alu_shift_Ib(struct cpu *c, struct insn *i)
{
    shift_E(c, i, shift_count(c, i->imm));
}

/*
 * 8086 only, D0-D3 /6: SETMO (arg 0, D0/D1) sets the operand to all ones;
 * SETMOC (arg 1, D2/D3) does so only when CL != 0 (undocumented; the shifter
 * microcode with the "set to -1" ALU path). Flags as after OR with all ones:
 * CF = OF = AF = 0, SF = 1, ZF = 0, PF = 1.
 */
void alu_setmo(struct cpu *c, struct insn *i)
{
    int size = i->osize;
    uint32_t m = sz_mask(size);
    uint32_t d = op_read_E(c, i, size) & m;
    if (i->row->arg == 1 && cpu_reg_read(c, REG_ECX, 1) == 0) return;
    op_write_E(c, i, size, m);
    lf_set(c, LK_LOGIC, size, d, m, m);
}

/*
 * SHLD/SHRD Ev,Gv,Ib|CL (arg 0 imm8, arg 1 CL); count masked to 5 bits, 0 is
 * a no-op. For a 16-bit operand with count > 16 the SDM leaves the result
 * undefined; we shift the 48-bit pattern dst:src:dst as the 386 does.
 * CF = last bit shifted out, OF = sign change (defined for count 1), AF
 * undefined (cleared), SF ZF PF from the result.
 */
static void shxd(struct cpu *c, struct insn *i, bool left)
{
    int size = i->osize, n = size * 8;
    unsigned count = (i->row->arg ? cpu_reg_read(c, REG_ECX, 1) : i->imm) & 0x1F;
    uint32_t m = sz_mask(size), sign = sz_sign(size);
    uint32_t d = op_read_E(c, i, size) & m;
    uint32_t s = op_read_G(c, i, size) & m;
    uint32_t r;
    bool cf;

    if (count == 0) return;
    if (n == 16) {
        uint64_t v = ((uint64_t)d << 32) | ((uint64_t)s << 16) | d;
        if (left) {
            r = (uint32_t)((v << count) >> 32) & m;
            cf = (v >> (48 - count)) & 1;
        } else {
            r = (uint32_t)(v >> count) & m;
            cf = (v >> (count - 1)) & 1;
        }
    } else if (left) {
        uint64_t v = ((uint64_t)d << 32) | s;
        r = (uint32_t)((v << count) >> 32);
        cf = (d >> (32 - count)) & 1;
    } else {
        uint64_t v = ((uint64_t)s << 32) | d;
        r = (uint32_t)(v >> count);
        cf = (d >> (count - 1)) & 1;
    }
    bool of = ((r ^ d) & sign) != 0;
    op_write_E(c, i, size, r);
    lf_set_szp(c, size, r, (cf ? EFLAGS_CF : 0) | (of ? EFLAGS_OF : 0));
}

/* 0F A4 / 0F A5: SHLD. */
void alu_shld(struct cpu *c, struct insn *i) { shxd(c, i, true); }

/* 0F AC / 0F AD: SHRD. */
void alu_shrd(struct cpu *c, struct insn *i) { shxd(c, i, false); }
