/* SPDX-License-Identifier: BSD-2-Clause */
/* Fiber context switch and the first frame of a new fiber. See
 * include/arch/context.h for what a context holds and why. */

	.section .text.arch_context_switch, "ax"
	.code64

/* void arch_context_switch(struct arch_context *from, struct arch_context *to)
 * The order of the pops matches the frame arch_context_init() builds. */
	.globl arch_context_switch
	.type arch_context_switch, @function
arch_context_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size arch_context_switch, . - arch_context_switch

/* A new fiber's first switch "returns" here with entry in r13, its
 * argument in r12, rbp = 0 (the end of the frame-pointer chain) and rsp
 * 16-byte aligned, so the call below enters entry() as the ABI requires. */
	.globl x86_fiber_start
	.type x86_fiber_start, @function
x86_fiber_start:
	movq	%r12, %rdi
	call	*%r13
	ud2				/* entry() never returns */
	.size x86_fiber_start, . - x86_fiber_start

/* Not an executable-stack object (silences GNU ld). */
	.section .note.GNU-stack, "", @progbits
