/*
 * ops_p6.h - model-specific state of the Pentium / P6 instructions that is
 * not in the architectural core of struct cpu (SDM Vol. 4, MSR tables 2-51
 * "P6 family" and 2-52 "Pentium"): the performance-monitoring MSRs.
 */
#ifndef X86PC_OPS_P6_H
#define X86PC_OPS_P6_H

#include <stdint.h>

/*
 * P6 performance monitoring (SDM Vol. 3B, 19.6.8 / 20.6.8 "Performance
 * monitoring (P6 family)"): PerfEvtSel0/1 (MSR 0x186/0x187) and the 40-bit
 * PerfCtr0/1 (MSR 0xC1/0xC2, read by RDPMC with ECX = 0/1). The counters
 * hold what software writes (sign-extended into 40 bits as on the P6) but
 * never count: no event of the P6 event list is modelled. The same two
 * registers stand for the Pentium's CESR (0x11) and CTR0/CTR1 (0x12/0x13).
 */
struct p6_msrs {
    uint64_t perfctr[2];  /* 40-bit counter values */
    uint32_t evtsel[2];   /* event select / CESR (Pentium: evtsel[0]) */
};

#endif
