/* riscv64 trap frame, as arch/riscv64/trap.S lays it out on the stack. */
#ifndef ARCH_TRAP_FRAME_H
#define ARCH_TRAP_FRAME_H

#define RK_TRAP_FRAME_SIZE 288

#ifndef __ASSEMBLER__
#include <stdint.h>

/* x[0] holds x1 (ra) ... x[30] holds x31 (t6); x[1] is the sp at trap. */
struct rk_trap_frame {
	uint64_t x[31];
	uint64_t sepc, sstatus, scause, stval;
	uint64_t pad;
};

_Static_assert(sizeof(struct rk_trap_frame) == RK_TRAP_FRAME_SIZE, "trap.S layout");
#endif

#endif
