/*
 * ops_string.c - string instructions MOVS CMPS STOS LODS SCAS INS OUTS with
 * the REP/REPE/REPNE prefixes (SDM Vol. 2B "MOVS", "CMPS", "STOS", "LODS",
 * "SCAS", "INS", "OUTS", "REP/REPE/REPZ/REPNE/REPNZ").
 *
 * The source is seg:(E)SI (segment override allowed), the destination is
 * always ES:(E)DI; (E)SI/(E)DI/(E)CX are used by the address size and step
 * by the element size, down when EFLAGS.DF=1. Registers are updated after
 * every iteration, so a fault in the middle leaves the state a restart
 * needs (EIP points back at the instruction). A long REP yields after
 * REP_CHUNK iterations with EIP at the instruction and cpu->rep_active set,
 * so interrupts are taken between iterations as on hardware. F2 and F3 both
 * mean REP for the instructions that do not compare.
 */
#include "ops_core.h"

#define REP_CHUNK 4096u

enum str_kind { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS };

/* Element step: +size, or -size when DF=1. */
static inline uint32_t str_step(const struct cpu *c, int size)
{
    return (c->eflags & EFLAGS_DF) ? (uint32_t)-size : (uint32_t)size;
}

/* Advance SI or DI (register r) by d, wrapped to the address size. */
static inline void adv(struct cpu *c, int r, uint32_t m, uint32_t d)
{
    c->gpr[r] = (c->gpr[r] & ~m) | ((c->gpr[r] + d) & m);
}

/* Advance register r before its access on the 80286 (whose microcode steps
 * SI/DI ahead of the bus cycle, so a faulting access leaves the register
 * stepped, as the SingleStepTests 80286 captures show), after it on the
 * other models (a fault leaves it unchanged). */
#define STEP_BEFORE(r) do { if (early) adv(c, (r), m, d); } while (0)
#define STEP_AFTER(r) do { if (!early) adv(c, (r), m, d); } while (0)

/* A write of a REP iteration on the 80286: the microcode has already
 * counted the next iteration in CX when the write's fault is signalled
 * (80286 captures: a faulting REP STOS/INS leaves CX two below its value
 * before the iteration). CX is restored once the write has completed. */
static inline void rep286_write(struct cpu *c, int seg, uint32_t off, int size, uint32_t v,
                                uint32_t m)
{
    uint32_t cx = c->gpr[REG_ECX];
    c->gpr[REG_ECX] = (cx & ~m) | ((cx - 1) & m);
    cpu_write(c, seg, off, size, v);
    c->gpr[REG_ECX] = cx;
}

/* One iteration of the string operation. */
static inline void str_once(struct cpu *c, struct insn *i, enum str_kind k, int size,
                            uint32_t m, uint32_t d)
{
    const bool early = c->model == CPU_286;
    const bool rep286 = early && i->rep;
    uint32_t si = c->gpr[REG_ESI] & m, di = c->gpr[REG_EDI] & m, a, b;
    switch (k) {
    case STR_MOVS:
        STEP_BEFORE(REG_ESI);
        a = cpu_read(c, i->seg, si, size);
        STEP_BEFORE(REG_EDI);
        if (rep286) rep286_write(c, SEG_ES, di, size, a, m);
        else cpu_write(c, SEG_ES, di, size, a);
        STEP_AFTER(REG_ESI);
        STEP_AFTER(REG_EDI);
        break;
    case STR_CMPS:
        if (early) {
            /* The 80286 reads ES:DI first. */
            STEP_BEFORE(REG_EDI);
            b = cpu_read(c, SEG_ES, di, size);
            STEP_BEFORE(REG_ESI);
            a = cpu_read(c, i->seg, si, size);
        } else {
            a = cpu_read(c, i->seg, si, size);
            b = cpu_read(c, SEG_ES, di, size);
        }
        lf_set(c, LK_SUB, size, a, b, a - b);
        STEP_AFTER(REG_ESI);
        STEP_AFTER(REG_EDI);
        break;
    case STR_STOS:
        STEP_BEFORE(REG_EDI);
        a = cpu_reg_read(c, REG_EAX, size);
        if (rep286) rep286_write(c, SEG_ES, di, size, a, m);
        else cpu_write(c, SEG_ES, di, size, a);
        STEP_AFTER(REG_EDI);
        break;
    case STR_LODS:
        STEP_BEFORE(REG_ESI);
        a = cpu_read(c, i->seg, si, size);
        cpu_reg_write(c, REG_EAX, size, a);
        STEP_AFTER(REG_ESI);
        break;
    case STR_SCAS:
        a = cpu_reg_read(c, REG_EAX, size);
        STEP_BEFORE(REG_EDI);
        b = cpu_read(c, SEG_ES, di, size);
        lf_set(c, LK_SUB, size, a, b, a - b);
        STEP_AFTER(REG_EDI);
        break;
    case STR_INS:
        /* The destination is checked before the port is read, so a fault
         * does not lose the input (the 80286 reads the port first). */
        STEP_BEFORE(REG_EDI);
        if (!early) cpu_check_access(c, SEG_ES, di, size, true);
        a = c->io_read(c->io_opaque, (uint16_t)c->gpr[REG_EDX], size);
        if (rep286) rep286_write(c, SEG_ES, di, size, a, m);
        else cpu_write(c, SEG_ES, di, size, a);
        STEP_AFTER(REG_EDI);
        break;
    case STR_OUTS:
        STEP_BEFORE(REG_ESI);
        a = cpu_read(c, i->seg, si, size);
        c->io_write(c->io_opaque, (uint16_t)c->gpr[REG_EDX], a, size);
        STEP_AFTER(REG_ESI);
        break;
    }
}

/* Protected-mode I/O permission for INS/OUTS (SDM Vol. 1, 18.5). */
static inline void str_io_check(struct cpu *c, int size)
{
    if (cpu_pe(c) && (c->cpl > cpu_iopl(c) || cpu_v86(c)))
        cpu_io_check(c, (uint16_t)c->gpr[REG_EDX], size);
    io_breakpoints(c, (uint16_t)c->gpr[REG_EDX], size);
}

static void str_exec(struct cpu *c, struct insn *i, enum str_kind k)
{
    const int size = byte_or_v(i);
    const uint32_t m = addr_mask(i);
    const uint32_t d = str_step(c, size);
    if (!i->rep) {
        if (k == STR_INS || k == STR_OUTS) str_io_check(c, size);
        str_once(c, i, k, size, m, d);
        return;
    }
    uint32_t cx = c->gpr[REG_ECX] & m;
    if (cx == 0) {
        c->rep_active = false;
        return;
    }
    if (k == STR_INS || k == STR_OUTS) str_io_check(c, size);
    const bool cmp = (k == STR_CMPS || k == STR_SCAS);
    const bool want_zf = i->rep == 0xF3; /* REPE: continue while ZF=1 */
    /* The 80286 counts a MOVS/STOS/LODS/INS/OUTS iteration in CX before its
     * accesses (a fault leaves it counted); CMPS/SCAS and the other models
     * count it after. */
    const bool early = c->model == CPU_286 && !cmp;
    for (unsigned n = 0; n < REP_CHUNK; n++) {
        if (early) {
            cx = (cx - 1) & m;
            c->gpr[REG_ECX] = (c->gpr[REG_ECX] & ~m) | cx;
            str_once(c, i, k, size, m, d);
        } else {
            str_once(c, i, k, size, m, d);
            cx = (cx - 1) & m;
            c->gpr[REG_ECX] = (c->gpr[REG_ECX] & ~m) | cx;
        }
        if (cx == 0 || (cmp && flag_zf(c) != want_zf)) {
            c->rep_active = false;
            return;
        }
        /* A data breakpoint traps after this iteration (SDM Vol. 3A
         * 17.3.1.2): yield so the #DB sees EIP at the instruction. */
        if (c->dr_pending) break;
    }
    /* Iterations left: run the instruction again (prefixes and all). */
    c->eip = c->insn_eip;
    c->rep_active = true;
}

void core_movs(struct cpu *c, struct insn *i) { str_exec(c, i, STR_MOVS); }
void core_cmps(struct cpu *c, struct insn *i) { str_exec(c, i, STR_CMPS); }
void core_stos(struct cpu *c, struct insn *i) { str_exec(c, i, STR_STOS); }
void core_lods(struct cpu *c, struct insn *i) { str_exec(c, i, STR_LODS); }
void core_scas(struct cpu *c, struct insn *i) { str_exec(c, i, STR_SCAS); }
void core_ins(struct cpu *c, struct insn *i) { str_exec(c, i, STR_INS); }
void core_outs(struct cpu *c, struct insn *i) { str_exec(c, i, STR_OUTS); }
