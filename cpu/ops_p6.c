/*
 * ops_p6.c - identification and model-specific instructions of the 80486,
 * Pentium and P6: CPUID, RDTSC, RDMSR/WRMSR, RDPMC, SYSENTER/SYSEXIT
 * (SDM Vol. 2A "CPUID", Vol. 2B "RDTSC", "RDMSR", "WRMSR", "RDPMC",
 * "SYSENTER", "SYSEXIT"; the MSRs: SDM Vol. 4, tables 2-2, 2-51 (P6) and
 * 2-52 (Pentium)).
 *
 * What CPUID reports (exactly what this emulator implements):
 *   model     leaf 0 max  leaf 1 EAX  leaf 1 EDX features
 *   486       1           0x0480      FPU
 *   Pentium   1           0x0525      FPU DE PSE TSC MSR CX8
 *   P6        2           0x0633      FPU DE PSE TSC MSR CX8 SEP PGE CMOV
 *                                         FXSR
 * vendor "GenuineIntel"; leaf 1 EBX = ECX = 0; leaf 2 (P6) = the Pentium II
 * cache/TLB descriptors. The signature is
 * cpu_signature() (the EDX value after reset). Not reported because not
 * implemented: VME/PVI (MOV CR4 rejects them), MCE/MCA, APIC, MTRR, PAE,
 * PAT, PSE-36, MMX, SSE.
 * FPU: the x87 of table_fpu.def (fpu_*.c), present on the 386+ models;
 * CMOV (P6) goes with FCMOVcc and FCOMI/FUCOMI, which the x87 implements.
 * FXSR (P6): FXSAVE/FXRSTOR of the x87 state (fpu_fxsr.c) and CR4.OSFXSR;
 * reported without MMX or SSE, which software checks bit by bit (a
 * Pentium II also has MMX: not implemented here, so not reported).
 */
#include "access.h"
#include "flags.h"
#include "insn.h"

/* CPUID leaf 1 EDX feature bits (SDM Vol. 2A, CPUID, table 3-11). */
#define CPUID_FPU  (1u << 0)
#define CPUID_VME  (1u << 1)
#define CPUID_DE   (1u << 2)
#define CPUID_PSE  (1u << 3)
#define CPUID_TSC  (1u << 4)
#define CPUID_MSR  (1u << 5)
#define CPUID_CX8  (1u << 8)
#define CPUID_SEP  (1u << 11)
#define CPUID_PGE  (1u << 13)
#define CPUID_CMOV (1u << 15)
#define CPUID_FXSR (1u << 24)

/* CR4.PCE (SDM Vol. 3A, 2.5): never settable here (MOV CR4 rejects it), so
 * RDPMC at CPL > 0 always faults; kept for the rule's sake. */
#define CR4_PCE 0x00000100u

/* MSR numbers (SDM Vol. 4). */
enum {
    MSR_P5_MC_ADDR = 0x000, MSR_P5_MC_TYPE = 0x001,
    MSR_TSC = 0x010,
    MSR_P5_CESR = 0x011, MSR_P5_CTR0 = 0x012, MSR_P5_CTR1 = 0x013,
    MSR_PLATFORM_ID = 0x017,
    MSR_BIOS_SIGN_ID = 0x08B,
    MSR_PERFCTR0 = 0x0C1, MSR_PERFCTR1 = 0x0C2,
    MSR_SYSENTER_CS = 0x174, MSR_SYSENTER_ESP = 0x175, MSR_SYSENTER_EIP = 0x176,
    MSR_EVNTSEL0 = 0x186, MSR_EVNTSEL1 = 0x187
};

/* Leaf 1 EDX for the model (see the table at the top). */
static uint32_t cpuid_features(const struct cpu *c)
{
    uint32_t f = 0;
    if (c->model >= CPU_386) f |= CPUID_FPU; /* the x87 of table_fpu.def */
    if (c->model >= CPU_PENTIUM) f |= CPUID_DE | CPUID_PSE | CPUID_TSC | CPUID_MSR | CPUID_CX8;
    if (c->model >= CPU_P6) f |= CPUID_SEP | CPUID_PGE | CPUID_CMOV | CPUID_FXSR;
    return f;
}

/* CPUID (0F A2): EAX = leaf. A leaf above the maximum returns the data of
 * the highest basic leaf (SDM Vol. 2A, CPUID: "If a value entered for
 * CPUID.EAX is higher than the maximum input value ... the data for the
 * highest basic information leaf is returned"), which also covers the
 * 0x80000000 range these models lack. Never faults. */
void op_cpuid(struct cpu *c, struct insn *i)
{
    (void)i;
    uint32_t max = c->model >= CPU_P6 ? 2 : 1;
    uint32_t leaf = c->gpr[REG_EAX];
    if (leaf > max) leaf = max;
    uint32_t a = 0, b = 0, cx = 0, d = 0;
    switch (leaf) {
    case 0:
        a = max;
        b = 0x756E6547; /* "Genu" */
        d = 0x49656E69; /* "ineI" */
        cx = 0x6C65746E; /* "ntel" */
        break;
    case 1:
        a = cpu_signature(c->model);
        d = cpuid_features(c);
        break;
    case 2:
        /* Pentium II (SDM Vol. 2A, CPUID, table 3-12): AL = 1 (one CPUID(2)
         * call), 01h ITLB 4K 32 entries, 02h ITLB 4M 2 entries, 03h DTLB 4K
         * 64 entries, 43h L2 512K, 08h L1I 16K, 04h DTLB 4M 8 entries, 0Ch
         * L1D 16K. These are descriptive only: no cache is modelled. */
        a = 0x03020101;
        d = 0x0C040843;
        break;
    }
    c->gpr[REG_EAX] = a;
    c->gpr[REG_EBX] = b;
    c->gpr[REG_ECX] = cx;
    c->gpr[REG_EDX] = d;
}

/* #GP(0) unless at CPL 0 (real mode counts as CPL 0; V86 mode is CPL 3). */
static void need_cpl0(struct cpu *c)
{
    if (cpu_pe(c) && (cpu_v86(c) || c->cpl != 0)) cpu_gp(c, 0);
}

/* RDTSC (0F 31): EDX:EAX = IA32_TIME_STAMP_COUNTER; #GP(0) when CR4.TSD=1
 * outside CPL 0. The counter is cpu->tsc, a virtual clock at the
 * emulated CPU's instruction rate: cpu_run() advances it by one per
 * instruction (faults and interrupt deliveries count one each, as icount),
 * and the run loop adds the instructions that would have run in virtual
 * time skipped over HLT (frontend/headless.c idle_skip: ns skipped /
 * ns_per_insn), so TSC ticks = virtual ns / ns_per_insn since reset and
 * RDTSC agrees with the PIT and the RTC. */
void op_rdtsc(struct cpu *c, struct insn *i)
{
    (void)i;
    if ((c->cr[4] & CR4_TSD) && cpu_pe(c) && (cpu_v86(c) || c->cpl != 0)) cpu_gp(c, 0);
    c->gpr[REG_EAX] = (uint32_t)c->tsc;
    c->gpr[REG_EDX] = (uint32_t)(c->tsc >> 32);
}

/* A performance counter value as the P6 keeps it: 40 bits, a write of
 * EDX:EAX sign-extends bit 31 of EAX (SDM Vol. 3B, P6 performance counters:
 * "the upper bits of the counter are sign-extended from bit 31"). */
static uint64_t pmc_value(uint32_t lo)
{
    return (uint64_t)(int64_t)(int32_t)lo & 0xFFFFFFFFFFull;
}

/* Read MSR `msr` into *v; false for an MSR this model does not have. */
static bool msr_read(struct cpu *c, uint32_t msr, uint64_t *v)
{
    bool p6 = c->model >= CPU_P6;
    switch (msr) {
    case MSR_TSC: *v = c->tsc; return true;
    case MSR_P5_MC_ADDR: case MSR_P5_MC_TYPE:
        /* Pentium machine-check address/type (P6: aliases of MC0); no
         * machine check is ever logged. */
        *v = 0;
        return true;
    case MSR_P5_CESR: if (p6) return false; *v = c->pmc.evtsel[0]; return true;
    case MSR_P5_CTR0: case MSR_P5_CTR1:
        if (p6) return false;
        *v = c->pmc.perfctr[msr - MSR_P5_CTR0];
        return true;
    case MSR_PLATFORM_ID:
        /* Bits 52:50 platform id (0), as Linux's microcode driver reads. */
        if (!p6) return false;
        *v = 0;
        return true;
    case MSR_BIOS_SIGN_ID:
        /* EDX = revision of the loaded microcode update: none (0). */
        if (!p6) return false;
        *v = 0;
        return true;
    case MSR_PERFCTR0: case MSR_PERFCTR1:
        if (!p6) return false;
        *v = c->pmc.perfctr[msr - MSR_PERFCTR0];
        return true;
    case MSR_EVNTSEL0: case MSR_EVNTSEL1:
        if (!p6) return false;
        *v = c->pmc.evtsel[msr - MSR_EVNTSEL0];
        return true;
    case MSR_SYSENTER_CS: if (!p6) return false; *v = c->sysenter_cs; return true;
    case MSR_SYSENTER_ESP: if (!p6) return false; *v = c->sysenter_esp; return true;
    case MSR_SYSENTER_EIP: if (!p6) return false; *v = c->sysenter_eip; return true;
    default: return false;
    }
}

/* Write MSR `msr`; false for an MSR this model does not have or a value it
 * rejects. */
static bool msr_write(struct cpu *c, uint32_t msr, uint64_t v)
{
    bool p6 = c->model >= CPU_P6;
    switch (msr) {
    case MSR_TSC:
        /* Pentium and P6 write the low 32 bits and clear the upper 32 (SDM
         * Vol. 3B, 17.17 "Time-stamp counter"). */
        c->tsc = (uint32_t)v;
        return true;
    case MSR_P5_MC_ADDR: case MSR_P5_MC_TYPE:
        return true; /* writes are ignored */
    case MSR_P5_CESR: if (p6) return false; c->pmc.evtsel[0] = (uint32_t)v; return true;
    case MSR_P5_CTR0: case MSR_P5_CTR1:
        if (p6) return false;
        c->pmc.perfctr[msr - MSR_P5_CTR0] = v & 0xFFFFFFFFFFull;
        return true;
    case MSR_BIOS_SIGN_ID:
        /* Software writes 0 before CPUID(1) to read the update revision. */
        return p6;
    case MSR_PERFCTR0: case MSR_PERFCTR1:
        if (!p6) return false;
        c->pmc.perfctr[msr - MSR_PERFCTR0] = pmc_value((uint32_t)v);
        return true;
    case MSR_EVNTSEL0: case MSR_EVNTSEL1:
        if (!p6) return false;
        c->pmc.evtsel[msr - MSR_EVNTSEL0] = (uint32_t)v;
        return true;
    case MSR_SYSENTER_CS: if (!p6) return false; c->sysenter_cs = (uint32_t)v; return true;
    case MSR_SYSENTER_ESP: if (!p6) return false; c->sysenter_esp = (uint32_t)v; return true;
    case MSR_SYSENTER_EIP: if (!p6) return false; c->sysenter_eip = (uint32_t)v; return true;
    default: return false;
    }
}

/* RDMSR (0F 32): EDX:EAX = MSR[ECX]; #GP(0) outside CPL 0 or for an MSR
 * the model does not implement. */
void op_rdmsr(struct cpu *c, struct insn *i)
{
    (void)i;
    need_cpl0(c);
    uint64_t v;
    if (!msr_read(c, c->gpr[REG_ECX], &v)) cpu_gp(c, 0);
    c->gpr[REG_EAX] = (uint32_t)v;
    c->gpr[REG_EDX] = (uint32_t)(v >> 32);
}

/* WRMSR (0F 30): MSR[ECX] = EDX:EAX; #GP(0) outside CPL 0 or for an MSR
 * the model does not implement. */
void op_wrmsr(struct cpu *c, struct insn *i)
{
    (void)i;
    need_cpl0(c);
    uint64_t v = ((uint64_t)c->gpr[REG_EDX] << 32) | c->gpr[REG_EAX];
    if (!msr_write(c, c->gpr[REG_ECX], v)) cpu_gp(c, 0);
}

/* RDPMC (0F 33): EDX:EAX = performance counter ECX (0 or 1 on the P6, 40
 * bits). #GP(0) for another ECX, or outside CPL 0 unless CR4.PCE=1. */
void op_rdpmc(struct cpu *c, struct insn *i)
{
    (void)i;
    if (!(c->cr[4] & CR4_PCE) && cpu_pe(c) && (cpu_v86(c) || c->cpl != 0)) cpu_gp(c, 0);
    uint32_t n = c->gpr[REG_ECX];
    if (n > 1) cpu_gp(c, 0);
    c->gpr[REG_EAX] = (uint32_t)c->pmc.perfctr[n];
    c->gpr[REG_EDX] = (uint32_t)(c->pmc.perfctr[n] >> 32) & 0xFF;
}

/* Load a flat 4 GiB segment (base 0, limit 0xFFFFFFFF, G=1, D/B=1) with
 * the selector and access rights SYSENTER/SYSEXIT prescribe. */
static void flat_seg(struct seg_cache *s, uint16_t sel, uint16_t ar)
{
    s->sel = sel;
    s->base = 0;
    s->limit = 0xFFFFFFFFu;
    s->ar = ar;
}

/* SYSENTER (0F 34): fast call to CPL 0 (SDM Vol. 2B "SYSENTER"). #GP(0) in
 * real mode or when SYSENTER_CS[15:2] = 0. Clears EFLAGS.VM, IF and RF;
 * CS = SYSENTER_CS & FFFC (flat, execute/read, accessed, DPL 0, 32-bit),
 * SS = CS + 8 (flat, read/write, accessed, DPL 0, B=1), ESP/EIP from the
 * SYSENTER_ESP/EIP MSRs. No descriptor is read. */
void op_sysenter(struct cpu *c, struct insn *i)
{
    (void)i;
    if (!cpu_pe(c) || (c->sysenter_cs & 0xFFFC) == 0) cpu_gp(c, 0);
    c->eflags &= ~(EFLAGS_VM | EFLAGS_IF | EFLAGS_RF);
    uint16_t cs = (uint16_t)(c->sysenter_cs & 0xFFFC);
    flat_seg(&c->seg[SEG_CS], cs, AR_G | AR_DB | AR_P | AR_S | AR_CODE | AR_RW | AR_A);
    flat_seg(&c->seg[SEG_SS], (uint16_t)(cs + 8), AR_G | AR_DB | AR_P | AR_S | AR_RW | AR_A);
    c->cpl = 0;
    c->gpr[REG_ESP] = c->sysenter_esp;
    c->eip = c->sysenter_eip;
}

/* SYSEXIT (0F 35): fast return to CPL 3 (SDM Vol. 2B "SYSEXIT"). #GP(0)
 * in real mode, outside CPL 0 (V86 is CPL 3) or when SYSENTER_CS[15:2] = 0.
 * CS = (SYSENTER_CS + 16) | 3, SS = (SYSENTER_CS + 24) | 3, both flat DPL 3
 * 32-bit; ESP = ECX, EIP = EDX. */
void op_sysexit(struct cpu *c, struct insn *i)
{
    (void)i;
    if (!cpu_pe(c) || cpu_v86(c) || c->cpl != 0 || (c->sysenter_cs & 0xFFFC) == 0) cpu_gp(c, 0);
    uint16_t cs = (uint16_t)(c->sysenter_cs & 0xFFFC);
    const uint16_t dpl3 = 3u << 5;
    flat_seg(&c->seg[SEG_CS], (uint16_t)((cs + 16) | 3),
             AR_G | AR_DB | AR_P | AR_S | dpl3 | AR_CODE | AR_RW | AR_A);
    flat_seg(&c->seg[SEG_SS], (uint16_t)((cs + 24) | 3),
             AR_G | AR_DB | AR_P | AR_S | dpl3 | AR_RW | AR_A);
    c->cpl = 3;
    c->gpr[REG_ESP] = c->gpr[REG_ECX];
    c->eip = c->gpr[REG_EDX];
}
