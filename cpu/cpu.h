/*
 * cpu.h - architectural state of the emulated x86 CPU and its public API.
 *
 * One struct cpu holds everything the architecture defines (Intel SDM Vol. 1
 * ch. 3 "Basic execution environment", Vol. 3A ch. 2 "System architecture
 * overview"): general registers, EIP, EFLAGS, segment registers with their
 * hidden descriptor caches, CR0-CR4, GDTR/IDTR/LDTR/TR, DR0-DR7, MSRs and the
 * interrupt/halt state. The debugger, snapshots and the test-vector runner read
 * and write this struct and nothing else.
 *
 * The CPU sees memory only through mmu/ (struct mem) and ports only through the
 * io_read/io_write callbacks; it never includes a device header.
 */
#ifndef X86PC_CPU_H
#define X86PC_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "../mmu/tlb.h"
#include "fpu.h"
#include "ops_p6.h"

struct mem;
struct insn_row;

/* CPU model: gates instructions and model-specific behaviour (-cpu ...). */
enum cpu_model {
    CPU_8086 = 0, /* 8086/8088 */
    CPU_186,      /* 80186/80188 */
    CPU_286,      /* 80286 */
    CPU_386,      /* 80386 */
    CPU_486,      /* 80486 */
    CPU_PENTIUM,  /* Pentium (P5) */
    CPU_P6,       /* Pentium Pro / II (i686) */
    CPU_MAX = CPU_P6
};

/* General register numbers in ModR/M encoding order (SDM Vol. 2A, 2.1.5). */
enum { REG_EAX, REG_ECX, REG_EDX, REG_EBX, REG_ESP, REG_EBP, REG_ESI, REG_EDI };

/* Segment register numbers in Sreg encoding order (SDM Vol. 2A, 3.1.1.3). */
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_COUNT };

/* EFLAGS bits (SDM Vol. 1, 3.4.3). */
#define EFLAGS_CF   0x00000001u
#define EFLAGS_R1   0x00000002u /* reserved, always 1 */
#define EFLAGS_PF   0x00000004u
#define EFLAGS_AF   0x00000010u
#define EFLAGS_ZF   0x00000040u
#define EFLAGS_SF   0x00000080u
#define EFLAGS_TF   0x00000100u
#define EFLAGS_IF   0x00000200u
#define EFLAGS_DF   0x00000400u
#define EFLAGS_OF   0x00000800u
#define EFLAGS_IOPL 0x00003000u
#define EFLAGS_NT   0x00004000u
#define EFLAGS_RF   0x00010000u
#define EFLAGS_VM   0x00020000u
#define EFLAGS_AC   0x00040000u
#define EFLAGS_VIF  0x00080000u
#define EFLAGS_VIP  0x00100000u
#define EFLAGS_ID   0x00200000u
/* The six arithmetic status flags, the ones kept lazily (see flags.h). */
#define EFLAGS_ARITH (EFLAGS_CF | EFLAGS_PF | EFLAGS_AF | EFLAGS_ZF | EFLAGS_SF | EFLAGS_OF)
#define EFLAGS_IOPL_SHIFT 12

/* CR0 bits (SDM Vol. 3A, 2.5). */
#define CR0_PE 0x00000001u
#define CR0_MP 0x00000002u
#define CR0_EM 0x00000004u
#define CR0_TS 0x00000008u
#define CR0_ET 0x00000010u
#define CR0_NE 0x00000020u
#define CR0_WP 0x00010000u
#define CR0_AM 0x00040000u
#define CR0_NW 0x20000000u
#define CR0_CD 0x40000000u
#define CR0_PG 0x80000000u

/* CR4 bits (SDM Vol. 3A, 2.5). */
#define CR4_VME 0x00000001u
#define CR4_PVI 0x00000002u
#define CR4_TSD 0x00000004u
#define CR4_DE  0x00000008u
#define CR4_PSE 0x00000010u
#define CR4_PAE 0x00000020u
#define CR4_MCE 0x00000040u
#define CR4_PGE 0x00000080u
#define CR4_OSFXSR 0x00000200u

/* Exception vectors (SDM Vol. 3A, 6.3.1, table 6-1). */
enum {
    EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5,
    EXC_UD = 6, EXC_NM = 7, EXC_DF = 8, EXC_TS = 10, EXC_NP = 11, EXC_SS = 12,
    EXC_GP = 13, EXC_PF = 14, EXC_MF = 16, EXC_AC = 17, EXC_MC = 18, EXC_XM = 19
};

/*
 * Hidden part of a segment register, or of LDTR/TR (SDM Vol. 3A, 3.4.3).
 * base:  linear base address.
 * limit: effective limit in bytes (granularity already applied), 0..0xFFFFFFFF.
 * ar:    access rights as in descriptor bytes 5 and 6: bits 0-3 type, 4 S,
 *        5-6 DPL, 7 P, 12 AVL, 13 L, 14 D/B, 15 G (the limit 19:16 nibble,
 *        bits 8-11, is kept zero).
 * In real mode (and V86) a segment load sets base = sel << 4 and leaves limit
 * and ar as they were, as the hardware does (which is what makes "unreal
 * mode" work); reset gives limit 0xFFFF, ar 0x0093 (CS: 0x009B).
 */
struct seg_cache {
    uint16_t sel;
    uint32_t base;
    uint32_t limit;
    uint16_t ar;
};

/* Access-rights bits of seg_cache.ar. */
#define AR_TYPE(ar) ((ar) & 0xF)
#define AR_A    0x0001u /* type bit 0: accessed */
#define AR_RW   0x0002u /* type bit 1: readable (code) / writable (data) */
#define AR_EC   0x0004u /* type bit 2: expand-down (data) / conforming (code) */
#define AR_CODE 0x0008u /* type bit 3: code segment */
#define AR_S    0x0010u /* code/data (1) or system (0) descriptor */
#define AR_DPL(ar) (((ar) >> 5) & 3)
#define AR_P    0x0080u
#define AR_AVL  0x1000u
#define AR_L    0x2000u
#define AR_DB   0x4000u
#define AR_G    0x8000u

/* GDTR/IDTR: linear base and limit in bytes (SDM Vol. 3A, 2.4). */
struct dtr {
    uint32_t base;
    uint32_t limit;
};

/*
 * Lazy arithmetic flags (see flags.h): the last flag-setting operation, its
 * operands and result. op == LF_NONE means EFLAGS holds the six arithmetic
 * flags directly.
 */
struct lazy_flags {
    uint32_t res;  /* result, truncated to the operation size */
    uint32_t dst;  /* first (destination) operand */
    uint32_t src;  /* second (source) operand, or carry-in / count */
    uint16_t op;   /* enum lazy_op from flags.h, LF_NONE when not lazy */
};

/* Why cpu_run()/cpu_step() returned. */
enum cpu_stop {
    CPU_STOP_BUDGET = 0, /* executed the requested number of instructions */
    CPU_STOP_HALT,       /* HLT with no interrupt able to wake the CPU */
    CPU_STOP_SHUTDOWN,   /* triple fault: the board must reset the machine */
    CPU_STOP_REQUEST     /* cpu->stop_request was set by a callback */
};

/* Kind of an interrupt/exception delivery (SDM Vol. 3A, 6.4, 6.12). */
enum int_kind {
    INT_EXT = 0,  /* external interrupt (INTR, NMI) */
    INT_SOFT,     /* INT n: DPL check against CPL, V86 IOPL check */
    INT_SOFT_EXC, /* INT3 and INTO: like INT n (DPL check), but #BP/#OF */
    INT_EXC,      /* exception raised by the processor */
    INT_ICEBP     /* INT1 (F1 on 386+): no DPL check */
};

/*
 * The CPU. All fields are architectural state or plain bookkeeping that a
 * snapshot must also keep; nothing here points into a device.
 */
struct cpu {
    /* --- architectural registers --- */
    uint32_t gpr[8];            /* EAX..EDI in REG_* order */
    uint32_t eip;               /* during execution: EIP of the next instruction */
    uint32_t eflags;            /* arithmetic bits stale while lf.op != LF_NONE */
    struct lazy_flags lf;
    struct seg_cache seg[SEG_COUNT];
    struct dtr gdtr, idtr;
    struct seg_cache ldtr, tr;
    uint32_t cr[5];             /* CR0, (CR1 unused), CR2, CR3, CR4 */
    uint32_t dr[8];             /* DR0-DR7 (DR4/DR5 alias DR6/DR7 with CR4.DE=0) */
    uint8_t cpl;                /* current privilege level, 0-3 */

    /* --- model-specific registers (SDM Vol. 4) --- */
    uint64_t tsc;               /* IA32_TIME_STAMP_COUNTER */
    uint32_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t apic_base;
    struct p6_msrs pmc;         /* performance-monitoring MSRs (ops_p6.h) */

    /* --- x87 FPU (fpu.h; present on the 386+ models, see table_fpu.def) --- */
    struct fpu fpu;

    enum cpu_model model;

    /* --- interrupt, halt and reset state --- */
    bool halted;                /* HLT executed, waiting for an interrupt */
    bool intr_shadow;           /* inhibit INTR for one instruction (STI, MOV/POP SS) */
    bool intr_line;             /* INTR pin level, driven by the board (8259A INT) */
    bool nmi_pending;           /* NMI edge latched, delivered before INTR */
    bool nmi_blocked;           /* inside an NMI handler until IRET */
    bool shutdown;              /* triple fault happened; board resets */
    bool rep_active;            /* a REP string instruction yielded with iterations left */
    bool stop_request;          /* set by a callback to end cpu_run() early */

    /* --- per-instruction bookkeeping (not architectural) --- */
    uint32_t insn_eip;          /* EIP of the instruction being executed */
    uint32_t insn_esp;          /* ESP at its start; restored when it faults */
    uint8_t insn_cpl;           /* CPL at its start */
    uint8_t exc_vec;            /* exception being raised (cpu_raise) */
    bool exc_has_err;
    uint32_t exc_err;
    int exc_nest;               /* 0; 1 while delivering a fault; 2 while delivering #DF */
    uint8_t exc_first;          /* first vector of a nested delivery (for #DF rules) */
    uint8_t dr_pending;         /* data-breakpoint hits (B0-B3) of the current
                                   instruction, reported as a #DB trap after it
                                   (debugreg.h) */
    jmp_buf fault_jmp;          /* cpu_raise() longjmps here (set by cpu_run) */
    uint64_t icount;            /* instructions executed since reset; a faulting
                                   instruction and an interrupt delivery between
                                   instructions count as one each (cpu_run) */

    /* --- links to the rest of the machine --- */
    struct mem *mem;            /* physical memory map (mmu/mem.h) */
    struct tlb tlb;             /* linear->host translation cache (mmu/tlb.h) */
    /* Port I/O: size 1, 2 or 4 bytes. Unclaimed ports read all ones. */
    uint32_t (*io_read)(void *opaque, uint16_t port, int size);
    void (*io_write)(void *opaque, uint16_t port, uint32_t value, int size);
    void *io_opaque;
    /* Interrupt acknowledge: returns the vector of the highest pending
     * interrupt (8259A INTA cycle); called only when intr_line is set and
     * EFLAGS.IF=1 with no interrupt shadow. */
    uint8_t (*intr_ack)(void *opaque);
    void *intr_opaque;

    /* Decoder dispatch table for this model, built by cpu_init()
     * (512 opcodes x 8 ModR/M.reg values). */
    const struct insn_row *(*dispatch)[8];
};

/* Initialise a CPU of the given model attached to physical memory `mem`, and
 * reset it. The I/O and interrupt callbacks default to "no device": reads
 * return all ones, writes are dropped, no interrupt is ever pending. */
void cpu_init(struct cpu *c, enum cpu_model model, struct mem *mem);

/* Processor signature (family/model/stepping, as EDX after reset and CPUID
 * leaf 1 EAX) of a model; 0 for models without one (8086-80286). */
uint32_t cpu_signature(enum cpu_model model);

/* Hardware reset (SDM Vol. 3A, 9.1.1, table 9-1): CS=F000 with base
 * 0xFFFF0000, EIP=0xFFF0, EFLAGS=2 (8086: 0xF002), CR0=0x60000010 (386+),
 * EDX=processor signature, other registers 0. Flushes the TLB. */
void cpu_reset(struct cpu *c);

/* Execute up to `max_insns` instructions (hardware interrupts are taken
 * between them). Returns why it stopped (enum cpu_stop). */
enum cpu_stop cpu_run(struct cpu *c, uint64_t max_insns);

/* Execute exactly one instruction (or deliver one pending interrupt). */
enum cpu_stop cpu_step(struct cpu *c);

/* Raise exception `vec` (with error code `err` when `has_err`) from inside an
 * instruction: undoes the instruction (EIP, ESP, CPL back to their values at
 * its start; 8086/80186 #DE keeps the next EIP, as those chips do), then
 * longjmps to cpu_run(), which delivers it through the IVT/IDT, escalating to
 * #DF and to shutdown (triple fault) per SDM Vol. 3A 6.15, table 6-5. */
_Noreturn void cpu_raise(struct cpu *c, int vec, bool has_err, uint32_t err);

/* Convenience: raise #GP(err), #SS(err), #UD, #NP(err), #TS(err). */
_Noreturn void cpu_gp(struct cpu *c, uint32_t err);
_Noreturn void cpu_ss(struct cpu *c, uint32_t err);
_Noreturn void cpu_ud(struct cpu *c);
_Noreturn void cpu_np(struct cpu *c, uint32_t err);
_Noreturn void cpu_ts(struct cpu *c, uint32_t err);

/* Read EFLAGS with the lazy arithmetic flags folded in (flags.c). */
uint32_t cpu_get_eflags(struct cpu *c);
/* Write the EFLAGS bits in `mask` from `value` and drop the lazy state.
 * No privilege checks: callers (POPF, IRET, ...) decide the mask. */
void cpu_set_eflags(struct cpu *c, uint32_t value, uint32_t mask);

/* Register access by ModR/M number. size 1: AL,CL,DL,BL,AH,CH,DH,BH;
 * size 2: AX..DI; size 4: EAX..EDI. Writes of size 1/2 keep the other bits. */
static inline uint32_t cpu_reg_read(const struct cpu *c, int reg, int size)
{
    if (size == 4) return c->gpr[reg];
    if (size == 2) return c->gpr[reg] & 0xFFFF;
    return reg < 4 ? (c->gpr[reg] & 0xFF) : ((c->gpr[reg - 4] >> 8) & 0xFF);
}

static inline void cpu_reg_write(struct cpu *c, int reg, int size, uint32_t v)
{
    if (size == 4) c->gpr[reg] = v;
    else if (size == 2) c->gpr[reg] = (c->gpr[reg] & 0xFFFF0000u) | (v & 0xFFFF);
    else if (reg < 4) c->gpr[reg] = (c->gpr[reg] & 0xFFFFFF00u) | (v & 0xFF);
    else c->gpr[reg - 4] = (c->gpr[reg - 4] & 0xFFFF00FFu) | ((v & 0xFF) << 8);
}

/* True in protected mode (CR0.PE=1), including virtual-8086 mode. */
static inline bool cpu_pe(const struct cpu *c) { return (c->cr[0] & CR0_PE) != 0; }
/* True in virtual-8086 mode (CR0.PE=1 and EFLAGS.VM=1). */
static inline bool cpu_v86(const struct cpu *c) { return cpu_pe(c) && (c->eflags & EFLAGS_VM); }
/* True in protected mode proper (not real, not V86). */
static inline bool cpu_pm(const struct cpu *c) { return cpu_pe(c) && !(c->eflags & EFLAGS_VM); }
/* Current IOPL, 0-3. */
static inline int cpu_iopl(const struct cpu *c) { return (c->eflags & EFLAGS_IOPL) >> EFLAGS_IOPL_SHIFT; }

#endif
