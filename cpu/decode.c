/*
 * decode.c - the instruction decoder: table derivation and per-instruction
 * decoding of prefixes, opcode, ModR/M, SIB, displacement and immediates.
 *
 * decode_init() derives each table row's decoder attributes (ModR/M present,
 * immediate kind, first-operand size) from its operand string written in the
 * SDM Vol. 2 Appendix A notation, and builds one dispatch table per CPU model
 * (512 opcodes x 8 ModR/M.reg values) in static storage.
 *
 * decode() follows SDM Vol. 2A chapter 2 "Instruction format": legacy
 * prefixes (2.1.1), opcode (2.1.2), ModR/M and SIB (2.1.3, tables 2-1, 2-2,
 * 2-3), displacement and immediate (2.1.4). Model differences: on the
 * 8086/80186 0F is POP CS (no escape); F1 is a LOCK alias up to the 80286;
 * 66/67/64/65 are prefixes on the 386 and later only; the 80286 raises
 * #GP(0) for an instruction longer than 10 bytes (SingleStepTests 80286
 * captures agree), the 386+ for one longer than 15 (SDM Vol. 2A, 2.3.11).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "insn.h"

/* Dispatch tables, one per model, built on first use of the model. */
static const struct insn_row *dispatch_tab[CPU_MAX + 1][512][8];
/* Per model and opcode: 1 when the opcode takes a ModR/M byte. */
static uint8_t modrm_tab[CPU_MAX + 1][512];
static bool built[CPU_MAX + 1];
static bool rows_derived;
/* Per table row: 1 when LOCK may prefix it (memory destination form only),
 * SDM Vol. 2A "LOCK": ADD ADC AND BTC BTR BTS CMPXCHG CMPXCHG8B DEC INC NEG
 * NOT OR SBB SUB XOR XADD XCHG. Allocated once by decode_init(). */
static uint8_t *row_lockable;

static bool mnemonic_lockable(const char *m)
{
    static const char *const names[] = {
        "ADD", "ADC", "AND", "BTC", "BTR", "BTS", "CMPXCHG", "CMPXCHG8B", "DEC",
        "INC", "NEG", "NOT", "OR", "SBB", "SUB", "XOR", "XADD", "XCHG"
    };
    if (!m) return false;
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
        if (!strcmp(m, names[k])) return true;
    return false;
}

/* Size kind from an Appendix A size suffix ("b", "w", "d", "v", "z", ...). */
static uint8_t size_from_suffix(const char *s, size_t n)
{
    if (n == 0) return SZ_NONE;
    switch (s[0]) {
    case 'b': return SZ_B;
    case 'w': return SZ_W;
    case 'd': return SZ_D;
    case 'v': case 'z': case 'p': case 'a': return SZ_V;
    default: return SZ_NONE;
    }
}

/* Size kind of a fixed register operand ("AL", "AX", "eAX", "EAX", "DX",
 * "CS", "1"...). */
static uint8_t size_from_register(const char *s, size_t n)
{
    if (n == 3 && s[0] == 'e') return SZ_V;
    if (n == 3 && s[0] == 'E') return SZ_D;
    if (n == 2) {
        if (s[1] == 'L' || s[1] == 'H') return SZ_B;
        return SZ_W; /* AX..DI, CS..GS */
    }
    if (n == 1 && s[0] >= '0' && s[0] <= '9') return SZ_B;
    return SZ_NONE;
}

/* An addressing-method operand: one upper-case method letter followed by a
 * lower-case size suffix only (fixed registers are all upper case, or "e"
 * followed by upper case). */
static bool is_method(const char *s, size_t n)
{
    if (n == 0 || s[0] < 'A' || s[0] > 'Z') return false;
    for (size_t k = 1; k < n; k++)
        if (s[k] < 'a' || s[k] > 'z') return false;
    return true;
}

/* Derive has_modrm / imm_kind / size_kind of one row from its operands. */
static void derive_row(struct insn_row *r)
{
    const char *p = r->operands ? r->operands : "";
    int first = 1;
    bool iw = false;
    r->has_modrm = 0;
    r->imm_kind = IMM_NONE;
    r->size_kind = SZ_NONE;
    while (*p) {
        while (*p == ' ') p++;
        const char *s = p;
        while (*p && *p != ',') p++;
        size_t n = (size_t)(p - s);
        while (n && s[n - 1] == ' ') n--;
        if (*p == ',') p++;
        if (n == 0) continue;
        uint8_t sz;
        if (is_method(s, n)) {
            const char *suf = s + 1;
            size_t sn = n - 1;
            sz = size_from_suffix(suf, sn);
            switch (s[0]) {
            case 'E': case 'G': case 'M': case 'R': case 'S': case 'C':
            case 'D': case 'T': case 'N': case 'P': case 'Q': case 'U':
            case 'V': case 'W':
                r->has_modrm = 1;
                break;
            case 'I':
                if (sn == 2 && suf[0] == 'b' && suf[1] == 's') {
                    r->imm_kind = IMM_BS;
                } else if (sn >= 1 && suf[0] == 'b') {
                    r->imm_kind = iw ? IMM_WB : IMM_B;
                } else if (sn >= 1 && suf[0] == 'w') {
                    r->imm_kind = IMM_W;
                    iw = true;
                } else {
                    r->imm_kind = IMM_Z;
                }
                break;
            case 'J':
                r->imm_kind = (sn >= 1 && suf[0] == 'b') ? IMM_BS : IMM_Z;
                break;
            case 'A':
                r->imm_kind = IMM_AP;
                break;
            case 'O':
                r->imm_kind = IMM_O;
                break;
            default: /* X, Y (string operands), F (EFLAGS): nothing encoded */
                break;
            }
        } else {
            sz = size_from_register(s, n);
        }
        if (first) {
            r->size_kind = sz;
            first = 0;
        }
    }
}

/* Fill the dispatch table of one model; returns 0 or -1 on duplicate rows. */
static int build_model(int model)
{
    int err = 0;
    for (unsigned k = 0; k < insn_table_len; k++) {
        const struct insn_row *r = &insn_table[k];
        if (model < r->cpu_min || model > r->cpu_max || r->op > 0x1FF) continue;
        for (int reg = 0; reg < 8; reg++) {
            if (r->reg >= 0 && r->reg != reg) continue;
            const struct insn_row *old = dispatch_tab[model][r->op][reg];
            if (old) {
                fprintf(stderr, "insn table: duplicate rows for model %d opcode %03X /%d: "
                        "%s %s and %s %s\n", model, r->op, reg, old->mnemonic,
                        old->operands, r->mnemonic, r->operands);
                err = -1;
                continue;
            }
            dispatch_tab[model][r->op][reg] = r;
        }
        if (r->has_modrm) modrm_tab[model][r->op] = 1;
    }
    /* An opcode whose rows disagree on ModR/M is a table error too. */
    for (int op = 0; op < 512; op++) {
        for (int reg = 0; reg < 8; reg++) {
            const struct insn_row *r = dispatch_tab[model][op][reg];
            if (r && r->has_modrm != modrm_tab[model][op]) {
                fprintf(stderr, "insn table: opcode %03X rows disagree on ModR/M (%s)\n",
                        op, r->mnemonic);
                err = -1;
            }
        }
    }
    built[model] = true;
    return err;
}

int decode_init(struct cpu *c)
{
    static int result[CPU_MAX + 1];
    int model = c->model > CPU_MAX ? CPU_MAX : (int)c->model;
    if (!rows_derived) {
        row_lockable = calloc(insn_table_len + 1, 1);
        if (!row_lockable) {
            fprintf(stderr, "decode_init: out of memory\n");
            return -1;
        }
        for (unsigned k = 0; k < insn_table_len; k++) {
            derive_row(&insn_table[k]);
            row_lockable[k] = mnemonic_lockable(insn_table[k].mnemonic) &&
                              insn_table[k].has_modrm;
        }
        rows_derived = true;
    }
    if (!built[model]) result[model] = build_model(model);
    c->dispatch = dispatch_tab[model];
    return result[model];
}

/* Longest instruction per model: the 80286 raises #GP(0) past 10 bytes
 * (80286 PRM, exception 13), the 386+ past 15 (SDM Vol. 2A, 2.3.11); the
 * 8086/80186 have no limit (prefixes may repeat without end). */
static const uint8_t max_len[CPU_MAX + 1] = { 0xFF, 0xFF, 10, 15, 15, 15, 15 };

/* Fetch one instruction byte, counting the length. The 80286 IP is a
 * 16-bit register: it wraps from FFFF to 0000 within an instruction. */
static inline uint8_t fetch(struct cpu *c, struct insn *i)
{
    const enum cpu_model model = c->model;
    if (++i->len > max_len[model]) cpu_gp(c, 0);
    uint8_t b = cpu_fetch8(c);
    if (model == CPU_286) c->eip &= 0xFFFF;
    return b;
}

static inline uint32_t fetch16(struct cpu *c, struct insn *i)
{
    uint32_t v = fetch(c, i);
    return v | ((uint32_t)fetch(c, i) << 8);
}

static inline uint32_t fetch32(struct cpu *c, struct insn *i)
{
    uint32_t v = fetch16(c, i);
    return v | (fetch16(c, i) << 16);
}

/* 16-bit addressing (SDM Vol. 2A, table 2-1). */
static void ea16(struct cpu *c, struct insn *i)
{
    static const uint8_t base_reg[8] = { REG_EBX, REG_EBX, REG_EBP, REG_EBP, 0xFF, 0xFF, REG_EBP, REG_EBX };
    static const uint8_t index_reg[8] = { REG_ESI, REG_EDI, REG_ESI, REG_EDI, REG_ESI, REG_EDI, 0xFF, 0xFF };
    uint32_t ea = 0;
    int dseg = SEG_DS;
    if (i->mod == 0 && i->rm == 6) {
        ea = fetch16(c, i);
    } else {
        if (base_reg[i->rm] != 0xFF) ea += c->gpr[base_reg[i->rm]];
        if (index_reg[i->rm] != 0xFF) ea += c->gpr[index_reg[i->rm]];
        if (base_reg[i->rm] == REG_EBP) dseg = SEG_SS;
        if (i->mod == 1) ea += (uint32_t)(int8_t)fetch(c, i);
        else if (i->mod == 2) ea += fetch16(c, i);
    }
    i->ea = ea & 0xFFFF;
    if (!i->seg_override) i->seg = (uint8_t)dseg;
}

/* 32-bit addressing with SIB (SDM Vol. 2A, tables 2-2 and 2-3). */
static void ea32(struct cpu *c, struct insn *i)
{
    uint32_t ea = 0;
    int dseg = SEG_DS;
    if (i->rm == 4) {
        uint8_t sib = fetch(c, i);
        int scale = sib >> 6, index = (sib >> 3) & 7, base = sib & 7;
        i->sib = sib;
        if (index != 4) ea = c->gpr[index] << scale;
        if (base == 5 && i->mod == 0) {
            ea += fetch32(c, i);
        } else {
            ea += c->gpr[base];
            if (base == REG_ESP || base == REG_EBP) dseg = SEG_SS;
        }
    } else if (i->rm == 5 && i->mod == 0) {
        ea = fetch32(c, i);
    } else {
        ea = c->gpr[i->rm];
        if (i->rm == REG_EBP) dseg = SEG_SS;
    }
    if (i->mod == 1) ea += (uint32_t)(int8_t)fetch(c, i);
    else if (i->mod == 2) ea += fetch32(c, i);
    i->ea = ea;
    if (!i->seg_override) i->seg = (uint8_t)dseg;
}

void decode(struct cpu *c, struct insn *i)
{
    const int model = c->model;
    const bool is386 = model >= CPU_386;
    bool opsize_pfx = false, addrsize_pfx = false;
    uint32_t op;

    i->len = 0;
    i->seg = SEG_DS;
    i->seg_override = 0;
    i->rep = 0;
    i->lock = 0;
    i->sib = 0;
    i->ea = 0;
    i->imm = 0;
    i->imm2 = 0;

    /* Prefixes (SDM Vol. 2A, 2.1.1). may_prefix[] is a quick filter: the
     * bytes that are a prefix on some model; the switch decides per model. */
    static const uint8_t may_prefix[256] = {
        [0x26] = 1, [0x2E] = 1, [0x36] = 1, [0x3E] = 1, [0x64] = 1, [0x65] = 1,
        [0x66] = 1, [0x67] = 1, [0xF0] = 1, [0xF1] = 1, [0xF2] = 1, [0xF3] = 1
    };
    for (;;) {
        op = fetch(c, i);
        if (!may_prefix[op]) break;
        switch (op) {
        case 0x26: case 0x2E: case 0x36: case 0x3E:
            i->seg = (uint8_t)((op >> 3) & 3);
            i->seg_override = 1;
            break;
        case 0x64: case 0x65:
            if (!is386) goto opcode;
            i->seg = (uint8_t)(SEG_FS + (op & 1));
            i->seg_override = 1;
            break;
        case 0x66:
            if (!is386) goto opcode;
            opsize_pfx = true;
            break;
        case 0x67:
            if (!is386) goto opcode;
            addrsize_pfx = true;
            break;
        case 0xF0:
            i->lock = 1;
            break;
        case 0xF1: /* LOCK alias on the 8086-80286; INT1 (ICEBP) on the 386+ */
            if (is386) goto opcode;
            i->lock = 1;
            break;
        case 0xF2: case 0xF3:
            i->rep = (uint8_t)op;
            break;
        default:
            goto opcode;
        }
    }
opcode:
    if (op == 0x0F && model >= CPU_286) op = 0x100 | fetch(c, i);
    i->op = (uint16_t)op;

    /* Operand and address size: CS.D, toggled by 66/67 (386+ only). */
    if (is386) {
        bool d = (c->seg[SEG_CS].ar & AR_DB) != 0;
        i->opsize = (d ^ opsize_pfx) ? 4 : 2;
        i->addrsize = (d ^ addrsize_pfx) ? 4 : 2;
    } else {
        i->opsize = 2;
        i->addrsize = 2;
    }

    const struct insn_row *r;
    if (modrm_tab[model][op]) {
        uint8_t m = fetch(c, i);
        i->modrm = m;
        i->mod = m >> 6;
        i->reg = (m >> 3) & 7;
        i->rm = m & 7;
        r = c->dispatch[op][i->reg];
        if (!r) cpu_ud(c);
        /* MOV to/from CRn/DRn (0F 20-23) ignore the mod bits: always a
         * register operand, no displacement (SDM Vol. 2B, MOV-Move to/from
         * Control Registers). */
        if ((op & 0x1FC) == 0x120) i->mod = 3;
        if (i->mod != 3) {
            if (i->addrsize == 2) ea16(c, i);
            else ea32(c, i);
        }
    } else {
        i->modrm = 0;
        i->mod = 3;
        i->reg = 0;
        i->rm = 0;
        r = c->dispatch[op][0];
        if (!r) cpu_ud(c);
    }
    i->row = r;
    /* LOCK on a non-lockable instruction or a register destination: #UD on
     * the 386+ (the 8086-80286 just assert LOCK#). */
    if (i->lock && is386 && (i->mod == 3 || !row_lockable[r - insn_table])) cpu_ud(c);

    /* Immediates (SDM Vol. 2A, 2.1.4). */
    switch (r->imm_kind) {
    case IMM_NONE:
        break;
    case IMM_B:
        i->imm = fetch(c, i);
        break;
    case IMM_BS:
        i->imm = (uint32_t)(int8_t)fetch(c, i);
        break;
    case IMM_W:
        i->imm = fetch16(c, i);
        break;
    case IMM_Z:
        if (i->opsize == 4) {
            i->imm = fetch32(c, i);
        } else {
            i->imm = fetch16(c, i);
            if (r->operands[0] == 'J')
                i->imm = (uint32_t)(int16_t)i->imm; /* Jz is sign-extended */
        }
        break;
    case IMM_WB:
        i->imm = fetch16(c, i);
        i->imm2 = fetch(c, i);
        break;
    case IMM_AP:
        i->imm = i->opsize == 4 ? fetch32(c, i) : fetch16(c, i);
        i->imm2 = fetch16(c, i);
        break;
    case IMM_O:
        i->ea = i->addrsize == 4 ? fetch32(c, i) : fetch16(c, i);
        break;
    }

    static const uint8_t fixed_size[SZ_V + 1] = { 0, 1, 2, 4, 0 };
    i->osize = r->size_kind == SZ_V ? i->opsize : fixed_size[r->size_kind];
}
