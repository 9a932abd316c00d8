/*
 * test_386.c - unit tests of the 0F-page integer instructions (cpu/ops_386.c,
 * cpu/ops_bits.c) for behaviour the ops386 test ROM cannot check against
 * QEMU: the 16-bit store of PUSH FS/GS with a 32-bit operand size, BSWAP
 * with a 16-bit operand, LOCK #UD rules, model gating, the Jcc CS-limit
 * check and a CMOVcc memory source faulting with a false condition.
 *
 * Each test runs one instruction in real mode with cpu_step(): code at
 * 0000:1000, stack at 0000:0800, IVT vectors 6 (#UD) and 13 (#GP) pointing
 * to 0000:3000 and 0000:3100 so a fault shows up as EIP at the handler and
 * the faulting IP pushed on the stack.
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
#include "../../cpu/flags.h"
#include "../../mmu/mem.h"
#include "test_util.h"

#define CODE 0x1000u
#define UD_HANDLER 0x3000u
#define GP_HANDLER 0x3100u

/* Fresh real-mode CPU of `model` with the code bytes at 0000:1000. */
static struct cpu *setup_cpu(struct fixture *f, enum cpu_model model,
                             const uint8_t *code, size_t n)
{
    struct cpu *c = f->c;
    memset(c, 0, sizeof *c);
    cpu_init(c, model, f->m);
    for (int s = 0; s < SEG_COUNT; s++) {
        c->seg[s].sel = 0;
        c->seg[s].base = 0;
        c->seg[s].limit = 0xFFFF;
    }
    c->eip = CODE;
    c->gpr[REG_ESP] = 0x800;
    mem_write16(f->m, 6 * 4, UD_HANDLER);
    mem_write16(f->m, 6 * 4 + 2, 0);
    mem_write16(f->m, 13 * 4, GP_HANDLER);
    mem_write16(f->m, 13 * 4 + 2, 0);
    for (size_t k = 0; k < n; k++)
        mem_write8(f->m, CODE + (uint32_t)k, code[k]);
    return c;
}

static int setup(void **state)
{
    *state = fixture_create(1u << 20);
    return 0;
}

/* Assert that the last step delivered vector `handler` for a fault of the
 * instruction at CODE (IP pushed = CODE, handler running). */
static void assert_faulted(struct fixture *f, uint32_t handler)
{
    assert_int_equal(f->c->eip, handler);
    assert_int_equal(f->c->gpr[REG_ESP], 0x800 - 6);
    assert_int_equal(mem_read16(f->m, 0x800 - 6), CODE);
}

/* PUSH FS with a 32-bit operand size: ESP -= 4; the P6 writes only the
 * selector word, the 486 the zero-extended selector (SDM Vol. 2B "PUSH"). */
static void test_push_fs_o32_writes_word(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x66, 0x0F, 0xA0 };
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    c->seg[SEG_FS].sel = 0x1234;
    mem_write32(f->m, 0x7FC, 0xAAAAAAAA);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 3);
    assert_int_equal(c->gpr[REG_ESP], 0x7FC);
    assert_int_equal(mem_read32(f->m, 0x7FC), 0xAAAA1234);

    /* The 486 stores the zero-extended selector. */
    c = setup_cpu(f, CPU_486, code, sizeof code);
    c->seg[SEG_FS].sel = 0x1234;
    mem_write32(f->m, 0x7FC, 0xAAAAAAAA);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_ESP], 0x7FC);
    assert_int_equal(mem_read32(f->m, 0x7FC), 0x00001234);
}

/* POP GS with a 32-bit operand size pops 4 bytes. */
static void test_pop_gs_o32(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x66, 0x0F, 0xA9 };
    struct cpu *c = setup_cpu(f, CPU_386, code, sizeof code);
    mem_write32(f->m, 0x800, 0xFFFF0123);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_ESP], 0x804);
    assert_int_equal(c->seg[SEG_GS].sel, 0x0123);
    assert_int_equal(c->seg[SEG_GS].base, 0x1230);
}

/* BSWAP with a 16-bit operand: Intel processors clear the 16-bit register. */
static void test_bswap16(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x0F, 0xCB, 0x66, 0x0F, 0xCB }; /* bswap bx; bswap ebx */
    struct cpu *c = setup_cpu(f, CPU_486, code, sizeof code);
    c->gpr[REG_EBX] = 0x12345678;
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EBX], 0x12340000);
    c->gpr[REG_EBX] = 0x12345678;
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EBX], 0x78563412);
}

/* LOCK BT m (not lockable) and LOCK BTS r (register destination): #UD. */
static void test_lock_bt_ud(void **state)
{
    struct fixture *f = *state;
    static const uint8_t bt_mem[] = { 0xF0, 0x0F, 0xA3, 0x07 };  /* lock bt [bx],ax */
    static const uint8_t bts_reg[] = { 0xF0, 0x0F, 0xAB, 0xC0 }; /* lock bts ax,ax */
    static const uint8_t bts_mem[] = { 0xF0, 0x0F, 0xAB, 0x07 }; /* lock bts [bx],ax */
    struct cpu *c = setup_cpu(f, CPU_P6, bt_mem, sizeof bt_mem);
    c->gpr[REG_EBX] = 0x2000;
    cpu_step(c);
    assert_faulted(f, UD_HANDLER);

    c = setup_cpu(f, CPU_P6, bts_reg, sizeof bts_reg);
    cpu_step(c);
    assert_faulted(f, UD_HANDLER);

    c = setup_cpu(f, CPU_P6, bts_mem, sizeof bts_mem);
    c->gpr[REG_EBX] = 0x2000;
    c->gpr[REG_EAX] = 9;
    mem_write16(f->m, 0x2000, 0);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 4);
    assert_int_equal(mem_read16(f->m, 0x2000), 0x0200);
}

/* Model gating: CMOVcc needs a P6, BSWAP/XADD a 486, CMPXCHG8B a Pentium,
 * MOVZX a 386. */
static void test_model_gating(void **state)
{
    struct fixture *f = *state;
    static const uint8_t cmov[] = { 0x0F, 0x44, 0xC3 };
    static const uint8_t bswap[] = { 0x0F, 0xC8 };
    static const uint8_t xadd[] = { 0x0F, 0xC1, 0xC3 };
    static const uint8_t cx8[] = { 0x0F, 0xC7, 0x0F };
    static const uint8_t movzx[] = { 0x0F, 0xB6, 0xC3 };

    setup_cpu(f, CPU_PENTIUM, cmov, sizeof cmov);
    cpu_step(f->c);
    assert_faulted(f, UD_HANDLER);
    setup_cpu(f, CPU_P6, cmov, sizeof cmov);
    cpu_step(f->c);
    assert_int_equal(f->c->eip, CODE + 3);

    setup_cpu(f, CPU_386, bswap, sizeof bswap);
    cpu_step(f->c);
    assert_faulted(f, UD_HANDLER);
    setup_cpu(f, CPU_386, xadd, sizeof xadd);
    cpu_step(f->c);
    assert_faulted(f, UD_HANDLER);
    setup_cpu(f, CPU_486, cx8, sizeof cx8);
    cpu_step(f->c);
    assert_faulted(f, UD_HANDLER);
    setup_cpu(f, CPU_286, movzx, sizeof movzx);
    cpu_step(f->c);
    assert_faulted(f, UD_HANDLER);
}

/* Jcc rel32 beyond the CS limit raises #GP(0) at the Jcc; not taken, no
 * check. */
static void test_jcc_limit(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x66, 0x0F, 0x84, 0x00, 0x00, 0x01, 0x00 }; /* je +0x10000 */
    struct cpu *c = setup_cpu(f, CPU_386, code, sizeof code);
    cpu_set_eflags(c, EFLAGS_ZF, EFLAGS_ARITH);
    cpu_step(c);
    assert_faulted(f, GP_HANDLER);

    c = setup_cpu(f, CPU_386, code, sizeof code);
    cpu_set_eflags(c, 0, EFLAGS_ARITH);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 7);
}

/* Jcc rel16 wraps IP within 16 bits. */
static void test_jcc_wrap16(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x0F, 0x85, 0x00, 0xF0 }; /* jne -0x1000 */
    struct cpu *c = setup_cpu(f, CPU_386, code, sizeof code);
    cpu_set_eflags(c, 0, EFLAGS_ARITH);
    cpu_step(c);
    assert_int_equal(c->eip, (CODE + 4 - 0x1000) & 0xFFFF);
    c = setup_cpu(f, CPU_386, code, sizeof code);
    mem_write16(f->m, CODE + 2, 0xE000); /* jne -0x2000: below 0, wraps */
    cpu_set_eflags(c, 0, EFLAGS_ARITH);
    cpu_step(c);
    assert_int_equal(c->eip, (CODE + 4 - 0x2000) & 0xFFFF);
}

/* CMOVcc reads its memory source even when the condition is false, so an
 * access beyond the DS limit faults. */
static void test_cmov_false_still_reads(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x0F, 0x44, 0x07 }; /* cmove ax,[bx] */
    struct cpu *c = setup_cpu(f, CPU_P6, code, sizeof code);
    c->gpr[REG_EBX] = 0xFFFF;
    c->gpr[REG_EAX] = 0x5555;
    cpu_set_eflags(c, 0, EFLAGS_ARITH);
    cpu_step(c);
    assert_faulted(f, GP_HANDLER);
    assert_int_equal(c->gpr[REG_EAX], 0x5555);
}

/* BSF/BSR with a zero source: ZF=1, destination unchanged. */
static void test_bsf_zero(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x66, 0x0F, 0xBC, 0xC3 }; /* bsf eax,ebx */
    struct cpu *c = setup_cpu(f, CPU_386, code, sizeof code);
    c->gpr[REG_EAX] = 0xDEADBEEF;
    c->gpr[REG_EBX] = 0;
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX], 0xDEADBEEF);
    assert_true(cpu_get_eflags(c) & EFLAGS_ZF);
}

/* CMPXCHG with a memory destination writes it back even when unequal
 * (a read-only destination faults). Here: the write lands, same value. */
static void test_cmpxchg_unequal_writes(void **state)
{
    struct fixture *f = *state;
    static const uint8_t code[] = { 0x0F, 0xB1, 0x0F }; /* cmpxchg [bx],cx */
    struct cpu *c = setup_cpu(f, CPU_486, code, sizeof code);
    c->gpr[REG_EBX] = 0x2000;
    c->gpr[REG_EAX] = 1;
    c->gpr[REG_ECX] = 7;
    mem_write16(f->m, 0x2000, 2);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX], 2);
    assert_int_equal(mem_read16(f->m, 0x2000), 2);
    assert_false(cpu_get_eflags(c) & EFLAGS_ZF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_push_fs_o32_writes_word, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_pop_gs_o32, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_bswap16, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_lock_bt_ud, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_model_gating, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_jcc_limit, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_jcc_wrap16, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_cmov_false_still_reads, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_bsf_zero, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_cmpxchg_unequal_writes, setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
