/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 trap frame, as arch/riscv64/trap.S lays it out on the stack. */
#ifndef ARCH_TRAP_FRAME_H
#define ARCH_TRAP_FRAME_H

#define RK_TRAP_FRAME_SIZE 288
/* Register xN is saved at (N - 1) * 8; then the trap CSRs. */
#define RV_TF_X(n) (((n) - 1) * 8)
#define RV_TF_SEPC 248
#define RV_TF_SSTATUS 256
#define RV_TF_SCAUSE 264
#define RV_TF_STVAL 272

#ifndef __ASSEMBLER__
#include <stdint.h>

/* x[0] holds x1 (ra) ... x[30] holds x31 (t6); x[1] is the sp at trap.
 * Interrupts save only the registers a C call may clobber (ra, t*, a*):
 * the callee-saved ones, gp, tp, sp and stval are filled in for
 * exceptions, whose handlers print them. */
struct rk_trap_frame {
	uint64_t x[31];
	uint64_t sepc, sstatus, scause, stval;
	uint64_t pad;
};

_Static_assert(sizeof(struct rk_trap_frame) == RK_TRAP_FRAME_SIZE, "trap.S layout");
_Static_assert(__builtin_offsetof(struct rk_trap_frame, sepc) == RV_TF_SEPC, "trap.S layout");
_Static_assert(__builtin_offsetof(struct rk_trap_frame, stval) == RV_TF_STVAL, "trap.S layout");
#endif

#endif
