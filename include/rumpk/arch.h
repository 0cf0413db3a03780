/* Interface every arch/<a>/ implements (kernel-internal). */
#ifndef RUMPK_ARCH_H
#define RUMPK_ARCH_H

#include <stdint.h>
#include <rumpk/compiler.h>

struct rk_trap_frame;

/* Install trap/exception vectors. */
void arch_init(void);
/* Free-running cycle counter (rdcycle/rdtime, CNTVCT, TSC). */
uint64_t arch_cycles(void);
/* Stop this CPU for good with interrupts masked. */
rk_noreturn void arch_halt(void);
/* Print every register of a trap frame on the console. */
void arch_dump_frame(const struct rk_trap_frame *f);

#endif
