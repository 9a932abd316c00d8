/*
 * isa_exit.h - QEMU "isa-debug-exit" device on I/O port 0xF4.
 *
 * Writing value v to port 0xF4 ends the run with exit status (v << 1) | 1
 * (QEMU hw/misc/debugexit.c), so a guest can report success or failure to a
 * test harness: writing 0 gives status 1. The statuses are always odd, which
 * keeps them apart from the emulator's own (even) exit codes. The process
 * exit status is that value modulo 256, as the host OS keeps 8 bits.
 * Reading the port returns all ones (QEMU returns nothing useful either).
 */
#ifndef X86PC_ISA_EXIT_H
#define X86PC_ISA_EXIT_H

#include <stdint.h>

struct board;

#define ISA_EXIT_PORT 0xF4

/* isa-debug-exit state. */
struct isa_exit {
    struct board *board;
};

/* Exit status for a write of byte `value`: (value << 1) | 1, 1..511
 * (the process keeps the low 8 bits). */
static inline uint32_t isa_exit_status(uint32_t value)
{
    return (value << 1) | 1u;
}

/* Register port 0xF4 (one 8-bit port, write-only). */
int isa_exit_init(struct isa_exit *e, struct board *b);

#endif
