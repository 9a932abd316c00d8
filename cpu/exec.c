/*
 * exec.c - the interpreter loop: initialisation, reset, run/step, exceptions.
 *
 * cpu_run() executes instructions in batches: one setjmp per batch catches
 * faults raised anywhere inside an instruction (cpu_raise() longjmps back),
 * after which the exception is delivered (seg.h cpu_deliver_exception) and
 * the loop continues. Between instructions it takes NMI, then INTR (SDM Vol.
 * 3A, 6.9 priority among simultaneous events), honouring the one-instruction
 * interrupt shadow of STI and MOV/POP SS (SDM Vol. 2B "STI", Vol. 3A 6.8.3),
 * the single-step trap (EFLAGS.TF, SDM Vol. 3A 17.3.1.4) and the DR0-DR7
 * breakpoints (SDM Vol. 3A 17.2, 17.3).
 */
#include <string.h>

#include "access.h"
#include "debugreg.h"
#include "flags.h"
#include "fpu.h"
#include "insn.h"
#include "seg.h"
#include "../mmu/mem.h"

/* Default port I/O: no device, reads return all ones, writes are dropped. */
static uint32_t io_read_none(void *opaque, uint16_t port, int size)
{
    (void)opaque;
    (void)port;
    return size == 4 ? 0xFFFFFFFFu : ((1u << (size * 8)) - 1);
}

static void io_write_none(void *opaque, uint16_t port, uint32_t value, int size)
{
    (void)opaque;
    (void)port;
    (void)value;
    (void)size;
}

/* Default interrupt acknowledge: no controller, spurious vector 0xFF
 * (never called while intr_line stays false). */
static uint8_t intr_ack_none(void *opaque)
{
    (void)opaque;
    return 0xFF;
}

uint32_t cpu_signature(enum cpu_model model)
{
    switch (model) {
    case CPU_386: return 0x0303;     /* 386DX, D1 stepping */
    /* The 486 model has EFLAGS.ID and CPUID (ops_p6.c), so it is a 486
     * that had them: IntelDX4 (family 4, model 8, stepping 0). */
    case CPU_486: return 0x0480;
    case CPU_PENTIUM: return 0x0525; /* Pentium P54C (family 5, model 2) */
    case CPU_P6: return 0x0633;      /* Pentium II Klamath (family 6, model 3) */
    default: return 0;
    }
}

void cpu_init(struct cpu *c, enum cpu_model model, struct mem *mem)
{
    memset(c, 0, sizeof(*c));
    c->model = model > CPU_MAX ? CPU_MAX : model;
    c->mem = mem;
    c->io_read = io_read_none;
    c->io_write = io_write_none;
    c->intr_ack = intr_ack_none;
    decode_init(c);
    if (mem) mem_set_addr_bits(mem, c->model <= CPU_186 ? 20 : c->model == CPU_286 ? 24 : 32);
    cpu_reset(c);
}

/* A segment cache as after reset: limit 0xFFFF, present read/write data
 * (accessed), or execute/read code for CS. */
static void reset_seg(struct seg_cache *s, uint16_t sel, uint32_t base, uint16_t ar)
{
    s->sel = sel;
    s->base = base;
    s->limit = 0xFFFF;
    s->ar = ar;
}

void cpu_reset(struct cpu *c)
{
    memset(c->gpr, 0, sizeof(c->gpr));
    c->lf.op = LF_NONE;
    for (int s = 0; s < SEG_COUNT; s++) reset_seg(&c->seg[s], 0, 0, 0x93);
    c->gdtr.base = c->idtr.base = 0;
    c->gdtr.limit = c->idtr.limit = 0xFFFF;
    reset_seg(&c->ldtr, 0, 0, 0x82);
    reset_seg(&c->tr, 0, 0, 0x8B);
    memset(c->cr, 0, sizeof(c->cr));
    memset(c->dr, 0, sizeof(c->dr));
    c->cpl = 0;
    c->tsc = 0;
    c->sysenter_cs = c->sysenter_esp = c->sysenter_eip = 0;
    c->apic_base = 0xFEE00900u; /* BSP, enabled, default base (P6) */
    memset(&c->pmc, 0, sizeof(c->pmc)); /* performance-monitoring MSRs clear */
    c->halted = c->intr_shadow = c->nmi_pending = c->nmi_blocked = false;
    c->shutdown = c->rep_active = c->stop_request = false;
    c->exc_nest = 0;
    c->exc_first = 0;
    c->icount = 0;

    switch (c->model) {
    case CPU_8086:
    case CPU_186:
        /* 8086/80186: CS=FFFF IP=0000; FLAGS bits 12-15 always read 1. */
        reset_seg(&c->seg[SEG_CS], 0xFFFF, 0xFFFF0, 0x9B);
        c->eip = 0;
        c->eflags = 0xF002;
        break;
    case CPU_286:
        /* 80286: CS=F000 with base FF0000, IP=FFF0, MSW=FFF0. */
        reset_seg(&c->seg[SEG_CS], 0xF000, 0xFF0000, 0x9B);
        c->eip = 0xFFF0;
        c->eflags = 0x0002;
        c->cr[0] = 0xFFF0;
        break;
    default:
        /* 386+ (SDM Vol. 3A, 9.1.1, table 9-1). */
        reset_seg(&c->seg[SEG_CS], 0xF000, 0xFFFF0000u, 0x9B);
        c->eip = 0xFFF0;
        c->eflags = 0x0002;
        c->cr[0] = c->model >= CPU_486 ? 0x60000010u : 0x00000010u;
        c->gpr[REG_EDX] = cpu_signature(c->model);
        c->dr[6] = c->model >= CPU_PENTIUM ? 0xFFFF0FF0u : 0xFFFF1FF0u;
        c->dr[7] = 0x400;
        break;
    }
    /* x87 (SDM Vol. 3A 9.1.1, table 9-1): FCW 0040H, FSW 0, FTW 5555H (all
     * registers valid, holding +0.0), FIP/FDP/FOP 0, FERR# deasserted. */
    memset(&c->fpu, 0, sizeof(c->fpu));
    c->fpu.cw = 0x0040;
    c->insn_eip = c->eip;
    c->insn_esp = 0;
    c->insn_cpl = 0;
    if (c->mem) cpu_tlb_flush(c, true);
}

_Noreturn void cpu_raise(struct cpu *c, int vec, bool has_err, uint32_t err)
{
    /* 8086/80186 #DE pushes the address of the next instruction. */
    if (!(vec == EXC_DE && c->model <= CPU_186)) c->eip = c->insn_eip;
    c->gpr[REG_ESP] = c->insn_esp;
    c->cpl = c->insn_cpl;
    c->exc_vec = (uint8_t)vec;
    c->exc_has_err = has_err;
    c->exc_err = err;
    c->rep_active = false;
    c->dr_pending = 0;
    longjmp(c->fault_jmp, 1);
}

_Noreturn void cpu_gp(struct cpu *c, uint32_t err) { cpu_raise(c, EXC_GP, true, err); }
_Noreturn void cpu_ss(struct cpu *c, uint32_t err) { cpu_raise(c, EXC_SS, true, err); }
_Noreturn void cpu_ud(struct cpu *c) { cpu_raise(c, EXC_UD, false, 0); }
_Noreturn void cpu_np(struct cpu *c, uint32_t err) { cpu_raise(c, EXC_NP, true, err); }
_Noreturn void cpu_ts(struct cpu *c, uint32_t err) { cpu_raise(c, EXC_TS, true, err); }

/* Mark the current boundary as the start of an "instruction" for a delivery
 * that happens between instructions (INTR, NMI, single-step trap): a fault
 * while delivering it must come back to this state, not the previous one. */
static inline void mark_boundary(struct cpu *c)
{
    c->insn_eip = c->eip;
    c->insn_esp = c->gpr[REG_ESP];
    c->insn_cpl = c->cpl;
}

/* Take a pending NMI or INTR if one may be taken now; true if it did. */
static bool take_interrupt(struct cpu *c)
{
    if (c->nmi_pending && !c->nmi_blocked) {
        c->nmi_pending = false;
        c->nmi_blocked = true;
        c->halted = false;
        mark_boundary(c);
        cpu_interrupt(c, EXC_NMI, INT_EXT, false, 0);
        return true;
    }
    if (c->intr_line && (c->eflags & EFLAGS_IF)) {
        c->halted = false;
        mark_boundary(c);
        uint8_t vec = c->intr_ack(c->intr_opaque);
        cpu_interrupt(c, vec, INT_EXT, false, 0);
        return true;
    }
    return false;
}

/* Work between instructions that is rarely needed: a stop request, the
 * end of an interrupt shadow, NMI/INTR, HLT. Returns -1 to go on with the
 * next instruction, 1 when an interrupt was delivered (counts as a step), or
 * CPU_STOP_* + 2 to return. */
static int between(struct cpu *c)
{
    if (c->stop_request) {
        c->stop_request = false;
        return CPU_STOP_REQUEST + 2;
    }
    if (c->intr_shadow) {
        /* The instruction after STI / MOV SS runs with interrupts held off. */
        c->intr_shadow = false;
    } else if ((c->nmi_pending || (c->intr_line && (c->eflags & EFLAGS_IF))) &&
               take_interrupt(c)) {
        return 1;
    }
    if (c->halted) return CPU_STOP_HALT + 2;
    return -1;
}

/* Before an instruction with DR7 enabling breakpoints: an execution
 * breakpoint on its first byte (prefixes included) is a #DB fault, unless
 * EFLAGS.RF=1 (SDM Vol. 3A 17.3.1.1; matching in debugreg.c). The data
 * breakpoint hits of the instruction start empty. */
static void exec_breakpoints(struct cpu *c)
{
    c->dr_pending = 0;
    if (cpu_dr_exec_hit(c, c->seg[SEG_CS].base + c->eip)) cpu_raise(c, EXC_DB, false, 0);
}

/* The debug trap after an instruction (SDM Vol. 3A, 17.3.1.2-17.3.1.4):
 * single step (DR6.BS) and/or data/I-O breakpoints (DR6.B0-B3) as one #DB
 * with EIP at the next instruction. */
static void debug_trap(struct cpu *c, bool single_step)
{
    mark_boundary(c);
    cpu_dr_trap_pending(c); /* data/I-O hits into DR6.B0-B3 */
    if (single_step) c->dr[6] |= 0x4000; /* DR6.BS */
    c->exc_vec = EXC_DB;
    c->exc_has_err = false;
    c->exc_err = 0;
    cpu_deliver_exception(c);
}

enum cpu_stop cpu_run(struct cpu *c, uint64_t max_insns)
{
    struct insn in;
    /* The budget as an icount target: icount lives in *c, so it is exact
     * after a longjmp back here (a fault and an interrupt delivery each
     * count as one step). */
    const uint64_t end = c->icount + max_insns;

    if (setjmp(c->fault_jmp)) {
        /* An instruction (or a delivery) faulted: state is back at its start. */
        c->icount++;
        c->tsc++;
        cpu_deliver_exception(c);
        if (c->shutdown) return CPU_STOP_SHUTDOWN;
    }
    while (c->icount < end) {
        if (__builtin_expect(c->stop_request | c->intr_shadow | c->nmi_pending |
                             c->intr_line | c->halted, 0)) {
            int r = between(c);
            if (r >= 2) return (enum cpu_stop)(r - 2);
            if (r == 1) {
                c->icount++;
                c->tsc++;
                continue;
            }
        }

        /* One instruction. */
        c->insn_eip = c->eip;
        c->insn_esp = c->gpr[REG_ESP];
        c->insn_cpl = c->cpl;
        if (__builtin_expect((c->dr[7] & 0xFF) != 0, 0)) exec_breakpoints(c);
        const uint32_t tf = c->eflags & EFLAGS_TF;
        /* RF (386+) suppresses instruction breakpoints for one instruction
         * and is cleared when it completes (SDM Vol. 3A 17.3.1.1); clearing
         * it as the instruction starts is the same, since an instruction
         * that loads RF (IRETD, task switch) sets it again and a fault's
         * delivery pushes RF=1 itself. */
        if (__builtin_expect((c->eflags & EFLAGS_RF) != 0, 0)) c->eflags &= ~EFLAGS_RF;
        decode(c, &in);
        in.row->handler(c, &in);
        c->icount++;
        c->tsc++;
        /* Single-step trap after an instruction that started and ended with
         * TF=1 (an instruction that sets TF traps after the next one; INT n
         * clears it). Not mid-REP, nor right after MOV SS/POP SS, whose
         * shadow also holds off debug exceptions (SDM Vol. 3A 6.8.3; the
         * trap comes after the next instruction); the STI shadow does not. */
        if (__builtin_expect((tf | c->dr_pending) != 0, 0)) {
            bool ss = tf && (c->eflags & EFLAGS_TF) && !c->rep_active &&
                      (!c->intr_shadow || in.op == 0xFB);
            if (ss || c->dr_pending) {
                debug_trap(c, ss);
                if (c->shutdown) return CPU_STOP_SHUTDOWN;
            }
        }
    }
    return CPU_STOP_BUDGET;
}

enum cpu_stop cpu_step(struct cpu *c)
{
    return cpu_run(c, 1);
}
