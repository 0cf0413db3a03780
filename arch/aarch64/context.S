/* SPDX-License-Identifier: BSD-2-Clause */
/* aarch64 fiber context switch (see include/arch/context.h). */
#include <arch/context.h>

/* void arch_context_switch(struct arch_context *from, struct arch_context *to)
 * Runs on SP_EL0 like all kernel code, so 'sp' below is the fiber stack. */
	.section .text.arch_context_switch, "ax"
	.globl	arch_context_switch
arch_context_switch:
	mov	x9, sp
	stp	x19, x20, [x0, #(A64_CTX_X19 + 0)]
	stp	x21, x22, [x0, #(A64_CTX_X19 + 16)]
	stp	x23, x24, [x0, #(A64_CTX_X19 + 32)]
	stp	x25, x26, [x0, #(A64_CTX_X19 + 48)]
	stp	x27, x28, [x0, #(A64_CTX_X19 + 64)]
	stp	x29, x30, [x0, #A64_CTX_FP]
	str	x9, [x0, #A64_CTX_SP]
	ldp	x19, x20, [x1, #(A64_CTX_X19 + 0)]
	ldp	x21, x22, [x1, #(A64_CTX_X19 + 16)]
	ldp	x23, x24, [x1, #(A64_CTX_X19 + 32)]
	ldp	x25, x26, [x1, #(A64_CTX_X19 + 48)]
	ldp	x27, x28, [x1, #(A64_CTX_X19 + 64)]
	ldp	x29, x30, [x1, #A64_CTX_FP]
	ldr	x9, [x1, #A64_CTX_SP]
	mov	sp, x9
	ret

/* First code of a new fiber, 'returned to' by its first switch:
 * arch_context_init left entry in x19 and its argument in x20. lr = 0 (and
 * fp = 0 from the context) end backtraces here; entry never returns, and
 * if it did, the branch to 0 would fault on the unmapped page 0. */
	.section .text.aarch64_fiber_start, "ax"
	.globl	aarch64_fiber_start
aarch64_fiber_start:
	mov	x0, x20
	mov	x30, xzr
	br	x19
