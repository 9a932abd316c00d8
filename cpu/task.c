/* task.c - task switches and the I/O permission bitmap (being written). */
#include "desc.h"

#include "access.h"

void cpu_task_switch(struct cpu *c, uint16_t sel, const struct descriptor *d,
                     int reason, bool has_err, uint32_t err)
{
    (void)d; (void)reason; (void)has_err; (void)err;
    cpu_gp(c, ERR_SEL(sel, 0)); /* temporary placeholder */
}

void cpu_io_check(struct cpu *c, uint16_t port, int size)
{
    (void)port; (void)size;
    if (cpu_pe(c) && (cpu_v86(c) || c->cpl > cpu_iopl(c))) cpu_gp(c, 0); /* temporary */
}
