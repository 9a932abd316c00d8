/*
 * test_paging.c - unit tests of the CPU's memory access path: 32-bit paging
 * (translations, every #PF error-code bit, CR2, CR0.WP, A/D bits, 4 MiB
 * pages, reserved bits), the TLB (stale until flushed, CR3 reload vs global
 * pages, INVLPG, A20 changes), page-crossing writes, and the segment checks
 * and stack of each mode (8086 wrap, 286 real-mode limits, protected-mode
 * type/limit/expand-down checks).
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
#include "../../mmu/mem.h"
#include "../../mmu/paging.h"
#include "test_util.h"

#define PD   0x10000u /* page directory */
#define PT   0x11000u /* page table for linear 0x00000000-0x003FFFFF */
#define PT2  0x12000u /* page table for linear 0x00400000-0x007FFFFF */

static uint32_t rd32(struct fixture *f, uint32_t phys) { return mem_read32(f->m, phys); }
static void wr32(struct fixture *f, uint32_t phys, uint32_t v) { mem_write32(f->m, phys, v); }

/* Install a 4 KiB mapping lin -> phys with PTE flags (the PDE gets
 * P|RW|US so the PTE decides, unless pde_flags says otherwise). */
static void map4k(struct fixture *f, uint32_t lin, uint32_t phys, uint32_t flags, uint32_t pde_flags)
{
    uint32_t pt = (lin >> 22) == 0 ? PT : PT2;
    wr32(f, PD + (lin >> 22) * 4, pt | pde_flags);
    wr32(f, pt + ((lin >> 12) & 0x3FF) * 4, (phys & ~0xFFFu) | flags);
}

/* Flat segments, protected mode at CPL `cpl`, paging on or off. */
static void flat_pmode(struct cpu *c, int cpl, bool paging)
{
    for (int s = 0; s < SEG_COUNT; s++) {
        c->seg[s].sel = (uint16_t)(s == SEG_CS ? 0x08 : 0x10) | (uint16_t)cpl;
        c->seg[s].base = 0;
        c->seg[s].limit = 0xFFFFFFFFu;
        c->seg[s].ar = (uint16_t)((s == SEG_CS ? 0xC09B : 0xC093) | (cpl << 5));
    }
    c->cr[0] |= CR0_PE | (paging ? CR0_PG : 0);
    c->cr[3] = PD;
    c->cpl = c->insn_cpl = (uint8_t)cpl;
    c->eflags = 2;
    cpu_tlb_flush(c, true);
}

static int setup(void **state)
{
    struct fixture *f = fixture_create(16u << 20);
    cpu_init(f->c, CPU_P6, f->m);
    *state = f;
    return 0;
}

static void test_translate(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 0, true);
    map4k(f, 0x400000, 0x200000, PTE_P | PTE_RW | PTE_US, PTE_P | PTE_RW | PTE_US);
    NO_EXC(c, cpu_lin_write(c, 0x400123, 4, 0xDEADBEEF, false));
    assert_int_equal(rd32(f, 0x200123), 0xDEADBEEF);
    volatile uint32_t v = 0;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x400125, 2));
    assert_int_equal(v, 0xDEAD);
    uint32_t phys = 0;
    assert_true(cpu_lin_to_phys(c, 0x400FFF, &phys));
    assert_int_equal(phys, 0x200FFF);
    assert_false(cpu_lin_to_phys(c, 0x401000, &phys));
    /* Segment base is added before paging. */
    c->seg[SEG_ES].base = 0x3FF000;
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0x1125, 2));
    assert_int_equal(v, 0xDEAD);
}

static void test_pf_codes(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 0, true);
    map4k(f, 0x400000, 0x200000, PTE_P, PTE_P | PTE_RW | PTE_US);          /* sup RO */
    map4k(f, 0x401000, 0x201000, PTE_P | PTE_US, PTE_P | PTE_RW | PTE_US); /* user RO */
    map4k(f, 0x402000, 0x202000, PTE_P | PTE_RW | PTE_US, PTE_P | PTE_US); /* PDE RO */
    /* Not present: P=0, W/R and U/S from the access. */
    EXPECT_EXC(c, cpu_lin_read(c, 0x800000, 1, false), EXC_PF, 0);
    assert_int_equal(c->cr[2], 0x800000);
    EXPECT_EXC(c, cpu_lin_write(c, 0x403004, 1, 0, false), EXC_PF, PF_W);
    assert_int_equal(c->cr[2], 0x403004);
    flat_pmode(c, 3, true);
    EXPECT_EXC(c, cpu_read(c, SEG_DS, 0x403008, 4), EXC_PF, PF_U);
    EXPECT_EXC(c, cpu_write(c, SEG_DS, 0x403008, 4, 0), EXC_PF, PF_U | PF_W);
    /* Protection: user read of a supervisor page. */
    EXPECT_EXC(c, cpu_read(c, SEG_DS, 0x400010, 1), EXC_PF, PF_P | PF_U);
    assert_int_equal(c->cr[2], 0x400010);
    /* User write to a read-only user page; R/W=0 in the PDE also counts. */
    volatile uint32_t v = 0;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x401000, 1));
    EXPECT_EXC(c, cpu_write(c, SEG_DS, 0x401000, 1, 0), EXC_PF, PF_P | PF_U | PF_W);
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x402000, 1));
    EXPECT_EXC(c, cpu_write(c, SEG_DS, 0x402000, 1, 0), EXC_PF, PF_P | PF_U | PF_W);
    (void)v;
    /* Implicit system accesses at CPL 3 are supervisor accesses. */
    NO_EXC(c, v = cpu_lin_read(c, 0x400010, 4, true));
    EXPECT_EXC(c, cpu_lin_read(c, 0x400010, 4, false), EXC_PF, PF_P | PF_U);
    /* User access needs U/S=1 at the PDE level too. */
    map4k(f, 0x001000, 0x201000, PTE_P | PTE_RW | PTE_US, PTE_P | PTE_RW);
    cpu_tlb_flush(c, true);
    EXPECT_EXC(c, cpu_read(c, SEG_DS, 0x001000, 1), EXC_PF, PF_P | PF_U);
}

static void test_wp(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 0, true);
    map4k(f, 0x400000, 0x200000, PTE_P | PTE_US, PTE_P | PTE_RW | PTE_US);
    /* WP=0: supervisor writes ignore R/W. */
    c->cr[0] &= ~CR0_WP;
    NO_EXC(c, cpu_write(c, SEG_DS, 0x400000, 4, 0x12345678));
    assert_int_equal(rd32(f, 0x200000), 0x12345678);
    /* WP=1: they fault (after the flush MOV CR0 does). */
    c->cr[0] |= CR0_WP;
    cpu_tlb_flush(c, true);
    EXPECT_EXC(c, cpu_write(c, SEG_DS, 0x400000, 4, 0), EXC_PF, PF_P | PF_W);
    assert_int_equal(rd32(f, 0x200000), 0x12345678);
    c->cr[0] &= ~CR0_WP;
}

static void test_ad_bits(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 0, true);
    map4k(f, 0x400000, 0x200000, PTE_P | PTE_RW, PTE_P | PTE_RW);
    uint32_t pdep = PD + 4, ptep = PT2;
    /* Read: A on PDE and PTE, no D. */
    NO_EXC(c, cpu_read(c, SEG_DS, 0x400000, 4));
    assert_true(rd32(f, pdep) & PTE_A);
    assert_true(rd32(f, ptep) & PTE_A);
    assert_false(rd32(f, ptep) & PTE_D);
    assert_false(rd32(f, pdep) & PTE_D);
    /* A cached read translation must not make the write skip the D update. */
    NO_EXC(c, cpu_write(c, SEG_DS, 0x400004, 4, 1));
    assert_true(rd32(f, ptep) & PTE_D);
    assert_false(rd32(f, pdep) & PTE_D); /* D is not defined in a PDE to a table */
    /* Clearing D and flushing (what an OS does) makes the next write set it again. */
    wr32(f, ptep, rd32(f, ptep) & ~(PTE_D | PTE_A));
    cpu_tlb_flush_page(c, 0x400000);
    NO_EXC(c, cpu_write(c, SEG_DS, 0x400008, 2, 1));
    assert_int_equal(rd32(f, ptep) & (PTE_A | PTE_D), PTE_A | PTE_D);
    /* cpu_check_access and cpu_lin_to_phys do not set A/D. */
    map4k(f, 0x401000, 0x201000, PTE_P | PTE_RW, PTE_P | PTE_RW);
    NO_EXC(c, cpu_check_access(c, SEG_DS, 0x401000, 16, true));
    uint32_t phys;
    assert_true(cpu_lin_to_phys(c, 0x401000, &phys));
    assert_int_equal(rd32(f, PT2 + 4) & (PTE_A | PTE_D), 0);
    /* A faulting access sets nothing. */
    map4k(f, 0x402000, 0x202000, PTE_P, PTE_P | PTE_RW);
    c->cr[0] |= CR0_WP;
    EXPECT_EXC(c, cpu_write(c, SEG_DS, 0x402000, 1, 0), EXC_PF, PF_P | PF_W);
    assert_int_equal(rd32(f, PT2 + 8) & (PTE_A | PTE_D), 0);
    c->cr[0] &= ~CR0_WP;
}

static void test_4m_pages(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 0, true);
    c->cr[4] |= CR4_PSE;
    wr32(f, PD + 2 * 4, 0x00C00000u | PTE_P | PTE_RW | PTE_US | PTE_PS); /* 8M -> 12M */
    NO_EXC(c, cpu_lin_write(c, 0x00812345, 4, 0xCAFEBABE, false));
    assert_int_equal(rd32(f, 0x00C12345), 0xCAFEBABE);
    assert_int_equal(rd32(f, PD + 8) & (PTE_A | PTE_D), PTE_A | PTE_D);
    /* INVLPG anywhere in a 4 MiB page drops all of its cached pieces. */
    volatile uint32_t v = 0;
    NO_EXC(c, v = cpu_lin_read(c, 0x00A00000, 4, false));
    wr32(f, 0x00E00000, 0x1111);
    wr32(f, 0x00600000, 0x2222);
    NO_EXC(c, v = cpu_lin_read(c, 0x00A00000, 4, false));
    assert_int_equal(v, 0x1111);
    wr32(f, PD + 2 * 4, 0x00400000u | PTE_P | PTE_RW | PTE_US | PTE_PS);
    cpu_tlb_flush_page(c, 0x00800000);
    NO_EXC(c, v = cpu_lin_read(c, 0x00A00000, 4, false));
    assert_int_equal(v, 0x2222);
    wr32(f, PD + 2 * 4, 0x00C00000u | PTE_P | PTE_RW | PTE_US | PTE_PS);
    cpu_tlb_flush(c, true);
    /* Reserved bits 21:13 set: #PF with P and RSVD. */
    wr32(f, PD + 3 * 4, 0x00C00000u | PTE_P | PTE_RW | PTE_PS | 0x2000);
    EXPECT_EXC(c, cpu_lin_read(c, 0x00C00000, 1, false), EXC_PF, PF_P | PF_RSVD);
    /* Without CR4.PSE the PS bit is ignored: the PDE points to a table. */
    c->cr[4] &= ~CR4_PSE;
    cpu_tlb_flush(c, true);
    wr32(f, PD + 2 * 4, PT | PTE_P | PTE_RW | PTE_US | PTE_PS);
    map4k(f, 0x012000, 0x300000, PTE_P | PTE_RW, PTE_P | PTE_RW);
    uint32_t phys;
    assert_true(cpu_lin_to_phys(c, 0x00812345, &phys));
    assert_int_equal(phys, 0x300345);
}

static void test_tlb_flush(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 0, true);
    c->cr[4] |= CR4_PGE;
    wr32(f, 0x200000, 0xAAAA);
    wr32(f, 0x300000, 0xBBBB);
    map4k(f, 0x400000, 0x200000, PTE_P | PTE_RW, PTE_P | PTE_RW);
    map4k(f, 0x401000, 0x200000, PTE_P | PTE_RW | PTE_G, PTE_P | PTE_RW);
    volatile uint32_t v = 0;
    NO_EXC(c, v = cpu_lin_read(c, 0x400000, 4, false));
    assert_int_equal(v, 0xAAAA);
    NO_EXC(c, v = cpu_lin_read(c, 0x401000, 4, false));
    assert_int_equal(v, 0xAAAA);
    /* Retarget both pages: the TLB keeps the old translations. */
    map4k(f, 0x400000, 0x300000, PTE_P | PTE_RW, PTE_P | PTE_RW);
    map4k(f, 0x401000, 0x300000, PTE_P | PTE_RW | PTE_G, PTE_P | PTE_RW);
    NO_EXC(c, v = cpu_lin_read(c, 0x400000, 4, false));
    assert_int_equal(v, 0xAAAA);
    /* CR3 reload: non-global flushed, global kept. */
    cpu_tlb_flush(c, false);
    NO_EXC(c, v = cpu_lin_read(c, 0x400000, 4, false));
    assert_int_equal(v, 0xBBBB);
    NO_EXC(c, v = cpu_lin_read(c, 0x401000, 4, false));
    assert_int_equal(v, 0xAAAA);
    /* INVLPG drops a global page too. */
    cpu_tlb_flush_page(c, 0x401234);
    NO_EXC(c, v = cpu_lin_read(c, 0x401000, 4, false));
    assert_int_equal(v, 0xBBBB);
    /* A full flush drops global pages. */
    map4k(f, 0x401000, 0x200000, PTE_P | PTE_RW | PTE_G, PTE_P | PTE_RW);
    cpu_tlb_flush(c, false);
    NO_EXC(c, v = cpu_lin_read(c, 0x401000, 4, false));
    assert_int_equal(v, 0xBBBB);
    cpu_tlb_flush(c, true);
    NO_EXC(c, v = cpu_lin_read(c, 0x401000, 4, false));
    assert_int_equal(v, 0xAAAA);
    /* With CR4.PGE=0 a CR3 reload flushes G pages as well. */
    map4k(f, 0x401000, 0x300000, PTE_P | PTE_RW | PTE_G, PTE_P | PTE_RW);
    c->cr[4] &= ~CR4_PGE;
    cpu_tlb_flush(c, false);
    NO_EXC(c, v = cpu_lin_read(c, 0x401000, 4, false));
    assert_int_equal(v, 0xBBBB);
}

static void test_page_cross(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 0, true);
    map4k(f, 0x400000, 0x200000, PTE_P | PTE_RW, PTE_P | PTE_RW);
    map4k(f, 0x401000, 0x300000, PTE_P | PTE_RW, PTE_P | PTE_RW);
    /* Crossing into a discontiguous physical page. */
    NO_EXC(c, cpu_write(c, SEG_DS, 0x400FFE, 4, 0x44332211));
    assert_int_equal(mem_read16(f->m, 0x200FFE), 0x2211);
    assert_int_equal(mem_read16(f->m, 0x300000), 0x4433);
    volatile uint32_t v = 0;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x400FFD, 4));
    assert_int_equal(v, 0x33221100u | mem_read8(f->m, 0x200FFD));
    /* Second page not present: nothing written, CR2 = second page. */
    wr32(f, PT2 + 4, 0);
    cpu_tlb_flush(c, true);
    wr32(f, 0x200FFC, 0x55555555);
    EXPECT_EXC(c, cpu_write(c, SEG_DS, 0x400FFE, 4, 0), EXC_PF, PF_W);
    assert_int_equal(c->cr[2], 0x401000);
    assert_int_equal(rd32(f, 0x200FFC), 0x55555555);
    /* 64-bit writes likewise. */
    EXPECT_EXC(c, cpu_write64(c, SEG_DS, 0x400FFC, 0), EXC_PF, PF_W);
    assert_int_equal(rd32(f, 0x200FFC), 0x55555555);
    map4k(f, 0x401000, 0x300000, PTE_P | PTE_RW, PTE_P | PTE_RW);
    NO_EXC(c, cpu_write64(c, SEG_DS, 0x400FFC, 0x1122334455667788ull));
    volatile uint64_t q = 0;
    NO_EXC(c, q = cpu_read64(c, SEG_DS, 0x400FFC));
    assert_true(q == 0x1122334455667788ull);
    assert_int_equal(rd32(f, 0x300000), 0x11223344);
}

static void test_paging_off_a20(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    /* Real mode (386+ after reset), paging off: linear == physical. */
    for (int s = 0; s < SEG_COUNT; s++) {
        c->seg[s].base = 0xFFFF0;
        c->seg[s].sel = 0xFFFF;
    }
    mem_write8(f->m, 0x10, 0x11);
    mem_write8(f->m, 0x100010, 0x22);
    volatile uint32_t v = 0;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x20, 1));
    assert_int_equal(v, 0x22);
    mem_set_a20(f->m, false);
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x20, 1));
    assert_int_equal(v, 0x11);
    NO_EXC(c, cpu_write(c, SEG_DS, 0x20, 1, 0x33));
    assert_int_equal(mem_ram(f->m)[0x10], 0x33);
    mem_set_a20(f->m, true);
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x20, 1));
    assert_int_equal(v, 0x22);
    /* ROM is readable through the TLB but writes are dropped. */
    uint8_t rom[4096];
    memset(rom, 0x5A, sizeof rom);
    mem_map_rom(f->m, 0xF0000, rom, sizeof rom);
    c->seg[SEG_DS].base = 0xF0000;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x10, 2));
    assert_int_equal(v, 0x5A5A);
    NO_EXC(c, cpu_write(c, SEG_DS, 0x10, 2, 0));
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x10, 2));
    assert_int_equal(v, 0x5A5A);
}

static void test_real_mode_limits(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    cpu_init(c, CPU_286, f->m);
    c->seg[SEG_DS].base = 0x1000;
    c->seg[SEG_SS].base = 0x2000;
    volatile uint32_t v = 0;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0xFFFF, 1));
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0xFFFE, 2));
    EXPECT_EXC(c, cpu_read(c, SEG_DS, 0xFFFF, 2), EXC_GP, 0);
    /* The 286 in real mode reports a stack overrun as #GP too. */
    EXPECT_EXC(c, cpu_write(c, SEG_SS, 0xFFFF, 2, 0), EXC_GP, 0);
    /* Stack wrap: PUSH at SP=0 writes at 0xFFFE; at SP=1 it faults. */
    c->gpr[REG_ESP] = 0;
    NO_EXC(c, cpu_push(c, 2, 0xBEEF));
    assert_int_equal(c->gpr[REG_ESP], 0xFFFE);
    assert_int_equal(mem_read16(f->m, 0x2000 + 0xFFFE), 0xBEEF);
    NO_EXC(c, v = cpu_pop(c, 2));
    assert_int_equal(v, 0xBEEF);
    assert_int_equal(c->gpr[REG_ESP], 0);
    c->gpr[REG_ESP] = c->insn_esp = 1;
    EXPECT_EXC(c, cpu_push(c, 2, 0), EXC_GP, 0);
    assert_int_equal(c->gpr[REG_ESP], 1);
    /* POP of the last word at SP=0xFFFE is fine and wraps SP to 0. */
    c->gpr[REG_ESP] = 0xFFFE;
    NO_EXC(c, v = cpu_pop(c, 2));
    assert_int_equal(c->gpr[REG_ESP], 0);
    /* 286 physical addresses are 24 bits: FFFF:0010 reaches 0x100000. */
    c->seg[SEG_ES].base = 0xFFFF0;
    mem_write8(f->m, 0x100000, 0x77);
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0x10, 1));
    assert_int_equal(v, 0x77);
    /* Fetch: the 286 IP wraps at 16 bits. */
    c->eip = 0xFFFF;
    NO_EXC(c, cpu_fetch8(c));
    assert_int_equal(c->eip, 0);
    /* 386 real mode: #SS for SS overruns; fetch past the CS limit is #GP. */
    cpu_init(c, CPU_386, f->m);
    EXPECT_EXC(c, cpu_write(c, SEG_SS, 0xFFFF, 2, 0), EXC_SS, 0);
    c->eip = 0xFFFF;
    NO_EXC(c, cpu_fetch8(c));
    assert_int_equal(c->eip, 0x10000);
    c->insn_eip = 0x10000;
    EXPECT_EXC(c, cpu_fetch8(c), EXC_GP, 0);
    cpu_init(c, CPU_P6, f->m);
}

static void test_8086_wrap(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    cpu_init(c, CPU_8086, f->m);
    c->seg[SEG_DS].base = 0x1000;
    mem_write8(f->m, 0x1000 + 0xFFFF, 0x34);
    mem_write8(f->m, 0x1000, 0x12);
    volatile uint32_t v = 0;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0xFFFF, 2));
    assert_int_equal(v, 0x1234);
    NO_EXC(c, cpu_write(c, SEG_DS, 0xFFFF, 2, 0xABCD));
    assert_int_equal(mem_read8(f->m, 0x10FFF), 0xCD);
    assert_int_equal(mem_read8(f->m, 0x1000), 0xAB);
    /* 20-bit physical wrap: FFFF:0010 is 0x00000. */
    c->seg[SEG_ES].base = 0xFFFF0;
    mem_write8(f->m, 0x0, 0x99);
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0x10, 1));
    assert_int_equal(v, 0x99);
    /* Stack: push at SP=1 writes bytes at 0xFFFF and 0x0000 of SS. */
    c->seg[SEG_SS].base = 0x2000;
    c->gpr[REG_ESP] = 1;
    NO_EXC(c, cpu_push(c, 2, 0x5678));
    assert_int_equal(c->gpr[REG_ESP], 0xFFFF);
    assert_int_equal(mem_read8(f->m, 0x2000 + 0xFFFF), 0x78);
    assert_int_equal(mem_read8(f->m, 0x2000), 0x56);
    /* IP wraps at 16 bits. */
    c->eip = 0xFFFF;
    NO_EXC(c, cpu_fetch8(c));
    assert_int_equal(c->eip, 0);
    cpu_init(c, CPU_P6, f->m);
}

static void test_pmode_segments(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 0, false);
    volatile uint32_t v = 0;
    /* Execute-only code: not readable; execute/read code: readable, not writable. */
    c->seg[SEG_ES].ar = 0x9A & ~AR_RW;
    c->seg[SEG_ES].limit = 0xFFFF;
    EXPECT_EXC(c, cpu_read(c, SEG_ES, 0, 1), EXC_GP, 0);
    c->seg[SEG_ES].ar = 0x9A;
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0, 1));
    EXPECT_EXC(c, cpu_write(c, SEG_ES, 0, 1, 0), EXC_GP, 0);
    /* Read-only data. */
    c->seg[SEG_ES].ar = 0x91;
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0, 1));
    EXPECT_EXC(c, cpu_write(c, SEG_ES, 0, 1, 0), EXC_GP, 0);
    EXPECT_EXC(c, cpu_check_access(c, SEG_ES, 0, 1, true), EXC_GP, 0);
    NO_EXC(c, cpu_check_access(c, SEG_ES, 0, 1, false));
    /* Null (unusable) segment. */
    c->seg[SEG_ES].ar = 0;
    c->seg[SEG_ES].sel = 0;
    EXPECT_EXC(c, cpu_read(c, SEG_ES, 0, 1), EXC_GP, 0);
    /* Expand-up limit, #SS for SS. */
    c->seg[SEG_ES].ar = 0x93;
    c->seg[SEG_ES].limit = 0x0FFF;
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0xFFC, 4));
    EXPECT_EXC(c, cpu_read(c, SEG_ES, 0xFFD, 4), EXC_GP, 0);
    c->seg[SEG_SS].limit = 0x0FFF;
    EXPECT_EXC(c, cpu_write(c, SEG_SS, 0x1000, 1, 0), EXC_SS, 0);
    c->seg[SEG_SS].limit = 0xFFFFFFFFu;
    /* Expand-down, B=0: valid 0x1000..0xFFFF. */
    c->seg[SEG_ES].ar = 0x97;
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0x1000, 2));
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0xFFFE, 2));
    EXPECT_EXC(c, cpu_read(c, SEG_ES, 0xFFF, 2), EXC_GP, 0);
    EXPECT_EXC(c, cpu_read(c, SEG_ES, 0xFFFF, 2), EXC_GP, 0);
    EXPECT_EXC(c, cpu_read(c, SEG_ES, 0x10000, 1), EXC_GP, 0);
    /* Expand-down, B=1: valid 0x1000..0xFFFFFFFF. */
    c->seg[SEG_ES].ar = 0x97 | AR_DB;
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0x10000, 1));
    EXPECT_EXC(c, cpu_read(c, SEG_ES, 0xFFFFFFFFu, 2), EXC_GP, 0);
    /* 32-bit wrap of base + offset. */
    c->seg[SEG_ES].ar = 0xC093;
    c->seg[SEG_ES].limit = 0xFFFFFFFFu;
    c->seg[SEG_ES].base = 0x1000;
    NO_EXC(c, cpu_write(c, SEG_ES, 0xFFFFF000u + 0x20, 4, 0x01020304));
    assert_int_equal(rd32(f, 0x20), 0x01020304);
    (void)v;
}

static void test_stack32(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 0, false);
    c->gpr[REG_ESP] = 0x00100000;
    NO_EXC(c, cpu_push(c, 4, 0x11223344));
    assert_int_equal(c->gpr[REG_ESP], 0x000FFFFC);
    assert_int_equal(rd32(f, 0xFFFFC), 0x11223344);
    assert_int_equal(cpu_stack_read(c, 0, 4), 0x11223344);
    assert_int_equal(cpu_pop(c, 2), 0x3344);
    assert_int_equal(c->gpr[REG_ESP], 0x000FFFFE);
    /* 16-bit stack (B=0): SP wraps, ESP upper half kept. */
    c->seg[SEG_SS].ar = 0x93;
    c->seg[SEG_SS].limit = 0xFFFF;
    c->gpr[REG_ESP] = 0x12340000;
    NO_EXC(c, cpu_push(c, 2, 0xABCD));
    assert_int_equal(c->gpr[REG_ESP], 0x1234FFFE);
    assert_int_equal(mem_read16(f->m, 0xFFFE), 0xABCD);
    assert_int_equal(cpu_get_sp(c), 0xFFFE);
    cpu_set_sp(c, 0x10002);
    assert_int_equal(c->gpr[REG_ESP], 0x12340002);
}

static void test_alignment_check(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 3, false);
    volatile uint32_t v = 0;
    /* AM=0 or AC=0: misaligned accesses are fine. */
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x1001, 2));
    c->eflags |= EFLAGS_AC;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x1001, 4));
    c->cr[0] |= CR0_AM;
    EXPECT_EXC(c, cpu_read(c, SEG_DS, 0x1001, 2), EXC_AC, 0);
    EXPECT_EXC(c, cpu_write(c, SEG_DS, 0x1002, 4, 0), EXC_AC, 0);
    EXPECT_EXC(c, cpu_read64(c, SEG_DS, 0x1004), EXC_AC, 0);
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x1001, 1));
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x1002, 2));
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x1004, 4));
    /* Segment base counts (the check is on the linear address). */
    c->seg[SEG_ES].base = 1;
    EXPECT_EXC(c, cpu_read(c, SEG_ES, 0x1004, 4), EXC_AC, 0);
    /* Implicit system accesses and CPL 0 are not checked. */
    NO_EXC(c, v = cpu_lin_read(c, 0x1001, 4, true));
    flat_pmode(c, 0, false);
    c->eflags |= EFLAGS_AC;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0x1001, 4));
    c->cr[0] &= ~CR0_AM;
    (void)v;
}

static void test_386_no_wp(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    cpu_init(c, CPU_386, f->m);
    flat_pmode(c, 0, true);
    map4k(f, 0x400000, 0x200000, PTE_P, PTE_P | PTE_RW);
    c->cr[0] |= CR0_WP; /* no effect on a 386 */
    NO_EXC(c, cpu_write(c, SEG_DS, 0x400000, 4, 0x87654321));
    assert_int_equal(rd32(f, 0x200000), 0x87654321);
    cpu_init(c, CPU_P6, f->m);
}

static void test_v86(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    flat_pmode(c, 3, true);
    c->eflags |= EFLAGS_VM;
    for (int s = 0; s < SEG_COUNT; s++) {
        c->seg[s].sel = 0x2000;
        c->seg[s].base = 0x20000;
        c->seg[s].limit = 0xFFFF;
        c->seg[s].ar = 0xF3;
    }
    /* User pages for 0x20000-0x2FFFF except 0x21000 (supervisor). */
    for (uint32_t a = 0x20000; a < 0x30000; a += 0x1000)
        map4k(f, a, 0x100000 + a, PTE_P | PTE_RW | (a == 0x21000 ? 0 : PTE_US),
              PTE_P | PTE_RW | PTE_US);
    volatile uint32_t v = 0;
    NO_EXC(c, cpu_write(c, SEG_DS, 0x10, 2, 0x4321));
    assert_int_equal(mem_read16(f->m, 0x120010), 0x4321);
    NO_EXC(c, v = cpu_read(c, SEG_ES, 0x10, 2));
    assert_int_equal(v, 0x4321);
    /* Limit checks as in real mode: #GP, #SS for SS. */
    EXPECT_EXC(c, cpu_read(c, SEG_DS, 0xFFFF, 2), EXC_GP, 0);
    EXPECT_EXC(c, cpu_read(c, SEG_SS, 0xFFFF, 2), EXC_SS, 0);
    /* V86 code runs at CPL 3: user accesses for paging. */
    EXPECT_EXC(c, cpu_read(c, SEG_DS, 0x1000, 1), EXC_PF, PF_P | PF_U);
    assert_int_equal(c->cr[2], 0x21000);
    c->eflags &= ~EFLAGS_VM;
}

static uint32_t mmio_rd(void *opaque, uint32_t off, int size)
{
    (*(int *)opaque)++;
    return off + (uint32_t)size;
}

static void mmio_wr(void *opaque, uint32_t off, uint32_t v, int size)
{
    (void)off; (void)v; (void)size;
    (*(int *)opaque)++;
}

static void test_mmio_not_cached(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    int n = 0;
    mem_map_mmio(f->m, 0xA0000, 0x20000, mmio_rd, mmio_wr, &n);
    flat_pmode(c, 0, false);
    volatile uint32_t v = 0;
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0xA0010, 2));
    assert_int_equal(v, 0x12);
    NO_EXC(c, v = cpu_read(c, SEG_DS, 0xA0010, 2));
    NO_EXC(c, cpu_write(c, SEG_DS, 0xA0010, 1, 0));
    NO_EXC(c, cpu_write(c, SEG_DS, 0xA0010, 1, 0));
    assert_int_equal(n, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_translate, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_pf_codes, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_wp, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_ad_bits, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_4m_pages, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_tlb_flush, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_page_cross, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_paging_off_a20, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_real_mode_limits, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_8086_wrap, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_pmode_segments, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_stack32, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_mmio_not_cached, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_alignment_check, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_386_no_wp, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_v86, setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
