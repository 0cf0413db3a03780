/* SPDX-License-Identifier: BSD-2-Clause */
/* riscv64 fiber context switch (see include/arch/context.h). */
#include <arch/context.h>

#define CALLEE_S 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11

/* void arch_context_switch(struct arch_context *from, struct arch_context *to) */
	.section .text.arch_context_switch, "ax"
	.globl arch_context_switch
arch_context_switch:
	sd	ra, RV_CTX_RA(a0)
	sd	sp, RV_CTX_SP(a0)
	.irp n, CALLEE_S
	sd	s\n, (RV_CTX_S0 + \n * 8)(a0)
	.endr
	ld	ra, RV_CTX_RA(a1)
	ld	sp, RV_CTX_SP(a1)
	.irp n, CALLEE_S
	ld	s\n, (RV_CTX_S0 + \n * 8)(a1)
	.endr
	ret

/* First code of a new fiber, 'returned to' by its first switch:
 * arch_context_init left entry in s1 and its argument in s2. ra = 0 ends
 * backtraces here; entry never returns. */
	.section .text.riscv_fiber_start, "ax"
	.globl riscv_fiber_start
riscv_fiber_start:
	mv	a0, s2
	li	ra, 0
	jr	s1
