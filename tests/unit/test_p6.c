/*
 * test_p6.c - unit tests of the identification and model-specific
 * instructions (cpu/ops_p6.c): CPUID per model, RDTSC with CR4.TSD,
 * RDMSR/WRMSR (privilege, unknown MSRs, TSC write), RDPMC and
 * SYSENTER/SYSEXIT (SDM Vol. 2A/2B for each instruction).
 *
 * Decoding tests run instructions with cpu_step() in real mode (code at
 * 0000:1000, #UD vector 6 -> 0000:3000). Protected-mode fault rules are
 * checked by calling the handler directly under a setjmp on
 * cpu->fault_jmp (cpu_raise() longjmps there with cpu->exc_vec set).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../cpu/access.h"
#include "../../cpu/cpu.h"
#include "../../cpu/insn.h"
#include "../../mmu/mem.h"
#include "test_util.h"

#define CODE 0x1000u
#define UD_HANDLER 0x3000u


static struct cpu *setup_cpu(struct fixture *f, enum cpu_model model,
                             const uint8_t *code, size_t n)
{
    struct cpu *c = fixture_real_mode(f, model, CODE, code, n);
    mem_write16(f->m, 6 * 4, UD_HANDLER);
    mem_write16(f->m, 6 * 4 + 2, 0);
    return c;
}

static int setup(void **state)
{
    *state = fixture_create(1u << 20);
    return 0;
}

/* Run handler `fn` directly; return the exception vector it raised, or -1. */
static int run_handler(struct cpu *c, insn_handler fn)
{
    struct insn in;
    memset(&in, 0, sizeof in);
    c->insn_esp = c->gpr[REG_ESP];
    c->insn_eip = c->eip;
    if (setjmp(c->fault_jmp)) return c->exc_vec;
    fn(c, &in);
    return -1;
}

/* Put the CPU in 32-bit protected mode at CPL `cpl` (state only). */
static void enter_pm(struct cpu *c, int cpl)
{
    c->cr[0] |= CR0_PE;
    c->cpl = (uint8_t)cpl;
    c->insn_cpl = (uint8_t)cpl; /* what cpu_raise() restores */
    c->seg[SEG_CS].sel = (uint16_t)(0x08 | cpl);
    c->seg[SEG_CS].ar = AR_P | AR_S | AR_CODE | AR_RW | AR_DB | (uint16_t)(cpl << 5);
}

static void cpuid(struct cpu *c, uint32_t leaf, uint32_t r[4])
{
    c->gpr[REG_EAX] = leaf;
    assert_int_equal(run_handler(c, op_cpuid), -1);
    r[0] = c->gpr[REG_EAX];
    r[1] = c->gpr[REG_EBX];
    r[2] = c->gpr[REG_ECX];
    r[3] = c->gpr[REG_EDX];
}

/* CPUID: vendor, max leaf, signature and features per model. */
static void test_cpuid_models(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x0F, 0xA2 };
    uint32_t r[4];
    char vendor[13];

    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    c->gpr[REG_EAX] = 0;
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 2);
    memcpy(vendor, &c->gpr[REG_EBX], 4);
    memcpy(vendor + 4, &c->gpr[REG_EDX], 4);
    memcpy(vendor + 8, &c->gpr[REG_ECX], 4);
    vendor[12] = 0;
    assert_string_equal(vendor, "GenuineIntel");
    assert_int_equal(c->gpr[REG_EAX], 2);
    cpuid(c, 1, r);
    assert_int_equal(r[0], 0x0633);
    assert_int_equal(r[1], 0);
    assert_int_equal(r[2], 0);
    /* FPU DE PSE TSC MSR CX8 SEP PGE CMOV FXSR, never
     * VME/PAE/MCE/APIC/MTRR/MCA/MMX/SSE. */
    uint32_t must = 1u | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 8) |
                    (1u << 11) | (1u << 13) | (1u << 15) | (1u << 24);
    uint32_t never = (1u << 1) | (1u << 6) | (1u << 7) | (1u << 9) | (1u << 12) |
                     (1u << 14) | (1u << 23) | (1u << 25);
    assert_int_equal(r[3] & must, must);
    assert_int_equal(r[3] & never, 0);
    cpuid(c, 2, r);
    assert_int_equal(r[0] & 0xFF, 1);
    /* Leaves above the maximum (also 0x80000000) return leaf 2's data. */
    uint32_t r2[4];
    cpuid(c, 0x80000000u, r2);
    assert_memory_equal(r, r2, sizeof r);

    c = setup_cpu(f, CPU_PENTIUM, code, sizeof code);
    assert_int_equal(c->gpr[REG_EDX], 0x0525); /* reset signature */
    cpuid(c, 0, r);
    assert_int_equal(r[0], 1);
    cpuid(c, 1, r);
    assert_int_equal(r[0], 0x0525);
    assert_int_equal(r[3] & ((1u << 11) | (1u << 13) | (1u << 15)), 0);
    assert_int_equal(r[3] & (1u << 8), 1u << 8);

    c = setup_cpu(f, CPU_486, code, sizeof code);
    /* The reset EDX signature and CPUID.1:EAX agree (IntelDX4, 0x0480). */
    assert_int_equal(c->gpr[REG_EDX], 0x0480);
    cpuid(c, 1, r);
    assert_int_equal(r[0], 0x0480);
    assert_int_equal(r[3], 1u); /* FPU only */
    c = setup_cpu(f, CPU_486, code, sizeof code);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 2); /* present on the 486 */

    c = setup_cpu(f, CPU_386, code, sizeof code);
    cpu_step(c);
    assert_int_equal(c->eip, UD_HANDLER); /* #UD on the 386 */
}

/* RDTSC: reads cpu->tsc; CR4.TSD makes it #GP(0) at CPL 3, not at CPL 0. */
static void test_rdtsc(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x0F, 0x31 };
    struct cpu *c = setup_cpu(f, CPU_PENTIUM, code, sizeof code);
    c->tsc = 0x123456789ABull;
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX], 0x456789AB);
    assert_int_equal(c->gpr[REG_EDX], 0x123);
    assert_true(c->tsc > 0x123456789ABull); /* advanced by the step */

    c = setup_cpu(f, CPU_P6, code, sizeof code);
    enter_pm(c, 3);
    assert_int_equal(run_handler(c, op_rdtsc), -1);
    c->cr[4] |= CR4_TSD;
    assert_int_equal(run_handler(c, op_rdtsc), EXC_GP);
    enter_pm(c, 0);
    assert_int_equal(run_handler(c, op_rdtsc), -1);

    c = setup_cpu(f, CPU_486, code, sizeof code);
    cpu_step(c);
    assert_int_equal(c->eip, UD_HANDLER);
}

/* RDMSR/WRMSR: TSC write clears the upper half; SYSENTER MSRs; unknown
 * MSRs and CPL 3 raise #GP(0). */
static void test_msr(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = setup_cpu(f, CPU_P6, NULL, 0);
    c->tsc = 0xFFFFFFFF00000000ull;
    c->gpr[REG_ECX] = 0x10;
    c->gpr[REG_EAX] = 0x1234;
    c->gpr[REG_EDX] = 0x55;
    assert_int_equal(run_handler(c, op_wrmsr), -1);
    assert_true(c->tsc == 0x1234);
    c->gpr[REG_ECX] = 0x174;
    c->gpr[REG_EAX] = 0x10;
    assert_int_equal(run_handler(c, op_wrmsr), -1);
    assert_int_equal(c->sysenter_cs, 0x10);
    c->gpr[REG_EAX] = 0;
    assert_int_equal(run_handler(c, op_rdmsr), -1);
    assert_int_equal(c->gpr[REG_EAX], 0x10);
    assert_int_equal(c->gpr[REG_EDX], 0);
    c->gpr[REG_ECX] = 0x8B; /* BIOS_SIGN_ID: no microcode update */
    assert_int_equal(run_handler(c, op_rdmsr), -1);
    assert_int_equal(c->gpr[REG_EDX], 0);
    c->gpr[REG_ECX] = 0x1B; /* APIC_BASE: no APIC reported */
    assert_int_equal(run_handler(c, op_rdmsr), EXC_GP);
    c->gpr[REG_ECX] = 0xFE; /* MTRRcap: no MTRRs reported */
    assert_int_equal(run_handler(c, op_rdmsr), EXC_GP);
    c->gpr[REG_ECX] = 0x10;
    enter_pm(c, 3);
    assert_int_equal(run_handler(c, op_rdmsr), EXC_GP);
    assert_int_equal(run_handler(c, op_wrmsr), EXC_GP);

    /* The Pentium has no SYSENTER MSRs. */
    c = setup_cpu(f, CPU_PENTIUM, NULL, 0);
    c->gpr[REG_ECX] = 0x174;
    assert_int_equal(run_handler(c, op_rdmsr), EXC_GP);
}

/* RDPMC: counters 0/1 hold 40-bit values written through the MSRs; ECX > 1
 * and CPL 3 (CR4.PCE=0) raise #GP(0). */
static void test_rdpmc(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = setup_cpu(f, CPU_P6, NULL, 0);
    c->gpr[REG_ECX] = 0xC2;
    c->gpr[REG_EAX] = 0x80000001u; /* bit 31 sign-extends into bits 39:32 */
    c->gpr[REG_EDX] = 0;
    assert_int_equal(run_handler(c, op_wrmsr), -1);
    c->gpr[REG_ECX] = 1;
    assert_int_equal(run_handler(c, op_rdpmc), -1);
    assert_int_equal(c->gpr[REG_EAX], 0x80000001u);
    assert_int_equal(c->gpr[REG_EDX], 0xFF);
    c->gpr[REG_ECX] = 2;
    assert_int_equal(run_handler(c, op_rdpmc), EXC_GP);
    c->gpr[REG_ECX] = 0;
    enter_pm(c, 3);
    assert_int_equal(run_handler(c, op_rdpmc), EXC_GP);
}

/* SYSENTER to CPL 0 and SYSEXIT back to CPL 3 with flat segments. */
static void test_sysenter_sysexit(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = setup_cpu(f, CPU_P6, NULL, 0);
    /* Real mode: #GP(0). */
    c->sysenter_cs = 0x10;
    assert_int_equal(run_handler(c, op_sysenter), EXC_GP);
    enter_pm(c, 3);
    c->sysenter_cs = 0;
    assert_int_equal(run_handler(c, op_sysenter), EXC_GP);
    c->sysenter_cs = 0x13; /* RPL bits are ignored */
    c->sysenter_esp = 0x9000;
    c->sysenter_eip = 0xC0001000u;
    c->eflags |= EFLAGS_IF;
    assert_int_equal(run_handler(c, op_sysenter), -1);
    assert_int_equal(c->cpl, 0);
    assert_int_equal(c->seg[SEG_CS].sel, 0x10);
    assert_int_equal(c->seg[SEG_SS].sel, 0x18);
    assert_int_equal(c->seg[SEG_CS].limit, 0xFFFFFFFFu);
    assert_int_equal(c->seg[SEG_CS].ar & 0xFF, 0x9B);
    assert_int_equal(c->seg[SEG_SS].ar & 0xFF, 0x93);
    assert_int_equal(c->gpr[REG_ESP], 0x9000);
    assert_int_equal(c->eip, 0xC0001000u);
    assert_int_equal(c->eflags & EFLAGS_IF, 0);

    c->gpr[REG_ECX] = 0xBFFF0000u;
    c->gpr[REG_EDX] = 0x08048000u;
    assert_int_equal(run_handler(c, op_sysexit), -1);
    assert_int_equal(c->cpl, 3);
    assert_int_equal(c->seg[SEG_CS].sel, 0x23);
    assert_int_equal(c->seg[SEG_SS].sel, 0x2B);
    assert_int_equal(c->seg[SEG_CS].ar & 0xFF, 0xFB);
    assert_int_equal(c->seg[SEG_SS].ar & 0xFF, 0xF3);
    assert_int_equal(c->gpr[REG_ESP], 0xBFFF0000u);
    assert_int_equal(c->eip, 0x08048000u);
    /* SYSEXIT at CPL 3: #GP(0). */
    assert_int_equal(run_handler(c, op_sysexit), EXC_GP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cpuid_models, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_rdtsc, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_msr, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_rdpmc, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_sysenter_sysexit, setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
