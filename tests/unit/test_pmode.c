/*
 * test_pmode.c - unit tests of segmentation and privilege transfers (seg.h):
 * protected-mode segment loads and their faults, real-mode far transfers
 * and IRET, call gates with a stack switch and parameter copy, far RET to an
 * outer level, interrupts through the IDT (privilege, EXT and IDT error
 * codes), the #DF / triple-fault rules, task switches (JMP, CALL through a
 * task gate, IRET with NT), V86 entry and exit, the I/O permission bitmap,
 * and the system instructions LAR/LSL/VERR/VERW/ARPL/LTR/MOV CR run through
 * the interpreter. All tables are hand-built in guest RAM (paging off, so
 * linear = physical). Source of every expectation: Intel SDM Vol. 2
 * pseudo-code and Vol. 3A ch. 5-7, 20.
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
#include "../../cpu/debugreg.h"
#include "../../cpu/seg.h"
#include "../../mmu/mem.h"
#include "test_util.h"

#define GDT   0x1000u
#define LDT   0x1800u
#define IDT   0x2000u
#define TSS1  0x3000u
#define TSS2  0x3800u
#define TSS16 0x4000u
#define CODE  0x10000u
#define STK0  0x9000u  /* ring-0 stack top (TSS1.ESP0) */
#define STK3  0x8000u  /* ring-3 stack top */

/* Selectors of the GDT built by setup(). */
enum {
    S_CODE0 = 0x08, S_DATA0 = 0x10, S_CODE3 = 0x1B, S_DATA3 = 0x23, S_TSS1 = 0x28,
    S_CGATE32 = 0x30, S_CONF = 0x38, S_NP = 0x40, S_LDT = 0x48, S_TSS2 = 0x50,
    S_TGATE = 0x58, S_CODE16 = 0x60, S_DATA1 = 0x68, S_CGATE16 = 0x70, S_RODATA = 0x78,
    S_XONLY = 0x80, S_TSS16 = 0x88
};

static uint32_t rd32(struct fixture *f, uint32_t a) { return mem_read32(f->m, a); }
static uint16_t rd16(struct fixture *f, uint32_t a) { return mem_read16(f->m, a); }
static void wr32(struct fixture *f, uint32_t a, uint32_t v) { mem_write32(f->m, a, v); }
static void wr16(struct fixture *f, uint32_t a, uint16_t v) { mem_write16(f->m, a, v); }

/* Segment descriptor: `ar` as seg_cache.ar (type/S/DPL/P low byte, AVL/L/DB/G
 * in bits 12-15); `limit` is the raw 20-bit field. */
static void set_desc(struct fixture *f, uint32_t table, int idx, uint32_t base, uint32_t limit, uint16_t ar)
{
    uint32_t lo = (limit & 0xFFFF) | (base << 16);
    uint32_t hi = ((base >> 16) & 0xFF) | ((uint32_t)(ar & 0xF0FF) << 8) | (limit & 0xF0000) |
                  (base & 0xFF000000u);
    wr32(f, table + (uint32_t)idx * 8, lo);
    wr32(f, table + (uint32_t)idx * 8 + 4, hi);
}

/* Gate descriptor (call, interrupt, trap, task): `ar` = P/DPL/type byte. */
static void set_gate(struct fixture *f, uint32_t addr, uint16_t sel, uint32_t off, uint8_t ar, int count)
{
    wr32(f, addr, (off & 0xFFFF) | ((uint32_t)sel << 16));
    wr32(f, addr + 4, (off & 0xFFFF0000u) | ((uint32_t)ar << 8) | (uint32_t)(count & 0x1F));
}

/* Load a segment register's cache straight from the fixture's GDT. */
static void load_cache(struct fixture *f, int s, uint16_t sel)
{
    struct descriptor d;
    assert_true(cpu_read_descriptor(f->c, sel, &d));
    f->c->seg[s].sel = sel;
    f->c->seg[s].base = d.base;
    f->c->seg[s].limit = d.limit;
    f->c->seg[s].ar = d.ar;
}

/* Protected mode, flat segments, at CPL 0 or 3. */
static void enter_pm(struct fixture *f, int cpl)
{
    struct cpu *c = f->c;
    c->cr[0] |= CR0_PE;
    c->gdtr.base = GDT;
    c->gdtr.limit = 0xFF;
    c->idtr.base = IDT;
    c->idtr.limit = 0x7FF;
    load_cache(f, SEG_CS, cpl ? S_CODE3 : S_CODE0);
    load_cache(f, SEG_SS, cpl ? S_DATA3 : S_DATA0);
    load_cache(f, SEG_DS, cpl ? S_DATA3 : S_DATA0);
    load_cache(f, SEG_ES, cpl ? S_DATA3 : S_DATA0);
    load_cache(f, SEG_FS, cpl ? S_DATA3 : S_DATA0);
    load_cache(f, SEG_GS, cpl ? S_DATA3 : S_DATA0);
    struct descriptor d;
    assert_true(cpu_read_descriptor(c, S_TSS1, &d));
    c->tr.sel = S_TSS1;
    c->tr.base = d.base;
    c->tr.limit = d.limit;
    c->tr.ar = d.ar | 2;
    c->cpl = c->insn_cpl = (uint8_t)cpl;
    c->eflags = 2;
    c->gpr[REG_ESP] = c->insn_esp = cpl ? STK3 : STK0;
    c->eip = c->insn_eip = CODE;
}

static int setup(void **state)
{
    struct fixture *f = fixture_create(4u << 20);
    cpu_init(f->c, CPU_P6, f->m);
    *state = f;

    const uint16_t G32 = 0xC000; /* G=1, D=1 */
    set_desc(f, GDT, 1, 0, 0xFFFFF, G32 | 0x9B);
    set_desc(f, GDT, 2, 0, 0xFFFFF, G32 | 0x93);
    set_desc(f, GDT, 3, 0, 0xFFFFF, G32 | 0xFB);
    set_desc(f, GDT, 4, 0, 0xFFFFF, G32 | 0xF3);
    set_desc(f, GDT, 5, TSS1, 0x68 + 32, 0x89);          /* 32-bit TSS, available */
    set_gate(f, GDT + 6 * 8, S_CODE0, 0x5000, 0xEC, 2);   /* 32-bit call gate, DPL 3 */
    set_desc(f, GDT, 7, 0, 0xFFFFF, G32 | 0x9F);          /* conforming, readable */
    set_desc(f, GDT, 8, 0, 0xFFFF, 0x13);                 /* not present */
    set_desc(f, GDT, 9, LDT, 0x17, 0x82);                 /* LDT */
    set_desc(f, GDT, 10, TSS2, 0x67, 0x89);
    set_gate(f, GDT + 11 * 8, S_TSS2, 0, 0xE5, 0);        /* task gate, DPL 3 */
    set_desc(f, GDT, 12, 0, 0xFFFF, 0x9B);                /* 16-bit code */
    set_desc(f, GDT, 13, 0, 0xFFFFF, G32 | 0xB3);         /* data DPL 1 */
    set_gate(f, GDT + 14 * 8, S_CODE16, 0x1234, 0xE4, 1); /* 16-bit call gate */
    set_desc(f, GDT, 15, 0, 0xFFFFF, G32 | 0x91);         /* read-only data */
    set_desc(f, GDT, 16, 0, 0xFFFFF, G32 | 0x99);         /* execute-only code */
    set_desc(f, GDT, 17, TSS16, 0x2B, 0x81);              /* 16-bit TSS */
    set_desc(f, LDT, 1, 0x123000, 0xFFF, 0xF3);           /* LDT selector 0x0F */

    /* TSS1: ring-0 stack, I/O bitmap at 0x68 covering ports 0-0xFF. */
    wr32(f, TSS1 + 4, STK0);
    wr32(f, TSS1 + 8, S_DATA0);
    wr16(f, TSS1 + 0x66, 0x68);
    for (int k = 0; k < 32; k++) mem_write8(f->m, TSS1 + 0x68 + (uint32_t)k, 0xFF);
    mem_write8(f->m, TSS1 + 0x68 + 0x80 / 8, 0xFE); /* port 0x80 allowed */

    /* IDT. */
    set_gate(f, IDT + 0x0D * 8, S_CODE0, 0x6000, 0x8E, 0);  /* #GP: interrupt gate */
    set_gate(f, IDT + 0x08 * 8, S_CODE0, 0x6800, 0x8E, 0);  /* #DF */
    set_gate(f, IDT + 0x80 * 8, S_CODE0, 0x6100, 0xEF, 0);  /* trap gate DPL 3 */
    set_gate(f, IDT + 0x81 * 8, S_CODE0, 0x6200, 0x8E, 0);  /* DPL 0 */
    set_gate(f, IDT + 0x82 * 8, S_CODE0, 0x6300, 0x6E, 0);  /* not present */
    set_gate(f, IDT + 0x83 * 8, S_TSS2, 0, 0xE5, 0);        /* task gate */
    set_gate(f, IDT + 0x84 * 8, S_CODE16, 0x4321, 0xE6, 0); /* 16-bit int gate, same level only */
    return 0;
}

/* --- segment loads --- */

static void test_load_seg(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    enter_pm(f, 0);
    uint32_t hi = rd32(f, GDT + 2 * 8 + 4) & ~0x100u; /* clear accessed */
    wr32(f, GDT + 2 * 8 + 4, hi);
    NO_EXC(c, cpu_load_seg(c, SEG_DS, S_DATA0));
    assert_true(rd32(f, GDT + 2 * 8 + 4) & 0x100); /* accessed bit set */
    assert_int_equal(c->seg[SEG_DS].limit, 0xFFFFFFFFu);

    NO_EXC(c, cpu_load_seg(c, SEG_ES, 0x0003));        /* null: allowed, unusable */
    assert_false(c->seg[SEG_ES].ar & AR_P);
    EXPECT_EXC(c, cpu_load_seg(c, SEG_FS, S_NP), EXC_NP, S_NP);
    EXPECT_EXC(c, cpu_load_seg(c, SEG_FS, S_XONLY), EXC_GP, S_XONLY);
    NO_EXC(c, cpu_load_seg(c, SEG_FS, S_CONF));         /* readable conforming code */
    EXPECT_EXC(c, cpu_load_seg(c, SEG_FS, 0x1F8), EXC_GP, 0x1F8); /* beyond GDT limit */
    EXPECT_EXC(c, cpu_load_seg(c, SEG_FS, 0x000F), EXC_GP, 0x000C); /* LDTR null */
    EXPECT_EXC(c, cpu_load_seg(c, SEG_SS, 0), EXC_GP, 0);
    EXPECT_EXC(c, cpu_load_seg(c, SEG_SS, S_RODATA), EXC_GP, S_RODATA);
    EXPECT_EXC(c, cpu_load_seg(c, SEG_SS, S_DATA3), EXC_GP, S_DATA3 & ~3); /* RPL/DPL != CPL */
    EXPECT_EXC(c, cpu_load_seg(c, SEG_SS, S_CODE0), EXC_GP, S_CODE0);
    c->intr_shadow = false;
    NO_EXC(c, cpu_load_seg(c, SEG_SS, S_DATA0));
    assert_false(c->intr_shadow); /* the shadow belongs to MOV SS/POP SS, not LSS */

    /* LDT selectors once LDTR is loaded. */
    struct descriptor d;
    assert_true(cpu_read_descriptor(c, S_LDT, &d));
    c->ldtr.sel = S_LDT; c->ldtr.base = d.base; c->ldtr.limit = d.limit; c->ldtr.ar = d.ar;
    NO_EXC(c, cpu_load_seg(c, SEG_GS, 0x000F));
    assert_int_equal(c->seg[SEG_GS].base, 0x123000);

    /* CPL 3: DPL 0 and DPL 1 data are out of reach; RPL counts too. */
    enter_pm(f, 3);
    EXPECT_EXC(c, cpu_load_seg(c, SEG_DS, S_DATA0 | 3), EXC_GP, S_DATA0);
    EXPECT_EXC(c, cpu_load_seg(c, SEG_DS, S_DATA1 | 3), EXC_GP, S_DATA1);
    NO_EXC(c, cpu_load_seg(c, SEG_DS, S_DATA3));
    NO_EXC(c, cpu_load_seg(c, SEG_DS, S_CONF | 3));
}

/* --- real mode --- */

static void test_real_mode(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    cpu_init(c, CPU_286, f->m);
    c->seg[SEG_CS].sel = 0x1000; c->seg[SEG_CS].base = 0x10000;
    c->seg[SEG_SS].sel = 0x2000; c->seg[SEG_SS].base = 0x20000;
    c->gpr[REG_ESP] = c->insn_esp = 0x100;
    c->eip = c->insn_eip = 0x55;
    NO_EXC(c, cpu_call_far(c, 0x3000, 0x1234, 2));
    assert_int_equal(c->seg[SEG_CS].base, 0x30000);
    assert_int_equal(c->eip, 0x1234);
    assert_int_equal(c->gpr[REG_ESP], 0xFC);
    assert_int_equal(rd16(f, 0x200FC), 0x55);
    assert_int_equal(rd16(f, 0x200FE), 0x1000);
    NO_EXC(c, cpu_ret_far(c, 6, 2));
    assert_int_equal(c->seg[SEG_CS].sel, 0x1000);
    assert_int_equal(c->eip, 0x55);
    assert_int_equal(c->gpr[REG_ESP], 0x106);

    /* INT through the IVT, then IRET: 286 real mode keeps IOPL/NT clear. */
    wr16(f, 0x21 * 4, 0x0400);
    wr16(f, 0x21 * 4 + 2, 0x5000);
    c->eflags = 0x0202 | EFLAGS_TF;
    NO_EXC(c, cpu_interrupt(c, 0x21, INT_SOFT, false, 0));
    assert_int_equal(c->seg[SEG_CS].base, 0x50000);
    assert_int_equal(c->eip, 0x400);
    assert_int_equal(c->eflags & (EFLAGS_IF | EFLAGS_TF), 0);
    assert_int_equal(rd16(f, 0x20000 + 0x104), 0x0302);
    wr16(f, 0x20000 + 0x104, 0xF2D5);
    NO_EXC(c, cpu_iret(c, 2));
    assert_int_equal(c->eflags & 0xFFFF, 0x02D7);
    assert_int_equal(c->eip, 0x55);

    /* IVT entry beyond IDTR.limit: #GP; nested through #DF to shutdown. */
    c->idtr.limit = 0x20;
    c->exc_nest = 0;
    EXPECT_EXC(c, cpu_interrupt(c, 0x21, INT_SOFT, false, 0), EXC_GP, 0);
    EXPECT_EXC(c, cpu_deliver_exception(c), EXC_GP, 0);      /* #GP delivery faults */
    EXPECT_EXC(c, cpu_deliver_exception(c), EXC_GP, 0);      /* -> #DF, which faults */
    assert_int_equal(c->exc_nest, 2);
    NO_EXC(c, cpu_deliver_exception(c));                      /* -> triple fault */
    assert_true(c->shutdown);
    assert_int_equal(c->exc_nest, 0);

    /* 8086: FLAGS bits 12-15 read as 1 after IRET. */
    cpu_init(c, CPU_8086, f->m);
    c->seg[SEG_SS].base = 0x20000;
    c->gpr[REG_ESP] = 0x100;
    wr16(f, 0x20100, 0x10); wr16(f, 0x20102, 0x2222); wr16(f, 0x20104, 0x0ED5);
    NO_EXC(c, cpu_iret(c, 2));
    assert_int_equal(c->eflags & 0xFFFF, 0xFED7);
    assert_int_equal(c->seg[SEG_CS].base, 0x22220);
}

/* --- call gates and far RET --- */

static void test_call_gate(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    enter_pm(f, 3);
    /* Two 32-bit parameters on the ring-3 stack. */
    c->gpr[REG_ESP] = c->insn_esp = STK3 - 8;
    wr32(f, STK3 - 8, 0x11111111);
    wr32(f, STK3 - 4, 0x22222222);
    c->eip = 0x7777;
    NO_EXC(c, cpu_call_far(c, S_CGATE32 | 3, 0xDEAD, 4));
    assert_int_equal(c->cpl, 0);
    assert_int_equal(c->seg[SEG_CS].sel, S_CODE0);
    assert_int_equal(c->seg[SEG_SS].sel, S_DATA0);
    assert_int_equal(c->eip, 0x5000);
    uint32_t sp = STK0 - 24;
    assert_int_equal(c->gpr[REG_ESP], sp);
    assert_int_equal(rd32(f, sp + 0), 0x7777);
    assert_int_equal(rd32(f, sp + 4), S_CODE3);
    assert_int_equal(rd32(f, sp + 8), 0x11111111);
    assert_int_equal(rd32(f, sp + 12), 0x22222222);
    assert_int_equal(rd32(f, sp + 16), STK3 - 8);
    assert_int_equal(rd32(f, sp + 20), S_DATA3);

    /* RET 8 back to ring 3; a DPL-0 data segment in DS is nulled. */
    load_cache(f, SEG_DS, S_DATA0);
    c->insn_esp = c->gpr[REG_ESP];
    c->insn_cpl = 0;
    NO_EXC(c, cpu_ret_far(c, 8, 4));
    assert_int_equal(c->cpl, 3);
    assert_int_equal(c->eip, 0x7777);
    assert_int_equal(c->gpr[REG_ESP], STK3);
    assert_int_equal(c->seg[SEG_SS].sel, S_DATA3);
    assert_false(c->seg[SEG_DS].ar & AR_P);
    assert_true(c->seg[SEG_ES].ar & AR_P);
    c->insn_cpl = 3;
    c->insn_esp = c->gpr[REG_ESP];

    /* Gate checks: RPL above the gate's DPL, a DPL-0 target through JMP. */
    set_gate(f, GDT + 6 * 8, S_CODE0, 0x5000, 0xCC, 2); /* gate DPL 2 */
    EXPECT_EXC(c, cpu_call_far(c, S_CGATE32 | 3, 0, 4), EXC_GP, S_CGATE32);
    set_gate(f, GDT + 6 * 8, S_CODE0, 0x5000, 0xEC, 2);
    EXPECT_EXC(c, cpu_jmp_far(c, S_CGATE32 | 3, 0), EXC_GP, S_CODE0);
    /* Direct far call to a more privileged non-conforming segment. */
    EXPECT_EXC(c, cpu_call_far(c, S_CODE0, 0, 4), EXC_GP, S_CODE0);
    /* A bad ring-0 stack in the TSS: #TS(SS selector). */
    wr32(f, TSS1 + 8, S_RODATA);
    EXPECT_EXC(c, cpu_call_far(c, S_CGATE32 | 3, 0, 4), EXC_TS, S_RODATA);
    wr32(f, TSS1 + 8, S_DATA0);
    assert_int_equal(c->cpl, 3); /* nothing committed */

    /* 16-bit gate: one word parameter, 16-bit frame. */
    c->gpr[REG_ESP] = c->insn_esp = STK3 - 2;
    wr16(f, STK3 - 2, 0xABCD);
    c->eip = 0x4444;
    NO_EXC(c, cpu_call_far(c, S_CGATE16 | 3, 0, 4));
    assert_int_equal(c->eip, 0x1234);
    assert_int_equal(c->seg[SEG_CS].sel, S_CODE16);
    sp = STK0 - 10;
    assert_int_equal(c->gpr[REG_ESP], sp);
    assert_int_equal(rd16(f, sp + 0), 0x4444);
    assert_int_equal(rd16(f, sp + 2), S_CODE3);
    assert_int_equal(rd16(f, sp + 4), 0xABCD);
    assert_int_equal(rd16(f, sp + 6), (STK3 - 2) & 0xFFFF);
    assert_int_equal(rd16(f, sp + 8), S_DATA3);
}

/* --- interrupts --- */

static void test_interrupts(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    enter_pm(f, 3);
    c->eflags = 0x202 | EFLAGS_NT;
    c->eip = 0x1111;
    NO_EXC(c, cpu_interrupt(c, 0x80, INT_SOFT, false, 0));
    assert_int_equal(c->cpl, 0);
    assert_int_equal(c->eip, 0x6100);
    uint32_t sp = STK0 - 20;
    assert_int_equal(c->gpr[REG_ESP], sp);
    assert_int_equal(rd32(f, sp + 0), 0x1111);
    assert_int_equal(rd32(f, sp + 4), S_CODE3);
    assert_int_equal(rd32(f, sp + 8), 0x202 | EFLAGS_NT);
    assert_int_equal(rd32(f, sp + 12), STK3);
    assert_int_equal(rd32(f, sp + 16), S_DATA3);
    assert_true(c->eflags & EFLAGS_IF);      /* trap gate keeps IF */
    assert_false(c->eflags & EFLAGS_NT);
    /* IRET back to ring 3 restores everything. */
    c->insn_esp = c->gpr[REG_ESP];
    c->insn_cpl = 0;
    NO_EXC(c, cpu_iret(c, 4));
    assert_int_equal(c->cpl, 3);
    assert_int_equal(c->eip, 0x1111);
    assert_int_equal(c->gpr[REG_ESP], STK3);
    assert_int_equal(c->eflags, 0x202 | EFLAGS_NT);
    c->insn_cpl = 3;
    c->insn_esp = c->gpr[REG_ESP];

    /* Privilege and presence checks on the gate. */
    c->eflags = 0x202;
    EXPECT_EXC(c, cpu_interrupt(c, 0x81, INT_SOFT, false, 0), EXC_GP, 0x81 * 8 + 2);
    EXPECT_EXC(c, cpu_interrupt(c, 0x82, INT_SOFT, false, 0), EXC_NP, 0x82 * 8 + 2);
    /* Hardware interrupts ignore the gate DPL; EXT is set in error codes. */
    EXPECT_EXC(c, cpu_interrupt(c, 0x82, INT_EXT, false, 0), EXC_NP, 0x82 * 8 + 3);
    c->idtr.limit = 0x80 * 8 + 6;
    EXPECT_EXC(c, cpu_interrupt(c, 0x80, INT_EXT, false, 0), EXC_GP, 0x80 * 8 + 3);
    c->idtr.limit = 0x7FF;

    /* An exception with an error code through an interrupt gate at CPL 0. */
    enter_pm(f, 0);
    c->eflags = 0x202;
    NO_EXC(c, cpu_interrupt(c, EXC_GP, INT_EXC, true, 0x58));
    assert_int_equal(c->gpr[REG_ESP], STK0 - 16);
    assert_int_equal(rd32(f, STK0 - 16), 0x58);
    assert_int_equal(rd32(f, STK0 - 12), CODE);
    assert_false(c->eflags & EFLAGS_IF);

    /* RF: a fault pushes RF=1 (SDM Vol. 3A 17.3.1.1); INT n pushes RF=0. */
    enter_pm(f, 0);
    c->exc_nest = 0;
    c->exc_vec = EXC_GP; c->exc_has_err = true; c->exc_err = 0;
    NO_EXC(c, cpu_deliver_exception(c));
    assert_true(rd32(f, STK0 - 4) & EFLAGS_RF);
    assert_false(c->eflags & EFLAGS_RF);
    enter_pm(f, 0);
    c->eflags = 2 | EFLAGS_RF;
    NO_EXC(c, cpu_interrupt(c, 0x80, INT_SOFT, false, 0));
    assert_false(rd32(f, STK0 - 4) & EFLAGS_RF);

    /* A handler less privileged than CPL: #GP(code selector). */
    set_gate(f, IDT + 0x85 * 8, S_CODE3, 0x100, 0xEE, 0);
    c->insn_esp = c->gpr[REG_ESP];
    EXPECT_EXC(c, cpu_interrupt(c, 0x85, INT_SOFT, false, 0), EXC_GP, S_CODE3 & ~3);

    /* 16-bit interrupt gate from ring 3: 16-bit frame on the ring-0 stack. */
    enter_pm(f, 3);
    c->eip = 0x12345;
    c->eflags = 0x10202;
    NO_EXC(c, cpu_interrupt(c, 0x84, INT_SOFT, false, 0));
    assert_int_equal(c->seg[SEG_CS].sel, S_CODE16);
    assert_int_equal(c->eip, 0x4321);
    assert_int_equal(c->gpr[REG_ESP], STK0 - 10);
    assert_int_equal(rd16(f, STK0 - 10), 0x2345);
    assert_int_equal(rd16(f, STK0 - 8), S_CODE3);
    assert_int_equal(rd16(f, STK0 - 6), 0x0202);
    assert_int_equal(rd16(f, STK0 - 4), STK3 & 0xFFFF);
    assert_int_equal(rd16(f, STK0 - 2), S_DATA3);
    assert_false(c->eflags & (EFLAGS_IF | EFLAGS_RF));
}

/* #DF rules (SDM Vol. 3A table 6-5): contributory + contributory -> #DF;
 * page fault + benign -> serial; a fault while delivering #DF -> shutdown. */
static void test_double_fault(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    enter_pm(f, 0);
    set_gate(f, IDT + 0x0D * 8, S_CODE0, 0x6000, 0x0E, 0); /* #GP gate not present */
    c->exc_nest = 0;
    c->exc_vec = EXC_GP; c->exc_has_err = true; c->exc_err = 0;
    EXPECT_EXC(c, cpu_deliver_exception(c), EXC_NP, 0x0D * 8 + 3);
    NO_EXC(c, cpu_deliver_exception(c)); /* #NP during #GP -> #DF, delivered */
    assert_int_equal(c->eip, 0x6800);
    assert_int_equal(rd32(f, STK0 - 16), 0);   /* #DF error code 0 */
    assert_int_equal(c->exc_nest, 0);

    /* #DF itself not deliverable -> shutdown. */
    enter_pm(f, 0);
    set_gate(f, IDT + 0x08 * 8, S_CODE0, 0x6800, 0x0E, 0);
    c->exc_vec = EXC_GP; c->exc_has_err = true; c->exc_err = 0;
    EXPECT_EXC(c, cpu_deliver_exception(c), EXC_NP, 0x0D * 8 + 3);
    EXPECT_EXC(c, cpu_deliver_exception(c), EXC_NP, 0x08 * 8 + 3);
    c->shutdown = false;
    NO_EXC(c, cpu_deliver_exception(c));
    assert_true(c->shutdown);

    /* Benign first (#UD gate missing -> #NP) is handled serially. */
    enter_pm(f, 0);
    c->shutdown = false;
    c->exc_nest = 0;
    set_gate(f, IDT + 0x08 * 8, S_CODE0, 0x6800, 0x8E, 0);
    set_gate(f, IDT + 0x0B * 8, S_CODE0, 0x6B00, 0x8E, 0);
    c->exc_vec = EXC_UD; c->exc_has_err = false;
    EXPECT_EXC(c, cpu_deliver_exception(c), EXC_GP, 6 * 8 + 3); /* vector 6 has no gate */
    set_gate(f, IDT + 0x0D * 8, S_CODE0, 0x6000, 0x8E, 0);
    NO_EXC(c, cpu_deliver_exception(c));
    assert_int_equal(c->eip, 0x6000);
}

/* --- task switches --- */

static void test_task_switch(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    enter_pm(f, 0);
    /* Mark TSS1 busy in the GDT, as LTR would. */
    wr32(f, GDT + 5 * 8 + 4, rd32(f, GDT + 5 * 8 + 4) | 0x200);
    /* TSS2: a ring-3 task. */
    wr32(f, TSS2 + 0x20, 0x2222);            /* EIP */
    wr32(f, TSS2 + 0x24, 0x3202);            /* EFLAGS: IOPL 3, IF */
    wr32(f, TSS2 + 0x28, 0xAAAA);            /* EAX */
    wr32(f, TSS2 + 0x38, STK3);              /* ESP */
    wr16(f, TSS2 + 0x48, S_DATA3);
    wr16(f, TSS2 + 0x4C, S_CODE3);
    wr16(f, TSS2 + 0x50, S_DATA3);
    wr16(f, TSS2 + 0x54, S_DATA3);
    wr16(f, TSS2 + 0x58, 0);
    wr16(f, TSS2 + 0x5C, 0);
    wr16(f, TSS2 + 0x60, S_LDT);
    c->gpr[REG_EBX] = 0xBBBB;
    c->eip = 0x1000;
    c->eflags = 0x2;

    /* CALL through the task gate: nests (NT, back link, both busy). */
    NO_EXC(c, cpu_call_far(c, S_TGATE, 0, 4));
    assert_int_equal(c->tr.sel, S_TSS2);
    assert_int_equal(c->cpl, 3);
    assert_int_equal(c->eip, 0x2222);
    assert_int_equal(c->gpr[REG_EAX], 0xAAAA);
    assert_true(c->eflags & EFLAGS_NT);
    assert_true(c->cr[0] & CR0_TS);
    assert_int_equal(c->ldtr.base, LDT);
    assert_false(c->seg[SEG_FS].ar & AR_P);
    assert_int_equal(rd16(f, TSS2), S_TSS1);                 /* back link */
    assert_true(rd32(f, GDT + 10 * 8 + 4) & 0x200);          /* new busy */
    assert_true(rd32(f, GDT + 5 * 8 + 4) & 0x200);           /* old still busy */
    assert_int_equal(rd32(f, TSS1 + 0x20), 0x1000);          /* saved EIP */
    assert_int_equal(rd32(f, TSS1 + 0x34), 0xBBBB);          /* saved EBX */
    assert_int_equal(rd16(f, TSS1 + 0x4C), S_CODE0);

    /* IRET with NT=1 returns to TSS1 and frees TSS2. */
    c->insn_eip = c->eip; c->insn_esp = c->gpr[REG_ESP]; c->insn_cpl = c->cpl;
    NO_EXC(c, cpu_iret(c, 4));
    assert_int_equal(c->tr.sel, S_TSS1);
    assert_int_equal(c->cpl, 0);
    assert_int_equal(c->eip, 0x1000);
    assert_int_equal(c->gpr[REG_EBX], 0xBBBB);
    assert_false(rd32(f, GDT + 10 * 8 + 4) & 0x200);
    assert_int_equal(rd32(f, TSS2 + 0x20), 0x2222);

    /* JMP to a busy TSS: #GP(sel); JMP to TSS2 frees TSS1. */
    EXPECT_EXC(c, cpu_jmp_far(c, S_TSS1, 0), EXC_GP, S_TSS1);
    NO_EXC(c, cpu_jmp_far(c, S_TSS2, 0));
    assert_false(rd32(f, GDT + 5 * 8 + 4) & 0x200);
    assert_false(c->eflags & EFLAGS_NT);

    /* A bad CS in the new task: #TS raised in the new task's context. */
    EXPECT_EXC(c, cpu_jmp_far(c, S_TSS1, 0), EXC_GP, S_TSS1); /* DPL 0 < CPL 3 */
    set_desc(f, GDT, 5, TSS1, 0x68 + 32, 0xE9);              /* DPL 3, available */
    wr16(f, TSS1 + 0x4C, S_DATA0);
    c->insn_eip = c->eip; c->insn_esp = c->gpr[REG_ESP]; c->insn_cpl = c->cpl;
    EXPECT_EXC(c, cpu_jmp_far(c, S_TSS1, 0), EXC_TS, S_DATA0);
    assert_int_equal(c->tr.sel, S_TSS1);
}

/* --- virtual-8086 mode --- */

static void test_v86(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    enter_pm(f, 0);
    /* IRETD frame to V86: EIP CS EFLAGS ESP SS ES DS FS GS. */
    uint32_t sp = STK0 - 36;
    uint32_t frame[9] = { 0x100, 0x2000, EFLAGS_VM | 0x3202, 0xFFF0, 0x3000, 0x4000, 0x5000, 0x6000, 0x7000 };
    for (int k = 0; k < 9; k++) wr32(f, sp + 4 * (uint32_t)k, frame[k]);
    c->gpr[REG_ESP] = c->insn_esp = sp;
    NO_EXC(c, cpu_iret(c, 4));
    assert_true(cpu_v86(c));
    assert_int_equal(c->cpl, 3);
    assert_int_equal(c->seg[SEG_CS].base, 0x20000);
    assert_int_equal(c->seg[SEG_DS].base, 0x50000);
    assert_int_equal(c->seg[SEG_GS].sel, 0x7000);
    assert_int_equal(c->gpr[REG_ESP], 0xFFF0);
    assert_int_equal(c->eip, 0x100);

    /* INT 0x80 from V86 (IOPL 3): to ring 0 with the 9-slot frame. */
    c->insn_eip = c->eip; c->insn_esp = c->gpr[REG_ESP]; c->insn_cpl = 3;
    NO_EXC(c, cpu_interrupt(c, 0x80, INT_SOFT, false, 0));
    assert_false(cpu_v86(c));
    assert_int_equal(c->cpl, 0);
    assert_int_equal(c->gpr[REG_ESP], STK0 - 36);
    for (int k = 0; k < 9; k++)
        if (k != 2) assert_int_equal(rd32(f, STK0 - 36 + 4 * (uint32_t)k), frame[k]);
    assert_int_equal(rd32(f, STK0 - 36 + 8) & EFLAGS_VM, EFLAGS_VM);
    assert_false(c->seg[SEG_DS].ar & AR_P);
    assert_int_equal(c->seg[SEG_DS].sel, 0);
    /* And back. */
    c->insn_esp = c->gpr[REG_ESP]; c->insn_cpl = 0;
    NO_EXC(c, cpu_iret(c, 4));
    assert_true(cpu_v86(c));
    assert_int_equal(c->seg[SEG_ES].base, 0x40000);

    /* IOPL < 3: INT n and IRET fault with #GP(0); INT3 goes through the gate. */
    cpu_set_eflags(c, 0, EFLAGS_IOPL);
    c->insn_cpl = 3; c->insn_esp = c->gpr[REG_ESP];
    EXPECT_EXC(c, cpu_interrupt(c, 0x80, INT_SOFT, false, 0), EXC_GP, 0);
    EXPECT_EXC(c, cpu_iret(c, 2), EXC_GP, 0);
    /* Segment loads in V86 mode: base = sel * 16, no checks. */
    NO_EXC(c, cpu_load_seg(c, SEG_ES, 0x1234));
    assert_int_equal(c->seg[SEG_ES].base, 0x12340);

    /* I/O permission: V86 mode always consults the bitmap. */
    NO_EXC(c, cpu_io_check(c, 0x80, 1));
    EXPECT_EXC(c, cpu_io_check(c, 0x81, 1), EXC_GP, 0);
    EXPECT_EXC(c, cpu_io_check(c, 0x7F, 2), EXC_GP, 0);
    EXPECT_EXC(c, cpu_io_check(c, 0x3F8, 1), EXC_GP, 0); /* beyond the TSS limit */
}

/* --- system instructions through the interpreter --- */

/* Put `n` code bytes at CS:EIP (flat CODE) and run one instruction. */
static void run1(struct fixture *f, const uint8_t *code, size_t n)
{
    for (size_t k = 0; k < n; k++) mem_write8(f->m, CODE + (uint32_t)k, code[k]);
    f->c->eip = CODE;
    cpu_run(f->c, 1);
}

static void test_system_insns(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    enter_pm(f, 3);
    /* LAR eax, bx (0F 02 C3) on a DPL-3 data segment: ZF=1. */
    static const uint8_t lar[] = { 0x0F, 0x02, 0xC3 };
    c->gpr[REG_EBX] = S_DATA3;
    c->gpr[REG_EAX] = 0;
    run1(f, lar, sizeof lar);
    assert_true(cpu_get_eflags(c) & EFLAGS_ZF);
    assert_int_equal(c->gpr[REG_EAX], 0x00CFF300u & 0x00FFFF00u);
    /* ... on a DPL-0 segment from CPL 3: ZF=0, EAX unchanged. */
    c->gpr[REG_EBX] = S_DATA0;
    c->gpr[REG_EAX] = 0x5555;
    run1(f, lar, sizeof lar);
    assert_false(cpu_get_eflags(c) & EFLAGS_ZF);
    assert_int_equal(c->gpr[REG_EAX], 0x5555);
    /* LSL eax, bx (0F 03 C3): G applied. */
    static const uint8_t lsl[] = { 0x0F, 0x03, 0xC3 };
    c->gpr[REG_EBX] = S_DATA3;
    run1(f, lsl, sizeof lsl);
    assert_int_equal(c->gpr[REG_EAX], 0xFFFFFFFFu);
    /* VERW bx (0F 00 EB): read-only DPL 0 from CPL 3 -> ZF=0. */
    static const uint8_t verw[] = { 0x0F, 0x00, 0xEB };
    c->gpr[REG_EBX] = S_DATA3;
    run1(f, verw, sizeof verw);
    assert_true(cpu_get_eflags(c) & EFLAGS_ZF);
    c->gpr[REG_EBX] = S_CONF;
    run1(f, verw, sizeof verw);
    assert_false(cpu_get_eflags(c) & EFLAGS_ZF);
    /* ARPL bx, cx (63 CB). */
    static const uint8_t arpl[] = { 0x63, 0xCB };
    c->gpr[REG_EBX] = 0x10; c->gpr[REG_ECX] = 3;
    run1(f, arpl, sizeof arpl);
    assert_int_equal(c->gpr[REG_EBX], 0x13);
    assert_true(cpu_get_eflags(c) & EFLAGS_ZF);

    /* MOV CR0, eax at CPL 3: #GP(0) delivered through the IDT (eip 0x6000). */
    static const uint8_t movcr[] = { 0x0F, 0x22, 0xC0 };
    run1(f, movcr, sizeof movcr);
    assert_int_equal(c->eip, 0x6000);
    assert_int_equal(c->cpl, 0);
    assert_int_equal(rd32(f, c->gpr[REG_ESP]), 0);        /* error code */
    assert_int_equal(rd32(f, c->gpr[REG_ESP] + 4), CODE);  /* faulting EIP */

    /* LTR ax (0F 00 D8) at CPL 0 marks the TSS busy. */
    enter_pm(f, 0);
    static const uint8_t ltr[] = { 0x0F, 0x00, 0xD8 };
    c->gpr[REG_EAX] = S_TSS16;
    run1(f, ltr, sizeof ltr);
    assert_int_equal(c->tr.sel, S_TSS16);
    assert_true(rd32(f, GDT + 17 * 8 + 4) & 0x200);
    /* SLDT in real mode is #UD: real mode has the IVT; just check the
     * handler raised 6 by looking at the IVT-delivered CS:IP. */
    /* LMSW cannot clear PE. */
    static const uint8_t lmsw[] = { 0x0F, 0x01, 0xF0 }; /* LMSW ax */
    c->gpr[REG_EAX] = 0;
    run1(f, lmsw, sizeof lmsw);
    assert_true(c->cr[0] & CR0_PE);
}

/* 80286: 16-bit descriptors (top word ignored), 386 types invalid, 16-bit
 * TSS task switch with the 286 layout. */
static void test_286(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    cpu_init(c, CPU_286, f->m);
    const uint32_t T1 = TSS16, T2 = TSS16 + 0x100;
    set_desc(f, GDT, 1, 0x10000, 0xFFFF, 0xFF00 | 0x9B); /* junk in the top word */
    set_desc(f, GDT, 2, 0x20000, 0xFFFF, 0x93);
    set_desc(f, GDT, 3, T1, 0x2B, 0x83);                 /* busy 16-bit TSS (current) */
    set_desc(f, GDT, 4, T2, 0x2B, 0x81);
    set_desc(f, GDT, 5, TSS1, 0x67, 0x89);               /* 386 TSS: invalid here */
    c->cr[0] |= CR0_PE;
    c->gdtr.base = GDT; c->gdtr.limit = 0x37;
    c->idtr.base = IDT; c->idtr.limit = 0x7FF;
    struct descriptor d;
    assert_true(cpu_read_descriptor(c, 0x08, &d));
    assert_int_equal(d.base, 0x10000);
    assert_int_equal(d.limit, 0xFFFF);
    assert_int_equal(d.ar, 0x9B);
    load_cache(f, SEG_CS, 0x08);
    load_cache(f, SEG_SS, 0x10);
    load_cache(f, SEG_DS, 0x10);
    load_cache(f, SEG_ES, 0x10);
    load_cache(f, SEG_FS, 0x10);
    load_cache(f, SEG_GS, 0x10);
    assert_true(cpu_read_descriptor(c, 0x18, &d));
    c->tr.sel = 0x18; c->tr.base = d.base; c->tr.limit = d.limit; c->tr.ar = d.ar;
    c->cpl = c->insn_cpl = 0;
    c->eflags = 2;
    c->gpr[REG_EAX] = 0x1234; c->gpr[REG_ESP] = c->insn_esp = 0x800;
    c->eip = c->insn_eip = 0x100;
    /* New task: IP 0x200, FLAGS, AX, SP, ES CS SS DS. */
    wr16(f, T2 + 0x0E, 0x200);
    wr16(f, T2 + 0x10, 0x0002);
    wr16(f, T2 + 0x12, 0x4321);
    wr16(f, T2 + 0x1A, 0x700);
    wr16(f, T2 + 0x22, 0x10); wr16(f, T2 + 0x24, 0x08); wr16(f, T2 + 0x26, 0x10); wr16(f, T2 + 0x28, 0x10);
    NO_EXC(c, cpu_jmp_far(c, 0x20, 0));
    assert_int_equal(c->tr.sel, 0x20);
    assert_int_equal(c->eip, 0x200);
    assert_int_equal(c->gpr[REG_EAX] & 0xFFFF, 0x4321);
    assert_int_equal(c->gpr[REG_ESP] & 0xFFFF, 0x700);
    assert_int_equal(rd16(f, T1 + 0x0E), 0x100);   /* saved IP */
    assert_int_equal(rd16(f, T1 + 0x12), 0x1234);  /* saved AX */
    assert_int_equal(rd16(f, T1 + 0x24), 0x08);    /* saved CS */
    assert_int_equal(mem_read8(f->m, GDT + 3 * 8 + 5), 0x81); /* old not busy */
    assert_int_equal(mem_read8(f->m, GDT + 4 * 8 + 5), 0x83); /* new busy */
    /* A 386 TSS type does not exist on the 80286. */
    c->insn_eip = c->eip; c->insn_esp = c->gpr[REG_ESP];
    EXPECT_EXC(c, cpu_jmp_far(c, 0x28, 0), EXC_GP, 0x28);
}

/* Breakpoint matching (debugreg.h, SDM Vol. 3A 17.2). */
static void test_debugreg(void **state)
{
    struct fixture *f = *state;
    struct cpu *c = f->c;
    c->dr[6] = 0xFFFF0FF0u;
    c->dr[0] = 0x1000;                 /* execute */
    c->dr[1] = 0x2002;                 /* write, LEN 4 -> 0x2000-0x2003 */
    c->dr[2] = 0x3001;                 /* read/write, LEN 1 */
    c->dr[7] = 0x400 | 0x01 | 0x04 | 0x20 | (0x0u << 16) | (0xDu << 20) | (0x3u << 24);
    assert_false(cpu_dr_exec_hit(c, 0x1001));
    assert_true(cpu_dr_exec_hit(c, 0x1000));
    assert_int_equal(c->dr[6] & 0xF, 1);
    c->eflags |= EFLAGS_RF;
    assert_false(cpu_dr_exec_hit(c, 0x1000));
    c->eflags &= ~EFLAGS_RF;
    cpu_dr_data_access(c, 0x2003, 1, false);   /* read: RW=01 ignores it */
    assert_false(cpu_dr_trap_pending(c));
    cpu_dr_data_access(c, 0x1FFE, 4, true);    /* overlaps 0x2000-0x2001 */
    assert_true(cpu_dr_trap_pending(c));
    assert_int_equal(c->dr[6] & 0xF, 2);
    cpu_dr_data_access(c, 0x3002, 2, false);   /* neighbour byte: no hit */
    assert_false(cpu_dr_trap_pending(c));
    cpu_dr_data_access(c, 0x3000, 2, false);   /* covers 0x3001 */
    assert_true(cpu_dr_trap_pending(c));
    assert_int_equal(c->dr[6] & 0xF, 4);
    c->dr[7] = 0x400;                          /* all disabled */
    cpu_dr_data_access(c, 0x3001, 1, true);
    assert_false(cpu_dr_trap_pending(c));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_load_seg, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_real_mode, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_call_gate, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_interrupts, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_double_fault, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_task_switch, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_v86, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_system_insns, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_286, setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_debugreg, setup, fixture_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
