/*
 * sst_run.c - run and check one SingleStepTests test (see sst_run.h).
 *
 * Sources: ../shared/testdata/README.md section 1.3 (how to run a test and
 * what differs between the 8086 and 80286 sets); MOO format
 * doc/moo_format_v1.md (EXCP chunk, bus-status codes).
 */
#include "sst_run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../mmu/mem.h"

#define SST_RAM_BYTES (16u * 1024 * 1024) /* the 286's whole 24-bit space */
#define SST_INSN_CAP 10000u               /* instructions per test (REP counts once) */
#define SST_STEP_CAP (1u << 20)           /* cpu_step() calls per test, REP iterations included */

/* 8086 bus status (S2..S0) of a memory read, MOO format "Bus Status". */
#define BUS8086_MEMR 3

/* MOO register number -> general register / segment register. */
static const int8_t moo_gpr[MOO_NREGS] = {
    [MOO_AX] = REG_EAX, [MOO_BX] = REG_EBX, [MOO_CX] = REG_ECX, [MOO_DX] = REG_EDX,
    [MOO_CS] = -1, [MOO_SS] = -1, [MOO_DS] = -1, [MOO_ES] = -1,
    [MOO_SP] = REG_ESP, [MOO_BP] = REG_EBP, [MOO_SI] = REG_ESI, [MOO_DI] = REG_EDI,
    [MOO_IP] = -1, [MOO_FLAGS] = -1,
};
static const int8_t moo_seg[MOO_NREGS] = {
    [MOO_AX] = -1, [MOO_BX] = -1, [MOO_CX] = -1, [MOO_DX] = -1,
    [MOO_CS] = SEG_CS, [MOO_SS] = SEG_SS, [MOO_DS] = SEG_DS, [MOO_ES] = SEG_ES,
    [MOO_SP] = -1, [MOO_BP] = -1, [MOO_SI] = -1, [MOO_DI] = -1,
    [MOO_IP] = -1, [MOO_FLAGS] = -1,
};

/* FLAGS bit names (SDM Vol. 1, 3.4.3), bits 0-15. */
static const char *const flag_names[16] = {
    "CF", "F1", "PF", "F3", "AF", "F5", "ZF", "SF",
    "TF", "IF", "DF", "OF", "IOPL0", "IOPL1", "NT", "F15"
};

/* Port reads in the test rigs return all ones (README 1.3). */
static uint32_t io_all_ones(void *opaque, uint16_t port, int size)
{
    (void)opaque;
    (void)port;
    return size >= 4 ? 0xFFFFFFFFu : size == 2 ? 0xFFFFu : 0xFFu;
}

static void io_drop(void *opaque, uint16_t port, uint32_t value, int size)
{
    (void)opaque;
    (void)port;
    (void)value;
    (void)size;
}

/* --check-writes memory: an MMIO window over the whole 16 MiB. `off` is
 * the physical address (the window starts at 0), already width-masked. */
static uint32_t wmem_read(void *opaque, uint32_t off, int size)
{
    struct sst_runner *r = opaque;
    uint32_t v = 0;
    for (int i = 0; i < size; i++) v |= (uint32_t)r->wram[(off + (uint32_t)i) & (SST_RAM_BYTES - 1)] << (8 * i);
    return v;
}

static void wmem_write(void *opaque, uint32_t off, uint32_t value, int size)
{
    struct sst_runner *r = opaque;
    for (int i = 0; i < size; i++) {
        uint32_t a = (off + (uint32_t)i) & (SST_RAM_BYTES - 1);
        if (!r->wlog_on) {
            r->wram[a] = (uint8_t)(value >> (8 * i));
            continue;
        }
        if (r->nwlog < SST_WLOG_MAX) {
            struct sst_wlog *e = &r->wlog[r->nwlog];
            e->addr = a;
            e->seq = r->nwlog++;
            e->old = r->wram[a];
        } else {
            r->wlog_overflow = true;
        }
        r->wram[a] = (uint8_t)(value >> (8 * i));
    }
}

static int cmp_wlog(const void *pa, const void *pb)
{
    const struct sst_wlog *a = pa, *b = pb;
    if (a->addr != b->addr) return a->addr < b->addr ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return a < b ? -1 : a > b;
}

int sst_runner_init(struct sst_runner *r, bool check_writes)
{
    memset(r, 0, sizeof *r);
    r->model = -1;
    r->step_cap = SST_STEP_CAP;
    r->check_writes = check_writes;
    r->cpu = calloc(1, sizeof *r->cpu);
    if (!r->cpu) goto oom;
    if (!check_writes) {
        r->mem = mem_create(SST_RAM_BYTES);
        if (!r->mem) goto fail;
        return 0;
    }
    r->wram = calloc(1, SST_RAM_BYTES);
    r->wlog = malloc(SST_WLOG_MAX * sizeof *r->wlog);
    if (!r->wram || !r->wlog) goto oom;
    r->mem = mem_create(4096);
    if (!r->mem) goto fail;
    if (mem_map_mmio(r->mem, 0, SST_RAM_BYTES, wmem_read, wmem_write, r)) {
        fprintf(stderr, "x86pc-sst: cannot map the logged memory window\n");
        goto fail;
    }
    return 0;
oom:
    fprintf(stderr, "x86pc-sst: out of memory\n");
fail:
    sst_runner_free(r);
    return -1;
}

void sst_runner_free(struct sst_runner *r)
{
    if (r->mem) mem_destroy(r->mem);
    free(r->cpu);
    free(r->wram);
    free(r->wlog);
    free(r->fsorted);
    r->fsorted = NULL;
    r->mem = NULL;
    r->cpu = NULL;
    r->wram = NULL;
    r->wlog = NULL;
}

/* Bounded string builder for the diff line. */
struct sb {
    char *p;
    size_t cap, len;
};

static void sb_printf(struct sb *b, const char *fmt, ...)
{
    if (!b->cap || b->len + 1 >= b->cap) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    b->len += (size_t)n < b->cap - b->len ? (size_t)n : b->cap - b->len - 1;
}

/* Load a real-mode segment register: base = sel << 4, limit 0xFFFF,
 * access rights 0x93 (data, read/write, accessed) or 0x9B for CS, as after
 * reset (SDM Vol. 3A, 9.1.1 and 20.1.1). */
static void load_seg_real(struct cpu *c, int s, uint16_t sel)
{
    c->seg[s].sel = sel;
    c->seg[s].base = (uint32_t)sel << 4;
    c->seg[s].limit = 0xFFFF;
    c->seg[s].ar = s == SEG_CS ? 0x9B : 0x93;
}

/* Value of MOO register i in the CPU (full width, so stray upper bits show). */
static uint32_t cpu_value(struct cpu *c, int i)
{
    if (moo_gpr[i] >= 0) return c->gpr[moo_gpr[i]];
    if (moo_seg[i] >= 0) return c->seg[moo_seg[i]].sel;
    if (i == MOO_IP) return c->eip;
    return cpu_get_eflags(c);
}

/*
 * 8086 sets have no EXCP chunk: an exception or interrupt shows in the bus
 * trace as memory reads of its IVT entry (vector v: words at 4v and 4v+2),
 * and it pushed FLAGS, CS, IP, so SP dropped by 6 and FLAGS sits at the
 * final SS:SP+4 (README 1.3 step 4). Returns true with the physical
 * addresses of the pushed FLAGS low and high bytes.
 */
static bool find_8086_pushed_flags(const struct moo_test *t, const uint16_t *exp,
                                   uint32_t *lo, uint32_t *hi)
{
    if ((uint16_t)(t->init.regs.v[MOO_SP] - 6) != exp[MOO_SP]) return false;
    uint8_t ivt_read[0x400 / 8];
    memset(ivt_read, 0, sizeof ivt_read);
    bool any = false;
    for (uint32_t i = 0; i < t->ncycles; i++) {
        struct moo_cycle cy;
        moo_cycle(t, i, &cy);
        uint32_t a = cy.addr & 0xFFFFF;
        if ((cy.pins0 & 1) && cy.bus_status == BUS8086_MEMR && a < 0x400) {
            ivt_read[a >> 3] |= (uint8_t)(1u << (a & 7));
            any = true;
        }
    }
    if (!any) return false;
    bool found = false;
    for (uint32_t v = 0; v < 256 && !found; v++) {
        uint32_t a0 = 4 * v, a2 = 4 * v + 2;
        found = (ivt_read[a0 >> 3] >> (a0 & 7) & 1) && (ivt_read[a2 >> 3] >> (a2 & 7) & 1);
    }
    if (!found) return false;
    uint32_t ssb = (uint32_t)exp[MOO_SS] << 4;
    *lo = (ssb + ((exp[MOO_SP] + 4u) & 0xFFFF)) & 0xFFFFF;
    *hi = (ssb + ((exp[MOO_SP] + 5u) & 0xFFFF)) & 0xFFFFF;
    return true;
}

/* Run the instruction(s) of one test. Returns NULL, or why the run failed. */
static const char *run(struct sst_runner *r, enum sst_kind kind, char *why, size_t whylen)
{
    struct cpu *c = r->cpu;
    uint64_t steps = 0, insns = 0;
    if (kind == SST_KIND_8086) {
        /* one instruction; a REP string instruction may yield between
         * iterations (cpu->rep_active): continue it to the end */
        enum cpu_stop st = cpu_step(c);
        steps = 1;
        while (c->rep_active && st != CPU_STOP_SHUTDOWN && steps < r->step_cap) {
            st = cpu_step(c);
            steps++;
        }
        if (st == CPU_STOP_SHUTDOWN || c->shutdown) return "CPU shut down (triple fault)";
        if (c->rep_active) {
            snprintf(why, whylen, "REP still active after %llu steps", (unsigned long long)steps);
            return why;
        }
        return NULL;
    }
    /* 286: until the HLT that ends every test has executed */
    while (!c->halted) {
        if (steps >= r->step_cap || insns >= SST_INSN_CAP) {
            snprintf(why, whylen, "no HLT after %llu instructions (%llu steps), ip %04x",
                     (unsigned long long)insns, (unsigned long long)steps, (unsigned)c->eip);
            return why;
        }
        if (!c->rep_active) insns++;
        enum cpu_stop st = cpu_step(c);
        steps++;
        if (st == CPU_STOP_SHUTDOWN || c->shutdown) return "CPU shut down (triple fault)";
    }
    return NULL;
}

bool sst_run_test(struct sst_runner *r, enum cpu_model model, enum sst_kind kind,
                  const struct moo_test *t, uint16_t flags_mask, char *diff, size_t difflen)
{
    struct cpu *c = r->cpu;
    struct mem *m = r->mem;
    struct sb b = { diff, difflen, 0 };
    if (difflen) diff[0] = 0;
    const uint32_t amask = kind == SST_KIND_8086 ? 0xFFFFFu : 0xFFFFFFu;

    if (r->model != (int)model) {
        cpu_init(c, model, m);
        r->model = (int)model;
    }
    cpu_reset(c);
    mem_set_a20(m, true); /* the 286 rig runs with A20 on (README 1.3) */
    c->io_read = io_all_ones;
    c->io_write = io_drop;
    c->io_opaque = NULL;
    c->intr_line = false;

    /* initial registers; 286: real mode cannot set FLAGS bits 12-15 */
    uint16_t init[MOO_NREGS];
    memcpy(init, t->init.regs.v, sizeof init);
    if (kind == SST_KIND_286) init[MOO_FLAGS] = (uint16_t)((init[MOO_FLAGS] & 0x0FFF) | 0x0002);
    for (int i = 0; i < MOO_NREGS; i++) {
        if (moo_gpr[i] >= 0) c->gpr[moo_gpr[i]] = init[i];
        else if (moo_seg[i] >= 0) load_seg_real(c, moo_seg[i], init[i]);
    }
    load_seg_real(c, SEG_FS, 0);
    load_seg_real(c, SEG_GS, 0);
    c->eip = init[MOO_IP];
    cpu_set_eflags(c, init[MOO_FLAGS], 0xFFFFFFFFu);

    const struct moo_ram *ir = &t->init.ram, *fr = &t->fina.ram;
    for (uint32_t i = 0; i < ir->n; i++) mem_write8(m, moo_ram_addr(ir, i) & amask, moo_ram_val(ir, i));

    char why[160];
    r->nwlog = 0;
    r->wlog_overflow = false;
    r->wlog_on = r->check_writes;
    const char *runerr = run(r, kind, why, sizeof why);
    r->wlog_on = false;
    bool ok = true;
    if (runerr) {
        sb_printf(&b, "%s; ", runerr);
        ok = false;
    }

    /* registers: FINA value, or INIT (as loaded) when not listed */
    uint16_t exp[MOO_NREGS];
    for (int i = 0; i < MOO_NREGS; i++)
        exp[i] = (t->fina.regs.mask & (1u << i)) ? t->fina.regs.v[i] : init[i];
    for (int i = 0; i < MOO_NREGS; i++) {
        if (i == MOO_FLAGS) continue;
        uint32_t act = cpu_value(c, i);
        if (act != exp[i]) {
            sb_printf(&b, "%s exp %04x got %04x; ", moo_reg_names[i], exp[i], act);
            ok = false;
        }
    }
    /* hidden segment bases must follow the selectors in real mode */
    for (int i = MOO_CS; i <= MOO_ES; i++) {
        const struct seg_cache *s = &c->seg[(int)moo_seg[i]];
        if (s->base != (uint32_t)s->sel << 4) {
            sb_printf(&b, "%s.base %x for selector %04x (exp %x); ", moo_reg_names[i], s->base, s->sel,
                      (uint32_t)s->sel << 4);
            ok = false;
        }
    }
    uint32_t fl = cpu_get_eflags(c);
    if ((fl & 0xFFFF0000u) || ((fl ^ exp[MOO_FLAGS]) & flags_mask)) {
        sb_printf(&b, "flags exp %04x got %04x", exp[MOO_FLAGS], fl);
        if (flags_mask != 0xFFFF) sb_printf(&b, " (mask %04x)", flags_mask);
        sb_printf(&b, ":");
        uint32_t d = (fl ^ exp[MOO_FLAGS]) & flags_mask;
        for (int bit = 0; bit < 16; bit++)
            if (d >> bit & 1) sb_printf(&b, " %s exp %u got %u", flag_names[bit], exp[MOO_FLAGS] >> bit & 1, fl >> bit & 1);
        if (fl & 0xFFFF0000u) sb_printf(&b, " EFLAGS[31:16]=%04x", fl >> 16);
        sb_printf(&b, "; ");
        ok = false;
    }

    /* FLAGS an exception pushed: same mask (README 1.3 step 4) */
    bool have_pf = false;
    uint32_t pf_lo = 0, pf_hi = 0;
    if (flags_mask != 0xFFFF) {
        if (t->has_excp) {
            /* EXCP gives the bus (word-aligned) address of the pushed
             * FLAGS: with an odd SP the word really sits one byte higher.
             * The handler is a bare HLT, so the frame is at the final
             * SS:SP (IP, CS, FLAGS); use it when it matches EXCP. */
            uint32_t e = t->excp_flags_addr & amask;
            uint32_t ssb = (uint32_t)exp[MOO_SS] << 4;
            uint32_t lo = (ssb + ((exp[MOO_SP] + 4u) & 0xFFFF)) & amask;
            have_pf = true;
            if ((lo & ~1u) == (e & ~1u)) {
                pf_lo = lo;
                pf_hi = (ssb + ((exp[MOO_SP] + 5u) & 0xFFFF)) & amask;
            } else {
                pf_lo = e;
                pf_hi = (e + 1) & amask;
            }
        } else if (kind == SST_KIND_8086) {
            have_pf = find_8086_pushed_flags(t, exp, &pf_lo, &pf_hi);
        }
    }

    /* every FINA byte */
    unsigned nmem = 0;
    for (uint32_t i = 0; i < fr->n; i++) {
        uint32_t a = moo_ram_addr(fr, i) & amask;
        uint8_t want = moo_ram_val(fr, i), got = mem_read8(m, a);
        uint8_t bm = 0xFF;
        if (have_pf && a == pf_lo) bm = (uint8_t)flags_mask;
        else if (have_pf && a == pf_hi) bm = (uint8_t)(flags_mask >> 8);
        if ((want ^ got) & bm) {
            if (nmem++ < 8) {
                sb_printf(&b, "mem[%06x] exp %02x got %02x", a, want, got);
                if (bm != 0xFF) sb_printf(&b, " (pushed FLAGS, mask %02x)", bm);
                sb_printf(&b, "; ");
            }
            ok = false;
        }
    }
    /* INIT bytes not listed in FINA were not written: they must be intact
     * (286 FINA lists only written bytes; the 8086 FINA repeats them all) */
    for (uint32_t i = 0; i < ir->n; i++) {
        uint32_t a = moo_ram_addr(ir, i) & amask;
        uint8_t want = moo_ram_val(ir, i), got = mem_read8(m, a);
        if (want == got) continue;
        bool listed = false;
        for (uint32_t j = 0; j < fr->n && !listed; j++) listed = (moo_ram_addr(fr, j) & amask) == a;
        for (uint32_t j = i + 1; j < ir->n && !listed; j++) listed = (moo_ram_addr(ir, j) & amask) == a;
        if (listed) continue;
        if (nmem++ < 8) sb_printf(&b, "mem[%06x] exp %02x (unchanged) got %02x; ", a, want, got);
        ok = false;
    }
    if (nmem > 8) sb_printf(&b, "... %u memory bytes differ; ", nmem);
    /* --check-writes: a byte written (first write's old value vs now) that
     * changed must be listed in FINA */
    if (r->nwlog) {
        unsigned nstray = 0;
        if (fr->n > r->fsorted_cap) {
            uint32_t *ns = realloc(r->fsorted, fr->n * sizeof *ns);
            if (ns) {
                r->fsorted = ns;
                r->fsorted_cap = fr->n;
            }
        }
        uint32_t nf = fr->n <= r->fsorted_cap ? fr->n : 0;
        for (uint32_t j = 0; j < nf; j++) r->fsorted[j] = moo_ram_addr(fr, j) & amask;
        qsort(r->fsorted, nf, sizeof *r->fsorted, cmp_u32);
        qsort(r->wlog, r->nwlog, sizeof *r->wlog, cmp_wlog);
        for (uint32_t i = 0; i < r->nwlog; i++) {
            const struct sst_wlog *e = &r->wlog[i];
            if (i && r->wlog[i - 1].addr == e->addr) continue; /* first write only */
            uint8_t now = r->wram[e->addr];
            uint32_t a = e->addr & amask;
            if (now == e->old || bsearch(&a, r->fsorted, nf, sizeof a, cmp_u32)) continue;
            if (nstray++ < 4) sb_printf(&b, "stray write changed mem[%06x] %02x -> %02x (not in FINA); ", a, e->old, now);
            ok = false;
        }
        if (nstray > 4) sb_printf(&b, "... %u stray bytes changed; ", nstray);
    }
    if (r->wlog_overflow) {
        sb_printf(&b, "more than %u bytes written; ", SST_WLOG_MAX);
        ok = false;
    }
    if (b.len >= 2 && diff[b.len - 2] == ';') diff[b.len - 2] = 0;
    return ok;
}
