/*
 * test_core.c - unit tests of the decoder (cpu/decode.c), the interpreter
 * loop (cpu/exec.c) and the core one-byte opcodes, for what the 8086/80286
 * SingleStepTests vectors cannot reach: 32-bit ModR/M + SIB addressing,
 * operand/address-size prefixes, LOCK and length rules of the 386, REP
 * yielding, interrupt shadow, HLT wake-up, single-step trap, reset state.
 * Each test runs real machine code from guest RAM in real mode (a 386 with
 * CS.D set where 32-bit code is wanted), with exception handlers in the IVT
 * that are HLT instructions at known addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../cpu/access.h"
#include "../../cpu/insn.h"
#include "../../cpu/seg.h"
#include "../../mmu/mem.h"

static struct mem *mem;
static struct cpu cpu;

#define CODE 0x1000u    /* code at 0000:1000 */
#define HANDLERS 0x800u /* exception handler for vector v at 0000:0800+v */

/* A CPU of `model` in real mode with CS=DS=ES=SS=0, SP=0x8000, the IVT
 * pointing vector v at 0000:(HANDLERS+v) which holds a HLT, and `code`
 * at 0000:CODE. `d32` sets CS.D (and SS.B) for 32-bit code. */
static struct cpu *machine(enum cpu_model model, const uint8_t *code, size_t n, bool d32)
{
    if (!mem) mem = mem_create(2u << 20);
    assert_non_null(mem);
    memset(mem_ram(mem), 0, 0x20000);
    cpu_init(&cpu, model, mem);
    for (int s = 0; s < SEG_COUNT; s++) cpu_load_seg_real(&cpu, s, 0);
    if (d32) {
        /* "unreal" 32-bit real mode: 4 GiB data limits, 32-bit code */
        for (int s = 0; s < SEG_COUNT; s++) cpu.seg[s].limit = 0xFFFFFFFFu;
        cpu.seg[SEG_CS].ar |= AR_DB;
        cpu.seg[SEG_SS].ar |= AR_DB;
    }
    cpu.eip = CODE;
    cpu.gpr[REG_ESP] = 0x8000;
    uint8_t *ram = mem_ram(mem);
    for (int v = 0; v < 256; v++) {
        ram[v * 4] = (uint8_t)((HANDLERS + v) & 0xFF);
        ram[v * 4 + 1] = (uint8_t)((HANDLERS + v) >> 8);
        ram[v * 4 + 2] = 0;
        ram[v * 4 + 3] = 0;
        ram[HANDLERS + v] = 0xF4;
    }
    if (n) memcpy(ram + CODE, code, n);
    return &cpu;
}

/* True when the last delivery went to vector v's handler: CS:IP is at it. */
static bool at_handler(int v)
{
    return cpu.seg[SEG_CS].sel == 0 && cpu.eip == HANDLERS + (uint32_t)v;
}

static uint32_t rd32(uint32_t a) { return mem_read32(mem, a); }

/* mov eax,[ecx*4+0x10]; mov ebx,[esp+8]; mov edx,[disp32]; mov esi,[ebp+0]
 * in 32-bit code: SIB scale/index, ESP base (SS), disp32 only, EBP base. */
static void test_ea32(void **state)
{
    (void)state;
    static const uint8_t code[] = {
        0x8B, 0x04, 0x8D, 0x10, 0x00, 0x00, 0x00, /* mov eax,[ecx*4+10h] */
        0x8B, 0x5C, 0x24, 0x08,                   /* mov ebx,[esp+8] */
        0x8B, 0x15, 0x00, 0x30, 0x00, 0x00,       /* mov edx,[3000h] */
        0x8B, 0x75, 0x00,                         /* mov esi,[ebp+0] */
        0x8B, 0x3C, 0x25, 0x04, 0x30, 0x00, 0x00, /* mov edi,[4+3000h] (SIB, no base, no index) */
    };
    struct cpu *c = machine(CPU_386, code, sizeof code, true);
    c->gpr[REG_ECX] = 0x1000;
    c->gpr[REG_EBP] = 0x5000;
    c->seg[SEG_SS].base = 0x10000; /* SS-relative accesses land elsewhere */
    mem_write32(mem, 0x4010, 0x11111111);
    mem_write32(mem, 0x18008, 0x22222222);
    mem_write32(mem, 0x3000, 0x33333333);
    mem_write32(mem, 0x15000, 0x44444444);
    mem_write32(mem, 0x3004, 0x55555555);
    for (int k = 0; k < 5; k++) assert_int_equal(cpu_step(c), CPU_STOP_BUDGET);
    assert_int_equal(c->gpr[REG_EAX], 0x11111111);
    assert_int_equal(c->gpr[REG_EBX], 0x22222222);
    assert_int_equal(c->gpr[REG_EDX], 0x33333333);
    assert_int_equal(c->gpr[REG_ESI], 0x44444444);
    assert_int_equal(c->gpr[REG_EDI], 0x55555555);
    assert_int_equal(c->eip, CODE + sizeof code);
}

/* 16-bit code with 67h (32-bit addressing) and 66h (32-bit operand). */
static void test_size_prefixes(void **state)
{
    (void)state;
    static const uint8_t code[] = {
        0x66, 0xB8, 0x78, 0x56, 0x34, 0x12, /* mov eax,12345678h */
        0x67, 0x66, 0x8B, 0x1C, 0x24,       /* mov ebx,[esp] (SIB) */
        0x8B, 0x0E, 0x00, 0x30,             /* mov cx,[3000h] */
        0x66, 0x50,                         /* push eax */
    };
    struct cpu *c = machine(CPU_386, code, sizeof code, false);
    c->gpr[REG_ECX] = 0xAAAA0000;
    mem_write32(mem, 0x8000, 0xCAFEBABE);
    mem_write32(mem, 0x3000, 0xFFFF1234);
    for (int k = 0; k < 4; k++) cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX], 0x12345678);
    assert_int_equal(c->gpr[REG_EBX], 0xCAFEBABE);
    assert_int_equal(c->gpr[REG_ECX], 0xAAAA1234);
    assert_int_equal(c->gpr[REG_ESP], 0x7FFC);
    assert_int_equal(rd32(0x7FFC), 0x12345678);
}

/* 386: LOCK on a non-lockable instruction or a register destination is
 * #UD; LOCK ADD to memory is fine. The 286 ignores the rule. */
static void test_lock(void **state)
{
    (void)state;
    static const uint8_t nop[] = { 0xF0, 0x90 };
    struct cpu *c = machine(CPU_386, nop, sizeof nop, false);
    cpu_step(c);
    assert_true(at_handler(EXC_UD));
    assert_int_equal(rd32(0x8000 - 6) & 0xFFFF, CODE); /* pushed IP: the instruction */

    static const uint8_t addreg[] = { 0xF0, 0x01, 0xC0 };
    c = machine(CPU_386, addreg, sizeof addreg, false);
    cpu_step(c);
    assert_true(at_handler(EXC_UD));

    static const uint8_t addmem[] = { 0xF0, 0x01, 0x06, 0x00, 0x30 };
    c = machine(CPU_386, addmem, sizeof addmem, false);
    c->gpr[REG_EAX] = 5;
    mem_write16(mem, 0x3000, 7);
    cpu_step(c);
    assert_int_equal(mem_read16(mem, 0x3000), 12);
    assert_int_equal(c->eip, CODE + sizeof addmem);

    c = machine(CPU_286, nop, sizeof nop, false);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 2);
}

/* Instruction length: 15 bytes is fine on the 386, 16 is #GP(0); the 286
 * allows 10 bytes. */
static void test_length(void **state)
{
    (void)state;
    uint8_t code[20];
    memset(code, 0x3E, sizeof code); /* DS: prefixes */
    code[14] = 0x90;
    struct cpu *c = machine(CPU_386, code, 15, false);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 15);

    code[14] = 0x3E;
    code[15] = 0x90;
    c = machine(CPU_386, code, 16, false);
    cpu_step(c);
    assert_true(at_handler(EXC_GP));

    memset(code, 0x3E, sizeof code);
    code[9] = 0x90;
    c = machine(CPU_286, code, 10, false);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 10);
    code[9] = 0x3E;
    code[10] = 0x90;
    c = machine(CPU_286, code, 11, false);
    cpu_step(c);
    assert_true(at_handler(EXC_GP));
}

/* REP MOVSD with 32-bit addressing and DF=1, long enough to yield: the
 * instruction re-runs with rep_active until ECX is 0. */
static void test_rep_yield(void **state)
{
    (void)state;
    static const uint8_t code[] = { 0xFD, 0xF3, 0xA5 }; /* std; rep movsd */
    struct cpu *c = machine(CPU_386, code, sizeof code, true);
    const uint32_t n = 10000;
    c->gpr[REG_ECX] = n;
    c->gpr[REG_ESI] = 0x40000 + 4 * (n - 1);
    c->gpr[REG_EDI] = 0x80000 + 4 * (n - 1);
    for (uint32_t k = 0; k < n; k++) mem_write32(mem, 0x40000 + 4 * k, k * 7 + 1);
    cpu_step(c); /* std */
    cpu_step(c);
    assert_true(c->rep_active);
    assert_int_equal(c->eip, CODE + 1);
    int steps = 1;
    while (c->rep_active && steps < 100) {
        cpu_step(c);
        steps++;
    }
    assert_false(c->rep_active);
    assert_int_equal(c->gpr[REG_ECX], 0);
    assert_int_equal(c->eip, CODE + sizeof code);
    assert_int_equal(c->gpr[REG_ESI], 0x40000 - 4);
    for (uint32_t k = 0; k < n; k += 997) assert_int_equal(rd32(0x80000 + 4 * k), k * 7 + 1);
}

/* REPNE SCASB stops on the match; REPE CMPSW stops on the difference. */
static void test_rep_compare(void **state)
{
    (void)state;
    static const uint8_t code[] = {
        0xF2, 0xAE,       /* repne scasb */
        0xF3, 0xA7,       /* repe cmpsw */
    };
    struct cpu *c = machine(CPU_8086, code, sizeof code, false);
    memcpy(mem_ram(mem) + 0x3000, "abcdefgh", 8);
    c->gpr[REG_EAX] = 'e';
    c->gpr[REG_EDI] = 0x3000;
    c->gpr[REG_ECX] = 100;
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EDI], 0x3005);
    assert_int_equal(c->gpr[REG_ECX], 95);
    memcpy(mem_ram(mem) + 0x4000, "xyxyxyZZ", 8);
    memcpy(mem_ram(mem) + 0x5000, "xyxyxyzz", 8);
    c->gpr[REG_ESI] = 0x4000;
    c->gpr[REG_EDI] = 0x5000;
    c->gpr[REG_ECX] = 10;
    cpu_step(c);
    assert_int_equal(c->gpr[REG_ESI], 0x4008);
    assert_int_equal(c->gpr[REG_ECX], 6);
    assert_false(cpu_get_eflags(c) & EFLAGS_ZF);
}

/* ENTER with nesting level 3 (32-bit), then LEAVE. */
static void test_enter_leave(void **state)
{
    (void)state;
    static const uint8_t code[] = {
        0xC8, 0x10, 0x00, 0x03, /* enter 16,3 */
        0xC9,                   /* leave */
    };
    struct cpu *c = machine(CPU_386, code, sizeof code, true);
    c->gpr[REG_EBP] = 0x7F00;
    mem_write32(mem, 0x7F00 - 4, 0xAAAA0001);
    mem_write32(mem, 0x7F00 - 8, 0xAAAA0002);
    cpu_step(c);
    /* push ebp; push [ebp-4]; push [ebp-8]; push frame; ebp = frame */
    assert_int_equal(c->gpr[REG_EBP], 0x7FFC);
    assert_int_equal(rd32(0x7FFC), 0x7F00);
    assert_int_equal(rd32(0x7FF8), 0xAAAA0001);
    assert_int_equal(rd32(0x7FF4), 0xAAAA0002);
    assert_int_equal(rd32(0x7FF0), 0x7FFC);
    assert_int_equal(c->gpr[REG_ESP], 0x7FF0 - 16);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EBP], 0x7F00);
    assert_int_equal(c->gpr[REG_ESP], 0x8000);
}

/* PUSHAD/POPAD round trip, and POP [ESP+4] addressing with the popped ESP. */
static void test_pusha_pop_esp(void **state)
{
    (void)state;
    static const uint8_t code[] = {
        0x60,                   /* pushad */
        0x61,                   /* popad */
        0x8F, 0x44, 0x24, 0x04, /* pop dword [esp+4] */
    };
    struct cpu *c = machine(CPU_386, code, sizeof code, true);
    for (int r = 0; r < 8; r++)
        if (r != REG_ESP) c->gpr[r] = 0x1000u * (uint32_t)(r + 1);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_ESP], 0x8000 - 32);
    assert_int_equal(rd32(0x8000 - 20), 0x8000); /* original ESP */
    for (int r = 0; r < 8; r++)
        if (r != REG_ESP) c->gpr[r] = 0;
    cpu_step(c);
    for (int r = 0; r < 8; r++)
        if (r != REG_ESP) assert_int_equal(c->gpr[r], 0x1000u * (uint32_t)(r + 1));
    assert_int_equal(c->gpr[REG_ESP], 0x8000);
    c->gpr[REG_ESP] = 0x7000;
    mem_write32(mem, 0x7000, 0xDEADBEEF);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_ESP], 0x7004);
    assert_int_equal(rd32(0x7008), 0xDEADBEEF);
}

static uint8_t ack_vec;
static int acks;
static uint8_t ack(void *opaque)
{
    (void)opaque;
    acks++;
    return ack_vec;
}

/* STI shadow: the instruction after STI runs before a pending INTR; HLT
 * stops the run loop until INTR arrives, then the handler runs. */
static void test_sti_shadow_hlt(void **state)
{
    (void)state;
    static const uint8_t code[] = { 0xFB, 0x90, 0x90 }; /* sti; nop; nop */
    struct cpu *c = machine(CPU_8086, code, sizeof code, false);
    c->intr_ack = ack;
    ack_vec = 0x20;
    acks = 0;
    c->intr_line = true;
    cpu_step(c); /* sti */
    assert_int_equal(acks, 0);
    cpu_step(c); /* nop under the shadow */
    assert_int_equal(c->eip, CODE + 2);
    assert_int_equal(acks, 0);
    cpu_step(c); /* interrupt taken */
    assert_int_equal(acks, 1);
    assert_true(at_handler(0x20));
    assert_int_equal(mem_read16(mem, 0x8000 - 6), CODE + 2);
    c->intr_line = false;
    assert_int_equal(cpu_run(c, 10), CPU_STOP_HALT); /* the handler's HLT */
    assert_true(c->halted);
    assert_int_equal(cpu_run(c, 10), CPU_STOP_HALT);
    c->eflags |= EFLAGS_IF;
    c->intr_line = true;
    ack_vec = 0x21;
    cpu_step(c);
    assert_false(c->halted);
    assert_true(at_handler(0x21));
}

/* TF: #DB after one instruction, with the next IP pushed. */
static void test_single_step(void **state)
{
    (void)state;
    static const uint8_t code[] = { 0x90, 0x90 };
    struct cpu *c = machine(CPU_386, code, sizeof code, false);
    c->eflags |= EFLAGS_TF;
    cpu_step(c);
    assert_true(at_handler(EXC_DB));
    assert_int_equal(mem_read16(mem, 0x8000 - 6), CODE + 1);
    assert_false(c->eflags & EFLAGS_TF);

    /* POPF setting TF: no trap after the POPF, one after the next insn. */
    static const uint8_t popf[] = { 0x9D, 0x90, 0x90 };
    c = machine(CPU_386, popf, sizeof popf, false);
    mem_write16(mem, 0x8000, 0x0102);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 1);
    cpu_step(c);
    assert_true(at_handler(EXC_DB));
    assert_int_equal(mem_read16(mem, 0x8002 - 6), CODE + 2);

    /* MOV SS holds the trap off until after the next instruction. */
    static const uint8_t movss[] = { 0x8E, 0xD0, 0x90, 0x90 }; /* mov ss,ax */
    c = machine(CPU_386, movss, sizeof movss, false);
    c->gpr[REG_EAX] = 0;
    c->eflags |= EFLAGS_TF;
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 2);
    cpu_step(c);
    assert_true(at_handler(EXC_DB));
    assert_int_equal(mem_read16(mem, 0x8000 - 6), CODE + 3);
}

/* DR0-DR7: an execution breakpoint is a #DB fault before the instruction
 * (not with RF=1); an I/O breakpoint (CR4.DE) is a #DB trap after it. */
static void test_breakpoints(void **state)
{
    (void)state;
    static const uint8_t code[] = { 0x90, 0x90, 0xE6, 0x80, 0x90 }; /* nop; nop; out 80h,al; nop */
    struct cpu *c = machine(CPU_386, code, sizeof code, false);
    c->dr[0] = CODE + 1;
    c->dr[7] = 0x401; /* L0, R/W0=00 (execute), LEN0=00 */
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 1);
    cpu_step(c);
    assert_true(at_handler(EXC_DB));
    assert_int_equal(mem_read16(mem, 0x8000 - 6), CODE + 1);
    assert_int_equal(c->dr[6] & 0xF, 1);
    /* resume with RF=1: no second #DB, RF cleared afterwards */
    c->eip = CODE + 1;
    c->eflags |= EFLAGS_RF;
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 2);
    assert_false(c->eflags & EFLAGS_RF);

    /* I/O breakpoint on port 80h (DR1, R/W1=10, needs CR4.DE). */
    c = machine(CPU_386, code, sizeof code, false);
    c->eip = CODE + 2;
    c->dr[1] = 0x80;
    c->dr[7] = 0x400 | (1 << 2) | (2 << 20);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 4); /* no CR4.DE: no breakpoint */
    c->eip = CODE + 2;
    c->cr[4] |= CR4_DE;
    cpu_step(c);
    assert_true(at_handler(EXC_DB));
    assert_int_equal(mem_read16(mem, 0x8000 - 6), CODE + 4);
    assert_int_equal(c->dr[6] & 0xF, 2);

}

/* F1: INT1 (#DB, next IP pushed) on the 386+, a LOCK alias prefix before. */
static void test_f1(void **state)
{
    (void)state;
    static const uint8_t code[] = { 0xF1, 0x90 };
    struct cpu *c = machine(CPU_386, code, sizeof code, false);
    cpu_step(c);
    assert_true(at_handler(EXC_DB));
    assert_int_equal(mem_read16(mem, 0x8000 - 6), CODE + 1);
    c = machine(CPU_286, code, sizeof code, false);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 2);
    c = machine(CPU_8086, code, sizeof code, false);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 2);
}

/* Reset state per model (SDM Vol. 3A, table 9-1; 8086/80286 manuals). */
static void test_reset(void **state)
{
    (void)state;
    struct cpu *c = machine(CPU_8086, NULL, 0, false);
    cpu_reset(c);
    assert_int_equal(c->seg[SEG_CS].sel, 0xFFFF);
    assert_int_equal(c->seg[SEG_CS].base, 0xFFFF0);
    assert_int_equal(c->eip, 0);
    assert_int_equal(cpu_get_eflags(c), 0xF002);
    c = machine(CPU_286, NULL, 0, false);
    cpu_reset(c);
    assert_int_equal(c->seg[SEG_CS].base, 0xFF0000);
    assert_int_equal(c->eip, 0xFFF0);
    assert_int_equal(c->cr[0], 0xFFF0);
    c = machine(CPU_386, NULL, 0, false);
    cpu_reset(c);
    assert_int_equal(c->seg[SEG_CS].base, 0xFFFF0000u);
    assert_int_equal(c->gpr[REG_EDX], 0x0303);
    assert_int_equal(c->seg[SEG_DS].limit, 0xFFFF);
    c = machine(CPU_P6, NULL, 0, false);
    cpu_reset(c);
    assert_int_equal(c->cr[0], 0x60000010u);
    assert_int_equal(c->gpr[REG_EDX], cpu_signature(CPU_P6));
    assert_int_equal(c->fpu.cw, 0x0040);
    assert_int_equal(c->fpu.sw, 0);
}

/* POPF: 8086 keeps FLAGS 12-15 set; 286 real mode keeps them clear; the
 * 386 real mode sets IOPL/NT but never VM or RF. */
static void test_popf(void **state)
{
    (void)state;
    static const uint8_t code[] = { 0x9D, 0x66, 0x9D };
    struct cpu *c = machine(CPU_8086, code, 1, false);
    mem_write16(mem, 0x8000, 0x0000);
    cpu_step(c);
    assert_int_equal(cpu_get_eflags(c), 0xF002);
    c = machine(CPU_286, code, 1, false);
    mem_write16(mem, 0x8000, 0xFFFF);
    cpu_step(c);
    assert_int_equal(cpu_get_eflags(c), 0x0FD7);
    c = machine(CPU_386, code, sizeof code, false);
    mem_write16(mem, 0x8000, 0x7000);
    mem_write32(mem, 0x8002, 0x00037000);
    cpu_step(c);
    assert_int_equal(cpu_get_eflags(c), 0x7002);
    cpu_step(c);
    assert_int_equal(cpu_get_eflags(c), 0x7002);
}

/* Far JMP/CALL/RET in real mode, Jcc/LOOP with 32-bit displacements and
 * ECX (address size 32). */
static void test_control_32(void **state)
{
    (void)state;
    static const uint8_t code[] = {
        0xB9, 0x03, 0x00, 0x00, 0x00,       /* mov ecx,3 */
        0x40,                               /* L: inc eax */
        0xE2, 0xFD,                         /* loop L */
        0xE8, 0x05, 0x00, 0x00, 0x00,       /* call +5 */
        0xF4,                               /* hlt */
        0x00, 0x00, 0x00, 0x00,
        0x0F, 0x84, 0xF7, 0xFF, 0xFF, 0xFF, /* jz back to hlt... (not taken: ZF=0) */
        0xC3,                               /* ret */
    };
    struct cpu *c = machine(CPU_386, code, sizeof code, true);
    c->gpr[REG_EAX] = 0;
    assert_int_equal(cpu_run(c, 100), CPU_STOP_HALT);
    assert_int_equal(c->gpr[REG_EAX], 3);
    assert_int_equal(c->gpr[REG_ECX], 0);
    assert_int_equal(c->eip, CODE + 14);
    assert_int_equal(c->gpr[REG_ESP], 0x8000);
}

/* The instruction table has no conflicting rows for any model, and every
 * one-byte opcode that is not a prefix decodes to a row (ModR/M.reg 0) on
 * every model: the 8086 has no undefined one-byte opcodes, and from the
 * 80186 on only 63-67 (80186) / 64-67 (80286) are unused. */
static void test_table(void **state)
{
    (void)state;
    for (int model = CPU_8086; model <= CPU_MAX; model++) {
        struct cpu *c = machine((enum cpu_model)model, NULL, 0, false);
        assert_int_equal(decode_init(c), 0);
        for (int op = 0; op < 256; op++) {
            bool prefix = op == 0x26 || op == 0x2E || op == 0x36 || op == 0x3E ||
                          op == 0xF0 || op == 0xF2 || op == 0xF3 ||
                          (op == 0xF1 && model <= CPU_286) ||
                          (op >= 0x64 && op <= 0x67 && model >= CPU_386) ||
                          (op == 0x0F && model >= CPU_286);
            bool unused = (model == CPU_186 && op >= 0x63 && op <= 0x67) ||
                          (model == CPU_186 && op == 0x0F) ||
                          (model == CPU_286 && op >= 0x64 && op <= 0x67);
            if (prefix || unused) continue;
            if (!c->dispatch[op][0]) fail_msg("model %d: no row for opcode %02X", model, op);
        }
    }
}

/* Assorted 32-bit forms: moffs with 67h in 16-bit code, XLAT with EBX,
 * LDS r32,m16:32, BOUND #BR, LODSD with a segment override, CWDE/CDQ,
 * XCHG r/m32, MOV r32,Sreg (zero-extended), PUSH imm8 as a dword. */
static void test_misc_32(void **state)
{
    (void)state;
    static const uint8_t code[] = {
        0x67, 0xA1, 0x00, 0x30, 0x00, 0x00, /* mov ax,[00003000h] (a32) */
        0x66, 0xD7,                         /* xlat: a16, so [BX + AL] */
        0x66, 0xC5, 0x1E, 0x10, 0x30,       /* lds ebx,[3010h] */
        0x66, 0x98,                         /* cwde */
        0x66, 0x99,                         /* cdq */
        0x66, 0x87, 0x06, 0x20, 0x30,       /* xchg [3020h],eax */
        0x66, 0x8C, 0xD9,                   /* mov ecx,ds */
        0x66, 0x6A, 0x80,                   /* push dword -128 */
        0x26, 0x66, 0xAD,                   /* lodsd es: */
        0x62, 0x16, 0x30, 0x30,             /* bound dx,[3030h] */
    };
    struct cpu *c = machine(CPU_386, code, sizeof code, false);
    mem_write16(mem, 0x3000, 0xBEEF);
    c->gpr[REG_EBX] = 0xFFFF0040; /* XLAT uses BX (16-bit addressing) */
    c->gpr[REG_EAX] = 0;
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX], 0xBEEF);
    mem_write8(mem, 0x0040 + 0xEF, 0x7E);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX], 0xBE7E);
    mem_write32(mem, 0x3010, 0x12345678);
    mem_write16(mem, 0x3014, 0x0100);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EBX], 0x12345678);
    assert_int_equal(c->seg[SEG_DS].sel, 0x0100);
    assert_int_equal(c->seg[SEG_DS].base, 0x1000);
    c->gpr[REG_EAX] = 0xFFFF8001;
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX], 0xFFFF8001);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EDX], 0xFFFFFFFF);
    mem_write32(mem, 0x1000 + 0x3020, 0xCAFEF00D);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX], 0xCAFEF00D);
    assert_int_equal(mem_read32(mem, 0x1000 + 0x3020), 0xFFFF8001);
    c->gpr[REG_ECX] = 0xFFFFFFFF;
    cpu_step(c);
    assert_int_equal(c->gpr[REG_ECX], 0x0100);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_ESP], 0x8000 - 4);
    assert_int_equal(rd32(0x8000 - 4), 0xFFFFFF80);
    c->gpr[REG_ESI] = 0x5000;
    mem_write32(mem, 0x5000, 0x01020304); /* ES base 0 */
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX], 0x01020304);
    assert_int_equal(c->gpr[REG_ESI], 0x5004);
    mem_write16(mem, 0x1000 + 0x3030, 10);
    mem_write16(mem, 0x1000 + 0x3032, 20);
    c->gpr[REG_EDX] = 21;
    cpu_step(c);
    assert_true(at_handler(EXC_BR));
    assert_int_equal(mem_read16(mem, 0x8000 - 4 - 6), CODE + sizeof code - 4);
}

/* --- protected mode: flat segments, ring 0 and ring 3 --- */

#define GDT 0x20000u
#define TSS 0x21000u
#define IDT 0x22000u

/* Write an 8-byte segment descriptor (SDM Vol. 3A, 3.4.5): access byte
 * `acc`, flags nibble `fl` (G, D/B). */
static void put_desc(uint32_t at, uint32_t base, uint32_t limit, uint8_t acc, uint8_t fl)
{
    uint8_t *d = mem_ram(mem) + at;
    d[0] = (uint8_t)limit;
    d[1] = (uint8_t)(limit >> 8);
    d[2] = (uint8_t)base;
    d[3] = (uint8_t)(base >> 8);
    d[4] = (uint8_t)(base >> 16);
    d[5] = acc;
    d[6] = (uint8_t)((fl << 4) | ((limit >> 16) & 0xF));
    d[7] = (uint8_t)(base >> 24);
}

/* A 386+ in protected mode at privilege `cpl` with IOPL `iopl`, flat 4 GiB
 * 32-bit segments (GDT: 08 ring-0 code, 10 ring-0 data, 1B ring-3 code,
 * 23 ring-3 data, 28 TSS with ESP0=9000h and no I/O bitmap), and an IDT of
 * DPL-3 interrupt gates sending vector v to 0008:(HANDLERS+v), a HLT. */
static struct cpu *pm_machine(enum cpu_model model, const uint8_t *code, size_t n, int cpl, int iopl)
{
    struct cpu *c = machine(model, code, n, true);
    memset(mem_ram(mem) + GDT, 0, 0x3000);
    put_desc(GDT + 0x08, 0, 0xFFFFF, 0x9B, 0xC);
    put_desc(GDT + 0x10, 0, 0xFFFFF, 0x93, 0xC);
    put_desc(GDT + 0x18, 0, 0xFFFFF, 0xFB, 0xC);
    put_desc(GDT + 0x20, 0, 0xFFFFF, 0xF3, 0xC);
    put_desc(GDT + 0x28, TSS, 0x67, 0x8B, 0x0);
    mem_write32(mem, TSS + 4, 0x9000);
    mem_write16(mem, TSS + 8, 0x10);
    mem_write16(mem, TSS + 0x66, 0x68); /* I/O map base beyond the limit */
    for (int v = 0; v < 256; v++) {
        uint8_t *g = mem_ram(mem) + IDT + 8 * v;
        uint32_t off = HANDLERS + (uint32_t)v;
        g[0] = (uint8_t)off;
        g[1] = (uint8_t)(off >> 8);
        g[2] = 0x08;
        g[3] = 0;
        g[4] = 0;
        g[5] = 0xEE; /* present, DPL 3, 32-bit interrupt gate */
        g[6] = (uint8_t)(off >> 16);
        g[7] = (uint8_t)(off >> 24);
    }
    c->gdtr.base = GDT;
    c->gdtr.limit = 0x2F;
    c->idtr.base = IDT;
    c->idtr.limit = 0x7FF;
    c->tr.sel = 0x28;
    c->tr.base = TSS;
    c->tr.limit = 0x67;
    c->tr.ar = 0x8B;
    c->cr[0] |= CR0_PE;
    for (int s = 0; s < SEG_COUNT; s++) {
        c->seg[s].sel = cpl ? 0x23 : 0x10;
        c->seg[s].base = 0;
        c->seg[s].limit = 0xFFFFFFFFu;
        c->seg[s].ar = (cpl ? 0xF3 : 0x93) | AR_DB | AR_G;
    }
    c->seg[SEG_CS].sel = cpl ? 0x1B : 0x08;
    c->seg[SEG_CS].ar = (cpl ? 0xFB : 0x9B) | AR_DB | AR_G;
    c->cpl = (uint8_t)cpl;
    c->eflags = EFLAGS_R1 | EFLAGS_IF | ((uint32_t)iopl << EFLAGS_IOPL_SHIFT);
    return c;
}

/* Vector v was delivered to its ring-0 handler. */
static bool pm_at_handler(int v)
{
    return cpu.cpl == 0 && cpu.seg[SEG_CS].sel == 0x08 && cpu.eip == HANDLERS + (uint32_t)v;
}

/* IOPL-sensitive instructions at CPL 3 (SDM Vol. 3A 5.9, 18.5; Vol. 2 CLI,
 * STI, POPF, HLT, IN): #GP(0) when CPL > IOPL, allowed with IOPL 3; POPF
 * keeps IOPL (CPL > 0) and IF (CPL > IOPL) without faulting. */
static void test_pm_iopl(void **state)
{
    (void)state;
    static const uint8_t cli[] = { 0xFA };
    struct cpu *c = pm_machine(CPU_386, cli, sizeof cli, 3, 0);
    cpu_step(c);
    assert_true(pm_at_handler(EXC_GP));
    assert_int_equal(rd32(0x9000 - 24), 0);    /* error code */
    assert_int_equal(rd32(0x9000 - 20), CODE); /* EIP of the CLI */
    c = pm_machine(CPU_386, cli, sizeof cli, 3, 3);
    cpu_step(c);
    assert_int_equal(c->eip, CODE + 1);
    assert_false(c->eflags & EFLAGS_IF);

    static const uint8_t hlt[] = { 0xF4 };
    c = pm_machine(CPU_386, hlt, sizeof hlt, 3, 3);
    cpu_step(c);
    assert_true(pm_at_handler(EXC_GP)); /* HLT needs CPL 0 whatever IOPL */
    c = pm_machine(CPU_386, hlt, sizeof hlt, 0, 0);
    cpu_step(c);
    assert_true(c->halted);

    static const uint8_t in[] = { 0xE4, 0x60, 0xEC };
    c = pm_machine(CPU_386, in, sizeof in, 3, 0);
    cpu_step(c);
    assert_true(pm_at_handler(EXC_GP)); /* no I/O bitmap: denied */
    c = pm_machine(CPU_386, in, sizeof in, 3, 3);
    cpu_step(c);
    assert_int_equal(c->gpr[REG_EAX] & 0xFF, 0xFF);
    assert_int_equal(c->eip, CODE + 2);

    static const uint8_t popf[] = { 0x9D, 0x9D };
    c = pm_machine(CPU_386, popf, sizeof popf, 3, 0);
    c->gpr[REG_ESP] = 0x7000;
    mem_write32(mem, 0x7000, 0x3000 | EFLAGS_R1 | EFLAGS_CF); /* IOPL 3, IF 0 */
    cpu_step(c);
    assert_int_equal(cpu_get_eflags(c), EFLAGS_R1 | EFLAGS_IF | EFLAGS_CF);
    c = pm_machine(CPU_386, popf, sizeof popf, 0, 0);
    c->gpr[REG_ESP] = 0x7000;
    mem_write32(mem, 0x7000, 0x3000 | EFLAGS_R1 | EFLAGS_VM | EFLAGS_RF);
    cpu_step(c);
    assert_int_equal(cpu_get_eflags(c), 0x3000 | EFLAGS_R1); /* VM, RF never set */
}

/* Virtual-8086 mode (SDM Vol. 3A 20.2.7, 20.4): with IOPL < 3, PUSHF, POPF,
 * CLI and STI are #GP(0); with CR4.VME, PUSHF/POPF/CLI/STI (16-bit) work on
 * VIF instead of IF. */
static void test_v86(void **state)
{
    (void)state;
    static const uint8_t code[] = { 0x9C, 0xFA, 0xFB, 0x9D }; /* pushf cli sti popf */
    struct cpu *c = pm_machine(CPU_PENTIUM, code, sizeof code, 0, 0);
    c->eflags |= EFLAGS_VM;
    c->cpl = 3;
    for (int s = 0; s < SEG_COUNT; s++) {
        cpu_load_seg_real(c, s, 0);
        c->seg[s].limit = 0xFFFF;
        c->seg[s].ar = 0xF3;
    }
    c->gpr[REG_ESP] = 0x8000;
    cpu_step(c);
    assert_true(pm_at_handler(EXC_GP)); /* PUSHF, IOPL 0, no VME */

    c = pm_machine(CPU_PENTIUM, code, sizeof code, 0, 0);
    c->eflags |= EFLAGS_VM;
    c->cpl = 3;
    c->cr[4] |= CR4_VME;
    for (int s = 0; s < SEG_COUNT; s++) {
        cpu_load_seg_real(c, s, 0);
        c->seg[s].limit = 0xFFFF;
        c->seg[s].ar = 0xF3;
    }
    c->gpr[REG_ESP] = 0x8000;
    c->eflags &= ~EFLAGS_VIF;
    cpu_step(c); /* pushf: IF image = VIF (0), IOPL image = 3 */
    assert_int_equal(mem_read16(mem, 0x7FFE) & (EFLAGS_IF | EFLAGS_IOPL), EFLAGS_IOPL);
    cpu_step(c); /* cli: VIF = 0, IF stays 1 */
    assert_true(c->eflags & EFLAGS_IF);
    cpu_step(c); /* sti: VIF = 1 */
    assert_true(c->eflags & EFLAGS_VIF);
    assert_true(c->eflags & EFLAGS_IF);
    mem_write16(mem, 0x7FFE, EFLAGS_R1); /* IF 0 in the image */
    cpu_step(c); /* popf: VIF = 0, IF unchanged */
    assert_false(c->eflags & EFLAGS_VIF);
    assert_true(c->eflags & EFLAGS_IF);
    assert_int_equal(c->gpr[REG_ESP], 0x8000);
}

/* Robustness: random bytes executed as code on every model (random IVT,
 * random registers; every fourth round in protected mode with random
 * descriptor tables, some with random CR4 and paging)
 * must never crash or leave the guest's memory; a triple fault resets.
 * Deterministic (fixed xorshift seed). */
static void test_random_code(void **state)
{
    (void)state;
    uint32_t x = 0x12345678;
    for (int model = CPU_8086; model <= CPU_MAX; model++) {
        for (int round = 0; round < 40; round++) {
            struct cpu *c = machine((enum cpu_model)model, NULL, 0, false);
            uint8_t *ram = mem_ram(mem);
            for (uint32_t k = 0; k < 0x20000; k++) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                ram[k] = (uint8_t)x;
            }
            for (int r = 0; r < 8; r++) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                c->gpr[r] = (round & 1) ? x : (x & 0xFFFF);
            }
            c->eip = CODE + (x & 0xFFF);
            if (model >= CPU_286 && (round & 3) == 3) {
                /* protected mode with random descriptor tables */
                c->cr[0] |= CR0_PE;
                c->gdtr.base = 0x10000;
                c->gdtr.limit = 0xFFFF;
                c->idtr.base = 0x18000;
                c->idtr.limit = 0x7FF;
                if (model >= CPU_386 && (round & 4)) c->cr[4] = x & 0xFF;
                if (model >= CPU_386 && (round & 8)) {
                    /* paging with a random page directory */
                    c->cr[3] = 0x4000;
                    c->cr[0] |= CR0_PG;
                    cpu_tlb_flush(c, true);
                }
            }
            uint64_t total = 0;
            for (int k = 0; k < 200; k++) {
                uint64_t before = c->icount;
                enum cpu_stop st = cpu_run(c, 100);
                total += c->icount - before;
                if (st == CPU_STOP_SHUTDOWN) {
                    cpu_reset(c);
                    for (int s = 0; s < SEG_COUNT; s++) cpu_load_seg_real(c, s, 0);
                    c->eip = CODE;
                } else if (st == CPU_STOP_HALT) {
                    c->halted = false;
                }
            }
            if (getenv("X86PC_TEST_VERBOSE"))
                printf("model %d round %d: %llu steps\n", model, round, (unsigned long long)total);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ea32),
        cmocka_unit_test(test_size_prefixes),
        cmocka_unit_test(test_lock),
        cmocka_unit_test(test_length),
        cmocka_unit_test(test_rep_yield),
        cmocka_unit_test(test_rep_compare),
        cmocka_unit_test(test_enter_leave),
        cmocka_unit_test(test_pusha_pop_esp),
        cmocka_unit_test(test_sti_shadow_hlt),
        cmocka_unit_test(test_single_step),
        cmocka_unit_test(test_breakpoints),
        cmocka_unit_test(test_f1),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_popf),
        cmocka_unit_test(test_control_32),
        cmocka_unit_test(test_misc_32),
        cmocka_unit_test(test_pm_iopl),
        cmocka_unit_test(test_v86),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_random_code),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);
    if (mem) mem_destroy(mem);
    return r;
}
