/*
 * test_util.h - helpers shared by the unit tests (cmocka): for the CPU
 * tests a fixture of guest memory plus a CPU and assertions on the
 * exceptions a statement raises through cpu_raise() (the fault_jmp longjmp
 * of cpu/exec.c); for the device tests, running a bare timeline forward.
 *
 * Header-only (static inline, macros): the Makefile links each unit test as
 * its own test_NAME.o plus the core objects, so a shared helper must not
 * need an object file of its own. Include after <setjmp.h>, <stdarg.h>,
 * <stddef.h> and <cmocka.h>, as cmocka requires.
 */
#ifndef X86PC_TEST_UTIL_H
#define X86PC_TEST_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cpu/cpu.h"
#include "../../devices/timeline.h"
#include "../../mmu/mem.h"

/* Guest RAM and a CPU attached to nothing else (no board, no ports). */
struct fixture {
    struct mem *m;
    struct cpu *c;
};

/* A new fixture with `ram_bytes` of zeroed guest RAM (mem_create) and a
 * zeroed struct cpu that is NOT yet initialised: the caller runs
 * cpu_init() with the model it wants. Fails the test on allocation
 * failure. */
static inline struct fixture *fixture_create(uint32_t ram_bytes)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->m = mem_create(ram_bytes);
    assert_non_null(f->m);
    f->c = calloc(1, sizeof *f->c);
    assert_non_null(f->c);
    return f;
}

/* Reinitialise f->c as a real-mode CPU of `model` (cpu_init) with every
 * segment register 0 (base 0, limit 0xFFFF), EIP = code_at, SP = 0x800, and
 * `code` (n bytes) written at physical address code_at. */
static inline struct cpu *fixture_real_mode(struct fixture *f, enum cpu_model model,
                                            uint32_t code_at, const uint8_t *code, size_t n)
{
    struct cpu *c = f->c;
    memset(c, 0, sizeof *c);
    cpu_init(c, model, f->m);
    for (int s = 0; s < SEG_COUNT; s++) {
        c->seg[s].sel = 0;
        c->seg[s].base = 0;
        c->seg[s].limit = 0xFFFF;
    }
    c->eip = code_at;
    c->gpr[REG_ESP] = 0x800;
    for (size_t k = 0; k < n; k++)
        mem_write8(f->m, code_at + (uint32_t)k, code[k]);
    return c;
}

/* cmocka teardown for a fixture made by fixture_create(): frees it all. */
static inline int fixture_teardown(void **state)
{
    struct fixture *f = *state;
    mem_destroy(f->m);
    free(f->c);
    free(f);
    return 0;
}

/* Run `stmt`, expecting it to raise exception `vec` with error code `err`
 * (cpu->exc_vec, cpu->exc_err); fails the test if it returns normally. */
#define EXPECT_EXC(c, stmt, vec, err)                                  \
    do {                                                               \
        if (setjmp((c)->fault_jmp) == 0) {                             \
            stmt;                                                      \
            fail_msg("no exception from: %s", #stmt);                  \
        } else {                                                       \
            assert_int_equal((c)->exc_vec, (vec));                     \
            assert_int_equal((c)->exc_err, (err));                     \
        }                                                              \
    } while (0)

/* Run `stmt`, failing the test if it raises an exception. */
#define NO_EXC(c, stmt)                                                \
    do {                                                               \
        if (setjmp((c)->fault_jmp) == 0) {                             \
            stmt;                                                      \
        } else {                                                       \
            fail_msg("unexpected exception %d (%x) from: %s",          \
                     (c)->exc_vec, (c)->exc_err, #stmt);               \
        }                                                              \
    } while (0)

/* Device tests without a CPU: *icount stands for the instruction counter
 * of a timeline made with timeline_init(tl, icount, 1), so one "instruction"
 * is 1 ns. Advance virtual time to `ns`, running every timer that falls due
 * on the way at its own deadline (callbacks may re-arm), then the ones due
 * at `ns`. */
static inline void timeline_run_to(struct timeline *tl, uint64_t *icount, uint64_t ns)
{
    while (tl->next <= ns) {
        if (tl->next > *icount)
            *icount = tl->next;
        timeline_run_due(tl);
    }
    if (ns > *icount)
        *icount = ns;
    timeline_run_due(tl);
}

#endif
