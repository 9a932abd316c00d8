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

/* Exit status for a write of `value` (already truncated to the access
 * size): (value << 1) | 1, in 32-bit arithmetic. */
static inline uint32_t isa_exit_status(uint32_t value)
{
    return (value << 1) | 1u;
}

/* Register port 0xF4 (4 ports wide accesses allowed at 0xF4 only). */
int isa_exit_init(struct isa_exit *e, struct board *b);

#endif
