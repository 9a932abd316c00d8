/*
 * sst_run.h - run one SingleStepTests test on the emulated CPU and compare.
 *
 * Procedure of ../shared/testdata/README.md section 1.3: reset the CPU,
 * load the 14 registers (real-mode segment caches) and the INIT RAM bytes,
 * make every port read return all ones, run (8086 sets: one instruction,
 * including all REP iterations; 286 sets: until HLT is executed), then
 * compare every register, FLAGS under the undefined-flag mask, every FINA
 * RAM byte (the FLAGS word an exception pushed also under the mask), and
 * that INIT bytes absent from FINA kept their value; optionally (check
 * writes mode) that the CPU wrote no byte that FINA does not list.
 */
#ifndef X86PC_SST_RUN_H
#define X86PC_SST_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../cpu/cpu.h"
#include "moo.h"

/* How a test set runs, from the MOO header's cpu id. */
enum sst_kind {
    SST_KIND_8086, /* "8086"/"8088": one instruction, FLAGS as given */
    SST_KIND_286   /* "C286": until HLT, INIT FLAGS & 0x0FFF | 2 */
};

/* Most bytes a test may write in --check-writes mode. */
#define SST_WLOG_MAX (1u << 18)

/* Runner state: one CPU and one 16 MiB memory reused for every test. */
struct sst_runner {
    struct cpu *cpu;
    struct mem *mem;
    int model;          /* model cpu_init() was last called with, -1 none */
    uint64_t step_cap;  /* most cpu_step() calls per test (a failure if hit) */
    /* --check-writes: memory is one 16 MiB MMIO window backed by wram, so
     * every byte the CPU writes is logged; a write that changed a byte
     * FINA/RAM does not list is a failure. (FINA lists changed bytes only,
     * so rewriting a byte with its old value is fine.) Slower, and it
     * bypasses the RAM fast path: a separate mode. */
    bool check_writes;
    uint8_t *wram;
    struct sst_wlog { uint32_t addr, seq; uint8_t old; } *wlog; /* bytes written */
    uint32_t *fsorted;  /* scratch: sorted FINA addresses */
    uint32_t fsorted_cap;
    uint32_t nwlog;
    bool wlog_on;       /* log only while the instruction(s) run */
    bool wlog_overflow;
};

/* Allocate the CPU and 16 MiB of memory (as RAM, or with `check_writes`
 * as a logged MMIO window). Returns 0 or -1 (message printed). */
int sst_runner_init(struct sst_runner *r, bool check_writes);
void sst_runner_free(struct sst_runner *r);

/* Run test `t` on a CPU of `model` with `kind` semantics; FLAGS compared
 * under `flags_mask` (bits set = defined). Returns true when everything
 * matches; otherwise writes a one-line description of every mismatch
 * ("ax exp 1234 got 1235; ...") into diff. */
bool sst_run_test(struct sst_runner *r, enum cpu_model model, enum sst_kind kind,
                  const struct moo_test *t, uint16_t flags_mask, char *diff, size_t difflen);

#endif
